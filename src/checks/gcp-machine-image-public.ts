import { MACHINE_IMAGE_TYPE } from './gcp-image-public.js';
import { defineCheck } from './define-check.js';
import { judgeGcpPublic } from './lib/gcp-checks.js';

export const gcpMachineImagePublic = defineCheck({
  id: 'gcp-machine-image-public',
  title: 'Machine image is public (IAM binds allUsers or allAuthenticatedUsers)',
  description: 'A machine image holds every disk of an instance with its configuration; public, anyone can recreate the whole machine in their project.',
  severity: 'critical',
  provider: 'gcp',
  resourceType: MACHINE_IMAGE_TYPE,
  threat: { techniques: ['T1537', 'T1578.001'], mitigations: ['M1018', 'M1047'] },
  compliance: [],
  messages: {
    public: 'Machine image {{name}} can be used by {{member}} ({{role}}).',
    publicConfirmed: 'Machine image {{name}} is public; the rest of its policy could not be read.',
    private: 'Machine image {{name}} is not public.',
    unreadable: 'Whether machine image {{name}} is public is unknown: {{reason}}.',
  },
  remediation: {
    text: 'Remove the public binding.',
    command: 'gcloud compute machine-images remove-iam-policy-binding {{name}} --project={{project}} --member={{member}} --role={{role}}',
    docs: 'https://cloud.google.com/compute/docs/machine-images',
  },
  evaluate(inventory, report) {
    for (const image of inventory.images) if (image.type === MACHINE_IMAGE_TYPE) judgeGcpPublic(report, image);
  },
});
