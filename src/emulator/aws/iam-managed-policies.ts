// The AWS managed policies an estate may attach by ARN (`arn:aws:iam::aws:policy/NAME`). Their
// documents are written here from what each policy is documented to grant, shortened where AWS's
// own lists run to hundreds of read actions, but with the same shape: AdministratorAccess is
// `*` on `*`, PowerUserAccess everything but IAM, Organizations and Account management (with
// their documented exceptions), AmazonEC2FullAccess `ec2:*` and its companions, ReadOnlyAccess
// only Describe/Get/List. PowerUserAccess's version and dates are those AWS publishes; the others'
// are plausible rather than authoritative. Earlier versions are not served.

export interface AwsManagedPolicy {
  readonly name: string;
  readonly path: string;
  readonly description: string;
  readonly createDate: string;
  readonly updateDate: string;
  /** The default version's id, e.g. `v12`. */
  readonly versionId: string;
  readonly document: Readonly<Record<string, unknown>>;
}

export const AWS_MANAGED_POLICY_PREFIX = 'arn:aws:iam::aws:policy';

const ADMINISTRATOR_ACCESS: AwsManagedPolicy = {
  name: 'AdministratorAccess',
  path: '/',
  description: 'Provides full access to AWS services and resources.',
  createDate: '2015-02-06T18:39:46.000Z',
  updateDate: '2015-02-06T18:39:46.000Z',
  versionId: 'v1',
  document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
};

const POWER_USER_ACCESS: AwsManagedPolicy = {
  name: 'PowerUserAccess',
  path: '/',
  description: 'Provides full access to AWS services and resources, but does not allow management of Users and groups.',
  createDate: '2015-02-06T18:39:47.000Z',
  updateDate: '2026-02-12T17:59:00.000Z',
  versionId: 'v12',
  document: {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', NotAction: ['iam:*', 'organizations:*', 'account:*'], Resource: '*' },
      {
        Effect: 'Allow',
        Action: [
          'account:GetAccountInformation',
          'account:GetPrimaryEmail',
          'account:ListRegions',
          'iam:CreateServiceLinkedRole',
          'iam:DeleteServiceLinkedRole',
          'iam:ListRoles',
          'organizations:DescribeEffectivePolicy',
          'organizations:DescribeOrganization',
        ],
        Resource: '*',
      },
    ],
  },
};

const AMAZON_EC2_FULL_ACCESS: AwsManagedPolicy = {
  name: 'AmazonEC2FullAccess',
  path: '/',
  description: 'Provides full access to Amazon EC2 via the AWS Management Console.',
  createDate: '2015-02-06T18:40:15.000Z',
  updateDate: '2018-11-27T02:16:56.000Z',
  versionId: 'v5',
  document: {
    Version: '2012-10-17',
    Statement: [
      { Action: 'ec2:*', Effect: 'Allow', Resource: '*' },
      { Effect: 'Allow', Action: 'elasticloadbalancing:*', Resource: '*' },
      { Effect: 'Allow', Action: 'cloudwatch:*', Resource: '*' },
      { Effect: 'Allow', Action: 'autoscaling:*', Resource: '*' },
      {
        Effect: 'Allow',
        Action: 'iam:CreateServiceLinkedRole',
        Resource: '*',
        Condition: {
          StringEquals: {
            'iam:AWSServiceName': [
              'autoscaling.amazonaws.com',
              'ec2scheduled.amazonaws.com',
              'elasticloadbalancing.amazonaws.com',
              'spot.amazonaws.com',
              'spotfleet.amazonaws.com',
              'transitgateway.amazonaws.com',
            ],
          },
        },
      },
    ],
  },
};

const READ_ONLY_ACCESS: AwsManagedPolicy = {
  name: 'ReadOnlyAccess',
  path: '/',
  description: 'Provides read-only access to AWS services and resources.',
  createDate: '2015-02-06T18:39:48.000Z',
  updateDate: '2026-06-01T00:00:00.000Z',
  versionId: 'v120',
  document: {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'ReadOnlyActions',
        Effect: 'Allow',
        Action: [
          'backup:Describe*',
          'backup:Get*',
          'backup:List*',
          'cloudtrail:Describe*',
          'cloudtrail:Get*',
          'cloudtrail:List*',
          'cloudtrail:LookupEvents',
          'cloudwatch:Describe*',
          'cloudwatch:Get*',
          'cloudwatch:List*',
          'ec2:Describe*',
          'ec2:Get*',
          'elasticloadbalancing:Describe*',
          'iam:Generate*',
          'iam:Get*',
          'iam:List*',
          'iam:Simulate*',
          'kms:Describe*',
          'kms:Get*',
          'kms:List*',
          'logs:Describe*',
          'logs:Get*',
          'logs:List*',
          'organizations:Describe*',
          'organizations:List*',
          'rds:Describe*',
          'rds:List*',
          's3:Get*',
          's3:List*',
          'sts:GetCallerIdentity',
        ],
        Resource: '*',
      },
    ],
  },
};

/** By name; the ARN is `arn:aws:iam::aws:policy` + path + name. */
export const AWS_MANAGED_POLICIES: ReadonlyMap<string, AwsManagedPolicy> = new Map(
  [ADMINISTRATOR_ACCESS, POWER_USER_ACCESS, AMAZON_EC2_FULL_ACCESS, READ_ONLY_ACCESS].map((p) => [p.name, p]),
);

export function awsManagedPolicyArn(policy: AwsManagedPolicy): string {
  return `${AWS_MANAGED_POLICY_PREFIX}${policy.path}${policy.name}`;
}

/** The catalog entry an ARN names, if any. */
export function awsManagedPolicyByArn(arn: string): AwsManagedPolicy | undefined {
  for (const policy of AWS_MANAGED_POLICIES.values()) if (awsManagedPolicyArn(policy) === arn) return policy;
  return undefined;
}
