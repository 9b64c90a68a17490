import { isUnknown, type Principal, type ResourceRef } from '../model.js';
import { defineCheck } from './define-check.js';
import { CIS_GCP_2 } from './lib/compliance.js';

function emailOf(principal: Principal): string {
  return principal.id.replace(/^serviceAccount:/, '');
}

/** Snapshot capabilities the key carries, in words, for the message. */
function reach(principal: Principal): string {
  if (isUnknown(principal.capabilities)) return 'what it can do is unknown';
  const caps = [...new Set(principal.capabilities.map((g) => g.capability))];
  return caps.length === 0 ? 'it holds no snapshot permission on the project' : `it can ${caps.join(', ')} on the project`;
}

export const gcpSaUserManagedKey = defineCheck({
  id: 'gcp-sa-user-managed-key',
  title: 'Service account has a user-managed key',
  description:
    'Google-managed keys never leave Google and rotate themselves; a user-managed key is a file that works from anywhere until someone deletes it. Workloads on Google Cloud can use the attached service account, and workloads elsewhere workload identity federation, instead of a key. An account with such a key and the right to snapshot or read disks is a way to copy them out that bypasses every sign-in control.',
  severity: 'low',
  provider: 'gcp',
  posture: 'userAccountManagement',
  resourceType: 'iam.googleapis.com/ServiceAccount',
  threat: { techniques: ['T1578.001', 'T1537'], mitigations: ['M1018'] },
  compliance: [{ ...CIS_GCP_2, controls: ['1.4'] }],
  messages: {
    hasKeys: 'Service account {{account}} has {{count}} active user-managed key(s) ({{keys}}), and {{reach}}.',
    noKeys: 'Service account {{account}} has no active user-managed key.',
    keysUnknown: 'Whether service account {{account}} has user-managed keys is unknown: its keys could not be listed.',
  },
  remediation: {
    text: 'Move the workload to an attached service account or workload identity federation, then delete the key (the command deletes the first; repeat for each key in the evidence). The organization policy constraint iam.disableServiceAccountKeyCreation prevents new ones.',
    command: 'gcloud iam service-accounts keys delete {{key}} --iam-account={{account}} --project={{project}}',
    docs: 'https://cloud.google.com/iam/docs/best-practices-for-managing-service-account-keys',
  },
  evaluate(inventory, report) {
    for (const principal of inventory.principals) {
      if (principal.kind !== 'service-account') continue;
      const account = emailOf(principal);
      const project = principal.account;
      const owned = principal.keys !== undefined || account.endsWith(`@${project}.iam.gserviceaccount.com`);
      if (!owned) continue;
      const resource: ResourceRef = { provider: 'gcp', account: project, region: 'global', type: 'iam.googleapis.com/ServiceAccount', id: `projects/${project}/serviceAccounts/${account}`, name: account };
      if (principal.keys === undefined) {
        report.unknown({ resource, messageId: 'keysUnknown', data: { account, project, key: 'KEY_ID' } });
        continue;
      }
      const active = principal.keys.filter((k) => k.active);
      if (active.length === 0) {
        report.pass({ resource, messageId: 'noKeys', data: { account, project, key: 'KEY_ID' } });
        continue;
      }
      report.fail({
        resource,
        messageId: 'hasKeys',
        data: { account, project, key: active[0]?.id ?? 'KEY_ID', keys: active.map((k) => k.id), count: active.length, reach: reach(principal) },
        evidence: { serviceAccount: account, keys: active.map((k) => ({ id: k.id, createdAt: k.createdAt ?? null })) },
      });
    }
  },
});
