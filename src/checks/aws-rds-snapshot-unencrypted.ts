import { dbSnapshotCommand } from './aws-rds-snapshot-public.js';
import { defineCheck } from './define-check.js';
import { FSBP, NIST_800_53_R5 } from './lib/compliance.js';
import { widestExposure } from './lib/sharing.js';

export const awsRdsSnapshotUnencrypted = defineCheck({
  id: 'aws-rds-snapshot-unencrypted',
  title: 'RDS DB or cluster snapshot is not encrypted',
  description:
    'An unencrypted DB snapshot can be made public or shared with any account, and whoever restores it reads the data with no key to ask for. Encrypted snapshots can never be made public, and a customer-managed key decides who else may use them.',
  severity: 'medium',
  provider: 'aws',
  resourceType: 'AWS::RDS::DBSnapshot',
  threat: { techniques: ['T1537'], mitigations: [] },
  compliance: [
    { ...FSBP, controls: ['RDS.4'] },
    { ...NIST_800_53_R5, controls: ['CA-9(1)', 'CM-3(6)', 'SC-13', 'SC-28', 'SC-28(1)', 'SC-7(10)', 'SI-7(6)'] },
  ],
  messages: {
    unencrypted: '{{kind}} {{id}} ({{engine}}) is not encrypted.',
    encrypted: '{{kind}} {{id}} is encrypted.',
  },
  remediation: {
    text: 'Copy the snapshot with a customer-managed KMS key (the copy is encrypted), move its users to the copy, then retire the unencrypted original.',
    command: 'aws rds {{copyCommand}} --region {{region}} {{sourceFlag}} {{id}} {{targetFlag}} {{id}}-encrypted --kms-key-id alias/YOUR-KEY',
    docs: 'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_CopySnapshot.html',
  },
  evaluate(inventory, report) {
    for (const snapshot of inventory.dbSnapshots) {
      const cluster = dbSnapshotCommand(snapshot.type).kind === 'Cluster snapshot';
      const data = {
        id: snapshot.id,
        region: snapshot.region,
        engine: snapshot.engine ?? 'unknown engine',
        kind: dbSnapshotCommand(snapshot.type).kind,
        copyCommand: cluster ? 'copy-db-cluster-snapshot' : 'copy-db-snapshot',
        sourceFlag: cluster ? '--source-db-cluster-snapshot-identifier' : '--source-db-snapshot-identifier',
        targetFlag: cluster ? '--target-db-cluster-snapshot-identifier' : '--target-db-snapshot-identifier',
      };
      const evidence = { encrypted: snapshot.encryption.encrypted, snapshotType: snapshot.snapshotType ?? 'unknown', ...(snapshot.encryption.keyId ? { kmsKeyId: snapshot.encryption.keyId } : {}) };
      if (snapshot.encryption.encrypted) {
        report.pass({ resource: snapshot, messageId: 'encrypted', data, evidence });
      } else {
        const exposure = widestExposure(snapshot.sharing);
        report.fail({ resource: snapshot, messageId: 'unencrypted', data, evidence, signals: { unencrypted: true, ...(exposure ? { exposure } : {}) } });
      }
    }
  },
});
