// The compliance lead's and the CI gate's view, as a user runs it: per-control framework tables
// from `--framework`, suppressions from the config (accepted, expired, unused), and `--baseline`
// with `--fail-on-new`, against the demo estate through the real SDK clients.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CREDENTIALS, DEMO_ESTATE } from '../../src/emulator/demo-estate.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { runCli } from '../support/cli.js';
import { reportSchema, type ReportJson } from '../support/report-schema.js';

const PUBLIC_SNAPSHOT = 'snap-0c0ffee000000001a';
const SHARED_SNAPSHOT = 'snap-0c0ffee000000002b';

let emulator: RunningEmulator;
let work: string;
const env = (): NodeJS.ProcessEnv => ({
  AWS_ENDPOINT_URL: emulator.url,
  AWS_ACCESS_KEY_ID: DEMO_CREDENTIALS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: DEMO_CREDENTIALS.secretAccessKey,
  AWS_REGION: 'us-east-1',
});
const scan = (...args: string[]) => runCli(['scan', '--regions', 'us-east-1', ...args], env());
const parse = (stdout: string): ReportJson => reportSchema.parse(JSON.parse(stdout));

beforeAll(async () => {
  emulator = await startEmulator({ estate: DEMO_ESTATE });
  work = await mkdtemp(join(tmpdir(), 'snapaudit-compliance-'));
});
afterAll(async () => {
  await emulator.close();
});

describe('--framework', () => {
  it('tabulates controls as pass, fail, unknown, not assessed or not covered, from the same scan', async () => {
    const run = await scan('--framework', 'aws-fsbp', '--framework', 'mitre-attack', '--format', 'json');
    expect(run.stderr).toBe('');
    const report = parse(run.stdout);
    expect(report.frameworks?.map((f) => f.framework.id)).toEqual(['aws-fsbp', 'mitre-attack']);
    const fsbp = report.frameworks?.[0];
    const row = (id: string) => fsbp?.controls.find((c) => c.control === id);
    // EC2.1: a public snapshot fails it; the other snapshots pass the same check.
    expect(row('EC2.1')).toMatchObject({ status: 'fail', checks: ['aws-ebs-snapshot-public'] });
    expect(row('EC2.1')?.counts.pass).toBeGreaterThan(0);
    expect(fsbp?.controls.some((c) => c.status === 'pass')).toBe(true);
    expect(fsbp?.controls.some((c) => c.status === 'not-covered')).toBe(true);
    // Chain rules ran on no logs here: the techniques only they cover are not assessed, not passed.
    const attack = report.frameworks?.[1];
    expect(attack?.controls.find((c) => c.control === 'T1136')?.status).toBe('not-assessed');
    expect(attack?.controls.find((c) => c.control === 'T1537')?.status).toBe('fail');
    const table = await scan('--framework', 'aws-fsbp');
    expect(table.stdout).toMatch(/FAIL EC2\.1 /);
    expect(table.stdout).toMatch(/NOT COVERED /);
  });

  it('refuses an unknown framework with one line naming the choices', async () => {
    const run = await scan('--framework', 'iso-27001');
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/aws-fsbp/);
  });
});

describe('suppressions', () => {
  it('shows an accepted finding as suppressed, brings an expired one back, and names the unused', async () => {
    const config = join(work, 'suppress.json');
    await writeFile(
      config,
      JSON.stringify({
        suppressions: [
          { checkId: 'aws-ebs-snapshot-public', resource: PUBLIC_SNAPSHOT, reason: 'published dataset, see ticket SEC-1234', owner: 'data-platform', expires: '2099-12-31' },
          { checkId: 'aws-ebs-snapshot-shared-external', resource: SHARED_SNAPSHOT, reason: 'auditor copy for the 2025 review', owner: 'finance-it', expires: '2020-01-31' },
          { checkId: 'aws-ami-public', resource: 'ami-does-not-exist', reason: 'a typo nobody noticed yet', owner: 'platform', expires: '2099-01-01' },
        ],
      }),
    );
    const run = await scan('--config', config, '--format', 'json');
    expect(run.stderr).toBe('');
    const report = parse(run.stdout);
    const accepted = report.findings.find((f) => f.checkId === 'aws-ebs-snapshot-public' && f.resource.id === PUBLIC_SNAPSHOT);
    // Never dropped: listed, marked, with who accepted it and until when.
    expect(accepted).toMatchObject({ status: 'suppressed', suppression: { owner: 'data-platform', expires: '2099-12-31', originalStatus: 'fail' } });
    const expired = report.findings.find((f) => f.checkId === 'aws-ebs-snapshot-shared-external' && f.resource.id === SHARED_SNAPSHOT);
    expect(expired).toMatchObject({ status: 'fail', suppressionExpired: { owner: 'finance-it', expires: '2020-01-31' } });
    expect(report.summary.suppressions?.applied).toBe(1);
    expect(report.summary.suppressions?.expired.join('\n')).toContain(SHARED_SNAPSHOT);
    expect(report.summary.suppressions?.unused.join('\n')).toContain('ami-does-not-exist');
    expect(report.summary.byStatus.suppressed).toBe(1);
    const table = await scan('--config', config);
    expect(table.stdout).toMatch(/EXPIRED aws-ebs-snapshot-shared-external/);
    expect(table.stdout).toMatch(/UNUSED aws-ami-public/);
  });

  it('refuses a suppression without an owner or with a bad date, naming the field', async () => {
    const config = join(work, 'bad-suppress.json');
    await writeFile(config, JSON.stringify({ suppressions: [{ checkId: 'aws-ami-public', resource: '*', reason: 'we publish these on purpose', owner: 'x', expires: '2026-02-30' }] }));
    const run = await scan('--config', config);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/suppressions\.0\.(owner|expires)/);
  });
});

describe('--baseline', () => {
  let previous: ReportJson;
  beforeAll(async () => {
    const run = await scan('--format', 'json');
    previous = parse(run.stdout);
  });

  it('marks an unchanged estate unchanged, and --fail-on-new stays quiet', async () => {
    const path = join(work, 'same.json');
    await writeFile(path, JSON.stringify(previous));
    const run = await scan('--baseline', path, '--fail-on-new', 'low', '--format', 'json');
    expect(run.code).toBe(0);
    const report = parse(run.stdout);
    expect(report.findings.every((f) => f.baseline === 'unchanged')).toBe(true);
    expect(report.baseline?.resolved).toEqual([]);
  });

  it('marks what the baseline lacked as new, lists what it had and this scan does not as resolved, and gates on the new', async () => {
    const critical = previous.findings.find((f) => f.severity === 'critical' && f.status === 'fail');
    expect(critical).toBeDefined();
    const gone = { ...previous.findings[0]!, id: 'ffffffffffffffffffff', checkId: 'aws-ebs-snapshot-public', resource: { ...previous.findings[0]!.resource, id: 'snap-0fixedsincethen0' } };
    const edited = { ...previous, findings: [...previous.findings.filter((f) => f.id !== critical?.id), gone] };
    const path = join(work, 'edited.json');
    await writeFile(path, JSON.stringify(edited));
    const run = await scan('--baseline', path, '--fail-on-new', 'critical', '--format', 'json');
    expect(run.code).toBe(1);
    const report = parse(run.stdout);
    expect(report.findings.filter((f) => f.baseline === 'new').map((f) => f.id)).toEqual([critical?.id]);
    expect(report.baseline?.resolved).toEqual([expect.objectContaining({ id: gone.id, outcome: 'resolved' })]);
  });

  it('carries the marks into SARIF (baselineState) and CSV (baseline column)', async () => {
    const path = join(work, 'same-for-formats.json');
    await writeFile(path, JSON.stringify({ ...previous, findings: previous.findings.slice(1) }));
    const sarif = JSON.parse((await scan('--baseline', path, '--format', 'sarif')).stdout);
    const states = sarif.runs[0].results.map((r: { baselineState: string }) => r.baselineState);
    expect(states.filter((s: string) => s === 'new')).toHaveLength(1);
    expect(states.filter((s: string) => s === 'unchanged')).toHaveLength(previous.findings.length - 1);
    const csv = (await scan('--baseline', path, '--format', 'csv')).stdout.split('\r\n');
    expect(csv[0]).toMatch(/,baseline,suppression$/);
    expect(csv.filter((line) => line.endsWith(',new,'))).toHaveLength(1);
  });

  it('refuses a baseline that is not a snapaudit report, and --fail-on-new without one', async () => {
    const path = join(work, 'not-a-report.json');
    await writeFile(path, JSON.stringify({ Records: [] }));
    const bad = await scan('--baseline', path);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toContain('not-a-report.json');
    const missing = await scan('--fail-on-new', 'high');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--fail-on-new needs --baseline/);
  });
});
