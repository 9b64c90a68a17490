// Who can copy Azure disks out, and would anyone see it, end to end: the Azure provider's real
// clients (AuthorizationManagementClient, and a raw ARM GET through its pipeline for diagnostic
// settings) against the emulator's demo subscription, then the two checks. Failed reads must come
// out as unknown plus coverage, never as "nobody" or "not logged".
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { azureActivityLogUnexported } from '../../src/checks/azure-activity-log-unexported.js';
import { azureRbacSnapshotExportBroad } from '../../src/checks/azure-rbac-snapshot-export-broad.js';
import { runChecks } from '../../src/checks/run.js';
import { parseConfig } from '../../src/config.js';
import { DEMO_AZURE_ASSIGNEES, DEMO_AZURE_ESTATE, DEMO_AZURE_PRINCIPAL, DEMO_EXPORT_ROLE, DEMO_SUBSCRIPTION } from '../../src/emulator/demo-azure.js';
import type { EstateInput } from '../../src/emulator/estate.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { isUnknown, type Inventory, type Principal } from '../../src/model.js';
import { Pacer } from '../../src/pacer.js';
import type { ScanScope } from '../../src/provider.js';
import { createTrustResolver } from '../../src/trust.js';
import { azureProvider } from '../../providers/azure/index.js';
import { AZURE_ACTIONS } from '../../providers/azure/permissions.js';

const AUDITED = 'de000000-0000-4000-8000-0000000000a3';
const TOKEN = 'identity-test-token';
const WORKSPACE = `/subscriptions/${AUDITED}/resourceGroups/ops/providers/Microsoft.OperationalInsights/workspaces/soc`;
const CHECKS = [azureRbacSnapshotExportBroad, azureActivityLogUnexported];

function estate(): EstateInput {
  return {
    azure: {
      ...DEMO_AZURE_ESTATE,
      principals: [{ ...DEMO_AZURE_PRINCIPAL, subscriptions: [DEMO_SUBSCRIPTION, AUDITED] }],
      subscriptions: [
        ...DEMO_AZURE_ESTATE.subscriptions,
        {
          // Done right: exports the Activity Log, and nobody holds export rights on the whole subscription.
          id: AUDITED,
          displayName: 'contoso-audited',
          snapshots: [{ name: 'nightly', resourceGroup: 'app-rg', location: 'northeurope', networkAccessPolicy: 'DenyAll' }],
          roleAssignments: [
            { principalId: '11111111-0000-4000-8000-0000000000b1', principalType: 'User', role: 'Reader' },
            { principalId: '11111111-0000-4000-8000-0000000000b2', principalType: 'ServicePrincipal', role: 'Disk Snapshot Contributor', scope: `/subscriptions/${AUDITED}/resourceGroups/app-rg` },
          ],
          diagnosticSettings: [{ name: 'to-soc', workspaceId: WORKSPACE, logs: [{ category: 'Administrative' }, { category: 'Security' }] }],
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

function scope(subscriptions?: string[]): ScanScope {
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
      ...(subscriptions ? { subscriptions } : {}),
    },
  };
}

async function collect(subscriptions?: string[]): Promise<Inventory> {
  const s = scope(subscriptions);
  return azureProvider.collect(s, { pacer: new Pacer({ concurrency: s.concurrency }), progress: () => undefined });
}

function principal(inventory: Inventory, id: string): Principal {
  const found = inventory.principals.find((p) => p.id === id);
  if (!found) throw new Error(`principal ${id} not collected`);
  return found;
}

const grantsOf = (p: Principal) => (isUnknown(p.capabilities) ? [] : p.capabilities);
const SUB_SCOPE = `/subscriptions/${DEMO_SUBSCRIPTION}`;

describe('Azure identities and Activity Log, end to end', () => {
  it('reads the demo subscription: who can copy disks out, and that no one would see it', async () => {
    const inventory = await collect([DEMO_SUBSCRIPTION]);
    const { ownersGroup, backupPrincipal, exportUser, readerUser, networkGroup } = DEMO_AZURE_ASSIGNEES;

    const owners = principal(inventory, ownersGroup);
    expect(owners).toMatchObject({ provider: 'azure', account: DEMO_SUBSCRIPTION, kind: 'group', privileged: true, trust: 'unknown' });
    expect(owners.name).toBeUndefined();
    expect(grantsOf(owners).map((g) => g.capability).sort()).toEqual(['create', 'export', 'open-ingress', 'restore', 'share']);

    const backup = principal(inventory, backupPrincipal);
    expect(backup).toMatchObject({ kind: 'service-principal', privileged: false, interactive: false });
    expect(grantsOf(backup).find((g) => g.capability === 'export')).toEqual({
      capability: 'export',
      actions: ['Microsoft.Compute/disks/beginGetAccess/action', 'Microsoft.Compute/snapshots/beginGetAccess/action'],
      resources: [SUB_SCOPE],
      conditions: [],
      mfaRequired: false,
      via: [expect.stringMatching(new RegExp(`^${SUB_SCOPE}/providers/Microsoft.Authorization/roleAssignments/`)), `${SUB_SCOPE}/providers/Microsoft.Authorization/roleDefinitions/7efff54f-a5b4-42b5-a1c5-5411624893ce`, 'Disk Snapshot Contributor'],
    });

    const exporter = principal(inventory, exportUser);
    expect(exporter).toMatchObject({ kind: 'user', interactive: true, mfa: { unknown: true } });
    expect(grantsOf(exporter)).toEqual([expect.objectContaining({ capability: 'export', actions: ['Microsoft.Compute/snapshots/beginGetAccess/action'], via: expect.arrayContaining([`${DEMO_EXPORT_ROLE} (custom role)`]) })]);

    expect(principal(inventory, readerUser).capabilities).toEqual([]);
    expect(grantsOf(principal(inventory, networkGroup))).toEqual([expect.objectContaining({ capability: 'open-ingress', resources: [`${SUB_SCOPE}/resourceGroups/prod-rg`] })]);

    expect(inventory.accountSecurity).toEqual([expect.objectContaining({ provider: 'azure', account: DEMO_SUBSCRIPTION, identities: { listed: 5 }, notOffered: expect.arrayContaining([expect.stringMatching(/Conditional Access/)]) })]);
    const [audit] = inventory.audit;
    expect(audit).toMatchObject({ provider: 'azure', account: DEMO_SUBSCRIPTION, region: 'global', snapshotEventsLogged: false, sources: [] });
    expect(audit?.gaps[0]).toMatch(/keeps 90 days$/);
    expect(audit?.nextStep).toMatch(new RegExp(`^az monitor diagnostic-settings subscription create --subscription ${DEMO_SUBSCRIPTION} .*--location westeurope`));
    expect(inventory.coverage.filter((c) => c.status !== 'ok')).toEqual([]);
    expect(inventory.coverage).toContainEqual(expect.objectContaining({ status: 'ok', service: 'Microsoft.Authorization', detail: expect.stringMatching(/^5 role assignments of 5 principals .*deny assignments are not read/) }));

    const results = runChecks(CHECKS, inventory).results;
    const failing = results.filter((r) => r.checkId === 'azure-rbac-snapshot-export-broad' && r.status === 'fail');
    expect(failing.map((r) => [r.resource.id, r.messageId]).sort()).toEqual(
      [
        [backupPrincipal, 'broad'],
        [exportUser, 'broad'],
        [ownersGroup, 'privileged'],
      ].sort(),
    );
    expect(results.filter((r) => r.checkId === 'azure-rbac-snapshot-export-broad' && r.status !== 'fail')).toEqual([]);
    expect(results.find((r) => r.checkId === 'azure-activity-log-unexported')).toMatchObject({ status: 'fail', messageId: 'unexported', resource: { id: SUB_SCOPE, name: 'contoso-prod' } });
  });

  it('passes a subscription that exports its Activity Log and keeps export rights narrow', async () => {
    const inventory = await collect([AUDITED]);
    expect(inventory.audit).toEqual([expect.objectContaining({ snapshotEventsLogged: true, sources: [`diagnostic setting to-soc (Administrative to Log Analytics workspace ${WORKSPACE})`], gaps: [] })]);
    const results = runChecks(CHECKS, inventory).results;
    expect(results.map((r) => [r.checkId, r.status, r.messageId])).toEqual([
      ['azure-rbac-snapshot-export-broad', 'pass', 'contained'],
      ['azure-activity-log-unexported', 'pass', 'exported'],
    ]);
  });

  it('reads every assignment and role across short pages', async () => {
    emulator.configure({ pageCap: 2 });
    const inventory = await collect([DEMO_SUBSCRIPTION]);
    expect(inventory.principals).toHaveLength(5);
    expect(inventory.principals.every((p) => !isUnknown(p.capabilities))).toBe(true);
    expect(emulator.calls().filter((c) => c.action === 'Microsoft.Authorization/roleAssignments/read')).toHaveLength(3);
  });

  it('turns AccessDenied on role assignments into unknown identities plus coverage, and the check into unknown, not pass', async () => {
    emulator.configure({ faults: [{ action: 'Microsoft.Authorization/roleAssignments/read', kind: 'access-denied' }] });
    const inventory = await collect([AUDITED]);
    expect(inventory.principals).toEqual([]);
    const [security] = inventory.accountSecurity;
    expect(isUnknown(security?.identities)).toBe(true);
    expect(security?.identities).toMatchObject({ reason: expect.stringMatching(/AuthorizationFailed/) });
    expect(inventory.coverage).toContainEqual(expect.objectContaining({ account: AUDITED, status: 'denied', action: 'Microsoft.Authorization/roleAssignments/read' }));
    // The rest of the subscription is still read.
    expect(inventory.snapshots).toHaveLength(1);
    expect(inventory.audit[0]?.snapshotEventsLogged).toBe(true);
    const result = runChecks([azureRbacSnapshotExportBroad], inventory).results;
    expect(result).toEqual([expect.objectContaining({ status: 'unknown', messageId: 'unreadable', resource: expect.objectContaining({ id: `/subscriptions/${AUDITED}` }) })]);
  });

  it('turns AccessDenied on role definitions into principals with unknown capabilities', async () => {
    emulator.configure({ faults: [{ action: 'Microsoft.Authorization/roleDefinitions/read', kind: 'access-denied' }] });
    const inventory = await collect([DEMO_SUBSCRIPTION]);
    expect(inventory.principals).toHaveLength(5);
    expect(inventory.principals.every((p) => isUnknown(p.capabilities) && isUnknown(p.privileged))).toBe(true);
    expect(inventory.accountSecurity[0]?.identities).toEqual({ listed: 5 });
    expect(inventory.coverage).toContainEqual(expect.objectContaining({ status: 'denied', action: 'Microsoft.Authorization/roleDefinitions/read' }));
    // One listing was refused: the roles are not asked for one by one with the same permission.
    expect(emulator.calls().filter((c) => c.action === 'Microsoft.Authorization/roleDefinitions/read')).toHaveLength(1);
    const results = runChecks([azureRbacSnapshotExportBroad], inventory).results;
    expect(results).toHaveLength(5);
    expect(results.every((r) => r.status === 'unknown' && r.messageId === 'principalUnreadable')).toBe(true);
  });

  it('turns AccessDenied on diagnostic settings into unknown audit plus coverage, and the check into unknown', async () => {
    emulator.configure({ faults: [{ action: 'Microsoft.Insights/diagnosticSettings/read', kind: 'access-denied' }] });
    const inventory = await collect([DEMO_SUBSCRIPTION]);
    expect(isUnknown(inventory.audit[0]?.snapshotEventsLogged)).toBe(true);
    expect(inventory.coverage).toContainEqual(expect.objectContaining({ status: 'denied', action: 'Microsoft.Insights/diagnosticSettings/read', account: DEMO_SUBSCRIPTION }));
    const result = runChecks([azureActivityLogUnexported], inventory).results;
    expect(result).toEqual([expect.objectContaining({ status: 'unknown', messageId: 'unreadable' })]);
  });

  it('retries throttled reads of roles and diagnostic settings (with and without Retry-After), losing nothing', async () => {
    emulator.configure({
      faults: [
        { action: 'Microsoft.Authorization/roleAssignments/read', kind: 'throttle', times: 1 },
        { action: 'Microsoft.Insights/diagnosticSettings/read', kind: 'throttle', times: 1, retryAfterSeconds: 1 },
      ],
    });
    const inventory = await collect([AUDITED]);
    expect(emulator.calls().filter((c) => c.status === 429)).toHaveLength(2);
    expect(inventory.coverage.filter((c) => c.status !== 'ok')).toEqual([]);
    expect(inventory.principals).toHaveLength(2);
    expect(inventory.audit[0]?.snapshotEventsLogged).toBe(true);
  });

  it('performs only operations its role definition grants', async () => {
    await collect();
    const served = new Set(emulator.calls().filter((c) => c.service !== 'entra').map((c) => c.action));
    for (const action of ['Microsoft.Authorization/roleAssignments/read', 'Microsoft.Authorization/roleDefinitions/read', 'Microsoft.Insights/diagnosticSettings/read']) expect(served).toContain(action);
    for (const action of served) expect(AZURE_ACTIONS).toContain(action);
  });
});
