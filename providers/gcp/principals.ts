// Who can copy a project's disks out: each member of the project's IAM policy (and each of its
// service accounts) as a Principal, with the snapshot-relevant capabilities its roles' permissions
// give it, and the user-managed keys of the service accounts. Pure: the reads come in, the model
// goes out; a role or listing that could not be read makes what depends on it Unknown.
import {
  isUnknown,
  unknownValue,
  type AccountSecurity,
  type Capability,
  type CapabilityGrant,
  type Maybe,
  type Principal,
  type PrincipalKey,
  type PrincipalKind,
  type Trust,
} from '../../src/model.js';
import { memberTrust, type GcpMapContext } from './map.js';

/** The project policy as Resource Manager returns it (v3 `getIamPolicy`, policy version 3). */
export interface GcpProjectPolicy {
  readonly version?: number | null;
  readonly etag?: unknown;
  readonly bindings?: ReadonlyArray<{
    readonly role?: string | null;
    readonly members?: readonly string[] | null;
    readonly condition?: { readonly title?: string | null; readonly expression?: string | null; readonly description?: string | null } | null;
  }> | null;
  readonly auditConfigs?: ReadonlyArray<{
    readonly service?: string | null;
    readonly auditLogConfigs?: ReadonlyArray<{ readonly logType?: string | number | null; readonly exemptedMembers?: readonly string[] | null }> | null;
  }> | null;
}

/** An IAM role as `roles.get` returns it. */
export interface GcpRole {
  readonly name?: string;
  readonly includedPermissions?: readonly string[];
  readonly stage?: string;
  readonly deleted?: boolean;
}

/** A service account as `serviceAccounts.list` returns it. */
export interface GcpServiceAccount {
  readonly email?: string;
  readonly displayName?: string;
  readonly disabled?: boolean;
  readonly uniqueId?: string;
}

/** A key as `serviceAccounts.keys.list` returns it (no private key material is ever listed). */
export interface GcpServiceAccountKey {
  readonly name?: string;
  readonly validAfterTime?: string;
  readonly validBeforeTime?: string;
  readonly keyType?: string;
  readonly keyOrigin?: string;
  readonly disabled?: boolean;
}

/**
 * The permissions that give each capability. A capability is held when every permission of one
 * of its ways is held:
 * - create: a snapshot (of a disk), an image or a machine image in the project;
 * - share: set the IAM policy of a snapshot, image, disk or machine image, or of the project itself
 *   (granting anyone a role that reads them all);
 * - export: `useReadOnly` on a snapshot, image, machine image or disk lets the holder make a disk or
 *   image from it in any project where they can create one, their own included;
 * - restore: create a disk from a snapshot or image, or an instance from a machine image, here;
 * - open-ingress: create or change firewall rules, or give an instance an external address.
 */
export const CAPABILITY_WAYS: Readonly<Record<Capability, readonly (readonly string[])[]>> = {
  create: [['compute.snapshots.create'], ['compute.disks.createSnapshot'], ['compute.images.create'], ['compute.machineImages.create']],
  share: [
    ['compute.snapshots.setIamPolicy'],
    ['compute.images.setIamPolicy'],
    ['compute.disks.setIamPolicy'],
    ['compute.machineImages.setIamPolicy'],
    ['resourcemanager.projects.setIamPolicy'],
  ],
  export: [['compute.snapshots.useReadOnly'], ['compute.images.useReadOnly'], ['compute.machineImages.useReadOnly'], ['compute.disks.useReadOnly']],
  restore: [
    ['compute.disks.create', 'compute.snapshots.useReadOnly'],
    ['compute.disks.create', 'compute.images.useReadOnly'],
    ['compute.instances.create', 'compute.machineImages.useReadOnly'],
  ],
  'open-ingress': [['compute.firewalls.create'], ['compute.firewalls.update'], ['compute.instances.addAccessConfig'], ['compute.networks.updatePolicy']],
};

const CAPABILITY_ORDER: readonly Capability[] = ['create', 'share', 'export', 'restore', 'open-ingress'];

/** Basic roles: they span every service in the project, so no least-privilege review accepts them. */
export const BASIC_ROLES: ReadonlySet<string> = new Set(['roles/owner', 'roles/editor']);
/** Changing the project's own policy: whatever a holder lacks today, it can grant itself. */
const PROJECT_SET_IAM = 'resourcemanager.projects.setIamPolicy';

/** The roles a policy binds, each once, for `roles.get`. */
export function rolesOf(policy: GcpProjectPolicy): string[] {
  return [...new Set((policy.bindings ?? []).flatMap((b) => (b.role ? [b.role] : [])))].sort();
}

/** A role's permissions; a deleted or disabled role grants none. */
export function rolePermissions(role: GcpRole): string[] {
  if (role.deleted === true || role.stage === 'DISABLED') return [];
  return [...(role.includedPermissions ?? [])];
}

function kindOf(member: string): PrincipalKind {
  const prefix = member.split(':')[0] ?? '';
  switch (prefix) {
    case 'user':
      return 'user';
    case 'group':
      return 'group';
    case 'serviceAccount':
      return 'service-account';
    case 'domain':
      return 'domain';
    default:
      return 'other';
  }
}

const PUBLIC_MEMBERS: ReadonlySet<string> = new Set(['allUsers', 'allAuthenticatedUsers']);

function trustOf(member: string, ctx: GcpMapContext): Trust {
  // Anyone (or any Google account) is outside the organization by definition.
  if (PUBLIC_MEMBERS.has(member)) return 'external';
  return memberTrust(member, ctx).trust;
}

interface MemberBinding {
  readonly role: string;
  readonly condition?: string;
}

/** `title: expression` of a binding's condition, as the reviewer reads it. */
function conditionText(condition: NonNullable<NonNullable<GcpProjectPolicy['bindings']>[number]['condition']>): string {
  const expression = condition.expression ?? '';
  return condition.title ? `${condition.title}: ${expression}` : expression;
}

/** Capabilities from one set of (role, permissions), each with the permissions and roles that give it. */
function grantsFrom(roles: ReadonlyMap<string, readonly string[]>, project: string, conditions: readonly string[]): CapabilityGrant[] {
  const held = new Map<string, Set<string>>();
  for (const [role, permissions] of roles) for (const p of permissions) held.set(p, (held.get(p) ?? new Set()).add(role));
  const grants: CapabilityGrant[] = [];
  for (const capability of CAPABILITY_ORDER) {
    const ways = CAPABILITY_WAYS[capability].filter((way) => way.every((p) => held.has(p)));
    if (ways.length === 0) continue;
    const actions = [...new Set(ways.flat())].sort();
    const via = [...new Set(actions.flatMap((a) => [...(held.get(a) ?? [])]))].sort();
    grants.push({ capability, actions, resources: [`projects/${project}`], conditions, mfaRequired: false, via });
  }
  return grants;
}

export interface PrincipalInputs {
  readonly project: string;
  readonly policy: Maybe<GcpProjectPolicy>;
  /** Every role the policy binds, by name: its permissions, or why they could not be read. */
  readonly roles: ReadonlyMap<string, Maybe<readonly string[]>>;
  readonly serviceAccounts: Maybe<readonly GcpServiceAccount[]>;
  /** User-managed keys by service account email, for those listed. */
  readonly keys: ReadonlyMap<string, Maybe<readonly GcpServiceAccountKey[]>>;
  readonly ctx: GcpMapContext;
  readonly now: Date;
}

function capabilitiesOf(bindings: readonly MemberBinding[], inputs: PrincipalInputs): { capabilities: Maybe<CapabilityGrant[]>; privileged: Maybe<boolean> } {
  const unconditional = bindings.filter((b) => b.condition === undefined);
  const permissionsOf = (role: string): Maybe<readonly string[]> => inputs.roles.get(role) ?? unknownValue(`role ${role} was not read`);
  const base = new Map<string, readonly string[]>();
  let unreadable: string | undefined;
  for (const { role } of unconditional) {
    const permissions = permissionsOf(role);
    if (isUnknown(permissions)) unreadable = unreadable ?? `the permissions of ${role} could not be read: ${permissions.reason}`;
    else base.set(role, permissions);
  }
  const isOwner = unconditional.some((b) => b.role === 'roles/owner');
  const setsPolicy = [...base.values()].some((p) => p.includes(PROJECT_SET_IAM));
  const privileged: Maybe<boolean> = isOwner || setsPolicy ? true : unreadable ? unknownValue(unreadable) : false;
  if (unreadable) return { capabilities: unknownValue(unreadable), privileged };
  const grants = grantsFrom(base, inputs.project, []);
  const unconditionalCapabilities = new Set(grants.map((g) => g.capability));
  for (const binding of bindings) {
    if (binding.condition === undefined) continue;
    const permissions = permissionsOf(binding.role);
    if (isUnknown(permissions)) return { capabilities: unknownValue(`the permissions of ${binding.role} could not be read: ${permissions.reason}`), privileged };
    const withCondition = new Map(base).set(binding.role, permissions);
    for (const grant of grantsFrom(withCondition, inputs.project, [binding.condition])) {
      if (!unconditionalCapabilities.has(grant.capability)) grants.push(grant);
    }
  }
  return { capabilities: grants, privileged };
}

/** Whether a key can be used now: enabled, on an enabled account, and not past its expiry. */
function keyOf(key: GcpServiceAccountKey, accountDisabled: boolean, now: Date): PrincipalKey {
  const id = key.name?.split('/').pop() ?? 'unknown';
  const expired = key.validBeforeTime !== undefined && Date.parse(key.validBeforeTime) <= now.getTime();
  const createdAt = key.validAfterTime && !Number.isNaN(Date.parse(key.validAfterTime)) ? new Date(key.validAfterTime).toISOString() : undefined;
  // keys.list says nothing of last use (that is Policy Intelligence's activity analysis): lastUsed stays absent.
  return { id, active: key.disabled !== true && !accountDisabled && !expired, ...(createdAt ? { createdAt } : {}) };
}

/**
 * The project's principals: every member of its policy, and every service account listed in it
 * (with its user-managed keys) whether bound or not. Deleted members cannot act and are left out.
 */
export function projectPrincipals(inputs: PrincipalInputs): Principal[] {
  const { policy, project, ctx } = inputs;
  const bindingsByMember = new Map<string, MemberBinding[]>();
  if (!isUnknown(policy)) {
    for (const binding of policy.bindings ?? []) {
      if (!binding.role) continue;
      const condition = binding.condition?.expression ? conditionText(binding.condition) : undefined;
      for (const member of binding.members ?? []) {
        if (member.startsWith('deleted:')) continue;
        const list = bindingsByMember.get(member) ?? [];
        list.push(condition === undefined ? { role: binding.role } : { role: binding.role, condition });
        bindingsByMember.set(member, list);
      }
    }
  }
  const accounts = isUnknown(inputs.serviceAccounts) ? [] : inputs.serviceAccounts;
  const accountByMember = new Map<string, GcpServiceAccount>(accounts.flatMap((a): Array<[string, GcpServiceAccount]> => (a.email ? [[`serviceAccount:${a.email}`, a]] : [])));
  const members = [...new Set([...bindingsByMember.keys(), ...accountByMember.keys()])];
  return members.map((member): Principal => {
    const kind = kindOf(member);
    const { capabilities, privileged } = isUnknown(policy)
      ? { capabilities: unknownValue(`the project IAM policy could not be read: ${policy.reason}`), privileged: unknownValue(`the project IAM policy could not be read: ${policy.reason}`) }
      : capabilitiesOf(bindingsByMember.get(member) ?? [], inputs);
    const account = accountByMember.get(member);
    const keys = account?.email ? inputs.keys.get(account.email) : undefined;
    return {
      provider: 'gcp',
      account: project,
      id: member,
      ...(account?.displayName ? { name: account.displayName } : {}),
      kind,
      trust: trustOf(member, ctx),
      capabilities,
      privileged,
      // Google accounts sign in interactively; whether 2-Step Verification is enforced is a Workspace
      // or Cloud Identity setting that project IAM does not show.
      ...(kind === 'user' ? { interactive: true, mfa: unknownValue('2-Step Verification is enforced in Google Workspace or Cloud Identity, not visible in project IAM') } : {}),
      ...(keys !== undefined && !isUnknown(keys) ? { keys: keys.map((k) => keyOf(k, account?.disabled === true, inputs.now)) } : {}),
    };
  });
}

/** What a project can say about its identities, and what Google does not offer at project level. */
export function projectAccountSecurity(project: string, policy: Maybe<GcpProjectPolicy>, principals: readonly Principal[]): AccountSecurity {
  return {
    provider: 'gcp',
    account: project,
    notOffered: [
      'password policy: Google account passwords are governed by Google Workspace or Cloud Identity, not by project IAM',
      'MFA: 2-Step Verification enforcement is a Workspace or Cloud Identity setting that project IAM does not expose',
      'root account: a project has no root identity; holders of roles/owner are the nearest equivalent',
      'key last use: keys.list does not report when a service account key was last used',
    ],
    identities: isUnknown(policy) ? unknownValue(`the project IAM policy could not be read: ${policy.reason}`) : { listed: principals.length },
  };
}
