// The AWS Organizations API (awsJson1_1, `X-Amz-Target: AWSOrganizationsV20161128.<Action>`):
// DescribeOrganization from any member; ListAccounts, and the structure and policies an auditor
// reads to know which SCPs bind an account (ListRoots, ListParents, ListPoliciesForTarget,
// DescribePolicy), from the management account or a delegated administrator. A global service:
// it lives in us-east-1 whatever region the client signs for.
import { defaultRootId } from '../estate-aws.js';
import type { EstateOrganization, EstateOrganizationPolicy } from '../estate.js';
import type { InjectedError } from '../types.js';
import { AwsApiError } from './errors.js';
import { decodeJsonCall } from './json-call.js';
import { awsJsonError, flattenJson, jsonInteger, jsonString } from './json-protocol.js';
import { fingerprintOf, paginate, readMaxResults } from './pagination.js';
import { type AuthFailure, type AwsContext, type AwsService, type Caller } from './service.js';
import { epochSeconds } from './values.js';

const TARGET_PREFIX = 'AWSOrganizationsV20161128.';
/** The list actions answer at most this many items a page, whatever MaxResults asks for. */
const MAX_ACCOUNTS_PER_PAGE = 20;
const POLICY_TYPES = ['SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY', 'TAG_POLICY', 'BACKUP_POLICY', 'AISERVICES_OPT_OUT_POLICY'];

/** The AWS managed SCP every root, unit and account has unless the estate detaches it. */
const FULL_AWS_ACCESS = {
  id: 'p-FullAWSAccess',
  arn: 'arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess',
  name: 'FullAWSAccess',
  description: 'Allows access to every operation',
  content: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
};

type OrganizationsHandler = (context: AwsContext, body: Readonly<Record<string, unknown>>, action: string) => unknown;

function invalidInput(reason: string, message: string): AwsApiError {
  return new AwsApiError('InvalidInputException', message, 400, { Reason: reason });
}

/** The caller's organization; an account outside it is told Organizations is not in use. */
function organizationOf(context: AwsContext): EstateOrganization {
  const organization = context.estate.organization;
  if (organization === undefined || !organization.members.some((m) => m.id === context.caller.account.id)) {
    throw new AwsApiError('AWSOrganizationsNotInUseException', 'Your account is not a member of an organization.');
  }
  return organization;
}

function organizationArn(organization: EstateOrganization): string {
  return `arn:aws:organizations::${organization.managementAccountId}:organization/${organization.id}`;
}

function accountArn(organization: EstateOrganization, accountId: string): string {
  return `arn:aws:organizations::${organization.managementAccountId}:account/${organization.id}/${accountId}`;
}

const describeOrganization: OrganizationsHandler = (context) => {
  const organization = organizationOf(context);
  const management = organization.members.find((m) => m.id === organization.managementAccountId);
  return {
    Organization: {
      Id: organization.id,
      Arn: organizationArn(organization),
      FeatureSet: 'ALL',
      MasterAccountArn: accountArn(organization, organization.managementAccountId),
      MasterAccountId: organization.managementAccountId,
      MasterAccountEmail: management?.email ?? 'aws@example.com',
      AvailablePolicyTypes: [],
    },
  };
};

/** The organization, to its management account or a delegated administrator only. */
function administeredOrganization(context: AwsContext): EstateOrganization {
  const organization = organizationOf(context);
  const caller = context.caller.account.id;
  if (caller !== organization.managementAccountId && !organization.delegatedAdministrators.includes(caller)) {
    throw new AwsApiError('AccessDeniedException', "You don't have permissions to access this resource.");
  }
  return organization;
}

/** One page of `items` by MaxResults (1–20) and NextToken, as every Organizations list pages. */
function pageOf<T>(context: AwsContext, body: Readonly<Record<string, unknown>>, action: string, items: readonly T[]) {
  const raw = jsonInteger(body, 'MaxResults');
  const maxResults = readMaxResults(raw, 1, MAX_ACCOUNTS_PER_PAGE, (value) =>
    Number(value) < 1
      ? invalidInput('MIN_VALUE_EXCEEDED', 'You provided a value that is smaller than the minimum length.')
      : invalidInput('MAX_VALUE_EXCEEDED', 'You provided a value that is larger than the maximum length.'),
  );
  return paginate(items, {
    maxResults: maxResults ?? MAX_ACCOUNTS_PER_PAGE,
    nextToken: jsonString(body, 'NextToken'),
    pageCap: context.pageCap,
    fingerprint: fingerprintOf(`organizations|${action}|${context.caller.account.id}`, flattenJson(body)),
    invalidToken: () => invalidInput('INVALID_NEXT_TOKEN', 'You specified an invalid value for the nextToken request parameter.'),
  });
}

const listAccounts: OrganizationsHandler = (context, body, action) => {
  const organization = administeredOrganization(context);
  const page = pageOf(context, body, action, organization.members);
  return {
    Accounts: page.items.map((member) => ({
      Id: member.id,
      Arn: accountArn(organization, member.id),
      Email: member.email,
      Name: member.name,
      Status: member.status,
      State: member.status,
      JoinedMethod: member.id === organization.managementAccountId ? 'CREATED' : 'INVITED',
      JoinedTimestamp: epochSeconds(member.joinedTimestamp),
    })),
    NextToken: page.nextToken,
  };
};

function rootIdOf(organization: EstateOrganization): string {
  return organization.rootId ?? defaultRootId(organization.id);
}

function policyArn(organization: EstateOrganization, policy: EstateOrganizationPolicy): string {
  return `arn:aws:organizations::${organization.managementAccountId}:policy/${organization.id}/${policy.type.toLowerCase()}/${policy.id}`;
}

function requiredString(body: Readonly<Record<string, unknown>>, name: string, field: string): string {
  const value = jsonString(body, name);
  if (value === undefined || value === '') throw invalidInput('INVALID_INPUT', `You must specify a value for ${field}.`);
  return value;
}

const listRoots: OrganizationsHandler = (context, body, action) => {
  const organization = administeredOrganization(context);
  const rootId = rootIdOf(organization);
  const enabled = ['SERVICE_CONTROL_POLICY', ...POLICY_TYPES.filter((t) => t !== 'SERVICE_CONTROL_POLICY' && organization.policies.some((p) => p.type === t))];
  const page = pageOf(context, body, action, [rootId]);
  return {
    Roots: page.items.map((id) => ({
      Id: id,
      Arn: `arn:aws:organizations::${organization.managementAccountId}:root/${organization.id}/${id}`,
      Name: 'Root',
      PolicyTypes: enabled.map((type) => ({ Type: type, Status: 'ENABLED' })),
    })),
    NextToken: page.nextToken,
  };
};

/** The parent of an account or unit: the unit holding it, else the root. */
const listParents: OrganizationsHandler = (context, body, action) => {
  const organization = administeredOrganization(context);
  const childId = requiredString(body, 'ChildId', 'ChildId');
  const rootId = rootIdOf(organization);
  const notFound = new AwsApiError('ChildNotFoundException', "We can't find an organizational unit (OU) or AWS account with the ChildId that you specified.");
  let parent: string;
  if (organization.members.some((m) => m.id === childId)) {
    parent = organization.organizationalUnits.find((u) => u.accounts.includes(childId))?.id ?? rootId;
  } else {
    const unit = organization.organizationalUnits.find((u) => u.id === childId);
    if (unit === undefined) throw notFound;
    parent = unit.parentId ?? rootId;
  }
  const page = pageOf(context, body, action, [parent]);
  return { Parents: page.items.map((id) => ({ Id: id, Type: id === rootId ? 'ROOT' : 'ORGANIZATIONAL_UNIT' })), NextToken: page.nextToken };
};

const listPoliciesForTarget: OrganizationsHandler = (context, body, action) => {
  const organization = administeredOrganization(context);
  const targetId = requiredString(body, 'TargetId', 'TargetId');
  const filter = requiredString(body, 'Filter', 'Filter');
  if (!POLICY_TYPES.includes(filter)) throw invalidInput('INVALID_ENUM_POLICY_TYPE', 'You specified an invalid policy type string.');
  const exists = targetId === rootIdOf(organization) || organization.organizationalUnits.some((u) => u.id === targetId) || organization.members.some((m) => m.id === targetId);
  if (!exists) throw new AwsApiError('TargetNotFoundException', "We can't find a root, OU, account, or policy with the TargetId that you specified.");
  const summaries: Record<string, unknown>[] = [];
  if (filter === 'SERVICE_CONTROL_POLICY' && !organization.fullAwsAccessDetachedFrom.includes(targetId)) {
    summaries.push({ Id: FULL_AWS_ACCESS.id, Arn: FULL_AWS_ACCESS.arn, Name: FULL_AWS_ACCESS.name, Description: FULL_AWS_ACCESS.description, Type: 'SERVICE_CONTROL_POLICY', AwsManaged: true });
  }
  for (const policy of organization.policies) {
    if (policy.type !== filter || !policy.targets.includes(targetId)) continue;
    summaries.push({ Id: policy.id, Arn: policyArn(organization, policy), Name: policy.name, Description: policy.description, Type: policy.type, AwsManaged: false });
  }
  const page = pageOf(context, body, action, summaries);
  return { Policies: page.items, NextToken: page.nextToken };
};

const describePolicy: OrganizationsHandler = (context, body) => {
  const organization = administeredOrganization(context);
  const policyId = requiredString(body, 'PolicyId', 'PolicyId');
  if (policyId === FULL_AWS_ACCESS.id) {
    return {
      Policy: {
        PolicySummary: { Id: FULL_AWS_ACCESS.id, Arn: FULL_AWS_ACCESS.arn, Name: FULL_AWS_ACCESS.name, Description: FULL_AWS_ACCESS.description, Type: 'SERVICE_CONTROL_POLICY', AwsManaged: true },
        Content: JSON.stringify(FULL_AWS_ACCESS.content, null, 2),
      },
    };
  }
  const policy = organization.policies.find((p) => p.id === policyId);
  if (policy === undefined) throw new AwsApiError('PolicyNotFoundException', "We can't find a policy with the PolicyId that you specified.");
  return {
    Policy: {
      PolicySummary: { Id: policy.id, Arn: policyArn(organization, policy), Name: policy.name, Description: policy.description, Type: policy.type, AwsManaged: false },
      Content: JSON.stringify(policy.content, null, 2),
    },
  };
};

const HANDLERS: Readonly<Record<string, OrganizationsHandler>> = {
  DescribeOrganization: describeOrganization,
  ListAccounts: listAccounts,
  ListRoots: listRoots,
  ListParents: listParents,
  ListPoliciesForTarget: listPoliciesForTarget,
  DescribePolicy: describePolicy,
};

function organizationsInjectedError(error: InjectedError, action: string, caller: Caller): AwsApiError {
  switch (error) {
    case 'throttle':
      return new AwsApiError(
        'TooManyRequestsException',
        'You have sent too many requests in too short a period of time. The quota helps protect against denial-of-service attacks. Try again later.',
      );
    case 'server-error':
      return new AwsApiError('ServiceException', "AWS Organizations can't complete your request because of an internal service error. Try again later.", 500);
    case 'unavailable':
      return new AwsApiError('ServiceException', "AWS Organizations can't complete your request because the service is temporarily unavailable. Try again later.", 503);
    case 'access-denied':
      return new AwsApiError(
        'AccessDeniedException',
        `User: ${caller.arn} is not authorized to perform: organizations:${action} because no identity-based policy allows the organizations:${action} action`,
      );
  }
}

function organizationsAuthError(failure: AuthFailure): AwsApiError {
  switch (failure) {
    case 'missing':
      return new AwsApiError('MissingAuthenticationTokenException', 'Missing Authentication Token');
    case 'expired':
      return new AwsApiError('ExpiredTokenException', 'The security token included in the request is expired');
    case 'invalid':
    case 'region-disabled':
      return new AwsApiError('UnrecognizedClientException', 'The security token included in the request is invalid.');
  }
}

export const organizationsService: AwsService = {
  id: 'organizations',
  actions: Object.keys(HANDLERS),
  homeRegion: 'us-east-1',
  regional: false,
  decode(request) {
    const target = request.headers['x-amz-target'] ?? '';
    return decodeJsonCall(request, target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : target, HANDLERS);
  },

  error: awsJsonError,
  injectedError: organizationsInjectedError,
  authError: organizationsAuthError,
};
