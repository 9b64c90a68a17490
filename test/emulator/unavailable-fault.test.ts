// The `unavailable` fault (a 503) in each cloud's words, and whether each SDK retries it. The Google
// side is covered with its clients in gcp-knobs.test.ts.
import { ListBackupVaultsCommand } from '@aws-sdk/client-backup';
import { DescribeSnapshotsCommand } from '@aws-sdk/client-ec2';
import { ListAccountsCommand } from '@aws-sdk/client-organizations';
import { DescribeDBSnapshotsCommand } from '@aws-sdk/client-rds';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { AUDITOR, azureTestEstate, bearer, collect, computeClient, rawRequest, STATIC_TOKEN, SUB_PROD, TENANT } from './azure-fixtures.js';
import { backupClient, ec2Client, organizationsClient, rdsClient, rejectionOf, stsClient } from './fixtures.js';
import { servicesEstate } from './services-fixtures.js';

describe('AWS', () => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await startEmulator({ estate: servicesEstate() });
  });
  afterAll(async () => {
    await emu.close();
  });

  it('answers each service with its 503', async () => {
    emu.configure({ faults: [{ kind: 'unavailable' }] });
    const failures = await Promise.all([
      rejectionOf(ec2Client(emu).send(new DescribeSnapshotsCommand({ OwnerIds: ['self'] }))),
      rejectionOf(rdsClient(emu).send(new DescribeDBSnapshotsCommand({}))),
      rejectionOf(stsClient(emu).send(new GetCallerIdentityCommand({}))),
      rejectionOf(backupClient(emu).send(new ListBackupVaultsCommand({}))),
      rejectionOf(organizationsClient(emu).send(new ListAccountsCommand({}))),
    ]);
    expect(failures.map((e) => [e.name, e.$metadata?.httpStatusCode])).toEqual([
      ['Unavailable', 503],
      ['ServiceUnavailable', 503],
      ['ServiceUnavailable', 503],
      ['ServiceUnavailableException', 503],
      ['ServiceException', 503],
    ]);
  });

  it('is retried by the AWS SDK', async () => {
    emu.configure({ faults: [{ service: 'ec2', kind: 'unavailable', times: 1 }] });
    emu.resetCalls();
    const result = await ec2Client(emu, { maxAttempts: 2 }).send(new DescribeSnapshotsCommand({ OwnerIds: ['self'] }));
    expect(result.$metadata.attempts).toBe(2);
    expect(emu.calls().map((c) => [c.status, c.errorCode])).toEqual([
      [503, 'Unavailable'],
      [200, undefined],
    ]);
  });
});

describe('Azure', () => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await startEmulator({ estate: azureTestEstate(), azureStaticTokens: { [STATIC_TOKEN]: AUDITOR.clientId } });
  });
  afterAll(async () => {
    await emu.close();
  });

  it('answers ARM with 503 ServiceUnavailable, which the Azure SDK retries', async () => {
    emu.configure({ faults: [{ service: 'Microsoft.Compute', kind: 'unavailable', times: 1 }] });
    emu.resetCalls();
    expect(await collect(computeClient(emu, SUB_PROD, { maxRetries: 2 }).snapshots.list())).toHaveLength(3);
    expect(emu.calls().map((c) => [c.status, c.errorCode])).toEqual([
      [503, 'ServiceUnavailable'],
      [200, undefined],
    ]);
    emu.configure({ faults: [{ service: 'Microsoft.Compute', kind: 'unavailable', times: 1 }] });
    const raw = await rawRequest(emu, `/subscriptions/${SUB_PROD}/providers/Microsoft.Compute/snapshots?api-version=2025-01-02`, { headers: bearer() });
    expect(raw.status).toBe(503);
    expect(raw.json).toMatchObject({ error: { code: 'ServiceUnavailable' } });
  });

  it('answers Entra with 503 temporarily_unavailable', async () => {
    emu.configure({ faults: [{ service: 'entra', action: 'token', kind: 'unavailable', times: 1 }] });
    const body = new URLSearchParams({ grant_type: 'client_credentials', client_id: AUDITOR.clientId, client_secret: AUDITOR.clientSecret, scope: 'https://management.azure.com/.default' }).toString();
    const response = await rawRequest(emu, `/${TENANT}/oauth2/v2.0/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
    expect(response.status).toBe(503);
    expect(response.json).toMatchObject({ error: 'temporarily_unavailable' });
  });
});
