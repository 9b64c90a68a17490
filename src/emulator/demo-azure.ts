// The demo's Azure subscription: a snapshot with a live export link, snapshots and disks open to
// every network, a VM built from a copied snapshot behind an NSG open to SSH, a VM whose subnet NSG
// denies what its NIC NSG allows, a community-shared gallery, and healthy resources around them.
// Who can copy it all out: an Owner group, a backup service principal with Disk Snapshot Contributor
// and a user with a custom "export snapshots" role, all on the whole subscription; a Reader of it,
// and a Network Contributor of one resource group, beside them. No diagnostic setting exports the Activity
// Log, so none of it would be seen after 90 days.
import { DEMO_NOW } from './demo-parts.js';
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


// ---------------------------------------------------------------------------------------------
// The Activity Log: one chain in the 72 hours before DEMO_NOW, on resources the demo shows exposed
// (the database OS snapshot prod-db-os, the disk forensics-os made from it, forensics-vm with a
// public IP, and forensics-nsg's rule ssh-anywhere letting Internet in on 22), and routine events
// around it. Written as the REST API returns them.

type ActivityInput = NonNullable<SubscriptionInput['activityLog']>[number];

/** The chain's resources and caller, for tests and for the lead's wiring. */
export const DEMO_AZURE_CHAIN = {
  caller: 'j.contractor@contoso.example',
  callerObjectId: 'f1f1f1f1-0000-4000-8000-00000000de06',
  snapshot: id(SNAPSHOT, 'prod-db-os'),
  disk: id(DISK, 'forensics-os'),
  vm: id('Microsoft.Compute/virtualMachines', 'forensics-vm'),
  nsgRule: `${id(NSG, 'forensics-nsg')}/securityRules/ssh-anywhere`,
  operations: [
    'Microsoft.Compute/snapshots/write',
    'Microsoft.Compute/snapshots/beginGetAccess/action',
    'Microsoft.Compute/disks/write',
    'Microsoft.Compute/virtualMachines/write',
    'Microsoft.Network/networkSecurityGroups/securityRules/write',
  ],
} as const;

/** ARM's event time: seven fractional digits. */
function armTime(hours: number): string {
  return new Date(DEMO_NOW - Math.round(hours * 3_600_000)).toISOString().replace(/Z$/, '0000Z');
}

/** .NET ticks of a time, as the event id carries them. */
function ticks(hours: number): string {
  return (BigInt(DEMO_NOW - Math.round(hours * 3_600_000)) * 10_000n + 621_355_968_000_000_000n).toString();
}

interface ActivityCall {
  readonly n: number;
  readonly hours: number;
  readonly operation: string;
  readonly localized: string;
  readonly resourceId: string;
  readonly caller: string;
  readonly claims: Record<string, string>;
  readonly ip: string;
  readonly method: 'PUT' | 'POST';
  readonly status: 'Succeeded' | 'Accepted' | 'Failed';
  readonly subStatus: { value: string; localizedValue: string };
  readonly statusCode: string;
  readonly requestbody?: unknown;
  readonly level?: 'Informational' | 'Error';
}

const guidOf = (prefix: string, n: number): string => `${prefix}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

function activity(call: ActivityCall): ActivityInput {
  const eventDataId = guidOf('ae000000', call.n);
  const [providerName = '', ...path] = (call.resourceId.split('/providers/')[1] ?? '').split('/');
  // Below the namespace, types and names alternate: `snapshots/s`, `networkSecurityGroups/n/securityRules/r`.
  const resourceType = [providerName, ...path.filter((_, i) => i % 2 === 0)].join('/');
  return {
    authorization: { action: call.operation, scope: call.resourceId },
    caller: call.caller,
    channels: 'Operation',
    claims: call.claims,
    correlationId: guidOf('c0e00000', call.n),
    description: '',
    eventDataId,
    eventName: { value: 'EndRequest', localizedValue: 'End request' },
    category: { value: 'Administrative', localizedValue: 'Administrative' },
    eventTimestamp: armTime(call.hours),
    id: `${call.resourceId}/events/${eventDataId}/ticks/${ticks(call.hours)}`,
    level: call.level ?? 'Informational',
    operationId: guidOf('0be00000', call.n),
    operationName: { value: call.operation, localizedValue: call.localized },
    resourceGroupName: RG,
    resourceProviderName: { value: providerName, localizedValue: providerName },
    resourceType: { value: resourceType, localizedValue: resourceType },
    resourceId: call.resourceId,
    status: { value: call.status, localizedValue: call.status },
    subStatus: call.subStatus,
    submissionTimestamp: armTime(call.hours - 0.01),
    subscriptionId: DEMO_SUBSCRIPTION,
    tenantId: DEMO_TENANT,
    properties: {
      eventCategory: 'Administrative',
      entity: call.resourceId,
      message: call.operation,
      hierarchy: `${DEMO_TENANT}/${DEMO_SUBSCRIPTION}`,
      statusCode: call.statusCode,
      serviceRequestId: guidOf('5e000000', call.n),
      ...(call.requestbody === undefined ? {} : { requestbody: JSON.stringify(call.requestbody) }),
    },
    relatedEvents: [],
    httpRequest: { clientRequestId: guidOf('c1000000', call.n), clientIpAddress: call.ip, method: call.method },
  };
}

const CONTRACTOR_IP = '185.220.101.47';
const userClaims = (upn: string, oid: string, ip: string): Record<string, string> => ({
  aud: 'https://management.core.windows.net/',
  iss: `https://sts.windows.net/${DEMO_TENANT}/`,
  appid: '04b07795-8ddb-461a-bbee-02f9e1bf7b46',
  appidacr: '0',
  ipaddr: ip,
  name: upn.split('@')[0] ?? upn,
  'http://schemas.microsoft.com/identity/claims/objectidentifier': oid,
  'http://schemas.microsoft.com/identity/claims/tenantid': DEMO_TENANT,
  'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn': upn,
  'http://schemas.microsoft.com/claims/authnmethodsreferences': 'pwd',
});
const contractor = userClaims(DEMO_AZURE_CHAIN.caller, DEMO_AZURE_CHAIN.callerObjectId, CONTRACTOR_IP);
const OK = { value: 'OK', localizedValue: 'OK (HTTP Status Code: 200)' };
const CREATED = { value: 'Created', localizedValue: 'Created (HTTP Status Code: 201)' };

const activityChain: ActivityCall[] = [
  {
    n: 1,
    hours: 50,
    operation: 'Microsoft.Compute/snapshots/write',
    localized: 'Create or Update Snapshot',
    resourceId: DEMO_AZURE_CHAIN.snapshot,
    caller: DEMO_AZURE_CHAIN.caller,
    claims: contractor,
    ip: CONTRACTOR_IP,
    method: 'PUT',
    status: 'Succeeded',
    subStatus: CREATED,
    statusCode: 'Created',
    requestbody: { location: 'westeurope', properties: { creationData: { createOption: 'Copy', sourceResourceId: id(DISK, 'prod-db-os-disk') }, incremental: true } },
  },
  {
    n: 2,
    hours: 49.8,
    operation: 'Microsoft.Compute/snapshots/beginGetAccess/action',
    localized: 'Get Snapshot SAS URI',
    resourceId: DEMO_AZURE_CHAIN.snapshot,
    caller: DEMO_AZURE_CHAIN.caller,
    claims: contractor,
    ip: CONTRACTOR_IP,
    method: 'POST',
    status: 'Succeeded',
    subStatus: OK,
    statusCode: 'OK',
    requestbody: { access: 'Read', durationInSeconds: 86400 },
  },
  {
    n: 3,
    hours: 49.5,
    operation: 'Microsoft.Compute/disks/write',
    localized: 'Create or Update Disk',
    resourceId: DEMO_AZURE_CHAIN.disk,
    caller: DEMO_AZURE_CHAIN.caller,
    claims: contractor,
    ip: CONTRACTOR_IP,
    method: 'PUT',
    status: 'Succeeded',
    subStatus: CREATED,
    statusCode: 'Created',
    requestbody: { location: 'westeurope', properties: { osType: 'Linux', creationData: { createOption: 'Copy', sourceResourceId: DEMO_AZURE_CHAIN.snapshot } } },
  },
  {
    n: 4,
    hours: 49.2,
    operation: 'Microsoft.Compute/virtualMachines/write',
    localized: 'Create or Update Virtual Machine',
    resourceId: DEMO_AZURE_CHAIN.vm,
    caller: DEMO_AZURE_CHAIN.caller,
    claims: contractor,
    ip: CONTRACTOR_IP,
    method: 'PUT',
    status: 'Succeeded',
    subStatus: CREATED,
    statusCode: 'Created',
    requestbody: {
      location: 'westeurope',
      properties: {
        hardwareProfile: { vmSize: 'Standard_B2s' },
        storageProfile: { osDisk: { osType: 'Linux', createOption: 'Attach', managedDisk: { id: DEMO_AZURE_CHAIN.disk } } },
        networkProfile: { networkInterfaces: [{ id: id(NIC, 'forensics-nic') }] },
      },
    },
  },
  {
    n: 5,
    hours: 49,
    operation: 'Microsoft.Network/networkSecurityGroups/securityRules/write',
    localized: 'Create or Update Security Rule',
    resourceId: DEMO_AZURE_CHAIN.nsgRule,
    caller: DEMO_AZURE_CHAIN.caller,
    claims: contractor,
    ip: CONTRACTOR_IP,
    method: 'PUT',
    status: 'Succeeded',
    subStatus: CREATED,
    statusCode: 'Created',
    requestbody: { properties: { protocol: 'Tcp', sourcePortRange: '*', destinationPortRange: '22', sourceAddressPrefix: 'Internet', destinationAddressPrefix: '*', access: 'Allow', priority: 100, direction: 'Inbound' } },
  },
];

/** The backup identity's nightly snapshot, and a reader's refused request for an export link. */
const activityRoutine: ActivityCall[] = [
  {
    n: 6,
    hours: 20,
    operation: 'Microsoft.Compute/snapshots/write',
    localized: 'Create or Update Snapshot',
    resourceId: id(SNAPSHOT, 'app-nightly-01'),
    caller: DEMO_AZURE_ASSIGNEES.backupPrincipal,
    claims: {
      aud: 'https://management.core.windows.net/',
      iss: `https://sts.windows.net/${DEMO_TENANT}/`,
      appid: '2ad6a2a5-0000-4000-8000-00000000bac0',
      appidacr: '2',
      idtyp: 'app',
      'http://schemas.microsoft.com/identity/claims/objectidentifier': DEMO_AZURE_ASSIGNEES.backupPrincipal,
      'http://schemas.microsoft.com/identity/claims/tenantid': DEMO_TENANT,
    },
    ip: '20.50.2.10',
    method: 'PUT',
    status: 'Succeeded',
    subStatus: CREATED,
    statusCode: 'Created',
    requestbody: { location: 'westeurope', properties: { creationData: { createOption: 'Copy', sourceResourceId: id(DISK, 'app-data') }, incremental: true, networkAccessPolicy: 'DenyAll', publicNetworkAccess: 'Disabled' } },
  },
  {
    n: 7,
    hours: 30,
    operation: 'Microsoft.Compute/snapshots/beginGetAccess/action',
    localized: 'Get Snapshot SAS URI',
    resourceId: id(SNAPSHOT, 'web-os-before-patch'),
    caller: 'r.reader@contoso.example',
    claims: userClaims('r.reader@contoso.example', DEMO_AZURE_ASSIGNEES.readerUser, '198.51.100.31'),
    ip: '198.51.100.31',
    method: 'POST',
    status: 'Failed',
    subStatus: { value: 'Forbidden', localizedValue: 'Forbidden (HTTP Status Code: 403)' },
    statusCode: 'Forbidden',
    level: 'Error',
  },
];

export const DEMO_AZURE_ESTATE: AzureInput = {
  tenantId: DEMO_TENANT,
  principals: [{ ...DEMO_AZURE_PRINCIPAL, subscriptions: [DEMO_SUBSCRIPTION] }],
  subscriptions: [{ ...subscription, activityLog: [...activityChain, ...activityRoutine].map(activity) }],
};
