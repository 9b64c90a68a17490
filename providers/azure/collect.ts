// The Azure provider's collection: the subscriptions the identity sees (or those asked for), then,
// in each, snapshots, disks, restore points, galleries, VMs and the network in front of them, and
// who can copy them out (role assignments) and whether anyone would see it (Activity Log export). A
// failed list is an Unknown plus a coverage line; a failing subscription does not stop the others.
import type { Disk as ArmDisk, Gallery as ArmGallery, RestorePointCollection, Snapshot as ArmSnapshot, VirtualMachine } from '@azure/arm-compute';
import type { NetworkInterface, NetworkSecurityGroup, PublicIPAddress, VirtualNetwork } from '@azure/arm-network';
import pLimit from 'p-limit';
import { CoverageRecorder } from '../../src/coverage.js';
import { isUnknown, mergeInventories, unknownValue, type AccountInfo, type IngressPath, type Inventory, type Maybe, type Unknown } from '../../src/model.js';
import type { CollectContext, ScanScope } from '../../src/provider.js';
import { errorLine } from '../../src/redact.js';
import { createAzureClients, type AzureClientFactory } from './clients.js';
import { readIdentity } from './identity.js';
import { parseArmId, sameId, toDisk, toDiskRestorePoint, toGallery, toSnapshot, toVm, type AzureMapContext } from './map.js';
import { nsgIngress } from './nsg.js';

export interface SubscriptionRef {
  readonly id: string;
  readonly name?: string;
  readonly tenant?: string;
}

interface AzureFailure {
  readonly status: 'denied' | 'error';
  readonly detail: string;
}

/** RestError-like failures by HTTP status and ARM error code. */
export function classifyAzureError(error: unknown): AzureFailure {
  const e = (typeof error === 'object' && error !== null ? error : {}) as { statusCode?: number; code?: string; message?: string; name?: string };
  const status = e.statusCode;
  const code = e.code ?? e.name ?? 'Error';
  const parts = [`${code}: ${e.message ?? String(error)}`];
  if (status !== undefined) parts.push(`HTTP ${status}`);
  if (status === 429) parts.push('throttled after all retries');
  // DefaultAzureCredential wraps "no credential available" in an AggregateAuthenticationError.
  const denied = status === 401 || status === 403 || /AuthorizationFailed|InvalidAuthenticationToken|CredentialUnavailable|AuthenticationRequired|AggregateAuthentication/i.test(code);
  return { status: denied ? 'denied' : 'error', detail: errorLine(parts.join('; ')) };
}

interface SubscriptionJob {
  readonly subscription: SubscriptionRef;
  readonly clients: AzureClientFactory;
  readonly coverage: CoverageRecorder;
  readonly ctx: AzureMapContext;
}

async function list<T>(job: SubscriptionJob, operation: string, items: () => AsyncIterable<T>, resourceId?: string): Promise<Maybe<T[]>> {
  try {
    const out: T[] = [];
    for await (const item of items()) out.push(item);
    return out;
  } catch (error) {
    const failure = classifyAzureError(error);
    job.coverage.gap('global', operation.split('/').slice(0, 2).join('/'), failure.status, operation, failure.detail, resourceId);
    return unknownValue(`${operation} failed: ${failure.detail}`);
  }
}

async function getOne<T>(job: SubscriptionJob, operation: string, item: () => Promise<T>, resourceId?: string): Promise<Maybe<T>> {
  try {
    return await item();
  } catch (error) {
    const failure = classifyAzureError(error);
    job.coverage.gap('global', operation.split('/').slice(0, 2).join('/'), failure.status, operation, failure.detail, resourceId);
    return unknownValue(`${operation} failed: ${failure.detail}`);
  }
}

const byId = <T extends { id?: string }>(items: Maybe<T[]>): Maybe<Map<string, T>> =>
  isUnknown(items) ? items : new Map(items.flatMap((i) => (i.id ? [[i.id.toLowerCase(), i] as const] : [])));

/** Disk restore points of every restore point of every collection. */
async function readRestorePoints(job: SubscriptionJob): Promise<Inventory['snapshots']> {
  const compute = job.clients.compute(job.subscription.id);
  const collections = await list<RestorePointCollection>(job, 'Microsoft.Compute/restorePointCollections/read', () => compute.restorePointCollections.listAll());
  if (isUnknown(collections)) return [];
  const points = await Promise.all(
    collections.map(async (collection) => {
      const { resourceGroup, name } = parseArmId(collection.id ?? '');
      if (!resourceGroup || !name) return [];
      let expanded: RestorePointCollection;
      try {
        expanded = await compute.restorePointCollections.get(resourceGroup, name, { expand: 'restorePoints' });
      } catch (error) {
        const failure = classifyAzureError(error);
        job.coverage.gap('global', 'Microsoft.Compute', failure.status, 'Microsoft.Compute/restorePointCollections/restorePoints/read', failure.detail, collection.id);
        return [];
      }
      const perPoint = await Promise.all(
        (expanded.restorePoints ?? []).map(async (point) => {
          if (!point.name) return [];
          const disks = await list(job, 'Microsoft.Compute/restorePointCollections/restorePoints/diskRestorePoints/read', () => compute.diskRestorePoint.listByRestorePoint(resourceGroup, name, point.name as string), point.id);
          return isUnknown(disks) ? [] : disks.map((d) => toDiskRestorePoint(d, job.ctx, collection.location));
        }),
      );
      return perPoint.flat();
    }),
  );
  return points.flat();
}

/** Galleries; for group-shared ones, the groups (ARM lists them only on a GET that selects permissions). */
async function readGalleries(job: SubscriptionJob): Promise<Maybe<ArmGallery[]>> {
  const compute = job.clients.compute(job.subscription.id);
  const galleries = await list<ArmGallery>(job, 'Microsoft.Compute/galleries/read', () => compute.galleries.list());
  if (isUnknown(galleries)) return galleries;
  return Promise.all(
    galleries.map(async (gallery) => {
      if (gallery.sharingProfile?.permissions !== 'Groups') return gallery;
      const { resourceGroup, name } = parseArmId(gallery.id ?? '');
      if (!resourceGroup || !name) return gallery;
      try {
        return await compute.galleries.get(resourceGroup, name, { select: 'Permissions' });
      } catch (error) {
        const failure = classifyAzureError(error);
        job.coverage.gap('global', 'Microsoft.Compute', failure.status, 'Microsoft.Compute/galleries/read', `sharing groups unreadable: ${failure.detail}`, gallery.id);
        return gallery;
      }
    }),
  );
}

/** VMs, with their power state from a second, status-only listing (a failure there only loses the state). */
async function readVms(job: SubscriptionJob): Promise<Maybe<VirtualMachine[]>> {
  const compute = job.clients.compute(job.subscription.id);
  const [vms, statuses] = await Promise.all([
    list<VirtualMachine>(job, 'Microsoft.Compute/virtualMachines/read', () => compute.virtualMachines.listAll()),
    list<VirtualMachine>(job, 'Microsoft.Compute/virtualMachines/read', () => compute.virtualMachines.listAll({ statusOnly: 'true' })),
  ]);
  if (isUnknown(vms) || isUnknown(statuses)) return vms;
  const views = new Map(statuses.flatMap((s) => (s.id && s.instanceView ? [[s.id.toLowerCase(), s.instanceView] as const] : [])));
  return vms.map((vm) => {
    const view = vm.id ? views.get(vm.id.toLowerCase()) : undefined;
    return view ? { ...vm, instanceView: view } : vm;
  });
}

interface NetworkRead {
  readonly nics: Maybe<Map<string, NetworkInterface>>;
  readonly nsgs: Maybe<Map<string, NetworkSecurityGroup>>;
  readonly publicIps: Maybe<Map<string, PublicIPAddress>>;
  /** Subnet id (lower case) → its NSG id, or undefined when it has none. */
  readonly subnetNsg: Maybe<Map<string, string | undefined>>;
}

async function readNetwork(job: SubscriptionJob): Promise<NetworkRead> {
  const network = job.clients.network(job.subscription.id);
  const [nics, nsgs, publicIps, vnets] = await Promise.all([
    list<NetworkInterface>(job, 'Microsoft.Network/networkInterfaces/read', () => network.networkInterfaces.listAll()),
    list<NetworkSecurityGroup>(job, 'Microsoft.Network/networkSecurityGroups/read', () => network.networkSecurityGroups.listAll()),
    list<PublicIPAddress>(job, 'Microsoft.Network/publicIPAddresses/read', () => network.publicIPAddresses.listAll()),
    list<VirtualNetwork>(job, 'Microsoft.Network/virtualNetworks/read', () => network.virtualNetworks.listAll()),
  ]);
  const subnetNsg = isUnknown(vnets)
    ? vnets
    : new Map(vnets.flatMap((v) => (v.subnets ?? []).flatMap((s) => (s.id ? [[s.id.toLowerCase(), s.networkSecurityGroup?.id] as const] : []))));
  return { nics: byId(nics), nsgs: byId(nsgs), publicIps: byId(publicIps), subnetNsg };
}

function lookupNsg(nsgs: NetworkRead['nsgs'], id: string | undefined): Maybe<NetworkSecurityGroup | undefined> {
  if (id === undefined) return undefined;
  if (isUnknown(nsgs)) return nsgs;
  return nsgs.get(id.toLowerCase()) ?? unknownValue(`network security group ${id} was not in the listing`);
}

/** A VM's public addresses and what the internet reaches through its NICs' and subnets' NSGs. */
function vmExposure(vm: VirtualMachine, net: NetworkRead): { addresses: string[]; ingress: Maybe<IngressPath[]> } {
  const addresses: string[] = [];
  const paths: IngressPath[] = [];
  let unreadable: Unknown | undefined;
  for (const ref of vm.networkProfile?.networkInterfaces ?? []) {
    if (isUnknown(net.nics)) return { addresses, ingress: net.nics };
    const nic = ref.id ? net.nics.get(ref.id.toLowerCase()) : undefined;
    if (!nic) return { addresses, ingress: unknownValue(`network interface ${ref.id ?? '(unnamed)'} was not in the listing`) };
    for (const config of nic.ipConfigurations ?? []) {
      const publicId = config.publicIPAddress?.id;
      if (!publicId) continue;
      if (isUnknown(net.publicIps)) return { addresses, ingress: net.publicIps };
      const ip = net.publicIps.get(publicId.toLowerCase());
      const address = ip?.ipAddress ?? publicId;
      addresses.push(address);
      const subnetId = config.subnet?.id?.toLowerCase();
      const subnetNsgId = isUnknown(net.subnetNsg) ? undefined : subnetId ? net.subnetNsg.get(subnetId) : undefined;
      const result = nsgIngress({
        publicAddress: address,
        family: ip?.publicIPAddressVersion === 'IPv6' ? 'v6' : 'v4',
        target: { privateIp: config.privateIPAddress ?? '', applicationSecurityGroupIds: (config.applicationSecurityGroups ?? []).flatMap((g) => (g.id ? [g.id] : [])) },
        subnetNsg: isUnknown(net.subnetNsg) ? net.subnetNsg : lookupNsg(net.nsgs, subnetNsgId),
        nicNsg: lookupNsg(net.nsgs, nic.networkSecurityGroup?.id),
        publicIpSku: ip?.sku?.name === 'Basic' || ip?.sku?.name === 'Standard' ? ip.sku.name : undefined,
      });
      if (isUnknown(result)) unreadable = unreadable ?? result;
      else paths.push(...result);
    }
  }
  return { addresses, ingress: unreadable ?? paths };
}

async function collectSubscription(subscription: SubscriptionRef, clients: AzureClientFactory, scope: ScanScope, context: CollectContext): Promise<Inventory> {
  const coverage = new CoverageRecorder('azure', subscription.id);
  const ctx: AzureMapContext = { subscription: subscription.id, ...(subscription.tenant ? { tenant: subscription.tenant } : {}), trust: scope.trust };
  const job: SubscriptionJob = { subscription, clients, coverage, ctx };
  const compute = clients.compute(subscription.id);
  context.progress(`azure ${subscription.id}: reading`);
  const [snapshots, disks, galleries, vms, restorePoints, network, identity] = await Promise.all([
    list<ArmSnapshot>(job, 'Microsoft.Compute/snapshots/read', () => compute.snapshots.list()),
    list<ArmDisk>(job, 'Microsoft.Compute/disks/read', () => compute.disks.list()),
    readGalleries(job),
    readVms(job),
    readRestorePoints(job),
    readNetwork(job),
    readIdentity({
      subscription: subscription.id,
      clients,
      coverage,
      trust: scope.trust,
      list: (operation, items, resourceId) => list(job, operation, items, resourceId),
      get: (operation, item, resourceId) => getOne(job, operation, item, resourceId),
    }),
  ]);
  const diskById = isUnknown(disks) ? new Map<string, ArmDisk>() : new Map(disks.flatMap((d) => (d.id ? [[d.id.toLowerCase(), d] as const] : [])));
  const snapshotIds = new Set(isUnknown(snapshots) ? [] : snapshots.flatMap((s) => (s.id ? [s.id.toLowerCase()] : [])));
  const instances = isUnknown(vms)
    ? []
    : vms.map((vm) => {
        const exposure = vmExposure(vm, network);
        // Without the disk listing, a VM's disk origins cannot be told.
        const lookup = isUnknown(disks) ? new Map<string, ArmDisk>() : diskById;
        return toVm(vm, lookup, snapshotIds, exposure.addresses, exposure.ingress, ctx);
      });
  const regions = new Set<string>();
  const snapshotModels = [...(isUnknown(snapshots) ? [] : snapshots.map((s) => toSnapshot(s, ctx))), ...restorePoints];
  const diskModels = isUnknown(disks) ? [] : disks.map((d) => toDisk(d, ctx));
  for (const r of [...snapshotModels, ...diskModels, ...instances]) regions.add(r.region);
  coverage.ok('global', 'Microsoft.Compute', `${snapshotModels.length} snapshots and disk restore points, ${diskModels.length} disks, ${instances.length} VMs read`);
  // Nothing at all could be read: the subscription is unreachable (not visible, or no role in it).
  const reads = [snapshots, disks, galleries, vms];
  const unreachable = reads.every(isUnknown) ? (reads[0] as Unknown).reason : undefined;
  const account: AccountInfo = {
    provider: 'azure',
    id: subscription.id,
    ...(subscription.name ? { name: subscription.name } : {}),
    regions: [...regions].sort(),
    ...(unreachable ? { unreachable } : {}),
  };
  return mergeInventories([
    {
      accounts: [account],
      snapshots: snapshotModels,
      disks: diskModels,
      instances,
      galleries: isUnknown(galleries) ? [] : galleries.map((g) => toGallery(g, ctx)),
      principals: identity.principals,
      accountSecurity: [identity.accountSecurity],
      audit: [identity.audit(account.regions[0])],
      coverage: coverage.entries(),
    },
  ]);
}

/** The subscriptions to read: those asked for, else every enabled one the identity can list. */
export async function subscriptionsOf(clients: AzureClientFactory, scope: ScanScope, coverage: CoverageRecorder): Promise<SubscriptionRef[]> {
  const wanted = scope.azure.subscriptions;
  try {
    const listed: SubscriptionRef[] = [];
    for await (const s of clients.subscriptions().subscriptions.list()) {
      if (!s.subscriptionId) continue;
      if (s.state && s.state !== 'Enabled' && s.state !== 'Warned' && s.state !== 'PastDue') {
        coverage.gap('global', 'Microsoft.Resources', 'skipped', 'Microsoft.Resources/subscriptions/read', `subscription ${s.subscriptionId} is ${s.state}`, s.subscriptionId);
        continue;
      }
      listed.push({ id: s.subscriptionId, ...(s.displayName ? { name: s.displayName } : {}), ...(s.tenantId ? { tenant: s.tenantId } : {}) });
    }
    if (!wanted) return listed;
    // Asked-for subscriptions the identity cannot list are still tried: the reads will say why.
    return wanted.map((id) => listed.find((s) => sameId(s.id, id)) ?? { id });
  } catch (error) {
    const failure = classifyAzureError(error);
    coverage.gap('global', 'Microsoft.Resources', failure.status, 'Microsoft.Resources/subscriptions/read', `could not list subscriptions: ${failure.detail}`);
    return (wanted ?? []).map((id) => ({ id }));
  }
}

export async function collectAzure(scope: ScanScope, context: CollectContext): Promise<Inventory> {
  const clients = createAzureClients(scope.azure, context.pacer);
  const tenantCoverage = new CoverageRecorder('azure', 'tenant');
  const subscriptions = await subscriptionsOf(clients, scope, tenantCoverage);
  const limit = pLimit(scope.azure.subscriptionConcurrency);
  const parts = await Promise.all(subscriptions.map((s) => limit(() => collectSubscription(s, clients, scope, context))));
  return mergeInventories([...parts, { coverage: tenantCoverage.entries() }]);
}
