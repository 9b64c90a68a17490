// EBS snapshots: DescribeSnapshots, DescribeSnapshotAttribute.
import type { EstateSnapshot } from '../estate.js';
import {
  isoTime,
  isPublic,
  isSharedWith,
  otherAccountsIn,
  pageRequest,
  refuseMaxResultsWithIds,
  requireWellFormed,
  type Ec2Handler,
  type Ec2Request,
} from './ec2-context.js';
import { AwsApiError, invalidParameterValue, missingParameter } from './errors.js';
import { applyFilters, bool, type FilterSpec } from './filters.js';
import { paginate } from './pagination.js';
import { filters, scalar, scalarList } from './query.js';
import { itemSet, leaf, tagSet, type XmlElement } from './xml.js';

interface OwnedSnapshot {
  readonly snapshot: EstateSnapshot;
  readonly ownerId: string;
}

const snapshotFilters: FilterSpec<OwnedSnapshot> = {
  fields: {
    'snapshot-id': ({ snapshot }) => [snapshot.id],
    status: ({ snapshot }) => [snapshot.state],
    'owner-id': ({ ownerId }) => [ownerId],
    'volume-id': ({ snapshot }) => [snapshot.volumeId],
    'volume-size': ({ snapshot }) => [String(snapshot.volumeSize)],
    encrypted: ({ snapshot }) => [bool(snapshot.encrypted)],
    description: ({ snapshot }) => [snapshot.description],
    'start-time': ({ snapshot }) => [isoTime(snapshot.startTime)],
    'storage-tier': ({ snapshot }) => [snapshot.storageTier],
    'kms-key-id': ({ snapshot }) => [snapshot.kmsKeyId],
  },
  tags: ({ snapshot }) => snapshot.tags,
};

/** Own snapshots, then other accounts' snapshots that are public or shared with the caller. */
function visibleSnapshots(request: Ec2Request): OwnedSnapshot[] {
  const caller = request.account.id;
  const own = request.regionEstate.snapshots.map((snapshot) => ({ snapshot, ownerId: caller }));
  const others = otherAccountsIn(request).flatMap(({ account, region }) =>
    region.snapshots
      .filter((s) => isPublic(s.createVolumePermissions) || isSharedWith(s.createVolumePermissions, caller))
      .map((snapshot) => ({ snapshot, ownerId: account.id })),
  );
  return [...own, ...others];
}

function matchesOwner(item: OwnedSnapshot, owners: readonly string[], caller: string): boolean {
  return owners.some((owner) => (owner === 'self' ? item.ownerId === caller : item.ownerId === owner));
}

// `all` lists the publicly restorable snapshots; an account id those with an explicit
// createVolumePermission for it ("only snapshots with create volume permissions for those users").
function matchesRestorableBy(item: OwnedSnapshot, users: readonly string[], caller: string): boolean {
  const permissions = item.snapshot.createVolumePermissions;
  return users.some((user) =>
    user === 'all' ? (item.snapshot.listedPublic ?? isPublic(permissions)) : isSharedWith(permissions, user === 'self' ? caller : user),
  );
}

function snapshotXml({ snapshot, ownerId }: OwnedSnapshot): (XmlElement | undefined)[] {
  return [
    leaf('snapshotId', snapshot.id),
    // AWS reports this placeholder for snapshots whose source volume is unknown (e.g. copies).
    leaf('volumeId', snapshot.volumeId ?? 'vol-ffffffff'),
    leaf('status', snapshot.state),
    leaf('startTime', isoTime(snapshot.startTime)),
    leaf('progress', snapshot.state === 'pending' ? '0%' : '100%'),
    leaf('ownerId', ownerId),
    leaf('description', snapshot.description),
    leaf('volumeSize', snapshot.volumeSize),
    leaf('encrypted', snapshot.encrypted),
    leaf('kmsKeyId', snapshot.kmsKeyId),
    leaf('storageTier', snapshot.storageTier),
    tagSet(snapshot.tags),
  ];
}

export const describeSnapshots: Ec2Handler = (request) => {
  const { root } = request.params;
  const caller = request.account.id;
  const ids = scalarList(root, 'SnapshotId');
  const owners = scalarList(root, 'Owner');
  const restorableBy = scalarList(root, 'RestorableBy');
  refuseMaxResultsWithIds(request, ids, 'snapshotIds');
  requireWellFormed(ids, 'snap', 'InvalidSnapshotID.Malformed');
  const page = pageRequest(request, 5, 1000);

  let items = visibleSnapshots(request);
  if (ids.length > 0) {
    const missing = ids.filter((id) => !items.some((item) => item.snapshot.id === id));
    if (missing.length > 0) {
      throw new AwsApiError('InvalidSnapshot.NotFound', `The snapshot '${missing.join(', ')}' does not exist.`);
    }
    items = items.filter((item) => ids.includes(item.snapshot.id));
  }
  if (owners.length > 0) items = items.filter((item) => matchesOwner(item, owners, caller));
  if (restorableBy.length > 0) items = items.filter((item) => matchesRestorableBy(item, restorableBy, caller));
  items = applyFilters(items, filters(root), snapshotFilters);

  const result = paginate(items, page);
  return [itemSet('snapshotSet', result.items.map(snapshotXml)), leaf('nextToken', result.nextToken)];
};

export const describeSnapshotAttribute: Ec2Handler = (request) => {
  const { root } = request.params;
  const id = scalar(root, 'SnapshotId');
  const attribute = scalar(root, 'Attribute');
  if (id === undefined) throw missingParameter('SnapshotId');
  if (attribute === undefined) throw missingParameter('Attribute');
  requireWellFormed([id], 'snap', 'InvalidSnapshotID.Malformed');
  // Only the owner may read a snapshot's attributes; to anyone else it does not exist.
  const snapshot = request.regionEstate.snapshots.find((s) => s.id === id);
  if (snapshot === undefined) throw new AwsApiError('InvalidSnapshot.NotFound', `The snapshot '${id}' does not exist.`);

  if (attribute === 'createVolumePermission') {
    // Snapshots have no organization permissions; such estate entries are not reported.
    const permissions = snapshot.createVolumePermissions.flatMap((p) =>
      'group' in p ? [[leaf('group', p.group)]] : 'userId' in p ? [[leaf('userId', p.userId)]] : [],
    );
    return [leaf('snapshotId', id), itemSet('createVolumePermission', permissions)];
  }
  if (attribute === 'productCodes') return [leaf('snapshotId', id), itemSet('productCodes', [])];
  throw invalidParameterValue(`Value (${attribute}) for parameter attribute is invalid. Unknown attribute.`);
};
