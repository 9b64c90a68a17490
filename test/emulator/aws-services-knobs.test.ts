// The knobs on RDS, Backup, Organizations and STS AssumeRole: injected faults in each service's
// words (and the SDK's retries through them), RDS's whole-service rate limit, and the call log's
// `service:Action` names, which are the IAM permission names.
import { ListBackupVaultsCommand } from '@aws-sdk/client-backup';
import { DescribeSnapshotsCommand } from '@aws-sdk/client-ec2';
import { ListAccountsCommand } from '@aws-sdk/client-organizations';
import {
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  DescribeDBSnapshotAttributesCommand,
  DescribeDBSnapshotsCommand,
} from '@aws-sdk/client-rds';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SERVED_ACTIONS, startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { ACCOUNT_A, backupClient, ec2Client, HOME, organizationsClient, rdsClient, rejectionOf, stsClient } from './fixtures.js';
import { ACCOUNT_C, AUDIT_ROLE, EXTERNAL_ID, servicesEstate } from './services-fixtures.js';

let emu: RunningEmulator;

beforeAll(async () => {
  emu = await startEmulator({ estate: servicesEstate() });
});

afterEach(() => {
  emu.configure({ faults: [], rateLimit: false, latencyMs: 0, pageCap: undefined });
  emu.resetCalls();
});

afterAll(async () => {
  await emu.close();
});

describe('injected faults', () => {
  // The SDK's backoff for throttling (500 ms base, jittered) makes each of these take a second or so.
  it('throttles RDS with Throttling, and the SDK retries to success', { timeout: 15_000 }, async () => {
    emu.configure({ faults: [{ service: 'rds', action: 'DescribeDBSnapshots', kind: 'throttle', times: 2 }] });
    const rds = rdsClient(emu, { maxAttempts: 3 });
    const result = await rds.send(new DescribeDBSnapshotsCommand({}));
    expect(result.DBSnapshots?.length).toBeGreaterThan(0);
    expect(result.$metadata.attempts).toBe(3);
    expect(emu.calls().map((c) => [c.status, c.errorCode])).toEqual([
      [400, 'Throttling'],
      [400, 'Throttling'],
      [200, undefined],
    ]);
    rds.destroy();
  });

  it('throttles Backup with ThrottlingException, and the SDK retries to success', { timeout: 15_000 }, async () => {
    emu.configure({ faults: [{ service: 'backup', kind: 'throttle', times: 1 }] });
    const once = backupClient(emu, { maxAttempts: 1 });
    const error = await rejectionOf(once.send(new ListBackupVaultsCommand({})));
    expect([error.name, error.$metadata?.httpStatusCode]).toEqual(['ThrottlingException', 400]);
    emu.configure({ faults: [{ service: 'backup', kind: 'throttle', times: 1 }] });
    const backup = backupClient(emu, { maxAttempts: 2 });
    const result = await backup.send(new ListBackupVaultsCommand({}));
    expect([result.BackupVaultList?.length, result.$metadata.attempts]).toEqual([2, 2]);
    once.destroy();
    backup.destroy();
  });

  it('throttles Organizations with TooManyRequestsException, which the SDK retries', { timeout: 15_000 }, async () => {
    emu.configure({ faults: [{ service: 'organizations', kind: 'throttle', times: 1 }] });
    const organizations = organizationsClient(emu, { maxAttempts: 2 });
    const result = await organizations.send(new ListAccountsCommand({}));
    expect(result.$metadata.attempts).toBe(2);
    expect(emu.calls()[0]?.errorCode).toBe('TooManyRequestsException');
    organizations.destroy();
  });

  it('denies access per service in its own words, down to one snapshot', async () => {
    emu.configure({
      faults: [
        { service: 'rds', action: 'DescribeDBSnapshotAttributes', params: { DBSnapshotIdentifier: 'db-shared' }, kind: 'access-denied' },
        { service: 'backup', region: HOME, kind: 'access-denied' },
        { service: 'organizations', kind: 'access-denied' },
      ],
    });
    const rds = rdsClient(emu);
    const denied = await rejectionOf(rds.send(new DescribeDBSnapshotAttributesCommand({ DBSnapshotIdentifier: 'db-shared' })));
    expect([denied.name, denied.$metadata?.httpStatusCode]).toEqual(['AccessDenied', 403]);
    expect(denied.message).toContain('rds:DescribeDBSnapshotAttributes');
    await rds.send(new DescribeDBSnapshotAttributesCommand({ DBSnapshotIdentifier: 'db-public' }));
    const backup = await rejectionOf(backupClient(emu).send(new ListBackupVaultsCommand({})));
    expect([backup.name, backup.$metadata?.httpStatusCode]).toEqual(['AccessDeniedException', 403]);
    expect(backup.message).toContain('backup:ListBackupVaults');
    const organizations = await rejectionOf(organizationsClient(emu).send(new ListAccountsCommand({})));
    expect(organizations.name).toBe('AccessDeniedException');
    expect(organizations.message).toContain('organizations:ListAccounts');
    rds.destroy();
  });

  it('answers server errors as each service does, retried by the SDK', async () => {
    emu.configure({ faults: [{ service: 'rds', kind: 'server-error', times: 1 }, { service: 'backup', kind: 'server-error', times: 1 }] });
    const rds = rdsClient(emu, { maxAttempts: 2 });
    expect((await rds.send(new DescribeDBInstancesCommand({}))).$metadata.attempts).toBe(2);
    const backup = backupClient(emu, { maxAttempts: 2 });
    expect((await backup.send(new ListBackupVaultsCommand({}))).$metadata.attempts).toBe(2);
    expect(emu.calls().map((c) => [c.service, c.status, c.errorCode])).toEqual([
      ['rds', 500, 'InternalFailure'],
      ['rds', 200, undefined],
      ['backup', 500, 'ServiceUnavailableException'],
      ['backup', 200, undefined],
    ]);
    rds.destroy();
    backup.destroy();
  });
});

describe('rate limiter', () => {
  it('shares one RDS bucket across all actions of an account and region, unlike EC2', async () => {
    emu.configure({ rateLimit: { burst: 3, refillPerSecond: 0.5 } });
    const rds = rdsClient(emu);
    await rds.send(new DescribeDBSnapshotsCommand({}));
    await rds.send(new DescribeDBInstancesCommand({}));
    await rds.send(new DescribeDBClustersCommand({}));
    const error = await rejectionOf(rds.send(new DescribeDBSnapshotAttributesCommand({ DBSnapshotIdentifier: 'db-public' })));
    expect([error.name, error.$metadata?.httpStatusCode]).toEqual(['Throttling', 400]);
    // Other regions, other services and EC2's per-action buckets are untouched.
    await rdsClient(emu, { region: 'us-east-1' }).send(new DescribeDBSnapshotsCommand({}));
    await backupClient(emu).send(new ListBackupVaultsCommand({}));
    const ec2 = ec2Client(emu);
    for (let i = 0; i < 3; i++) await ec2.send(new DescribeSnapshotsCommand({ OwnerIds: ['self'] }));
    rds.destroy();
  });

  it("uses RDS's 300-call burst when turned on with true", async () => {
    emu.configure({ rateLimit: true });
    const rds = rdsClient(emu);
    const outcomes = await Promise.allSettled(
      Array.from({ length: 330 }, (_, i) => rds.send(i % 2 === 0 ? new DescribeDBSnapshotsCommand({}) : new DescribeDBClustersCommand({}))),
    );
    const served = outcomes.filter((o) => o.status === 'fulfilled').length;
    expect(served).toBeGreaterThanOrEqual(300);
    expect(served).toBeLessThan(330);
    const refused = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect((refused?.reason as Error | undefined)?.name).toBe('Throttling');
    rds.destroy();
  });
});

describe('the call log', () => {
  it('names services and actions as IAM permissions, and every served action is exported', async () => {
    const sts = stsClient(emu);
    await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT_C}:role/${AUDIT_ROLE}`, RoleSessionName: 'log', ExternalId: EXTERNAL_ID }));
    await rdsClient(emu).send(new DescribeDBSnapshotsCommand({}));
    await backupClient(emu).send(new ListBackupVaultsCommand({ MaxResults: 10 }));
    await organizationsClient(emu).send(new ListAccountsCommand({ MaxResults: 5 }));
    const calls = emu.calls();
    expect(calls.map((c) => `${c.service}:${c.action}`)).toEqual([
      'sts:AssumeRole',
      'rds:DescribeDBSnapshots',
      'backup:ListBackupVaults',
      'organizations:ListAccounts',
    ]);
    const permissions = new Set(Object.entries(SERVED_ACTIONS).flatMap(([service, actions]) => actions.map((a) => `${service}:${a}`)));
    for (const call of calls) expect(permissions).toContain(`${call.service}:${call.action}`);
    expect(calls.map((c) => [c.account, c.region, c.params])).toEqual([
      [ACCOUNT_A, HOME, { RoleArn: `arn:aws:iam::${ACCOUNT_C}:role/${AUDIT_ROLE}`, RoleSessionName: 'log', ExternalId: EXTERNAL_ID }],
      [ACCOUNT_A, HOME, {}],
      [ACCOUNT_A, HOME, { maxResults: '10' }],
      [ACCOUNT_A, 'us-east-1', { MaxResults: '5' }],
    ]);
    expect(SERVED_ACTIONS).toEqual({
      ec2: expect.arrayContaining(['DescribeSnapshots', 'DescribeSnapshotAttribute']),
      sts: ['GetCallerIdentity', 'AssumeRole'],
      rds: [
        'DescribeDBSnapshots',
        'DescribeDBSnapshotAttributes',
        'DescribeDBClusterSnapshots',
        'DescribeDBClusterSnapshotAttributes',
        'DescribeDBInstances',
        'DescribeDBClusters',
      ],
      backup: ['ListBackupVaults', 'GetBackupVaultAccessPolicy', 'ListRecoveryPointsByBackupVault'],
      organizations: ['DescribeOrganization', 'ListAccounts', 'ListRoots', 'ListParents', 'ListPoliciesForTarget', 'DescribePolicy'],
      iam: ['GetAccountAuthorizationDetails', 'GenerateCredentialReport', 'GetCredentialReport', 'GetAccountPasswordPolicy', 'GetAccountSummary'],
      cloudtrail: ['DescribeTrails', 'GetTrailStatus', 'GetEventSelectors', 'LookupEvents'],
    });
    sts.destroy();
  });
});
