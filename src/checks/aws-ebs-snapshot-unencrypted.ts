import { defineCheck } from './define-check.js';
import { widestExposure } from './lib/sharing.js';

export const awsEbsSnapshotUnencrypted = defineCheck({
  id: 'aws-ebs-snapshot-unencrypted',
  title: 'EBS snapshot is not encrypted',
  description:
    'An unencrypted snapshot can be shared with any account, even publicly, and whoever restores it reads the data with no key to ask for. A snapshot encrypted with a customer-managed KMS key can only be used by accounts the key policy admits.',
  severity: 'medium',
  provider: 'aws',
  resourceType: 'AWS::EC2::Snapshot',
  threat: { techniques: ['T1537'], mitigations: [] },
  // Security Hub has no snapshot-encryption control (EC2.3 covers attached volumes only).
  compliance: [],
  messages: {
    unencrypted: 'Snapshot {{id}} is not encrypted.',
    encrypted: 'Snapshot {{id}} is encrypted ({{keyKind}} key).',
  },
  remediation: {
    text: 'Copy the snapshot with encryption under a customer-managed KMS key, move its users to the copy, then retire the unencrypted original.',
    command:
      'aws ec2 copy-snapshot --region {{region}} --source-region {{region}} --source-snapshot-id {{id}} --encrypted --kms-key-id alias/YOUR-KEY --description {{copyDescription}}',
    docs: 'https://docs.aws.amazon.com/ebs/latest/userguide/ebs-copy-snapshot.html',
  },
  evaluate(inventory, report) {
    for (const snapshot of inventory.snapshots) {
      // One word, quoted whole by fillCommand: a value inside a double-quoted string would not be.
      const data = { id: snapshot.id, region: snapshot.region, keyKind: snapshot.encryption.keyKind, copyDescription: `encrypted copy of ${snapshot.id}` };
      const evidence = { encrypted: snapshot.encryption.encrypted, keyKind: snapshot.encryption.keyKind, ...(snapshot.encryption.keyId ? { kmsKeyId: snapshot.encryption.keyId } : {}) };
      if (snapshot.encryption.encrypted) {
        report.pass({ resource: snapshot, messageId: 'encrypted', data, evidence });
      } else {
        const exposure = widestExposure(snapshot.sharing);
        report.fail({ resource: snapshot, messageId: 'unencrypted', data, evidence, signals: { unencrypted: true, ...(exposure ? { exposure } : {}) } });
      }
    }
  },
});
