// CloudTrail records to AuditEvents, on every public sample (Panther's rule tests, Stratus Red
// Team's doc sample) and on shapes the samples lack (nested and response-side ingress rules,
// lookup-events, RDS restores, secrets next to ids).
import { describe, expect, it } from 'vitest';
import type { Activity, AuditEvent } from '../../../src/logs/event.js';
import { normaliseCloudTrail } from '../../../src/logs/cloudtrail.js';
import { fixtureJson, pantherCase, pantherCases } from './fixtures.js';

interface Expectation {
  readonly action: string;
  readonly outcome: 'success' | 'failure';
  readonly actor: string;
  readonly resources: readonly string[];
  readonly activities: readonly Activity[];
}

const ASSUMED = 'arn:aws:sts::123456789012:assumed-role/example-role/example-user';

const EXPECTED: Readonly<Record<string, Expectation>> = {
  'aws_ami_modified_for_public_access.json|AMI Made Public': {
    action: 'ModifyImageAttribute',
    outcome: 'success',
    actor: ASSUMED,
    resources: ['ami-1111'],
    activities: [{ kind: 'shared', target: 'ami-1111', targetRole: 'image', grantees: [{ kind: 'public', detail: 'group:all' }] }],
  },
  // `group` other than `all` grants nobody: no share.
  'aws_ami_modified_for_public_access.json|AMI Not Made Public': { action: 'ModifyImageAttribute', outcome: 'success', actor: ASSUMED, resources: ['ami-1111'], activities: [] },
  'aws_ami_modified_for_public_access.json|AMI Launch Permissions Not Modified': { action: 'ModifyImageAttribute', outcome: 'success', actor: ASSUMED, resources: ['ami-1111'], activities: [] },
  'aws_ami_modified_for_public_access.json|AMI Added to User': {
    action: 'ModifyImageAttribute',
    outcome: 'success',
    actor: ASSUMED,
    resources: ['ami-1111'],
    activities: [{ kind: 'shared', target: 'ami-1111', targetRole: 'image', grantees: [{ kind: 'account', id: 'bob' }] }],
  },
  'aws_ami_modified_for_public_access.json|Error Making AMI Public': { action: 'ModifyImageAttribute', outcome: 'failure', actor: ASSUMED, resources: ['ami-1111'], activities: [] },
  'aws_ami_modified_for_public_access.json|Access Granted To Unknown User': {
    action: 'ModifyImageAttribute',
    outcome: 'success',
    actor: ASSUMED,
    resources: ['ami-1111'],
    activities: [{ kind: 'shared', target: 'ami-1111', targetRole: 'image', grantees: [{ kind: 'account', id: '012345678901' }] }],
  },
  'aws_ec2_launch_unusual_ec2_instances.json|Successful Unusual EC2': {
    action: 'RunInstances',
    outcome: 'success',
    actor: 'arn:aws:sts::111122223333:assumed-role/AWSServiceRoleForAutoScaling/AutoScaling',
    resources: ['sg-03d704b35372e74e8', 'i-07d06021b0da55115', 'ami-013e7d3a6659f358d'],
    activities: [
      { kind: 'instance-launched', instance: 'i-07d06021b0da55115', from: ['ami-013e7d3a6659f358d'] },
      { kind: 'restored', from: 'ami-013e7d3a6659f358d', created: 'i-07d06021b0da55115', createdRole: 'instance' },
    ],
  },
  'aws_ec2_launch_unusual_ec2_instances.json|Failed Unusual EC2': {
    action: 'RunInstances',
    outcome: 'failure',
    actor: 'arn:aws:sts::900138736586:assumed-role/stratus-red-team-ec2lui-role-idtzskbvtd/aws-go-sdk-1722511821294449000',
    resources: ['ami-aCBbfd13bdb1d1E4b'],
    activities: [],
  },
  'aws_ec2_launch_unusual_ec2_instances.json|Successful Unusual EC2 (Dictionary)': {
    action: 'RunInstances',
    outcome: 'success',
    actor: 'arn:aws:sts::111122223333:assumed-role/AWSServiceRoleForAutoScaling/AutoScaling',
    resources: ['sg-03d704b35372e74e8', 'i-07d06021b0da55115', 'ami-013e7d3a6659f358d'],
    activities: [
      { kind: 'instance-launched', instance: 'i-07d06021b0da55115', from: ['ami-013e7d3a6659f358d'] },
      { kind: 'restored', from: 'ami-013e7d3a6659f358d', created: 'i-07d06021b0da55115', createdRole: 'instance' },
    ],
  },
  'aws_ec2_monitoring.json|CopyImage': {
    action: 'CreateImage',
    outcome: 'success',
    actor: 'arn:aws:sts::123456789101:assumed-role/DevAdministrator/test_user',
    resources: ['i-0381a3817f72a949d', 'ami-06aaf5e4b77161786'],
    activities: [{ kind: 'snapshot-created', target: 'ami-06aaf5e4b77161786', targetRole: 'image', source: 'i-0381a3817f72a949d' }],
  },
  'aws_ec2_monitoring.json|RunInstance': {
    action: 'RunInstances',
    outcome: 'success',
    actor: 'arn:aws:sts::123123123123:assumed-role/DevAdministrator/temp_user',
    resources: ['ami-026b57f3c383c2eec', 'sg-0aebfa21f302bded9', 'i-0d7e4b9be8a0de6ea'],
    activities: [
      { kind: 'instance-launched', instance: 'i-0d7e4b9be8a0de6ea', from: ['ami-026b57f3c383c2eec'] },
      { kind: 'restored', from: 'ami-026b57f3c383c2eec', created: 'i-0d7e4b9be8a0de6ea', createdRole: 'instance' },
    ],
  },
  // A dry run carries an error code: it did not happen.
  'aws_ec2_monitoring.json|RunInstance - Dry Run ': {
    action: 'RunInstances',
    outcome: 'failure',
    actor: 'arn:aws:sts::123123123123:assumed-role/AWSServiceRoleForAmazonEKSNodegroup/EKS',
    resources: [],
    activities: [],
  },
  'aws_ec2_monitoring.json|CopyImage - UserIdentity Null': {
    action: 'CreateImage',
    outcome: 'success',
    actor: 'arn:aws:sts::123456789101:assumed-role/DevAdministrator/test_user',
    resources: ['i-0381a3817f72a949d', 'ami-06aaf5e4b77161786'],
    activities: [{ kind: 'snapshot-created', target: 'ami-06aaf5e4b77161786', targetRole: 'image', source: 'i-0381a3817f72a949d' }],
  },
  'aws_ec2_security_group_modified.json|Security Group Modified': {
    action: 'AuthorizeSecurityGroupIngress',
    outcome: 'success',
    actor: 'arn:aws:sts::123456789012:assumed-role/tester',
    resources: ['sg-1'],
    activities: [{ kind: 'ingress-opened', target: 'sg-1', protocol: 'tcp', ports: [{ from: 22, to: 22 }], sources: ['127.0.0.1/32'] }],
  },
  'aws_ec2_security_group_modified.json|Security Group Not Modified': {
    action: 'DescribeSecurityGroups',
    outcome: 'success',
    actor: 'arn:aws:sts::123456789012:assumed-role/tester',
    resources: [],
    activities: [],
  },
  'aws_ec2_security_group_modified.json|Error Mofidying Security Group': {
    action: 'AuthorizeSecurityGroupIngress',
    outcome: 'failure',
    actor: 'arn:aws:sts::123456789012:assumed-role/tester',
    resources: ['sg-1'],
    activities: [],
  },
  'aws_iam_create_user.json|IAM User Created': {
    action: 'CreateUser',
    outcome: 'success',
    actor: 'arn:aws:sts::123456789012:assumed-role/tester',
    resources: ['new-user'],
    activities: [{ kind: 'principal-created', principal: 'new-user' }],
  },
  'aws_iam_create_user.json|IAM User Not Created': { action: 'AttachUserPolicy', outcome: 'success', actor: 'arn:aws:sts::123456789012:assumed-role/tester', resources: [], activities: [] },
  'aws_iam_user_key_created.json|user1 create keys for user1': {
    action: 'CreateAccessKey',
    outcome: 'success',
    actor: 'arn:aws:iam::123456789:user/user1',
    resources: ['user1', 'ABCDEFG'],
    activities: [{ kind: 'credential-created', principal: 'user1', credential: 'ABCDEFG' }],
  },
  'aws_iam_user_key_created.json|user1 create keys for user2': {
    action: 'CreateAccessKey',
    outcome: 'success',
    actor: 'arn:aws:iam::123456789:user/user1',
    resources: ['user2', 'ABCDEFG'],
    activities: [{ kind: 'credential-created', principal: 'user2', credential: 'ABCDEFG' }],
  },
  'aws_iam_user_key_created.json|jackson create keys for jack': {
    action: 'CreateAccessKey',
    outcome: 'success',
    actor: 'arn:aws:iam::123456789:user/jackson',
    resources: ['jack', 'ABCDEFG'],
    activities: [{ kind: 'credential-created', principal: 'jack', credential: 'ABCDEFG' }],
  },
  'aws_iam_user_key_created.json|jack create keys for jackson': {
    action: 'CreateAccessKey',
    outcome: 'success',
    actor: 'arn:aws:iam::123456789:user/jack',
    resources: ['jackson', 'ABCDEFG'],
    activities: [{ kind: 'credential-created', principal: 'jackson', credential: 'ABCDEFG' }],
  },
  'aws_iam_user_key_created.json|CreateKey returns error code': {
    action: 'CreateAccessKey',
    outcome: 'failure',
    actor: 'arn:aws:iam::123456789012:user/some_iam_user',
    resources: ['some_iam_user'],
    activities: [],
  },
  'aws_modify_cloud_compute_infrastructure.json|Terminate Instance from AssumedRole': {
    action: 'TerminateInstances',
    outcome: 'success',
    actor: 'arn:aws:sts::111222333444:assumed-role/SomeRole/AThing',
    resources: [],
    activities: [],
  },
  'aws_modify_cloud_compute_infrastructure.json|Terminate Instance from autoscaling': {
    action: 'TerminateInstances',
    outcome: 'success',
    actor: 'arn:aws:sts::111222333444:assumed-role/AWSServiceRoleForAutoScaling/AutoScaling',
    resources: [],
    activities: [],
  },
  'aws_modify_cloud_compute_infrastructure.json|Get Partition': {
    action: 'GetPartition',
    outcome: 'failure',
    actor: 'arn:aws:sts::111222333444:assumed-role/panther-Panther-4JL51Q6AU6SH-LogAnal-CompactorRole-W1WCIV3PHU0S/panther-datacatalog-compactor',
    resources: [],
    activities: [],
  },
  'aws_modify_cloud_compute_infrastructure.json|Terminate instance From WebUI with assumedRole': {
    action: 'RunInstances',
    outcome: 'success',
    actor: 'arn:aws:sts::123412341234:assumed-role/SomeRole/person',
    resources: ['ami-08e2d37b6a0129927', 'sg-0077c778d7ad1f5f2', 'i-0690cd354a0c3850c'],
    activities: [
      { kind: 'instance-launched', instance: 'i-0690cd354a0c3850c', from: ['ami-08e2d37b6a0129927'] },
      { kind: 'restored', from: 'ami-08e2d37b6a0129927', created: 'i-0690cd354a0c3850c', createdRole: 'instance' },
    ],
  },
  'aws_modify_cloud_compute_infrastructure.json|Weird AWS Internal Message': {
    action: 'RunInstances',
    outcome: 'failure',
    actor: 'arn:aws:sts::123412341234:assumed-role/funky-role-doing-dryrun/astronomer-managed-1665678811',
    resources: ['ami-05074c40f29040248'],
    activities: [],
  },
  'aws_rds_manual_snapshot_created.json|Manual Snapshot Created': {
    action: 'CreateDBSnapshot',
    outcome: 'success',
    actor: 'arn:aws:sts::123456789012:assumed-role/ARole/fake.user',
    resources: ['terraform-20231208145149286600000001', 'exfiltration'],
    activities: [{ kind: 'snapshot-created', target: 'exfiltration', targetRole: 'db-snapshot', source: 'terraform-20231208145149286600000001' }],
  },
  'aws_rds_manual_snapshot_created.json|Public Snapshot Created': {
    action: 'CreateDBSnapshot',
    outcome: 'success',
    actor: 'arn:aws:sts::123456789012:assumed-role/ARole/fake.user',
    resources: ['terraform-20231208145149286600000001', 'exfiltration'],
    activities: [{ kind: 'snapshot-created', target: 'exfiltration', targetRole: 'db-snapshot', source: 'terraform-20231208145149286600000001' }],
  },
  'aws_rds_manual_snapshot_created.json|Automated Snapshot Created': {
    action: 'CreateDBSnapshot',
    outcome: 'success',
    actor: 'arn:aws:sts::123456789012:assumed-role/ARole/fake.user',
    resources: ['terraform-20231208145149286600000001', 'exfiltration'],
    activities: [{ kind: 'snapshot-created', target: 'exfiltration', targetRole: 'db-snapshot', source: 'terraform-20231208145149286600000001' }],
  },
  'aws_rds_manual_snapshot_created.json|Awsbackup Snapshot Created': {
    action: 'CreateDBSnapshot',
    outcome: 'success',
    actor: 'arn:aws:sts::123456789012:assumed-role/ARole/fake.user',
    resources: ['terraform-20231208145149286600000001', 'exfiltration'],
    activities: [{ kind: 'snapshot-created', target: 'exfiltration', targetRole: 'db-snapshot', source: 'terraform-20231208145149286600000001' }],
  },
  'aws_rds_master_pass_updated.json|Allocated storage modified': { action: 'ModifyDBInstance', outcome: 'success', actor: 'arn:aws:sts::123456789012:assumed-role/Admin/Jack', resources: [], activities: [] },
  'aws_rds_master_pass_updated.json|Master pass modified': { action: 'ModifyDBInstance', outcome: 'success', actor: 'arn:aws:sts::123456789012:assumed-role/Admin/Jack', resources: [], activities: [] },
  'aws_rds_publicrestore.json|Not-Restore-RDS-Request': { action: 'CreateDBInstance', outcome: 'success', actor: 'arn:aws:iam::123456789012:user/johndoe', resources: [], activities: [] },
  // Panther's records leave the snapshot out of the request: the restore is recorded, its source unknown, no activity drawn.
  'aws_rds_publicrestore.json|RDS-Restore-Not-Public': {
    action: 'RestoreDBInstanceFromDBSnapshot',
    outcome: 'success',
    actor: 'arn:aws:iam::123456789012:user/johndoe',
    resources: ['test-instance'],
    activities: [],
  },
  'aws_rds_publicrestore.json|RDS-Restore-Public': {
    action: 'RestoreDBInstanceFromDBSnapshot',
    outcome: 'success',
    actor: 'arn:aws:iam::123456789012:user/johndoe',
    resources: ['test-instance'],
    activities: [],
  },
  'aws_rds_snapshot_copied_cross_region.json|Snapshot Copied Cross-Region': {
    action: 'CopyDBSnapshot',
    outcome: 'success',
    actor: 'arn:aws:sts::123456789012:assumed-role/DeveloperRole/user',
    resources: ['arn:aws:rds:us-east-1:123456789012:snapshot:prod-backup-2024', 'prod-backup-2024-copy'],
    activities: [
      { kind: 'snapshot-created', target: 'prod-backup-2024-copy', targetRole: 'db-snapshot', source: 'arn:aws:rds:us-east-1:123456789012:snapshot:prod-backup-2024' },
      { kind: 'exported', target: 'arn:aws:rds:us-east-1:123456789012:snapshot:prod-backup-2024', destination: 'us-west-2' },
    ],
  },
  'aws_rds_snapshot_copied_cross_region.json|Cluster Snapshot Copied Cross-Region': {
    action: 'CopyDBClusterSnapshot',
    outcome: 'success',
    actor: 'arn:aws:iam::123456789012:user/contractor',
    resources: ['arn:aws:rds:us-east-1:123456789012:cluster-snapshot:aurora-prod-backup', 'aurora-prod-backup-eu'],
    activities: [
      { kind: 'snapshot-created', target: 'aurora-prod-backup-eu', targetRole: 'db-snapshot', source: 'arn:aws:rds:us-east-1:123456789012:cluster-snapshot:aurora-prod-backup' },
      { kind: 'exported', target: 'arn:aws:rds:us-east-1:123456789012:cluster-snapshot:aurora-prod-backup', destination: 'eu-west-1' },
    ],
  },
  'aws_rds_snapshot_copied_cross_region.json|Snapshot Copied Within Same Region - No Alert': {
    action: 'CopyDBSnapshot',
    outcome: 'success',
    actor: 'arn:aws:sts::123456789012:assumed-role/AdminRole/admin',
    resources: ['original-snapshot', 'copy-of-snapshot'],
    activities: [{ kind: 'snapshot-created', target: 'copy-of-snapshot', targetRole: 'db-snapshot', source: 'original-snapshot' }],
  },
  'aws_rds_snapshot_copied_cross_region.json|Copy Failed': {
    action: 'CopyDBSnapshot',
    outcome: 'failure',
    actor: 'arn:aws:iam::123456789012:user/developer',
    resources: ['arn:aws:rds:us-east-1:123456789012:snapshot:prod-backup', 'prod-backup-copy'],
    activities: [],
  },
  'aws_rds_snapshot_enumeration.json|Snapshot Enumeration with Public Flag': { action: 'DescribeDBSnapshots', outcome: 'success', actor: 'arn:aws:iam::123456789012:user/researcher', resources: [], activities: [] },
  'aws_rds_snapshot_enumeration.json|Cluster Snapshot Enumeration with Shared Flag': {
    action: 'DescribeDBClusterSnapshots',
    outcome: 'success',
    actor: 'arn:aws:sts::123456789012:assumed-role/SecurityAuditor/user',
    resources: [],
    activities: [],
  },
  'aws_rds_snapshot_enumeration.json|Normal Snapshot Query - No Public or Shared Flag': {
    action: 'DescribeDBSnapshots',
    outcome: 'success',
    actor: 'arn:aws:sts::123456789012:assumed-role/DBARole/admin',
    resources: [],
    activities: [],
  },
  'aws_rds_snapshot_enumeration.json|Query Failed': { action: 'DescribeDBSnapshots', outcome: 'failure', actor: 'arn:aws:iam::123456789012:user/developer', resources: [], activities: [] },
  // The source ARN is in the event's own account and region: reduced to the identifier.
  'aws_rds_snapshot_export.json|RDS Snapshot Export Started': {
    action: 'StartExportTask',
    outcome: 'success',
    actor: 'arn:aws:sts::123456789012:assumed-role/Admin/user',
    resources: ['my-db-snapshot', 'export-snapshot-2024-01-15-103000'],
    activities: [{ kind: 'exported', target: 'my-db-snapshot', destination: 's3://my-export-bucket/exports/2024-01-15/' }],
  },
  'aws_rds_snapshot_export.json|RDS Snapshot Export to Suspicious Bucket': {
    action: 'StartExportTask',
    outcome: 'success',
    actor: 'arn:aws:iam::123456789012:user/developer',
    resources: ['production-db-snapshot', 'export-snapshot-2024-01-15-103000'],
    activities: [{ kind: 'exported', target: 'production-db-snapshot', destination: 's3://temp-export-external-bucket/tmp/' }],
  },
  'aws_rds_snapshot_export.json|RDS Snapshot Export Failed': {
    action: 'StartExportTask',
    outcome: 'failure',
    actor: 'arn:aws:sts::123456789012:assumed-role/Admin/user',
    resources: ['my-db-snapshot'],
    activities: [],
  },
  'aws_rds_snapshot_export.json|Different RDS Event': {
    action: 'CreateDBSnapshot',
    outcome: 'success',
    actor: 'arn:aws:sts::123456789012:assumed-role/Admin/user',
    resources: ['my-db-instance', 'my-snapshot'],
    activities: [{ kind: 'snapshot-created', target: 'my-snapshot', targetRole: 'db-snapshot', source: 'my-db-instance' }],
  },
  'aws_rds_snapshot_shared.json|Snapshot shared with another account': {
    action: 'ModifyDBSnapshotAttribute',
    outcome: 'success',
    actor: 'arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_DevAdmin_635426549a280cc6/fake.user',
    resources: ['exfiltration'],
    activities: [{ kind: 'shared', target: 'exfiltration', targetRole: 'db-snapshot', grantees: [{ kind: 'account', id: '193672423079' }] }],
  },
  'aws_rds_snapshot_shared.json|Snapshot shared with no accounts': {
    action: 'ModifyDBSnapshotAttribute',
    outcome: 'success',
    actor: 'arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_DevAdmin_635426549a280cc6/fake.user',
    resources: ['exfiltration'],
    activities: [],
  },
  'aws_snapshot_made_public.json|Snapshot Made Publicly Accessible': {
    action: 'ModifySnapshotAttribute',
    outcome: 'success',
    actor: ASSUMED,
    resources: ['snap-1111'],
    activities: [{ kind: 'shared', target: 'snap-1111', targetRole: 'snapshot', grantees: [{ kind: 'public', detail: 'group:all' }] }],
  },
  'aws_snapshot_made_public.json|Snapshot Not Made Publicly Accessible': { action: 'ModifySnapshotAttribute', outcome: 'success', actor: ASSUMED, resources: ['snap-1111'], activities: [] },
  'aws_snapshot_made_public.json|Error Making Snapshot Publicly Accessible': { action: 'ModifySnapshotAttribute', outcome: 'failure', actor: ASSUMED, resources: ['snap-1111'], activities: [] },
  'aws_snapshot_made_public.json|Snapshot Mader Available to Single Person': {
    action: 'ModifySnapshotAttribute',
    outcome: 'success',
    actor: ASSUMED,
    resources: ['snap-1111'],
    activities: [{ kind: 'shared', target: 'snap-1111', targetRole: 'snapshot', grantees: [{ kind: 'account', id: '111122223333' }] }],
  },
};

function normalised(log: unknown, origin = 'test'): AuditEvent {
  const event = normaliseCloudTrail(log, origin);
  if (!event) throw new Error('not normalised');
  return event;
}

describe('normaliseCloudTrail on the Panther samples', () => {
  const cases = pantherCases('aws_');

  it('has an expectation for every AWS sample', () => {
    expect(cases.map((c) => `${c.file}|${c.name}`).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(cases.map((c) => [`${c.file} | ${c.name}`, c] as const))('%s', (_label, c) => {
    const expected = EXPECTED[`${c.file}|${c.name}`];
    const event = normalised(c.log, `${c.file}:0`);
    expect(event.provider).toBe('aws');
    expect(event.action).toBe(expected?.action);
    expect(event.outcome).toBe(expected?.outcome);
    expect(event.actor.id).toBe(expected?.actor);
    expect(event.resources.map((r) => r.id)).toEqual(expected?.resources);
    expect(event.activities).toEqual(expected?.activities);
    expect(event.origin).toBe(`${c.file}:0`);
    expect(event.time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    if (event.outcome === 'failure') expect(event.error).toMatch(/^[A-Za-z.]+/);
    else expect(event.error).toBeUndefined();
  });
});

describe('normaliseCloudTrail fields', () => {
  it('reads an assumed-role actor in full', () => {
    const event = normalised(pantherCase('aws_ami_modified_for_public_access.json', 'AMI Made Public'));
    expect(event).toMatchObject({ id: '1111', time: '2019-01-01T00:00:00.000Z', account: '123456789012', region: 'us-west-2', service: 'ec2.amazonaws.com' });
    expect(event.actor).toEqual({
      type: 'assumed-role',
      id: ASSUMED,
      name: 'example-role',
      sessionIssuer: 'arn:aws:iam::123456789012:role/example-role',
      accessKeyId: '1111',
      sourceIp: '111.111.111.111',
      userAgent: 'Mozilla/2.0 (compatible; NEWT ActiveX; Win32)',
    });
  });

  it('reads an IAM user and the SIEM time spelling', () => {
    const event = normalised(pantherCase('aws_iam_user_key_created.json', 'user1 create keys for user2'));
    expect(event.actor).toMatchObject({ type: 'user', id: 'arn:aws:iam::123456789:user/user1', name: 'user1', accessKeyId: 'ABCDEFGH' });
    expect(event.time).toBe('2022-09-27T17:09:18.000Z');
  });

  it('names the role of a session whose record has no session context', () => {
    const event = normalised(pantherCase('aws_rds_snapshot_export.json', 'RDS Snapshot Export Started'));
    expect(event.actor).toMatchObject({ type: 'assumed-role', name: 'Admin' });
  });

  it('keeps the error code and message of a failed call, redacted and on one line', () => {
    const event = normalised(pantherCase('aws_ec2_launch_unusual_ec2_instances.json', 'Failed Unusual EC2'));
    expect(event.error).toMatch(/^Client\.UnauthorizedOperation: You are not authorized/);
    expect(event.error?.length).toBeLessThanOrEqual(400);
  });

  it('turns the owner-side SharedSnapshotCopyInitiated service event into an export to the copying account', () => {
    const event = normalised(fixtureJson('stratus-doc-samples/aws-SharedSnapshotCopyInitiated.doc-sample.json'));
    expect(event).toMatchObject({ action: 'SharedSnapshotCopyInitiated', account: '111111111111', outcome: 'success' });
    expect(event.actor).toMatchObject({ type: 'service', id: '999999999999', account: '999999999999' });
    expect(event.resources).toEqual([{ role: 'snapshot', id: 'snap-12345', type: 'AWS::EC2::Snapshot' }]);
    expect(event.activities).toEqual([{ kind: 'exported', target: 'snap-12345', destination: '999999999999' }]);
  });

  it('declines values that are not CloudTrail records', () => {
    expect(normaliseCloudTrail(undefined, 'x')).toBeUndefined();
    expect(normaliseCloudTrail([], 'x')).toBeUndefined();
    expect(normaliseCloudTrail({ eventName: 'CreateSnapshot', eventSource: 'ec2.amazonaws.com' }, 'x')).toBeUndefined();
    expect(normaliseCloudTrail({ protoPayload: {} }, 'x')).toBeUndefined();
  });
});

/** A minimal record around the fields a test cares about. */
function record(eventName: string, requestParameters: unknown, responseElements: unknown, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    eventVersion: '1.08',
    eventID: `id-${eventName}`,
    eventTime: '2024-03-01T10:00:00Z',
    eventSource: 'ec2.amazonaws.com',
    eventName,
    awsRegion: 'eu-west-1',
    recipientAccountId: '111111111111',
    userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::111111111111:user/alice', accountId: '111111111111', userName: 'alice', accessKeyId: 'AKIAEXAMPLEKEY0001' },
    sourceIPAddress: '198.51.100.7',
    userAgent: 'aws-cli/2',
    requestParameters,
    responseElements,
    ...extra,
  };
}

describe('normaliseCloudTrail activities beyond the samples', () => {
  it('reads the nested AuthorizeSecurityGroupIngress shape with IPv4 and IPv6 ranges and protocol -1', () => {
    const event = normalised(
      record(
        'AuthorizeSecurityGroupIngress',
        {
          groupId: 'sg-0a',
          ipPermissions: {
            items: [
              { ipProtocol: 'tcp', fromPort: 3389, toPort: 3389, ipRanges: { items: [{ cidrIp: '0.0.0.0/0' }] }, ipv6Ranges: { items: [{ cidrIpv6: '::/0' }] } },
              { ipProtocol: '-1', ipRanges: { items: [{ cidrIp: '203.0.113.0/24' }] } },
              { ipProtocol: 'tcp', fromPort: 443, toPort: 443, groups: { items: [{ groupId: 'sg-0b' }] } },
            ],
          },
        },
        { _return: true },
      ),
    );
    expect(event.activities).toEqual([
      { kind: 'ingress-opened', target: 'sg-0a', protocol: 'tcp', ports: [{ from: 3389, to: 3389 }], sources: ['0.0.0.0/0', '::/0'] },
      { kind: 'ingress-opened', target: 'sg-0a', protocol: 'all', ports: [{ from: 0, to: 65535 }], sources: ['203.0.113.0/24'] },
    ]);
  });

  it('reads the flat AuthorizeSecurityGroupIngress shape', () => {
    const event = normalised(record('AuthorizeSecurityGroupIngress', { groupId: 'sg-0a', ipProtocol: 'tcp', fromPort: 22, toPort: 22, cidrIp: '0.0.0.0/0' }, { _return: true }));
    expect(event.activities).toEqual([{ kind: 'ingress-opened', target: 'sg-0a', protocol: 'tcp', ports: [{ from: 22, to: 22 }], sources: ['0.0.0.0/0'] }]);
  });

  it('prefers the securityGroupRuleSet of the response and skips egress rules in it', () => {
    const event = normalised(
      record(
        'AuthorizeSecurityGroupIngress',
        { groupId: 'sg-0a', ipPermissions: { items: [{ ipProtocol: 'tcp', fromPort: 1, toPort: 1, ipRanges: { items: [{ cidrIp: '10.0.0.0/8' }] } }] } },
        {
          _return: true,
          securityGroupRuleSet: {
            items: [
              { groupId: 'sg-0a', securityGroupRuleId: 'sgr-1', isEgress: false, ipProtocol: 'tcp', fromPort: 22, toPort: 22, cidrIpv4: '0.0.0.0/0' },
              { groupId: 'sg-0a', securityGroupRuleId: 'sgr-2', isEgress: false, ipProtocol: 'tcp', fromPort: 22, toPort: 22, cidrIpv6: '::/0' },
              { groupId: 'sg-0a', securityGroupRuleId: 'sgr-3', isEgress: true, ipProtocol: '-1', fromPort: -1, toPort: -1, cidrIpv4: '0.0.0.0/0' },
            ],
          },
        },
      ),
    );
    expect(event.activities).toEqual([{ kind: 'ingress-opened', target: 'sg-0a', protocol: 'tcp', ports: [{ from: 22, to: 22 }], sources: ['0.0.0.0/0', '::/0'] }]);
  });

  it('reads ModifySecurityGroupRules', () => {
    const event = normalised(
      record(
        'ModifySecurityGroupRules',
        {
          ModifySecurityGroupRulesRequest: {
            GroupId: 'sg-0a',
            SecurityGroupRule: { SecurityGroupRuleId: 'sgr-1', SecurityGroupRule: { IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, CidrIpv4: '0.0.0.0/0' } },
          },
        },
        { ModifySecurityGroupRulesResponse: { return: true } },
      ),
    );
    expect(event.activities).toEqual([{ kind: 'ingress-opened', target: 'sg-0a', protocol: 'tcp', ports: [{ from: 5432, to: 5432 }], sources: ['0.0.0.0/0'] }]);
  });

  it('reads add and remove of createVolumePermission in one call', () => {
    const event = normalised(
      record(
        'ModifySnapshotAttribute',
        { snapshotId: 'snap-1', attributeType: 'CREATE_VOLUME_PERMISSION', createVolumePermission: { add: { items: [{ userId: '222222222222' }] }, remove: { items: [{ group: 'all' }] } } },
        { _return: true },
      ),
    );
    expect(event.activities).toEqual([
      { kind: 'shared', target: 'snap-1', targetRole: 'snapshot', grantees: [{ kind: 'account', id: '222222222222' }] },
      { kind: 'unshared', target: 'snap-1', targetRole: 'snapshot', grantees: [{ kind: 'public', detail: 'group:all' }] },
    ]);
  });

  it('reads RDS restore sharing with all, and its removal', () => {
    const event = normalised(
      record(
        'ModifyDBClusterSnapshotAttribute',
        { dBClusterSnapshotIdentifier: 'cl-snap', attributeName: 'restore', valuesToAdd: ['all'], valuesToRemove: ['333333333333'] },
        {},
        { eventSource: 'rds.amazonaws.com' },
      ),
    );
    expect(event.activities).toEqual([
      { kind: 'shared', target: 'cl-snap', targetRole: 'db-snapshot', grantees: [{ kind: 'public', detail: 'restore:all' }] },
      { kind: 'unshared', target: 'cl-snap', targetRole: 'db-snapshot', grantees: [{ kind: 'account', id: '333333333333' }] },
    ]);
  });

  it('reads CreateSnapshot, CreateSnapshots and a cross-region CopySnapshot', () => {
    expect(normalised(record('CreateSnapshot', { volumeId: 'vol-1' }, { snapshotId: 'snap-1', volumeId: 'vol-1' })).activities).toEqual([
      { kind: 'snapshot-created', target: 'snap-1', targetRole: 'snapshot', source: 'vol-1' },
    ]);
    expect(
      normalised(record('CreateSnapshots', { instanceSpecification: { instanceId: 'i-1' } }, { snapshotSet: { items: [{ snapshotId: 'snap-a', volumeId: 'vol-a' }, { snapshotId: 'snap-b', volumeId: 'vol-b' }] } }))
        .activities,
    ).toEqual([
      { kind: 'snapshot-created', target: 'snap-a', targetRole: 'snapshot', source: 'vol-a' },
      { kind: 'snapshot-created', target: 'snap-b', targetRole: 'snapshot', source: 'vol-b' },
    ]);
    expect(normalised(record('CopySnapshot', { sourceSnapshotId: 'snap-1', sourceRegion: 'us-east-1' }, { snapshotId: 'snap-2' })).activities).toEqual([
      { kind: 'snapshot-created', target: 'snap-2', targetRole: 'snapshot', source: 'snap-1' },
      { kind: 'exported', target: 'snap-1', destination: 'eu-west-1' },
    ]);
  });

  it('reads CreateVolume from a snapshot, and RunInstances with a snapshot in its block devices', () => {
    expect(normalised(record('CreateVolume', { snapshotId: 'snap-1', availabilityZone: 'eu-west-1a' }, { volumeId: 'vol-9' })).activities).toEqual([
      { kind: 'restored', from: 'snap-1', created: 'vol-9', createdRole: 'volume' },
    ]);
    expect(normalised(record('CreateVolume', { size: 8 }, { volumeId: 'vol-9' })).activities).toEqual([]);
    const run = normalised(
      record(
        'RunInstances',
        { instancesSet: { items: [{ imageId: 'ami-1', minCount: 1, maxCount: 2 }] }, blockDeviceMapping: { items: [{ deviceName: '/dev/sdf', ebs: { snapshotId: 'snap-7' } }] } },
        { instancesSet: { items: [{ instanceId: 'i-1', imageId: 'ami-1' }, { instanceId: 'i-2', imageId: 'ami-1' }] } },
      ),
    );
    expect(run.activities).toEqual([
      { kind: 'instance-launched', instance: 'i-1', from: ['ami-1', 'snap-7'] },
      { kind: 'restored', from: 'ami-1', created: 'i-1', createdRole: 'instance' },
      { kind: 'restored', from: 'snap-7', created: 'i-1', createdRole: 'instance' },
      { kind: 'instance-launched', instance: 'i-2', from: ['ami-1', 'snap-7'] },
      { kind: 'restored', from: 'ami-1', created: 'i-2', createdRole: 'instance' },
      { kind: 'restored', from: 'snap-7', created: 'i-2', createdRole: 'instance' },
    ]);
  });

  it('lists the security groups a launch puts its instances in, as firewall resources', () => {
    const event = normalised(pantherCase('aws_ec2_monitoring.json', 'RunInstance'));
    expect(event.resources.filter((r) => r.role === 'firewall')).toEqual([{ role: 'firewall', id: 'sg-0aebfa21f302bded9', type: 'AWS::EC2::SecurityGroup' }]);
  });

  it('reads publiclyAccessible of a restore from the response when the request leaves it out', () => {
    const log = structuredClone(pantherCase('aws_rds_publicrestore.json', 'RDS-Restore-Public')) as { requestParameters: Record<string, unknown> };
    log.requestParameters['dBSnapshotIdentifier'] = 'arn:aws:rds:us-east-1:123456789012:snapshot:prod-snap';
    expect(log.requestParameters['publiclyAccessible']).toBeUndefined();
    expect(normalised(log).activities).toEqual([{ kind: 'restored', from: 'prod-snap', created: 'test-instance', createdRole: 'db-instance', publiclyAccessible: true }]);
  });

  it('reads cluster restores and point-in-time restores', () => {
    const rds = { eventSource: 'rds.amazonaws.com' };
    expect(normalised(record('RestoreDBClusterFromSnapshot', { snapshotIdentifier: 'cl-snap', dBClusterIdentifier: 'cl-new' }, { dBClusterIdentifier: 'cl-new' }, rds)).activities).toEqual([
      { kind: 'restored', from: 'cl-snap', created: 'cl-new', createdRole: 'db-cluster' },
    ]);
    expect(
      normalised(record('RestoreDBInstanceToPointInTime', { sourceDBInstanceIdentifier: 'db-a', targetDBInstanceIdentifier: 'db-b', publiclyAccessible: false }, { dBInstanceIdentifier: 'db-b' }, rds)).activities,
    ).toEqual([{ kind: 'restored', from: 'db-a', created: 'db-b', createdRole: 'db-instance', publiclyAccessible: false }]);
  });

  it('takes only the key id from CreateAccessKey, never the secret', () => {
    const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
    const event = normalised(
      record(
        'CreateAccessKey',
        { userName: 'bob' },
        { accessKey: { accessKeyId: 'AKIAEXAMPLEKEY0002', secretAccessKey: secret, status: 'Active', userName: 'bob' } },
        { eventSource: 'iam.amazonaws.com' },
      ),
    );
    expect(event.activities).toEqual([{ kind: 'credential-created', principal: 'bob', credential: 'AKIAEXAMPLEKEY0002' }]);
    expect(JSON.stringify(event)).not.toContain(secret);
  });

  it('reads CreateRole and CreateLoginProfile, without the password', () => {
    expect(normalised(record('CreateRole', { roleName: 'backdoor', assumeRolePolicyDocument: '{}' }, { role: { roleName: 'backdoor' } })).activities).toEqual([
      { kind: 'principal-created', principal: 'backdoor' },
    ]);
    const login = normalised(record('CreateLoginProfile', { userName: 'bob', password: 'HIDDEN_DUE_TO_SECURITY_REASONS' }, { loginProfile: { userName: 'bob' } }));
    expect(login.activities).toEqual([{ kind: 'credential-created', principal: 'bob' }]);
    expect(JSON.stringify(login)).not.toContain('HIDDEN');
  });

  it('reads ExportImage and CreateStoreImageTask as exports to a bucket', () => {
    expect(
      normalised(record('ExportImage', { imageId: 'ami-1', diskImageFormat: 'VMDK', s3ExportLocation: { s3Bucket: 'drop', s3Prefix: 'x/' } }, { exportImageTaskId: 'export-ami-1' })).activities,
    ).toEqual([{ kind: 'exported', target: 'ami-1', destination: 's3://drop/x/' }]);
    expect(normalised(record('CreateStoreImageTask', { CreateStoreImageTaskRequest: {}, ImageId: 'ami-2', Bucket: 'other' }, {})).activities).toEqual([
      { kind: 'exported', target: 'ami-2', destination: 's3://other' },
    ]);
  });

  it.each([
    [{ type: 'Root', arn: 'arn:aws:iam::111111111111:root', accountId: '111111111111', principalId: '111111111111' }, { type: 'root', id: 'arn:aws:iam::111111111111:root' }],
    [{ type: 'AWSService', invokedBy: 'backup.amazonaws.com' }, { type: 'service', id: 'backup.amazonaws.com', name: 'backup.amazonaws.com' }],
    [{ type: 'FederatedUser', arn: 'arn:aws:sts::111111111111:federated-user/bob', accountId: '111111111111' }, { type: 'federated', id: 'arn:aws:sts::111111111111:federated-user/bob' }],
    [{ type: 'IdentityCenterUser', accountId: '111111111111', principalId: 'd-1234:user-1' }, { type: 'federated', id: 'd-1234:user-1' }],
  ])('types the %o identity', (identity, expected) => {
    expect(normalised(record('CreateVolume', { snapshotId: 'snap-1' }, { volumeId: 'vol-1' }, { userIdentity: identity })).actor).toMatchObject(expected);
  });

  it('sets the actor account when the caller belongs to another account', () => {
    const event = normalised(record('CreateVolume', { snapshotId: 'snap-1' }, { volumeId: 'vol-1' }, { userIdentity: { type: 'AssumedRole', arn: 'arn:aws:sts::999999999999:assumed-role/x/y', accountId: '999999999999' } }));
    expect(event.actor.account).toBe('999999999999');
    expect(event.account).toBe('111111111111');
  });
});
