// AWS Backup in one account and region: vaults, who their access policies let in, and whether
// their recovery points are encrypted.
import { GetBackupVaultAccessPolicyCommand, paginateListBackupVaults, paginateListRecoveryPointsByBackupVault, type BackupVaultListMember } from '@aws-sdk/client-backup';
import { isUnknown, type BackupVault, type Inventory, type Maybe, type VaultAccess } from '../../src/model.js';
import { vaultAccess } from './backup-policy.js';
import { classifyAwsError } from './errors.js';
import { attempt, collectPages, readOne, type RegionJob } from './region-reads.js';

const PAGE_SIZE = 1000;
const SAMPLE = 5;

async function accessOf(job: RegionJob, name: string): Promise<Maybe<VaultAccess[]>> {
  const client = job.clients.backup(job.region);
  const policy = await readOne(job, 'backup', 'GetBackupVaultAccessPolicy', name, async () => {
    try {
      return (await client.send(new GetBackupVaultAccessPolicyCommand({ BackupVaultName: name }))).Policy;
    } catch (error) {
      // A vault without an access policy answers ResourceNotFoundException: nothing is granted.
      if (classifyAwsError(error).code === 'ResourceNotFoundException') return undefined;
      throw error;
    }
  });
  if (isUnknown(policy)) return policy;
  if (policy === undefined) return [];
  return vaultAccess(policy, { ownAccount: job.account, trust: job.trust, ...(job.organization ? { organization: job.organization } : {}) });
}

async function recoveryPointsOf(job: RegionJob, name: string): Promise<BackupVault['recoveryPoints']> {
  const client = job.clients.backup(job.region);
  const points = await readOne(job, 'backup', 'ListRecoveryPointsByBackupVault', name, () =>
    collectPages(paginateListRecoveryPointsByBackupVault({ client, pageSize: PAGE_SIZE, stopOnSameToken: true }, { BackupVaultName: name }), (p) => p.RecoveryPoints),
  );
  if (isUnknown(points)) return points;
  const unencrypted = points.filter((p) => p.IsEncrypted === false).map((p) => p.RecoveryPointArn ?? '(unnamed)');
  return { total: points.length, unencrypted: unencrypted.slice(0, SAMPLE), unencryptedCount: unencrypted.length };
}

function toVault(raw: BackupVaultListMember, job: RegionJob, access: BackupVault['access'], recoveryPoints: BackupVault['recoveryPoints']): BackupVault {
  return {
    kind: 'backup-vault',
    provider: 'aws',
    account: job.account,
    region: job.region,
    type: 'AWS::Backup::BackupVault',
    id: raw.BackupVaultName ?? 'unknown-vault',
    tags: {},
    ...(raw.CreationDate ? { createdAt: raw.CreationDate.toISOString() } : {}),
    ...(raw.EncryptionKeyArn ? { encryptionKey: raw.EncryptionKeyArn } : {}),
    ...(raw.Locked !== undefined ? { locked: raw.Locked } : {}),
    access,
    recoveryPoints,
  };
}

export async function collectBackupRegion(job: RegionJob): Promise<Partial<Inventory>> {
  const client = job.clients.backup(job.region);
  const vaults = await attempt(job, 'backup', 'ListBackupVaults', () =>
    collectPages(paginateListBackupVaults({ client, pageSize: PAGE_SIZE, stopOnSameToken: true }, {}), (p) => p.BackupVaultList),
  );
  if (isUnknown(vaults)) return {};
  const backupVaults = await Promise.all(
    vaults.map(async (raw) => {
      const name = raw.BackupVaultName ?? '';
      const [access, recoveryPoints] = await Promise.all([accessOf(job, name), recoveryPointsOf(job, name)]);
      return toVault(raw, job, access, recoveryPoints);
    }),
  );
  return { backupVaults };
}
