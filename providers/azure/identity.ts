// Who can copy a subscription's disks out (M1018), and would anyone see it (M1047): its role
// assignments (at, above and below the subscription), the role definitions they name, and its
// Activity Log diagnostic settings. Read-only and paced like every other ARM read; a failed read
// is an Unknown plus a coverage line, never "nobody" or "not logged".
import type { RoleAssignment, RoleDefinition } from '@azure/arm-authorization';
import type { CoverageRecorder } from '../../src/coverage.js';
import { isUnknown, unknownValue, type AccountSecurity, type AuditCoverage, type Maybe, type Principal } from '../../src/model.js';
import type { TrustResolver } from '../../src/trust.js';
import { activityLogAudit, azureAccountSecurity, DIAGNOSTIC_SETTINGS_API_VERSION, type SubscriptionDiagnosticSetting } from './audit.js';
import type { AzureClientFactory } from './clients.js';
import { roleGuidOf, toPrincipals } from './rbac.js';

export const ROLE_ASSIGNMENTS_READ = 'Microsoft.Authorization/roleAssignments/read';
export const ROLE_DEFINITIONS_READ = 'Microsoft.Authorization/roleDefinitions/read';
export const DIAGNOSTIC_SETTINGS_READ = 'Microsoft.Insights/diagnosticSettings/read';

/** Reads one list; a failure becomes an Unknown and a coverage gap (the caller's `list`). */
export type ListReader = <T>(operation: string, items: () => AsyncIterable<T>, resourceId?: string) => Promise<Maybe<T[]>>;
/** Reads one item; the same contract. */
export type GetReader = <T>(operation: string, item: () => Promise<T>, resourceId?: string) => Promise<Maybe<T>>;

export interface IdentityJob {
  readonly subscription: string;
  readonly clients: AzureClientFactory;
  readonly coverage: CoverageRecorder;
  readonly trust: TrustResolver;
  readonly list: ListReader;
  readonly get: GetReader;
}

export interface IdentityRead {
  readonly principals: Principal[];
  readonly accountSecurity: AccountSecurity;
  readonly audit: (location: string | undefined) => AuditCoverage;
}

/** ARM paths take scopes without their leading slash (the SDK adds one). */
const bare = (id: string): string => id.replace(/^\/+/, '');

/**
 * The subscription's role definitions (built-in and custom) in one listing, then, one by one, any
 * an assignment names that the listing lacked (a custom role defined on a management group).
 */
async function readDefinitions(job: IdentityJob, assignments: readonly RoleAssignment[]): Promise<Map<string, Maybe<RoleDefinition>>> {
  const authorization = job.clients.authorization(job.subscription);
  const listed = await job.list<RoleDefinition>(ROLE_DEFINITIONS_READ, () => authorization.roleDefinitions.list(`subscriptions/${job.subscription}`));
  const definitions = new Map<string, Maybe<RoleDefinition>>();
  const named = new Map(assignments.flatMap((a) => (a.roleDefinitionId ? [[roleGuidOf(a.roleDefinitionId), a.roleDefinitionId] as const] : [])));
  if (isUnknown(listed)) {
    // The same permission would refuse each one: no point asking again per role.
    for (const guid of named.keys()) definitions.set(guid, listed);
    return definitions;
  }
  for (const definition of listed) {
    const guid = definition.name ?? (definition.id ? roleGuidOf(definition.id) : undefined);
    if (guid) definitions.set(guid.toLowerCase(), definition);
  }
  const missing = [...named].filter(([guid]) => !definitions.has(guid));
  await Promise.all(
    missing.map(async ([guid, id]) => {
      definitions.set(guid, await job.get(ROLE_DEFINITIONS_READ, () => authorization.roleDefinitions.getById(bare(id)), id));
    }),
  );
  return definitions;
}

export async function readIdentity(job: IdentityJob): Promise<IdentityRead> {
  const authorization = job.clients.authorization(job.subscription);
  const [assignments, settings] = await Promise.all([
    job.list<RoleAssignment>(ROLE_ASSIGNMENTS_READ, () => authorization.roleAssignments.listForSubscription()),
    job.list<SubscriptionDiagnosticSetting>(DIAGNOSTIC_SETTINGS_READ, () =>
      job.clients.rest(job.subscription).list(`/subscriptions/${job.subscription}/providers/Microsoft.Insights/diagnosticSettings`, DIAGNOSTIC_SETTINGS_API_VERSION),
    ),
  ]);
  const audit = (location: string | undefined): AuditCoverage => activityLogAudit(settings, { subscription: job.subscription, ...(location ? { location } : {}) });
  if (isUnknown(assignments)) {
    return { principals: [], accountSecurity: azureAccountSecurity(job.subscription, unknownValue(assignments.reason)), audit };
  }
  const definitions = await readDefinitions(job, assignments);
  const principals = toPrincipals({ assignments, definitions }, { subscription: job.subscription, trust: job.trust });
  const readable = [...definitions.values()].filter((d) => !isUnknown(d)).length;
  job.coverage.ok(
    'global',
    'Microsoft.Authorization',
    `${assignments.length} role assignments of ${principals.length} principals and ${readable} role definitions read; ` +
      'deny assignments are not read, so a permission a deny assignment blocks is still reported as held',
  );
  return { principals, accountSecurity: azureAccountSecurity(job.subscription, { listed: principals.length }), audit };
}
