// STS AssumeRole through the real SDK v3 clients: temporary credentials that act as the role's
// account in every service, the refusals AWS gives, and what never reaches the call log.
import { DescribeSnapshotsCommand } from '@aws-sdk/client-ec2';
import { DescribeDBSnapshotsCommand } from '@aws-sdk/client-rds';
import { AssumeRoleCommand, GetCallerIdentityCommand, type AssumeRoleCommandInput, type STSClient } from '@aws-sdk/client-sts';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import {
  ACCOUNT_A,
  ACCOUNT_B,
  ec2Client,
  HOME,
  KEY_B,
  rdsClient,
  rejectionOf,
  stsClient,
  type TemporaryCredentials,
} from './fixtures.js';
import { ACCOUNT_C, AUDIT_ROLE, EXTERNAL_ID, ORG_ROLE, servicesEstate } from './services-fixtures.js';

let emu: RunningEmulator;
let sts: STSClient;

beforeAll(async () => {
  emu = await startEmulator({ estate: servicesEstate() });
  sts = stsClient(emu);
});

afterEach(() => {
  vi.useRealTimers();
  emu.resetCalls();
});

afterAll(async () => {
  sts.destroy();
  await emu.close();
});

const AUDIT_ARN = `arn:aws:iam::${ACCOUNT_C}:role/${AUDIT_ROLE}`;

async function assume(input: AssumeRoleCommandInput, client: STSClient = sts): Promise<TemporaryCredentials> {
  const { Credentials } = await client.send(new AssumeRoleCommand(input));
  return { accessKeyId: Credentials?.AccessKeyId ?? '', secretAccessKey: Credentials?.SecretAccessKey ?? '', sessionToken: Credentials?.SessionToken ?? '' };
}

describe('AssumeRole', () => {
  it('returns temporary credentials and the assumed-role user', async () => {
    const before = Date.now();
    const result = await sts.send(new AssumeRoleCommand({ RoleArn: AUDIT_ARN, RoleSessionName: 'audit-1', ExternalId: EXTERNAL_ID, DurationSeconds: 900 }));
    const { Credentials, AssumedRoleUser } = result;
    expect(Credentials?.AccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(Credentials?.SecretAccessKey).toMatch(/^[A-Za-z0-9+/]{40}$/);
    expect(Credentials?.SessionToken?.length).toBeGreaterThan(100);
    const expiresIn = (Credentials?.Expiration?.getTime() ?? 0) - before;
    expect(expiresIn).toBeGreaterThan(899_000);
    expect(expiresIn).toBeLessThan(902_000);
    expect(AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${ACCOUNT_C}:assumed-role/${AUDIT_ROLE}/audit-1`);
    expect(AssumedRoleUser?.AssumedRoleId).toMatch(/^AROA[A-Z2-7]{17}:audit-1$/);

    const again = await sts.send(new AssumeRoleCommand({ RoleArn: AUDIT_ARN, RoleSessionName: 'audit-2', ExternalId: EXTERNAL_ID }));
    expect(again.Credentials?.AccessKeyId).not.toBe(Credentials?.AccessKeyId);
    expect(again.AssumedRoleUser?.AssumedRoleId?.split(':')[0]).toBe(AssumedRoleUser?.AssumedRoleId?.split(':')[0]);
    const defaultExpiry = (again.Credentials?.Expiration?.getTime() ?? 0) - Date.now();
    expect(Math.round(defaultExpiry / 60_000)).toBe(60);
  });

  it('acts as the role account in EC2, RDS and STS with the temporary credentials', async () => {
    const credentials = await assume({ RoleArn: AUDIT_ARN, RoleSessionName: 'audit', ExternalId: EXTERNAL_ID });
    const identity = await stsClient(emu, { credentials }).send(new GetCallerIdentityCommand({}));
    expect(identity.Account).toBe(ACCOUNT_C);
    expect(identity.Arn).toBe(`arn:aws:sts::${ACCOUNT_C}:assumed-role/${AUDIT_ROLE}/audit`);
    expect(identity.UserId).toMatch(/^AROA[A-Z2-7]{17}:audit$/);
    const snapshots = await ec2Client(emu, { credentials }).send(new DescribeSnapshotsCommand({ OwnerIds: ['self'] }));
    expect(snapshots.Snapshots?.map((s) => [s.SnapshotId, s.OwnerId])).toEqual([['snap-0c01', ACCOUNT_C]]);
    const dbSnapshots = await rdsClient(emu, { credentials }).send(new DescribeDBSnapshotsCommand({}));
    expect(dbSnapshots.DBSnapshots?.map((s) => s.DBSnapshotArn)).toEqual([`arn:aws:rds:${HOME}:${ACCOUNT_C}:snapshot:c-db`]);
    expect(emu.calls().map((c) => [c.service, c.action, c.account])).toEqual([
      ['sts', 'AssumeRole', ACCOUNT_A],
      ['sts', 'GetCallerIdentity', ACCOUNT_C],
      ['ec2', 'DescribeSnapshots', ACCOUNT_C],
      ['rds', 'DescribeDBSnapshots', ACCOUNT_C],
    ]);
  });

  it('works with the SDK credential provider fromTemporaryCredentials, and chains roles', async () => {
    const provider = fromTemporaryCredentials({
      params: { RoleArn: AUDIT_ARN, ExternalId: EXTERNAL_ID, RoleSessionName: 'provider' },
      masterCredentials: { accessKeyId: 'AKIAAAAAAAAAAAAAAAAA', secretAccessKey: 'test-secret-not-a-real-one' },
      clientConfig: { endpoint: emu.url, region: HOME },
    });
    const credentials = await provider();
    const asC = stsClient(emu, { credentials: { accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey, sessionToken: credentials.sessionToken ?? '' } });
    expect((await asC.send(new GetCallerIdentityCommand({}))).Account).toBe(ACCOUNT_C);
    // C is trusted by A's Chained role: a session may assume a role in turn, for an hour at most.
    const chained = await assume({ RoleArn: `arn:aws:iam::${ACCOUNT_A}:role/Chained`, RoleSessionName: 'back' }, asC);
    expect((await stsClient(emu, { credentials: chained }).send(new GetCallerIdentityCommand({}))).Arn).toBe(
      `arn:aws:sts::${ACCOUNT_A}:assumed-role/Chained/back`,
    );
    const tooLong = await rejectionOf(asC.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT_A}:role/Chained`, RoleSessionName: 'x1', DurationSeconds: 7200 })));
    expect(tooLong.name).toBe('ValidationError');
    expect(tooLong.message).toContain('role chaining');
    asC.destroy();
  });

  it('refuses a wrong or missing external id, an untrusted caller, an unknown role or account with AccessDenied', async () => {
    const stsB = stsClient(emu, { accessKeyId: KEY_B });
    const cases: [STSClient, string, string, string | undefined][] = [
      [sts, `arn:aws:iam::${ACCOUNT_A}:user/snapaudit-auditor`, AUDIT_ARN, 'wrong'],
      [sts, `arn:aws:iam::${ACCOUNT_A}:user/snapaudit-auditor`, AUDIT_ARN, undefined],
      [stsB, `arn:aws:iam::${ACCOUNT_B}:user/snapaudit-auditor`, AUDIT_ARN, EXTERNAL_ID],
      [sts, `arn:aws:iam::${ACCOUNT_A}:user/snapaudit-auditor`, `arn:aws:iam::${ACCOUNT_C}:role/NoSuchRole`, undefined],
      [sts, `arn:aws:iam::${ACCOUNT_A}:user/snapaudit-auditor`, `arn:aws:iam::999999999999:role/${ORG_ROLE}`, undefined],
    ];
    for (const [client, callerArn, roleArn, externalId] of cases) {
      const error = await rejectionOf(client.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 's1', ExternalId: externalId })));
      expect([error.name, error.$metadata?.httpStatusCode]).toEqual(['AccessDenied', 403]);
      expect(error.message).toBe(`User: ${callerArn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`);
    }
    stsB.destroy();
  });

  it('validates the session name, the duration and the role ARN', async () => {
    const base = { RoleArn: `arn:aws:iam::${ACCOUNT_C}:role/${ORG_ROLE}`, RoleSessionName: 'ok' };
    for (const input of [{ ...base, RoleSessionName: 'has space' }, { ...base, DurationSeconds: 899 }, { ...base, DurationSeconds: 3601 }, { ...base, RoleArn: 'not-an-arn' }]) {
      const error = await rejectionOf(sts.send(new AssumeRoleCommand(input)));
      expect([error.name, error.$metadata?.httpStatusCode]).toEqual(['ValidationError', 400]);
    }
  });

  it('refuses a session key with a wrong token, and once it has expired', async () => {
    const credentials = await assume({ RoleArn: AUDIT_ARN, RoleSessionName: 'short', ExternalId: EXTERNAL_ID, DurationSeconds: 900 });
    const forged = rdsClient(emu, { credentials: { ...credentials, sessionToken: `${credentials.sessionToken}x` } });
    expect((await rejectionOf(forged.send(new DescribeDBSnapshotsCommand({})))).name).toBe('InvalidClientTokenId');
    const noToken = stsClient(emu, { accessKeyId: credentials.accessKeyId });
    expect((await rejectionOf(noToken.send(new GetCallerIdentityCommand({})))).name).toBe('InvalidClientTokenId');
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 901_000 });
    const expired = stsClient(emu, { credentials });
    const error = await rejectionOf(expired.send(new GetCallerIdentityCommand({})));
    expect([error.name, error.$metadata?.httpStatusCode]).toEqual(['ExpiredToken', 400]);
    expect((await rejectionOf(rdsClient(emu, { credentials }).send(new DescribeDBSnapshotsCommand({})))).name).toBe('ExpiredToken');
    forged.destroy();
    noToken.destroy();
    expired.destroy();
  });

  it('keeps secrets, session tokens and access keys out of the call log', async () => {
    const credentials = await assume({ RoleArn: AUDIT_ARN, RoleSessionName: 'log', ExternalId: EXTERNAL_ID });
    await rdsClient(emu, { credentials }).send(new DescribeDBSnapshotsCommand({}));
    const calls = emu.calls();
    expect(calls.map((c) => [c.service, c.action, c.params])).toEqual([
      ['sts', 'AssumeRole', { RoleArn: AUDIT_ARN, RoleSessionName: 'log', ExternalId: EXTERNAL_ID }],
      ['rds', 'DescribeDBSnapshots', {}],
    ]);
    const logged = JSON.stringify(calls);
    for (const secret of [credentials.accessKeyId, credentials.secretAccessKey, credentials.sessionToken, 'test-secret', 'AKIA', 'ASIA']) {
      expect(logged).not.toContain(secret);
    }
  });
});
