// Microsoft.Network as ARM returns it: network interfaces, network security groups (with Azure's
// six default rules), public IP addresses and virtual networks, each with the back-references ARM
// fills in on the referenced side.
import type { AzureNicEstate, AzureNsgEstate, AzurePublicIpEstate, AzureVnetEstate } from '../estate.js';
import { etagOf, ref, stableGuid } from './ids.js';
import { envelope, type ResourceKind } from './resource-kind.js';
import { ipConfigurationId, type SubscriptionView } from './view.js';

const NETWORK_INTERFACES = 'Microsoft.Network/networkInterfaces';
const NETWORK_SECURITY_GROUPS = 'Microsoft.Network/networkSecurityGroups';
const PUBLIC_IP_ADDRESSES = 'Microsoft.Network/publicIPAddresses';
const VIRTUAL_NETWORKS = 'Microsoft.Network/virtualNetworks';

const refs = (ids: readonly string[]): { id: string }[] | undefined => (ids.length === 0 ? undefined : ids.map((id) => ({ id })));

function resourceGuid(id: string): string {
  return stableGuid(`resource:${id.toLowerCase()}`);
}

/** A network resource's envelope: ARM adds a weak etag after the name. */
function networkEnvelope(view: SubscriptionView, type: string, item: Parameters<typeof envelope>[2]): ReturnType<typeof envelope> & { etag: string } {
  const head = envelope(view, type, item);
  return { name: head.name, id: head.id, etag: etagOf(head.id), type: head.type, location: head.location, ...(head.tags === undefined ? {} : { tags: head.tags }) };
}

function nicJson(view: SubscriptionView, nic: AzureNicEstate): unknown {
  const head = networkEnvelope(view, NETWORK_INTERFACES, nic);
  const attached = view.vmOfNic(head.id);
  return {
    ...head,
    properties: {
      provisioningState: 'Succeeded',
      resourceGuid: resourceGuid(head.id),
      ipConfigurations: nic.ipConfigurations.map((config, index) => {
        const id = ipConfigurationId(head.id, config.name);
        return {
          name: config.name,
          id,
          etag: head.etag,
          type: `${NETWORK_INTERFACES}/ipConfigurations`,
          properties: {
            provisioningState: 'Succeeded',
            privateIPAddress: config.privateIpAddress,
            privateIPAllocationMethod: 'Dynamic',
            subnet: { id: config.subnetId },
            publicIPAddress: ref(config.publicIpAddressId),
            applicationSecurityGroups: refs(config.applicationSecurityGroupIds),
            primary: index === 0,
            privateIPAddressVersion: 'IPv4',
          },
        };
      }),
      dnsSettings: { dnsServers: [], appliedDnsServers: [] },
      enableAcceleratedNetworking: false,
      enableIPForwarding: false,
      networkSecurityGroup: ref(nic.networkSecurityGroupId),
      primary: attached?.primary,
      virtualMachine: attached === undefined ? undefined : { id: view.id(attached.vm.resourceGroup, 'Microsoft.Compute/virtualMachines', attached.vm.name) },
      nicType: 'Standard',
    },
  };
}

interface RuleFields {
  readonly name: string;
  readonly priority: number;
  readonly direction: 'Inbound' | 'Outbound';
  readonly access: 'Allow' | 'Deny';
  readonly description?: string;
  readonly protocol: string;
  readonly sourcePortRange?: string;
  readonly sourceAddressPrefix?: string;
  readonly sourceAddressPrefixes: readonly string[];
  readonly destinationPortRange?: string;
  readonly destinationPortRanges: readonly string[];
  readonly destinationAddressPrefix?: string;
  readonly destinationAddressPrefixes: readonly string[];
  readonly destinationApplicationSecurityGroupIds?: readonly string[];
}

function defaultRule(
  name: string,
  priority: number,
  direction: 'Inbound' | 'Outbound',
  access: 'Allow' | 'Deny',
  sourceAddressPrefix: string,
  destinationAddressPrefix: string,
  description: string,
): RuleFields {
  const ranges = { sourceAddressPrefixes: [], destinationPortRanges: [], destinationAddressPrefixes: [] };
  return { name, priority, direction, access, description, protocol: '*', sourcePortRange: '*', destinationPortRange: '*', sourceAddressPrefix, destinationAddressPrefix, ...ranges };
}

/** Azure's default rules, present in every NSG below the user's (priorities 65000 and up). */
const DEFAULT_RULES: readonly RuleFields[] = [
  defaultRule('AllowVnetInBound', 65000, 'Inbound', 'Allow', 'VirtualNetwork', 'VirtualNetwork', 'Allow inbound traffic from all VMs in VNET'),
  defaultRule('AllowAzureLoadBalancerInBound', 65001, 'Inbound', 'Allow', 'AzureLoadBalancer', '*', 'Allow inbound traffic from azure load balancer'),
  defaultRule('DenyAllInBound', 65500, 'Inbound', 'Deny', '*', '*', 'Deny all inbound traffic'),
  defaultRule('AllowVnetOutBound', 65000, 'Outbound', 'Allow', 'VirtualNetwork', 'VirtualNetwork', 'Allow outbound traffic from all VMs to all VMs in VNET'),
  defaultRule('AllowInternetOutBound', 65001, 'Outbound', 'Allow', '*', 'Internet', 'Allow outbound traffic from all VMs to Internet'),
  defaultRule('DenyAllOutBound', 65500, 'Outbound', 'Deny', '*', '*', 'Deny all outbound traffic'),
];

/** A rule's JSON; ARM always sends the plural arrays (empty when the singular field is used). */
function ruleJson(nsgId: string, collection: 'securityRules' | 'defaultSecurityRules', rule: RuleFields): unknown {
  const id = `${nsgId}/${collection}/${rule.name}`;
  const asgs = rule.destinationApplicationSecurityGroupIds ?? [];
  return {
    name: rule.name,
    id,
    etag: etagOf(nsgId),
    type: `${NETWORK_SECURITY_GROUPS}/${collection}`,
    properties: {
      provisioningState: 'Succeeded',
      description: rule.description,
      protocol: rule.protocol,
      sourcePortRange: rule.sourcePortRange,
      destinationPortRange: rule.destinationPortRange,
      sourceAddressPrefix: rule.sourceAddressPrefix,
      destinationAddressPrefix: rule.destinationAddressPrefix,
      access: rule.access,
      priority: rule.priority,
      direction: rule.direction,
      sourcePortRanges: [],
      destinationPortRanges: rule.destinationPortRanges,
      sourceAddressPrefixes: rule.sourceAddressPrefixes,
      destinationAddressPrefixes: rule.destinationAddressPrefixes,
      destinationApplicationSecurityGroups: refs(asgs),
    },
  };
}

function nsgJson(view: SubscriptionView, nsg: AzureNsgEstate): unknown {
  const head = networkEnvelope(view, NETWORK_SECURITY_GROUPS, nsg);
  return {
    ...head,
    properties: {
      provisioningState: 'Succeeded',
      resourceGuid: resourceGuid(head.id),
      securityRules: nsg.securityRules.map((r) => ruleJson(head.id, 'securityRules', r)),
      defaultSecurityRules: DEFAULT_RULES.map((r) => ruleJson(head.id, 'defaultSecurityRules', r)),
      networkInterfaces: refs(view.nicsWithNsg(head.id)),
      subnets: refs(view.subnetsWithNsg(head.id)),
    },
  };
}

function publicIpJson(view: SubscriptionView, ip: AzurePublicIpEstate): unknown {
  const head = networkEnvelope(view, PUBLIC_IP_ADDRESSES, ip);
  const [configuration] = view.ipConfigurationsWithPublicIp(head.id);
  return {
    ...head,
    sku: { name: ip.sku, tier: 'Regional' },
    properties: {
      provisioningState: 'Succeeded',
      resourceGuid: resourceGuid(head.id),
      ipAddress: ip.ipAddress,
      publicIPAddressVersion: 'IPv4',
      publicIPAllocationMethod: ip.sku === 'Standard' ? 'Static' : 'Dynamic',
      idleTimeoutInMinutes: 4,
      ipTags: [],
      ipConfiguration: ref(configuration),
    },
  };
}

function vnetJson(view: SubscriptionView, vnet: AzureVnetEstate): unknown {
  const head = networkEnvelope(view, VIRTUAL_NETWORKS, vnet);
  return {
    ...head,
    properties: {
      provisioningState: 'Succeeded',
      resourceGuid: resourceGuid(head.id),
      addressSpace: { addressPrefixes: vnet.addressPrefixes },
      subnets: vnet.subnets.map((subnet) => {
        const id = `${head.id}/subnets/${subnet.name}`;
        return {
          name: subnet.name,
          id,
          etag: head.etag,
          type: `${VIRTUAL_NETWORKS}/subnets`,
          properties: {
            provisioningState: 'Succeeded',
            addressPrefix: subnet.addressPrefix,
            networkSecurityGroup: ref(subnet.networkSecurityGroupId),
            ipConfigurations: refs(view.ipConfigurationsInSubnet(id)),
            delegations: [],
            privateEndpointNetworkPolicies: 'Disabled',
            privateLinkServiceNetworkPolicies: 'Enabled',
          },
        };
      }),
      virtualNetworkPeerings: [],
      enableDdosProtection: false,
    },
  };
}

export const networkInterfaceKind: ResourceKind<AzureNicEstate> = {
  provider: 'Microsoft.Network',
  type: 'networkInterfaces',
  items: (s) => s.networkInterfaces,
  render: nicJson,
};

export const networkSecurityGroupKind: ResourceKind<AzureNsgEstate> = {
  provider: 'Microsoft.Network',
  type: 'networkSecurityGroups',
  items: (s) => s.networkSecurityGroups,
  render: nsgJson,
};

export const publicIpAddressKind: ResourceKind<AzurePublicIpEstate> = {
  provider: 'Microsoft.Network',
  type: 'publicIPAddresses',
  items: (s) => s.publicIpAddresses,
  render: publicIpJson,
};

export const virtualNetworkKind: ResourceKind<AzureVnetEstate> = {
  provider: 'Microsoft.Network',
  type: 'virtualNetworks',
  items: (s) => s.virtualNetworks,
  render: vnetJson,
};

export const NETWORK_KINDS = [networkInterfaceKind, networkSecurityGroupKind, publicIpAddressKind, virtualNetworkKind] as const;
