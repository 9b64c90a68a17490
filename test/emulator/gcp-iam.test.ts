// The emulator's Resource Manager project policy, IAM roles, service accounts and keys, and Logging
// sinks, as the real Resource Manager client and a plain fetch see them: shapes, paging, Google's
// errors, fault injection and the call log's actions.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import type { EstateInput } from '../../src/emulator/estate.js';
import { described, errorOf, projectsClient, rawRequest } from './gcp-fixtures.js';
import { rawHttp } from '../support/raw-http.js';

const P = 'acme-iam';
const P_NUMBER = '200000000001';
const P_COND = 'acme-conditional';
const TOKEN = 'ya29.iam-test-token-for-the-emulator';
const KEY_OLD = '1'.repeat(40);
const KEY_SYS = '2'.repeat(40);

function estate(): EstateInput {
  return {
    gcp: {
      tokens: [{ token: TOKEN, principal: 'auditor@acme-sec.iam.gserviceaccount.com', projects: [P, P_COND] }],
      projects: [
        {
          id: P,
          number: P_NUMBER,
          parent: 'organizations/123456789',
          iamPolicy: {
            bindings: [
              { role: 'roles/compute.storageAdmin', members: ['user:rob@gmail.com'] },
              { role: `projects/${P}/roles/snapshotter`, members: ['group:ops@acme.example'] },
            ],
            auditConfigs: [{ service: 'allServices', auditLogConfigs: [{ logType: 'ADMIN_READ', exemptedMembers: ['user:ci@acme.example'] }, { logType: 'DATA_READ' }] }],
          },
          customRoles: [
            { roleId: 'snapshotter', title: 'Snapshotter', includedPermissions: ['compute.snapshots.create', 'compute.disks.createSnapshot'] },
            { roleId: 'oldRole', includedPermissions: ['compute.snapshots.create'], deleted: true, stage: 'ALPHA' },
          ],
          serviceAccounts: [
            { accountId: 'etl-runner', displayName: 'ETL', keys: [{ id: KEY_OLD, createdAt: '2025-01-01T00:00:00.000Z' }, { id: KEY_SYS, createdAt: '2026-11-01T00:00:00.000Z', keyType: 'SYSTEM_MANAGED' }] },
            ...Array.from({ length: 4 }, (_, i) => ({ accountId: `worker-${i}-svc` })),
          ],
          sinks: [
            { name: '_Default', exclusions: [{ name: 'drop-snaps', filter: 'protoPayload.methodName:"snapshots"' }] },
            { name: 'to-siem', destination: 'pubsub.googleapis.com/projects/acme-sec/topics/audit', filter: 'logName:"cloudaudit.googleapis.com"' },
          ],
        },
        {
          id: P_COND,
          number: '200000000002',
          iamPolicy: { bindings: [{ role: 'roles/compute.storageAdmin', members: ['user:tmp@acme.example'], condition: { title: 'until March', expression: 'request.time < timestamp("2027-03-01T00:00:00Z")' } }] },
        },
      ],
    },
  };
}

let emu: RunningEmulator;

beforeAll(async () => {
  emu = await startEmulator({ estate: estate() });
});
afterAll(async () => {
  await emu.close();
});

const get = (path: string, token: string | null = TOKEN) => rawRequest(emu, path, { token });

describe('Resource Manager v3 getIamPolicy', () => {
  it('answers the real client with bindings and audit configs (numeric enums), version 1 without conditions', async () => {
    const client = projectsClient(emu, { token: TOKEN });
    try {
      const [policy] = await client.getIamPolicy({ resource: `projects/${P}`, options: { requestedPolicyVersion: 3 } });
      expect(policy.version).toBe(1);
      expect(policy.bindings?.map((b) => [b.role, b.members])).toEqual([
        ['roles/compute.storageAdmin', ['user:rob@gmail.com']],
        [`projects/${P}/roles/snapshotter`, ['group:ops@acme.example']],
      ]);
      const logs = policy.auditConfigs?.[0]?.auditLogConfigs ?? [];
      expect(policy.auditConfigs?.[0]?.service).toBe('allServices');
      expect(logs.map((l) => String(l.logType))).toEqual([expect.stringMatching(/^(ADMIN_READ|1)$/), expect.stringMatching(/^(DATA_READ|3)$/)]);
      expect(logs[0]?.exemptedMembers).toEqual(['user:ci@acme.example']);
      const [conditional] = await client.getIamPolicy({ resource: `projects/${P_COND}`, options: { requestedPolicyVersion: 3 } });
      expect(conditional.version).toBe(3);
      expect(conditional.bindings?.[0]?.condition?.title).toBe('until March');
      // A conditional policy read at a lower version is refused, as Google refuses it.
      const refused = await errorOf(client.getIamPolicy({ resource: `projects/${P_COND}`, options: { requestedPolicyVersion: 1 } }));
      expect(described(refused)).toMatchObject({ code: 3 });
      // By number, as the client may name it.
      const [byNumber] = await client.getIamPolicy({ resource: `projects/${P_NUMBER}`, options: { requestedPolicyVersion: 3 } });
      expect(byNumber.bindings?.length).toBe(2);
    } finally {
      await client.close();
    }
  });

  it('is POST only, denied to a token that cannot see the project, and logged under its permission', async () => {
    emu.resetCalls();
    expect((await get(`/v3/projects/${P}:getIamPolicy`)).status).toBe(501);
    const other = await rawHttp(new URL(`/v3/projects/someone-else:getIamPolicy`, emu.gcpUrl), { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: '{}' });
    expect(other.status).toBe(403);
    expect(other.json).toMatchObject({ error: { code: 403, status: 'PERMISSION_DENIED', message: 'The caller does not have permission' } });
    expect(emu.calls().map((c) => [c.service, c.action, c.status])).toEqual([
      ['cloudresourcemanager', 'resourcemanager.projects.getIamPolicy', 501],
      ['cloudresourcemanager', 'resourcemanager.projects.getIamPolicy', 403],
    ]);
  });

  it('shows the parent in project search', async () => {
    const client = projectsClient(emu, { token: TOKEN });
    try {
      const [projects] = await client.searchProjects({}, { autoPaginate: false });
      expect(projects.find((p) => p.projectId === P)?.parent).toBe('organizations/123456789');
      expect(projects.find((p) => p.projectId === P_COND)?.parent ?? '').toBe('');
    } finally {
      await client.close();
    }
  });
});

describe('IAM v1', () => {
  it('answers predefined roles with their permissions, and 404 for a role it does not know', async () => {
    const admin = await get('/v1/roles/compute.storageAdmin');
    expect(admin.status).toBe(200);
    const body = admin.json as { name: string; includedPermissions: string[]; stage: string };
    expect(body).toMatchObject({ name: 'roles/compute.storageAdmin', stage: 'GA', title: 'Compute Storage Admin' });
    expect(body.includedPermissions).toEqual(expect.arrayContaining(['compute.snapshots.create', 'compute.snapshots.setIamPolicy', 'compute.snapshots.useReadOnly', 'compute.disks.createSnapshot']));
    expect(body.includedPermissions).not.toContain('compute.machineImages.setIamPolicy');
    const editor = (await get('/v1/roles/editor')).json as { includedPermissions: string[] };
    expect(editor.includedPermissions.filter((p) => p.endsWith('.setIamPolicy'))).toEqual([]);
    const missing = await get('/v1/roles/compute.madeUp');
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual({ error: { code: 404, message: 'The role named roles/compute.madeUp was not found.', status: 'NOT_FOUND' } });
  });

  it("answers a project's custom roles, a deleted one marked, an ALPHA stage left out", async () => {
    expect((await get(`/v1/projects/${P}/roles/snapshotter`)).json).toEqual({
      name: `projects/${P}/roles/snapshotter`,
      title: 'Snapshotter',
      includedPermissions: ['compute.disks.createSnapshot', 'compute.snapshots.create'],
      stage: 'GA',
      etag: 'BwYC0STOM=',
    });
    expect((await get(`/v1/projects/${P}/roles/oldRole`)).json).toEqual({ name: `projects/${P}/roles/oldRole`, title: 'oldRole', includedPermissions: ['compute.snapshots.create'], etag: 'BwYC0STOM=', deleted: true });
  });

  it('pages service accounts 20 by default, 100 at most, and by the page cap', async () => {
    emu.configure({ pageCap: 2 });
    try {
      const emails: string[] = [];
      let token: string | undefined;
      let pages = 0;
      do {
        const answer = (await get(`/v1/projects/${P}/serviceAccounts?pageSize=100${token ? `&pageToken=${token}` : ''}`)).json as { accounts: Array<{ email: string; projectId: string; uniqueId: string }>; nextPageToken?: string };
        emails.push(...answer.accounts.map((a) => a.email));
        token = answer.nextPageToken;
        pages += 1;
      } while (token);
      expect(pages).toBe(3);
      expect(emails[0]).toBe(`etl-runner@${P}.iam.gserviceaccount.com`);
      expect(emails).toHaveLength(5);
    } finally {
      emu.configure({ pageCap: undefined });
    }
    const bad = await get(`/v1/projects/${P}/serviceAccounts?pageToken=not-a-token`);
    expect(bad.status).toBe(400);
  });

  it('lists keys by type, with validity times and no key material', async () => {
    const account = `etl-runner@${P}.iam.gserviceaccount.com`;
    const user = (await get(`/v1/projects/${P}/serviceAccounts/${account}/keys?keyTypes=USER_MANAGED`)).json as { keys: Array<Record<string, unknown>> };
    expect(user.keys).toEqual([
      {
        name: `projects/${P}/serviceAccounts/${account}/keys/${KEY_OLD}`,
        validAfterTime: '2025-01-01T00:00:00Z',
        validBeforeTime: '2035-01-01T00:00:00Z',
        keyAlgorithm: 'KEY_ALG_RSA_2048',
        keyOrigin: 'GOOGLE_PROVIDED',
        keyType: 'USER_MANAGED',
      },
    ]);
    const all = (await get(`/v1/projects/${P}/serviceAccounts/${account}/keys`)).json as { keys: unknown[] };
    expect(all.keys).toHaveLength(2);
    expect(JSON.stringify(all)).not.toMatch(/privateKeyData|publicKeyData/);
    expect((await get(`/v1/projects/${P}/serviceAccounts/nobody@${P}.iam.gserviceaccount.com/keys`)).status).toBe(404);
    expect((await get(`/v1/projects/${P}/serviceAccounts/${account}/keys?keyTypes=BOGUS`)).status).toBe(400);
  });

  it("denies with IAM's words, and injects faults by permission", async () => {
    emu.resetCalls();
    const denied = await get('/v1/projects/someone-else/serviceAccounts');
    expect(denied.status).toBe(403);
    expect(denied.json).toEqual({
      error: {
        code: 403,
        message: "Permission 'iam.serviceAccounts.list' denied on resource (or it may not exist).",
        status: 'PERMISSION_DENIED',
        details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'IAM_PERMISSION_DENIED', domain: 'iam.googleapis.com', metadata: { permission: 'iam.serviceAccounts.list', resource: 'projects/someone-else' } }],
      },
    });
    emu.configure({ faults: [{ action: 'iam.serviceAccountKeys.list', kind: 'throttle', times: 1 }, { action: 'iam.roles.get', params: { role: 'roles/editor' }, kind: 'unavailable' }] });
    try {
      const account = `etl-runner@${P}.iam.gserviceaccount.com`;
      expect((await get(`/v1/projects/${P}/serviceAccounts/${account}/keys`)).status).toBe(429);
      expect((await get(`/v1/projects/${P}/serviceAccounts/${account}/keys`)).status).toBe(200);
      expect((await get('/v1/roles/editor')).status).toBe(503);
      expect((await get('/v1/roles/viewer')).status).toBe(200);
    } finally {
      emu.configure({ faults: [] });
    }
    expect(emu.calls().map((c) => [c.service, c.action, c.account, c.status])).toEqual([
      ['iam', 'iam.serviceAccounts.list', 'someone-else', 403],
      ['iam', 'iam.serviceAccountKeys.list', P, 429],
      ['iam', 'iam.serviceAccountKeys.list', P, 200],
      ['iam', 'iam.roles.get', undefined, 503],
      ['iam', 'iam.roles.get', undefined, 200],
    ]);
    expect((await get('/v1/roles/viewer', null)).status).toBe(401);
  });
});

describe('Logging v2 sinks', () => {
  it('lists _Required and _Default with Google filters, the estate sinks and exclusions, paged', async () => {
    const answer = (await get(`/v2/projects/${P}/sinks`)).json as { sinks: Array<Record<string, unknown>> };
    expect(answer.sinks.map((s) => s['name'])).toEqual(['_Required', '_Default', 'to-siem']);
    expect(answer.sinks[0]).toMatchObject({ destination: `logging.googleapis.com/projects/${P}/locations/global/buckets/_Required`, filter: expect.stringContaining('LOG_ID("cloudaudit.googleapis.com/activity") OR') });
    expect(answer.sinks[1]).toMatchObject({ filter: expect.stringContaining('NOT LOG_ID("cloudaudit.googleapis.com/activity") AND'), exclusions: [expect.objectContaining({ name: 'drop-snaps', filter: 'protoPayload.methodName:"snapshots"' })] });
    expect(answer.sinks[2]).toMatchObject({ destination: 'pubsub.googleapis.com/projects/acme-sec/topics/audit', writerIdentity: `serviceAccount:service-${P_NUMBER}@gcp-sa-logging.iam.gserviceaccount.com` });
    const first = (await get(`/v2/projects/${P}/sinks?pageSize=2`)).json as { sinks: unknown[]; nextPageToken: string };
    expect(first.sinks).toHaveLength(2);
    const second = (await get(`/v2/projects/${P}/sinks?pageSize=2&pageToken=${first.nextPageToken}`)).json as { sinks: unknown[]; nextPageToken?: string };
    expect(second.sinks).toHaveLength(1);
    expect(second.nextPageToken).toBeUndefined();
  });

  it('refuses filters it does not serve, and denies in Logging\'s words', async () => {
    expect((await get(`/v2/projects/${P}/sinks?filter=${encodeURIComponent('in_scope("ALL")')}`)).status).toBe(400);
    const denied = await get('/v2/projects/someone-else/sinks');
    expect(denied.status).toBe(403);
    expect(denied.json).toMatchObject({ error: { status: 'PERMISSION_DENIED', message: "Permission 'logging.sinks.list' denied on resource (or it may not exist)." } });
    expect((await get(`/v2/projects/${P}/logs`)).status).toBe(404);
  });
});

describe('the estate', () => {
  it('refuses a change to the _Required sink and an identity named twice', async () => {
    const base = estate();
    const withProject = (extra: Record<string, unknown>): unknown => ({ gcp: { ...base.gcp, projects: [{ id: 'p-valid', number: '123456', ...extra }] } });
    await expect(startEmulator({ estate: withProject({ sinks: [{ name: '_Required', exclusions: [{ name: 'x', filter: 'severity<ERROR' }] }] }) })).rejects.toThrow(/cannot change the _Required sink/);
    await expect(startEmulator({ estate: withProject({ serviceAccounts: [{ accountId: 'twice-over' }, { accountId: 'twice-over' }] }) })).rejects.toThrow(/service account twice-over of project p-valid appears twice/);
  });
});
