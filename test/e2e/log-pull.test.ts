// Each provider's live pull of audit events against the demo estate, through the real SDK clients
// and request code: the chain's records come back as the clouds write them, a denied region,
// subscription or project becomes a coverage line while the rest is still read, and CloudTrail's
// LookupEvents, limited to 2 calls per second per account and region by the emulator, is paced so
// that no call is throttled.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import {
  DEMO_ACCOUNT,
  DEMO_AUDIT_ROLE,
  DEMO_AWS_CHAIN,
  DEMO_LEGACY_ACCOUNT,
  DEMO_AZURE_PRINCIPAL,
  DEMO_CONFIG,
  DEMO_CREDENTIALS,
  DEMO_ESTATE,
  DEMO_GCP_TOKEN,
  DEMO_PROJECT,
  DEMO_SUBSCRIPTION,
} from '../../src/emulator/demo-estate.js';
import { DEMO_AZURE_CHAIN } from '../../src/emulator/demo-azure.js';
import { DEMO_GCP_CHAIN } from '../../src/emulator/demo-gcp.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { Pacer } from '../../src/pacer.js';
import type { LogPull, LogPullRequest, Provider, ScanScope } from '../../src/provider.js';
import { createTrustResolver } from '../../src/trust.js';
import { awsProvider } from '../../providers/aws/index.js';
import { azureProvider } from '../../providers/azure/index.js';
import { gcpProvider } from '../../providers/gcp/index.js';

const AZURE_TOKEN = 'log-pull-test-token';

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ estate: DEMO_ESTATE, azureStaticTokens: { [AZURE_TOKEN]: DEMO_AZURE_PRINCIPAL.clientId } });
});
afterAll(async () => {
  await emulator.close();
});
afterEach(() => {
  emulator.configure({ faults: [], rateLimit: false });
  emulator.resetCalls();
});

function scope(regions?: string[]): ScanScope {
  const config = parseConfig(DEMO_CONFIG, 'demo');
  return {
    ...(regions ? { regions } : {}),
    concurrency: 8,
    trust: createTrustResolver(config.trustedAccounts),
    aws: { ...config.aws, endpoint: emulator.url, credentials: DEMO_CREDENTIALS },
    azure: {
      ...config.azure,
      resourceManagerUrl: emulator.azureUrl!,
      trustedCa: emulator.caCert!,
      credential: { getToken: async () => ({ token: AZURE_TOKEN, expiresOnTimestamp: Date.now() + 3_600_000 }) },
    },
    gcp: { ...config.gcp, computeUrl: emulator.gcpUrl!, resourceManagerUrl: emulator.gcpUrl!, accessToken: DEMO_GCP_TOKEN },
  };
}

/** The last three days, as `--since 3d` asks. */
function window(): LogPullRequest {
  const until = new Date();
  return { since: new Date(until.getTime() - 72 * 3_600_000), until };
}

async function pull(provider: Provider, s: ScanScope): Promise<{ pulled: LogPull; pacer: Pacer }> {
  const pacer = new Pacer({ concurrency: s.concurrency });
  if (!provider.pullLogs) throw new Error(`${provider.id} has no pullLogs`);
  const pulled = await provider.pullLogs(s, window(), { pacer, progress: () => undefined });
  return { pulled, pacer };
}

const field = (record: unknown, name: string): unknown => (record as Record<string, unknown>)[name];
const timeOf = (record: unknown, name: string): number => Date.parse(String(field(record, name)));

describe('AWS: CloudTrail LookupEvents', () => {
  it("returns the chain's CloudTrail records, paced so that a 2-per-second LookupEvents is never throttled", async () => {
    emulator.configure({ rateLimit: true });
    const { pulled, pacer } = await pull(awsProvider, scope(['us-east-1', 'eu-west-1']));
    expect(pulled.accounts).toEqual([{ account: DEMO_ACCOUNT, regions: ['us-east-1', 'eu-west-1'] }]);
    expect(pulled.records.every((r) => r.format === 'cloudtrail' && r.origin === `aws:${DEMO_ACCOUNT}:us-east-1 cloudtrail:LookupEvents`)).toBe(true);
    const records = pulled.records.map((r) => r.record).sort((a, b) => timeOf(a, 'eventTime') - timeOf(b, 'eventTime'));
    const chain = records.filter((r) => String(field(r, 'eventID')).startsWith('3f2b7c1e-'));
    expect(chain.map((r) => field(r, 'eventName'))).toEqual([...DEMO_AWS_CHAIN.eventNames]);
    // Beside the chain: AWS Backup's snapshot and the analyst's refused share.
    expect(records).toHaveLength(DEMO_AWS_CHAIN.eventNames.length + 2);
    expect(records.find((r) => field(r, 'errorCode') !== undefined)).toMatchObject({ eventName: 'ModifySnapshotAttribute', errorCode: 'Client.UnauthorizedOperation' });
    expect(chain[3]).toMatchObject({ requestParameters: { snapshotId: DEMO_AWS_CHAIN.snapshot, createVolumePermission: { add: { items: [{ group: 'all' }] } } } });
    // A quiet region's window is one sweep of its write events (the per-name queries are for busy ones); none throttled.
    const lookups = emulator.calls().filter((c) => c.action === 'LookupEvents');
    expect(lookups.filter((c) => c.region === 'us-east-1')).toHaveLength(1);
    expect(lookups.filter((c) => c.region === 'eu-west-1')).toHaveLength(1);
    expect(lookups.every((c) => c.status === 200)).toBe(true);
    expect(pacer.stats().calls['cloudtrail:LookupEvents']).toBe(lookups.length);
    expect(pacer.stats().throttled['cloudtrail:LookupEvents'] ?? 0).toBe(0);
    expect(pulled.coverage.filter((c) => c.status !== 'ok')).toEqual([]);
  });

  it('turns a denied region into one coverage line and reads the global events of us-east-1 all the same', async () => {
    emulator.configure({ faults: [{ service: 'cloudtrail', action: 'LookupEvents', region: 'eu-west-1', kind: 'access-denied' }] });
    const { pulled } = await pull(awsProvider, scope(['eu-west-1']));
    expect(pulled.accounts).toEqual([{ account: DEMO_ACCOUNT, regions: ['eu-west-1', 'us-east-1'] }]);
    const gaps = pulled.coverage.filter((c) => c.status !== 'ok');
    expect(gaps).toEqual([expect.objectContaining({ provider: 'aws', account: DEMO_ACCOUNT, region: 'eu-west-1', service: 'cloudtrail', status: 'denied', action: 'cloudtrail:LookupEvents' })]);
    expect(gaps[0]?.detail).toContain('AccessDeniedException');
    // Denied once, the region asks no more.
    expect(emulator.calls().filter((c) => c.action === 'LookupEvents' && c.region === 'eu-west-1')).toHaveLength(1);
    expect(pulled.records.map((r) => field(r.record, 'eventName')).sort()).toEqual(['CreateAccessKey', 'CreateUser']);
  });

  it('reads every member of the organization through its role, and a role it cannot assume is a coverage line', async () => {
    const s = scope(['us-east-1']);
    const { pulled } = await pull(awsProvider, { ...s, aws: { ...s.aws, organization: { assumeRole: DEMO_AUDIT_ROLE } } });
    const accounts = pulled.accounts.map((a) => a.account);
    expect(accounts).toContain(DEMO_ACCOUNT);
    expect(accounts.length).toBeGreaterThanOrEqual(3);
    expect(accounts).not.toContain(DEMO_LEGACY_ACCOUNT);
    expect(pulled.coverage.filter((c) => c.status !== 'ok')).toEqual([expect.objectContaining({ account: DEMO_LEGACY_ACCOUNT, service: 'sts', status: 'denied', action: 'sts:AssumeRole' })]);
    expect(new Set(pulled.records.map((r) => r.origin))).toEqual(new Set([`aws:${DEMO_ACCOUNT}:us-east-1 cloudtrail:LookupEvents`]));
    expect(pulled.records).toHaveLength(DEMO_AWS_CHAIN.eventNames.length + 2);
  });
});

describe('Azure: the Activity Log', () => {
  it("returns the chain's Activity Log events", async () => {
    const { pulled } = await pull(azureProvider, scope());
    expect(pulled.accounts).toEqual([{ account: DEMO_SUBSCRIPTION, regions: ['global'] }]);
    expect(pulled.records.every((r) => r.format === 'azure-activity')).toBe(true);
    const records = pulled.records.map((r) => r.record).sort((a, b) => timeOf(a, 'eventTimestamp') - timeOf(b, 'eventTimestamp'));
    const chain = records.filter((r) => field(r, 'caller') === DEMO_AZURE_CHAIN.caller);
    expect(chain.map((r) => (field(r, 'operationName') as { value: string }).value)).toEqual([...DEMO_AZURE_CHAIN.operations]);
    expect(records).toHaveLength(DEMO_AZURE_CHAIN.operations.length + 2);
    // One query per resource provider: Compute, Network, Authorization.
    expect(emulator.calls().filter((c) => c.action === 'Microsoft.Insights/eventtypes/values/read')).toHaveLength(3);
    expect(pulled.coverage.filter((c) => c.status !== 'ok')).toEqual([]);
  });

  it('turns a denied subscription into one coverage line', async () => {
    emulator.configure({ faults: [{ action: 'Microsoft.Insights/eventtypes/values/read', account: DEMO_SUBSCRIPTION, kind: 'access-denied' }] });
    const { pulled } = await pull(azureProvider, scope());
    expect(pulled.records).toEqual([]);
    expect(pulled.coverage).toEqual([
      expect.objectContaining({ provider: 'azure', account: DEMO_SUBSCRIPTION, service: 'Microsoft.Insights', status: 'denied', action: 'Microsoft.Insights/eventtypes/values/read' }),
    ]);
  });
});

describe('GCP: Admin Activity audit logs', () => {
  it("returns the chain's audit log entries", async () => {
    const { pulled } = await pull(gcpProvider, scope());
    expect(pulled.accounts).toEqual([{ account: DEMO_PROJECT, regions: ['global'] }]);
    expect(pulled.records.every((r) => r.format === 'gcp-audit' && r.origin === `gcp:${DEMO_PROJECT} logging.logEntries.list`)).toBe(true);
    const payloads = pulled.records.map((r) => field(r.record, 'protoPayload') as { methodName: string; authenticationInfo: { principalEmail: string } });
    const chain = payloads.filter((p) => p.authenticationInfo.principalEmail === DEMO_GCP_CHAIN.principal);
    expect(chain.map((p) => p.methodName)).toEqual([...DEMO_GCP_CHAIN.methods]);
    expect(payloads).toHaveLength(DEMO_GCP_CHAIN.methods.length + 2);
    expect(pulled.coverage.filter((c) => c.status !== 'ok')).toEqual([]);
  });

  it('turns a denied project into a coverage line', async () => {
    emulator.configure({ faults: [{ service: 'logging', action: 'logging.logEntries.list', account: DEMO_PROJECT, kind: 'access-denied' }] });
    const { pulled } = await pull(gcpProvider, scope());
    expect(pulled.records).toEqual([]);
    expect(pulled.coverage).toEqual([expect.objectContaining({ provider: 'gcp', account: DEMO_PROJECT, service: 'logging', status: 'denied', action: 'logging.logEntries.list' })]);
  });
});
