// The emulator's knobs on the Azure side, seen through the real SDK: nextLink paging under the
// page cap, injected throttling with and without Retry-After (and what the SDK's retry policy does
// with each), AuthorizationFailed, server errors, timeouts, ARM's per-subscription rate limit, and
// the call log (RBAC actions, subscription as account, location as region).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ARM_READ_RATE_LIMIT, AZURE_ACTIONS, startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import {
  AUDITOR,
  azureTestEstate,
  bearer,
  BULK_COUNTS,
  collect,
  computeClient,
  networkClient,
  NET_RG,
  rawRequest,
  restErrorOf,
  RG,
  STATIC_TOKEN,
  SUB_BULK,
  SUB_PROD,
  subscriptionClient,
  TENANT,
} from './azure-fixtures.js';

let emu: RunningEmulator;

beforeAll(async () => {
  emu = await startEmulator({ estate: azureTestEstate(), azureStaticTokens: { [STATIC_TOKEN]: AUDITOR.clientId } });
});

afterEach(() => {
  emu.configure({ faults: [], rateLimit: false, latencyMs: 0, pageCap: undefined });
  emu.resetCalls();
});

afterAll(async () => {
  await emu.close();
});

const SNAPSHOTS_READ = 'Microsoft.Compute/snapshots/read';
const snapshotsPath = (subscription = SUB_PROD): string => `/subscriptions/${subscription}/providers/Microsoft.Compute/snapshots?api-version=2025-01-02`;

describe('paging', () => {
  it('pages a compute list by nextLink under the page cap, each item once', async () => {
    emu.configure({ pageCap: 5 });
    const sizes: number[] = [];
    const names: string[] = [];
    for await (const page of computeClient(emu, SUB_BULK).snapshots.list().byPage()) {
      sizes.push(page.length);
      names.push(...page.map((s) => s.name ?? ''));
    }
    expect(sizes).toEqual([5, 5, 5, 5, 3]);
    expect(new Set(names).size).toBe(BULK_COUNTS.snapshots);
    const calls = emu.calls();
    expect(calls).toHaveLength(5);
    expect(calls.every((c) => c.action === SNAPSHOTS_READ && c.account === SUB_BULK && c.status === 200)).toBe(true);
    expect(calls[1]?.params['$skiptoken']).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(calls[1]?.params['api-version']).toBe('2025-01-02');
  });

  it('pages network and subscription lists through the older client runtime too', async () => {
    emu.configure({ pageCap: 5 });
    expect(await collect(networkClient(emu, SUB_BULK).networkSecurityGroups.listAll())).toHaveLength(BULK_COUNTS.networkSecurityGroups);
    expect(emu.calls().filter((c) => c.action === 'Microsoft.Network/networkSecurityGroups/read')).toHaveLength(2);
    emu.configure({ pageCap: 1 });
    expect(await collect(subscriptionClient(emu).subscriptions.list())).toHaveLength(2);
    expect(emu.calls().filter((c) => c.action === 'Microsoft.Resources/subscriptions/read')).toHaveLength(2);
  });

  it('serves up to 100 items a page without a cap', async () => {
    const response = await rawRequest(emu, snapshotsPath(SUB_BULK), { headers: bearer() });
    expect((response.json as { value: unknown[]; nextLink?: string }).value).toHaveLength(BULK_COUNTS.snapshots);
    expect((response.json as { nextLink?: string }).nextLink).toBeUndefined();
  });

  it('refuses a skip token from another listing', async () => {
    emu.configure({ pageCap: 5 });
    const first = await rawRequest(emu, snapshotsPath(SUB_BULK), { headers: bearer() });
    const nextLink = (first.json as { nextLink: string }).nextLink;
    expect(nextLink).toContain(`${emu.azureUrl}/subscriptions/${SUB_BULK}/providers/Microsoft.Compute/snapshots?api-version=2025-01-02&$skiptoken=`);
    const token = new URL(nextLink).searchParams.get('$skiptoken') ?? '';
    const replayed = await rawRequest(emu, `/subscriptions/${SUB_BULK}/providers/Microsoft.Compute/disks?api-version=2025-01-02&$skiptoken=${token}`, { headers: bearer() });
    expect(replayed.status).toBe(400);
    expect(replayed.json).toMatchObject({ error: { code: 'InvalidSkipToken' } });
  });
});

describe('injected faults and the SDK retry policy', () => {
  it('retries a 429 with Retry-After after that many seconds, to success', async () => {
    emu.configure({ faults: [{ action: SNAPSHOTS_READ, kind: 'throttle', times: 1, retryAfterSeconds: 1 }] });
    const started = performance.now();
    const snapshots = await collect(computeClient(emu, SUB_PROD, { maxRetries: 3 }).snapshots.list());
    expect(snapshots).toHaveLength(3);
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
    expect(emu.calls().map((c) => [c.status, c.errorCode])).toEqual([
      [429, 'TooManyRequests'],
      [200, undefined],
    ]);
  });

  it('does not retry a 429 without Retry-After: the error reaches the caller at once', async () => {
    emu.configure({ faults: [{ action: SNAPSHOTS_READ, kind: 'throttle', times: 1 }] });
    const error = await restErrorOf(collect(computeClient(emu, SUB_PROD, { maxRetries: 3 }).snapshots.list()));
    expect(error).toMatchObject({ name: 'RestError', statusCode: 429, code: 'TooManyRequests' });
    expect(error.response?.headers.get('retry-after')).toBeUndefined();
    expect(emu.calls()).toHaveLength(1);
    // The same with the older runtime (network): one call, no retry.
    emu.resetCalls();
    emu.configure({ faults: [{ service: 'Microsoft.Network', kind: 'throttle', times: 1 }] });
    expect(await restErrorOf(collect(networkClient(emu, SUB_PROD, { maxRetries: 3 }).networkSecurityGroups.listAll()))).toMatchObject({ statusCode: 429 });
    expect(emu.calls()).toHaveLength(1);
  });

  it('surfaces an injected access denial as RestError 403 AuthorizationFailed naming the action and scope', async () => {
    emu.configure({ faults: [{ action: 'Microsoft.Network/networkSecurityGroups/read', kind: 'access-denied' }] });
    const network = networkClient(emu);
    const error = await restErrorOf(collect(network.networkSecurityGroups.listAll()));
    expect(error).toMatchObject({ name: 'RestError', statusCode: 403, code: 'AuthorizationFailed' });
    expect(error.message).toContain(`does not have authorization to perform action 'Microsoft.Network/networkSecurityGroups/read' over scope '/subscriptions/${SUB_PROD}'`);
    expect(await collect(network.networkInterfaces.listAll())).toHaveLength(3);
    expect(emu.calls().map((c) => [c.action, c.status, c.errorCode])).toEqual([
      ['Microsoft.Network/networkSecurityGroups/read', 403, 'AuthorizationFailed'],
      ['Microsoft.Network/networkInterfaces/read', 200, undefined],
    ]);
  });

  it('answers 500 InternalServerError, which the SDK retries', async () => {
    emu.configure({ faults: [{ account: SUB_PROD, kind: 'server-error', times: 1 }] });
    expect(await collect(computeClient(emu, SUB_PROD, { maxRetries: 2 }).disks.list())).toHaveLength(4);
    expect(emu.calls().map((c) => [c.status, c.errorCode])).toEqual([
      [500, 'InternalServerError'],
      [200, undefined],
    ]);
    emu.configure({ faults: [{ account: SUB_PROD, kind: 'server-error' }] });
    expect(await restErrorOf(collect(computeClient(emu, SUB_PROD).disks.list()))).toMatchObject({ statusCode: 500, code: 'InternalServerError' });
  });

  it('matches faults on the resource location for calls on one resource', async () => {
    emu.configure({ faults: [{ region: 'westeurope', kind: 'access-denied' }] });
    const compute = computeClient(emu);
    expect(await collect(compute.snapshots.list())).toHaveLength(3);
    expect(await restErrorOf(compute.snapshots.get(RG, 'snap-private'))).toMatchObject({ statusCode: 403 });
    expect((await compute.snapshots.get(RG, 'snap-public')).name).toBe('snap-public');
  });

  it('hangs on a timeout fault, then answers a server error', async () => {
    emu.configure({ faults: [{ action: SNAPSHOTS_READ, kind: 'timeout', delayMs: 300, times: 1 }] });
    const started = performance.now();
    const response = await rawRequest(emu, snapshotsPath(), { headers: bearer() });
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    expect(response.status).toBe(500);
    expect(emu.calls()).toHaveLength(1);
  });
});

describe('the rate limiter', () => {
  it('keeps one read bucket per subscription, across resource providers', async () => {
    emu.configure({ rateLimit: { burst: 3, refillPerSecond: 0.01 } });
    const compute = computeClient(emu);
    await collect(compute.snapshots.list());
    await collect(compute.disks.list());
    await collect(networkClient(emu).networkInterfaces.listAll());
    const error = await restErrorOf(collect(networkClient(emu).virtualNetworks.listAll()));
    expect(error).toMatchObject({ statusCode: 429, code: 'SubscriptionRequestsThrottled' });
    expect(error.response?.headers.get('retry-after')).toBe('1');
    // Another subscription has its own bucket.
    expect(await collect(computeClient(emu, SUB_BULK).disks.list())).toHaveLength(BULK_COUNTS.disks);
  });

  it('never limits the token endpoint', async () => {
    emu.configure({ rateLimit: { burst: 1, refillPerSecond: 0.01 } });
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: AUDITOR.clientId,
      client_secret: AUDITOR.clientSecret,
      scope: 'https://management.azure.com/.default',
    }).toString();
    for (let i = 0; i < 3; i += 1) {
      const response = await rawRequest(emu, `/${TENANT}/oauth2/v2.0/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form,
      });
      expect(response.status).toBe(200);
    }
  });

  it("applies ARM's read limit (250 burst, 25/s) when the knob is true", async () => {
    expect(ARM_READ_RATE_LIMIT).toEqual({ burst: 250, refillPerSecond: 25 });
    emu.configure({ rateLimit: true });
    const statuses: number[] = [];
    const started = performance.now();
    for (let batch = 0; batch < 6; batch += 1) {
      const responses = await Promise.all(Array.from({ length: 50 }, () => rawRequest(emu, snapshotsPath(), { headers: bearer() })));
      statuses.push(...responses.map((r) => r.status));
    }
    const refilled = Math.ceil(((performance.now() - started) / 1000) * 25);
    const ok = statuses.filter((s) => s === 200).length;
    expect(ok).toBeGreaterThanOrEqual(250);
    expect(ok).toBeLessThanOrEqual(250 + refilled);
    expect(statuses.filter((s) => s === 429).length).toBe(statuses.length - ok);
  });
});

describe('the call log', () => {
  it('names every served RBAC action, the subscription as account and the location as region', async () => {
    const compute = computeClient(emu);
    const network = networkClient(emu);
    await collect(subscriptionClient(emu).subscriptions.list());
    await subscriptionClient(emu).subscriptions.get(SUB_PROD);
    await collect(compute.snapshots.list());
    await collect(compute.disks.list());
    await collect(compute.galleries.list());
    await collect(compute.restorePointCollections.listAll());
    await compute.restorePointCollections.get(RG, 'rpc-web', { expand: 'restorePoints' });
    await compute.restorePoints.get(RG, 'rpc-web', 'rp-1');
    await collect(compute.diskRestorePoint.listByRestorePoint(RG, 'rpc-web', 'rp-1'));
    await collect(compute.virtualMachines.listAll());
    await collect(compute.virtualMachines.listAll({ statusOnly: 'true' }));
    await compute.virtualMachines.instanceView(RG, 'vm-web');
    await collect(network.networkInterfaces.listAll());
    await collect(network.networkSecurityGroups.list(NET_RG));
    await collect(network.publicIPAddresses.listAll());
    await collect(network.virtualNetworks.listAll());
    await compute.snapshots.get(RG, 'snap-private');

    const calls = emu.calls();
    expect(new Set(calls.map((c) => c.action))).toEqual(new Set(AZURE_ACTIONS));
    expect(calls.every((c) => c.status === 200)).toBe(true);
    expect(calls[0]).toMatchObject({ service: 'Microsoft.Resources', action: 'Microsoft.Resources/subscriptions/read', account: undefined, region: 'global' });
    expect(calls.slice(1).every((c) => c.account === SUB_PROD)).toBe(true);
    expect(new Set(calls.map((c) => c.service))).toEqual(new Set(['Microsoft.Resources', 'Microsoft.Compute', 'Microsoft.Network']));
    const drp = calls.find((c) => c.action.endsWith('/diskRestorePoints/read'));
    expect(drp).toMatchObject({
      action: 'Microsoft.Compute/restorePointCollections/restorePoints/diskRestorePoints/read',
      region: 'eastus',
      params: { resourceGroupName: RG, resourceName: 'rpc-web', restorePointName: 'rp-1' },
    });
    expect(calls.at(-1)).toMatchObject({ action: SNAPSHOTS_READ, region: 'westeurope' });
    expect(calls.find((c) => c.params['statusOnly'] === 'true')?.action).toBe('Microsoft.Compute/virtualMachines/read');
    expect(JSON.stringify(calls)).not.toContain(STATIC_TOKEN);
  });

  it('logs refused calls too, without an account for a missing token', async () => {
    await rawRequest(emu, snapshotsPath());
    expect(emu.calls()).toEqual([
      expect.objectContaining({ action: SNAPSHOTS_READ, account: SUB_PROD, status: 401, errorCode: 'AuthenticationFailed' }),
    ]);
  });
});

describe('the AWS side', () => {
  it('still answers on its own HTTP listener, and never on the Azure one', async () => {
    expect(emu.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const onAzure = await rawRequest(emu, '/?Action=DescribeRegions&Version=2016-11-15', { headers: bearer() });
    expect(onAzure.status).toBe(404);
    expect(onAzure.json).toMatchObject({ error: { code: 'NotFound' } });
  });
});
