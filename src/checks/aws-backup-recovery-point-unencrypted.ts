import { isUnknown } from '../model.js';
import { defineCheck } from './define-check.js';
import { FSBP, NIST_800_53_R5 } from './lib/compliance.js';

export const awsBackupRecoveryPointUnencrypted = defineCheck({
  id: 'aws-backup-recovery-point-unencrypted',
  title: 'Backup vault holds unencrypted recovery points',
  description:
    'AWS Backup keeps the encryption of the source for some resource types (EBS snapshots among them): a backup of an unencrypted volume is an unencrypted recovery point that can be shared and read without a key.',
  severity: 'medium',
  provider: 'aws',
  resourceType: 'AWS::Backup::BackupVault',
  threat: { techniques: ['T1537'], mitigations: [] },
  compliance: [
    { ...FSBP, controls: ['Backup.1'] },
    { ...NIST_800_53_R5, controls: ['CP-9(8)', 'SI-12'] },
  ],
  messages: {
    unencrypted: 'Backup vault {{id}} holds {{count}} unencrypted recovery point(s) out of {{total}}.',
    encrypted: 'Every recovery point in backup vault {{id}} is encrypted.',
    unreadable: 'Whether backup vault {{id}} holds unencrypted recovery points is unknown: {{reason}}.',
  },
  remediation: {
    text: 'Encrypt the sources (e.g. EBS encryption by default), then copy each unencrypted recovery point to a vault with a customer-managed key and let the originals expire.',
    command:
      'aws backup start-copy-job --region {{region}} --source-backup-vault-name {{id}} --recovery-point-arn {{example}} --destination-backup-vault-arn ARN-OF-AN-ENCRYPTED-VAULT --iam-role-arn ARN-OF-THE-BACKUP-ROLE',
    docs: 'https://docs.aws.amazon.com/aws-backup/latest/devguide/encryption.html',
  },
  evaluate(inventory, report) {
    for (const vault of inventory.backupVaults) {
      const points = vault.recoveryPoints;
      const data = { id: vault.id, region: vault.region };
      if (isUnknown(points)) {
        report.unknown({ resource: vault, messageId: 'unreadable', data: { ...data, reason: points.reason } });
      } else if (points.unencryptedCount > 0) {
        report.fail({
          resource: vault,
          messageId: 'unencrypted',
          data: { ...data, count: points.unencryptedCount, total: points.total, example: points.unencrypted[0] ?? 'RECOVERY-POINT-ARN' },
          evidence: { total: points.total, unencrypted: points.unencryptedCount, sample: [...points.unencrypted] },
          signals: { unencrypted: true },
        });
      } else {
        report.pass({ resource: vault, messageId: 'encrypted', data, evidence: { total: points.total } });
      }
    }
  },
});
