// Who can copy the demo project's disks out, and would anyone see it: the real provider (Resource
// Manager client, IAM and Logging over the authorized fetch) against the emulator serving the demo
// estate, then the identity and audit checks on what it collected; and what a denied read turns into.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { gcpAuditLogsIncomplete } from '../../src/checks/gcp-audit-logs-incomplete.js';
import { gcpIamSnapshotPermissionsBroad } from '../../src/checks/gcp-iam-snapshot-permissions-broad.js';
import { gcpSaKeyOld } from '../../src/checks/gcp-sa-key-old.js';
import { gcpSaUserManagedKey } from '../../src/checks/gcp-sa-user-managed-key.js';
import { fillCommand, fillMessage } from '../../src/checks/define-check.js';
import { runChecks } from '../../src/checks/run.js';
import { parseConfig } from '../../src/config.js';
import { DEMO_ESTATE } from '../../src/emulator/demo-estate.js';
import { DEMO_GCP_DOMAIN, DEMO_GCP_ETL_ACCOUNT, DEMO_GCP_ETL_KEY, DEMO_GCP_EXCLUSION, DEMO_GCP_OUTSIDER, DEMO_GCP_TOKEN, DEMO_PROJECT } from '../../src/emulator/demo-gcp.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { isUnknown, type Inventory, type Principal } from '../../src/model.js';
import { Pacer } from '../../src/pacer.js';
import type { ScanScope } from '../../src/provider.js';
import { createTrustResolver } from '../../src/trust.js';
import { gcpProvider } from '../../providers/gcp/index.js';
import { GCP_PERMISSIONS } from '../../providers/gcp/permissions.js';

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ estate: DEMO_ESTATE });
});
afterAll(async () => {
  await emulator.close();
});
afterEach(() => {
  emulator.configure({ faults: [], pageCap: undefined });
  emulator.resetCalls();
});

function scope(): ScanScope {
  const config = parseConfig({}, 'test');
  return {
    concurrency: 8,
    trust: createTrustResolver([]),
    aws: config.aws,
    azure: config.azure,
    gcp: { ...config.gcp, maxRetries: 3, internalDomains: [DEMO_GCP_DOMAIN], computeUrl: emulator.gcpUrl!, resourceManagerUrl: emulator.gcpUrl!, accessToken: DEMO_GCP_TOKEN },
  };
}

async function collect(): Promise<Inventory> {
  return gcpProvider.collect(scope(), { pacer: new Pacer({ concurrency: 8 }), progress: () => undefined });
}

const CHECKS = [gcpIamSnapshotPermissionsBroad, gcpAuditLogsIncomplete, gcpSaKeyOld, gcpSaUserManagedKey];

function principal(inventory: Inventory, id: string): Principal {
  const found = inventory.principals.find((p) => p.id === id);
  if (!found) throw new Error(`${id} not among ${inventory.principals.map((p) => p.id).join(', ')}`);
  return found;
}

const capabilitiesOf = (p: Principal): string[] => (isUnknown(p.capabilities) ? ['unknown'] : [...new Set(p.capabilities.map((g) => g.capability))]);

describe('GCP identities and audit logging, end to end', () => {
  it('finds who can copy the demo disks out, the old key, and the logging gaps', async () => {
    const inventory = await collect();
    expect(inventory.coverage.filter((c) => c.status !== 'ok')).toEqual([]);

    const outsider = principal(inventory, DEMO_GCP_OUTSIDER);
    expect(outsider).toMatchObject({ kind: 'user', trust: 'external', privileged: false, interactive: true });
    expect(capabilitiesOf(outsider)).toEqual(['create', 'share', 'export', 'restore']);
    expect(isUnknown(outsider.mfa)).toBe(true);

    const etl = principal(inventory, `serviceAccount:${DEMO_GCP_ETL_ACCOUNT}`);
    expect(etl).toMatchObject({ kind: 'service-account', trust: 'internal', name: 'ETL runner', privileged: false });
    // Basic Editor: every way to copy a disk out but setIamPolicy, and it can open ingress too.
    expect(capabilitiesOf(etl)).toEqual(['create', 'export', 'restore', 'open-ingress']);
    expect(etl.keys).toEqual([{ id: DEMO_GCP_ETL_KEY, active: true, createdAt: expect.any(String) }]);

    expect(principal(inventory, `user:platform-lead@${DEMO_GCP_DOMAIN}`).privileged).toBe(true);
    expect(capabilitiesOf(principal(inventory, `group:analysts@${DEMO_GCP_DOMAIN}`))).toEqual([]);

    expect(inventory.accountSecurity).toEqual([expect.objectContaining({ provider: 'gcp', account: DEMO_PROJECT, identities: { listed: inventory.principals.length } })]);
    const [audit] = inventory.audit;
    expect(audit).toMatchObject({ account: DEMO_PROJECT, region: 'global', snapshotEventsLogged: true, dataEventsLogged: false });
    expect(audit?.gaps.join('\n')).toMatch(/Data Access audit logs \(ADMIN_READ\) are off/);
    expect(audit?.gaps.join('\n')).toContain(`exclusion ${DEMO_GCP_EXCLUSION} on sink _Default drops Compute Engine snapshot Data Access entries`);
    expect(audit?.nextStep).toBe(`gcloud logging sinks update _Default --project=${DEMO_PROJECT} --remove-exclusions=${DEMO_GCP_EXCLUSION}`);

    const results = runChecks(CHECKS, inventory).results;
    const of = (checkId: string, id: string) => results.find((r) => r.checkId === checkId && r.resource.id === id);
    const broad = of('gcp-iam-snapshot-permissions-broad', DEMO_GCP_OUTSIDER);
    expect(broad?.status).toBe('fail');
    expect(fillCommand(gcpIamSnapshotPermissionsBroad.remediation.command, broad?.data ?? {})).toBe(
      `gcloud projects remove-iam-policy-binding ${DEMO_PROJECT} --member=${DEMO_GCP_OUTSIDER} --role=roles/compute.storageAdmin`,
    );
    expect(of('gcp-iam-snapshot-permissions-broad', `serviceAccount:${DEMO_GCP_ETL_ACCOUNT}`)?.messageId).toBe('basicRole');
    expect(of('gcp-iam-snapshot-permissions-broad', `group:analysts@${DEMO_GCP_DOMAIN}`)?.status).toBe('pass');
    expect(of('gcp-iam-snapshot-permissions-broad', `group:data-platform@${DEMO_GCP_DOMAIN}`)?.messageId).toBe('scoped');
    const logs = of('gcp-audit-logs-incomplete', `projects/${DEMO_PROJECT}`);
    expect(logs?.status).toBe('fail');
    expect(fillMessage(gcpAuditLogsIncomplete.messages.incomplete, logs?.data ?? {})).toContain(DEMO_GCP_EXCLUSION);
    expect(of('gcp-sa-key-old', `projects/${DEMO_PROJECT}/serviceAccounts/${DEMO_GCP_ETL_ACCOUNT}/keys/${DEMO_GCP_ETL_KEY}`)).toMatchObject({ status: 'fail', data: expect.objectContaining({ ageDays: 400 }) });
    expect(of('gcp-sa-user-managed-key', `projects/${DEMO_PROJECT}/serviceAccounts/${DEMO_GCP_ETL_ACCOUNT}`)?.status).toBe('fail');
    expect(of('gcp-sa-user-managed-key', `projects/${DEMO_PROJECT}/serviceAccounts/snapaudit@${DEMO_PROJECT}.iam.gserviceaccount.com`)?.status).toBe('pass');
  });

  it('reads each role once, and calls only what its custom role grants', async () => {
    await collect();
    const calls = emulator.calls();
    const roleCalls = calls.filter((c) => c.action === 'iam.roles.get').map((c) => c.params['role']);
    expect(new Set(roleCalls).size).toBe(roleCalls.length);
    expect(roleCalls).toEqual(expect.arrayContaining(['roles/owner', 'roles/editor', 'roles/compute.storageAdmin', 'roles/compute.viewer']));
    for (const action of ['resourcemanager.projects.getIamPolicy', 'iam.serviceAccounts.list', 'iam.serviceAccountKeys.list', 'logging.sinks.list']) {
      expect(calls.some((c) => c.action === action && c.status === 200)).toBe(true);
    }
    for (const call of calls) expect(GCP_PERMISSIONS).toContain(call.action);
    const keyCall = calls.find((c) => c.action === 'iam.serviceAccountKeys.list');
    expect(keyCall?.params['keyTypes']).toBe('USER_MANAGED');
  });

  it('turns a denied project policy into unknown capabilities, a coverage line and unknown results, never a pass', async () => {
    emulator.configure({ faults: [{ action: 'resourcemanager.projects.getIamPolicy', kind: 'access-denied' }] });
    const inventory = await collect();
    expect(inventory.coverage.filter((c) => c.status !== 'ok')).toEqual([
      expect.objectContaining({ status: 'denied', service: 'cloudresourcemanager', action: 'resourcemanager.projects.getIamPolicy', account: DEMO_PROJECT }),
    ]);
    const security = inventory.accountSecurity[0];
    expect(security && isUnknown(security.identities)).toBe(true);
    // Service accounts are still listed (with their keys), but what they may do is unknown.
    const etl = principal(inventory, `serviceAccount:${DEMO_GCP_ETL_ACCOUNT}`);
    expect(isUnknown(etl.capabilities)).toBe(true);
    expect(inventory.audit[0]?.snapshotEventsLogged).toBe(true);
    expect(isUnknown(inventory.audit[0]?.dataEventsLogged)).toBe(true);

    const results = runChecks(CHECKS, inventory).results;
    const broad = results.filter((r) => r.checkId === 'gcp-iam-snapshot-permissions-broad');
    expect(broad.map((r) => [r.status, r.resource.id])).toEqual([['unknown', `projects/${DEMO_PROJECT}`]]);
    // The exclusion is still found from the sinks; the Data Access part alone would have been unknown.
    expect(results.find((r) => r.checkId === 'gcp-audit-logs-incomplete')?.status).toBe('fail');
  });

  it('marks keys it cannot list as unknown, and retries throttled IAM reads', async () => {
    emulator.configure({
      faults: [
        { action: 'iam.serviceAccountKeys.list', params: { serviceAccount: DEMO_GCP_ETL_ACCOUNT }, kind: 'access-denied' },
        { action: 'iam.roles.get', kind: 'throttle', times: 2 },
      ],
    });
    const inventory = await collect();
    expect(inventory.coverage.filter((c) => c.status !== 'ok')).toEqual([
      expect.objectContaining({ status: 'denied', service: 'iam', action: 'iam.serviceAccountKeys.list', affected: 1, sample: [DEMO_GCP_ETL_ACCOUNT] }),
    ]);
    expect(principal(inventory, `serviceAccount:${DEMO_GCP_ETL_ACCOUNT}`).keys).toBeUndefined();
    const results = runChecks(CHECKS, inventory).results;
    expect(results.find((r) => r.checkId === 'gcp-sa-user-managed-key' && r.resource.name === DEMO_GCP_ETL_ACCOUNT)?.status).toBe('unknown');
    expect(results.filter((r) => r.checkId === 'gcp-sa-key-old' && r.status === 'fail')).toEqual([]);
    expect(results.find((r) => r.checkId === 'gcp-sa-key-old' && r.resource.name === DEMO_GCP_ETL_ACCOUNT)?.status).toBe('unknown');
    expect(emulator.calls().filter((c) => c.action === 'iam.roles.get' && c.status === 429)).toHaveLength(2);
  });

  it('makes a principal whose role cannot be read unknown, and only that one', async () => {
    emulator.configure({ faults: [{ action: 'iam.roles.get', params: { role: 'roles/editor' }, kind: 'access-denied' }] });
    const inventory = await collect();
    expect(inventory.coverage.filter((c) => c.status !== 'ok')).toEqual([
      expect.objectContaining({ status: 'denied', service: 'iam', action: 'iam.roles.get', affected: 1, sample: ['roles/editor'] }),
    ]);
    expect(isUnknown(principal(inventory, `serviceAccount:${DEMO_GCP_ETL_ACCOUNT}`).capabilities)).toBe(true);
    const results = runChecks(CHECKS, inventory).results.filter((r) => r.checkId === 'gcp-iam-snapshot-permissions-broad');
    expect(results.find((r) => r.resource.id === `serviceAccount:${DEMO_GCP_ETL_ACCOUNT}`)?.status).toBe('unknown');
    expect(results.find((r) => r.resource.id === DEMO_GCP_OUTSIDER)?.status).toBe('fail');
  });
});
