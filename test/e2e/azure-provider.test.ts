// The Azure provider end to end: the real Azure SDK clients (compute, network, subscriptions) over
// HTTPS against the emulator, through paging, throttling with and without Retry-After, access
// denied on a resource type and on a whole subscription.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CHECKS } from '../../src/checks/index.js';
import { runChecks } from '../../src/checks/run.js';
import { parseConfig } from '../../src/config.js';
import { DEMO_AZURE_ESTATE, DEMO_AZURE_PRINCIPAL, DEMO_SUBSCRIPTION } from '../../src/emulator/demo-azure.js';
import { azureId, type EstateInput } from '../../src/emulator/estate.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { isUnknown, type Inventory } from '../../src/model.js';
import { Pacer } from '../../src/pacer.js';
import type { ScanScope } from '../../src/provider.js';
import { createTrustResolver } from '../../src/trust.js';
import { azureProvider } from '../../providers/azure/index.js';
import { AZURE_ACTIONS } from '../../providers/azure/permissions.js';

const DEV = 'de000000-0000-4000-8000-000000000002';
const TOKEN = 'test-static-token';
const SNAPSHOTS_IN_DEV = 27;

function estate(): EstateInput {
  return {
    azure: {
      ...DEMO_AZURE_ESTATE,
      principals: [{ ...DEMO_AZURE_PRINCIPAL, subscriptions: [DEMO_SUBSCRIPTION, DEV] }],
      subscriptions: [
        ...DEMO_AZURE_ESTATE.subscriptions,
        {
          id: DEV,
          displayName: 'contoso-dev',
          snapshots: Array.from({ length: SNAPSHOTS_IN_DEV }, (_, i) => ({ name: `dev-snap-${i}`, resourceGroup: 'dev-rg', networkAccessPolicy: 'DenyAll' as const })),
        },
      ],
    },
  };
}

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ estate: estate(), azureStaticTokens: { [TOKEN]: DEMO_AZURE_PRINCIPAL.clientId } });
});
afterAll(async () => {
  await emulator.close();
});
afterEach(() => {
  emulator.configure({ faults: [], pageCap: undefined });
  emulator.resetCalls();
});

function scope(overrides: Partial<ScanScope['azure']> = {}): ScanScope {
  const config = parseConfig({}, 'test');
  return {
    concurrency: 8,
    trust: createTrustResolver([]),
    aws: config.aws,
    gcp: config.gcp,
    azure: {
      ...config.azure,
      maxRetries: 3,
      resourceManagerUrl: emulator.azureUrl!,
      trustedCa: emulator.caCert!,
      credential: { getToken: async () => ({ token: TOKEN, expiresOnTimestamp: Date.now() + 3_600_000 }) },
      ...overrides,
    },
  };
}

async function collect(s: ScanScope = scope()): Promise<Inventory> {
  return azureProvider.collect(s, { pacer: new Pacer({ concurrency: s.concurrency }), progress: () => undefined });
}

const byName = <T extends { name?: string }>(items: readonly T[], name: string): T => {
  const found = items.find((i) => i.name === name);
  if (!found) throw new Error(`${name} not collected`);
  return found;
};

describe('Azure provider against the emulator', () => {
  it('reads every subscription the identity sees, across short pages', async () => {
    emulator.configure({ pageCap: 4 });
    const inventory = await collect();
    expect(inventory.accounts.map((a) => [a.id, a.name])).toEqual([
      [DEMO_SUBSCRIPTION, 'contoso-prod'],
      [DEV, 'contoso-dev'],
    ]);
    expect(inventory.snapshots.filter((s) => s.account === DEV)).toHaveLength(SNAPSHOTS_IN_DEV);
    const pages = emulator.calls().filter((c) => c.action === 'Microsoft.Compute/snapshots/read' && c.account === DEV);
    expect(pages.length).toBe(Math.ceil(SNAPSHOTS_IN_DEV / 4));
    expect(inventory.coverage.filter((c) => c.status !== 'ok')).toEqual([]);
  });

  it('maps export surfaces, copies, VMs and NSGs as ARM reports them', async () => {
    const inventory = await collect(scope({ subscriptions: [DEMO_SUBSCRIPTION] }));
    expect(byName(inventory.snapshots, 'sql-data-export').sharing).toEqual([{ kind: 'network', scope: 'all' }, { kind: 'link' }]);
    expect(byName(inventory.snapshots, 'prod-db-os').sharing).toEqual([{ kind: 'network', scope: 'private' }]);
    expect(byName(inventory.disks, 'old-data').sharing).toEqual([{ kind: 'network', scope: 'all' }, { kind: 'link' }]);
    const forensics = byName(inventory.instances, 'forensics-vm');
    expect(forensics.state).toBe('running');
    expect(forensics.disks[0]?.origin).toEqual({ kind: 'snapshot', snapshotId: azureId(DEMO_SUBSCRIPTION, 'prod-rg', 'Microsoft.Compute/snapshots', 'prod-db-os'), snapshotOwner: 'own' });
    expect(forensics.internetIngress).toEqual([expect.objectContaining({ protocol: 'tcp', ports: { from: 22, to: 22 }, address: '20.61.10.4' })]);
    // The jump box's NIC allows SSH and RDP; its subnet's NSG denies them first.
    expect(byName(inventory.instances, 'jump-vm').internetIngress).toEqual([]);
    expect(byName(inventory.galleries, 'community_images').sharing).toEqual([{ kind: 'public' }]);
    const results = runChecks(CHECKS, inventory).results;
    const status = (checkId: string, name: string): string | undefined => results.find((r) => r.checkId === checkId && r.resource.name === name)?.status;
    expect(status('azure-snapshot-active-sas', 'sql-data-export')).toBe('fail');
    expect(status('azure-disk-active-sas', 'old-data')).toBe('fail');
    expect(status('azure-vm-from-snapshot-exposed', 'forensics-vm')).toBe('fail');
    expect(status('azure-vm-from-snapshot-exposed', 'jump-vm')).toBe('pass');
    expect(status('azure-gallery-community-shared', 'community_images')).toBe('fail');
    expect(status('azure-snapshot-public-network', 'prod-db-os')).toBe('pass');
  });

  it('retries 429 with Retry-After (the SDK) and without it (snapaudit), losing nothing', async () => {
    emulator.configure({
      faults: [
        { service: 'Microsoft.Compute', action: 'Microsoft.Compute/snapshots/read', kind: 'throttle', times: 1, retryAfterSeconds: 1 },
        { service: 'Microsoft.Compute', action: 'Microsoft.Compute/disks/read', kind: 'throttle', times: 2 },
      ],
    });
    const inventory = await collect(scope({ subscriptions: [DEV] }));
    expect(inventory.snapshots).toHaveLength(SNAPSHOTS_IN_DEV);
    expect(emulator.calls().filter((c) => c.status === 429)).toHaveLength(3);
    expect(inventory.coverage.filter((c) => c.status !== 'ok')).toEqual([]);
  });

  it('turns a denied resource type into unknown plus coverage, and goes on with the rest', async () => {
    emulator.configure({ faults: [{ action: 'Microsoft.Network/networkSecurityGroups/read', kind: 'access-denied' }] });
    const inventory = await collect(scope({ subscriptions: [DEMO_SUBSCRIPTION] }));
    const forensics = byName(inventory.instances, 'forensics-vm');
    expect(isUnknown(forensics.internetIngress)).toBe(true);
    expect(inventory.coverage).toContainEqual(expect.objectContaining({ status: 'denied', action: 'Microsoft.Network/networkSecurityGroups/read', account: DEMO_SUBSCRIPTION }));
    expect(inventory.snapshots.length).toBeGreaterThan(0);
    const result = runChecks(CHECKS, inventory).results.find((r) => r.checkId === 'azure-vm-from-snapshot-exposed' && r.resource.name === 'forensics-vm');
    expect(result).toMatchObject({ status: 'unknown', messageId: 'ingressUnknown' });
  });

  it('reports a subscription it cannot read as unreachable and scans the others', async () => {
    emulator.configure({ faults: [{ account: DEV, kind: 'access-denied' }] });
    const inventory = await collect();
    const dev = inventory.accounts.find((a) => a.id === DEV);
    expect(dev?.unreachable).toMatch(/AuthorizationFailed/);
    expect(inventory.accounts.find((a) => a.id === DEMO_SUBSCRIPTION)?.unreachable).toBeUndefined();
    expect(inventory.snapshots.some((s) => s.account === DEMO_SUBSCRIPTION)).toBe(true);
  });

  it('performs only operations its role definition grants', async () => {
    await collect();
    const served = new Set(emulator.calls().filter((c) => c.service !== 'entra').map((c) => c.action));
    expect(served.size).toBeGreaterThanOrEqual(10);
    for (const action of served) expect(AZURE_ACTIONS).toContain(action);
  });
});
