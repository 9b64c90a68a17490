// An estate for the RDS, Backup, Organizations and AssumeRole tests: three accounts with keys, one
// reachable only by assuming a role, and an organization with more accounts than one page holds.
import type { EstateInput } from '../../src/emulator/estate.js';
import { ACCOUNT_A, ACCOUNT_B, BULK, HOME, HOSTILE, KEY_A, KEY_B, STRANGER } from './fixtures.js';

/** Reachable only through AssumeRole; the organization's delegated administrator. */
export const ACCOUNT_C = '444444444444';
/** Has a key but is in no organization. */
export const OUTSIDER = '555555555555';
export const KEY_OUTSIDER = 'AKIAOOOOOOOOOOOOOOOO';
export const ORG_ID = 'o-abcdefghij';
export const AUDIT_ROLE = 'SnapauditAudit';
export const EXTERNAL_ID = 'ext-7d1f';
export const ORG_ROLE = 'OrgReader';

export const SERVICE_BULK = { dbSnapshots: 45, backupVaults: 7, organizationMembers: 25 };

/** A vault policy that lets a stranger copy recovery points out, with hostile text in it. */
export const OPEN_POLICY = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: HOSTILE,
      Effect: 'Allow',
      Principal: { AWS: [`arn:aws:iam::${STRANGER}:root`, '*'] },
      Action: ['backup:CopyIntoBackupVault', 'backup:StartRestoreJob'],
      Resource: '*',
      Condition: { StringEquals: { 'aws:PrincipalOrgID': `${ORG_ID}"}</Policy>` } },
    },
  ],
};

const hex = (n: number): string => n.toString(16).padStart(8, '0');

export function servicesEstate(): EstateInput {
  return {
    description: 'emulator services test estate',
    aws: {
      accounts: [
        {
          id: ACCOUNT_A,
          accessKeyIds: [KEY_A],
          disabledRegions: ['af-south-1'],
          regions: {
            [HOME]: {
              snapshots: [{ id: 'snap-0a01' }],
              dbSnapshots: [
                { id: 'db-public', dbInstanceId: 'web-db', restore: ['all'], tags: { [HOSTILE]: HOSTILE, team: 'web' } },
                { id: 'db-shared', dbInstanceId: 'web-db', restore: [ACCOUNT_B, STRANGER], engine: 'mysql', allocatedStorage: 100 },
                { id: 'rds:web-db-2026-01-02-03-04', dbInstanceId: 'web-db', snapshotType: 'automated', createTime: '2026-01-02T03:04:05.000Z' },
                { id: 'awsbackup:job-1', dbInstanceId: 'web-db', snapshotType: 'awsbackup' },
                { id: 'db-private', dbInstanceId: 'reports', encrypted: true, kmsKeyId: 'arn:aws:kms:eu-west-1:111111111111:key/db' },
              ],
              dbClusterSnapshots: [
                { id: 'cl-public', dbClusterId: 'aurora', restore: ['all', ACCOUNT_B] },
                { id: 'cl-private', dbClusterId: 'aurora', encrypted: true, kmsKeyId: 'key-cl', tags: { env: 'prod' } },
              ],
              dbInstances: [
                {
                  id: 'web-db',
                  publiclyAccessible: true,
                  port: 5432,
                  vpcId: 'vpc-0a01',
                  subnetIds: ['subnet-0a01', 'subnet-0a02'],
                  securityGroupIds: ['sg-0a01', 'sg-0a02'],
                  tags: { Name: HOSTILE },
                },
                { id: 'aurora-1', engine: 'aurora-postgresql', dbClusterId: 'aurora', address: 'aurora-1.internal.example', storageEncrypted: true, kmsKeyId: 'key-cl' },
                { id: 'aurora-2', engine: 'aurora-postgresql', dbClusterId: 'aurora', status: 'stopped' },
              ],
              dbClusters: [
                { id: 'aurora', memberInstanceIds: ['aurora-1', 'aurora-2'], securityGroupIds: ['sg-0a02'], storageEncrypted: true, kmsKeyId: 'key-cl' },
                { id: 'multi-az', engine: 'postgres', publiclyAccessible: true, port: 5433, tags: { tier: 'data' } },
              ],
              backupVaults: [
                {
                  name: 'Default',
                  recoveryPoints: [
                    { id: 'snap-0e01', resourceArn: 'arn:aws:ec2:eu-west-1:111111111111:volume/vol-0a01', creationDate: '2026-01-03T00:00:00.000Z' },
                    {
                      id: 'rp-rds-1',
                      resourceArn: 'arn:aws:rds:eu-west-1:111111111111:db:web-db',
                      resourceType: 'RDS',
                      isEncrypted: false,
                      creationDate: '2026-01-05T00:00:00.000Z',
                    },
                  ],
                },
                { name: 'open-vault', locked: true, encryptionKeyArn: 'arn:aws:kms:eu-west-1:111111111111:key/vault', policy: OPEN_POLICY },
              ],
            },
            [BULK]: {
              dbSnapshots: Array.from({ length: SERVICE_BULK.dbSnapshots }, (_, i) => ({ id: `bulk-${hex(i)}`, dbInstanceId: `db-${i % 3}` })),
              backupVaults: Array.from({ length: SERVICE_BULK.backupVaults }, (_, i) => ({ name: `vault-${i}` })),
            },
          },
          roles: [{ name: 'Chained', trustedAccounts: [ACCOUNT_C] }],
        },
        {
          id: ACCOUNT_B,
          accessKeyIds: [KEY_B],
          regions: {
            [HOME]: {
              dbSnapshots: [
                { id: 'b-shared-with-a', dbInstanceId: 'b-db', restore: [ACCOUNT_A], tags: { secret: 'owner only' } },
                { id: 'b-public', dbInstanceId: 'b-db', restore: ['all'] },
                { id: 'b-private', dbInstanceId: 'b-db' },
                // Automated snapshots cannot be shared: this attribute is inert.
                { id: 'rds:b-db-auto', dbInstanceId: 'b-db', snapshotType: 'automated', restore: ['all'] },
              ],
              dbClusterSnapshots: [{ id: 'b-cl-shared', dbClusterId: 'b-aurora', restore: [ACCOUNT_A] }],
            },
          },
        },
        {
          id: ACCOUNT_C,
          roles: [
            { name: AUDIT_ROLE, trustedAccounts: [ACCOUNT_A], externalId: EXTERNAL_ID },
            { name: ORG_ROLE, trustedAccounts: [ACCOUNT_A, ACCOUNT_B] },
          ],
          regions: {
            [HOME]: {
              snapshots: [{ id: 'snap-0c01', description: 'only C sees this' }],
              dbSnapshots: [{ id: 'c-db', dbInstanceId: 'c-instance' }],
              backupVaults: [{ name: 'c-vault' }],
            },
          },
        },
        { id: OUTSIDER, accessKeyIds: [KEY_OUTSIDER], regions: { [HOME]: {} } },
      ],
      organization: {
        id: ORG_ID,
        managementAccountId: ACCOUNT_A,
        delegatedAdministrators: [ACCOUNT_C],
        members: [
          { id: ACCOUNT_A, name: 'management', email: 'root@example.com', joinedTimestamp: '2024-05-06T07:08:09.000Z' },
          { id: ACCOUNT_B, name: HOSTILE, email: 'b@example.com', status: 'SUSPENDED' },
          { id: ACCOUNT_C, name: 'audit', status: 'PENDING_CLOSURE' },
          ...Array.from({ length: SERVICE_BULK.organizationMembers - 3 }, (_, i) => ({ id: String(600000000000 + i), name: `member-${i}` })),
        ],
      },
    },
  };
}
