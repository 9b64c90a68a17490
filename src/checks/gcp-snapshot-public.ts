import { defineCheck } from './define-check.js';
import { judgeGcpPublic } from './lib/gcp-checks.js';

export const gcpSnapshotPublic = defineCheck({
  id: 'gcp-snapshot-public',
  title: 'Snapshot is public (IAM binds allUsers or allAuthenticatedUsers)',
  description:
    'A snapshot\'s own IAM policy decides who may use it. A binding for `allUsers` or `allAuthenticatedUsers` (any Google account) lets anyone create a disk from it in their own project: the whole disk leaves the organization.',
  severity: 'critical',
  provider: 'gcp',
  resourceType: 'compute.googleapis.com/Snapshot',
  threat: { techniques: ['T1578.001', 'T1537'], mitigations: ['M1018', 'M1047'] },
  compliance: [],
  messages: {
    public: 'Snapshot {{name}} can be used by {{member}} ({{role}}).',
    publicConfirmed: 'Snapshot {{name}} is public; the rest of its policy could not be read.',
    private: 'Snapshot {{name}} is not public.',
    unreadable: 'Whether snapshot {{name}} is public is unknown: {{reason}}.',
  },
  remediation: {
    text: 'Remove the public binding; grant named members (or groups) instead if the snapshot must be shared.',
    command: 'gcloud compute snapshots remove-iam-policy-binding {{name}} --project={{project}} {{location}} --member={{member}} --role={{role}}',
    docs: 'https://cloud.google.com/compute/docs/access/iam-policy',
  },
  evaluate(inventory, report) {
    for (const snapshot of inventory.snapshots) judgeGcpPublic(report, snapshot);
  },
});
