// Raw ARM shapes → model, from recorded shapes as @azure/arm-compute v24 returns them (flattened
// models: `properties.*` lifted to the top level, dates as Date, absent fields as undefined).
import type { CreationData, Disk as ArmDisk, DiskRestorePoint, Encryption as ArmEncryption, Gallery as ArmGallery, Snapshot as ArmSnapshot, VirtualMachine } from '@azure/arm-compute';
import { describe, expect, it } from 'vitest';
import {
  diskOriginOf,
  encryptionOf,
  exportGrants,
  parseArmId,
  sameId,
  toDisk,
  toDiskRestorePoint,
  toGallery,
  toSnapshot,
  toVm,
  vmImage,
  type AzureMapContext,
} from '../../../providers/azure/map.js';
import { isUnknown, unknownValue, type IngressPath, type Maybe, type SharingGrant } from '../../../src/model.js';
import { createTrustResolver, type TrustedAccount } from '../../../src/trust.js';

const SUB = '8d2c4f6a-1b3e-4c5d-9e7f-0a1b2c3d4e5f';
const PARTNER_SUB = '5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d';
const STRANGER_SUB = 'c0ffee00-5e1f-4a2b-8c3d-4e5f6a7b8c9d';
const TENANT = '0f1e2d3c-4b5a-4968-8776-655443322110';
const PARTNER_TENANT = 'aa11bb22-cc33-4d44-8e55-ff6677889900';
const STRANGER_TENANT = '12345678-90ab-4cde-8f01-234567890abc';

const COMPUTE = `/subscriptions/${SUB}/resourceGroups/rg-prod/providers/Microsoft.Compute`;
const SNAPSHOT_ID = `${COMPUTE}/snapshots/db-01-os-20240301`;
const DISK_ID = `${COMPUTE}/disks/db-01-os`;
const VM_ID = `${COMPUTE}/virtualMachines/db-01`;
const DES_ID = `${COMPUTE}/diskEncryptionSets/des-prod-cmk`;
const DISK_ACCESS_ID = `${COMPUTE}/diskAccesses/da-prod`;
const RPC_ID = `${COMPUTE}/restorePointCollections/rpc-db-01`;
const DRP_NAME = 'db-01-os_9c0e2b5a8f3d4e1b9a7c6d5e4f3a2b1c_0b8f2e4a-6c1d-4e3b-9a5f-7d2c1b0a9e8f';
const DRP_ID = `${RPC_ID}/restorePoints/rp-20240301-0200/diskRestorePoints/${DRP_NAME}`;
const SUBNET_ID = `/subscriptions/${SUB}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-prod/subnets/snet-web`;
/** As a disk created from a marketplace image records it: capitalised segments, our own subscription. */
const MARKETPLACE_IMAGE_ID = `/Subscriptions/${SUB}/Providers/Microsoft.Compute/Locations/westeurope/Publishers/Canonical/ArtifactTypes/VMImage/Offers/0001-com-ubuntu-server-jammy/Skus/22_04-lts-gen2/Versions/22.04.202312060`;
const OWN_GALLERY_IMAGE_ID = `/subscriptions/${SUB}/resourceGroups/rg-images/providers/Microsoft.Compute/galleries/gal_prod/images/web-base/versions/1.4.0`;
const FOREIGN_GALLERY_IMAGE_ID = `/subscriptions/${STRANGER_SUB}/resourceGroups/rg-vendor/providers/Microsoft.Compute/galleries/vendor_gal/images/hardened-ubuntu`;
const COMMUNITY_IMAGE_ID = '/CommunityGalleries/contoso-1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d/Images/hardened-ubuntu/Versions/latest';
const SHARED_IMAGE_ID = `/SharedGalleries/${STRANGER_SUB}-VENDOR_GAL/Images/hardened-ubuntu/Versions/latest`;

const PARTNER_SUB_ENTRY: TrustedAccount = { provider: 'azure', id: PARTNER_SUB, name: 'DR subscription', reason: 'receives gallery replicas' };
const PARTNER_TENANT_ENTRY: TrustedAccount = { provider: 'azure', id: PARTNER_TENANT, name: 'Managed service provider', reason: 'operates our images' };
/** Same id as the stranger's subscription, but for another cloud: must not make it trusted on Azure. */
const WRONG_PROVIDER_ENTRY: TrustedAccount = { provider: 'aws', id: STRANGER_SUB, name: 'not azure', reason: 'provider mismatch' };

const ctx: AzureMapContext = { subscription: SUB, tenant: TENANT, trust: createTrustResolver([PARTNER_SUB_ENTRY, PARTNER_TENANT_ENTRY, WRONG_PROVIDER_ENTRY]) };

const OPEN: SharingGrant = { kind: 'network', scope: 'all' };
const PRIVATE: SharingGrant = { kind: 'network', scope: 'private' };
const LINK: SharingGrant = { kind: 'link' };
const PLATFORM = { encrypted: true, keyKind: 'platform' } as const;

function reasonOf(value: unknown): string {
  if (!isUnknown(value)) throw new Error(`expected Unknown, got ${JSON.stringify(value)}`);
  return value.reason;
}

describe('parseArmId', () => {
  it('a snapshot id → subscription, resource group, type and name', () => {
    expect(parseArmId(SNAPSHOT_ID)).toStrictEqual({ subscription: SUB, resourceGroup: 'rg-prod', type: 'Microsoft.Compute/snapshots', name: 'db-01-os-20240301' });
  });

  it('a disk restore point: nested types joined, the last segment is the name', () => {
    expect(parseArmId(DRP_ID)).toStrictEqual({
      subscription: SUB,
      resourceGroup: 'rg-prod',
      type: 'Microsoft.Compute/restorePointCollections/restorePoints/diskRestorePoints',
      name: DRP_NAME,
    });
  });

  it('a subnet id → the child type under its virtual network', () => {
    expect(parseArmId(SUBNET_ID)).toStrictEqual({ subscription: SUB, resourceGroup: 'rg-net', type: 'Microsoft.Network/virtualNetworks/subnets', name: 'snet-web' });
  });

  it('segment keywords in any case are recognised, and values keep their case', () => {
    const shouted = `/SUBSCRIPTIONS/${SUB.toUpperCase()}/RESOURCEGROUPS/RG-PROD/PROVIDERS/MICROSOFT.COMPUTE/SNAPSHOTS/DB-01-OS-20240301`;
    expect(parseArmId(shouted)).toStrictEqual({ subscription: SUB.toUpperCase(), resourceGroup: 'RG-PROD', type: 'MICROSOFT.COMPUTE/SNAPSHOTS', name: 'DB-01-OS-20240301' });
    // VM storage profiles often spell it `resourcegroups`.
    expect(parseArmId(`/subscriptions/${SUB}/resourcegroups/rg-web/providers/Microsoft.Compute/disks/web-01-os`).resourceGroup).toBe('rg-web');
  });

  it('a marketplace image id (/Subscriptions/…/Providers/…, no resource group)', () => {
    expect(parseArmId(MARKETPLACE_IMAGE_ID)).toStrictEqual({
      subscription: SUB,
      type: 'Microsoft.Compute/Locations/Publishers/ArtifactTypes/Offers/Skus/Versions',
      name: '22.04.202312060',
    });
  });

  it('a bare subscription id has neither type nor name; an empty string yields nothing', () => {
    expect(parseArmId(`/subscriptions/${SUB}`)).toStrictEqual({ subscription: SUB });
    expect(parseArmId('')).toStrictEqual({});
  });
});

describe('sameId', () => {
  it('ARM ids compare without regard to case', () => {
    expect(sameId(SNAPSHOT_ID, SNAPSHOT_ID.toUpperCase())).toBe(true);
    expect(sameId(`/subscriptions/${SUB}/resourcegroups/RG-PROD/providers/microsoft.compute/snapshots/DB-01-OS-20240301`, SNAPSHOT_ID)).toBe(true);
  });

  it('different ids, or a missing one, are not the same', () => {
    expect(sameId(SNAPSHOT_ID, `${COMPUTE}/snapshots/db-01-os-20240302`)).toBe(false);
    expect(sameId(SNAPSHOT_ID, undefined)).toBe(false);
    expect(sameId(undefined, SNAPSHOT_ID)).toBe(false);
    expect(sameId(undefined, undefined)).toBe(false);
  });
});

describe('encryptionOf', () => {
  it.each([
    ['platform key → platform', { type: 'EncryptionAtRestWithPlatformKey' }, PLATFORM],
    ['customer key → customer, keyed by the disk encryption set', { type: 'EncryptionAtRestWithCustomerKey', diskEncryptionSetId: DES_ID }, { encrypted: true, keyKind: 'customer', keyId: DES_ID }],
    ['double encryption → customer, keyed by the disk encryption set', { type: 'EncryptionAtRestWithPlatformAndCustomerKeys', diskEncryptionSetId: DES_ID }, { encrypted: true, keyKind: 'customer', keyId: DES_ID }],
    ['customer key without a set id → customer, no key id', { type: 'EncryptionAtRestWithCustomerKey' }, { encrypted: true, keyKind: 'customer' }],
    ['no type reported → encrypted (managed disks always are), key unknown', {}, { encrypted: true, keyKind: 'unknown' }],
  ] satisfies Array<[string, ArmEncryption, unknown]>)('%s', (_name, raw, expected) => {
    expect(encryptionOf(raw)).toStrictEqual(expected);
  });

  it('no encryption block → key unknown', () => {
    expect(encryptionOf(undefined)).toStrictEqual({ encrypted: true, keyKind: 'unknown' });
  });
});

type ExportFields = Pick<ArmSnapshot, 'networkAccessPolicy' | 'publicNetworkAccess' | 'diskAccessId' | 'diskState'>;

describe('exportGrants', () => {
  it.each([
    ['AllowAll, public network enabled → any network', { networkAccessPolicy: 'AllowAll', publicNetworkAccess: 'Enabled', diskState: 'Unattached' }, [OPEN]],
    ['AllowAll, public network disabled → private only', { networkAccessPolicy: 'AllowAll', publicNetworkAccess: 'Disabled', diskState: 'Unattached' }, [PRIVATE]],
    ['AllowPrivate through a disk access → private', { networkAccessPolicy: 'AllowPrivate', diskAccessId: DISK_ACCESS_ID, publicNetworkAccess: 'Disabled', diskState: 'Unattached' }, [PRIVATE]],
    ['AllowPrivate with public network enabled → still private', { networkAccessPolicy: 'AllowPrivate', diskAccessId: DISK_ACCESS_ID, publicNetworkAccess: 'Enabled' }, [PRIVATE]],
    ['DenyAll → no network', { networkAccessPolicy: 'DenyAll', publicNetworkAccess: 'Disabled', diskState: 'Unattached' }, []],
    ['no policy reported → treated as AllowAll', { diskState: 'Unattached' }, [OPEN]],
    ['no policy, public network disabled → private', { publicNetworkAccess: 'Disabled' }, [PRIVATE]],
    ['ActiveSAS → a live link besides the network', { networkAccessPolicy: 'AllowAll', publicNetworkAccess: 'Enabled', diskState: 'ActiveSAS' }, [OPEN, LINK]],
    ['ActiveSASFrozen → a live link too', { networkAccessPolicy: 'AllowPrivate', diskAccessId: DISK_ACCESS_ID, diskState: 'ActiveSASFrozen' }, [PRIVATE, LINK]],
    ['Attached → no link', { networkAccessPolicy: 'AllowAll', diskState: 'Attached' }, [OPEN]],
    ['Reserved (VM deallocated) → no link', { networkAccessPolicy: 'DenyAll', diskState: 'Reserved' }, []],
  ] satisfies Array<[string, ExportFields, SharingGrant[]]>)('%s', (_name, raw, expected) => {
    expect(exportGrants(raw)).toStrictEqual(expected);
  });
});

/** A `snapshots.list()` entry: an incremental snapshot of a managed disk. */
function rawSnapshot(overrides: Partial<ArmSnapshot> = {}): ArmSnapshot {
  return {
    id: SNAPSHOT_ID,
    name: 'db-01-os-20240301',
    type: 'Microsoft.Compute/snapshots',
    location: 'westeurope',
    tags: { team: 'data', env: 'prod' },
    sku: { name: 'Standard_ZRS', tier: 'Standard' },
    timeCreated: new Date('2024-03-01T02:00:11.4620817Z'),
    osType: 'Linux',
    hyperVGeneration: 'V2',
    supportedCapabilities: { diskControllerTypes: 'SCSI, NVMe', acceleratedNetwork: true, architecture: 'x64' },
    creationData: { createOption: 'Copy', sourceResourceId: DISK_ID, sourceUniqueId: '4f7c0c1e-2b8d-4a9e-b1f3-6c5d4e3f2a1b' },
    diskSizeGB: 30,
    diskSizeBytes: 32212254720,
    diskState: 'Unattached',
    uniqueId: 'e2a1c9d8-7b6a-4f5e-9d4c-3b2a1f0e9d8c',
    provisioningState: 'Succeeded',
    incremental: true,
    incrementalSnapshotFamilyId: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
    encryption: { type: 'EncryptionAtRestWithPlatformKey' },
    networkAccessPolicy: 'AllowAll',
    publicNetworkAccess: 'Enabled',
    dataAccessAuthMode: 'None',
    ...overrides,
  };
}

describe('toSnapshot', () => {
  it('maps a recorded snapshot completely', () => {
    expect(toSnapshot(rawSnapshot(), ctx)).toStrictEqual({
      kind: 'snapshot',
      provider: 'azure',
      account: SUB,
      region: 'westeurope',
      type: 'Microsoft.Compute/snapshots',
      id: SNAPSHOT_ID,
      name: 'db-01-os-20240301',
      tags: { team: 'data', env: 'prod' },
      createdAt: '2024-03-01T02:00:11.462Z',
      state: 'Unattached',
      sizeGiB: 30,
      encryption: PLATFORM,
      source: { kind: 'disk', id: DISK_ID },
      sharing: [OPEN],
      exportRequiresIdentity: false,
    });
  });

  it('the account is the audited subscription, the region the location', () => {
    const snapshot = toSnapshot(rawSnapshot({ location: 'swedencentral' }), ctx);
    expect(snapshot.account).toBe(SUB);
    expect(snapshot.region).toBe('swedencentral');
  });

  it.each([
    ['a copy of another snapshot (CopyStart across regions) → snapshot', { createOption: 'CopyStart', sourceResourceId: `${COMPUTE}/snapshots/db-01-os-weu` }, 'snapshot'],
    ['a snapshot id in lower case → still a snapshot', { createOption: 'Copy', sourceResourceId: SNAPSHOT_ID.toLowerCase() }, 'snapshot'],
    ['a managed disk → disk', { createOption: 'Copy', sourceResourceId: DISK_ID }, 'disk'],
  ] satisfies Array<[string, CreationData, string]>)('source: %s', (_name, creationData, kind) => {
    expect(toSnapshot(rawSnapshot({ creationData }), ctx).source).toStrictEqual({ kind, id: creationData.sourceResourceId });
  });

  it('a snapshot imported from a VHD names no source', () => {
    const imported = rawSnapshot({
      creationData: { createOption: 'Import', storageAccountId: `/subscriptions/${SUB}/resourceGroups/rg-prod/providers/Microsoft.Storage/storageAccounts/stvhd`, sourceUri: 'https://stvhd.blob.core.windows.net/vhds/db-01.vhd' },
    });
    expect(toSnapshot(imported, ctx)).not.toHaveProperty('source');
  });

  it('data access authentication AzureActiveDirectory → export requires an identity; None or absent → not', () => {
    expect(toSnapshot(rawSnapshot({ dataAccessAuthMode: 'AzureActiveDirectory' }), ctx).exportRequiresIdentity).toBe(true);
    expect(toSnapshot(rawSnapshot({ dataAccessAuthMode: 'None' }), ctx).exportRequiresIdentity).toBe(false);
    expect(toSnapshot(rawSnapshot({ dataAccessAuthMode: undefined }), ctx).exportRequiresIdentity).toBe(false);
  });

  it('a live export link with a customer key: state, link grant and key kept', () => {
    const snapshot = toSnapshot(rawSnapshot({ diskState: 'ActiveSAS', encryption: { type: 'EncryptionAtRestWithCustomerKey', diskEncryptionSetId: DES_ID } }), ctx);
    expect(snapshot.state).toBe('ActiveSAS');
    expect(snapshot.sharing).toStrictEqual([OPEN, LINK]);
    expect(snapshot.encryption).toStrictEqual({ encrypted: true, keyKind: 'customer', keyId: DES_ID });
  });

  it('omits what was not reported: no tags, creation time, state or size', () => {
    const sparse = toSnapshot(rawSnapshot({ tags: undefined, timeCreated: undefined, diskState: undefined, diskSizeGB: undefined }), ctx);
    expect(sparse.tags).toStrictEqual({});
    for (const key of ['createdAt', 'state', 'sizeGiB']) expect(sparse).not.toHaveProperty(key);
  });

  it('an unparseable creation time is dropped, not turned into a string', () => {
    expect(toSnapshot(rawSnapshot({ timeCreated: new Date('not a date') }), ctx)).not.toHaveProperty('createdAt');
  });

  it('keeps a tag whose key is __proto__', () => {
    const tagged = toSnapshot(rawSnapshot({ tags: { ['__proto__']: 'hidden' } }), ctx);
    expect(Object.entries(tagged.tags)).toStrictEqual([['__proto__', 'hidden']]);
  });
});

/** A `diskRestorePoint.listByRestorePoint()` entry: a proxy resource, no location, tags or diskState. */
function rawDiskRestorePoint(overrides: Partial<DiskRestorePoint> = {}): DiskRestorePoint {
  return {
    id: DRP_ID,
    name: DRP_NAME,
    type: 'Microsoft.Compute/restorePointCollections/restorePoints/diskRestorePoints',
    timeCreated: new Date('2024-03-01T02:00:05.1234567Z'),
    sourceResourceId: DISK_ID,
    osType: 'Linux',
    hyperVGeneration: 'V2',
    supportedCapabilities: { acceleratedNetwork: true, architecture: 'x64' },
    familyId: '3c2b1a0f-9e8d-4c7b-a6f5-e4d3c2b1a0f9',
    sourceUniqueId: '4f7c0c1e-2b8d-4a9e-b1f3-6c5d4e3f2a1b',
    encryption: { type: 'EncryptionAtRestWithPlatformKey' },
    supportsHibernation: false,
    networkAccessPolicy: 'AllowAll',
    publicNetworkAccess: 'Enabled',
    ...overrides,
  };
}

describe('toDiskRestorePoint', () => {
  it('maps a recorded disk restore point, located where its collection is', () => {
    expect(toDiskRestorePoint(rawDiskRestorePoint(), ctx, 'westeurope')).toStrictEqual({
      kind: 'snapshot',
      provider: 'azure',
      account: SUB,
      region: 'westeurope',
      type: 'Microsoft.Compute/restorePointCollections/restorePoints/diskRestorePoints',
      id: DRP_ID,
      name: DRP_NAME,
      tags: {},
      createdAt: '2024-03-01T02:00:05.123Z',
      encryption: PLATFORM,
      source: { kind: 'disk', id: DISK_ID },
      sharing: [OPEN],
    });
  });

  it('without the collection location → global', () => {
    expect(toDiskRestorePoint(rawDiskRestorePoint(), ctx).region).toBe('global');
  });

  it('never a link grant: ARM reports no diskState for restore points, and one on the wire is ignored', () => {
    expect(toDiskRestorePoint(rawDiskRestorePoint(), ctx, 'westeurope').sharing).not.toContainEqual(LINK);
    const withState: DiskRestorePoint & Pick<ArmSnapshot, 'diskState'> = { ...rawDiskRestorePoint(), diskState: 'ActiveSAS' };
    const mapped = toDiskRestorePoint(withState, ctx, 'westeurope');
    expect(mapped.sharing).toStrictEqual([OPEN]);
    expect(mapped).not.toHaveProperty('state');
  });

  it('network policy still applies: DenyAll → no grants; AllowPrivate → private', () => {
    expect(toDiskRestorePoint(rawDiskRestorePoint({ networkAccessPolicy: 'DenyAll' }), ctx, 'westeurope').sharing).toStrictEqual([]);
    expect(toDiskRestorePoint(rawDiskRestorePoint({ networkAccessPolicy: 'AllowPrivate', diskAccessId: DISK_ACCESS_ID }), ctx, 'westeurope').sharing).toStrictEqual([PRIVATE]);
  });

  it('without a source id there is no source', () => {
    expect(toDiskRestorePoint(rawDiskRestorePoint({ sourceResourceId: undefined }), ctx, 'westeurope')).not.toHaveProperty('source');
  });
});

/** A `disks.list()` entry: the OS disk of a running VM, created from a marketplace image. */
function rawDisk(overrides: Partial<ArmDisk> = {}): ArmDisk {
  return {
    id: DISK_ID,
    name: 'db-01-os',
    type: 'Microsoft.Compute/disks',
    location: 'westeurope',
    tags: { team: 'data' },
    managedBy: VM_ID,
    sku: { name: 'Premium_LRS', tier: 'Premium' },
    zones: ['1'],
    timeCreated: new Date('2024-02-20T09:15:42.8123456Z'),
    osType: 'Linux',
    hyperVGeneration: 'V2',
    supportedCapabilities: { diskControllerTypes: 'SCSI, NVMe', acceleratedNetwork: true, architecture: 'x64' },
    creationData: { createOption: 'FromImage', imageReference: { id: MARKETPLACE_IMAGE_ID } },
    diskSizeGB: 30,
    diskSizeBytes: 32212254720,
    uniqueId: '4f7c0c1e-2b8d-4a9e-b1f3-6c5d4e3f2a1b',
    provisioningState: 'Succeeded',
    diskIopsReadWrite: 120,
    diskMBpsReadWrite: 25,
    diskState: 'Attached',
    encryption: { type: 'EncryptionAtRestWithPlatformKey' },
    networkAccessPolicy: 'AllowAll',
    tier: 'P4',
    publicNetworkAccess: 'Enabled',
    dataAccessAuthMode: 'None',
    lastOwnershipUpdateTime: new Date('2024-02-20T09:16:03.0000000Z'),
    ...overrides,
  };
}

describe('toDisk', () => {
  it('maps a recorded attached OS disk created from a marketplace image completely', () => {
    expect(toDisk(rawDisk(), ctx)).toStrictEqual({
      kind: 'disk',
      provider: 'azure',
      account: SUB,
      region: 'westeurope',
      type: 'Microsoft.Compute/disks',
      id: DISK_ID,
      name: 'db-01-os',
      tags: { team: 'data' },
      createdAt: '2024-02-20T09:15:42.812Z',
      state: 'Attached',
      sizeGiB: 30,
      encryption: PLATFORM,
      sourceImage: MARKETPLACE_IMAGE_ID,
      attachedTo: [VM_ID],
      sharing: [OPEN],
      exportRequiresIdentity: false,
    });
  });

  it('a detached disk restored from a snapshot: source snapshot, no image, attached to nothing', () => {
    const restored = toDisk(rawDisk({ managedBy: undefined, diskState: 'Unattached', creationData: { createOption: 'Copy', sourceResourceId: SNAPSHOT_ID } }), ctx);
    expect(restored.sourceSnapshot).toBe(SNAPSHOT_ID);
    expect(restored).not.toHaveProperty('sourceImage');
    expect(restored.attachedTo).toStrictEqual([]);
    expect(restored.state).toBe('Unattached');
  });

  it('a blank data disk has neither source', () => {
    const blank = toDisk(rawDisk({ creationData: { createOption: 'Empty' } }), ctx);
    expect(blank).not.toHaveProperty('sourceSnapshot');
    expect(blank).not.toHaveProperty('sourceImage');
  });

  it('sharing and identity follow the export surface: an active link on a private, Entra-guarded disk', () => {
    const disk = toDisk(
      rawDisk({ diskState: 'ActiveSASFrozen', networkAccessPolicy: 'AllowPrivate', diskAccessId: DISK_ACCESS_ID, publicNetworkAccess: 'Disabled', dataAccessAuthMode: 'AzureActiveDirectory' }),
      ctx,
    );
    expect(disk.sharing).toStrictEqual([PRIVATE, LINK]);
    expect(disk.exportRequiresIdentity).toBe(true);
  });

  it('DenyAll → no grants; a customer key is kept', () => {
    const disk = toDisk(rawDisk({ networkAccessPolicy: 'DenyAll', encryption: { type: 'EncryptionAtRestWithPlatformAndCustomerKeys', diskEncryptionSetId: DES_ID } }), ctx);
    expect(disk.sharing).toStrictEqual([]);
    expect(disk.encryption).toStrictEqual({ encrypted: true, keyKind: 'customer', keyId: DES_ID });
  });
});

/** A `galleries.list()` entry. */
function rawGallery(overrides: Partial<ArmGallery> = {}): ArmGallery {
  return {
    id: `/subscriptions/${SUB}/resourceGroups/rg-images/providers/Microsoft.Compute/galleries/gal_prod`,
    name: 'gal_prod',
    type: 'Microsoft.Compute/galleries',
    location: 'westeurope',
    tags: { owner: 'platform' },
    description: 'golden images',
    identifier: { uniqueName: `${SUB}-GAL_PROD` },
    provisioningState: 'Succeeded',
    sharingProfile: { permissions: 'Private' },
    ...overrides,
  };
}

describe('toGallery', () => {
  const internal = (principal: string): SharingGrant => ({ kind: 'account', principal, trust: 'internal', trustNote: 'the audited account itself' });
  const external = (principal: string): SharingGrant => ({ kind: 'account', principal, trust: 'external', trustNote: 'not our account, not in the trusted list' });

  it('maps a private gallery: no grants', () => {
    expect(toGallery(rawGallery(), ctx)).toStrictEqual({
      kind: 'gallery',
      provider: 'azure',
      account: SUB,
      region: 'westeurope',
      type: 'Microsoft.Compute/galleries',
      id: `/subscriptions/${SUB}/resourceGroups/rg-images/providers/Microsoft.Compute/galleries/gal_prod`,
      name: 'gal_prod',
      tags: { owner: 'platform' },
      description: 'golden images',
      sharing: [],
    });
  });

  it('a gallery without a sharing profile → no grants', () => {
    expect(toGallery(rawGallery({ sharingProfile: undefined }), ctx).sharing).toStrictEqual([]);
  });

  it('Community → public', () => {
    const community = rawGallery({
      sharingProfile: {
        permissions: 'Community',
        communityGalleryInfo: {
          publisherUri: 'https://contoso.example',
          publisherContact: 'images@contoso.example',
          eula: 'https://contoso.example/eula',
          publicNamePrefix: 'contoso',
          communityGalleryEnabled: true,
          publicNames: ['contoso-1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d'],
        },
      },
    });
    expect(toGallery(community, ctx).sharing).toStrictEqual([{ kind: 'public' }]);
  });

  it('Groups → one account grant per subscription and tenant, judged by the trust resolver', () => {
    const grouped = rawGallery({
      sharingProfile: {
        permissions: 'Groups',
        groups: [
          { type: 'Subscriptions', ids: [SUB, PARTNER_SUB, STRANGER_SUB] },
          { type: 'AADTenants', ids: [TENANT, PARTNER_TENANT, STRANGER_TENANT] },
        ],
      },
    });
    expect(toGallery(grouped, ctx).sharing).toStrictEqual([
      internal(`subscription ${SUB}`),
      { kind: 'account', principal: `subscription ${PARTNER_SUB}`, trust: 'trusted', trustNote: 'trusted in config: DR subscription (receives gallery replicas)' },
      external(`subscription ${STRANGER_SUB}`),
      internal(`tenant ${TENANT}`),
      { kind: 'account', principal: `tenant ${PARTNER_TENANT}`, trust: 'trusted', trustNote: 'trusted in config: Managed service provider (operates our images)' },
      external(`tenant ${STRANGER_TENANT}`),
    ]);
  });

  it("a trusted entry for another cloud does not make an Azure subscription trusted", () => {
    const grouped = rawGallery({ sharingProfile: { permissions: 'Groups', groups: [{ type: 'Subscriptions', ids: [STRANGER_SUB] }] } });
    expect(toGallery(grouped, ctx).sharing).toStrictEqual([external(`subscription ${STRANGER_SUB}`)]);
  });

  it('our own tenant id listed as a subscription is not mistaken for our subscription', () => {
    const grouped = rawGallery({ sharingProfile: { permissions: 'Groups', groups: [{ type: 'Subscriptions', ids: [TENANT] }] } });
    expect(toGallery(grouped, ctx).sharing).toStrictEqual([external(`subscription ${TENANT}`)]);
  });
});

describe('diskOriginOf', () => {
  const ownSnapshots: ReadonlySet<string> = new Set([SNAPSHOT_ID.toLowerCase()]);
  const withCreation = (creationData: CreationData): ArmDisk => rawDisk({ creationData });

  it('Empty → blank', () => {
    expect(diskOriginOf(withCreation({ createOption: 'Empty' }), ownSnapshots)).toStrictEqual({ kind: 'blank' });
  });

  it('FromImage → image, named by the image reference (or the gallery image reference)', () => {
    expect(diskOriginOf(rawDisk(), ownSnapshots)).toStrictEqual({ kind: 'image', imageId: MARKETPLACE_IMAGE_ID, snapshotId: MARKETPLACE_IMAGE_ID });
    const fromGallery = withCreation({ createOption: 'FromImage', galleryImageReference: { id: OWN_GALLERY_IMAGE_ID } });
    expect(diskOriginOf(fromGallery, ownSnapshots)).toStrictEqual({ kind: 'image', imageId: OWN_GALLERY_IMAGE_ID, snapshotId: OWN_GALLERY_IMAGE_ID });
  });

  it('Copy from one of our snapshots → snapshot owned by us, matched case-insensitively', () => {
    const shouted = SNAPSHOT_ID.replace('resourceGroups/rg-prod', 'resourceGroups/RG-PROD');
    expect(diskOriginOf(withCreation({ createOption: 'Copy', sourceResourceId: shouted }), ownSnapshots)).toStrictEqual({ kind: 'snapshot', snapshotId: shouted, snapshotOwner: 'own' });
  });

  it('Restore from a snapshot not in our listing → snapshot of unknown owner', () => {
    const theirs = `/subscriptions/${STRANGER_SUB}/resourceGroups/rg-x/providers/Microsoft.Compute/snapshots/exfil-copy`;
    expect(diskOriginOf(withCreation({ createOption: 'Restore', sourceResourceId: theirs }), ownSnapshots)).toStrictEqual({ kind: 'snapshot', snapshotId: theirs, snapshotOwner: 'unknown' });
  });

  it('Import → a snapshot named by the VHD it came from, owner unknown', () => {
    const vhd = 'https://stexternal.blob.core.windows.net/vhds/db-01.vhd';
    const imported = withCreation({ createOption: 'Import', storageAccountId: `/subscriptions/${STRANGER_SUB}/resourceGroups/rg-x/providers/Microsoft.Storage/storageAccounts/stexternal`, sourceUri: vhd });
    expect(diskOriginOf(imported, ownSnapshots)).toStrictEqual({ kind: 'snapshot', snapshotId: vhd, snapshotOwner: 'unknown' });
  });

  it('a disk missing from the listing → Unknown', () => {
    expect(reasonOf(diskOriginOf(undefined, ownSnapshots))).toMatch(/not in the disk listing/);
  });

  it('an option it does not recognise → Unknown naming the option', () => {
    expect(reasonOf(diskOriginOf(withCreation({ createOption: 'UploadPreparedSecure' }), ownSnapshots))).toContain('"UploadPreparedSecure"');
    expect(isUnknown(diskOriginOf(withCreation({ createOption: 'Upload', uploadSizeBytes: 32213303808 }), ownSnapshots))).toBe(true);
  });
});

/** A `virtualMachines.get(..., { expand: 'instanceView' })` entry: a running VM with one data disk. */
function rawVm(overrides: Partial<VirtualMachine> = {}): VirtualMachine {
  // The storage profile names the disks with the resource group upper-cased, as ARM often does.
  const vmCompute = COMPUTE.replace('rg-prod', 'RG-PROD');
  return {
    id: VM_ID,
    name: 'db-01',
    type: 'Microsoft.Compute/virtualMachines',
    location: 'westeurope',
    tags: { team: 'data' },
    zones: ['1'],
    hardwareProfile: { vmSize: 'Standard_D2s_v5' },
    storageProfile: {
      imageReference: { publisher: 'Canonical', offer: '0001-com-ubuntu-server-jammy', sku: '22_04-lts-gen2', version: 'latest', exactVersion: '22.04.202312060' },
      osDisk: {
        osType: 'Linux',
        name: 'db-01-os',
        createOption: 'FromImage',
        caching: 'ReadWrite',
        managedDisk: { storageAccountType: 'Premium_LRS', id: `${vmCompute}/disks/db-01-os` },
        deleteOption: 'Detach',
        diskSizeGB: 30,
      },
      dataDisks: [
        {
          lun: 0,
          name: 'db-01-data-restored',
          createOption: 'Attach',
          caching: 'ReadOnly',
          writeAcceleratorEnabled: false,
          managedDisk: { storageAccountType: 'Premium_LRS', id: `${vmCompute}/disks/db-01-data-restored` },
          deleteOption: 'Detach',
          diskSizeGB: 128,
          toBeDetached: false,
        },
      ],
      diskControllerType: 'SCSI',
    },
    osProfile: { computerName: 'db-01', adminUsername: 'azureuser', allowExtensionOperations: true, requireGuestProvisionSignal: true },
    networkProfile: { networkInterfaces: [{ id: `${COMPUTE.replace('Microsoft.Compute', 'Microsoft.Network')}/networkInterfaces/db-01-nic`, primary: true }] },
    provisioningState: 'Succeeded',
    vmId: '6e5d4c3b-2a19-4f08-b7e6-d5c4b3a29180',
    timeCreated: new Date('2024-02-20T09:15:40.1234567Z'),
    instanceView: {
      computerName: 'db-01',
      osName: 'ubuntu',
      osVersion: '22.04',
      statuses: [
        { code: 'ProvisioningState/succeeded', level: 'Info', displayStatus: 'Provisioning succeeded', time: new Date('2024-02-20T09:16:30.0000000Z') },
        { code: 'PowerState/running', level: 'Info', displayStatus: 'VM running' },
      ],
    },
    ...overrides,
  };
}

describe('vmImage', () => {
  const withRef = (imageReference: NonNullable<NonNullable<VirtualMachine['storageProfile']>['imageReference']>): VirtualMachine =>
    rawVm({ storageProfile: { ...rawVm().storageProfile, imageReference } });

  it('a marketplace image → vendor, owned by its publisher, named publisher:offer:sku:version', () => {
    expect(vmImage(rawVm(), SUB)).toStrictEqual({ id: 'Canonical:0001-com-ubuntu-server-jammy:22_04-lts-gen2:latest', ownership: 'vendor', owner: 'Canonical' });
  });

  it('a gallery image in the audited subscription → own, whatever the case of the id', () => {
    expect(vmImage(withRef({ id: OWN_GALLERY_IMAGE_ID }), SUB)).toStrictEqual({ id: OWN_GALLERY_IMAGE_ID, ownership: 'own' });
    const shouted = OWN_GALLERY_IMAGE_ID.replace(SUB, SUB.toUpperCase());
    expect(vmImage(withRef({ id: shouted }), SUB)?.ownership).toBe('own');
  });

  it('a gallery image in another subscription → foreign', () => {
    expect(vmImage(withRef({ id: FOREIGN_GALLERY_IMAGE_ID }), SUB)).toStrictEqual({ id: FOREIGN_GALLERY_IMAGE_ID, ownership: 'foreign' });
  });

  it('a community or directly shared gallery image → foreign, named by its gallery id', () => {
    expect(vmImage(withRef({ communityGalleryImageId: COMMUNITY_IMAGE_ID }), SUB)).toStrictEqual({ id: COMMUNITY_IMAGE_ID, ownership: 'foreign' });
    expect(vmImage(withRef({ sharedGalleryImageId: SHARED_IMAGE_ID }), SUB)).toStrictEqual({ id: SHARED_IMAGE_ID, ownership: 'foreign' });
  });

  it('no image reference (a VM made by attaching an existing OS disk) → no image', () => {
    const attached = rawVm();
    const { imageReference: _dropped, ...storageProfile } = attached.storageProfile ?? {};
    expect(_dropped).toBeDefined();
    expect(vmImage({ ...attached, storageProfile }, SUB)).toBeUndefined();
    expect(vmImage(rawVm({ storageProfile: undefined }), SUB)).toBeUndefined();
  });
});

describe('toVm', () => {
  const RESTORED_DISK_ID = `${COMPUTE}/disks/db-01-data-restored`;
  // Keyed by lower-cased id, as the collector builds it.
  const disks: ReadonlyMap<string, ArmDisk> = new Map([
    [DISK_ID.toLowerCase(), rawDisk()],
    [RESTORED_DISK_ID.toLowerCase(), rawDisk({ id: RESTORED_DISK_ID, name: 'db-01-data-restored', diskSizeGB: 128, creationData: { createOption: 'Copy', sourceResourceId: SNAPSHOT_ID } })],
  ]);
  const ownSnapshots: ReadonlySet<string> = new Set([SNAPSHOT_ID.toLowerCase()]);
  const ingress: IngressPath[] = [
    {
      protocol: 'tcp',
      ports: { from: 22, to: 22 },
      source: 'Internet',
      address: '20.61.10.20',
      via: [{ kind: 'nsg', id: `/subscriptions/${SUB}/resourceGroups/rg-prod/providers/Microsoft.Network/networkSecurityGroups/db-01-nsg`, name: 'allow-ssh', protocol: 'tcp', ports: { from: 22, to: 22 }, source: 'Internet', order: 300 }],
    },
  ];
  const vmCompute = COMPUTE.replace('rg-prod', 'RG-PROD');

  it('maps a recorded VM: boot disk first, data disks by LUN, origins, image, power state, addresses and ingress', () => {
    expect(toVm(rawVm(), disks, ownSnapshots, ['20.61.10.20'], ingress, ctx)).toMatchObject({
      kind: 'instance',
      provider: 'azure',
      account: SUB,
      region: 'westeurope',
      type: 'Microsoft.Compute/virtualMachines',
      id: VM_ID,
      name: 'db-01',
      tags: { team: 'data' },
      state: 'running',
      image: { id: 'Canonical:0001-com-ubuntu-server-jammy:22_04-lts-gen2:latest', ownership: 'vendor', owner: 'Canonical' },
      disks: [
        { id: `${vmCompute}/disks/db-01-os`, device: 'db-01-os', boot: true, origin: { kind: 'image', imageId: MARKETPLACE_IMAGE_ID, snapshotId: MARKETPLACE_IMAGE_ID } },
        { id: `${vmCompute}/disks/db-01-data-restored`, device: 'lun 0', boot: false, origin: { kind: 'snapshot', snapshotId: SNAPSHOT_ID, snapshotOwner: 'own' } },
      ],
      publicAddresses: ['20.61.10.20'],
      internetIngress: ingress,
    });
  });

  it('data disks keep their LUNs and order; disks without a managed disk are skipped', () => {
    const base = rawVm();
    const storage = base.storageProfile ?? {};
    const vm = rawVm({
      storageProfile: {
        ...storage,
        dataDisks: [
          { lun: 3, createOption: 'Empty', managedDisk: { id: `${vmCompute}/disks/db-01-logs` } },
          { lun: 1, createOption: 'Attach', vhd: { uri: 'https://stlegacy.blob.core.windows.net/vhds/old.vhd' } },
          { lun: 0, createOption: 'Attach', managedDisk: { id: `${vmCompute}/disks/db-01-data-restored` } },
        ],
      },
    });
    const mapped = toVm(vm, disks, ownSnapshots, [], [], ctx);
    expect(mapped.disks.map((d) => [d.device, d.boot])).toStrictEqual([
      ['db-01-os', true],
      ['lun 3', false],
      ['lun 0', false],
    ]);
  });

  it('a disk that is not in the listing has an Unknown origin', () => {
    const mapped = toVm(rawVm(), new Map(), ownSnapshots, [], [], ctx);
    expect(mapped.disks.map((d) => isUnknown(d.origin))).toStrictEqual([true, true]);
  });

  it('a restored disk whose snapshot is not ours → snapshot of unknown owner', () => {
    const mapped = toVm(rawVm(), disks, new Set<string>(), [], [], ctx);
    expect(mapped.disks[1]?.origin).toStrictEqual({ kind: 'snapshot', snapshotId: SNAPSHOT_ID, snapshotOwner: 'unknown' });
  });

  it.each([
    ['deallocated', [{ code: 'ProvisioningState/succeeded' }, { code: 'PowerState/deallocated', displayStatus: 'VM deallocated' }], 'deallocated'],
    ['stopped', [{ code: 'PowerState/stopped' }], 'stopped'],
    ['no power status (provisioning only)', [{ code: 'ProvisioningState/creating' }], 'unknown'],
    ['no statuses', [], 'unknown'],
  ] satisfies Array<[string, NonNullable<NonNullable<VirtualMachine['instanceView']>['statuses']>, string]>)('power state: %s → %s', (_name, statuses, state) => {
    expect(toVm(rawVm({ instanceView: { statuses } }), disks, ownSnapshots, [], [], ctx).state).toBe(state);
  });

  it('a listing without the instance view → state unknown', () => {
    expect(toVm(rawVm({ instanceView: undefined }), disks, ownSnapshots, [], [], ctx).state).toBe('unknown');
  });

  it('passes an Unknown ingress through, and a VM without addresses has none', () => {
    const unreadable: Maybe<IngressPath[]> = unknownValue('Microsoft.Network/networkSecurityGroups/read failed');
    const mapped = toVm(rawVm(), disks, ownSnapshots, [], unreadable, ctx);
    expect(mapped.internetIngress).toBe(unreadable);
    expect(mapped.publicAddresses).toStrictEqual([]);
  });

  it('a VM without a storage profile has no disks and no image', () => {
    const mapped = toVm(rawVm({ storageProfile: undefined }), disks, ownSnapshots, [], [], ctx);
    expect(mapped.disks).toStrictEqual([]);
    expect(mapped).not.toHaveProperty('image');
  });
});
