import { isUnknown, type ResourceRef } from '../model.js';
import { defineCheck } from './define-check.js';
import { CIS_AWS_3, CIS_AWS_5, NIST_800_53_R5, NIST_MFA, SECURITY_HUB } from './lib/compliance.js';
import { accountPartition, iamRegion, principalRef } from './lib/principals.js';

export const awsRootNoMfa = defineCheck({
  id: 'aws-root-no-mfa',
  title: 'Root user has no MFA',
  description:
    'The root user can do anything in the account, including what no IAM policy or SCP restricts: share every snapshot, turn off the guard rails, delete the trail. Without MFA its password alone protects the account.',
  severity: 'critical',
  provider: 'aws',
  posture: 'userAccountManagement',
  resourceType: 'AWS::IAM::Root',
  threat: { techniques: ['T1537', 'T1578.001'], mitigations: ['M1018'] },
  // IAM.9 asks for any MFA device, as this check does. IAM.6 (and CIS v3.0.0 1.6) asks for a
  // hardware device, which the account summary does not tell apart, so it is not claimed.
  compliance: [
    { ...SECURITY_HUB, controls: ['IAM.9'] },
    { ...CIS_AWS_3, controls: ['1.5'] },
    { ...CIS_AWS_5, controls: ['1.4'] },
    { ...NIST_800_53_R5, controls: NIST_MFA },
  ],
  messages: {
    noMfa: 'The root user of account {{account}} has no MFA.',
    mfa: 'The root user of account {{account}} has MFA.',
    unreadable: 'Whether the root user of account {{account}} has MFA is unknown: {{reason}}.',
  },
  remediation: {
    text:
      'Root MFA can only be enabled in the AWS Management Console while signed in as the root user (Security credentials, Multi-factor authentication, Assign MFA device); no IAM identity, API or CLI call can do it. A hardware key or passkey is best; register a second one as a backup. In an AWS Organization, a member account\'s root credentials can instead be removed with centralized root access. The command checks the result: it prints 1 once root MFA is on.',
    command: 'aws iam get-account-summary --region {{region}} --query SummaryMap.AccountMFAEnabled',
    docs: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/enable-mfa-for-root.html',
  },
  evaluate(inventory, report) {
    for (const security of inventory.accountSecurity) {
      const state = security.rootMfa;
      if (state === undefined) continue;
      const root = inventory.principals.find((p) => p.account === security.account && p.kind === 'root');
      const partition = accountPartition(inventory, security.account);
      const resource: ResourceRef = root
        ? principalRef(root)
        : { provider: security.provider, account: security.account, region: 'global', type: 'AWS::IAM::Root', id: `arn:${partition}:iam::${security.account}:root`, name: 'root' };
      const data = { account: security.account, region: iamRegion(partition) };
      if (isUnknown(state)) report.unknown({ resource, messageId: 'unreadable', data: { ...data, reason: state.reason } });
      else if (state) report.pass({ resource, messageId: 'mfa', data, evidence: { rootMfa: true } });
      else report.fail({ resource, messageId: 'noMfa', data, evidence: { rootMfa: false } });
    }
  },
});
