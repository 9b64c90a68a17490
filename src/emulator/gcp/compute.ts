// Compute Engine v1 (`/compute/v1/projects/{project}/...`): the lists and IAM policies the GCP
// provider reads. Each route names the IAM permission it needs, which is the call log's action:
// regional disks need the same `compute.disks.*` permissions as zonal ones, and regional snapshots
// are taken to need `compute.snapshots.*` likewise (the region tells them apart in the call log).
// Rate limited per project, as Compute's read quota is.
import { GCP_COMPUTE_READ_RATE_LIMIT } from '../token-bucket.js';
import type { RateLimitPolicy } from '../types.js';
import {
  computePermissionDenied,
  googleErrorAnswer,
  GoogleApiError,
  googleJson,
  invalidField,
  resourceNotFound,
  type ApiMethod,
  type Quota,
} from './errors.js';
import { regionOfZone } from './links.js';
import { computePageSize, pageOf } from './paging.js';
import { diskJson, firewallJson, imageJson, instanceJson, machineImageJson, policyJson, regionJson, snapshotJson } from './render.js';
import { queryParams, type AnswerContext, type GcpRoute, type Unserved } from './route.js';
import { diskScope, type ProjectView } from './view.js';

export const COMPUTE_SERVICE = 'compute';
const COMPUTE_API = 'compute.googleapis.com';

const COMPUTE_RATE_LIMIT: RateLimitPolicy = { scope: 'account', defaults: GCP_COMPUTE_READ_RATE_LIMIT };

const READ_QUOTA: Quota = {
  metricName: 'Read requests',
  metric: 'compute.googleapis.com/read_requests',
  limitName: 'ReadRequestsPerMinutePerProject',
  limitDisplayName: 'Read requests per minute',
  limitValue: GCP_COMPUTE_READ_RATE_LIMIT.burst,
};

/** The path parameters a route binds. */
interface PathParams {
  readonly project: string;
  readonly region?: string;
  readonly zone?: string;
  readonly resource?: string;
}

interface ServeContext extends AnswerContext {
  readonly view: ProjectView;
  readonly params: PathParams;
  readonly url: URL;
  readonly pageCap: number | undefined;
}

interface ComputeRouteSpec {
  /** Segments after `projects/{project}`; `{region}`, `{zone}` and `{resource}` bind parameters. */
  readonly path: readonly string[];
  readonly permission: string;
  /** The RPC, for ErrorInfo: `SnapshotsService.List`. */
  readonly method: string;
  /** The permission is checked on the resource (getIamPolicy), not the project. */
  readonly onResource?: boolean;
  readonly publicRead?: boolean;
  /** A JSON body; throws a GoogleApiError. */
  serve(context: ServeContext): unknown;
}

const NO_RESULTS_ON_PAGE = 'NO_RESULTS_ON_PAGE';

/** Compute's list filters and orderings are not emulated: refused rather than ignored. */
function refuseUnservedQuery(url: URL): void {
  for (const name of ['filter', 'orderBy']) {
    const value = url.searchParams.get(name);
    if (value !== null && value !== '') {
      throw new GoogleApiError('INVALID_ARGUMENT', `Invalid value for field '${name}': '${value}'. The snapaudit emulator does not serve '${name}'.`, 'invalid');
    }
  }
}

function region(context: ServeContext): string {
  const name = context.params.region ?? '';
  if (!context.view.hasRegion(name)) throw resourceNotFound(context.view.path('regions', name));
  return name;
}

function zone(context: ServeContext): string {
  const name = context.params.zone ?? '';
  if (!context.view.hasZone(name)) throw resourceNotFound(context.view.path('zones', name));
  return name;
}

/** A plain list: `{kind, id, items, nextPageToken, selfLink}`; `items` is left out when empty. */
function list<T>(context: ServeContext, kind: string, collection: readonly string[], items: readonly T[], render: (item: T) => unknown): unknown {
  refuseUnservedQuery(context.url);
  const page = pageOf(items, context.url, context.caller.token, computePageSize(context.url.searchParams, context.pageCap));
  return {
    kind,
    id: context.view.path(...collection),
    items: page.items.length === 0 ? undefined : page.items.map(render),
    nextPageToken: page.nextPageToken,
    selfLink: context.view.url(...collection),
  };
}

/**
 * An aggregated list: `items` maps every scope of the project (`regions/r`, `zones/z`) to
 * `{[field]: [...]}` for the resources on this page, or to a NO_RESULTS_ON_PAGE warning.
 * `maxResults` counts resources, whatever their scope.
 */
function aggregated<T>(context: ServeContext, kind: string, field: string, items: readonly T[], scopeOf: (item: T) => string, render: (item: T) => unknown): unknown {
  refuseUnservedQuery(context.url);
  const scopes = context.view.scopes();
  const ordered = [...items].sort((a, b) => scopes.indexOf(scopeOf(a)) - scopes.indexOf(scopeOf(b)));
  const page = pageOf(ordered, context.url, context.caller.token, computePageSize(context.url.searchParams, context.pageCap));
  const byScope = new Map<string, unknown[]>();
  for (const item of page.items) {
    const scope = scopeOf(item);
    byScope.set(scope, [...(byScope.get(scope) ?? []), render(item)]);
  }
  const scoped = Object.fromEntries(
    scopes.map((scope) => {
      const found = byScope.get(scope);
      if (found !== undefined) return [scope, { [field]: found }];
      const warning = { code: NO_RESULTS_ON_PAGE, message: `There are no results for scope '${scope}' on this page.`, data: [{ key: 'scope', value: scope }] };
      return [scope, { warning }];
    }),
  );
  return { kind, id: context.view.path('aggregated', field), items: scoped, nextPageToken: page.nextPageToken, selfLink: context.view.url('aggregated', field) };
}

const POLICY_VERSIONS = new Set(['0', '1', '3']);

/** getIamPolicy: the version asked for (1 when none), or 400 for a version IAM does not have. */
function policy(context: ServeContext, path: readonly string[], iam: { readonly iam: Parameters<typeof policyJson>[0] } | undefined): unknown {
  const asked = context.url.searchParams.get('optionsRequestedPolicyVersion') ?? '0';
  if (!POLICY_VERSIONS.has(asked)) throw invalidField('optionsRequestedPolicyVersion', asked, 'Requested policy version must be 0, 1 or 3.');
  if (iam === undefined) throw resourceNotFound(context.view.path(...path));
  return policyJson(iam.iam, asked === '3' ? 3 : 1);
}

function named<T extends { readonly name: string }>(items: readonly T[], name: string | undefined): T | undefined {
  return items.find((item) => item.name === name);
}

const ROUTES: readonly ComputeRouteSpec[] = [
  {
    path: ['global', 'snapshots'],
    permission: 'compute.snapshots.list',
    method: 'SnapshotsService.List',
    serve: (c) => list(c, 'compute#snapshotList', ['global', 'snapshots'], c.view.globalSnapshots(), (s) => snapshotJson(c.estate, c.view, s)),
  },
  {
    path: ['global', 'snapshots', '{resource}', 'getIamPolicy'],
    permission: 'compute.snapshots.getIamPolicy',
    method: 'SnapshotsService.GetIamPolicy',
    onResource: true,
    serve: (c) => policy(c, ['global', 'snapshots', c.params.resource ?? ''], named(c.view.globalSnapshots(), c.params.resource)),
  },
  {
    path: ['regions'],
    permission: 'compute.regions.list',
    method: 'RegionsService.List',
    serve: (c) => list(c, 'compute#regionList', ['regions'], c.view.regions(), (r) => regionJson(c.view, r)),
  },
  {
    path: ['regions', '{region}', 'snapshots'],
    permission: 'compute.snapshots.list',
    method: 'RegionSnapshotsService.List',
    serve(c) {
      const name = region(c);
      return list(c, 'compute#snapshotList', ['regions', name, 'snapshots'], c.view.regionalSnapshots(name), (s) => snapshotJson(c.estate, c.view, s));
    },
  },
  {
    path: ['regions', '{region}', 'snapshots', '{resource}', 'getIamPolicy'],
    permission: 'compute.snapshots.getIamPolicy',
    method: 'RegionSnapshotsService.GetIamPolicy',
    onResource: true,
    serve(c) {
      const name = region(c);
      return policy(c, ['regions', name, 'snapshots', c.params.resource ?? ''], named(c.view.regionalSnapshots(name), c.params.resource));
    },
  },
  {
    path: ['global', 'images'],
    permission: 'compute.images.list',
    method: 'ImagesService.List',
    publicRead: true,
    serve: (c) => list(c, 'compute#imageList', ['global', 'images'], c.view.project.images, (i) => imageJson(c.estate, c.view, i)),
  },
  {
    path: ['global', 'images', '{resource}', 'getIamPolicy'],
    permission: 'compute.images.getIamPolicy',
    method: 'ImagesService.GetIamPolicy',
    onResource: true,
    serve: (c) => policy(c, ['global', 'images', c.params.resource ?? ''], named(c.view.project.images, c.params.resource)),
  },
  {
    path: ['global', 'machineImages'],
    permission: 'compute.machineImages.list',
    method: 'MachineImagesService.List',
    serve: (c) => list(c, 'compute#machineImageList', ['global', 'machineImages'], c.view.project.machineImages, (m) => machineImageJson(c.estate, c.view, m)),
  },
  {
    path: ['global', 'machineImages', '{resource}', 'getIamPolicy'],
    permission: 'compute.machineImages.getIamPolicy',
    method: 'MachineImagesService.GetIamPolicy',
    onResource: true,
    serve: (c) => policy(c, ['global', 'machineImages', c.params.resource ?? ''], named(c.view.project.machineImages, c.params.resource)),
  },
  {
    path: ['aggregated', 'disks'],
    permission: 'compute.disks.list',
    method: 'DisksService.AggregatedList',
    serve: (c) => aggregated(c, 'compute#diskAggregatedList', 'disks', c.view.project.disks, diskScope, (d) => diskJson(c.estate, c.view, d)),
  },
  {
    path: ['zones', '{zone}', 'disks', '{resource}', 'getIamPolicy'],
    permission: 'compute.disks.getIamPolicy',
    method: 'DisksService.GetIamPolicy',
    onResource: true,
    serve(c) {
      const name = zone(c);
      return policy(c, ['zones', name, 'disks', c.params.resource ?? ''], named(c.view.project.disks.filter((d) => d.zone === name), c.params.resource));
    },
  },
  {
    path: ['regions', '{region}', 'disks', '{resource}', 'getIamPolicy'],
    permission: 'compute.disks.getIamPolicy',
    method: 'RegionDisksService.GetIamPolicy',
    onResource: true,
    serve(c) {
      const name = region(c);
      return policy(c, ['regions', name, 'disks', c.params.resource ?? ''], named(c.view.project.disks.filter((d) => d.zone === undefined && d.region === name), c.params.resource));
    },
  },
  {
    path: ['aggregated', 'instances'],
    permission: 'compute.instances.list',
    method: 'InstancesService.AggregatedList',
    serve: (c) => aggregated(c, 'compute#instanceAggregatedList', 'instances', c.view.project.instances, (i) => `zones/${i.zone}`, (i) => instanceJson(c.estate, c.view, i)),
  },
  {
    path: ['global', 'firewalls'],
    permission: 'compute.firewalls.list',
    method: 'FirewallsService.List',
    serve: (c) => list(c, 'compute#firewallList', ['global', 'firewalls'], c.view.project.firewalls, (f) => firewallJson(c.view, f)),
  },
];

/** Every permission Compute routes need, in route order, each once. */
export const COMPUTE_PERMISSIONS: readonly string[] = ROUTES.map((r) => r.permission).filter((p, i, all) => all.indexOf(p) === i);

function matchRoute(rest: readonly string[]): { spec: ComputeRouteSpec; bound: Record<string, string> } | undefined {
  for (const spec of ROUTES) {
    if (spec.path.length !== rest.length) continue;
    const bound: Record<string, string> = {};
    const matches = spec.path.every((segment, i) => {
      const actual = rest[i] ?? '';
      const parameter = /^\{(\w+)\}$/.exec(segment)?.[1];
      if (parameter === undefined) return segment === actual;
      bound[parameter] = actual;
      return actual !== '';
    });
    if (matches) return { spec, bound };
  }
  return undefined;
}

function notServed(path: string, project: string | undefined, params: Readonly<Record<string, string>>, api: ApiMethod): Unserved {
  const error = new GoogleApiError('NOT_FOUND', `The requested path '${path}' is not served by the snapaudit emulator.`, 'notFound');
  return { service: COMPUTE_SERVICE, action: '', project, region: 'global', params, api, refusal: googleErrorAnswer(error) };
}

/** Routes `/compute/v1/...`; `segments` are the decoded path segments. */
export function routeCompute(segments: readonly string[], url: URL, pageCap: number | undefined): GcpRoute | Unserved {
  const query = queryParams(url);
  const [, version, root, project, ...rest] = segments;
  const unknownApi: ApiMethod = { service: COMPUTE_API, method: 'compute.v1' };
  if (version !== 'v1' || root !== 'projects' || project === undefined || project === '') return notServed(url.pathname, undefined, query, unknownApi);
  const matched = matchRoute(rest);
  if (matched === undefined) return notServed(url.pathname, project, { ...query, project }, unknownApi);
  const { spec, bound } = matched;
  const params: PathParams & Record<string, string> = { ...query, ...bound, project };
  const regionName = params.zone !== undefined ? regionOfZone(params.zone) : (params.region ?? 'global');
  const checkedOn = spec.onResource === true ? ['projects', project, ...rest.slice(0, -1)].join('/') : `projects/${project}`;
  return {
    service: COMPUTE_SERVICE,
    action: spec.permission,
    project,
    region: regionName,
    params,
    api: { service: COMPUTE_API, method: `compute.v1.${spec.method}` },
    rateLimit: COMPUTE_RATE_LIMIT,
    quota: READ_QUOTA,
    ...(spec.publicRead === true ? { publicRead: true } : {}),
    denied: () => computePermissionDenied(spec.permission, checkedOn),
    answer(context) {
      const view = context.view;
      if (view === undefined) throw resourceNotFound(`projects/${project}`);
      return googleJson(spec.serve({ ...context, view, params, url, pageCap }));
    },
  };
}
