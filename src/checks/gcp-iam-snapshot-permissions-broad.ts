import { isUnknown, type Capability, type CapabilityGrant, type Principal, type ResourceRef } from '../model.js';
import { defineCheck } from './define-check.js';
import { CIS_GCP_2 } from './lib/compliance.js';

/** What copies a disk out: making a snapshot or image, widening who may use one, reading one elsewhere, restoring it here. */
const SNAPSHOT_CAPABILITIES: readonly Capability[] = ['create', 'share', 'export', 'restore'];
const BASIC_ROLES: readonly string[] = ['roles/owner', 'roles/editor'];
const PUBLIC_MEMBERS: readonly string[] = ['allUsers', 'allAuthenticatedUsers'];

/** A project-level principal as a finding's resource: one member of the project's IAM policy. */
function principalRef(principal: Principal): ResourceRef {
  return { provider: 'gcp', account: principal.account, region: 'global', type: 'iam.googleapis.com/Principal', id: principal.id, name: principal.id };
}

function projectRef(project: string): ResourceRef {
  return { provider: 'gcp', account: project, region: 'global', type: 'cloudresourcemanager.googleapis.com/Project', id: `projects/${project}`, name: project };
}

/** The role to remove first: a basic role when one gives the capabilities, else the first that does. */
function roleToRemove(grants: readonly CapabilityGrant[]): string {
  const roles = [...new Set(grants.flatMap((g) => g.via))];
  return roles.find((r) => BASIC_ROLES.includes(r)) ?? roles[0] ?? 'ROLE';
}

export const gcpIamSnapshotPermissionsBroad = defineCheck({
  id: 'gcp-iam-snapshot-permissions-broad',
  title: 'Project-level principal can snapshot, share or copy out every disk of the project',
  description:
    "A role bound on the project applies to every disk, snapshot, image and machine image in it. A member outside the organization (a personal Gmail account, a stranger's domain or project), anyone at all (allUsers, allAuthenticatedUsers), or any member through the basic roles Owner or Editor that holds snapshots.create, setIamPolicy or useReadOnly there can copy a whole disk into a project of their own (T1578.001, T1537). Each member is judged on its own, with the roles that give it the capabilities, so each can be removed on its own.",
  severity: 'high',
  provider: 'gcp',
  posture: 'userAccountManagement',
  resourceType: 'iam.googleapis.com/Principal',
  threat: { techniques: ['T1578.001', 'T1537'], mitigations: ['M1018'] },
  // CIS 1.1: corporate credentials, not personal Gmail accounts, in project IAM; CIS 1.5: no
  // Owner, Editor or *Admin roles for service accounts.
  compliance: [{ ...CIS_GCP_2, controls: ['1.1', '1.5'] }],
  messages: {
    public: '{{member}} (anyone) can {{capabilities}} every snapshot and disk of project {{project}} through {{roles}}.',
    external: '{{member}}, outside the organization and the trusted list, can {{capabilities}} every snapshot and disk of project {{project}} through {{roles}}{{conditionNote}}.',
    basicRole: '{{member}} can {{capabilities}} every snapshot and disk of project {{project}} through the basic role {{role}}, which spans every service.',
    undetermined: '{{member}} can {{capabilities}} every snapshot and disk of project {{project}} through {{roles}}, and snapaudit cannot tell whose identity it is: {{trustNote}}.',
    scoped: '{{member}} can {{capabilities}} snapshots of project {{project}} through {{roles}}, an internal member with a non-basic role.',
    none: '{{member}} holds no snapshot create, share or read permission on project {{project}}.',
    unreadable: 'What {{member}} can do in project {{project}} is unknown: {{reason}}.',
    policyUnreadable: "Who can copy disks out of project {{project}} is unknown: {{reason}}.",
  },
  remediation: {
    text:
      'Remove the binding from the project policy. Grant the narrowest role on the single resource that needs it instead (for example roles/compute.storageAdmin on one disk), to a group of your own domain; put a partner project or domain in `trustedAccounts` (provider gcp) with a reason if the access is deliberate. A conditional binding is removed with `--all` (every condition of that role for the member).',
    command: 'gcloud projects remove-iam-policy-binding {{project}} --member={{member}} --role={{role}} {{conditionFlags}}',
    docs: 'https://cloud.google.com/iam/docs/granting-changing-revoking-access',
  },
  evaluate(inventory, report) {
    const unreadableProjects = new Set<string>();
    for (const security of inventory.accountSecurity) {
      if (!isUnknown(security.identities)) continue;
      unreadableProjects.add(security.account);
      report.unknown({ resource: projectRef(security.account), messageId: 'policyUnreadable', data: { project: security.account, reason: security.identities.reason } });
    }
    for (const principal of inventory.principals) {
      if (unreadableProjects.has(principal.account)) continue;
      const project = principal.account;
      const base = { project, member: principal.id };
      const resource = principalRef(principal);
      if (isUnknown(principal.capabilities)) {
        report.unknown({ resource, messageId: 'unreadable', data: { ...base, reason: principal.capabilities.reason } });
        continue;
      }
      const grants = principal.capabilities.filter((g) => SNAPSHOT_CAPABILITIES.includes(g.capability));
      if (grants.length === 0) {
        report.pass({ resource, messageId: 'none', data: base });
        continue;
      }
      const role = roleToRemove(grants);
      const conditional = grants.filter((g) => g.via.includes(role)).every((g) => g.conditions.length > 0);
      const data = {
        ...base,
        role,
        roles: [...new Set(grants.flatMap((g) => g.via))],
        capabilities: [...new Set(grants.map((g) => g.capability))],
        conditionFlags: conditional ? ['--all'] : [],
        conditionNote: grants.every((g) => g.conditions.length > 0) ? ` (when ${[...new Set(grants.flatMap((g) => g.conditions))].join('; ')})` : '',
      };
      const evidence = {
        member: principal.id,
        kind: principal.kind,
        trust: principal.trust,
        privileged: isUnknown(principal.privileged) ? null : principal.privileged,
        grants: grants.map((g) => ({ capability: g.capability, actions: [...g.actions], via: [...g.via], conditions: [...g.conditions] })),
      };
      if (PUBLIC_MEMBERS.includes(principal.id)) {
        report.fail({ resource, messageId: 'public', data, evidence, signals: { exposure: 'public' } });
      } else if (principal.trust === 'external') {
        report.fail({ resource, messageId: 'external', data, evidence, signals: { exposure: 'external' } });
      } else if (principal.trust === 'unknown') {
        report.unknown({ resource, messageId: 'undetermined', data: { ...data, trustNote: 'a member kind snapaudit cannot place (a workload or workforce identity pool, say)' }, evidence, signals: { exposure: 'unknown' } });
      } else if (grants.some((g) => g.via.some((r) => BASIC_ROLES.includes(r)))) {
        report.fail({ resource, messageId: 'basicRole', data, evidence, signals: { exposure: 'trusted' } });
      } else {
        report.pass({ resource, messageId: 'scoped', data, evidence });
      }
    }
  },
});
