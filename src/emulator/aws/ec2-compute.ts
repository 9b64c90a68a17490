// Instances and volumes: DescribeInstances, DescribeVolumes.
import type { EstateInstance, EstateVolume } from '../estate.js';
import {
  defaultAvailabilityZone,
  derivedId,
  isoTime,
  pageRequest,
  refuseMaxResultsWithIds,
  requireWellFormed,
  type Ec2Handler,
  type Ec2Request,
} from './ec2-context.js';
import { AwsApiError } from './errors.js';
import { applyFilters, bool, type FilterSpec } from './filters.js';
import { paginate } from './pagination.js';
import { filters, scalarList } from './query.js';
import { itemSet, leaf, node, tagSet, type XmlElement } from './xml.js';

const INSTANCE_STATE_CODES: Readonly<Record<EstateInstance['state'], number>> = {
  pending: 0,
  running: 16,
  'shutting-down': 32,
  terminated: 48,
  stopping: 64,
  stopped: 80,
};

function requireAllFound(ids: readonly string[], known: readonly string[], code: string, describe: (id: string) => string): void {
  const missing = ids.filter((id) => !known.includes(id));
  if (missing.length > 0) throw new AwsApiError(code, describe(missing.join(', ')));
}

const instanceFilters: FilterSpec<EstateInstance> = {
  fields: {
    'instance-id': (i) => [i.id],
    'instance-state-name': (i) => [i.state],
    'instance-state-code': (i) => [String(INSTANCE_STATE_CODES[i.state])],
    'instance-type': (i) => [i.instanceType],
    'image-id': (i) => [i.imageId],
    'vpc-id': (i) => [i.vpcId],
    'subnet-id': (i) => i.networkInterfaces.map((n) => n.subnetId),
    'ip-address': (i) => [i.networkInterfaces[0]?.publicIp],
    'private-ip-address': (i) => i.networkInterfaces.map((n) => n.privateIp),
    'network-interface.network-interface-id': (i) => i.networkInterfaces.map((n) => n.id),
    'instance.group-id': (i) => i.networkInterfaces.flatMap((n) => n.securityGroupIds),
    'block-device-mapping.volume-id': (i) => i.blockDevices.map((b) => b.volumeId),
  },
  tags: (i) => i.tags,
};

function groupXml(request: Ec2Request, groupIds: readonly string[]): XmlElement {
  return itemSet(
    'groupSet',
    groupIds.map((groupId) => [
      leaf('groupId', groupId),
      leaf('groupName', request.regionEstate.securityGroups.find((g) => g.id === groupId)?.name),
    ]),
  );
}

function instanceXml(request: Ec2Request, instance: EstateInstance): (XmlElement | undefined)[] {
  const primary = instance.networkInterfaces[0];
  const allGroups = [...new Set(instance.networkInterfaces.flatMap((n) => n.securityGroupIds))];
  return [
    leaf('instanceId', instance.id),
    leaf('imageId', instance.imageId),
    node('instanceState', [leaf('code', INSTANCE_STATE_CODES[instance.state]), leaf('name', instance.state)]),
    leaf('instanceType', instance.instanceType),
    leaf('launchTime', isoTime(instance.launchTime)),
    node('placement', [leaf('availabilityZone', defaultAvailabilityZone(request.region)), leaf('tenancy', 'default')]),
    leaf('subnetId', primary?.subnetId),
    leaf('vpcId', instance.vpcId),
    leaf('privateIpAddress', primary?.privateIp),
    leaf('ipAddress', primary?.publicIp),
    leaf('rootDeviceType', 'ebs'),
    leaf('rootDeviceName', instance.rootDeviceName),
    itemSet(
      'blockDeviceMapping',
      instance.blockDevices.map((device) => [
        leaf('deviceName', device.deviceName),
        node('ebs', [
          leaf('volumeId', device.volumeId),
          leaf('status', 'attached'),
          leaf('attachTime', isoTime(instance.launchTime)),
          leaf('deleteOnTermination', device.deviceName === instance.rootDeviceName),
        ]),
      ]),
    ),
    groupXml(request, allGroups),
    itemSet(
      'networkInterfaceSet',
      instance.networkInterfaces.map((eni, deviceIndex) => [
        leaf('networkInterfaceId', eni.id),
        leaf('subnetId', eni.subnetId),
        leaf('vpcId', instance.vpcId),
        leaf('ownerId', request.account.id),
        leaf('status', 'in-use'),
        leaf('privateIpAddress', eni.privateIp),
        eni.publicIp === undefined ? undefined : node('association', [leaf('publicIp', eni.publicIp), leaf('ipOwnerId', 'amazon')]),
        itemSet(
          'ipv6AddressesSet',
          eni.ipv6Addresses.map((address) => [leaf('ipv6Address', address)]),
        ),
        groupXml(request, eni.securityGroupIds),
        node('attachment', [
          leaf('attachmentId', derivedId('eni-attach', eni.id)),
          leaf('deviceIndex', deviceIndex),
          leaf('status', 'attached'),
          leaf('attachTime', isoTime(instance.launchTime)),
          leaf('deleteOnTermination', deviceIndex === 0),
        ]),
      ]),
    ),
    tagSet(instance.tags),
  ];
}

export const describeInstances: Ec2Handler = (request) => {
  const { root } = request.params;
  const ids = scalarList(root, 'InstanceId');
  refuseMaxResultsWithIds(request, ids, 'instanceIds');
  requireWellFormed(ids, 'i', 'InvalidInstanceID.Malformed');
  const page = pageRequest(request, 5, 1000);
  let instances = request.regionEstate.instances;
  requireAllFound(ids, instances.map((i) => i.id), 'InvalidInstanceID.NotFound', (id) => `The instance ID '${id}' does not exist`);
  if (ids.length > 0) instances = instances.filter((i) => ids.includes(i.id));
  instances = applyFilters(instances, filters(root), instanceFilters);

  // One reservation per instance: the estate does not say which instances were launched together.
  const result = paginate(instances, page);
  return [
    itemSet(
      'reservationSet',
      result.items.map((instance) => [
        leaf('reservationId', derivedId('r', instance.id)),
        leaf('ownerId', request.account.id),
        itemSet('groupSet', []),
        itemSet('instancesSet', [instanceXml(request, instance)]),
      ]),
    ),
    leaf('nextToken', result.nextToken),
  ];
};

const volumeFilters = (region: string): FilterSpec<EstateVolume> => ({
  fields: {
    'volume-id': (v) => [v.id],
    'attachment.instance-id': (v) => v.attachments.map((a) => a.instanceId),
    'attachment.device': (v) => v.attachments.map((a) => a.device),
    'attachment.status': (v) => v.attachments.map(() => 'attached'),
    status: (v) => [v.state],
    'snapshot-id': (v) => [v.snapshotId],
    encrypted: (v) => [bool(v.encrypted)],
    size: (v) => [String(v.size)],
    'availability-zone': (v) => [v.availabilityZone ?? defaultAvailabilityZone(region)],
    'volume-type': () => ['gp3'],
    'create-time': (v) => [isoTime(v.createTime)],
  },
  tags: (v) => v.tags,
});

function volumeXml(request: Ec2Request, volume: EstateVolume): (XmlElement | undefined)[] {
  return [
    leaf('volumeId', volume.id),
    leaf('size', volume.size),
    leaf('snapshotId', volume.snapshotId),
    leaf('availabilityZone', volume.availabilityZone ?? defaultAvailabilityZone(request.region)),
    leaf('status', volume.state),
    leaf('createTime', isoTime(volume.createTime)),
    itemSet(
      'attachmentSet',
      volume.attachments.map((attachment) => {
        const instance = request.regionEstate.instances.find((i) => i.id === attachment.instanceId);
        return [
          leaf('volumeId', volume.id),
          leaf('instanceId', attachment.instanceId),
          leaf('device', attachment.device),
          leaf('status', 'attached'),
          leaf('attachTime', isoTime(instance?.launchTime ?? volume.createTime)),
          leaf('deleteOnTermination', instance !== undefined && instance.rootDeviceName === attachment.device),
        ];
      }),
    ),
    leaf('encrypted', volume.encrypted),
    leaf('kmsKeyId', volume.kmsKeyId),
    leaf('volumeType', 'gp3'),
    leaf('iops', 3000),
    leaf('throughput', 125),
    leaf('multiAttachEnabled', false),
    tagSet(volume.tags),
  ];
}

export const describeVolumes: Ec2Handler = (request) => {
  const { root } = request.params;
  const ids = scalarList(root, 'VolumeId');
  refuseMaxResultsWithIds(request, ids, 'volumeIds');
  requireWellFormed(ids, 'vol', 'InvalidVolumeID.Malformed');
  const page = pageRequest(request, 5, 500);
  let volumes = request.regionEstate.volumes;
  requireAllFound(ids, volumes.map((v) => v.id), 'InvalidVolume.NotFound', (id) => `The volume '${id}' does not exist.`);
  if (ids.length > 0) volumes = volumes.filter((v) => ids.includes(v.id));
  volumes = applyFilters(volumes, filters(root), volumeFilters(request.region));
  const result = paginate(volumes, page);
  return [itemSet('volumeSet', result.items.map((v) => volumeXml(request, v))), leaf('nextToken', result.nextToken)];
};
