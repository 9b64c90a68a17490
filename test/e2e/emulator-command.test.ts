// `snapaudit emulator` on its own: another tool (here the SDK, as the AWS CLI would) can use it.
import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeSnapshotsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { BIN, runCli } from '../support/cli.js';

function startCommand(args: string[]): Promise<{ url: string; key: string; printed: string; stop: () => Promise<number | null> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'emulator', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
      const key = /AWS_ACCESS_KEY_ID=(\S+)/.exec(out)?.[1];
      if (url && key && out.includes('Press Ctrl-C to stop.')) {
        resolve({
          url,
          key,
          printed: out,
          stop: () =>
            new Promise((done) => {
              child.once('close', (code) => done(code));
              child.kill('SIGINT');
            }),
        });
      }
    });
    child.once('error', reject);
    child.once('close', (code) => reject(new Error(`emulator exited early (${code}): ${out}`)));
  });
}

describe('snapaudit emulator', () => {
  it('serves the demo estate to any SDK client until interrupted, then exits 0', async () => {
    const emulator = await startCommand(['--page-cap', '5']);
    try {
      const client = new EC2Client({ region: 'us-east-1', endpoint: emulator.url, credentials: { accessKeyId: emulator.key, secretAccessKey: 'local' } });
      const out = await client.send(new DescribeSnapshotsCommand({ OwnerIds: ['self'], MaxResults: 100 }));
      expect(out.Snapshots).toHaveLength(5);
      expect(out.NextToken).toBeTruthy();
    } finally {
      expect(await emulator.stop()).toBe(0);
    }
  });

  it('serves an estate file, and refuses an invalid one naming the field', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'snapaudit-estate-'));
    const bad = join(dir, 'bad.json');
    await writeFile(bad, JSON.stringify({ aws: { accounts: [{ id: '12', accessKeyIds: ['AKIAAAAAAAAAAAAAAAAA'], regions: {} }] } }));
    const refused = await runCli(['emulator', '--estate', bad]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^snapaudit: invalid estate at aws\.accounts\.0\.id: an AWS account id is 12 digits\n$/);

    const good = join(dir, 'good.json');
    await writeFile(good, JSON.stringify({ aws: { accounts: [{ id: '123456789012', accessKeyIds: ['AKIAESTATEESTATE0001'], regions: { 'eu-west-3': { snapshots: [{ id: 'snap-0abc' }] } } }] } }));
    const emulator = await startCommand(['--estate', good]);
    try {
      expect(emulator.key).toBe('AKIAESTATEESTATE0001');
      const client = new EC2Client({ region: 'eu-west-3', endpoint: emulator.url, credentials: { accessKeyId: emulator.key, secretAccessKey: 'local' } });
      const out = await client.send(new DescribeSnapshotsCommand({ OwnerIds: ['self'] }));
      expect(out.Snapshots?.map((s) => s.SnapshotId)).toEqual(['snap-0abc']);
    } finally {
      expect(await emulator.stop()).toBe(0);
    }
  });

  it('prints the GCP settings a scan can be pointed with, and the scan finds the demo project', async () => {
    const emulator = await startCommand([]);
    try {
      const exported = Object.fromEntries([...emulator.printed.matchAll(/\b((?:CLOUDSDK_API_ENDPOINT_OVERRIDES_[A-Z]+|GOOGLE_OAUTH_ACCESS_TOKEN))=(\S+)/g)].map((m) => [m[1], m[2]]));
      expect(Object.keys(exported).sort()).toEqual(['CLOUDSDK_API_ENDPOINT_OVERRIDES_CLOUDRESOURCEMANAGER', 'CLOUDSDK_API_ENDPOINT_OVERRIDES_COMPUTE', 'GOOGLE_OAUTH_ACCESS_TOKEN']);
      const run = await runCli(['scan', '--provider', 'gcp', '--format', 'json'], exported);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect((JSON.parse(run.stdout) as { scope: { accounts: Array<{ id: string }> } }).scope.accounts.map((a) => a.id)).toEqual(['acme-analytics-prod']);
    } finally {
      expect(await emulator.stop()).toBe(0);
    }
  });
});
