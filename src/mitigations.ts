// What ATT&CK's two mitigations for T1578 say about the place a finding lives. Audit (M1047): is
// snapshot activity recorded where the resource is, so an abuse would be seen? User Account
// Management (M1018): who can share or export the resource, and are any of them without MFA,
// dormant, or outside the organization? Pure: the inventory and a clock in, states out. The scorer
// turns the states into score factors; the report turns them into each account's posture lines.
import { isUnknown, type AuditCoverage, type Capability, type CapabilityGrant, type Inventory, type Principal, type ProviderId, type ResourceRef } from './model.js';

/** A principal with no activity for this long is dormant (CIS and the AWS guidance use 30 to 90 days; we take the strict end). */
export const DORMANT_DAYS = 30;
/** More holders than this makes the audience broad. */
export const BROAD_HOLDERS = 3;
/** The capabilities that move data out of reach: who holds them is what M1018 asks about. */
export const EXFILTRATION: readonly Capability[] = ['share', 'export'];

const DAY_MS = 86_400_000;

export type AuditState =
  | { readonly kind: 'logged'; readonly sources: readonly string[] }
  | { readonly kind: 'unlogged'; readonly gaps: readonly string[]; readonly nextStep?: string }
  | { readonly kind: 'unknown'; readonly reason: string }
  | { readonly kind: 'not-assessed' };

export interface Holder {
  readonly principal: Principal;
  /** Every covering grant demands MFA. */
  readonly mfaRequired: boolean;
}

export type UamState =
  | {
      readonly kind: 'assessed';
      /** Principals that can share or export the resource. */
      readonly holders: readonly Holder[];
      readonly withoutMfa: readonly Principal[];
      readonly dormant: readonly Principal[];
      readonly external: readonly Principal[];
      /** Principals whose permissions could not be read: they may be holders too. */
      readonly unreadable: number;
    }
  | { readonly kind: 'unknown'; readonly reason: string }
  | { readonly kind: 'not-assessed' };

type Place = Pick<ResourceRef, 'provider' | 'account' | 'region'>;

const same = (a: { provider: ProviderId; account: string }, b: { provider: ProviderId; account: string }): boolean => a.provider === b.provider && a.account === b.account;

/**
 * Whether snapshot activity is recorded at a place. A region's own entry and the account-wide
 * (`global`) entry both count; a resource without a region (an account-wide setting) needs every
 * region of the account recorded.
 */
export function auditStateAt(inventory: Pick<Inventory, 'audit'>, place: Place): AuditState {
  const entries = inventory.audit.filter((a) => same(a, place));
  if (entries.length === 0) return { kind: 'not-assessed' };
  const here = entries.filter((a) => a.region === place.region || a.region === 'global');
  if (here.length > 0) return combine(here, 'any');
  return combine(entries, 'all');
}

/** `any`: one recording source is enough; `all`: every entry must record. */
function combine(entries: readonly AuditCoverage[], need: 'any' | 'all'): AuditState {
  const logged = entries.filter((e) => e.snapshotEventsLogged === true);
  const unknown = entries.find((e) => isUnknown(e.snapshotEventsLogged));
  const unlogged = entries.filter((e) => e.snapshotEventsLogged === false);
  const sources = [...new Set(logged.flatMap((e) => e.sources))];
  if (need === 'any' && logged.length > 0) return { kind: 'logged', sources };
  if (need === 'all' && unlogged.length === 0 && !unknown) return { kind: 'logged', sources };
  if (unlogged.length > 0) {
    const gaps = [...new Set(unlogged.flatMap((e) => (e.gaps.length > 0 ? e.gaps : [`snapshot activity is not recorded in ${e.region}`])))];
    const nextStep = unlogged.find((e) => e.nextStep)?.nextStep;
    return { kind: 'unlogged', gaps, ...(nextStep ? { nextStep } : {}) };
  }
  const reason = unknown && isUnknown(unknown.snapshotEventsLogged) ? unknown.snapshotEventsLogged.reason : 'audit configuration could not be read';
  return { kind: 'unknown', reason };
}

function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`, 'i');
}

/**
 * Whether a grant reaches a resource: `*`; a scope the resource id sits under (an Azure
 * subscription or resource group, a GCP project path); or a pattern (an ARN with wildcards) whose
 * whole or final segment matches the id.
 */
export function grantCovers(grant: CapabilityGrant, resource: Pick<ResourceRef, 'id'>): boolean {
  const id = resource.id.toLowerCase();
  return grant.resources.some((pattern) => {
    if (pattern === '*') return true;
    const p = pattern.toLowerCase();
    if (!p.includes('*') && !p.includes('?') && (id === p || id.startsWith(`${p.replace(/\/+$/, '')}/`))) return true;
    const tail = p.split(/[/:]/).pop() ?? p;
    return globToRegExp(p).test(id) || globToRegExp(tail).test(id);
  });
}

function lastActive(principal: Principal): number | undefined {
  const used = principal.lastUsed;
  if (typeof used === 'string') return Date.parse(used);
  if (used === null && principal.createdAt) return Date.parse(principal.createdAt);
  return undefined;
}

/** Dormant: idle for DORMANT_DAYS. Not the root user, which should stay unused (its safeguard is MFA). */
export function isDormant(principal: Principal, now: Date): boolean {
  if (principal.kind === 'root') return false;
  const at = lastActive(principal);
  return at !== undefined && !Number.isNaN(at) && now.getTime() - at >= DORMANT_DAYS * DAY_MS;
}

/** Days since the principal was last active, when known. */
export function idleDays(principal: Principal, now: Date): number | undefined {
  const at = lastActive(principal);
  return at === undefined || Number.isNaN(at) ? undefined : Math.floor((now.getTime() - at) / DAY_MS);
}

export function isOutside(principal: Principal): boolean {
  return principal.trust === 'external' || (principal.assumableBy ?? []).some((a) => a.trust === 'external');
}

/** Signs in interactively without MFA, and nothing it does here demands MFA. */
function lacksMfa(holder: Holder): boolean {
  return holder.principal.interactive === true && holder.principal.mfa === false && !holder.mfaRequired;
}

/** Who can share or export a resource, from the principals of its account. */
export function uamStateFor(inventory: Pick<Inventory, 'principals' | 'accountSecurity'>, resource: Pick<ResourceRef, 'provider' | 'account' | 'id'>, now: Date, capabilities: readonly Capability[] = EXFILTRATION): UamState {
  const security = inventory.accountSecurity.find((s) => same(s, resource));
  if (!security || security.identities === undefined) return { kind: 'not-assessed' };
  if (isUnknown(security.identities)) return { kind: 'unknown', reason: security.identities.reason };
  const holders: Holder[] = [];
  let unreadable = 0;
  const rootsWithoutMfa: Principal[] = [];
  for (const principal of inventory.principals) {
    if (!same(principal, resource)) continue;
    // The root user can do anything and cannot be narrowed: it is no audience to trim, but it counts when it lacks MFA.
    if (principal.kind === 'root') {
      if (principal.mfa === false) rootsWithoutMfa.push(principal);
      continue;
    }
    if (isUnknown(principal.capabilities)) {
      unreadable += 1;
      continue;
    }
    const covering = principal.capabilities.filter((g) => capabilities.includes(g.capability) && grantCovers(g, resource));
    if (covering.length > 0) holders.push({ principal, mfaRequired: covering.every((g) => g.mfaRequired) });
  }
  return {
    kind: 'assessed',
    holders,
    withoutMfa: [...rootsWithoutMfa, ...holders.filter(lacksMfa).map((h) => h.principal)],
    dormant: holders.filter((h) => isDormant(h.principal, now)).map((h) => h.principal),
    external: holders.filter((h) => isOutside(h.principal)).map((h) => h.principal),
    unreadable,
  };
}

export const principalLabel = (p: Principal): string => p.name ?? p.id;
