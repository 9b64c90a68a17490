// Azure RBAC evaluation, as tables: action patterns (wildcards, case), notActions and data
// actions, the capabilities of the built-in roles, scopes, conditions, and principals built from
// assignments (privileged, unknown role definitions, kinds and what cannot be known without Graph).
import type { RoleAssignment, RoleDefinition } from '@azure/arm-authorization';
import { describe, expect, it } from 'vitest';
import {
  actionMatches,
  allows,
  capabilitiesOf,
  ENTRA_MFA_REASON,
  grantsRoles,
  isSubscriptionWide,
  reachOf,
  roleGuidOf,
  scopeLevel,
  toPrincipals,
  viaParts,
  type PermissionBlock,
} from '../../../providers/azure/rbac.js';
import { BUILT_IN_ROLES, builtInRole } from '../../../src/emulator/azure/built-in-roles.js';
import { isUnknown, unknownValue, type Capability, type Maybe, type Principal } from '../../../src/model.js';
import { createTrustResolver } from '../../../src/trust.js';

const SUB = '11111111-2222-4333-8444-555555555555';
const SCOPE = `/subscriptions/${SUB}`;
const RG_SCOPE = `${SCOPE}/resourceGroups/prod-rg`;

describe('actionMatches', () => {
  it.each([
    ['*', 'Microsoft.Compute/snapshots/beginGetAccess/action', true],
    ['Microsoft.Compute/*', 'Microsoft.Compute/snapshots/beginGetAccess/action', true],
    ['Microsoft.Compute/snapshots/*', 'Microsoft.Compute/snapshots/write', true],
    ['Microsoft.Compute/*/write', 'Microsoft.Compute/snapshots/write', true],
    ['Microsoft.Compute/*/action', 'Microsoft.Compute/disks/beginGetAccess/action', true],
    ['*/write', 'Microsoft.Network/networkSecurityGroups/securityRules/write', true],
    ['*/read', 'Microsoft.Compute/snapshots/write', false],
    ['*/write', 'Microsoft.Compute/snapshots/beginGetAccess/action', false],
    ['microsoft.compute/SNAPSHOTS/beginGetAccess/Action', 'Microsoft.Compute/snapshots/beginGetAccess/action', true],
    ['Microsoft.Compute/snapshots/beginGetAccess/action', 'Microsoft.Compute/snapshots/beginGetAccess/actions', false],
    ['Microsoft.Compute/snapshot*', 'Microsoft.Compute/snapshots/write', true],
    ['Microsoft.Compute/disks', 'Microsoft.Compute/disks/write', false],
    ['Microsoft.Compute.Extra/*', 'Microsoft.ComputeXExtra/x', false],
  ])('%s covers %s: %s', (pattern, operation, expected) => {
    expect(actionMatches(pattern, operation)).toBe(expected);
  });
});

describe('allows', () => {
  const block = (b: PermissionBlock): PermissionBlock[] => [b];
  it.each<[string, PermissionBlock[], string, 'control' | 'data', boolean]>([
    ['actions grant', block({ actions: ['Microsoft.Compute/*'] }), 'Microsoft.Compute/disks/beginGetAccess/action', 'control', true],
    ['notActions subtract', block({ actions: ['Microsoft.Compute/*'], notActions: ['Microsoft.Compute/*/beginGetAccess/action'] }), 'Microsoft.Compute/disks/beginGetAccess/action', 'control', false],
    ['notActions compare without case', block({ actions: ['*'], notActions: ['Microsoft.Authorization/*/Write'] }), 'Microsoft.Authorization/roleAssignments/write', 'control', false],
    ['`*` actions do not grant data actions', block({ actions: ['*'] }), 'Microsoft.Compute/snapshots/download/action', 'data', false],
    ['dataActions grant data actions', block({ dataActions: ['Microsoft.Compute/*/download/action'] }), 'Microsoft.Compute/snapshots/download/action', 'data', true],
    ['notDataActions subtract', block({ dataActions: ['Microsoft.Compute/*'], notDataActions: ['Microsoft.Compute/disks/*'] }), 'Microsoft.Compute/disks/download/action', 'data', false],
    ['dataActions do not grant control actions', block({ dataActions: ['*'] }), 'Microsoft.Compute/snapshots/write', 'control', false],
    [
      "one block's notActions do not reach another block",
      [{ actions: ['Microsoft.Compute/snapshots/*'], notActions: ['Microsoft.Compute/snapshots/beginGetAccess/action'] }, { actions: ['Microsoft.Compute/snapshots/beginGetAccess/action'] }],
      'Microsoft.Compute/snapshots/beginGetAccess/action',
      'control',
      true,
    ],
    ['no blocks', [], 'Microsoft.Compute/snapshots/write', 'control', false],
  ])('%s', (_name, permissions, operation, plane, expected) => {
    expect(allows(permissions, operation, plane)).toBe(expected);
  });
});

/** The capabilities of a built-in role, as the emulator's catalog (Microsoft's documented definitions) holds it. */
function capabilitiesOfRole(name: string): Record<string, readonly string[]> {
  const role = builtInRole(name);
  if (!role) throw new Error(`no built-in role ${name}`);
  return Object.fromEntries(capabilitiesOf([role]));
}

describe('capabilitiesOf the built-in roles', () => {
  it('Owner: everything on the control plane, nothing on the data plane, and role assignment', () => {
    const caps = capabilitiesOfRole('Owner');
    expect(Object.keys(caps).sort()).toEqual(['create', 'export', 'open-ingress', 'restore', 'share']);
    expect(caps['export']).toEqual([
      'Microsoft.Compute/disks/beginGetAccess/action',
      'Microsoft.Compute/restorePointCollections/restorePoints/diskRestorePoints/beginGetAccess/action',
      'Microsoft.Compute/snapshots/beginGetAccess/action',
    ]);
    expect(caps['share']).toContain('Microsoft.Authorization/roleAssignments/write');
    expect(grantsRoles([builtInRole('Owner')!])).toBe(true);
  });

  it('Contributor: exports and restores, but neither assigns roles nor shares galleries', () => {
    const caps = capabilitiesOfRole('Contributor');
    expect(caps['export']).toContain('Microsoft.Compute/snapshots/beginGetAccess/action');
    expect(caps['share']).toEqual(['Microsoft.Compute/disks/write', 'Microsoft.Compute/snapshots/write']);
    expect(grantsRoles([builtInRole('Contributor')!])).toBe(false);
  });

  it.each<[string, Partial<Record<Capability, readonly string[]>>]>([
    ['Reader', {}],
    [
      'Disk Snapshot Contributor',
      {
        create: ['Microsoft.Compute/snapshots/write'],
        share: ['Microsoft.Compute/snapshots/write'],
        export: ['Microsoft.Compute/disks/beginGetAccess/action', 'Microsoft.Compute/snapshots/beginGetAccess/action'],
      },
    ],
    ['Data Operator for Managed Disks', { export: ['Microsoft.Compute/disks/download/action', 'Microsoft.Compute/snapshots/download/action'] }],
    [
      'Virtual Machine Contributor',
      {
        share: ['Microsoft.Compute/disks/write'],
        restore: ['Microsoft.Compute/disks/write', 'Microsoft.Compute/virtualMachines/write'],
        'open-ingress': ['Microsoft.Network/networkInterfaces/write', 'Microsoft.Network/publicIPAddresses/join/action'],
      },
    ],
    [
      'Network Contributor',
      {
        'open-ingress': [
          'Microsoft.Network/networkInterfaces/write',
          'Microsoft.Network/networkSecurityGroups/securityRules/write',
          'Microsoft.Network/networkSecurityGroups/write',
          'Microsoft.Network/publicIPAddresses/join/action',
          'Microsoft.Network/publicIPAddresses/write',
          'Microsoft.Network/virtualNetworks/subnets/write',
        ],
      },
    ],
    ['User Access Administrator', { share: ['Microsoft.Authorization/roleAssignments/write'] }],
  ])('%s', (name, expected) => {
    expect(capabilitiesOfRole(name)).toEqual(expected);
  });

  it('knows every built-in role the emulator serves', () => {
    expect(BUILT_IN_ROLES.map((r) => r.roleName)).toEqual([
      'Owner',
      'Contributor',
      'Reader',
      'User Access Administrator',
      'Disk Snapshot Contributor',
      'Data Operator for Managed Disks',
      'Virtual Machine Contributor',
      'Network Contributor',
    ]);
  });
});

describe('scopes', () => {
  it.each([
    ['/', 'above', true],
    ['/providers/Microsoft.Management/managementGroups/contoso', 'above', true],
    [SCOPE, 'subscription', true],
    [`${SCOPE.toUpperCase()}/`, 'subscription', true],
    [RG_SCOPE, 'resource-group', false],
    [`${RG_SCOPE}/providers/Microsoft.Compute/snapshots/s1`, 'resource', false],
    ['/subscriptions/99999999-2222-4333-8444-555555555555', 'elsewhere', false],
  ])('%s is %s', (scope, level, wide) => {
    expect(scopeLevel(scope, SUB)).toBe(level);
    expect(isSubscriptionWide(scope, SUB)).toBe(wide);
  });

  it('reaches the whole subscription from above it, and its own scope otherwise', () => {
    expect(reachOf('/providers/Microsoft.Management/managementGroups/contoso', SUB)).toBe(SCOPE);
    expect(reachOf('/', SUB)).toBe(SCOPE);
    expect(reachOf(RG_SCOPE, SUB)).toBe(RG_SCOPE);
  });

  it('names a role definition by the GUID its id ends with, whatever scope it was read at', () => {
    expect(roleGuidOf(`${SCOPE}/providers/Microsoft.Authorization/roleDefinitions/8E3AF657-A8FF-443C-A75C-2FE8C4BCB635`)).toBe('8e3af657-a8ff-443c-a75c-2fe8c4bcb635');
    expect(roleGuidOf('/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7')).toBe('acdd72a7-3385-48ef-bd42-f606fba81ae7');
  });
});

/** The SDK's Permission takes mutable arrays. */
function mutable(block: PermissionBlock): { actions: string[]; notActions: string[]; dataActions: string[]; notDataActions: string[] } {
  return { actions: [...(block.actions ?? [])], notActions: [...(block.notActions ?? [])], dataActions: [...(block.dataActions ?? [])], notDataActions: [...(block.notDataActions ?? [])] };
}

function definition(name: string, custom?: PermissionBlock): RoleDefinition {
  const role = builtInRole(name);
  const guid = role?.id ?? `c0ffee00-0000-4000-8000-${name.length.toString().padStart(12, '0')}`;
  return {
    id: `${SCOPE}/providers/Microsoft.Authorization/roleDefinitions/${guid}`,
    name: guid,
    roleName: name,
    roleType: role ? 'BuiltInRole' : 'CustomRole',
    permissions: [mutable(custom ?? role ?? {})],
  };
}

let counter = 0;
function assignment(principalId: string, principalType: string, role: RoleDefinition, overrides: Partial<RoleAssignment> = {}): RoleAssignment {
  counter += 1;
  const scope = overrides.scope ?? SCOPE;
  return {
    id: `${scope === '/' ? '' : scope}/providers/Microsoft.Authorization/roleAssignments/00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`,
    roleDefinitionId: role.id!,
    principalId,
    principalType,
    scope,
    ...overrides,
  };
}

function principalsOf(assignments: RoleAssignment[], definitions: RoleDefinition[], unreadable: Record<string, string> = {}): Principal[] {
  const map = new Map<string, Maybe<RoleDefinition>>(definitions.map((d) => [d.name!, d]));
  for (const [guid, reason] of Object.entries(unreadable)) map.set(guid, unknownValue(reason));
  return toPrincipals({ assignments, definitions: map }, { subscription: SUB, trust: createTrustResolver([]) });
}

const P1 = 'aaaaaaaa-0000-4000-8000-000000000001';
const P2 = 'aaaaaaaa-0000-4000-8000-000000000002';

describe('toPrincipals', () => {
  const owner = definition('Owner');
  const contributor = definition('Contributor');
  const reader = definition('Reader');
  const exporter = definition('Snapshot Exporter', { actions: ['Microsoft.Compute/snapshots/beginGetAccess/action', 'Microsoft.Compute/snapshots/read'] });

  it('groups assignments by principal, one grant per capability and assignment, with its scope and its via', () => {
    const a1 = assignment(P1, 'ServicePrincipal', exporter);
    const a2 = assignment(P1, 'ServicePrincipal', reader);
    const a3 = assignment(P2, 'User', contributor, { scope: RG_SCOPE });
    const [p1, p2] = principalsOf([a1, a2, a3], [exporter, reader, contributor]);
    expect(p1).toMatchObject({ provider: 'azure', account: SUB, id: P1, kind: 'service-principal', trust: 'unknown', privileged: false, interactive: false });
    expect(p1?.mfa).toBeUndefined();
    expect(p1?.capabilities).toEqual([
      {
        capability: 'export',
        actions: ['Microsoft.Compute/snapshots/beginGetAccess/action'],
        resources: [SCOPE],
        conditions: [],
        mfaRequired: false,
        via: [a1.id, exporter.id, 'Snapshot Exporter (custom role)'],
      },
    ]);
    expect(p2).toMatchObject({ kind: 'user', interactive: true, mfa: unknownValue(ENTRA_MFA_REASON), privileged: false });
    const grants = isUnknown(p2!.capabilities) ? [] : p2!.capabilities;
    expect(grants.map((g) => g.capability).sort()).toEqual(['create', 'export', 'open-ingress', 'restore', 'share']);
    expect(grants.every((g) => g.resources[0] === RG_SCOPE)).toBe(true);
    expect(viaParts(grants[0]!.via)).toEqual({ assignments: [a3.id], definitions: [contributor.id], roles: ['Contributor'] });
  });

  it.each<[string, Partial<RoleAssignment>, RoleDefinition, boolean]>([
    ['Owner on the subscription', {}, owner, true],
    ['Owner inherited from a management group', { scope: '/providers/Microsoft.Management/managementGroups/contoso' }, owner, true],
    ['Owner of one resource group only', { scope: RG_SCOPE }, owner, false],
    ['Owner under a condition (constrained role assignment)', { condition: "@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {acdd72a7-3385-48ef-bd42-f606fba81ae7}", conditionVersion: '2.0' }, owner, false],
    ['User Access Administrator', {}, definition('User Access Administrator'), true],
    ['Contributor', {}, contributor, false],
  ])('privileged: %s → %s', (_name, overrides, role, expected) => {
    const [p] = principalsOf([assignment(P1, 'Group', role, overrides)], [role]);
    expect(p?.privileged).toBe(expected);
  });

  it('records a condition, with its version, on every grant of the assignment', () => {
    const a = assignment(P1, 'Group', owner, { condition: "@Resource[Microsoft.Compute/snapshots:name] StringEquals 'x'", conditionVersion: '2.0' });
    const [p] = principalsOf([a], [owner]);
    const grants = isUnknown(p!.capabilities) ? [] : p!.capabilities;
    expect(grants.length).toBeGreaterThan(0);
    for (const g of grants) expect(g.conditions).toEqual(["@Resource[Microsoft.Compute/snapshots:name] StringEquals 'x' (condition version 2.0)"]);
  });

  it('makes capabilities unknown, never empty, when a role definition could not be read', () => {
    const lost = definition('Lost Role', { actions: ['*'] });
    const [p] = principalsOf([assignment(P1, 'User', lost), assignment(P1, 'User', reader)], [reader], { [lost.name!]: 'AuthorizationFailed: no roleDefinitions/read' });
    expect(isUnknown(p!.capabilities)).toBe(true);
    expect(p!.capabilities).toMatchObject({ reason: 'AuthorizationFailed: no roleDefinitions/read' });
    expect(isUnknown(p!.privileged)).toBe(true);
  });

  it('keeps privileged true when a readable assignment makes it so, even if another is unreadable', () => {
    const lost = definition('Lost Role', { actions: ['*'] });
    const [p] = principalsOf([assignment(P1, 'User', owner), assignment(P1, 'User', lost)], [owner], { [lost.name!]: 'gone' });
    expect(p?.privileged).toBe(true);
    expect(isUnknown(p!.capabilities)).toBe(true);
  });

  it('treats a role definition missing from the read as unknown', () => {
    const [p] = principalsOf([assignment(P1, 'User', definition('Never Listed', { actions: ['*'] }))], []);
    expect(p!.capabilities).toMatchObject({ unknown: true, reason: expect.stringContaining('was not found') });
  });

  it.each([
    ['Group', 'group', true],
    ['ForeignGroup', 'group', true],
    ['ServicePrincipal', 'service-principal', false],
    ['Device', 'other', false],
    ['Unknown', 'other', false],
  ])('%s is a %s principal', (type, kind, mfaUnknown) => {
    const [p] = principalsOf([assignment(P1, type, reader)], [reader]);
    expect(p?.kind).toBe(kind);
    expect(p?.mfa !== undefined).toBe(mfaUnknown);
  });

  it('trusts only an object id the config names', () => {
    const role = reader;
    const trust = createTrustResolver([{ provider: 'azure', id: P1, name: 'backup', reason: 'our backup vault' }]);
    const map = new Map<string, Maybe<RoleDefinition>>([[role.name!, role]]);
    const [p1, p2] = toPrincipals({ assignments: [assignment(P1, 'ServicePrincipal', role), assignment(P2, 'ServicePrincipal', role)], definitions: map }, { subscription: SUB, trust });
    expect(p1?.trust).toBe('trusted');
    expect(p2?.trust).toBe('unknown');
  });
});
