// Identities as the resources of findings, and the IAM commands that take a permission away from
// one. Principals are global: their findings live in region `global`, named by their ARN.
import { isUnknown, type AccountSecurity, type Capability, type CapabilityGrant, type Inventory, type Principal, type PrincipalKind, type ResourceRef } from '../../model.js';
import { EXFILTRATION } from '../../mitigations.js';

const AWS_TYPES: Partial<Record<PrincipalKind, string>> = {
  root: 'AWS::IAM::Root',
  user: 'AWS::IAM::User',
  group: 'AWS::IAM::Group',
  role: 'AWS::IAM::Role',
};

const KIND_LABELS: Readonly<Record<PrincipalKind, string>> = {
  root: 'Root user',
  user: 'User',
  group: 'Group',
  role: 'Role',
  'service-account': 'Service account',
  'service-principal': 'Service principal',
  'managed-identity': 'Managed identity',
  domain: 'Domain',
  other: 'Principal',
};

/** A finding's resource for a principal: region `global`, the ARN as id. */
export function principalRef(principal: Principal): ResourceRef {
  const type = AWS_TYPES[principal.kind] ?? 'AWS::IAM::Principal';
  const base = { provider: principal.provider, account: principal.account, region: 'global', type, id: principal.id };
  return principal.name === undefined ? base : { ...base, name: principal.name };
}

/** `User alice`, `Role deploy`. */
export function kindLabel(principal: Principal): string {
  return KIND_LABELS[principal.kind];
}

/** The principal's own name: the one given, else the last segment of its ARN (paths dropped). */
export function principalName(principal: Principal): string {
  return principal.name ?? principal.id.split(/[/:]/).pop() ?? principal.id;
}

/** The partition an ARN lives in (`aws`, `aws-us-gov`, `aws-cn`); `aws` when the id is no ARN. */
export function partitionOf(id: string): string {
  return /^arn:([^:]+):/.exec(id)?.[1] ?? 'aws';
}

/**
 * The region IAM's control plane answers in for a partition. IAM is global, but a command that
 * names the region works from any profile (and the catalog wants every AWS fix to name one).
 */
export function iamRegion(partition: string): string {
  if (partition === 'aws-us-gov') return 'us-gov-west-1';
  if (partition === 'aws-cn') return 'cn-north-1';
  return 'us-east-1';
}

/** The partition of an account, from the ARN of any of its principals; `aws` when none is listed. */
export function accountPartition(inventory: Pick<Inventory, 'principals'>, account: string): string {
  const arn = inventory.principals.find((p) => p.account === account && p.id.startsWith('arn:'))?.id;
  return arn ? partitionOf(arn) : 'aws';
}

/** An account-wide identity setting (the password policy) as a finding's resource. */
export function accountSettingRef(security: AccountSecurity, type: string, id: string, name: string): ResourceRef {
  return { provider: security.provider, account: security.account, region: 'global', type, id, name };
}

/** AWS keeps these roles for its own services; nobody can edit or assume them. */
export function isServiceLinkedRole(principal: Principal): boolean {
  return principal.kind === 'role' && /:role\/aws-service-role\//.test(principal.id);
}

/** A service principal (`ec2.amazonaws.com`), as trust policies name them; judged internal by the provider. */
const SERVICE_PRINCIPAL = /^[a-z0-9-]+(\.[a-z0-9-]+)*\.amazonaws\.com(\.cn)?$/;

/**
 * A role only AWS services can assume (an instance profile's, a Lambda's, a Backup or DLM service
 * role). Federated entries such as `cognito-identity.amazonaws.com` look alike but are judged
 * external or unknown, so they do not count. A role whose trust policy was not read is not one.
 */
export function isServiceOnlyRole(principal: Principal): boolean {
  const by = principal.assumableBy;
  return principal.kind === 'role' && by !== undefined && by.length > 0 && by.every((a) => a.trust === 'internal' && SERVICE_PRINCIPAL.test(a.principal));
}

/** The grants of the given capabilities (share and export by default); none when they could not be read. */
export function grantsOf(principal: Principal, capabilities: readonly Capability[] = EXFILTRATION): CapabilityGrant[] {
  return isUnknown(principal.capabilities) ? [] : principal.capabilities.filter((g) => capabilities.includes(g.capability));
}

/** Every resource the account can reach, with no condition: the widest a grant gets. */
export function isUnconditionalOnEverything(grant: CapabilityGrant): boolean {
  return grant.resources.includes('*') && grant.conditions.length === 0;
}

/** Whether the principal matters for account hygiene: privileged, or able to move data out. */
export type Standing = { readonly kind: 'holds'; readonly why: string; readonly grants: readonly CapabilityGrant[] } | { readonly kind: 'none' } | { readonly kind: 'unknown'; readonly reason: string };

/**
 * Privileged, or holding share or export. With `ignoreMfaGated`, grants that demand MFA do not
 * count (a principal without MFA cannot use them). Unknown when neither could be read and nothing
 * read so far makes it matter.
 */
export function standingOf(principal: Principal, options: { ignoreMfaGated?: boolean } = {}): Standing {
  const grants = grantsOf(principal).filter((g) => !(options.ignoreMfaGated && g.mfaRequired));
  if (principal.privileged === true) {
    const all = isUnknown(principal.capabilities) ? [] : principal.capabilities;
    return { kind: 'holds', why: 'holds every permission (it can grant itself any it lacks)', grants: all };
  }
  if (grants.length > 0) {
    const capabilities = EXFILTRATION.filter((c) => grants.some((g) => g.capability === c));
    const actions = [...new Set(grants.flatMap((g) => g.actions))];
    return { kind: 'holds', why: `can ${capabilities.join(' and ')} snapshots (${actions.join(', ')})`, grants };
  }
  if (isUnknown(principal.capabilities)) return { kind: 'unknown', reason: principal.capabilities.reason };
  if (isUnknown(principal.privileged)) return { kind: 'unknown', reason: principal.privileged.reason };
  return { kind: 'none' };
}

/** The parts of an `aws iam` command that takes a policy away: `{{iamCommand}} {{targetFlag}} {{target}} {{policyArgs}}`. */
export interface PolicyRemoval {
  readonly iamCommand: string;
  readonly targetFlag: string;
  readonly target: string;
  readonly policyArgs: readonly string[];
  /** The `via` entry the command comes from. */
  readonly via: string;
}

/**
 * The command that removes the policy a `via` entry names, as the IAM evaluator writes them:
 * `inline:<name> on role/<role>` (or `on user/<user>`), `managed:<policy ARN>` (attached to the
 * principal itself), `group:<group>/inline:<name>`, `group:<group>/managed:<policy ARN>`; a
 * trailing ` (every resource except …)` is ignored. Undefined for anything else.
 */
export function policyRemoval(principal: Principal, via: string): PolicyRemoval | undefined {
  const entry = via.replace(/ \(every resource except .*\)$/, '');
  const group = /^group:([^/]+)\/(inline|managed):(.+)$/.exec(entry);
  if (group) {
    const [, name, kind, policy] = group as unknown as [string, string, string, string];
    return kind === 'inline'
      ? { iamCommand: 'delete-group-policy', targetFlag: '--group-name', target: name, policyArgs: ['--policy-name', policy], via }
      : { iamCommand: 'detach-group-policy', targetFlag: '--group-name', target: name, policyArgs: ['--policy-arn', policy], via };
  }
  const inline = /^inline:(\S+)(?: on (user|role)\/(.+))?$/.exec(entry);
  const own = principal.kind === 'user' || principal.kind === 'role' ? principal.kind : undefined;
  if (inline) {
    const kind = inline[2] ?? own;
    if (!kind) return undefined;
    const target = inline[3]?.split('/').pop() ?? principalName(principal);
    return { iamCommand: `delete-${kind}-policy`, targetFlag: `--${kind}-name`, target, policyArgs: ['--policy-name', inline[1] as string], via };
  }
  const managed = /^managed:(\S+)$/.exec(entry);
  if (managed && own) {
    return { iamCommand: `detach-${own}-policy`, targetFlag: `--${own}-name`, target: principalName(principal), policyArgs: ['--policy-arn', managed[1] as string], via };
  }
  return undefined;
}

/**
 * The removal for the first `via` of the first grant that names a policy it can take away. When
 * none does, listing the principal's attached policies is the honest first step.
 */
export function firstRemoval(principal: Principal, grants: readonly CapabilityGrant[]): PolicyRemoval {
  for (const grant of grants) {
    for (const via of grant.via) {
      const removal = policyRemoval(principal, via);
      if (removal) return removal;
    }
  }
  const kind = principal.kind === 'user' ? 'user' : 'role';
  return { iamCommand: `list-attached-${kind}-policies`, targetFlag: `--${kind}-name`, target: principalName(principal), policyArgs: [], via: grants[0]?.via[0] ?? 'not named' };
}

/** A grant as evidence. */
export function grantEvidence(grant: CapabilityGrant): { [key: string]: string | boolean | string[] } {
  return {
    capability: grant.capability,
    actions: [...grant.actions],
    resources: [...grant.resources],
    conditions: [...grant.conditions],
    mfaRequired: grant.mfaRequired,
    via: [...grant.via],
  };
}
