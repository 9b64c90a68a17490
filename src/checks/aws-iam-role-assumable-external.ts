import type { AssumableBy } from '../model.js';
import { defineCheck } from './define-check.js';
import { grantEvidence, iamRegion, isServiceLinkedRole, partitionOf, principalName, principalRef, standingOf } from './lib/principals.js';

function trustEvidence(entries: readonly AssumableBy[]): Array<{ principal: string; trust: string; conditions: string[] }> {
  return entries.map((a) => ({ principal: a.principal, trust: a.trust, conditions: [...a.conditions] }));
}

export const awsIamRoleAssumableExternal = defineCheck({
  id: 'aws-iam-role-assumable-external',
  title: 'Role that can share or copy out snapshots can be assumed from outside the organization',
  description:
    "A role's trust policy decides who can become it. When a principal outside the organization and the trusted list can assume a role that may share or copy snapshots (or holds every permission), that stranger can move the account's disks and databases into its own account without any credential of ours.",
  severity: 'high',
  provider: 'aws',
  posture: 'userAccountManagement',
  resourceType: 'AWS::IAM::Role',
  threat: { techniques: ['T1537'], mitigations: ['M1018'] },
  // No Security Hub control or CIS recommendation judges role trust policies against the
  // permissions of the role (IAM.28 only asks that an external access analyzer exist).
  compliance: [],
  messages: {
    external: 'Role {{name}} {{why}}, and {{count}} principal(s) outside the organization and the trusted list can assume it: {{outsiders}}.',
    undetermined: 'Role {{name}} {{why}}; who some of those that can assume it are could not be judged: {{outsiders}}.',
    internalOnly: 'Role {{name}} {{why}}, but only internal or trusted principals can assume it.',
    notExposing: 'Role {{name}} is not privileged and cannot share or export snapshots.',
    trustUnread: "Role {{name}} {{why}}; its trust policy was not read.",
    unreadable: 'What role {{name}} may do to snapshots is unknown: {{reason}}.',
  },
  remediation: {
    text:
      'Remove the outside principals from the trust policy, or pin `*` with aws:PrincipalOrgID; a partner that must assume it goes into `trustedAccounts` with a reason. Save the edited policy (`aws iam get-role --role-name ROLE --query Role.AssumeRolePolicyDocument`) as ROLE-trust.json and put it back with the command. Alternatively take share and export away from the role.',
    command: 'aws iam update-assume-role-policy --region {{region}} --role-name {{name}} --policy-document file://{{name}}-trust.json',
    docs: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/roles-managingrole-editing-cli.html',
  },
  evaluate(inventory, report) {
    for (const principal of inventory.principals) {
      if (principal.kind !== 'role' || isServiceLinkedRole(principal)) continue;
      const resource = principalRef(principal);
      const data = { name: principalName(principal), region: iamRegion(partitionOf(principal.id)) };
      const standing = standingOf(principal);
      const assumableBy = principal.assumableBy;
      const evidence = {
        assumableBy: assumableBy === undefined ? null : trustEvidence(assumableBy),
        grants: standing.kind === 'holds' ? standing.grants.map(grantEvidence) : [],
      };
      if (standing.kind === 'none') {
        report.notApplicable({ resource, messageId: 'notExposing', data, evidence });
        continue;
      }
      if (standing.kind === 'unknown') {
        report.unknown({ resource, messageId: 'unreadable', data: { ...data, reason: standing.reason }, evidence, signals: { exposure: 'unknown' } });
        continue;
      }
      const withWhy = { ...data, why: standing.why };
      if (assumableBy === undefined) {
        report.unknown({ resource, messageId: 'trustUnread', data: withWhy, evidence, signals: { exposure: 'unknown' } });
        continue;
      }
      const outside = assumableBy.filter((a) => a.trust === 'external');
      const undetermined = assumableBy.filter((a) => a.trust === 'unknown');
      const describe = (list: readonly AssumableBy[]): string[] => list.map((a) => (a.conditions.length > 0 ? `${a.principal} (when ${a.conditions.join(' and ')})` : a.principal));
      if (outside.length > 0) {
        report.fail({ resource, messageId: 'external', data: { ...withWhy, count: outside.length, outsiders: describe(outside) }, evidence, signals: { exposure: 'external' } });
      } else if (undetermined.length > 0) {
        report.unknown({ resource, messageId: 'undetermined', data: { ...withWhy, outsiders: describe(undetermined) }, evidence, signals: { exposure: 'unknown' } });
      } else {
        report.pass({ resource, messageId: 'internalOnly', data: withWhy, evidence });
      }
    }
  },
});
