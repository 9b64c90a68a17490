// Raw RDS shapes to the provider-neutral model. Pure functions, tested with recorded shapes.
import type { DBCluster, DBClusterSnapshot, DBInstance, DBSnapshot, DBSnapshotAttribute } from '@aws-sdk/client-rds';
import { isUnknown, type Database, type DbSnapshot, type Encryption, type IngressPath, type Maybe, type SharingGrant, type Sharing } from '../../src/model.js';
import { accountGrant, tagsOf, type MapContext } from './map.js';

/** Only manual snapshots can be shared; AWS refuses to share automated and AWS Backup ones. */
export function isShareable(snapshotType: string | undefined): boolean {
  return snapshotType === 'manual';
}

/** The `restore` attribute: `all`, or the account ids that may restore the snapshot. */
export function restoreGrants(attributes: readonly DBSnapshotAttribute[], ctx: MapContext): SharingGrant[] {
  const restore = attributes.find((a) => a.AttributeName === 'restore');
  return (restore?.AttributeValues ?? []).map((value) => (value === 'all' ? { kind: 'public' as const } : accountGrant(value, ctx, false)));
}

function encryption(encrypted: boolean | undefined, keyId: string | undefined): Encryption {
  if (!encrypted) return { encrypted: false, keyKind: 'none' };
  // RDS reports a key ARN for the AWS-managed aws/rds key too; telling them apart needs KMS.
  return { encrypted: true, keyKind: 'unknown', ...(keyId ? { keyId } : {}) };
}

function iso(date: Date | undefined): string | undefined {
  return date && !Number.isNaN(date.getTime()) ? date.toISOString() : undefined;
}

export function toDbSnapshot(raw: DBSnapshot, sharing: Sharing, ctx: MapContext): DbSnapshot {
  const createdAt = iso(raw.SnapshotCreateTime);
  return {
    kind: 'db-snapshot',
    provider: 'aws',
    account: ctx.account,
    region: ctx.region,
    type: 'AWS::RDS::DBSnapshot',
    id: raw.DBSnapshotIdentifier ?? 'unknown-db-snapshot',
    tags: tagsOf(raw.TagList),
    ...(createdAt ? { createdAt } : {}),
    ...(raw.Engine ? { engine: raw.Engine } : {}),
    ...(raw.SnapshotType ? { snapshotType: raw.SnapshotType } : {}),
    ...(raw.Status ? { state: raw.Status } : {}),
    encryption: encryption(raw.Encrypted, raw.KmsKeyId),
    ...(raw.DBInstanceIdentifier ? { source: { kind: 'db-instance' as const, id: raw.DBInstanceIdentifier } } : {}),
    sharing,
  };
}

export function toDbClusterSnapshot(raw: DBClusterSnapshot, sharing: Sharing, ctx: MapContext): DbSnapshot {
  const createdAt = iso(raw.SnapshotCreateTime);
  return {
    kind: 'db-snapshot',
    provider: 'aws',
    account: ctx.account,
    region: ctx.region,
    type: 'AWS::RDS::DBClusterSnapshot',
    id: raw.DBClusterSnapshotIdentifier ?? 'unknown-db-cluster-snapshot',
    tags: tagsOf(raw.TagList),
    ...(createdAt ? { createdAt } : {}),
    ...(raw.Engine ? { engine: raw.Engine } : {}),
    ...(raw.SnapshotType ? { snapshotType: raw.SnapshotType } : {}),
    ...(raw.Status ? { state: raw.Status } : {}),
    encryption: encryption(raw.StorageEncrypted, raw.KmsKeyId),
    ...(raw.DBClusterIdentifier ? { source: { kind: 'db-cluster' as const, id: raw.DBClusterIdentifier } } : {}),
    sharing,
  };
}

/** Paths that reach the database's own port. */
export function toPort(paths: Maybe<readonly IngressPath[]>, port: number | undefined): Maybe<readonly IngressPath[]> {
  if (isUnknown(paths) || port === undefined) return paths;
  return paths.filter((p) => (p.protocol === 'tcp' || p.protocol === 'all') && p.ports.from <= port && port <= p.ports.to);
}

export function toDatabase(raw: DBInstance, ingress: Maybe<readonly IngressPath[]>, ctx: MapContext): Database {
  const createdAt = iso(raw.InstanceCreateTime);
  // DbInstancePort is 0 for standalone instances; only a real port counts.
  const port = raw.Endpoint?.Port ?? (raw.DbInstancePort ? raw.DbInstancePort : undefined);
  return {
    kind: 'database',
    provider: 'aws',
    account: ctx.account,
    region: ctx.region,
    type: 'AWS::RDS::DBInstance',
    id: raw.DBInstanceIdentifier ?? 'unknown-db-instance',
    tags: tagsOf(raw.TagList),
    ...(createdAt ? { createdAt } : {}),
    ...(raw.Engine ? { engine: raw.Engine } : {}),
    ...(raw.DBInstanceStatus ? { state: raw.DBInstanceStatus } : {}),
    publiclyAccessible: raw.PubliclyAccessible === true,
    ...(port !== undefined ? { endpoint: { ...(raw.Endpoint?.Address ? { address: raw.Endpoint.Address } : {}), port } } : {}),
    encryption: encryption(raw.StorageEncrypted, raw.KmsKeyId),
    internetIngress: toPort(ingress, port),
  };
}

/** A cluster as one database: public when it or any member instance is, reachable where any member is. */
export function toClusterDatabase(raw: DBCluster, members: readonly Database[], ctx: MapContext): Database {
  const createdAt = iso(raw.ClusterCreateTime);
  const unknownMember = members.find((m) => isUnknown(m.internetIngress));
  const ingress: Maybe<readonly IngressPath[]> = unknownMember
    ? unknownMember.internetIngress
    : members.flatMap((m) => (isUnknown(m.internetIngress) ? [] : m.internetIngress));
  return {
    kind: 'database',
    provider: 'aws',
    account: ctx.account,
    region: ctx.region,
    type: 'AWS::RDS::DBCluster',
    id: raw.DBClusterIdentifier ?? 'unknown-db-cluster',
    tags: tagsOf(raw.TagList),
    ...(createdAt ? { createdAt } : {}),
    ...(raw.Engine ? { engine: raw.Engine } : {}),
    ...(raw.Status ? { state: raw.Status } : {}),
    publiclyAccessible: raw.PubliclyAccessible === true || members.some((m) => m.publiclyAccessible),
    ...(raw.Port !== undefined ? { endpoint: { ...(raw.Endpoint ? { address: raw.Endpoint } : {}), port: raw.Port } } : {}),
    encryption: encryption(raw.StorageEncrypted, raw.KmsKeyId),
    internetIngress: ingress,
  };
}
