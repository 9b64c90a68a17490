// AWS Backup through the real SDK v3 client (restJson1): vaults and their paging, access policies
// present and absent, recovery points, and errors named by the x-amzn-ErrorType header.
import {
  GetBackupVaultAccessPolicyCommand,
  ListBackupVaultsCommand,
  ListRecoveryPointsByBackupVaultCommand,
  paginateListBackupVaults,
  ResourceNotFoundException,
  type BackupClient,
} from '@aws-sdk/client-backup';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { ACCOUNT_A, backupClient, BULK, HOME, rejectionOf, UNKNOWN_KEY } from './fixtures.js';
import { OPEN_POLICY, SERVICE_BULK, servicesEstate } from './services-fixtures.js';

let emu: RunningEmulator;
let backup: BackupClient;

beforeAll(async () => {
  emu = await startEmulator({ estate: servicesEstate() });
  backup = backupClient(emu);
});

afterEach(() => {
  emu.configure({ pageCap: undefined });
  emu.resetCalls();
});

afterAll(async () => {
  backup.destroy();
  await emu.close();
});

const vaultArn = (name: string, region = HOME): string => `arn:aws:backup:${region}:${ACCOUNT_A}:backup-vault:${name}`;

describe('ListBackupVaults', () => {
  it('lists the vaults with every field', async () => {
    const { BackupVaultList, NextToken } = await backup.send(new ListBackupVaultsCommand({}));
    expect(NextToken).toBeUndefined();
    expect(BackupVaultList?.map((v) => v.BackupVaultName)).toEqual(['Default', 'open-vault']);
    expect(BackupVaultList?.[0]).toMatchObject({
      BackupVaultArn: vaultArn('Default'),
      VaultType: 'BACKUP_VAULT',
      NumberOfRecoveryPoints: 2,
      Locked: false,
      CreationDate: new Date('2026-01-01T00:00:00.000Z'),
    });
    expect(BackupVaultList?.[0]?.EncryptionKeyArn).toMatch(/^arn:aws:kms:eu-west-1:111111111111:key\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(BackupVaultList?.[1]).toMatchObject({ Locked: true, NumberOfRecoveryPoints: 0, EncryptionKeyArn: 'arn:aws:kms:eu-west-1:111111111111:key/vault' });
  });

  it('pages by maxResults and nextToken, refuses out-of-range sizes and honours pageCap', async () => {
    const bulk = backupClient(emu, { region: BULK });
    const sizes: number[] = [];
    const names: (string | undefined)[] = [];
    for await (const page of paginateListBackupVaults({ client: bulk, pageSize: 3 }, {})) {
      sizes.push(page.BackupVaultList?.length ?? 0);
      names.push(...(page.BackupVaultList ?? []).map((v) => v.BackupVaultName));
    }
    expect(sizes).toEqual([3, 3, 1]);
    expect(new Set(names).size).toBe(SERVICE_BULK.backupVaults);
    expect(emu.calls().map((c) => c.params)).toEqual([
      { maxResults: '3' },
      { maxResults: '3', nextToken: expect.any(String) },
      { maxResults: '3', nextToken: expect.any(String) },
    ]);
    for (const MaxResults of [0, 1001]) {
      const error = await rejectionOf(bulk.send(new ListBackupVaultsCommand({ MaxResults })));
      expect([error.name, error.$metadata?.httpStatusCode]).toEqual(['InvalidParameterValueException', 400]);
    }
    const madeUp = await rejectionOf(bulk.send(new ListBackupVaultsCommand({ NextToken: 'bm9wZQ' })));
    expect(madeUp.name).toBe('InvalidParameterValueException');
    emu.configure({ pageCap: 2 });
    const capped: number[] = [];
    for await (const page of paginateListBackupVaults({ client: bulk }, {})) capped.push(page.BackupVaultList?.length ?? 0);
    expect(capped).toEqual([2, 2, 2, 1]);
    bulk.destroy();
  });

  it('lists no vaults for other vault types or shared vaults', async () => {
    expect((await backup.send(new ListBackupVaultsCommand({ ByVaultType: 'LOGICALLY_AIR_GAPPED_BACKUP_VAULT' }))).BackupVaultList).toEqual([]);
    expect((await backup.send(new ListBackupVaultsCommand({ ByShared: true }))).BackupVaultList).toEqual([]);
  });
});

describe('GetBackupVaultAccessPolicy', () => {
  it('returns the policy document as a string that parses back to the estate policy', async () => {
    const result = await backup.send(new GetBackupVaultAccessPolicyCommand({ BackupVaultName: 'open-vault' }));
    expect(result.BackupVaultName).toBe('open-vault');
    expect(result.BackupVaultArn).toBe(vaultArn('open-vault'));
    expect(JSON.parse(result.Policy ?? '')).toEqual(OPEN_POLICY);
  });

  it('answers ResourceNotFoundException (404) for a vault without a policy and for a missing vault', async () => {
    for (const BackupVaultName of ['Default', 'no-such-vault']) {
      const error = await rejectionOf(backup.send(new GetBackupVaultAccessPolicyCommand({ BackupVaultName })));
      expect(error).toBeInstanceOf(ResourceNotFoundException);
      expect([error.name, error.$metadata?.httpStatusCode, error.$fault]).toEqual(['ResourceNotFoundException', 404, 'client']);
    }
    expect(emu.calls().map((c) => [c.action, c.params, c.errorCode])).toEqual([
      ['GetBackupVaultAccessPolicy', { BackupVaultName: 'Default' }, 'ResourceNotFoundException'],
      ['GetBackupVaultAccessPolicy', { BackupVaultName: 'no-such-vault' }, 'ResourceNotFoundException'],
    ]);
  });
});

describe('ListRecoveryPointsByBackupVault', () => {
  it('lists recovery points with ARNs, resources and encryption', async () => {
    const { RecoveryPoints } = await backup.send(new ListRecoveryPointsByBackupVaultCommand({ BackupVaultName: 'Default' }));
    expect(RecoveryPoints).toHaveLength(2);
    expect(RecoveryPoints?.[0]).toMatchObject({
      RecoveryPointArn: `arn:aws:ec2:${HOME}::snapshot/snap-0e01`,
      BackupVaultName: 'Default',
      BackupVaultArn: vaultArn('Default'),
      ResourceArn: 'arn:aws:ec2:eu-west-1:111111111111:volume/vol-0a01',
      ResourceType: 'EBS',
      Status: 'COMPLETED',
      IsEncrypted: true,
      CreationDate: new Date('2026-01-03T00:00:00.000Z'),
    });
    expect(RecoveryPoints?.[0]?.EncryptionKeyArn).toMatch(/^arn:aws:kms:/);
    expect(RecoveryPoints?.[1]).toMatchObject({
      RecoveryPointArn: `arn:aws:backup:${HOME}:${ACCOUNT_A}:recovery-point:rp-rds-1`,
      ResourceType: 'RDS',
      IsEncrypted: false,
    });
    expect(RecoveryPoints?.[1]?.EncryptionKeyArn).toBeUndefined();
  });

  it('filters by resource type and creation date, pages, and refuses a missing vault', async () => {
    const rds = await backup.send(new ListRecoveryPointsByBackupVaultCommand({ BackupVaultName: 'Default', ByResourceType: 'RDS' }));
    expect(rds.RecoveryPoints?.map((p) => p.ResourceType)).toEqual(['RDS']);
    const recent = await backup.send(
      new ListRecoveryPointsByBackupVaultCommand({ BackupVaultName: 'Default', ByCreatedAfter: new Date('2026-01-04T00:00:00.000Z') }),
    );
    expect(recent.RecoveryPoints?.map((p) => p.ResourceType)).toEqual(['RDS']);
    const first = await backup.send(new ListRecoveryPointsByBackupVaultCommand({ BackupVaultName: 'Default', MaxResults: 1 }));
    expect(first.RecoveryPoints).toHaveLength(1);
    const second = await backup.send(new ListRecoveryPointsByBackupVaultCommand({ BackupVaultName: 'Default', MaxResults: 1, NextToken: first.NextToken }));
    expect([second.RecoveryPoints?.[0]?.ResourceType, second.NextToken]).toEqual(['RDS', undefined]);
    const error = await rejectionOf(backup.send(new ListRecoveryPointsByBackupVaultCommand({ BackupVaultName: 'no-such-vault' })));
    expect(error.name).toBe('ResourceNotFoundException');
  });
});

describe('authentication', () => {
  it('refuses an unknown key and a disabled region with UnrecognizedClientException (403)', async () => {
    for (const client of [backupClient(emu, { accessKeyId: UNKNOWN_KEY }), backupClient(emu, { region: 'af-south-1' })]) {
      const error = await rejectionOf(client.send(new ListBackupVaultsCommand({})));
      expect([error.name, error.$metadata?.httpStatusCode]).toEqual(['UnrecognizedClientException', 403]);
      client.destroy();
    }
  });
});
