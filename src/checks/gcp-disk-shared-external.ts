import { defineCheck } from './define-check.js';
import { CIS_GCP_2 } from './lib/compliance.js';
import { judgeGcpSharedExternal } from './lib/gcp-checks.js';

export const gcpDiskSharedExternal = defineCheck({
  id: 'gcp-disk-shared-external',
  title: 'Disk shared with members outside the organization and the trusted list',
  description:
    "Members in a disk's IAM policy from another domain, or service accounts of projects not being scanned and not trusted, can snapshot or image the disk into their own projects, live, while it is attached.",
  severity: 'high',
  provider: 'gcp',
  resourceType: 'compute.googleapis.com/Disk',
  threat: { techniques: ['T1578.001', 'T1537'], mitigations: ['M1018', 'M1047'] },
  compliance: [{ ...CIS_GCP_2, controls: ['1.1'] }],
  messages: {
    external: 'Disk {{name}} can be used by {{count}} member(s) outside the organization and the trusted list: {{accounts}}.',
    undetermined: 'Disk {{name}} is shared with member(s) snapaudit cannot place: {{accounts}}.',
    internalOnly: 'Disk {{name}} is shared only with internal or trusted members.',
    notShared: 'Disk {{name}} is not shared.',
    unreadable: 'Who can use disk {{name}} is unknown: {{reason}}.',
  },
  remediation: {
    text: 'Remove the outside members; a disk rarely needs a grant of its own (project roles cover the team). A legitimate partner goes into `trustedAccounts` (provider gcp) with a reason.',
    command: 'gcloud compute disks remove-iam-policy-binding {{name}} --project={{project}} {{location}} --member={{member}} --role={{role}}',
    docs: 'https://cloud.google.com/compute/docs/access/iam-policy',
  },
  evaluate(inventory, report) {
    for (const disk of inventory.disks) judgeGcpSharedExternal(report, disk);
  },
});
