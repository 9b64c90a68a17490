// Compute Engine shapes (as the client library returns them) to the provider-neutral model. Pure.
import type { google } from '@google-cloud/compute/build/protos/protos.js';
import {
  isUnknown,
  unknownValue,
  type Disk,
  type DiskOrigin,
  type Encryption,
  type Image,
  type ImageOwnership,
  type IngressPath,
  type Instance,
  type InstanceDisk,
  type Maybe,
  type ResourceBase,
  type Sharing,
  type SharingGrant,
  type Snapshot,
  type Trust,
} from '../../src/model.js';
import type { TrustResolver } from '../../src/trust.js';

export type GcpSnapshot = google.cloud.compute.v1.ISnapshot;
export type GcpImage = google.cloud.compute.v1.IImage;
export type GcpMachineImage = google.cloud.compute.v1.IMachineImage;
export type GcpDisk = google.cloud.compute.v1.IDisk;
export type GcpInstance = google.cloud.compute.v1.IInstance;
export type GcpPolicy = google.cloud.compute.v1.IPolicy;

export interface GcpMapContext {
  readonly project: string;
  /** Every project being scanned, by id and by number: their service accounts are ours. */
  readonly ownProjects: ReadonlySet<string>;
  /** The organization's domains: their users and groups are ours. */
  readonly internalDomains: ReadonlySet<string>;
  readonly trust: TrustResolver;
}

/** Roles that let a member see a resource's metadata but not use its data. */
const METADATA_ONLY_ROLES = new Set(['roles/viewer', 'roles/compute.viewer', 'roles/browser', 'roles/iam.securityReviewer', 'roles/compute.networkViewer']);

/** Projects Google and vendors publish public images from: booting from them is the normal path. */
export const PUBLIC_IMAGE_PROJECTS: ReadonlySet<string> = new Set([
  'debian-cloud',
  'ubuntu-os-cloud',
  'ubuntu-os-pro-cloud',
  'cos-cloud',
  'centos-cloud',
  'rhel-cloud',
  'rhel-sap-cloud',
  'rocky-linux-cloud',
  'suse-cloud',
  'suse-sap-cloud',
  'opensuse-cloud',
  'fedora-coreos-cloud',
  'windows-cloud',
  'windows-sql-cloud',
  'almalinux-cloud',
  'oracle-linux-cloud',
  'deeplearning-platform-release',
  'ml-images',
]);

/** The part of a Compute URL from `projects/` on, which is how references are compared. */
export function resourcePath(url: string | null | undefined): string | undefined {
  if (!url) return undefined;
  const at = url.indexOf('projects/');
  return at >= 0 ? url.slice(at) : url;
}

export function projectOf(url: string | null | undefined): string | undefined {
  return /projects\/([^/]+)/.exec(url ?? '')?.[1];
}

/** `zones/us-central1-a` → `us-central1`; `regions/us-central1` → itself; nothing → global. */
export function regionOf(zoneOrRegion: string | null | undefined): string {
  const zone = /zones\/([^/]+)/.exec(zoneOrRegion ?? '')?.[1];
  if (zone) return zone.replace(/-[a-z]$/, '');
  return /regions\/([^/]+)/.exec(zoneOrRegion ?? '')?.[1] ?? 'global';
}

/**
 * The project (id or number) a service account belongs to, from the forms Google names them by:
 * service-NUMBER@AGENT.iam... is a service agent acting for project NUMBER (AGENT, e.g.
 * compute-system or gcp-sa-*, is Google's project, so the number wins); NUMBER-compute@developer
 * and NUMBER@cloudservices are a project's default accounts; PROJECT@appspot is App Engine's;
 * name@PROJECT.iam is a user-managed account. Anything else cannot be placed.
 */
function serviceAccountProject(email: string): string | undefined {
  return (
    /^service-(\d{6,})@[a-z0-9-]+\.iam\.gserviceaccount\.com$/.exec(email)?.[1] ??
    /^(\d{6,})-compute@developer\.gserviceaccount\.com$/.exec(email)?.[1] ??
    /^(\d{6,})@cloudservices\.gserviceaccount\.com$/.exec(email)?.[1] ??
    /^([a-z][-a-z0-9]{4,28}[a-z0-9])@appspot\.gserviceaccount\.com$/.exec(email)?.[1] ??
    /@([a-z][-a-z0-9]{4,28}[a-z0-9])\.iam\.gserviceaccount\.com$/.exec(email)?.[1]
  );
}

/** Whose a member is: ours (a scanned project or one of our domains), a trusted one, or a stranger. */
export function memberTrust(member: string, ctx: GcpMapContext): { trust: Trust; note: string } {
  const [kind = '', value = ''] = member.split(/:(.*)/s);
  const email = value.toLowerCase();
  let subject: string | undefined;
  if (kind === 'serviceAccount') {
    subject = serviceAccountProject(email);
  } else if (kind === 'user' || kind === 'group') {
    subject = email.split('@')[1];
  } else if (kind === 'domain' || kind === 'projectOwner' || kind === 'projectEditor' || kind === 'projectViewer') {
    subject = email;
  }
  if (!subject) return { trust: 'unknown', note: `a ${kind || 'principal'} member snapaudit cannot place` };
  if (ctx.ownProjects.has(subject)) return { trust: 'internal', note: `an identity of project ${subject}, which is being scanned` };
  if (ctx.internalDomains.has(subject)) return { trust: 'internal', note: `in ${subject}, one of the organization's domains` };
  const verdict = ctx.trust.classify(subject, { provider: 'gcp', ownAccount: ctx.project });
  return { trust: verdict.trust, note: verdict.note };
}

/**
 * A resource's IAM policy as sharing: `allUsers` and `allAuthenticatedUsers` make it public, any
 * other member gets it as an account grant with its verdict. Bindings that only let members see
 * metadata are not sharing; deleted members cannot act.
 */
export function policyGrants(policy: GcpPolicy, ctx: GcpMapContext): SharingGrant[] {
  const grants: SharingGrant[] = [];
  for (const binding of policy.bindings ?? []) {
    const role = binding.role ?? 'unknown role';
    if (METADATA_ONLY_ROLES.has(role)) continue;
    for (const member of binding.members ?? []) {
      if (member.startsWith('deleted:')) continue;
      if (member === 'allUsers' || member === 'allAuthenticatedUsers') {
        grants.push({ kind: 'public', principal: member, role });
        continue;
      }
      const verdict = memberTrust(member, ctx);
      grants.push({ kind: 'account', principal: member, trust: verdict.trust, trustNote: verdict.note, role });
    }
  }
  return grants;
}

export function sharingOf(policy: Maybe<GcpPolicy>, ctx: GcpMapContext): Sharing {
  return isUnknown(policy) ? { ...policy, confirmed: [] } : policyGrants(policy, ctx);
}

function encryptionOf(key: google.cloud.compute.v1.ICustomerEncryptionKey | null | undefined): Encryption {
  if (key?.kmsKeyName) return { encrypted: true, keyKind: 'customer', keyId: key.kmsKeyName };
  if (key?.rawKey != null || key?.rsaEncryptedKey != null || key?.sha256) return { encrypted: true, keyKind: 'customer', keyId: 'customer-supplied key' };
  return { encrypted: true, keyKind: 'platform' };
}

function base(ctx: GcpMapContext, raw: { selfLink?: string | null; name?: string | null; creationTimestamp?: string | null; description?: string | null; labels?: Record<string, string> | null }, type: string, region: string): ResourceBase {
  const createdAt = raw.creationTimestamp && !Number.isNaN(Date.parse(raw.creationTimestamp)) ? new Date(raw.creationTimestamp).toISOString() : undefined;
  return {
    provider: 'gcp',
    account: ctx.project,
    region,
    type,
    id: resourcePath(raw.selfLink) ?? raw.name ?? 'unknown',
    ...(raw.name ? { name: raw.name } : {}),
    tags: Object.fromEntries(Object.entries(raw.labels ?? {})),
    ...(createdAt ? { createdAt } : {}),
    ...(raw.description ? { description: raw.description } : {}),
  };
}

export function toSnapshot(raw: GcpSnapshot, policy: Maybe<GcpPolicy>, ctx: GcpMapContext): Snapshot {
  const sourceDisk = resourcePath(raw.sourceDisk);
  const region = raw.region ? regionOf(raw.region) : (raw.storageLocations ?? []).join(',') || 'global';
  return {
    kind: 'snapshot',
    ...base(ctx, raw, 'compute.googleapis.com/Snapshot', region),
    ...(raw.status ? { state: raw.status } : {}),
    ...(raw.diskSizeGb !== undefined && raw.diskSizeGb !== null ? { sizeGiB: Number(raw.diskSizeGb) } : {}),
    encryption: encryptionOf(raw.snapshotEncryptionKey),
    ...(sourceDisk ? { source: { kind: 'disk' as const, id: sourceDisk } } : {}),
    sharing: sharingOf(policy, ctx),
  };
}

export function toImage(raw: GcpImage, policy: Maybe<GcpPolicy>, ctx: GcpMapContext): Image {
  const backing = [resourcePath(raw.sourceSnapshot), resourcePath(raw.sourceDisk)].filter((s): s is string => !!s);
  return {
    kind: 'image',
    ...base(ctx, raw, 'compute.googleapis.com/Image', (raw.storageLocations ?? []).join(',') || 'global'),
    ...(raw.status ? { state: raw.status } : {}),
    owner: ctx.project,
    backingSnapshots: backing,
    encryption: encryptionOf(raw.imageEncryptionKey),
    sharing: sharingOf(policy, ctx),
  };
}

export function toMachineImage(raw: GcpMachineImage, policy: Maybe<GcpPolicy>, ctx: GcpMapContext): Image {
  const source = resourcePath(raw.sourceInstance);
  return {
    kind: 'image',
    ...base(ctx, raw, 'compute.googleapis.com/MachineImage', (raw.storageLocations ?? []).join(',') || 'global'),
    ...(raw.status ? { state: raw.status } : {}),
    owner: ctx.project,
    backingSnapshots: source ? [source] : [],
    encryption: encryptionOf(raw.machineImageEncryptionKey),
    sharing: sharingOf(policy, ctx),
  };
}

export function toDisk(raw: GcpDisk, policy: Maybe<GcpPolicy>, ctx: GcpMapContext): Disk {
  const snapshot = resourcePath(raw.sourceSnapshot);
  const image = resourcePath(raw.sourceImage);
  return {
    kind: 'disk',
    ...base(ctx, raw, 'compute.googleapis.com/Disk', regionOf(raw.zone ?? raw.region)),
    ...(raw.status ? { state: raw.status } : {}),
    ...(raw.sizeGb !== undefined && raw.sizeGb !== null ? { sizeGiB: Number(raw.sizeGb) } : {}),
    encryption: encryptionOf(raw.diskEncryptionKey),
    ...(snapshot ? { sourceSnapshot: snapshot } : {}),
    ...(image ? { sourceImage: image } : {}),
    attachedTo: (raw.users ?? []).map((u) => resourcePath(u) ?? u),
    sharing: sharingOf(policy, ctx),
  };
}

function imageOwnership(imagePath: string, ctx: GcpMapContext): ImageOwnership {
  const project = projectOf(imagePath);
  if (project && ctx.ownProjects.has(project)) return 'own';
  if (project && PUBLIC_IMAGE_PROJECTS.has(project)) return 'vendor';
  return 'foreign';
}

/** How an instance's disk got its data, from the disk listing. */
export function diskOrigin(disk: GcpDisk | undefined, ctx: GcpMapContext): Maybe<DiskOrigin> {
  if (!disk) return unknownValue('the disk was not in the disk listing');
  const snapshot = resourcePath(disk.sourceSnapshot);
  if (snapshot) {
    const project = projectOf(snapshot);
    return { kind: 'snapshot', snapshotId: snapshot, snapshotOwner: project && ctx.ownProjects.has(project) ? 'own' : 'foreign' };
  }
  const image = resourcePath(disk.sourceImage);
  if (image) return { kind: 'image', imageId: image, snapshotId: image, imageOwner: imageOwnership(image, ctx) };
  return { kind: 'blank' };
}

/** GCP's TERMINATED is a stopped instance that can start again, not a deleted one. */
function instanceState(status: string | null | undefined): string {
  if (!status) return 'unknown';
  return status === 'TERMINATED' ? 'stopped' : status.toLowerCase();
}

export function toInstance(raw: GcpInstance, disks: ReadonlyMap<string, GcpDisk>, addresses: readonly string[], ingress: Maybe<IngressPath[]>, ctx: GcpMapContext): Instance {
  const attached: InstanceDisk[] = (raw.disks ?? []).flatMap((d) => {
    const path = resourcePath(d.source);
    if (!path) return [];
    return [{ id: path, ...(d.deviceName ? { device: d.deviceName } : {}), boot: d.boot === true, origin: diskOrigin(disks.get(path), ctx) }];
  });
  const bootImage = attached.find((d) => d.boot);
  const bootSource = bootImage ? disks.get(bootImage.id) : undefined;
  const imagePath = resourcePath(bootSource?.sourceImage);
  return {
    kind: 'instance',
    ...base(ctx, raw, 'compute.googleapis.com/Instance', regionOf(raw.zone)),
    state: instanceState(raw.status),
    ...(imagePath ? { image: { id: imagePath, ...(projectOf(imagePath) ? { owner: projectOf(imagePath) as string } : {}), ownership: imageOwnership(imagePath, ctx) } } : {}),
    disks: attached,
    publicAddresses: [...addresses],
    internetIngress: ingress,
  };
}
