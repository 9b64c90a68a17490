// The Azure built-in roles an estate can assign, with the ids and permissions Microsoft documents
// for them ("Azure built-in roles", learn.microsoft.com). Only the roles estates use are here.
// Virtual Machine Contributor is abridged: its Recovery Services, SQL VM, Serial Console and
// health-status actions are left out; every Compute and Network action it has is kept.

export interface BuiltInRole {
  readonly id: string;
  readonly roleName: string;
  readonly description: string;
  readonly actions: readonly string[];
  readonly notActions: readonly string[];
  readonly dataActions: readonly string[];
  readonly notDataActions: readonly string[];
}

const role = (id: string, roleName: string, description: string, permissions: Partial<Omit<BuiltInRole, 'id' | 'roleName' | 'description'>>): BuiltInRole => ({
  id,
  roleName,
  description,
  actions: permissions.actions ?? [],
  notActions: permissions.notActions ?? [],
  dataActions: permissions.dataActions ?? [],
  notDataActions: permissions.notDataActions ?? [],
});

export const BUILT_IN_ROLES: readonly BuiltInRole[] = [
  role('8e3af657-a8ff-443c-a75c-2fe8c4bcb635', 'Owner', 'Grants full access to manage all resources, including the ability to assign roles in Azure RBAC.', { actions: ['*'] }),
  role(
    'b24988ac-6180-42a0-ab88-20f7382dd24c',
    'Contributor',
    'Grants full access to manage all resources, but does not allow you to assign roles in Azure RBAC, manage assignments in Azure Blueprints, or share image galleries.',
    {
      actions: ['*'],
      notActions: [
        'Microsoft.Authorization/*/Delete',
        'Microsoft.Authorization/*/Write',
        'Microsoft.Authorization/elevateAccess/Action',
        'Microsoft.Blueprint/blueprintAssignments/write',
        'Microsoft.Blueprint/blueprintAssignments/delete',
        'Microsoft.Compute/galleries/share/action',
        'Microsoft.Purview/consents/write',
        'Microsoft.Purview/consents/delete',
      ],
    },
  ),
  role('acdd72a7-3385-48ef-bd42-f606fba81ae7', 'Reader', 'View all resources, but does not allow you to make any changes.', { actions: ['*/read'] }),
  role('18d7d88d-d35e-4fb5-a5c3-7773c20a72d9', 'User Access Administrator', 'Lets you manage user access to Azure resources.', {
    actions: ['*/read', 'Microsoft.Authorization/*', 'Microsoft.Support/*'],
  }),
  role('7efff54f-a5b4-42b5-a1c5-5411624893ce', 'Disk Snapshot Contributor', 'Provides permission to backup vault to manage disk snapshots.', {
    actions: [
      'Microsoft.Authorization/*/read',
      'Microsoft.Compute/disks/beginGetAccess/action',
      'Microsoft.Compute/snapshots/delete',
      'Microsoft.Compute/snapshots/write',
      'Microsoft.Compute/snapshots/read',
      'Microsoft.Compute/snapshots/beginGetAccess/action',
      'Microsoft.Compute/snapshots/endGetAccess/action',
      'Microsoft.Resources/subscriptions/resourceGroups/read',
      'Microsoft.Storage/storageAccounts/listkeys/action',
      'Microsoft.Storage/storageAccounts/write',
      'Microsoft.Storage/storageAccounts/read',
      'Microsoft.Storage/storageAccounts/delete',
    ],
  }),
  role(
    '959f8984-c045-4866-89c7-12bf9737be2e',
    'Data Operator for Managed Disks',
    'Provides permissions to upload data to empty managed disks, read, or export data of managed disks (not attached to running VMs) and snapshots using SAS URIs and Azure AD authentication.',
    {
      dataActions: ['Microsoft.Compute/disks/download/action', 'Microsoft.Compute/disks/upload/action', 'Microsoft.Compute/snapshots/download/action', 'Microsoft.Compute/snapshots/upload/action'],
    },
  ),
  role(
    '9980e02c-c2be-4d73-94e8-173b1dc7cf3c',
    'Virtual Machine Contributor',
    "Lets you manage virtual machines, but not access to them, and not the virtual network or storage account they're connected to.",
    {
      actions: [
        'Microsoft.Authorization/*/read',
        'Microsoft.Compute/availabilitySets/*',
        'Microsoft.Compute/locations/*',
        'Microsoft.Compute/virtualMachines/*',
        'Microsoft.Compute/virtualMachineScaleSets/*',
        'Microsoft.Compute/cloudServices/*',
        'Microsoft.Compute/disks/write',
        'Microsoft.Compute/disks/read',
        'Microsoft.Compute/disks/delete',
        'Microsoft.DevTestLab/schedules/*',
        'Microsoft.Insights/alertRules/*',
        'Microsoft.Network/applicationGateways/backendAddressPools/join/action',
        'Microsoft.Network/loadBalancers/backendAddressPools/join/action',
        'Microsoft.Network/loadBalancers/inboundNatPools/join/action',
        'Microsoft.Network/loadBalancers/inboundNatRules/join/action',
        'Microsoft.Network/loadBalancers/probes/join/action',
        'Microsoft.Network/loadBalancers/read',
        'Microsoft.Network/locations/*',
        'Microsoft.Network/networkInterfaces/*',
        'Microsoft.Network/networkSecurityGroups/join/action',
        'Microsoft.Network/networkSecurityGroups/read',
        'Microsoft.Network/publicIPAddresses/join/action',
        'Microsoft.Network/publicIPAddresses/read',
        'Microsoft.Network/virtualNetworks/read',
        'Microsoft.Network/virtualNetworks/subnets/join/action',
        'Microsoft.Resources/deployments/*',
        'Microsoft.Resources/subscriptions/resourceGroups/read',
        'Microsoft.Storage/storageAccounts/listKeys/action',
        'Microsoft.Storage/storageAccounts/read',
        'Microsoft.Support/*',
      ],
    },
  ),
  role('4d97b98b-1d4f-4787-a291-c67834d212e7', 'Network Contributor', 'Lets you manage networks, but not access to them.', {
    actions: [
      'Microsoft.Authorization/*/read',
      'Microsoft.Insights/alertRules/*',
      'Microsoft.Network/*',
      'Microsoft.ResourceHealth/availabilityStatuses/read',
      'Microsoft.Resources/deployments/*',
      'Microsoft.Resources/subscriptions/resourceGroups/read',
      'Microsoft.Support/*',
    ],
  }),
];

export function builtInRole(name: string): BuiltInRole | undefined {
  const lower = name.toLowerCase();
  return BUILT_IN_ROLES.find((r) => r.roleName.toLowerCase() === lower);
}
