import { judgeNetworkAccess } from './azure-snapshot-public-network.js';
import { defineCheck } from './define-check.js';
import { CIS_AZURE_3 } from './lib/compliance.js';

export const azureDiskPublicNetwork = defineCheck({
  id: 'azure-disk-public-network',
  title: 'Managed disk can be exported from any network',
  description:
    'A managed disk with `networkAccessPolicy: AllowAll` and public network access on can be read out through an export link (SAS) from anywhere on the internet, including while it is attached to a running VM.',
  severity: 'medium',
  provider: 'azure',
  resourceType: 'Microsoft.Compute/disks',
  threat: { techniques: ['T1537'], mitigations: ['M1018'] },
  compliance: [{ ...CIS_AZURE_3, controls: ['8.5'] }],
  messages: {
    open: 'Disk {{name}} can be exported over the public internet (network access: all networks).',
    private: 'Disk {{name}} can be exported only through a private endpoint.',
    closed: 'Disk {{name}} cannot be exported over any network.',
    unreadable: 'From which networks disk {{name}} can be exported is unknown.',
  },
  remediation: {
    text: 'Deny export over the network (or allow it only through a disk access private endpoint), and turn public network access off.',
    command: 'az disk update --resource-group {{resourceGroup}} --name {{name}} --network-access-policy DenyAll --public-network-access Disabled',
    docs: 'https://learn.microsoft.com/azure/virtual-machines/disks-enable-private-links-for-import-export-portal',
  },
  evaluate(inventory, report) {
    for (const disk of inventory.disks) judgeNetworkAccess(report, disk);
  },
});
