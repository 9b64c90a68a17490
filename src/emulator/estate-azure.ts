// The Azure part of an estate: subscriptions and the ARM resources the provider reads.
import { z } from 'zod';
import { builtInRole } from './azure/built-in-roles.js';
import { isoTime, tags } from './estate-common.js';

// References between resources
// (a disk's source snapshot, a VM's NICs, a NIC's subnet and NSG) are full ARM resource ids, as ARM
// returns them; `azureId()` builds them.

const guid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'a GUID');
const armName = z.string().min(1).max(80);

const azureEncryption = z.strictObject({
  type: z.enum(['EncryptionAtRestWithPlatformKey', 'EncryptionAtRestWithCustomerKey', 'EncryptionAtRestWithPlatformAndCustomerKeys']).default('EncryptionAtRestWithPlatformKey'),
  diskEncryptionSetId: z.string().optional(),
});

/** What snapshots, disks and disk restore points share: where the data came from and who may reach it. */
const azureDiskLike = {
  name: armName,
  resourceGroup: armName,
  location: z.string().default('eastus'),
  tags: tags.default({}),
  timeCreated: isoTime.default('2026-01-01T00:00:00.000Z'),
  diskSizeGB: z.number().int().positive().default(32),
  osType: z.enum(['Linux', 'Windows']).optional(),
  /** creationData: how the data got there (`Empty`, `Copy`, `Restore`, `FromImage`, `Import`...) and from what. */
  createOption: z.string().default('Empty'),
  sourceResourceId: z.string().optional(),
  imageReferenceId: z.string().optional(),
  networkAccessPolicy: z.enum(['AllowAll', 'AllowPrivate', 'DenyAll']).default('AllowAll'),
  publicNetworkAccess: z.enum(['Enabled', 'Disabled']).default('Enabled'),
  diskAccessId: z.string().optional(),
  dataAccessAuthMode: z.enum(['AzureActiveDirectory', 'None']).optional(),
  encryption: azureEncryption.default({ type: 'EncryptionAtRestWithPlatformKey' }),
};

export const azureSnapshot = z.strictObject({
  ...azureDiskLike,
  incremental: z.boolean().default(true),
  diskState: z.enum(['Unattached', 'ActiveSAS', 'ActiveSASFrozen', 'ReadyToUpload', 'ActiveUpload', 'Frozen']).default('Unattached'),
});

export const azureDisk = z.strictObject({
  ...azureDiskLike,
  diskState: z.enum(['Unattached', 'Attached', 'Reserved', 'ActiveSAS', 'ActiveSASFrozen', 'ReadyToUpload', 'ActiveUpload', 'Frozen']).default('Unattached'),
  /** The VM the disk is attached to, by resource id. */
  managedBy: z.string().optional(),
});

export const azureGallery = z.strictObject({
  name: armName,
  resourceGroup: armName,
  location: z.string().default('eastus'),
  tags: tags.default({}),
  description: z.string().optional(),
  sharing: z.enum(['Private', 'Groups', 'Community']).default('Private'),
  /** For `Groups`: the subscriptions and tenants it is shared with. */
  sharedWith: z.array(z.strictObject({ type: z.enum(['Subscriptions', 'AADTenants']), ids: z.array(z.string()) })).default([]),
  /** For `Community`: the public name prefix and publisher. */
  community: z.strictObject({ publicNamePrefix: z.string(), publisherUri: z.string().optional(), publisherContact: z.string().optional(), eula: z.string().optional() }).optional(),
});

export const azureRestorePointCollection = z.strictObject({
  name: armName,
  resourceGroup: armName,
  location: z.string().default('eastus'),
  tags: tags.default({}),
  sourceVmId: z.string().optional(),
  restorePoints: z
    .array(
      z.strictObject({
        name: armName,
        timeCreated: isoTime.default('2026-01-01T00:00:00.000Z'),
        diskRestorePoints: z
          .array(
            z.strictObject({
              name: armName,
              sourceDiskId: z.string().optional(),
              networkAccessPolicy: z.enum(['AllowAll', 'AllowPrivate', 'DenyAll']).default('AllowAll'),
              publicNetworkAccess: z.enum(['Enabled', 'Disabled']).default('Enabled'),
              diskAccessId: z.string().optional(),
              encryption: azureEncryption.default({ type: 'EncryptionAtRestWithPlatformKey' }),
            }),
          )
          .default([]),
      }),
    )
    .default([]),
});

export const azureVm = z.strictObject({
  name: armName,
  resourceGroup: armName,
  location: z.string().default('eastus'),
  tags: tags.default({}),
  powerState: z.enum(['running', 'stopped', 'deallocated', 'starting', 'stopping']).default('running'),
  osDiskId: z.string(),
  dataDisks: z.array(z.strictObject({ lun: z.number().int().min(0), diskId: z.string() })).default([]),
  nicIds: z.array(z.string()).default([]),
  /** A marketplace image (`publisher:offer:sku:version`) or a gallery image id, when booted from one. */
  imageReference: z.string().optional(),
});

export const azureNic = z.strictObject({
  name: armName,
  resourceGroup: armName,
  location: z.string().default('eastus'),
  tags: tags.default({}),
  networkSecurityGroupId: z.string().optional(),
  ipConfigurations: z
    .array(
      z.strictObject({
        name: armName.default('ipconfig1'),
        privateIpAddress: z.string().default('10.0.0.4'),
        subnetId: z.string(),
        publicIpAddressId: z.string().optional(),
        applicationSecurityGroupIds: z.array(z.string()).default([]),
      }),
    )
    .default([]),
});

export const azurePublicIp = z.strictObject({
  name: armName,
  resourceGroup: armName,
  location: z.string().default('eastus'),
  tags: tags.default({}),
  ipAddress: z.string().optional(),
  /** Standard public IPs are closed to inbound traffic unless an NSG allows it; Basic ones are open. */
  sku: z.enum(['Basic', 'Standard']).default('Standard'),
});

export const azureSecurityRule = z.strictObject({
  name: armName,
  priority: z.number().int().min(100).max(4096),
  direction: z.enum(['Inbound', 'Outbound']).default('Inbound'),
  access: z.enum(['Allow', 'Deny']),
  protocol: z.enum(['Tcp', 'Udp', 'Icmp', 'Esp', 'Ah', '*']).default('*'),
  sourceAddressPrefix: z.string().optional(),
  sourceAddressPrefixes: z.array(z.string()).default([]),
  sourcePortRange: z.string().default('*'),
  destinationAddressPrefix: z.string().optional(),
  destinationAddressPrefixes: z.array(z.string()).default([]),
  destinationApplicationSecurityGroupIds: z.array(z.string()).default([]),
  destinationPortRange: z.string().optional(),
  destinationPortRanges: z.array(z.string()).default([]),
  description: z.string().optional(),
});

export const azureNsg = z.strictObject({
  name: armName,
  resourceGroup: armName,
  location: z.string().default('eastus'),
  tags: tags.default({}),
  securityRules: z.array(azureSecurityRule).default([]),
});

export const azureVnet = z.strictObject({
  name: armName,
  resourceGroup: armName,
  location: z.string().default('eastus'),
  tags: tags.default({}),
  addressPrefixes: z.array(z.string()).default(['10.0.0.0/16']),
  subnets: z.array(z.strictObject({ name: armName, addressPrefix: z.string(), networkSecurityGroupId: z.string().optional() })).default([]),
});

/** Who a role assignment is for: an Entra ID object of the subscription's tenant, by object id and type. */
export const azurePrincipalType = z.enum(['User', 'Group', 'ServicePrincipal', 'ForeignGroup', 'Device']);

export const azureRoleAssignment = z.strictObject({
  /** The assignment's GUID; derived from the principal, role and scope when absent. */
  name: guid.optional(),
  principalId: guid,
  principalType: azurePrincipalType,
  /** A built-in role's name (`Owner`, `Disk Snapshot Contributor`...) or the `roleName` of one of the subscription's custom roles. */
  role: z.string().min(1),
  /**
   * Where it applies: the subscription when absent, else a resource group or resource id of the
   * subscription, or `/` or a management group (`/providers/Microsoft.Management/managementGroups/{id}`) for an inherited one.
   */
  scope: z.string().optional(),
  /** An ABAC condition, as written. */
  condition: z.string().optional(),
  conditionVersion: z.literal('2.0').optional(),
  description: z.string().optional(),
  createdOn: isoTime.default('2026-01-01T00:00:00.000Z'),
});

export const azureCustomRole = z.strictObject({
  roleName: z.string().min(1),
  /** The role definition's GUID; derived from the subscription and name when absent. */
  id: guid.optional(),
  description: z.string().default(''),
  actions: z.array(z.string()).default([]),
  notActions: z.array(z.string()).default([]),
  dataActions: z.array(z.string()).default([]),
  notDataActions: z.array(z.string()).default([]),
  /** The subscription alone when absent. */
  assignableScopes: z.array(z.string()).optional(),
});

/** A subscription diagnostic setting: where the Activity Log goes, and which categories. */
export const azureDiagnosticSetting = z.strictObject({
  name: armName,
  workspaceId: z.string().optional(),
  storageAccountId: z.string().optional(),
  eventHubAuthorizationRuleId: z.string().optional(),
  eventHubName: z.string().optional(),
  marketplacePartnerId: z.string().optional(),
  /** `category` (Administrative, Security, Alert, Policy...) or `categoryGroup` (allLogs). */
  logs: z.array(z.strictObject({ category: z.string().optional(), categoryGroup: z.string().optional(), enabled: z.boolean().default(true) })).default([]),
});

const localized = z.looseObject({ value: z.string().min(1), localizedValue: z.string().optional() });

/**
 * An Activity Log event as the REST API (`eventtypes/management/values`) and the portal's JSON
 * view write it. Only the fields the emulator filters on are checked; the rest is kept as written.
 */
export const azureActivityLogEvent = z.looseObject({
  eventDataId: guid,
  correlationId: z.string().min(1),
  eventTimestamp: isoTime,
  operationName: localized,
  resourceId: z.string().regex(/^\/subscriptions\//i, 'an ARM resource id'),
  resourceProviderName: localized.optional(),
  resourceGroupName: z.string().optional(),
  status: localized.optional(),
  caller: z.string().optional(),
  subscriptionId: z.string().optional(),
});

const MANAGEMENT_GROUP_SCOPE = /^\/providers\/Microsoft\.Management\/managementGroups\/[^/]+$/i;

export const azureSubscription = z.strictObject({
  id: guid,
  displayName: z.string(),
  state: z.enum(['Enabled', 'Warned', 'PastDue', 'Disabled', 'Deleted']).default('Enabled'),
  snapshots: z.array(azureSnapshot).default([]),
  disks: z.array(azureDisk).default([]),
  galleries: z.array(azureGallery).default([]),
  restorePointCollections: z.array(azureRestorePointCollection).default([]),
  virtualMachines: z.array(azureVm).default([]),
  networkInterfaces: z.array(azureNic).default([]),
  publicIpAddresses: z.array(azurePublicIp).default([]),
  networkSecurityGroups: z.array(azureNsg).default([]),
  virtualNetworks: z.array(azureVnet).default([]),
  roleAssignments: z.array(azureRoleAssignment).default([]),
  customRoles: z.array(azureCustomRole).default([]),
  diagnosticSettings: z.array(azureDiagnosticSetting).default([]),
  /** The subscription's Activity Log (Azure keeps 90 days), served by `eventtypes/management/values`. */
  activityLog: z.array(azureActivityLogEvent).default([]),
}).superRefine((subscription, ctx) => {
  subscription.activityLog.forEach((event, i) => {
    const own = `/subscriptions/${subscription.id}`.toLowerCase();
    if (!event.resourceId.toLowerCase().startsWith(own)) ctx.addIssue({ code: 'custom', path: ['activityLog', i, 'resourceId'], message: `an event of subscription ${subscription.id} is about ${event.resourceId}` });
    if (event.subscriptionId !== undefined && event.subscriptionId.toLowerCase() !== subscription.id.toLowerCase()) {
      ctx.addIssue({ code: 'custom', path: ['activityLog', i, 'subscriptionId'], message: `an event of subscription ${subscription.id} is recorded for ${event.subscriptionId}` });
    }
  });
  const custom = new Set(subscription.customRoles.map((r) => r.roleName.toLowerCase()));
  const own = `/subscriptions/${subscription.id}`.toLowerCase();
  subscription.roleAssignments.forEach((assignment, i) => {
    if (!builtInRole(assignment.role) && !custom.has(assignment.role.toLowerCase())) {
      ctx.addIssue({ code: 'custom', path: ['roleAssignments', i, 'role'], message: `no built-in or custom role is named ${assignment.role}` });
    }
    const scope = assignment.scope?.toLowerCase();
    if (scope !== undefined && scope !== '/' && scope !== own && !scope.startsWith(`${own}/`) && !MANAGEMENT_GROUP_SCOPE.test(scope)) {
      ctx.addIssue({ code: 'custom', path: ['roleAssignments', i, 'scope'], message: 'a scope inside this subscription, `/` or a management group' });
    }
  });
});

export const azureEstate = z.strictObject({
  tenantId: guid,
  /** Service principals that may get tokens (client credentials), and the subscriptions each can see. */
  principals: z.array(z.strictObject({ clientId: guid, clientSecret: z.string().min(1), subscriptions: z.array(guid) })).min(1),
  subscriptions: z.array(azureSubscription).min(1),
});

/** An ARM resource id: `/subscriptions/{sub}/resourceGroups/{rg}/providers/{type}/{name}` (type like `Microsoft.Compute/snapshots`). */
export function azureId(subscription: string, resourceGroup: string, type: string, name: string): string {
  return `/subscriptions/${subscription}/resourceGroups/${resourceGroup}/providers/${type}/${name}`;
}

