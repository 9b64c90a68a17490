// The score is the severity's base plus every applying factor, each one listed as a reason.
import { describe, expect, it } from 'vitest';
import { SEVERITIES, type ResultStatus, type Signals } from '../../../src/checks/define-check.js';
import { scoreFinding, WEIGHTS, type FactorId } from '../../../src/scorer.js';

const factor = (id: FactorId): number => WEIGHTS.factors[id].points;

describe('scoreFinding', () => {
  it.each(SEVERITIES)('a bare %s finding scores its base, with the severity as the only reason', (severity) => {
    const { score, reasons } = scoreFinding(severity, 'fail', {});
    expect(score).toBe(WEIGHTS.severity[severity]);
    expect(reasons).toEqual([{ factor: `severity.${severity}`, points: WEIGHTS.severity[severity], detail: `${severity} severity` }]);
  });

  it('bases rank critical > high > medium > low > info', () => {
    const scores = SEVERITIES.map((s) => scoreFinding(s, 'fail', {}).score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    expect(new Set(scores).size).toBe(SEVERITIES.length);
  });

  // Critical (60) keeps every single factor inside 0..100, so each adds exactly its points.
  it.each<[FactorId, Signals, ResultStatus, string]>([
    ['exposure.public', { exposure: 'public' }, 'fail', WEIGHTS.factors['exposure.public'].detail],
    ['exposure.external', { exposure: 'external' }, 'fail', WEIGHTS.factors['exposure.external'].detail],
    ['exposure.unknown', { exposure: 'unknown' }, 'fail', WEIGHTS.factors['exposure.unknown'].detail],
    ['exposure.trusted', { exposure: 'trusted' }, 'fail', WEIGHTS.factors['exposure.trusted'].detail],
    ['blast.unencrypted', { unencrypted: true }, 'fail', WEIGHTS.factors['blast.unencrypted'].detail],
    ['blast.reachable-instance', { reachableInstances: 3 }, 'fail', `${WEIGHTS.factors['blast.reachable-instance'].detail} (3 instance(s))`],
    ['scope.exposed-resources', { exposedResourcesInScope: 7 }, 'fail', `${WEIGHTS.factors['scope.exposed-resources'].detail} (7 exposed)`],
    ['guard.partial', { partialGuard: 'block-new-sharing' }, 'fail', `${WEIGHTS.factors['guard.partial'].detail} (block-new-sharing)`],
    ['guard.inert', { inertBecause: 'block-all-sharing' }, 'fail', `${WEIGHTS.factors['guard.inert'].detail} (block-all-sharing)`],
    ['status.unknown', {}, 'unknown', WEIGHTS.factors['status.unknown'].detail],
  ])('%s adds its weight and is listed with its detail', (id, signals, status, detail) => {
    const { score, reasons } = scoreFinding('critical', status, signals);
    expect(score).toBe(WEIGHTS.severity.critical + factor(id));
    expect(reasons).toHaveLength(2);
    expect(reasons[1]).toEqual({ factor: id, points: factor(id), detail });
  });

  it.each<[string, Signals]>([
    ['unencrypted false', { unencrypted: false }],
    ['zero reachable instances', { reachableInstances: 0 }],
    ['zero exposed resources in scope', { exposedResourcesInScope: 0 }],
    ['empty guard strings', { partialGuard: '', inertBecause: '' }],
  ])('%s adds nothing', (_name, signals) => {
    expect(scoreFinding('high', 'fail', signals)).toEqual(scoreFinding('high', 'fail', {}));
  });

  it('lists every applied factor, in a fixed order, and the score is their sum', () => {
    const signals: Signals = { exposure: 'external', unencrypted: true, reachableInstances: 1, exposedResourcesInScope: 2, partialGuard: 'p', inertBecause: 'i' };
    const { score, reasons } = scoreFinding('medium', 'unknown', signals);
    expect(reasons.map((r) => r.factor)).toEqual([
      'severity.medium',
      'exposure.external',
      'blast.unencrypted',
      'blast.reachable-instance',
      'scope.exposed-resources',
      'guard.partial',
      'guard.inert',
      'status.unknown',
    ]);
    const sum = reasons.reduce((total, r) => total + r.points, 0);
    expect(sum).toBe(30 + 14 + 6 + 12 + 10 - 8 - 35 - 15);
    expect(score).toBe(sum);
  });

  it.each<ResultStatus>(['fail', 'pass', 'n/a'])('status %s adds no status factor', (status) => {
    expect(scoreFinding('high', status, { exposure: 'public' }).reasons.map((r) => r.factor)).not.toContain('status.unknown');
  });

  it('an unknown status ranks below the same finding verified', () => {
    const verified = scoreFinding('high', 'fail', { exposure: 'public' }).score;
    const unverified = scoreFinding('high', 'unknown', { exposure: 'public' }).score;
    expect(unverified).toBe(verified - 15);
  });

  it('an inert guard puts a critical public finding below an uninert high public one', () => {
    const inert = scoreFinding('critical', 'fail', { exposure: 'public', inertBecause: 'block-all-sharing' });
    const live = scoreFinding('high', 'fail', { exposure: 'public' });
    expect(inert.score).toBe(60 + 20 - 35);
    expect(live.score).toBe(45 + 20);
    expect(inert.score).toBeLessThan(live.score);
  });

  it('a partial guard lowers less than an inert one', () => {
    const partial = scoreFinding('critical', 'fail', { exposure: 'public', partialGuard: 'block-new-sharing' }).score;
    const inert = scoreFinding('critical', 'fail', { exposure: 'public', inertBecause: 'block-all-sharing' }).score;
    const none = scoreFinding('critical', 'fail', { exposure: 'public' }).score;
    expect(none).toBeGreaterThan(partial);
    expect(partial).toBeGreaterThan(inert);
  });

  it('exposure ranks public > external > unknown > trusted', () => {
    const scores = (['public', 'external', 'unknown', 'trusted'] as const).map((exposure) => scoreFinding('medium', 'fail', { exposure }).score);
    expect(scores).toEqual([50, 44, 38, 32]);
  });

  it('is clamped to 100 by a cap reason, so the reasons still add up to the score', () => {
    const { score, reasons } = scoreFinding('critical', 'fail', { exposure: 'public', unencrypted: true, reachableInstances: 4, exposedResourcesInScope: 9 });
    expect(score).toBe(100);
    expect(reasons).toHaveLength(6);
    expect(reasons[5]).toEqual({ factor: 'scale.cap', points: -8, detail: 'scores stop at 100' });
    expect(reasons.reduce((total, r) => total + r.points, 0)).toBe(100);
  });

  it('is clamped to 0 by a floor reason', () => {
    const { score, reasons } = scoreFinding('info', 'unknown', { inertBecause: 'block-all-sharing' });
    expect(score).toBe(0);
    expect(reasons.at(-1)).toEqual({ factor: 'scale.floor', points: 45, detail: 'scores start at 0' });
    expect(reasons.reduce((total, r) => total + r.points, 0)).toBe(0);
  });

  it('is deterministic', () => {
    const signals: Signals = { exposure: 'unknown', unencrypted: true, reachableInstances: 2 };
    const first = scoreFinding('high', 'unknown', signals);
    expect(scoreFinding('high', 'unknown', signals)).toEqual(first);
    expect(JSON.stringify(scoreFinding('high', 'unknown', { ...signals }))).toBe(JSON.stringify(first));
  });

  it('does not change the signals it is given', () => {
    const signals: Signals = { exposure: 'public', reachableInstances: 1 };
    const copy = structuredClone(signals);
    scoreFinding('critical', 'fail', signals);
    expect(signals).toEqual(copy);
  });
});

describe('WEIGHTS', () => {
  it('lowers only with guards and an unknown status; every other factor raises', () => {
    const negative = Object.entries(WEIGHTS.factors)
      .filter(([, f]) => f.points < 0)
      .map(([id]) => id)
      .sort();
    expect(negative).toEqual(['guard.inert', 'guard.partial', 'status.unknown']);
  });

  it('every factor has a detail a reader can see', () => {
    for (const f of Object.values(WEIGHTS.factors)) expect(f.detail.length).toBeGreaterThan(10);
  });
});
