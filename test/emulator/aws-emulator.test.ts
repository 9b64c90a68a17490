// The AWS emulator serves the estate through the real SDK v3 clients: every action returns the
// estate's data in the shapes the SDK parses.
import {
  DescribeImageAttributeCommand,
  DescribeImagesCommand,
  DescribeInstancesCommand,
  DescribeNetworkAclsCommand,
  DescribeRegionsCommand,
  DescribeSecurityGroupsCommand,
  DescribeSnapshotAttributeCommand,
  DescribeSnapshotsCommand,
  DescribeVolumesCommand,
  DescribeVpcsCommand,
  GetEbsEncryptionByDefaultCommand,
  GetImageBlockPublicAccessStateCommand,
  GetSnapshotBlockPublicAccessStateCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import {
  ACCOUNT_A,
  ACCOUNT_B,
  AMAZON,
  ec2Client,
  ESC,
  HOME,
  HOSTILE,
  KEY_B,
  rejectionOf,
  STRANGER,
  stsClient,
  testEstate,
  UNKNOWN_KEY,
} from './fixtures.js';

let emu: RunningEmulator;
let ec2: EC2Client;
let ec2B: EC2Client;

beforeAll(async () => {
  emu = await startEmulator({ estate: testEstate() });
  ec2 = ec2Client(emu);
  ec2B = ec2Client(emu, { accessKeyId: KEY_B });
});

afterAll(async () => {
  ec2.destroy();
  ec2B.destroy();
  await emu.close();
});

const ids = <T>(items: readonly T[] | undefined, id: (item: T) => string | undefined): (string | undefined)[] =>
  (items ?? []).map(id).sort();

describe('STS GetCallerIdentity', () => {
  it('reports the account, the default auditor ARN and an AIDA user id', async () => {
    const sts = stsClient(emu);
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    expect(identity.Account).toBe(ACCOUNT_A);
    expect(identity.Arn).toBe(`arn:aws:iam::${ACCOUNT_A}:user/snapaudit-auditor`);
    expect(identity.UserId).toMatch(/^AIDA[0-9A-F]{17}$/);
    expect((await sts.send(new GetCallerIdentityCommand({}))).UserId).toBe(identity.UserId);
    sts.destroy();
  });

  it('reports an assumed role as the estate gives it', async () => {
    const sts = stsClient(emu, { accessKeyId: KEY_B });
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    expect(identity.Account).toBe(ACCOUNT_B);
    expect(identity.Arn).toBe(`arn:aws:sts::${ACCOUNT_B}:assumed-role/SnapauditAudit/session-1`);
    expect(identity.UserId).toMatch(/^AROA[0-9A-F]{17}:session-1$/);
    sts.destroy();
  });

  it('refuses an unknown access key with InvalidClientTokenId', async () => {
    const sts = stsClient(emu, { accessKeyId: UNKNOWN_KEY });
    const error = await rejectionOf(sts.send(new GetCallerIdentityCommand({})));
    expect(error.name).toBe('InvalidClientTokenId');
    expect(error.$metadata?.httpStatusCode).toBe(403);
    sts.destroy();
  });
});

describe('authentication and regions', () => {
  it('refuses an unknown access key with AuthFailure (401)', async () => {
    const client = ec2Client(emu, { accessKeyId: UNKNOWN_KEY });
    const error = await rejectionOf(client.send(new DescribeSnapshotsCommand({ OwnerIds: ['self'] })));
    expect(error.name).toBe('AuthFailure');
    expect(error.$metadata?.httpStatusCode).toBe(401);
    client.destroy();
  });

  it('refuses a region the account has not enabled with AuthFailure', async () => {
    const client = ec2Client(emu, { region: 'af-south-1' });
    expect((await rejectionOf(client.send(new DescribeSnapshotsCommand({})))).name).toBe('AuthFailure');
    client.destroy();
  });

  it('lists enabled regions, and disabled ones as not-opted-in only with AllRegions', async () => {
    const enabled = await ec2.send(new DescribeRegionsCommand({}));
    expect(enabled.Regions).toEqual([
      { RegionName: 'eu-west-1', Endpoint: 'ec2.eu-west-1.amazonaws.com', OptInStatus: 'opt-in-not-required' },
      { RegionName: 'us-east-1', Endpoint: 'ec2.us-east-1.amazonaws.com', OptInStatus: 'opt-in-not-required' },
    ]);
    const all = await ec2.send(new DescribeRegionsCommand({ AllRegions: true }));
    expect(all.Regions?.map((r) => [r.RegionName, r.OptInStatus])).toContainEqual(['af-south-1', 'not-opted-in']);
    const named = await ec2.send(new DescribeRegionsCommand({ RegionNames: ['us-east-1'] }));
    expect(named.Regions?.map((r) => r.RegionName)).toEqual(['us-east-1']);
  });

  it('answers InvalidAction for an action it does not serve', async () => {
    const error = await rejectionOf(ec2.send(new DescribeVpcsCommand({})));
    expect(error.name).toBe('InvalidAction');
    expect(error.$metadata?.httpStatusCode).toBe(400);
  });
});

describe('snapshots', () => {
  it('lists own snapshots with every field', async () => {
    const { Snapshots } = await ec2.send(new DescribeSnapshotsCommand({ OwnerIds: ['self'] }));
    expect(ids(Snapshots, (s) => s.SnapshotId)).toEqual(['snap-0a01', 'snap-0a02', 'snap-0a03']);
    const first = Snapshots?.find((s) => s.SnapshotId === 'snap-0a01');
    expect(first).toMatchObject({
      VolumeId: 'vol-0a01',
      State: 'completed',
      Progress: '100%',
      OwnerId: ACCOUNT_A,
      VolumeSize: 30,
      Encrypted: false,
      StorageTier: 'standard',
      Tags: [{ Key: 'Name', Value: 'public-root' }],
    });
    expect(first?.StartTime).toEqual(new Date('2026-01-01T00:00:00.000Z'));
    const archived = Snapshots?.find((s) => s.SnapshotId === 'snap-0a03');
    expect(archived).toMatchObject({ State: 'error', Encrypted: true, KmsKeyId: 'arn:aws:kms:eu-west-1:111111111111:key/1234', StorageTier: 'archive' });
    expect(Snapshots?.find((s) => s.SnapshotId === 'snap-0a02')?.VolumeId).toBe('vol-ffffffff');
  });

  it('lists only publicly restorable snapshots for RestorableByUserIds=all', async () => {
    const own = await ec2.send(new DescribeSnapshotsCommand({ OwnerIds: ['self'], RestorableByUserIds: ['all'] }));
    expect(ids(own.Snapshots, (s) => s.SnapshotId)).toEqual(['snap-0a01']);
    const everyone = await ec2.send(new DescribeSnapshotsCommand({ RestorableByUserIds: ['all'] }));
    expect(ids(everyone.Snapshots, (s) => s.SnapshotId)).toEqual(['snap-0a01', 'snap-0b01']);
  });

  it('lists what the caller can see without owner or restorable-by: own, public and shared', async () => {
    const { Snapshots } = await ec2.send(new DescribeSnapshotsCommand({}));
    expect(ids(Snapshots, (s) => s.SnapshotId)).toEqual(['snap-0a01', 'snap-0a02', 'snap-0a03', 'snap-0b01', 'snap-0b02']);
    expect(Snapshots?.find((s) => s.SnapshotId === 'snap-0b02')?.OwnerId).toBe(ACCOUNT_B);
    const sharedWithB = await ec2.send(new DescribeSnapshotsCommand({ OwnerIds: ['self'], RestorableByUserIds: [ACCOUNT_B] }));
    expect(ids(sharedWithB.Snapshots, (s) => s.SnapshotId)).toEqual(['snap-0a02']);
    const byOwner = await ec2.send(new DescribeSnapshotsCommand({ OwnerIds: [ACCOUNT_B] }));
    expect(ids(byOwner.Snapshots, (s) => s.SnapshotId)).toEqual(['snap-0b01', 'snap-0b02']);
  });

  it('applies filters, with wildcards, and refuses unknown ones', async () => {
    const byStatus = await ec2.send(new DescribeSnapshotsCommand({ OwnerIds: ['self'], Filters: [{ Name: 'status', Values: ['error'] }] }));
    expect(ids(byStatus.Snapshots, (s) => s.SnapshotId)).toEqual(['snap-0a03']);
    const byId = await ec2.send(
      new DescribeSnapshotsCommand({ Filters: [{ Name: 'snapshot-id', Values: ['snap-0a0*'] }, { Name: 'owner-id', Values: [ACCOUNT_A] }] }),
    );
    expect(ids(byId.Snapshots, (s) => s.SnapshotId)).toEqual(['snap-0a01', 'snap-0a02', 'snap-0a03']);
    const byTag = await ec2.send(new DescribeSnapshotsCommand({ Filters: [{ Name: 'tag:Name', Values: ['public-root'] }] }));
    expect(ids(byTag.Snapshots, (s) => s.SnapshotId)).toEqual(['snap-0a01']);
    const error = await rejectionOf(ec2.send(new DescribeSnapshotsCommand({ Filters: [{ Name: 'colour', Values: ['red'] }] })));
    expect(error.name).toBe('InvalidParameterValue');
  });

  it('answers NotFound, Malformed and parameter errors as AWS does', async () => {
    expect((await rejectionOf(ec2.send(new DescribeSnapshotsCommand({ SnapshotIds: ['snap-0dead'] })))).name).toBe('InvalidSnapshot.NotFound');
    expect((await rejectionOf(ec2.send(new DescribeSnapshotsCommand({ SnapshotIds: ['snapshot-1'] })))).name).toBe('InvalidSnapshotID.Malformed');
    expect((await rejectionOf(ec2.send(new DescribeSnapshotsCommand({ MaxResults: 4 })))).name).toBe('InvalidParameterValue');
    expect((await rejectionOf(ec2.send(new DescribeSnapshotsCommand({ MaxResults: 1001 })))).name).toBe('InvalidParameterValue');
    const combined = await rejectionOf(ec2.send(new DescribeSnapshotsCommand({ SnapshotIds: ['snap-0a01'], MaxResults: 5 })));
    expect(combined.name).toBe('InvalidParameterCombination');
    const byIds = await ec2.send(new DescribeSnapshotsCommand({ SnapshotIds: ['snap-0a02', 'snap-0b02'] }));
    expect(ids(byIds.Snapshots, (s) => s.SnapshotId)).toEqual(['snap-0a02', 'snap-0b02']);
  });

  it('describes createVolumePermission with group and userId entries', async () => {
    const open = await ec2.send(new DescribeSnapshotAttributeCommand({ SnapshotId: 'snap-0a01', Attribute: 'createVolumePermission' }));
    expect(open.SnapshotId).toBe('snap-0a01');
    expect(open.CreateVolumePermissions).toEqual([{ Group: 'all' }]);
    const shared = await ec2.send(new DescribeSnapshotAttributeCommand({ SnapshotId: 'snap-0a02', Attribute: 'createVolumePermission' }));
    expect(shared.CreateVolumePermissions).toEqual([{ UserId: ACCOUNT_B }]);
    const closed = await ec2.send(new DescribeSnapshotAttributeCommand({ SnapshotId: 'snap-0a03', Attribute: 'createVolumePermission' }));
    expect(closed.CreateVolumePermissions ?? []).toEqual([]);
    const codes = await ec2.send(new DescribeSnapshotAttributeCommand({ SnapshotId: 'snap-0a03', Attribute: 'productCodes' }));
    expect(codes.ProductCodes ?? []).toEqual([]);
  });

  it('hides the attributes of snapshots the caller does not own', async () => {
    const error = await rejectionOf(ec2.send(new DescribeSnapshotAttributeCommand({ SnapshotId: 'snap-0b02', Attribute: 'createVolumePermission' })));
    expect(error.name).toBe('InvalidSnapshot.NotFound');
    expect(error.$metadata?.httpStatusCode).toBe(400);
  });

  it('reports the account settings of the region', async () => {
    const snapshotBpa = await ec2.send(new GetSnapshotBlockPublicAccessStateCommand({}));
    expect([snapshotBpa.State, snapshotBpa.ManagedBy]).toEqual(['block-new-sharing', 'account']);
    const imageBpa = await ec2.send(new GetImageBlockPublicAccessStateCommand({}));
    expect([imageBpa.ImageBlockPublicAccessState, imageBpa.ManagedBy]).toEqual(['block-new-sharing', 'account']);
    const encryption = await ec2.send(new GetEbsEncryptionByDefaultCommand({}));
    expect([encryption.EbsEncryptionByDefault, encryption.SseType]).toEqual([true, 'sse-ebs']);
    const otherRegion = await ec2Client(emu, { region: 'us-east-1' }).send(new GetEbsEncryptionByDefaultCommand({}));
    expect(otherRegion.EbsEncryptionByDefault).toBe(false);
  });
});

describe('images', () => {
  it('lists own images, public or shared ones of others, and never private foreign ones', async () => {
    const { Images } = await ec2.send(new DescribeImagesCommand({}));
    expect(ids(Images, (i) => i.ImageId)).toEqual(['ami-0a01', 'ami-0a02', 'ami-0b01', 'ami-0f01', 'ami-0f02']);
    const amazon = Images?.find((i) => i.ImageId === 'ami-0f01');
    expect(amazon).toMatchObject({ OwnerId: AMAZON, ImageOwnerAlias: 'amazon', Public: true, ImageLocation: 'amazon/al2023' });
    expect(Images?.find((i) => i.ImageId === 'ami-0f02')).toMatchObject({ OwnerId: STRANGER, Public: false });
    expect(Images?.find((i) => i.ImageId === 'ami-0f02')?.ImageOwnerAlias).toBeUndefined();
  });

  it('returns every field of an image with its block device mappings', async () => {
    const { Images } = await ec2.send(new DescribeImagesCommand({ ImageIds: ['ami-0a01'] }));
    expect(Images).toHaveLength(1);
    expect(Images?.[0]).toMatchObject({
      ImageId: 'ami-0a01',
      ImageLocation: `${ACCOUNT_A}/golden`,
      State: 'available',
      OwnerId: ACCOUNT_A,
      CreationDate: '2026-01-01T00:00:00.000Z',
      Public: true,
      Architecture: 'x86_64',
      ImageType: 'machine',
      Name: 'golden',
      RootDeviceType: 'ebs',
      RootDeviceName: '/dev/xvda',
      Tags: [{ Key: 'team', Value: 'platform' }],
      BlockDeviceMappings: [
        { DeviceName: '/dev/xvda', Ebs: { SnapshotId: 'snap-0a01', VolumeSize: 30, DeleteOnTermination: true, VolumeType: 'gp3', Encrypted: false } },
      ],
    });
  });

  it('scopes by owner and by executable-by', async () => {
    const self = await ec2.send(new DescribeImagesCommand({ Owners: ['self'] }));
    expect(ids(self.Images, (i) => i.ImageId)).toEqual(['ami-0a01', 'ami-0a02']);
    const amazon = await ec2.send(new DescribeImagesCommand({ Owners: ['amazon'] }));
    expect(ids(amazon.Images, (i) => i.ImageId)).toEqual(['ami-0f01']);
    const publicOnes = await ec2.send(new DescribeImagesCommand({ ExecutableUsers: ['all'] }));
    expect(ids(publicOnes.Images, (i) => i.ImageId)).toEqual(['ami-0a01', 'ami-0f01']);
    const sharedWithMe = await ec2.send(new DescribeImagesCommand({ ExecutableUsers: ['self'] }));
    expect(ids(sharedWithMe.Images, (i) => i.ImageId)).toEqual(['ami-0b01', 'ami-0f02']);
    const mineSharedWithB = await ec2.send(new DescribeImagesCommand({ Owners: ['self'], ExecutableUsers: [ACCOUNT_B] }));
    expect(ids(mineSharedWithB.Images, (i) => i.ImageId)).toEqual(['ami-0a02']);
    const isPublic = await ec2.send(new DescribeImagesCommand({ Filters: [{ Name: 'is-public', Values: ['true'] }, { Name: 'owner-id', Values: [ACCOUNT_A] }] }));
    expect(ids(isPublic.Images, (i) => i.ImageId)).toEqual(['ami-0a01']);
  });

  it('shows disabled images only with IncludeDisabled', async () => {
    const hidden = await ec2.send(new DescribeImagesCommand({ Owners: ['self'], Filters: [{ Name: 'state', Values: ['disabled'] }] }));
    expect(hidden.Images ?? []).toEqual([]);
    const shown = await ec2.send(new DescribeImagesCommand({ Owners: ['self'], IncludeDisabled: true, Filters: [{ Name: 'state', Values: ['disabled'] }] }));
    expect(ids(shown.Images, (i) => i.ImageId)).toEqual(['ami-0a03']);
  });

  it('leaves unknown ids out and refuses malformed ones', async () => {
    const { Images } = await ec2.send(new DescribeImagesCommand({ ImageIds: ['ami-0dead', 'ami-0f03', 'ami-0a02'] }));
    expect(ids(Images, (i) => i.ImageId)).toEqual(['ami-0a02']);
    expect((await rejectionOf(ec2.send(new DescribeImagesCommand({ ImageIds: ['image-1'] })))).name).toBe('InvalidAMIID.Malformed');
  });

  it('describes launch permissions, including organizations, only to the owner', async () => {
    const attribute = await ec2.send(new DescribeImageAttributeCommand({ ImageId: 'ami-0a02', Attribute: 'launchPermission' }));
    expect(attribute.ImageId).toBe('ami-0a02');
    expect(attribute.LaunchPermissions).toEqual([
      { UserId: ACCOUNT_B },
      { OrganizationArn: 'arn:aws:organizations::111111111111:organization/o-abc' },
      { OrganizationalUnitArn: 'arn:aws:organizations::111111111111:ou/o-abc/ou-1' },
    ]);
    const open = await ec2.send(new DescribeImageAttributeCommand({ ImageId: 'ami-0a01', Attribute: 'launchPermission' }));
    expect(open.LaunchPermissions).toEqual([{ Group: 'all' }]);
    const notMine = await rejectionOf(ec2.send(new DescribeImageAttributeCommand({ ImageId: 'ami-0b01', Attribute: 'launchPermission' })));
    expect(notMine.name).toBe('InvalidAMIID.NotFound');
    const fromB = await ec2B.send(new DescribeImageAttributeCommand({ ImageId: 'ami-0b01', Attribute: 'launchPermission' }));
    expect(fromB.LaunchPermissions).toEqual([{ UserId: ACCOUNT_A }]);
  });
});

describe('volumes and instances', () => {
  it('lists volumes with attachments', async () => {
    const { Volumes } = await ec2.send(new DescribeVolumesCommand({}));
    expect(ids(Volumes, (v) => v.VolumeId)).toEqual(['vol-0a01', 'vol-0a02']);
    expect(Volumes?.find((v) => v.VolumeId === 'vol-0a01')).toMatchObject({
      Size: 30,
      SnapshotId: 'snap-0a01',
      AvailabilityZone: 'eu-west-1a',
      State: 'in-use',
      Encrypted: true,
      KmsKeyId: 'key-1',
      VolumeType: 'gp3',
      Attachments: [{ VolumeId: 'vol-0a01', InstanceId: 'i-0a01', Device: '/dev/xvda', State: 'attached', DeleteOnTermination: true }],
    });
    expect(Volumes?.find((v) => v.VolumeId === 'vol-0a02')).toMatchObject({ State: 'available', AvailabilityZone: 'eu-west-1b', Attachments: [] });
    const attached = await ec2.send(new DescribeVolumesCommand({ Filters: [{ Name: 'attachment.instance-id', Values: ['i-0a01'] }] }));
    expect(ids(attached.Volumes, (v) => v.VolumeId)).toEqual(['vol-0a01']);
    expect((await rejectionOf(ec2.send(new DescribeVolumesCommand({ VolumeIds: ['vol-0dead'] })))).name).toBe('InvalidVolume.NotFound');
  });

  it('lists instances with network interfaces, public IPs and block devices', async () => {
    const { Reservations } = await ec2.send(new DescribeInstancesCommand({ InstanceIds: ['i-0a01'] }));
    expect(Reservations).toHaveLength(1);
    expect(Reservations?.[0]?.OwnerId).toBe(ACCOUNT_A);
    expect(Reservations?.[0]?.ReservationId).toMatch(/^r-[0-9a-f]{17}$/);
    const instance = Reservations?.[0]?.Instances?.[0];
    expect(instance).toMatchObject({
      InstanceId: 'i-0a01',
      ImageId: 'ami-0a01',
      State: { Code: 16, Name: 'running' },
      InstanceType: 'm5.large',
      Placement: { AvailabilityZone: 'eu-west-1a' },
      PrivateIpAddress: '10.0.1.5',
      PublicIpAddress: '203.0.113.10',
      SubnetId: 'subnet-0a01',
      VpcId: 'vpc-0a1b2c3d',
      RootDeviceType: 'ebs',
      RootDeviceName: '/dev/xvda',
      Tags: [{ Key: 'Name', Value: 'web' }],
      BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { VolumeId: 'vol-0a01', Status: 'attached', DeleteOnTermination: true } }],
      SecurityGroups: [
        { GroupId: 'sg-0a01', GroupName: 'web' },
        { GroupId: 'sg-0a02', GroupName: 'db' },
      ],
    });
    expect(instance?.LaunchTime).toEqual(new Date('2026-01-01T00:00:00.000Z'));
    expect(instance?.NetworkInterfaces).toHaveLength(2);
    expect(instance?.NetworkInterfaces?.[0]).toMatchObject({
      NetworkInterfaceId: 'eni-0a01',
      SubnetId: 'subnet-0a01',
      PrivateIpAddress: '10.0.1.5',
      Association: { PublicIp: '203.0.113.10', IpOwnerId: 'amazon' },
      Ipv6Addresses: [{ Ipv6Address: '2001:db8::5' }],
      Groups: [{ GroupId: 'sg-0a01', GroupName: 'web' }],
      Attachment: { DeviceIndex: 0 },
    });
    expect(instance?.NetworkInterfaces?.[1]).toMatchObject({ NetworkInterfaceId: 'eni-0a02', Attachment: { DeviceIndex: 1 } });
    expect(instance?.NetworkInterfaces?.[1]?.Association).toBeUndefined();
  });

  it('filters instances by state and refuses unknown ids', async () => {
    const stopped = await ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: 'instance-state-name', Values: ['stopped'] }] }));
    const instances = stopped.Reservations?.flatMap((r) => r.Instances ?? []);
    expect(instances?.map((i) => [i.InstanceId, i.State?.Code, i.PublicIpAddress])).toEqual([['i-0a02', 80, undefined]]);
    expect((await rejectionOf(ec2.send(new DescribeInstancesCommand({ InstanceIds: ['i-0dead'] })))).name).toBe('InvalidInstanceID.NotFound');
  });
});

describe('network controls', () => {
  it('lists security groups with IPv4, IPv6, group and prefix-list sources', async () => {
    const { SecurityGroups } = await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: ['sg-0a01'] }));
    expect(SecurityGroups).toHaveLength(1);
    const web = SecurityGroups?.[0];
    expect(web).toMatchObject({ GroupId: 'sg-0a01', GroupName: 'web', Description: 'web tier', VpcId: 'vpc-0a01', OwnerId: ACCOUNT_A, Tags: [{ Key: 'tier', Value: 'web' }] });
    expect(web?.IpPermissions).toEqual([
      {
        IpProtocol: 'tcp',
        FromPort: 443,
        ToPort: 443,
        IpRanges: [{ CidrIp: '0.0.0.0/0', Description: 'https' }],
        Ipv6Ranges: [{ CidrIpv6: '::/0', Description: 'https' }],
        UserIdGroupPairs: [],
        PrefixListIds: [],
      },
      {
        IpProtocol: 'tcp',
        FromPort: 22,
        ToPort: 22,
        IpRanges: [],
        Ipv6Ranges: [],
        UserIdGroupPairs: [{ GroupId: 'sg-0a02', UserId: ACCOUNT_A }],
        PrefixListIds: [{ PrefixListId: 'pl-0a01' }],
      },
    ]);
    expect(web?.IpPermissionsEgress).toEqual([
      { IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }], Ipv6Ranges: [], UserIdGroupPairs: [], PrefixListIds: [] },
    ]);
    const inVpc = await ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'vpc-id', Values: ['vpc-0a02'] }] }));
    expect(ids(inVpc.SecurityGroups, (g) => g.GroupId)).toEqual(['sg-0a02']);
  });

  it('lists network ACLs with entries, port ranges, associations and the implicit deny', async () => {
    const { NetworkAcls } = await ec2.send(new DescribeNetworkAclsCommand({ NetworkAclIds: ['acl-0a01'] }));
    const acl = NetworkAcls?.[0];
    expect(acl).toMatchObject({ NetworkAclId: 'acl-0a01', VpcId: 'vpc-0a01', IsDefault: true, OwnerId: ACCOUNT_A });
    expect(acl?.Entries).toEqual([
      { RuleNumber: 100, Protocol: '6', RuleAction: 'allow', Egress: false, CidrBlock: '0.0.0.0/0', PortRange: { From: 22, To: 22 } },
      { RuleNumber: 110, Protocol: '-1', RuleAction: 'deny', Egress: false, Ipv6CidrBlock: '::/0' },
      { RuleNumber: 100, Protocol: '-1', RuleAction: 'allow', Egress: true, CidrBlock: '0.0.0.0/0' },
      { RuleNumber: 32767, Protocol: '-1', RuleAction: 'deny', Egress: false, CidrBlock: '0.0.0.0/0' },
      { RuleNumber: 32767, Protocol: '-1', RuleAction: 'deny', Egress: true, CidrBlock: '0.0.0.0/0' },
    ]);
    expect(acl?.Associations?.map((a) => [a.NetworkAclId, a.SubnetId])).toEqual([
      ['acl-0a01', 'subnet-0a01'],
      ['acl-0a01', 'subnet-0a02'],
    ]);
    expect(acl?.Associations?.[0]?.NetworkAclAssociationId).toMatch(/^aclassoc-[0-9a-f]+$/);
    const bySubnet = await ec2.send(new DescribeNetworkAclsCommand({ Filters: [{ Name: 'association.subnet-id', Values: ['subnet-0b01'] }] }));
    expect(ids(bySubnet.NetworkAcls, (a) => a.NetworkAclId)).toEqual(['acl-0a02']);
  });
});

describe('hostile estate data', () => {
  it('round-trips markup, entities, quotes, ESC, CR and astral characters through the SDK', async () => {
    const { Snapshots } = await ec2.send(new DescribeSnapshotsCommand({ SnapshotIds: ['snap-0a03'] }));
    const snapshot = Snapshots?.[0];
    expect(snapshot?.Description).toBe(HOSTILE);
    expect(snapshot?.Tags).toEqual([
      { Key: HOSTILE, Value: HOSTILE },
      { Key: 'plain', Value: 'value' },
    ]);
    expect(snapshot?.Description).toContain(ESC);
  });

  it('never writes the hostile characters raw on the wire', async () => {
    const response = await fetch(emu.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `AWS4-HMAC-SHA256 Credential=${'AKIAAAAAAAAAAAAAAAAA'}/20260101/${HOME}/ec2/aws4_request, SignedHeaders=host, Signature=0`,
      },
      body: 'Action=DescribeSnapshots&Version=2016-11-15&SnapshotId.1=snap-0a03',
    });
    const body = await response.text();
    expect(response.status).toBe(200);
    expect(body).toContain('<DescribeSnapshotsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>');
    expect(body).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &apos;quoted&apos; &#x1b;[31m');
    expect(body).toContain('&#xd;\n');
    expect(body).not.toContain('<script>');
    expect(body).not.toContain(ESC);
  });
});
