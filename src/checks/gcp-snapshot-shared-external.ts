import { defineCheck } from './define-check.js';
import { CIS_GCP_2 } from './lib/compliance.js';
import { judgeGcpSharedExternal } from './lib/gcp-checks.js';

export const gcpSnapshotSharedExternal = defineCheck({
  id: 'gcp-snapshot-shared-external',
  title: 'Snapshot shared with members outside the organization and the trusted list',
  description:
    "Members in a snapshot's IAM policy from another domain, or service accounts of projects not being scanned and not trusted, can create disks from it in their own projects.",
  severity: 'high',
  provider: 'gcp',
  resourceType: 'compute.googleapis.com/Snapshot',
  threat: { techniques: ['T1537', 'T1578.001'], mitigations: ['M1018', 'M1047'] },
  // CIS 1.1 (corporate login credentials) is the closest control; it reads project policies only.
  compliance: [{ ...CIS_GCP_2, controls: ['1.1'] }],
  messages: {
    external: 'Snapshot {{name}} can be used by {{count}} member(s) outside the organization and the trusted list: {{accounts}}.',
    undetermined: 'Snapshot {{name}} is shared with member(s) snapaudit cannot place: {{accounts}}.',
    internalOnly: 'Snapshot {{name}} is shared only with internal or trusted members.',
    notShared: 'Snapshot {{name}} is not shared.',
    unreadable: 'Who can use snapshot {{name}} is unknown: {{reason}}.',
  },
  remediation: {
    text: 'Remove the outside members. A legitimate partner domain or project goes into `trustedAccounts` (provider gcp) with a reason; your own domains into `gcp.internalDomains`.',
    command: 'gcloud compute snapshots remove-iam-policy-binding {{name}} --project={{project}} {{location}} --member={{member}} --role={{role}}',
    docs: 'https://cloud.google.com/compute/docs/access/iam-policy',
  },
  evaluate(inventory, report) {
    for (const snapshot of inventory.snapshots) judgeGcpSharedExternal(report, snapshot);
  },
});
