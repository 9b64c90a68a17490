import { isUnknown } from '../model.js';
import { defineCheck } from './define-check.js';
import { CIS_AWS_3, CIS_AWS_5, FSBP, NIST_800_53_R5, NIST_MFA } from './lib/compliance.js';
import { grantEvidence, iamRegion, partitionOf, principalName, principalRef, standingOf } from './lib/principals.js';

export const awsIamPrivilegedNoMfa = defineCheck({
  id: 'aws-iam-privileged-no-mfa',
  title: 'Privileged or snapshot-sharing IAM user signs in with a password and no MFA',
  description:
    'An IAM user with a console password and no MFA device is one phished or reused password away from the console. When that user holds every permission, or may share or copy out snapshots, the password alone guards the account\'s disks and databases. Permissions that themselves demand MFA do not count: without a device the user cannot use them.',
  severity: 'high',
  provider: 'aws',
  posture: 'userAccountManagement',
  resourceType: 'AWS::IAM::User',
  threat: { techniques: ['T1537', 'T1578.001'], mitigations: ['M1018'] },
  // IAM.5 / CIS 1.10 ask MFA of every console user; this check fails only the ones that matter
  // for snapshots (privileged, or holding share/export), each of which IAM.5 fails too. Users it
  // leaves out are reported n/a, never pass.
  compliance: [
    { ...FSBP, controls: ['IAM.5'] },
    { ...CIS_AWS_3, controls: ['1.10'] },
    { ...CIS_AWS_5, controls: ['1.9'] },
    { ...NIST_800_53_R5, controls: NIST_MFA },
  ],
  messages: {
    noMfa: 'User {{name}} signs in to the console with a password and no MFA, and {{why}}.',
    mfa: 'User {{name}} has MFA.',
    noPassword: 'User {{name}} has no console password.',
    notPrivileged: 'User {{name}} is not privileged and cannot share or export snapshots without MFA.',
    passwordUnknown: 'Whether user {{name}} has a console password is unknown: it was not reported.',
    mfaUnknown: 'Whether user {{name}} has MFA is unknown: {{reason}}.',
    standingUnknown: 'User {{name}} signs in with a password and no MFA; whether it is privileged or can share snapshots is unknown: {{reason}}.',
  },
  remediation: {
    text:
      'Give the user an MFA device: the command creates a virtual one (scan the QR code written to the .png with an authenticator app) and enables it with two consecutive codes from the app. If the user does not need the console, remove its password instead: `aws iam delete-login-profile --user-name USER`. A hardware or passkey device is stronger still.',
    command:
      'aws iam create-virtual-mfa-device --region {{region}} --virtual-mfa-device-name {{user}} --outfile {{user}}-mfa.png --bootstrap-method QRCodePNG && aws iam enable-mfa-device --region {{region}} --user-name {{user}} --serial-number {{serial}} --authentication-code1 CODE1 --authentication-code2 CODE2',
    docs: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_enable_virtual.html',
  },
  evaluate(inventory, report) {
    for (const principal of inventory.principals) {
      if (principal.kind !== 'user') continue;
      const resource = principalRef(principal);
      const user = principalName(principal);
      const partition = partitionOf(principal.id);
      const data = { name: user, user, region: iamRegion(partition), serial: `arn:${partition}:iam::${principal.account}:mfa/${user}` };
      const standing = standingOf(principal, { ignoreMfaGated: true });
      const evidence = {
        consolePassword: principal.interactive ?? null,
        mfa: principal.mfa === undefined ? null : isUnknown(principal.mfa) ? `unknown: ${principal.mfa.reason}` : principal.mfa,
        privileged: isUnknown(principal.privileged) ? `unknown: ${principal.privileged.reason}` : principal.privileged,
        grants: standing.kind === 'holds' ? standing.grants.map(grantEvidence) : [],
      };
      if (standing.kind === 'none') report.notApplicable({ resource, messageId: 'notPrivileged', data, evidence });
      else if (principal.interactive === false) report.pass({ resource, messageId: 'noPassword', data, evidence });
      else if (principal.mfa === true) report.pass({ resource, messageId: 'mfa', data, evidence });
      else if (principal.interactive === undefined) report.unknown({ resource, messageId: 'passwordUnknown', data, evidence });
      else if (principal.mfa === undefined || isUnknown(principal.mfa)) {
        const reason = principal.mfa === undefined ? 'it was not reported' : principal.mfa.reason;
        report.unknown({ resource, messageId: 'mfaUnknown', data: { ...data, reason }, evidence });
      } else if (standing.kind === 'unknown') report.unknown({ resource, messageId: 'standingUnknown', data: { ...data, reason: standing.reason }, evidence });
      else report.fail({ resource, messageId: 'noMfa', data: { ...data, why: standing.why }, evidence });
    }
  },
});
