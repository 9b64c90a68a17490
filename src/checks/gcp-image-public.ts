import { defineCheck } from './define-check.js';
import { judgeGcpPublic } from './lib/gcp-checks.js';

export const IMAGE_TYPE = 'compute.googleapis.com/Image';
export const MACHINE_IMAGE_TYPE = 'compute.googleapis.com/MachineImage';

export const gcpImagePublic = defineCheck({
  id: 'gcp-image-public',
  title: 'Image is public (IAM binds allUsers or allAuthenticatedUsers)',
  description: 'Anyone who can use a public image can boot it in their own project and read its disk.',
  severity: 'critical',
  provider: 'gcp',
  resourceType: IMAGE_TYPE,
  threat: { techniques: ['T1537'], mitigations: ['M1018'] },
  compliance: [],
  messages: {
    public: 'Image {{name}} can be used by {{member}} ({{role}}).',
    publicConfirmed: 'Image {{name}} is public; the rest of its policy could not be read.',
    private: 'Image {{name}} is not public.',
    unreadable: 'Whether image {{name}} is public is unknown: {{reason}}.',
  },
  remediation: {
    text: 'Remove the public binding. If the image is published on purpose, record it as a suppression with its owner and reason.',
    command: 'gcloud compute images remove-iam-policy-binding {{name}} --project={{project}} --member={{member}} --role={{role}}',
    docs: 'https://cloud.google.com/compute/docs/images/managing-access-custom-images',
  },
  evaluate(inventory, report) {
    for (const image of inventory.images) if (image.type === IMAGE_TYPE) judgeGcpPublic(report, image);
  },
});
