import { defineCheck } from './define-check.js';
import { judgeSharedExternal } from './lib/sharing-checks.js';
import { labelOf } from './lib/regions.js';

/** `--user-ids`, `--organization-arns` and `--organizational-unit-arns` arguments for the principals. */
function principalArgs(principals: readonly string[]): string[] {
  const byFlag: Array<[string, string[]]> = [
    ['--user-ids', principals.filter((p) => !p.startsWith('arn:'))],
    ['--organization-arns', principals.filter((p) => /^arn:[^:]+:organizations::\d+:organization\//.test(p))],
    ['--organizational-unit-arns', principals.filter((p) => /^arn:[^:]+:organizations::\d+:ou\//.test(p))],
  ];
  return byFlag.flatMap(([flag, values]) => (values.length > 0 ? [flag, ...values] : []));
}

export const awsAmiSharedExternal = defineCheck({
  id: 'aws-ami-shared-external',
  title: 'AMI shared with an account outside the organization and the trusted list',
  description:
    'Every account, organization or organizational unit in an AMI\'s launch permission can launch it and read its disks. Shares to our own or declared partner accounts are expected; others are not.',
  severity: 'high',
  provider: 'aws',
  resourceType: 'AWS::EC2::Image',
  threat: { techniques: ['T1537'], mitigations: ['M1018'] },
  compliance: [],
  messages: {
    external: 'AMI {{label}} can be launched by {{count}} principal(s) outside the organization and the trusted list: {{accounts}}.',
    undetermined: 'AMI {{id}} is shared with principal(s) whose relationship to us is unknown: {{accounts}}.',
    internalOnly: 'AMI {{id}} is shared only with internal or trusted accounts.',
    notShared: 'AMI {{id}} is not shared with other accounts.',
    unreadable: 'Who can launch AMI {{id}} is unknown: {{reason}}.',
  },
  remediation: {
    text: 'Remove the launch permissions that should not exist. A legitimate partner goes into `trustedAccounts` in the config, with a reason.',
    command: 'aws ec2 modify-image-attribute --region {{region}} --image-id {{id}} --attribute launchPermission --operation-type remove {{principalArgs}}',
    docs: 'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/sharingamis-explicit.html',
  },
  evaluate(inventory, report) {
    for (const image of inventory.images) {
      judgeSharedExternal(
        report,
        { resource: image, sharing: image.sharing, data: { id: image.id, region: image.region, label: labelOf(image) } },
        (external) => ({ principalArgs: principalArgs(external) }),
      );
    }
  },
});
