// Timelines that fire each rule, shared by the rule tests and the meta test (which checks every
// placeholder of every result is filled).
import type { AuditEvent } from '../../../src/logs/event.js';
import { account, AWS_ACCOUNT, aws, azure, gcp, OUTSIDE_ACCOUNT, OUTSIDE_MEMBER, PROJECT, PUBLIC, SUBSCRIPTION, member } from './factories.js';

export const SNAP = 'snap-0a1b2c3d4e5f60001';
export const AMI = 'ami-0a1b2c3d4e5f60001';
export const DB_SNAP = `arn:aws:rds:us-east-1:${AWS_ACCOUNT}:snapshot:orders-2026-11-20`;
export const AZ_SNAP = `/subscriptions/${SUBSCRIPTION}/resourceGroups/prod/providers/Microsoft.Compute/snapshots/db-snap`;
export const AZ_DISK = `/subscriptions/${SUBSCRIPTION}/resourceGroups/prod/providers/Microsoft.Compute/disks/db-restored`;
export const AZ_VM = `/subscriptions/${SUBSCRIPTION}/resourceGroups/prod/providers/Microsoft.Compute/virtualMachines/jump`;
export const AZ_RULE = `/subscriptions/${SUBSCRIPTION}/resourceGroups/prod/providers/Microsoft.Network/networkSecurityGroups/jump-nsg/securityRules/allow-rdp`;
export const GCP_SNAP = `projects/${PROJECT}/global/snapshots/db-snap`;
export const GCP_DISK = `projects/${PROJECT}/zones/us-central1-a/disks/db-restored`;
export const GCP_INSTANCE = `projects/${PROJECT}/zones/us-central1-a/instances/jump`;
export const GCP_FIREWALL = `projects/${PROJECT}/global/firewalls/allow-ssh`;
export const GCP_SA = `temp-sa@${PROJECT}.iam.gserviceaccount.com`;

export const awsScenarios = {
  snapshotPublic: (): AuditEvent[] => [aws({ minute: 10, action: 'ModifySnapshotAttribute', activities: [{ kind: 'shared', target: SNAP, targetRole: 'snapshot', grantees: [PUBLIC] }] })],
  amiPublic: (): AuditEvent[] => [aws({ minute: 10, action: 'ModifyImageAttribute', activities: [{ kind: 'shared', target: AMI, targetRole: 'image', grantees: [PUBLIC] }] })],
  dbSnapshotPublic: (): AuditEvent[] => [
    aws({ minute: 10, action: 'ModifyDBSnapshotAttribute', service: 'rds.amazonaws.com', activities: [{ kind: 'shared', target: DB_SNAP, targetRole: 'db-snapshot', grantees: [PUBLIC] }] }),
  ],
  sharedExternal: (): AuditEvent[] => [
    aws({ minute: 10, action: 'ModifySnapshotAttribute', activities: [{ kind: 'shared', target: SNAP, targetRole: 'snapshot', grantees: [account(OUTSIDE_ACCOUNT)] }] }),
  ],
  /** CreateSnapshot → share with an outside account → that account copies it. */
  exfiltration: (): AuditEvent[] => [
    aws({ minute: 0, action: 'CreateSnapshot', activities: [{ kind: 'snapshot-created', target: SNAP, targetRole: 'snapshot', source: 'vol-0a1b2c3d4e5f60001' }] }),
    ...awsScenarios.sharedExternal(),
    aws({
      minute: 40,
      action: 'SharedSnapshotCopyInitiated',
      actor: { type: 'unknown', id: OUTSIDE_ACCOUNT, account: OUTSIDE_ACCOUNT },
      activities: [{ kind: 'exported', target: SNAP, destination: OUTSIDE_ACCOUNT }],
    }),
  ],
  /** CopySnapshot → RegisterImage → RunInstances into sg-1 → SSH from anywhere on sg-1. */
  restoredExposed: (options: { firewall?: boolean; sources?: string[]; ports?: { from: number; to: number }[]; group?: string; imageMinute?: number } = {}): AuditEvent[] => [
    aws({ minute: options.imageMinute ?? 0, action: 'RegisterImage', activities: [{ kind: 'snapshot-created', target: AMI, targetRole: 'image', source: SNAP }] }),
    aws({
      minute: 60,
      action: 'RunInstances',
      resources: options.firewall === false ? [] : [{ role: 'firewall', id: 'sg-0aaa000000000001', type: 'AWS::EC2::SecurityGroup' }],
      activities: [{ kind: 'instance-launched', instance: 'i-0a1b2c3d4e5f60001', from: [AMI] }],
    }),
    aws({
      minute: 70,
      action: 'AuthorizeSecurityGroupIngress',
      activities: [{ kind: 'ingress-opened', target: options.group ?? 'sg-0aaa000000000001', protocol: 'tcp', ports: options.ports ?? [{ from: 22, to: 22 }], sources: options.sources ?? ['0.0.0.0/0'] }],
    }),
  ],
  /** CreateUser → CreateAccessKey → the new key shares a snapshot `shareMinute` later. */
  newPrincipal: (shareMinute = 30): AuditEvent[] => [
    aws({ minute: 0, action: 'CreateUser', service: 'iam.amazonaws.com', activities: [{ kind: 'principal-created', principal: `arn:aws:iam::${AWS_ACCOUNT}:user/temp` }] }),
    aws({ minute: 5, action: 'CreateAccessKey', service: 'iam.amazonaws.com', activities: [{ kind: 'credential-created', principal: 'temp', credential: 'AKIATEMP000000000001' }] }),
    aws({
      minute: shareMinute,
      action: 'ModifySnapshotAttribute',
      actor: { type: 'user', id: `arn:aws:iam::${AWS_ACCOUNT}:user/temp`, name: 'temp', accessKeyId: 'AKIATEMP000000000001' },
      activities: [{ kind: 'shared', target: SNAP, targetRole: 'snapshot', grantees: [account('444455556666')] }],
    }),
  ],
  exported: (): AuditEvent[] => [
    aws({
      minute: 10,
      action: 'StartExportTask',
      service: 'rds.amazonaws.com',
      resources: [{ role: 'export', id: 'orders-export-1' }],
      activities: [{ kind: 'exported', target: DB_SNAP, destination: 's3://exports-bucket/orders' }],
    }),
  ],
};

export const azureScenarios = {
  exportLinkAlone: (): AuditEvent[] => [azure({ minute: 20, action: 'Microsoft.Compute/snapshots/beginGetAccess/action', activities: [{ kind: 'export-link', target: AZ_SNAP }] })],
  createdThenExportLink: (createdMinute = 0): AuditEvent[] => [
    azure({ minute: createdMinute, action: 'Microsoft.Compute/snapshots/write', activities: [{ kind: 'snapshot-created', target: AZ_SNAP, targetRole: 'snapshot' }] }),
    ...azureScenarios.exportLinkAlone(),
  ],
  restoredExposed: (options: { sources?: string[]; ports?: { from: number; to: number }[] } = {}): AuditEvent[] => [
    azure({ minute: 0, action: 'Microsoft.Compute/disks/write', activities: [{ kind: 'restored', from: AZ_SNAP, created: AZ_DISK, createdRole: 'volume' }] }),
    azure({ minute: 10, action: 'Microsoft.Compute/virtualMachines/write', activities: [{ kind: 'instance-launched', instance: AZ_VM, from: [AZ_DISK] }] }),
    azure({
      minute: 20,
      action: 'Microsoft.Network/networkSecurityGroups/securityRules/write',
      service: 'Microsoft.Network',
      activities: [{ kind: 'ingress-opened', target: AZ_RULE, protocol: 'Tcp', ports: options.ports ?? [{ from: 3389, to: 3389 }], sources: options.sources ?? ['Internet'] }],
    }),
  ],
};

export const gcpScenarios = {
  madePublic: (): AuditEvent[] => [
    gcp({ minute: 10, action: 'v1.compute.snapshots.setIamPolicy', activities: [{ kind: 'shared', target: GCP_SNAP, targetRole: 'snapshot', grantees: [{ kind: 'public', detail: 'allUsers' }] }] }),
  ],
  sharedExternal: (grantee = OUTSIDE_MEMBER): AuditEvent[] => [
    gcp({ minute: 10, action: 'v1.compute.snapshots.setIamPolicy', activities: [{ kind: 'shared', target: GCP_SNAP, targetRole: 'snapshot', grantees: [member(grantee)] }] }),
  ],
  createdThenShared: (createdMinute = 0): AuditEvent[] => [
    gcp({ minute: createdMinute, action: 'v1.compute.snapshots.insert', activities: [{ kind: 'snapshot-created', target: GCP_SNAP, targetRole: 'snapshot', source: `projects/${PROJECT}/zones/us-central1-a/disks/db` }] }),
    ...gcpScenarios.sharedExternal(),
  ],
  crossProject: (sourceProject = 'other-project'): AuditEvent[] => [
    gcp({ minute: 5, action: 'v1.compute.snapshots.insert', activities: [{ kind: 'snapshot-created', target: GCP_SNAP, targetRole: 'snapshot', source: `projects/${sourceProject}/zones/us-central1-a/disks/db` }] }),
  ],
  restoredExposed: (options: { sources?: string[]; ports?: { from: number; to: number }[]; firewallMinute?: number } = {}): AuditEvent[] => [
    gcp({ minute: 0, action: 'v1.compute.disks.insert', activities: [{ kind: 'restored', from: GCP_SNAP, created: GCP_DISK, createdRole: 'volume' }] }),
    gcp({ minute: 10, action: 'v1.compute.instances.insert', activities: [{ kind: 'instance-launched', instance: GCP_INSTANCE, from: [GCP_DISK] }] }),
    gcp({
      minute: options.firewallMinute ?? 20,
      action: 'v1.compute.firewalls.insert',
      region: 'global',
      activities: [{ kind: 'ingress-opened', target: GCP_FIREWALL, protocol: 'tcp', ports: options.ports ?? [{ from: 22, to: 22 }], sources: options.sources ?? ['0.0.0.0/0'] }],
    }),
  ],
  newPrincipal: (options: { key?: boolean; restoreMinute?: number } = {}): AuditEvent[] => [
    gcp({ minute: 0, action: 'google.iam.admin.v1.CreateServiceAccount', service: 'iam.googleapis.com', activities: [{ kind: 'principal-created', principal: `projects/${PROJECT}/serviceAccounts/${GCP_SA}` }] }),
    ...(options.key
      ? [gcp({ minute: 2, action: 'google.iam.admin.v1.CreateServiceAccountKey', service: 'iam.googleapis.com', activities: [{ kind: 'credential-created', principal: GCP_SA, credential: `projects/${PROJECT}/serviceAccounts/${GCP_SA}/keys/0123abcd` }] })]
      : []),
    gcp({
      minute: options.restoreMinute ?? 15,
      action: 'v1.compute.disks.insert',
      actor: { type: 'service-account', id: GCP_SA },
      activities: [{ kind: 'restored', from: GCP_SNAP, created: GCP_DISK, createdRole: 'volume' }],
    }),
  ],
};

/** Per rule, timelines that fire it: the meta test runs them all. */
export const FIRING: Readonly<Record<string, readonly (() => AuditEvent[])[]>> = {
  'chain-aws-snapshot-made-public': [awsScenarios.snapshotPublic, awsScenarios.amiPublic, awsScenarios.dbSnapshotPublic],
  'chain-aws-snapshot-shared-external': [awsScenarios.sharedExternal],
  'chain-aws-snapshot-exfiltration': [awsScenarios.exfiltration],
  'chain-aws-snapshot-restored-exposed': [() => awsScenarios.restoredExposed(), () => awsScenarios.restoredExposed({ firewall: false, group: 'sg-0bbb000000000002', sources: ['::/0'] })],
  'chain-aws-new-principal-snapshot-access': [() => awsScenarios.newPrincipal()],
  'chain-aws-snapshot-exported': [awsScenarios.exported],
  'chain-azure-snapshot-export-link': [() => azureScenarios.createdThenExportLink()],
  'chain-azure-export-link': [azureScenarios.exportLinkAlone],
  'chain-azure-snapshot-restored-exposed': [() => azureScenarios.restoredExposed()],
  'chain-gcp-snapshot-made-public': [gcpScenarios.madePublic],
  'chain-gcp-snapshot-shared-external': [() => gcpScenarios.sharedExternal()],
  'chain-gcp-snapshot-exfiltration': [() => gcpScenarios.createdThenShared(), () => gcpScenarios.crossProject()],
  'chain-gcp-snapshot-restored-exposed': [() => gcpScenarios.restoredExposed()],
  'chain-gcp-new-principal-snapshot-access': [() => gcpScenarios.newPrincipal(), () => gcpScenarios.newPrincipal({ key: true })],
};
