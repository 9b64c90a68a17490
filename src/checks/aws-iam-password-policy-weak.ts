import { isUnknown, type PasswordPolicy } from '../model.js';
import { defineCheck } from './define-check.js';
import { CIS_AWS_3, CIS_AWS_5, FSBP, NIST_800_53_R5, SECURITY_HUB } from './lib/compliance.js';
import { accountPartition, accountSettingRef, iamRegion } from './lib/principals.js';

const MIN_LENGTH = 14;
const MAX_AGE_DAYS = 90;
/** The most IAM remembers, and what CIS and Security Hub IAM.16 ask for. */
const REUSE_PREVENTION = 24;

interface Requirement {
  /** The Security Hub control that checks this requirement alone. */
  readonly control: string;
  readonly met: (policy: PasswordPolicy) => boolean;
  /** What is missing, given the policy (or AWS's default when there is none). */
  readonly gap: (policy: PasswordPolicy | null) => string;
}

const REQUIREMENTS: readonly Requirement[] = [
  {
    control: 'IAM.15',
    met: (p) => (p.minimumLength ?? 0) >= MIN_LENGTH,
    gap: (p) => `minimum length ${MIN_LENGTH} (is ${p ? (p.minimumLength ?? 'unset') : '8, AWS default'})`,
  },
  { control: 'IAM.11', met: (p) => p.requireUppercase === true, gap: () => 'an uppercase letter required' },
  { control: 'IAM.12', met: (p) => p.requireLowercase === true, gap: () => 'a lowercase letter required' },
  { control: 'IAM.14', met: (p) => p.requireNumbers === true, gap: () => 'a number required' },
  { control: 'IAM.13', met: (p) => p.requireSymbols === true, gap: () => 'a symbol required' },
  {
    control: 'IAM.17',
    met: (p) => p.maxAgeDays !== undefined && p.maxAgeDays > 0 && p.maxAgeDays <= MAX_AGE_DAYS,
    gap: (p) => `passwords expire within ${MAX_AGE_DAYS} days (${p?.maxAgeDays ? `after ${p.maxAgeDays}` : 'never expire'})`,
  },
  {
    control: 'IAM.16',
    met: (p) => (p.reusePrevention ?? 0) >= REUSE_PREVENTION,
    gap: (p) => `the last ${REUSE_PREVENTION} passwords cannot be reused (${p?.reusePrevention ? `only ${p.reusePrevention}` : 'reuse allowed'})`,
  },
];

function policyEvidence(policy: PasswordPolicy): { [key: string]: number | boolean | null } {
  return {
    minimumLength: policy.minimumLength ?? null,
    requireUppercase: policy.requireUppercase ?? null,
    requireLowercase: policy.requireLowercase ?? null,
    requireNumbers: policy.requireNumbers ?? null,
    requireSymbols: policy.requireSymbols ?? null,
    maxAgeDays: policy.maxAgeDays ?? null,
    reusePrevention: policy.reusePrevention ?? null,
  };
}

export const awsIamPasswordPolicyWeak = defineCheck({
  id: 'aws-iam-password-policy-weak',
  title: 'IAM password policy is missing or weaker than CIS asks',
  description: `The account password policy decides how hard a console password is to guess or reuse. It should ask for at least ${MIN_LENGTH} characters, upper- and lowercase letters, a number and a symbol, expiry within ${MAX_AGE_DAYS} days and no reuse of the last ${REUSE_PREVENTION} passwords. Without a policy AWS's default applies: 8 characters, a mix of character types, no expiry, reuse allowed. AWS IAM offers no lockout after failed sign-ins; MFA is the answer to guessing.`,
  severity: 'medium',
  provider: 'aws',
  posture: 'userAccountManagement',
  resourceType: 'AWS::IAM::AccountPasswordPolicy',
  threat: { techniques: ['T1537', 'T1578.001'], mitigations: ['M1018'] },
  // Each requirement is one Security Hub control (IAM.11–IAM.17, listed per gap in the evidence);
  // the check fails when any of them would. IAM.7 with MinimumPasswordLength 14,
  // PasswordReusePrevention 24 and MaxPasswordAge 90 is this check; with its defaults (8, not
  // checked, not checked) it asks less. CIS v3.0.0 keeps only length (1.8) and reuse (1.9).
  compliance: [
    { ...FSBP, controls: ['IAM.7'] },
    { ...SECURITY_HUB, controls: ['IAM.11', 'IAM.12', 'IAM.13', 'IAM.14', 'IAM.15', 'IAM.16', 'IAM.17'] },
    { ...CIS_AWS_3, controls: ['1.8', '1.9'] },
    { ...CIS_AWS_5, controls: ['1.7', '1.8'] },
    { ...NIST_800_53_R5, controls: ['AC-2(1)', 'AC-2(3)', 'AC-3(15)', 'IA-5(1)'] },
  ],
  messages: {
    none: 'Account {{account}} has no IAM password policy, so AWS\'s default applies; missing: {{gaps}}.',
    weak: 'The IAM password policy of account {{account}} falls short on {{count}} of 7 requirements: {{gaps}}.',
    strong: 'The IAM password policy of account {{account}} meets all 7 requirements.',
    unreadable: 'The IAM password policy of account {{account}} is unknown: {{reason}}.',
  },
  remediation: {
    text: 'Set the policy with every requirement. The call replaces the whole policy (unspecified settings return to their defaults), so the command keeps any stronger length or shorter expiry already set, lets users change their own passwords, and leaves hard expiry off.',
    command:
      'aws iam update-account-password-policy --region {{region}} --minimum-password-length {{minLength}} --require-uppercase-characters --require-lowercase-characters --require-numbers --require-symbols --max-password-age {{maxAge}} --password-reuse-prevention 24 --allow-users-to-change-password',
    docs: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html',
  },
  evaluate(inventory, report) {
    for (const security of inventory.accountSecurity) {
      const policy = security.passwordPolicy;
      if (policy === undefined) continue;
      const resource = accountSettingRef(security, 'AWS::IAM::AccountPasswordPolicy', 'account-password-policy', 'IAM account password policy');
      const data = { account: security.account, region: iamRegion(accountPartition(inventory, security.account)) };
      if (isUnknown(policy)) {
        report.unknown({ resource, messageId: 'unreadable', data: { ...data, reason: policy.reason } });
        continue;
      }
      const failing = REQUIREMENTS.filter((r) => policy === null || !r.met(policy));
      const fix = {
        minLength: Math.max(MIN_LENGTH, policy?.minimumLength ?? 0),
        maxAge: policy?.maxAgeDays && policy.maxAgeDays > 0 ? Math.min(policy.maxAgeDays, MAX_AGE_DAYS) : MAX_AGE_DAYS,
      };
      const evidence = {
        passwordPolicy: policy === null ? null : policyEvidence(policy),
        failing: failing.map((r) => ({ requirement: r.gap(policy), control: r.control })),
      };
      const gaps = failing.map((r) => r.gap(policy)).join('; ');
      if (policy === null) report.fail({ resource, messageId: 'none', data: { ...data, ...fix, gaps }, evidence });
      else if (failing.length > 0) report.fail({ resource, messageId: 'weak', data: { ...data, ...fix, gaps, count: failing.length }, evidence });
      else report.pass({ resource, messageId: 'strong', data, evidence });
    }
  },
});
