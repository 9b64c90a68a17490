// RDS through the real SDK v3 client: DB and cluster snapshots with what AWS lists for each
// SnapshotType, restore attributes, pagination by Marker, instances and clusters.
import {
  DescribeDBClustersCommand,
  DescribeDBClusterSnapshotAttributesCommand,
  DescribeDBClusterSnapshotsCommand,
  DescribeDBInstancesCommand,
  DescribeDBSnapshotAttributesCommand,
  DescribeDBSnapshotsCommand,
  type DescribeDBSnapshotsMessage,
  paginateDescribeDBSnapshots,
  type DBSnapshot,
  type RDSClient,
} from '@aws-sdk/client-rds';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { ACCOUNT_A, ACCOUNT_B, BULK, HOME, HOSTILE, KEY_B, rdsClient, rejectionOf, STRANGER, UNKNOWN_KEY } from './fixtures.js';
import { SERVICE_BULK, servicesEstate } from './services-fixtures.js';

let emu: RunningEmulator;
let rds: RDSClient;

beforeAll(async () => {
  emu = await startEmulator({ estate: servicesEstate() });
  rds = rdsClient(emu);
});

afterEach(() => {
  emu.configure({ pageCap: undefined });
  emu.resetCalls();
});

afterAll(async () => {
  rds.destroy();
  await emu.close();
});

async function snapshotIds(input: DescribeDBSnapshotsMessage, client: RDSClient = rds): Promise<(string | undefined)[]> {
  const { DBSnapshots } = await client.send(new DescribeDBSnapshotsCommand(input));
  return (DBSnapshots ?? []).map((s) => s.DBSnapshotIdentifier).sort();
}

const arnOf = (account: string, id: string, type = 'snapshot'): string => `arn:aws:rds:${HOME}:${account}:${type}:${id}`;

describe('DescribeDBSnapshots', () => {
  it('lists own automated and manual snapshots by default, with every field', async () => {
    const { DBSnapshots } = await rds.send(new DescribeDBSnapshotsCommand({}));
    expect((DBSnapshots ?? []).map((s) => s.DBSnapshotIdentifier).sort()).toEqual(['db-private', 'db-public', 'db-shared', 'rds:web-db-2026-01-02-03-04']);
    const byId = new Map((DBSnapshots ?? []).map((s): [string | undefined, DBSnapshot] => [s.DBSnapshotIdentifier, s]));
    expect(byId.get('db-public')).toMatchObject({
      DBSnapshotArn: arnOf(ACCOUNT_A, 'db-public'),
      DBInstanceIdentifier: 'web-db',
      Engine: 'postgres',
      SnapshotType: 'manual',
      Status: 'available',
      AllocatedStorage: 20,
      Encrypted: false,
      TagList: [
        { Key: HOSTILE, Value: HOSTILE },
        { Key: 'team', Value: 'web' },
      ],
    });
    expect(byId.get('db-public')?.SnapshotCreateTime).toEqual(new Date('2026-01-01T00:00:00.000Z'));
    expect(byId.get('db-private')).toMatchObject({ Encrypted: true, KmsKeyId: 'arn:aws:kms:eu-west-1:111111111111:key/db' });
    expect(byId.get('rds:web-db-2026-01-02-03-04')).toMatchObject({ SnapshotType: 'automated', SnapshotCreateTime: new Date('2026-01-02T03:04:05.000Z') });
    expect(byId.get('db-shared')).toMatchObject({ Engine: 'mysql', AllocatedStorage: 100 });
  });

  it('selects by SnapshotType, and adds shared and public snapshots of other accounts only when asked', async () => {
    expect(await snapshotIds({ SnapshotType: 'awsbackup' })).toEqual(['awsbackup:job-1']);
    expect(await snapshotIds({ SnapshotType: 'automated' })).toEqual(['rds:web-db-2026-01-02-03-04']);
    expect(await snapshotIds({ SnapshotType: 'shared' })).toEqual([arnOf(ACCOUNT_B, 'b-shared-with-a')]);
    expect(await snapshotIds({ SnapshotType: 'public' })).toEqual([arnOf(ACCOUNT_B, 'b-public'), 'db-public']);
    expect(await snapshotIds({ SnapshotType: 'manual', IncludeShared: true })).toEqual([
      arnOf(ACCOUNT_B, 'b-shared-with-a'),
      'db-private',
      'db-public',
      'db-shared',
    ]);
    expect(await snapshotIds({ IncludeShared: true, IncludePublic: true })).toEqual([
      arnOf(ACCOUNT_B, 'b-public'),
      arnOf(ACCOUNT_B, 'b-shared-with-a'),
      'db-private',
      'db-public',
      'db-shared',
      'rds:web-db-2026-01-02-03-04',
    ]);
    const error = await rejectionOf(rds.send(new DescribeDBSnapshotsCommand({ SnapshotType: 'everything' })));
    expect(error.name).toBe('InvalidParameterValue');
  });

  it("reports other accounts' snapshots by ARN, typed shared or public, without the owner's tags", async () => {
    const { DBSnapshots } = await rds.send(new DescribeDBSnapshotsCommand({ IncludeShared: true, IncludePublic: true }));
    const shared = DBSnapshots?.find((s) => s.DBSnapshotIdentifier === arnOf(ACCOUNT_B, 'b-shared-with-a'));
    expect(shared).toMatchObject({ SnapshotType: 'shared', DBSnapshotArn: arnOf(ACCOUNT_B, 'b-shared-with-a'), DBInstanceIdentifier: 'b-db' });
    expect(shared?.TagList ?? []).toEqual([]);
    expect(DBSnapshots?.find((s) => s.DBSnapshotIdentifier === arnOf(ACCOUNT_B, 'b-public'))?.SnapshotType).toBe('public');
  });

  it('finds one snapshot by identifier or ARN, filters by instance and by Filters, and names a missing one', async () => {
    expect(await snapshotIds({ DBSnapshotIdentifier: 'DB-PRIVATE' })).toEqual(['db-private']);
    expect(await snapshotIds({ DBSnapshotIdentifier: arnOf(ACCOUNT_B, 'b-public') })).toEqual([arnOf(ACCOUNT_B, 'b-public')]);
    expect(await snapshotIds({ DBInstanceIdentifier: 'reports' })).toEqual(['db-private']);
    expect(await snapshotIds({ Filters: [{ Name: 'engine', Values: ['mysql', 'oracle'] }] })).toEqual(['db-shared']);
    expect(await snapshotIds({ Filters: [{ Name: 'db-instance-id', Values: ['web-db'] }, { Name: 'snapshot-type', Values: ['manual'] }] })).toEqual([
      'db-public',
      'db-shared',
    ]);
    const missing = await rejectionOf(rds.send(new DescribeDBSnapshotsCommand({ DBSnapshotIdentifier: 'nope' })));
    expect(missing.name).toBe('DBSnapshotNotFoundFault');
    expect(missing.$metadata?.httpStatusCode).toBe(404);
    expect(missing.message).toBe('DBSnapshot nope not found.');
    const filter = await rejectionOf(rds.send(new DescribeDBSnapshotsCommand({ Filters: [{ Name: 'colour', Values: ['red'] }] })));
    expect(filter.name).toBe('InvalidParameterValue');
  });

  it('pages by MaxRecords and Marker, 20 to 100 a page', async () => {
    const bulk = rdsClient(emu, { region: BULK });
    const sizes: number[] = [];
    const seen = new Set<string | undefined>();
    for await (const page of paginateDescribeDBSnapshots({ client: bulk, pageSize: 20 }, {})) {
      sizes.push(page.DBSnapshots?.length ?? 0);
      for (const s of page.DBSnapshots ?? []) seen.add(s.DBSnapshotIdentifier);
    }
    expect(sizes).toEqual([20, 20, 5]);
    expect(seen.size).toBe(SERVICE_BULK.dbSnapshots);
    expect(emu.calls().map((c) => c.params['Marker'] === undefined)).toEqual([true, false, false]);
    expect((await bulk.send(new DescribeDBSnapshotsCommand({}))).DBSnapshots).toHaveLength(SERVICE_BULK.dbSnapshots);
    for (const MaxRecords of [19, 101]) {
      const error = await rejectionOf(bulk.send(new DescribeDBSnapshotsCommand({ MaxRecords })));
      expect(error.name).toBe('InvalidParameterValue');
      expect(error.message).toContain('MaxRecords');
    }
    const first = await bulk.send(new DescribeDBSnapshotsCommand({ MaxRecords: 20 }));
    const replayed = await rejectionOf(bulk.send(new DescribeDBSnapshotsCommand({ MaxRecords: 20, Marker: first.Marker, SnapshotType: 'manual' })));
    expect(replayed.name).toBe('InvalidParameterValue');
    bulk.destroy();
  });

  it('caps pages at pageCap', async () => {
    emu.configure({ pageCap: 7 });
    const bulk = rdsClient(emu, { region: BULK });
    const sizes: number[] = [];
    for await (const page of paginateDescribeDBSnapshots({ client: bulk, pageSize: 20 }, {})) sizes.push(page.DBSnapshots?.length ?? 0);
    expect(sizes).toEqual([7, 7, 7, 7, 7, 7, 3]);
    bulk.destroy();
  });
});

describe('restore attributes', () => {
  it('lists restore as all, account ids, or nothing', async () => {
    const open = await rds.send(new DescribeDBSnapshotAttributesCommand({ DBSnapshotIdentifier: 'db-public' }));
    expect(open.DBSnapshotAttributesResult).toEqual({
      DBSnapshotIdentifier: 'db-public',
      DBSnapshotAttributes: [{ AttributeName: 'restore', AttributeValues: ['all'] }],
    });
    const shared = await rds.send(new DescribeDBSnapshotAttributesCommand({ DBSnapshotIdentifier: arnOf(ACCOUNT_A, 'db-shared') }));
    expect(shared.DBSnapshotAttributesResult?.DBSnapshotAttributes).toEqual([{ AttributeName: 'restore', AttributeValues: [ACCOUNT_B, STRANGER] }]);
    const closed = await rds.send(new DescribeDBSnapshotAttributesCommand({ DBSnapshotIdentifier: 'db-private' }));
    expect(closed.DBSnapshotAttributesResult?.DBSnapshotAttributes?.[0]?.AttributeValues ?? []).toEqual([]);
  });

  it("answers DBSnapshotNotFound for unknown snapshots and for other accounts' snapshots", async () => {
    for (const id of ['nope', arnOf(ACCOUNT_B, 'b-public')]) {
      const error = await rejectionOf(rds.send(new DescribeDBSnapshotAttributesCommand({ DBSnapshotIdentifier: id })));
      expect(error.name).toBe('DBSnapshotNotFoundFault');
      expect(error.$metadata?.httpStatusCode).toBe(404);
    }
    expect(emu.calls().map((c) => c.errorCode)).toEqual(['DBSnapshotNotFound', 'DBSnapshotNotFound']);
  });

  it('describes cluster snapshot attributes, and DBClusterSnapshotNotFoundFault', async () => {
    const result = await rds.send(new DescribeDBClusterSnapshotAttributesCommand({ DBClusterSnapshotIdentifier: 'cl-public' }));
    expect(result.DBClusterSnapshotAttributesResult).toEqual({
      DBClusterSnapshotIdentifier: 'cl-public',
      DBClusterSnapshotAttributes: [{ AttributeName: 'restore', AttributeValues: ['all', ACCOUNT_B] }],
    });
    const error = await rejectionOf(rds.send(new DescribeDBClusterSnapshotAttributesCommand({ DBClusterSnapshotIdentifier: 'nope' })));
    expect(error.name).toBe('DBClusterSnapshotNotFoundFault');
    expect(error.$metadata?.httpStatusCode).toBe(404);
  });
});

describe('DescribeDBClusterSnapshots', () => {
  it('lists own cluster snapshots with cluster fields, and shared ones when asked', async () => {
    const { DBClusterSnapshots } = await rds.send(new DescribeDBClusterSnapshotsCommand({}));
    expect(DBClusterSnapshots?.map((s) => s.DBClusterSnapshotIdentifier)).toEqual(['cl-public', 'cl-private']);
    expect(DBClusterSnapshots?.[1]).toMatchObject({
      DBClusterSnapshotArn: arnOf(ACCOUNT_A, 'cl-private', 'cluster-snapshot'),
      DBClusterIdentifier: 'aurora',
      Engine: 'aurora-postgresql',
      SnapshotType: 'manual',
      Status: 'available',
      StorageEncrypted: true,
      KmsKeyId: 'key-cl',
      TagList: [{ Key: 'env', Value: 'prod' }],
    });
    const withShared = await rds.send(new DescribeDBClusterSnapshotsCommand({ IncludeShared: true }));
    expect(withShared.DBClusterSnapshots?.map((s) => s.DBClusterSnapshotIdentifier)).toContain(arnOf(ACCOUNT_B, 'b-cl-shared', 'cluster-snapshot'));
    const fromB = await rdsClient(emu, { accessKeyId: KEY_B }).send(new DescribeDBClusterSnapshotsCommand({ SnapshotType: 'public' }));
    expect(fromB.DBClusterSnapshots?.map((s) => [s.DBClusterSnapshotIdentifier, s.SnapshotType])).toEqual([
      [arnOf(ACCOUNT_A, 'cl-public', 'cluster-snapshot'), 'shared'],
    ]);
    const missing = await rejectionOf(rds.send(new DescribeDBClusterSnapshotsCommand({ DBClusterSnapshotIdentifier: 'nope' })));
    expect(missing.name).toBe('DBClusterSnapshotNotFoundFault');
  });
});

describe('DescribeDBInstances and DescribeDBClusters', () => {
  it('reports public access, endpoint, security groups, subnets and tags of instances', async () => {
    const { DBInstances } = await rds.send(new DescribeDBInstancesCommand({}));
    expect(DBInstances?.map((i) => i.DBInstanceIdentifier)).toEqual(['web-db', 'aurora-1', 'aurora-2']);
    const web = DBInstances?.[0];
    expect(web).toMatchObject({
      DBInstanceArn: arnOf(ACCOUNT_A, 'web-db', 'db'),
      Engine: 'postgres',
      DBInstanceStatus: 'available',
      PubliclyAccessible: true,
      StorageEncrypted: false,
      VpcSecurityGroups: [
        { VpcSecurityGroupId: 'sg-0a01', Status: 'active' },
        { VpcSecurityGroupId: 'sg-0a02', Status: 'active' },
      ],
      DBSubnetGroup: { VpcId: 'vpc-0a01', Subnets: [{ SubnetIdentifier: 'subnet-0a01' }, { SubnetIdentifier: 'subnet-0a02' }] },
      InstanceCreateTime: new Date('2026-01-01T00:00:00.000Z'),
      TagList: [{ Key: 'Name', Value: HOSTILE }],
    });
    expect(web?.Endpoint?.Port).toBe(5432);
    expect(web?.Endpoint?.Address).toMatch(/^web-db\.[a-z0-9]{12}\.eu-west-1\.rds\.amazonaws\.com$/);
    expect(DBInstances?.[1]).toMatchObject({
      Endpoint: { Address: 'aurora-1.internal.example', Port: 5432 },
      DBClusterIdentifier: 'aurora',
      PubliclyAccessible: false,
      StorageEncrypted: true,
      KmsKeyId: 'key-cl',
    });
    const inCluster = await rds.send(new DescribeDBInstancesCommand({ Filters: [{ Name: 'db-cluster-id', Values: ['aurora'] }] }));
    expect(inCluster.DBInstances?.map((i) => i.DBInstanceIdentifier)).toEqual(['aurora-1', 'aurora-2']);
    const missing = await rejectionOf(rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: 'nope' })));
    expect([missing.name, missing.$metadata?.httpStatusCode]).toEqual(['DBInstanceNotFoundFault', 404]);
  });

  it('reports cluster members, endpoints and public access only where the estate sets it', async () => {
    const { DBClusters } = await rds.send(new DescribeDBClustersCommand({}));
    const [aurora, multiAz] = DBClusters ?? [];
    expect(aurora).toMatchObject({
      DBClusterIdentifier: 'aurora',
      DBClusterArn: arnOf(ACCOUNT_A, 'aurora', 'cluster'),
      Engine: 'aurora-postgresql',
      Status: 'available',
      Port: 5432,
      StorageEncrypted: true,
      KmsKeyId: 'key-cl',
      VpcSecurityGroups: [{ VpcSecurityGroupId: 'sg-0a02', Status: 'active' }],
      DBClusterMembers: [
        { DBInstanceIdentifier: 'aurora-1', IsClusterWriter: true },
        { DBInstanceIdentifier: 'aurora-2', IsClusterWriter: false },
      ],
      ClusterCreateTime: new Date('2026-01-01T00:00:00.000Z'),
    });
    expect(aurora?.PubliclyAccessible).toBeUndefined();
    expect(aurora?.Endpoint).toMatch(/^aurora\.cluster-[a-z0-9]{12}\.eu-west-1\.rds\.amazonaws\.com$/);
    expect(multiAz).toMatchObject({ DBClusterIdentifier: 'multi-az', PubliclyAccessible: true, Port: 5433, TagList: [{ Key: 'tier', Value: 'data' }] });
    const missing = await rejectionOf(rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: 'nope' })));
    expect([missing.name, missing.$metadata?.httpStatusCode]).toEqual(['DBClusterNotFoundFault', 404]);
  });
});

describe('authentication and regions', () => {
  it('refuses an unknown key and a region the account has not enabled with InvalidClientTokenId', async () => {
    for (const client of [rdsClient(emu, { accessKeyId: UNKNOWN_KEY }), rdsClient(emu, { region: 'af-south-1' })]) {
      const error = await rejectionOf(client.send(new DescribeDBSnapshotsCommand({})));
      expect([error.name, error.$metadata?.httpStatusCode]).toEqual(['InvalidClientTokenId', 403]);
      client.destroy();
    }
  });

  it('answers InvalidAction for an action it does not serve', async () => {
    const response = await fetch(emu.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `AWS4-HMAC-SHA256 Credential=AKIAAAAAAAAAAAAAAAAA/20260101/${HOME}/rds/aws4_request, SignedHeaders=host, Signature=0`,
      },
      body: 'Action=DeleteDBSnapshot&Version=2014-10-31&DBSnapshotIdentifier=db-public',
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(
      /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<ErrorResponse xmlns="http:\/\/rds\.amazonaws\.com\/doc\/2014-10-31\/"><Error><Type>Sender<\/Type><Code>InvalidAction<\/Code><Message>.*<\/Message><\/Error><RequestId>[0-9a-f-]+<\/RequestId><\/ErrorResponse>$/,
    );
  });
});
