// The demo's Azure subscription: a snapshot with a live export link, snapshots and disks open to
// every network, a VM built from a copied snapshot behind an NSG open to SSH, a VM whose subnet NSG
// denies what its NIC NSG allows, a community-shared gallery, and healthy resources around them.
// Who can copy it all out: an Owner group, a backup service principal with Disk Snapshot Contributor
// and a user with a custom "export snapshots" role, all on the whole subscription; a Reader of it,
// and a Network Contributor of one resource group, beside them. No diagnostic setting exports the Activity
// Log, so none of it would be seen after 90 days.
import type { EstateInput } from './estate.js';
import { azureId } from './estate-azure.js';

export const DEMO_TENANT = '72f988bf-0000-4000-8000-00000000de00';
export const DEMO_SUBSCRIPTION = '5ab5c41b-0000-4000-8000-000000000001';
/** The principals of the demo's role assignments (Entra object ids). */
export const DEMO_AZURE_ASSIGNEES = {
  ownersGroup: 'a0a0a0a0-0000-4000-8000-00000000de01',
  backupPrincipal: 'b0b0b0b0-0000-4000-8000-00000000de02',
  exportUser: 'c0c0c0c0-0000-4000-8000-00000000de03',
  readerUser: 'd0d0d0d0-0000-4000-8000-00000000de04',
  networkGroup: 'e0e0e0e0-0000-4000-8000-00000000de05',
} as const;

/** The demo's custom role: read snapshots and disks, and generate export links for snapshots. */
export const DEMO_EXPORT_ROLE = 'Snapshot Export Operator';

/** The demo's service principal; the secret opens nothing but the local emulator. */
export const DEMO_AZURE_PRINCIPAL = { clientId: 'c1d2e3f4-0000-4000-8000-0000000000a1', clientSecret: 'demo-secret-for-the-local-emulator-only' } as const;

type AzureInput = NonNullable<EstateInput['azure']>;
type SubscriptionInput = AzureInput['subscriptions'][number];

const RG = 'prod-rg';
const id = (type: string, name: string): string => azureId(DEMO_SUBSCRIPTION, RG, type, name);
const SNAPSHOT = 'Microsoft.Compute/snapshots';
const DISK = 'Microsoft.Compute/disks';
const NIC = 'Microsoft.Network/networkInterfaces';
const NSG = 'Microsoft.Network/networkSecurityGroups';
const PIP = 'Microsoft.Network/publicIPAddresses';
const VNET = 'Microsoft.Network/virtualNetworks';
const subnet = (name: string): string => `${id(VNET, 'prod-vnet')}/subnets/${name}`;
const CMK = id('Microsoft.Compute/diskEncryptionSets', 'prod-des');

/** Nightly snapshots done right: no network export, Entra ID required, customer-managed key. */
function healthySnapshots(count: number): NonNullable<SubscriptionInput['snapshots']> {
  return Array.from({ length: count }, (_, i) => ({
    name: `app-nightly-${String(i + 1).padStart(2, '0')}`,
    resourceGroup: RG,
    location: 'westeurope',
    networkAccessPolicy: 'DenyAll' as const,
    publicNetworkAccess: 'Disabled' as const,
    dataAccessAuthMode: 'AzureActiveDirectory' as const,
    encryption: { type: 'EncryptionAtRestWithCustomerKey' as const, diskEncryptionSetId: CMK },
    createOption: 'Copy',
    sourceResourceId: id(DISK, 'app-data'),
    tags: { team: 'platform' },
  }));
}

const subscription: SubscriptionInput = {
  id: DEMO_SUBSCRIPTION,
  displayName: 'contoso-prod',
  snapshots: [
    {
      // Someone generated a download link for the database disk and never revoked it.
      name: 'sql-data-export',
      resourceGroup: RG,
      location: 'westeurope',
      diskState: 'ActiveSAS',
      createOption: 'Copy',
      sourceResourceId: id(DISK, 'sql-data'),
      diskSizeGB: 512,
      tags: { requestedBy: 'contractor' },
    },
    {
      name: 'web-os-before-patch',
      resourceGroup: RG,
      location: 'westeurope',
      osType: 'Linux',
      createOption: 'Copy',
      sourceResourceId: id(DISK, 'web-os'),
      dataAccessAuthMode: 'AzureActiveDirectory',
    },
    {
      name: 'prod-db-os',
      resourceGroup: RG,
      location: 'westeurope',
      osType: 'Linux',
      networkAccessPolicy: 'AllowPrivate',
      diskAccessId: id('Microsoft.Compute/diskAccesses', 'prod-disk-access'),
      publicNetworkAccess: 'Disabled',
      dataAccessAuthMode: 'AzureActiveDirectory',
      encryption: { type: 'EncryptionAtRestWithCustomerKey', diskEncryptionSetId: CMK },
      createOption: 'Copy',
      sourceResourceId: id(DISK, 'prod-db-os-disk'),
    },
    ...healthySnapshots(8),
  ],
  disks: [
    // Restored from the database OS snapshot and mounted on a VM with SSH open to the internet.
    { name: 'forensics-os', resourceGroup: RG, location: 'westeurope', osType: 'Linux', createOption: 'Copy', sourceResourceId: id(SNAPSHOT, 'prod-db-os'), diskState: 'Attached', managedBy: id('Microsoft.Compute/virtualMachines', 'forensics-vm'), networkAccessPolicy: 'DenyAll' },
    { name: 'web-os', resourceGroup: RG, location: 'westeurope', osType: 'Linux', createOption: 'FromImage', imageReferenceId: '/Subscriptions/x/Providers/Microsoft.Compute/Locations/westeurope/Publishers/Canonical/ArtifactTypes/VMImage/Offers/ubuntu-24_04-lts/Skus/server/Versions/latest', diskState: 'Attached', managedBy: id('Microsoft.Compute/virtualMachines', 'web-vm'), networkAccessPolicy: 'DenyAll' },
    { name: 'jump-os', resourceGroup: RG, location: 'westeurope', osType: 'Linux', createOption: 'Copy', sourceResourceId: id(SNAPSHOT, 'web-os-before-patch'), diskState: 'Attached', managedBy: id('Microsoft.Compute/virtualMachines', 'jump-vm'), networkAccessPolicy: 'DenyAll' },
    // Detached and exported: a live link to the old data disk.
    { name: 'old-data', resourceGroup: RG, location: 'westeurope', createOption: 'Empty', diskState: 'ActiveSAS', diskSizeGB: 256 },
  ],
  galleries: [
    { name: 'community_images', resourceGroup: RG, location: 'westeurope', sharing: 'Community', community: { publicNamePrefix: 'contoso', publisherUri: 'https://contoso.example', publisherContact: 'images@contoso.example' } },
    { name: 'team_images', resourceGroup: RG, location: 'westeurope' },
  ],
  restorePointCollections: [
    {
      name: 'web-vm-rpc',
      resourceGroup: RG,
      location: 'westeurope',
      sourceVmId: id('Microsoft.Compute/virtualMachines', 'web-vm'),
      restorePoints: [{ name: 'rp-2026-11-01', diskRestorePoints: [{ name: 'web-os-rp', sourceDiskId: id(DISK, 'web-os') }] }],
    },
  ],
  virtualMachines: [
    { name: 'forensics-vm', resourceGroup: RG, location: 'westeurope', osDiskId: id(DISK, 'forensics-os'), nicIds: [id(NIC, 'forensics-nic')] },
    { name: 'web-vm', resourceGroup: RG, location: 'westeurope', osDiskId: id(DISK, 'web-os'), nicIds: [id(NIC, 'web-nic')], imageReference: 'Canonical:ubuntu-24_04-lts:server:latest' },
    { name: 'jump-vm', resourceGroup: RG, location: 'westeurope', osDiskId: id(DISK, 'jump-os'), nicIds: [id(NIC, 'jump-nic')] },
  ],
  networkInterfaces: [
    { name: 'forensics-nic', resourceGroup: RG, location: 'westeurope', networkSecurityGroupId: id(NSG, 'forensics-nsg'), ipConfigurations: [{ name: 'ipconfig1', privateIpAddress: '10.10.1.4', subnetId: subnet('tools'), publicIpAddressId: id(PIP, 'forensics-ip') }] },
    { name: 'web-nic', resourceGroup: RG, location: 'westeurope', networkSecurityGroupId: id(NSG, 'web-nsg'), ipConfigurations: [{ name: 'ipconfig1', privateIpAddress: '10.10.2.4', subnetId: subnet('web'), publicIpAddressId: id(PIP, 'web-ip') }] },
    { name: 'jump-nic', resourceGroup: RG, location: 'westeurope', networkSecurityGroupId: id(NSG, 'jump-nsg'), ipConfigurations: [{ name: 'ipconfig1', privateIpAddress: '10.10.3.4', subnetId: subnet('admin'), publicIpAddressId: id(PIP, 'jump-ip') }] },
  ],
  publicIpAddresses: [
    { name: 'forensics-ip', resourceGroup: RG, location: 'westeurope', ipAddress: '20.61.10.4' },
    { name: 'web-ip', resourceGroup: RG, location: 'westeurope', ipAddress: '20.61.10.5' },
    { name: 'jump-ip', resourceGroup: RG, location: 'westeurope', ipAddress: '20.61.10.6' },
  ],
  networkSecurityGroups: [
    { name: 'forensics-nsg', resourceGroup: RG, location: 'westeurope', securityRules: [{ name: 'ssh-anywhere', priority: 100, access: 'Allow', protocol: 'Tcp', sourceAddressPrefix: 'Internet', destinationAddressPrefix: '*', destinationPortRange: '22' }] },
    { name: 'web-nsg', resourceGroup: RG, location: 'westeurope', securityRules: [{ name: 'https', priority: 100, access: 'Allow', protocol: 'Tcp', sourceAddressPrefix: '*', destinationAddressPrefix: '*', destinationPortRanges: ['80', '443'] }] },
    // The jump box's NIC allows SSH and RDP from anywhere...
    { name: 'jump-nsg', resourceGroup: RG, location: 'westeurope', securityRules: [{ name: 'admin-anywhere', priority: 300, access: 'Allow', protocol: 'Tcp', sourceAddressPrefixes: ['0.0.0.0/0'], destinationAddressPrefix: '*', destinationPortRanges: ['22', '3389'] }] },
    // ...but its subnet's NSG denies them from the internet first.
    { name: 'admin-subnet-nsg', resourceGroup: RG, location: 'westeurope', securityRules: [{ name: 'deny-admin-from-internet', priority: 100, access: 'Deny', protocol: '*', sourceAddressPrefix: 'Internet', destinationAddressPrefix: '*', destinationPortRanges: ['22', '3389'] }] },
  ],
  customRoles: [
    {
      roleName: DEMO_EXPORT_ROLE,
      description: 'Hands snapshot download links to the data team.',
      actions: ['Microsoft.Compute/snapshots/read', 'Microsoft.Compute/snapshots/beginGetAccess/action', 'Microsoft.Compute/disks/read', 'Microsoft.Resources/subscriptions/resourceGroups/read'],
    },
  ],
  roleAssignments: [
    { principalId: DEMO_AZURE_ASSIGNEES.ownersGroup, principalType: 'Group', role: 'Owner', description: 'platform owners' },
    { principalId: DEMO_AZURE_ASSIGNEES.backupPrincipal, principalType: 'ServicePrincipal', role: 'Disk Snapshot Contributor', description: 'backup vault identity, given the whole subscription' },
    { principalId: DEMO_AZURE_ASSIGNEES.exportUser, principalType: 'User', role: DEMO_EXPORT_ROLE },
    { principalId: DEMO_AZURE_ASSIGNEES.readerUser, principalType: 'User', role: 'Reader' },
    { principalId: DEMO_AZURE_ASSIGNEES.networkGroup, principalType: 'Group', role: 'Network Contributor', scope: `/subscriptions/${DEMO_SUBSCRIPTION}/resourceGroups/${RG}` },
  ],
  // No diagnostic settings: the Activity Log is kept 90 days and exported nowhere.
  diagnosticSettings: [],
  virtualNetworks: [
    {
      name: 'prod-vnet',
      resourceGroup: RG,
      location: 'westeurope',
      addressPrefixes: ['10.10.0.0/16'],
      subnets: [
        { name: 'tools', addressPrefix: '10.10.1.0/24' },
        { name: 'web', addressPrefix: '10.10.2.0/24' },
        { name: 'admin', addressPrefix: '10.10.3.0/24', networkSecurityGroupId: id(NSG, 'admin-subnet-nsg') },
      ],
    },
  ],
};

export const DEMO_AZURE_ESTATE: AzureInput = {
  tenantId: DEMO_TENANT,
  principals: [{ ...DEMO_AZURE_PRINCIPAL, subscriptions: [DEMO_SUBSCRIPTION] }],
  subscriptions: [subscription],
};
