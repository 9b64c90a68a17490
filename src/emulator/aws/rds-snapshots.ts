// DB and cluster snapshots: DescribeDBSnapshots, DescribeDBClusterSnapshots and their restore
// attributes. The two kinds differ only in names, so one generic listing serves both.
import type { AwsRegionEstate, EstateDbClusterSnapshot, EstateDbSnapshot } from '../estate.js';
import { invalidParameterValue, missingParameter } from './errors.js';
import { applyFilters, type FilterSpec } from './filters.js';
import { paginate } from './pagination.js';
import { scalar, wrappedFilters } from './query.js';
import {
  booleanParam,
  names,
  notFound,
  rdsArn,
  rdsFilterSpec,
  rdsPageRequest,
  sameIdentifier,
  type RdsHandler,
  type RdsRequest,
} from './rds-context.js';
import { otherAccountsIn } from './service.js';
import { isoTime } from './values.js';
import { leaf, list, node, tagList, valueList, type XmlElement } from './xml.js';

type SnapshotLike = EstateDbSnapshot | EstateDbClusterSnapshot;

/** A snapshot as the caller sees it: its own, or another account's shared with it or public. */
interface VisibleSnapshot<T extends SnapshotLike> {
  readonly snapshot: T;
  readonly owner: string;
  readonly relation: 'own' | 'shared' | 'public';
  readonly arn: string;
  /** Snapshots of other accounts are identified by their ARN, as AWS does. */
  readonly identifier: string;
  /** `manual`/`automated`/`awsbackup` for own snapshots, `shared` or `public` for the others. */
  readonly type: string;
}

interface SnapshotKind<T extends SnapshotLike> {
  readonly arnType: 'snapshot' | 'cluster-snapshot';
  readonly idParam: 'DBSnapshotIdentifier' | 'DBClusterSnapshotIdentifier';
  readonly parentParam: 'DBInstanceIdentifier' | 'DBClusterIdentifier';
  readonly parentArnType: 'db' | 'cluster';
  readonly of: (region: AwsRegionEstate) => readonly T[];
  readonly parentOf: (snapshot: T) => string;
  readonly notFoundCode: string;
  readonly noun: string;
  readonly filters: FilterSpec<VisibleSnapshot<T>>;
  readonly listName: string;
  readonly member: string;
  readonly fields: (visible: VisibleSnapshot<T>, request: RdsRequest) => (XmlElement | undefined)[];
  readonly attributes: { readonly result: string; readonly list: string; readonly member: string };
}

const SNAPSHOT_TYPES = new Set(['automated', 'manual', 'shared', 'public', 'awsbackup']);

function visibleSnapshots<T extends SnapshotLike>(request: RdsRequest, kind: SnapshotKind<T>): VisibleSnapshot<T>[] {
  const caller = request.account.id;
  const own = kind.of(request.regionEstate).map((snapshot): VisibleSnapshot<T> => {
    const arn = rdsArn(request.region, caller, kind.arnType, snapshot.id);
    return { snapshot, owner: caller, relation: 'own', arn, identifier: snapshot.id, type: snapshot.snapshotType };
  });
  // Only manual snapshots can be shared; a restore attribute on any other kind is inert.
  const others = otherAccountsIn(request.estate, request.account, request.region).flatMap(({ account, region }) =>
    kind.of(region).flatMap((snapshot): VisibleSnapshot<T>[] => {
      if (snapshot.snapshotType !== 'manual') return [];
      const relation = snapshot.restore.includes(caller) ? 'shared' : snapshot.restore.includes('all') ? 'public' : undefined;
      if (relation === undefined) return [];
      const arn = rdsArn(request.region, account.id, kind.arnType, snapshot.id);
      return [{ snapshot, owner: account.id, relation, arn, identifier: arn, type: relation }];
    }),
  );
  return [...own, ...others];
}

const isPublic = (v: VisibleSnapshot<SnapshotLike>): boolean => v.snapshot.snapshotType === 'manual' && v.snapshot.restore.includes('all');

/** What AWS lists for SnapshotType, IncludeShared and IncludePublic. */
function selectByType<T extends SnapshotLike>(items: readonly VisibleSnapshot<T>[], request: RdsRequest): VisibleSnapshot<T>[] {
  const { root } = request.params;
  const type = scalar(root, 'SnapshotType');
  if (type !== undefined && !SNAPSHOT_TYPES.has(type)) throw invalidParameterValue(`Invalid snapshot type: ${type}`);
  if (type === 'shared') return items.filter((v) => v.relation === 'shared');
  if (type === 'public') return items.filter(isPublic);
  const withShared = booleanParam(root, 'IncludeShared') && (type === undefined || type === 'manual');
  const withPublic = booleanParam(root, 'IncludePublic') && (type === undefined || type === 'manual');
  return items.filter((v) => {
    if (v.relation === 'own') return type === undefined ? v.type === 'automated' || v.type === 'manual' : v.type === type;
    return (withShared && v.relation === 'shared') || (withPublic && isPublic(v));
  });
}

function describeSnapshots<T extends SnapshotLike>(kind: SnapshotKind<T>): RdsHandler {
  return (request) => {
    const { root } = request.params;
    const id = scalar(root, kind.idParam);
    const parent = scalar(root, kind.parentParam);
    const page = rdsPageRequest(request);
    let items = visibleSnapshots(request, kind);
    if (id !== undefined) {
      // Naming a snapshot finds it whatever its type, unless SnapshotType says otherwise.
      const type = scalar(root, 'SnapshotType');
      items = items.filter((v) => sameIdentifier(v.identifier, id) || v.arn === id);
      if (type !== undefined) items = selectByType(items, request);
      if (items.length === 0) throw notFound(kind.notFoundCode, `${kind.noun} ${id} not found.`);
    } else {
      items = selectByType(items, request);
    }
    if (parent !== undefined) {
      items = items.filter((v) => names(parent, request, kind.parentArnType, kind.parentOf(v.snapshot), v.owner));
    }
    items = applyFilters(items, wrappedFilters(root), kind.filters);
    const result = paginate(items, page);
    return [list(kind.listName, kind.member, result.items.map((v) => kind.fields(v, request))), leaf('Marker', result.nextToken)];
  };
}

function describeAttributes<T extends SnapshotLike>(kind: SnapshotKind<T>): RdsHandler {
  return (request) => {
    const id = scalar(request.params.root, kind.idParam);
    if (id === undefined) throw missingParameter(kind.idParam);
    // Only the owner reads a snapshot's attributes; to anyone else it does not exist.
    const snapshot = kind.of(request.regionEstate).find((s) => names(id, request, kind.arnType, s.id));
    if (snapshot === undefined) throw notFound(kind.notFoundCode, `${kind.noun} ${id} not found.`);
    const restore = [leaf('AttributeName', 'restore'), valueList('AttributeValues', 'AttributeValue', snapshot.restore)];
    return [
      node(kind.attributes.result, [leaf(kind.idParam, snapshot.id), list(kind.attributes.list, kind.attributes.member, [restore])]),
    ];
  };
}

/** The fields both kinds share, under their own names. */
function commonFields<T extends SnapshotLike>(v: VisibleSnapshot<T>): (XmlElement | undefined)[] {
  const s = v.snapshot;
  return [
    leaf('SnapshotCreateTime', isoTime(s.createTime)),
    leaf('Engine', s.engine),
    leaf('Status', s.status),
    leaf('SnapshotType', v.type),
    leaf('PercentProgress', s.status === 'creating' ? 0 : 100),
    leaf('KmsKeyId', s.kmsKeyId),
  ];
}

const dbSnapshotKind: SnapshotKind<EstateDbSnapshot> = {
  arnType: 'snapshot',
  idParam: 'DBSnapshotIdentifier',
  parentParam: 'DBInstanceIdentifier',
  parentArnType: 'db',
  of: (region) => region.dbSnapshots,
  parentOf: (s) => s.dbInstanceId,
  notFoundCode: 'DBSnapshotNotFound',
  noun: 'DBSnapshot',
  filters: rdsFilterSpec({
    'db-snapshot-id': (v) => [v.identifier, v.arn],
    'db-instance-id': (v) => [v.snapshot.dbInstanceId],
    'snapshot-type': (v) => [v.type],
    engine: (v) => [v.snapshot.engine],
  }),
  listName: 'DBSnapshots',
  member: 'DBSnapshot',
  fields: (v) => [
    leaf('DBSnapshotIdentifier', v.identifier),
    leaf('DBInstanceIdentifier', v.snapshot.dbInstanceId),
    ...commonFields(v),
    leaf('AllocatedStorage', v.snapshot.allocatedStorage),
    leaf('Encrypted', v.snapshot.encrypted),
    leaf('DBSnapshotArn', v.arn),
    // Tags are the owner's business: other accounts' snapshots come without them.
    v.relation === 'own' ? tagList(v.snapshot.tags) : undefined,
  ],
  attributes: { result: 'DBSnapshotAttributesResult', list: 'DBSnapshotAttributes', member: 'DBSnapshotAttribute' },
};

const dbClusterSnapshotKind: SnapshotKind<EstateDbClusterSnapshot> = {
  arnType: 'cluster-snapshot',
  idParam: 'DBClusterSnapshotIdentifier',
  parentParam: 'DBClusterIdentifier',
  parentArnType: 'cluster',
  of: (region) => region.dbClusterSnapshots,
  parentOf: (s) => s.dbClusterId,
  notFoundCode: 'DBClusterSnapshotNotFoundFault',
  noun: 'DBClusterSnapshot',
  filters: rdsFilterSpec({
    'db-cluster-snapshot-id': (v) => [v.identifier, v.arn],
    'db-cluster-id': (v) => [v.snapshot.dbClusterId],
    'snapshot-type': (v) => [v.type],
    engine: (v) => [v.snapshot.engine],
  }),
  listName: 'DBClusterSnapshots',
  member: 'DBClusterSnapshot',
  fields: (v) => [
    leaf('DBClusterSnapshotIdentifier', v.identifier),
    leaf('DBClusterIdentifier', v.snapshot.dbClusterId),
    ...commonFields(v),
    leaf('StorageEncrypted', v.snapshot.encrypted),
    leaf('DBClusterSnapshotArn', v.arn),
    v.relation === 'own' ? tagList(v.snapshot.tags) : undefined,
  ],
  attributes: {
    result: 'DBClusterSnapshotAttributesResult',
    list: 'DBClusterSnapshotAttributes',
    member: 'DBClusterSnapshotAttribute',
  },
};

export const describeDbSnapshots = describeSnapshots(dbSnapshotKind);
export const describeDbClusterSnapshots = describeSnapshots(dbClusterSnapshotKind);
export const describeDbSnapshotAttributes = describeAttributes(dbSnapshotKind);
export const describeDbClusterSnapshotAttributes = describeAttributes(dbClusterSnapshotKind);
