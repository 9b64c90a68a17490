// The AWS part of an estate: accounts, their regions and resources, roles, the organization.
import { z } from 'zod';
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

export const account = z.strictObject({
  id: awsAccountId,
  alias: z.string().optional(),
  /** The identity GetCallerIdentity reports for this account's keys. */
  callerArn: z.string().optional(),
  /** Access key ids whose requests act as this account (none: reachable only by assuming a role). */
  accessKeyIds: z.array(z.string().min(16)).default([]),
  roles: z.array(role).default([]),
  /** Regions enabled for the account, with what is in them. */
  regions: z.record(z.string(), region),
  /** Opt-in regions the account has not enabled. */
  disabledRegions: z.array(z.string()).default([]),
});

export const organization = z.strictObject({
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
});

export const awsEstate = z.strictObject({
  accounts: z.array(account).min(1),
  foreignImages: z.array(foreignImage).default([]),
  organization: organization.optional(),
});

