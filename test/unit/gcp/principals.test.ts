// Project IAM policy → principals with capabilities: tables of roles, members, conditions, keys.
import { describe, expect, it } from 'vitest';
import { isUnknown, unknownValue, type Maybe, type Principal } from '../../../src/model.js';
import { createTrustResolver } from '../../../src/trust.js';
import type { GcpMapContext } from '../../../providers/gcp/map.js';
import { projectAccountSecurity, projectPrincipals, rolePermissions, rolesOf, type GcpProjectPolicy, type GcpServiceAccount, type GcpServiceAccountKey } from '../../../providers/gcp/principals.js';

const P = 'acme-prod';
const ctx: GcpMapContext = { project: P, ownProjects: new Set([P, '100000000001']), internalDomains: new Set(['acme.example']), trust: createTrustResolver([{ provider: 'gcp', id: 'partner.example', name: 'Partner', reason: 'DR site' }]) };
const NOW = new Date('2026-12-01T00:00:00Z');

/** Snapshot-relevant parts of Google's roles (see the emulator's predefined roles). */
const ROLES: Record<string, readonly string[]> = {
  'roles/compute.storageAdmin': ['compute.snapshots.create', 'compute.disks.createSnapshot', 'compute.snapshots.setIamPolicy', 'compute.disks.setIamPolicy', 'compute.images.setIamPolicy', 'compute.snapshots.useReadOnly', 'compute.disks.create', 'compute.images.create', 'compute.images.useReadOnly', 'compute.disks.useReadOnly'],
  'roles/editor': ['compute.snapshots.create', 'compute.disks.createSnapshot', 'compute.snapshots.useReadOnly', 'compute.disks.create', 'compute.firewalls.create', 'compute.instances.addAccessConfig'],
  'roles/owner': ['compute.snapshots.create', 'compute.snapshots.setIamPolicy', 'resourcemanager.projects.setIamPolicy'],
  'roles/compute.viewer': ['compute.snapshots.list', 'compute.snapshots.get', 'compute.disks.list'],
  'roles/compute.imageUser': ['compute.images.useReadOnly', 'compute.images.list'],
  'roles/iam.securityAdmin': ['resourcemanager.projects.setIamPolicy'],
  'projects/acme-prod/roles/snapshotter': ['compute.snapshots.create'],
  'projects/acme-prod/roles/diskMaker': ['compute.disks.create'],
};

function principals(policy: Maybe<GcpProjectPolicy>, extra: { accounts?: Maybe<GcpServiceAccount[]>; keys?: Map<string, Maybe<GcpServiceAccountKey[]>>; roles?: Map<string, Maybe<readonly string[]>> } = {}): Principal[] {
  const roles = extra.roles ?? new Map(Object.entries(ROLES));
  return projectPrincipals({ project: P, policy, roles, serviceAccounts: extra.accounts ?? [], keys: extra.keys ?? new Map(), ctx, now: NOW });
}

const one = (role: string, member: string, condition?: { title: string; expression: string }): GcpProjectPolicy => ({ bindings: [{ role, members: [member], ...(condition ? { condition } : {}) }] });
const caps = (p: Principal | undefined): string[] => (!p || isUnknown(p.capabilities) ? ['unknown'] : p.capabilities.map((g) => g.capability));

describe('capabilities from roles', () => {
  const table: Array<[string, string, string[], boolean]> = [
    ['roles/compute.storageAdmin', 'user:bob@acme.example', ['create', 'share', 'export', 'restore'], false],
    ['roles/editor', 'user:bob@acme.example', ['create', 'export', 'restore', 'open-ingress'], false],
    ['roles/owner', 'user:bob@acme.example', ['create', 'share'], true],
    ['roles/iam.securityAdmin', 'user:bob@acme.example', ['share'], true],
    ['roles/compute.viewer', 'group:analysts@acme.example', [], false],
    ['roles/compute.imageUser', 'user:bob@acme.example', ['export'], false],
    ['projects/acme-prod/roles/snapshotter', 'user:bob@acme.example', ['create'], false],
    // disks.create alone restores nothing: it needs a snapshot or image to read.
    ['projects/acme-prod/roles/diskMaker', 'user:bob@acme.example', [], false],
  ];
  for (const [role, member, expected, privileged] of table) {
    it(`${role} gives ${expected.join(', ') || 'nothing'}`, () => {
      const [p] = principals(one(role, member));
      expect(caps(p)).toEqual(expected);
      expect(p?.privileged).toBe(privileged);
    });
  }

  it('names the permissions and the roles each capability comes through', () => {
    const [p] = principals({ bindings: [{ role: 'roles/editor', members: ['user:bob@acme.example'] }, { role: 'roles/compute.storageAdmin', members: ['user:bob@acme.example'] }] });
    const restore = isUnknown(p!.capabilities) ? undefined : p!.capabilities.find((g) => g.capability === 'restore');
    expect(restore).toEqual({
      capability: 'restore',
      actions: ['compute.disks.create', 'compute.images.useReadOnly', 'compute.snapshots.useReadOnly'],
      resources: [`projects/${P}`],
      conditions: [],
      mfaRequired: false,
      via: ['roles/compute.storageAdmin', 'roles/editor'],
    });
  });

  it('records a condition on the grants only a conditional binding gives', () => {
    const policy: GcpProjectPolicy = {
      bindings: [
        { role: 'roles/compute.imageUser', members: ['user:bob@acme.example'] },
        { role: 'roles/compute.storageAdmin', members: ['user:bob@acme.example'], condition: { title: 'until March', expression: 'request.time < timestamp("2027-03-01T00:00:00Z")' } },
      ],
    };
    const [p] = principals(policy);
    const grants = isUnknown(p!.capabilities) ? [] : p!.capabilities;
    expect(grants.find((g) => g.capability === 'export')?.conditions).toEqual([]);
    expect(grants.find((g) => g.capability === 'share')?.conditions).toEqual(['until March: request.time < timestamp("2027-03-01T00:00:00Z")']);
  });

  it('makes capabilities unknown when a bound role could not be read, and says which', () => {
    const roles = new Map<string, Maybe<readonly string[]>>([['roles/editor', unknownValue('iam.roles.get failed: PERMISSION_DENIED')]]);
    const [p] = principals(one('roles/editor', 'user:bob@acme.example'), { roles });
    expect(isUnknown(p?.capabilities) && p.capabilities.reason).toMatch(/roles\/editor could not be read: iam.roles.get failed/);
    expect(isUnknown(p?.privileged)).toBe(true);
    // roles/owner decides privilege whatever else is unreadable.
    const [owner] = principals({ bindings: [{ role: 'roles/owner', members: ['user:o@acme.example'] }, { role: 'roles/editor', members: ['user:o@acme.example'] }] }, { roles: new Map([...roles, ['roles/owner', ROLES['roles/owner']!]]) });
    expect(owner?.privileged).toBe(true);
  });

  it('a deleted or disabled role grants nothing', () => {
    expect(rolePermissions({ includedPermissions: ['compute.snapshots.create'], deleted: true })).toEqual([]);
    expect(rolePermissions({ includedPermissions: ['compute.snapshots.create'], stage: 'DISABLED' })).toEqual([]);
    expect(rolePermissions({ includedPermissions: ['compute.snapshots.create'], stage: 'GA' })).toEqual(['compute.snapshots.create']);
  });

  it('lists each bound role once for roles.get', () => {
    expect(rolesOf({ bindings: [{ role: 'roles/editor', members: ['a'] }, { role: 'roles/editor', members: ['b'] }, { role: 'roles/owner', members: ['c'] }] })).toEqual(['roles/editor', 'roles/owner']);
  });
});

describe('members', () => {
  const table: Array<[string, string, string]> = [
    ['user:bob@acme.example', 'user', 'internal'],
    ['user:rob@gmail.com', 'user', 'external'],
    ['group:ops@partner.example', 'group', 'trusted'],
    ['domain:acme.example', 'domain', 'internal'],
    ['serviceAccount:etl@acme-prod.iam.gserviceaccount.com', 'service-account', 'internal'],
    ['serviceAccount:100000000001-compute@developer.gserviceaccount.com', 'service-account', 'internal'],
    ['serviceAccount:x@stranger-proj.iam.gserviceaccount.com', 'service-account', 'external'],
    ['allUsers', 'other', 'external'],
    ['allAuthenticatedUsers', 'other', 'external'],
    ['principalSet://iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/p/*', 'other', 'unknown'],
  ];
  for (const [member, kind, trust] of table) {
    it(`${member} is a ${kind}, ${trust}`, () => {
      const [p] = principals(one('roles/compute.viewer', member));
      expect(p).toMatchObject({ id: member, kind, trust });
    });
  }

  it('leaves deleted members out, and marks users as interactive with MFA unknown', () => {
    const list = principals({ bindings: [{ role: 'roles/editor', members: ['deleted:user:old@acme.example?uid=1', 'user:bob@acme.example'] }] });
    expect(list.map((p) => p.id)).toEqual(['user:bob@acme.example']);
    expect(list[0]?.interactive).toBe(true);
    expect(isUnknown(list[0]?.mfa)).toBe(true);
  });
});

describe('service accounts and keys', () => {
  const email = 'etl@acme-prod.iam.gserviceaccount.com';
  const key = (id: string, extra: Partial<GcpServiceAccountKey> = {}): GcpServiceAccountKey => ({ name: `projects/${P}/serviceAccounts/${email}/keys/${id}`, validAfterTime: '2025-10-27T00:00:00Z', validBeforeTime: '2035-10-25T00:00:00Z', keyType: 'USER_MANAGED', ...extra });

  it('lists an unbound account with its keys, active unless disabled or expired, never with a last use', () => {
    const keys = new Map<string, Maybe<GcpServiceAccountKey[]>>([[email, [key('k1'), key('k2', { disabled: true }), key('k3', { validBeforeTime: '2026-01-01T00:00:00Z' })]]]);
    const [p] = principals({ bindings: [] }, { accounts: [{ email, displayName: 'ETL' }], keys });
    expect(p).toMatchObject({ id: `serviceAccount:${email}`, name: 'ETL', kind: 'service-account', capabilities: [] });
    expect(p?.keys).toEqual([
      { id: 'k1', active: true, createdAt: '2025-10-27T00:00:00.000Z' },
      { id: 'k2', active: false, createdAt: '2025-10-27T00:00:00.000Z' },
      { id: 'k3', active: false, createdAt: '2025-10-27T00:00:00.000Z' },
    ]);
  });

  it('a disabled account has no usable key; an account whose keys could not be listed has no key list', () => {
    const keys = new Map<string, Maybe<GcpServiceAccountKey[]>>([[email, [key('k1')]], ['b@acme-prod.iam.gserviceaccount.com', unknownValue('denied')]]);
    const list = principals({ bindings: [] }, { accounts: [{ email, disabled: true }, { email: 'b@acme-prod.iam.gserviceaccount.com' }], keys });
    expect(list[0]?.keys).toEqual([{ id: 'k1', active: false, createdAt: '2025-10-27T00:00:00.000Z' }]);
    expect(list[1]?.keys).toBeUndefined();
  });

  it('with the policy unreadable: listed accounts are still there, their capabilities unknown, and the identities unknown', () => {
    const policy = unknownValue('resourcemanager.projects.getIamPolicy failed: PERMISSION_DENIED');
    const list = principals(policy, { accounts: [{ email }] });
    expect(list.map((p) => p.id)).toEqual([`serviceAccount:${email}`]);
    expect(isUnknown(list[0]?.capabilities)).toBe(true);
    const security = projectAccountSecurity(P, policy, list);
    expect(isUnknown(security.identities)).toBe(true);
    expect(security.notOffered.join(' ')).toMatch(/2-Step Verification/);
    expect(projectAccountSecurity(P, { bindings: [] }, list).identities).toEqual({ listed: 1 });
  });
});
