// `snapaudit scan --provider azure` as a user runs it: DefaultAzureCredential from the environment
// (a service principal against the emulator's token endpoint), Resource Manager reached through
// AZURE_RESOURCE_MANAGER_URL, the emulator's certificate trusted through NODE_EXTRA_CA_CERTS.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_AZURE_PRINCIPAL, DEMO_ESTATE, DEMO_SUBSCRIPTION, DEMO_TENANT } from '../../src/emulator/demo-estate.js';
import { startEmulator, writeCaCertificate, type RunningEmulator } from '../../src/emulator/index.js';
import { runCli } from '../support/cli.js';
import { reportSchema } from '../support/report-schema.js';

let emulator: RunningEmulator;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  emulator = await startEmulator({ estate: DEMO_ESTATE });
  env = {
    AZURE_RESOURCE_MANAGER_URL: emulator.azureUrl,
    AZURE_AUTHORITY_HOST: emulator.azureUrl,
    AZURE_TENANT_ID: DEMO_TENANT,
    AZURE_CLIENT_ID: DEMO_AZURE_PRINCIPAL.clientId,
    AZURE_CLIENT_SECRET: DEMO_AZURE_PRINCIPAL.clientSecret,
    NODE_EXTRA_CA_CERTS: await writeCaCertificate(emulator.caCert!),
    NO_PROXY: '127.0.0.1,localhost',
  };
});
afterAll(async () => {
  await emulator.close();
});

describe('snapaudit scan --provider azure', () => {
  it('signs in with the service principal from the environment and reports the subscription', async () => {
    const run = await runCli(['scan', '--provider', 'azure', '--format', 'json'], env);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = reportSchema.parse(JSON.parse(run.stdout));
    expect(report.scope.accounts).toEqual([expect.objectContaining({ provider: 'azure', id: DEMO_SUBSCRIPTION, name: 'contoso-prod' })]);
    const checks = new Set(report.findings.map((f) => f.checkId));
    for (const id of ['azure-snapshot-active-sas', 'azure-disk-active-sas', 'azure-vm-from-snapshot-exposed', 'azure-gallery-community-shared', 'azure-snapshot-public-network']) expect(checks).toContain(id);
    // The token endpoint was used, and no token or secret reached the report.
    expect(emulator.calls().some((c) => c.service === 'entra')).toBe(true);
    expect(run.stdout).not.toContain(DEMO_AZURE_PRINCIPAL.clientSecret);
  });

  it('reports a wrong secret as nothing collected, exit 3, without the secret', async () => {
    const run = await runCli(['scan', '--provider', 'azure', '--format', 'json'], { ...env, AZURE_CLIENT_SECRET: 'not-the-secret-at-all' });
    expect(run.code).toBe(3);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^snapaudit: nothing could be collected/);
    expect(run.stderr).not.toContain('not-the-secret-at-all');
  });

  it('prints a custom role that grants every operation a full scan performed', async () => {
    emulator.resetCalls();
    const scanned = await runCli(['scan', '--provider', 'azure', '--format', 'json'], env);
    expect(scanned.code).toBe(0);
    const run = await runCli(['permissions', '--provider', 'azure', '--subscriptions', DEMO_SUBSCRIPTION]);
    expect(run.code).toBe(0);
    const role = JSON.parse(run.stdout) as { Actions: string[]; DataActions: string[]; AssignableScopes: string[] };
    expect(role.AssignableScopes).toEqual([`/subscriptions/${DEMO_SUBSCRIPTION}`]);
    expect(role.DataActions).toEqual([]);
    const served = new Set(emulator.calls().filter((c) => c.service !== 'entra').map((c) => c.action));
    expect(served.size).toBeGreaterThanOrEqual(10);
    for (const action of served) expect(role.Actions).toContain(action);
    for (const action of role.Actions) expect(action).toMatch(/^Microsoft\.[A-Za-z]+\/[A-Za-z/]+\/read$/);
  });

  it('refuses --subscriptions that are not GUIDs, and Azure flags without Azure', async () => {
    const bad = await runCli(['scan', '--provider', 'azure', '--subscriptions', 'prod']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--subscriptions: "prod" is not a subscription id/);
    const misplaced = await runCli(['scan', '--subscriptions', DEMO_SUBSCRIPTION]);
    expect(misplaced.code).toBe(2);
    expect(misplaced.stderr).toMatch(/--subscriptions and --azure-cloud need --provider azure/);
  });
});
