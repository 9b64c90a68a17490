// Cloud Resource Manager v3 project search (`GET /v3/projects:search`): the projects the caller may
// see, as `{projects: [{name: 'projects/<number>', projectId, displayName, state}], nextPageToken}`.
// The query language is served for the fields an auditor narrows by (id, name, state); any other
// field is refused rather than ignored.
import type { GcpProjectEstate } from '../estate.js';
import { GCP_PROJECT_SEARCH_RATE_LIMIT } from '../token-bucket.js';
import type { RateLimitPolicy } from '../types.js';
import { callerPermissionDenied, GoogleApiError, googleJson, invalidField, type Quota } from './errors.js';
import { fingerprint } from './links.js';
import { pageOf, searchPageSize } from './paging.js';
import { queryParams, type GcpRoute } from './route.js';

export const RESOURCE_MANAGER_SERVICE = 'cloudresourcemanager';
export const SEARCH_PATH = '/v3/projects:search';
/** Search lists the projects the caller has this permission on. */
export const PROJECTS_GET = 'resourcemanager.projects.get';

const API = { service: 'cloudresourcemanager.googleapis.com', method: 'google.cloud.resourcemanager.v3.Projects.SearchProjects' };

const SEARCH_RATE_LIMIT: RateLimitPolicy = { scope: 'account', defaults: GCP_PROJECT_SEARCH_RATE_LIMIT };

const SEARCH_QUOTA: Quota = {
  metricName: 'V3 API search requests',
  metric: 'cloudresourcemanager.googleapis.com/v3_search_requests',
  limitName: 'V3SearchRequestsPerMinutePerProject',
  limitDisplayName: 'V3 API search requests per minute',
  limitValue: GCP_PROJECT_SEARCH_RATE_LIMIT.burst,
};

/** `google.cloud.resourcemanager.v3.Project.State`, for `$alt=json;enum-encoding=int`. */
const STATE_NUMBERS: Readonly<Record<GcpProjectEstate['lifecycleState'], number>> = { ACTIVE: 1, DELETE_REQUESTED: 2 };

type Term = (project: GcpProjectEstate) => boolean;

/** `*` at the end of a value matches any suffix, as the search language allows. */
function matchesValue(actual: string, wanted: string): boolean {
  const a = actual.toLowerCase();
  const w = wanted.toLowerCase();
  return w.endsWith('*') ? a.startsWith(w.slice(0, -1)) : a === w;
}

function displayNameOf(project: GcpProjectEstate): string {
  return project.name ?? project.id;
}

function unservedQuery(query: string, detail: string): GoogleApiError {
  return new GoogleApiError('INVALID_ARGUMENT', `Invalid query '${query}': ${detail}`, 'invalid');
}

/** `id:p1 state:ACTIVE`, `displayName:prod*`, terms joined by spaces or AND. */
function parseQuery(query: string): Term[] {
  const terms: Term[] = [];
  // A term is `field:value`, `field=value` or `field:"a quoted value"`; AND joins terms.
  for (const [word, field = '', quoted, bare] of query.matchAll(/([A-Za-z.]+)\s*[:=]\s*(?:"([^"]*)"|(\S+))|\S+/g)) {
    if (word.toUpperCase() === 'AND') continue;
    if (field === '') throw unservedQuery(query, `the snapaudit emulator serves 'field:value' terms only, not '${word}'.`);
    const value = quoted ?? bare ?? '';
    switch (field.toLowerCase()) {
      case 'id':
      case 'projectid':
        terms.push((p) => matchesValue(p.id, value));
        break;
      case 'name':
      case 'displayname':
        terms.push((p) => matchesValue(displayNameOf(p), value));
        break;
      case 'state':
      case 'lifecyclestate':
        terms.push((p) => matchesValue(p.lifecycleState, value));
        break;
      default:
        throw unservedQuery(query, `the snapaudit emulator does not serve the field '${field}'.`);
    }
  }
  return terms;
}

function projectJson(project: GcpProjectEstate, numericEnums: boolean): unknown {
  return {
    name: `projects/${project.number}`,
    projectId: project.id,
    state: numericEnums ? STATE_NUMBERS[project.lifecycleState] : project.lifecycleState,
    displayName: displayNameOf(project),
    ...(project.parent === undefined ? {} : { parent: project.parent }),
    etag: `W/"${fingerprint(project)}"`,
  };
}

export function routeProjectSearch(url: URL, pageCap: number | undefined): GcpRoute {
  return {
    service: RESOURCE_MANAGER_SERVICE,
    action: PROJECTS_GET,
    project: undefined,
    region: 'global',
    params: queryParams(url),
    api: API,
    rateLimit: SEARCH_RATE_LIMIT,
    quota: SEARCH_QUOTA,
    denied: callerPermissionDenied,
    answer({ caller, estate }) {
      const terms = parseQuery(url.searchParams.get('query') ?? '');
      const visible = estate.estate.projects.filter((p) => caller.projects.includes(p.id) && terms.every((term) => term(p)));
      const page = pageOf(visible, url, caller.token, searchPageSize(url.searchParams, pageCap));
      const numericEnums = (url.searchParams.get('$alt') ?? '').includes('enum-encoding=int');
      const projects = page.items.map((p) => projectJson(p, numericEnums));
      return googleJson({ projects: projects.length === 0 ? undefined : projects, nextPageToken: page.nextPageToken });
    },
  };
}

/** A project's own IAM policy: `resourcemanager.projects.getIamPolicy`, answered per project. */
export const PROJECTS_GET_IAM_POLICY = 'resourcemanager.projects.getIamPolicy';
const GET_IAM_POLICY_API = { service: 'cloudresourcemanager.googleapis.com', method: 'google.cloud.resourcemanager.v3.Projects.GetIamPolicy' };
const READ_RATE_LIMIT: RateLimitPolicy = { scope: 'service', defaults: { burst: 600, refillPerSecond: 10 } };
const READ_QUOTA: Quota = {
  metricName: 'Read requests',
  metric: 'cloudresourcemanager.googleapis.com/read_requests',
  limitName: 'ReadRequestsPerMinutePerProject',
  limitDisplayName: 'Read requests per minute',
  limitValue: 600,
};
/** `google.iam.v1.AuditLogConfig.LogType` numbers, for `$alt=json;enum-encoding=int`. */
const LOG_TYPE_NUMBERS: Readonly<Record<string, number>> = { ADMIN_READ: 1, DATA_WRITE: 2, DATA_READ: 3 };

/** The version asked for in the body (`{"options": {"requestedPolicyVersion": 3}}`), 0 when none. */
function requestedVersion(body: string | undefined): number {
  if (body === undefined || body.trim() === '') return 0;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new GoogleApiError('INVALID_ARGUMENT', 'Invalid JSON payload received.', 'invalid', { legacy: false });
  }
  const version = (parsed as { options?: { requestedPolicyVersion?: unknown } } | null)?.options?.requestedPolicyVersion ?? 0;
  if (version !== 0 && version !== 1 && version !== 3) throw invalidField('options.requested_policy_version', String(version), 'Valid values are 0, 1 and 3.');
  return version as number;
}

/** `POST /v3/projects/{project}:getIamPolicy`; `project` may be the id or the number. */
export function routeProjectPolicy(project: string, url: URL): GcpRoute {
  return {
    service: RESOURCE_MANAGER_SERVICE,
    action: PROJECTS_GET_IAM_POLICY,
    method: 'POST',
    project,
    region: 'global',
    params: { ...queryParams(url), project },
    api: GET_IAM_POLICY_API,
    rateLimit: READ_RATE_LIMIT,
    quota: READ_QUOTA,
    denied: callerPermissionDenied,
    answer({ view, body }) {
      // Resource Manager answers a project that does not exist as it answers one the caller may not see.
      if (view === undefined) throw callerPermissionDenied();
      const policy = view.project.iamPolicy;
      const conditional = policy.bindings.some((b) => b.condition !== undefined);
      const asked = requestedVersion(body);
      // "Requests for policies with any conditional role bindings must specify version 3."
      if (conditional && asked !== 3) {
        throw new GoogleApiError('INVALID_ARGUMENT', 'The policy contains conditional role bindings; request policy version 3 to read it.', 'invalid', { legacy: false });
      }
      const numericEnums = (url.searchParams.get('$alt') ?? '').includes('enum-encoding=int');
      const bindings = policy.bindings.map((b) => ({ role: b.role, members: b.members, ...(b.condition === undefined ? {} : { condition: b.condition }) }));
      const auditConfigs = policy.auditConfigs.map((c) => ({
        service: c.service,
        auditLogConfigs: c.auditLogConfigs.map((l) => ({
          logType: numericEnums ? LOG_TYPE_NUMBERS[l.logType] : l.logType,
          ...(l.exemptedMembers.length === 0 ? {} : { exemptedMembers: l.exemptedMembers }),
        })),
      }));
      return googleJson({
        // Version 3 only when it is needed: "if you specify version 3, but the policy has no conditional role bindings, the response uses version 1".
        version: conditional ? 3 : 1,
        etag: policy.etag,
        ...(bindings.length === 0 ? {} : { bindings }),
        ...(auditConfigs.length === 0 ? {} : { auditConfigs }),
      });
    },
  };
}
