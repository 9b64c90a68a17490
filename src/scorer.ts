// Pure and table-driven: a finding's score is its severity's base plus the points of every factor
// that applies, each listed in `reasons` so a reader can see why one finding outranks another.
import type { ResultStatus, Severity, Signals } from './checks/define-check.js';

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
  } satisfies Record<string, Factor>,
} as const;

export type FactorId = keyof typeof WEIGHTS.factors;

function reason(factor: FactorId, extra?: string): ScoreReason {
  const { points, detail } = WEIGHTS.factors[factor];
  return { factor, points, detail: extra ? `${detail} (${extra})` : detail };
}

export function scoreFinding(severity: Severity, status: ResultStatus, signals: Signals): Score {
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
  const total = reasons.reduce((sum, r) => sum + r.points, 0);
  return { score: Math.max(0, Math.min(100, total)), reasons };
}
