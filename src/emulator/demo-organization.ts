// The demo organization's member accounts: databases, DB snapshots and backup vaults shared
// every way that matters (publicly, to a member, to a stranger), and one member whose audit role
// is missing; their identities and trails; the organization's units and the SCP that forbids
// snapshot sharing in production. The management account and its EC2 estate are in demo-estate.ts.
import { AWS_POLICY, daysAgo, DEMO_ACCOUNT, DEMO_FOREIGN_ACCOUNT, defaultAcl, healthySnapshots, STRONG_PASSWORD_POLICY, type IamInput, type TrailInput } from './demo-parts.js';
import type { EstateInput } from './estate.js';

/** Members of the demo organization, reached through the audit role. */
export const DEMO_DATA_ACCOUNT = '222233334444';
export const DEMO_ANALYTICS_ACCOUNT = '333344445555';
/** A member without the audit role: the scan reports it as unreachable and goes on. */
export const DEMO_LEGACY_ACCOUNT = '555566667777';
export const DEMO_ORGANIZATION = 'o-acme0demo01';
export const DEMO_AUDIT_ROLE = 'SnapauditAudit';
export const DEMO_ROOT_ID = 'r-acme';
export const DEMO_PRODUCTION_OU = 'ou-acme-prod0001';
export const DEMO_ANALYTICS_OU = 'ou-acme-anly0001';
/** The SCP on the production unit that denies ec2:ModifySnapshotAttribute. */
export const DEMO_DENY_SHARING_SCP = 'p-denysnapshotsharing';

type AwsInput = NonNullable<EstateInput['aws']>;

const auditRole = { name: DEMO_AUDIT_ROLE, trustedAccounts: [DEMO_ACCOUNT] };

/** A member account's default VPC network: ACL allowing everything, as AWS creates it. */
const postgresOpen = { id: 'sg-0da7a000000000001', name: 'orders-db-public', ingress: [{ protocol: 'tcp', fromPort: 5432, toPort: 5432, cidrs: ['0.0.0.0/0'], description: 'temporary: vendor migration' }] };
const postgresPrivate = { id: 'sg-0da7a000000000002', name: 'analytics-db', ingress: [{ protocol: 'tcp', fromPort: 5432, toPort: 5432, cidrs: ['10.0.0.0/8'] }] };

/** Nightly automated snapshots: encrypted, never shareable. */
function automatedDbSnapshots(db: string, count: number): Array<{ id: string; dbInstanceId: string; snapshotType: 'automated'; encrypted: boolean; createTime: string }> {
  return Array.from({ length: count }, (_, i) => ({
    id: `rds:${db}-2026-11-${String(i + 1).padStart(2, '0')}-03-00`,
    dbInstanceId: db,
    snapshotType: 'automated' as const,
    encrypted: true,
    createTime: `2026-11-${String(i + 1).padStart(2, '0')}T03:00:00.000Z`,
  }));
}


/**
 * The production data account: root without MFA, a password policy of eight characters and
 * nothing else, and an ETL user allowed to share snapshots on `*`, which the production unit's
 * SCP overrides. One multi-region trail logs every management event.
 */
const dataIdentities: IamInput = {
  root: { mfa: false, passwordLastUsed: daysAgo(210), created: '2021-06-01T10:00:00.000Z' },
  passwordPolicy: { minimumLength: 8, allowUsersToChangePassword: true },
  users: [
    {
      name: 'etl-runner',
      created: daysAgo(640),
      inlinePolicies: [
        {
          name: 'nightly-snapshots',
          document: { Version: '2012-10-17', Statement: [{ Sid: 'SnapshotAndShareWithAnalytics', Effect: 'Allow', Action: ['ec2:CreateSnapshot', 'ec2:ModifySnapshotAttribute'], Resource: '*' }] },
        },
      ],
      accessKeys: [{ created: daysAgo(75), lastUsed: { date: daysAgo(0.5), region: 'us-east-1', service: 'ec2' } }],
      tags: { team: 'data' },
    },
  ],
};

const dataTrails: TrailInput[] = [
  { name: 'prod-data-audit', homeRegion: 'us-east-1', multiRegion: true, s3BucketName: 'acme-prod-data-trail', logFileValidation: true, startLoggingTime: daysAgo(400) },
];

/**
 * The analytics account: root with MFA, a sound password policy, a read-only reporting user. Its
 * trails leave eu-west-1, where its snapshots and vault are, unlogged: one covers us-east-1 only,
 * the other was stopped 40 days ago.
 */
const analyticsIdentities: IamInput = {
  root: { mfa: true, passwordLastUsed: daysAgo(300), created: '2022-02-01T10:00:00.000Z' },
  passwordPolicy: STRONG_PASSWORD_POLICY,
  users: [
    {
      name: 'bi-reader',
      created: daysAgo(200),
      managedPolicies: [AWS_POLICY.readOnlyAccess],
      accessKeys: [{ created: daysAgo(30), lastUsed: { date: daysAgo(1), region: 'eu-west-1', service: 'athena' } }],
    },
  ],
};

const analyticsTrails: TrailInput[] = [
  { name: 'analytics-us', homeRegion: 'us-east-1', s3BucketName: 'acme-analytics-trail', startLoggingTime: daysAgo(500) },
  { name: 'analytics-eu', homeRegion: 'eu-west-1', s3BucketName: 'acme-analytics-trail', logging: false, startLoggingTime: daysAgo(500), stopLoggingTime: daysAgo(40) },
];

export const DEMO_MEMBER_ACCOUNTS: AwsInput['accounts'] = [
  {
    id: DEMO_DATA_ACCOUNT,
    alias: 'acme-prod-data',
    roles: [auditRole],
    iam: dataIdentities,
    trails: dataTrails,
    regions: {
      'us-east-1': {
        snapshotBlockPublicAccess: 'block-all-sharing',
        imageBlockPublicAccess: 'block-new-sharing',
        ebsEncryptionByDefault: true,
        dbSnapshots: [
          // Public, unencrypted: the whole customer database for anyone who asks.
          { id: 'customers-db-pre-upgrade', dbInstanceId: 'customers-db', engine: 'postgres', encrypted: false, restore: ['all'], tags: { owner: 'dba' } },
          // Shared with a member account of the organization: expected, not a finding.
          { id: 'orders-db-for-analytics', dbInstanceId: 'orders-db', engine: 'postgres', encrypted: true, kmsKeyId: `arn:aws:kms:us-east-1:${DEMO_DATA_ACCOUNT}:key/aaaa1111-2222-3333-4444-555566667777`, restore: [DEMO_ANALYTICS_ACCOUNT] },
          ...automatedDbSnapshots('orders-db', 7),
        ],
        dbClusterSnapshots: [
          // Shared with an account nobody knows: a finding.
          { id: 'billing-aurora-handover', dbClusterId: 'billing-aurora', engine: 'aurora-mysql', encrypted: true, kmsKeyId: `arn:aws:kms:us-east-1:${DEMO_DATA_ACCOUNT}:key/bbbb1111-2222-3333-4444-555566667777`, restore: [DEMO_FOREIGN_ACCOUNT] },
          { id: 'billing-aurora-weekly', dbClusterId: 'billing-aurora', engine: 'aurora-mysql', encrypted: true, kmsKeyId: `arn:aws:kms:us-east-1:${DEMO_DATA_ACCOUNT}:key/bbbb1111-2222-3333-4444-555566667777` },
        ],
        dbInstances: [
          // Restored for a vendor migration, publicly accessible, Postgres open to the world.
          { id: 'orders-db-migration', engine: 'postgres', publiclyAccessible: true, port: 5432, storageEncrypted: false, subnetIds: ['subnet-0da7a0001'], securityGroupIds: [postgresOpen.id] },
          { id: 'orders-db', engine: 'postgres', publiclyAccessible: false, port: 5432, storageEncrypted: true, subnetIds: ['subnet-0da7a0002'], securityGroupIds: [postgresPrivate.id] },
          { id: 'billing-aurora-1', engine: 'aurora-mysql', dbClusterId: 'billing-aurora', publiclyAccessible: false, port: 3306, storageEncrypted: true, subnetIds: ['subnet-0da7a0002'], securityGroupIds: [postgresPrivate.id] },
        ],
        dbClusters: [{ id: 'billing-aurora', engine: 'aurora-mysql', port: 3306, storageEncrypted: true, securityGroupIds: [postgresPrivate.id], memberInstanceIds: ['billing-aurora-1'] }],
        securityGroups: [postgresOpen, postgresPrivate],
        networkAcls: [defaultAcl('acl-0da7a000000000001', ['subnet-0da7a0001', 'subnet-0da7a0002'])],
        backupVaults: [
          {
            name: 'prod-vault',
            encryptionKeyArn: `arn:aws:kms:us-east-1:${DEMO_DATA_ACCOUNT}:key/cccc1111-2222-3333-4444-555566667777`,
            // A foreign account may copy recovery points into it; deletion is denied to all.
            policy: {
              Version: '2012-10-17',
              Statement: [
                { Sid: 'AllowVendorCopyIn', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${DEMO_FOREIGN_ACCOUNT}:root` }, Action: 'backup:CopyIntoBackupVault', Resource: '*' },
                { Sid: 'DenyDelete', Effect: 'Deny', Principal: '*', Action: ['backup:DeleteRecoveryPoint', 'backup:UpdateRecoveryPointLifecycle'], Resource: '*' },
              ],
            },
            recoveryPoints: [
              { id: 'rp-0001', resourceArn: `arn:aws:ec2:us-east-1:${DEMO_DATA_ACCOUNT}:volume/vol-0da7a000000000001`, resourceType: 'EBS', isEncrypted: false },
              { id: 'rp-0002', resourceArn: `arn:aws:rds:us-east-1:${DEMO_DATA_ACCOUNT}:db:orders-db`, resourceType: 'RDS', isEncrypted: true },
              { id: 'rp-0003', resourceArn: `arn:aws:rds:us-east-1:${DEMO_DATA_ACCOUNT}:db:orders-db`, resourceType: 'RDS', isEncrypted: true },
            ],
          },
        ],
      },
    },
  },
  {
    id: DEMO_ANALYTICS_ACCOUNT,
    alias: 'acme-analytics',
    roles: [auditRole],
    iam: analyticsIdentities,
    trails: analyticsTrails,
    regions: {
      'eu-west-1': {
        snapshotBlockPublicAccess: 'block-all-sharing',
        imageBlockPublicAccess: 'block-new-sharing',
        ebsEncryptionByDefault: true,
        snapshots: healthySnapshots(4, 6),
        backupVaults: [
          {
            name: 'analytics-vault',
            // Copies from anywhere in the organization, and nowhere else: not a finding.
            policy: {
              Version: '2012-10-17',
              Statement: { Sid: 'OrgCopyIn', Effect: 'Allow', Principal: '*', Action: 'backup:CopyIntoBackupVault', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalOrgID': DEMO_ORGANIZATION } } },
            },
            recoveryPoints: [{ id: 'rp-0101', resourceArn: `arn:aws:rds:eu-west-1:${DEMO_ANALYTICS_ACCOUNT}:db:warehouse`, resourceType: 'RDS', isEncrypted: true }],
          },
        ],
      },
    },
  },
  {
    // No audit role here: AssumeRole is refused.
    id: DEMO_LEGACY_ACCOUNT,
    alias: 'acme-legacy',
    regions: { 'us-east-1': { snapshots: healthySnapshots(5, 2) } },
  },
];

export const DEMO_ORGANIZATION_ESTATE: AwsInput['organization'] = {
  id: DEMO_ORGANIZATION,
  managementAccountId: DEMO_ACCOUNT,
  members: [
    { id: DEMO_ACCOUNT, name: 'acme-management' },
    { id: DEMO_DATA_ACCOUNT, name: 'acme-prod-data' },
    { id: DEMO_ANALYTICS_ACCOUNT, name: 'acme-analytics' },
    { id: DEMO_LEGACY_ACCOUNT, name: 'acme-legacy' },
  ],
  rootId: DEMO_ROOT_ID,
  organizationalUnits: [
    { id: DEMO_PRODUCTION_OU, name: 'Production', accounts: [DEMO_DATA_ACCOUNT] },
    { id: DEMO_ANALYTICS_OU, name: 'Analytics', accounts: [DEMO_ANALYTICS_ACCOUNT] },
  ],
  policies: [
    {
      id: DEMO_DENY_SHARING_SCP,
      name: 'DenySnapshotSharing',
      description: 'Production snapshots never leave through a share',
      content: { Version: '2012-10-17', Statement: [{ Sid: 'DenySnapshotSharing', Effect: 'Deny', Action: 'ec2:ModifySnapshotAttribute', Resource: '*' }] },
      targets: [DEMO_PRODUCTION_OU],
    },
  ],
};
