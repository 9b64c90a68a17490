// Every Azure Resource Manager operation this provider performs, as a custom role definition. A
// test checks that every operation the emulator served during a full scan is in it.
import type { ProviderPermissions } from '../../src/provider.js';

export const AZURE_ACTIONS: readonly string[] = [
  'Microsoft.Authorization/roleAssignments/read',
  'Microsoft.Authorization/roleDefinitions/read',
  'Microsoft.Compute/disks/read',
  'Microsoft.Compute/galleries/read',
  'Microsoft.Compute/restorePointCollections/read',
  'Microsoft.Compute/restorePointCollections/restorePoints/diskRestorePoints/read',
  'Microsoft.Compute/restorePointCollections/restorePoints/read',
  'Microsoft.Compute/snapshots/read',
  'Microsoft.Compute/virtualMachines/read',
  'Microsoft.Insights/diagnosticSettings/read',
  'Microsoft.Insights/eventtypes/values/read',
  'Microsoft.Network/networkInterfaces/read',
  'Microsoft.Network/networkSecurityGroups/read',
  'Microsoft.Network/publicIPAddresses/read',
  'Microsoft.Network/virtualNetworks/read',
  'Microsoft.Resources/subscriptions/read',
];

export const azurePermissions: ProviderPermissions = {
  actions: AZURE_ACTIONS,
  document({ scopes } = {}) {
    const role = {
      Name: 'snapaudit reader',
      IsCustom: true,
      Description:
        'Reads what snapaudit audits: snapshots, disks, restore points, galleries, VMs and the network in front of them, role assignments and role definitions, the Activity Log diagnostic settings, and the Activity Log itself (for `snapaudit logs --since`). No data actions, no writes.',
      Actions: AZURE_ACTIONS,
      NotActions: [],
      DataActions: [],
      NotDataActions: [],
      AssignableScopes: scopes && scopes.length > 0 ? scopes.map((id) => `/subscriptions/${id}`) : ['/subscriptions/SUBSCRIPTION-ID'],
    };
    return `${JSON.stringify(role, null, 2)}\n`;
  },
};
