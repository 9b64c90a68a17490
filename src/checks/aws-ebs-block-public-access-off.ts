import { isUnknown } from '../model.js';
import { defineCheck } from './define-check.js';
import { SECURITY_HUB } from './lib/compliance.js';
import { regionKey, regionSettingRef } from './lib/regions.js';
import { isPublic } from './lib/sharing.js';

export const awsEbsBlockPublicAccessOff = defineCheck({
  id: 'aws-ebs-block-public-access-off',
  title: 'EBS snapshot block public access is not set to block all sharing',
  description:
    'Block public access for EBS snapshots is a regional switch. `block-all-sharing` makes every public snapshot private in effect; `block-new-sharing` stops new public shares but leaves snapshots that are already public exposed; `unblocked` does neither.',
  severity: 'high',
  provider: 'aws',
  resourceType: 'AWS::EC2::SnapshotBlockPublicAccess',
  threat: { techniques: ['T1537', 'T1578.001'], mitigations: ['M1018'] },
  compliance: [{ ...SECURITY_HUB, controls: ['EC2.182'] }],
  messages: {
    off: 'Snapshot block public access is off in {{region}}: any snapshot can be made public.',
    newOnly: 'Snapshot block public access in {{region}} blocks only new sharing: {{publicCount}} snapshot(s) already public stay public.',
    on: 'Snapshot block public access blocks all public sharing in {{region}}.',
    unreadable: 'Snapshot block public access state in {{region}} is unknown: {{reason}}.',
  },
  remediation: {
    text: 'Turn on block public access for all sharing in the region (check first that no workload depends on a public snapshot).',
    command: 'aws ec2 enable-snapshot-block-public-access --region {{region}} --state block-all-sharing',
    docs: 'https://docs.aws.amazon.com/ebs/latest/userguide/block-public-access-snapshots.html',
  },
  evaluate(inventory, report) {
    const publicByRegion = new Map<string, number>();
    for (const snapshot of inventory.snapshots) {
      if (isPublic(snapshot.sharing)) publicByRegion.set(regionKey(snapshot), (publicByRegion.get(regionKey(snapshot)) ?? 0) + 1);
    }
    for (const controls of inventory.regions) {
      const state = controls.snapshotPublicSharingBlock;
      if (state === undefined) continue;
      const resource = regionSettingRef(controls, 'AWS::EC2::SnapshotBlockPublicAccess', 'snapshot block public access');
      const publicCount = publicByRegion.get(regionKey(controls)) ?? 0;
      const data = { region: controls.region, publicCount };
      const evidence = { state: controls.native['snapshotBlockPublicAccess'] ?? 'unknown', publicSnapshots: publicCount };
      if (isUnknown(state)) {
        report.unknown({ resource, messageId: 'unreadable', data: { ...data, reason: state.reason }, evidence });
      } else if (state === 'all-sharing') {
        report.pass({ resource, messageId: 'on', data, evidence });
      } else {
        report.fail({
          resource,
          messageId: state === 'off' ? 'off' : 'newOnly',
          data,
          evidence,
          signals: { exposedResourcesInScope: publicCount, ...(state === 'new-sharing' ? { partialGuard: 'block-new-sharing stops new public shares' } : {}) },
        });
      }
    }
  },
});
