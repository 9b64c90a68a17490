import { isUnknown } from '../model.js';
import { resourceGroupOf } from './azure-snapshot-public-network.js';
import { defineCheck } from './define-check.js';
import { isPublic, sharingEvidence } from './lib/sharing.js';

export const azureGalleryCommunityShared = defineCheck({
  id: 'azure-gallery-community-shared',
  title: 'Compute Gallery is shared with the community',
  description:
    'A community gallery is public: every Azure user can list its images and create VMs from them, reading the disks they were captured from.',
  severity: 'high',
  provider: 'azure',
  resourceType: 'Microsoft.Compute/galleries',
  threat: { techniques: ['T1537'], mitigations: ['M1018'] },
  // Neither CIS nor a built-in Azure Policy covers community galleries.
  compliance: [],
  messages: {
    community: 'Gallery {{name}} is shared with the community: its images are public.',
    notCommunity: 'Gallery {{name}} is not shared with the community.',
    unreadable: 'Whether gallery {{name}} is shared with the community is unknown.',
  },
  remediation: {
    text: 'Stop community sharing (reset the gallery to private); share with named subscriptions or tenants instead.',
    command: 'az sig share reset --resource-group {{resourceGroup}} --gallery-name {{name}}',
    docs: 'https://learn.microsoft.com/azure/virtual-machines/share-gallery-community',
  },
  evaluate(inventory, report) {
    for (const gallery of inventory.galleries) {
      const data = { id: gallery.id, region: gallery.region, name: gallery.name ?? gallery.id, resourceGroup: resourceGroupOf(gallery.id) };
      const evidence = sharingEvidence(gallery.sharing);
      if (isPublic(gallery.sharing)) report.fail({ resource: gallery, messageId: 'community', data, evidence, signals: { exposure: 'public' } });
      else if (isUnknown(gallery.sharing)) report.unknown({ resource: gallery, messageId: 'unreadable', data, evidence });
      else report.pass({ resource: gallery, messageId: 'notCommunity', data, evidence });
    }
  },
});
