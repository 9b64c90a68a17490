#!/usr/bin/env node
// Measures the audit-log reader: writes N MiB (uncompressed) of CloudTrail as a gzipped S3 tree
// (mostly read-only noise, with a snapshot exfiltration chain every few thousand records), reads
// it back with readAuditEvents from the build, and prints throughput and peak RSS. It measures;
// it does not pass or fail. Usage: npm run build && npm run bench:logs -- [MiB] (default 256).
import { createWriteStream, existsSync, mkdirSync, rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createGzip } from 'node:zlib';

const reader = fileURLToPath(new URL('../dist/src/logs/read.js', import.meta.url));
if (!existsSync(reader)) {
  process.stderr.write(`${reader} is missing: run \`npm run build\` first\n`);
  process.exit(2);
}
const { readAuditEvents } = await import(pathToFileURL(reader).href);

const mib = process.argv[2] === '--read' ? 0 : Number(process.argv[2] ?? 256);
if (process.argv[2] !== '--read' && (!Number.isFinite(mib) || mib <= 0)) {
  process.stderr.write('usage: bench-logs.mjs [MiB]\n');
  process.exit(2);
}
const TARGET = mib * 1024 * 1024;
const FILE_BYTES = 16 * 1024 * 1024;
const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];
const ACCOUNT = '111111111111';

const identity = (i) => ({
  type: 'AssumedRole',
  principalId: `AROAEXAMPLE:session-${i % 211}`,
  arn: `arn:aws:sts::${ACCOUNT}:assumed-role/app-role/session-${i % 211}`,
  accountId: ACCOUNT,
  accessKeyId: `ASIAEXAMPLE${String(i % 5000).padStart(6, '0')}`,
  sessionContext: { sessionIssuer: { type: 'Role', principalId: 'AROAEXAMPLE', arn: `arn:aws:iam::${ACCOUNT}:role/app-role`, accountId: ACCOUNT, userName: 'app-role' }, attributes: { creationDate: '2024-01-01T00:00:00Z', mfaAuthenticated: 'false' } },
});

const NOISE = [
  ['ec2.amazonaws.com', 'DescribeInstances', { filterSet: { items: [{ name: 'instance-state-name', valueSet: { items: [{ value: 'running' }] } }] } }],
  ['s3.amazonaws.com', 'GetObject', { bucketName: 'app-assets', key: 'static/app.js', Host: 'app-assets.s3.amazonaws.com' }],
  ['sts.amazonaws.com', 'AssumeRole', { roleArn: `arn:aws:iam::${ACCOUNT}:role/app-role`, roleSessionName: 'session', durationSeconds: 3600 }],
  ['kms.amazonaws.com', 'Decrypt', { encryptionAlgorithm: 'SYMMETRIC_DEFAULT', encryptionContext: { 'aws:lambda:FunctionArn': `arn:aws:lambda:us-east-1:${ACCOUNT}:function:worker` } }],
  ['monitoring.amazonaws.com', 'PutMetricData', { namespace: 'App', metricData: [{ metricName: 'Latency', value: 12.5, unit: 'Milliseconds' }] }],
];

function base(i, region, time, source, name, request, response) {
  return {
    eventVersion: '1.09',
    userIdentity: identity(i),
    eventTime: time,
    eventSource: source,
    eventName: name,
    awsRegion: region,
    sourceIPAddress: `10.0.${i % 250}.${i % 200}`,
    userAgent: 'aws-sdk-go-v2/1.24.0 os/linux lang/go#1.21.5 md/GOOS#linux md/GOARCH#amd64',
    requestParameters: request,
    responseElements: response,
    requestID: `req-${i}`,
    eventID: `ev-${i}`,
    readOnly: response === null,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: ACCOUNT,
    eventCategory: 'Management',
    tlsDetails: { tlsVersion: 'TLSv1.3', cipherSuite: 'TLS_AES_128_GCM_SHA256', clientProvidedHostHeader: `${source.split('.')[0]}.${region}.amazonaws.com` },
  };
}

/** A snapshot made, shared publicly, copied by a stranger, and a volume made from it. */
function chain(i, region, time) {
  const snap = `snap-${i.toString(16).padStart(17, '0')}`;
  return [
    base(i, region, time, 'ec2.amazonaws.com', 'CreateSnapshot', { volumeId: `vol-${i}` }, { snapshotId: snap, volumeId: `vol-${i}`, status: 'pending' }),
    base(i + 1, region, time, 'ec2.amazonaws.com', 'ModifySnapshotAttribute', { snapshotId: snap, attributeType: 'CREATE_VOLUME_PERMISSION', createVolumePermission: { add: { items: [{ group: 'all' }] } } }, { _return: true }),
    { ...base(i + 2, region, time, 'ec2.amazonaws.com', 'SharedSnapshotCopyInitiated', null, null), userIdentity: { type: 'AWSAccount', accountId: '999999999999', invokedBy: 'ec2.amazonaws.com' }, serviceEventDetails: { snapshotId: snap } },
  ];
}

async function writeTree(root) {
  let written = 0;
  let index = 0;
  let files = 0;
  let chains = 0;
  while (written < TARGET) {
    const region = REGIONS[files % REGIONS.length];
    const minute = files * 5;
    const stamp = `20240101T${String(Math.floor(minute / 60) % 24).padStart(2, '0')}${String(minute % 60).padStart(2, '0')}Z`;
    const time = `2024-01-01T${stamp.slice(9, 11)}:${stamp.slice(11, 13)}:00Z`;
    const dir = join(root, 'AWSLogs', ACCOUNT, 'CloudTrail', region, '2024', '01', '01');
    mkdirSync(dir, { recursive: true });
    const path = join(dir, `${ACCOUNT}_CloudTrail_${region}_${stamp}_bench${files}.json.gz`);
    let fileBytes = 0;
    function* text() {
      yield '{"Records":[';
      let first = true;
      let batch = '';
      while (fileBytes < FILE_BYTES && written < TARGET) {
        const records = index % 5000 === 0 ? chain(index, region, time) : [base(index, region, time, ...NOISE[index % NOISE.length], index % NOISE.length === 2 ? { credentials: { accessKeyId: 'ASIAEXAMPLE', expiration: 'Jan 1, 2024' } } : null)];
        if (records.length > 1) chains += 1;
        index += records.length;
        for (const record of records) {
          const json = JSON.stringify(record);
          batch += first ? json : `,${json}`;
          first = false;
          fileBytes += json.length + 1;
          written += json.length + 1;
        }
        if (batch.length > 1 << 20) {
          yield batch;
          batch = '';
        }
      }
      yield `${batch}]}`;
    }
    await pipeline(Readable.from(text()), createGzip({ level: 6 }), createWriteStream(path));
    files += 1;
  }
  return { written, records: index, files, chains };
}

/** The read runs in a child process so that its peak RSS is the reader's alone. */
async function readIn(root) {
  const { spawn } = await import('node:child_process');
  const proc = spawn(process.execPath, [fileURLToPath(import.meta.url), '--read', root], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  proc.stdout.on('data', (chunk) => (out += chunk));
  const code = await new Promise((resolve) => proc.on('close', resolve));
  if (code !== 0) throw new Error(`the reading process exited with ${code}`);
  return JSON.parse(out);
}

if (process.argv[2] === '--read') {
  const started = process.hrtime.bigint();
  let events = 0;
  let withActivities = 0;
  let problems = 0;
  for await (const event of readAuditEvents([process.argv[3]], { onProblem: () => (problems += 1) })) {
    events += 1;
    if (event.activities.length > 0) withActivities += 1;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  process.stdout.write(JSON.stringify({ events, withActivities, problems, seconds, maxRssKb: process.resourceUsage().maxRSS }));
} else {
  const root = await mkdtemp(join(tmpdir(), 'snapaudit-bench-'));
  try {
    process.stdout.write(`writing ${mib} MiB of CloudTrail to ${root}…\n`);
    const tree = await writeTree(root);
    const { events, withActivities, problems, seconds, maxRssKb } = await readIn(root);
    const megabytes = tree.written / (1024 * 1024);
    process.stdout.write(
      [
        `files          ${tree.files} gzipped S3 objects, ${tree.chains} exfiltration chains`,
        `uncompressed   ${megabytes.toFixed(1)} MiB, ${events} events (${withActivities} with activities, ${problems} problems)`,
        `time           ${seconds.toFixed(2)} s`,
        `throughput     ${(megabytes / seconds).toFixed(1)} MiB/s, ${Math.round(events / seconds)} events/s`,
        `peak RSS       ${(maxRssKb / 1024).toFixed(1)} MiB (the reading process)`,
        '',
      ].join('\n'),
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
