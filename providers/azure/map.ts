// Raw ARM shapes (as the SDKs return them) to the provider-neutral model. Pure functions.
import type { CreationData, Disk as ArmDisk, DiskRestorePoint, Encryption as ArmEncryption, Gallery as ArmGallery, Snapshot as ArmSnapshot, VirtualMachine } from '@azure/arm-compute';
import {
  unknownValue,
  type Disk,
  type DiskOrigin,
  type Encryption,
  type Gallery,
  type ImageOwnership,
  type IngressPath,
  type Instance,
  type InstanceDisk,
  type InstanceImage,
  type Maybe,
  type ResourceBase,
  type SharingGrant,
  type Snapshot,
  type Tags,
} from '../../src/model.js';
import type { TrustResolver } from '../../src/trust.js';

export interface AzureMapContext {
  readonly subscription: string;
  readonly tenant?: string;
  readonly trust: TrustResolver;
}

/** The parts of an ARM id: `/subscriptions/{s}/resourceGroups/{rg}/providers/{namespace}/{type}/{name}...`. */
export function parseArmId(id: string): { subscription?: string; resourceGroup?: string; type?: string; name?: string } {
  const subscription = /\/subscriptions\/([^/]+)/i.exec(id)?.[1];
  const resourceGroup = /\/resourceGroups\/([^/]+)/i.exec(id)?.[1];
  const provider = /\/providers\/([^/]+)\/(.+)$/i.exec(id);
  const segments = provider?.[2]?.split('/') ?? [];
  const type = provider ? `${provider[1]}/${segments.filter((_, i) => i % 2 === 0).join('/')}` : undefined;
  const name = segments.length > 0 ? segments[segments.length - 1] : undefined;
  return { ...(subscription ? { subscription } : {}), ...(resourceGroup ? { resourceGroup } : {}), ...(type ? { type } : {}), ...(name ? { name } : {}) };
}

/** ARM ids are case-insensitive; comparisons go through this. */
export function sameId(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();
}

function tagsOf(tags: Readonly<Record<string, string>> | undefined): Tags {
  return Object.fromEntries(Object.entries(tags ?? {}));
}

function base(ctx: AzureMapContext, raw: { id?: string; name?: string; location?: string; tags?: Record<string, string> }, type: string, createdAt?: Date): ResourceBase {
  const iso = createdAt && !Number.isNaN(createdAt.getTime()) ? createdAt.toISOString() : undefined;
  return {
    provider: 'azure',
    account: ctx.subscription,
    region: raw.location ?? 'global',
    type,
    id: raw.id ?? raw.name ?? 'unknown',
    ...(raw.name ? { name: raw.name } : {}),
    tags: tagsOf(raw.tags),
    ...(iso ? { createdAt: iso } : {}),
  };
}

export function encryptionOf(encryption: ArmEncryption | undefined): Encryption {
  switch (encryption?.type) {
    case 'EncryptionAtRestWithCustomerKey':
    case 'EncryptionAtRestWithPlatformAndCustomerKeys':
      return { encrypted: true, keyKind: 'customer', ...(encryption.diskEncryptionSetId ? { keyId: encryption.diskEncryptionSetId } : {}) };
    case 'EncryptionAtRestWithPlatformKey':
      return { encrypted: true, keyKind: 'platform' };
    default:
      // Managed disks are always encrypted at rest; with no type reported, the key is unknown.
      return { encrypted: true, keyKind: 'unknown' };
  }
}

interface ExportSurface {
  readonly networkAccessPolicy?: string;
  readonly publicNetworkAccess?: string;
  readonly diskAccessId?: string;
  readonly diskState?: string;
}

/**
 * Who can read the data out directly. `networkAccessPolicy` decides where export links may be used
 * from (AllowAll: anywhere; AllowPrivate: only through the disk access's private endpoints;
 * DenyAll: nowhere), and `publicNetworkAccess: Disabled` closes the public network whatever the
 * policy says. `diskState` ActiveSAS or ActiveSASFrozen means an export link exists right now.
 */
export function exportGrants(resource: ExportSurface): SharingGrant[] {
  const grants: SharingGrant[] = [];
  const policy = resource.networkAccessPolicy ?? 'AllowAll';
  if (policy === 'AllowAll' && resource.publicNetworkAccess !== 'Disabled') grants.push({ kind: 'network', scope: 'all' });
  else if (policy === 'AllowPrivate' || (policy === 'AllowAll' && resource.publicNetworkAccess === 'Disabled')) grants.push({ kind: 'network', scope: 'private' });
  if (resource.diskState === 'ActiveSAS' || resource.diskState === 'ActiveSASFrozen') grants.push({ kind: 'link' });
  return grants;
}

function sourceOf(creation: CreationData | undefined): Snapshot['source'] {
  const id = creation?.sourceResourceId;
  if (!id) return undefined;
  const type = parseArmId(id).type?.toLowerCase();
  return { kind: type === 'microsoft.compute/snapshots' ? 'snapshot' : 'disk', id };
}

export function toSnapshot(raw: ArmSnapshot, ctx: AzureMapContext): Snapshot {
  const source = sourceOf(raw.creationData);
  return {
    kind: 'snapshot',
    ...base(ctx, raw, 'Microsoft.Compute/snapshots', raw.timeCreated),
    ...(raw.diskState ? { state: raw.diskState } : {}),
    ...(raw.diskSizeGB !== undefined ? { sizeGiB: raw.diskSizeGB } : {}),
    encryption: encryptionOf(raw.encryption),
    ...(source ? { source } : {}),
    sharing: exportGrants(raw),
    exportRequiresIdentity: raw.dataAccessAuthMode === 'AzureActiveDirectory',
  };
}

/** Disk restore points are snapshots of a VM's disks; ARM does not report their export-link state. */
export function toDiskRestorePoint(raw: DiskRestorePoint, ctx: AzureMapContext, location?: string): Snapshot {
  return {
    kind: 'snapshot',
    ...base(ctx, { ...raw, ...(location ? { location } : {}) }, 'Microsoft.Compute/restorePointCollections/restorePoints/diskRestorePoints', raw.timeCreated),
    encryption: encryptionOf(raw.encryption),
    ...(raw.sourceResourceId ? { source: { kind: 'disk' as const, id: raw.sourceResourceId } } : {}),
    sharing: exportGrants({ ...raw, diskState: undefined }),
  };
}

export function toDisk(raw: ArmDisk, ctx: AzureMapContext): Disk {
  const source = raw.creationData?.sourceResourceId;
  return {
    kind: 'disk',
    ...base(ctx, raw, 'Microsoft.Compute/disks', raw.timeCreated),
    ...(raw.diskState ? { state: raw.diskState } : {}),
    ...(raw.diskSizeGB !== undefined ? { sizeGiB: raw.diskSizeGB } : {}),
    encryption: encryptionOf(raw.encryption),
    ...(source ? { sourceSnapshot: source } : {}),
    ...(raw.creationData?.imageReference?.id ? { sourceImage: raw.creationData.imageReference.id } : {}),
    attachedTo: raw.managedBy ? [raw.managedBy] : [],
    sharing: exportGrants(raw),
    exportRequiresIdentity: raw.dataAccessAuthMode === 'AzureActiveDirectory',
  };
}

/**
 * Community galleries are public; group sharing names subscriptions and tenants, each judged like
 * an account (our own subscription or tenant is internal).
 */
export function toGallery(raw: ArmGallery, ctx: AzureMapContext): Gallery {
  const profile = raw.sharingProfile;
  const grants: SharingGrant[] = [];
  if (profile?.permissions === 'Community') grants.push({ kind: 'public' });
  for (const group of profile?.groups ?? []) {
    const tenants = group.type === 'AADTenants';
    for (const id of group.ids ?? []) {
      const principal = `${tenants ? 'tenant' : 'subscription'} ${id}`;
      if (tenants && !ctx.tenant) {
        grants.push({ kind: 'account', principal, trust: 'unknown', trustNote: "the audited subscription's tenant is not known" });
        continue;
      }
      const verdict = ctx.trust.classify(id, { provider: 'azure', ownAccount: (tenants ? ctx.tenant : ctx.subscription) ?? ctx.subscription });
      grants.push({ kind: 'account', principal, trust: verdict.trust, trustNote: verdict.note });
    }
  }
  return { kind: 'gallery', ...base(ctx, raw, 'Microsoft.Compute/galleries'), ...(raw.description ? { description: raw.description } : {}), sharing: grants };
}

/** How a VM's disk got its data, from the disk's own creation data. */
export function diskOriginOf(disk: ArmDisk | undefined, snapshotIds: ReadonlySet<string>): Maybe<DiskOrigin> {
  if (!disk) return unknownValue('the disk was not in the disk listing');
  const creation = disk.creationData;
  const option = creation?.createOption;
  switch (option) {
    case 'Empty':
      return { kind: 'blank' };
    case 'FromImage': {
      const image = creation?.imageReference?.id ?? creation?.galleryImageReference?.id ?? 'an image';
      return { kind: 'image', imageId: image, snapshotId: image };
    }
    case 'Copy':
    case 'Restore':
    case 'CopyFromSanSnapshot':
    case 'CopyStart': {
      const source = creation?.sourceResourceId ?? 'an unnamed source';
      return { kind: 'snapshot', snapshotId: source, snapshotOwner: snapshotIds.has(source.toLowerCase()) ? 'own' : 'unknown' };
    }
    case 'Import':
    case 'ImportSecure':
      // A disk imported from a VHD in a storage account: a copy of a disk made elsewhere.
      return { kind: 'snapshot', snapshotId: creation?.sourceUri ?? creation?.storageAccountId ?? 'an imported VHD', snapshotOwner: 'unknown' };
    default:
      return unknownValue(`disk created with option "${option ?? 'unreported'}"`);
  }
}

/** Marketplace images are a vendor's; a gallery image in our subscription ours; a community or shared one a stranger's. */
export function vmImage(vm: VirtualMachine, subscription: string): InstanceImage | undefined {
  const ref = vm.storageProfile?.imageReference;
  if (!ref) return undefined;
  const id = ref.communityGalleryImageId ?? ref.sharedGalleryImageId ?? ref.id ?? [ref.publisher, ref.offer, ref.sku, ref.version].filter(Boolean).join(':');
  let ownership: ImageOwnership;
  if (ref.communityGalleryImageId || ref.sharedGalleryImageId) ownership = 'foreign';
  else if (ref.id) ownership = sameId(parseArmId(ref.id).subscription, subscription) ? 'own' : 'foreign';
  else ownership = 'vendor';
  return { id, ownership, ...(ref.publisher ? { owner: ref.publisher } : {}) };
}

export function toVm(vm: VirtualMachine, disks: ReadonlyMap<string, ArmDisk>, snapshotIds: ReadonlySet<string>, publicAddresses: readonly string[], ingress: Maybe<IngressPath[]>, ctx: AzureMapContext): Instance {
  const storage = vm.storageProfile;
  const attached: InstanceDisk[] = [];
  const osDiskId = storage?.osDisk?.managedDisk?.id;
  if (osDiskId) attached.push({ id: osDiskId, ...(storage?.osDisk?.name ? { device: storage.osDisk.name } : {}), boot: true, origin: diskOriginOf(disks.get(osDiskId.toLowerCase()), snapshotIds) });
  for (const data of storage?.dataDisks ?? []) {
    const id = data.managedDisk?.id;
    if (id) attached.push({ id, device: `lun ${data.lun}`, boot: false, origin: diskOriginOf(disks.get(id.toLowerCase()), snapshotIds) });
  }
  const image = vmImage(vm, ctx.subscription);
  const power = vm.instanceView?.statuses?.find((s) => s.code?.startsWith('PowerState/'))?.code?.replace('PowerState/', '');
  return {
    kind: 'instance',
    ...base(ctx, vm, 'Microsoft.Compute/virtualMachines', vm.timeCreated),
    state: power ?? 'unknown',
    ...(image ? { image } : {}),
    disks: attached,
    publicAddresses: [...publicAddresses],
    internetIngress: ingress,
  };
}
