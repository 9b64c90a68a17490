// The emulator's knobs seen through the real SDK: pagination and page caps, injected faults with
// the SDK's own retries, the token-bucket rate limiter, latency, and the call log.
import {
  DescribeImagesCommand,
  DescribeRegionsCommand,
  DescribeSnapshotAttributeCommand,
  DescribeSnapshotsCommand,
  DescribeVolumesCommand,
  GetEbsEncryptionByDefaultCommand,
  paginateDescribeImages,
  paginateDescribeInstances,
  paginateDescribeNetworkAcls,
  paginateDescribeSecurityGroups,
  paginateDescribeSnapshots,
  paginateDescribeVolumes,
  DescribeVpcsCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { ACCOUNT_A, BULK, BULK_COUNTS, ec2Client, HOME, KEY_B, rejectionOf, stsClient, testEstate, UNKNOWN_KEY } from './fixtures.js';

let emu: RunningEmulator;
let bulk: EC2Client;

beforeAll(async () => {
  emu = await startEmulator({ estate: testEstate() });
  bulk = ec2Client(emu, { region: BULK });
});

afterEach(() => {
  emu.configure({ faults: [], rateLimit: false, latencyMs: 0, pageCap: undefined });
  emu.resetCalls();
});

afterAll(async () => {
  bulk.destroy();
  await emu.close();
});

async function pageSizes<T>(pages: AsyncIterable<T>, count: (page: T) => number): Promise<number[]> {
  const sizes: number[] = [];
  for await (const page of pages) sizes.push(count(page));
  return sizes;
}

describe('pagination', () => {
  it('pages snapshots by MaxResults with opaque tokens and no item twice', async () => {
    const seen: string[] = [];
    const sizes: number[] = [];
    for await (const page of paginateDescribeSnapshots({ client: bulk, pageSize: 5 }, { OwnerIds: ['self'] })) {
      sizes.push(page.Snapshots?.length ?? 0);
      seen.push(...(page.Snapshots ?? []).map((s) => s.SnapshotId ?? ''));
    }
    expect(sizes).toEqual([5, 5, 5, 5, 3]);
    expect(new Set(seen).size).toBe(BULK_COUNTS.snapshots);
    const calls = emu.calls().filter((c) => c.action === 'DescribeSnapshots');
    expect(calls).toHaveLength(5);
    expect(calls[1]?.params['NextToken']).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('pages every Describe action that paginates', async () => {
    const images = paginateDescribeImages({ client: bulk, pageSize: 5 }, { Owners: ['self'] });
    expect(await pageSizes(images, (p) => p.Images?.length ?? 0)).toEqual([5, 3]);
    const volumes = paginateDescribeVolumes({ client: bulk, pageSize: 5 }, {});
    expect(await pageSizes(volumes, (p) => p.Volumes?.length ?? 0)).toEqual([5, 5, 1]);
    const instances = paginateDescribeInstances({ client: bulk, pageSize: 5 }, {});
    expect(await pageSizes(instances, (p) => p.Reservations?.length ?? 0)).toEqual([5, 5, 2]);
    const groups = paginateDescribeSecurityGroups({ client: bulk, pageSize: 5 }, {});
    expect(await pageSizes(groups, (p) => p.SecurityGroups?.length ?? 0)).toEqual([5, 2]);
    const acls = paginateDescribeNetworkAcls({ client: bulk, pageSize: 5 }, {});
    expect(await pageSizes(acls, (p) => p.NetworkAcls?.length ?? 0)).toEqual([5, 1]);
  });

  it('returns everything in one page without MaxResults', async () => {
    const page = await bulk.send(new DescribeSnapshotsCommand({ OwnerIds: ['self'] }));
    expect(page.Snapshots).toHaveLength(BULK_COUNTS.snapshots);
    expect(page.NextToken).toBeUndefined();
  });

  it('caps pages at pageCap whatever MaxResults says, and without MaxResults too', async () => {
    emu.configure({ pageCap: 4 });
    const capped = paginateDescribeSnapshots({ client: bulk, pageSize: 10 }, { OwnerIds: ['self'] });
    expect(await pageSizes(capped, (p) => p.Snapshots?.length ?? 0)).toEqual([4, 4, 4, 4, 4, 3]);
    const sizes: number[] = [];
    let token: string | undefined;
    do {
      const page = await bulk.send(new DescribeSnapshotsCommand({ OwnerIds: ['self'], NextToken: token }));
      sizes.push(page.Snapshots?.length ?? 0);
      token = page.NextToken;
    } while (token !== undefined);
    expect(sizes).toEqual([4, 4, 4, 4, 4, 3]);
    emu.configure({ pageCap: undefined });
    expect((await bulk.send(new DescribeSnapshotsCommand({ OwnerIds: ['self'] }))).Snapshots).toHaveLength(BULK_COUNTS.snapshots);
  });

  it('refuses a token replayed with other parameters, or made up', async () => {
    const first = await bulk.send(new DescribeSnapshotsCommand({ OwnerIds: ['self'], MaxResults: 5 }));
    expect(first.NextToken).toBeDefined();
    const replayed = await rejectionOf(bulk.send(new DescribeSnapshotsCommand({ RestorableByUserIds: ['all'], MaxResults: 5, NextToken: first.NextToken })));
    expect(replayed.name).toBe('InvalidPaginationToken');
    const madeUp = await rejectionOf(bulk.send(new DescribeSnapshotsCommand({ OwnerIds: ['self'], MaxResults: 5, NextToken: 'bm9wZQ' })));
    expect(madeUp.name).toBe('InvalidPaginationToken');
    const otherRegion = await rejectionOf(ec2Client(emu).send(new DescribeSnapshotsCommand({ OwnerIds: ['self'], MaxResults: 5, NextToken: first.NextToken })));
    expect(otherRegion.name).toBe('InvalidPaginationToken');
  });
});

describe('faults', () => {
  // The SDK's own backoff for throttling (500 ms base, jittered) makes this one take a second or two.
  it('throttles the first N matching calls, and the SDK retries through them', { timeout: 15_000 }, async () => {
    emu.configure({ faults: [{ service: 'ec2', action: 'DescribeSnapshots', kind: 'throttle', times: 2 }] });
    const client = ec2Client(emu, { region: BULK, maxAttempts: 3 });
    const page = await client.send(new DescribeSnapshotsCommand({ OwnerIds: ['self'] }));
    expect(page.Snapshots).toHaveLength(BULK_COUNTS.snapshots);
    expect(page.$metadata.attempts).toBe(3);
    expect(emu.calls().map((c) => [c.status, c.errorCode])).toEqual([
      [503, 'RequestLimitExceeded'],
      [503, 'RequestLimitExceeded'],
      [200, undefined],
    ]);
    client.destroy();
  });

  it('gives up with RequestLimitExceeded when throttling outlasts the attempts', async () => {
    emu.configure({ faults: [{ kind: 'throttle' }] });
    const error = await rejectionOf(bulk.send(new DescribeVolumesCommand({})));
    expect(error.name).toBe('RequestLimitExceeded');
    expect(error.$metadata?.httpStatusCode).toBe(503);
  });

  it('denies access in one region only', async () => {
    emu.configure({ faults: [{ service: 'ec2', region: HOME, kind: 'access-denied' }] });
    const home = ec2Client(emu);
    const error = await rejectionOf(home.send(new DescribeSnapshotsCommand({ OwnerIds: ['self'] })));
    expect(error.name).toBe('UnauthorizedOperation');
    expect(error.$metadata?.httpStatusCode).toBe(403);
    expect(error.message).toContain('ec2:DescribeSnapshots');
    expect((await bulk.send(new DescribeSnapshotsCommand({ OwnerIds: ['self'] }))).Snapshots).toHaveLength(BULK_COUNTS.snapshots);
    home.destroy();
  });

  it('matches request parameters and accounts', async () => {
    emu.configure({
      faults: [
        { action: 'DescribeSnapshotAttribute', params: { SnapshotId: 'snap-0a02' }, kind: 'access-denied' },
        { account: '222222222222', kind: 'server-error' },
      ],
    });
    const home = ec2Client(emu);
    const denied = await rejectionOf(home.send(new DescribeSnapshotAttributeCommand({ SnapshotId: 'snap-0a02', Attribute: 'createVolumePermission' })));
    expect(denied.name).toBe('UnauthorizedOperation');
    const allowed = await home.send(new DescribeSnapshotAttributeCommand({ SnapshotId: 'snap-0a01', Attribute: 'createVolumePermission' }));
    expect(allowed.CreateVolumePermissions).toEqual([{ Group: 'all' }]);
    const b = ec2Client(emu, { accessKeyId: KEY_B });
    const failed = await rejectionOf(b.send(new DescribeSnapshotsCommand({ OwnerIds: ['self'] })));
    expect(failed.name).toBe('InternalError');
    expect(failed.$fault).toBe('server');
    expect(failed.$metadata?.httpStatusCode).toBe(500);
    home.destroy();
    b.destroy();
  });

  it('answers a server error once, then serves the retry', async () => {
    emu.configure({ faults: [{ kind: 'server-error', times: 1 }] });
    const client = ec2Client(emu, { region: BULK, maxAttempts: 2 });
    const result = await client.send(new GetEbsEncryptionByDefaultCommand({}));
    expect(result.EbsEncryptionByDefault).toBe(false);
    expect(result.$metadata.attempts).toBe(2);
    client.destroy();
  });

  it('hangs on a timeout fault until the client gives up', async () => {
    emu.configure({ faults: [{ action: 'DescribeVolumes', kind: 'timeout', delayMs: 5_000 }] });
    const client = ec2Client(emu, { region: BULK, requestTimeout: 150 });
    const started = performance.now();
    const error = await rejectionOf(client.send(new DescribeVolumesCommand({})));
    expect(error.name).toBe('TimeoutError');
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(emu.calls().map((c) => [c.action, c.status])).toEqual([['DescribeVolumes', 500]]);
    client.destroy();
  });

  it('answers a server error after the timeout delay when the client waits', async () => {
    emu.configure({ faults: [{ kind: 'timeout', delayMs: 150 }] });
    const started = performance.now();
    const error = await rejectionOf(bulk.send(new DescribeVolumesCommand({})));
    expect(error.name).toBe('InternalError');
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('speaks STS errors to the STS client', async () => {
    emu.configure({ faults: [{ service: 'sts', kind: 'throttle' }] });
    const sts = stsClient(emu);
    const error = await rejectionOf(sts.send(new GetCallerIdentityCommand({})));
    expect(error.name).toBe('Throttling');
    expect(error.$metadata?.httpStatusCode).toBe(400);
    emu.configure({ faults: [{ service: 'sts', kind: 'access-denied' }] });
    expect((await rejectionOf(sts.send(new GetCallerIdentityCommand({})))).name).toBe('AccessDenied');
    sts.destroy();
  });
});

describe('rate limiter', () => {
  it('answers RequestLimitExceeded once the bucket of an account/region/action is empty', async () => {
    emu.configure({ rateLimit: { burst: 3, refillPerSecond: 0.5 } });
    for (let i = 0; i < 3; i++) await bulk.send(new DescribeVolumesCommand({}));
    const error = await rejectionOf(bulk.send(new DescribeVolumesCommand({})));
    expect(error.name).toBe('RequestLimitExceeded');
    expect(error.$metadata?.httpStatusCode).toBe(503);
    // Other actions and regions have buckets of their own.
    await bulk.send(new DescribeSnapshotsCommand({ OwnerIds: ['self'] }));
    await ec2Client(emu).send(new DescribeVolumesCommand({}));
    const sts = stsClient(emu);
    for (let i = 0; i < 3; i++) await sts.send(new GetCallerIdentityCommand({}));
    expect((await rejectionOf(sts.send(new GetCallerIdentityCommand({})))).name).toBe('Throttling');
    sts.destroy();
  });

  it("uses EC2's 100-call burst when turned on with true", async () => {
    emu.configure({ rateLimit: true });
    const outcomes = await Promise.allSettled(Array.from({ length: 150 }, () => bulk.send(new DescribeRegionsCommand({}))));
    const served = outcomes.filter((o) => o.status === 'fulfilled').length;
    expect(served).toBeGreaterThanOrEqual(100);
    expect(served).toBeLessThan(150);
    emu.configure({ rateLimit: false });
    await bulk.send(new DescribeRegionsCommand({}));
  });
});

describe('latency and the call log', () => {
  it('adds the configured latency to every call', async () => {
    emu.configure({ latencyMs: 120 });
    const started = performance.now();
    await bulk.send(new DescribeRegionsCommand({}));
    expect(performance.now() - started).toBeGreaterThanOrEqual(110);
  });

  it('logs every call with its outcome and parameters, never credentials', async () => {
    await bulk.send(new DescribeSnapshotsCommand({ OwnerIds: ['self'], Filters: [{ Name: 'status', Values: ['completed'] }] }));
    await rejectionOf(bulk.send(new DescribeVpcsCommand({})));
    await rejectionOf(ec2Client(emu, { accessKeyId: UNKNOWN_KEY }).send(new DescribeImagesCommand({})));
    await stsClient(emu).send(new GetCallerIdentityCommand({}));
    const calls = emu.calls();
    expect(calls).toEqual([
      {
        service: 'ec2',
        action: 'DescribeSnapshots',
        account: ACCOUNT_A,
        region: BULK,
        status: 200,
        params: { 'Owner.1': 'self', 'Filter.1.Name': 'status', 'Filter.1.Value.1': 'completed' },
      },
      { service: 'ec2', action: 'DescribeVpcs', account: ACCOUNT_A, region: BULK, status: 400, errorCode: 'InvalidAction', params: {} },
      { service: 'ec2', action: 'DescribeImages', account: undefined, region: HOME, status: 401, errorCode: 'AuthFailure', params: {} },
      { service: 'sts', action: 'GetCallerIdentity', account: ACCOUNT_A, region: HOME, status: 200, params: {} },
    ]);
    const logged = JSON.stringify(calls);
    expect(logged).not.toContain('test-secret');
    expect(logged).not.toContain('AKIA');
    emu.resetCalls();
    expect(emu.calls()).toEqual([]);
  });
});
