// --baseline and --fail-on-new: a previous JSON report read and checked, findings marked new or
// unchanged by id, and a vanished finding called resolved only where this scan looked again.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffBaseline, exitCodeForNew, parseBaseline, readBaseline, type Baseline, type BaselineFinding, type ScannedScope } from '../../../src/baseline.js';
import type { Severity } from '../../../src/checks/define-check.js';
import { EXIT, InputError } from '../../../src/errors.js';
import type { ResourceRef } from '../../../src/model.js';
import { fingerprint, type Finding, type FindingStatus } from '../../../src/report.js';
import { applySuppressions } from '../../../src/suppress.js';
import { findingSchema, reportSchema } from '../../support/report-schema.js';

const ACCOUNT = '111122223333';
const GOLDEN = fileURLToPath(new URL('../reports/golden/report.json', import.meta.url));

function ref(resource: Partial<ResourceRef> = {}): ResourceRef {
  return { provider: 'aws', account: ACCOUNT, region: 'us-east-1', type: 'AWS::EC2::Snapshot', id: 'snap-1', ...resource };
}

function finding(checkId: string, resource: Partial<ResourceRef> = {}, overrides: Partial<Finding> = {}): Finding {
  const r = ref(resource);
  return {
    id: fingerprint(checkId, r),
    checkId,
    title: checkId,
    severity: 'high',
    status: 'fail',
    score: 70,
    reasons: [{ factor: 'severity.high', points: 45, detail: 'high severity' }],
    resource: r,
    message: `${checkId} on ${r.id}`,
    evidence: {},
    techniques: [{ id: 'T1578.001', name: 'Create Snapshot' }],
    mitigations: [],
    compliance: [],
    remediation: { text: 'Fix it.', command: 'aws ec2 fix' },
    ...overrides,
  };
}

/** A finding as a previous report holds it: the fields the diff reads. */
function was(f: Finding, overrides: Partial<BaselineFinding> = {}): BaselineFinding {
  return { id: f.id, checkId: f.checkId, resource: { ...f.resource }, status: f.status, severity: f.severity, score: f.score, ...overrides };
}

function baseline(findings: readonly BaselineFinding[]): Baseline {
  return { source: 'previous.json', version: '0.0.9', findings };
}

const AWS_SCAN: ScannedScope = { accounts: [{ provider: 'aws', id: ACCOUNT, regions: ['us-east-1', 'eu-west-1'] }], coverage: [] };

async function rejectionOf(promise: Promise<unknown>): Promise<InputError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error('expected an InputError, the promise resolved');
}

function inputErrorOf(fn: () => unknown): InputError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error('expected an InputError, nothing was thrown');
}

describe('readBaseline / parseBaseline', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'snapaudit-baseline-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads a full JSON report of another version (the golden report, 9.9.9)', async () => {
    const b = await readBaseline(GOLDEN);
    const golden = JSON.parse(readFileSync(GOLDEN, 'utf8')) as { findings: Array<{ id: string; status: string }> };
    expect(b.version).toBe('9.9.9');
    expect(b.source).toBe(GOLDEN);
    expect(b.generatedAt).toBe('2026-11-27T12:00:00.000Z');
    expect(b.findings.map((f) => f.id)).toEqual(golden.findings.map((f) => f.id));
    expect(b.findings.filter((f) => f.status === 'unknown')).toHaveLength(2);
  });

  it('a minimal report of an older version, with fields this one lacks and without those it has, still works', () => {
    const old = {
      tool: { name: 'snapaudit', version: '0.0.1', build: 'abc' },
      legacy: true,
      findings: [{ id: 'abc123', checkId: 'aws-ebs-snapshot-public', resource: { provider: 'aws', account: ACCOUNT, region: 'us-east-1', id: 'snap-1' }, status: 'fail', severity: 'critical', score: 90, risk: 'x' }],
    };
    const b = parseBaseline(old, 'old.json');
    expect(b).toEqual({ source: 'old.json', version: '0.0.1', findings: [{ id: 'abc123', checkId: 'aws-ebs-snapshot-public', resource: { provider: 'aws', account: ACCOUNT, region: 'us-east-1', id: 'snap-1' }, status: 'fail', severity: 'critical', score: 90 }] });
  });

  it.each([
    ['a SARIF log', { version: '2.1.0', $schema: 'https://json.schemastore.org/sarif-2.1.0.json', runs: [] }],
    ['an OCSF array', [{ class_uid: 2003 }]],
    ['another tool', { tool: { name: 'prowler', version: '4.0.0' }, findings: [] }],
    ['a string', 'snapaudit'],
    ['null', null],
  ])('%s → InputError: not a snapaudit JSON report', (_what, input) => {
    const error = inputErrorOf(() => parseBaseline(input, 'prev.json'));
    expect(error.message).toBe('baseline prev.json: not a snapaudit JSON report (no tool.name "snapaudit"; write one with --format json)');
    expect(error.exitCode).toBe(EXIT.usage);
  });

  it.each([
    [{ findings: [{ id: 'a', checkId: 'c', resource: { provider: 'aws', account: ACCOUNT, region: 'r', id: 'i' }, status: 'fail', score: 1 }] }, 'findings.0.severity'],
    [{ findings: [{ id: 'a', checkId: 'c', resource: { provider: 'aws', account: ACCOUNT, region: 'r', id: 'i' }, status: 'open', severity: 'high', score: 1 }] }, 'findings.0.status'],
    [{ findings: [{ id: 'a', checkId: 'c', resource: { provider: 'oci', account: ACCOUNT, region: 'r', id: 'i' }, status: 'fail', severity: 'high', score: 1 }] }, 'findings.0.resource.provider'],
    [{}, 'findings'],
    [{ tool: { name: 'snapaudit' }, findings: [] }, 'tool.version'],
  ])('a snapaudit report missing what the diff needs → InputError naming %#: %s', (change, where) => {
    const error = inputErrorOf(() => parseBaseline({ tool: { name: 'snapaudit', version: '0.1.0' }, ...change }, 'prev.json'));
    expect(error.message).toMatch(new RegExp(`^baseline prev\\.json: ${where.replace(/\./g, '\\.')}: `));
    expect(error.message).not.toContain('\n');
  });

  it('a file that is not JSON, or is missing, is one line naming it', async () => {
    const text = join(dir, 'report.txt');
    await writeFile(text, 'snapaudit 0.1.0: 3 findings\n');
    expect((await rejectionOf(readBaseline(text))).message).toMatch(/^baseline .*report\.txt: not valid JSON/);
    expect((await rejectionOf(readBaseline(join(dir, 'missing.json')))).message).toMatch(/^baseline .*missing\.json: cannot read the file \(ENOENT\)$/);
  });

  it('a JSON file written by another tool is refused on read', async () => {
    const sarif = join(dir, 'prev.sarif');
    await writeFile(sarif, JSON.stringify({ version: '2.1.0', runs: [{ tool: { driver: { name: 'snapaudit' } } }] }));
    expect((await rejectionOf(readBaseline(sarif))).message).toContain('not a snapaudit JSON report');
  });
});

describe('diffBaseline: new and unchanged', () => {
  const pub = finding('aws-ebs-snapshot-public');
  const shared = finding('aws-ebs-snapshot-shared-external', { id: 'snap-2' });

  it.each([
    ['not in the baseline → new', pub, [], { baseline: 'new' }],
    ['same id, same score → unchanged, nothing more', pub, [was(pub)], { baseline: 'unchanged' }],
    ['score changed → unchanged, with the previous score', pub, [was(pub, { score: 55 })], { baseline: 'unchanged', previousScore: 55 }],
    ['severity and score changed → unchanged, with both', pub, [was(pub, { severity: 'medium', score: 40 })], { baseline: 'unchanged', previousScore: 40, previousSeverity: 'medium' }],
    ['unknown before, failing now → unchanged, with the previous status', pub, [was(pub, { status: 'unknown' })], { baseline: 'unchanged', previousStatus: 'unknown' }],
    ['same check, other resource → new', pub, [was(shared, { checkId: pub.checkId, id: fingerprint(pub.checkId, shared.resource) })], { baseline: 'new' }],
    ['an id of an older fingerprint, same check and resource → unchanged', pub, [was(pub, { id: 'v0-0000' })], { baseline: 'unchanged' }],
    ['an older id and no resource type to recompute it → new', pub, [was(pub, { id: 'v0-0000', resource: { provider: 'aws', account: ACCOUNT, region: 'us-east-1', id: 'snap-1' } })], { baseline: 'new' }],
  ] as const)('%s', (_name, current, previous, expected) => {
    const { findings } = diffBaseline([current], baseline(previous), AWS_SCAN);
    const mark = Object.fromEntries(Object.entries(findings[0]!).filter(([k]) => k === 'baseline' || k.startsWith('previous')));
    expect(mark).toEqual(expected);
    expect(findings[0]).toMatchObject(current);
  });

  it('keeps the order, the ids and the fields suppressions added', () => {
    const { findings: suppressed } = applySuppressions([pub, shared], [{ checkId: pub.checkId, resource: '*', reason: 'golden image source', owner: 'platform', expires: '2027-01-01' }], new Date('2026-11-28T00:00:00Z'));
    const { findings } = diffBaseline(suppressed, baseline([was(pub)]), AWS_SCAN);
    expect(findings.map((f) => [f.id, f.baseline])).toEqual([
      [pub.id, 'unchanged'],
      [shared.id, 'new'],
    ]);
    // Suppressed now, failing before: unchanged, and suppressed.
    expect(findings[0]).toMatchObject({ status: 'suppressed', previousStatus: 'fail', suppression: { owner: 'platform' } });
  });
});

describe('diffBaseline: resolved or not rechecked', () => {
  const gone = (resource: Partial<ResourceRef>, status: FindingStatus = 'fail', checkId = 'aws-ebs-snapshot-public'): BaselineFinding => was(finding(checkId, resource, { status }));
  const azureSub = '00000000-0000-0000-0000-000000000001';
  const azureSnap = { provider: 'azure' as const, account: azureSub, region: 'westeurope', type: 'Microsoft.Compute/snapshots', id: `/subscriptions/${azureSub}/resourceGroups/rg/providers/Microsoft.Compute/snapshots/s1` };
  const gcpProject = 'my-project-1';
  const gcpImage = { provider: 'gcp' as const, account: gcpProject, region: 'us,eu', type: 'compute.googleapis.com/Image', id: 'projects/my-project-1/global/images/i1' };

  it.each<[string, BaselineFinding, ScannedScope, 'resolved' | 'not-rechecked' | 'not listed', RegExp?]>([
    ['gone from a region this scan read → resolved', gone({}), AWS_SCAN, 'resolved'],
    ['an unknown one gone → resolved', gone({}, 'unknown'), AWS_SCAN, 'resolved'],
    ['suppressed before and gone → not listed', gone({}, 'suppressed'), AWS_SCAN, 'not listed'],
    ['an account-wide (global) AWS finding gone → resolved', gone({ region: 'global', type: 'AWS::IAM::User', id: 'arn:aws:iam::111122223333:user/bob' }), AWS_SCAN, 'resolved'],
    ['its account unreachable this time → not rechecked', gone({}), { accounts: [{ provider: 'aws', id: ACCOUNT, regions: [], unreachable: 'AccessDenied assuming Audit' }], coverage: [] }, 'not-rechecked', /unreachable: AccessDenied assuming Audit/],
    ['its account not in this scan → not rechecked', gone({ account: '444455556666' }), AWS_SCAN, 'not-rechecked', /account 444455556666 was not in this scan/],
    ['same account id on another provider does not count', gone({ provider: 'gcp', account: ACCOUNT, region: 'global' }), AWS_SCAN, 'not-rechecked', /gcp account/],
    ['its region not scanned this time → not rechecked', gone({ region: 'ap-south-1' }), AWS_SCAN, 'not-rechecked', /region ap-south-1 was not scanned/],
    [
      'a denied read in its region → not rechecked',
      gone({}),
      { ...AWS_SCAN, coverage: [{ provider: 'aws', account: ACCOUNT, region: 'us-east-1', service: 'ec2', status: 'denied', action: 'ec2:DescribeSnapshotAttribute' }] },
      'not-rechecked',
      /reads failed in us-east-1 \(denied: ec2:DescribeSnapshotAttribute\)/,
    ],
    ['an error in its region → not rechecked', gone({}), { ...AWS_SCAN, coverage: [{ provider: 'aws', account: ACCOUNT, region: 'us-east-1', service: 'ec2', status: 'error' }] }, 'not-rechecked', /error: ec2/],
    ['a denied read in another AWS region → resolved', gone({}), { ...AWS_SCAN, coverage: [{ provider: 'aws', account: ACCOUNT, region: 'eu-west-1', service: 'ec2', status: 'denied' }] }, 'resolved'],
    ['a denied read in another account → resolved', gone({}), { accounts: [...AWS_SCAN.accounts, { provider: 'aws', id: '444455556666', regions: ['us-east-1'] }], coverage: [{ provider: 'aws', account: '444455556666', region: 'us-east-1', service: 'ec2', status: 'denied' }] }, 'resolved'],
    ['a skipped read in its region → resolved (nothing failed)', gone({}), { ...AWS_SCAN, coverage: [{ provider: 'aws', account: ACCOUNT, region: 'us-east-1', service: 'ec2', status: 'skipped' }] }, 'resolved'],
    ['an ok read in its region → resolved', gone({}), { ...AWS_SCAN, coverage: [{ provider: 'aws', account: ACCOUNT, region: 'us-east-1', service: 'ec2', status: 'ok' }] }, 'resolved'],
    ['Azure: its location no longer among those seen → resolved (a subscription is read whole)', gone(azureSnap, 'fail', 'azure-snapshot-public-network'), { accounts: [{ provider: 'azure', id: azureSub, regions: ['northeurope'] }], coverage: [] }, 'resolved'],
    [
      'Azure: a denied read anywhere in the subscription → not rechecked',
      gone(azureSnap, 'fail', 'azure-snapshot-public-network'),
      { accounts: [{ provider: 'azure', id: azureSub, regions: [] }], coverage: [{ provider: 'azure', account: azureSub, region: 'global', service: 'Microsoft.Compute', status: 'denied', action: 'Microsoft.Compute/snapshots/read' }] },
      'not-rechecked',
      /denied: Microsoft\.Compute\/snapshots\/read/,
    ],
    ['GCP: a multi-region image gone → resolved', gone(gcpImage, 'fail', 'gcp-image-public'), { accounts: [{ provider: 'gcp', id: gcpProject, regions: [] }], coverage: [] }, 'resolved'],
    ['GCP: project unreachable → not rechecked', gone(gcpImage, 'fail', 'gcp-image-public'), { accounts: [{ provider: 'gcp', id: gcpProject, regions: [], unreachable: 'PERMISSION_DENIED' }], coverage: [] }, 'not-rechecked', /unreachable/],
    ['its check failed to run → not rechecked', gone({}), { ...AWS_SCAN, failedToRun: [{ checkId: 'aws-ebs-snapshot-public' }] }, 'not-rechecked', /check aws-ebs-snapshot-public failed to run/],
    ['a chain rule that did not run this time (no logs read) → not rechecked', gone({}, 'fail', 'aws-snapshot-made-public'), { ...AWS_SCAN, checksRun: ['aws-ebs-snapshot-public'] }, 'not-rechecked', /check aws-snapshot-made-public did not run/],
    ['its check ran → resolved', gone({}), { ...AWS_SCAN, checksRun: ['aws-ebs-snapshot-public'], failedToRun: [{ checkId: 'other' }] }, 'resolved'],
  ])('%s', (_name, previous, scanned, expected, why) => {
    const { resolved } = diffBaseline([], baseline([previous]), scanned);
    if (expected === 'not listed') {
      expect(resolved).toEqual([]);
      return;
    }
    expect(resolved).toHaveLength(1);
    const [r] = resolved;
    expect(r).toMatchObject({ id: previous.id, checkId: previous.checkId, resource: previous.resource, severity: previous.severity, score: previous.score, status: previous.status, outcome: expected });
    if (why) expect(r?.why).toMatch(why);
    else expect(r?.why).toBeUndefined();
  });

  it('a finding still reported is neither resolved nor not rechecked, whatever its status now', () => {
    const still = finding('aws-ebs-snapshot-public', {}, { status: 'unknown' });
    const { resolved, findings } = diffBaseline([still], baseline([was(still, { status: 'fail' })]), { accounts: [], coverage: [] });
    expect(resolved).toEqual([]);
    expect(findings[0]?.baseline).toBe('unchanged');
  });

  it('the golden report against an empty scan of its account: every failing or unknown finding resolved, in order', async () => {
    const b = await readBaseline(GOLDEN);
    const { resolved } = diffBaseline([], b, { accounts: [{ provider: 'aws', id: ACCOUNT, regions: ['us-east-1'] }], coverage: [] });
    expect(resolved.map((r) => r.id)).toEqual(b.findings.map((f) => f.id));
    expect(new Set(resolved.map((r) => r.outcome))).toEqual(new Set(['resolved']));
  });
});

describe('exitCodeForNew', () => {
  const mark = (severity: Severity, status: FindingStatus, state: 'new' | 'unchanged') => ({ severity, status, baseline: state });

  it.each<[string, ReturnType<typeof mark>[], Severity | undefined, number]>([
    ['no --fail-on-new → ok even with new criticals', [mark('critical', 'fail', 'new')], undefined, EXIT.ok],
    ['a new failing high at --fail-on-new high → 1', [mark('high', 'fail', 'new')], 'high', EXIT.findings],
    ['a new failing critical at high → 1 (above)', [mark('critical', 'fail', 'new')], 'high', EXIT.findings],
    ['a new failing medium at high → ok (below)', [mark('medium', 'fail', 'new')], 'high', EXIT.ok],
    ['a new unknown high at high → 1 (unverified is not a pass)', [mark('high', 'unknown', 'new')], 'high', EXIT.findings],
    ['a new suppressed critical → ok', [mark('critical', 'suppressed', 'new')], 'info', EXIT.ok],
    ['an unchanged failing critical → ok', [mark('critical', 'fail', 'unchanged')], 'info', EXIT.ok],
    ['a new info at info → 1', [mark('info', 'fail', 'new')], 'info', EXIT.findings],
    ['nothing at all → ok', [], 'info', EXIT.ok],
    ['one new low among unchanged criticals at low → 1', [mark('critical', 'fail', 'unchanged'), mark('low', 'fail', 'new')], 'low', EXIT.findings],
  ])('%s', (_name, findings, failOn, expected) => {
    expect(exitCodeForNew(findings, failOn)).toBe(expected);
  });

  it('works on what diffBaseline returns', () => {
    const known = finding('aws-ebs-snapshot-public', {}, { severity: 'critical' });
    const fresh = finding('aws-ebs-snapshot-public', { id: 'snap-9' }, { severity: 'medium' });
    const { findings } = diffBaseline([known, fresh], baseline([was(known)]), AWS_SCAN);
    expect(exitCodeForNew(findings, 'critical')).toBe(EXIT.ok);
    expect(exitCodeForNew(findings, 'medium')).toBe(EXIT.findings);
  });
});

describe('the JSON contract with suppressions and a baseline', () => {
  it('suppressed, expired-note and baseline-marked findings, and a report baseline block, satisfy the strict report schema', () => {
    const now = new Date('2026-11-28T00:00:00Z');
    const a = finding('aws-ebs-snapshot-public');
    const b = finding('aws-ebs-snapshot-shared-external', { id: 'snap-2' });
    const c = finding('aws-ebs-snapshot-unencrypted', { id: 'snap-3' });
    const rules = [
      { checkId: a.checkId, resource: 'snap-1', reason: 'golden image source', owner: 'platform', expires: '2027-01-01' },
      { checkId: b.checkId, resource: '*', reason: 'vendor copy, contract ends', owner: 'dr-team', expires: '2026-11-01' },
    ];
    const suppressed = applySuppressions([a, b, c], rules, now).findings;
    const { findings, resolved } = diffBaseline(suppressed, baseline([was(a, { score: 50 }), was(finding('aws-ebs-snapshot-public', { id: 'snap-gone' }))]), AWS_SCAN);
    for (const f of findings) expect(findingSchema.safeParse(f).error).toBeUndefined();
    expect(findings.map((f) => [f.status, f.baseline, f.suppression !== undefined, f.suppressionExpired !== undefined])).toEqual([
      ['suppressed', 'unchanged', true, false],
      ['fail', 'new', false, true],
      ['fail', 'new', false, false],
    ]);
    const golden = JSON.parse(readFileSync(GOLDEN, 'utf8')) as Record<string, unknown>;
    const report = { ...golden, findings: [...(golden['findings'] as unknown[]), ...findings], baseline: { version: '0.0.9', resolved } };
    expect(reportSchema.safeParse(report).error).toBeUndefined();
  });
});
