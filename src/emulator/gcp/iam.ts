// IAM v1 (`/v1/...`): predefined roles (`roles/{role}`), a project's custom roles
// (`projects/{p}/roles/{role}`), its service accounts (paged: `pageSize` 20 by default, 100 at most)
// and a service account's keys (`keyTypes` filters; not paged). Answers carry no private key
// material, as Google's `keys.list` never does. Actions are the IAM permissions each call needs.
import type { GcpServiceAccountEstate } from '../estate.js';
import type { RateLimitPolicy } from '../types.js';
import { GoogleApiError, googleJson, iamPermissionDenied, invalidField, notFound, type Quota } from './errors.js';
import { pageOf } from './paging.js';
import { predefinedRole } from './predefined-roles.js';
import { queryParams, type GcpRoute, type Unserved } from './route.js';
import type { ProjectView } from './view.js';

export const IAM_SERVICE = 'iam';
const API = 'iam.googleapis.com';

export const ROLES_GET = 'iam.roles.get';
export const SERVICE_ACCOUNTS_LIST = 'iam.serviceAccounts.list';
export const KEYS_LIST = 'iam.serviceAccountKeys.list';
export const IAM_PERMISSIONS: readonly string[] = [ROLES_GET, SERVICE_ACCOUNTS_LIST, KEYS_LIST];

/** IAM reads: 6,000 per minute per project. */
const RATE_LIMIT: RateLimitPolicy = { scope: 'service', defaults: { burst: 6000, refillPerSecond: 100 } };
const QUOTA: Quota = {
  metricName: 'Read requests',
  metric: 'iam.googleapis.com/read_requests',
  limitName: 'ReadRequestsPerMinutePerProject',
  limitDisplayName: 'Read requests per minute',
  limitValue: 6000,
};

const SERVICE_ACCOUNT_DEFAULT_PAGE = 20;
const SERVICE_ACCOUNT_MAX_PAGE = 100;
/** A user-managed key's end of validity when the estate gives none: ten years after it was made. */
function tenYearsAfter(iso: string): string {
  const date = new Date(iso);
  date.setUTCFullYear(date.getUTCFullYear() + 10);
  return date.toISOString();
}

export function serviceAccountEmail(view: ProjectView, account: GcpServiceAccountEstate): string {
  return account.email ?? `${account.accountId}@${view.id}.iam.gserviceaccount.com`;
}

/** A numeric id for a service account, stable per email (21 digits, as Google's unique ids). */
function uniqueId(email: string): string {
  let hash = 0n;
  for (const c of email) hash = (hash * 131n + BigInt(c.codePointAt(0) ?? 0)) % 10n ** 20n;
  return (10n ** 20n + hash).toString();
}

function pageSize(url: URL, pageCap: number | undefined): number {
  const raw = url.searchParams.get('pageSize');
  let size = SERVICE_ACCOUNT_DEFAULT_PAGE;
  if (raw !== null && raw !== '') {
    if (!/^\d+$/.test(raw)) throw invalidField('pageSize', raw, 'Must be a non-negative integer.');
    if (Number(raw) > 0) size = Math.min(Number(raw), SERVICE_ACCOUNT_MAX_PAGE);
  }
  return Math.min(size, pageCap ?? size);
}

function base(action: string, method: string, project: string | undefined, url: URL): Omit<GcpRoute, 'answer' | 'denied'> {
  return {
    service: IAM_SERVICE,
    action,
    project,
    region: 'global',
    params: { ...queryParams(url), ...(project === undefined ? {} : { project }) },
    api: { service: API, method: `google.iam.admin.v1.IAM.${method}` },
    rateLimit: RATE_LIMIT,
    quota: QUOTA,
  };
}

function routeRole(role: string, url: URL): GcpRoute {
  return {
    ...base(ROLES_GET, 'GetRole', undefined, url),
    params: { ...queryParams(url), role },
    denied: () => iamPermissionDenied(API, ROLES_GET, role),
    answer() {
      const found = predefinedRole(role);
      if (found === undefined) throw notFound(`The role named ${role} was not found.`);
      return googleJson({ name: found.name, title: found.title, description: found.description, includedPermissions: found.includedPermissions, stage: found.stage, etag: 'AA==' });
    },
  };
}

function requireView(view: ProjectView | undefined, project: string): ProjectView {
  if (view === undefined) throw notFound(`Project ${project} not found or deleted.`);
  return view;
}

function routeCustomRole(project: string, roleId: string, url: URL): GcpRoute {
  const name = `projects/${project}/roles/${roleId}`;
  return {
    ...base(ROLES_GET, 'GetRole', project, url),
    params: { ...queryParams(url), project, role: name },
    denied: () => iamPermissionDenied(API, ROLES_GET, name),
    answer({ view }) {
      const role = requireView(view, project).project.customRoles.find((r) => r.roleId === roleId);
      if (role === undefined) throw notFound(`The role named ${name} was not found.`);
      return googleJson({
        name: `projects/${requireView(view, project).id}/roles/${role.roleId}`,
        title: role.title ?? role.roleId,
        description: role.description,
        includedPermissions: role.includedPermissions.length === 0 ? undefined : [...role.includedPermissions].sort(),
        // An ALPHA role's stage is left out of the answer, as IAM does.
        stage: role.stage === 'ALPHA' ? undefined : role.stage,
        etag: 'BwYC0STOM=',
        deleted: role.deleted ? true : undefined,
      });
    },
  };
}

function routeServiceAccounts(project: string, url: URL, pageCap: number | undefined): GcpRoute {
  return {
    ...base(SERVICE_ACCOUNTS_LIST, 'ListServiceAccounts', project, url),
    denied: () => iamPermissionDenied(API, SERVICE_ACCOUNTS_LIST, `projects/${project}`),
    answer({ view, caller }) {
      const v = requireView(view, project);
      const page = pageOf(v.project.serviceAccounts, url, caller.token, pageSize(url, pageCap));
      const accounts = page.items.map((account) => {
        const email = serviceAccountEmail(v, account);
        return {
          name: `projects/${v.id}/serviceAccounts/${email}`,
          projectId: v.id,
          uniqueId: uniqueId(email),
          email,
          displayName: account.displayName,
          description: account.description,
          etag: 'MDEwMjE5MjA=',
          oauth2ClientId: uniqueId(email),
          disabled: account.disabled ? true : undefined,
        };
      });
      return googleJson({ accounts: accounts.length === 0 ? undefined : accounts, nextPageToken: page.nextPageToken });
    },
  };
}

const KEY_TYPES = new Set(['USER_MANAGED', 'SYSTEM_MANAGED']);

function routeKeys(project: string, account: string, url: URL): GcpRoute {
  const resource = `projects/${project}/serviceAccounts/${account}`;
  return {
    ...base(KEYS_LIST, 'ListServiceAccountKeys', project, url),
    params: { ...queryParams(url), project, serviceAccount: account },
    denied: () => iamPermissionDenied(API, KEYS_LIST, resource),
    answer({ view }) {
      const v = requireView(view, project);
      const found = v.project.serviceAccounts.find((a) => serviceAccountEmail(v, a) === account);
      if (found === undefined) throw notFound(`Service account ${resource} does not exist.`);
      const wanted = url.searchParams.getAll('keyTypes');
      for (const type of wanted) if (!KEY_TYPES.has(type)) throw invalidField('keyTypes', type, 'Must be USER_MANAGED or SYSTEM_MANAGED.');
      const keys = found.keys
        .filter((k) => wanted.length === 0 || wanted.includes(k.keyType))
        .map((k) => ({
          name: `projects/${v.id}/serviceAccounts/${serviceAccountEmail(v, found)}/keys/${k.id}`,
          validAfterTime: new Date(k.createdAt).toISOString().replace('.000Z', 'Z'),
          validBeforeTime: new Date(k.validBeforeTime ?? tenYearsAfter(k.createdAt)).toISOString().replace('.000Z', 'Z'),
          keyAlgorithm: 'KEY_ALG_RSA_2048',
          keyOrigin: k.keyOrigin,
          keyType: k.keyType,
          disabled: k.disabled ? true : undefined,
        }));
      return googleJson({ keys: keys.length === 0 ? undefined : keys });
    },
  };
}

function notServed(url: URL): Unserved {
  const error = new GoogleApiError('NOT_FOUND', `The requested path '${url.pathname}' is not served by the snapaudit emulator.`, 'notFound', { legacy: false });
  return { service: IAM_SERVICE, action: '', project: undefined, region: 'global', params: {}, api: { service: API, method: '' }, refusal: { response: { status: 404, headers: { 'content-type': 'application/json; charset=UTF-8' }, body: JSON.stringify({ error: { code: 404, message: error.message, status: 'NOT_FOUND' } }) }, errorCode: 'NOT_FOUND' } };
}

/** Routes `/v1/roles/...` and `/v1/projects/{p}/(roles|serviceAccounts)...`; `segments` are decoded. */
export function routeIam(segments: readonly string[], url: URL, pageCap: number | undefined): GcpRoute | Unserved {
  const [, root, a, b, c, d, e] = segments;
  if (root === 'roles' && a !== undefined && b === undefined) return routeRole(`roles/${a}`, url);
  if (root === 'projects' && a !== undefined) {
    if (b === 'roles' && c !== undefined && d === undefined) return routeCustomRole(a, c, url);
    if (b === 'serviceAccounts' && c === undefined) return routeServiceAccounts(a, url, pageCap);
    if (b === 'serviceAccounts' && c !== undefined && d === 'keys' && e === undefined) return routeKeys(a, c, url);
  }
  return notServed(url);
}
