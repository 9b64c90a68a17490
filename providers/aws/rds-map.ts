// Raw RDS shapes to the provider-neutral model. Pure functions, tested with recorded shapes.
import type { DBCluster, DBClusterSnapshot, DBInstance, DBSnapshot, DBSnapshotAttribute } from '@aws-sdk/client-rds';
import { isUnknown, type Database, type DbSnapshot, type IngressPath, type Maybe, type SharingGrant, type Sharing } from '../../src/model.js';
import { accountGrant, encryptionOf, resourceBase, tagsOf, type MapContext } from './map.js';

/** Only manual snapshots can be shared; AWS refuses to share automated and AWS Backup ones. */
export function isShareable(snapshotType: string | undefined): boolean {
  return snapshotType === 'manual';
}

/** The `restore` attribute: `all`, or the account ids that may restore the snapshot. */
export function restoreGrants(attributes: readonly DBSnapshotAttribute[], ctx: MapContext): SharingGrant[] {
  const restore = attributes.find((a) => a.AttributeName === 'restore');
  return (restore?.AttributeValues ?? []).map((value) => (value === 'all' ? { kind: 'public' as const } : accountGrant(value, ctx, false)));
}

/** DB and cluster snapshots share one shape; these are the fields in which they differ. */
interface DbSnapshotFields {
  readonly type: 'AWS::RDS::DBSnapshot' | 'AWS::RDS::DBClusterSnapshot';
  readonly id: string;
  readonly source: DbSnapshot['source'] | undefined;
  readonly encrypted: boolean | undefined;
  readonly raw: Pick<DBSnapshot, 'SnapshotCreateTime' | 'Engine' | 'SnapshotType' | 'Status' | 'KmsKeyId' | 'TagList'>;
}

function dbSnapshotOf({ type, id, source, encrypted, raw }: DbSnapshotFields, sharing: Sharing, ctx: MapContext): DbSnapshot {
  return {
    kind: 'db-snapshot',
    ...resourceBase(ctx, type, id, tagsOf(raw.TagList), { createdAt: raw.SnapshotCreateTime }),
    ...(raw.Engine ? { engine: raw.Engine } : {}),
    ...(raw.SnapshotType ? { snapshotType: raw.SnapshotType } : {}),
    ...(raw.Status ? { state: raw.Status } : {}),
    // RDS reports a key ARN for the AWS-managed aws/rds key too; telling them apart needs KMS.
    encryption: encryptionOf(encrypted, raw.KmsKeyId),
    ...(source ? { source } : {}),
    sharing,
  };
}

export function toDbSnapshot(raw: DBSnapshot, sharing: Sharing, ctx: MapContext): DbSnapshot {
  const source = raw.DBInstanceIdentifier ? { kind: 'db-instance' as const, id: raw.DBInstanceIdentifier } : undefined;
  return dbSnapshotOf({ type: 'AWS::RDS::DBSnapshot', id: raw.DBSnapshotIdentifier ?? 'unknown-db-snapshot', source, encrypted: raw.Encrypted, raw }, sharing, ctx);
}

export function toDbClusterSnapshot(raw: DBClusterSnapshot, sharing: Sharing, ctx: MapContext): DbSnapshot {
  const source = raw.DBClusterIdentifier ? { kind: 'db-cluster' as const, id: raw.DBClusterIdentifier } : undefined;
  return dbSnapshotOf({ type: 'AWS::RDS::DBClusterSnapshot', id: raw.DBClusterSnapshotIdentifier ?? 'unknown-db-cluster-snapshot', source, encrypted: raw.StorageEncrypted, raw }, sharing, ctx);
}

/** Paths that reach the database's own port. */
export function toPort(paths: Maybe<readonly IngressPath[]>, port: number | undefined): Maybe<readonly IngressPath[]> {
  if (isUnknown(paths) || port === undefined) return paths;
  return paths.filter((p) => (p.protocol === 'tcp' || p.protocol === 'all') && p.ports.from <= port && port <= p.ports.to);
}

export function toDatabase(raw: DBInstance, ingress: Maybe<readonly IngressPath[]>, ctx: MapContext): Database {
  // DbInstancePort is 0 for standalone instances; only a real port counts.
  const port = raw.Endpoint?.Port ?? (raw.DbInstancePort ? raw.DbInstancePort : undefined);
  return {
    kind: 'database',
    ...resourceBase(ctx, 'AWS::RDS::DBInstance', raw.DBInstanceIdentifier ?? 'unknown-db-instance', tagsOf(raw.TagList), { createdAt: raw.InstanceCreateTime }),
    ...(raw.Engine ? { engine: raw.Engine } : {}),
    ...(raw.DBInstanceStatus ? { state: raw.DBInstanceStatus } : {}),
    publiclyAccessible: raw.PubliclyAccessible === true,
    ...(port !== undefined ? { endpoint: { ...(raw.Endpoint?.Address ? { address: raw.Endpoint.Address } : {}), port } } : {}),
    encryption: encryptionOf(raw.StorageEncrypted, raw.KmsKeyId),
    internetIngress: toPort(ingress, port),
  };
}

/** A cluster as one database: public when it or any member instance is, reachable where any member is. */
export function toClusterDatabase(raw: DBCluster, members: readonly Database[], ctx: MapContext): Database {
  const unknownMember = members.find((m) => isUnknown(m.internetIngress));
  const ingress: Maybe<readonly IngressPath[]> = unknownMember
    ? unknownMember.internetIngress
    : members.flatMap((m) => (isUnknown(m.internetIngress) ? [] : m.internetIngress));
  return {
    kind: 'database',
    ...resourceBase(ctx, 'AWS::RDS::DBCluster', raw.DBClusterIdentifier ?? 'unknown-db-cluster', tagsOf(raw.TagList), { createdAt: raw.ClusterCreateTime }),
    ...(raw.Engine ? { engine: raw.Engine } : {}),
    ...(raw.Status ? { state: raw.Status } : {}),
    publiclyAccessible: raw.PubliclyAccessible === true || members.some((m) => m.publiclyAccessible),
    ...(raw.Port !== undefined ? { endpoint: { ...(raw.Endpoint ? { address: raw.Endpoint } : {}), port: raw.Port } } : {}),
    encryption: encryptionOf(raw.StorageEncrypted, raw.KmsKeyId),
    internetIngress: ingress,
  };
}
