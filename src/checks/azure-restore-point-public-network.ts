import { judgeNetworkAccess } from './azure-snapshot-public-network.js';
import { defineCheck } from './define-check.js';
import { CIS_AZURE_3 } from './lib/compliance.js';

export const RESTORE_POINT_TYPE = 'Microsoft.Compute/restorePointCollections/restorePoints/diskRestorePoints';

export const azureRestorePointPublicNetwork = defineCheck({
  id: 'azure-restore-point-public-network',
  title: 'Disk restore point can be exported from any network',
  description:
    'A VM restore point keeps a copy of each disk (a disk restore point) that can be exported through a SAS link like a snapshot. It takes the network access policy of its disk when it is made; with `AllowAll` the export works from anywhere.',
  severity: 'medium',
  provider: 'azure',
  resourceType: RESTORE_POINT_TYPE,
  threat: { techniques: ['T1537', 'T1578.001'], mitigations: ['M1018', 'M1047'] },
  compliance: [{ ...CIS_AZURE_3, controls: ['8.5'] }],
  messages: {
    open: 'Disk restore point {{name}} can be exported over the public internet (network access: all networks).',
    private: 'Disk restore point {{name}} can be exported only through a private endpoint.',
    closed: 'Disk restore point {{name}} cannot be exported over any network.',
    unreadable: 'From which networks disk restore point {{name}} can be exported is unknown.',
  },
  remediation: {
    text: 'Restore points keep the policy their disk had: close network export on the source disk, take a new restore point, then delete the old one.',
    command: 'az disk update --resource-group {{resourceGroup}} --name {{sourceDisk}} --network-access-policy DenyAll --public-network-access Disabled',
    docs: 'https://learn.microsoft.com/azure/virtual-machines/create-restore-points',
  },
  evaluate(inventory, report) {
    for (const point of inventory.snapshots) {
      if (point.type !== RESTORE_POINT_TYPE) continue;
      judgeNetworkAccess(report, point, { sourceDisk: point.source?.id.split('/').pop() ?? 'SOURCE-DISK' });
    }
  },
});
