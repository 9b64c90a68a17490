// RDS in one account and region: DB and cluster snapshots with who may restore them (the `restore`
// attribute is the source of truth), and the databases the internet can reach on their port.
import {
  DescribeDBClusterSnapshotAttributesCommand,
  DescribeDBSnapshotAttributesCommand,
  paginateDescribeDBClusters,
  paginateDescribeDBClusterSnapshots,
  paginateDescribeDBInstances,
  paginateDescribeDBSnapshots,
  type DBInstance,
} from '@aws-sdk/client-rds';
import { isUnknown, type Database, type Inventory, type Maybe, type SharingGrant } from '../../src/model.js';
import type { NetworkRead } from './ec2-region.js';
import { mapContextOf } from './ec2-region.js';
import { aclForSubnet, endpointIngress, type PublicAddress } from './ingress.js';
import { isShareable, restoreGrants, toClusterDatabase, toDatabase, toDbClusterSnapshot, toDbSnapshot } from './rds-map.js';
import { attempt, collectPages, readOne, type RegionJob } from './region-reads.js';

/** RDS pages hold 20 to 100 records. */
const PAGE_SIZE = 100;

const rdsAttempt = <T>(job: RegionJob, action: string, read: () => Promise<T>): Promise<Maybe<T>> => attempt(job, 'rds', action, read);

/** Automated and AWS Backup snapshots cannot be shared: their sharing is known without a call. */
function notShared(): Maybe<SharingGrant[]> {
  return [];
}

async function readDbSnapshots(job: RegionJob): Promise<Inventory['dbSnapshots']> {
  const client = job.clients.rds(job.region);
  const ctx = mapContextOf(job);
  const [instances, clusters] = await Promise.all([
    rdsAttempt(job, 'DescribeDBSnapshots', () =>
      collectPages(paginateDescribeDBSnapshots({ client, pageSize: PAGE_SIZE, stopOnSameToken: true }, {}), (p) => p.DBSnapshots),
    ),
    rdsAttempt(job, 'DescribeDBClusterSnapshots', () =>
      collectPages(paginateDescribeDBClusterSnapshots({ client, pageSize: PAGE_SIZE, stopOnSameToken: true }, {}), (p) => p.DBClusterSnapshots),
    ),
  ]);
  const dbSnapshots = isUnknown(instances)
    ? []
    : await Promise.all(
        instances.map(async (raw) => {
          const id = raw.DBSnapshotIdentifier ?? '';
          const sharing = !isShareable(raw.SnapshotType)
            ? notShared()
            : await readOne(job, 'rds', 'DescribeDBSnapshotAttributes', id, async () => {
                const out = await client.send(new DescribeDBSnapshotAttributesCommand({ DBSnapshotIdentifier: id }));
                return restoreGrants(out.DBSnapshotAttributesResult?.DBSnapshotAttributes ?? [], ctx);
              });
          return toDbSnapshot(raw, isUnknown(sharing) ? { ...sharing, confirmed: [] } : sharing, ctx);
        }),
      );
  const clusterSnapshots = isUnknown(clusters)
    ? []
    : await Promise.all(
        clusters.map(async (raw) => {
          const id = raw.DBClusterSnapshotIdentifier ?? '';
          const sharing = !isShareable(raw.SnapshotType)
            ? notShared()
            : await readOne(job, 'rds', 'DescribeDBClusterSnapshotAttributes', id, async () => {
                const out = await client.send(new DescribeDBClusterSnapshotAttributesCommand({ DBClusterSnapshotIdentifier: id }));
                return restoreGrants(out.DBClusterSnapshotAttributesResult?.DBClusterSnapshotAttributes ?? [], ctx);
              });
          return toDbClusterSnapshot(raw, isUnknown(sharing) ? { ...sharing, confirmed: [] } : sharing, ctx);
        }),
      );
  return [...dbSnapshots, ...clusterSnapshots];
}

/** The database's public address and the ACLs of the subnets it may sit in. */
function databaseIngress(raw: DBInstance, network: NetworkRead): ReturnType<typeof endpointIngress> {
  if (raw.PubliclyAccessible !== true) return [];
  const address = raw.Endpoint?.Address ?? raw.DBInstanceIdentifier ?? 'database';
  const addresses: PublicAddress[] = [{ address, family: 'v4' }];
  if (raw.NetworkType === 'DUAL') addresses.push({ address, family: 'v6' });
  const groups = isUnknown(network.groups) ? network.groups : new Map(network.groups.map((g) => [g.GroupId ?? '', g]));
  const subnets = raw.DBSubnetGroup?.Subnets ?? [];
  // The subnet in the instance's zone when AWS says which; otherwise any of them.
  const inZone = subnets.filter((s) => s.SubnetAvailabilityZone?.Name === raw.AvailabilityZone);
  const candidates = (inZone.length > 0 ? inZone : subnets).map((s) => s.SubnetIdentifier ?? '(unnamed)');
  const vpcId = raw.DBSubnetGroup?.VpcId;
  return endpointIngress({
    addresses,
    groupIds: (raw.VpcSecurityGroups ?? []).filter((g) => g.Status !== 'inactive').map((g) => g.VpcSecurityGroupId ?? '(unnamed)'),
    groups,
    acls: isUnknown(network.acls) ? network.acls : candidates.map((subnetId) => ({ subnetId, acl: aclForSubnet(network.acls as NonNullable<typeof network.acls>, subnetId, vpcId) })),
  });
}

async function readDatabases(job: RegionJob, networkRead: Promise<NetworkRead>): Promise<Database[]> {
  const client = job.clients.rds(job.region);
  const ctx = mapContextOf(job);
  const [instances, clusters, network] = await Promise.all([
    rdsAttempt(job, 'DescribeDBInstances', () =>
      collectPages(paginateDescribeDBInstances({ client, pageSize: PAGE_SIZE, stopOnSameToken: true }, {}), (p) => p.DBInstances),
    ),
    rdsAttempt(job, 'DescribeDBClusters', () =>
      collectPages(paginateDescribeDBClusters({ client, pageSize: PAGE_SIZE, stopOnSameToken: true }, {}), (p) => p.DBClusters),
    ),
    networkRead,
  ]);
  const rawInstances = isUnknown(instances) ? [] : instances;
  const byId = new Map(rawInstances.map((raw) => [raw.DBInstanceIdentifier ?? '', toDatabase(raw, databaseIngress(raw, network), ctx)]));
  const rawClusters = isUnknown(clusters) ? [] : clusters;
  // A cluster member is reported as part of its cluster, once; standalone instances on their own.
  const clustered = new Set(rawClusters.flatMap((c) => (c.DBClusterMembers ?? []).map((m) => m.DBInstanceIdentifier ?? '')));
  const clusterDatabases = rawClusters.map((raw) => {
    const members = (raw.DBClusterMembers ?? []).flatMap((m) => {
      const db = byId.get(m.DBInstanceIdentifier ?? '');
      return db ? [db] : [];
    });
    return toClusterDatabase(raw, members, ctx);
  });
  const standalone = [...byId.entries()].filter(([id]) => !clustered.has(id)).map(([, db]) => db);
  return [...standalone, ...clusterDatabases];
}

export async function collectRdsRegion(job: RegionJob, networkRead: Promise<NetworkRead>): Promise<Partial<Inventory>> {
  const [dbSnapshots, databases] = await Promise.all([readDbSnapshots(job), readDatabases(job, networkRead)]);
  return { dbSnapshots, databases };
}
