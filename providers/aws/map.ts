// Raw EC2 shapes to the provider-neutral model. Pure functions, tested with recorded shapes.
import type {
  CreateVolumePermission,
  Image as Ec2Image,
  Instance as Ec2Instance,
  LaunchPermission,
  Snapshot as Ec2Snapshot,
  Tag,
  Volume,
} from '@aws-sdk/client-ec2';
import {
  isUnknown,
  unknownValue,
  type BlockPublicSharing,
  type Disk,
  type DiskOrigin,
  type Image,
  type IngressPath,
  type Instance,
  type InstanceDisk,
  type InstanceImage,
  type Maybe,
  type ResourceBase,
  type Sharing,
  type SharingGrant,
  type Snapshot,
  type Tags,
} from '../../src/model.js';
import type { OrganizationView, TrustResolver } from '../../src/trust.js';

export interface MapContext {
  readonly account: string;
  readonly region: string;
  readonly trust: TrustResolver;
  /** Absent: the account belongs to no organization. */
  readonly organization?: Maybe<OrganizationView>;
}

/** Image owner aliases of publishers whose images are a normal thing to boot from. */
const VENDOR_ALIASES = new Set(['amazon', 'aws-marketplace']);

/** Tag keys are the account's data: `__proto__` is a valid key and must stay a key. */
export function tagsOf(tags: ReadonlyArray<Pick<Tag, 'Key' | 'Value'>> | undefined): Tags {
  return Object.fromEntries((tags ?? []).flatMap((tag) => (tag.Key !== undefined ? [[tag.Key, tag.Value ?? '']] : [])));
}

function nameTag(tags: Tags): string | undefined {
  return tags['Name'] || undefined;
}

function iso(date: Date | string | undefined): string | undefined {
  if (date === undefined) return undefined;
  const d = typeof date === 'string' ? new Date(date) : date;
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/**
 * EBS reports a key ARN for the AWS-managed `aws/ebs` key and for customer keys alike; telling
 * them apart needs KMS, which this provider does not read yet, so the kind stays unknown.
 */
function encryptedWith(keyId: string | undefined): Snapshot['encryption'] {
  return { encrypted: true, keyKind: 'unknown', ...(keyId ? { keyId } : {}) };
}

/** Encryption as EBS and RDS report it: a flag and, when set, a key ARN. */
export function encryptionOf(encrypted: boolean | undefined, keyId: string | undefined): Snapshot['encryption'] {
  return encrypted ? encryptedWith(keyId) : { encrypted: false, keyKind: 'none' };
}

/** The identity, tags and dates every mapped resource carries. */
export function resourceBase(
  ctx: MapContext,
  type: string,
  id: string,
  tags: Tags,
  extra: { readonly name?: string; readonly createdAt?: Date | string; readonly description?: string } = {},
): ResourceBase {
  const name = extra.name || nameTag(tags);
  const createdAt = iso(extra.createdAt);
  return {
    provider: 'aws',
    account: ctx.account,
    region: ctx.region,
    type,
    id,
    ...(name ? { name } : {}),
    tags,
    ...(createdAt ? { createdAt } : {}),
    ...(extra.description ? { description: extra.description } : {}),
  };
}

export function accountGrant(principal: string, ctx: MapContext, group: boolean): SharingGrant {
  const verdict = ctx.trust.classify(principal, {
    provider: 'aws',
    ownAccount: ctx.account,
    group,
    ...(ctx.organization ? { organization: ctx.organization } : {}),
  });
  return { kind: 'account', principal, trust: verdict.trust, trustNote: verdict.note };
}

/** `createVolumePermission` entries: the group `all`, or account ids. */
export function snapshotGrants(permissions: readonly CreateVolumePermission[], ctx: MapContext): SharingGrant[] {
  const grants: SharingGrant[] = [];
  for (const p of permissions) {
    if (p.Group === 'all') grants.push({ kind: 'public' });
    else if (p.UserId) grants.push(accountGrant(p.UserId, ctx, false));
  }
  return grants;
}

/** `launchPermission` entries: the group `all`, account ids, organizations and organizational units. */
export function imageGrants(permissions: readonly LaunchPermission[], ctx: MapContext): SharingGrant[] {
  const grants: SharingGrant[] = [];
  for (const p of permissions) {
    if (p.Group === 'all') grants.push({ kind: 'public' });
    else if (p.UserId) grants.push(accountGrant(p.UserId, ctx, false));
    else if (p.OrganizationArn) grants.push(accountGrant(p.OrganizationArn, ctx, true));
    else if (p.OrganizationalUnitArn) grants.push(accountGrant(p.OrganizationalUnitArn, ctx, true));
  }
  return grants;
}

/**
 * The attribute read is the source of truth. When it failed, what the bulk listing confirmed
 * (public or not) is kept as `confirmed`, and the rest stays unknown.
 */
export function resolveSharing(attribute: Maybe<SharingGrant[]>, listedPublic: boolean): Sharing {
  if (!isUnknown(attribute)) return attribute;
  return { ...attribute, confirmed: listedPublic ? [{ kind: 'public' }] : [] };
}

export function toSnapshot(raw: Ec2Snapshot, sharing: Sharing, ctx: MapContext): Snapshot {
  return {
    kind: 'snapshot',
    ...resourceBase(ctx, 'AWS::EC2::Snapshot', raw.SnapshotId ?? 'unknown-snapshot', tagsOf(raw.Tags), { createdAt: raw.StartTime, ...(raw.Description ? { description: raw.Description } : {}) }),
    ...(raw.State ? { state: raw.State } : {}),
    ...(raw.VolumeSize !== undefined ? { sizeGiB: raw.VolumeSize } : {}),
    encryption: encryptionOf(raw.Encrypted, raw.KmsKeyId),
    // vol-ffffffff marks a snapshot copied from another snapshot; it names no real volume.
    ...(raw.VolumeId && raw.VolumeId !== 'vol-ffffffff' ? { source: { kind: 'volume' as const, id: raw.VolumeId } } : {}),
    sharing,
  };
}

export function backingSnapshotsOf(raw: Ec2Image): string[] {
  return (raw.BlockDeviceMappings ?? []).flatMap((m) => (m.Ebs?.SnapshotId ? [m.Ebs.SnapshotId] : []));
}

/** An image is as encrypted as its least encrypted disk. */
export function imageEncryption(raw: Ec2Image): Image['encryption'] {
  const disks = (raw.BlockDeviceMappings ?? []).flatMap((m) => (m.Ebs ? [m.Ebs] : []));
  if (disks.length === 0) return { encrypted: false, keyKind: 'unknown' };
  if (disks.some((d) => d.Encrypted !== true)) return { encrypted: false, keyKind: 'none' };
  return encryptedWith(disks.find((d) => d.KmsKeyId)?.KmsKeyId);
}

export function toImage(raw: Ec2Image, sharing: Sharing, ctx: MapContext): Image {
  return {
    kind: 'image',
    ...resourceBase(ctx, 'AWS::EC2::Image', raw.ImageId ?? 'unknown-image', tagsOf(raw.Tags), {
      ...(raw.Name ? { name: raw.Name } : {}),
      ...(raw.CreationDate ? { createdAt: raw.CreationDate } : {}),
      ...(raw.Description ? { description: raw.Description } : {}),
    }),
    ...(raw.State ? { state: raw.State } : {}),
    owner: raw.OwnerId ?? ctx.account,
    backingSnapshots: backingSnapshotsOf(raw),
    encryption: imageEncryption(raw),
    sharing,
  };
}

export function toDisk(raw: Volume, ctx: MapContext): Disk {
  return {
    kind: 'disk',
    ...resourceBase(ctx, 'AWS::EC2::Volume', raw.VolumeId ?? 'unknown-volume', tagsOf(raw.Tags), { createdAt: raw.CreateTime }),
    ...(raw.State ? { state: raw.State } : {}),
    ...(raw.Size !== undefined ? { sizeGiB: raw.Size } : {}),
    encryption: encryptionOf(raw.Encrypted, raw.KmsKeyId),
    ...(raw.SnapshotId ? { sourceSnapshot: raw.SnapshotId } : {}),
    attachedTo: (raw.Attachments ?? []).flatMap((a) => (a.InstanceId ? [a.InstanceId] : [])),
  };
}

/** What the audited account knows about the image an instance was launched from. */
export type ImageLookup = Maybe<Ec2Image | undefined>;

export function instanceImage(imageId: string, lookup: ImageLookup, account: string): InstanceImage {
  if (isUnknown(lookup)) return { id: imageId, ownership: lookup };
  if (lookup === undefined) {
    return { id: imageId, ownership: unknownValue('the image is no longer visible (deregistered, or no longer shared with this account)') };
  }
  const owner = lookup.OwnerId;
  const alias = lookup.ImageOwnerAlias;
  const ownership = owner === account ? 'own' : alias && VENDOR_ALIASES.has(alias) ? 'vendor' : 'foreign';
  return { id: imageId, ...(lookup.Name ? { name: lookup.Name } : {}), ...(owner ? { owner: alias ? `${owner} (${alias})` : owner } : {}), ownership };
}

/** Snapshot descriptions AWS writes when CreateImage makes a snapshot. */
const CREATE_IMAGE_DESCRIPTION = /Created by CreateImage\([^)]*\) for (ami-[0-9a-f]+)/;

export interface OriginFacts {
  readonly volumes: Maybe<ReadonlyMap<string, Volume>>;
  /** The account's own snapshots in the region (empty when the listing failed). */
  readonly ownSnapshots: ReadonlyMap<string, Ec2Snapshot>;
}

export function diskOrigin(volumeId: string, image: ImageLookup, imageId: string, facts: OriginFacts): Maybe<DiskOrigin> {
  if (isUnknown(facts.volumes)) return facts.volumes;
  const volume = facts.volumes.get(volumeId);
  if (!volume) return unknownValue(`volume ${volumeId} was not in the volume listing`);
  const snapshotId = volume.SnapshotId;
  if (!snapshotId) return { kind: 'blank' };
  const ownSnapshot = facts.ownSnapshots.get(snapshotId);
  const madeForImage = ownSnapshot?.Description?.match(CREATE_IMAGE_DESCRIPTION)?.[1];
  if (madeForImage === imageId) return { kind: 'image', imageId, snapshotId };
  if (!isUnknown(image) && image !== undefined) {
    if (backingSnapshotsOf(image).includes(snapshotId)) return { kind: 'image', imageId, snapshotId };
  } else {
    const why = isUnknown(image) ? image.reason : 'the image is no longer visible';
    return unknownValue(`restored from ${snapshotId}; whether that snapshot backs image ${imageId} is unknown (${why})`);
  }
  // Absent from our listing: shared with us by another account, or ours and deleted since.
  return { kind: 'snapshot', snapshotId, snapshotOwner: ownSnapshot ? 'own' : 'unknown' };
}

export function toInstance(
  raw: Ec2Instance,
  image: ImageLookup,
  facts: OriginFacts,
  ingress: Maybe<IngressPath[]>,
  ctx: MapContext,
): Instance {
  const imageId = raw.ImageId;
  const disks: InstanceDisk[] = (raw.BlockDeviceMappings ?? []).flatMap((mapping) => {
    const volumeId = mapping.Ebs?.VolumeId;
    if (!volumeId) return [];
    return [
      {
        id: volumeId,
        ...(mapping.DeviceName ? { device: mapping.DeviceName } : {}),
        boot: mapping.DeviceName !== undefined && mapping.DeviceName === raw.RootDeviceName,
        origin: imageId ? diskOrigin(volumeId, image, imageId, facts) : unknownValue('the instance reports no image id'),
      },
    ];
  });
  const publicAddresses = (raw.NetworkInterfaces ?? []).flatMap((eni) => [
    ...(eni.Association?.PublicIp ? [eni.Association.PublicIp] : []),
    ...(eni.Ipv6Addresses ?? []).flatMap((a) => (a.Ipv6Address ? [a.Ipv6Address] : [])),
  ]);
  if (raw.PublicIpAddress && !publicAddresses.includes(raw.PublicIpAddress)) publicAddresses.push(raw.PublicIpAddress);
  return {
    kind: 'instance',
    ...resourceBase(ctx, 'AWS::EC2::Instance', raw.InstanceId ?? 'unknown-instance', tagsOf(raw.Tags), { createdAt: raw.LaunchTime }),
    state: raw.State?.Name ?? 'unknown',
    ...(imageId ? { image: instanceImage(imageId, image, ctx.account) } : {}),
    disks,
    publicAddresses,
    internetIngress: ingress,
  };
}

// Maps, not object literals: a state string from the wire must not reach Object.prototype.
const SNAPSHOT_BPA: ReadonlyMap<string, BlockPublicSharing> = new Map([
  ['unblocked', 'off'],
  ['block-new-sharing', 'new-sharing'],
  ['block-all-sharing', 'all-sharing'],
]);

const IMAGE_BPA: ReadonlyMap<string, BlockPublicSharing> = new Map([
  ['unblocked', 'off'],
  ['block-new-sharing', 'new-sharing'],
]);

export function snapshotBlockState(native: string | undefined): Maybe<BlockPublicSharing> {
  const state = native ? SNAPSHOT_BPA.get(native) : undefined;
  return state ?? unknownValue(`unrecognised snapshot block public access state "${native ?? ''}"`);
}

export function imageBlockState(native: string | undefined): Maybe<BlockPublicSharing> {
  const state = native ? IMAGE_BPA.get(native) : undefined;
  return state ?? unknownValue(`unrecognised image block public access state "${native ?? ''}"`);
}
