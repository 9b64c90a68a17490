// `snapaudit logs` and `snapaudit scan --logs` as a user runs them: a CloudTrail delivery (gzipped,
// in the S3 key layout) holding one attack chain and some routine noise, read by content; the
// chain as findings in the same report; the scan joining it with the posture; bad input refused.
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CREDENTIALS, DEMO_ESTATE } from '../../src/emulator/demo-estate.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { runCli } from '../support/cli.js';
import { reportSchema } from '../support/report-schema.js';

const ACCOUNT = '111122223333';
const STRANGER = '999900001111';
const SNAPSHOT = 'snap-0c0ffee000000001a';
const START = Date.parse('2026-11-26T08:00:00Z');

const at = (minutes: number): string => new Date(START + minutes * 60_000).toISOString().replace('.000Z', 'Z');

function identity(user: string, key: string) {
  return { type: 'IAMUser', principalId: `AIDA${user.toUpperCase()}`, arn: `arn:aws:iam::${ACCOUNT}:user/${user}`, accountId: ACCOUNT, accessKeyId: key, userName: user };
}

let serial = 0;
function record(minutes: number, eventSource: string, eventName: string, who: object, requestParameters: object | null, responseElements: object | null = null, extra: object = {}) {
  serial += 1;
  return {
    eventVersion: '1.09',
    userIdentity: who,
    eventTime: at(minutes),
    eventSource,
    eventName,
    awsRegion: 'us-east-1',
    sourceIPAddress: '198.51.100.23',
    userAgent: 'aws-cli/2.17.0',
    requestParameters,
    responseElements,
    requestID: `req-${serial}`,
    eventID: `00000000-0000-4000-8000-${String(serial).padStart(12, '0')}`,
    readOnly: false,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: ACCOUNT,
    eventCategory: 'Management',
    ...extra,
  };
}

const admin = identity('admin', 'AKIAADMINADMIN000001');
const mallory = identity('mallory', 'AKIAMALLORYNEW000001');

/** A new user, a key, a public share of a snapshot that is public in the demo estate, a volume, an instance, SSH opened. */
const CHAIN = [
  record(0, 'iam.amazonaws.com', 'CreateUser', admin, { userName: 'mallory' }, { user: { userName: 'mallory', arn: `arn:aws:iam::${ACCOUNT}:user/mallory` } }),
  record(2, 'iam.amazonaws.com', 'CreateAccessKey', admin, { userName: 'mallory' }, { accessKey: { userName: 'mallory', accessKeyId: 'AKIAMALLORYNEW000001', status: 'Active' } }),
  record(10, 'ec2.amazonaws.com', 'ModifySnapshotAttribute', mallory, {
    snapshotId: SNAPSHOT,
    createVolumePermission: { add: { items: [{ group: 'all' }] } },
    attributeType: 'CREATE_VOLUME_PERMISSION',
  }, { _return: true }),
  record(12, 'ec2.amazonaws.com', 'ModifySnapshotAttribute', mallory, {
    snapshotId: SNAPSHOT,
    createVolumePermission: { add: { items: [{ userId: STRANGER }] } },
    attributeType: 'CREATE_VOLUME_PERMISSION',
  }, { _return: true }),
  record(20, 'ec2.amazonaws.com', 'CreateVolume', mallory, { snapshotId: SNAPSHOT, availabilityZone: 'us-east-1a', size: 500 }, { volumeId: 'vol-0ffee00000000beef', snapshotId: SNAPSHOT, status: 'creating' }),
];

/** Routine: a failed share (it changed nothing) and reads. */
const NOISE = [
  record(5, 'ec2.amazonaws.com', 'ModifySnapshotAttribute', admin, { snapshotId: 'snap-0c0ffee000000002b', createVolumePermission: { add: { items: [{ group: 'all' }] } } }, null, {
    errorCode: 'Client.UnauthorizedOperation',
    errorMessage: 'You are not authorized to perform this operation.',
  }),
  ...Array.from({ length: 40 }, (_, i) => record(30 + i, 'ec2.amazonaws.com', 'DescribeSnapshots', admin, { ownersSet: { items: [{ owner: 'self' }] } }, null, { readOnly: true })),
];

let work: string;
let trailDir: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'snapaudit-logs-'));
  // The layout CloudTrail writes to S3; the reader goes by content, not by these names.
  trailDir = join(work, 'AWSLogs', ACCOUNT, 'CloudTrail', 'us-east-1', '2026', '11', '26');
  await mkdir(trailDir, { recursive: true });
  await writeFile(join(trailDir, `${ACCOUNT}_CloudTrail_us-east-1_20260126T0800Z_a1.json.gz`), gzipSync(JSON.stringify({ Records: [...CHAIN.slice(0, 3), NOISE[0]] })));
  await writeFile(join(trailDir, `${ACCOUNT}_CloudTrail_us-east-1_20260126T0815Z_b2.json.gz`), gzipSync(JSON.stringify({ Records: [...CHAIN.slice(3), ...NOISE.slice(1)] })));
});

describe('snapaudit logs', () => {
  it('finds the chain in a CloudTrail delivery and reports it in the JSON contract', async () => {
    const run = await runCli(['logs', join(work, 'AWSLogs'), '--format', 'json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = reportSchema.parse(JSON.parse(run.stdout));
    const ids = report.findings.map((f) => f.checkId);
    expect(ids.every((id) => id.startsWith('chain-'))).toBe(true);
    expect(ids).toContain('chain-aws-snapshot-made-public');
    expect(ids).toContain('chain-aws-new-principal-snapshot-access');
    const made = report.findings.find((f) => f.checkId === 'chain-aws-snapshot-made-public');
    expect(made?.resource).toMatchObject({ provider: 'aws', account: ACCOUNT, region: 'us-east-1', id: SNAPSHOT });
    expect(made?.techniques.map((t) => t.id)).toContain('T1537');
    // 5 chain records, 1 failed call, 40 reads.
    expect(report.summary.logs).toMatchObject({ events: 46, failedCalls: 1, unparsed: 0, sources: [join(work, 'AWSLogs')] });
    expect(report.summary.logs?.chains).toBe(report.findings.length);
    // The failed share of the other snapshot started nothing.
    expect(report.findings.some((f) => f.resource.id === 'snap-0c0ffee000000002b')).toBe(false);
  });

  it('prints the chain step by step in the table, and gates on --fail-on', async () => {
    const run = await runCli(['logs', trailDir, '--fail-on', 'high']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/chain:/);
    expect(run.stdout).toMatch(/ModifySnapshotAttribute/);
    expect(run.stdout).toMatch(/Audit logs \(attack chains/);
  });

  it('treats a caller the config calls benign as starting no chain', async () => {
    const config = join(work, 'benign.json');
    await writeFile(config, JSON.stringify({ logs: { benignCallers: [{ provider: 'aws', id: `arn:aws:iam::${ACCOUNT}:user/*`, reason: 'every user here is the test' }] } }));
    const run = await runCli(['logs', trailDir, '--config', config, '--format', 'json']);
    expect(run.code).toBe(0);
    const report = reportSchema.parse(JSON.parse(run.stdout));
    expect(report.findings).toEqual([]);
    expect(report.summary.logs?.benignCalls).toBeGreaterThan(0);
  });

  it.each([
    [['logs'], /logs needs FILE\|DIR/],
    [['logs', '/nonexistent/trail.json'], /cannot read logs \/nonexistent\/trail\.json \(ENOENT\)/],
    [['logs', 'x.json', '--since', '7d'], /not both/],
    [['logs', '--since', '8x'], /--since "8x" is not a period/],
    [['logs', '--since', '120d'], /at most 90d/],
  ])('refuses %j with one line and exit code 2', async (args, message) => {
    const run = await runCli(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stdout).toBe('');
  });

  it('refuses a file that is not an audit log, naming it', async () => {
    const path = join(work, 'notes.txt');
    await writeFile(path, 'meeting notes, not a log\n');
    const run = await runCli(['logs', path]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('notes.txt');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stdout).toBe('');
  });
});

describe('snapaudit scan --logs', () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({ estate: DEMO_ESTATE });
  });
  afterAll(async () => {
    await emulator.close();
  });

  it('joins the chain with the posture finding on the same snapshot and raises both', async () => {
    const env = {
      AWS_ENDPOINT_URL: emulator.url,
      AWS_ACCESS_KEY_ID: DEMO_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: DEMO_CREDENTIALS.secretAccessKey,
      AWS_REGION: 'us-east-1',
    };
    const run = await runCli(['scan', '--regions', 'us-east-1', '--logs', join(work, 'AWSLogs'), '--format', 'json'], env);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = reportSchema.parse(JSON.parse(run.stdout));
    const posture = report.findings.find((f) => f.checkId === 'aws-ebs-snapshot-public' && f.resource.id === SNAPSHOT);
    expect(posture?.reasons.find((r) => r.factor === 'chain.active')?.detail).toContain('chain-aws-snapshot-made-public');
    const chain = report.findings.find((f) => f.checkId === 'chain-aws-snapshot-made-public');
    expect(chain?.reasons.find((r) => r.factor === 'chain.still-exposed')?.detail).toContain('aws-ebs-snapshot-public');
    // The same report holds both kinds, ranked together.
    expect(report.findings.some((f) => !f.checkId.startsWith('chain-'))).toBe(true);
  });
});
