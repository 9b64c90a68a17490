// Microsoft.Compute as ARM returns it: snapshots, managed disks, galleries, restore point
// collections (with their restore points and disk restore points) and virtual machines.
import type {
  AzureDiskEstate,
  AzureGalleryEstate,
  AzureRestorePointCollectionEstate,
  AzureSnapshotEstate,
  AzureVmEstate,
} from '../estate.js';
import { resourceNotFound } from './errors.js';
import { nameOf, sameId, stableGuid } from './ids.js';
import { envelope, type ResourceKind } from './resource-kind.js';
import type { SubscriptionView } from './view.js';

const SNAPSHOTS = 'Microsoft.Compute/snapshots';
const DISKS = 'Microsoft.Compute/disks';
const GALLERIES = 'Microsoft.Compute/galleries';
const RESTORE_POINT_COLLECTIONS = 'Microsoft.Compute/restorePointCollections';
const RESTORE_POINTS = `${RESTORE_POINT_COLLECTIONS}/restorePoints`;
const DISK_RESTORE_POINTS = `${RESTORE_POINTS}/diskRestorePoints`;
const VIRTUAL_MACHINES = 'Microsoft.Compute/virtualMachines';

const GIB = 1024 ** 3;

/** The `uniqueId` Azure gives a disk or snapshot (and reports as `sourceUniqueId` of its copies). */
function uniqueIdOf(resourceId: string): string {
  return stableGuid(`unique:${resourceId.toLowerCase()}`);
}

/**
 * Where an image id points: a gallery image (own, shared or community) is a `galleryImageReference`,
 * anything else (a platform image's id) an `imageReference`.
 */
function creationImage(imageId: string | undefined): Record<string, unknown> {
  if (imageId === undefined) return {};
  const lower = imageId.toLowerCase();
  if (lower.startsWith('/communitygalleries/')) return { galleryImageReference: { communityGalleryImageId: imageId } };
  if (lower.startsWith('/sharedgalleries/')) return { galleryImageReference: { sharedGalleryImageId: imageId } };
  if (lower.includes('/providers/microsoft.compute/galleries/')) return { galleryImageReference: { id: imageId } };
  return { imageReference: { id: imageId } };
}

type DiskLike = AzureSnapshotEstate | AzureDiskEstate;

/** What snapshots and disks share inside `properties`. */
function diskLikeProperties(item: DiskLike, id: string): Record<string, unknown> {
  return {
    osType: item.osType,
    creationData: {
      createOption: item.createOption,
      ...creationImage(item.imageReferenceId),
      sourceResourceId: item.sourceResourceId,
      sourceUniqueId: item.sourceResourceId === undefined ? undefined : uniqueIdOf(item.sourceResourceId),
    },
    diskSizeGB: item.diskSizeGB,
    diskSizeBytes: item.diskSizeGB * GIB,
    uniqueId: uniqueIdOf(id),
    encryption: { type: item.encryption.type, diskEncryptionSetId: item.encryption.diskEncryptionSetId },
    networkAccessPolicy: item.networkAccessPolicy,
    diskAccessId: item.diskAccessId,
    publicNetworkAccess: item.publicNetworkAccess,
    dataAccessAuthMode: item.dataAccessAuthMode,
    timeCreated: item.timeCreated,
    provisioningState: 'Succeeded',
    diskState: item.diskState,
  };
}

export const snapshotKind: ResourceKind<AzureSnapshotEstate> = {
  provider: 'Microsoft.Compute',
  type: 'snapshots',
  items: (s) => s.snapshots,
  render(view, snapshot) {
    const head = envelope(view, SNAPSHOTS, snapshot);
    return {
      ...head,
      sku: { name: 'Standard_LRS', tier: 'Standard' },
      properties: { ...diskLikeProperties(snapshot, head.id), incremental: snapshot.incremental },
    };
  },
};

export const diskKind: ResourceKind<AzureDiskEstate> = {
  provider: 'Microsoft.Compute',
  type: 'disks',
  items: (s) => s.disks,
  render(view, disk) {
    const head = envelope(view, DISKS, disk);
    return {
      ...head,
      managedBy: disk.managedBy,
      sku: { name: 'Premium_LRS', tier: 'Premium' },
      properties: diskLikeProperties(disk, head.id),
    };
  },
};

function sharingProfile(view: SubscriptionView, gallery: AzureGalleryEstate, withGroups: boolean): Record<string, unknown> | undefined {
  switch (gallery.sharing) {
    case 'Private':
      return undefined;
    case 'Groups':
      return { permissions: 'Groups', groups: withGroups ? gallery.sharedWith : undefined };
    case 'Community': {
      const community = gallery.community;
      const prefix = community?.publicNamePrefix ?? gallery.name;
      const publicName = `${prefix}-${stableGuid(`community:${view.id(gallery.resourceGroup, GALLERIES, gallery.name).toLowerCase()}`)}`;
      return {
        permissions: 'Community',
        groups: withGroups ? gallery.sharedWith : undefined,
        communityGalleryInfo: {
          publisherUri: community?.publisherUri,
          publisherContact: community?.publisherContact,
          eula: community?.eula,
          publicNamePrefix: prefix,
          communityGalleryEnabled: true,
          publicNames: [publicName],
        },
      };
    }
  }
}

function galleryJson(view: SubscriptionView, gallery: AzureGalleryEstate, withGroups: boolean): unknown {
  const shared = gallery.sharing !== 'Private';
  return {
    ...envelope(view, GALLERIES, gallery),
    properties: {
      description: gallery.description,
      identifier: { uniqueName: `${view.subscriptionId}-${gallery.name.toUpperCase()}` },
      provisioningState: 'Succeeded',
      sharingProfile: sharingProfile(view, gallery, withGroups),
      sharingStatus: shared ? { aggregatedState: 'Succeeded', summary: [{ region: gallery.location, state: 'Succeeded', details: '' }] } : undefined,
    },
  };
}

/** `$select=Permissions` or `$expand=SharingProfile/Groups` on a GET: the groups a gallery is shared with. */
function wantsGroups(query: URLSearchParams): boolean {
  return sameId(query.get('$select') ?? undefined, 'Permissions') || sameId(query.get('$expand') ?? undefined, 'SharingProfile/Groups');
}

export const galleryKind: ResourceKind<AzureGalleryEstate> = {
  provider: 'Microsoft.Compute',
  type: 'galleries',
  items: (s) => s.galleries,
  // A list, and a plain GET, give the sharing permission but not the groups.
  render: (view, gallery) => galleryJson(view, gallery, false),
  renderOne: (view, gallery, query) => galleryJson(view, gallery, wantsGroups(query)),
};

type RestorePoint = AzureRestorePointCollectionEstate['restorePoints'][number];
type DiskRestorePoint = RestorePoint['diskRestorePoints'][number];

function restorePointId(view: SubscriptionView, collection: AzureRestorePointCollectionEstate, point: RestorePoint): string {
  return `${view.id(collection.resourceGroup, RESTORE_POINT_COLLECTIONS, collection.name)}/restorePoints/${point.name}`;
}

function diskRestorePointJson(view: SubscriptionView, collection: AzureRestorePointCollectionEstate, point: RestorePoint, disk: DiskRestorePoint): unknown {
  const sourceDisk = view.disk(disk.sourceDiskId);
  return {
    id: `${restorePointId(view, collection, point)}/diskRestorePoints/${disk.name}`,
    name: disk.name,
    type: DISK_RESTORE_POINTS,
    properties: {
      timeCreated: point.timeCreated,
      sourceResourceId: disk.sourceDiskId,
      osType: sourceDisk?.osType,
      familyId: stableGuid(`family:${(disk.sourceDiskId ?? disk.name).toLowerCase()}`),
      sourceUniqueId: disk.sourceDiskId === undefined ? undefined : uniqueIdOf(disk.sourceDiskId),
      encryption: { type: disk.encryption.type, diskEncryptionSetId: disk.encryption.diskEncryptionSetId },
      networkAccessPolicy: disk.networkAccessPolicy,
      publicNetworkAccess: disk.publicNetworkAccess,
      diskAccessId: disk.diskAccessId,
    },
  };
}

/** The VM's disks at the time of the restore point, each with its disk restore point. */
function sourceStorageProfile(view: SubscriptionView, collection: AzureRestorePointCollectionEstate, point: RestorePoint): unknown {
  const vm = view.vm(collection.sourceVmId);
  if (vm === undefined) return undefined;
  const diskRestorePointOf = (diskId: string): { id: string } | undefined => {
    const disk = point.diskRestorePoints.find((d) => sameId(d.sourceDiskId, diskId));
    return disk === undefined ? undefined : { id: `${restorePointId(view, collection, point)}/diskRestorePoints/${disk.name}` };
  };
  return {
    osDisk: {
      osType: view.disk(vm.osDiskId)?.osType,
      name: nameOf(vm.osDiskId),
      managedDisk: { id: vm.osDiskId, storageAccountType: 'Premium_LRS' },
      diskRestorePoint: diskRestorePointOf(vm.osDiskId),
    },
    dataDisks: vm.dataDisks.map((d) => ({
      lun: d.lun,
      name: nameOf(d.diskId),
      managedDisk: { id: d.diskId, storageAccountType: 'Premium_LRS' },
      diskRestorePoint: diskRestorePointOf(d.diskId),
    })),
  };
}

function restorePointJson(view: SubscriptionView, collection: AzureRestorePointCollectionEstate, point: RestorePoint): unknown {
  return {
    id: restorePointId(view, collection, point),
    name: point.name,
    type: RESTORE_POINTS,
    properties: {
      sourceMetadata: {
        vmId: collection.sourceVmId === undefined ? undefined : stableGuid(`vm:${collection.sourceVmId.toLowerCase()}`),
        storageProfile: sourceStorageProfile(view, collection, point),
        location: collection.location,
      },
      provisioningState: 'Succeeded',
      consistencyMode: 'CrashConsistent',
      timeCreated: point.timeCreated,
    },
  };
}

function restorePointCollectionJson(view: SubscriptionView, collection: AzureRestorePointCollectionEstate, expand: boolean): unknown {
  const id = view.id(collection.resourceGroup, RESTORE_POINT_COLLECTIONS, collection.name);
  return {
    ...envelope(view, RESTORE_POINT_COLLECTIONS, collection),
    properties: {
      source: collection.sourceVmId === undefined ? undefined : { id: collection.sourceVmId, location: collection.location },
      restorePointCollectionId: stableGuid(`rpc:${id.toLowerCase()}`),
      provisioningState: 'Succeeded',
      restorePoints: expand ? collection.restorePoints.map((p) => restorePointJson(view, collection, p)) : undefined,
    },
  };
}

function restorePointOf(collection: AzureRestorePointCollectionEstate, name: string): RestorePoint {
  const point = collection.restorePoints.find((p) => sameId(p.name, name));
  if (point === undefined) throw resourceNotFound(`${RESTORE_POINT_COLLECTIONS}/${collection.name}/restorePoints`, name, collection.resourceGroup);
  return point;
}

export const restorePointCollectionKind: ResourceKind<AzureRestorePointCollectionEstate> = {
  provider: 'Microsoft.Compute',
  type: 'restorePointCollections',
  items: (s) => s.restorePointCollections,
  render: (view, collection) => restorePointCollectionJson(view, collection, false),
  renderOne: (view, collection, query) => restorePointCollectionJson(view, collection, sameId(query.get('$expand') ?? undefined, 'restorePoints')),
  children: [
    {
      path: ['restorePoints', '*'],
      params: ['restorePointName'],
      action: `${RESTORE_POINTS}/read`,
      serve: (view, collection, [name = '']) => ({ one: restorePointJson(view, collection, restorePointOf(collection, name)) }),
    },
    {
      path: ['restorePoints', '*', 'diskRestorePoints'],
      params: ['restorePointName'],
      action: `${DISK_RESTORE_POINTS}/read`,
      serve(view, collection, [name = '']) {
        const point = restorePointOf(collection, name);
        return { list: point.diskRestorePoints.map((d) => diskRestorePointJson(view, collection, point, d)) };
      },
    },
    {
      path: ['restorePoints', '*', 'diskRestorePoints', '*'],
      params: ['restorePointName', 'diskRestorePointName'],
      action: `${DISK_RESTORE_POINTS}/read`,
      serve(view, collection, [name = '', diskName = '']) {
        const point = restorePointOf(collection, name);
        const disk = point.diskRestorePoints.find((d) => sameId(d.name, diskName));
        if (disk === undefined) throw resourceNotFound(`${RESTORE_POINTS}/${name}/diskRestorePoints`, diskName, collection.resourceGroup);
        return { one: diskRestorePointJson(view, collection, point, disk) };
      },
    },
  ],
};

/** `publisher:offer:sku:version` (a marketplace image) or an image id (own, shared or community gallery). */
function vmImageReference(image: string | undefined): Record<string, unknown> | undefined {
  if (image === undefined) return undefined;
  const lower = image.toLowerCase();
  if (lower.startsWith('/communitygalleries/')) return { communityGalleryImageId: image };
  if (lower.startsWith('/sharedgalleries/')) return { sharedGalleryImageId: image };
  const parts = image.split(':');
  if (image.startsWith('/') || parts.length !== 4) return { id: image };
  const [publisher, offer, sku, version] = parts;
  return { publisher, offer, sku, version, exactVersion: version === 'latest' ? undefined : version };
}

const POWER_STATES: Readonly<Record<AzureVmEstate['powerState'], string>> = {
  running: 'VM running',
  stopped: 'VM stopped',
  deallocated: 'VM deallocated',
  starting: 'VM starting',
  stopping: 'VM stopping',
};

function instanceView(vm: AzureVmEstate): unknown {
  return {
    computerName: vm.name,
    statuses: [
      { code: 'ProvisioningState/succeeded', level: 'Info', displayStatus: 'Provisioning succeeded' },
      { code: `PowerState/${vm.powerState}`, level: 'Info', displayStatus: POWER_STATES[vm.powerState] },
    ],
  };
}

function vmId(view: SubscriptionView, vm: AzureVmEstate): string {
  return stableGuid(`vm:${view.id(vm.resourceGroup, VIRTUAL_MACHINES, vm.name).toLowerCase()}`);
}

function vmJson(view: SubscriptionView, vm: AzureVmEstate): unknown {
  const osDisk = view.disk(vm.osDiskId);
  return {
    ...envelope(view, VIRTUAL_MACHINES, vm),
    properties: {
      vmId: vmId(view, vm),
      hardwareProfile: { vmSize: 'Standard_D2s_v5' },
      storageProfile: {
        imageReference: vmImageReference(vm.imageReference),
        osDisk: {
          osType: osDisk?.osType,
          name: nameOf(vm.osDiskId),
          createOption: vm.imageReference === undefined ? 'Attach' : 'FromImage',
          caching: 'ReadWrite',
          managedDisk: { id: vm.osDiskId, storageAccountType: 'Premium_LRS' },
          deleteOption: 'Detach',
          diskSizeGB: osDisk?.diskSizeGB,
        },
        dataDisks: vm.dataDisks.map((d) => ({
          lun: d.lun,
          name: nameOf(d.diskId),
          createOption: 'Attach',
          caching: 'None',
          managedDisk: { id: d.diskId, storageAccountType: 'Premium_LRS' },
          deleteOption: 'Detach',
          diskSizeGB: view.disk(d.diskId)?.diskSizeGB,
        })),
      },
      networkProfile: { networkInterfaces: vm.nicIds.map((id, index) => ({ id, properties: { primary: index === 0 } })) },
      provisioningState: 'Succeeded',
    },
  };
}

/** `statusOnly=true` on the subscription list: the run-time status and little else (no tags, no profiles). */
function vmStatusJson(view: SubscriptionView, vm: AzureVmEstate): unknown {
  const { id, name, type, location } = envelope(view, VIRTUAL_MACHINES, vm);
  return { id, name, type, location, properties: { vmId: vmId(view, vm), instanceView: instanceView(vm) } };
}

export const virtualMachineKind: ResourceKind<AzureVmEstate> = {
  provider: 'Microsoft.Compute',
  type: 'virtualMachines',
  items: (s) => s.virtualMachines,
  render: (view, vm, query) => (query.get('statusOnly')?.toLowerCase() === 'true' ? vmStatusJson(view, vm) : vmJson(view, vm)),
  renderOne: (view, vm) => vmJson(view, vm),
  children: [
    {
      path: ['instanceView'],
      params: [],
      action: `${VIRTUAL_MACHINES}/instanceView/read`,
      serve: (_view, vm) => ({ one: instanceView(vm) }),
    },
  ],
};

export const COMPUTE_KINDS = [snapshotKind, diskKind, galleryKind, restorePointCollectionKind, virtualMachineKind] as const;

