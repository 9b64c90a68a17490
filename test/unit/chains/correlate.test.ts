import { describe, expect, it } from 'vitest';
import { createCorrelator } from '../../../src/chains/correlate.js';
import { defineRule } from '../../../src/chains/define-rule.js';
import { RULES } from '../../../src/chains/index.js';
import type { AuditEvent } from '../../../src/logs/event.js';
import { aws, backupRole, DAY, options, resultsOf, run } from './factories.js';
import { awsScenarios, SNAP } from './scenarios.js';

const EXFIL = 'chain-aws-snapshot-exfiltration';

describe('the reorder buffer', () => {
  it('sorts disorder smaller than reorderMs', () => {
    const [create, share, use] = awsScenarios.exfiltration();
    // The copy (minute 40) arrives before the share (minute 10): 30 minutes of disorder.
    expect(resultsOf(run([create!, use!, share!], { reorderMs: 45 * 60_000 }), EXFIL)).toHaveLength(1);
  });

  it('cannot sort disorder larger than reorderMs, and says so', () => {
    const [create, share, use] = awsScenarios.exfiltration();
    // A later event lets the copy through the 5-minute buffer before the share arrives.
    const later = aws({ minute: 50, action: 'CreateSnapshot', activities: [{ kind: 'snapshot-created', target: 'snap-0later', targetRole: 'snapshot' }] });
    const chainRun = run([create!, use!, later, share!], { reorderMs: 5 * 60_000 });
    expect(resultsOf(chainRun, EXFIL)).toEqual([]);
    expect(chainRun.notes.join(' ')).toMatch(/out of order/);
  });
});

describe('eviction and late events', () => {
  it('sorts an old event that arrives while the newer ones are still buffered, without calling it late', () => {
    const old = aws({ minute: 0, action: 'CreateSnapshot', activities: [{ kind: 'snapshot-created', target: 'snap-0old', targetRole: 'snapshot' }] });
    const recent = aws({ minute: 10 * DAY, action: 'CreateSnapshot', activities: [{ kind: 'snapshot-created', target: 'snap-0new', targetRole: 'snapshot' }] });
    expect(run([recent, old]).stats.late).toBe(0);
  });

  it('counts an event older than the eviction horizon as late, still judges it, and notes it', () => {
    const old = aws({ minute: 0, action: 'ModifySnapshotAttribute', activities: [{ kind: 'shared', target: SNAP, targetRole: 'snapshot', grantees: [{ kind: 'public' }] }] });
    const recent = aws({ minute: 10 * DAY, action: 'CreateSnapshot', activities: [{ kind: 'snapshot-created', target: 'snap-0new', targetRole: 'snapshot' }] });
    const chainRun = run([recent, old], { reorderMs: 0 });
    expect(chainRun.stats.late).toBe(1);
    expect(chainRun.notes.join(' ')).toMatch(/chains spanning them may be missed/);
    expect(resultsOf(chainRun, 'chain-aws-snapshot-made-public')).toHaveLength(1);
  });

  it('forgets a chain\'s first step once the window has passed behind the newest event', () => {
    const [create, share, use] = awsScenarios.exfiltration();
    const filler = aws({ minute: 5 * DAY, action: 'CreateSnapshot', activities: [{ kind: 'snapshot-created', target: 'snap-0filler', targetRole: 'snapshot' }] });
    const correlator = createCorrelator(RULES, options({ reorderMs: 0 }));
    for (const e of [create!, share!]) correlator.push(e);
    const before = correlator.stateSize();
    correlator.push(filler);
    expect(correlator.stateSize()).toBeLessThan(before);
    correlator.push(use!);
    const chainRun = correlator.finish();
    expect(resultsOf(chainRun, EXFIL)).toEqual([]);
    expect(chainRun.stats.late).toBe(1);
  });

  it('keeps state bounded by the window over 1,000,000 events', () => {
    const windowMs = 6 * 3_600_000;
    const correlator = createCorrelator(RULES, options({ windowMs, newPrincipalMs: 3_600_000, reorderMs: 60_000 }));
    const stepSeconds = 10;
    const perWindow = windowMs / 1000 / stepSeconds;
    const base: AuditEvent = aws({ minute: 0, action: 'CreateSnapshot', activities: [] });
    const origin = Date.parse(base.time);
    let largest = 0;
    for (let i = 0; i < 1_000_000; i++) {
      const target = `snap-${i.toString(16)}`;
      correlator.push({ ...base, id: `e${i}`, time: new Date(origin + i * stepSeconds * 1000).toISOString(), activities: [{ kind: 'snapshot-created', target, targetRole: 'snapshot', source: `vol-${(i % 5000).toString(16)}` }] });
      if (i % 10_000 === 0) largest = Math.max(largest, correlator.stateSize());
    }
    // Three index entries per event (snapshot, source volume, actor), a window and a sweep slice of them.
    expect(largest).toBeGreaterThan(perWindow);
    expect(largest).toBeLessThan(3 * perWindow * 1.2);
    const chainRun = correlator.finish();
    expect(chainRun.stats).toEqual({ events: 1_000_000, used: 1_000_000, late: 0, benignSkipped: 0, failedSkipped: 0 });
  }, 120_000);
});

describe('the correlator', () => {
  it('counts events, used, failed and benign', () => {
    const events = [
      ...awsScenarios.snapshotPublic(),
      aws({ minute: 11, action: 'DescribeSnapshots', activities: [] }),
      aws({ minute: 12, action: 'ModifySnapshotAttribute', outcome: 'failure', activities: [] }),
      aws({ minute: 13, action: 'CreateSnapshot', actor: { type: 'service', id: 'backup.amazonaws.com' }, activities: [{ kind: 'snapshot-created', target: 'snap-0b', targetRole: 'snapshot' }] }),
    ];
    const chainRun = run(events, { benignCallers: [{ provider: 'aws', id: 'backup.amazonaws.com', reason: 'AWS Backup' }] });
    expect(chainRun.stats).toEqual({ events: 4, used: 1, late: 0, benignSkipped: 1, failedSkipped: 1 });
  });

  it('matches a benign glob on an assumed role\'s role as well as its session', () => {
    const share = { ...awsScenarios.snapshotPublic()[0]!, actor: backupRole };
    const chainRun = run([share], { benignCallers: [{ provider: 'aws', id: 'arn:aws:iam::*:role/service-role/AWSBackupDefaultServiceRole', reason: 'AWS Backup' }] });
    expect(chainRun.results).toEqual([]);
    expect(chainRun.stats.benignSkipped).toBe(1);
  });

  it('does not apply a benign glob of another provider', () => {
    const chainRun = run(awsScenarios.snapshotPublic(), { benignCallers: [{ provider: 'gcp', id: '*', reason: 'everything in GCP' }] });
    expect(chainRun.results).toHaveLength(1);
  });

  it('gives rules only what came before, never the event\'s own other activities', () => {
    const seen: number[] = [];
    const probe = defineRule({
      ...RULES[0]!,
      id: 'chain-aws-probe',
      detect(step, history) {
        seen.push(history.about(SNAP).length);
        return step.activity.kind === 'shared' ? [] : [];
      },
    });
    const both = aws({
      minute: 1,
      action: 'CopySnapshot',
      activities: [
        { kind: 'snapshot-created', target: SNAP, targetRole: 'snapshot' },
        { kind: 'shared', target: SNAP, targetRole: 'snapshot', grantees: [{ kind: 'public' }] },
      ],
    });
    run([both, aws({ minute: 2, action: 'X', activities: [{ kind: 'export-link', target: SNAP }] })], {}, [probe]);
    expect(seen).toEqual([0, 0, 2]);
  });

  it('rejects a negative window and a push after finish', () => {
    expect(() => createCorrelator(RULES, options({ windowMs: -1 }))).toThrow(/windowMs/);
    const correlator = createCorrelator(RULES, options());
    correlator.finish();
    expect(() => correlator.push(awsScenarios.snapshotPublic()[0]!)).toThrow(/finished/);
  });

  it('skips an event with an unreadable time, with a note', () => {
    const chainRun = run([{ ...awsScenarios.snapshotPublic()[0]!, time: 'yesterday' }]);
    expect(chainRun.results).toEqual([]);
    expect(chainRun.notes.join(' ')).toMatch(/no readable time/);
  });
});
