import { defineCheck } from './define-check.js';
import { FSBP, NIST_800_53_R5, NIST_PUBLIC_SHARING } from './lib/compliance.js';
import { exposedInstancesBySource } from './lib/exposure.js';
import { controlsFor } from './lib/regions.js';
import { judgePublic } from './lib/sharing-checks.js';

export const awsEbsSnapshotPublic = defineCheck({
  id: 'aws-ebs-snapshot-public',
  title: 'EBS snapshot is publicly restorable',
  description:
    'A snapshot whose createVolumePermission includes the group `all` can be copied or turned into a volume by any AWS account: the whole disk leaves the account.',
  severity: 'critical',
  provider: 'aws',
  resourceType: 'AWS::EC2::Snapshot',
  threat: { techniques: ['T1578.001', 'T1537'], mitigations: ['M1018', 'M1047'] },
  compliance: [
    { ...FSBP, controls: ['EC2.1'] },
    { ...NIST_800_53_R5, controls: NIST_PUBLIC_SHARING },
  ],
  messages: {
    public: 'Snapshot {{id}} can be restored by any AWS account.',
    publicInert: 'Snapshot {{id}} is shared with everyone, but block-all-sharing in {{region}} keeps it private for now.',
    publicConfirmed: 'Snapshot {{id}} is listed as publicly restorable; its full permission list could not be read.',
    private: 'Snapshot {{id}} is not shared with everyone.',
    unreadable: 'Whether snapshot {{id}} is public is unknown: {{reason}}.',
  },
  remediation: {
    text: 'Remove the public permission; share with named accounts instead if the snapshot must leave the account.',
    command:
      'aws ec2 modify-snapshot-attribute --region {{region}} --snapshot-id {{id}} --attribute createVolumePermission --operation-type remove --group-names all',
    docs: 'https://docs.aws.amazon.com/ebs/latest/userguide/ebs-modifying-snapshot-permissions.html',
  },
  evaluate(inventory, report) {
    const exposedBySource = exposedInstancesBySource(inventory);
    for (const snapshot of inventory.snapshots) {
      const controls = controlsFor(inventory, snapshot);
      const inert = controls?.snapshotPublicSharingBlock === 'all-sharing';
      judgePublic(
        report,
        {
          resource: snapshot,
          sharing: snapshot.sharing,
          data: { id: snapshot.id, region: snapshot.region },
          evidence: { encrypted: snapshot.encryption.encrypted, blockPublicAccess: controls?.native['snapshotBlockPublicAccess'] ?? 'not collected' },
          signals: { unencrypted: !snapshot.encryption.encrypted, reachableInstances: exposedBySource.get(snapshot.id)?.length ?? 0 },
        },
        inert ? { messageId: 'publicInert', signals: { inertBecause: 'snapshot block public access is block-all-sharing in this region' } } : undefined,
      );
    }
  },
});
