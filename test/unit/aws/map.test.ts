// Raw EC2 shapes → model, from recorded Describe* shapes (as the SDK returns them after
// deserialisation: dates as Date, absent elements as undefined, empty elements as '').
import type { CreateVolumePermission, Image as Ec2Image, Instance as Ec2Instance, LaunchPermission, Snapshot as Ec2Snapshot, Volume } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import {
  diskOrigin,
  imageBlockState,
  imageGrants,
  instanceImage,
  resolveSharing,
  snapshotBlockState,
  snapshotGrants,
  toDisk,
  toImage,
  toInstance,
  toSnapshot,
  type MapContext,
  type OriginFacts,
} from '../../../providers/aws/map.js';
import { isUnknown, unknownValue, type IngressPath, type Maybe, type SharingGrant, type UnknownSharing } from '../../../src/model.js';
import { createTrustResolver, type TrustedAccount } from '../../../src/trust.js';

const OWN = '111122223333';
const PARTNER = '444455556666';
const STRANGER = '999988887777';
const REGION = 'eu-west-1';
const ORG_ARN = 'arn:aws:organizations::111122223333:organization/o-a1b2c3d4e5';
const OU_ARN = 'arn:aws:organizations::111122223333:ou/o-a1b2c3d4e5/ou-ab12-cd34ef56';
const AMI = 'ami-0a1b2c3d4e5f60718';
const OTHER_AMI = 'ami-0fedcba9876543210';
const BACKING = 'snap-0b1b1b1b1b1b1b1b1';
const KMS = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';

const PARTNER_ENTRY: TrustedAccount = { provider: 'aws', id: PARTNER, name: 'Backup vendor', reason: 'receives nightly DR copies' };
const ORG_ENTRY: TrustedAccount = { provider: 'aws', id: ORG_ARN, name: 'Our organization', reason: 'AMIs are shared org-wide' };

const ctx: MapContext = { account: OWN, region: REGION, trust: createTrustResolver([PARTNER_ENTRY]) };
const ctxTrustingOrg: MapContext = { account: OWN, region: REGION, trust: createTrustResolver([PARTNER_ENTRY, ORG_ENTRY]) };

const PUBLIC: SharingGrant = { kind: 'public' };
const ownGrant: SharingGrant = { kind: 'account', principal: OWN, trust: 'internal', trustNote: 'the audited account itself' };
const partnerGrant: SharingGrant = { kind: 'account', principal: PARTNER, trust: 'trusted', trustNote: 'trusted in config: Backup vendor (receives nightly DR copies)' };
const strangerGrant: SharingGrant = {
  kind: 'account',
  principal: STRANGER,
  trust: 'external',
  trustNote: 'not our account, not in the trusted list',
};

function reasonOf(value: unknown): string {
  if (!isUnknown(value)) throw new Error(`expected Unknown, got ${JSON.stringify(value)}`);
  return value.reason;
}

describe('snapshotGrants', () => {
  it('maps group all to public and each account to its trust verdict', () => {
    const recorded: CreateVolumePermission[] = [{ Group: 'all' }, { UserId: PARTNER }, { UserId: OWN }, { UserId: STRANGER }];
    expect(snapshotGrants(recorded, ctx)).toEqual([PUBLIC, partnerGrant, ownGrant, strangerGrant]);
  });

  it('no permissions → no grants', () => {
    expect(snapshotGrants([], ctx)).toEqual([]);
  });

  it('ignores an entry with neither the group all nor an account id', () => {
    expect(snapshotGrants([{}], ctx)).toEqual([]);
  });
});

describe('imageGrants', () => {
  const recorded: LaunchPermission[] = [{ Group: 'all' }, { UserId: STRANGER }, { OrganizationArn: ORG_ARN }, { OrganizationalUnitArn: OU_ARN }];

  it('public, accounts, and organizations / OUs: external when the audited account is in no organization', () => {
    expect(imageGrants(recorded, ctx)).toEqual([
      PUBLIC,
      strangerGrant,
      { kind: 'account', principal: ORG_ARN, trust: 'external', trustNote: 'an organization, and the audited account belongs to none' },
      { kind: 'account', principal: OU_ARN, trust: 'external', trustNote: 'an organization, and the audited account belongs to none' },
    ]);
  });

  it('our own organization and its units are internal; unknown when the organization could not be read', () => {
    const ours = imageGrants([{ OrganizationArn: ORG_ARN }, { OrganizationalUnitArn: OU_ARN }], { ...ctx, organization: { id: 'o-a1b2c3d4e5' } });
    expect(ours.map((g) => g.kind === 'account' && g.trust)).toEqual(['internal', 'internal']);
    const unread = imageGrants([{ OrganizationArn: ORG_ARN }], { ...ctx, organization: unknownValue('denied') });
    expect(unread.map((g) => g.kind === 'account' && g.trust)).toEqual(['unknown']);
  });

  it('an organization ARN in the trusted list is trusted, with the config note', () => {
    const grants = imageGrants([{ OrganizationArn: ORG_ARN }], ctxTrustingOrg);
    expect(grants).toEqual([{ kind: 'account', principal: ORG_ARN, trust: 'trusted', trustNote: 'trusted in config: Our organization (AMIs are shared org-wide)' }]);
  });

  it('the own account and a trusted account are classified as for snapshots', () => {
    expect(imageGrants([{ UserId: OWN }, { UserId: PARTNER }], ctx)).toEqual([ownGrant, partnerGrant]);
  });
});

describe('resolveSharing', () => {
  it('a readable attribute wins over the bulk listing, both ways', () => {
    const attribute: SharingGrant[] = [partnerGrant];
    expect(resolveSharing(attribute, true)).toBe(attribute);
    expect(resolveSharing([], true)).toEqual([]);
    expect(resolveSharing([PUBLIC], false)).toEqual([PUBLIC]);
  });

  it('an unreadable attribute listed as public → UnknownSharing with public confirmed', () => {
    const sharing = resolveSharing(unknownValue('ec2:DescribeSnapshotAttribute was denied'), true);
    const expected: UnknownSharing = { unknown: true, reason: 'ec2:DescribeSnapshotAttribute was denied', confirmed: [PUBLIC] };
    expect(sharing).toEqual(expected);
    expect(isUnknown(sharing)).toBe(true);
  });

  it('an unreadable attribute not listed as public → UnknownSharing with nothing confirmed', () => {
    expect(resolveSharing(unknownValue('throttled'), false)).toEqual({ unknown: true, reason: 'throttled', confirmed: [] });
  });
});

/** A DescribeSnapshots entry. */
function rawSnapshot(overrides: Partial<Ec2Snapshot> = {}): Ec2Snapshot {
  return {
    Description: 'nightly backup of db-1',
    Encrypted: false,
    OwnerId: OWN,
    Progress: '100%',
    SnapshotId: 'snap-0123456789abcdef0',
    StartTime: new Date('2024-03-01T10:00:00.000Z'),
    State: 'completed',
    VolumeId: 'vol-0aaaaaaaaaaaaaaa1',
    VolumeSize: 8,
    StorageTier: 'standard',
    Tags: [
      { Key: 'Name', Value: 'db-1-nightly' },
      { Key: 'team', Value: 'data' },
    ],
    ...overrides,
  };
}

describe('toSnapshot', () => {
  it('maps a recorded unencrypted snapshot completely', () => {
    expect(toSnapshot(rawSnapshot(), [PUBLIC], ctx)).toEqual({
      kind: 'snapshot',
      provider: 'aws',
      account: OWN,
      region: REGION,
      type: 'AWS::EC2::Snapshot',
      id: 'snap-0123456789abcdef0',
      name: 'db-1-nightly',
      tags: { Name: 'db-1-nightly', team: 'data' },
      createdAt: '2024-03-01T10:00:00.000Z',
      description: 'nightly backup of db-1',
      state: 'completed',
      sizeGiB: 8,
      encryption: { encrypted: false, keyKind: 'none' },
      source: { kind: 'volume', id: 'vol-0aaaaaaaaaaaaaaa1' },
      sharing: [PUBLIC],
    });
  });

  it.each([
    ['encrypted with a KMS key → kind unknown (aws/ebs and customer keys look alike without KMS), with the key id', { Encrypted: true, KmsKeyId: KMS }, { encrypted: true, keyKind: 'unknown', keyId: KMS }],
    ['encrypted without a key id → unknown key kind', { Encrypted: true }, { encrypted: true, keyKind: 'unknown' }],
    ['not encrypted → none', { Encrypted: false }, { encrypted: false, keyKind: 'none' }],
    ['encryption flag absent → none', { Encrypted: undefined }, { encrypted: false, keyKind: 'none' }],
  ] as const)('%s', (_name, overrides, expected) => {
    expect(toSnapshot(rawSnapshot(overrides), [], ctx).encryption).toEqual(expected);
  });

  it('vol-ffffffff (a copy) names no source volume', () => {
    const copied = toSnapshot(rawSnapshot({ VolumeId: 'vol-ffffffff', Description: 'Copied for DestinationAmi ami-1 from SourceAmi ami-2' }), [], ctx);
    expect(copied).not.toHaveProperty('source');
  });

  it('without a Name tag (or with an empty one) there is no name, and tags stay as they are', () => {
    const untagged = toSnapshot(rawSnapshot({ Tags: undefined }), [], ctx);
    expect(untagged).not.toHaveProperty('name');
    expect(untagged.tags).toEqual({});
    const emptyName = toSnapshot(rawSnapshot({ Tags: [{ Key: 'Name', Value: '' }, { Key: 'env' }] }), [], ctx);
    expect(emptyName).not.toHaveProperty('name');
    expect(emptyName.tags).toEqual({ Name: '', env: '' });
  });

  it('keeps the sharing it is given (Unknown included) and omits absent optional fields', () => {
    const sharing: UnknownSharing = { unknown: true, reason: 'denied', confirmed: [] };
    const sparse = toSnapshot({ SnapshotId: 'snap-0000000000000000a' }, sharing, ctx);
    expect(sparse.sharing).toBe(sharing);
    for (const key of ['name', 'createdAt', 'description', 'state', 'sizeGiB', 'source']) expect(sparse).not.toHaveProperty(key);
  });

  it('a missing id becomes a visible placeholder, not an empty string', () => {
    expect(toSnapshot(rawSnapshot({ SnapshotId: undefined }), [], ctx).id).toBe('unknown-snapshot');
  });

  it('keeps a tag whose key is __proto__ (a valid EC2 tag key)', () => {
    const tagged = toSnapshot(rawSnapshot({ Tags: [{ Key: '__proto__', Value: 'hidden' }] }), [], ctx);
    expect(Object.entries(tagged.tags)).toEqual([['__proto__', 'hidden']]);
  });
});

/** A DescribeImages entry: an EBS root plus an instance-store mapping. */
function rawImage(overrides: Partial<Ec2Image> = {}): Ec2Image {
  return {
    Architecture: 'x86_64',
    CreationDate: '2024-02-10T08:30:00.000Z',
    ImageId: AMI,
    ImageLocation: `${OWN}/web-base-2024`,
    ImageType: 'machine',
    Public: false,
    OwnerId: OWN,
    PlatformDetails: 'Linux/UNIX',
    UsageOperation: 'RunInstances',
    State: 'available',
    BlockDeviceMappings: [
      { DeviceName: '/dev/xvda', Ebs: { DeleteOnTermination: true, SnapshotId: BACKING, VolumeSize: 8, VolumeType: 'gp3', Encrypted: false } },
      { DeviceName: '/dev/sdb', VirtualName: 'ephemeral0' },
      { DeviceName: '/dev/sdc', Ebs: { DeleteOnTermination: true, SnapshotId: 'snap-0c2c2c2c2c2c2c2c2', VolumeSize: 100, VolumeType: 'gp3', Encrypted: false } },
    ],
    Description: 'web tier base image',
    EnaSupport: true,
    Hypervisor: 'xen',
    Name: 'web-base-2024',
    RootDeviceName: '/dev/xvda',
    RootDeviceType: 'ebs',
    VirtualizationType: 'hvm',
    Tags: [{ Key: 'Name', Value: 'tag-name' }],
    ...overrides,
  };
}

describe('toImage', () => {
  it('maps a recorded image: id, name, owner, backing snapshots (EBS only), dates and sharing', () => {
    const image = toImage(rawImage(), [strangerGrant], ctx);
    expect(image).toMatchObject({
      kind: 'image',
      provider: 'aws',
      account: OWN,
      region: REGION,
      type: 'AWS::EC2::Image',
      id: AMI,
      name: 'web-base-2024',
      tags: { Name: 'tag-name' },
      createdAt: '2024-02-10T08:30:00.000Z',
      description: 'web tier base image',
      state: 'available',
      owner: OWN,
      backingSnapshots: [BACKING, 'snap-0c2c2c2c2c2c2c2c2'],
      sharing: [strangerGrant],
    });
  });

  it('takes the Name tag when the image has no name', () => {
    expect(toImage(rawImage({ Name: undefined }), [], ctx).name).toBe('tag-name');
    expect(toImage(rawImage({ Name: undefined, Tags: [] }), [], ctx)).not.toHaveProperty('name');
  });

  it("falls back to the audited account as owner, and drops an unparseable creation date", () => {
    const image = toImage(rawImage({ OwnerId: undefined, CreationDate: 'not a date' }), [], ctx);
    expect(image.owner).toBe(OWN);
    expect(image).not.toHaveProperty('createdAt');
  });

  it('an image without block device mappings has no backing snapshots', () => {
    expect(toImage(rawImage({ BlockDeviceMappings: undefined }), [], ctx).backingSnapshots).toEqual([]);
  });
});

/** A DescribeVolumes entry, attached and restored from a snapshot. */
function rawVolume(overrides: Partial<Volume> = {}): Volume {
  return {
    Attachments: [
      { AttachTime: new Date('2024-03-02T09:00:00.000Z'), Device: '/dev/sdf', InstanceId: 'i-0123456789abcdef0', State: 'attached', VolumeId: 'vol-0aaaaaaaaaaaaaaa2', DeleteOnTermination: false },
    ],
    AvailabilityZone: 'eu-west-1a',
    CreateTime: new Date('2024-03-02T08:59:00.000Z'),
    Encrypted: true,
    KmsKeyId: KMS,
    Size: 100,
    SnapshotId: 'snap-0123456789abcdef0',
    State: 'in-use',
    VolumeId: 'vol-0aaaaaaaaaaaaaaa2',
    Iops: 3000,
    VolumeType: 'gp3',
    MultiAttachEnabled: false,
    Throughput: 125,
    Tags: [{ Key: 'Name', Value: 'restored-data' }],
    ...overrides,
  };
}

describe('toDisk', () => {
  it('maps a recorded attached, encrypted, restored volume completely', () => {
    expect(toDisk(rawVolume(), ctx)).toEqual({
      kind: 'disk',
      provider: 'aws',
      account: OWN,
      region: REGION,
      type: 'AWS::EC2::Volume',
      id: 'vol-0aaaaaaaaaaaaaaa2',
      name: 'restored-data',
      tags: { Name: 'restored-data' },
      createdAt: '2024-03-02T08:59:00.000Z',
      state: 'in-use',
      sizeGiB: 100,
      encryption: { encrypted: true, keyKind: 'unknown', keyId: KMS },
      sourceSnapshot: 'snap-0123456789abcdef0',
      attachedTo: ['i-0123456789abcdef0'],
    });
  });

  it('a blank, detached, unencrypted volume (SnapshotId empty, as DescribeVolumes returns it)', () => {
    const disk = toDisk(rawVolume({ SnapshotId: '', Attachments: [], State: 'available', Encrypted: false, KmsKeyId: undefined }), ctx);
    expect(disk).not.toHaveProperty('sourceSnapshot');
    expect(disk.attachedTo).toEqual([]);
    expect(disk.encryption).toEqual({ encrypted: false, keyKind: 'none' });
    expect(disk.state).toBe('available');
  });
});

describe('instanceImage', () => {
  it('own image → own, with name and owner', () => {
    expect(instanceImage(AMI, rawImage(), OWN)).toEqual({ id: AMI, name: 'web-base-2024', owner: OWN, ownership: 'own' });
  });

  it.each(['amazon', 'aws-marketplace'])('an image published under the alias %s → vendor, owner shows the alias', (alias) => {
    const published = rawImage({ OwnerId: '137112412989', ImageOwnerAlias: alias, Name: 'al2023-ami-2023.4.20240401.1-kernel-6.1-x86_64' });
    expect(instanceImage(AMI, published, OWN)).toEqual({ id: AMI, name: 'al2023-ami-2023.4.20240401.1-kernel-6.1-x86_64', owner: `137112412989 (${alias})`, ownership: 'vendor' });
  });

  it('another account without a vendor alias → foreign', () => {
    expect(instanceImage(AMI, rawImage({ OwnerId: STRANGER }), OWN)).toMatchObject({ owner: STRANGER, ownership: 'foreign' });
    expect(instanceImage(AMI, rawImage({ OwnerId: STRANGER, ImageOwnerAlias: 'aws-backup-vault' }), OWN)).toMatchObject({ ownership: 'foreign' });
  });

  it('image no longer visible → ownership Unknown, id kept', () => {
    const result = instanceImage(AMI, undefined, OWN);
    expect(result.id).toBe(AMI);
    expect(reasonOf(result.ownership)).toMatch(/no longer visible/);
    expect(result).not.toHaveProperty('owner');
  });

  it('image lookup Unknown → passed through as the ownership', () => {
    const denied = unknownValue('ec2:DescribeImages was denied');
    expect(instanceImage(AMI, denied, OWN)).toEqual({ id: AMI, ownership: denied });
    expect(instanceImage(AMI, denied, OWN).ownership).toBe(denied);
  });
});

describe('diskOrigin', () => {
  const RESTORED = 'snap-0d0d0d0d0d0d0d0d0';
  const SHARED_IN = 'snap-0e0e0e0e0e0e0e0e0';
  const MADE_BY_CREATE_IMAGE = 'snap-0f0f0f0f0f0f0f0f0';
  const FOR_OTHER_IMAGE = 'snap-0aaaaaaaaaaaaaaaa';

  const volumes = new Map<string, Volume>([
    ['vol-root', rawVolume({ VolumeId: 'vol-root', SnapshotId: BACKING })],
    ['vol-blank', rawVolume({ VolumeId: 'vol-blank', SnapshotId: '' })],
    ['vol-restored', rawVolume({ VolumeId: 'vol-restored', SnapshotId: RESTORED })],
    ['vol-shared', rawVolume({ VolumeId: 'vol-shared', SnapshotId: SHARED_IN })],
    ['vol-ci', rawVolume({ VolumeId: 'vol-ci', SnapshotId: MADE_BY_CREATE_IMAGE })],
    ['vol-other-ci', rawVolume({ VolumeId: 'vol-other-ci', SnapshotId: FOR_OTHER_IMAGE })],
  ]);
  const ownSnapshots = new Map<string, Ec2Snapshot>([
    [RESTORED, rawSnapshot({ SnapshotId: RESTORED, Description: 'manual copy of prod db' })],
    [MADE_BY_CREATE_IMAGE, rawSnapshot({ SnapshotId: MADE_BY_CREATE_IMAGE, Description: `Created by CreateImage(i-0123456789abcdef0) for ${AMI}` })],
    [FOR_OTHER_IMAGE, rawSnapshot({ SnapshotId: FOR_OTHER_IMAGE, Description: `Created by CreateImage(i-0123456789abcdef0) for ${OTHER_AMI}` })],
  ]);
  const facts: OriginFacts = { volumes, ownSnapshots };

  it('a volume not restored from a snapshot is blank', () => {
    expect(diskOrigin('vol-blank', rawImage(), AMI, facts)).toEqual({ kind: 'blank' });
  });

  it("a snapshot backing the instance's AMI → image", () => {
    expect(diskOrigin('vol-root', rawImage(), AMI, facts)).toEqual({ kind: 'image', imageId: AMI, snapshotId: BACKING });
  });

  it('a snapshot made by CreateImage for this AMI → image, even when the image is gone or unreadable', () => {
    const expected = { kind: 'image', imageId: AMI, snapshotId: MADE_BY_CREATE_IMAGE };
    expect(diskOrigin('vol-ci', undefined, AMI, facts)).toEqual(expected);
    expect(diskOrigin('vol-ci', unknownValue('denied'), AMI, facts)).toEqual(expected);
  });

  it('another own snapshot, image known → snapshot owned by us', () => {
    expect(diskOrigin('vol-restored', rawImage(), AMI, facts)).toEqual({ kind: 'snapshot', snapshotId: RESTORED, snapshotOwner: 'own' });
  });

  it('a snapshot made by CreateImage for another AMI, image known → snapshot owned by us', () => {
    expect(diskOrigin('vol-other-ci', rawImage(), AMI, facts)).toEqual({ kind: 'snapshot', snapshotId: FOR_OTHER_IMAGE, snapshotOwner: 'own' });
  });

  it('a snapshot absent from our listing, image known → snapshot of unknown owner', () => {
    expect(diskOrigin('vol-shared', rawImage(), AMI, facts)).toEqual({ kind: 'snapshot', snapshotId: SHARED_IN, snapshotOwner: 'unknown' });
  });

  it('image gone and the snapshot not attributable → Unknown naming snapshot and image', () => {
    const reason = reasonOf(diskOrigin('vol-restored', undefined, AMI, facts));
    expect(reason).toContain(RESTORED);
    expect(reason).toContain(AMI);
    expect(reason).toMatch(/no longer visible/);
    expect(isUnknown(diskOrigin('vol-other-ci', undefined, AMI, facts))).toBe(true);
  });

  it("image unreadable and the snapshot not attributable → Unknown carrying the image's reason", () => {
    expect(reasonOf(diskOrigin('vol-shared', unknownValue('ec2:DescribeImages was denied'), AMI, facts))).toContain('ec2:DescribeImages was denied');
  });

  it('volumes unreadable → that Unknown, passed through', () => {
    const denied = unknownValue('ec2:DescribeVolumes was denied');
    expect(diskOrigin('vol-root', rawImage(), AMI, { volumes: denied, ownSnapshots })).toBe(denied);
  });

  it('a volume missing from the listing → Unknown naming it', () => {
    expect(reasonOf(diskOrigin('vol-0000000000000gone', rawImage(), AMI, facts))).toContain('vol-0000000000000gone');
  });
});

describe('toInstance', () => {
  const facts: OriginFacts = {
    volumes: new Map<string, Volume>([
      ['vol-root', rawVolume({ VolumeId: 'vol-root', SnapshotId: BACKING })],
      ['vol-data', rawVolume({ VolumeId: 'vol-data', SnapshotId: 'snap-0d0d0d0d0d0d0d0d0' })],
    ]),
    ownSnapshots: new Map<string, Ec2Snapshot>([['snap-0d0d0d0d0d0d0d0d0', rawSnapshot({ SnapshotId: 'snap-0d0d0d0d0d0d0d0d0' })]]),
  };
  const ingress: IngressPath[] = [
    {
      protocol: 'tcp',
      ports: { from: 22, to: 22 },
      source: '0.0.0.0/0',
      address: '203.0.113.10',
      via: [{ kind: 'security-group', id: 'sg-1', protocol: 'tcp', ports: { from: 22, to: 22 }, source: '0.0.0.0/0' }],
    },
  ];

  /** A DescribeInstances entry: root volume from the AMI, a data volume restored from a snapshot. */
  function rawInstance(overrides: Partial<Ec2Instance> = {}): Ec2Instance {
    return {
      AmiLaunchIndex: 0,
      ImageId: AMI,
      InstanceId: 'i-0123456789abcdef0',
      InstanceType: 't3.micro',
      LaunchTime: new Date('2024-03-02T08:55:00.000Z'),
      Placement: { AvailabilityZone: 'eu-west-1a', GroupName: '', Tenancy: 'default' },
      PrivateDnsName: 'ip-10-0-1-10.eu-west-1.compute.internal',
      PrivateIpAddress: '10.0.1.10',
      PublicDnsName: 'ec2-203-0-113-10.eu-west-1.compute.amazonaws.com',
      PublicIpAddress: '203.0.113.10',
      State: { Code: 16, Name: 'running' },
      SubnetId: 'subnet-0123456789abcdef0',
      VpcId: 'vpc-0a1b2c3d4e5f60718',
      Architecture: 'x86_64',
      BlockDeviceMappings: [
        { DeviceName: '/dev/xvda', Ebs: { AttachTime: new Date('2024-03-02T08:55:01.000Z'), DeleteOnTermination: true, Status: 'attached', VolumeId: 'vol-root' } },
        { DeviceName: '/dev/sdf', Ebs: { AttachTime: new Date('2024-03-02T09:00:00.000Z'), DeleteOnTermination: false, Status: 'attached', VolumeId: 'vol-data' } },
      ],
      NetworkInterfaces: [
        {
          Association: { IpOwnerId: 'amazon', PublicDnsName: 'ec2-203-0-113-10.eu-west-1.compute.amazonaws.com', PublicIp: '203.0.113.10' },
          Groups: [{ GroupId: 'sg-1', GroupName: 'ssh' }],
          Ipv6Addresses: [{ Ipv6Address: '2001:db8::10' }],
          NetworkInterfaceId: 'eni-0123456789abcdef0',
          PrivateIpAddress: '10.0.1.10',
          Status: 'in-use',
          SubnetId: 'subnet-0123456789abcdef0',
        },
      ],
      RootDeviceName: '/dev/xvda',
      RootDeviceType: 'ebs',
      Tags: [{ Key: 'Name', Value: 'web-1' }],
      ...overrides,
    };
  }

  it('maps a recorded instance: boot flag, disk origins, addresses (deduplicated), image and ingress', () => {
    expect(toInstance(rawInstance(), rawImage(), facts, ingress, ctx)).toEqual({
      kind: 'instance',
      provider: 'aws',
      account: OWN,
      region: REGION,
      type: 'AWS::EC2::Instance',
      id: 'i-0123456789abcdef0',
      name: 'web-1',
      tags: { Name: 'web-1' },
      createdAt: '2024-03-02T08:55:00.000Z',
      state: 'running',
      image: { id: AMI, name: 'web-base-2024', owner: OWN, ownership: 'own' },
      disks: [
        { id: 'vol-root', device: '/dev/xvda', boot: true, origin: { kind: 'image', imageId: AMI, snapshotId: BACKING } },
        { id: 'vol-data', device: '/dev/sdf', boot: false, origin: { kind: 'snapshot', snapshotId: 'snap-0d0d0d0d0d0d0d0d0', snapshotOwner: 'own' } },
      ],
      publicAddresses: ['203.0.113.10', '2001:db8::10'],
      internetIngress: ingress,
    });
  });

  it('keeps a PublicIpAddress that no interface reports', () => {
    const result = toInstance(rawInstance({ NetworkInterfaces: [] }), rawImage(), facts, [], ctx);
    expect(result.publicAddresses).toEqual(['203.0.113.10']);
  });

  it('collects addresses from every interface', () => {
    const result = toInstance(
      rawInstance({
        PublicIpAddress: undefined,
        NetworkInterfaces: [{ Association: { PublicIp: '198.51.100.1' } }, { Association: { PublicIp: '198.51.100.2' }, Ipv6Addresses: [{ Ipv6Address: '2001:db8::2' }] }, {}],
      }),
      rawImage(),
      facts,
      [],
      ctx,
    );
    expect(result.publicAddresses).toEqual(['198.51.100.1', '198.51.100.2', '2001:db8::2']);
  });

  it('a private instance has no public addresses', () => {
    const result = toInstance(rawInstance({ PublicIpAddress: undefined, NetworkInterfaces: [{ PrivateIpAddress: '10.0.1.10', Ipv6Addresses: [] }] }), rawImage(), facts, [], ctx);
    expect(result.publicAddresses).toEqual([]);
  });

  it('without RootDeviceName no disk is the boot disk', () => {
    const result = toInstance(rawInstance({ RootDeviceName: undefined }), rawImage(), facts, [], ctx);
    expect(result.disks.map((d) => d.boot)).toEqual([false, false]);
  });

  it('skips mappings without an EBS volume', () => {
    const result = toInstance(
      rawInstance({ BlockDeviceMappings: [{ DeviceName: '/dev/sdb' }, { DeviceName: '/dev/xvda', Ebs: { VolumeId: 'vol-root' } }] }),
      rawImage(),
      facts,
      [],
      ctx,
    );
    expect(result.disks.map((d) => d.id)).toEqual(['vol-root']);
  });

  it('without an image id: no image, and every disk origin Unknown', () => {
    const result = toInstance(rawInstance({ ImageId: undefined }), undefined, facts, [], ctx);
    expect(result).not.toHaveProperty('image');
    expect(result.disks.map((d) => isUnknown(d.origin))).toEqual([true, true]);
  });

  it('passes an Unknown ingress through and reads a missing state as unknown', () => {
    const unreadable: Maybe<IngressPath[]> = unknownValue('ec2:DescribeNetworkAcls was denied');
    const result = toInstance(rawInstance({ State: undefined }), rawImage(), facts, unreadable, ctx);
    expect(result.internetIngress).toBe(unreadable);
    expect(result.state).toBe('unknown');
  });
});

describe('block public access states', () => {
  it.each([
    ['unblocked', 'off'],
    ['block-new-sharing', 'new-sharing'],
    ['block-all-sharing', 'all-sharing'],
  ] as const)('snapshot %s → %s', (native, state) => {
    expect(snapshotBlockState(native)).toBe(state);
  });

  it.each([
    ['unblocked', 'off'],
    ['block-new-sharing', 'new-sharing'],
  ] as const)('image %s → %s', (native, state) => {
    expect(imageBlockState(native)).toBe(state);
  });

  it.each([undefined, '', 'Unblocked', 'block-everything'])('snapshot %j → Unknown', (native) => {
    expect(reasonOf(snapshotBlockState(native))).toContain(`"${native ?? ''}"`);
  });

  it.each([undefined, '', 'block-all-sharing', 'blocked'])('image %j → Unknown (images have no block-all-sharing)', (native) => {
    expect(reasonOf(imageBlockState(native))).toContain(`"${native ?? ''}"`);
  });

  it('a value that is an Object.prototype member name (e.g. "constructor") → Unknown, not a function', () => {
    expect(isUnknown(snapshotBlockState('constructor'))).toBe(true);
    expect(isUnknown(imageBlockState('toString'))).toBe(true);
  });
});
