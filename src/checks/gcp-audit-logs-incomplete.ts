import { isUnknown, type ResourceRef } from '../model.js';
import { defineCheck } from './define-check.js';
import { CIS_GCP_2 } from './lib/compliance.js';

function projectRef(project: string): ResourceRef {
  return { provider: 'gcp', account: project, region: 'global', type: 'cloudresourcemanager.googleapis.com/Project', id: `projects/${project}`, name: project };
}

export const gcpAuditLogsIncomplete = defineCheck({
  id: 'gcp-audit-logs-incomplete',
  title: "Project's audit logging would miss part of a snapshot copy",
  description:
    "Compute Engine always records creating a snapshot, changing its IAM policy and making a disk from it as Admin Activity audit logs, kept 400 days in the _Required bucket that no exclusion can touch. What it records only when asked is the reconnaissance before a copy: listing snapshots and disks and reading their IAM policies are Data Access (ADMIN_READ) entries, off unless the project's audit config enables them for compute.googleapis.com or allServices, and stored through the _Default sink, whose exclusions can drop them. The check fails when those entries are off or exempt some members, when an exclusion drops Compute snapshot entries from _Default or from a sink that copies them elsewhere, and, for a project outside any organization, when no sink copies the Admin Activity entries out of the project.",
  severity: 'medium',
  provider: 'gcp',
  posture: 'audit',
  resourceType: 'cloudresourcemanager.googleapis.com/Project',
  threat: { techniques: ['T1578.001'], mitigations: ['M1047'] },
  compliance: [{ ...CIS_GCP_2, controls: ['2.1', '2.2'] }],
  messages: {
    incomplete: 'Project {{project}} would not keep a full record of snapshot activity: {{gaps}}. Next: {{nextStep}}.',
    complete: 'Project {{project}} records snapshot activity: {{sources}}.',
    unknown: 'Whether project {{project}} records reads of its snapshots is unknown: {{reason}}.',
  },
  remediation: {
    text:
      "Enable Compute Engine's Data Access audit logs: export the policy with the first command, add under auditConfigs `- service: compute.googleapis.com` with `auditLogConfigs: [{logType: ADMIN_READ}, {logType: DATA_READ}]` and no exemptedMembers, keep the etag, and set it with the second. Remove each exclusion the finding names with `gcloud logging sinks update SINK --remove-exclusions=EXCLUSION --project=PROJECT` (the message's Next step gives it exactly). Route the audit logs to a bucket, BigQuery dataset or Pub/Sub topic outside the project with `gcloud logging sinks create`, or from the organization with an aggregated sink.",
    command: 'gcloud projects get-iam-policy {{project}} --format=yaml > policy.yaml && gcloud projects set-iam-policy {{project}} policy.yaml',
    docs: 'https://cloud.google.com/logging/docs/audit/configure-data-access',
  },
  evaluate(inventory, report) {
    for (const audit of inventory.audit) {
      const project = audit.account;
      const resource = projectRef(project);
      const evidence = {
        snapshotEventsLogged: isUnknown(audit.snapshotEventsLogged) ? null : audit.snapshotEventsLogged,
        dataEventsLogged: audit.dataEventsLogged === undefined || isUnknown(audit.dataEventsLogged) ? null : audit.dataEventsLogged,
        sources: [...audit.sources],
        gaps: [...audit.gaps],
      };
      if (audit.gaps.length > 0) {
        report.fail({ resource, messageId: 'incomplete', data: { project, gaps: audit.gaps.join('; '), nextStep: audit.nextStep ?? 'see the remediation' }, evidence });
      } else if (isUnknown(audit.snapshotEventsLogged) || audit.dataEventsLogged === undefined || isUnknown(audit.dataEventsLogged)) {
        const reason = isUnknown(audit.snapshotEventsLogged)
          ? audit.snapshotEventsLogged.reason
          : audit.dataEventsLogged !== undefined && isUnknown(audit.dataEventsLogged)
            ? audit.dataEventsLogged.reason
            : 'Data Access logging was not assessed';
        report.unknown({ resource, messageId: 'unknown', data: { project, reason }, evidence });
      } else {
        report.pass({ resource, messageId: 'complete', data: { project, sources: audit.sources.join('; ') }, evidence });
      }
    }
  },
});
