// AMIs: DescribeImages, DescribeImageAttribute.
import type { EstateImage } from '../estate.js';
import {
  isoTime,
  isPublic,
  isSharedWith,
  otherAccountsIn,
  pageRequest,
  requireWellFormed,
  type Ec2Handler,
  type Ec2Request,
} from './ec2-context.js';
import { AwsApiError, invalidParameterValue, missingParameter } from './errors.js';
import { applyFilters, bool, type FilterSpec } from './filters.js';
import { paginate } from './pagination.js';
import { filters, scalar, scalarList } from './query.js';
import { itemSet, leaf, node, tagSet, type XmlElement } from './xml.js';

interface OwnedImage {
  readonly image: EstateImage;
  readonly ownerId: string;
  readonly ownerAlias: string | undefined;
}

const imageFilters: FilterSpec<OwnedImage> = {
  fields: {
    'image-id': ({ image }) => [image.id],
    'owner-id': ({ ownerId }) => [ownerId],
    'owner-alias': ({ ownerAlias }) => [ownerAlias],
    'is-public': ({ image }) => [bool(isPublic(image.launchPermissions))],
    state: ({ image }) => [image.state],
    name: ({ image }) => [image.name],
    description: ({ image }) => [image.description],
    architecture: ({ image }) => [image.architecture],
    'image-type': () => ['machine'],
    'root-device-type': () => ['ebs'],
    'root-device-name': ({ image }) => [image.rootDeviceName],
    'creation-date': ({ image }) => [isoTime(image.creationDate)],
    'block-device-mapping.snapshot-id': ({ image }) => image.blockDeviceMappings.map((m) => m.snapshotId),
    'block-device-mapping.device-name': ({ image }) => image.blockDeviceMappings.map((m) => m.deviceName),
  },
  tags: ({ image }) => image.tags,
};

function canLaunch(image: EstateImage, accountId: string): boolean {
  return isPublic(image.launchPermissions) || isSharedWith(image.launchPermissions, accountId);
}

/**
 * Own images, then images of other estate accounts and foreign images of the region that are
 * public or shared with the caller's account. Sharing with an organization or OU is not
 * evaluated: the estate does not say which organization an account belongs to.
 */
function visibleImages(request: Ec2Request): OwnedImage[] {
  const caller = request.account.id;
  const own = request.regionEstate.images.map((image) => ({ image, ownerId: caller, ownerAlias: undefined }));
  const others = otherAccountsIn(request).flatMap(({ account, region }) =>
    region.images.filter((image) => canLaunch(image, caller)).map((image) => ({ image, ownerId: account.id, ownerAlias: undefined })),
  );
  const foreign = request.estate.foreignImages
    .filter((image) => image.region === request.region && image.ownerId !== caller && canLaunch(image, caller))
    .map((image) => ({ image, ownerId: image.ownerId, ownerAlias: image.ownerAlias }));
  return [...own, ...others, ...foreign];
}

function matchesOwner(item: OwnedImage, owners: readonly string[], caller: string): boolean {
  return owners.some((owner) => {
    if (owner === 'self') return item.ownerId === caller;
    if (/^\d{12}$/.test(owner)) return item.ownerId === owner;
    return item.ownerAlias === owner;
  });
}

// `all` lists public images; `self` or an account id the images with an explicit launch
// permission for that account (AWS documents that ownership alone does not count).
function matchesExecutableBy(item: OwnedImage, users: readonly string[], caller: string): boolean {
  const permissions = item.image.launchPermissions;
  return users.some((user) => (user === 'all' ? isPublic(permissions) : isSharedWith(permissions, user === 'self' ? caller : user)));
}

function snapshotOf(request: Ec2Request, item: OwnedImage, snapshotId: string | undefined) {
  if (snapshotId === undefined) return undefined;
  const owner = request.estate.accounts.find((a) => a.id === item.ownerId);
  return owner?.regions[request.region]?.snapshots.find((s) => s.id === snapshotId);
}

function blockDeviceMappingXml(request: Ec2Request, item: OwnedImage): XmlElement {
  return itemSet(
    'blockDeviceMapping',
    item.image.blockDeviceMappings.map((mapping) => {
      const snapshot = snapshotOf(request, item, mapping.snapshotId);
      return [
        leaf('deviceName', mapping.deviceName),
        node('ebs', [
          leaf('snapshotId', mapping.snapshotId),
          leaf('volumeSize', mapping.volumeSize ?? snapshot?.volumeSize ?? 8),
          leaf('deleteOnTermination', true),
          leaf('volumeType', 'gp3'),
          leaf('encrypted', mapping.encrypted ?? snapshot?.encrypted ?? false),
        ]),
      ];
    }),
  );
}

function imageXml(request: Ec2Request, item: OwnedImage): (XmlElement | undefined)[] {
  const { image } = item;
  return [
    leaf('imageId', image.id),
    leaf('imageLocation', `${item.ownerAlias ?? item.ownerId}/${image.name}`),
    leaf('imageState', image.state),
    leaf('imageOwnerId', item.ownerId),
    leaf('imageOwnerAlias', item.ownerAlias),
    leaf('creationDate', isoTime(image.creationDate)),
    leaf('isPublic', isPublic(image.launchPermissions)),
    leaf('architecture', image.architecture),
    leaf('imageType', 'machine'),
    leaf('name', image.name),
    leaf('description', image.description),
    leaf('rootDeviceType', 'ebs'),
    leaf('rootDeviceName', image.rootDeviceName),
    blockDeviceMappingXml(request, item),
    leaf('virtualizationType', 'hvm'),
    leaf('hypervisor', 'xen'),
    tagSet(image.tags),
  ];
}

export const describeImages: Ec2Handler = (request) => {
  const { root } = request.params;
  const caller = request.account.id;
  const ids = scalarList(root, 'ImageId');
  const owners = scalarList(root, 'Owner');
  const executableBy = scalarList(root, 'ExecutableBy');
  requireWellFormed(ids, 'ami', 'InvalidAMIID.Malformed');
  const page = pageRequest(request, 5, 1000);

  let items = visibleImages(request);
  // Unknown but well-formed ids are simply absent from the answer.
  if (ids.length > 0) items = items.filter((item) => ids.includes(item.image.id));
  if (owners.length > 0) items = items.filter((item) => matchesOwner(item, owners, caller));
  if (executableBy.length > 0) items = items.filter((item) => matchesExecutableBy(item, executableBy, caller));
  if (scalar(root, 'IncludeDisabled') !== 'true') items = items.filter((item) => item.image.state !== 'disabled');
  items = applyFilters(items, filters(root), imageFilters);

  const result = paginate(items, page);
  return [itemSet('imagesSet', result.items.map((item) => imageXml(request, item))), leaf('nextToken', result.nextToken)];
};

const IMAGE_ATTRIBUTES = new Set([
  'description',
  'kernel',
  'ramdisk',
  'launchPermission',
  'productCodes',
  'blockDeviceMapping',
  'sriovNetSupport',
  'bootMode',
  'tpmSupport',
  'uefiData',
  'lastLaunchedTime',
  'imdsSupport',
  'deregistrationProtection',
]);

export const describeImageAttribute: Ec2Handler = (request) => {
  const { root } = request.params;
  const id = scalar(root, 'ImageId');
  const attribute = scalar(root, 'Attribute');
  if (id === undefined) throw missingParameter('ImageId');
  if (attribute === undefined) throw missingParameter('Attribute');
  requireWellFormed([id], 'ami', 'InvalidAMIID.Malformed');
  if (!IMAGE_ATTRIBUTES.has(attribute)) {
    throw invalidParameterValue(`Value (${attribute}) for parameter attribute is invalid. Unknown attribute.`);
  }
  const image = request.regionEstate.images.find((i) => i.id === id);
  if (image === undefined) throw new AwsApiError('InvalidAMIID.NotFound', `The image id '[${id}]' does not exist`);
  const owned: OwnedImage = { image, ownerId: request.account.id, ownerAlias: undefined };

  switch (attribute) {
    case 'launchPermission':
      return [
        leaf('imageId', id),
        itemSet(
          'launchPermission',
          image.launchPermissions.map((p) => [
            'group' in p ? leaf('group', p.group) : undefined,
            'userId' in p ? leaf('userId', p.userId) : undefined,
            'organizationArn' in p ? leaf('organizationArn', p.organizationArn) : undefined,
            'organizationalUnitArn' in p ? leaf('organizationalUnitArn', p.organizationalUnitArn) : undefined,
          ]),
        ),
      ];
    case 'description':
      return [leaf('imageId', id), node('description', [leaf('value', image.description)])];
    case 'productCodes':
      return [leaf('imageId', id), itemSet('productCodes', [])];
    case 'blockDeviceMapping':
      return [leaf('imageId', id), blockDeviceMappingXml(request, owned)];
    default:
      return [leaf('imageId', id)];
  }
};
