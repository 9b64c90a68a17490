import { isUnknown } from '../model.js';
import { defineCheck } from './define-check.js';
import { regionKey, regionSettingRef } from './lib/regions.js';
import { isPublic } from './lib/sharing.js';

export const awsAmiBlockPublicAccessOff = defineCheck({
  id: 'aws-ami-block-public-access-off',
  title: 'AMI block public access is off',
  description:
    'Image block public access (`block-new-sharing`) stops anyone in the account from making an AMI public. It does not hide AMIs that are already public; aws-ami-public reports those.',
  severity: 'medium',
  provider: 'aws',
  resourceType: 'AWS::EC2::ImageBlockPublicAccess',
  threat: { techniques: ['T1537'], mitigations: ['M1018'] },
  // Security Hub has no detective control for this; Control Tower's CT.EC2.PV.11 is preventive.
  compliance: [],
  messages: {
    off: 'Image block public access is off in {{region}}: any AMI can be made public.',
    on: 'Image block public access blocks new public sharing of AMIs in {{region}}.',
    unreadable: 'Image block public access state in {{region}} is unknown: {{reason}}.',
  },
  remediation: {
    text: 'Turn on image block public access in the region.',
    command: 'aws ec2 enable-image-block-public-access --region {{region}} --image-block-public-access-state block-new-sharing',
    docs: 'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/block-public-access-to-amis.html',
  },
  evaluate(inventory, report) {
    const publicByRegion = new Map<string, number>();
    for (const image of inventory.images) {
      if (isPublic(image.sharing)) publicByRegion.set(regionKey(image), (publicByRegion.get(regionKey(image)) ?? 0) + 1);
    }
    for (const controls of inventory.regions) {
      const state = controls.imagePublicSharingBlock;
      if (state === undefined) continue;
      const resource = regionSettingRef(controls, 'AWS::EC2::ImageBlockPublicAccess', 'image block public access');
      const data = { region: controls.region };
      const evidence = { state: controls.native['imageBlockPublicAccess'] ?? 'unknown', publicImages: publicByRegion.get(regionKey(controls)) ?? 0 };
      if (isUnknown(state)) {
        report.unknown({ resource, messageId: 'unreadable', data: { ...data, reason: state.reason }, evidence });
      } else if (state === 'off') {
        report.fail({ resource, messageId: 'off', data, evidence, signals: { exposedResourcesInScope: publicByRegion.get(regionKey(controls)) ?? 0 } });
      } else {
        report.pass({ resource, messageId: 'on', data, evidence });
      }
    }
  },
});
