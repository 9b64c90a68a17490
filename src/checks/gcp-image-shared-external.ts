import { IMAGE_TYPE, MACHINE_IMAGE_TYPE } from './gcp-image-public.js';
import { defineCheck } from './define-check.js';
import { CIS_GCP_2 } from './lib/compliance.js';
import { judgeGcpSharedExternal } from './lib/gcp-checks.js';

export const gcpImageSharedExternal = defineCheck({
  id: 'gcp-image-shared-external',
  title: 'Image or machine image shared with members outside the organization and the trusted list',
  description: 'Members of another domain, or service accounts of projects not being scanned and not trusted, can boot the image in their own projects.',
  severity: 'high',
  provider: 'gcp',
  resourceType: IMAGE_TYPE,
  threat: { techniques: ['T1537'], mitigations: ['M1018'] },
  compliance: [{ ...CIS_GCP_2, controls: ['1.1'] }],
  messages: {
    external: 'Image {{name}} can be used by {{count}} member(s) outside the organization and the trusted list: {{accounts}}.',
    undetermined: 'Image {{name}} is shared with member(s) snapaudit cannot place: {{accounts}}.',
    internalOnly: 'Image {{name}} is shared only with internal or trusted members.',
    notShared: 'Image {{name}} is not shared.',
    unreadable: 'Who can use image {{name}} is unknown: {{reason}}.',
  },
  remediation: {
    text: 'Remove the outside members, or record the partner as trusted with a reason.',
    command: 'gcloud compute {{kind}} remove-iam-policy-binding {{name}} --project={{project}} --member={{member}} --role={{role}}',
    docs: 'https://cloud.google.com/compute/docs/images/managing-access-custom-images',
  },
  evaluate(inventory, report) {
    for (const image of inventory.images) {
      if (image.type !== IMAGE_TYPE && image.type !== MACHINE_IMAGE_TYPE) continue;
      const kind = image.type === IMAGE_TYPE ? 'images' : 'machine-images';
      judgeGcpSharedExternal(report, image, { kind });
    }
  },
});
