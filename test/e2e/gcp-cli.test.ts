// `snapaudit scan --provider gcp` as a user runs it: a ready access token in GOOGLE_OAUTH_ACCESS_TOKEN
// (as pipelines mint them), Compute, Resource Manager, IAM and Logging reached through gcloud's
// endpoint overrides.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ESTATE, DEMO_GCP_TOKEN, DEMO_PROJECT } from '../../src/emulator/demo-estate.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { runCli } from '../support/cli.js';
import { reportSchema } from '../support/report-schema.js';

let emulator: RunningEmulator;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  emulator = await startEmulator({ estate: DEMO_ESTATE });
  env = {
    GOOGLE_OAUTH_ACCESS_TOKEN: DEMO_GCP_TOKEN,
    CLOUDSDK_API_ENDPOINT_OVERRIDES_COMPUTE: `${emulator.gcpUrl}/compute/v1/`,
    CLOUDSDK_API_ENDPOINT_OVERRIDES_CLOUDRESOURCEMANAGER: `${emulator.gcpUrl}/`,
    CLOUDSDK_API_ENDPOINT_OVERRIDES_IAM: `${emulator.gcpUrl}/`,
    CLOUDSDK_API_ENDPOINT_OVERRIDES_LOGGING: `${emulator.gcpUrl}/`,
  };
});
afterAll(async () => {
  await emulator.close();
});

describe('snapaudit scan --provider gcp', () => {
  it('scans every project the token can search, through the endpoint overrides', async () => {
    const run = await runCli(['scan', '--provider', 'gcp', '--format', 'json'], env);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = reportSchema.parse(JSON.parse(run.stdout));
    expect(report.scope.accounts).toEqual([expect.objectContaining({ provider: 'gcp', id: DEMO_PROJECT, name: 'ACME analytics (prod)' })]);
    const checks = new Set(report.findings.map((f) => f.checkId));
    for (const id of ['gcp-snapshot-public', 'gcp-image-public', 'gcp-disk-shared-external', 'gcp-instance-from-snapshot-exposed']) expect(checks).toContain(id);
    // Without the config's internal domain, the data team's group is an outside member too.
    expect(report.findings.filter((f) => f.checkId === 'gcp-snapshot-shared-external').length).toBeGreaterThan(0);
    expect(run.stdout).not.toContain(DEMO_GCP_TOKEN.slice(5));
  });

  it('only the projects asked for', async () => {
    emulator.resetCalls();
    const run = await runCli(['scan', '--provider', 'gcp', '--projects', DEMO_PROJECT, '--format', 'json'], env);
    expect(run.code).toBe(0);
    expect(reportSchema.parse(JSON.parse(run.stdout)).scope.accounts.map((a) => a.id)).toEqual([DEMO_PROJECT]);
  });

  it('reports a refused token as nothing collected, exit 3, without the token', async () => {
    const token = 'ya29.a-token-google-never-issued-0123456789';
    const run = await runCli(['scan', '--provider', 'gcp', '--format', 'json'], { ...env, GOOGLE_OAUTH_ACCESS_TOKEN: token });
    expect(run.code).toBe(3);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^snapaudit: nothing could be collected/);
    expect(run.stderr).not.toContain('never-issued');
  });

  it('prints a custom role that grants every permission a full scan used, and nothing that writes', async () => {
    emulator.resetCalls();
    const scanned = await runCli(['scan', '--provider', 'gcp', '--format', 'json'], env);
    expect(scanned.code).toBe(0);
    const run = await runCli(['permissions', '--provider', 'gcp']);
    expect(run.code).toBe(0);
    const included = run.stdout.split('\n').flatMap((line) => /^- (\S+)$/.exec(line)?.[1] ?? []);
    const served = new Set(emulator.calls().map((c) => c.action));
    expect(served.size).toBeGreaterThanOrEqual(10);
    for (const permission of served) expect(included).toContain(permission);
    for (const permission of included) expect(permission).toMatch(/^[a-z]+\.[A-Za-z]+\.(list|get|getIamPolicy)$/);
  });

  it('refuses a malformed project id, GCP flags without GCP, and an endpoint that would send the token in clear', async () => {
    const bad = await runCli(['scan', '--provider', 'gcp', '--projects', 'Prod_Project']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--projects: "Prod_Project" is not a GCP project id/);
    const misplaced = await runCli(['scan', '--projects', DEMO_PROJECT]);
    expect(misplaced.code).toBe(2);
    expect(misplaced.stderr).toMatch(/--projects needs --provider gcp/);
    const clear = await runCli(['scan', '--provider', 'gcp'], { ...env, CLOUDSDK_API_ENDPOINT_OVERRIDES_COMPUTE: 'http://compute.example.com/compute/v1/' });
    expect(clear.code).toBe(2);
    expect(clear.stderr.trim().split('\n')).toHaveLength(1);
    expect(clear.stderr).toMatch(/CLOUDSDK_API_ENDPOINT_OVERRIDES_COMPUTE: plain http is allowed only for a loopback address/);
  });
});
