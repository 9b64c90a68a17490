// Reads, per project, who can copy disks out and whether anyone would see it: the project IAM
// policy with its audit config (Resource Manager v3), the permissions of every role it binds (IAM
// v1 `roles.get`, cached for the whole run), the service accounts and their user-managed keys, and
// the log sinks with their exclusions (Logging v2). Every call goes through the authorized fetch,
// so it is paced, bounded in time and retried; a failed read is an Unknown and a coverage line.
import { CoverageRecorder } from '../../src/coverage.js';
import { isUnknown, unknownValue, type AccountSecurity, type AuditCoverage, type CoverageStatus, type Maybe, type Principal } from '../../src/model.js';
import type { CollectContext } from '../../src/provider.js';
import { errorLine } from '../../src/redact.js';
import { projectAuditCoverage, type GcpLogSink } from './audit.js';
import { callOptions, type GcpClients } from './clients.js';
import type { GcpMapContext } from './map.js';
import {
  projectAccountSecurity,
  projectPrincipals,
  rolePermissions,
  rolesOf,
  type GcpProjectPolicy,
  type GcpRole,
  type GcpServiceAccount,
  type GcpServiceAccountKey,
} from './principals.js';

/** Policy version 3 returns conditional bindings as they are, rather than refusing them. */
const POLICY_VERSION = 3;
/** IAM's largest page of service accounts. */
const SERVICE_ACCOUNT_PAGE = 100;
/** A listing that has not ended after this many pages is cut, and says so, rather than looping. */
const MAX_PAGES = 1_000;

export interface IdentityProject {
  readonly id: string;
  readonly parent?: string;
}

/** A role's permissions, or how reading them failed. */
type RoleRead = { readonly permissions: readonly string[] } | { readonly failure: Failure };

/** Role permissions fetched once per run, whichever project binds the role first. */
export type RoleCache = Map<string, Promise<RoleRead>>;

interface Failure {
  readonly status: Exclude<CoverageStatus, 'ok'>;
  readonly detail: string;
}

/** A failed IAM, Logging or Resource Manager read: denied, an API not enabled, or an error. */
export function classifyIdentityError(error: unknown, api: string): Failure {
  const e = (typeof error === 'object' && error !== null ? error : {}) as { code?: unknown; status?: unknown; reason?: unknown; message?: unknown };
  const message = typeof e.message === 'string' ? e.message : String(error);
  const code = typeof e.code === 'number' ? e.code : undefined;
  if (e.reason === 'SERVICE_DISABLED' || /has not been used in project|it is disabled/i.test(message)) {
    return { status: 'skipped', detail: errorLine(`the ${api} API is not enabled in the project: ${message}`) };
  }
  const denied = code === 7 || code === 16 || e.status === 401 || e.status === 403 || /Could not load the default credentials|invalid_grant/i.test(message);
  const extra = code === 8 ? '; throttled after all retries' : code === 14 ? '; unavailable after all retries' : '';
  return { status: denied ? 'denied' : 'error', detail: errorLine(`${message}${extra}`) };
}

interface Job {
  readonly project: IdentityProject;
  readonly clients: GcpClients;
  readonly coverage: CoverageRecorder;
  readonly context: CollectContext;
}

async function read<T>(job: Job, service: string, api: string, action: string, run: () => Promise<T>, resourceId?: string): Promise<Maybe<T>> {
  try {
    return await run();
  } catch (error) {
    const failure = classifyIdentityError(error, api);
    job.coverage.gap('global', service, failure.status, action, failure.detail, resourceId);
    return unknownValue(`${action} failed: ${failure.detail}`);
  }
}

/** Pages of a Google JSON listing (`nextPageToken`), items from `field`. */
async function listPages<T>(job: Job, base: URL, field: string, pageSize: number): Promise<T[]> {
  const items: T[] = [];
  let token: string | undefined;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const url = new URL(base);
    url.searchParams.set('pageSize', String(pageSize));
    if (token) url.searchParams.set('pageToken', token);
    const body = (await job.clients.getJson(url)) as Record<string, unknown>;
    const list = body[field];
    if (Array.isArray(list)) items.push(...(list as T[]));
    token = typeof body['nextPageToken'] === 'string' && body['nextPageToken'] !== '' ? body['nextPageToken'] : undefined;
    if (!token) return items;
  }
  throw Object.assign(new Error(`${base.pathname} did not end after ${MAX_PAGES} pages`), { code: 2 });
}

/** `roles/X`, `projects/P/roles/X` and `organizations/O/roles/X` are all under IAM's `v1/`. */
function roleUrl(root: URL, role: string): URL {
  return new URL(`v1/${role.split('/').map(encodeURIComponent).join('/')}`, root);
}

function readRole(job: Job, cache: RoleCache, role: string): Promise<RoleRead> {
  let pending = cache.get(role);
  if (!pending) {
    pending = (async (): Promise<RoleRead> => {
      try {
        const body = (await job.clients.getJson(roleUrl(job.clients.iamRoot, role))) as GcpRole;
        return { permissions: rolePermissions(body) };
      } catch (error) {
        return { failure: classifyIdentityError(error, 'IAM') };
      }
    })();
    cache.set(role, pending);
  }
  return pending;
}

export interface IdentityResult {
  readonly principals: Principal[];
  readonly accountSecurity: AccountSecurity;
  readonly audit: AuditCoverage;
}

export async function collectIdentity(job: Job, cache: RoleCache, ctx: GcpMapContext, now: Date): Promise<IdentityResult> {
  const { project, clients } = job;
  const p = project.id;
  const projectPath = `projects/${encodeURIComponent(p)}`;
  const policyRead = read(job, 'cloudresourcemanager', 'Resource Manager', 'resourcemanager.projects.getIamPolicy', async () => {
    const [policy] = await clients.projects().getIamPolicy({ resource: `projects/${p}`, options: { requestedPolicyVersion: POLICY_VERSION } }, callOptions());
    return policy as GcpProjectPolicy;
  });
  const accountsRead = read(job, 'iam', 'IAM', 'iam.serviceAccounts.list', () =>
    listPages<GcpServiceAccount>(job, new URL(`v1/${projectPath}/serviceAccounts`, clients.iamRoot), 'accounts', SERVICE_ACCOUNT_PAGE),
  );
  const sinksRead = read(job, 'logging', 'Cloud Logging', 'logging.sinks.list', () => listPages<GcpLogSink>(job, new URL(`v2/${projectPath}/sinks`, clients.loggingRoot), 'sinks', 200));

  const policy = await policyRead;
  const roles = new Map<string, Maybe<readonly string[]>>();
  if (!isUnknown(policy)) {
    await Promise.all(
      rolesOf(policy).map(async (role) => {
        const read = await readRole(job, cache, role);
        // Each project that binds an unreadable role says so in its own coverage.
        if ('failure' in read) job.coverage.gap('global', 'iam', read.failure.status, 'iam.roles.get', read.failure.detail, role);
        roles.set(role, 'failure' in read ? unknownValue(`iam.roles.get failed: ${read.failure.detail}`) : read.permissions);
      }),
    );
  }

  const accounts = await accountsRead;
  const keys = new Map<string, Maybe<readonly GcpServiceAccountKey[]>>();
  if (!isUnknown(accounts)) {
    await Promise.all(
      accounts.map((account) =>
        job.context.pacer.run(`gcp:${p}:iam-keys`, async () => {
          if (!account.email) return;
          const url = new URL(`v1/${projectPath}/serviceAccounts/${encodeURIComponent(account.email)}/keys`, clients.iamRoot);
          url.searchParams.set('keyTypes', 'USER_MANAGED');
          const listed = await read(
            job,
            'iam',
            'IAM',
            'iam.serviceAccountKeys.list',
            async () => {
              const body = (await clients.getJson(url)) as { keys?: GcpServiceAccountKey[] };
              // Asked for user-managed keys only; a system-managed one in the answer is not ours to judge.
              return (body.keys ?? []).filter((k) => k.keyType === undefined || k.keyType === 'USER_MANAGED');
            },
            account.email,
          );
          keys.set(account.email, listed);
        }),
      ),
    );
  }
  const sinks = await sinksRead;

  const principals = projectPrincipals({ project: p, policy, roles, serviceAccounts: accounts, keys, ctx, now });
  if (!isUnknown(policy)) job.coverage.ok('global', 'iam', `${principals.length} principals and ${roles.size} roles read`);
  if (!isUnknown(sinks)) job.coverage.ok('global', 'logging', `${sinks.length} log sinks read`);
  return {
    principals,
    accountSecurity: projectAccountSecurity(p, policy, principals),
    audit: projectAuditCoverage({ project: p, ...(project.parent ? { parent: project.parent } : {}), policy, sinks }),
  };
}
