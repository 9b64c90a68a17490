import { defineCheck } from './define-check.js';
import { exposedInstancesBySource } from './lib/exposure.js';
import { judgeSharedExternal } from './lib/sharing-checks.js';

export const awsEbsSnapshotSharedExternal = defineCheck({
  id: 'aws-ebs-snapshot-shared-external',
  title: 'EBS snapshot shared with an account outside the organization and the trusted list',
  description:
    "Every account in createVolumePermission can copy the snapshot into its own account. Shares to our own or declared partner accounts are expected; anything else is a copy of the disk in a stranger's hands.",
  severity: 'high',
  provider: 'aws',
  resourceType: 'AWS::EC2::Snapshot',
  threat: { techniques: ['T1537', 'T1578.001'], mitigations: ['M1018', 'M1047'] },
  // No published control covers sharing with a named account; ATT&CK T1537 is the reference.
  compliance: [],
  messages: {
    external: 'Snapshot {{id}} is shared with {{count}} account(s) outside the organization and the trusted list: {{accounts}}.',
    undetermined: 'Snapshot {{id}} is shared with account(s) whose relationship to us is unknown: {{accounts}}.',
    internalOnly: 'Snapshot {{id}} is shared only with internal or trusted accounts.',
    notShared: 'Snapshot {{id}} is not shared with other accounts.',
    unreadable: 'Which accounts can restore snapshot {{id}} is unknown: {{reason}}.',
  },
  remediation: {
    text: 'Remove the accounts that should not hold a copy. If an account is a legitimate partner, add it to `trustedAccounts` in the config with a reason.',
    command:
      'aws ec2 modify-snapshot-attribute --region {{region}} --snapshot-id {{id}} --attribute createVolumePermission --operation-type remove --user-ids {{accounts}}',
    docs: 'https://docs.aws.amazon.com/ebs/latest/userguide/ebs-modifying-snapshot-permissions.html',
  },
  evaluate(inventory, report) {
    const exposedBySource = exposedInstancesBySource(inventory);
    for (const snapshot of inventory.snapshots) {
      judgeSharedExternal(report, {
        resource: snapshot,
        sharing: snapshot.sharing,
        data: { id: snapshot.id, region: snapshot.region },
        signals: { unencrypted: !snapshot.encryption.encrypted, reachableInstances: exposedBySource.get(snapshot.id)?.length ?? 0 },
      });
    }
  },
});
