// Every AWS API action this provider can call. A meta-test checks that every command the provider's
// code can send is listed here, and end-to-end tests that every action the emulator served during
// full scans (single account and organization) is in the printed policy.
import type { ProviderPermissions } from '../../src/provider.js';

/**
 * Read-only actions, needed in every scanned account. `iam:GenerateCredentialReport` builds the
 * credential report and changes nothing else; the ReadOnlyAccess and SecurityAudit managed policies of AWS hold it.
 */
const READ_ACTIONS: readonly string[] = [
  'backup:GetBackupVaultAccessPolicy',
  'backup:ListBackupVaults',
  'backup:ListRecoveryPointsByBackupVault',
  'cloudtrail:DescribeTrails',
  'cloudtrail:GetEventSelectors',
  'cloudtrail:GetTrailStatus',
  'cloudtrail:LookupEvents',
  'ec2:DescribeImageAttribute',
  'ec2:DescribeImages',
  'ec2:DescribeInstances',
  'ec2:DescribeNetworkAcls',
  'ec2:DescribeRegions',
  'ec2:DescribeSecurityGroups',
  'ec2:DescribeSnapshotAttribute',
  'ec2:DescribeSnapshots',
  'ec2:DescribeVolumes',
  'ec2:GetEbsEncryptionByDefault',
  'ec2:GetImageBlockPublicAccessState',
  'ec2:GetSnapshotBlockPublicAccessState',
  'iam:GenerateCredentialReport',
  'iam:GetAccountAuthorizationDetails',
  'iam:GetAccountPasswordPolicy',
  'iam:GetAccountSummary',
  'iam:GetCredentialReport',
  'organizations:DescribeOrganization',
  'organizations:DescribePolicy',
  'organizations:ListAccounts',
  'organizations:ListParents',
  'organizations:ListPoliciesForTarget',
  'rds:DescribeDBClusterSnapshotAttributes',
  'rds:DescribeDBClusterSnapshots',
  'rds:DescribeDBClusters',
  'rds:DescribeDBInstances',
  'rds:DescribeDBSnapshotAttributes',
  'rds:DescribeDBSnapshots',
  'sts:GetCallerIdentity',
];

/** Only for `--org`: the management (or delegated administrator) account assumes the audit role. */
const ASSUME_ACTION = 'sts:AssumeRole';

export const AWS_ACTIONS: readonly string[] = [...READ_ACTIONS, ASSUME_ACTION].sort();

export const awsPermissions: ProviderPermissions = {
  actions: AWS_ACTIONS,
  document({ assumeRole } = {}) {
    const statements: object[] = [{ Sid: 'SnapauditReadOnly', Effect: 'Allow', Action: READ_ACTIONS, Resource: '*' }];
    if (assumeRole) {
      statements.push({ Sid: 'SnapauditAssumeAuditRole', Effect: 'Allow', Action: [ASSUME_ACTION], Resource: `arn:aws:iam::*:role/${assumeRole}` });
    }
    return `${JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2)}\n`;
  },
};
