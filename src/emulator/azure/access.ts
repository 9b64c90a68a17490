// Who may do what in a subscription, and where its Activity Log goes, as ARM serves them:
// Microsoft.Authorization role assignments (listed for the subscription: at, above and below it)
// and role definitions (the built-in ones the emulator knows and the subscription's custom roles,
// listed at the subscription or read one by one), and Microsoft.Insights subscription diagnostic
// settings, and the Activity Log (activity-log.ts). These are extension resources of the subscription: `/subscriptions/{s}/providers/{ns}/{type}`.
import type { AzureSubscriptionEstate } from '../estate.js';
import { BUILT_IN_ROLES, builtInRole, type BuiltInRole } from './built-in-roles.js';
import { activityLogRoute } from './activity-log.js';
import { ArmError } from './errors.js';
import { sameId, stableGuid } from './ids.js';
import type { SubscriptionView } from './view.js';

type RoleAssignmentEstate = AzureSubscriptionEstate['roleAssignments'][number];
type CustomRoleEstate = AzureSubscriptionEstate['customRoles'][number];
type DiagnosticSettingEstate = AzureSubscriptionEstate['diagnosticSettings'][number];

/** A type served below `/subscriptions/{s}/providers/{provider}/`. */
export interface ExtensionRoute {
  readonly provider: 'Microsoft.Authorization' | 'Microsoft.Insights';
  readonly type: string;
  /** Fixed segments after the type (`eventtypes/management/values`); absent: `{type}[/{name}]`. */
  readonly path?: readonly string[];
  /** The RBAC operation a read needs. */
  readonly action: string;
  /** Whether ARM pages the list with nextLink. */
  readonly paged: boolean;
  /** The list; throws an ArmError for a `$filter` ARM would refuse. */
  list(view: SubscriptionView, query: URLSearchParams): readonly unknown[];
  /** One item by name; throws an ArmError when there is none. Absent: no GET of one item. */
  one?(view: SubscriptionView, name: string): unknown;
}

const AUTHORIZATION = 'Microsoft.Authorization';
const ROLE_DEFINITIONS = `${AUTHORIZATION}/roleDefinitions`;
const ROLE_ASSIGNMENTS = `${AUTHORIZATION}/roleAssignments`;

const subscriptionScope = (view: SubscriptionView): string => `/subscriptions/${view.subscriptionId}`;

interface Definition {
  readonly guid: string;
  readonly roleName: string;
  readonly roleType: 'BuiltInRole' | 'CustomRole';
  readonly description: string;
  readonly assignableScopes: readonly string[];
  readonly permissions: Pick<BuiltInRole, 'actions' | 'notActions' | 'dataActions' | 'notDataActions'>;
}

function customGuid(view: SubscriptionView, role: CustomRoleEstate): string {
  return role.id ?? stableGuid(`custom-role:${view.subscriptionId.toLowerCase()}:${role.roleName.toLowerCase()}`);
}

function definitions(view: SubscriptionView): Definition[] {
  const builtIn = BUILT_IN_ROLES.map((r): Definition => ({ guid: r.id, roleName: r.roleName, roleType: 'BuiltInRole', description: r.description, assignableScopes: ['/'], permissions: r }));
  const custom = view.subscription.customRoles.map(
    (r): Definition => ({
      guid: customGuid(view, r),
      roleName: r.roleName,
      roleType: 'CustomRole',
      description: r.description,
      assignableScopes: r.assignableScopes ?? [subscriptionScope(view)],
      permissions: r,
    }),
  );
  return [...builtIn, ...custom];
}

function definitionGuid(view: SubscriptionView, roleName: string): string {
  const custom = view.subscription.customRoles.find((r) => sameId(r.roleName, roleName));
  return custom ? customGuid(view, custom) : (builtInRole(roleName)?.id ?? stableGuid(`unknown-role:${roleName}`));
}

const definitionId = (view: SubscriptionView, guid: string): string => `${subscriptionScope(view)}/providers/${ROLE_DEFINITIONS}/${guid}`;

function definitionJson(view: SubscriptionView, d: Definition): unknown {
  const { actions, notActions, dataActions, notDataActions } = d.permissions;
  return {
    id: definitionId(view, d.guid),
    name: d.guid,
    type: ROLE_DEFINITIONS,
    properties: {
      roleName: d.roleName,
      type: d.roleType,
      description: d.description,
      assignableScopes: d.assignableScopes,
      permissions: [{ actions, notActions, dataActions, notDataActions }],
      createdOn: '2015-02-02T21:55:09.880Z',
      updatedOn: '2026-01-01T00:00:00.000Z',
      createdBy: null,
      updatedBy: null,
    },
  };
}

function assignmentScope(view: SubscriptionView, assignment: RoleAssignmentEstate): string {
  return assignment.scope ?? subscriptionScope(view);
}

function assignmentJson(view: SubscriptionView, assignment: RoleAssignmentEstate): unknown {
  const scope = assignmentScope(view, assignment);
  const name = assignment.name ?? stableGuid(`role-assignment:${view.subscriptionId}:${assignment.principalId}:${assignment.role}:${scope}`.toLowerCase());
  return {
    id: `${scope === '/' ? '' : scope}/providers/${ROLE_ASSIGNMENTS}/${name}`,
    name,
    type: ROLE_ASSIGNMENTS,
    properties: {
      roleDefinitionId: definitionId(view, definitionGuid(view, assignment.role)),
      principalId: assignment.principalId,
      principalType: assignment.principalType,
      scope,
      condition: assignment.condition ?? null,
      conditionVersion: assignment.conditionVersion ?? null,
      description: assignment.description,
      createdOn: assignment.createdOn,
      updatedOn: assignment.createdOn,
      createdBy: null,
      updatedBy: null,
      delegatedManagedIdentityResourceId: null,
    },
  };
}

function unsupportedFilter(filter: string): ArmError {
  return new ArmError(400, 'UnsupportedQuery', `The filter '${filter}' is not supported (the snapaudit emulator serves atScope(), principalId eq '...', assignedTo('...'), roleName eq '...' and type eq '...').`);
}

/** `$filter` terms joined by `and`; each term a predicate, or an error for one that is not served. */
function filterOf<T>(query: URLSearchParams, terms: readonly [RegExp, (match: RegExpExecArray) => (item: T) => boolean][]): (item: T) => boolean {
  const filter = query.get('$filter')?.trim();
  if (!filter) return () => true;
  const predicates = filter.split(/\s+and\s+/i).map((term) => {
    for (const [pattern, make] of terms) {
      const match = pattern.exec(term.trim());
      if (match) return make(match);
    }
    throw unsupportedFilter(filter);
  });
  return (item) => predicates.every((p) => p(item));
}

/** At the subscription or above it (management groups, the root). */
function atOrAbove(view: SubscriptionView, scope: string): boolean {
  return scope === '/' || /^\/providers\/Microsoft\.Management\/managementGroups\//i.test(scope) || sameId(scope, subscriptionScope(view));
}

export const roleAssignmentsRoute: ExtensionRoute = {
  provider: AUTHORIZATION,
  type: 'roleAssignments',
  action: `${ROLE_ASSIGNMENTS}/read`,
  paged: true,
  list(view, query) {
    const keep = filterOf<RoleAssignmentEstate>(query, [
      [/^atScope\(\)$/i, () => (a) => atOrAbove(view, assignmentScope(view, a))],
      [/^principalId\s+eq\s+'([^']*)'$/i, (m) => (a) => sameId(a.principalId, m[1])],
      // Group membership lives in Entra ID, which the emulator does not model: direct assignments only.
      [/^assignedTo\('([^']*)'\)$/i, (m) => (a) => sameId(a.principalId, m[1])],
    ]);
    return view.subscription.roleAssignments.filter(keep).map((a) => assignmentJson(view, a));
  },
};

export const roleDefinitionsRoute: ExtensionRoute = {
  provider: AUTHORIZATION,
  type: 'roleDefinitions',
  action: `${ROLE_DEFINITIONS}/read`,
  paged: true,
  list(view, query) {
    const keep = filterOf<Definition>(query, [
      [/^roleName\s+eq\s+'([^']*)'$/i, (m) => (d) => sameId(d.roleName, m[1])],
      [/^type\s+eq\s+'([^']*)'$/i, (m) => (d) => sameId(d.roleType, m[1])],
    ]);
    const own = subscriptionScope(view);
    return definitions(view)
      .filter((d) => d.assignableScopes.some((s) => s === '/' || sameId(s, own)))
      .filter(keep)
      .map((d) => definitionJson(view, d));
  },
  one(view, name) {
    const found = definitions(view).find((d) => sameId(d.guid, name));
    if (found === undefined) throw new ArmError(404, 'RoleDefinitionDoesNotExist', `The specified role definition with ID '${name}' does not exist.`);
    return definitionJson(view, found);
  },
};

function diagnosticSettingJson(view: SubscriptionView, setting: DiagnosticSettingEstate): unknown {
  return {
    id: `${subscriptionScope(view)}/providers/microsoft.insights/diagnosticSettings/${setting.name}`,
    type: 'Microsoft.Insights/diagnosticSettings',
    name: setting.name,
    properties: {
      storageAccountId: setting.storageAccountId ?? null,
      serviceBusRuleId: null,
      workspaceId: setting.workspaceId ?? null,
      eventHubAuthorizationRuleId: setting.eventHubAuthorizationRuleId ?? null,
      eventHubName: setting.eventHubName ?? null,
      marketplacePartnerId: setting.marketplacePartnerId ?? null,
      logs: setting.logs.map((l) => ({ category: l.category ?? null, categoryGroup: l.categoryGroup ?? null, enabled: l.enabled })),
    },
  };
}

/** Subscription diagnostic settings: at most five, so ARM answers them in one unpaged list. */
export const diagnosticSettingsRoute: ExtensionRoute = {
  provider: 'Microsoft.Insights',
  type: 'diagnosticSettings',
  action: 'Microsoft.Insights/diagnosticSettings/read',
  paged: false,
  list: (view) => view.subscription.diagnosticSettings.map((s) => diagnosticSettingJson(view, s)),
  one(view, name) {
    const found = view.subscription.diagnosticSettings.find((s) => sameId(s.name, name));
    if (found === undefined) throw new ArmError(404, 'ResourceNotFound', `The diagnostic setting '${name}' doesn't exist.`);
    return diagnosticSettingJson(view, found);
  },
};

export const EXTENSION_ROUTES: readonly ExtensionRoute[] = [roleAssignmentsRoute, roleDefinitionsRoute, diagnosticSettingsRoute, activityLogRoute];
