// Pure and table-driven: a finding's score is its severity's base plus the points of every factor
// that applies, each listed in `reasons` so a reader can see why one finding outranks another.
import type { ResultStatus, Severity, Signals } from './checks/define-check.js';
import { BROAD_HOLDERS, DORMANT_DAYS, principalLabel, type AuditState, type UamState } from './mitigations.js';
import type { Principal } from './model.js';

export interface ScoreReason {
  readonly factor: string;
  readonly points: number;
  readonly detail: string;
}

export interface Score {
  readonly score: number;
  readonly reasons: readonly ScoreReason[];
}

interface Factor {
  readonly points: number;
  readonly detail: string;
}

/** The one weights table. Change a number here and every report explains the new ranking. */
export const WEIGHTS = {
  severity: { critical: 60, high: 45, medium: 30, low: 15, info: 5 } satisfies Record<Severity, number>,
  factors: {
    'exposure.public': { points: 20, detail: 'any account in the cloud can use it' },
    'exposure.external': { points: 14, detail: 'an account outside the organization and the trusted list can use it' },
    'exposure.unknown': { points: 8, detail: 'who can use it could not be established' },
    'exposure.trusted': { points: 2, detail: 'shared, but only with internal or trusted accounts' },
    'blast.unencrypted': { points: 6, detail: 'not encrypted: no key policy stands between a copy and its data' },
    'blast.reachable-instance': { points: 12, detail: 'an instance built from it is reachable from the internet on SSH, RDP or all ports' },
    'scope.exposed-resources': { points: 10, detail: 'resources in its scope are exposed right now' },
    'guard.partial': { points: -8, detail: 'a guard rail is on but only partly effective' },
    'guard.inert': { points: -35, detail: 'a guard rail makes the exposure inert for now (it returns if the guard is lifted)' },
    'status.unknown': { points: -15, detail: 'not verified: a read failed, so this may or may not be exposed' },
    // Audit (M1047): would an abuse here be seen?
    'audit.unlogged': { points: 8, detail: 'snapshot activity here is not recorded, so an abuse would go unseen (M1047)' },
    'audit.unknown': { points: 4, detail: 'whether snapshot activity here is recorded could not be established (M1047)' },
    'audit.logged': { points: 0, detail: 'snapshot activity here is recorded (M1047)' },
    'audit.not-assessed': { points: 0, detail: 'audit logging was not assessed here (M1047)' },
    // User Account Management (M1018): who could expose it (share or export data; open a machine to the internet)?
    'uam.external': { points: 8, detail: 'an identity outside the organization can expose it (M1018)' },
    'uam.no-mfa': { points: 6, detail: 'a principal that can expose it signs in without MFA (M1018)' },
    'uam.broad': { points: 6, detail: `more than ${BROAD_HOLDERS} principals can expose it (M1018)` },
    'uam.dormant': { points: 4, detail: `a principal that can expose it has been idle ${DORMANT_DAYS} days or more (M1018)` },
    'uam.unknown': { points: 4, detail: 'who can expose it could not be established (M1018)' },
    'uam.contained': { points: 0, detail: 'the principals that can expose it are few, in use, inside, and use MFA where they sign in (M1018)' },
    'uam.not-assessed': { points: 0, detail: 'who can expose it was not assessed here (M1018)' },
    // The audit logs and the posture, joined on the resource.
    'chain.active': { points: 15, detail: 'an attack chain in the audit logs touched this resource' },
    'chain.still-exposed': { points: 10, detail: 'the resource the chain touched is still exposed now' },
  } satisfies Record<string, Factor>,
} as const;

export type FactorId = keyof typeof WEIGHTS.factors;

function reason(factor: FactorId, extra?: string): ScoreReason {
  const { points, detail } = WEIGHTS.factors[factor];
  return { factor, points, detail: extra ? `${detail} (${extra})` : detail };
}

/** The mitigation states of the place a finding lives; absent for findings the factors do not apply to. */
export interface MitigationContext {
  readonly audit: AuditState;
  /** Absent for findings that are not about a resource data can be taken from (an account setting, an identity). */
  readonly uam?: UamState;
}

const names = (principals: readonly Principal[]): string => {
  const shown = principals.slice(0, 3).map(principalLabel).join(', ');
  return principals.length > 3 ? `${shown} and ${principals.length - 3} more` : shown;
};

function auditReasons(audit: AuditState): ScoreReason[] {
  switch (audit.kind) {
    case 'logged':
      return [reason('audit.logged', audit.sources.join(', ') || undefined)];
    case 'unlogged':
      return [reason('audit.unlogged', audit.gaps.join('; '))];
    case 'unknown':
      return [reason('audit.unknown', audit.reason)];
    case 'not-assessed':
      return [reason('audit.not-assessed')];
  }
}

function uamReasons(uam: UamState): ScoreReason[] {
  if (uam.kind === 'not-assessed') return [reason('uam.not-assessed')];
  if (uam.kind === 'unknown') return [reason('uam.unknown', uam.reason)];
  const out: ScoreReason[] = [];
  if (uam.external.length > 0) out.push(reason('uam.external', names(uam.external)));
  if (uam.withoutMfa.length > 0) out.push(reason('uam.no-mfa', names(uam.withoutMfa)));
  if (uam.holders.length > BROAD_HOLDERS) out.push(reason('uam.broad', `${uam.holders.length} principals`));
  if (uam.dormant.length > 0) out.push(reason('uam.dormant', names(uam.dormant)));
  if (uam.unreadable > 0 && out.length === 0) out.push(reason('uam.unknown', `the permissions of ${uam.unreadable} principal(s) could not be read`));
  if (out.length === 0) out.push(reason('uam.contained', uam.holders.length === 0 ? 'no principal holds it' : `${uam.holders.length}: ${names(uam.holders.map((h) => h.principal))}`));
  return out;
}

/** What joining the audit-log chains with the posture found about a finding's resource. */
export interface ChainLinks {
  /** For a posture finding: the chain rules whose chains touched its resource. */
  readonly chains?: readonly string[];
  /** For a chain finding: the posture checks still failing on a resource the chain touched. */
  readonly stillExposedBy?: readonly string[];
}

export function scoreFinding(severity: Severity, status: ResultStatus, signals: Signals, mitigation?: MitigationContext, links: ChainLinks = {}): Score {
  const reasons: ScoreReason[] = [{ factor: `severity.${severity}`, points: WEIGHTS.severity[severity], detail: `${severity} severity` }];
  if (signals.exposure) reasons.push(reason(`exposure.${signals.exposure}`));
  if (signals.unencrypted) reasons.push(reason('blast.unencrypted'));
  if (signals.reachableInstances && signals.reachableInstances > 0)
    reasons.push(reason('blast.reachable-instance', `${signals.reachableInstances} instance(s)`));
  if (signals.exposedResourcesInScope && signals.exposedResourcesInScope > 0)
    reasons.push(reason('scope.exposed-resources', `${signals.exposedResourcesInScope} exposed`));
  if (signals.partialGuard) reasons.push(reason('guard.partial', signals.partialGuard));
  if (signals.inertBecause) reasons.push(reason('guard.inert', signals.inertBecause));
  if (status === 'unknown') reasons.push(reason('status.unknown'));
  if (mitigation) {
    reasons.push(...auditReasons(mitigation.audit));
    if (mitigation.uam) reasons.push(...uamReasons(mitigation.uam));
  }
  if (links.chains && links.chains.length > 0) reasons.push(reason('chain.active', links.chains.join(', ')));
  if (links.stillExposedBy && links.stillExposedBy.length > 0) reasons.push(reason('chain.still-exposed', links.stillExposedBy.join(', ')));
  const total = reasons.reduce((sum, r) => sum + r.points, 0);
  // The scale is 0 to 100; the reasons still add up to the score.
  if (total > 100) reasons.push({ factor: 'scale.cap', points: 100 - total, detail: 'scores stop at 100' });
  if (total < 0) reasons.push({ factor: 'scale.floor', points: -total, detail: 'scores start at 0' });
  return { score: Math.max(0, Math.min(100, total)), reasons };
}
