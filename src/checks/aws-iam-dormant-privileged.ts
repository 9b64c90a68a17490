import { isUnknown, type Principal } from '../model.js';
import { DORMANT_DAYS, idleDays, isDormant } from '../mitigations.js';
import { defineCheck, type Placeholders } from './define-check.js';
import { NIST_800_53_R5 } from './lib/compliance.js';
import { firstRemoval, grantEvidence, iamRegion, isServiceLinkedRole, kindLabel, partitionOf, principalName, principalRef, standingOf, type Standing } from './lib/principals.js';

/**
 * What takes the access away: for a user, its first active access key, else its console password;
 * for a role, the policy that gives it the most (roles have no credentials of their own to revoke).
 */
function revocation(principal: Principal, standing: Standing): Placeholders {
  const name = principalName(principal);
  if (principal.kind === 'user') {
    const key = (principal.keys ?? []).find((k) => k.active);
    if (key) return { iamCommand: 'update-access-key', args: ['--user-name', name, '--access-key-id', key.id, '--status', 'Inactive'] };
    if (principal.interactive !== false) return { iamCommand: 'delete-login-profile', args: ['--user-name', name] };
    return { iamCommand: 'list-access-keys', args: ['--user-name', name] };
  }
  const removal = firstRemoval(principal, standing.kind === 'holds' ? standing.grants : []);
  return { iamCommand: removal.iamCommand, args: [removal.targetFlag, removal.target, ...removal.policyArgs] };
}

export const awsIamDormantPrivileged = defineCheck({
  id: 'aws-iam-dormant-privileged',
  title: 'Privileged or snapshot-sharing IAM principal unused for 30 days or more',
  description: `A user or role that holds every permission, or may share or copy out snapshots, and has not been used for ${DORMANT_DAYS} days or more is access nobody watches: its keys or trust can be abused without a colleague noticing. AWS offers no automatic disabling of idle identities, so they have to be found and removed.`,
  severity: 'medium',
  provider: 'aws',
  posture: 'userAccountManagement',
  resourceType: 'AWS::IAM::User',
  threat: { techniques: ['T1537', 'T1578.001'], mitigations: ['M1018'] },
  // NIST AC-2(3)(d) disables accounts inactive for an organization-defined period; this check's
  // period is DORMANT_DAYS. Security Hub IAM.8 (90 days, CIS v1.2.0 1.3) and IAM.22 (45 days,
  // CIS v3.0.0 1.12, v5.0.0 1.11) use other periods, look at users only and at every user, so
  // they are not claimed.
  compliance: [{ ...NIST_800_53_R5, controls: ['AC-2(3)'] }],
  messages: {
    dormant: '{{kind}} {{name}} has not been used for {{idleDays}} days (last active {{lastActive}}) and {{why}}.',
    neverUsed: '{{kind}} {{name}} has never been used since it was created {{idleDays}} days ago, and {{why}}.',
    active: '{{kind}} {{name}} was used {{idleDays}} days ago.',
    noCredentials: 'User {{name}} has not been used for {{idleDays}} days but has neither an active access key nor a console password.',
    notPrivileged: '{{kind}} {{name}} is not privileged and cannot share or export snapshots.',
    activityUnknown: '{{kind}} {{name}} has no known last use: {{reason}}.',
    standingUnknown: '{{kind}} {{name}} has not been used for {{idleDays}} days; whether it is privileged or can share snapshots is unknown: {{reason}}.',
  },
  remediation: {
    text:
      'Remove the principal if nobody owns it. Otherwise take its access away: for a user, deactivate every active access key (the command does the first; repeat with each key listed in the evidence) and delete its console password (`aws iam delete-login-profile --user-name USER`); for a role, detach or delete the policies that grant it (the command removes the first), or delete the role once its policies and instance profiles are gone (`aws iam delete-role --role-name ROLE`).',
    command: 'aws iam {{iamCommand}} --region {{region}} {{args}}',
    docs: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_finding-unused.html',
  },
  evaluate(inventory, report, { now: at }) {
    for (const principal of inventory.principals) {
      if ((principal.kind !== 'user' && principal.kind !== 'role') || isServiceLinkedRole(principal)) continue;
      const resource = principalRef(principal);
      const data = { kind: kindLabel(principal), name: principalName(principal), region: iamRegion(partitionOf(principal.id)) };
      const standing = standingOf(principal);
      const lastUsed = principal.lastUsed;
      const idle = idleDays(principal, at);
      const evidence = {
        lastUsed: lastUsed === undefined ? null : isUnknown(lastUsed) ? `unknown: ${lastUsed.reason}` : lastUsed,
        createdAt: principal.createdAt ?? null,
        idleDays: idle ?? null,
        dormantAfterDays: DORMANT_DAYS,
        consolePassword: principal.interactive ?? null,
        keys: (principal.keys ?? []).map((k) => ({ id: k.id, active: k.active, lastUsed: k.lastUsed ?? null })),
        grants: standing.kind === 'holds' ? standing.grants.map(grantEvidence) : [],
      };
      if (standing.kind === 'none') {
        report.notApplicable({ resource, messageId: 'notPrivileged', data, evidence });
        continue;
      }
      if (idle === undefined) {
        const reason = isUnknown(lastUsed) ? lastUsed.reason : 'its last activity was not reported';
        report.unknown({ resource, messageId: 'activityUnknown', data: { ...data, reason }, evidence });
        continue;
      }
      const withIdle = { ...data, idleDays: idle, ...revocation(principal, standing) };
      if (!isDormant(principal, at)) report.pass({ resource, messageId: 'active', data: withIdle, evidence });
      else if (standing.kind === 'unknown') report.unknown({ resource, messageId: 'standingUnknown', data: { ...withIdle, reason: standing.reason }, evidence });
      else if (principal.kind === 'user' && principal.interactive === false && principal.keys !== undefined && !principal.keys.some((k) => k.active)) {
        report.pass({ resource, messageId: 'noCredentials', data: withIdle, evidence });
      } else if (lastUsed === null) report.fail({ resource, messageId: 'neverUsed', data: { ...withIdle, why: standing.why }, evidence });
      else report.fail({ resource, messageId: 'dormant', data: { ...withIdle, why: standing.why, lastActive: String(lastUsed).slice(0, 10) }, evidence });
    }
  },
});
