import { defineCheck } from './define-check.js';
import { judgeGcpPublic } from './lib/gcp-checks.js';

export const gcpDiskPublic = defineCheck({
  id: 'gcp-disk-public',
  title: 'Disk is public (IAM binds allUsers or allAuthenticatedUsers)',
  description: 'Anyone a disk\'s IAM policy admits can snapshot or image it into their own project, live, while it is attached.',
  severity: 'critical',
  provider: 'gcp',
  resourceType: 'compute.googleapis.com/Disk',
  threat: { techniques: ['T1578.001', 'T1537'], mitigations: ['M1018', 'M1047'] },
  compliance: [],
  messages: {
    public: 'Disk {{name}} can be used by {{member}} ({{role}}).',
    publicConfirmed: 'Disk {{name}} is public; the rest of its policy could not be read.',
    private: 'Disk {{name}} is not public.',
    unreadable: 'Whether disk {{name}} is public is unknown: {{reason}}.',
  },
  remediation: {
    text: 'Remove the public binding.',
    command: 'gcloud compute disks remove-iam-policy-binding {{name}} --project={{project}} {{location}} --member={{member}} --role={{role}}',
    docs: 'https://cloud.google.com/compute/docs/access/iam-policy',
  },
  evaluate(inventory, report) {
    for (const disk of inventory.disks) judgeGcpPublic(report, disk);
  },
});
