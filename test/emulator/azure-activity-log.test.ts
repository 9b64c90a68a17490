// The Activity Log (`eventtypes/management/values`) through the provider's own ARM request code
// (its pipeline: bearer token, TLS trust, pacing, the 429 retry): newest first, `$filter` on the
// time range, resource provider, resource group and correlation id, terms it does not read refused
// with 400, nextLink paging, throttling, AuthorizationFailed and the call log; and the demo's chain.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { DEMO_AZURE_PRINCIPAL, DEMO_ESTATE, DEMO_SUBSCRIPTION } from '../../src/emulator/demo-estate.js';
import { DEMO_AZURE_CHAIN } from '../../src/emulator/demo-azure.js';
import type { EstateInput } from '../../src/emulator/estate.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { Pacer } from '../../src/pacer.js';
import { createAzureClients, type ArmRestReader } from '../../providers/azure/clients.js';
import { activityFilter, ACTIVITY_LOG_API_VERSION } from '../../providers/azure/log-pull.js';
import { rejectionOf } from './fixtures.js';

const TENANT = 'aaaaaaaa-0000-4000-8000-000000000001';
const SUB = '11111111-1111-4111-8111-111111111111';
const FOREIGN = '33333333-3333-4333-8333-333333333333';
const AUDITOR = { clientId: 'c1111111-1111-4111-8111-111111111111', clientSecret: 'auditor-secret-value' };
const TOKEN = 'activity-log-test-token';
const NOW = Date.now();
const EVENTS = 250;
const operations = ['Microsoft.Compute/snapshots/write', 'Microsoft.Network/networkSecurityGroups/securityRules/write', 'Microsoft.Authorization/roleAssignments/write', 'Microsoft.Storage/storageAccounts/write', 'Microsoft.Compute/disks/write'];

const minutesAgo = (m: number): string => new Date(NOW - m * 60_000).toISOString();
const guid = (n: number): string => `e0000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

function estate(): EstateInput {
  return {
    azure: {
      tenantId: TENANT,
      principals: [{ ...AUDITOR, subscriptions: [SUB] }],
      subscriptions: [
        {
          id: SUB,
          displayName: 'Production',
          activityLog: Array.from({ length: EVENTS }, (_, i) => {
            const operation = operations[i % operations.length]!;
            const [provider] = operation.split('/');
            const group = i % 2 === 0 ? 'rg-a' : 'rg-b';
            return {
              eventDataId: guid(i),
              correlationId: guid(1000 + Math.floor(i / 2)),
              eventTimestamp: minutesAgo(i + 1),
              operationName: { value: operation, localizedValue: operation },
              resourceProviderName: { value: provider!, localizedValue: provider },
              resourceGroupName: group,
              resourceId: `/subscriptions/${SUB}/resourceGroups/${group}/providers/${operation.split('/').slice(0, 2).join('/')}/r${i}`,
              status: { value: 'Succeeded', localizedValue: 'Succeeded' },
              caller: i % 3 === 0 ? 'alice@contoso.example' : 'bob@contoso.example',
            };
          }),
        },
        { id: FOREIGN, displayName: 'Not ours' },
      ],
    },
  };
}

let emu: RunningEmulator;
let demo: RunningEmulator;

beforeAll(async () => {
  [emu, demo] = await Promise.all([
    startEmulator({ estate: estate(), azureStaticTokens: { [TOKEN]: AUDITOR.clientId } }),
    startEmulator({ estate: DEMO_ESTATE, azureStaticTokens: { [TOKEN]: DEMO_AZURE_PRINCIPAL.clientId } }),
  ]);
});

afterEach(() => {
  emu.configure({ faults: [], rateLimit: false, pageCap: undefined });
  emu.resetCalls();
});

afterAll(async () => {
  await Promise.all([emu.close(), demo.close()]);
});

function reader(subscription = SUB, on: RunningEmulator = emu, pacer = new Pacer({ concurrency: 4 }), maxRetries = 0): ArmRestReader {
  const azure = {
    ...parseConfig({}, 'test').azure,
    maxRetries,
    resourceManagerUrl: on.azureUrl!,
    trustedCa: on.caCert!,
    credential: { getToken: async () => ({ token: TOKEN, expiresOnTimestamp: Date.now() + 3_600_000 }) },
  };
  return createAzureClients(azure, pacer, () => Promise.resolve()).rest(subscription);
}

const path = (subscription = SUB): string => `/subscriptions/${subscription}/providers/Microsoft.Insights/eventtypes/management/values`;

interface ActivityEvent {
  eventDataId: string;
  eventTimestamp: string;
  operationName: { value: string };
  resourceGroupName?: string;
}

async function events(filter: string, r = reader(), subscription = SUB): Promise<ActivityEvent[]> {
  const out: ActivityEvent[] = [];
  for await (const event of r.list<ActivityEvent>(path(subscription), ACTIVITY_LOG_API_VERSION, { $filter: filter })) out.push(event);
  return out;
}

const since = (minutes: number): string => `eventTimestamp ge '${minutesAgo(minutes)}'`;

describe('the Activity Log API', () => {
  it('answers newest first, paged by nextLink, the whole window', async () => {
    const all = await events(since(EVENTS + 1));
    expect(all).toHaveLength(EVENTS);
    const times = all.map((e) => Date.parse(e.eventTimestamp));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    // Three pages of 100: the pipeline followed nextLink.
    expect(emu.calls()).toHaveLength(3);
    expect(emu.calls().every((c) => c.service === 'Microsoft.Insights' && c.action === 'Microsoft.Insights/eventtypes/values/read' && c.account === SUB)).toBe(true);
  });

  it('filters on the time range, the resource provider, the resource group and the correlation id', async () => {
    expect(await events(`${since(60.5)} and eventTimestamp le '${minutesAgo(10.5)}'`)).toHaveLength(50);
    expect(await events(`${since(EVENTS + 1)} and resourceProvider eq 'Microsoft.Compute'`)).toHaveLength(100);
    expect(await events(`${since(EVENTS + 1)} and resourceProvider eq 'microsoft.network' and resourceGroupName eq 'rg-a'`)).toHaveLength(25);
    expect((await events(`${since(EVENTS + 1)} and correlationId eq '${guid(1003)}'`)).map((e) => e.eventDataId)).toEqual([guid(6), guid(7)]);
    const window = { since: new Date(NOW - 100.5 * 60_000), until: new Date(NOW) };
    const pulled = await events(activityFilter(window, 'Microsoft.Authorization'));
    expect(pulled).toHaveLength(20);
    expect(pulled.every((e) => e.operationName.value === 'Microsoft.Authorization/roleAssignments/write')).toBe(true);
  });

  it('refuses a filter without a start time, one beyond 90 days, and a term it does not read', async () => {
    for (const filter of ["resourceProvider eq 'Microsoft.Compute'", since(91 * 24 * 60), `${since(60)} and levels eq 'Error'`, `${since(60)} or resourceProvider eq 'x'`]) {
      const error = await rejectionOf<Error & { statusCode?: number; code?: string }>(events(filter));
      expect(error.statusCode, filter).toBe(400);
      expect(error.code, filter).toBe('BadRequest');
    }
  });

  it('honours the page cap, following nextLink to the end', async () => {
    emu.configure({ pageCap: 10 });
    expect(await events(since(30.5))).toHaveLength(30);
    expect(emu.calls()).toHaveLength(3);
  });

  it('denies a subscription the caller has no role on, and a fault, with AuthorizationFailed naming the operation', async () => {
    const foreign = await rejectionOf<Error & { statusCode?: number; code?: string }>(events(since(10), reader(FOREIGN), FOREIGN));
    expect([foreign.statusCode, foreign.code]).toEqual([403, 'AuthorizationFailed']);
    expect(foreign.message).toContain('Microsoft.Insights/eventtypes/values/read');
    emu.configure({ faults: [{ action: 'Microsoft.Insights/eventtypes/values/read', kind: 'access-denied' }] });
    const denied = await rejectionOf<Error & { statusCode?: number; code?: string }>(events(since(10)));
    expect([denied.statusCode, denied.code]).toEqual([403, 'AuthorizationFailed']);
  });

  it('throttles with 429, which the pipeline retries and the pacer counts', async () => {
    emu.configure({ faults: [{ action: 'Microsoft.Insights/eventtypes/values/read', kind: 'throttle', times: 1 }] });
    const pacer = new Pacer({ concurrency: 4 });
    expect(await events(since(5.5), reader(SUB, emu, pacer, 2))).toHaveLength(5);
    expect(pacer.stats().throttled['Microsoft.Insights/eventtypes/values/read']).toBe(1);
    expect(emu.calls().map((c) => c.status)).toEqual([429, 200]);
  });
});

describe("the demo's Activity Log", () => {
  it('holds the chain on the exposed resources, by one caller', async () => {
    const r = reader(DEMO_SUBSCRIPTION, demo);
    const window = { since: new Date(Date.now() - 72 * 3_600_000), until: new Date() };
    const compute = await events(activityFilter(window, 'Microsoft.Compute'), r, DEMO_SUBSCRIPTION);
    const network = await events(activityFilter(window, 'Microsoft.Network'), r, DEMO_SUBSCRIPTION);
    const all = [...compute, ...network] as Array<ActivityEvent & { caller?: string; resourceId: string }>;
    const chain = all.filter((e) => e.caller === DEMO_AZURE_CHAIN.caller).sort((a, b) => Date.parse(a.eventTimestamp) - Date.parse(b.eventTimestamp));
    expect(chain.map((e) => e.operationName.value)).toEqual([...DEMO_AZURE_CHAIN.operations]);
    expect(chain.map((e) => e.resourceId)).toEqual([DEMO_AZURE_CHAIN.snapshot, DEMO_AZURE_CHAIN.snapshot, DEMO_AZURE_CHAIN.disk, DEMO_AZURE_CHAIN.vm, DEMO_AZURE_CHAIN.nsgRule]);
    expect(all).toHaveLength(7);
  });
});
