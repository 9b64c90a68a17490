// Organization scans end to end: the real SDK (Organizations, STS AssumeRole, RDS, Backup, EC2)
// against the emulator serving the demo organization.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CHECKS } from '../../src/checks/index.js';
import { runChecks } from '../../src/checks/run.js';
import { parseConfig, trustedAccountsOf } from '../../src/config.js';
import {
  DEMO_ACCOUNT,
  DEMO_ANALYTICS_ACCOUNT,
  DEMO_AUDIT_ROLE,
  DEMO_CONFIG,
  DEMO_CREDENTIALS,
  DEMO_DATA_ACCOUNT,
  DEMO_ESTATE,
  DEMO_FOREIGN_ACCOUNT,
  DEMO_LEGACY_ACCOUNT,
} from '../../src/emulator/demo-estate.js';
import type { EstateInput } from '../../src/emulator/estate.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { isUnknown, type DbSnapshot, type Inventory } from '../../src/model.js';
import { Pacer } from '../../src/pacer.js';
import type { ScanScope } from '../../src/provider.js';
import { createTrustResolver } from '../../src/trust.js';
import { awsProvider } from '../../providers/aws/index.js';

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

function scope(organization: ScanScope['aws']['organization'] | undefined, overrides: Partial<ScanScope['aws']> = {}, url = emulator.url): ScanScope {
  return {
    concurrency: 8,
    azure: parseConfig({}, 'test').azure,
    gcp: parseConfig({}, 'test').gcp,
    trust: createTrustResolver(trustedAccountsOf(parseConfig(DEMO_CONFIG, 'demo'))),
    aws: {
      maxAttempts: 4,
      requestTimeoutMs: 5_000,
      rateShare: 1,
      accountConcurrency: 2,
      endpoint: url,
      credentials: DEMO_CREDENTIALS,
      ...(organization ? { organization } : {}),
      ...overrides,
    },
  };
}

async function collect(s: ScanScope): Promise<Inventory> {
  return awsProvider.collect(s, { pacer: new Pacer({ concurrency: s.concurrency }), progress: () => undefined });
}

function dbSnapshot(inventory: Inventory, id: string): DbSnapshot {
  const found = inventory.dbSnapshots.find((s) => s.id === id);
  if (!found) throw new Error(`${id} not collected`);
  return found;
}

describe('organization scan', () => {
  it('scans every active member through the role, and reports the one whose role cannot be assumed', async () => {
    const inventory = await collect(scope({ assumeRole: DEMO_AUDIT_ROLE }));
    expect(inventory.accounts.map((a) => [a.id, a.unreachable === undefined])).toEqual([
      [DEMO_ACCOUNT, true],
      [DEMO_DATA_ACCOUNT, true],
      [DEMO_ANALYTICS_ACCOUNT, true],
      [DEMO_LEGACY_ACCOUNT, false],
    ]);
    expect(inventory.accounts.find((a) => a.id === DEMO_DATA_ACCOUNT)?.caller).toBe(`arn:aws:sts::${DEMO_DATA_ACCOUNT}:assumed-role/${DEMO_AUDIT_ROLE}/snapaudit`);
    expect(inventory.accounts.find((a) => a.id === DEMO_LEGACY_ACCOUNT)?.unreachable).toMatch(/could not assume arn:aws:iam::555566667777:role\/SnapauditAudit: AccessDenied/);
    expect(inventory.coverage).toContainEqual(expect.objectContaining({ account: DEMO_LEGACY_ACCOUNT, status: 'denied', action: 'sts:AssumeRole' }));
    // Nothing else is missing.
    expect(inventory.coverage.filter((c) => c.status !== 'ok' && c.account !== DEMO_LEGACY_ACCOUNT)).toEqual([]);
    const assumed = emulator.calls().filter((c) => c.action === 'AssumeRole').map((c) => c.params['RoleArn']);
    expect(new Set(assumed)).toEqual(new Set([DEMO_DATA_ACCOUNT, DEMO_ANALYTICS_ACCOUNT, DEMO_LEGACY_ACCOUNT].map((id) => `arn:aws:iam::${id}:role/${DEMO_AUDIT_ROLE}`)));
  });

  it('judges sharing three ways: a member is internal, a configured partner trusted, a stranger external', async () => {
    const inventory = await collect(scope({ assumeRole: DEMO_AUDIT_ROLE }));
    expect(dbSnapshot(inventory, 'orders-db-for-analytics').sharing).toEqual([
      { kind: 'account', principal: DEMO_ANALYTICS_ACCOUNT, trust: 'internal', trustNote: 'a member of organization o-acme0demo01' },
    ]);
    expect(dbSnapshot(inventory, 'billing-aurora-handover').sharing).toEqual([
      { kind: 'account', principal: DEMO_FOREIGN_ACCOUNT, trust: 'external', trustNote: 'not a member of organization o-acme0demo01, not in the trusted list' },
    ]);
    const ebs = inventory.snapshots.find((s) => s.id === 'snap-0c0ffee000000002b');
    expect(ebs?.sharing).toEqual([
      expect.objectContaining({ principal: DEMO_FOREIGN_ACCOUNT, trust: 'external' }),
      expect.objectContaining({ principal: '444455556666', trust: 'trusted', trustNote: 'trusted in config: DR account (receives nightly disaster-recovery copies)' }),
    ]);
    const results = runChecks(CHECKS, inventory).results;
    const status = (checkId: string, id: string): string | undefined => results.find((r) => r.checkId === checkId && r.resource.id === id)?.status;
    expect(status('aws-rds-snapshot-shared-external', 'orders-db-for-analytics')).toBe('pass');
    expect(status('aws-rds-snapshot-shared-external', 'billing-aurora-handover')).toBe('fail');
    expect(status('aws-rds-snapshot-public', 'customers-db-pre-upgrade')).toBe('fail');
    expect(status('aws-rds-database-internet-exposed', 'orders-db-migration')).toBe('fail');
    expect(status('aws-rds-database-internet-exposed', 'billing-aurora')).toBe('pass');
    expect(status('aws-backup-vault-policy-external', 'prod-vault')).toBe('fail');
    expect(status('aws-backup-vault-policy-external', 'analytics-vault')).toBe('pass');
  });

  it('pages through RDS results and retries throttled RDS calls to success', async () => {
    emulator.configure({ pageCap: 3, faults: [{ service: 'rds', action: 'DescribeDBSnapshotAttributes', kind: 'throttle', times: 2 }] });
    const inventory = await collect(scope({ assumeRole: DEMO_AUDIT_ROLE, accounts: [DEMO_DATA_ACCOUNT] }));
    expect(inventory.accounts.map((a) => a.id)).toEqual([DEMO_DATA_ACCOUNT]);
    expect(inventory.dbSnapshots.filter((s) => s.type === 'AWS::RDS::DBSnapshot')).toHaveLength(9);
    const listings = emulator.calls().filter((c) => c.action === 'DescribeDBSnapshots' && c.account === DEMO_DATA_ACCOUNT);
    expect(listings).toHaveLength(3);
    expect(emulator.calls().filter((c) => c.errorCode === 'Throttling')).toHaveLength(2);
    expect(inventory.dbSnapshots.every((s) => !isUnknown(s.sharing))).toBe(true);
    // Automated snapshots cannot be shared: no attribute call is spent on them.
    const attributeCalls = emulator.calls().filter((c) => c.action === 'DescribeDBSnapshotAttributes' && c.status === 200);
    expect(attributeCalls.map((c) => c.params['DBSnapshotIdentifier']).sort()).toEqual(['customers-db-pre-upgrade', 'orders-db-for-analytics']);
    expect(inventory.coverage.filter((c) => c.status !== 'ok')).toEqual([]);
  });

  it('judges member shares unknown, not external, when a member account cannot list the organization', async () => {
    const memberView: EstateInput = {
      ...DEMO_ESTATE,
      aws: {
        ...DEMO_ESTATE.aws!,
        accounts: DEMO_ESTATE.aws!.accounts.map((a) => (a.id === DEMO_DATA_ACCOUNT ? { ...a, accessKeyIds: ['AKIAMEMBERMEMBER0001'] } : a)),
      },
    };
    const own = await startEmulator({ estate: memberView });
    try {
      const inventory = await collect(scope(undefined, { credentials: { accessKeyId: 'AKIAMEMBERMEMBER0001', secretAccessKey: 'local' } }, own.url));
      expect(dbSnapshot(inventory, 'orders-db-for-analytics').sharing).toEqual([
        expect.objectContaining({ principal: DEMO_ANALYTICS_ACCOUNT, trust: 'unknown', trustNote: expect.stringMatching(/member list could not be read/) }),
      ]);
      expect(inventory.coverage).toContainEqual(expect.objectContaining({ status: 'denied', action: 'organizations:ListAccounts' }));
      const result = runChecks(CHECKS, inventory).results.find((r) => r.checkId === 'aws-rds-snapshot-shared-external' && r.resource.id === 'orders-db-for-analytics');
      expect(result?.status).toBe('unknown');
    } finally {
      await own.close();
    }
  });

  it('passes the external id the role requires', async () => {
    const guarded: EstateInput = {
      ...DEMO_ESTATE,
      aws: {
        ...DEMO_ESTATE.aws!,
        accounts: DEMO_ESTATE.aws!.accounts.map((a) => (a.id === DEMO_ANALYTICS_ACCOUNT ? { ...a, roles: [{ name: DEMO_AUDIT_ROLE, trustedAccounts: [DEMO_ACCOUNT], externalId: 'acme-audit-7f3a' }] } : a)),
      },
    };
    const own = await startEmulator({ estate: guarded });
    try {
      const without = await collect(scope({ assumeRole: DEMO_AUDIT_ROLE, accounts: [DEMO_ANALYTICS_ACCOUNT] }, {}, own.url));
      expect(without.accounts[0]?.unreachable).toMatch(/AccessDenied/);
      const withId = await collect(scope({ assumeRole: DEMO_AUDIT_ROLE, externalId: 'acme-audit-7f3a', accounts: [DEMO_ANALYTICS_ACCOUNT] }, {}, own.url));
      expect(withId.accounts[0]).toMatchObject({ id: DEMO_ANALYTICS_ACCOUNT, regions: ['eu-west-1', 'us-east-1'] });
      expect(withId.accounts[0]?.unreachable).toBeUndefined();
    } finally {
      await own.close();
    }
  });

  it('refuses --accounts naming an account outside the organization', async () => {
    await expect(collect(scope({ assumeRole: DEMO_AUDIT_ROLE, accounts: ['123412341234'] }))).rejects.toThrow(/--accounts: 123412341234 is not an account of the organization/);
  });
});
