// The Google Cloud side of the emulator, served over plain HTTP on its own listener: Compute Engine
// v1 REST (`/compute/v1/...`), Resource Manager v3 project search (`/v3/projects:search`) and
// project IAM policies (`POST /v3/projects/{p}:getIamPolicy`), IAM v1 roles, service accounts and
// keys (`/v1/...`), Logging v2 sinks (`/v2/projects/{p}/sinks`) and log entries (`POST /v2/entries:list`)
// for the estate's projects; the
// paths are distinct, as Google's hosts are. Callers present one of the estate's OAuth access
// tokens as a bearer token; a token sees the projects it names. Services in the call log are
// `compute`, `cloudresourcemanager`, `iam` and `logging`, actions the IAM permissions the calls
// need, accounts project ids.
import type { GcpEstate } from '../estate.js';
import type { Answer, CallContext, EmulatedCloud, EmulatorRequest, InjectedError, ServiceCall } from '../types.js';
import { COMPUTE_PERMISSIONS, routeCompute } from './compute.js';
import {
  answering,
  credentialsMissing,
  googleErrorAnswer,
  GoogleApiError,
  internalError,
  invalidCredentials,
  quotaExceeded,
  serviceUnavailable,
  type ApiMethod,
} from './errors.js';
import { IAM_PERMISSIONS, routeIam } from './iam.js';
import { routeLogging, SINKS_LIST } from './logging.js';
import { ENTRIES_LIST, ENTRIES_PATH, routeEntries } from './logging-entries.js';
import { PROJECTS_GET, PROJECTS_GET_IAM_POLICY, routeProjectPolicy, routeProjectSearch, SEARCH_PATH } from './resource-manager.js';
import { segmentsOf, type GcpRoute, type Unserved } from './route.js';
import { GcpEstateView, type GcpToken } from './view.js';

export { COMPUTE_SERVICE } from './compute.js';
export { COMPUTE_MAX_RESULTS, PROJECT_SEARCH_PAGE_SIZE } from './paging.js';
export { RESOURCE_MANAGER_SERVICE } from './resource-manager.js';
export { IAM_SERVICE } from './iam.js';
export { LOGGING_SERVICE } from './logging.js';
export { PREDEFINED_ROLE_NAMES } from './predefined-roles.js';

export type GcpServiceId = 'compute' | 'cloudresourcemanager' | 'iam' | 'logging';

/** The IAM permissions the emulator's Google routes need, per service (the call log's actions). */
export const GCP_ACTIONS: Readonly<Record<GcpServiceId, readonly string[]>> = {
  compute: COMPUTE_PERMISSIONS,
  cloudresourcemanager: [PROJECTS_GET, PROJECTS_GET_IAM_POLICY],
  iam: IAM_PERMISSIONS,
  logging: [SINKS_LIST, ENTRIES_LIST],
};

/** The caller behind `Authorization: Bearer <token>`, or Google's 401. */
function authenticate(request: EmulatorRequest, tokens: ReadonlyMap<string, GcpToken>, api: ApiMethod): GcpToken | GoogleApiError {
  const authorization = request.headers.authorization ?? '';
  if (authorization === '') return credentialsMissing(api);
  const token = /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1];
  const caller = token === undefined ? undefined : tokens.get(token);
  return caller ?? invalidCredentials(api);
}

function notServed(url: URL): Unserved {
  const error = new GoogleApiError('NOT_FOUND', `The requested path '${url.pathname}' is not served by the snapaudit emulator.`, 'notFound');
  return { service: 'gcp', action: '', project: undefined, region: 'global', params: {}, api: { service: 'googleapis.com', method: '' }, refusal: googleErrorAnswer(error) };
}

function route(url: URL, pageCap: number | undefined, body: string): GcpRoute | Unserved {
  if (url.pathname === ENTRIES_PATH) return routeEntries(body, pageCap);
  const segments = segmentsOf(url.pathname);
  if (segments[0] === 'compute') return routeCompute(segments, url, pageCap);
  if (url.pathname === SEARCH_PATH) return routeProjectSearch(url, pageCap);
  const policyOf = /^\/v3\/projects\/([^/:]+):getIamPolicy$/.exec(url.pathname)?.[1];
  if (policyOf !== undefined) return routeProjectPolicy(decodeURIComponent(policyOf), url);
  if (segments[0] === 'v1') return routeIam(segments, url, pageCap);
  if (segments[0] === 'v2') return routeLogging(segments, url, pageCap);
  return notServed(url);
}

function injectedError(error: InjectedError, routed: GcpRoute, consumer: string): GoogleApiError {
  switch (error) {
    case 'throttle':
      return quotaExceeded(routed.api.service, routed.quota, consumer);
    case 'server-error':
      return internalError();
    case 'unavailable':
      return serviceUnavailable();
    case 'access-denied':
      return routed.denied();
  }
}

export function createGcpCloud(gcp: GcpEstate): EmulatedCloud {
  const estate = new GcpEstateView(gcp);
  const tokens = new Map(gcp.tokens.map((t) => [t.token, t] as const));

  return {
    id: 'gcp',
    // The Google listener serves nothing else, so every request that reaches it is Google's.
    accepts: () => true,
    identify(request: EmulatorRequest, context: CallContext): ServiceCall {
      const url = new URL(request.url, 'http://emulator.invalid');
      const routed = route(url, context.pageCap, request.body);
      const view = routed.project === undefined ? undefined : estate.project(routed.project);
      const base = { service: routed.service, action: routed.action, account: view?.id ?? routed.project, region: routed.region, params: routed.params };
      const refused = (refusal: Answer): ServiceCall => ({ ...base, authenticated: false, serve: () => refusal, fail: () => refusal });
      const caller = authenticate(request, tokens, routed.api);
      if (caller instanceof GoogleApiError) return refused(googleErrorAnswer(caller));
      if ('refusal' in routed) return refused(routed.refusal);
      const serve = (): Answer =>
        answering(() => {
          if (request.method !== (routed.method ?? 'GET')) {
            throw new GoogleApiError('UNIMPLEMENTED', `The snapaudit emulator is read-only: ${request.method} ${url.pathname} is not served.`, 'notImplemented');
          }
          const body = request.body;
          if (routed.project === undefined) return routed.answer({ caller, estate, view: undefined, body });
          if (caller.projects.includes(view?.id ?? routed.project)) return routed.answer({ caller, estate, view, body });
          // Anyone may list a public image project's images; anything else on a project the token
          // cannot see is denied, whether or not the project exists.
          const publicView = routed.publicRead === true ? estate.publicImageProject(routed.project) : undefined;
          if (publicView !== undefined) return routed.answer({ caller, estate, view: publicView });
          throw routed.denied();
        });
      const consumer = `project_number:${view?.number ?? estate.project(caller.projects[0] ?? '')?.number ?? '0'}`;
      const fail = (error: InjectedError): Answer => googleErrorAnswer(injectedError(error, routed, consumer));
      return { ...base, rateLimit: routed.rateLimit, authenticated: true, serve, fail };
    },
  };
}
