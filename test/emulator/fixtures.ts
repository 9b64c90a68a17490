// A small estate for the emulator tests, and SDK clients pointed at a running emulator.
import { BackupClient } from '@aws-sdk/client-backup';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { EC2Client } from '@aws-sdk/client-ec2';
import { IAMClient } from '@aws-sdk/client-iam';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { RDSClient } from '@aws-sdk/client-rds';
import { STSClient } from '@aws-sdk/client-sts';
import type { EstateInput } from '../../src/emulator/estate.js';
import type { RunningEmulator } from '../../src/emulator/index.js';

export const ACCOUNT_A = '111111111111';
export const ACCOUNT_B = '222222222222';
export const STRANGER = '333333333333';
export const AMAZON = '137112412989';
export const KEY_A = 'AKIAAAAAAAAAAAAAAAAA';
export const KEY_B = 'AKIABBBBBBBBBBBBBBBB';
export const UNKNOWN_KEY = 'AKIAZZZZZZZZZZZZZZZZ';
export const HOME = 'eu-west-1';
/** A region of account A holding many resources, for pagination. */
export const BULK = 'us-east-1';

export const ESC = '\u001b';
/** Hostile on purpose: markup, entities, quotes, an escape sequence, CR, an astral character. */
export const HOSTILE = `<script>alert("x")</script> & 'quoted' ${ESC}[31mred${ESC}[0m\r\n😀`;

const hex = (n: number): string => n.toString(16).padStart(8, '0');

export const BULK_COUNTS = { snapshots: 23, images: 8, volumes: 11, instances: 12, securityGroups: 7, networkAcls: 6 };

export function testEstate(): EstateInput {
  return {
    description: 'emulator test estate',
    aws: {
      accounts: [
        {
          id: ACCOUNT_A,
          alias: 'alpha',
          accessKeyIds: [KEY_A],
          disabledRegions: ['af-south-1'],
          regions: {
            [HOME]: {
              snapshotBlockPublicAccess: 'block-new-sharing',
              imageBlockPublicAccess: 'block-new-sharing',
              ebsEncryptionByDefault: true,
              snapshots: [
                { id: 'snap-0a01', volumeId: 'vol-0a01', volumeSize: 30, createVolumePermissions: [{ group: 'all' }], tags: { Name: 'public-root' } },
                { id: 'snap-0a02', createVolumePermissions: [{ userId: ACCOUNT_B }], description: 'shared with B' },
                {
                  id: 'snap-0a03',
                  encrypted: true,
                  kmsKeyId: 'arn:aws:kms:eu-west-1:111111111111:key/1234',
                  state: 'error',
                  storageTier: 'archive',
                  description: HOSTILE,
                  tags: { [HOSTILE]: HOSTILE, plain: 'value' },
                },
              ],
              images: [
                {
                  id: 'ami-0a01',
                  name: 'golden',
                  launchPermissions: [{ group: 'all' }],
                  blockDeviceMappings: [{ deviceName: '/dev/xvda', snapshotId: 'snap-0a01' }],
                  tags: { team: 'platform' },
                },
                {
                  id: 'ami-0a02',
                  name: 'shared',
                  launchPermissions: [
                    { userId: ACCOUNT_B },
                    { organizationArn: 'arn:aws:organizations::111111111111:organization/o-abc' },
                    { organizationalUnitArn: 'arn:aws:organizations::111111111111:ou/o-abc/ou-1' },
                  ],
                },
                { id: 'ami-0a03', name: 'disabled', state: 'disabled' },
              ],
              volumes: [
                { id: 'vol-0a01', snapshotId: 'snap-0a01', size: 30, encrypted: true, kmsKeyId: 'key-1', attachments: [{ instanceId: 'i-0a01', device: '/dev/xvda' }] },
                { id: 'vol-0a02', state: 'available', availabilityZone: 'eu-west-1b' },
              ],
              instances: [
                {
                  id: 'i-0a01',
                  imageId: 'ami-0a01',
                  instanceType: 'm5.large',
                  tags: { Name: 'web' },
                  blockDevices: [{ deviceName: '/dev/xvda', volumeId: 'vol-0a01' }],
                  networkInterfaces: [
                    { id: 'eni-0a01', subnetId: 'subnet-0a01', privateIp: '10.0.1.5', publicIp: '203.0.113.10', ipv6Addresses: ['2001:db8::5'], securityGroupIds: ['sg-0a01'] },
                    { id: 'eni-0a02', subnetId: 'subnet-0a02', privateIp: '10.0.2.5', securityGroupIds: ['sg-0a02', 'sg-0a01'] },
                  ],
                },
                { id: 'i-0a02', imageId: 'ami-0a02', state: 'stopped', networkInterfaces: [{ id: 'eni-0a03', subnetId: 'subnet-0a01' }] },
              ],
              securityGroups: [
                {
                  id: 'sg-0a01',
                  name: 'web',
                  description: 'web tier',
                  vpcId: 'vpc-0a01',
                  tags: { tier: 'web' },
                  ingress: [
                    { protocol: 'tcp', fromPort: 443, toPort: 443, cidrs: ['0.0.0.0/0'], ipv6Cidrs: ['::/0'], description: 'https' },
                    { protocol: 'tcp', fromPort: 22, toPort: 22, groupIds: ['sg-0a02'], prefixListIds: ['pl-0a01'] },
                  ],
                },
                { id: 'sg-0a02', name: 'db', vpcId: 'vpc-0a02' },
              ],
              networkAcls: [
                {
                  id: 'acl-0a01',
                  vpcId: 'vpc-0a01',
                  isDefault: true,
                  subnetIds: ['subnet-0a01', 'subnet-0a02'],
                  entries: [
                    { ruleNumber: 100, protocol: '6', action: 'allow', cidr: '0.0.0.0/0', fromPort: 22, toPort: 22 },
                    { ruleNumber: 110, protocol: '-1', action: 'deny', ipv6Cidr: '::/0' },
                    { ruleNumber: 100, egress: true, protocol: '-1', action: 'allow', cidr: '0.0.0.0/0' },
                  ],
                },
                { id: 'acl-0a02', vpcId: 'vpc-0a02', subnetIds: ['subnet-0b01'] },
              ],
            },
            [BULK]: {
              snapshots: Array.from({ length: BULK_COUNTS.snapshots }, (_, i) => ({
                id: `snap-${hex(0x1000 + i)}`,
                createVolumePermissions: i % 5 === 0 ? [{ group: 'all' as const }] : [],
              })),
              images: Array.from({ length: BULK_COUNTS.images }, (_, i) => ({ id: `ami-${hex(0x1000 + i)}`, name: `bulk-${i}` })),
              volumes: Array.from({ length: BULK_COUNTS.volumes }, (_, i) => ({ id: `vol-${hex(0x1000 + i)}` })),
              instances: Array.from({ length: BULK_COUNTS.instances }, (_, i) => ({ id: `i-${hex(0x1000 + i)}`, imageId: 'ami-00001000' })),
              securityGroups: Array.from({ length: BULK_COUNTS.securityGroups }, (_, i) => ({ id: `sg-${hex(0x1000 + i)}`, name: `bulk-${i}` })),
              networkAcls: Array.from({ length: BULK_COUNTS.networkAcls }, (_, i) => ({ id: `acl-${hex(0x1000 + i)}` })),
            },
          },
        },
        {
          id: ACCOUNT_B,
          accessKeyIds: [KEY_B],
          callerArn: `arn:aws:sts::${ACCOUNT_B}:assumed-role/SnapauditAudit/session-1`,
          regions: {
            [HOME]: {
              snapshots: [
                { id: 'snap-0b01', createVolumePermissions: [{ group: 'all' }] },
                { id: 'snap-0b02', createVolumePermissions: [{ userId: ACCOUNT_A }] },
                { id: 'snap-0b03' },
              ],
              images: [
                { id: 'ami-0b01', name: 'b-shared-with-a', launchPermissions: [{ userId: ACCOUNT_A }] },
                { id: 'ami-0b02', name: 'b-private' },
              ],
            },
          },
        },
      ],
      foreignImages: [
        { id: 'ami-0f01', name: 'al2023', ownerId: AMAZON, ownerAlias: 'amazon', region: HOME, launchPermissions: [{ group: 'all' }] },
        { id: 'ami-0f02', name: 'vendor-shared', ownerId: STRANGER, region: HOME, launchPermissions: [{ userId: ACCOUNT_A }] },
        { id: 'ami-0f03', name: 'vendor-private', ownerId: STRANGER, region: HOME },
        { id: 'ami-0f04', name: 'elsewhere', ownerId: AMAZON, ownerAlias: 'amazon', region: 'eu-central-1', launchPermissions: [{ group: 'all' }] },
      ],
    },
  };
}

/** Credentials as AssumeRole returns them. */
export interface TemporaryCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
}

export interface ClientOptions {
  readonly accessKeyId?: string;
  /** Overrides accessKeyId. */
  readonly credentials?: TemporaryCredentials;
  readonly region?: string;
  readonly maxAttempts?: number;
  readonly requestTimeout?: number;
}

function config(emu: RunningEmulator, options: ClientOptions) {
  return {
    endpoint: emu.url,
    region: options.region ?? HOME,
    credentials: options.credentials ?? { accessKeyId: options.accessKeyId ?? KEY_A, secretAccessKey: 'test-secret-not-a-real-one' },
    maxAttempts: options.maxAttempts ?? 1,
    // Without throwOnRequestTimeout this SDK version only logs a warning when the timeout passes.
    ...(options.requestTimeout === undefined ? {} : { requestHandler: { requestTimeout: options.requestTimeout, throwOnRequestTimeout: true } }),
  };
}

export function ec2Client(emu: RunningEmulator, options: ClientOptions = {}): EC2Client {
  return new EC2Client(config(emu, options));
}

export function stsClient(emu: RunningEmulator, options: ClientOptions = {}): STSClient {
  return new STSClient(config(emu, options));
}

export function rdsClient(emu: RunningEmulator, options: ClientOptions = {}): RDSClient {
  return new RDSClient(config(emu, options));
}

export function backupClient(emu: RunningEmulator, options: ClientOptions = {}): BackupClient {
  return new BackupClient(config(emu, options));
}

export function organizationsClient(emu: RunningEmulator, options: ClientOptions = {}): OrganizationsClient {
  return new OrganizationsClient(config(emu, options));
}

export function iamClient(emu: RunningEmulator, options: ClientOptions = {}): IAMClient {
  return new IAMClient(config(emu, options));
}

export function cloudTrailClient(emu: RunningEmulator, options: ClientOptions = {}): CloudTrailClient {
  return new CloudTrailClient(config(emu, options));
}

/** The rejection of a promise, to assert on its name and metadata. */
export async function rejectionOf<E extends Error = Error & { $metadata?: { httpStatusCode?: number; attempts?: number }; $fault?: string }>(promise: Promise<unknown>): Promise<E> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return error as E;
    throw new Error(`rejected with a non-Error: ${String(error)}`);
  }
  throw new Error('expected the promise to reject');
}

// ---------------------------------------------------------------------------------------------
// Identities, trails and the organization's structure, for the IAM, CloudTrail and SCP tests.

/** A member reachable only through the `Audit` role from account A. */
export const ACCOUNT_C = '444444444444';
export const ORG = 'o-testorg0001';
export const ROOT_ID = 'r-test';
export const OU_PROD = 'ou-test-prod0001';
export const OU_NESTED = 'ou-test-nest0001';
export const SCP_DENY_SHARING = 'p-denysharing01';
export const SCP_DENY_LEAVE = 'p-denyleave0001';
/** Account A's bulk of ordinary users, for paging. */
export const IAM_BULK_USERS = 30;

/** The same day every time, so that the tests can name times exactly. */
export const T0 = '2026-06-01T12:00:00.000Z';
const days = (n: number): string => new Date(Date.parse(T0) - n * 86_400_000).toISOString();

export const SNAPSHOT_COPY_POLICY = {
  Version: '2012-10-17',
  Statement: [{ Sid: 'CopyAndShare', Effect: 'Allow', Action: ['ec2:ModifySnapshotAttribute', 'ec2:CopySnapshot'], Resource: '*' }],
};
/** Hostile text in a policy, with characters URL encoding must carry: `%`, `+`, `&`, `#`, `'`. */
export const HOSTILE_POLICY = {
  Version: '2012-10-17',
  Statement: [{ Sid: HOSTILE, Effect: 'Deny', Action: 's3:*', Resource: "arn:aws:s3:::odd-100%+&#'()*!/*" }],
};
export const OPS_POLICY_V1 = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ec2:*', Resource: '*' }] };
export const OPS_POLICY = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Action: ['ec2:CreateSnapshot', 'ec2:CopySnapshot', 'ec2:ModifySnapshotAttribute'],
      Resource: '*',
      Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
    },
  ],
};
export const TRUST_B = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT_B}:role/Deployer` }, Action: 'sts:AssumeRole' }],
};
export const DENY_SHARING_SCP = {
  Version: '2012-10-17',
  Statement: [{ Sid: 'DenySnapshotSharing', Effect: 'Deny', Action: 'ec2:ModifySnapshotAttribute', Resource: '*' }],
};

export function identityEstate(): EstateInput {
  return {
    description: 'emulator identity test estate',
    aws: {
      accounts: [
        {
          id: ACCOUNT_A,
          accessKeyIds: [KEY_A],
          roles: [{ name: 'Auditor', trustedAccounts: [ACCOUNT_B, STRANGER], externalId: 'ext-1' }],
          iam: {
            root: { mfa: true, accessKeys: [{ created: days(900), lastUsed: { date: days(400), region: 'us-east-1', service: 's3' } }], passwordLastUsed: days(3), created: '2020-02-03T04:05:06.000Z' },
            passwordPolicy: { minimumLength: 14, requireSymbols: true, requireNumbers: true, requireUppercase: true, requireLowercase: true, allowUsersToChangePassword: true, maxAgeDays: 90, reusePrevention: 24 },
            users: [
              {
                name: 'alice',
                created: days(500),
                groups: ['admins'],
                tags: { team: 'platform' },
                password: { lastUsed: days(1), lastChanged: days(30) },
                mfa: true,
                accessKeys: [{ created: days(60), lastUsed: { date: days(2), region: 'eu-west-1', service: 'ec2' } }],
              },
              {
                name: HOSTILE,
                path: '/odd/',
                created: days(10),
                tags: { [HOSTILE]: HOSTILE },
                inlinePolicies: [{ name: 'hostile', document: HOSTILE_POLICY }],
                password: {},
                accessKeys: [{ created: days(5) }, { active: false, created: days(4) }],
              },
              {
                name: 'dormant-bot',
                created: days(700),
                inlinePolicies: [{ name: 'snapshot-copy', document: SNAPSHOT_COPY_POLICY }],
                permissionsBoundary: `arn:aws:iam::${ACCOUNT_A}:policy/boundary`,
                accessKeys: [{ created: days(700), lastUsed: { date: days(150), region: 'us-east-1', service: 'ec2' } }],
              },
              ...Array.from({ length: IAM_BULK_USERS }, (_, i) => ({ name: `user-${String(i).padStart(2, '0')}`, managedPolicies: ['arn:aws:iam::aws:policy/ReadOnlyAccess'] })),
            ],
            groups: [
              {
                name: 'admins',
                managedPolicies: ['arn:aws:iam::aws:policy/AdministratorAccess'],
                inlinePolicies: [{ name: 'deny-leave', document: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'organizations:LeaveOrganization', Resource: '*' }] } }],
              },
              { name: 'operators', path: '/ops/', managedPolicies: [`arn:aws:iam::${ACCOUNT_A}:policy/team/snapshot-ops`] },
            ],
            roles: [
              {
                name: 'CrossAccountAdmin',
                description: 'break glass for the deployer account',
                trustPolicy: TRUST_B,
                managedPolicies: ['arn:aws:iam::aws:policy/AdministratorAccess'],
                tags: { owner: 'security' },
                lastUsed: { date: days(6), region: 'us-east-1' },
              },
              {
                name: 'SnapshotOps',
                path: '/service/',
                trustPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT_A}:root` }, Action: 'sts:AssumeRole', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }] },
                managedPolicies: [`arn:aws:iam::${ACCOUNT_A}:policy/team/snapshot-ops`, 'arn:aws:iam::aws:policy/PowerUserAccess'],
                inlinePolicies: [{ name: 'copy', document: SNAPSHOT_COPY_POLICY }],
                permissionsBoundary: 'arn:aws:iam::aws:policy/PowerUserAccess',
                maxSessionDuration: 7200,
              },
            ],
            policies: [
              { name: 'snapshot-ops', path: '/team/', description: 'snapshot operations, MFA only', created: days(300), updated: days(20), document: OPS_POLICY, previousVersions: [OPS_POLICY_V1] },
              { name: 'boundary', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ec2:*', Resource: '*' }] } },
            ],
          },
          trails: [
            {
              name: 'org-trail',
              homeRegion: 'us-east-1',
              multiRegion: true,
              organizationTrail: true,
              s3BucketName: 'org-trail-bucket',
              logFileValidation: true,
              kmsKeyId: `arn:aws:kms:us-east-1:${ACCOUNT_A}:key/trail`,
              startLoggingTime: days(200),
              latestDeliveryTime: '2026-05-31T23:55:00.000Z',
              advancedEventSelectors: [
                { name: 'Management writes', fieldSelectors: [{ field: 'eventCategory', equals: ['Management'] }, { field: 'readOnly', equals: ['false'] }] },
                { name: 'EBS direct APIs', fieldSelectors: [{ field: 'eventCategory', equals: ['Data'] }, { field: 'resources.type', equals: ['AWS::EC2::Snapshot'] }] },
              ],
            },
            {
              name: 'eu-only',
              homeRegion: HOME,
              s3KeyPrefix: 'eu',
              eventSelectors: [{ readWriteType: 'WriteOnly', includeManagementEvents: true, dataResources: [{ type: 'AWS::S3::Object', values: ['arn:aws:s3:::bucket/'] }] }],
            },
            { name: 'stopped-global', homeRegion: HOME, multiRegion: true, logging: false, startLoggingTime: days(100), stopLoggingTime: days(40), latestDeliveryError: 'AccessDenied' },
          ],
          regions: { [HOME]: {}, [BULK]: {} },
        },
        { id: ACCOUNT_B, accessKeyIds: [KEY_B], regions: { [HOME]: {} } },
        {
          id: ACCOUNT_C,
          roles: [{ name: 'Audit', trustedAccounts: [ACCOUNT_A] }],
          iam: {
            // Centralized root access: the member's root user has no password.
            root: { password: false },
            users: [{ name: 'c-user', password: { lastUsed: null }, mfa: false }],
          },
          trails: [{ name: 'c-west', homeRegion: 'us-west-2' }],
          regions: { 'us-west-2': {} },
        },
      ],
      organization: {
        id: ORG,
        managementAccountId: ACCOUNT_A,
        rootId: ROOT_ID,
        members: [
          { id: ACCOUNT_A, name: 'management' },
          { id: ACCOUNT_B, name: 'member-b' },
          { id: ACCOUNT_C, name: 'member-c' },
        ],
        organizationalUnits: [
          { id: OU_PROD, name: 'Production', accounts: [ACCOUNT_B] },
          { id: OU_NESTED, name: 'Data', parentId: OU_PROD, accounts: [ACCOUNT_C] },
        ],
        policies: [
          { id: SCP_DENY_SHARING, name: 'DenySnapshotSharing', description: 'no snapshot sharing in production', content: DENY_SHARING_SCP, targets: [OU_PROD] },
          { id: SCP_DENY_LEAVE, name: 'DenyLeaving', content: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'organizations:LeaveOrganization', Resource: '*' }] }, targets: [ROOT_ID, ACCOUNT_C] },
          { id: 'p-tagpolicy0001', name: 'tags', type: 'TAG_POLICY', content: { tags: {} }, targets: [ROOT_ID] },
        ],
        fullAwsAccessDetachedFrom: [ACCOUNT_C],
      },
    },
  };
}
