// Chains from the logs joined with the posture: the same resource, named as the logs and the scan
// name it, raises both findings, each with a reason that says why.
import { describe, expect, it } from 'vitest';
import type { CheckMeta, CheckResult } from '../../../src/checks/define-check.js';
import { CHECKS } from '../../../src/checks/index.js';
import { runChecks } from '../../../src/checks/run.js';
import { idsInEvidence, resourceKey } from '../../../src/logs/resource-key.js';
import { emptyInventory, mergeInventories } from '../../../src/model.js';
import { buildReport, type LogSummary } from '../../../src/report.js';
import { WEIGHTS } from '../../../src/scorer.js';
import { reportSchema } from '../../support/report-schema.js';
import { ACCOUNT, REGION, snapshot } from '../../support/factories.js';

const NOW = new Date('2026-11-27T12:00:00Z');

const RULE: CheckMeta = {
  id: 'chain-test-snapshot-exfiltration',
  title: 'A snapshot was made and shared out',
  description: 'test rule',
  severity: 'critical',
  provider: 'aws',
  resourceType: 'AWS::EC2::Snapshot',
  threat: { techniques: ['T1578.001', 'T1537'], mitigations: ['M1047', 'M1018'] },
  compliance: [],
  messages: { shared: '{{id}} was created and shared with {{grantee}}' },
  remediation: { text: 'Unshare it.', command: 'aws ec2 modify-snapshot-attribute --snapshot-id {{id}} --attribute createVolumePermission --operation-type remove --group-names all' },
};

const SUMMARY: LogSummary = { sources: ['trail.json'], events: 3, relevant: 3, failedCalls: 0, benignCalls: 0, unparsed: 0, late: 0, rules: 1, chains: 1, notes: [] };

function chainResult(id: string, resources: string[]): CheckResult {
  return {
    checkId: RULE.id,
    status: 'fail',
    resource: { provider: 'aws', account: ACCOUNT, region: REGION, type: 'AWS::EC2::Snapshot', id },
    messageId: 'shared',
    data: { grantee: 'all' },
    evidence: { resources, chain: [{ step: 'created', time: '2026-11-26T10:00:00Z', action: 'CreateSnapshot', actor: 'arn:aws:iam::111122223333:user/mallory' }] },
    signals: { exposure: 'public' },
  };
}

function reportWith(chains: CheckResult[]) {
  const inventory = mergeInventories([
    emptyInventory(),
    {
      accounts: [{ provider: 'aws', id: ACCOUNT, regions: [REGION] }],
      snapshots: [snapshot({ id: 'snap-0abc', sharing: [{ kind: 'public', principal: 'all' }] }), snapshot({ id: 'snap-0quiet' })],
    },
  ]);
  const checks = CHECKS.filter((c) => c.provider === 'aws');
  const run = runChecks(checks, inventory, { now: NOW });
  return buildReport({ version: '1.0.0', generatedAt: NOW, providers: ['aws'], checks, inventory, results: run.results, failures: run.failures, chains: { rules: [RULE], results: chains, summary: SUMMARY } });
}

describe('resourceKey', () => {
  it('names one resource the same way however a record spells it', () => {
    expect(resourceKey('aws', 'arn:aws:rds:us-east-1:111122223333:snapshot:Prod-Copy')).toBe(resourceKey('aws', 'prod-copy'));
    expect(resourceKey('aws', 'arn:aws:ec2:us-east-1::snapshot/snap-1')).toBe(resourceKey('aws', 'snap-1'));
    expect(resourceKey('gcp', 'https://compute.googleapis.com/compute/v1/projects/p-1/global/snapshots/s')).toBe(resourceKey('gcp', 'projects/p-1/global/snapshots/s'));
    expect(resourceKey('azure', '/subscriptions/S/resourceGroups/RG/providers/Microsoft.Compute/snapshots/X')).toBe(resourceKey('azure', '/subscriptions/s/resourcegroups/rg/providers/microsoft.compute/snapshots/x'));
    // Clouds do not share keys, and different resources stay apart.
    expect(resourceKey('aws', 'snap-1')).not.toBe(resourceKey('gcp', 'snap-1'));
    expect(resourceKey('aws', 'snap-1')).not.toBe(resourceKey('aws', 'snap-2'));
  });

  it('collects the resource and every string the evidence lists, once', () => {
    expect(idsInEvidence('snap-1', { resources: ['snap-1', 'vol-2', 3, 'i-4'] })).toEqual(['snap-1', 'vol-2', 'i-4']);
    expect(idsInEvidence('snap-1', { resources: 'not-a-list' })).toEqual(['snap-1']);
  });
});

describe('joining chains with the posture', () => {
  it('raises the posture finding a chain touched and says which chain', () => {
    const report = reportWith([chainResult('snap-0abc', ['snap-0abc', 'vol-1'])]);
    const posture = report.findings.find((f) => f.checkId === 'aws-ebs-snapshot-public' && f.resource.id === 'snap-0abc');
    expect(posture).toBeDefined();
    const reason = posture?.reasons.find((r) => r.factor === 'chain.active');
    expect(reason?.points).toBe(WEIGHTS.factors['chain.active'].points);
    expect(reason?.detail).toContain(RULE.id);
    expect(posture?.reasons.reduce((sum, r) => sum + r.points, 0)).toBe(posture?.score);
  });

  it('marks the chain whose resource is still exposed, naming the posture check', () => {
    const report = reportWith([chainResult('snap-0abc', ['snap-0abc'])]);
    const chain = report.findings.find((f) => f.checkId === RULE.id);
    const reason = chain?.reasons.find((r) => r.factor === 'chain.still-exposed');
    expect(reason?.detail).toContain('aws-ebs-snapshot-public');
    expect(chain?.message).toBe('snap-0abc was created and shared with all');
    expect(chain?.techniques.map((t) => t.id)).toEqual(['T1578.001', 'T1537']);
  });

  it('leaves findings on untouched resources alone, and a chain on a resource now private unjoined', () => {
    const report = reportWith([chainResult('snap-0quiet', ['snap-0quiet'])]);
    const chain = report.findings.find((f) => f.checkId === RULE.id);
    expect(chain?.reasons.some((r) => r.factor === 'chain.still-exposed')).toBe(false);
    const posture = report.findings.find((f) => f.checkId === 'aws-ebs-snapshot-public');
    expect(posture?.reasons.some((r) => r.factor === 'chain.active')).toBe(false);
  });

  it('ranks a joined chain above the same chain unjoined, and reports what the logs held', () => {
    const joined = reportWith([chainResult('snap-0abc', ['snap-0abc'])]).findings.find((f) => f.checkId === RULE.id);
    const alone = reportWith([chainResult('snap-0quiet', ['snap-0quiet'])]).findings.find((f) => f.checkId === RULE.id);
    expect(joined?.score ?? 0).toBeGreaterThan(alone?.score ?? 0);
    const report = reportWith([chainResult('snap-0abc', ['snap-0abc'])]);
    expect(report.summary.logs).toEqual(SUMMARY);
    expect(reportSchema.safeParse(JSON.parse(JSON.stringify(report))).success).toBe(true);
  });

  it('has no logs summary when no logs were read', () => {
    const inventory = emptyInventory();
    const report = buildReport({ version: '1.0.0', generatedAt: NOW, providers: ['aws'], checks: [], inventory, results: [], failures: [] });
    expect(report.summary.logs).toBeUndefined();
  });
});
