// Account- and region-level EC2 actions: DescribeRegions and the account settings an auditor reads.
import type { Ec2Handler } from './ec2-context.js';
import { applyFilters, type FilterSpec } from './filters.js';
import { filters, scalar, scalarList } from './query.js';
import { itemSet, leaf } from './xml.js';

// Regions that exist but must be enabled by the account; the rest are enabled by default.
const OPT_IN_REGIONS = new Set([
  'af-south-1',
  'ap-east-1',
  'ap-east-2',
  'ap-south-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-southeast-5',
  'ap-southeast-6',
  'ap-southeast-7',
  'ca-west-1',
  'eu-central-2',
  'eu-south-1',
  'eu-south-2',
  'il-central-1',
  'me-central-1',
  'me-south-1',
  'mx-central-1',
]);

// Regions every account has enabled from the start.
export const DEFAULT_REGIONS: ReadonlySet<string> = new Set([
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'ap-south-1',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-southeast-1',
  'ap-southeast-2',
  'ca-central-1',
  'eu-central-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-north-1',
  'sa-east-1',
]);

interface RegionInfo {
  readonly name: string;
  readonly optInStatus: 'opt-in-not-required' | 'opted-in' | 'not-opted-in';
}

const regionFilters: FilterSpec<RegionInfo> = {
  fields: {
    'region-name': (r) => [r.name],
    'opt-in-status': (r) => [r.optInStatus],
    endpoint: (r) => [`ec2.${r.name}.amazonaws.com`],
  },
};

export const describeRegions: Ec2Handler = (request) => {
  const { root } = request.params;
  const enabled: RegionInfo[] = Object.keys(request.account.regions).map((name) => ({
    name,
    optInStatus: OPT_IN_REGIONS.has(name) ? 'opted-in' : 'opt-in-not-required',
  }));
  const disabled: RegionInfo[] = request.account.disabledRegions.map((name) => ({ name, optInStatus: 'not-opted-in' }));
  // Every region AWS offers, for AllRegions: the estate's, then the default ones it leaves empty, then
  // the opt-in ones it has not enabled.
  const listed = new Set([...enabled, ...disabled].map((r) => r.name));
  const others: RegionInfo[] = [
    ...[...DEFAULT_REGIONS].filter((name) => !listed.has(name)).map((name) => ({ name, optInStatus: 'opt-in-not-required' as const })),
    ...[...OPT_IN_REGIONS].filter((name) => !listed.has(name)).map((name) => ({ name, optInStatus: 'not-opted-in' as const })),
  ];
  const names = scalarList(root, 'RegionName');
  const allRegions = scalar(root, 'AllRegions') === 'true';
  // Naming a region lists it whatever its opt-in status, as AllRegions does.
  // Without AllRegions the estate's regions are listed: the ones that hold something (a default
  // region left out of the estate is still served, empty, when a client names it).
  let regions = names.length > 0 || allRegions ? [...enabled, ...disabled, ...others] : enabled;
  if (names.length > 0) regions = regions.filter((r) => names.includes(r.name));
  regions = applyFilters(regions, filters(root), regionFilters);
  return [
    itemSet(
      'regionInfo',
      regions.map((r) => [
        leaf('regionName', r.name),
        leaf('regionEndpoint', `ec2.${r.name}.amazonaws.com`),
        leaf('optInStatus', r.optInStatus),
      ]),
    ),
  ];
};

export const getSnapshotBlockPublicAccessState: Ec2Handler = (request) => [
  leaf('state', request.regionEstate.snapshotBlockPublicAccess),
  leaf('managedBy', 'account'),
];

export const getImageBlockPublicAccessState: Ec2Handler = (request) => [
  leaf('imageBlockPublicAccessState', request.regionEstate.imageBlockPublicAccess),
  leaf('managedBy', 'account'),
];

export const getEbsEncryptionByDefault: Ec2Handler = (request) => [
  leaf('ebsEncryptionByDefault', request.regionEstate.ebsEncryptionByDefault),
  leaf('sseType', 'sse-ebs'),
];
