// Compute Engine v1 and Resource Manager v3 as the real Google clients (REST transport) see them:
// every served route, with the fields the GCP checks read (IAM bindings, keys, sources, sizes as
// int64 strings, full-URL references, the per-scope shape of aggregated lists, access configs,
// tags, service accounts, firewall rules), Google's errors, and hostile labels and descriptions.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { HOSTILE } from './fixtures.js';
import {
  AUDITOR_TOKEN,
  BASE,
  closeClients,
  collect,
  computeClients,
  DEBIAN_IMAGE,
  described,
  errorOf,
  gcpTestEstate,
  KMS_KEY,
  OTHER_TOKEN,
  P_BULK,
  P_GHOST,
  P_OLD,
  P_OLD_NUMBER,
  P_OTHER,
  P_PROD,
  P_PROD_NUMBER,
  projectsClient,
  rawRequest,
  type ComputeClients,
} from './gcp-fixtures.js';

let emu: RunningEmulator;
let gce: ComputeClients;

beforeAll(async () => {
  emu = await startEmulator({ estate: gcpTestEstate() });
  gce = computeClients(emu);
});

afterAll(async () => {
  await closeClients(gce);
  await emu.close();
});

const url = (path: string): string => `${BASE}projects/${P_PROD}/${path}`;

function byName<T extends { name?: string | null }>(items: readonly T[], name: string): T {
  const item = items.find((i) => i.name === name);
  if (item === undefined) throw new Error(`no ${name} among ${items.map((i) => i.name).join(', ')}`);
  return item;
}

/** An aggregated list's `[scope, scopedList]` tuples as a map. */
function scopes<T>(tuples: readonly (readonly [string, T])[]): Map<string, T> {
  return new Map(tuples.map(([scope, list]) => [scope, list]));
}

describe('the Google listener', () => {
  it('serves plain HTTP on its own port', async () => {
    expect(emu.gcpUrl).toBe(`http://127.0.0.1:${emu.gcpPort}`);
    expect(emu.gcpPort).not.toBe(emu.port);
    // The AWS listener does not answer Google paths.
    const onAws = await fetch(`${emu.url}/compute/v1/projects/${P_PROD}/global/snapshots`, { headers: { authorization: `Bearer ${AUDITOR_TOKEN}` } });
    expect(onAws.status).toBe(404);
    expect(await onAws.text()).toContain('no emulated cloud serves this request');
  });

  it('is absent when the estate has no GCP', async () => {
    const aws = await startEmulator({ estate: { description: 'no clouds at all' } });
    try {
      expect(aws.gcpUrl).toBeUndefined();
      expect(aws.gcpPort).toBeUndefined();
    } finally {
      await aws.close();
    }
  });

  it('refuses estates with a disk in both or neither of a zone and a region, or a name twice', async () => {
    const estate = gcpTestEstate();
    const withDisk = (disk: Record<string, unknown>): unknown => ({ gcp: { ...estate.gcp, projects: [{ id: 'p-valid', number: '123456', disks: [disk] }] } });
    await expect(startEmulator({ estate: withDisk({ name: 'both', zone: 'us-central1-a', region: 'us-central1' }) })).rejects.toThrow(/disk both of project p-valid needs exactly one of zone and region/);
    await expect(startEmulator({ estate: withDisk({ name: 'neither' }) })).rejects.toThrow(/needs exactly one of zone and region/);
    const twice = { gcp: { ...estate.gcp, projects: [{ id: 'p-valid', number: '123456', snapshots: [{ name: 's' }, { name: 's' }] }] } };
    await expect(startEmulator({ estate: twice })).rejects.toThrow('projects/p-valid/global/snapshots/s appears twice');
  });
});

describe('global snapshots', () => {
  it('lists the global snapshots with their exposure fields, int64s as strings and full-URL links', async () => {
    const snapshots = await collect(gce.snapshots.listAsync({ project: P_PROD }));
    expect(snapshots.map((s) => s.name)).toEqual(['snap-public', 'snap-cmek', 'snap-empty-policy']);
    const open = byName(snapshots, 'snap-public');
    expect(open).toMatchObject({
      kind: 'compute#snapshot',
      selfLink: url('global/snapshots/snap-public'),
      sourceDisk: url('zones/us-central1-a/disks/web-boot'),
      diskSizeGb: '20',
      storageBytes: String(5 * 1024 ** 3),
      status: 'READY',
      storageLocations: ['us'],
      creationTimestamp: '2026-02-02T20:05:06.000-08:00',
    });
    expect(open.id).toMatch(/^\d{19}$/);
    expect(open.snapshotEncryptionKey ?? undefined).toBeUndefined();
    expect(open.region ?? undefined).toBeUndefined();

    const keyed = byName(snapshots, 'snap-cmek');
    expect(keyed).toMatchObject({ status: 'CREATING', storageLocations: ['europe-west1'], snapshotEncryptionKey: { kmsKeyName: KMS_KEY }, creationTimestamp: '2026-07-04T05:00:00.123-07:00' });

    // A source disk outside the estate keeps its URL but has no id.
    const foreign = byName(snapshots, 'snap-empty-policy');
    expect(foreign.sourceDisk).toBe(`${BASE}projects/acme-elsewhere/zones/us-east1-b/disks/gone`);
    expect(foreign.sourceDiskId ?? undefined).toBeUndefined();
  });

  it('round-trips hostile labels and descriptions', async () => {
    const [snapshot] = await collect(gce.snapshots.listAsync({ project: P_PROD }));
    expect(snapshot?.labels).toEqual({ [HOSTILE]: HOSTILE, team: 'web' });
    expect(snapshot?.description).toBe(HOSTILE);
  });

  it('ids a snapshot’s source disk with the disk’s own id', async () => {
    const [snapshot] = await collect(gce.snapshots.listAsync({ project: P_PROD }));
    const disks = scopes(await collect(gce.disks.aggregatedListAsync({ project: P_PROD })));
    const webBoot = byName(disks.get('zones/us-central1-a')?.disks ?? [], 'web-boot');
    expect(snapshot?.sourceDiskId).toBe(webBoot.id);
  });

  it('gets IAM policies, public bindings included, and an empty policy without bindings', async () => {
    const [policy] = await gce.snapshots.getIamPolicy({ project: P_PROD, resource: 'snap-public', optionsRequestedPolicyVersion: 3 });
    expect(policy.version).toBe(3);
    expect(policy.etag).toBe('BwYAAA=');
    expect(policy.bindings?.map((b) => [b.role, b.members])).toEqual([['roles/compute.storageAdmin', ['allUsers', 'user:alice@acme.example']]]);
    const [shared] = await gce.snapshots.getIamPolicy({ project: P_PROD, resource: 'snap-cmek', optionsRequestedPolicyVersion: 3 });
    expect(shared.bindings?.[0]?.members).toEqual(['user:bob@partner.example', 'domain:acme.example']);
    const [empty] = await gce.snapshots.getIamPolicy({ project: P_PROD, resource: 'snap-empty-policy' });
    expect(empty).toMatchObject({ version: 1, etag: 'BwXYZ=', bindings: [] });
  });

  it('answers 404 NOT_FOUND for a snapshot that does not exist, in Google’s words', async () => {
    const error = described(await errorOf(gce.snapshots.getIamPolicy({ project: P_PROD, resource: 'nope' })));
    expect(error).toMatchObject({ type: 'GoogleError', code: 5, message: `The resource 'projects/${P_PROD}/global/snapshots/nope' was not found` });
    const raw = await rawRequest(emu, `/compute/v1/projects/${P_PROD}/global/snapshots/nope/getIamPolicy`);
    expect(raw.status).toBe(404);
    expect(raw.json).toEqual({
      error: {
        code: 404,
        message: `The resource 'projects/${P_PROD}/global/snapshots/nope' was not found`,
        errors: [{ message: `The resource 'projects/${P_PROD}/global/snapshots/nope' was not found`, domain: 'global', reason: 'notFound' }],
        status: 'NOT_FOUND',
      },
    });
  });

  it('accepts the project number in the path, linking with the project id', async () => {
    const snapshots = await collect(gce.snapshots.listAsync({ project: P_PROD_NUMBER }));
    expect(snapshots.map((s) => s.selfLink)).toContain(url('global/snapshots/snap-cmek'));
  });
});

describe('regions and regional snapshots', () => {
  it('lists the project’s regions with their zones', async () => {
    const regions = await collect(gce.regions.listAsync({ project: P_PROD }));
    expect(regions.map((r) => r.name)).toEqual(['europe-west1', 'us-central1']);
    const europe = byName(regions, 'europe-west1');
    expect(europe).toMatchObject({ kind: 'compute#region', status: 'UP', selfLink: url('regions/europe-west1') });
    // The default zones, and the one an instance is in.
    expect(europe.zones).toEqual(['a', 'b', 'c', 'd'].map((z) => url(`zones/europe-west1-${z}`)));
  });

  it('lists regional snapshots per region, with their region', async () => {
    const europe = await collect(gce.regionSnapshots.listAsync({ project: P_PROD, region: 'europe-west1' }));
    expect(europe.map((s) => s.name)).toEqual(['snap-regional']);
    expect(europe[0]).toMatchObject({
      region: url('regions/europe-west1'),
      selfLink: url('regions/europe-west1/snapshots/snap-regional'),
      sourceDisk: url('regions/europe-west1/disks/db-regional'),
      diskSizeGb: '500',
    });
    expect(await collect(gce.regionSnapshots.listAsync({ project: P_PROD, region: 'us-central1' }))).toEqual([]);
  });

  it('gets a regional snapshot’s policy, and 404s a region the project does not have', async () => {
    const [policy] = await gce.regionSnapshots.getIamPolicy({ project: P_PROD, region: 'europe-west1', resource: 'snap-regional', optionsRequestedPolicyVersion: 3 });
    expect(policy.bindings?.[0]?.members).toEqual(['allAuthenticatedUsers']);
    // A global snapshot is not a regional one.
    expect(await errorOf(gce.regionSnapshots.getIamPolicy({ project: P_PROD, region: 'europe-west1', resource: 'snap-public' }))).toMatchObject({ code: 5 });
    const error = described(await errorOf(collect(gce.regionSnapshots.listAsync({ project: P_PROD, region: 'mars-north1' }))));
    expect(error).toMatchObject({ code: 5, message: `The resource 'projects/${P_PROD}/regions/mars-north1' was not found` });
  });
});

describe('images and machine images', () => {
  it('lists images with their sources, family, key and sizes', async () => {
    const images = await collect(gce.images.listAsync({ project: P_PROD }));
    const [snapshot] = await collect(gce.snapshots.listAsync({ project: P_PROD }));
    expect(byName(images, 'img-golden')).toMatchObject({
      kind: 'compute#image',
      family: 'golden',
      sourceSnapshot: url('global/snapshots/snap-public'),
      sourceSnapshotId: snapshot?.id,
      diskSizeGb: '20',
      imageEncryptionKey: { kmsKeyName: KMS_KEY },
      labels: { tier: 'base' },
      description: 'golden image',
      status: 'READY',
      selfLink: url('global/images/img-golden'),
    });
    expect(byName(images, 'img-from-disk')).toMatchObject({ status: 'PENDING', sourceDisk: url('zones/us-central1-a/disks/web-data'), diskSizeGb: '200' });
  });

  it('gets image policies', async () => {
    const [policy] = await gce.images.getIamPolicy({ project: P_PROD, resource: 'img-golden', optionsRequestedPolicyVersion: 3 });
    expect(policy.bindings?.map((b) => [b.role, b.members])).toEqual([['roles/compute.imageUser', ['allAuthenticatedUsers']]]);
  });

  it('lets anyone list a public image project, and nothing more', async () => {
    expect(await collect(gce.images.listAsync({ project: 'debian-cloud' }))).toEqual([]);
    const error = described(await errorOf(gce.images.getIamPolicy({ project: 'debian-cloud', resource: 'debian-12' })));
    expect(error).toMatchObject({ code: 7, message: "Required 'compute.images.getIamPolicy' permission for 'projects/debian-cloud/global/images/debian-12'" });
  });

  it('lists machine images with what they saved of their instance', async () => {
    const machineImages = await collect(gce.machineImages.listAsync({ project: P_PROD }));
    const web = byName(machineImages, 'mi-web');
    expect(web).toMatchObject({
      kind: 'compute#machineImage',
      sourceInstance: url('zones/us-central1-a/instances/web-1'),
      machineImageEncryptionKey: { kmsKeyName: KMS_KEY },
      status: 'READY',
      totalStorageBytes: String((220 * 1024 ** 3) / 4),
      description: 'nightly machine image',
    });
    expect(web.savedDisks?.map((d) => d.sourceDisk)).toEqual([url('zones/us-central1-a/disks/web-boot'), url('zones/us-central1-a/disks/web-data')]);
    const properties = web.sourceInstanceProperties;
    expect(properties?.disks?.map((d) => [d.deviceName, d.source, d.boot, d.diskSizeGb])).toEqual([
      ['boot', url('zones/us-central1-a/disks/web-boot'), true, '20'],
      ['data', url('zones/us-central1-a/disks/web-data'), false, '200'],
    ]);
    expect(properties?.networkInterfaces?.[0]?.accessConfigs?.[0]?.natIP).toBe('203.0.113.10');
    expect(properties?.serviceAccounts?.[0]?.email).toBe('web@acme-prod.iam.gserviceaccount.com');
    expect(properties?.tags?.items).toEqual(['ssh', 'web']);
    const orphan = byName(machineImages, 'mi-orphan');
    expect(orphan.status).toBe('INVALID');
    expect(orphan.sourceInstanceProperties ?? undefined).toBeUndefined();
  });

  it('gets machine image policies', async () => {
    const [policy] = await gce.machineImages.getIamPolicy({ project: P_PROD, resource: 'mi-web', optionsRequestedPolicyVersion: 3 });
    expect(policy.bindings?.[0]).toMatchObject({ role: 'roles/compute.admin', members: ['user:mallory@evil.example'] });
  });
});

describe('disks', () => {
  it('aggregates disks by scope, every scope present, the empty ones with a NO_RESULTS_ON_PAGE warning', async () => {
    const byScope = scopes(await collect(gce.disks.aggregatedListAsync({ project: P_PROD })));
    expect([...byScope.keys()]).toEqual([
      'regions/europe-west1',
      'regions/us-central1',
      'zones/europe-west1-a',
      'zones/europe-west1-b',
      'zones/europe-west1-c',
      'zones/europe-west1-d',
      'zones/us-central1-a',
      'zones/us-central1-b',
      'zones/us-central1-c',
    ]);
    expect(byScope.get('zones/us-central1-a')?.disks?.map((d) => d.name)).toEqual(['web-boot', 'web-data']);
    expect(byScope.get('regions/europe-west1')?.disks?.map((d) => d.name)).toEqual(['db-regional']);
    const empty = byScope.get('zones/us-central1-b');
    expect(empty?.disks).toEqual([]);
    expect(empty?.warning).toMatchObject({
      code: 'NO_RESULTS_ON_PAGE',
      message: "There are no results for scope 'zones/us-central1-b' on this page.",
      data: [{ key: 'scope', value: 'zones/us-central1-b' }],
    });
    expect(byScope.get('zones/us-central1-a')?.warning ?? undefined).toBeUndefined();
    // Every scope is reachable, so partial success changes nothing (and the iterator would drop `unreachables`).
    const partial = await collect(gce.disks.aggregatedListAsync({ project: P_PROD, returnPartialSuccess: true }));
    expect(partial.map(([scope]) => scope)).toEqual([...byScope.keys()]);
    const raw = await rawRequest(emu, `/compute/v1/projects/${P_PROD}/aggregated/disks?returnPartialSuccess=true`);
    expect(raw.json).not.toHaveProperty('unreachables');
    expect(raw.json).toMatchObject({ kind: 'compute#diskAggregatedList', id: `projects/${P_PROD}/aggregated/disks`, selfLink: url('aggregated/disks') });
  });

  it('gives each disk its source, users, key, size and type', async () => {
    const byScope = scopes(await collect(gce.disks.aggregatedListAsync({ project: P_PROD })));
    const zonal = byScope.get('zones/us-central1-a')?.disks ?? [];
    expect(byName(zonal, 'web-boot')).toMatchObject({
      kind: 'compute#disk',
      sizeGb: '20',
      zone: url('zones/us-central1-a'),
      sourceImage: `${BASE}${DEBIAN_IMAGE}`,
      users: [url('zones/us-central1-a/instances/web-1')],
      type: url('zones/us-central1-a/diskTypes/pd-balanced'),
      labels: { role: 'boot' },
      status: 'READY',
    });
    expect(byName(zonal, 'web-boot').sourceImageId ?? undefined).toBeUndefined();
    const [snapshot] = await collect(gce.snapshots.listAsync({ project: P_PROD }));
    expect(byName(zonal, 'web-data')).toMatchObject({ sizeGb: '200', sourceSnapshot: url('global/snapshots/snap-public'), sourceSnapshotId: snapshot?.id, diskEncryptionKey: { kmsKeyName: KMS_KEY } });
    const [regional] = byScope.get('regions/europe-west1')?.disks ?? [];
    expect(regional).toMatchObject({
      name: 'db-regional',
      region: url('regions/europe-west1'),
      replicaZones: [url('zones/europe-west1-a'), url('zones/europe-west1-b')],
      status: 'RESTORING',
      sourceSnapshot: url('regions/europe-west1/snapshots/snap-regional'),
      sizeGb: '500',
    });
    expect(regional?.zone ?? undefined).toBeUndefined();
  });

  it('gets zonal and regional disk policies, and 404s a disk asked for in the wrong zone', async () => {
    const [zonal] = await gce.disks.getIamPolicy({ project: P_PROD, zone: 'us-central1-a', resource: 'web-data', optionsRequestedPolicyVersion: 3 });
    expect(zonal.bindings?.[0]?.members).toEqual(['allUsers']);
    const [regional] = await gce.regionDisks.getIamPolicy({ project: P_PROD, region: 'europe-west1', resource: 'db-regional', optionsRequestedPolicyVersion: 3 });
    expect(regional.bindings?.[0]).toMatchObject({ role: 'roles/compute.storageAdmin', members: ['group:dba@acme.example'] });
    const error = described(await errorOf(gce.disks.getIamPolicy({ project: P_PROD, zone: 'us-central1-b', resource: 'web-data' })));
    expect(error).toMatchObject({ code: 5, message: `The resource 'projects/${P_PROD}/zones/us-central1-b/disks/web-data' was not found` });
    const noZone = await errorOf(gce.disks.getIamPolicy({ project: P_PROD, zone: 'us-central1-z', resource: 'web-data' }));
    expect(noZone.message).toBe(`The resource 'projects/${P_PROD}/zones/us-central1-z' was not found`);
  });
});

describe('instances', () => {
  it('aggregates instances by zone with disks, interfaces, external IPv4 and IPv6, tags and service accounts', async () => {
    const byScope = scopes(await collect(gce.instances.aggregatedListAsync({ project: P_PROD })));
    expect(byScope.get('zones/us-central1-a')?.instances?.map((i) => i.name)).toEqual(['web-1']);
    expect(byScope.get('zones/europe-west1-d')?.instances?.map((i) => i.name)).toEqual(['batch-1']);
    expect(byScope.get('regions/us-central1')?.warning?.code).toBe('NO_RESULTS_ON_PAGE');
    const web = byScope.get('zones/us-central1-a')?.instances?.[0];
    expect(web).toMatchObject({
      kind: 'compute#instance',
      status: 'RUNNING',
      zone: url('zones/us-central1-a'),
      machineType: url('zones/us-central1-a/machineTypes/e2-medium'),
      tags: { items: ['ssh', 'web'] },
      serviceAccounts: [{ email: 'web@acme-prod.iam.gserviceaccount.com', scopes: ['https://www.googleapis.com/auth/cloud-platform'] }],
      labels: { app: 'web' },
      creationTimestamp: '2026-03-01T02:00:00.000-08:00',
    });
    expect(web?.disks?.map((d) => [d.deviceName, d.source, d.boot, d.diskSizeGb])).toEqual([
      ['boot', url('zones/us-central1-a/disks/web-boot'), true, '20'],
      ['data', url('zones/us-central1-a/disks/web-data'), false, '200'],
    ]);
    const [nic0, nic1] = web?.networkInterfaces ?? [];
    // The estate's `projects/PROJECT/...` default network, expanded.
    expect(nic0).toMatchObject({
      network: url('global/networks/default'),
      subnetwork: url('regions/us-central1/subnetworks/default'),
      networkIP: '10.128.0.2',
      name: 'nic0',
      stackType: 'IPV4_IPV6',
      accessConfigs: [{ type: 'ONE_TO_ONE_NAT', name: 'External NAT', natIP: '203.0.113.10', networkTier: 'PREMIUM' }],
      ipv6AccessConfigs: [{ type: 'DIRECT_IPV6', externalIpv6: '2600:1900:4000:1::', externalIpv6PrefixLength: 96 }],
    });
    expect(nic1).toMatchObject({ network: url('global/networks/backend'), subnetwork: url('regions/us-central1/subnetworks/backend'), networkIP: '10.20.0.4', stackType: 'IPV4_ONLY' });
    expect(nic1?.accessConfigs).toEqual([]);
    expect(nic1?.ipv6AccessConfigs).toEqual([]);
  });

  it('shows a stopped instance without an external address', async () => {
    const byScope = scopes(await collect(gce.instances.aggregatedListAsync({ project: P_PROD })));
    const batch = byScope.get('zones/europe-west1-d')?.instances?.[0];
    expect(batch).toMatchObject({ status: 'TERMINATED', tags: {}, serviceAccounts: [], disks: [] });
    expect(batch?.networkInterfaces?.[0]).toMatchObject({ networkIP: '10.132.0.9', subnetwork: url('regions/europe-west1/subnetworks/default'), accessConfigs: [] });
  });
});

describe('firewalls', () => {
  it('lists every rule with all its fields, disabled ones and egress included', async () => {
    const firewalls = await collect(gce.firewalls.listAsync({ project: P_PROD }));
    expect(firewalls.map((f) => f.name)).toEqual(['allow-ssh', 'allow-rdp-disabled', 'allow-web-sa', 'allow-all-no-source', 'deny-egress']);
    expect(byName(firewalls, 'allow-ssh')).toMatchObject({
      kind: 'compute#firewall',
      network: url('global/networks/default'),
      direction: 'INGRESS',
      priority: 900,
      sourceRanges: ['0.0.0.0/0'],
      targetTags: ['ssh'],
      allowed: [{ IPProtocol: 'tcp', ports: ['22'] }],
      denied: [],
      disabled: false,
      selfLink: url('global/firewalls/allow-ssh'),
    });
    expect(byName(firewalls, 'allow-rdp-disabled')).toMatchObject({ disabled: true, sourceRanges: ['0.0.0.0/0', '::/0'], allowed: [{ IPProtocol: 'tcp', ports: ['3389'] }] });
    expect(byName(firewalls, 'allow-web-sa')).toMatchObject({
      network: url('global/networks/backend'),
      sourceRanges: [],
      sourceServiceAccounts: ['lb@acme-prod.iam.gserviceaccount.com'],
      targetServiceAccounts: ['web@acme-prod.iam.gserviceaccount.com'],
      allowed: [
        { IPProtocol: 'tcp', ports: ['80', '443', '8000-8100'] },
        { IPProtocol: 'icmp', ports: [] },
      ],
      description: HOSTILE,
    });
    // Google fills in 0.0.0.0/0 for an ingress rule created without a source.
    expect(byName(firewalls, 'allow-all-no-source')).toMatchObject({ sourceRanges: ['0.0.0.0/0'], allowed: [{ IPProtocol: 'all' }], targetTags: ['web'] });
    expect(byName(firewalls, 'deny-egress')).toMatchObject({ direction: 'EGRESS', priority: 65534, destinationRanges: ['0.0.0.0/0'], denied: [{ IPProtocol: 'all' }], sourceRanges: [] });
  });
});

describe('Resource Manager project search', () => {
  it('lists the projects the token can see, by number, with id, name and state', async () => {
    const projects = await collect(projectsClient(emu).searchProjectsAsync({}));
    expect(projects.map((p) => [p.name, p.projectId, p.displayName, p.state])).toEqual([
      [`projects/${P_PROD_NUMBER}`, P_PROD, 'ACME production', 'ACTIVE'],
      ['projects/100000000002', P_BULK, P_BULK, 'ACTIVE'],
      [`projects/${P_OLD_NUMBER}`, P_OLD, 'ACME legacy', 'DELETE_REQUESTED'],
    ]);
    const other = await collect(projectsClient(emu, { token: OTHER_TOKEN }).searchProjectsAsync({}));
    expect(other.map((p) => p.projectId)).toEqual([P_OTHER]);
  });

  it('narrows by state, id and name, and refuses query fields it does not serve', async () => {
    const client = projectsClient(emu);
    expect((await collect(client.searchProjectsAsync({ query: 'state:ACTIVE' }))).map((p) => p.projectId)).toEqual([P_PROD, P_BULK]);
    expect((await collect(client.searchProjectsAsync({ query: 'id:acme-p*' }))).map((p) => p.projectId)).toEqual([P_PROD]);
    expect((await collect(client.searchProjectsAsync({ query: 'displayName:"acme LEGACY"' }))).map((p) => p.projectId)).toEqual([P_OLD]);
    expect((await collect(client.searchProjectsAsync({ query: 'name:acme* AND state:DELETE_REQUESTED' }))).map((p) => p.projectId)).toEqual([P_OLD]);
    const error = await errorOf(collect(client.searchProjectsAsync({ query: 'parent:organizations/1' })));
    expect(error).toMatchObject({ code: 3 });
    expect(error.message).toContain("does not serve the field 'parent'");
  });

  it('answers states as numbers when the client asks for numeric enums, as the v3 client does', async () => {
    const raw = await rawRequest(emu, '/v3/projects:search?$alt=json%3Benum-encoding%3Dint');
    expect((raw.json as { projects: { state: unknown }[] }).projects.map((p) => p.state)).toEqual([1, 1, 2]);
    const plain = await rawRequest(emu, '/v3/projects:search');
    expect((plain.json as { projects: { state: unknown }[] }).projects.map((p) => p.state)).toEqual(['ACTIVE', 'ACTIVE', 'DELETE_REQUESTED']);
  });
});

describe('authentication and project access', () => {
  it('answers 401 UNAUTHENTICATED to an unknown token, which the client surfaces as code 16', async () => {
    const clients = computeClients(emu, { token: 'ya29.not-a-token-of-the-estate' });
    try {
      const error = described(await errorOf(collect(clients.snapshots.listAsync({ project: P_PROD }))));
      expect(error).toMatchObject({ type: 'GoogleError', code: 16, reason: 'ACCESS_TOKEN_TYPE_UNSUPPORTED' });
      expect(error.message).toContain('Request had invalid authentication credentials');
    } finally {
      await closeClients(clients);
    }
    expect(await errorOf(collect(projectsClient(emu, { token: 'ya29.not-a-token-of-the-estate' }).searchProjectsAsync({})))).toMatchObject({ code: 16 });
  });

  it('answers 401 with a challenge when there is no Authorization header at all', async () => {
    const raw = await rawRequest(emu, `/compute/v1/projects/${P_PROD}/global/snapshots`, { token: null });
    expect(raw.status).toBe(401);
    expect(raw.headers['www-authenticate']).toContain('Bearer realm="https://accounts.google.com/"');
    expect(raw.json).toMatchObject({
      error: {
        code: 401,
        status: 'UNAUTHENTICATED',
        errors: [{ message: 'Login Required.', domain: 'global', reason: 'required', location: 'Authorization', locationType: 'header' }],
        details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'CREDENTIALS_MISSING', metadata: { service: 'compute.googleapis.com', method: 'compute.v1.SnapshotsService.List' } }],
      },
    });
  });

  it('answers 403 PERMISSION_DENIED, naming the permission, for a project the token cannot see', async () => {
    const error = described(await errorOf(collect(gce.snapshots.listAsync({ project: P_OTHER }))));
    expect(error).toMatchObject({ type: 'GoogleError', code: 7, message: `Required 'compute.snapshots.list' permission for 'projects/${P_OTHER}'` });
    const policy = await errorOf(gce.disks.getIamPolicy({ project: P_OTHER, zone: 'us-central1-a', resource: 'd' }));
    expect(policy.message).toBe(`Required 'compute.disks.getIamPolicy' permission for 'projects/${P_OTHER}/zones/us-central1-a/disks/d'`);
    // The same for a project that does not exist at all: Google does not say which.
    expect(await errorOf(collect(gce.firewalls.listAsync({ project: 'nobody-has-this' })))).toMatchObject({ code: 7 });
  });

  it('answers 404 for a project the token names but the estate does not have', async () => {
    const error = described(await errorOf(collect(gce.snapshots.listAsync({ project: P_GHOST }))));
    expect(error).toMatchObject({ code: 5, message: `The resource 'projects/${P_GHOST}' was not found` });
  });
});
