import { resourceGroupOf, SNAPSHOT_TYPE } from './azure-snapshot-public-network.js';
import { defineCheck } from './define-check.js';
import { CIS_AZURE_2_1, CIS_AZURE_3, MCSB } from './lib/compliance.js';

export const azureSnapshotPlatformKeyOnly = defineCheck({
  id: 'azure-snapshot-platform-key-only',
  title: 'Snapshot is encrypted only with a platform-managed key',
  description:
    'With a platform-managed key, anyone allowed to export or copy the snapshot reads it; no key of yours can be withheld or revoked to stop a copy. A customer-managed key (disk encryption set) adds a control you own.',
  severity: 'low',
  provider: 'azure',
  resourceType: 'Microsoft.Compute/snapshots',
  threat: { techniques: ['T1537'], mitigations: [] },
  compliance: [
    { ...CIS_AZURE_3, controls: ['8.3', '8.4'] },
    { ...CIS_AZURE_2_1, controls: ['7.3', '7.4'] },
    { ...MCSB, controls: ['DP-5'] },
  ],
  messages: {
    platform: 'Snapshot {{name}} is encrypted with a platform-managed key only.',
    customer: 'Snapshot {{name}} is encrypted with a customer-managed key.',
    unreported: 'Which key encrypts snapshot {{name}} is not reported.',
  },
  remediation: {
    text: 'Encrypt with a customer-managed key through a disk encryption set.',
    command:
      'az snapshot update --resource-group {{resourceGroup}} --name {{name}} --encryption-type EncryptionAtRestWithCustomerKey --disk-encryption-set DISK-ENCRYPTION-SET-ID',
    docs: 'https://learn.microsoft.com/azure/virtual-machines/disk-encryption',
  },
  evaluate(inventory, report) {
    for (const snapshot of inventory.snapshots) {
      if (snapshot.type !== SNAPSHOT_TYPE) continue;
      const data = { id: snapshot.id, region: snapshot.region, name: snapshot.name ?? snapshot.id, resourceGroup: resourceGroupOf(snapshot.id) };
      const evidence = { keyKind: snapshot.encryption.keyKind, ...(snapshot.encryption.keyId ? { diskEncryptionSet: snapshot.encryption.keyId } : {}) };
      if (snapshot.encryption.keyKind === 'platform') report.fail({ resource: snapshot, messageId: 'platform', data, evidence });
      else if (snapshot.encryption.keyKind === 'customer') report.pass({ resource: snapshot, messageId: 'customer', data, evidence });
      else report.unknown({ resource: snapshot, messageId: 'unreported', data, evidence });
    }
  },
});
