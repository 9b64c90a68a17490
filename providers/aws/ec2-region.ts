// Everything the EC2 part of the provider reads in one account and region. Each read that fails
// becomes an Unknown plus a coverage line; the others go on.
import {
  DescribeImageAttributeCommand,
  DescribeSnapshotAttributeCommand,
  GetEbsEncryptionByDefaultCommand,
  GetImageBlockPublicAccessStateCommand,
  GetSnapshotBlockPublicAccessStateCommand,
  paginateDescribeImages,
  paginateDescribeInstances,
  paginateDescribeNetworkAcls,
  paginateDescribeSecurityGroups,
  paginateDescribeSnapshots,
  paginateDescribeVolumes,
  type Image as Ec2Image,
  type Instance as Ec2Instance,
  type NetworkAcl,
  type SecurityGroup,
  type Snapshot as Ec2Snapshot,
  type Volume,
} from '@aws-sdk/client-ec2';
import { isUnknown, unknownValue, type Inventory, type IngressPath, type Maybe, type RegionControls } from '../../src/model.js';
import { aclForSubnet, interfaceIngress } from './ingress.js';
import { attempt, collectPages, readOne, type RegionJob } from './region-reads.js';
import {
  imageBlockState,
  imageGrants,
  resolveSharing,
  snapshotBlockState,
  snapshotGrants,
  toDisk,
  toImage,
  toInstance,
  toSnapshot,
  type ImageLookup,
  type MapContext,
} from './map.js';

/** Page sizes: the largest each API accepts. */
const PAGE = { snapshots: 1000, images: 1000, volumes: 500, instances: 1000, securityGroups: 1000, networkAcls: 100 } as const;
/** Image ids per DescribeImages lookup (filter values are capped at 200). */
const IMAGE_LOOKUP_BATCH = 100;

const ec2Attempt = <T>(job: RegionJob, action: string, read: () => Promise<T>): Promise<Maybe<T>> => attempt(job, 'ec2', action, read);

async function readControls(job: RegionJob): Promise<RegionControls> {
  const c = job.clients.ec2(job.region);
  const [snapshotBpa, imageBpa, encryption] = await Promise.all([
    ec2Attempt(job, 'GetSnapshotBlockPublicAccessState', () => c.send(new GetSnapshotBlockPublicAccessStateCommand({}))),
    ec2Attempt(job, 'GetImageBlockPublicAccessState', () => c.send(new GetImageBlockPublicAccessStateCommand({}))),
    ec2Attempt(job, 'GetEbsEncryptionByDefault', () => c.send(new GetEbsEncryptionByDefaultCommand({}))),
  ]);
  const native: Record<string, string> = {};
  if (!isUnknown(snapshotBpa)) native['snapshotBlockPublicAccess'] = snapshotBpa.State ?? '';
  if (!isUnknown(imageBpa)) native['imageBlockPublicAccess'] = imageBpa.ImageBlockPublicAccessState ?? '';
  if (!isUnknown(encryption)) native['ebsEncryptionByDefault'] = String(encryption.EbsEncryptionByDefault ?? '');
  return {
    provider: 'aws',
    account: job.account,
    region: job.region,
    snapshotPublicSharingBlock: isUnknown(snapshotBpa) ? snapshotBpa : snapshotBlockState(snapshotBpa.State),
    imagePublicSharingBlock: isUnknown(imageBpa) ? imageBpa : imageBlockState(imageBpa.ImageBlockPublicAccessState),
    encryptionByDefault: isUnknown(encryption)
      ? encryption
      : typeof encryption.EbsEncryptionByDefault === 'boolean'
        ? encryption.EbsEncryptionByDefault
        : unknownValue('GetEbsEncryptionByDefault returned no value'),
    native,
  };
}

interface SnapshotRead {
  readonly raw: ReadonlyMap<string, Ec2Snapshot>;
  readonly snapshots: Inventory['snapshots'];
}

async function readSnapshots(job: RegionJob, ctx: MapContext): Promise<SnapshotRead> {
  const c = job.clients.ec2(job.region);
  const [listed, publicListing] = await Promise.all([
    ec2Attempt(job, 'DescribeSnapshots', () =>
      collectPages(paginateDescribeSnapshots({ client: c, pageSize: PAGE.snapshots, stopOnSameToken: true }, { OwnerIds: ['self'] }), (p) => p.Snapshots),
    ),
    // The bulk fast path: every snapshot of ours that anyone can restore, in a few calls.
    ec2Attempt(job, 'DescribeSnapshots', () =>
      collectPages(
        paginateDescribeSnapshots({ client: c, pageSize: PAGE.snapshots, stopOnSameToken: true }, { OwnerIds: ['self'], RestorableByUserIds: ['all'] }),
        (p) => p.Snapshots,
      ),
    ),
  ]);
  if (isUnknown(listed)) return { raw: new Map(), snapshots: [] };
  const listedPublic = isUnknown(publicListing) ? undefined : new Set(publicListing.flatMap((s) => (s.SnapshotId ? [s.SnapshotId] : [])));
  job.progress(`aws ${job.account} ${job.region}: reading who can restore ${listed.length} snapshot(s)`);
  let disagreements = 0;
  const snapshots = await Promise.all(
    listed.map(async (raw) => {
      const id = raw.SnapshotId ?? '';
      const attribute = await readOne(job, 'ec2', 'DescribeSnapshotAttribute', id, async () => {
        const out = await c.send(new DescribeSnapshotAttributeCommand({ SnapshotId: id, Attribute: 'createVolumePermission' }));
        return snapshotGrants(out.CreateVolumePermissions ?? [], ctx);
      });
      const listedAsPublic = listedPublic?.has(id) ?? false;
      if (!isUnknown(attribute) && listedPublic && attribute.some((g) => g.kind === 'public') !== listedAsPublic) disagreements += 1;
      return toSnapshot(raw, resolveSharing(attribute, listedAsPublic), ctx);
    }),
  );
  if (disagreements > 0) {
    job.coverage.ok(job.region, 'ec2', `the bulk public listing disagreed with createVolumePermission for ${disagreements} snapshot(s); the attribute was used`);
  }
  return { raw: new Map(listed.map((s) => [s.SnapshotId ?? '', s])), snapshots };
}

interface ImageRead {
  readonly raw: ReadonlyMap<string, Ec2Image>;
  readonly images: Inventory['images'];
}

async function readImages(job: RegionJob, ctx: MapContext): Promise<ImageRead> {
  const c = job.clients.ec2(job.region);
  const listed = await ec2Attempt(job, 'DescribeImages', () =>
    collectPages(
      paginateDescribeImages({ client: c, pageSize: PAGE.images, stopOnSameToken: true }, { Owners: ['self'], IncludeDeprecated: true, IncludeDisabled: true }),
      (p) => p.Images,
    ),
  );
  if (isUnknown(listed)) return { raw: new Map(), images: [] };
  const images = await Promise.all(
    listed.map(async (raw) => {
      const id = raw.ImageId ?? '';
      const attribute = await readOne(job, 'ec2', 'DescribeImageAttribute', id, async () => {
        const out = await c.send(new DescribeImageAttributeCommand({ ImageId: id, Attribute: 'launchPermission' }));
        return imageGrants(out.LaunchPermissions ?? [], ctx);
      });
      // DescribeImages' `Public` flag is the bulk fast path for AMIs; the attribute wins when read.
      return toImage(raw, resolveSharing(attribute, raw.Public === true), ctx);
    }),
  );
  return { raw: new Map(listed.map((i) => [i.ImageId ?? '', i])), images };
}

export interface NetworkRead {
  readonly volumes: Maybe<Volume[]>;
  readonly instances: Maybe<Ec2Instance[]>;
  readonly groups: Maybe<SecurityGroup[]>;
  readonly acls: Maybe<NetworkAcl[]>;
}

export async function readNetwork(job: RegionJob): Promise<NetworkRead> {
  const c = job.clients.ec2(job.region);
  const [volumes, instances, groups, acls] = await Promise.all([
    ec2Attempt(job, 'DescribeVolumes', () =>
      collectPages(paginateDescribeVolumes({ client: c, pageSize: PAGE.volumes, stopOnSameToken: true }, {}), (p) => p.Volumes),
    ),
    ec2Attempt(job, 'DescribeInstances', () =>
      collectPages(paginateDescribeInstances({ client: c, pageSize: PAGE.instances, stopOnSameToken: true }, {}), (p) =>
        (p.Reservations ?? []).flatMap((r) => r.Instances ?? []),
      ),
    ),
    ec2Attempt(job, 'DescribeSecurityGroups', () =>
      collectPages(paginateDescribeSecurityGroups({ client: c, pageSize: PAGE.securityGroups, stopOnSameToken: true }, {}), (p) => p.SecurityGroups),
    ),
    ec2Attempt(job, 'DescribeNetworkAcls', () =>
      collectPages(paginateDescribeNetworkAcls({ client: c, pageSize: PAGE.networkAcls, stopOnSameToken: true }, {}), (p) => p.NetworkAcls),
    ),
  ]);
  return { volumes, instances, groups, acls };
}

/** The images instances were launched from that are not ours: who owns them, what backs them. */
async function lookupImages(job: RegionJob, ids: readonly string[]): Promise<Map<string, ImageLookup>> {
  const found = new Map<string, ImageLookup>();
  for (let i = 0; i < ids.length; i += IMAGE_LOOKUP_BATCH) {
    const batch = ids.slice(i, i + IMAGE_LOOKUP_BATCH);
    const images = await ec2Attempt(job, 'DescribeImages', () =>
      collectPages(
        paginateDescribeImages(
          { client: job.clients.ec2(job.region), pageSize: PAGE.images, stopOnSameToken: true },
          { Filters: [{ Name: 'image-id', Values: [...batch] }], IncludeDeprecated: true, IncludeDisabled: true },
        ),
        (p) => p.Images,
      ),
    );
    for (const id of batch) found.set(id, isUnknown(images) ? images : images.find((image) => image.ImageId === id));
  }
  return found;
}

function instanceIngress(instance: Ec2Instance, groups: Maybe<ReadonlyMap<string, SecurityGroup>>, acls: Maybe<NetworkAcl[]>): Maybe<IngressPath[]> {
  const paths: IngressPath[] = [];
  for (const eni of instance.NetworkInterfaces ?? []) {
    const acl = isUnknown(acls) ? acls : aclForSubnet(acls, eni.SubnetId, eni.VpcId ?? instance.VpcId);
    const result = interfaceIngress({ networkInterface: eni, groups, acl });
    if (isUnknown(result)) return result;
    paths.push(...result);
  }
  return paths;
}

export function mapContextOf(job: RegionJob): MapContext {
  return { account: job.account, region: job.region, trust: job.trust, ...(job.organization ? { organization: job.organization } : {}) };
}

/** Snapshots, AMIs, volumes, instances and the region's guard rails; `network` is read by the caller (RDS needs it too). */
export async function collectEc2Region(job: RegionJob, networkRead: Promise<NetworkRead>): Promise<Partial<Inventory>> {
  const ctx = mapContextOf(job);
  const [regionControls, snapshotRead, imageRead, network] = await Promise.all([
    readControls(job),
    readSnapshots(job, ctx),
    readImages(job, ctx),
    networkRead,
  ]);
  const rawInstances = isUnknown(network.instances) ? [] : network.instances;
  const foreignIds = [...new Set(rawInstances.flatMap((i) => (i.ImageId && !imageRead.raw.has(i.ImageId) ? [i.ImageId] : [])))];
  const lookups = await lookupImages(job, foreignIds);
  const groups = isUnknown(network.groups) ? network.groups : new Map(network.groups.map((g) => [g.GroupId ?? '', g]));
  const volumes = isUnknown(network.volumes) ? network.volumes : new Map(network.volumes.map((v) => [v.VolumeId ?? '', v]));
  const facts = { volumes, ownSnapshots: snapshotRead.raw };
  const instances = rawInstances.map((raw) => {
    const imageId = raw.ImageId ?? '';
    const image: ImageLookup = imageRead.raw.get(imageId) ?? lookups.get(imageId);
    return toInstance(raw, image, facts, instanceIngress(raw, groups, network.acls), ctx);
  });
  const disks = isUnknown(network.volumes) ? [] : network.volumes.map((v) => toDisk(v, ctx));
  job.coverage.ok(
    job.region,
    'ec2',
    `${snapshotRead.snapshots.length} snapshots, ${imageRead.images.length} AMIs, ${disks.length} volumes, ${instances.length} instances read`,
  );
  return { snapshots: snapshotRead.snapshots, images: imageRead.images, disks, instances, regions: [regionControls] };
}
