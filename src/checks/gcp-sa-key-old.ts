import { isUnknown, type Principal, type ResourceRef } from '../model.js';
import { defineCheck } from './define-check.js';
import { CIS_GCP_2 } from './lib/compliance.js';

/** CIS GCP 1.7: user-managed keys rotated every 90 days or fewer. */
export const KEY_MAX_AGE_DAYS = 90;
const DAY_MS = 86_400_000;

/** `serviceAccount:x@p.iam.gserviceaccount.com` → the email. */
function emailOf(principal: Principal): string {
  return principal.id.replace(/^serviceAccount:/, '');
}

/** A service account the project owns (user-managed, or its default Compute account), whose keys are the project's to manage. */
function ownedBy(principal: Principal, project: string): boolean {
  return principal.kind === 'service-account' && (principal.keys !== undefined || emailOf(principal).endsWith(`@${project}.iam.gserviceaccount.com`));
}

function accountRef(principal: Principal): ResourceRef {
  const email = emailOf(principal);
  return { provider: 'gcp', account: principal.account, region: 'global', type: 'iam.googleapis.com/ServiceAccount', id: `projects/${principal.account}/serviceAccounts/${email}`, name: email };
}

export const gcpSaKeyOld = defineCheck({
  id: 'gcp-sa-key-old',
  title: 'Service account key older than 90 days',
  description:
    "A user-managed service account key is a long-lived credential kept outside Google Cloud: whoever holds the file acts as the account, from anywhere, until the key is deleted (user-managed keys are valid for ten years). The older it is, the more copies and laptops it has passed through. For an account that can snapshot or read disks, a leaked key is a way to copy them out. IAM's key listing says when a key was made, not when it was last used.",
  severity: 'medium',
  provider: 'gcp',
  posture: 'userAccountManagement',
  resourceType: 'iam.googleapis.com/ServiceAccountKey',
  threat: { techniques: ['T1578.001', 'T1537'], mitigations: ['M1018'] },
  compliance: [{ ...CIS_GCP_2, controls: ['1.7'] }],
  messages: {
    old: 'Key {{key}} of service account {{account}} was created {{ageDays}} days ago ({{createdAt}}) and is still active.',
    fresh: 'Key {{key}} of service account {{account}} is {{ageDays}} days old.',
    ageUnknown: 'When key {{key}} of service account {{account}} was created is unknown.',
    keysUnknown: 'The keys of service account {{account}} could not be listed.',
    accountsUnknown: 'The service accounts of project {{project}} could not be listed, so their keys are unknown: {{reason}}.',
  },
  remediation: {
    text: 'Replace the key: create a new one (or better, move the workload to an attached service account or workload identity federation and use no key), switch its users over, then delete the old key.',
    command: 'gcloud iam service-accounts keys delete {{key}} --iam-account={{account}} --project={{project}}',
    docs: 'https://cloud.google.com/iam/docs/keys-create-delete',
  },
  evaluate(inventory, report, { now }) {
    const at = now.getTime();
    for (const gap of inventory.coverage) {
      if (gap.status === 'ok' || gap.action !== 'iam.serviceAccounts.list') continue;
      const resource: ResourceRef = { provider: 'gcp', account: gap.account, region: 'global', type: 'cloudresourcemanager.googleapis.com/Project', id: `projects/${gap.account}`, name: gap.account };
      report.unknown({ resource, messageId: 'accountsUnknown', data: { project: gap.account, reason: gap.detail } });
    }
    for (const principal of inventory.principals) {
      if (!ownedBy(principal, principal.account)) continue;
      const account = emailOf(principal);
      const project = principal.account;
      if (principal.keys === undefined) {
        report.unknown({ resource: accountRef(principal), messageId: 'keysUnknown', data: { account, project, key: 'KEY_ID' } });
        continue;
      }
      for (const key of principal.keys) {
        if (!key.active) continue;
        const resource: ResourceRef = { provider: 'gcp', account: project, region: 'global', type: 'iam.googleapis.com/ServiceAccountKey', id: `projects/${project}/serviceAccounts/${account}/keys/${key.id}`, name: key.id };
        const data = { account, project, key: key.id };
        const created = key.createdAt === undefined ? Number.NaN : Date.parse(key.createdAt);
        if (Number.isNaN(created)) {
          report.unknown({ resource, messageId: 'ageUnknown', data });
          continue;
        }
        const ageDays = Math.floor((at - created) / DAY_MS);
        const evidence = { serviceAccount: account, key: key.id, createdAt: key.createdAt ?? null, ageDays, privileged: isUnknown(principal.privileged) ? null : principal.privileged };
        if (ageDays > KEY_MAX_AGE_DAYS) report.fail({ resource, messageId: 'old', data: { ...data, ageDays, createdAt: key.createdAt as string }, evidence });
        else report.pass({ resource, messageId: 'fresh', data: { ...data, ageDays }, evidence });
      }
    }
  },
});
