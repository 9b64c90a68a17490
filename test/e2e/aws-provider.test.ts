// The AWS provider end to end: the real SDK clients against the local emulator, through
// pagination, throttling, access denied, timeouts and a bulk listing that lags the attribute.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runChecks } from '../../src/checks/run.js';
import { CHECKS } from '../../src/checks/index.js';
import type { EstateInput } from '../../src/emulator/estate.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { isUnknown, type Inventory, type Snapshot } from '../../src/model.js';
import { Pacer } from '../../src/pacer.js';
import type { ScanScope } from '../../src/provider.js';
import { parseConfig } from '../../src/config.js';
import { createTrustResolver } from '../../src/trust.js';
import { awsProvider } from '../../providers/aws/index.js';
import { AWS_ACTIONS } from '../../providers/aws/permissions.js';

const ACCOUNT = '123456789012';
const PARTNER = '210987654321';
const STRANGER = '999999999999';
const KEY = 'AKIATESTTESTTEST0001';
const SNAPSHOTS_IN_BULK_REGION = 37;

const hex = (n: number): string => n.toString(16).padStart(12, '0');

function estate(): EstateInput {
  return {
    aws: {
      accounts: [
        {
          id: ACCOUNT,
          accessKeyIds: [KEY],
          disabledRegions: ['me-south-1'],
          regions: {
            'us-east-1': {
              snapshots: [
                { id: 'snap-0000000000a1', createVolumePermissions: [{ group: 'all' }], tags: { Name: 'public one' } },
                { id: 'snap-0000000000a2', encrypted: true, createVolumePermissions: [{ userId: PARTNER }, { userId: STRANGER }] },
                // The bulk listing still shows this one as public though the attribute no longer does.
                { id: 'snap-0000000000a3', encrypted: true, listedPublic: true },
                // And this one was made public a moment ago; the listing has not caught up.
                { id: 'snap-0000000000a4', encrypted: true, createVolumePermissions: [{ group: 'all' }], listedPublic: false },
                ...Array.from({ length: SNAPSHOTS_IN_BULK_REGION - 4 }, (_, i) => ({ id: `snap-${hex(0xb000 + i)}`, encrypted: true })),
              ],
              images: [{ id: 'ami-0000000000a1', name: 'shared-ami', launchPermissions: [{ userId: STRANGER }], blockDeviceMappings: [{ deviceName: '/dev/xvda', snapshotId: 'snap-0000000000a1' }] }],
            },
            'eu-west-1': {
              snapshotBlockPublicAccess: 'block-all-sharing',
              snapshots: [{ id: 'snap-0000000000e1', createVolumePermissions: [{ group: 'all' }] }],
            },
          },
        },
      ],
    },
  };
}

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ estate: estate() });
});

afterAll(async () => {
  await emulator.close();
});

afterEach(() => {
  emulator.configure({ faults: [], pageCap: undefined, rateLimit: false, latencyMs: 0 });
  emulator.resetCalls();
});

function scope(overrides: Partial<ScanScope['aws']> = {}, regions?: string[]): ScanScope {
  return {
    ...(regions ? { regions } : {}),
    concurrency: 8,
    azure: parseConfig({}, 'test').azure,
    gcp: parseConfig({}, 'test').gcp,
    trust: createTrustResolver([{ provider: 'aws', id: PARTNER, name: 'partner', reason: 'DR copies' }]),
    aws: {
      maxAttempts: 4,
      requestTimeoutMs: 5_000,
      rateShare: 1,
      accountConcurrency: 2,
      endpoint: emulator.url,
      credentials: { accessKeyId: KEY, secretAccessKey: 'local' },
      ...overrides,
    },
  };
}

async function collect(s: ScanScope = scope()): Promise<{ inventory: Inventory; pacer: Pacer }> {
  const pacer = new Pacer({ concurrency: s.concurrency });
  const inventory = await awsProvider.collect(s, { pacer, progress: () => undefined });
  return { inventory, pacer };
}

function snapshotById(inventory: Inventory, id: string): Snapshot {
  const found = inventory.snapshots.find((s) => s.id === id);
  if (!found) throw new Error(`snapshot ${id} not collected`);
  return found;
}

describe('AWS provider against the emulator', () => {
  it('reads the account, the enabled regions and every snapshot across short pages', async () => {
    emulator.configure({ pageCap: 6 });
    const { inventory } = await collect();
    expect(inventory.accounts).toEqual([expect.objectContaining({ provider: 'aws', id: ACCOUNT, regions: ['eu-west-1', 'us-east-1'] })]);
    expect(inventory.snapshots.filter((s) => s.region === 'us-east-1')).toHaveLength(SNAPSHOTS_IN_BULK_REGION);
    const listings = emulator.calls().filter((c) => c.action === 'DescribeSnapshots' && c.region === 'us-east-1' && c.params['RestorableBy.1'] === undefined);
    expect(listings.length).toBe(Math.ceil(SNAPSHOTS_IN_BULK_REGION / 6));
    expect(listings.every((c) => c.params['Owner.1'] === 'self')).toBe(true);
    expect(inventory.coverage.filter((c) => c.status !== 'ok')).toEqual([]);
  });

  it('classifies sharing by trust: public, trusted partner, stranger', async () => {
    const { inventory } = await collect();
    expect(snapshotById(inventory, 'snap-0000000000a1').sharing).toEqual([{ kind: 'public' }]);
    const shared = snapshotById(inventory, 'snap-0000000000a2').sharing;
    expect(shared).toEqual([
      expect.objectContaining({ kind: 'account', principal: PARTNER, trust: 'trusted' }),
      expect.objectContaining({ kind: 'account', principal: STRANGER, trust: 'external' }),
    ]);
  });

  it('lets the attribute overrule a bulk listing that disagrees with it, and says so', async () => {
    const { inventory } = await collect();
    expect(snapshotById(inventory, 'snap-0000000000a3').sharing).toEqual([]);
    expect(snapshotById(inventory, 'snap-0000000000a4').sharing).toEqual([{ kind: 'public' }]);
    expect(inventory.coverage).toContainEqual(expect.objectContaining({ status: 'ok', detail: expect.stringMatching(/disagreed .* for 2 snapshot/) }));
  });

  it('retries throttling to success without losing a resource', async () => {
    emulator.configure({ faults: [{ action: 'DescribeSnapshotAttribute', kind: 'throttle', times: 3 }] });
    const { inventory, pacer } = await collect(scope({}, ['us-east-1']));
    expect(inventory.snapshots).toHaveLength(SNAPSHOTS_IN_BULK_REGION);
    expect(inventory.snapshots.every((s) => !isUnknown(s.sharing))).toBe(true);
    expect(emulator.calls().filter((c) => c.errorCode === 'RequestLimitExceeded')).toHaveLength(3);
    expect(pacer.stats().throttled['ec2:DescribeSnapshotAttribute']).toBe(3);
    expect(inventory.coverage.filter((c) => c.status !== 'ok')).toEqual([]);
  });

  it('turns throttling that outlasts the retries into unknown, never into private', async () => {
    emulator.configure({ faults: [{ action: 'DescribeSnapshotAttribute', params: { SnapshotId: 'snap-0000000000a2' }, kind: 'throttle' }] });
    const { inventory } = await collect(scope({ maxAttempts: 2 }, ['us-east-1']));
    const sharing = snapshotById(inventory, 'snap-0000000000a2').sharing;
    expect(isUnknown(sharing)).toBe(true);
    const gap = inventory.coverage.find((c) => c.action === 'ec2:DescribeSnapshotAttribute');
    expect(gap).toMatchObject({ status: 'error', region: 'us-east-1', affected: 1, sample: ['snap-0000000000a2'] });
    expect(gap?.detail).toMatch(/RequestLimitExceeded/);
    const results = runChecks(CHECKS, inventory).results.filter((r) => r.resource.id === 'snap-0000000000a2');
    expect(results.find((r) => r.checkId === 'aws-ebs-snapshot-shared-external')?.status).toBe('unknown');
    expect(results.find((r) => r.checkId === 'aws-ebs-snapshot-public')?.status).toBe('unknown');
  });

  it('keeps a public verdict from the bulk listing when the attribute read is denied', async () => {
    emulator.configure({ faults: [{ action: 'DescribeSnapshotAttribute', params: { SnapshotId: 'snap-0000000000a1' }, kind: 'access-denied' }] });
    const { inventory } = await collect(scope({}, ['us-east-1']));
    const sharing = snapshotById(inventory, 'snap-0000000000a1').sharing;
    expect(sharing).toMatchObject({ unknown: true, confirmed: [{ kind: 'public' }] });
    const result = runChecks(CHECKS, inventory).results.find((r) => r.checkId === 'aws-ebs-snapshot-public' && r.resource.id === 'snap-0000000000a1');
    expect(result).toMatchObject({ status: 'fail', messageId: 'publicConfirmed' });
    expect(inventory.coverage).toContainEqual(expect.objectContaining({ status: 'denied', action: 'ec2:DescribeSnapshotAttribute', affected: 1 }));
  });

  it('reports a region whose reads are denied as a coverage gap and goes on with the others', async () => {
    emulator.configure({ faults: [{ region: 'eu-west-1', service: 'ec2', kind: 'access-denied' }] });
    const { inventory } = await collect();
    expect(inventory.snapshots.some((s) => s.region === 'us-east-1')).toBe(true);
    expect(inventory.snapshots.some((s) => s.region === 'eu-west-1')).toBe(false);
    const gaps = inventory.coverage.filter((c) => c.region === 'eu-west-1' && c.status === 'denied');
    expect(gaps.map((g) => g.action)).toEqual(expect.arrayContaining(['ec2:DescribeSnapshots', 'ec2:GetSnapshotBlockPublicAccessState', 'ec2:DescribeInstances']));
    const controls = inventory.regions.find((r) => r.region === 'eu-west-1');
    expect(isUnknown(controls?.snapshotPublicSharingBlock)).toBe(true);
    const bpa = runChecks(CHECKS, inventory).results.find((r) => r.checkId === 'aws-ebs-block-public-access-off' && r.resource.region === 'eu-west-1');
    expect(bpa?.status).toBe('unknown');
  });

  it('treats a read that times out as unknown', async () => {
    emulator.configure({ faults: [{ action: 'GetEbsEncryptionByDefault', region: 'us-east-1', kind: 'timeout', delayMs: 3_000 }] });
    const { inventory } = await collect(scope({ requestTimeoutMs: 300, maxAttempts: 1 }, ['us-east-1']));
    const controls = inventory.regions.find((r) => r.region === 'us-east-1');
    expect(isUnknown(controls?.encryptionByDefault)).toBe(true);
    expect(inventory.coverage).toContainEqual(expect.objectContaining({ status: 'error', action: 'ec2:GetEbsEncryptionByDefault' }));
  });

  it('refuses a region AWS does not offer, and skips one the account has not enabled', async () => {
    await expect(collect(scope({}, ['us-east-1', 'xx-nowhere-9']))).rejects.toThrow(/unknown AWS region "xx-nowhere-9"/);
    const { inventory } = await collect(scope({}, ['us-east-1', 'me-south-1']));
    expect(inventory.accounts[0]?.regions).toEqual(['us-east-1']);
    expect(inventory.coverage).toContainEqual(expect.objectContaining({ region: 'me-south-1', status: 'skipped' }));
  });

  it('returns no account and a coverage line when the credentials are refused', async () => {
    const { inventory } = await collect(scope({ credentials: { accessKeyId: 'AKIAUNKNOWNUNKNOWN00', secretAccessKey: 'x' } }));
    expect(inventory.accounts).toEqual([]);
    expect(inventory.coverage).toEqual([expect.objectContaining({ service: 'sts', status: 'denied', detail: expect.stringMatching(/InvalidClientTokenId/) })]);
    expect(JSON.stringify(inventory.coverage)).not.toContain('AKIAUNKNOWNUNKNOWN00');
  });

  it('paces each account, region and action on its own bucket and stays within the emulated limit', async () => {
    emulator.configure({ rateLimit: { burst: 10, refillPerSecond: 50 } });
    const { inventory } = await collect(scope({ rateShare: 1 }, ['us-east-1']));
    // Our client-side budget (EC2's 100 burst, 20/s) is wider than this emulated bucket, so some
    // calls are throttled and retried; none may be lost.
    expect(inventory.snapshots).toHaveLength(SNAPSHOTS_IN_BULK_REGION);
    expect(inventory.coverage.filter((c) => c.status !== 'ok')).toEqual([]);
  });

  it('calls only actions that its permission set declares', async () => {
    await collect();
    const served = new Set(emulator.calls().map((c) => `${c.service}:${c.action}`));
    expect(served.size).toBeGreaterThan(8);
    for (const action of served) expect(AWS_ACTIONS).toContain(action);
  });
});
