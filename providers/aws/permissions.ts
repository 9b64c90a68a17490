// Every AWS API action this provider can call. A meta-test checks that the actions the emulator
// served during a full scan, and every command the provider's code sends, are in this list.
import type { ProviderPermissions } from '../../src/provider.js';

export const AWS_ACTIONS: readonly string[] = [
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
  'sts:GetCallerIdentity',
];

export const awsPermissions: ProviderPermissions = {
  actions: AWS_ACTIONS,
  document: `${JSON.stringify(
    {
      Version: '2012-10-17',
      Statement: [{ Sid: 'SnapauditReadOnly', Effect: 'Allow', Action: AWS_ACTIONS, Resource: '*' }],
    },
    null,
    2,
  )}\n`,
};
