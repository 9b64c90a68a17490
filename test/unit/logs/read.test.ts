// The streaming reader on every container it accepts, written to temporary files: CloudTrail S3
// objects (gzipped, minified or pretty), lookup-events output, JSON lines, JSON arrays, Azure
// envelopes, single records, and directory trees; then its problems and its refusals.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors.js';
import type { AuditEvent } from '../../../src/logs/event.js';
import { LogInputError, readAuditEvents, RecordSplitter, sortLogFiles, type LogProblem } from '../../../src/logs/read.js';
import { fixtureJson, pantherCase } from './fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'snapaudit-read-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, content);
  return path;
}

function trail(index: number, eventName = 'CreateSnapshot', time = `2024-01-01T00:00:${String(index % 60).padStart(2, '0')}Z`): Record<string, unknown> {
  return {
    eventVersion: '1.08',
    eventID: `ev-${index}`,
    eventTime: time,
    eventSource: 'ec2.amazonaws.com',
    eventName,
    awsRegion: 'us-east-1',
    recipientAccountId: '111111111111',
    userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::111111111111:user/alice', accountId: '111111111111' },
    sourceIPAddress: '198.51.100.1',
    // Strings that look like structure, escapes and non-ASCII text: the splitter must not be fooled.
    userAgent: `agent {"x":[1,2]} \\ "quoted" ] } é ✓ ${index}`,
    requestParameters: { volumeId: `vol-${index}`, description: 'a } b ] c \\" d' },
    responseElements: { snapshotId: `snap-${index}`, volumeId: `vol-${index}` },
  };
}

async function readAll(paths: readonly string[], keep?: (e: AuditEvent) => boolean): Promise<{ events: AuditEvent[]; problems: LogProblem[] }> {
  const events: AuditEvent[] = [];
  const problems: LogProblem[] = [];
  for await (const event of readAuditEvents(paths, { onProblem: (p) => problems.push(p), ...(keep ? { keep } : {}) })) events.push(event);
  return { events, problems };
}

describe('readAuditEvents containers', () => {
  it('reads a gzipped CloudTrail S3 object whatever its name', async () => {
    const path = file('no-extension', gzipSync(JSON.stringify({ Records: [trail(1), trail(2), trail(3)] })));
    const { events, problems } = await readAll([path]);
    expect(events.map((e) => e.id)).toEqual(['ev-1', 'ev-2', 'ev-3']);
    expect(events.map((e) => e.origin)).toEqual([`${path}:0`, `${path}:1`, `${path}:2`]);
    expect(events[0]?.activities).toEqual([{ kind: 'snapshot-created', target: 'snap-1', targetRole: 'snapshot', source: 'vol-1' }]);
    expect(events[0]?.actor.userAgent).toBe('agent {"x":[1,2]} \\ "quoted" ] } é ✓ 1');
    expect(problems).toEqual([]);
  });

  it('reads a pretty-printed CloudTrail file with a byte order mark', async () => {
    const path = file('pretty.json', `\ufeff${JSON.stringify({ Records: [trail(1), trail(2)] }, null, 2)}\n`);
    const { events, problems } = await readAll([path]);
    expect(events.map((e) => e.id)).toEqual(['ev-1', 'ev-2']);
    expect(problems).toEqual([]);
  });

  it('reads records split across many read chunks (a gzipped file of several MiB)', async () => {
    const records = Array.from({ length: 6000 }, (_, i) => trail(i));
    const path = file('big.json.gz', gzipSync(JSON.stringify({ Records: records })));
    const { events, problems } = await readAll([path]);
    expect(events).toHaveLength(6000);
    expect(events.map((e) => e.id)).toEqual(records.map((r) => r['eventID']));
    expect(problems).toEqual([]);
  });

  it('reads `aws cloudtrail lookup-events` output, unwrapping CloudTrailEvent', async () => {
    const output = {
      Events: [trail(7), trail(8)].map((r) => ({ EventId: r['eventID'], EventName: r['eventName'], EventTime: 1704067200, CloudTrailEvent: JSON.stringify(r) })),
      NextToken: 'abc',
    };
    const path = file('lookup.json', JSON.stringify(output, null, 4));
    const { events, problems } = await readAll([path]);
    expect(events.map((e) => e.id)).toEqual(['ev-7', 'ev-8']);
    expect(problems).toEqual([]);
  });

  it('reads JSON lines, reporting a malformed line by number and going on', async () => {
    const lines = [JSON.stringify(trail(1)), JSON.stringify(trail(2)), '{"eventName": "broken', '', JSON.stringify(trail(3)), JSON.stringify({ hello: 'world' })];
    const path = file('lines.jsonl', `${lines.join('\n')}\n`);
    const { events, problems } = await readAll([path]);
    expect(events.map((e) => [e.id, e.origin])).toEqual([
      ['ev-1', `${path}:line 1`],
      ['ev-2', `${path}:line 2`],
      ['ev-3', `${path}:line 5`],
    ]);
    expect(problems).toEqual([
      { path, position: 'line 3', message: expect.stringMatching(/^malformed JSON/) as unknown as string },
      { path, position: 'line 6', message: 'not a CloudTrail, Azure Activity Log or Google Cloud audit record' },
    ]);
  });

  it('reads a top-level JSON array of GCP entries (gcloud logging read --format=json), with a bad item in the middle', async () => {
    const good = pantherCase('gcp_compute_set_iam_policy.json', 'IAM policy update on a Compute Disk');
    const text = `[\n  ${JSON.stringify(good)},\n  {"protoPayload": nope},\n  ${JSON.stringify(fixtureJson('stratus-doc-samples/gcp-snapshots.setIamPolicy.doc-sample.json'))}\n]\n`;
    const path = file('gcloud.json', text);
    const { events, problems } = await readAll([path]);
    expect(events.map((e) => [e.provider, e.action, e.origin])).toEqual([
      ['gcp', 'v1.compute.disks.setIamPolicy', `${path}:0`],
      ['gcp', 'compute.snapshots.setIamPolicy', `${path}:2`],
    ]);
    expect(problems.map((p) => [p.position, p.message.slice(0, 14)])).toEqual([['record 1', 'malformed JSON']]);
  });

  it('reads Azure {"value": [...]} and {"records": [...]} envelopes and mixed clouds in one array', async () => {
    const azure = pantherCase('azure_vm_disk_sas_uri_generated.json', 'SAS URI Generated for Disk');
    const rest = fixtureJson('microsoft-docs/azure-activitylog-administrative-nsg-write.restapi-schema.json');
    const value = file('azure-rest.json', JSON.stringify({ value: [rest, azure], nextLink: 'https://management.azure.com/next' }));
    const records = file('azure-eventhub.json', JSON.stringify(fixtureJson('microsoft-docs/azure-activitylog-resourcelog-schema-storage-eventhub.json')));
    const mixed = file('mixed.json', JSON.stringify([trail(1), azure, fixtureJson('stratus-doc-samples/gcp-images.setIamPolicy.doc-sample.json')]));
    expect((await readAll([value])).events.map((e) => e.action)).toEqual(['Microsoft.Network/networkSecurityGroups/write', 'Microsoft.Compute/disks/beginGetAccess/action']);
    expect((await readAll([records])).events.map((e) => e.action)).toEqual(['microsoft.support/supporttickets/write']);
    expect((await readAll([mixed])).events.map((e) => e.provider)).toEqual(['aws', 'azure', 'gcp']);
  });

  it('reads JSON lines whose lines are Event Hub envelopes', async () => {
    const azure = pantherCase('azure_vm_disk_sas_uri_generated.json', 'SAS URI Generated for Disk');
    const path = file('eventhub.jsonl', `${JSON.stringify({ records: [azure, azure] })}\n${JSON.stringify({ records: [azure] })}\n`);
    const { events } = await readAll([path]);
    expect(events).toHaveLength(3);
  });

  it('reads gzip members written one after another (cat a.json.gz b.json.gz)', async () => {
    const path = file('concatenated.gz', Buffer.concat([gzipSync(JSON.stringify({ Records: [trail(1)] })), gzipSync(JSON.stringify({ Records: [trail(2), trail(3)] }))]));
    const { events, problems } = await readAll([path]);
    expect(events.map((e) => [e.id, e.origin])).toEqual([
      ['ev-1', `${path}:0`],
      ['ev-2', `${path}:1`],
      ['ev-3', `${path}:2`],
    ]);
    expect(problems).toEqual([]);
  });

  it('reads JSON lines with CRLF line ends', async () => {
    const path = file('crlf.jsonl', `${JSON.stringify(trail(1))}\r\n${JSON.stringify(trail(2))}\r\n\r\n`);
    const { events, problems } = await readAll([path]);
    expect(events.map((e) => e.origin)).toEqual([`${path}:line 1`, `${path}:line 2`]);
    expect(problems).toEqual([]);
  });

  it('reads a single pretty-printed record', async () => {
    const path = file('one.json', JSON.stringify(fixtureJson('stratus-doc-samples/aws-SharedSnapshotCopyInitiated.doc-sample.json'), null, 2));
    const { events } = await readAll([path]);
    expect(events.map((e) => [e.action, e.origin])).toEqual([['SharedSnapshotCopyInitiated', `${path}:0`]]);
  });

  it('treats an empty file and an empty envelope as no events', async () => {
    expect((await readAll([file('empty.json', '')])).events).toEqual([]);
    expect((await readAll([file('empty-records.json', '{"Records":[]}')])).events).toEqual([]);
  });

  it('reports a file cut off inside a record after the records before it', async () => {
    const whole = JSON.stringify({ Records: [trail(1), trail(2)] });
    const path = file('cut.json', whole.slice(0, whole.length - 40));
    const { events, problems } = await readAll([path]);
    expect(events.map((e) => e.id)).toEqual(['ev-1']);
    expect(problems).toEqual([{ path, position: 'record 1', message: 'the file ends inside a record (truncated?)' }]);
  });

  it('applies keep before handing events on', async () => {
    const path = file('keep.json', JSON.stringify({ Records: [trail(1, 'DescribeInstances'), trail(2), trail(3, 'DescribeVolumes')] }));
    const { events } = await readAll([path], (e) => e.activities.length > 0);
    expect(events.map((e) => e.id)).toEqual(['ev-2']);
  });
});

describe('readAuditEvents paths', () => {
  it('reads a CloudTrail tree in time order across regions, skipping digests and hidden files', async () => {
    const root = join(dir, 'AWSLogs');
    const key = (region: string, stamp: string): string => `AWSLogs/111111111111/CloudTrail/${region}/2024/01/01/111111111111_CloudTrail_${region}_${stamp}_abc.json.gz`;
    file(key('us-east-1', '20240101T0010Z'), gzipSync(JSON.stringify({ Records: [trail(3)] })));
    file(key('eu-west-1', '20240101T0005Z'), gzipSync(JSON.stringify({ Records: [trail(2)] })));
    file(key('us-east-1', '20240101T0000Z'), gzipSync(JSON.stringify({ Records: [trail(1)] })));
    file('AWSLogs/111111111111/CloudTrail-Digest/us-east-1/2024/01/01/digest.json.gz', gzipSync(JSON.stringify({ awsAccountId: '111111111111', digestStartTime: 'x' })));
    file('AWSLogs/.DS_Store', Buffer.from([0, 1, 2, 3]));
    file('AWSLogs/README.txt', 'these are our logs');
    const { events, problems } = await readAll([root]);
    expect(events.map((e) => e.id)).toEqual(['ev-1', 'ev-2', 'ev-3']);
    // A file in a directory that is not a log is skipped with a problem; the read goes on.
    expect(problems).toEqual([{ path: join(root, 'README.txt'), position: 'file', message: expect.stringMatching(/^skipped: not an audit log/) as unknown as string }]);
  });

  it('orders CloudTrail keys by their time, other files by path', () => {
    expect(sortLogFiles(['b/z.json', 'x/1_CloudTrail_us-east-1_20240101T0010Z_a.json.gz', 'a/z.json', 'y/1_CloudTrail_eu-west-1_20240101T0005Z_b.json.gz'])).toEqual([
      'a/z.json',
      'b/z.json',
      'y/1_CloudTrail_eu-west-1_20240101T0005Z_b.json.gz',
      'x/1_CloudTrail_us-east-1_20240101T0010Z_a.json.gz',
    ]);
  });

  it('refuses a missing path with one line naming it', async () => {
    const missing = join(dir, 'nope.json');
    const error = await readAll([missing]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LogInputError);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toBe(`logs ${missing}: cannot read (ENOENT)`);
  });

  it.each([
    ['a text file', 'hello, these are not logs\n'],
    ['a JSON object that is not a record', JSON.stringify({ name: 'snapaudit', version: '1.0.0' }, null, 2)],
    ['a JSON array of other things', JSON.stringify([{ a: 1 }, { b: 2 }])],
    ['binary data', Buffer.from([0xde, 0xad, 0xbe, 0xef, 0x00, 0x01])],
  ])('refuses a named file that is %s', async (_what, content) => {
    const path = file(`not-a-log-${Math.random().toString(36).slice(2)}`, content);
    const problems: LogProblem[] = [];
    const error = await (async () => {
      for await (const _ of readAuditEvents([path], { onProblem: (p) => problems.push(p) })) void _;
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LogInputError);
    expect((error as Error).message).toBe(`logs ${path}: not an audit log (no CloudTrail, Azure Activity Log or Google Cloud audit record in it)`);
    expect(problems).toEqual([]);
  });

  it('refuses a named file that is corrupt gzip', async () => {
    const gz = gzipSync(JSON.stringify({ Records: [trail(1)] }));
    const path = file('corrupt.json.gz', Buffer.concat([gz.subarray(0, 12), Buffer.alloc(40, 0x41)]));
    const error = await readAll([path]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LogInputError);
    expect((error as Error).message).toMatch(new RegExp(`^logs ${path}: cannot be read \\(Z_`));
  });
});

describe('RecordSplitter', () => {
  function split(text: string, chunkSize: number): { records: unknown[]; problems: string[]; rest: boolean } {
    const splitter = new RecordSplitter();
    const bytes = Buffer.from(text, 'utf8');
    const records: unknown[] = [];
    const problems: string[] = [];
    let rest = false;
    for (let at = 0; at < bytes.length && !rest; at += chunkSize) {
      const out = splitter.push(bytes.subarray(at, at + chunkSize));
      for (const piece of out.pieces) {
        if (piece.kind === 'record') records.push(JSON.parse(piece.bytes.toString('utf8')));
        else problems.push(piece.message);
      }
      rest = out.rest !== undefined;
    }
    for (const piece of splitter.end()) if (piece.kind === 'problem') problems.push(piece.message);
    return { records, problems, rest };
  }

  const tricky = [
    { a: 'x"y', b: '\\', c: '\\"', d: ['}', ']', '{', '['], e: 'é ✓ 😀', f: { g: [1, { h: null }] } },
    { Records: 'not an envelope here', n: -1.5e3, t: true },
    [],
    { '\\\\': '\\\\\\' },
  ];

  it.each([1, 2, 3, 7, 64])('cuts the same records at every chunk size (%i bytes)', (size) => {
    const envelope = split(JSON.stringify({ Other: { Records: [1] }, Records: tricky, NextToken: 'x' }, null, size % 2 === 0 ? 2 : undefined), size);
    expect(envelope).toEqual({ records: tricky, problems: [], rest: false });
    const array = split(JSON.stringify(tricky), size);
    expect(array).toEqual({ records: tricky, problems: [], rest: false });
  });

  it('hands a one-line first object over to line reading', () => {
    expect(split('{"a":1}\n{"b":2}\n', 3)).toEqual({ records: [{ a: 1 }], problems: [], rest: true });
  });
});
