// Raw RDS shapes → model, from recorded DescribeDBSnapshots / DescribeDBClusterSnapshots /
// Describe*SnapshotAttributes / DescribeDBInstances / DescribeDBClusters shapes (as the SDK returns
// them after deserialisation: dates as Date, absent elements as undefined).
import type { DBCluster, DBClusterSnapshot, DBClusterSnapshotAttribute, DBInstance, DBSnapshot, DBSnapshotAttribute } from '@aws-sdk/client-rds';
import { describe, expect, it } from 'vitest';
import type { MapContext } from '../../../providers/aws/map.js';
import { isShareable, restoreGrants, toClusterDatabase, toDatabase, toDbClusterSnapshot, toDbSnapshot, toPort } from '../../../providers/aws/rds-map.js';
import { isUnknown, unknownValue, type Database, type IngressPath, type IngressRule, type IpProtocol, type Maybe, type SharingGrant, type UnknownSharing } from '../../../src/model.js';
import { createTrustResolver, type TrustedAccount } from '../../../src/trust.js';

const OWN = '111122223333';
const PARTNER = '444455556666';
const MEMBER = '555566667777';
const STRANGER = '999988887777';
const ORG_ID = 'o-a1b2c3d4e5';
const REGION = 'eu-west-1';
const KMS = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const SG = 'sg-0a1b2c3d4e5f60718';

const PARTNER_ENTRY: TrustedAccount = { provider: 'aws', id: PARTNER, name: 'DR vendor', reason: 'restores drills' };
const ctx: MapContext = { account: OWN, region: REGION, trust: createTrustResolver([PARTNER_ENTRY]) };

const PUBLIC: SharingGrant = { kind: 'public' };

function reasonOf(value: unknown): string {
  if (!isUnknown(value)) throw new Error(`expected Unknown, got ${JSON.stringify(value)}`);
  return value.reason;
}

function pathsOf(value: Maybe<readonly IngressPath[]>): readonly IngressPath[] {
  if (isUnknown(value)) throw new Error(`expected ingress paths, got Unknown: ${value.reason}`);
  return value;
}

describe('isShareable', () => {
  it('only manual snapshots can be shared', () => {
    expect(isShareable('manual')).toBe(true);
  });

  it.each(['automated', 'awsbackup', 'shared', 'public'])('%s → not shareable', (type) => {
    expect(isShareable(type)).toBe(false);
  });

  it('no snapshot type → not shareable', () => {
    expect(isShareable(undefined)).toBe(false);
  });
});

describe('restoreGrants', () => {
  it('all → public; account ids → each judged by the trust resolver (no organization)', () => {
    const recorded: DBSnapshotAttribute[] = [{ AttributeName: 'restore', AttributeValues: ['all', OWN, PARTNER, STRANGER] }];
    expect(restoreGrants(recorded, ctx)).toEqual([
      PUBLIC,
      { kind: 'account', principal: OWN, trust: 'internal', trustNote: 'the audited account itself' },
      { kind: 'account', principal: PARTNER, trust: 'trusted', trustNote: 'trusted in config: DR vendor (restores drills)' },
      { kind: 'account', principal: STRANGER, trust: 'external', trustNote: 'not our account, not in the trusted list' },
    ]);
  });

  it('a not-shared snapshot (restore with no values) and no restore attribute → no grants', () => {
    expect(restoreGrants([{ AttributeName: 'restore', AttributeValues: [] }], ctx)).toEqual([]);
    expect(restoreGrants([{ AttributeName: 'restore' }], ctx)).toEqual([]);
    expect(restoreGrants([], ctx)).toEqual([]);
  });

  it('attributes other than restore are ignored', () => {
    const recorded: DBSnapshotAttribute[] = [
      { AttributeName: 'copy', AttributeValues: ['all', STRANGER] },
      { AttributeName: 'restore', AttributeValues: [PARTNER] },
    ];
    expect(restoreGrants(recorded, ctx).map((g) => g.kind === 'account' && g.principal)).toEqual([PARTNER]);
    expect(restoreGrants([{ AttributeName: 'copy', AttributeValues: ['all'] }], ctx)).toEqual([]);
  });

  it('reads DescribeDBClusterSnapshotAttributes entries the same way', () => {
    const recorded: DBClusterSnapshotAttribute[] = [{ AttributeName: 'restore', AttributeValues: ['all', STRANGER] }];
    expect(restoreGrants(recorded, ctx).map((g) => (g.kind === 'account' ? g.trust : g.kind))).toEqual(['public', 'external']);
  });

  it('with an organization view: a member id is internal, an outsider external, naming the organization', () => {
    const withOrg: MapContext = { ...ctx, organization: { id: ORG_ID, members: new Set([OWN, MEMBER]) } };
    expect(restoreGrants([{ AttributeName: 'restore', AttributeValues: [MEMBER, STRANGER, PARTNER] }], withOrg)).toEqual([
      { kind: 'account', principal: MEMBER, trust: 'internal', trustNote: `a member of organization ${ORG_ID}` },
      { kind: 'account', principal: STRANGER, trust: 'external', trustNote: `not a member of organization ${ORG_ID}, not in the trusted list` },
      { kind: 'account', principal: PARTNER, trust: 'trusted', trustNote: 'trusted in config: DR vendor (restores drills)' },
    ]);
  });

  it("the organization's member list unread, or the organization itself unread → a foreign account is unknown", () => {
    const noMembers: MapContext = { ...ctx, organization: { id: ORG_ID } };
    expect(restoreGrants([{ AttributeName: 'restore', AttributeValues: [MEMBER] }], noMembers).map((g) => g.kind === 'account' && g.trust)).toEqual(['unknown']);
    const unread: MapContext = { ...ctx, organization: unknownValue('organizations:DescribeOrganization failed: AccessDeniedException') };
    const [grant] = restoreGrants([{ AttributeName: 'restore', AttributeValues: [STRANGER, 'all'] }], unread);
    expect(grant).toMatchObject({ kind: 'account', principal: STRANGER, trust: 'unknown' });
    expect(grant?.kind === 'account' && grant.trustNote).toContain('AccessDeniedException');
  });
});

/** A DescribeDBSnapshots entry: a manual, encrypted PostgreSQL snapshot. */
function rawDbSnapshot(overrides: Partial<DBSnapshot> = {}): DBSnapshot {
  return {
    DBSnapshotIdentifier: 'orders-db-before-migration',
    DBInstanceIdentifier: 'orders-db',
    SnapshotCreateTime: new Date('2024-03-01T03:12:45.123Z'),
    Engine: 'postgres',
    AllocatedStorage: 100,
    Status: 'available',
    Port: 5432,
    AvailabilityZone: 'eu-west-1a',
    VpcId: 'vpc-0a1b2c3d4e5f60718',
    InstanceCreateTime: new Date('2023-11-20T09:00:00.000Z'),
    MasterUsername: 'postgres',
    EngineVersion: '15.5',
    LicenseModel: 'postgresql-license',
    SnapshotType: 'manual',
    OptionGroupName: 'default:postgres-15',
    PercentProgress: 100,
    StorageType: 'gp3',
    Encrypted: true,
    KmsKeyId: KMS,
    DBSnapshotArn: `arn:aws:rds:${REGION}:${OWN}:snapshot:orders-db-before-migration`,
    IAMDatabaseAuthenticationEnabled: false,
    ProcessorFeatures: [],
    DbiResourceId: 'db-ABCDEFGHIJKLMNOPQRSTUVWXY0',
    TagList: [
      { Key: 'team', Value: 'payments' },
      { Key: 'env', Value: 'prod' },
    ],
    SnapshotTarget: 'region',
    ...overrides,
  };
}

/** A DescribeDBClusterSnapshots entry: a manual Aurora PostgreSQL cluster snapshot. */
function rawClusterSnapshot(overrides: Partial<DBClusterSnapshot> = {}): DBClusterSnapshot {
  return {
    AvailabilityZones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
    DBClusterSnapshotIdentifier: 'orders-aurora-2024-03-01',
    DBClusterIdentifier: 'orders-aurora',
    SnapshotCreateTime: new Date('2024-03-01T04:00:00.000Z'),
    Engine: 'aurora-postgresql',
    EngineMode: 'provisioned',
    AllocatedStorage: 0,
    Status: 'available',
    Port: 0,
    VpcId: 'vpc-0a1b2c3d4e5f60718',
    ClusterCreateTime: new Date('2023-06-01T12:00:00.000Z'),
    MasterUsername: 'postgres',
    EngineVersion: '15.4',
    LicenseModel: 'postgresql-license',
    SnapshotType: 'manual',
    PercentProgress: 100,
    StorageEncrypted: true,
    KmsKeyId: KMS,
    DBClusterSnapshotArn: `arn:aws:rds:${REGION}:${OWN}:cluster-snapshot:orders-aurora-2024-03-01`,
    IAMDatabaseAuthenticationEnabled: false,
    TagList: [{ Key: 'team', Value: 'payments' }],
    StorageType: 'aurora',
    ...overrides,
  };
}

describe('toDbSnapshot', () => {
  it('maps a recorded manual encrypted DB snapshot completely', () => {
    expect(toDbSnapshot(rawDbSnapshot(), [PUBLIC], ctx)).toEqual({
      kind: 'db-snapshot',
      provider: 'aws',
      account: OWN,
      region: REGION,
      type: 'AWS::RDS::DBSnapshot',
      id: 'orders-db-before-migration',
      tags: { team: 'payments', env: 'prod' },
      createdAt: '2024-03-01T03:12:45.123Z',
      engine: 'postgres',
      snapshotType: 'manual',
      state: 'available',
      encryption: { encrypted: true, keyKind: 'unknown', keyId: KMS },
      source: { kind: 'db-instance', id: 'orders-db' },
      sharing: [PUBLIC],
    });
  });

  it.each([
    ['encrypted with a key → kind unknown (aws/rds and customer keys look alike without KMS), key kept', { Encrypted: true, KmsKeyId: KMS }, { encrypted: true, keyKind: 'unknown', keyId: KMS }],
    ['encrypted without a key id → unknown kind, no key', { Encrypted: true, KmsKeyId: undefined }, { encrypted: true, keyKind: 'unknown' }],
    ['not encrypted → none', { Encrypted: false, KmsKeyId: undefined }, { encrypted: false, keyKind: 'none' }],
    ['encryption flag absent → none', { Encrypted: undefined, KmsKeyId: undefined }, { encrypted: false, keyKind: 'none' }],
  ] as const)('%s', (_name, overrides, expected) => {
    expect(toDbSnapshot(rawDbSnapshot(overrides), [], ctx).encryption).toEqual(expected);
  });

  it('an automated snapshot keeps its type, so the checks can tell it cannot be shared', () => {
    const automated = toDbSnapshot(rawDbSnapshot({ DBSnapshotIdentifier: 'rds:orders-db-2024-03-01-03-10', SnapshotType: 'automated' }), [], ctx);
    expect(automated.id).toBe('rds:orders-db-2024-03-01-03-10');
    expect(automated.snapshotType).toBe('automated');
  });

  it('keeps the sharing it is given (Unknown included) and omits absent optional fields', () => {
    const sharing: UnknownSharing = { unknown: true, reason: 'rds:DescribeDBSnapshotAttributes was denied', confirmed: [] };
    const sparse = toDbSnapshot({ DBSnapshotIdentifier: 'bare' }, sharing, ctx);
    expect(sparse.sharing).toBe(sharing);
    expect(sparse.tags).toEqual({});
    for (const key of ['createdAt', 'engine', 'snapshotType', 'state', 'source', 'name']) expect(sparse).not.toHaveProperty(key);
  });

  it('an unparseable creation time is dropped; a missing id becomes a visible placeholder', () => {
    expect(toDbSnapshot(rawDbSnapshot({ SnapshotCreateTime: new Date('not a date') }), [], ctx)).not.toHaveProperty('createdAt');
    expect(toDbSnapshot(rawDbSnapshot({ DBSnapshotIdentifier: undefined }), [], ctx).id).toBe('unknown-db-snapshot');
  });

  it('a tag without a value maps to the empty string; a __proto__ key stays a key', () => {
    const tagged = toDbSnapshot(rawDbSnapshot({ TagList: [{ Key: 'backup' }, { Key: '__proto__', Value: 'x' }] }), [], ctx);
    expect(Object.entries(tagged.tags)).toEqual([
      ['backup', ''],
      ['__proto__', 'x'],
    ]);
  });
});

describe('toDbClusterSnapshot', () => {
  it('maps a recorded cluster snapshot completely: its own type, source the cluster', () => {
    const strangerGrant: SharingGrant = { kind: 'account', principal: STRANGER, trust: 'external', trustNote: 'not our account, not in the trusted list' };
    expect(toDbClusterSnapshot(rawClusterSnapshot(), [strangerGrant], ctx)).toEqual({
      kind: 'db-snapshot',
      provider: 'aws',
      account: OWN,
      region: REGION,
      type: 'AWS::RDS::DBClusterSnapshot',
      id: 'orders-aurora-2024-03-01',
      tags: { team: 'payments' },
      createdAt: '2024-03-01T04:00:00.000Z',
      engine: 'aurora-postgresql',
      snapshotType: 'manual',
      state: 'available',
      encryption: { encrypted: true, keyKind: 'unknown', keyId: KMS },
      source: { kind: 'db-cluster', id: 'orders-aurora' },
      sharing: [strangerGrant],
    });
  });

  it('encryption comes from StorageEncrypted', () => {
    expect(toDbClusterSnapshot(rawClusterSnapshot({ StorageEncrypted: false, KmsKeyId: undefined }), [], ctx).encryption).toEqual({ encrypted: false, keyKind: 'none' });
    expect(toDbClusterSnapshot(rawClusterSnapshot({ StorageEncrypted: true, KmsKeyId: undefined }), [], ctx).encryption).toEqual({ encrypted: true, keyKind: 'unknown' });
  });

  it('a sparse entry: placeholder id, no source, no tags, no date', () => {
    const sparse = toDbClusterSnapshot({}, [], ctx);
    expect(sparse.id).toBe('unknown-db-cluster-snapshot');
    expect(sparse.type).toBe('AWS::RDS::DBClusterSnapshot');
    expect(sparse.tags).toEqual({});
    for (const key of ['source', 'createdAt', 'engine', 'snapshotType', 'state']) expect(sparse).not.toHaveProperty(key);
  });
});

const rule = (protocol: IpProtocol, from: number, to: number, source: string): IngressRule => ({ kind: 'security-group', id: SG, name: 'orders-db-sg', protocol, ports: { from, to }, source });

/** An ingress path as the ingress reader builds it, through one security group rule. */
function path(protocol: IpProtocol, from: number, to: number, source = '0.0.0.0/0', address = '203.0.113.25'): IngressPath {
  return { protocol, ports: { from, to }, source, address, via: [rule(protocol, from, to, source)] };
}

const postgresOpen = path('tcp', 5432, 5432);
const allTcp = path('tcp', 0, 65535);
const allTraffic = path('all', 0, 65535, '::/0', '2001:db8::25');
const range = path('tcp', 5000, 6000);
const ssh = path('tcp', 22, 22);
const udpSame = path('udp', 5432, 5432);
const icmp = path('icmp', 0, 65535);
const mysqlOpen = path('tcp', 3306, 3306);

describe('toPort', () => {
  it('keeps only the tcp and all paths whose ports cover the port', () => {
    expect(toPort([postgresOpen, ssh, allTcp, udpSame, allTraffic, icmp, range, mysqlOpen], 5432)).toEqual([postgresOpen, allTcp, allTraffic, range]);
  });

  it('range ends are inclusive', () => {
    expect(toPort([range], 5000)).toEqual([range]);
    expect(toPort([range], 6000)).toEqual([range]);
    expect(toPort([range], 6001)).toEqual([]);
    expect(toPort([range], 4999)).toEqual([]);
  });

  it('Unknown passes through as it is', () => {
    const denied = unknownValue('ec2:DescribeSecurityGroups was denied');
    expect(toPort(denied, 5432)).toBe(denied);
  });

  it('no port known → every path kept', () => {
    const paths = [ssh, udpSame];
    expect(toPort(paths, undefined)).toBe(paths);
  });
});

/** A DescribeDBInstances entry: a publicly accessible PostgreSQL instance. */
function rawInstance(overrides: Partial<DBInstance> = {}): DBInstance {
  return {
    DBInstanceIdentifier: 'orders-db',
    DBInstanceClass: 'db.t3.medium',
    Engine: 'postgres',
    DBInstanceStatus: 'available',
    MasterUsername: 'postgres',
    DBName: 'orders',
    Endpoint: { Address: 'orders-db.c9akciq32abc.eu-west-1.rds.amazonaws.com', Port: 5432, HostedZoneId: 'Z29XKXDKYMONMX' },
    AllocatedStorage: 100,
    InstanceCreateTime: new Date('2023-11-20T09:00:00.000Z'),
    PreferredBackupWindow: '03:00-03:30',
    BackupRetentionPeriod: 7,
    DBSecurityGroups: [],
    VpcSecurityGroups: [{ VpcSecurityGroupId: SG, Status: 'active' }],
    AvailabilityZone: 'eu-west-1a',
    DBSubnetGroup: { DBSubnetGroupName: 'default-vpc-0a1b2c3d4e5f60718', DBSubnetGroupDescription: 'Created from the RDS Management Console', VpcId: 'vpc-0a1b2c3d4e5f60718', SubnetGroupStatus: 'Complete' },
    MultiAZ: false,
    EngineVersion: '15.5',
    AutoMinorVersionUpgrade: true,
    LicenseModel: 'postgresql-license',
    PubliclyAccessible: true,
    StorageType: 'gp3',
    DbInstancePort: 0,
    StorageEncrypted: true,
    KmsKeyId: KMS,
    DbiResourceId: 'db-ABCDEFGHIJKLMNOPQRSTUVWXY0',
    CACertificateIdentifier: 'rds-ca-rsa2048-g1',
    CopyTagsToSnapshot: true,
    DBInstanceArn: `arn:aws:rds:${REGION}:${OWN}:db:orders-db`,
    IAMDatabaseAuthenticationEnabled: false,
    DeletionProtection: true,
    TagList: [{ Key: 'team', Value: 'payments' }],
    ...overrides,
  };
}

describe('toDatabase', () => {
  it('maps a recorded public instance completely, ingress narrowed to its port', () => {
    expect(toDatabase(rawInstance(), [postgresOpen, ssh, allTcp], ctx)).toEqual({
      kind: 'database',
      provider: 'aws',
      account: OWN,
      region: REGION,
      type: 'AWS::RDS::DBInstance',
      id: 'orders-db',
      tags: { team: 'payments' },
      createdAt: '2023-11-20T09:00:00.000Z',
      engine: 'postgres',
      state: 'available',
      publiclyAccessible: true,
      endpoint: { address: 'orders-db.c9akciq32abc.eu-west-1.rds.amazonaws.com', port: 5432 },
      encryption: { encrypted: true, keyKind: 'unknown', keyId: KMS },
      internetIngress: [postgresOpen, allTcp],
    });
  });

  it('PubliclyAccessible false or absent → not publicly accessible', () => {
    expect(toDatabase(rawInstance({ PubliclyAccessible: false }), [], ctx).publiclyAccessible).toBe(false);
    expect(toDatabase(rawInstance({ PubliclyAccessible: undefined }), [], ctx).publiclyAccessible).toBe(false);
  });

  it('no endpoint yet → the port comes from DbInstancePort, with no address; ingress is narrowed to it', () => {
    const creating = toDatabase(rawInstance({ DBInstanceStatus: 'creating', Endpoint: undefined, DbInstancePort: 3306 }), [postgresOpen, mysqlOpen], ctx);
    expect(creating.endpoint).toEqual({ port: 3306 });
    expect(creating.internetIngress).toEqual([mysqlOpen]);
    expect(creating.state).toBe('creating');
  });

  it("the endpoint's port wins over DbInstancePort", () => {
    expect(toDatabase(rawInstance({ DbInstancePort: 3306 }), [], ctx).endpoint?.port).toBe(5432);
  });

  it('neither port known → no endpoint, ingress kept whole', () => {
    const paths = [ssh, postgresOpen];
    const portless = toDatabase(rawInstance({ Endpoint: undefined, DbInstancePort: undefined }), paths, ctx);
    expect(portless).not.toHaveProperty('endpoint');
    expect(portless.internetIngress).toBe(paths);
  });

  it('ingress Unknown passes through to the database', () => {
    const denied = unknownValue('ec2:DescribeNetworkAcls was denied');
    expect(reasonOf(toDatabase(rawInstance(), denied, ctx).internetIngress)).toBe('ec2:DescribeNetworkAcls was denied');
  });

  it('unencrypted storage → none; a sparse entry gets a placeholder id and no optional fields', () => {
    expect(toDatabase(rawInstance({ StorageEncrypted: false, KmsKeyId: undefined }), [], ctx).encryption).toEqual({ encrypted: false, keyKind: 'none' });
    const sparse = toDatabase({}, [], ctx);
    expect(sparse.id).toBe('unknown-db-instance');
    expect(sparse.publiclyAccessible).toBe(false);
    for (const key of ['endpoint', 'createdAt', 'engine', 'state']) expect(sparse).not.toHaveProperty(key);
  });
});

/** A DescribeDBClusters entry: a private Aurora PostgreSQL cluster with two instances. */
function rawCluster(overrides: Partial<DBCluster> = {}): DBCluster {
  return {
    AllocatedStorage: 1,
    AvailabilityZones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
    BackupRetentionPeriod: 7,
    DBClusterIdentifier: 'orders-aurora',
    DBClusterParameterGroup: 'default.aurora-postgresql15',
    DBSubnetGroup: 'default-vpc-0a1b2c3d4e5f60718',
    Status: 'available',
    EarliestRestorableTime: new Date('2024-02-23T03:00:00.000Z'),
    Endpoint: 'orders-aurora.cluster-c9akciq32abc.eu-west-1.rds.amazonaws.com',
    ReaderEndpoint: 'orders-aurora.cluster-ro-c9akciq32abc.eu-west-1.rds.amazonaws.com',
    MultiAZ: true,
    Engine: 'aurora-postgresql',
    EngineVersion: '15.4',
    LatestRestorableTime: new Date('2024-03-01T10:00:00.000Z'),
    Port: 5432,
    MasterUsername: 'postgres',
    PreferredBackupWindow: '03:00-03:30',
    ReadReplicaIdentifiers: [],
    DBClusterMembers: [
      { DBInstanceIdentifier: 'orders-aurora-1', IsClusterWriter: true, DBClusterParameterGroupStatus: 'in-sync', PromotionTier: 1 },
      { DBInstanceIdentifier: 'orders-aurora-2', IsClusterWriter: false, DBClusterParameterGroupStatus: 'in-sync', PromotionTier: 1 },
    ],
    VpcSecurityGroups: [{ VpcSecurityGroupId: SG, Status: 'active' }],
    HostedZoneId: 'Z29XKXDKYMONMX',
    StorageEncrypted: true,
    KmsKeyId: KMS,
    DbClusterResourceId: 'cluster-ABCDEFGHIJKLMNOPQRSTUVWXY0',
    DBClusterArn: `arn:aws:rds:${REGION}:${OWN}:cluster:orders-aurora`,
    IAMDatabaseAuthenticationEnabled: false,
    ClusterCreateTime: new Date('2023-06-01T12:00:00.000Z'),
    EngineMode: 'provisioned',
    DeletionProtection: true,
    HttpEndpointEnabled: false,
    CopyTagsToSnapshot: true,
    CrossAccountClone: false,
    TagList: [{ Key: 'team', Value: 'payments' }],
    ...overrides,
  };
}

/** A member instance of the cluster above, mapped as the RDS reader maps it. */
function member(id: string, publiclyAccessible: boolean, ingress: Maybe<readonly IngressPath[]>): Database {
  const raw = rawInstance({
    DBInstanceIdentifier: id,
    DBInstanceClass: 'db.r6g.large',
    Engine: 'aurora-postgresql',
    DBClusterIdentifier: 'orders-aurora',
    Endpoint: { Address: `${id}.c9akciq32abc.eu-west-1.rds.amazonaws.com`, Port: 5432, HostedZoneId: 'Z29XKXDKYMONMX' },
    PubliclyAccessible: publiclyAccessible,
    StorageType: 'aurora',
  });
  return toDatabase(raw, ingress, ctx);
}

describe('toClusterDatabase', () => {
  it('maps a recorded private cluster with private members completely', () => {
    expect(toClusterDatabase(rawCluster(), [member('orders-aurora-1', false, []), member('orders-aurora-2', false, [])], ctx)).toEqual({
      kind: 'database',
      provider: 'aws',
      account: OWN,
      region: REGION,
      type: 'AWS::RDS::DBCluster',
      id: 'orders-aurora',
      tags: { team: 'payments' },
      createdAt: '2023-06-01T12:00:00.000Z',
      engine: 'aurora-postgresql',
      state: 'available',
      publiclyAccessible: false,
      endpoint: { address: 'orders-aurora.cluster-c9akciq32abc.eu-west-1.rds.amazonaws.com', port: 5432 },
      encryption: { encrypted: true, keyKind: 'unknown', keyId: KMS },
      internetIngress: [],
    });
  });

  it('public when any member is', () => {
    const cluster = toClusterDatabase(rawCluster(), [member('orders-aurora-1', false, []), member('orders-aurora-2', true, [postgresOpen])], ctx);
    expect(cluster.publiclyAccessible).toBe(true);
  });

  it('public when the cluster itself is (a Multi-AZ DB cluster), even with private or no members', () => {
    expect(toClusterDatabase(rawCluster({ PubliclyAccessible: true }), [member('orders-aurora-1', false, [])], ctx).publiclyAccessible).toBe(true);
    expect(toClusterDatabase(rawCluster({ PubliclyAccessible: true }), [], ctx).publiclyAccessible).toBe(true);
    expect(toClusterDatabase(rawCluster({ PubliclyAccessible: false }), [], ctx).publiclyAccessible).toBe(false);
  });

  it("ingress is the union of the members' paths, in member order", () => {
    const v4 = path('tcp', 5432, 5432, '0.0.0.0/0', '203.0.113.31');
    const v6 = path('tcp', 5432, 5432, '::/0', '2001:db8::32');
    const cluster = toClusterDatabase(rawCluster(), [member('orders-aurora-1', true, [v4, ssh]), member('orders-aurora-2', true, [v6])], ctx);
    expect(pathsOf(cluster.internetIngress)).toEqual([v4, v6]);
  });

  it("Unknown when any member's ingress is, even if another member's is known to be open", () => {
    const denied = unknownValue('ec2:DescribeSecurityGroups was denied');
    const cluster = toClusterDatabase(rawCluster(), [member('orders-aurora-1', true, [postgresOpen]), member('orders-aurora-2', false, denied)], ctx);
    expect(cluster.internetIngress).toBe(denied);
  });

  it('no members → no ingress', () => {
    expect(toClusterDatabase(rawCluster({ DBClusterMembers: [] }), [], ctx).internetIngress).toEqual([]);
  });

  it('the endpoint comes from the cluster Endpoint and Port; no Port → no endpoint; no Endpoint → port only', () => {
    expect(toClusterDatabase(rawCluster({ Endpoint: undefined }), [], ctx).endpoint).toEqual({ port: 5432 });
    expect(toClusterDatabase(rawCluster({ Port: undefined }), [], ctx)).not.toHaveProperty('endpoint');
  });

  it('unencrypted storage → none; sparse entry → placeholder id', () => {
    expect(toClusterDatabase(rawCluster({ StorageEncrypted: false, KmsKeyId: undefined }), [], ctx).encryption).toEqual({ encrypted: false, keyKind: 'none' });
    const sparse = toClusterDatabase({}, [], ctx);
    expect(sparse.id).toBe('unknown-db-cluster');
    for (const key of ['endpoint', 'createdAt', 'engine', 'state']) expect(sparse).not.toHaveProperty(key);
  });
});
