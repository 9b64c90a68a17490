// The GCP provider end to end: the real Google clients (Compute Engine v1, Resource Manager v3)
// over their REST transport against the emulator, through paging, aggregated lists, throttling,
// unavailability, access denied on one listing and on a whole project.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CHECKS } from '../../src/checks/index.js';
import { runChecks } from '../../src/checks/run.js';
import { parseConfig } from '../../src/config.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { isUnknown, type Inventory } from '../../src/model.js';
import { Pacer } from '../../src/pacer.js';
import type { ScanScope } from '../../src/provider.js';
import { createTrustResolver } from '../../src/trust.js';
import { gcpProvider } from '../../providers/gcp/index.js';
import { GCP_PERMISSIONS } from '../../providers/gcp/permissions.js';
import { AUDITOR_TOKEN, BULK_COUNTS, gcpTestEstate, OTHER_TOKEN, P_BULK, P_GHOST, P_OLD, P_PROD } from '../emulator/gcp-fixtures.js';

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ estate: gcpTestEstate() });
});
afterAll(async () => {
  await emulator.close();
});
afterEach(() => {
  emulator.configure({ faults: [], pageCap: undefined });
  emulator.resetCalls();
});

function scope(overrides: Partial<ScanScope['gcp']> = {}): ScanScope {
  const config = parseConfig({}, 'test');
  return {
    concurrency: 8,
    trust: createTrustResolver([]),
    aws: config.aws,
    azure: config.azure,
    gcp: {
      ...config.gcp,
      maxRetries: 3,
      internalDomains: ['acme.example'],
      computeUrl: emulator.gcpUrl!,
      resourceManagerUrl: emulator.gcpUrl!,
      accessToken: AUDITOR_TOKEN,
      ...overrides,
    },
  };
}

async function collect(s: ScanScope = scope()): Promise<{ inventory: Inventory; pacer: Pacer }> {
  const pacer = new Pacer({ concurrency: s.concurrency });
  const inventory = await gcpProvider.collect(s, { pacer, progress: () => undefined });
  return { inventory, pacer };
}

const byName = <T extends { name?: string }>(items: readonly T[], name: string): T => {
  const found = items.find((i) => i.name === name);
  if (!found) throw new Error(`${name} not collected`);
  return found;
};

const gaps = (inventory: Inventory) => inventory.coverage.filter((c) => c.status !== 'ok');

describe('GCP provider against the emulator', () => {
  it('reads every active project the token can search, across short pages and aggregated lists', async () => {
    emulator.configure({ pageCap: 4 });
    const { inventory } = await collect();
    expect(inventory.accounts.map((a) => [a.id, a.name])).toEqual([
      [P_PROD, 'ACME production'],
      [P_BULK, P_BULK],
    ]);
    const inBulk = <T extends { account: string }>(items: readonly T[]) => items.filter((i) => i.account === P_BULK);
    expect(inBulk(inventory.snapshots)).toHaveLength(BULK_COUNTS.snapshots);
    expect(inBulk(inventory.disks)).toHaveLength(BULK_COUNTS.disks);
    expect(inBulk(inventory.instances)).toHaveLength(BULK_COUNTS.instances);
    expect(inBulk(inventory.images)).toHaveLength(BULK_COUNTS.images);
    const snapshotPages = emulator.calls().filter((c) => c.action === 'compute.snapshots.list' && c.account === P_BULK && c.params['region'] === undefined && c.region === 'global');
    expect(snapshotPages.length).toBe(Math.ceil(BULK_COUNTS.snapshots / 4));
    // Pages of 500 are asked for; the emulator's cap of 4 is what splits them here.
    expect(new Set(snapshotPages.map((c) => c.params['maxResults']))).toEqual(new Set(['500']));
    // The project being deleted is skipped, and says so.
    expect(gaps(inventory)).toEqual([expect.objectContaining({ status: 'skipped', detail: expect.stringContaining(`project ${P_OLD} is`) })]);
  });

  it('maps IAM sharing, regional snapshots, disk origins and firewall exposure as Compute reports them', async () => {
    const { inventory } = await collect(scope({ projects: [P_PROD] }));
    expect(inventory.accounts.map((a) => a.id)).toEqual([P_PROD]);
    const snap = byName(inventory.snapshots, 'snap-public');
    expect(snap.id).toBe(`projects/${P_PROD}/global/snapshots/snap-public`);
    expect(snap.sharing).toEqual([
      { kind: 'public', principal: 'allUsers', role: 'roles/compute.storageAdmin' },
      expect.objectContaining({ kind: 'account', principal: 'user:alice@acme.example', trust: 'internal' }),
    ]);
    const regional = byName(inventory.snapshots, 'snap-regional');
    expect(regional.region).toBe('europe-west1');
    expect(regional.sharing).toEqual([{ kind: 'public', principal: 'allAuthenticatedUsers', role: 'roles/compute.storageAdmin' }]);
    expect(byName(inventory.snapshots, 'snap-cmek').encryption).toMatchObject({ keyKind: 'customer' });
    expect(byName(inventory.snapshots, 'snap-cmek').sharing).toContainEqual(expect.objectContaining({ principal: 'user:bob@partner.example', trust: 'external' }));
    expect(byName(inventory.images, 'mi-web').type).toBe('compute.googleapis.com/MachineImage');
    expect(byName(inventory.disks, 'db-regional').region).toBe('europe-west1');
    expect(byName(inventory.disks, 'db-regional').sharing).toEqual([expect.objectContaining({ principal: 'group:dba@acme.example', trust: 'internal' })]);

    const web = byName(inventory.instances, 'web-1');
    expect(web.publicAddresses).toContain('203.0.113.10');
    expect(web.disks.find((d) => d.device === 'data')?.origin).toEqual({ kind: 'snapshot', snapshotId: `projects/${P_PROD}/global/snapshots/snap-public`, snapshotOwner: 'own' });
    expect(web.internetIngress).toContainEqual(expect.objectContaining({ protocol: 'tcp', ports: { from: 22, to: 22 }, address: '203.0.113.10' }));
    // The disabled RDP rule lets nothing in.
    expect(isUnknown(web.internetIngress) ? [] : web.internetIngress.filter((p) => p.ports.from <= 3389 && p.ports.to >= 3389 && p.via.some((r) => r.id.includes('rdp')))).toEqual([]);
    expect(byName(inventory.instances, 'batch-1').state).toBe('stopped');

    const results = runChecks(CHECKS, inventory).results;
    const status = (checkId: string, name: string): string | undefined => results.find((r) => r.checkId === checkId && r.resource.name === name)?.status;
    expect(status('gcp-snapshot-public', 'snap-public')).toBe('fail');
    expect(status('gcp-snapshot-public', 'snap-regional')).toBe('fail');
    expect(status('gcp-snapshot-public', 'snap-empty-policy')).toBe('pass');
    expect(status('gcp-disk-public', 'web-data')).toBe('fail');
    expect(status('gcp-image-public', 'img-golden')).toBe('fail');
    expect(status('gcp-instance-from-snapshot-exposed', 'web-1')).toBe('fail');
    expect(gaps(inventory)).toEqual([]);
  });

  it('retries quota errors and unavailability itself, losing nothing', async () => {
    emulator.configure({
      faults: [
        { action: 'compute.snapshots.list', account: P_BULK, kind: 'throttle', times: 2 },
        { action: 'compute.disks.list', account: P_BULK, kind: 'unavailable', times: 1 },
        { action: 'compute.snapshots.getIamPolicy', account: P_BULK, kind: 'server-error', times: 1 },
      ],
    });
    const { inventory, pacer } = await collect(scope({ projects: [P_BULK] }));
    expect(inventory.snapshots).toHaveLength(BULK_COUNTS.snapshots);
    expect(inventory.disks).toHaveLength(BULK_COUNTS.disks);
    expect(emulator.calls().filter((c) => c.status === 429)).toHaveLength(2);
    expect(emulator.calls().filter((c) => c.status === 503)).toHaveLength(1);
    expect(emulator.calls().filter((c) => c.status === 500)).toHaveLength(1);
    expect(pacer.stats().throttled['compute.snapshots.list']).toBe(2);
    expect(gaps(inventory)).toEqual([]);
  });

  it('gives up after its retries: the listing is unknown, and its coverage line says why', async () => {
    emulator.configure({ faults: [{ action: 'compute.images.list', account: P_BULK, kind: 'throttle' }] });
    const { inventory } = await collect(scope({ projects: [P_BULK], maxRetries: 1 }));
    expect(inventory.images).toEqual([]);
    expect(inventory.snapshots).toHaveLength(BULK_COUNTS.snapshots);
    expect(gaps(inventory)).toEqual([expect.objectContaining({ status: 'error', action: 'compute.images.list', detail: expect.stringMatching(/RESOURCE_EXHAUSTED|throttled/) })]);
    expect(emulator.calls().filter((c) => c.action === 'compute.images.list')).toHaveLength(2);
  });

  it('turns a denied listing into unknown plus coverage, and goes on with the rest', async () => {
    emulator.configure({ faults: [{ action: 'compute.firewalls.list', kind: 'access-denied' }] });
    const { inventory } = await collect(scope({ projects: [P_PROD] }));
    const web = byName(inventory.instances, 'web-1');
    expect(isUnknown(web.internetIngress)).toBe(true);
    expect(gaps(inventory)).toEqual([expect.objectContaining({ status: 'denied', action: 'compute.firewalls.list', account: P_PROD })]);
    const result = runChecks(CHECKS, inventory).results.find((r) => r.checkId === 'gcp-instance-from-snapshot-exposed' && r.resource.name === 'web-1');
    expect(result?.status).toBe('unknown');
  });

  it('marks a policy it cannot read as unknown sharing, never as private', async () => {
    emulator.configure({ faults: [{ action: 'compute.snapshots.getIamPolicy', params: { resource: 'snap-public' }, kind: 'access-denied' }] });
    const { inventory } = await collect(scope({ projects: [P_PROD] }));
    expect(isUnknown(byName(inventory.snapshots, 'snap-public').sharing)).toBe(true);
    expect(gaps(inventory)).toEqual([expect.objectContaining({ status: 'denied', action: 'compute.snapshots.getIamPolicy', affected: 1, sample: [`projects/${P_PROD}/global/snapshots/snap-public`] })]);
    const result = runChecks(CHECKS, inventory).results.find((r) => r.checkId === 'gcp-snapshot-public' && r.resource.name === 'snap-public');
    expect(result?.status).toBe('unknown');
  });

  it('reports a project it cannot read as unreachable and scans the others', async () => {
    const { inventory } = await collect(scope({ projects: [P_PROD, P_GHOST] }));
    const ghost = inventory.accounts.find((a) => a.id === P_GHOST);
    expect(ghost?.unreachable).toBeDefined();
    expect(inventory.accounts.find((a) => a.id === P_PROD)?.unreachable).toBeUndefined();
    expect(inventory.snapshots.some((s) => s.account === P_PROD)).toBe(true);
  });

  it('reports a token that cannot search projects as a coverage gap, not a crash', async () => {
    const { inventory } = await collect(scope({ accessToken: 'ya29.not-a-token-the-emulator-knows' }));
    expect(inventory.accounts).toEqual([]);
    const lines = gaps(inventory);
    expect(lines).toEqual([expect.objectContaining({ status: 'denied', action: 'resourcemanager.projects.get' })]);
    expect(JSON.stringify(lines)).not.toContain('not-a-token');
  });

  it('sees only what its token may: another identity scans another project', async () => {
    const { inventory } = await collect(scope({ accessToken: OTHER_TOKEN }));
    expect(inventory.accounts.map((a) => a.id)).toEqual(['someone-else']);
  });

  it('performs only calls its custom role grants, and counts every one', async () => {
    const { pacer } = await collect();
    const served = new Set(emulator.calls().map((c) => c.action));
    expect(served.size).toBeGreaterThanOrEqual(10);
    for (const action of served) expect(GCP_PERMISSIONS).toContain(action);
    const counted = pacer.stats().calls;
    expect(Object.values(counted).reduce((a, b) => a + b, 0)).toBe(emulator.calls().length);
    for (const action of Object.keys(counted)) expect(GCP_PERMISSIONS).toContain(action);
  });
});
