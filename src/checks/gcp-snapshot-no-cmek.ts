import { defineCheck } from './define-check.js';

export const gcpSnapshotNoCmek = defineCheck({
  id: 'gcp-snapshot-no-cmek',
  title: 'Snapshot is not encrypted with a customer-managed key',
  description:
    'With Google-managed encryption, anyone allowed to use the snapshot reads it; no key of yours can be withheld or revoked to stop a copy. A Cloud KMS key (CMEK) adds a control you own and an audit trail of its use.',
  severity: 'low',
  provider: 'gcp',
  resourceType: 'compute.googleapis.com/Snapshot',
  threat: { techniques: ['T1537'], mitigations: [] },
  // CIS 4.7 asks for customer-supplied keys (CSEK) on critical VMs' disks; no CIS control covers CMEK.
  // CIS GCP 4.7 asks for customer-supplied keys (CSEK) on VM disks, which a CMEK does not meet: no mapping.
  compliance: [],
  messages: {
    google: 'Snapshot {{name}} is encrypted with a Google-managed key only.',
    customer: 'Snapshot {{name}} is encrypted with a customer-managed key.',
  },
  remediation: {
    text: 'Snapshots cannot change key: take a new snapshot of the source disk with a Cloud KMS key, then retire the old one.',
    command: 'gcloud compute snapshots create {{name}}-cmek --project={{project}} --source-disk={{sourceDisk}} --kms-key=projects/KMS-PROJECT/locations/LOCATION/keyRings/RING/cryptoKeys/KEY',
    docs: 'https://cloud.google.com/compute/docs/disks/customer-managed-encryption',
  },
  evaluate(inventory, report) {
    for (const snapshot of inventory.snapshots) {
      const data = { id: snapshot.id, name: snapshot.name ?? snapshot.id, project: snapshot.account, region: snapshot.region, sourceDisk: snapshot.source?.id ?? 'SOURCE-DISK' };
      const evidence = { keyKind: snapshot.encryption.keyKind, ...(snapshot.encryption.keyId ? { kmsKeyName: snapshot.encryption.keyId } : {}) };
      if (snapshot.encryption.keyKind === 'customer') report.pass({ resource: snapshot, messageId: 'customer', data, evidence });
      else report.fail({ resource: snapshot, messageId: 'google', data, evidence });
    }
  },
});
