import { defineCheck } from './define-check.js';
import { exposedInstancesBySource } from './lib/exposure.js';
import { judgePublic } from './lib/sharing-checks.js';
import { labelOf } from './lib/regions.js';

export const awsAmiPublic = defineCheck({
  id: 'aws-ami-public',
  title: 'AMI is public',
  description:
    'An AMI whose launch permission includes the group `all` can be launched by any AWS account, which then reads every disk the image carries, snapshot by snapshot.',
  severity: 'critical',
  provider: 'aws',
  resourceType: 'AWS::EC2::Image',
  threat: { techniques: ['T1537', 'T1578.001'], mitigations: ['M1018', 'M1047'] },
  // Security Hub has no control for public AMIs (Control Tower's CT.EC2.PV.11 is preventive only).
  compliance: [],
  messages: {
    public: 'AMI {{label}} can be launched by any AWS account.',
    publicConfirmed: 'AMI {{label}} is listed as public; its full launch permission could not be read.',
    private: 'AMI {{id}} is not public.',
    unreadable: 'Whether AMI {{id}} is public is unknown: {{reason}}.',
  },
  remediation: {
    text: 'Remove the public launch permission. If the image is published on purpose, record it as a suppression with its owner and reason.',
    command: 'aws ec2 modify-image-attribute --region {{region}} --image-id {{id}} --launch-permission "Remove=[{Group=all}]"',
    docs: 'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/sharingamis-intro.html',
  },
  evaluate(inventory, report) {
    const exposedBySource = exposedInstancesBySource(inventory);
    for (const image of inventory.images) {
      judgePublic(report, {
        resource: image,
        sharing: image.sharing,
        data: { id: image.id, region: image.region, label: labelOf(image) },
        evidence: { backingSnapshots: [...image.backingSnapshots], encrypted: image.encryption.encrypted },
        signals: { unencrypted: !image.encryption.encrypted, reachableInstances: exposedBySource.get(image.id)?.length ?? 0 },
      });
    }
  },
});
