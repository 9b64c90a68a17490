// A small Google Cloud estate for the emulator tests, and the real Google clients (REST transport)
// pointed at a running emulator with a static bearer token. Clients are imported one by one: the
// packages' indexes load every client they have, which costs over a second.
import { DisksClient } from '@google-cloud/compute/build/src/v1/disks_client.js';
import { FirewallsClient } from '@google-cloud/compute/build/src/v1/firewalls_client.js';
import { ImagesClient } from '@google-cloud/compute/build/src/v1/images_client.js';
import { InstancesClient } from '@google-cloud/compute/build/src/v1/instances_client.js';
import { MachineImagesClient } from '@google-cloud/compute/build/src/v1/machine_images_client.js';
import { RegionDisksClient } from '@google-cloud/compute/build/src/v1/region_disks_client.js';
import { RegionSnapshotsClient } from '@google-cloud/compute/build/src/v1/region_snapshots_client.js';
import { RegionsClient } from '@google-cloud/compute/build/src/v1/regions_client.js';
import { SnapshotsClient } from '@google-cloud/compute/build/src/v1/snapshots_client.js';
import { ProjectsClient } from '@google-cloud/resource-manager/build/src/v3/projects_client.js';
import type { EstateInput } from '../../src/emulator/estate.js';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { rawHttp, type RawResponse } from '../support/raw-http.js';
import { HOSTILE, rejectionOf } from './fixtures.js';

export const P_PROD = 'acme-prod';
export const P_PROD_NUMBER = '100000000001';
/** Many resources, for paging. */
export const P_BULK = 'acme-bulk';
export const P_BULK_NUMBER = '100000000002';
/** Seen only by the other token. */
export const P_OTHER = 'someone-else';
export const P_OTHER_NUMBER = '100000000003';
/** Being deleted; the auditor sees it. */
export const P_OLD = 'acme-old';
export const P_OLD_NUMBER = '100000000004';
/** The auditor's token names it, but the estate has no such project. */
export const P_GHOST = 'acme-ghost';

export const AUDITOR_TOKEN = 'ya29.auditor-token-for-the-emulator';
export const OTHER_TOKEN = 'ya29.other-token-for-the-emulator';
export const AUDITOR = 'auditor@acme-sec.iam.gserviceaccount.com';

export const KMS_KEY = 'projects/acme-kms/locations/us/keyRings/ring/cryptoKeys/snapshots/cryptoKeyVersions/1';
export const DEBIAN_IMAGE = 'projects/debian-cloud/global/images/debian-12-bookworm-v20260101';
export const BASE = 'https://www.googleapis.com/compute/v1/';

const prod = (path: string): string => `projects/${P_PROD}/${path}`;

export const BULK_COUNTS = { snapshots: 23, disks: 7, instances: 5, firewalls: 12, images: 8 };

export function gcpTestEstate(): EstateInput {
  return {
    description: 'Google Cloud emulator test estate',
    gcp: {
      tokens: [
        { token: AUDITOR_TOKEN, principal: AUDITOR, projects: [P_PROD, P_BULK, P_OLD, P_GHOST] },
        { token: OTHER_TOKEN, principal: 'someone@else.example', projects: [P_OTHER] },
      ],
      projects: [
        {
          id: P_PROD,
          number: P_PROD_NUMBER,
          name: 'ACME production',
          regions: ['us-central1', 'europe-west1'],
          snapshots: [
            {
              name: 'snap-public',
              sourceDisk: prod('zones/us-central1-a/disks/web-boot'),
              diskSizeGb: 20,
              creationTimestamp: '2026-02-03T04:05:06.000Z',
              labels: { [HOSTILE]: HOSTILE, team: 'web' },
              description: HOSTILE,
              iam: { bindings: [{ role: 'roles/compute.storageAdmin', members: ['allUsers', 'user:alice@acme.example'] }], etag: 'BwYAAA=' },
            },
            {
              name: 'snap-cmek',
              sourceDisk: prod('zones/us-central1-a/disks/web-data'),
              storageLocations: ['europe-west1'],
              status: 'CREATING',
              creationTimestamp: '2026-07-04T12:00:00.123Z',
              encryptionKey: { kmsKeyName: KMS_KEY },
              iam: { bindings: [{ role: 'roles/compute.imageUser', members: ['user:bob@partner.example', 'domain:acme.example'] }], etag: 'BwYAAB=' },
            },
            { name: 'snap-empty-policy', sourceDisk: 'projects/acme-elsewhere/zones/us-east1-b/disks/gone' },
            {
              name: 'snap-regional',
              region: 'europe-west1',
              sourceDisk: prod('regions/europe-west1/disks/db-regional'),
              diskSizeGb: 500,
              iam: { bindings: [{ role: 'roles/compute.storageAdmin', members: ['allAuthenticatedUsers'] }], etag: 'BwYAAC=' },
            },
          ],
          images: [
            {
              name: 'img-golden',
              family: 'golden',
              sourceSnapshot: prod('global/snapshots/snap-public'),
              labels: { tier: 'base' },
              description: 'golden image',
              encryptionKey: { kmsKeyName: KMS_KEY },
              iam: { bindings: [{ role: 'roles/compute.imageUser', members: ['allAuthenticatedUsers'] }], etag: 'BwYAAD=' },
            },
            { name: 'img-from-disk', sourceDisk: prod('zones/us-central1-a/disks/web-data'), status: 'PENDING' },
          ],
          machineImages: [
            {
              name: 'mi-web',
              sourceInstance: prod('zones/us-central1-a/instances/web-1'),
              description: 'nightly machine image',
              encryptionKey: { kmsKeyName: KMS_KEY },
              iam: { bindings: [{ role: 'roles/compute.admin', members: ['user:mallory@evil.example'] }], etag: 'BwYAAE=' },
            },
            { name: 'mi-orphan', sourceInstance: prod('zones/us-central1-a/instances/deleted-vm'), status: 'INVALID' },
          ],
          disks: [
            {
              name: 'web-boot',
              zone: 'us-central1-a',
              sizeGb: 20,
              sourceImage: DEBIAN_IMAGE,
              users: [prod('zones/us-central1-a/instances/web-1')],
              labels: { role: 'boot' },
            },
            {
              name: 'web-data',
              zone: 'us-central1-a',
              sizeGb: 200,
              sourceSnapshot: prod('global/snapshots/snap-public'),
              users: [prod('zones/us-central1-a/instances/web-1')],
              encryptionKey: { kmsKeyName: KMS_KEY },
              iam: { bindings: [{ role: 'roles/compute.storageAdmin', members: ['allUsers'] }], etag: 'BwYAAF=' },
            },
            {
              name: 'db-regional',
              region: 'europe-west1',
              sizeGb: 500,
              status: 'RESTORING',
              sourceSnapshot: prod('regions/europe-west1/snapshots/snap-regional'),
              iam: { bindings: [{ role: 'roles/compute.storageAdmin', members: ['group:dba@acme.example'] }], etag: 'BwYAAG=' },
            },
          ],
          instances: [
            {
              name: 'web-1',
              zone: 'us-central1-a',
              tags: ['ssh', 'web'],
              serviceAccounts: ['web@acme-prod.iam.gserviceaccount.com'],
              labels: { app: 'web' },
              creationTimestamp: '2026-03-01T10:00:00.000Z',
              disks: [
                { deviceName: 'boot', source: prod('zones/us-central1-a/disks/web-boot'), boot: true },
                { deviceName: 'data', source: prod('zones/us-central1-a/disks/web-data') },
              ],
              networkInterfaces: [{ natIPs: ['203.0.113.10'], externalIpv6: ['2600:1900:4000:1::'] }, { network: prod('global/networks/backend'), subnetwork: prod('regions/us-central1/subnetworks/backend'), networkIP: '10.20.0.4' }],
            },
            {
              name: 'batch-1',
              zone: 'europe-west1-d',
              status: 'TERMINATED',
              networkInterfaces: [{ networkIP: '10.132.0.9' }],
            },
          ],
          firewalls: [
            { name: 'allow-ssh', sourceRanges: ['0.0.0.0/0'], allowed: [{ IPProtocol: 'tcp', ports: ['22'] }], targetTags: ['ssh'], priority: 900 },
            { name: 'allow-rdp-disabled', sourceRanges: ['0.0.0.0/0', '::/0'], allowed: [{ IPProtocol: 'tcp', ports: ['3389'] }], disabled: true },
            {
              name: 'allow-web-sa',
              network: prod('global/networks/backend'),
              sourceServiceAccounts: ['lb@acme-prod.iam.gserviceaccount.com'],
              targetServiceAccounts: ['web@acme-prod.iam.gserviceaccount.com'],
              allowed: [{ IPProtocol: 'tcp', ports: ['80', '443', '8000-8100'] }, { IPProtocol: 'icmp' }],
              description: HOSTILE,
            },
            { name: 'allow-all-no-source', allowed: [{ IPProtocol: 'all' }], targetTags: ['web'] },
            { name: 'deny-egress', direction: 'EGRESS', denied: [{ IPProtocol: 'all' }], priority: 65534 },
          ],
        },
        {
          id: P_BULK,
          number: P_BULK_NUMBER,
          regions: ['us-central1'],
          snapshots: Array.from({ length: BULK_COUNTS.snapshots }, (_, i) => ({ name: `bulk-snap-${i}` })),
          images: Array.from({ length: BULK_COUNTS.images }, (_, i) => ({ name: `bulk-image-${i}` })),
          disks: Array.from({ length: BULK_COUNTS.disks }, (_, i) =>
            i < 3 ? { name: `bulk-disk-${i}`, zone: 'us-central1-a' } : i < 5 ? { name: `bulk-disk-${i}`, zone: 'us-central1-b' } : { name: `bulk-disk-${i}`, region: 'us-central1' },
          ),
          instances: Array.from({ length: BULK_COUNTS.instances }, (_, i) => ({ name: `bulk-vm-${i}`, zone: i % 2 === 0 ? 'us-central1-a' : 'us-central1-f' })),
          firewalls: Array.from({ length: BULK_COUNTS.firewalls }, (_, i) => ({ name: `bulk-fw-${i}`, sourceRanges: ['10.0.0.0/8'], allowed: [{ IPProtocol: 'tcp' }] })),
        },
        { id: P_OTHER, number: P_OTHER_NUMBER, name: 'Someone else', snapshots: [{ name: 'other-snap' }] },
        { id: P_OLD, number: P_OLD_NUMBER, name: 'ACME legacy', lifecycleState: 'DELETE_REQUESTED' },
      ],
    },
  };
}

/**
 * What the REST transport needs from an auth client: `getRequestHeaders` to exist (it is never
 * called) and a `fetch(url, init)` that adds the credentials and answers a fetch Response. A
 * non-throwing fetch lets google-gax parse Google's error JSON into a GoogleError.
 */
export interface BearerAuthClient {
  getRequestHeaders(): Promise<Headers>;
  fetch(url: string | URL, init?: RequestInit): Promise<Response>;
  /** The URLs fetched, for tests that care. */
  readonly fetched: string[];
}

export function bearerAuthClient(token = AUDITOR_TOKEN): BearerAuthClient {
  const fetched: string[] = [];
  return {
    fetched,
    getRequestHeaders: () => Promise.resolve(new Headers({ authorization: `Bearer ${token}` })),
    fetch(url, init = {}) {
      fetched.push(String(url));
      const headers = new Headers(init.headers);
      headers.set('authorization', `Bearer ${token}`);
      return fetch(url, { ...init, headers });
    },
  };
}

export interface GcpClientOptions {
  readonly token?: string;
  /** Any auth client (an OAuth2Client...); a bearerAuthClient of `token` when absent. */
  readonly authClient?: unknown;
}

/** The options every Google client takes to reach the emulator over its REST transport. */
export function gcpClientOptions(emu: RunningEmulator, options: GcpClientOptions = {}) {
  if (emu.gcpPort === undefined) throw new Error('the emulator serves no GCP estate');
  // The clients type `authClient` as google-auth-library's AuthClient; the REST transport needs less.
  const authClient = (options.authClient ?? bearerAuthClient(options.token)) as NonNullable<ConstructorParameters<typeof SnapshotsClient>[0]>['authClient'];
  return { apiEndpoint: '127.0.0.1', port: emu.gcpPort, protocol: 'http', fallback: true, authClient } as const;
}

export function computeClients(emu: RunningEmulator, options: GcpClientOptions = {}) {
  const opts = (): ReturnType<typeof gcpClientOptions> => gcpClientOptions(emu, options);
  return {
    snapshots: new SnapshotsClient(opts()),
    regionSnapshots: new RegionSnapshotsClient(opts()),
    regions: new RegionsClient(opts()),
    images: new ImagesClient(opts()),
    machineImages: new MachineImagesClient(opts()),
    disks: new DisksClient(opts()),
    regionDisks: new RegionDisksClient(opts()),
    instances: new InstancesClient(opts()),
    firewalls: new FirewallsClient(opts()),
  };
}

export type ComputeClients = ReturnType<typeof computeClients>;

export function projectsClient(emu: RunningEmulator, options: GcpClientOptions = {}): ProjectsClient {
  return new ProjectsClient(gcpClientOptions(emu, options));
}

export async function closeClients(clients: ComputeClients): Promise<void> {
  await Promise.all(Object.values(clients).map((client) => client.close()));
}

export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

/** The rejection of a promise: a GoogleError (numeric gRPC `code`) or whatever the auth client threw. */
export function errorOf(promise: Promise<unknown>): Promise<Error & { code?: number | string; status?: number; reason?: string; errorInfoMetadata?: Record<string, string>; note?: string }> {
  return rejectionOf(promise);
}

/** An error as plain data, so that assertions can compare its class, gRPC code and message. */
export function described(error: Error & { code?: number | string; reason?: string }): { type: string; code: number | string | undefined; message: string; reason: string | undefined } {
  return { type: error.constructor.name, code: error.code, message: error.message, reason: error.reason };
}

export type { RawResponse } from '../support/raw-http.js';

/** A request without the clients; `path` includes the query. */
export function rawRequest(emu: RunningEmulator, path: string, options: { method?: string; token?: string | null } = {}): Promise<RawResponse> {
  const { gcpUrl } = emu;
  if (gcpUrl === undefined) return Promise.reject(new Error('the emulator serves no GCP estate'));
  const token = options.token === undefined ? AUDITOR_TOKEN : options.token;
  return rawHttp(new URL(path, gcpUrl), { method: options.method ?? 'GET', headers: token === null ? {} : { authorization: `Bearer ${token}` } });
}
