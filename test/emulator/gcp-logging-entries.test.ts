// Logging's entries.list through the provider's own request code (its authorized fetch: token,
// pacing, retries): one project, the filter read narrowly (logName, LOG_ID, timestamp, methodName
// by `=` and `:` with OR lists) and anything else refused with 400, ordering, paging with
// pageToken, the quota answer, PERMISSION_DENIED and the call log; and the demo's chain.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { DEMO_GCP_TOKEN, DEMO_PROJECT, DEMO_ESTATE } from '../../src/emulator/demo-estate.js';
import { DEMO_GCP_CHAIN } from '../../src/emulator/demo-gcp.js';
import type { EstateInput } from '../../src/emulator/estate.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { Pacer } from '../../src/pacer.js';
import { createGcpClients, type GcpClients, type RestError } from '../../providers/gcp/clients.js';
import { auditFilter } from '../../providers/gcp/log-pull.js';
import { rejectionOf } from './fixtures.js';

const PROJECT = 'acme-logs-test';
const OTHER = 'acme-logs-other';
const TOKEN = 'ya29.logging-test-token';
const NOW = Date.now();
const ENTRIES = 130;
const ACTIVITY = `projects/${PROJECT}/logs/cloudaudit.googleapis.com%2Factivity`;
const DATA_ACCESS = `projects/${PROJECT}/logs/cloudaudit.googleapis.com%2Fdata_access`;
const methods = ['v1.compute.snapshots.insert', 'v1.compute.snapshots.setIamPolicy', 'beta.compute.disks.insert', 'v1.compute.instances.list'];

const at = (minutesAgo: number): string => new Date(NOW - minutesAgo * 60_000).toISOString();

function estate(): EstateInput {
  return {
    gcp: {
      tokens: [{ token: TOKEN, principal: 'serviceAccount:auditor@acme-logs-test.iam.gserviceaccount.com', projects: [PROJECT] }],
      projects: [
        {
          id: PROJECT,
          number: '200000000001',
          auditLog: Array.from({ length: ENTRIES }, (_, i) => ({
            insertId: `entry-${String(i).padStart(4, '0')}`,
            logName: i % 10 === 9 ? DATA_ACCESS : ACTIVITY,
            timestamp: at(i + 1),
            resource: { type: 'gce_snapshot', labels: { project_id: PROJECT } },
            protoPayload: { '@type': 'type.googleapis.com/google.cloud.audit.AuditLog', serviceName: 'compute.googleapis.com', methodName: methods[i % 4], resourceName: `projects/${PROJECT}/global/snapshots/s${i}` },
          })),
        },
        { id: OTHER, number: '200000000002' },
      ],
    },
  };
}

let emu: RunningEmulator;
let demo: RunningEmulator;
const opened: GcpClients[] = [];

beforeAll(async () => {
  [emu, demo] = await Promise.all([startEmulator({ estate: estate() }), startEmulator({ estate: DEMO_ESTATE })]);
});

afterEach(() => {
  emu.configure({ faults: [], rateLimit: false, pageCap: undefined });
  emu.resetCalls();
});

afterAll(async () => {
  await Promise.all(opened.map((c) => c.close()));
  await Promise.all([emu.close(), demo.close()]);
});

function clients(on: RunningEmulator = emu, token = TOKEN, maxRetries = 0): GcpClients {
  const gcp = { ...parseConfig({}, 'test').gcp, computeUrl: on.gcpUrl, accessToken: token, maxRetries };
  const made = createGcpClients(gcp, new Pacer({ concurrency: 4 }));
  opened.push(made);
  return made;
}

interface Page {
  entries?: Array<{ insertId: string; timestamp: string; logName: string; protoPayload?: { methodName?: string } }>;
  nextPageToken?: string;
}

async function list(c: GcpClients, body: Record<string, unknown>): Promise<Page> {
  return (await c.postJson(new URL('v2/entries:list', c.loggingRoot), { resourceNames: [`projects/${PROJECT}`], ...body })) as Page;
}

async function all(c: GcpClients, body: Record<string, unknown>): Promise<NonNullable<Page['entries']>> {
  const out: NonNullable<Page['entries']> = [];
  let pageToken: string | undefined;
  do {
    const page = await list(c, { ...body, ...(pageToken ? { pageToken } : {}) });
    out.push(...(page.entries ?? []));
    pageToken = page.nextPageToken;
  } while (pageToken);
  return out;
}

describe('entries.list', () => {
  it('pages 50 entries at a time by default, oldest first, through every entry', async () => {
    const c = clients();
    const first = await list(c, {});
    expect(first.entries).toHaveLength(50);
    expect(first.nextPageToken).toBeTruthy();
    const entries = await all(c, { pageSize: 40 });
    expect(entries).toHaveLength(ENTRIES);
    const times = entries.map((e) => Date.parse(e.timestamp));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    const newest = await list(c, { orderBy: 'timestamp desc', pageSize: 1 });
    expect(newest.entries?.[0]?.insertId).toBe('entry-0000');
  });

  it('reads logName, LOG_ID, timestamp ranges and methodName by = and by : with OR lists', async () => {
    const c = clients();
    expect(await all(c, { filter: `logName="${ACTIVITY}"` })).toHaveLength(117);
    expect(await all(c, { filter: 'LOG_ID("cloudaudit.googleapis.com/data_access")' })).toHaveLength(13);
    expect(await all(c, { filter: `timestamp>="${at(20.5)}" AND timestamp<="${at(10.5)}"` })).toHaveLength(10);
    expect(await all(c, { filter: 'protoPayload.methodName="v1.compute.snapshots.insert"' })).toHaveLength(33);
    expect(await all(c, { filter: 'protoPayload.methodName:("compute.snapshots.setIamPolicy" OR "compute.disks.insert")' })).toHaveLength(65);
    const window = { since: new Date(NOW - 30.5 * 60_000), until: new Date(NOW) };
    const pulled = await all(c, { filter: auditFilter(PROJECT, window) });
    // 30 in the window, less the data-access ones (3) and the instances.list reads (7, one of them a data-access one).
    expect(pulled.every((e) => e.logName === ACTIVITY && e.protoPayload?.methodName !== 'v1.compute.instances.list')).toBe(true);
    expect(pulled).toHaveLength(21);
  });

  it('refuses a filter term it does not read, rather than ignoring it', async () => {
    const c = clients();
    for (const filter of ['severity>=ERROR', 'protoPayload.methodName="a" OR protoPayload.methodName="b"', 'timestamp>="not a time"', 'logName="unterminated']) {
      const error = await rejectionOf<RestError>(list(c, { filter }));
      expect(error.status, filter).toBe(400);
      expect(error.message, filter).toMatch(/INVALID_ARGUMENT/);
    }
  });

  it('refuses a page token replayed with another filter, and honours the page cap', async () => {
    const c = clients();
    const first = await list(c, { pageSize: 5 });
    const replay = await rejectionOf<RestError>(list(c, { pageSize: 5, pageToken: first.nextPageToken, filter: 'LOG_ID("cloudaudit.googleapis.com/activity")' }));
    expect(replay.status).toBe(400);
    emu.configure({ pageCap: 7 });
    expect((await list(c, { pageSize: 1000 })).entries).toHaveLength(7);
  });

  it('denies a project the token cannot see, and a project-level fault, with PERMISSION_DENIED naming logging.logEntries.list', async () => {
    const c = clients();
    const other = await rejectionOf<RestError>(c.postJson(new URL('v2/entries:list', c.loggingRoot), { resourceNames: [`projects/${OTHER}`] }));
    expect(other.status).toBe(403);
    emu.configure({ faults: [{ service: 'logging', action: 'logging.logEntries.list', account: PROJECT, kind: 'access-denied' }] });
    const denied = await rejectionOf<RestError>(list(c, {}));
    expect(denied.code).toBe(7);
    expect(denied.message).toContain('logging.logEntries.list');
    expect(emu.calls().map((call) => [call.service, call.action, call.account, call.errorCode])).toEqual([
      ['logging', 'logging.logEntries.list', OTHER, 'PERMISSION_DENIED'],
      ['logging', 'logging.logEntries.list', PROJECT, 'PERMISSION_DENIED'],
    ]);
  });

  it('answers the quota with 429, which the client retries, counting the throttle', async () => {
    emu.configure({ faults: [{ service: 'logging', action: 'logging.logEntries.list', kind: 'throttle', times: 1 }] });
    const pacer = new Pacer({ concurrency: 2, sleep: () => Promise.resolve() });
    const gcp = { ...parseConfig({}, 'test').gcp, computeUrl: emu.gcpUrl, accessToken: TOKEN, maxRetries: 2 };
    const c = createGcpClients(gcp, pacer);
    opened.push(c);
    expect((await list(c, { pageSize: 1 })).entries).toHaveLength(1);
    expect(pacer.stats().throttled['logging.logEntries.list']).toBe(1);
    expect(emu.calls().map((call) => call.status)).toEqual([429, 200]);
  });

  it('meters entries.list at 60 a minute per project when the rate limit knob is on', async () => {
    emu.configure({ rateLimit: true });
    // The client's own pacing would keep under the quota; on a virtual clock it sends at once.
    let clock = 0;
    const pacer = new Pacer({ concurrency: 64, now: () => clock, sleep: (ms) => Promise.resolve(void (clock += ms)) });
    const c = createGcpClients({ ...parseConfig({}, 'test').gcp, computeUrl: emu.gcpUrl, accessToken: TOKEN, maxRetries: 0 }, pacer);
    opened.push(c);
    const answers = await Promise.allSettled(Array.from({ length: 62 }, () => list(c, { pageSize: 1 })));
    expect(answers.filter((a) => a.status === 'rejected').length).toBeGreaterThanOrEqual(1);
    expect(emu.calls().filter((call) => call.status === 429).every((call) => call.action === 'logging.logEntries.list')).toBe(true);
  });
});

describe("the demo's audit log", () => {
  it('holds the chain, made with the ETL key, on the exposed resources', async () => {
    const c = clients(demo, DEMO_GCP_TOKEN);
    const url = new URL('v2/entries:list', c.loggingRoot);
    const window = { since: new Date(Date.now() - 72 * 3_600_000), until: new Date() };
    const page = (await c.postJson(url, { resourceNames: [`projects/${DEMO_PROJECT}`], filter: auditFilter(DEMO_PROJECT, window), orderBy: 'timestamp asc' })) as { entries: Array<{ protoPayload: { methodName: string; resourceName: string; authenticationInfo: { principalEmail: string; serviceAccountKeyName?: string } } }> };
    const chain = page.entries.filter((e) => e.protoPayload.authenticationInfo.principalEmail === DEMO_GCP_CHAIN.principal);
    expect(chain.map((e) => e.protoPayload.methodName)).toEqual([...DEMO_GCP_CHAIN.methods]);
    expect(chain.map((e) => e.protoPayload.resourceName)).toEqual([DEMO_GCP_CHAIN.snapshot, DEMO_GCP_CHAIN.snapshot, DEMO_GCP_CHAIN.disk, DEMO_GCP_CHAIN.instance, DEMO_GCP_CHAIN.firewall]);
    expect(chain.every((e) => e.protoPayload.authenticationInfo.serviceAccountKeyName === DEMO_GCP_CHAIN.keyName)).toBe(true);
    expect(page.entries).toHaveLength(7);
  });
});
