import { isUnknown } from '../model.js';
import { defineCheck } from './define-check.js';
import { CIS_AWS_3, CIS_AWS_5, FSBP, NIST_800_53_R5 } from './lib/compliance.js';
import { regionSettingRef } from './lib/regions.js';

export const awsEbsEncryptionDefaultOff = defineCheck({
  id: 'aws-ebs-encryption-default-off',
  title: 'EBS encryption by default is off',
  description:
    'Without encryption by default, new volumes — and every snapshot taken of them — are unencrypted unless each launch asks otherwise, and unencrypted snapshots can be shared with anyone.',
  severity: 'medium',
  provider: 'aws',
  resourceType: 'AWS::EC2::EBSEncryptionByDefault',
  threat: { techniques: ['T1537'], mitigations: [] },
  compliance: [
    { ...FSBP, controls: ['EC2.7'] },
    { ...CIS_AWS_3, controls: ['2.2.1'] },
    { ...CIS_AWS_5, controls: ['5.1.1'] },
    { ...NIST_800_53_R5, controls: ['CA-9(1)', 'CM-3(6)', 'SC-13', 'SC-28', 'SC-28(1)', 'SC-7(10)', 'SI-7(6)'] },
  ],
  messages: {
    off: 'EBS encryption by default is off in {{region}}.',
    on: 'EBS encryption by default is on in {{region}}.',
    unreadable: 'Whether EBS encryption by default is on in {{region}} is unknown: {{reason}}.',
  },
  remediation: {
    text: 'Turn on encryption by default in every region (existing volumes and snapshots are not changed).',
    command: 'aws ec2 enable-ebs-encryption-by-default --region {{region}}',
    docs: 'https://docs.aws.amazon.com/ebs/latest/userguide/encryption-by-default.html',
  },
  evaluate(inventory, report) {
    for (const controls of inventory.regions) {
      const state = controls.encryptionByDefault;
      if (state === undefined) continue;
      const resource = regionSettingRef(controls, 'AWS::EC2::EBSEncryptionByDefault', 'EBS encryption by default');
      const data = { region: controls.region };
      if (isUnknown(state)) {
        report.unknown({ resource, messageId: 'unreadable', data: { ...data, reason: state.reason } });
      } else if (state) {
        report.pass({ resource, messageId: 'on', data, evidence: { ebsEncryptionByDefault: true } });
      } else {
        report.fail({ resource, messageId: 'off', data, evidence: { ebsEncryptionByDefault: false } });
      }
    }
  },
});
