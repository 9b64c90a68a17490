// ARM as the real Azure SDK clients see it: every served route, with the fields the Azure checks
// read (network access, live export links, sources, sharing, NSG rules with plural ranges, NIC and
// subnet references), ARM's errors, and hostile tag values.
import type { ComputeManagementClient } from '@azure/arm-compute';
import type { NetworkManagementClient } from '@azure/arm-network';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import {
  AUDITOR,
  bearer,
  collect,
  computeClient,
  ids,
  NET_RG,
  networkClient,
  rawRequest,
  restErrorOf,
  RG,
  STATIC_TOKEN,
  staticCredential,
  SUB_BULK,
  SUB_OTHER,
  SUB_PROD,
  subnetData,
  subnetWeb,
  subscriptionClient,
  azureTestEstate,
  TENANT,
} from './azure-fixtures.js';
import { HOSTILE } from './fixtures.js';

let emu: RunningEmulator;
let compute: ComputeManagementClient;
let network: NetworkManagementClient;

beforeAll(async () => {
  emu = await startEmulator({ estate: azureTestEstate(), azureStaticTokens: { [STATIC_TOKEN]: AUDITOR.clientId } });
  compute = computeClient(emu);
  network = networkClient(emu);
});

afterAll(async () => {
  await emu.close();
});

function byName<T extends { name?: string }>(items: readonly T[], name: string): T {
  const item = items.find((i) => i.name === name);
  if (item === undefined) throw new Error(`no ${name} among ${items.map((i) => i.name).join(', ')}`);
  return item;
}

describe('the Azure listener', () => {
  it('serves HTTPS on its own port with a short-lived certificate for 127.0.0.1 and localhost', async () => {
    expect(emu.azureUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(emu.azurePort).not.toBe(emu.port);
    const { X509Certificate } = await import('node:crypto');
    const cert = new X509Certificate(emu.caCert ?? '');
    expect(cert.subjectAltName).toContain('IP Address:127.0.0.1');
    expect(cert.subjectAltName).toContain('DNS:localhost');
    const lifetimeMs = Date.parse(cert.validTo) - Date.now();
    expect(lifetimeMs).toBeGreaterThan(0);
    expect(lifetimeMs).toBeLessThanOrEqual(24 * 3600 * 1000);
  });

  it('is absent when the estate has no Azure', async () => {
    const aws = await startEmulator({ estate: { description: 'no clouds at all' } });
    try {
      expect(aws.azureUrl).toBeUndefined();
      expect(aws.caCert).toBeUndefined();
    } finally {
      await aws.close();
    }
  });
});

describe('Microsoft.Resources', () => {
  it('lists the subscriptions the principal may see', async () => {
    const subscriptions = await collect(subscriptionClient(emu).subscriptions.list());
    expect(subscriptions.map((s) => s.subscriptionId)).toEqual([SUB_PROD, SUB_BULK]);
    expect(subscriptions[0]).toMatchObject({ id: `/subscriptions/${SUB_PROD}`, displayName: 'Production', state: 'Enabled', tenantId: TENANT });
    expect(subscriptions[1]?.state).toBe('Warned');
  });

  it('gets one subscription', async () => {
    const subscription = await subscriptionClient(emu).subscriptions.get(SUB_BULK);
    expect(subscription).toMatchObject({ subscriptionId: SUB_BULK, displayName: 'Bulk' });
  });
});

describe('Microsoft.Compute', () => {
  it('lists snapshots across resource groups with their exposure fields', async () => {
    const snapshots = await collect(compute.snapshots.list());
    expect(snapshots.map((s) => s.name)).toEqual(['snap-public', 'snap-private', 'snap-denyall']);
    const open = byName(snapshots, 'snap-public');
    expect(open).toMatchObject({
      id: ids.snapPublic,
      type: 'Microsoft.Compute/snapshots',
      location: 'eastus',
      osType: 'Linux',
      diskSizeGB: 30,
      diskState: 'ActiveSAS',
      networkAccessPolicy: 'AllowAll',
      publicNetworkAccess: 'Enabled',
      incremental: true,
      provisioningState: 'Succeeded',
      encryption: { type: 'EncryptionAtRestWithPlatformKey' },
      creationData: { createOption: 'Copy', sourceResourceId: ids.osDisk },
    });
    expect(open.timeCreated).toEqual(new Date('2026-02-03T04:05:06.000Z'));
    expect(open.dataAccessAuthMode).toBeUndefined();
    expect(open.diskAccessId).toBeUndefined();

    const closed = byName(snapshots, 'snap-private');
    expect(closed).toMatchObject({
      location: 'westeurope',
      networkAccessPolicy: 'AllowPrivate',
      publicNetworkAccess: 'Disabled',
      diskAccessId: ids.diskAccess,
      dataAccessAuthMode: 'AzureActiveDirectory',
      incremental: false,
      diskState: 'Unattached',
      encryption: { type: 'EncryptionAtRestWithCustomerKey', diskEncryptionSetId: ids.des },
    });
    expect(closed.tags).toBeUndefined();

    // The two fields that are easy to confuse: DenyAll with public access still Enabled.
    expect(byName(snapshots, 'snap-denyall')).toMatchObject({ networkAccessPolicy: 'DenyAll', publicNetworkAccess: 'Enabled', diskState: 'ActiveSASFrozen' });
  });

  it('round-trips hostile tag names and values', async () => {
    const [snapshot] = await collect(compute.snapshots.list());
    expect(snapshot?.tags).toEqual({ [HOSTILE]: HOSTILE, owner: 'web' });
  });

  it('lists by resource group and gets one, with ARM 404s for a missing resource or group', async () => {
    expect((await collect(compute.snapshots.listByResourceGroup(RG))).length).toBe(3);
    expect((await compute.snapshots.get(RG, 'SNAP-PRIVATE')).name).toBe('snap-private');
    const missing = await restErrorOf(compute.snapshots.get(RG, 'nope'));
    expect(missing).toMatchObject({ name: 'RestError', statusCode: 404, code: 'ResourceNotFound' });
    expect(missing.message).toContain("The Resource 'Microsoft.Compute/snapshots/nope' under resource group 'rg-prod' was not found");
    const noGroup = await restErrorOf(compute.snapshots.get('rg-none', 'snap-public'));
    expect(noGroup).toMatchObject({ statusCode: 404, code: 'ResourceGroupNotFound' });
  });

  it('lists disks with their attachment, source and image', async () => {
    const disks = await collect(compute.disks.list());
    expect(byName(disks, 'vm-web-os')).toMatchObject({
      managedBy: ids.vmWeb,
      diskState: 'Attached',
      osType: 'Linux',
      sku: { name: 'Premium_LRS' },
      creationData: { createOption: 'FromImage', imageReference: { id: ids.platformImage } },
    });
    expect(byName(disks, 'vm-web-data')).toMatchObject({ diskSizeGB: 128, creationData: { createOption: 'Copy', sourceResourceId: ids.snapPublic } });
    const fromGallery = byName(disks, 'disk-from-gallery');
    expect(fromGallery.creationData?.galleryImageReference).toEqual({ id: ids.galleryImage });
    expect(fromGallery.creationData?.imageReference).toBeUndefined();
    expect(fromGallery.managedBy).toBeUndefined();
    expect(byName(disks, 'disk-exported')).toMatchObject({ diskState: 'ActiveSAS', networkAccessPolicy: 'AllowAll', publicNetworkAccess: 'Enabled' });
  });

  it('lists galleries with their sharing permission; the groups come with $select=Permissions', async () => {
    const galleries = await collect(compute.galleries.list());
    expect(byName(galleries, 'g-private').sharingProfile).toBeUndefined();
    expect(byName(galleries, 'g-groups').sharingProfile).toEqual({ permissions: 'Groups' });
    const community = byName(galleries, 'g-community');
    expect(community.sharingProfile?.permissions).toBe('Community');
    expect(community.sharingProfile?.communityGalleryInfo).toMatchObject({
      publisherUri: 'https://contoso.example',
      publisherContact: 'images@contoso.example',
      eula: 'https://contoso.example/eula',
      publicNamePrefix: 'contoso',
      communityGalleryEnabled: true,
    });
    expect(community.sharingProfile?.communityGalleryInfo?.publicNames?.[0]).toMatch(/^contoso-[0-9a-f-]{36}$/);

    const groups = [
      { type: 'Subscriptions', ids: [SUB_OTHER] },
      { type: 'AADTenants', ids: ['bbbbbbbb-0000-4000-8000-000000000002'] },
    ];
    expect((await compute.galleries.get(RG, 'g-groups')).sharingProfile?.groups).toBeUndefined();
    expect((await compute.galleries.get(RG, 'g-groups', { select: 'Permissions' })).sharingProfile).toEqual({ permissions: 'Groups', groups });
    expect((await compute.galleries.get(RG, 'g-groups', { expand: 'SharingProfile/Groups' })).sharingProfile?.groups).toEqual(groups);
  });

  it('gets a restore point collection with its restore points only when expanded', async () => {
    const [collection] = await collect(compute.restorePointCollections.listAll());
    expect(collection).toMatchObject({ name: 'rpc-web', source: { id: ids.vmWeb } });
    expect(collection?.restorePoints).toBeUndefined();
    expect((await compute.restorePointCollections.get(RG, 'rpc-web')).restorePoints).toBeUndefined();

    const expanded = await compute.restorePointCollections.get(RG, 'rpc-web', { expand: 'restorePoints' });
    expect(expanded.restorePoints?.map((p) => p.name)).toEqual(['rp-1', 'rp-2']);
    const [first] = expanded.restorePoints ?? [];
    expect(first?.timeCreated).toEqual(new Date('2026-03-01T00:00:00.000Z'));
    const storage = first?.sourceMetadata?.storageProfile;
    expect(storage?.osDisk?.managedDisk?.id).toBe(ids.osDisk);
    expect(storage?.osDisk?.diskRestorePoint?.id).toBe(`${ids.vmWeb.replace('virtualMachines/vm-web', 'restorePointCollections/rpc-web')}/restorePoints/rp-1/diskRestorePoints/drp-os`);
    expect(storage?.dataDisks?.[0]).toMatchObject({ lun: 0, managedDisk: { id: ids.dataDisk } });

    const point = await compute.restorePoints.get(RG, 'rpc-web', 'rp-2');
    expect(point.name).toBe('rp-2');
  });

  it('lists the disk restore points of a restore point', async () => {
    const points = await collect(compute.diskRestorePoint.listByRestorePoint(RG, 'rpc-web', 'rp-1'));
    expect(points.map((p) => p.name)).toEqual(['drp-os', 'drp-data']);
    expect(points[0]).toMatchObject({
      type: 'Microsoft.Compute/restorePointCollections/restorePoints/diskRestorePoints',
      sourceResourceId: ids.osDisk,
      osType: 'Linux',
      networkAccessPolicy: 'DenyAll',
      publicNetworkAccess: 'Disabled',
      encryption: { type: 'EncryptionAtRestWithPlatformKey' },
    });
    expect(points[1]).toMatchObject({ networkAccessPolicy: 'AllowAll', publicNetworkAccess: 'Enabled' });
    expect(await collect(compute.diskRestorePoint.listByRestorePoint(RG, 'rpc-web', 'rp-2'))).toEqual([]);
    expect((await compute.diskRestorePoint.get(RG, 'rpc-web', 'rp-1', 'drp-data')).sourceResourceId).toBe(ids.dataDisk);
    expect(await restErrorOf(collect(compute.diskRestorePoint.listByRestorePoint(RG, 'rpc-web', 'rp-9')))).toMatchObject({ statusCode: 404, code: 'ResourceNotFound' });
  });

  it('lists virtual machines with their disks, image and NICs', async () => {
    const vms = await collect(compute.virtualMachines.listAll());
    const web = byName(vms, 'vm-web');
    expect(web).toMatchObject({ id: ids.vmWeb, tags: { role: 'web' }, provisioningState: 'Succeeded' });
    expect(web.storageProfile?.osDisk).toMatchObject({ name: 'vm-web-os', osType: 'Linux', createOption: 'FromImage', managedDisk: { id: ids.osDisk } });
    expect(web.storageProfile?.dataDisks).toEqual([expect.objectContaining({ lun: 0, name: 'vm-web-data', managedDisk: expect.objectContaining({ id: ids.dataDisk }) })]);
    expect(web.storageProfile?.imageReference).toMatchObject({ publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'server', version: 'latest' });
    expect(web.networkProfile?.networkInterfaces).toEqual([
      { id: ids.nicWeb, primary: true },
      { id: ids.nicWeb2, primary: false },
    ]);
    expect(web.instanceView).toBeUndefined();
    expect(byName(vms, 'vm-batch').storageProfile?.imageReference).toEqual({ id: ids.galleryImage });
  });

  it('gives power states through statusOnly=true and the instance view', async () => {
    const statuses = await collect(compute.virtualMachines.listAll({ statusOnly: 'true' }));
    const power = Object.fromEntries(statuses.map((vm) => [vm.name, vm.instanceView?.statuses?.find((s) => s.code?.startsWith('PowerState/'))?.code]));
    expect(power).toEqual({ 'vm-web': 'PowerState/running', 'vm-batch': 'PowerState/deallocated' });
    // As on ARM, the status-only list carries neither tags nor profiles.
    expect(byName(statuses, 'vm-web').tags).toBeUndefined();
    expect(byName(statuses, 'vm-web').storageProfile).toBeUndefined();

    const view = await compute.virtualMachines.instanceView(RG, 'vm-batch');
    expect(view.statuses?.map((s) => s.code)).toEqual(['ProvisioningState/succeeded', 'PowerState/deallocated']);
  });
});

describe('Microsoft.Network', () => {
  it('lists NICs with IP configurations, public IPs, ASGs, NSG and VM', async () => {
    const nics = await collect(network.networkInterfaces.listAll());
    const web = byName(nics, 'nic-web');
    expect(web).toMatchObject({ id: ids.nicWeb, primary: true, networkSecurityGroup: { id: ids.nsgWeb }, virtualMachine: { id: ids.vmWeb } });
    const [first, second] = web.ipConfigurations ?? [];
    expect(first).toMatchObject({
      id: `${ids.nicWeb}/ipConfigurations/ipconfig1`,
      name: 'ipconfig1',
      privateIPAddress: '10.0.1.4',
      subnet: { id: subnetWeb },
      publicIPAddress: { id: ids.pipWeb },
      applicationSecurityGroups: [{ id: ids.asgWeb }],
      primary: true,
    });
    expect(second).toMatchObject({ privateIPAddress: '10.0.1.5', primary: false });
    expect(second?.publicIPAddress).toBeUndefined();
    expect(byName(nics, 'nic-web-2')).toMatchObject({ primary: false, virtualMachine: { id: ids.vmWeb } });
    expect(byName(nics, 'nic-web-2').networkSecurityGroup).toBeUndefined();
    expect(byName(nics, 'nic-batch').virtualMachine).toEqual({ id: ids.vmBatch });
  });

  it('lists NSGs with user rules (plural ranges, ASGs), the six default rules and back-references', async () => {
    const groups = await collect(network.networkSecurityGroups.listAll());
    const web = byName(groups, 'nsg-web');
    const rules = web.securityRules ?? [];
    expect(byName(rules, 'allow-ssh-internet')).toMatchObject({
      id: `${ids.nsgWeb}/securityRules/allow-ssh-internet`,
      priority: 100,
      direction: 'Inbound',
      access: 'Allow',
      protocol: 'Tcp',
      sourceAddressPrefix: 'Internet',
      destinationPortRange: '22',
      destinationPortRanges: [],
    });
    const ranges = byName(rules, 'allow-rdp-ranges');
    expect(ranges).toMatchObject({ sourceAddressPrefixes: ['203.0.113.0/24', '198.51.100.7'], destinationPortRanges: ['3389', '8000-8100'], description: 'plural ranges' });
    expect(ranges.destinationPortRange).toBeUndefined();
    expect(ranges.sourceAddressPrefix).toBeUndefined();
    expect(byName(rules, 'allow-https-asg').destinationApplicationSecurityGroups).toEqual([expect.objectContaining({ id: ids.asgWeb })]);
    expect(byName(rules, 'deny-out')).toMatchObject({ direction: 'Outbound', access: 'Deny', destinationAddressPrefix: 'Internet' });

    const defaults = (web.defaultSecurityRules ?? []).map((r) => [r.name, r.priority, r.direction, r.access, r.sourceAddressPrefix, r.destinationAddressPrefix]);
    expect(defaults).toEqual([
      ['AllowVnetInBound', 65000, 'Inbound', 'Allow', 'VirtualNetwork', 'VirtualNetwork'],
      ['AllowAzureLoadBalancerInBound', 65001, 'Inbound', 'Allow', 'AzureLoadBalancer', '*'],
      ['DenyAllInBound', 65500, 'Inbound', 'Deny', '*', '*'],
      ['AllowVnetOutBound', 65000, 'Outbound', 'Allow', 'VirtualNetwork', 'VirtualNetwork'],
      ['AllowInternetOutBound', 65001, 'Outbound', 'Allow', '*', 'Internet'],
      ['DenyAllOutBound', 65500, 'Outbound', 'Deny', '*', '*'],
    ]);
    expect(web.defaultSecurityRules?.[0]?.id).toBe(`${ids.nsgWeb}/defaultSecurityRules/AllowVnetInBound`);
    expect(web.networkInterfaces?.map((n) => n.id)).toEqual([ids.nicWeb]);
    expect(web.subnets).toBeUndefined();
    const subnetGroup = byName(groups, 'nsg-subnet');
    expect(subnetGroup.subnets?.map((s) => s.id)).toEqual([subnetWeb]);
    expect(subnetGroup.securityRules).toEqual([]);
  });

  it('lists public IPs with SKU, address and the IP configuration using them', async () => {
    const ips = await collect(network.publicIPAddresses.listAll());
    expect(byName(ips, 'pip-web')).toMatchObject({ sku: { name: 'Standard' }, ipAddress: '20.0.0.10', ipConfiguration: { id: `${ids.nicWeb}/ipConfigurations/ipconfig1` } });
    const basic = byName(ips, 'pip-basic');
    expect(basic.sku?.name).toBe('Basic');
    expect(basic.ipAddress).toBeUndefined();
    expect(basic.ipConfiguration).toBeUndefined();
  });

  it('lists virtual networks with subnets, their NSG and the IP configurations in them', async () => {
    const [vnet] = await collect(network.virtualNetworks.listAll());
    expect(vnet).toMatchObject({ id: ids.vnet, addressSpace: { addressPrefixes: ['10.0.0.0/16'] } });
    const subnets = vnet?.subnets ?? [];
    expect(byName(subnets, 'web')).toMatchObject({ id: subnetWeb, addressPrefix: '10.0.1.0/24', networkSecurityGroup: { id: ids.nsgSubnet } });
    expect(byName(subnets, 'web').ipConfigurations?.map((c) => c.id)).toEqual([
      `${ids.nicWeb}/ipConfigurations/ipconfig1`,
      `${ids.nicWeb}/ipConfigurations/ipconfig2`,
      `${ids.nicBatch}/ipConfigurations/ipconfig1`,
    ]);
    expect(byName(subnets, 'data').networkSecurityGroup).toBeUndefined();
    expect(byName(subnets, 'data').id).toBe(subnetData);
  });

  it('lists by resource group too', async () => {
    expect((await collect(network.networkSecurityGroups.list(NET_RG))).map((g) => g.name)).toEqual(['nsg-web', 'nsg-subnet']);
    expect(await collect(network.networkSecurityGroups.list(RG))).toEqual([]);
  });
});

describe('ARM errors', () => {
  it('requires api-version', async () => {
    const response = await rawRequest(emu, `/subscriptions/${SUB_PROD}/providers/Microsoft.Compute/snapshots`, { headers: bearer() });
    expect(response.status).toBe(400);
    expect(response.json).toEqual({ error: { code: 'MissingApiVersionParameter', message: expect.stringContaining('api-version') } });
  });

  it('accepts any api-version', async () => {
    const response = await rawRequest(emu, `/subscriptions/${SUB_PROD}/providers/Microsoft.Compute/snapshots?api-version=1999-01-01`, { headers: bearer() });
    expect(response.status).toBe(200);
    expect((response.json as { value: unknown[] }).value).toHaveLength(3);
    expect(response.headers['x-ms-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers 401 without a token, or with one it did not issue', async () => {
    const path = `/subscriptions/${SUB_PROD}/providers/Microsoft.Compute/snapshots?api-version=2025-01-02`;
    const missing = await rawRequest(emu, path);
    expect(missing.status).toBe(401);
    expect(missing.json).toMatchObject({ error: { code: 'AuthenticationFailed' } });
    expect(missing.headers['www-authenticate']).toMatch(/^Bearer authorization_uri=/);

    const forged = await restErrorOf(collect(computeClient(emu, SUB_PROD, { credential: staticCredential('forged') }).snapshots.list()));
    expect(forged).toMatchObject({ name: 'RestError', statusCode: 401, code: 'InvalidAuthenticationToken' });
  });

  it('answers 404 InvalidResourceType for a resource type it does not serve', async () => {
    const response = await rawRequest(emu, `/subscriptions/${SUB_PROD}/providers/Microsoft.Storage/storageAccounts?api-version=2023-01-01`, { headers: bearer() });
    expect(response.status).toBe(404);
    expect(response.json).toMatchObject({ error: { code: 'InvalidResourceType' } });
  });

  it('is read-only', async () => {
    const response = await rawRequest(emu, `/subscriptions/${SUB_PROD}/resourceGroups/${RG}/providers/Microsoft.Compute/snapshots/snap-public?api-version=2025-01-02`, {
      method: 'DELETE',
      headers: bearer(),
    });
    expect(response.status).toBe(405);
    expect((await compute.snapshots.get(RG, 'snap-public')).name).toBe('snap-public');
  });

  it('refuses an unknown principal in azureStaticTokens at start', async () => {
    await expect(startEmulator({ estate: azureTestEstate(), azureStaticTokens: { token: '99999999-9999-4999-8999-999999999999' } })).rejects.toThrow(
      /azureStaticTokens: no principal/,
    );
    await expect(startEmulator({ estate: { description: 'AWS only' }, azureStaticTokens: { token: AUDITOR.clientId } })).rejects.toThrow(/no azure section/);
  });
});
