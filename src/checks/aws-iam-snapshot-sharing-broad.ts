import { isUnknown, type Capability, type CapabilityGrant } from '../model.js';
import { defineCheck } from './define-check.js';
import { accountSettingRef, firstRemoval, grantEvidence, grantsOf, iamRegion, isServiceLinkedRole, isServiceOnlyRole, isUnconditionalOnEverything, kindLabel, partitionOf, principalName, principalRef } from './lib/principals.js';

/** What takes a snapshot's data out of reach, or puts a copy of it in front of the internet. */
const BROAD_CAPABILITIES: readonly Capability[] = ['share', 'export', 'restore', 'open-ingress'];

function describe(grants: readonly CapabilityGrant[]): { capabilities: string[]; actions: string[]; via: string[] } {
  return {
    capabilities: BROAD_CAPABILITIES.filter((c) => grants.some((g) => g.capability === c)),
    actions: [...new Set(grants.flatMap((g) => g.actions))],
    via: [...new Set(grants.flatMap((g) => g.via))],
  };
}

export const awsIamSnapshotSharingBroad = defineCheck({
  id: 'aws-iam-snapshot-sharing-broad',
  title: 'Principal may share, copy out or restore any snapshot, or open ingress, without conditions',
  description:
    'A user or role allowed to share, copy, export or restore every snapshot and image in the account (or to open security groups to the internet), with no condition such as MFA or a resource tag, is one stolen credential away from moving a whole disk or database to another account. Service-linked roles and roles only AWS services can assume are left out.',
  severity: 'high',
  provider: 'aws',
  posture: 'userAccountManagement',
  resourceType: 'AWS::IAM::Role',
  threat: { techniques: ['T1537', 'T1578.001'], mitigations: ['M1018'] },
  // No Security Hub control or CIS recommendation says this (IAM.1 and IAM.21 are about `*`
  // actions in customer managed policies, not about these actions on every resource).
  compliance: [],
  messages: {
    broad: '{{kind}} {{name}} holds {{capabilities}} on every resource, without conditions ({{actions}}; via {{via}}).',
    narrowed: '{{kind}} {{name}} holds {{capabilities}} only under conditions or on named resources ({{notes}}).',
    none: '{{kind}} {{name}} cannot share, export or restore snapshots or open ingress.',
    serviceRole: '{{kind}} {{name}} is {{why}}: not judged.',
    unreadable: '{{kind}} {{name}} holds permissions that could not be read: {{reason}}.',
    identitiesUnreadable: 'Who in account {{account}} can share, export or restore snapshots is unknown: {{reason}}.',
  },
  remediation: {
    text: 'Take the policy away from where it is attached (the command names the first policy that grants it without conditions; a group policy applies to every member), then grant these actions only on named snapshots, images or groups, under a condition such as aws:MultiFactorAuthPresent or aws:ResourceTag. Each other policy listed in `via` needs the same.',
    command: 'aws iam {{iamCommand}} --region {{region}} {{targetFlag}} {{target}} {{policyArgs}}',
    docs: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_manage-attach-detach.html',
  },
  evaluate(inventory, report) {
    // No principal list at all: every principal is unverified, which is not the same as none.
    for (const security of inventory.accountSecurity) {
      if (!isUnknown(security.identities)) continue;
      const resource = accountSettingRef(security, 'AWS::IAM::Account', `arn:aws:iam::${security.account}:root`, `IAM of account ${security.account}`);
      report.unknown({ resource, messageId: 'identitiesUnreadable', data: { account: security.account, reason: security.identities.reason, region: 'us-east-1' } });
    }
    for (const principal of inventory.principals) {
      if (principal.kind !== 'user' && principal.kind !== 'role') continue;
      const resource = principalRef(principal);
      const data = { kind: kindLabel(principal), name: principalName(principal), region: iamRegion(partitionOf(principal.id)) };
      if (isServiceLinkedRole(principal) || isServiceOnlyRole(principal)) {
        const why = isServiceLinkedRole(principal) ? 'a service-linked role (AWS manages it)' : `assumable only by AWS services (${(principal.assumableBy ?? []).map((a) => a.principal).join(', ')})`;
        report.notApplicable({ resource, messageId: 'serviceRole', data: { ...data, why } });
        continue;
      }
      if (isUnknown(principal.capabilities)) {
        report.unknown({ resource, messageId: 'unreadable', data: { ...data, reason: principal.capabilities.reason } });
        continue;
      }
      const grants = grantsOf(principal, BROAD_CAPABILITIES);
      const evidence = { trust: principal.trust, grants: grants.map(grantEvidence) };
      const broad = grants.filter(isUnconditionalOnEverything);
      if (broad.length > 0) {
        const { iamCommand, targetFlag, target, policyArgs } = firstRemoval(principal, broad);
        report.fail({ resource, messageId: 'broad', data: { ...data, ...describe(broad), iamCommand, targetFlag, target, policyArgs }, evidence });
      } else if (grants.length > 0) {
        const notes = grants.map((g) => `${g.capability}: ${g.mfaRequired ? 'MFA required' : g.conditions.length > 0 ? g.conditions.join(' and ') : `only ${g.resources.join(', ')}`}`);
        report.pass({ resource, messageId: 'narrowed', data: { ...data, capabilities: describe(grants).capabilities, notes: notes.join('; ') }, evidence });
      } else {
        report.pass({ resource, messageId: 'none', data, evidence });
      }
    }
  },
});
