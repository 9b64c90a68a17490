// The emulator's knobs on the Google side, seen through the real clients: pageToken paging under
// maxResults and the page cap (plain and aggregated lists, project search), injected faults and what
// google-gax does with each (it retries 503 for Compute reads when the auth client hands it Google's
// error, never 429; google-auth-library's OAuth2Client hands it a GaxiosError, retried by no one),
// Compute's per-project rate limit, and the call log (IAM permission as action, project as account).
import { SnapshotsClient } from '@google-cloud/compute/build/src/v1/snapshots_client.js';
import { OAuth2Client } from 'google-auth-library';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { GCP_ACTIONS, GCP_COMPUTE_READ_RATE_LIMIT, GCP_PROJECT_SEARCH_RATE_LIMIT, startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import {
  AUDITOR_TOKEN,
  BULK_COUNTS,
  closeClients,
  collect,
  computeClients,
  described,
  errorOf,
  gcpClientOptions,
  gcpTestEstate,
  P_BULK,
  P_BULK_NUMBER,
  P_PROD,
  P_PROD_NUMBER,
  projectsClient,
  rawRequest,
  type ComputeClients,
} from './gcp-fixtures.js';

let emu: RunningEmulator;
let gce: ComputeClients;

beforeAll(async () => {
  emu = await startEmulator({ estate: gcpTestEstate() });
  gce = computeClients(emu);
});

afterEach(() => {
  emu.configure({ faults: [], rateLimit: false, latencyMs: 0, pageCap: undefined });
  emu.resetCalls();
});

afterAll(async () => {
  await closeClients(gce);
  await emu.close();
});

const SNAPSHOTS_LIST = 'compute.snapshots.list';
const snapshotsPath = (project = P_BULK): string => `/compute/v1/projects/${project}/global/snapshots`;

const statuses = (): (readonly [number, string | undefined])[] => emu.calls().map((c) => [c.status, c.errorCode] as const);

describe('paging', () => {
  it('pages a list by pageToken under the page cap, each item once', async () => {
    emu.configure({ pageCap: 5 });
    const sizes: number[] = [];
    const names: string[] = [];
    type ListRequest = NonNullable<Parameters<SnapshotsClient['list']>[0]>;
    let request: ListRequest | null = { project: P_BULK };
    while (request !== null) {
      const [items, next]: [{ name?: string | null }[], ListRequest | null, unknown] = await gce.snapshots.list(request, { autoPaginate: false });
      sizes.push(items.length);
      names.push(...items.map((s) => s.name ?? ''));
      request = next;
    }
    expect(sizes).toEqual([5, 5, 5, 5, 3]);
    expect(new Set(names).size).toBe(BULK_COUNTS.snapshots);
    const calls = emu.calls();
    expect(calls).toHaveLength(5);
    expect(calls.every((c) => c.service === 'compute' && c.action === SNAPSHOTS_LIST && c.account === P_BULK && c.region === 'global' && c.status === 200)).toBe(true);
    expect(calls[0]?.params['pageToken']).toBeUndefined();
    expect(calls[1]?.params['pageToken']).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('honours maxResults under the cap, and serves 500 a page without either', async () => {
    expect(await collect(gce.snapshots.listAsync({ project: P_BULK, maxResults: 7 }))).toHaveLength(BULK_COUNTS.snapshots);
    expect(emu.calls().map((c) => c.params['maxResults'])).toEqual(['7', '7', '7', '7']);
    emu.resetCalls();
    emu.configure({ pageCap: 4 });
    expect(await collect(gce.images.listAsync({ project: P_BULK, maxResults: 7 }))).toHaveLength(BULK_COUNTS.images);
    expect(emu.calls()).toHaveLength(2);
    emu.configure({ pageCap: undefined });
    const whole = await rawRequest(emu, snapshotsPath());
    expect((whole.json as { items: unknown[] }).items).toHaveLength(BULK_COUNTS.snapshots);
    expect(whole.json).not.toHaveProperty('nextPageToken');
    expect(whole.json).toMatchObject({ kind: 'compute#snapshotList', id: `projects/${P_BULK}/global/snapshots`, selfLink: `https://www.googleapis.com/compute/v1/projects/${P_BULK}/global/snapshots` });
  });

  it('pages aggregated lists by resource count, each page naming every scope', async () => {
    emu.configure({ pageCap: 2 });
    const tuples = await collect(gce.disks.aggregatedListAsync({ project: P_BULK }));
    const disks = tuples.flatMap(([, scoped]) => (scoped.disks ?? []).map((d) => d.name));
    expect(new Set(disks).size).toBe(BULK_COUNTS.disks);
    expect(disks).toHaveLength(BULK_COUNTS.disks);
    // Four pages, each with the project's five scopes (one region, four zones).
    expect(emu.calls()).toHaveLength(4);
    expect(tuples).toHaveLength(4 * 5);
    const first = await rawRequest(emu, `/compute/v1/projects/${P_BULK}/aggregated/disks?maxResults=2`);
    const items = (first.json as { items: Record<string, { disks?: { name: string }[]; warning?: { code: string } }> }).items;
    expect(Object.keys(items)).toEqual(['regions/us-central1', 'zones/us-central1-a', 'zones/us-central1-b', 'zones/us-central1-c', 'zones/us-central1-f']);
    // Resources come scope by scope, in the scopes' order: the regional disks first.
    expect(items['regions/us-central1']?.disks?.map((d) => d.name)).toEqual(['bulk-disk-5', 'bulk-disk-6']);
    expect(items['zones/us-central1-a']?.warning?.code).toBe('NO_RESULTS_ON_PAGE');
    const instances = await collect(gce.instances.aggregatedListAsync({ project: P_BULK, maxResults: 1 }));
    expect(instances.flatMap(([, scoped]) => scoped.instances ?? [])).toHaveLength(BULK_COUNTS.instances);
  });

  it('pages project search under the page cap', async () => {
    emu.configure({ pageCap: 1 });
    expect(await collect(projectsClient(emu).searchProjectsAsync({}))).toHaveLength(3);
    const calls = emu.calls();
    expect(calls.map((c) => [c.service, c.action, c.account, c.status])).toEqual(Array(3).fill(['cloudresourcemanager', 'resourcemanager.projects.get', undefined, 200]));
    expect(calls[2]?.params['pageToken']).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('refuses maxResults above 500, a page token from another listing, and list filters', async () => {
    const tooMany = await rawRequest(emu, `${snapshotsPath()}?maxResults=501`);
    expect(tooMany.status).toBe(400);
    expect(tooMany.json).toMatchObject({ error: { code: 400, status: 'INVALID_ARGUMENT', message: "Invalid value for field 'maxResults': '501'. Must be less than or equal to 500" } });
    expect(described(await errorOf(collect(gce.snapshots.listAsync({ project: P_BULK, maxResults: 501 }))))).toMatchObject({ code: 3 });

    const first = await rawRequest(emu, `${snapshotsPath()}?maxResults=5`);
    const token = (first.json as { nextPageToken: string }).nextPageToken;
    const replayed = await rawRequest(emu, `/compute/v1/projects/${P_BULK}/global/images?pageToken=${token}`);
    expect(replayed.status).toBe(400);
    expect(replayed.json).toMatchObject({ error: { status: 'INVALID_ARGUMENT', message: `Invalid value for field 'pageToken': '${token}'. Invalid page token.` } });
    // A token stays good when only the page size changes.
    expect((await rawRequest(emu, `${snapshotsPath()}?maxResults=50&pageToken=${token}`)).status).toBe(200);

    const filtered = await rawRequest(emu, `${snapshotsPath()}?filter=${encodeURIComponent('name = bulk-snap-1')}`);
    expect(filtered.status).toBe(400);
    expect((filtered.json as { error: { message: string } }).error.message).toContain("does not serve 'filter'");
  });
});

describe('injected faults and what the Google clients do with them', () => {
  it('answers an injected access denial as 403 naming the permission and the resource, only where it matches', async () => {
    emu.configure({ faults: [{ action: 'compute.disks.getIamPolicy', params: { resource: 'web-data' }, kind: 'access-denied' }] });
    const error = described(await errorOf(gce.disks.getIamPolicy({ project: P_PROD, zone: 'us-central1-a', resource: 'web-data' })));
    expect(error).toMatchObject({ type: 'GoogleError', code: 7, message: `Required 'compute.disks.getIamPolicy' permission for 'projects/${P_PROD}/zones/us-central1-a/disks/web-data'` });
    const [policy] = await gce.disks.getIamPolicy({ project: P_PROD, zone: 'us-central1-a', resource: 'web-boot' });
    expect(policy.etag).toBe('BwXYZ=');
    expect(emu.calls().map((c) => [c.action, c.region, c.status, c.errorCode])).toEqual([
      ['compute.disks.getIamPolicy', 'us-central1', 403, 'PERMISSION_DENIED'],
      ['compute.disks.getIamPolicy', 'us-central1', 200, undefined],
    ]);
  });

  it('answers throttling as 429 RESOURCE_EXHAUSTED naming the quota, which the client does not retry', async () => {
    emu.configure({ faults: [{ service: 'compute', kind: 'throttle', times: 1 }] });
    const error = await errorOf(collect(gce.snapshots.listAsync({ project: P_PROD })));
    expect(described(error)).toMatchObject({ type: 'GoogleError', code: 8, reason: 'RATE_LIMIT_EXCEEDED' });
    expect(error.message).toBe(
      `Quota exceeded for quota metric 'Read requests' and limit 'Read requests per minute' of service 'compute.googleapis.com' for consumer 'project_number:${P_PROD_NUMBER}'.`,
    );
    expect(error.errorInfoMetadata).toMatchObject({ quota_metric: 'compute.googleapis.com/read_requests', quota_limit: 'ReadRequestsPerMinutePerProject' });
    expect(statuses()).toEqual([[429, 'RESOURCE_EXHAUSTED']]);
    expect(await collect(gce.snapshots.listAsync({ project: P_PROD }))).toHaveLength(3);
  });

  it('answers 503 UNAVAILABLE, which the client retries for Compute reads when its auth client lets Google’s error through', async () => {
    emu.configure({ faults: [{ action: SNAPSHOTS_LIST, kind: 'unavailable', times: 2 }] });
    expect(await collect(gce.snapshots.listAsync({ project: P_PROD }))).toHaveLength(3);
    expect(statuses()).toEqual([
      [503, 'UNAVAILABLE'],
      [503, 'UNAVAILABLE'],
      [200, undefined],
    ]);
  });

  it('keeps retrying 503s until the call’s timeout, and answers one 503 with retry switched off; maxRetries is refused', async () => {
    emu.configure({ faults: [{ action: SNAPSHOTS_LIST, kind: 'unavailable' }] });
    // Call options are changed in place by the client, and can change its defaults: a client each.
    const client = (): SnapshotsClient => new SnapshotsClient(gcpClientOptions(emu));
    const bounded = client();
    const timedOut = await errorOf(collect(bounded.listAsync({ project: P_PROD }, { timeout: 400 })));
    expect(described(timedOut)).toMatchObject({ type: 'GoogleError', code: 4 });
    expect(timedOut.message).toContain('Total timeout of API google.cloud.compute.v1.Snapshots exceeded 400 milliseconds retrying error Error: The service is currently unavailable.');
    expect(emu.calls().length).toBeGreaterThan(2);
    expect(new Set(statuses().map(String))).toEqual(new Set(['503,UNAVAILABLE']));
    emu.resetCalls();

    const once = client();
    expect(described(await errorOf(collect(once.listAsync({ project: P_PROD }, { retry: null }))))).toMatchObject({ type: 'GoogleError', code: 14, message: 'The service is currently unavailable.' });
    expect(statuses()).toEqual([[503, 'UNAVAILABLE']]);
    emu.resetCalls();

    // maxRetries conflicts with the total timeout of Compute's client config.
    const counted = client();
    expect(described(await errorOf(collect(counted.listAsync({ project: P_PROD }, { maxRetries: 3 }))))).toMatchObject({
      code: 3,
      message: 'Cannot set both totalTimeoutMillis and maxRetries in backoffSettings.',
    });
    expect(emu.calls()).toHaveLength(0);
    await Promise.all([bounded.close(), once.close(), counted.close()]);
  });

  it('retries neither 503 nor 429 through google-auth-library’s OAuth2Client, whose GaxiosError reaches the caller at once', async () => {
    const auth = new OAuth2Client();
    // What a token from GOOGLE_OAUTH_ACCESS_TOKEN would be given as.
    auth.setCredentials({ access_token: AUDITOR_TOKEN });
    const clients = computeClients(emu, { authClient: auth });
    try {
      expect(await collect(clients.snapshots.listAsync({ project: P_PROD }))).toHaveLength(3);
      emu.resetCalls();
      emu.configure({ faults: [{ action: SNAPSHOTS_LIST, kind: 'unavailable', times: 1 }] });
      const unavailable = await errorOf(collect(clients.snapshots.listAsync({ project: P_PROD })));
      expect(unavailable.constructor.name).toBe('GaxiosError');
      expect(unavailable.status).toBe(503);
      expect(unavailable.message).toContain('"status":"UNAVAILABLE"');
      expect(statuses()).toEqual([[503, 'UNAVAILABLE']]);
      emu.resetCalls();
      emu.configure({ faults: [{ action: SNAPSHOTS_LIST, kind: 'throttle', times: 1 }] });
      const throttled = await errorOf(collect(clients.snapshots.listAsync({ project: P_PROD })));
      expect(throttled).toMatchObject({ status: 429 });
      expect(statuses()).toEqual([[429, 'RESOURCE_EXHAUSTED']]);
    } finally {
      await closeClients(clients);
    }
  });

  it('does not retry project search on 503: SearchProjects is not idempotent in the client’s config', async () => {
    emu.configure({ faults: [{ service: 'cloudresourcemanager', kind: 'unavailable', times: 1 }] });
    expect(described(await errorOf(collect(projectsClient(emu).searchProjectsAsync({}))))).toMatchObject({ type: 'GoogleError', code: 14, message: 'The service is currently unavailable.' });
    expect(statuses()).toEqual([[503, 'UNAVAILABLE']]);
  });

  it('answers 500 INTERNAL, which the client does not retry', async () => {
    emu.configure({ faults: [{ action: 'compute.firewalls.list', kind: 'server-error', times: 1 }] });
    expect(described(await errorOf(collect(gce.firewalls.listAsync({ project: P_PROD }))))).toMatchObject({ code: 13 });
    expect(statuses()).toEqual([[500, 'INTERNAL']]);
  });

  it('matches faults on the region of regional and zonal calls', async () => {
    emu.configure({ faults: [{ region: 'europe-west1', kind: 'access-denied' }] });
    expect(described(await errorOf(collect(gce.regionSnapshots.listAsync({ project: P_PROD, region: 'europe-west1' }))))).toMatchObject({ code: 7 });
    expect(described(await errorOf(gce.regionDisks.getIamPolicy({ project: P_PROD, region: 'europe-west1', resource: 'db-regional' })))).toMatchObject({ code: 7 });
    expect(await gce.disks.getIamPolicy({ project: P_PROD, zone: 'us-central1-a', resource: 'web-data' })).toHaveLength(3);
    expect(await collect(gce.snapshots.listAsync({ project: P_PROD }))).toHaveLength(3);
  });

  it('hangs on a timeout fault, then answers a server error', async () => {
    emu.configure({ faults: [{ action: SNAPSHOTS_LIST, kind: 'timeout', delayMs: 300, times: 1 }] });
    const started = performance.now();
    const response = await rawRequest(emu, snapshotsPath(P_PROD));
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    expect(response.status).toBe(500);
    expect(response.json).toMatchObject({ error: { status: 'INTERNAL' } });
  });

  it('never faults a call that failed authentication', async () => {
    emu.configure({ faults: [{ kind: 'throttle' }] });
    const response = await rawRequest(emu, snapshotsPath(P_PROD), { token: 'ya29.unknown' });
    expect(response.status).toBe(401);
    expect(emu.calls().map((c) => [c.action, c.account, c.status, c.errorCode])).toEqual([[SNAPSHOTS_LIST, P_PROD, 401, 'UNAUTHENTICATED']]);
  });

  it('answers 404 for paths it does not serve and 501 for writes, neither of them faulted', async () => {
    emu.configure({ faults: [{ kind: 'server-error' }] });
    const networks = await rawRequest(emu, `/compute/v1/projects/${P_PROD}/global/networks`);
    expect(networks.status).toBe(404);
    expect((networks.json as { error: { message: string } }).error.message).toContain('is not served by the snapaudit emulator');
    expect((await rawRequest(emu, '/storage/v1/b')).status).toBe(404);
    emu.configure({ faults: [] });
    const write = await rawRequest(emu, snapshotsPath(P_PROD), { method: 'POST' });
    expect(write.status).toBe(501);
    expect(write.json).toMatchObject({ error: { status: 'UNIMPLEMENTED' } });
  });
});

describe('the rate limiter', () => {
  it('applies Compute’s per-project read quota (1500 burst, 25/s) when the knob is true', async () => {
    expect(GCP_COMPUTE_READ_RATE_LIMIT).toEqual({ burst: 1500, refillPerSecond: 25 });
    emu.configure({ rateLimit: true });
    const path = `/compute/v1/projects/${P_BULK}/regions`;
    const started = performance.now();
    let served = 0;
    let throttled: unknown[] = [];
    while (throttled.length === 0 && served < 5000) {
      const responses = await Promise.all(Array.from({ length: 100 }, () => rawRequest(emu, path)));
      served += responses.filter((r) => r.status === 200).length;
      throttled = responses.filter((r) => r.status === 429).map((r) => r.json);
    }
    // The burst, and no more than what refilled meanwhile.
    const elapsedSeconds = (performance.now() - started) / 1000;
    expect(throttled.length).toBeGreaterThan(0);
    expect(served).toBeGreaterThanOrEqual(1500);
    expect(served).toBeLessThanOrEqual(1500 + Math.ceil(25 * elapsedSeconds) + 1);
    const refused = emu.calls().find((c) => c.status === 429);
    expect(refused).toMatchObject({ account: P_BULK, errorCode: 'RESOURCE_EXHAUSTED' });
    expect(throttled[0]).toMatchObject({ error: { code: 429, status: 'RESOURCE_EXHAUSTED', message: expect.stringContaining(`for consumer 'project_number:${P_BULK_NUMBER}'`) } });
    // Another project has its own quota.
    expect((await rawRequest(emu, `/compute/v1/projects/${P_PROD}/regions`)).status).toBe(200);
  });

  it('shares one bucket among every Compute read of a project, and gives project search its own', async () => {
    expect(GCP_PROJECT_SEARCH_RATE_LIMIT).toEqual({ burst: 240, refillPerSecond: 4 });
    emu.configure({ rateLimit: { burst: 3, refillPerSecond: 0.001 } });
    expect(await collect(gce.snapshots.listAsync({ project: P_PROD }))).toHaveLength(3);
    expect(await collect(gce.images.listAsync({ project: P_PROD }))).toHaveLength(2);
    expect(await collect(gce.disks.aggregatedListAsync({ project: P_PROD }))).not.toHaveLength(0);
    expect(described(await errorOf(collect(gce.firewalls.listAsync({ project: P_PROD }))))).toMatchObject({ code: 8 });
    expect(await collect(gce.firewalls.listAsync({ project: P_BULK }))).toHaveLength(BULK_COUNTS.firewalls);
    const search = projectsClient(emu);
    for (let i = 0; i < 3; i++) expect(await collect(search.searchProjectsAsync({}))).toHaveLength(3);
    const refused = await errorOf(collect(search.searchProjectsAsync({})));
    expect(described(refused)).toMatchObject({ code: 8 });
    expect(refused.message).toContain("Quota exceeded for quota metric 'V3 API search requests'");
  });
});

describe('the call log', () => {
  it('logs the service, the IAM permission, the project, the region and the parameters, never the token', async () => {
    await collect(gce.snapshots.listAsync({ project: P_PROD_NUMBER }));
    await collect(gce.regionSnapshots.listAsync({ project: P_PROD, region: 'europe-west1' }));
    await gce.regionSnapshots.getIamPolicy({ project: P_PROD, region: 'europe-west1', resource: 'snap-regional', optionsRequestedPolicyVersion: 3 });
    await gce.disks.getIamPolicy({ project: P_PROD, zone: 'us-central1-a', resource: 'web-data', optionsRequestedPolicyVersion: 3 });
    await gce.regionDisks.getIamPolicy({ project: P_PROD, region: 'europe-west1', resource: 'db-regional' });
    await collect(gce.instances.aggregatedListAsync({ project: P_PROD }));
    await collect(gce.machineImages.listAsync({ project: P_PROD }));
    await collect(gce.regions.listAsync({ project: P_PROD }));
    await collect(projectsClient(emu).searchProjectsAsync({}));
    const calls = emu.calls();
    expect(calls.map((c) => [c.service, c.action, c.account, c.region])).toEqual([
      ['compute', 'compute.snapshots.list', P_PROD, 'global'],
      ['compute', 'compute.snapshots.list', P_PROD, 'europe-west1'],
      ['compute', 'compute.snapshots.getIamPolicy', P_PROD, 'europe-west1'],
      ['compute', 'compute.disks.getIamPolicy', P_PROD, 'us-central1'],
      ['compute', 'compute.disks.getIamPolicy', P_PROD, 'europe-west1'],
      ['compute', 'compute.instances.list', P_PROD, 'global'],
      ['compute', 'compute.machineImages.list', P_PROD, 'global'],
      ['compute', 'compute.regions.list', P_PROD, 'global'],
      ['cloudresourcemanager', 'resourcemanager.projects.get', undefined, 'global'],
    ]);
    expect(calls[0]?.params).toEqual({ project: P_PROD_NUMBER });
    expect(calls[3]?.params).toEqual({ project: P_PROD, zone: 'us-central1-a', resource: 'web-data', optionsRequestedPolicyVersion: '3' });
    expect(JSON.stringify(calls)).not.toContain(AUDITOR_TOKEN);
    const served = new Set(Object.values(GCP_ACTIONS).flat());
    expect(calls.every((c) => served.has(c.action))).toBe(true);
  });

  it('declares every permission its routes need in GCP_ACTIONS', () => {
    expect(GCP_ACTIONS).toEqual({
      compute: [
        'compute.snapshots.list',
        'compute.snapshots.getIamPolicy',
        'compute.regions.list',
        'compute.images.list',
        'compute.images.getIamPolicy',
        'compute.machineImages.list',
        'compute.machineImages.getIamPolicy',
        'compute.disks.list',
        'compute.disks.getIamPolicy',
        'compute.instances.list',
        'compute.firewalls.list',
      ],
      cloudresourcemanager: ['resourcemanager.projects.get', 'resourcemanager.projects.getIamPolicy'],
      iam: ['iam.roles.get', 'iam.serviceAccounts.list', 'iam.serviceAccountKeys.list'],
      logging: ['logging.sinks.list', 'logging.logEntries.list'],
    });
  });

  it('adds latency to every call', async () => {
    emu.configure({ latencyMs: 120 });
    const started = performance.now();
    await gce.images.getIamPolicy({ project: P_PROD, resource: 'img-golden' });
    expect(performance.now() - started).toBeGreaterThanOrEqual(110);
  });
});
