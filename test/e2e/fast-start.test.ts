// Cloud SDKs load only when a run uses that cloud: the catalog, the permissions and the help
// import none of them.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BIN } from '../support/cli.js';

const TRACER = fileURLToPath(new URL('../support/trace-loads.mjs', import.meta.url));

async function loadedBy(args: string[]): Promise<string[]> {
  const file = join(await mkdtemp(join(tmpdir(), 'snapaudit-loads-')), 'loads.txt');
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', TRACER, BIN, ...args], {
      env: { ...process.env, SNAPAUDIT_TRACE_LOADS: file },
      stdio: 'ignore',
    });
    child.on('error', reject);
    child.on('close', resolve);
  });
  expect(code).toBe(0);
  return (await readFile(file, 'utf8')).split('\n').filter(Boolean);
}

const SDK = /node_modules\/(@(aws-sdk|smithy|azure|google-cloud)|google-gax|google-auth-library)\//;

describe('fast start', () => {
  for (const args of [['checks'], ['permissions', '--provider', 'aws'], ['permissions', '--provider', 'gcp'], ['--help']]) {
    it(`snapaudit ${args.join(' ')} loads no cloud SDK`, async () => {
      const loads = await loadedBy(args);
      expect(loads.some((u) => u.includes('/dist/src/cli/main.js'))).toBe(true);
      expect(loads.filter((u) => SDK.test(u))).toEqual([]);
    });
  }

  it('an AWS scan loads the AWS SDK and no other cloud', async () => {
    const loads = await loadedBy(['demo', '--provider', 'aws', '--format', 'json', '--regions', 'us-east-1']);
    expect(loads.some((u) => u.includes('node_modules/@aws-sdk/client-ec2/'))).toBe(true);
    expect(loads.filter((u) => /node_modules\/(@(azure|azure-rest|google-cloud)|google-gax|google-auth-library)\//.test(u))).toEqual([]);
  });

  it('an Azure scan loads the Azure SDKs and no other cloud', async () => {
    const loads = await loadedBy(['demo', '--provider', 'azure', '--format', 'json']);
    expect(loads.some((u) => u.includes('node_modules/@azure/arm-compute/'))).toBe(true);
    expect(loads.filter((u) => /node_modules\/(@(aws-sdk|google-cloud)|google-gax)\//.test(u))).toEqual([]);
  });

  it('a GCP scan loads the Compute and Resource Manager clients it uses, one by one, and no other cloud', async () => {
    const loads = await loadedBy(['demo', '--provider', 'gcp', '--format', 'json']);
    expect(loads.some((u) => u.includes('node_modules/@google-cloud/compute/build/src/v1/snapshots_client.js'))).toBe(true);
    expect(loads.filter((u) => /node_modules\/@(aws-sdk|azure)\//.test(u))).toEqual([]);
    // Only the clients the provider needs, not the package index with its hundred-odd clients.
    expect(loads.filter((u) => /@google-cloud\/compute\/build\/src\/(index|v1\/index)\.js$/.test(u))).toEqual([]);
    const clients = loads.filter((u) => /@google-cloud\/compute\/build\/src\/v1\/[a-z_]+_client\.js$/.test(u));
    expect(clients.length).toBe(9);
  });
});
