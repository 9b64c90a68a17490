// A small Azure estate for the emulator tests, and the real Azure SDK clients pointed at a running
// emulator (HTTPS with its self-signed certificate).
import { ComputeManagementClient } from '@azure/arm-compute';
import { NetworkManagementClient } from '@azure/arm-network';
import { SubscriptionClient } from '@azure/arm-resources-subscriptions';
import type { AccessToken, TokenCredential } from '@azure/core-auth';
import { azureId, type EstateInput } from '../../src/emulator/estate.js';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { rawHttp, type RawResponse } from '../support/raw-http.js';
import { HOSTILE, rejectionOf } from './fixtures.js';

export const TENANT = 'aaaaaaaa-0000-4000-8000-000000000001';
export const SUB_PROD = '11111111-1111-4111-8111-111111111111';
/** Many resources, for paging. */
export const SUB_BULK = '22222222-2222-4222-8222-222222222222';
/** Seen only by OTHER. */
export const SUB_OTHER = '33333333-3333-4333-8333-333333333333';
/** In no principal's list, and not in the estate. */
export const SUB_MISSING = '44444444-4444-4444-8444-444444444444';

export const AUDITOR = { clientId: 'c1111111-1111-4111-8111-111111111111', clientSecret: 'auditor-secret-value' };
export const OTHER = { clientId: 'c2222222-2222-4222-8222-222222222222', clientSecret: 'other-secret-value' };
/** Accepted by ARM as the auditor's token without the token endpoint. */
export const STATIC_TOKEN = 'static-demo-token-for-the-auditor';

export const RG = 'rg-prod';
export const NET_RG = 'rg-net';

export const ids = {
  osDisk: azureId(SUB_PROD, RG, 'Microsoft.Compute/disks', 'vm-web-os'),
  dataDisk: azureId(SUB_PROD, RG, 'Microsoft.Compute/disks', 'vm-web-data'),
  snapPublic: azureId(SUB_PROD, RG, 'Microsoft.Compute/snapshots', 'snap-public'),
  vmWeb: azureId(SUB_PROD, RG, 'Microsoft.Compute/virtualMachines', 'vm-web'),
  vmBatch: azureId(SUB_PROD, RG, 'Microsoft.Compute/virtualMachines', 'vm-batch'),
  nicWeb: azureId(SUB_PROD, NET_RG, 'Microsoft.Network/networkInterfaces', 'nic-web'),
  nicWeb2: azureId(SUB_PROD, NET_RG, 'Microsoft.Network/networkInterfaces', 'nic-web-2'),
  nicBatch: azureId(SUB_PROD, NET_RG, 'Microsoft.Network/networkInterfaces', 'nic-batch'),
  pipWeb: azureId(SUB_PROD, NET_RG, 'Microsoft.Network/publicIPAddresses', 'pip-web'),
  nsgWeb: azureId(SUB_PROD, NET_RG, 'Microsoft.Network/networkSecurityGroups', 'nsg-web'),
  nsgSubnet: azureId(SUB_PROD, NET_RG, 'Microsoft.Network/networkSecurityGroups', 'nsg-subnet'),
  asgWeb: azureId(SUB_PROD, NET_RG, 'Microsoft.Network/applicationSecurityGroups', 'asg-web'),
  vnet: azureId(SUB_PROD, NET_RG, 'Microsoft.Network/virtualNetworks', 'vnet-prod'),
  des: azureId(SUB_PROD, RG, 'Microsoft.Compute/diskEncryptionSets', 'des-1'),
  diskAccess: azureId(SUB_PROD, RG, 'Microsoft.Compute/diskAccesses', 'da-1'),
  galleryImage: azureId(SUB_PROD, RG, 'Microsoft.Compute/galleries', 'g-groups') + '/images/web/versions/1.0.0',
  platformImage: `/Subscriptions/${SUB_PROD}/Providers/Microsoft.Compute/Locations/eastus/Publishers/Canonical/ArtifactTypes/VMImage/Offers/ubuntu-24_04-lts/Skus/server/Versions/24.04.202501010`,
};
export const subnetWeb = `${ids.vnet}/subnets/web`;
export const subnetData = `${ids.vnet}/subnets/data`;

export const BULK_COUNTS = { snapshots: 23, disks: 7, networkSecurityGroups: 6 };

export function azureTestEstate(): EstateInput {
  return {
    description: 'Azure emulator test estate',
    azure: {
      tenantId: TENANT,
      principals: [
        { ...AUDITOR, subscriptions: [SUB_PROD, SUB_BULK] },
        { ...OTHER, subscriptions: [SUB_OTHER] },
      ],
      subscriptions: [
        {
          id: SUB_PROD,
          displayName: 'Production',
          snapshots: [
            {
              name: 'snap-public',
              resourceGroup: RG,
              osType: 'Linux',
              diskSizeGB: 30,
              createOption: 'Copy',
              sourceResourceId: ids.osDisk,
              diskState: 'ActiveSAS',
              timeCreated: '2026-02-03T04:05:06.000Z',
              tags: { [HOSTILE]: HOSTILE, owner: 'web' },
            },
            {
              name: 'snap-private',
              resourceGroup: RG,
              location: 'westeurope',
              incremental: false,
              networkAccessPolicy: 'AllowPrivate',
              publicNetworkAccess: 'Disabled',
              diskAccessId: ids.diskAccess,
              dataAccessAuthMode: 'AzureActiveDirectory',
              encryption: { type: 'EncryptionAtRestWithCustomerKey', diskEncryptionSetId: ids.des },
            },
            { name: 'snap-denyall', resourceGroup: RG, networkAccessPolicy: 'DenyAll', publicNetworkAccess: 'Enabled', diskState: 'ActiveSASFrozen' },
          ],
          disks: [
            {
              name: 'vm-web-os',
              resourceGroup: RG,
              osType: 'Linux',
              diskSizeGB: 30,
              createOption: 'FromImage',
              imageReferenceId: ids.platformImage,
              diskState: 'Attached',
              managedBy: ids.vmWeb,
            },
            { name: 'vm-web-data', resourceGroup: RG, diskSizeGB: 128, createOption: 'Copy', sourceResourceId: ids.snapPublic, diskState: 'Attached', managedBy: ids.vmWeb },
            { name: 'disk-from-gallery', resourceGroup: RG, createOption: 'FromImage', imageReferenceId: ids.galleryImage, osType: 'Windows' },
            { name: 'disk-exported', resourceGroup: RG, diskState: 'ActiveSAS', publicNetworkAccess: 'Enabled', networkAccessPolicy: 'AllowAll' },
          ],
          galleries: [
            { name: 'g-private', resourceGroup: RG, description: 'private gallery' },
            {
              name: 'g-groups',
              resourceGroup: RG,
              sharing: 'Groups',
              sharedWith: [
                { type: 'Subscriptions', ids: [SUB_OTHER] },
                { type: 'AADTenants', ids: ['bbbbbbbb-0000-4000-8000-000000000002'] },
              ],
            },
            {
              name: 'g-community',
              resourceGroup: RG,
              sharing: 'Community',
              community: { publicNamePrefix: 'contoso', publisherUri: 'https://contoso.example', publisherContact: 'images@contoso.example', eula: 'https://contoso.example/eula' },
            },
          ],
          restorePointCollections: [
            {
              name: 'rpc-web',
              resourceGroup: RG,
              sourceVmId: ids.vmWeb,
              restorePoints: [
                {
                  name: 'rp-1',
                  timeCreated: '2026-03-01T00:00:00.000Z',
                  diskRestorePoints: [
                    { name: 'drp-os', sourceDiskId: ids.osDisk, networkAccessPolicy: 'DenyAll', publicNetworkAccess: 'Disabled' },
                    { name: 'drp-data', sourceDiskId: ids.dataDisk },
                  ],
                },
                { name: 'rp-2' },
              ],
            },
          ],
          virtualMachines: [
            {
              name: 'vm-web',
              resourceGroup: RG,
              osDiskId: ids.osDisk,
              dataDisks: [{ lun: 0, diskId: ids.dataDisk }],
              nicIds: [ids.nicWeb, ids.nicWeb2],
              imageReference: 'Canonical:ubuntu-24_04-lts:server:latest',
              tags: { role: 'web' },
            },
            { name: 'vm-batch', resourceGroup: RG, powerState: 'deallocated', osDiskId: azureId(SUB_PROD, RG, 'Microsoft.Compute/disks', 'vm-batch-os'), nicIds: [ids.nicBatch], imageReference: ids.galleryImage },
          ],
          networkInterfaces: [
            {
              name: 'nic-web',
              resourceGroup: NET_RG,
              networkSecurityGroupId: ids.nsgWeb,
              ipConfigurations: [
                { name: 'ipconfig1', privateIpAddress: '10.0.1.4', subnetId: subnetWeb, publicIpAddressId: ids.pipWeb, applicationSecurityGroupIds: [ids.asgWeb] },
                { name: 'ipconfig2', privateIpAddress: '10.0.1.5', subnetId: subnetWeb },
              ],
            },
            { name: 'nic-web-2', resourceGroup: NET_RG, ipConfigurations: [{ privateIpAddress: '10.0.2.4', subnetId: subnetData }] },
            { name: 'nic-batch', resourceGroup: NET_RG, ipConfigurations: [{ privateIpAddress: '10.0.1.9', subnetId: subnetWeb }] },
          ],
          publicIpAddresses: [
            { name: 'pip-web', resourceGroup: NET_RG, ipAddress: '20.0.0.10' },
            { name: 'pip-basic', resourceGroup: NET_RG, sku: 'Basic' },
          ],
          networkSecurityGroups: [
            {
              name: 'nsg-web',
              resourceGroup: NET_RG,
              tags: { tier: 'web' },
              securityRules: [
                { name: 'allow-ssh-internet', priority: 100, access: 'Allow', protocol: 'Tcp', sourceAddressPrefix: 'Internet', destinationAddressPrefix: '*', destinationPortRange: '22' },
                {
                  name: 'allow-rdp-ranges',
                  priority: 110,
                  access: 'Allow',
                  protocol: 'Tcp',
                  sourceAddressPrefixes: ['203.0.113.0/24', '198.51.100.7'],
                  destinationAddressPrefix: '*',
                  destinationPortRanges: ['3389', '8000-8100'],
                  description: 'plural ranges',
                },
                { name: 'allow-https-asg', priority: 120, access: 'Allow', protocol: 'Tcp', sourceAddressPrefix: '*', destinationApplicationSecurityGroupIds: [ids.asgWeb], destinationPortRange: '443' },
                { name: 'deny-out', priority: 4000, direction: 'Outbound', access: 'Deny', sourceAddressPrefix: '*', destinationAddressPrefix: 'Internet', destinationPortRange: '*' },
              ],
            },
            { name: 'nsg-subnet', resourceGroup: NET_RG },
          ],
          virtualNetworks: [
            {
              name: 'vnet-prod',
              resourceGroup: NET_RG,
              addressPrefixes: ['10.0.0.0/16'],
              subnets: [
                { name: 'web', addressPrefix: '10.0.1.0/24', networkSecurityGroupId: ids.nsgSubnet },
                { name: 'data', addressPrefix: '10.0.2.0/24' },
              ],
            },
          ],
        },
        {
          id: SUB_BULK,
          displayName: 'Bulk',
          state: 'Warned',
          snapshots: Array.from({ length: BULK_COUNTS.snapshots }, (_, i) => ({ name: `bulk-snap-${i}`, resourceGroup: i % 2 === 0 ? 'rg-a' : 'rg-b', location: 'northeurope' })),
          disks: Array.from({ length: BULK_COUNTS.disks }, (_, i) => ({ name: `bulk-disk-${i}`, resourceGroup: 'rg-a' })),
          networkSecurityGroups: Array.from({ length: BULK_COUNTS.networkSecurityGroups }, (_, i) => ({ name: `bulk-nsg-${i}`, resourceGroup: 'rg-a' })),
        },
        { id: SUB_OTHER, displayName: 'Someone else', snapshots: [{ name: 'other-snap', resourceGroup: 'rg-other' }] },
      ],
    },
  };
}

/** A TokenCredential that always answers the same token, as the demo's static one does. */
export function staticCredential(token = STATIC_TOKEN): TokenCredential & { calls: number } {
  const credential = {
    calls: 0,
    getToken(): Promise<AccessToken> {
      credential.calls += 1;
      return Promise.resolve({ token, expiresOnTimestamp: Date.now() + 3_600_000 });
    },
  };
  return credential;
}

export interface AzureClientOptions {
  readonly credential?: TokenCredential;
  /** The SDK's retries; 0 unless a test is about retrying. */
  readonly maxRetries?: number;
  readonly retryDelayInMs?: number;
}

function clientOptions(emu: RunningEmulator, options: AzureClientOptions) {
  if (emu.azureUrl === undefined || emu.caCert === undefined) throw new Error('the emulator serves no Azure estate');
  return {
    endpoint: emu.azureUrl,
    tlsOptions: { ca: emu.caCert },
    retryOptions: { maxRetries: options.maxRetries ?? 0, retryDelayInMs: options.retryDelayInMs ?? 10, maxRetryDelayInMs: 100 },
  };
}

export function computeClient(emu: RunningEmulator, subscriptionId = SUB_PROD, options: AzureClientOptions = {}): ComputeManagementClient {
  return new ComputeManagementClient(options.credential ?? staticCredential(), subscriptionId, clientOptions(emu, options));
}

export function networkClient(emu: RunningEmulator, subscriptionId = SUB_PROD, options: AzureClientOptions = {}): NetworkManagementClient {
  return new NetworkManagementClient(options.credential ?? staticCredential(), subscriptionId, clientOptions(emu, options));
}

export function subscriptionClient(emu: RunningEmulator, options: AzureClientOptions = {}): SubscriptionClient {
  return new SubscriptionClient(options.credential ?? staticCredential(), clientOptions(emu, options));
}

export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

/** The rejection of a promise, to assert on a RestError's statusCode and code. */
export function restErrorOf(promise: Promise<unknown>): Promise<Error & { statusCode?: number; code?: string; response?: { headers: { get(name: string): string | undefined } } }> {
  return rejectionOf(promise);
}

export type { RawResponse } from '../support/raw-http.js';

/** A request without the SDK, trusting the emulator's certificate; `path` includes the query. */
export function rawRequest(
  emu: RunningEmulator,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<RawResponse> {
  const { azureUrl, caCert } = emu;
  if (azureUrl === undefined || caCert === undefined) return Promise.reject(new Error('the emulator serves no Azure estate'));
  return rawHttp(new URL(path, azureUrl), { ...options, ca: caCert });
}

export const bearer = (token = STATIC_TOKEN): Record<string, string> => ({ authorization: `Bearer ${token}` });
