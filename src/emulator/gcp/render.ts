// Compute Engine resources as the v1 REST API returns them: `kind`, decimal-string ids, int64
// fields as strings, full-URL references, Pacific-time timestamps, and fields left out (rather than
// empty) when there is nothing to say. Fields left undefined are absent from the JSON.
import type {
  GcpDiskEstate,
  GcpFirewallEstate,
  GcpImageEstate,
  GcpInstanceEstate,
  GcpMachineImageEstate,
  GcpSnapshotEstate,
} from '../estate.js';
import { computeTimestamp, EMPTY_FINGERPRINT, fingerprint, numericId, regionOfZone } from './links.js';
import { diskScope, type GcpEstateView, type ProjectView } from './view.js';

const GIB = 1024 ** 3;
const DEFAULT_MACHINE_TYPE = 'e2-medium';
const DEFAULT_DISK_TYPE = 'pd-balanced';
const CLOUD_PLATFORM_SCOPE = 'https://www.googleapis.com/auth/cloud-platform';
/** When Google says a region (or any resource without a date of its own) was created. */
const EPOCH_PACIFIC = '1969-12-31T16:00:00.000-08:00';

type Iam = GcpSnapshotEstate['iam'];
type EncryptionKey = GcpSnapshotEstate['encryptionKey'];

function nonEmpty<T>(items: readonly T[]): readonly T[] | undefined {
  return items.length === 0 ? undefined : items;
}

function labelled(labels: Readonly<Record<string, string>>): { labels?: Readonly<Record<string, string>>; labelFingerprint: string } {
  return Object.keys(labels).length === 0 ? { labelFingerprint: EMPTY_FINGERPRINT } : { labels, labelFingerprint: fingerprint(labels) };
}

function keyJson(key: EncryptionKey): { kmsKeyName: string } | undefined {
  return key === undefined ? undefined : { kmsKeyName: key.kmsKeyName };
}

/** Storage a snapshot or image of `sizeGb` takes: a quarter of the disk, as incremental data compresses. */
function storageBytes(sizeGb: number): string {
  return String((sizeGb * GIB) / 4);
}

/** What every resource has: kind, id, creation time, name, selfLink. */
function head(kind: string, view: ProjectView, segments: readonly string[], creationTimestamp: string): Record<string, unknown> {
  const path = view.path(...segments);
  return { kind, id: numericId(path), creationTimestamp: computeTimestamp(creationTimestamp), name: segments[segments.length - 1], selfLink: view.url(...segments) };
}

export function snapshotJson(estate: GcpEstateView, view: ProjectView, snapshot: GcpSnapshotEstate): unknown {
  const segments = [...(snapshot.region === undefined ? ['global'] : ['regions', snapshot.region]), 'snapshots', snapshot.name];
  const bytes = storageBytes(snapshot.diskSizeGb);
  return {
    ...head('compute#snapshot', view, segments, snapshot.creationTimestamp),
    description: snapshot.description,
    status: snapshot.status,
    sourceDisk: snapshot.sourceDisk === undefined ? undefined : view.ref(snapshot.sourceDisk),
    sourceDiskId: estate.idOf(snapshot.sourceDisk, view.id),
    diskSizeGb: String(snapshot.diskSizeGb),
    storageBytes: bytes,
    storageBytesStatus: 'UP_TO_DATE',
    creationSizeBytes: bytes,
    downloadBytes: bytes,
    snapshotType: 'STANDARD',
    region: snapshot.region === undefined ? undefined : view.url('regions', snapshot.region),
    ...labelled(snapshot.labels),
    storageLocations: snapshot.storageLocations,
    snapshotEncryptionKey: keyJson(snapshot.encryptionKey),
    autoCreated: false,
    satisfiesPzi: false,
  };
}

export function imageJson(estate: GcpEstateView, view: ProjectView, image: GcpImageEstate): unknown {
  const sizeGb = estate.sizeGbOf(image.sourceDisk ?? image.sourceSnapshot, view.id) ?? 10;
  return {
    ...head('compute#image', view, ['global', 'images', image.name], image.creationTimestamp),
    description: image.description,
    sourceType: 'RAW',
    status: image.status,
    archiveSizeBytes: storageBytes(sizeGb),
    diskSizeGb: String(sizeGb),
    sourceDisk: image.sourceDisk === undefined ? undefined : view.ref(image.sourceDisk),
    sourceDiskId: estate.idOf(image.sourceDisk, view.id),
    sourceSnapshot: image.sourceSnapshot === undefined ? undefined : view.ref(image.sourceSnapshot),
    sourceSnapshotId: estate.idOf(image.sourceSnapshot, view.id),
    family: image.family,
    ...labelled(image.labels),
    storageLocations: image.storageLocations,
    imageEncryptionKey: keyJson(image.encryptionKey),
    satisfiesPzi: false,
  };
}

/** A disk as an instance (or a machine image's copy of it) has it attached. */
function attachedDisks(estate: GcpEstateView, view: ProjectView, instance: GcpInstanceEstate, kind: string): unknown[] {
  return instance.disks.map((disk, index) => ({
    kind,
    type: 'PERSISTENT',
    mode: 'READ_WRITE',
    source: view.ref(disk.source),
    deviceName: disk.deviceName,
    index,
    boot: disk.boot,
    autoDelete: disk.boot,
    interface: 'SCSI',
    diskSizeGb: String(estate.sizeGbOf(disk.source, view.id) ?? 10),
  }));
}

function networkInterfaces(view: ProjectView, instance: GcpInstanceEstate): unknown[] {
  const region = regionOfZone(instance.zone);
  return instance.networkInterfaces.map((nic, index) => {
    const network = view.ref(nic.network);
    const onDefaultNetwork = network.endsWith('/global/networks/default');
    const subnetwork = nic.subnetwork ?? (onDefaultNetwork ? view.path('regions', region, 'subnetworks', 'default') : undefined);
    const withIpv6 = nic.externalIpv6.length > 0;
    const accessConfigs = nic.natIPs.map((natIP, i) => ({
      kind: 'compute#accessConfig',
      type: 'ONE_TO_ONE_NAT',
      name: i === 0 ? 'External NAT' : `External NAT ${i}`,
      natIP,
      networkTier: 'PREMIUM',
    }));
    const ipv6AccessConfigs = nic.externalIpv6.map((externalIpv6) => ({
      kind: 'compute#accessConfig',
      type: 'DIRECT_IPV6',
      name: 'external-ipv6',
      externalIpv6,
      externalIpv6PrefixLength: 96,
      networkTier: 'PREMIUM',
    }));
    return {
      kind: 'compute#networkInterface',
      network,
      subnetwork: subnetwork === undefined ? undefined : view.ref(subnetwork),
      networkIP: nic.networkIP,
      name: `nic${index}`,
      accessConfigs: nonEmpty(accessConfigs),
      ipv6AccessConfigs: nonEmpty(ipv6AccessConfigs),
      ipv6AccessType: withIpv6 ? 'EXTERNAL' : undefined,
      stackType: withIpv6 ? 'IPV4_IPV6' : 'IPV4_ONLY',
      fingerprint: fingerprint(nic),
    };
  });
}

function tagsJson(tags: readonly string[]): unknown {
  return { items: nonEmpty(tags), fingerprint: fingerprint(tags) };
}

function serviceAccountsJson(emails: readonly string[]): readonly unknown[] | undefined {
  return nonEmpty(emails.map((email) => ({ email, scopes: [CLOUD_PLATFORM_SCOPE] })));
}

const SCHEDULING = { onHostMaintenance: 'MIGRATE', automaticRestart: true, preemptible: false, provisioningModel: 'STANDARD' };

export function instanceJson(estate: GcpEstateView, view: ProjectView, instance: GcpInstanceEstate): unknown {
  const running = instance.status === 'RUNNING';
  return {
    ...head('compute#instance', view, ['zones', instance.zone, 'instances', instance.name], instance.creationTimestamp),
    tags: tagsJson(instance.tags),
    machineType: view.url('zones', instance.zone, 'machineTypes', DEFAULT_MACHINE_TYPE),
    status: instance.status,
    zone: view.url('zones', instance.zone),
    canIpForward: false,
    networkInterfaces: instance.networkInterfaces.length === 0 ? undefined : networkInterfaces(view, instance),
    disks: nonEmpty(attachedDisks(estate, view, instance, 'compute#attachedDisk')),
    metadata: { kind: 'compute#metadata', fingerprint: EMPTY_FINGERPRINT },
    serviceAccounts: serviceAccountsJson(instance.serviceAccounts),
    scheduling: SCHEDULING,
    cpuPlatform: running ? 'Intel Broadwell' : 'Unknown CPU Platform',
    ...labelled(instance.labels),
    startRestricted: false,
    deletionProtection: false,
    fingerprint: fingerprint(instance),
    lastStartTimestamp: running ? computeTimestamp(instance.creationTimestamp) : undefined,
    satisfiesPzi: false,
  };
}

export function machineImageJson(estate: GcpEstateView, view: ProjectView, machineImage: GcpMachineImageEstate): unknown {
  const source = estate.instance(machineImage.sourceInstance, view.id);
  const savedDisks = source === undefined ? [] : source.instance.disks;
  const totalGb = savedDisks.reduce((sum, d) => sum + (estate.sizeGbOf(d.source, source?.view.id ?? view.id) ?? 10), 0);
  const properties =
    source === undefined
      ? undefined
      : {
          machineType: DEFAULT_MACHINE_TYPE,
          canIpForward: false,
          networkInterfaces: nonEmpty(networkInterfaces(source.view, source.instance)),
          disks: nonEmpty(attachedDisks(estate, source.view, source.instance, 'compute#savedAttachedDisk')),
          serviceAccounts: serviceAccountsJson(source.instance.serviceAccounts),
          tags: tagsJson(source.instance.tags),
          labels: Object.keys(source.instance.labels).length === 0 ? undefined : source.instance.labels,
          scheduling: SCHEDULING,
          deletionProtection: false,
        };
  return {
    ...head('compute#machineImage', view, ['global', 'machineImages', machineImage.name], machineImage.creationTimestamp),
    description: machineImage.description,
    sourceInstance: machineImage.sourceInstance === undefined ? undefined : view.ref(machineImage.sourceInstance),
    status: machineImage.status,
    storageLocations: machineImage.storageLocations,
    totalStorageBytes: storageBytes(totalGb),
    machineImageEncryptionKey: keyJson(machineImage.encryptionKey),
    guestFlush: false,
    sourceInstanceProperties: properties,
    savedDisks:
      source === undefined
        ? undefined
        : nonEmpty(
            savedDisks.map((d) => ({
              kind: 'compute#savedDisk',
              sourceDisk: source.view.ref(d.source),
              storageBytes: storageBytes(estate.sizeGbOf(d.source, source.view.id) ?? 10),
              storageBytesStatus: 'UP_TO_DATE',
            })),
          ),
    satisfiesPzi: false,
  };
}

export function diskJson(estate: GcpEstateView, view: ProjectView, disk: GcpDiskEstate): unknown {
  const scope = diskScope(disk).split('/');
  const regional = disk.zone === undefined;
  return {
    ...head('compute#disk', view, [...scope, 'disks', disk.name], disk.creationTimestamp),
    sizeGb: String(disk.sizeGb),
    zone: regional ? undefined : view.url(...scope),
    region: regional ? view.url(...scope) : undefined,
    replicaZones: regional ? view.zones(disk.region ?? '').slice(0, 2).map((z) => view.url('zones', z)) : undefined,
    status: disk.status,
    sourceSnapshot: disk.sourceSnapshot === undefined ? undefined : view.ref(disk.sourceSnapshot),
    sourceSnapshotId: estate.idOf(disk.sourceSnapshot, view.id),
    sourceImage: disk.sourceImage === undefined ? undefined : view.ref(disk.sourceImage),
    sourceImageId: estate.idOf(disk.sourceImage, view.id),
    type: view.url(...scope, 'diskTypes', DEFAULT_DISK_TYPE),
    ...labelled(disk.labels),
    users: nonEmpty(disk.users.map((user) => view.ref(user))),
    lastAttachTimestamp: disk.users.length === 0 ? undefined : computeTimestamp(disk.creationTimestamp),
    physicalBlockSizeBytes: '4096',
    diskEncryptionKey: keyJson(disk.encryptionKey),
    satisfiesPzi: false,
  };
}

/**
 * A firewall rule. Google fills in the source of an ingress rule created without one, and the
 * destination of an egress rule, as 0.0.0.0/0; the estate describes rules as created.
 */
export function firewallJson(view: ProjectView, firewall: GcpFirewallEstate): unknown {
  const ingress = firewall.direction === 'INGRESS';
  const noSource = firewall.sourceRanges.length === 0 && firewall.sourceTags.length === 0 && firewall.sourceServiceAccounts.length === 0;
  const sourceRanges = ingress && noSource ? ['0.0.0.0/0'] : firewall.sourceRanges;
  const destinationRanges = !ingress && firewall.destinationRanges.length === 0 ? ['0.0.0.0/0'] : firewall.destinationRanges;
  const protocols = (rules: GcpFirewallEstate['allowed']): readonly unknown[] | undefined =>
    nonEmpty(rules.map((rule) => ({ IPProtocol: rule.IPProtocol, ports: nonEmpty(rule.ports) })));
  const path = view.path('global', 'firewalls', firewall.name);
  return {
    kind: 'compute#firewall',
    id: numericId(path),
    creationTimestamp: computeTimestamp('2026-01-01T00:00:00.000Z'),
    name: firewall.name,
    description: firewall.description ?? '',
    network: view.ref(firewall.network),
    priority: firewall.priority,
    sourceRanges: nonEmpty(sourceRanges),
    destinationRanges: nonEmpty(destinationRanges),
    sourceTags: nonEmpty(firewall.sourceTags),
    sourceServiceAccounts: nonEmpty(firewall.sourceServiceAccounts),
    targetTags: nonEmpty(firewall.targetTags),
    targetServiceAccounts: nonEmpty(firewall.targetServiceAccounts),
    allowed: protocols(firewall.allowed),
    denied: protocols(firewall.denied),
    direction: firewall.direction,
    logConfig: { enable: false },
    disabled: firewall.disabled,
    selfLink: view.url('global', 'firewalls', firewall.name),
  };
}

export function regionJson(view: ProjectView, region: string): unknown {
  return {
    kind: 'compute#region',
    id: numericId(`regions/${region}`).slice(0, 4),
    creationTimestamp: EPOCH_PACIFIC,
    name: region,
    description: region,
    status: 'UP',
    zones: view.zones(region).map((zone) => view.url('zones', zone)),
    selfLink: view.url('regions', region),
    supportsPzs: false,
  };
}

/** An IAM policy: bindings are left out when there are none, as Google does. */
export function policyJson(iam: Iam, version: number): unknown {
  return { version, etag: iam.etag, bindings: nonEmpty(iam.bindings.map((b) => ({ role: b.role, members: b.members }))) };
}
