// Cloud Logging v2 sinks (`GET /v2/projects/{p}/sinks`): the `_Required` and `_Default` sinks every
// project has, with Google's own filters, and the estate's sinks; exclusions inline. Paged by
// `pageSize`/`pageToken`. The action is `logging.sinks.list`.
import type { GcpLogSinkEstate } from '../estate.js';
import type { RateLimitPolicy } from '../types.js';
import { GoogleApiError, googleJson, iamPermissionDenied, invalidField, notFound, type Quota } from './errors.js';
import { pageOf } from './paging.js';
import { queryParams, type GcpRoute, type Unserved } from './route.js';
import type { ProjectView } from './view.js';

export const LOGGING_SERVICE = 'logging';
export const SINKS_LIST = 'logging.sinks.list';
const API = 'logging.googleapis.com';

const RATE_LIMIT: RateLimitPolicy = { scope: 'service', defaults: { burst: 600, refillPerSecond: 10 } };
const QUOTA: Quota = {
  metricName: 'Read requests',
  metric: 'logging.googleapis.com/read_requests',
  limitName: 'ReadRequestsPerMinutePerProject',
  limitDisplayName: 'Read requests per minute',
  limitValue: 600,
};
const DEFAULT_PAGE = 50;
const MAX_PAGE = 200;

/** The logs the _Required sink routes, and that the _Default sink leaves to it. */
const REQUIRED_LOGS = [
  'cloudaudit.googleapis.com/activity',
  'externalaudit.googleapis.com/activity',
  'cloudaudit.googleapis.com/system_event',
  'externalaudit.googleapis.com/system_event',
  'cloudaudit.googleapis.com/access_transparency',
  'externalaudit.googleapis.com/access_transparency',
];
export const REQUIRED_FILTER = REQUIRED_LOGS.map((l) => `LOG_ID("${l}")`).join(' OR ');
export const DEFAULT_FILTER = REQUIRED_LOGS.map((l) => `NOT LOG_ID("${l}")`).join(' AND ');

function bucket(view: ProjectView, name: string): string {
  return `logging.googleapis.com/projects/${view.id}/locations/global/buckets/${name}`;
}

function sinkJson(view: ProjectView, sink: GcpLogSinkEstate & { readonly destination: string }): unknown {
  const exclusions = sink.exclusions.map((e) => ({ name: e.name, description: e.description, filter: e.filter, disabled: e.disabled ? true : undefined, createTime: sink.createTime, updateTime: sink.createTime }));
  const builtIn = sink.name.startsWith('_');
  return {
    name: sink.name,
    destination: sink.destination,
    filter: sink.filter === '' ? undefined : sink.filter,
    description: sink.description,
    disabled: sink.disabled ? true : undefined,
    exclusions: exclusions.length === 0 ? undefined : exclusions,
    writerIdentity: builtIn ? undefined : `serviceAccount:service-${view.number}@gcp-sa-logging.iam.gserviceaccount.com`,
    createTime: builtIn ? undefined : sink.createTime,
    updateTime: builtIn ? undefined : sink.createTime,
  };
}

/** Every sink of the project, the two built-in ones first; the estate's `_Default` entry changes only its state and exclusions. */
export function projectSinks(view: ProjectView): Array<GcpLogSinkEstate & { readonly destination: string }> {
  const estateDefault = view.project.sinks.find((s) => s.name === '_Default');
  const required = { name: '_Required', destination: bucket(view, '_Required'), filter: REQUIRED_FILTER, disabled: false, exclusions: [], createTime: '2020-01-01T00:00:00.000Z' };
  const defaults = { name: '_Default', destination: bucket(view, '_Default'), filter: DEFAULT_FILTER, disabled: estateDefault?.disabled ?? false, exclusions: estateDefault?.exclusions ?? [], createTime: '2020-01-01T00:00:00.000Z' };
  const own = view.project.sinks.filter((s) => !s.name.startsWith('_')).map((s) => ({ ...s, destination: s.destination ?? bucket(view, s.name) }));
  return [required, defaults, ...own];
}

function pageSize(url: URL, pageCap: number | undefined): number {
  const raw = url.searchParams.get('pageSize');
  let size = DEFAULT_PAGE;
  if (raw !== null && raw !== '') {
    if (!/^-?\d+$/.test(raw)) throw invalidField('pageSize', raw, 'Must be an integer.');
    // Non-positive values are ignored; larger ones get fewer, as "the server may return fewer".
    if (Number(raw) > 0) size = Math.min(Number(raw), MAX_PAGE);
  }
  return Math.min(size, pageCap ?? size);
}

function notServed(url: URL): Unserved {
  const error = new GoogleApiError('NOT_FOUND', `The requested path '${url.pathname}' is not served by the snapaudit emulator.`, 'notFound', { legacy: false });
  const body = JSON.stringify({ error: { code: 404, message: error.message, status: 'NOT_FOUND' } });
  return { service: LOGGING_SERVICE, action: '', project: undefined, region: 'global', params: {}, api: { service: API, method: '' }, refusal: { response: { status: 404, headers: { 'content-type': 'application/json; charset=UTF-8' }, body }, errorCode: 'NOT_FOUND' } };
}

/** Routes `/v2/projects/{p}/sinks`. */
export function routeLogging(segments: readonly string[], url: URL, pageCap: number | undefined): GcpRoute | Unserved {
  const [, root, project, collection, extra] = segments;
  if (root !== 'projects' || project === undefined || collection !== 'sinks' || extra !== undefined) return notServed(url);
  const filter = url.searchParams.get('filter');
  return {
    service: LOGGING_SERVICE,
    action: SINKS_LIST,
    project,
    region: 'global',
    params: { ...queryParams(url), project },
    api: { service: API, method: 'google.logging.v2.ConfigServiceV2.ListSinks' },
    rateLimit: RATE_LIMIT,
    quota: QUOTA,
    denied: () => iamPermissionDenied(API, SINKS_LIST, `projects/${project}`),
    answer({ view, caller }) {
      if (view === undefined) throw notFound(`Project ${project} not found.`);
      if (filter !== null && filter !== '' && filter !== 'in_scope("DEFAULT")') {
        throw invalidField('filter', filter, 'The snapaudit emulator serves the default scope only.');
      }
      const page = pageOf(projectSinks(view), url, caller.token, pageSize(url, pageCap));
      const sinks = page.items.map((s) => sinkJson(view, s));
      return googleJson({ sinks: sinks.length === 0 ? undefined : sinks, nextPageToken: page.nextPageToken });
    },
  };
}
