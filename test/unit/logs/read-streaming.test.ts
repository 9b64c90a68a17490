// Bounded memory, measured: a child process with a 64 MiB heap reads a gzipped CloudTrail object
// several times larger than its heap (one line of JSON, as CloudTrail writes it) and counts every
// event. Reading the whole file, or keeping the events, would exhaust that heap and crash it.
// Runs the compiled reader (`npm run build` first), as the CLI does.
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, rmSync, statSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { createGzip } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const READER = fileURLToPath(new URL('../../../dist/src/logs/read.js', import.meta.url));
const HEAP_MB = 64;
const TARGET_BYTES = 320 * 1024 * 1024;
/** One relevant record (a public snapshot share) in this many. */
const EVERY = 500;

let dir = '';
let path = '';
let records = 0;
let shares = 0;
let bytes = 0;

function noise(i: number): string {
  // A busy account's typical record: a read-only call with a long response, about 1.6 KB.
  return JSON.stringify({
    eventVersion: '1.09',
    userIdentity: {
      type: 'AssumedRole',
      principalId: `AROAEXAMPLE:session-${i % 97}`,
      arn: `arn:aws:sts::111111111111:assumed-role/app-role/session-${i % 97}`,
      accountId: '111111111111',
      accessKeyId: `ASIAEXAMPLE${String(i % 1000).padStart(6, '0')}`,
      sessionContext: { sessionIssuer: { type: 'Role', principalId: 'AROAEXAMPLE', arn: 'arn:aws:iam::111111111111:role/app-role', accountId: '111111111111', userName: 'app-role' }, attributes: { creationDate: '2024-01-01T00:00:00Z', mfaAuthenticated: 'false' } },
    },
    eventTime: `2024-01-01T${String(Math.floor(i / 3600) % 24).padStart(2, '0')}:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}Z`,
    eventSource: 'ec2.amazonaws.com',
    eventName: 'DescribeInstances',
    awsRegion: 'us-east-1',
    sourceIPAddress: '10.0.0.1',
    userAgent: 'aws-sdk-go-v2/1.24.0 os/linux lang/go#1.21.5 md/GOOS#linux md/GOARCH#amd64 api/ec2#1.141.0',
    requestParameters: { instancesSet: {}, filterSet: { items: [{ name: 'tag:team', valueSet: { items: [{ value: `team-${i % 13}` }] } }] } },
    responseElements: null,
    requestID: `req-${i}`,
    eventID: `ev-${i}`,
    readOnly: true,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: '111111111111',
    eventCategory: 'Management',
    tlsDetails: { tlsVersion: 'TLSv1.3', cipherSuite: 'TLS_AES_128_GCM_SHA256', clientProvidedHostHeader: 'ec2.us-east-1.amazonaws.com' },
    padding: 'x'.repeat(600),
  });
}

function share(i: number): string {
  return JSON.stringify({
    eventVersion: '1.09',
    userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::111111111111:user/mallory', accountId: '111111111111', userName: 'mallory' },
    eventTime: '2024-01-01T12:00:00Z',
    eventSource: 'ec2.amazonaws.com',
    eventName: 'ModifySnapshotAttribute',
    awsRegion: 'us-east-1',
    sourceIPAddress: '203.0.113.5',
    requestParameters: { snapshotId: `snap-${i}`, attributeType: 'CREATE_VOLUME_PERMISSION', createVolumePermission: { add: { items: [{ group: 'all' }] } } },
    responseElements: { _return: true },
    eventID: `ev-${i}`,
    recipientAccountId: '111111111111',
  });
}

function* cloudTrailText(): Generator<string> {
  yield '{"Records":[';
  let batch: string[] = [];
  let size = 0;
  for (let i = 0; bytes < TARGET_BYTES; i += 1) {
    const record = i % EVERY === 0 ? share(i) : noise(i);
    if (i % EVERY === 0) shares += 1;
    records += 1;
    batch.push(i === 0 ? record : `,${record}`);
    size += record.length + 1;
    bytes += record.length + 1;
    if (size > 1 << 20) {
      yield batch.join('');
      batch = [];
      size = 0;
    }
  }
  yield `${batch.join('')}]}`;
}

const CHILD = `
import { readAuditEvents } from ${JSON.stringify(`file://${READER}`)};
let events = 0;
let shares = 0;
for await (const event of readAuditEvents([process.argv[1]])) {
  events += 1;
  if (event.activities.some((a) => a.kind === 'shared')) shares += 1;
}
process.stdout.write(JSON.stringify({ events, shares, maxRssKb: process.resourceUsage().maxRSS }));
`;

describe('readAuditEvents memory', () => {
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'snapaudit-stream-'));
    path = join(dir, '111111111111_CloudTrail_us-east-1_20240101T0000Z_big.json.gz');
    await pipeline(Readable.from(cloudTrailText()), createGzip({ level: 1 }), createWriteStream(path));
  }, 60_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it(
    `reads a gzipped CloudTrail file of 320 MiB with a ${HEAP_MB} MiB heap`,
    async () => {
      expect(existsSync(READER), `${READER} is missing: run \`npm run build\` first`).toBe(true);
      expect(bytes).toBeGreaterThan(4 * HEAP_MB * 1024 * 1024);
      expect(statSync(path).size).toBeLessThan(bytes);
      const child = spawn(process.execPath, [`--max-old-space-size=${HEAP_MB}`, '--input-type=module', '-e', CHILD, path], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      expect(stderr).toBe('');
      expect(code).toBe(0);
      const result = JSON.parse(stdout) as { events: number; shares: number; maxRssKb: number };
      expect(result.events).toBe(records);
      expect(result.shares).toBe(shares);
    },
    90_000,
  );
});
