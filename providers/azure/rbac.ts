// Azure RBAC read for what matters to T1578.001 and T1537: which role assignments let a principal
// make, widen, read out or restore a snapshot or disk, or open a VM to the internet, and over what
// scope. Pure functions of the role assignments and role definitions ARM returns.
//
// A role definition allows an operation when one of its permission blocks names it in `actions`
// (`dataActions` for a data operation) and the same block does not name it in `notActions`
// (`notDataActions`). `*` matches any run of characters, slashes included (`*`, `Microsoft.Compute/*`,
// `*/read`, `Microsoft.Compute/*/write`), and names compare without regard to case, as ARM does.
// `notActions` only subtracts from its own block: another assignment can still grant the operation.
// Deny assignments, which do block, are not read (see the coverage note in identity.ts).
import type { RoleAssignment, RoleDefinition } from '@azure/arm-authorization';
import { isUnknown, unknownValue, type Capability, type CapabilityGrant, type Maybe, type Principal, type PrincipalKind, type Unknown } from '../../src/model.js';
import type { TrustResolver } from '../../src/trust.js';

export type Plane = 'control' | 'data';

/** An operation that gives a capability, and why it does. */
export interface CapabilityOperation {
  readonly capability: Capability;
  readonly operation: string;
  readonly plane: Plane;
  readonly reason: string;
}

/**
 * The operations that make up each capability. An operation can give more than one: writing a
 * snapshot both makes one and can reopen an existing one to every network.
 */
export const CAPABILITY_OPERATIONS: readonly CapabilityOperation[] = [
  // create: a new copy of a disk's data, under the holder's control.
  { capability: 'create', operation: 'Microsoft.Compute/snapshots/write', plane: 'control', reason: 'creates a snapshot of any disk (or snapshot) it can read, or copies one to another region' },
  { capability: 'create', operation: 'Microsoft.Compute/images/write', plane: 'control', reason: 'creates a managed image from a disk, snapshot or VM' },
  { capability: 'create', operation: 'Microsoft.Compute/galleries/images/versions/write', plane: 'control', reason: 'creates a gallery image version from a disk or snapshot, which the gallery then shares' },
  { capability: 'create', operation: 'Microsoft.Compute/restorePointCollections/restorePoints/write', plane: 'control', reason: "creates a restore point: a snapshot of every disk of a VM" },
  // share: widen who may use an existing copy.
  { capability: 'share', operation: 'Microsoft.Compute/snapshots/write', plane: 'control', reason: 'can set a snapshot to networkAccessPolicy AllowAll, public network access on and data access without Entra ID' },
  { capability: 'share', operation: 'Microsoft.Compute/disks/write', plane: 'control', reason: 'can open a disk to every network the same way' },
  { capability: 'share', operation: 'Microsoft.Compute/galleries/share/action', plane: 'control', reason: 'shares a Compute Gallery with other subscriptions, tenants or the whole community' },
  {
    capability: 'share',
    operation: 'Microsoft.Authorization/roleAssignments/write',
    plane: 'control',
    reason: 'assigns roles: can let any identity of the directory, guests and foreign groups included, read a snapshot out (and grant itself anything it lacks)',
  },
  // export: read the data out, wherever the holder likes.
  { capability: 'export', operation: 'Microsoft.Compute/snapshots/beginGetAccess/action', plane: 'control', reason: 'generates a SAS export link that downloads the whole snapshot' },
  { capability: 'export', operation: 'Microsoft.Compute/disks/beginGetAccess/action', plane: 'control', reason: 'generates a SAS export link that downloads the whole disk' },
  { capability: 'export', operation: 'Microsoft.Compute/restorePointCollections/restorePoints/diskRestorePoints/beginGetAccess/action', plane: 'control', reason: 'generates a SAS export link for a disk restore point' },
  { capability: 'export', operation: 'Microsoft.Compute/snapshots/download/action', plane: 'data', reason: 'reads a snapshot through an export link that demands Entra ID sign-in' },
  { capability: 'export', operation: 'Microsoft.Compute/disks/download/action', plane: 'data', reason: 'reads a disk through an export link that demands Entra ID sign-in' },
  // restore: turn a copy back into a disk or a running machine.
  { capability: 'restore', operation: 'Microsoft.Compute/disks/write', plane: 'control', reason: 'creates a disk from a snapshot, restore point or another disk' },
  { capability: 'restore', operation: 'Microsoft.Compute/virtualMachines/write', plane: 'control', reason: 'creates a VM, or attaches a restored disk to one' },
  // open-ingress: let the internet reach a machine.
  { capability: 'open-ingress', operation: 'Microsoft.Network/networkSecurityGroups/securityRules/write', plane: 'control', reason: 'adds an NSG rule that allows the internet in' },
  { capability: 'open-ingress', operation: 'Microsoft.Network/networkSecurityGroups/write', plane: 'control', reason: 'rewrites an NSG, rules included' },
  { capability: 'open-ingress', operation: 'Microsoft.Network/publicIPAddresses/write', plane: 'control', reason: 'creates a public IP address' },
  { capability: 'open-ingress', operation: 'Microsoft.Network/publicIPAddresses/join/action', plane: 'control', reason: 'attaches a public IP address to a network interface' },
  { capability: 'open-ingress', operation: 'Microsoft.Network/networkInterfaces/write', plane: 'control', reason: 'puts a public IP on a network interface or swaps its NSG' },
  { capability: 'open-ingress', operation: 'Microsoft.Network/virtualNetworks/subnets/write', plane: 'control', reason: "removes or swaps a subnet's NSG" },
];

/** Writing role assignments at a scope lets the holder grant itself (or anyone) any role there. */
export const ROLE_ASSIGNMENT_WRITE = 'Microsoft.Authorization/roleAssignments/write';

export interface PermissionBlock {
  readonly actions?: readonly string[];
  readonly notActions?: readonly string[];
  readonly dataActions?: readonly string[];
  readonly notDataActions?: readonly string[];
}

function patternOf(pattern: string): RegExp {
  const escaped = pattern.trim().replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`, 'i');
}

/** Whether an action pattern from a role definition covers an operation. */
export function actionMatches(pattern: string, operation: string): boolean {
  return patternOf(pattern).test(operation);
}

/** Whether a role definition's permission blocks allow an operation of the given plane. */
export function allows(permissions: readonly PermissionBlock[], operation: string, plane: Plane = 'control'): boolean {
  return permissions.some((block) => {
    const granted = (plane === 'control' ? block.actions : block.dataActions) ?? [];
    const excluded = (plane === 'control' ? block.notActions : block.notDataActions) ?? [];
    return granted.some((p) => actionMatches(p, operation)) && !excluded.some((p) => actionMatches(p, operation));
  });
}

/** Each capability a role definition gives, with the operations that give it (sorted). */
export function capabilitiesOf(permissions: readonly PermissionBlock[]): ReadonlyMap<Capability, readonly string[]> {
  const out = new Map<Capability, string[]>();
  for (const op of CAPABILITY_OPERATIONS) {
    if (!allows(permissions, op.operation, op.plane)) continue;
    const list = out.get(op.capability) ?? [];
    list.push(op.operation);
    out.set(op.capability, list);
  }
  for (const list of out.values()) list.sort();
  return out;
}

/** Can grant roles, so whatever it lacks today it can give itself. */
export function grantsRoles(permissions: readonly PermissionBlock[]): boolean {
  return allows(permissions, ROLE_ASSIGNMENT_WRITE);
}

export type ScopeLevel = 'above' | 'subscription' | 'resource-group' | 'resource' | 'elsewhere';

/** Where an assignment's scope sits relative to the audited subscription. */
export function scopeLevel(scope: string, subscription: string): ScopeLevel {
  const s = scope.trim().replace(/\/+$/, '').toLowerCase();
  if (s === '' || s.startsWith('/providers/microsoft.management/managementgroups/')) return 'above';
  const own = `/subscriptions/${subscription.toLowerCase()}`;
  if (s === own) return 'subscription';
  if (!s.startsWith(`${own}/`)) return 'elsewhere';
  const rest = s.slice(own.length + 1).split('/');
  return rest.length === 2 && rest[0] === 'resourcegroups' ? 'resource-group' : 'resource';
}

/** The whole subscription is in reach: assigned at the subscription, a management group or the root. */
export function isSubscriptionWide(scope: string, subscription: string): boolean {
  const level = scopeLevel(scope, subscription);
  return level === 'above' || level === 'subscription';
}

/** What a grant reaches inside the audited subscription: an inherited assignment reaches all of it. */
export function reachOf(scope: string, subscription: string): string {
  return scopeLevel(scope, subscription) === 'above' ? `/subscriptions/${subscription}` : scope;
}

/** The GUID a role definition id ends with; ids of the same role differ by the scope they are read at. */
export function roleGuidOf(roleDefinitionId: string): string {
  return (roleDefinitionId.split('/').filter(Boolean).pop() ?? roleDefinitionId).toLowerCase();
}

const ASSIGNMENT_ID = /\/providers\/Microsoft\.Authorization\/roleAssignments\//i;
const DEFINITION_ID = /\/providers\/Microsoft\.Authorization\/roleDefinitions\//i;

/** The parts of a grant's `via`: the role assignment id, the role definition id, the role's name. */
export function viaParts(via: readonly string[]): { assignments: string[]; definitions: string[]; roles: string[] } {
  return {
    assignments: via.filter((v) => ASSIGNMENT_ID.test(v)),
    definitions: via.filter((v) => DEFINITION_ID.test(v)),
    roles: via.filter((v) => !v.startsWith('/')),
  };
}

/** A role's name as the reviewer reads it, with `(custom role)` for a custom one. */
export function roleLabel(definition: RoleDefinition): string {
  const name = definition.roleName ?? definition.name ?? 'an unnamed role';
  return definition.roleType === 'CustomRole' ? `${name} (custom role)` : name;
}

/** Why MFA cannot be read: it lives in Entra ID, not in Azure RBAC. */
export const ENTRA_MFA_REASON =
  'MFA for Azure sign-ins is enforced by Microsoft Entra ID Conditional Access or security defaults, which Azure Resource Manager does not expose; reading it needs Microsoft Graph';

const KINDS: Readonly<Record<string, PrincipalKind>> = {
  user: 'user',
  group: 'group',
  foreigngroup: 'group',
  serviceprincipal: 'service-principal',
};

export interface RbacContext {
  readonly subscription: string;
  readonly trust: TrustResolver;
}

export interface RbacRead {
  readonly assignments: readonly RoleAssignment[];
  /** Role definitions by the lower-cased GUID their id ends with; Unknown when one could not be read. */
  readonly definitions: ReadonlyMap<string, Maybe<RoleDefinition>>;
}

interface PrincipalAssignments {
  readonly id: string;
  readonly type: string | undefined;
  readonly assignments: RoleAssignment[];
}

function definitionOf(read: RbacRead, assignment: RoleAssignment): Maybe<RoleDefinition> {
  const id = assignment.roleDefinitionId;
  if (!id) return unknownValue(`role assignment ${assignment.id ?? '(unnamed)'} names no role definition`);
  return read.definitions.get(roleGuidOf(id)) ?? unknownValue(`role definition ${id} was not found`);
}

/** The grants one assignment gives, one per capability. */
export function grantsOf(assignment: RoleAssignment, definition: RoleDefinition, subscription: string): CapabilityGrant[] {
  const scope = assignment.scope ?? `/subscriptions/${subscription}`;
  const via = [assignment.id ?? '(unnamed role assignment)', definition.id ?? assignment.roleDefinitionId ?? '(unnamed role definition)', roleLabel(definition)];
  const conditions = assignment.condition ? [assignment.conditionVersion ? `${assignment.condition} (condition version ${assignment.conditionVersion})` : assignment.condition] : [];
  return [...capabilitiesOf(definition.permissions ?? [])].map(([capability, actions]) => ({
    capability,
    actions,
    resources: [reachOf(scope, subscription)],
    conditions,
    mfaRequired: false,
    via,
  }));
}

/** Privileged over the whole subscription: an unconditional assignment that can write role assignments there. */
function makesPrivileged(assignment: RoleAssignment, definition: RoleDefinition, subscription: string): boolean {
  return !assignment.condition && isSubscriptionWide(assignment.scope ?? '', subscription) && grantsRoles(definition.permissions ?? []);
}

function toPrincipal(group: PrincipalAssignments, read: RbacRead, ctx: RbacContext): Principal {
  const grants: CapabilityGrant[] = [];
  const unreadable: Unknown[] = [];
  let privileged = false;
  for (const assignment of group.assignments) {
    const definition = definitionOf(read, assignment);
    if (isUnknown(definition)) {
      unreadable.push(definition);
      continue;
    }
    grants.push(...grantsOf(assignment, definition, ctx.subscription));
    privileged ||= makesPrivileged(assignment, definition, ctx.subscription);
  }
  const type = group.type ?? 'Unknown';
  const kind = KINDS[type.toLowerCase()] ?? 'other';
  const verdict = ctx.trust.classify(group.id, { provider: 'azure', ownAccount: ctx.subscription });
  const reason = unreadable.map((u) => u.reason).join('; ');
  return {
    provider: 'azure',
    account: ctx.subscription,
    id: group.id,
    kind,
    // Whether a user is a guest, or a service principal a multi-tenant app of another tenant, is in
    // Entra ID (Microsoft Graph), not in ARM: unknown unless the config trusts the object id.
    trust: verdict.trust === 'trusted' ? 'trusted' : 'unknown',
    capabilities: unreadable.length > 0 ? unknownValue(reason) : grants,
    privileged: privileged || unreadable.length === 0 ? privileged : unknownValue(reason),
    ...(kind === 'user' || kind === 'group' ? { mfa: unknownValue(ENTRA_MFA_REASON) } : {}),
    ...(kind === 'user' ? { interactive: true } : kind === 'service-principal' ? { interactive: false } : {}),
  };
}

/** Every assignee of the subscription's role assignments, with what its roles let it do there. */
export function toPrincipals(read: RbacRead, ctx: RbacContext): Principal[] {
  const groups = new Map<string, PrincipalAssignments>();
  for (const assignment of read.assignments) {
    const id = assignment.principalId;
    if (!id) continue;
    const key = id.toLowerCase();
    const group = groups.get(key) ?? { id, type: assignment.principalType, assignments: [] };
    group.assignments.push(assignment);
    groups.set(key, group);
  }
  return [...groups.values()].map((g) => toPrincipal(g, read, ctx));
}
