// Typed fixture factories: a healthy resource by default, override only what a case is about.
import type {
  BackupVault,
  Database,
  DbSnapshot,
  Disk,
  Gallery,
  Image,
  IngressPath,
  Instance,
  InstanceDisk,
  Inventory,
  RegionControls,
  Sharing,
  SharingGrant,
  Snapshot,
} from '../../src/model.js';
import { emptyInventory, unknownValue } from '../../src/model.js';

export const ACCOUNT = '111122223333';
export const REGION = 'us-east-1';

export function snapshot(overrides: Partial<Snapshot> = {}): Snapshot {
  return {
    kind: 'snapshot',
    provider: 'aws',
    account: ACCOUNT,
    region: REGION,
    type: 'AWS::EC2::Snapshot',
    id: 'snap-0000000000000001',
    tags: {},
    encryption: { encrypted: true, keyKind: 'customer', keyId: 'arn:aws:kms:us-east-1:111122223333:key/k' },
    sharing: [],
    ...overrides,
  };
}

export function image(overrides: Partial<Image> = {}): Image {
  return {
    kind: 'image',
    provider: 'aws',
    account: ACCOUNT,
    region: REGION,
    type: 'AWS::EC2::Image',
    id: 'ami-0000000000000001',
    name: 'base',
    tags: {},
    owner: ACCOUNT,
    backingSnapshots: ['snap-00000000000000b1'],
    encryption: { encrypted: true, keyKind: 'customer' },
    sharing: [],
    ...overrides,
  };
}

export function instance(overrides: Partial<Instance> = {}): Instance {
  return {
    kind: 'instance',
    provider: 'aws',
    account: ACCOUNT,
    region: REGION,
    type: 'AWS::EC2::Instance',
    id: 'i-0000000000000001',
    tags: {},
    state: 'running',
    image: { id: 'ami-0000000000000001', ownership: 'own' },
    disks: [{ id: 'vol-01', device: '/dev/xvda', boot: true, origin: { kind: 'image', imageId: 'ami-0000000000000001', snapshotId: 'snap-00000000000000b1' } }],
    publicAddresses: [],
    internetIngress: [],
    ...overrides,
  };
}

export function restoredDisk(snapshotId: string, overrides: Partial<InstanceDisk> = {}): InstanceDisk {
  return { id: 'vol-02', device: '/dev/sdf', boot: false, origin: { kind: 'snapshot', snapshotId, snapshotOwner: 'own' }, ...overrides };
}

export function sshFromWorld(address = '203.0.113.10', port = 22): IngressPath {
  return {
    protocol: 'tcp',
    ports: { from: port, to: port },
    source: '0.0.0.0/0',
    address,
    via: [
      { kind: 'network-acl', id: 'acl-1', protocol: 'all', ports: { from: 0, to: 65535 }, source: '0.0.0.0/0', order: 100 },
      { kind: 'security-group', id: 'sg-1', name: 'ssh', protocol: 'tcp', ports: { from: port, to: port }, source: '0.0.0.0/0' },
    ],
  };
}

export function controls(overrides: Partial<RegionControls> = {}): RegionControls {
  return {
    provider: 'aws',
    account: ACCOUNT,
    region: REGION,
    snapshotPublicSharingBlock: 'all-sharing',
    imagePublicSharingBlock: 'new-sharing',
    encryptionByDefault: true,
    native: { snapshotBlockPublicAccess: 'block-all-sharing', imageBlockPublicAccess: 'block-new-sharing', ebsEncryptionByDefault: 'true' },
    ...overrides,
  };
}

export function dbSnapshot(overrides: Partial<DbSnapshot> = {}): DbSnapshot {
  return {
    kind: 'db-snapshot',
    provider: 'aws',
    account: ACCOUNT,
    region: REGION,
    type: 'AWS::RDS::DBSnapshot',
    id: 'orders-db-2026-11-01',
    tags: {},
    engine: 'postgres',
    snapshotType: 'manual',
    encryption: { encrypted: true, keyKind: 'unknown', keyId: 'arn:aws:kms:us-east-1:111122223333:key/k' },
    source: { kind: 'db-instance', id: 'orders-db' },
    sharing: [],
    ...overrides,
  };
}

export function database(overrides: Partial<Database> = {}): Database {
  return {
    kind: 'database',
    provider: 'aws',
    account: ACCOUNT,
    region: REGION,
    type: 'AWS::RDS::DBInstance',
    id: 'orders-db',
    tags: {},
    engine: 'postgres',
    publiclyAccessible: false,
    endpoint: { address: 'orders-db.abc.us-east-1.rds.amazonaws.com', port: 5432 },
    encryption: { encrypted: true, keyKind: 'unknown' },
    internetIngress: [],
    ...overrides,
  };
}

export function backupVault(overrides: Partial<BackupVault> = {}): BackupVault {
  return {
    kind: 'backup-vault',
    provider: 'aws',
    account: ACCOUNT,
    region: REGION,
    type: 'AWS::Backup::BackupVault',
    id: 'prod-vault',
    tags: {},
    access: [],
    recoveryPoints: { total: 3, unencryptedCount: 0, unencrypted: [] },
    ...overrides,
  };
}

export function inventory(parts: Partial<Inventory> = {}): Inventory {
  return { ...emptyInventory(), ...parts };
}

export const PUBLIC: SharingGrant = { kind: 'public' };

export function account(principal: string, trust: 'internal' | 'trusted' | 'external' | 'unknown' = 'external'): SharingGrant {
  return { kind: 'account', principal, trust };
}

export function unreadable(reason = 'ec2:DescribeSnapshotAttribute failed: UnauthorizedOperation', confirmed: SharingGrant[] = []): Sharing {
  return { ...unknownValue(reason), confirmed };
}

export const SUBSCRIPTION = '11111111-2222-3333-4444-555555555555';
const RG = `/subscriptions/${SUBSCRIPTION}/resourceGroups/prod-rg/providers`;

export function azureSnapshot(name: string, overrides: Partial<Snapshot> = {}): Snapshot {
  return {
    kind: 'snapshot',
    provider: 'azure',
    account: SUBSCRIPTION,
    region: 'eastus',
    type: 'Microsoft.Compute/snapshots',
    id: `${RG}/Microsoft.Compute/snapshots/${name}`,
    name,
    tags: {},
    encryption: { encrypted: true, keyKind: 'customer', keyId: `${RG}/Microsoft.Compute/diskEncryptionSets/des` },
    sharing: [],
    exportRequiresIdentity: true,
    ...overrides,
  };
}

export function azureDisk(name: string, overrides: Partial<Disk> = {}): Disk {
  return {
    kind: 'disk',
    provider: 'azure',
    account: SUBSCRIPTION,
    region: 'eastus',
    type: 'Microsoft.Compute/disks',
    id: `${RG}/Microsoft.Compute/disks/${name}`,
    name,
    tags: {},
    encryption: { encrypted: true, keyKind: 'platform' },
    attachedTo: [],
    sharing: [],
    exportRequiresIdentity: false,
    ...overrides,
  };
}

export function azureGallery(name: string, overrides: Partial<Gallery> = {}): Gallery {
  return { kind: 'gallery', provider: 'azure', account: SUBSCRIPTION, region: 'eastus', type: 'Microsoft.Compute/galleries', id: `${RG}/Microsoft.Compute/galleries/${name}`, name, tags: {}, sharing: [], ...overrides };
}

export function azureVm(name: string, overrides: Partial<Instance> = {}): Instance {
  return instance({ provider: 'azure', account: SUBSCRIPTION, region: 'eastus', type: 'Microsoft.Compute/virtualMachines', id: `${RG}/Microsoft.Compute/virtualMachines/${name}`, name, image: { id: 'Canonical:ubuntu:22_04-lts:latest', ownership: 'vendor' }, disks: [], ...overrides });
}

export function nsgSshFromInternet(address = '20.1.2.3'): IngressPath {
  return {
    protocol: 'tcp',
    ports: { from: 22, to: 22 },
    source: '0.0.0.0/0',
    address,
    via: [{ kind: 'nsg', id: `${RG}/Microsoft.Network/networkSecurityGroups/web-nsg`, name: 'allow-ssh', protocol: 'tcp', ports: { from: 22, to: 22 }, source: 'Internet', order: 100 }],
  };
}

export const PROJECT = 'acme-prod';

export function gcpSnapshot(name: string, overrides: Partial<Snapshot> = {}): Snapshot {
  return {
    kind: 'snapshot',
    provider: 'gcp',
    account: PROJECT,
    region: 'us',
    type: 'compute.googleapis.com/Snapshot',
    id: `projects/${PROJECT}/global/snapshots/${name}`,
    name,
    tags: {},
    encryption: { encrypted: true, keyKind: 'customer', keyId: 'projects/kms/locations/us/keyRings/r/cryptoKeys/k' },
    source: { kind: 'disk', id: `projects/${PROJECT}/zones/us-central1-a/disks/web-1` },
    sharing: [],
    ...overrides,
  };
}

export function gcpImage(name: string, overrides: Partial<Image> = {}): Image {
  return image({ provider: 'gcp', account: PROJECT, region: 'us', type: 'compute.googleapis.com/Image', id: `projects/${PROJECT}/global/images/${name}`, name, owner: PROJECT, ...overrides });
}

export function gcpDisk(name: string, overrides: Partial<Disk> = {}): Disk {
  return {
    kind: 'disk',
    provider: 'gcp',
    account: PROJECT,
    region: 'us-central1',
    type: 'compute.googleapis.com/Disk',
    id: `projects/${PROJECT}/zones/us-central1-a/disks/${name}`,
    name,
    tags: {},
    encryption: { encrypted: true, keyKind: 'platform' },
    attachedTo: [],
    sharing: [],
    ...overrides,
  };
}

export function gcpPublic(member: 'allUsers' | 'allAuthenticatedUsers' = 'allUsers', role = 'roles/compute.storageAdmin'): SharingGrant {
  return { kind: 'public', principal: member, role };
}

export function gcpMember(member: string, trust: 'internal' | 'trusted' | 'external' | 'unknown', role = 'roles/compute.imageUser'): SharingGrant {
  return { kind: 'account', principal: member, trust, role };
}

// Identities (M1018) and audit coverage (M1047). Types referenced inline so this section only appends.
type Principal = import('../../src/model.js').Principal;
type CapabilityGrant = import('../../src/model.js').CapabilityGrant;
type AccountSecurity = import('../../src/model.js').AccountSecurity;
type AuditCoverage = import('../../src/model.js').AuditCoverage;

/** A grant on one named snapshot, unconditional, from an inline policy: narrow by default. */
export function capabilityGrant(capability: CapabilityGrant['capability'], overrides: Partial<CapabilityGrant> = {}): CapabilityGrant {
  return {
    capability,
    actions: ['ec2:ModifySnapshotAttribute'],
    resources: [`arn:aws:ec2:${REGION}::snapshot/snap-0000000000000001`],
    conditions: [],
    mfaRequired: false,
    via: ['inline:snapshot-ops on user/alice'],
    ...overrides,
  };
}

/** An internal IAM user with a console password and MFA, used yesterday, holding nothing snapshot-relevant. */
export function iamUser(name: string, overrides: Partial<Principal> = {}): Principal {
  return {
    provider: 'aws',
    account: ACCOUNT,
    id: `arn:aws:iam::${ACCOUNT}:user/${name}`,
    name,
    kind: 'user',
    trust: 'internal',
    capabilities: [],
    privileged: false,
    mfa: true,
    interactive: true,
    createdAt: '2025-01-01T00:00:00Z',
    lastUsed: '2026-11-26T09:00:00Z',
    keys: [],
    ...overrides,
  };
}

/** An internal IAM role assumable by a principal of its own account, used yesterday, holding nothing snapshot-relevant. */
export function iamRole(name: string, overrides: Partial<Principal> = {}): Principal {
  return {
    provider: 'aws',
    account: ACCOUNT,
    id: `arn:aws:iam::${ACCOUNT}:role/${name}`,
    name,
    kind: 'role',
    trust: 'internal',
    capabilities: [],
    privileged: false,
    createdAt: '2025-01-01T00:00:00Z',
    lastUsed: '2026-11-26T09:00:00Z',
    assumableBy: [{ principal: `arn:aws:iam::${ACCOUNT}:root`, trust: 'internal', conditions: [] }],
    ...overrides,
  };
}

/** Account identity settings at their strongest: root MFA, a CIS password policy, identities listed. */
export function accountSecurity(overrides: Partial<AccountSecurity> = {}): AccountSecurity {
  return {
    provider: 'aws',
    account: ACCOUNT,
    rootMfa: true,
    passwordPolicy: { minimumLength: 14, requireSymbols: true, requireNumbers: true, requireUppercase: true, requireLowercase: true, maxAgeDays: 90, reusePrevention: 24 },
    notOffered: ['account lockout after failed sign-ins', 'automatic disabling of dormant users'],
    identities: { listed: 0 },
    ...overrides,
  };
}

/** A region whose snapshot activity a multi-Region trail records, data events included. */
export function auditCoverage(overrides: Partial<AuditCoverage> = {}): AuditCoverage {
  return {
    provider: 'aws',
    account: ACCOUNT,
    region: REGION,
    snapshotEventsLogged: true,
    dataEventsLogged: true,
    sources: ['trail org-trail'],
    gaps: [],
    ...overrides,
  };
}
