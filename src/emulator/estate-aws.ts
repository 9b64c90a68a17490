// The AWS part of an estate: accounts, their regions and resources, roles, IAM identities,
// CloudTrail trails, the organization with its units and policies.
import { z } from 'zod';
import { AWS_MANAGED_POLICIES, AWS_MANAGED_POLICY_PREFIX, awsManagedPolicyByArn } from './aws/iam-managed-policies.js';
import { awsAccountId, isoTime, tags } from './estate-common.js';

/** One entry of `createVolumePermission` or `launchPermission`. */
export const permission = z.union([
  z.strictObject({ group: z.literal('all') }),
  z.strictObject({ userId: awsAccountId }),
  z.strictObject({ organizationArn: z.string() }),
  z.strictObject({ organizationalUnitArn: z.string() }),
]);

export const snapshot = z.strictObject({
  id: z.string().regex(/^snap-[0-9a-f]+$/),
  volumeId: z.string().optional(),
  volumeSize: z.number().int().positive().default(8),
  encrypted: z.boolean().default(false),
  kmsKeyId: z.string().optional(),
  description: z.string().default(''),
  startTime: isoTime.default('2026-01-01T00:00:00.000Z'),
  state: z.enum(['pending', 'completed', 'error', 'recoverable', 'recovering']).default('completed'),
  storageTier: z.enum(['standard', 'archive']).default('standard'),
  tags: tags.default({}),
  createVolumePermissions: z.array(permission).default([]),
  /**
   * What the bulk listing (`RestorableByUserIds=all`) says, when it lags behind the permission
   * (AWS's listings are eventually consistent). Absent: the permission itself.
   */
  listedPublic: z.boolean().optional(),
});

const blockDeviceMapping = z.strictObject({
  deviceName: z.string(),
  snapshotId: z.string().optional(),
  volumeSize: z.number().int().positive().optional(),
  encrypted: z.boolean().optional(),
});

export const image = z.strictObject({
  id: z.string().regex(/^ami-[0-9a-f]+$/),
  name: z.string(),
  description: z.string().default(''),
  creationDate: isoTime.default('2026-01-01T00:00:00.000Z'),
  state: z.enum(['available', 'pending', 'failed', 'deregistered', 'disabled']).default('available'),
  architecture: z.string().default('x86_64'),
  rootDeviceName: z.string().default('/dev/xvda'),
  blockDeviceMappings: z.array(blockDeviceMapping).default([]),
  tags: tags.default({}),
  launchPermissions: z.array(permission).default([]),
});

/** An image owned by someone else (Amazon, a marketplace vendor, a stranger) visible in a region. */
export const foreignImage = image.extend({
  ownerId: awsAccountId,
  ownerAlias: z.string().optional(),
  region: z.string(),
});

export const volume = z.strictObject({
  id: z.string().regex(/^vol-[0-9a-f]+$/),
  snapshotId: z.string().default(''),
  size: z.number().int().positive().default(8),
  encrypted: z.boolean().default(false),
  kmsKeyId: z.string().optional(),
  availabilityZone: z.string().optional(),
  state: z.enum(['creating', 'available', 'in-use', 'deleting', 'deleted', 'error']).default('in-use'),
  createTime: isoTime.default('2026-01-01T00:00:00.000Z'),
  tags: tags.default({}),
  attachments: z.array(z.strictObject({ instanceId: z.string(), device: z.string() })).default([]),
});

const networkInterface = z.strictObject({
  id: z.string().regex(/^eni-[0-9a-f]+$/),
  subnetId: z.string(),
  privateIp: z.string().default('10.0.0.10'),
  publicIp: z.string().optional(),
  ipv6Addresses: z.array(z.string()).default([]),
  securityGroupIds: z.array(z.string()).default([]),
});

export const instance = z.strictObject({
  id: z.string().regex(/^i-[0-9a-f]+$/),
  imageId: z.string(),
  state: z.enum(['pending', 'running', 'shutting-down', 'terminated', 'stopping', 'stopped']).default('running'),
  instanceType: z.string().default('t3.micro'),
  vpcId: z.string().default('vpc-0a1b2c3d'),
  launchTime: isoTime.default('2026-01-01T00:00:00.000Z'),
  rootDeviceName: z.string().default('/dev/xvda'),
  tags: tags.default({}),
  blockDevices: z.array(z.strictObject({ deviceName: z.string(), volumeId: z.string() })).default([]),
  networkInterfaces: z.array(networkInterface).default([]),
});

export const ipRule = z.strictObject({
  /** `-1` (all), `tcp`, `udp`, `icmp`, `icmpv6` or a protocol number. */
  protocol: z.string(),
  fromPort: z.number().int().optional(),
  toPort: z.number().int().optional(),
  cidrs: z.array(z.string()).default([]),
  ipv6Cidrs: z.array(z.string()).default([]),
  groupIds: z.array(z.string()).default([]),
  prefixListIds: z.array(z.string()).default([]),
  description: z.string().optional(),
});

export const securityGroup = z.strictObject({
  id: z.string().regex(/^sg-[0-9a-f]+$/),
  name: z.string(),
  description: z.string().default(''),
  vpcId: z.string().default('vpc-0a1b2c3d'),
  tags: tags.default({}),
  ingress: z.array(ipRule).default([]),
  egress: z.array(ipRule).default([{ protocol: '-1', cidrs: ['0.0.0.0/0'], ipv6Cidrs: [], groupIds: [], prefixListIds: [] }]),
});

export const networkAcl = z.strictObject({
  id: z.string().regex(/^acl-[0-9a-f]+$/),
  vpcId: z.string().default('vpc-0a1b2c3d'),
  isDefault: z.boolean().default(false),
  subnetIds: z.array(z.string()).default([]),
  entries: z
    .array(
      z.strictObject({
        ruleNumber: z.number().int().min(1).max(32767),
        egress: z.boolean().default(false),
        /** `-1` (all), `6` (tcp), `17` (udp), `1` (icmp)... */
        protocol: z.string(),
        action: z.enum(['allow', 'deny']),
        cidr: z.string().optional(),
        ipv6Cidr: z.string().optional(),
        fromPort: z.number().int().optional(),
        toPort: z.number().int().optional(),
      }),
    )
    .default([]),
});

/** Who may restore a DB or cluster snapshot: `all`, or account ids (the `restore` attribute). */
const restoreAttribute = z.array(z.union([z.literal('all'), awsAccountId])).default([]);

export const dbSnapshot = z.strictObject({
  id: z.string().min(1),
  dbInstanceId: z.string().min(1),
  engine: z.string().default('postgres'),
  snapshotType: z.enum(['manual', 'automated', 'awsbackup']).default('manual'),
  status: z.string().default('available'),
  createTime: isoTime.default('2026-01-01T00:00:00.000Z'),
  allocatedStorage: z.number().int().positive().default(20),
  encrypted: z.boolean().default(false),
  kmsKeyId: z.string().optional(),
  tags: tags.default({}),
  restore: restoreAttribute,
});

export const dbClusterSnapshot = z.strictObject({
  id: z.string().min(1),
  dbClusterId: z.string().min(1),
  engine: z.string().default('aurora-postgresql'),
  snapshotType: z.enum(['manual', 'automated', 'awsbackup']).default('manual'),
  status: z.string().default('available'),
  createTime: isoTime.default('2026-01-01T00:00:00.000Z'),
  encrypted: z.boolean().default(false),
  kmsKeyId: z.string().optional(),
  tags: tags.default({}),
  restore: restoreAttribute,
});

export const dbInstance = z.strictObject({
  id: z.string().min(1),
  engine: z.string().default('postgres'),
  status: z.string().default('available'),
  dbClusterId: z.string().optional(),
  publiclyAccessible: z.boolean().default(false),
  address: z.string().optional(),
  port: z.number().int().positive().default(5432),
  storageEncrypted: z.boolean().default(false),
  kmsKeyId: z.string().optional(),
  vpcId: z.string().default('vpc-0a1b2c3d'),
  subnetIds: z.array(z.string()).default([]),
  securityGroupIds: z.array(z.string()).default([]),
  createTime: isoTime.default('2026-01-01T00:00:00.000Z'),
  tags: tags.default({}),
});

export const dbCluster = z.strictObject({
  id: z.string().min(1),
  engine: z.string().default('aurora-postgresql'),
  status: z.string().default('available'),
  /** Only Multi-AZ DB clusters carry this at the cluster level; Aurora sets it per instance. */
  publiclyAccessible: z.boolean().optional(),
  port: z.number().int().positive().default(5432),
  storageEncrypted: z.boolean().default(false),
  kmsKeyId: z.string().optional(),
  securityGroupIds: z.array(z.string()).default([]),
  memberInstanceIds: z.array(z.string()).default([]),
  createTime: isoTime.default('2026-01-01T00:00:00.000Z'),
  tags: tags.default({}),
});

export const recoveryPoint = z.strictObject({
  id: z.string().min(1),
  resourceArn: z.string(),
  resourceType: z.string().default('EBS'),
  isEncrypted: z.boolean().default(true),
  encryptionKeyArn: z.string().optional(),
  status: z.enum(['COMPLETED', 'PARTIAL', 'DELETING', 'EXPIRED', 'AVAILABLE', 'STOPPED', 'CREATING']).default('COMPLETED'),
  creationDate: isoTime.default('2026-01-01T00:00:00.000Z'),
});

export const backupVault = z.strictObject({
  name: z.string().regex(/^[a-zA-Z0-9\-_]{2,50}$/),
  encryptionKeyArn: z.string().optional(),
  locked: z.boolean().default(false),
  /** The vault access policy document, as JSON; absent when the vault has none. */
  policy: z.record(z.string(), z.unknown()).optional(),
  recoveryPoints: z.array(recoveryPoint).default([]),
});

export const region = z.strictObject({
  snapshotBlockPublicAccess: z.enum(['unblocked', 'block-new-sharing', 'block-all-sharing']).default('unblocked'),
  imageBlockPublicAccess: z.enum(['unblocked', 'block-new-sharing']).default('unblocked'),
  ebsEncryptionByDefault: z.boolean().default(false),
  snapshots: z.array(snapshot).default([]),
  images: z.array(image).default([]),
  volumes: z.array(volume).default([]),
  instances: z.array(instance).default([]),
  securityGroups: z.array(securityGroup).default([]),
  networkAcls: z.array(networkAcl).default([]),
  dbSnapshots: z.array(dbSnapshot).default([]),
  dbClusterSnapshots: z.array(dbClusterSnapshot).default([]),
  dbInstances: z.array(dbInstance).default([]),
  dbClusters: z.array(dbCluster).default([]),
  backupVaults: z.array(backupVault).default([]),
});

/** An IAM role others may assume with STS AssumeRole. */
export const role = z.strictObject({
  name: z.string().regex(/^[\w+=,.@-]{1,64}$/),
  /** Accounts whose principals the role's trust policy admits. */
  trustedAccounts: z.array(awsAccountId).default([]),
  /** When set, AssumeRole must pass this ExternalId. */
  externalId: z.string().optional(),
});

// ---------------------------------------------------------------------------------------------
// IAM: what GetAccountAuthorizationDetails, the credential report, the password policy and the
// account summary are served from. Times are absolute ISO-8601 strings.

/** A policy document as JSON. Its grammar is not checked: an estate may hold odd policies on purpose. */
export const policyDocument = z.record(z.string(), z.unknown());

const IAM_NAME = /^[\w+=,.@-]{1,128}$/;
/** `/` or `/a/b/`, as IAM paths are written. */
const iamPath = z.string().regex(/^\/(?:[\u0021-\u007e]+\/)?$/, 'an IAM path starts and ends with /').default('/');
/** When the estate does not say, an identity was created at this time. */
const IAM_CREATED = '2025-01-01T00:00:00.000Z';

const inlinePolicy = z.strictObject({ name: z.string().regex(IAM_NAME), document: policyDocument });

/** `arn:aws:iam::aws:policy/NAME` (an AWS managed policy) or `arn:aws:iam::ACCOUNT:policy/PATH/NAME`. */
const managedPolicyArn = z.string().regex(/^arn:aws:iam::(?:aws|\d{12}):policy\/.+$/, 'a managed policy ARN (arn:aws:iam::aws:policy/NAME or arn:aws:iam::ACCOUNT:policy/NAME)');

export const accessKey = z.strictObject({
  active: z.boolean().default(true),
  created: isoTime,
  /** Null: never used. */
  lastUsed: z.strictObject({ date: isoTime, region: z.string(), service: z.string() }).nullable().default(null),
});

export const iamUser = z.strictObject({
  /** Any text: AWS allows only `[\w+=,.@-]`, but hostile names must come back as data. */
  name: z.string().min(1).max(128),
  path: iamPath,
  created: isoTime.default(IAM_CREATED),
  /** Names of groups of the same account. */
  groups: z.array(z.string()).default([]),
  inlinePolicies: z.array(inlinePolicy).default([]),
  managedPolicies: z.array(managedPolicyArn).default([]),
  permissionsBoundary: managedPolicyArn.optional(),
  tags: tags.default({}),
  /** A console password; absent when the user has none. */
  password: z
    .strictObject({
      /** Null: never used to sign in. */
      lastUsed: isoTime.nullable().default(null),
      /** Absent: set when the user was created. */
      lastChanged: isoTime.optional(),
    })
    .optional(),
  /** An MFA device is assigned and active. */
  mfa: z.boolean().default(false),
  accessKeys: z.array(accessKey).max(2, 'IAM allows at most two access keys per user').default([]),
});

export const iamGroup = z.strictObject({
  name: z.string().regex(IAM_NAME),
  path: iamPath,
  created: isoTime.default(IAM_CREATED),
  inlinePolicies: z.array(inlinePolicy).default([]),
  managedPolicies: z.array(managedPolicyArn).default([]),
});

export const iamRole = z.strictObject({
  name: z.string().regex(/^[\w+=,.@-]{1,64}$/),
  path: iamPath,
  description: z.string().optional(),
  created: isoTime.default(IAM_CREATED),
  /** The trust policy (AssumeRolePolicyDocument). STS AssumeRole still follows the account's `roles`. */
  trustPolicy: policyDocument,
  inlinePolicies: z.array(inlinePolicy).default([]),
  managedPolicies: z.array(managedPolicyArn).default([]),
  permissionsBoundary: managedPolicyArn.optional(),
  tags: tags.default({}),
  maxSessionDuration: z.number().int().min(3600).max(43_200).default(3600),
  /** Null: never used (IAM tracks the last 400 days). */
  lastUsed: z.strictObject({ date: isoTime, region: z.string() }).nullable().default(null),
});

/** A customer managed policy of the account. */
export const iamPolicy = z.strictObject({
  name: z.string().regex(IAM_NAME),
  path: iamPath,
  description: z.string().optional(),
  created: isoTime.default(IAM_CREATED),
  /** Absent: when it was created. */
  updated: isoTime.optional(),
  /** The default (latest) version. */
  document: policyDocument,
  /** Earlier, non-default versions, oldest first (IAM keeps at most five versions). */
  previousVersions: z.array(policyDocument).max(4, 'IAM keeps at most five versions of a policy').default([]),
});

export const passwordPolicy = z.strictObject({
  minimumLength: z.number().int().min(6).max(128).default(8),
  requireSymbols: z.boolean().default(false),
  requireNumbers: z.boolean().default(false),
  requireUppercase: z.boolean().default(false),
  requireLowercase: z.boolean().default(false),
  allowUsersToChangePassword: z.boolean().default(false),
  /** Days a password lasts; absent: passwords never expire. */
  maxAgeDays: z.number().int().min(1).max(1095).optional(),
  /** How many earlier passwords cannot be reused; absent: no reuse prevention. */
  reusePrevention: z.number().int().min(1).max(24).optional(),
  hardExpiry: z.boolean().default(false),
});

export const iamRoot = z.strictObject({
  mfa: z.boolean().default(false),
  /** The root user has a password; false once centralized root access removed it (no IAM read reports it). */
  password: z.boolean().default(true),
  /** The root user's access keys (AccountAccessKeysPresent). */
  accessKeys: z.array(accessKey).max(2).default([]),
  /** Null: no sign-in recorded. */
  passwordLastUsed: isoTime.nullable().default(null),
  /** When the account (and its root user) was created. */
  created: isoTime.default('2024-01-01T00:00:00.000Z'),
});

export const iam = z.strictObject({
  root: iamRoot.prefault({}),
  /** Absent: the account has no password policy (GetAccountPasswordPolicy answers NoSuchEntity). */
  passwordPolicy: passwordPolicy.optional(),
  users: z.array(iamUser).default([]),
  groups: z.array(iamGroup).default([]),
  roles: z.array(iamRole).default([]),
  policies: z.array(iamPolicy).default([]),
});

// ---------------------------------------------------------------------------------------------
// CloudTrail: trails belong to an account and have a home region; a multi-region trail shows in
// every region as a shadow, an organization trail in every member account.

const basicEventSelector = z.strictObject({
  readWriteType: z.enum(['ReadOnly', 'WriteOnly', 'All']).default('All'),
  includeManagementEvents: z.boolean().default(true),
  dataResources: z.array(z.strictObject({ type: z.string(), values: z.array(z.string()).default([]) })).default([]),
  excludeManagementEventSources: z.array(z.string()).default([]),
});

const fieldSelector = z.strictObject({
  /** e.g. `eventCategory`, `readOnly`, `resources.type`, `eventName`. */
  field: z.string().min(1),
  equals: z.array(z.string()).optional(),
  startsWith: z.array(z.string()).optional(),
  endsWith: z.array(z.string()).optional(),
  notEquals: z.array(z.string()).optional(),
  notStartsWith: z.array(z.string()).optional(),
  notEndsWith: z.array(z.string()).optional(),
});

const advancedEventSelector = z.strictObject({
  name: z.string().optional(),
  fieldSelectors: z.array(fieldSelector).min(1),
});

export const trail = z
  .strictObject({
    name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{1,126}[A-Za-z0-9]$/, 'a trail name is 3–128 letters, digits, periods, underscores or dashes'),
    homeRegion: z.string().regex(/^[a-z]{2}(?:-[a-z]+)+-\d+$/, 'a region name such as us-east-1'),
    multiRegion: z.boolean().default(false),
    /** Logs every member account of the organization; only the management account may own one. */
    organizationTrail: z.boolean().default(false),
    logging: z.boolean().default(true),
    /** Absent: `aws-cloudtrail-logs-ACCOUNT-…`. */
    s3BucketName: z.string().optional(),
    s3KeyPrefix: z.string().optional(),
    snsTopicArn: z.string().optional(),
    kmsKeyId: z.string().optional(),
    logFileValidation: z.boolean().default(false),
    includeGlobalServiceEvents: z.boolean().default(true),
    cloudWatchLogsLogGroupArn: z.string().optional(),
    cloudWatchLogsRoleArn: z.string().optional(),
    created: isoTime.default('2025-01-01T00:00:00.000Z'),
    /** When logging last started (default: created) and, for a trail not logging, stopped. */
    startLoggingTime: isoTime.optional(),
    stopLoggingTime: isoTime.optional(),
    /** Absent: a few minutes before each GetTrailStatus while logging; the stop time otherwise. */
    latestDeliveryTime: isoTime.optional(),
    latestDeliveryError: z.string().optional(),
    /** Basic event selectors (at most five). Neither kind: the default, all management events. */
    eventSelectors: z.array(basicEventSelector).min(1).max(5).optional(),
    advancedEventSelectors: z.array(advancedEventSelector).min(1).optional(),
  })
  .refine((t) => t.eventSelectors === undefined || t.advancedEventSelectors === undefined, {
    message: 'a trail has basic or advanced event selectors, not both',
    path: ['advancedEventSelectors'],
  });

// ---------------------------------------------------------------------------------------------
// CloudTrail event history: the account's management events as CloudTrail records them (the shape
// of one `Records[]` item of a log file, which LookupEvents hands back as its `CloudTrailEvent`
// string). Only the fields the emulator reads are checked; the rest is kept as written, so that an
// estate can carry odd or hostile records on purpose.

export const cloudTrailEvent = z.looseObject({
  eventID: z.string().min(1),
  eventTime: isoTime,
  eventName: z.string().min(1),
  eventSource: z.string().regex(/^[a-z0-9.-]+\.amazonaws\.com$/, 'a service host such as ec2.amazonaws.com'),
  /** Where LookupEvents finds it: IAM and other global services record in us-east-1. */
  awsRegion: z.string().regex(/^[a-z]{2}(?:-[a-z]+)+-\d+$/, 'a region name such as us-east-1'),
  /** Absent: the account that holds the record. */
  recipientAccountId: awsAccountId.optional(),
  readOnly: z.boolean().optional(),
  userIdentity: z.looseObject({ type: z.string().optional(), userName: z.string().optional(), arn: z.string().optional(), accessKeyId: z.string().optional(), invokedBy: z.string().optional() }).optional(),
  requestParameters: z.record(z.string(), z.unknown()).nullable().optional(),
  responseElements: z.record(z.string(), z.unknown()).nullable().optional(),
  /** Data events name their resources; LookupEvents derives them for management events. */
  resources: z.array(z.looseObject({ ARN: z.string().optional(), type: z.string().optional() })).optional(),
});

/** Every `iam` ARN an account's identities attach must exist: an AWS managed policy we serve, or one of the account's own. */
function checkIam(account: { id: string; iam: z.output<typeof iam>; roles: readonly { name: string }[] }, ctx: z.core.$RefinementCtx): void {
  const { iam: identities } = account;
  const own = new Set(identities.policies.map((p) => `arn:aws:iam::${account.id}:policy${p.path}${p.name}`));
  const checkArn = (arn: string, path: (string | number)[]): void => {
    if (arn.startsWith(`${AWS_MANAGED_POLICY_PREFIX}/`)) {
      if (awsManagedPolicyByArn(arn) === undefined) {
        ctx.addIssue({ code: 'custom', path, message: `unknown AWS managed policy ${arn} (the emulator serves ${[...AWS_MANAGED_POLICIES.keys()].join(', ')})` });
      }
    } else if (!own.has(arn)) {
      ctx.addIssue({ code: 'custom', path, message: `${arn} is not a customer managed policy of account ${account.id}` });
    }
  };
  const groupNames = new Set(identities.groups.map((g) => g.name));
  const unique = (kind: string, names: readonly string[]): void => {
    const seen = new Set<string>();
    names.forEach((name, index) => {
      if (seen.has(name)) ctx.addIssue({ code: 'custom', path: ['iam', kind, index, 'name'], message: `duplicate name ${name}` });
      seen.add(name);
    });
  };
  unique('users', identities.users.map((u) => u.name));
  unique('groups', identities.groups.map((g) => g.name));
  unique('roles', identities.roles.map((r) => r.name));
  unique('policies', identities.policies.map((p) => `${p.path}${p.name}`));
  identities.users.forEach((user, index) => {
    user.groups.forEach((group, g) => {
      if (!groupNames.has(group)) ctx.addIssue({ code: 'custom', path: ['iam', 'users', index, 'groups', g], message: `no group ${group} in account ${account.id}` });
    });
    user.managedPolicies.forEach((arn, m) => checkArn(arn, ['iam', 'users', index, 'managedPolicies', m]));
    if (user.permissionsBoundary !== undefined) checkArn(user.permissionsBoundary, ['iam', 'users', index, 'permissionsBoundary']);
  });
  identities.groups.forEach((group, index) => group.managedPolicies.forEach((arn, m) => checkArn(arn, ['iam', 'groups', index, 'managedPolicies', m])));
  const assumable = new Set(account.roles.map((r) => r.name));
  identities.roles.forEach((iamRoleEntry, index) => {
    if (assumable.has(iamRoleEntry.name)) {
      ctx.addIssue({ code: 'custom', path: ['iam', 'roles', index, 'name'], message: `role ${iamRoleEntry.name} is also in the account's roles; define it once` });
    }
    iamRoleEntry.managedPolicies.forEach((arn, m) => checkArn(arn, ['iam', 'roles', index, 'managedPolicies', m]));
    if (iamRoleEntry.permissionsBoundary !== undefined) checkArn(iamRoleEntry.permissionsBoundary, ['iam', 'roles', index, 'permissionsBoundary']);
  });
}

export const account = z
  .strictObject({
    id: awsAccountId,
    alias: z.string().optional(),
    /** The identity GetCallerIdentity reports for this account's keys. */
    callerArn: z.string().optional(),
    /** Access key ids whose requests act as this account (none: reachable only by assuming a role). */
    accessKeyIds: z.array(z.string().min(16)).default([]),
    /** Roles STS AssumeRole admits; IAM also lists them (with a trust policy made from these fields). */
    roles: z.array(role).default([]),
    /** Users, groups, roles and policies as IAM reports them. Absent: only a root user without MFA. */
    iam: iam.prefault({}),
    /** The account's own trails; organization trails of the management account show here too. */
    trails: z.array(trail).default([]),
    /** Regions enabled for the account, with what is in them. */
    regions: z.record(z.string(), region),
    /** Opt-in regions the account has not enabled. */
    disabledRegions: z.array(z.string()).default([]),
    /** CloudTrail's event history (the last 90 days of management events), served by LookupEvents. */
    events: z.array(cloudTrailEvent).default([]),
  })
  .superRefine((value, ctx) => {
    checkIam(value, ctx);
    const names = new Set<string>();
    value.trails.forEach((t, index) => {
      if (names.has(t.name)) ctx.addIssue({ code: 'custom', path: ['trails', index, 'name'], message: `duplicate trail name ${t.name}` });
      names.add(t.name);
      if (value.disabledRegions.includes(t.homeRegion)) {
        ctx.addIssue({ code: 'custom', path: ['trails', index, 'homeRegion'], message: `${t.homeRegion} is not enabled for account ${value.id}` });
      }
    });
    const ids = new Set<string>();
    value.events.forEach((event, index) => {
      if (ids.has(event.eventID)) ctx.addIssue({ code: 'custom', path: ['events', index, 'eventID'], message: `duplicate event id ${event.eventID}` });
      ids.add(event.eventID);
      if (event.recipientAccountId !== undefined && event.recipientAccountId !== value.id) {
        ctx.addIssue({ code: 'custom', path: ['events', index, 'recipientAccountId'], message: `an event of account ${value.id} is recorded for ${event.recipientAccountId}` });
      }
      if (value.disabledRegions.includes(event.awsRegion)) {
        ctx.addIssue({ code: 'custom', path: ['events', index, 'awsRegion'], message: `${event.awsRegion} is not enabled for account ${value.id}` });
      }
    });
  });

const POLICY_TYPES = ['SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY', 'TAG_POLICY', 'BACKUP_POLICY', 'AISERVICES_OPT_OUT_POLICY'] as const;

/** An organizational unit: accounts directly in it, and its parent (the root when absent). */
export const organizationalUnit = z.strictObject({
  id: z.string().regex(/^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/, 'an OU id such as ou-ab12-cd34ef56'),
  name: z.string().min(1),
  /** Another unit's id; absent: directly under the root. */
  parentId: z.string().optional(),
  accounts: z.array(awsAccountId).default([]),
});

/** An organization policy (an SCP unless `type` says otherwise) and the roots, units and accounts it is attached to. */
export const organizationPolicy = z.strictObject({
  id: z.string().regex(/^p-[0-9a-zA-Z_]{8,128}$/, 'a policy id such as p-examplepolicyid111'),
  name: z.string().min(1),
  description: z.string().default(''),
  type: z.enum(POLICY_TYPES).default('SERVICE_CONTROL_POLICY'),
  content: policyDocument,
  targets: z.array(z.string()).default([]),
});

export const organization = z
  .strictObject({
    id: z.string().regex(/^o-[a-z0-9]{10,32}$/),
    managementAccountId: awsAccountId,
    /** Accounts (besides the management account) that may list the organization's accounts. */
    delegatedAdministrators: z.array(awsAccountId).default([]),
    /** Every account in the organization, the management account included. */
    members: z.array(
      z.strictObject({
        id: awsAccountId,
        name: z.string(),
        email: z.string().default('aws@example.com'),
        status: z.enum(['ACTIVE', 'SUSPENDED', 'PENDING_CLOSURE']).default('ACTIVE'),
        joinedTimestamp: isoTime.default('2025-01-01T00:00:00.000Z'),
      }),
    ),
    /** The root's id; absent: derived from the organization's id. */
    rootId: z.string().regex(/^r-[0-9a-z]{4,32}$/, 'a root id such as r-ab12').optional(),
    /** Units; a member in none sits directly under the root. */
    organizationalUnits: z.array(organizationalUnit).default([]),
    policies: z.array(organizationPolicy).default([]),
    /**
     * Roots, units and accounts the AWS managed FullAWSAccess SCP is detached from. AWS attaches it
     * to the root, every unit and every account, and a target must keep at least one SCP.
     */
    fullAwsAccessDetachedFrom: z.array(z.string()).default([]),
  })
  .superRefine((value, ctx) => {
    const members = new Set(value.members.map((m) => m.id));
    const units = new Map(value.organizationalUnits.map((u) => [u.id, u]));
    const rootId = value.rootId ?? defaultRootId(value.id);
    const placed = new Map<string, number>();
    value.organizationalUnits.forEach((unit, index) => {
      if (unit.parentId !== undefined && unit.parentId !== rootId && !units.has(unit.parentId)) {
        ctx.addIssue({ code: 'custom', path: ['organizationalUnits', index, 'parentId'], message: `no unit ${unit.parentId} in the organization` });
      }
      // A unit must reach the root without passing itself.
      const seen = new Set<string>([unit.id]);
      for (let at = unit.parentId; at !== undefined && at !== rootId; at = units.get(at)?.parentId) {
        if (seen.has(at)) {
          ctx.addIssue({ code: 'custom', path: ['organizationalUnits', index, 'parentId'], message: `unit ${unit.id} is its own ancestor` });
          break;
        }
        seen.add(at);
      }
      unit.accounts.forEach((accountId, a) => {
        const path = ['organizationalUnits', index, 'accounts', a];
        if (!members.has(accountId)) ctx.addIssue({ code: 'custom', path, message: `${accountId} is not a member of the organization` });
        if (placed.has(accountId)) ctx.addIssue({ code: 'custom', path, message: `${accountId} is already in unit ${value.organizationalUnits[placed.get(accountId) ?? 0]?.id}` });
        placed.set(accountId, index);
      });
    });
    const isTarget = (id: string): boolean => id === rootId || units.has(id) || members.has(id);
    value.policies.forEach((policy, index) => {
      policy.targets.forEach((target, t) => {
        if (!isTarget(target)) ctx.addIssue({ code: 'custom', path: ['policies', index, 'targets', t], message: `${target} is neither the root, a unit nor a member account` });
      });
    });
    value.fullAwsAccessDetachedFrom.forEach((target, t) => {
      if (!isTarget(target)) ctx.addIssue({ code: 'custom', path: ['fullAwsAccessDetachedFrom', t], message: `${target} is neither the root, a unit nor a member account` });
    });
  });

/** The root id of an organization whose estate does not name one: `r-` and four characters of its id. */
export function defaultRootId(organizationId: string): string {
  return `r-${organizationId.slice(2, 6)}`;
}

export const awsEstate = z
  .strictObject({
    accounts: z.array(account).min(1),
    foreignImages: z.array(foreignImage).default([]),
    organization: organization.optional(),
  })
  .superRefine((value, ctx) => {
    value.accounts.forEach((a, index) => {
      a.trails.forEach((t, i) => {
        if (!t.organizationTrail) return;
        if (value.organization === undefined || value.organization.managementAccountId !== a.id) {
          ctx.addIssue({ code: 'custom', path: ['accounts', index, 'trails', i, 'organizationTrail'], message: 'only the management account of the organization owns organization trails' });
        }
      });
    });
  });
