// Identity hygiene (M1018) and audit coverage (M1047) checks for AWS: who may share or copy out
// snapshots, with or without MFA, idle or assumable from outside, the password policy, root MFA,
// and whether CloudTrail records snapshot activity.
import { describe, expect, it } from 'vitest';
import { awsIamDormantPrivileged } from '../../../src/checks/aws-iam-dormant-privileged.js';
import { awsIamPasswordPolicyWeak } from '../../../src/checks/aws-iam-password-policy-weak.js';
import { awsIamPrivilegedNoMfa } from '../../../src/checks/aws-iam-privileged-no-mfa.js';
import { awsIamRoleAssumableExternal } from '../../../src/checks/aws-iam-role-assumable-external.js';
import { awsIamSnapshotSharingBroad } from '../../../src/checks/aws-iam-snapshot-sharing-broad.js';
import { awsRootNoMfa } from '../../../src/checks/aws-root-no-mfa.js';
import { awsTrailSnapshotEventsUnlogged } from '../../../src/checks/aws-trail-snapshot-events-unlogged.js';
import { fillCommand, fillMessage, type Check, type CheckResult } from '../../../src/checks/define-check.js';
import { policyRemoval } from '../../../src/checks/lib/principals.js';
import { runChecks } from '../../../src/checks/run.js';
import { unknownValue } from '../../../src/model.js';
import { testCheck } from '../../support/check-tester.js';
import { ACCOUNT, accountSecurity, auditCoverage, capabilityGrant, iamRole, iamUser, inventory } from '../../support/factories.js';

/** The message and command as the report fills them (resource region and id first, then the result's data). */
function message(check: Check, r: CheckResult): string {
  return fillMessage(check.messages[r.messageId] ?? r.messageId, { region: r.resource.region, id: r.resource.id, ...r.data });
}
function command(check: Check, r: CheckResult): string {
  return fillCommand(check.remediation.command, { region: r.resource.region, id: r.resource.id, ...r.data });
}

const NOW = new Date('2026-11-27T12:00:00Z');
const daysAgo = (n: number): string => new Date(NOW.getTime() - n * 86_400_000).toISOString();
const ADMIN = `arn:aws:iam::aws:policy/AdministratorAccess`;
const arn = (kind: 'user' | 'role', name: string): string => `arn:aws:iam::${ACCOUNT}:${kind}/${name}`;

// ---------------------------------------------------------------------------------------------

const shareEverything = capabilityGrant('share', { actions: ['ec2:ModifySnapshotAttribute', 'rds:ModifyDBSnapshotAttribute'], resources: ['*'], via: ['inline:snapshot-admin on role/backup-operator'] });

testCheck(awsIamSnapshotSharingBroad, {
  fail: [
    {
      name: 'role shares and copies every snapshot through an inline policy: delete-role-policy',
      inventory: inventory({
        principals: [iamRole('backup-operator', { capabilities: [shareEverything, capabilityGrant('export', { actions: ['ec2:CopySnapshot'], resources: ['*'], via: ['inline:snapshot-admin on role/backup-operator'] })] })],
      }),
      resourceId: arn('role', 'backup-operator'),
      messageId: 'broad',
      also: (r) => {
        expect(r.resource).toEqual({ provider: 'aws', account: ACCOUNT, region: 'global', type: 'AWS::IAM::Role', id: arn('role', 'backup-operator'), name: 'backup-operator' });
        expect(message(awsIamSnapshotSharingBroad, r)).toBe(
          'Role backup-operator holds share, export on every resource, without conditions (ec2:ModifySnapshotAttribute, rds:ModifyDBSnapshotAttribute, ec2:CopySnapshot; via inline:snapshot-admin on role/backup-operator).',
        );
        expect(command(awsIamSnapshotSharingBroad, r)).toBe('aws iam delete-role-policy --region us-east-1 --role-name backup-operator --policy-name snapshot-admin');
      },
    },
    {
      name: 'user holds restore through a managed policy: detach-user-policy',
      inventory: inventory({ principals: [iamUser('carol', { capabilities: [capabilityGrant('restore', { actions: ['ec2:CreateVolume'], resources: ['*'], via: [`managed:arn:aws:iam::${ACCOUNT}:policy/ops`] })] })] }),
      resourceId: arn('user', 'carol'),
      also: (r) => expect(command(awsIamSnapshotSharingBroad, r)).toBe(`aws iam detach-user-policy --region us-east-1 --user-name carol --policy-arn arn:aws:iam::${ACCOUNT}:policy/ops`),
    },
    {
      name: 'user opens ingress through its group: the command changes the group (every member)',
      inventory: inventory({
        principals: [iamUser('dave', { capabilities: [capabilityGrant('open-ingress', { actions: ['ec2:AuthorizeSecurityGroupIngress'], resources: ['*'], via: [`group:network-admins/managed:${ADMIN}`] })] })],
      }),
      resourceId: arn('user', 'dave'),
      also: (r) => {
        expect(r.data['capabilities']).toEqual(['open-ingress']);
        expect(command(awsIamSnapshotSharingBroad, r)).toBe(`aws iam detach-group-policy --region us-east-1 --group-name network-admins --policy-arn ${ADMIN}`);
      },
    },
    {
      name: 'group inline policy, with the evaluator noting exceptions beside the policy: delete-group-policy',
      inventory: inventory({
        principals: [iamUser('erin', { capabilities: [capabilityGrant('export', { actions: ['ec2:CopyImage'], resources: ['*'], via: ['group:devs/inline:copy-any (every resource except arn:aws:ec2:*::image/ami-1)'] })] })],
      }),
      resourceId: arn('user', 'erin'),
      also: (r) => expect(command(awsIamSnapshotSharingBroad, r)).toBe('aws iam delete-group-policy --region us-east-1 --group-name devs --policy-name copy-any'),
    },
    {
      name: 'a role web identities assume through Cognito is not a service role',
      inventory: inventory({ principals: [iamRole('web', { capabilities: [shareEverything], assumableBy: [{ principal: 'cognito-identity.amazonaws.com', trust: 'external', conditions: [] }] })] }),
      resourceId: arn('role', 'web'),
      messageId: 'broad',
    },
    {
      name: 'a GovCloud role: the command names the partition\'s IAM region',
      inventory: inventory({
        principals: [iamRole('gov-ops', { id: `arn:aws-us-gov:iam::${ACCOUNT}:role/gov-ops`, capabilities: [{ ...shareEverything, via: ['managed:arn:aws-us-gov:iam::aws:policy/AdministratorAccess'] }] })],
      }),
      resourceId: `arn:aws-us-gov:iam::${ACCOUNT}:role/gov-ops`,
      also: (r) => expect(command(awsIamSnapshotSharingBroad, r)).toBe('aws iam detach-role-policy --region us-gov-west-1 --role-name gov-ops --policy-arn arn:aws-us-gov:iam::aws:policy/AdministratorAccess'),
    },
  ],
  pass: [
    {
      name: 'share demands MFA: passes with a note',
      inventory: inventory({ principals: [iamUser('frank', { capabilities: [{ ...shareEverything, conditions: ['aws:MultiFactorAuthPresent is true'], mfaRequired: true }] })] }),
      resourceId: arn('user', 'frank'),
      messageId: 'narrowed',
      also: (r) => expect(message(awsIamSnapshotSharingBroad, r)).toBe('User frank holds share only under conditions or on named resources (share: MFA required).'),
    },
    {
      name: 'share on one named snapshot only',
      inventory: inventory({ principals: [iamUser('grace', { capabilities: [capabilityGrant('share')] })] }),
      resourceId: arn('user', 'grace'),
      messageId: 'narrowed',
      also: (r) => expect(r.data['notes']).toBe('share: only arn:aws:ec2:us-east-1::snapshot/snap-0000000000000001'),
    },
    {
      name: 'create on everything is not what this check is about',
      inventory: inventory({ principals: [iamRole('snapshotter', { capabilities: [capabilityGrant('create', { actions: ['ec2:CreateSnapshot'], resources: ['*'] })] })] }),
      resourceId: arn('role', 'snapshotter'),
      messageId: 'none',
    },
  ],
  'n/a': [
    {
      name: 'service-linked role',
      inventory: inventory({ principals: [iamRole('AWSServiceRoleForEC2', { id: `arn:aws:iam::${ACCOUNT}:role/aws-service-role/ec2.amazonaws.com/AWSServiceRoleForEC2`, capabilities: [shareEverything] })] }),
      resourceId: `arn:aws:iam::${ACCOUNT}:role/aws-service-role/ec2.amazonaws.com/AWSServiceRoleForEC2`,
      messageId: 'serviceRole',
    },
    {
      name: 'role only AWS Backup can assume',
      inventory: inventory({ principals: [iamRole('backup-service', { capabilities: [shareEverything], assumableBy: [{ principal: 'backup.amazonaws.com', trust: 'internal', conditions: [] }] })] }),
      resourceId: arn('role', 'backup-service'),
      messageId: 'serviceRole',
      also: (r) => expect(message(awsIamSnapshotSharingBroad, r)).toBe('Role backup-service is assumable only by AWS services (backup.amazonaws.com): not judged.'),
    },
  ],
  unknown: [
    {
      name: 'permissions unreadable',
      inventory: inventory({ principals: [iamRole('mystery', { capabilities: unknownValue('policy ops-v3 did not parse') })] }),
      resourceId: arn('role', 'mystery'),
      messageId: 'unreadable',
      also: (r) => expect(message(awsIamSnapshotSharingBroad, r)).toBe('Role mystery holds permissions that could not be read: policy ops-v3 did not parse.'),
    },
  ],
});

describe('policyRemoval', () => {
  const user = iamUser('alice');
  it.each<[string, string | undefined]>([
    ['inline:p1 on user/alice', 'delete-user-policy --user-name alice --policy-name p1'],
    ['inline:p1', 'delete-user-policy --user-name alice --policy-name p1'],
    [`managed:${ADMIN}`, `detach-user-policy --user-name alice --policy-arn ${ADMIN}`],
    ['group:g/inline:p2', 'delete-group-policy --group-name g --policy-name p2'],
    ['group:g/managed:arn:aws:iam::aws:policy/service-role/X', 'detach-group-policy --group-name g --policy-arn arn:aws:iam::aws:policy/service-role/X'],
    ['root user of account 111122223333', undefined],
  ])('%s', (via, expected) => {
    const removal = policyRemoval(user, via);
    expect(removal && [removal.iamCommand, removal.targetFlag, removal.target, ...removal.policyArgs].join(' ')).toBe(expected);
  });
});

// ---------------------------------------------------------------------------------------------

const admin = { privileged: true, capabilities: [{ ...shareEverything, via: [`managed:${ADMIN}`] }] };

testCheck(awsIamPrivilegedNoMfa, {
  fail: [
    {
      name: 'privileged console user without MFA',
      inventory: inventory({ principals: [iamUser('alice', { ...admin, mfa: false })] }),
      resourceId: arn('user', 'alice'),
      messageId: 'noMfa',
      also: (r) => {
        expect(message(awsIamPrivilegedNoMfa, r)).toBe('User alice signs in to the console with a password and no MFA, and holds every permission (it can grant itself any it lacks).');
        expect(command(awsIamPrivilegedNoMfa, r)).toBe(
          `aws iam create-virtual-mfa-device --region us-east-1 --virtual-mfa-device-name alice --outfile alice-mfa.png --bootstrap-method QRCodePNG && aws iam enable-mfa-device --region us-east-1 --user-name alice --serial-number arn:aws:iam::${ACCOUNT}:mfa/alice --authentication-code1 CODE1 --authentication-code2 CODE2`,
        );
      },
    },
    {
      name: 'console user who can export snapshots, without MFA',
      inventory: inventory({ principals: [iamUser('bob', { mfa: false, capabilities: [capabilityGrant('export', { actions: ['ec2:CopySnapshot'] })] })] }),
      resourceId: arn('user', 'bob'),
      also: (r) => expect(message(awsIamPrivilegedNoMfa, r)).toBe('User bob signs in to the console with a password and no MFA, and can export snapshots (ec2:CopySnapshot).'),
    },
  ],
  pass: [
    { name: 'privileged user with MFA', inventory: inventory({ principals: [iamUser('carol', admin)] }), resourceId: arn('user', 'carol'), messageId: 'mfa' },
    {
      name: 'privileged user without a console password (keys only)',
      inventory: inventory({ principals: [iamUser('ci', { ...admin, mfa: false, interactive: false })] }),
      resourceId: arn('user', 'ci'),
      messageId: 'noPassword',
    },
  ],
  'n/a': [
    {
      name: 'no MFA, but neither privileged nor able to share',
      inventory: inventory({ principals: [iamUser('viewer', { mfa: false, capabilities: [capabilityGrant('create')] })] }),
      resourceId: arn('user', 'viewer'),
      messageId: 'notPrivileged',
    },
    {
      name: 'no MFA, and its only share permission demands MFA: it cannot use it',
      inventory: inventory({ principals: [iamUser('gated', { mfa: false, capabilities: [{ ...shareEverything, conditions: ['aws:MultiFactorAuthPresent is true'], mfaRequired: true }] })] }),
      resourceId: arn('user', 'gated'),
      messageId: 'notPrivileged',
    },
  ],
  unknown: [
    {
      name: 'MFA could not be read',
      inventory: inventory({ principals: [iamUser('dan', { ...admin, mfa: unknownValue('iam:ListMFADevices denied') })] }),
      resourceId: arn('user', 'dan'),
      messageId: 'mfaUnknown',
      also: (r) => expect(message(awsIamPrivilegedNoMfa, r)).toBe('Whether user dan has MFA is unknown: iam:ListMFADevices denied.'),
    },
    {
      name: 'no MFA, permissions unreadable',
      inventory: inventory({ principals: [iamUser('eve', { mfa: false, privileged: unknownValue('policy did not parse'), capabilities: unknownValue('policy did not parse') })] }),
      resourceId: arn('user', 'eve'),
      messageId: 'standingUnknown',
    },
    {
      name: 'console password not reported',
      inventory: inventory({ principals: [iamUser('fay', { ...admin, mfa: false, interactive: undefined })] }),
      resourceId: arn('user', 'fay'),
      messageId: 'passwordUnknown',
    },
  ],
  none: [{ name: 'roles are not judged', inventory: inventory({ principals: [iamRole('admin-role', admin)] }), resourceId: arn('role', 'admin-role') }],
});

// ---------------------------------------------------------------------------------------------

testCheck(awsIamDormantPrivileged, {
  fail: [
    {
      name: 'privileged user idle 45 days: deactivate its active key',
      inventory: inventory({
        principals: [
          iamUser('old-admin', {
            ...admin,
            lastUsed: daysAgo(45),
            keys: [
              { id: 'AKIAOLD0000000000001', active: false, lastUsed: daysAgo(400) },
              { id: 'AKIAOLD0000000000002', active: true, lastUsed: daysAgo(45) },
            ],
          }),
        ],
      }),
      resourceId: arn('user', 'old-admin'),
      messageId: 'dormant',
      also: (r) => {
        expect(message(awsIamDormantPrivileged, r)).toBe(`User old-admin has not been used for 45 days (last active ${daysAgo(45).slice(0, 10)}) and holds every permission (it can grant itself any it lacks).`);
        expect(command(awsIamDormantPrivileged, r)).toBe('aws iam update-access-key --region us-east-1 --user-name old-admin --access-key-id AKIAOLD0000000000002 --status Inactive');
      },
    },
    {
      name: 'console-only user who can share, idle exactly 30 days: delete its console password',
      inventory: inventory({ principals: [iamUser('sharer', { lastUsed: daysAgo(30), capabilities: [capabilityGrant('share')] })] }),
      resourceId: arn('user', 'sharer'),
      also: (r) => expect(command(awsIamDormantPrivileged, r)).toBe('aws iam delete-login-profile --region us-east-1 --user-name sharer'),
    },
    {
      name: 'role never used since created 200 days ago: detach the policy that grants it',
      inventory: inventory({ principals: [iamRole('legacy-copy', { lastUsed: null, createdAt: daysAgo(200), capabilities: [capabilityGrant('export', { actions: ['ec2:CopySnapshot'], via: ['inline:copy on role/legacy-copy'] })] })] }),
      resourceId: arn('role', 'legacy-copy'),
      messageId: 'neverUsed',
      also: (r) => {
        expect(message(awsIamDormantPrivileged, r)).toBe('Role legacy-copy has never been used since it was created 200 days ago, and can export snapshots (ec2:CopySnapshot).');
        expect(command(awsIamDormantPrivileged, r)).toBe('aws iam delete-role-policy --region us-east-1 --role-name legacy-copy --policy-name copy');
      },
    },
  ],
  pass: [
    { name: 'privileged user active 29 days ago', inventory: inventory({ principals: [iamUser('busy', { ...admin, lastUsed: daysAgo(29) })] }), resourceId: arn('user', 'busy'), messageId: 'active' },
    {
      name: 'idle privileged user with no credentials left',
      inventory: inventory({ principals: [iamUser('husk', { ...admin, lastUsed: daysAgo(90), interactive: false, keys: [{ id: 'AKIAHUSK000000000001', active: false }] })] }),
      resourceId: arn('user', 'husk'),
      messageId: 'noCredentials',
    },
  ],
  'n/a': [{ name: 'idle but holds nothing that matters', inventory: inventory({ principals: [iamUser('idle', { lastUsed: daysAgo(300) })] }), resourceId: arn('user', 'idle'), messageId: 'notPrivileged' }],
  unknown: [
    {
      name: 'last use unreadable',
      inventory: inventory({ principals: [iamUser('blur', { ...admin, lastUsed: unknownValue('credential report not ready') })] }),
      resourceId: arn('user', 'blur'),
      messageId: 'activityUnknown',
      also: (r) => expect(message(awsIamDormantPrivileged, r)).toBe('User blur has no known last use: credential report not ready.'),
    },
    {
      name: 'idle, permissions unreadable',
      inventory: inventory({ principals: [iamRole('fog', { lastUsed: daysAgo(60), capabilities: unknownValue('policy did not parse'), privileged: unknownValue('policy did not parse') })] }),
      resourceId: arn('role', 'fog'),
      messageId: 'standingUnknown',
    },
  ],
  none: [
    {
      name: 'service-linked roles are AWS\'s to manage',
      inventory: inventory({ principals: [iamRole('AWSServiceRoleForBackup', { id: `arn:aws:iam::${ACCOUNT}:role/aws-service-role/backup.amazonaws.com/AWSServiceRoleForBackup`, ...admin, lastUsed: daysAgo(300) })] }),
      resourceId: `arn:aws:iam::${ACCOUNT}:role/aws-service-role/backup.amazonaws.com/AWSServiceRoleForBackup`,
    },
  ],
});

it('judges dormancy at the scan time it is given, never the wall clock', () => {
  const user = iamUser('recent', { ...admin, lastUsed: '2026-11-20T00:00:00Z' });
  const at = (now: string) => runChecks([awsIamDormantPrivileged], inventory({ principals: [user] }), { now: new Date(now) }).results.map((r) => r.messageId);
  expect(at('2026-11-27T00:00:00Z')).toEqual(['active']);
  expect(at('2027-01-27T00:00:00Z')).toEqual(['dormant']);
});

// ---------------------------------------------------------------------------------------------

testCheck(awsIamRoleAssumableExternal, {
  fail: [
    {
      name: 'a stranger account can assume a role that shares snapshots',
      inventory: inventory({
        principals: [
          iamRole('partner-access', {
            capabilities: [shareEverything],
            assumableBy: [
              { principal: `arn:aws:iam::${ACCOUNT}:root`, trust: 'internal', conditions: [] },
              { principal: 'arn:aws:iam::999988887777:root', trust: 'external', conditions: ['sts:ExternalId equals x'] },
            ],
          }),
        ],
      }),
      resourceId: arn('role', 'partner-access'),
      messageId: 'external',
      also: (r) => {
        expect(r.signals.exposure).toBe('external');
        expect(message(awsIamRoleAssumableExternal, r)).toBe(
          'Role partner-access can share snapshots (ec2:ModifySnapshotAttribute, rds:ModifyDBSnapshotAttribute), and 1 principal(s) outside the organization and the trusted list can assume it: arn:aws:iam::999988887777:root (when sts:ExternalId equals x).',
        );
        expect(command(awsIamRoleAssumableExternal, r)).toBe('aws iam update-assume-role-policy --region us-east-1 --role-name partner-access --policy-document file://partner-access-trust.json');
      },
    },
  ],
  pass: [
    {
      name: 'assumable only inside the organization and by a trusted partner',
      inventory: inventory({ principals: [iamRole('dr-copy', { ...admin, assumableBy: [{ principal: 'arn:aws:iam::444455556666:root', trust: 'trusted', conditions: [] }] })] }),
      resourceId: arn('role', 'dr-copy'),
      messageId: 'internalOnly',
    },
  ],
  'n/a': [
    {
      name: 'an outsider can assume it, but it cannot share or export',
      inventory: inventory({ principals: [iamRole('read-only', { assumableBy: [{ principal: '*', trust: 'external', conditions: [] }] })] }),
      resourceId: arn('role', 'read-only'),
      messageId: 'notExposing',
    },
  ],
  unknown: [
    {
      name: 'a principal whose account could not be placed',
      inventory: inventory({ principals: [iamRole('odd', { capabilities: [shareEverything], assumableBy: [{ principal: 'AROAEXAMPLEDELETED', trust: 'unknown', conditions: [] }] })] }),
      resourceId: arn('role', 'odd'),
      messageId: 'undetermined',
    },
    { name: 'trust policy not read', inventory: inventory({ principals: [iamRole('unread', { capabilities: [shareEverything], assumableBy: undefined })] }), resourceId: arn('role', 'unread'), messageId: 'trustUnread' },
  ],
});

// ---------------------------------------------------------------------------------------------

testCheck(awsIamPasswordPolicyWeak, {
  fail: [
    {
      name: 'no password policy: AWS default, every requirement missing',
      inventory: inventory({ accountSecurity: [accountSecurity({ passwordPolicy: null })] }),
      resourceId: 'account-password-policy',
      messageId: 'none',
      also: (r) => {
        expect(message(awsIamPasswordPolicyWeak, r)).toBe(
          `Account ${ACCOUNT} has no IAM password policy, so AWS's default applies; missing: minimum length 14 (is 8, AWS default); an uppercase letter required; a lowercase letter required; a number required; a symbol required; passwords expire within 90 days (never expire); the last 24 passwords cannot be reused (reuse allowed).`,
        );
        expect(command(awsIamPasswordPolicyWeak, r)).toBe(
          'aws iam update-account-password-policy --region us-east-1 --minimum-password-length 14 --require-uppercase-characters --require-lowercase-characters --require-numbers --require-symbols --max-password-age 90 --password-reuse-prevention 24 --allow-users-to-change-password',
        );
        expect(r.evidence['failing']).toHaveLength(7);
      },
    },
    {
      name: 'a long policy without symbols, 180-day expiry and 5 remembered: keeps the stronger length',
      inventory: inventory({
        accountSecurity: [accountSecurity({ passwordPolicy: { minimumLength: 20, requireUppercase: true, requireLowercase: true, requireNumbers: true, requireSymbols: false, maxAgeDays: 180, reusePrevention: 5 } })],
      }),
      resourceId: 'account-password-policy',
      messageId: 'weak',
      also: (r) => {
        expect(message(awsIamPasswordPolicyWeak, r)).toBe(
          `The IAM password policy of account ${ACCOUNT} falls short on 3 of 7 requirements: a symbol required; passwords expire within 90 days (after 180); the last 24 passwords cannot be reused (only 5).`,
        );
        expect(r.evidence['failing']).toEqual([
          { requirement: 'a symbol required', control: 'IAM.13' },
          { requirement: 'passwords expire within 90 days (after 180)', control: 'IAM.17' },
          { requirement: 'the last 24 passwords cannot be reused (only 5)', control: 'IAM.16' },
        ]);
        expect(command(awsIamPasswordPolicyWeak, r)).toContain('--minimum-password-length 20 ');
        expect(command(awsIamPasswordPolicyWeak, r)).toContain('--max-password-age 90 ');
      },
    },
    {
      name: 'only too short: the command keeps the 30-day expiry already set',
      inventory: inventory({ accountSecurity: [accountSecurity({ passwordPolicy: { minimumLength: 8, requireUppercase: true, requireLowercase: true, requireNumbers: true, requireSymbols: true, maxAgeDays: 30, reusePrevention: 24 } })] }),
      resourceId: 'account-password-policy',
      also: (r) => {
        expect(r.data['gaps']).toBe('minimum length 14 (is 8)');
        expect(command(awsIamPasswordPolicyWeak, r)).toContain('--minimum-password-length 14 ');
        expect(command(awsIamPasswordPolicyWeak, r)).toContain('--max-password-age 30 ');
      },
    },
  ],
  pass: [{ name: 'meets every requirement', inventory: inventory({ accountSecurity: [accountSecurity()] }), resourceId: 'account-password-policy', messageId: 'strong' }],
  unknown: [
    {
      name: 'policy unreadable',
      inventory: inventory({ accountSecurity: [accountSecurity({ passwordPolicy: unknownValue('iam:GetAccountPasswordPolicy denied') })] }),
      resourceId: 'account-password-policy',
      messageId: 'unreadable',
    },
  ],
  none: [{ name: 'not collected', inventory: inventory({ accountSecurity: [accountSecurity({ passwordPolicy: undefined })] }), resourceId: 'account-password-policy' }],
});

// ---------------------------------------------------------------------------------------------

const ROOT = `arn:aws:iam::${ACCOUNT}:root`;

testCheck(awsRootNoMfa, {
  fail: [
    {
      name: 'root without MFA',
      inventory: inventory({ accountSecurity: [accountSecurity({ rootMfa: false })] }),
      resourceId: ROOT,
      messageId: 'noMfa',
      also: (r) => {
        expect(r.resource).toEqual({ provider: 'aws', account: ACCOUNT, region: 'global', type: 'AWS::IAM::Root', id: ROOT, name: 'root' });
        expect(message(awsRootNoMfa, r)).toBe(`The root user of account ${ACCOUNT} has no MFA.`);
        expect(command(awsRootNoMfa, r)).toBe('aws iam get-account-summary --region us-east-1 --query SummaryMap.AccountMFAEnabled');
      },
    },
    {
      name: 'the root principal listed in the inventory names the resource',
      inventory: inventory({ accountSecurity: [accountSecurity({ rootMfa: false })], principals: [{ ...iamUser('root'), kind: 'root', id: ROOT, name: '<root_account>' }] }),
      resourceId: ROOT,
      also: (r) => expect(r.resource.name).toBe('<root_account>'),
    },
  ],
  pass: [{ name: 'root with MFA', inventory: inventory({ accountSecurity: [accountSecurity()] }), resourceId: ROOT, messageId: 'mfa' }],
  unknown: [
    {
      name: 'account summary unreadable',
      inventory: inventory({ accountSecurity: [accountSecurity({ rootMfa: unknownValue('iam:GetAccountSummary denied') })] }),
      resourceId: ROOT,
      messageId: 'unreadable',
      also: (r) => expect(message(awsRootNoMfa, r)).toBe(`Whether the root user of account ${ACCOUNT} has MFA is unknown: iam:GetAccountSummary denied.`),
    },
  ],
});

// ---------------------------------------------------------------------------------------------

testCheck(awsTrailSnapshotEventsUnlogged, {
  fail: [
    {
      name: 'no trail in the region: create a multi-Region trail and start it',
      inventory: inventory({ audit: [auditCoverage({ region: 'eu-west-1', snapshotEventsLogged: false, dataEventsLogged: false, sources: [], gaps: ['no trail covers eu-west-1', 'no trail records data events'] })] }),
      resourceId: 'eu-west-1',
      messageId: 'unlogged',
      also: (r) => {
        expect(r.resource.type).toBe('AWS::CloudTrail::RegionCoverage');
        expect(message(awsTrailSnapshotEventsUnlogged, r)).toBe('Snapshot activity in eu-west-1 is not recorded: no trail covers eu-west-1; no trail records data events.');
        expect(command(awsTrailSnapshotEventsUnlogged, r)).toBe(
          'aws cloudtrail create-trail --region eu-west-1 --name snapaudit-audit --s3-bucket-name BUCKET --is-multi-region-trail && aws cloudtrail start-logging --region eu-west-1 --name snapaudit-audit',
        );
      },
    },
    {
      name: "the provider's next step is the fix, its region kept",
      inventory: inventory({
        audit: [
          auditCoverage({
            region: 'ap-south-1',
            snapshotEventsLogged: false,
            sources: [],
            gaps: ['trail main is single-Region (us-east-1)'],
            nextStep: 'aws cloudtrail update-trail --name main --region us-east-1 --is-multi-region-trail',
          }),
        ],
      }),
      resourceId: 'ap-south-1',
      also: (r) =>
        expect(command(awsTrailSnapshotEventsUnlogged, r)).toBe('aws cloudtrail update-trail --region us-east-1 --name main --is-multi-region-trail && aws cloudtrail start-logging --region us-east-1 --name main'),
    },
    {
      name: 'a next step in prose falls back to the default command',
      inventory: inventory({ audit: [auditCoverage({ snapshotEventsLogged: false, gaps: [], sources: [], nextStep: "ask the management account to turn the organization trail's logging back on" })] }),
      resourceId: 'us-east-1',
      also: (r) => {
        expect(r.data['gaps']).toBe('no logging trail records its management write events');
        expect(command(awsTrailSnapshotEventsUnlogged, r)).toContain('aws cloudtrail create-trail --region us-east-1 --name snapaudit-audit');
        expect(r.evidence['nextStep']).toBe("ask the management account to turn the organization trail's logging back on");
      },
    },
  ],
  pass: [
    {
      name: 'recorded, data events too',
      inventory: inventory({ audit: [auditCoverage()] }),
      resourceId: 'us-east-1',
      messageId: 'logged',
      also: (r) => expect(message(awsTrailSnapshotEventsUnlogged, r)).toBe('Snapshot activity in us-east-1 is recorded by trail org-trail.'),
    },
    {
      name: 'recorded, but EBS direct API reads are not',
      inventory: inventory({ audit: [auditCoverage({ dataEventsLogged: false })] }),
      resourceId: 'us-east-1',
      messageId: 'loggedWithoutData',
      also: (r) =>
        expect(message(awsTrailSnapshotEventsUnlogged, r)).toBe(
          'Snapshot activity in us-east-1 is recorded by trail org-trail, but no trail records data events: reads of snapshot blocks through the EBS direct APIs leave no trace.',
        ),
    },
  ],
  unknown: [
    {
      name: 'trails unreadable',
      inventory: inventory({ audit: [auditCoverage({ snapshotEventsLogged: unknownValue('cloudtrail:DescribeTrails denied'), sources: [] })] }),
      resourceId: 'us-east-1',
      messageId: 'unreadable',
      also: (r) => expect(message(awsTrailSnapshotEventsUnlogged, r)).toBe('Whether snapshot activity in us-east-1 is recorded is unknown: cloudtrail:DescribeTrails denied.'),
    },
  ],
  none: [{ name: "another cloud's coverage is not this check's", inventory: inventory({ audit: [auditCoverage({ provider: 'azure', region: 'global' })] }), resourceId: 'global' }],
});

describe('aws-iam-snapshot-sharing-broad without a principal list', () => {
  it('is unknown for the account, never a pass, when the identities could not be listed', () => {
    const inv = inventory({ accountSecurity: [accountSecurity({ identities: { unknown: true, reason: 'iam:GetAccountAuthorizationDetails failed: AccessDenied' } })] });
    const run = runChecks([awsIamSnapshotSharingBroad], inv);
    expect(run.results.map((r) => [r.status, r.messageId, r.resource.type])).toEqual([['unknown', 'identitiesUnreadable', 'AWS::IAM::Account']]);
    expect(fillMessage(awsIamSnapshotSharingBroad.messages.identitiesUnreadable, run.results[0]!.data)).toBe(
      `Who in account ${run.results[0]!.resource.account} can share, export or restore snapshots is unknown: iam:GetAccountAuthorizationDetails failed: AccessDenied.`,
    );
  });
});
