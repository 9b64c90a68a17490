// The demo's Google Cloud project: a public snapshot, a disk shared with someone at another domain,
// a public image, an instance booted from a snapshot with SSH open through a tagged firewall rule,
// a second one whose deny rule wins, and healthy resources around them. Who can copy disks out: an
// outside Gmail account holding Compute Storage Admin on the whole project, an ETL service account
// with basic Editor and a user-managed key over a year old, an analysts' group that can only look.
// Would anyone see it: no Data Access audit config for Compute, and an exclusion on the _Default
// sink that drops Compute's snapshot entries.
import type { EstateInput } from './estate.js';

export const DEMO_PROJECT = 'acme-analytics-prod';
export const DEMO_PROJECT_NUMBER = '482093571126';
/** The access token the demo hands the emulator; it opens nothing anywhere else. */
export const DEMO_GCP_TOKEN = 'ya29.demo-token-for-the-local-emulator-only';
/** The organization's own domain, as the demo config declares it. */
export const DEMO_GCP_DOMAIN = 'acme.example';

type GcpInput = NonNullable<EstateInput['gcp']>;
type ProjectInput = GcpInput['projects'][number];

const P = `projects/${DEMO_PROJECT}`;
const ZONE = 'us-central1-a';
const disk = (name: string): string => `${P}/zones/${ZONE}/disks/${name}`;
const NETWORK = `${P}/global/networks/default`;
const KMS = `projects/acme-kms/locations/us/keyRings/disks/cryptoKeys/snapshots`;
const DAY_MS = 86_400_000;
/** The ETL account's key: made 400 days before the demo runs, never rotated. */
const ETL_KEY_CREATED = new Date(Date.now() - 400 * DAY_MS).toISOString();

/** An outside contractor's personal Google account, given project-wide storage admin "for a migration". */
export const DEMO_GCP_OUTSIDER = 'user:rob.migration.contractor@gmail.com';
export const DEMO_GCP_ETL_ACCOUNT = `etl-runner@${DEMO_PROJECT}.iam.gserviceaccount.com`;
export const DEMO_GCP_ETL_KEY = '3f1c9a7e5b2d48c06e1f7a9b3c5d7e9f1a2b4c6d';
/** The exclusion someone added to cut log costs; it also drops Compute's snapshot entries. */
export const DEMO_GCP_EXCLUSION = 'drop-compute-snapshot-noise';

/** Nightly snapshots done right: a Cloud KMS key, shared with no one. */
function healthySnapshots(count: number): NonNullable<ProjectInput['snapshots']> {
  return Array.from({ length: count }, (_, i) => ({
    name: `warehouse-nightly-${String(i + 1).padStart(2, '0')}`,
    sourceDisk: disk('warehouse-data'),
    encryptionKey: { kmsKeyName: KMS },
    labels: { team: 'data' },
    iam: { bindings: [{ role: 'roles/compute.storageAdmin', members: [`group:data-platform@${DEMO_GCP_DOMAIN}`] }], etag: 'BwYA' },
  }));
}

const project: ProjectInput = {
  id: DEMO_PROJECT,
  number: DEMO_PROJECT_NUMBER,
  name: 'ACME analytics (prod)',
  regions: ['us-central1', 'europe-west1'],
  iamPolicy: {
    bindings: [
      { role: 'roles/owner', members: [`user:platform-lead@${DEMO_GCP_DOMAIN}`] },
      { role: 'roles/compute.storageAdmin', members: [DEMO_GCP_OUTSIDER, `group:data-platform@${DEMO_GCP_DOMAIN}`] },
      { role: 'roles/editor', members: [`serviceAccount:${DEMO_GCP_ETL_ACCOUNT}`] },
      { role: 'roles/compute.viewer', members: [`group:analysts@${DEMO_GCP_DOMAIN}`] },
      { role: 'roles/iam.securityReviewer', members: [`serviceAccount:snapaudit@${DEMO_PROJECT}.iam.gserviceaccount.com`] },
    ],
    // No Data Access audit config: reads of snapshots and their policies leave no record.
    auditConfigs: [],
    etag: 'BwYDEMO0=',
  },
  serviceAccounts: [
    { accountId: 'etl-runner', displayName: 'ETL runner', keys: [{ id: DEMO_GCP_ETL_KEY, createdAt: ETL_KEY_CREATED }] },
    { accountId: 'snapaudit', displayName: 'snapaudit reader' },
  ],
  sinks: [
    {
      name: '_Default',
      exclusions: [
        {
          name: DEMO_GCP_EXCLUSION,
          description: 'Compute snapshot chatter is most of our log bill',
          filter: 'protoPayload.serviceName="compute.googleapis.com" AND protoPayload.methodName:"snapshots"',
        },
      ],
    },
  ],
  snapshots: [
    {
      // Shared with every Google account "for a quick test", never unshared.
      name: 'customer-events-2026-10',
      sourceDisk: disk('events-db'),
      diskSizeGb: 200,
      iam: { bindings: [{ role: 'roles/compute.storageAdmin', members: ['allAuthenticatedUsers'] }], etag: 'BwYB' },
    },
    {
      name: 'events-db-golden',
      sourceDisk: disk('events-db'),
      encryptionKey: { kmsKeyName: KMS },
      iam: { bindings: [], etag: 'BwYC' },
    },
    { name: 'events-db-eu-copy', region: 'europe-west1', sourceDisk: disk('events-db'), encryptionKey: { kmsKeyName: KMS }, storageLocations: ['europe-west1'] },
    ...healthySnapshots(6),
  ],
  images: [
    {
      name: 'analytics-worker-v7',
      family: 'analytics-worker',
      sourceDisk: disk('worker-template'),
      iam: { bindings: [{ role: 'roles/compute.imageUser', members: ['allUsers'] }], etag: 'BwYD' },
    },
    { name: 'analytics-base-v3', family: 'analytics-base', sourceDisk: disk('worker-template') },
  ],
  machineImages: [{ name: 'etl-runner-2026-11', sourceInstance: `${P}/zones/${ZONE}/instances/etl-runner` }],
  disks: [
    // Shared with a contractor's own address: a domain the organization does not own.
    {
      name: 'events-db',
      zone: ZONE,
      sizeGb: 200,
      sourceImage: 'projects/debian-cloud/global/images/debian-12-bookworm-v20261101',
      users: [`${P}/zones/${ZONE}/instances/events-db`],
      iam: { bindings: [{ role: 'roles/compute.storageAdmin', members: ['user:dana.contractor@gmail.com'] }], etag: 'BwYE' },
    },
    // Made from the public snapshot and mounted on an instance with SSH open.
    { name: 'restore-check-boot', zone: ZONE, sourceSnapshot: `${P}/global/snapshots/customer-events-2026-10`, users: [`${P}/zones/${ZONE}/instances/restore-check`] },
    { name: 'web-boot', zone: ZONE, sourceImage: 'projects/debian-cloud/global/images/debian-12-bookworm-v20261101', users: [`${P}/zones/${ZONE}/instances/web`] },
    { name: 'bastion-boot', zone: ZONE, sourceSnapshot: `${P}/global/snapshots/events-db-golden`, users: [`${P}/zones/${ZONE}/instances/bastion`] },
    { name: 'warehouse-data', region: 'us-central1', sizeGb: 500 },
  ],
  instances: [
    {
      name: 'restore-check',
      zone: ZONE,
      tags: ['ssh-debug'],
      serviceAccounts: [`${DEMO_PROJECT_NUMBER}-compute@developer.gserviceaccount.com`],
      disks: [{ deviceName: 'boot', source: disk('restore-check-boot'), boot: true }],
      networkInterfaces: [{ network: NETWORK, networkIP: '10.128.0.12', natIPs: ['34.122.40.17'] }],
    },
    {
      name: 'web',
      zone: ZONE,
      tags: ['http-server'],
      disks: [{ deviceName: 'boot', source: disk('web-boot'), boot: true }],
      networkInterfaces: [{ network: NETWORK, networkIP: '10.128.0.20', natIPs: ['34.122.40.20'] }],
    },
    {
      // Also carries the ssh-debug tag, but a higher-priority deny for its tag closes 22.
      name: 'bastion',
      zone: ZONE,
      tags: ['ssh-debug', 'locked-down'],
      disks: [{ deviceName: 'boot', source: disk('bastion-boot'), boot: true }],
      networkInterfaces: [{ network: NETWORK, networkIP: '10.128.0.30', natIPs: ['34.122.40.30'] }],
    },
    {
      name: 'events-db',
      zone: ZONE,
      disks: [{ deviceName: 'boot', source: disk('events-db'), boot: true }],
      networkInterfaces: [{ network: NETWORK, networkIP: '10.128.0.40' }],
    },
  ],
  firewalls: [
    { name: 'allow-ssh-debug', network: NETWORK, priority: 1000, sourceRanges: ['0.0.0.0/0'], targetTags: ['ssh-debug'], allowed: [{ IPProtocol: 'tcp', ports: ['22'] }] },
    { name: 'allow-http', network: NETWORK, priority: 1000, sourceRanges: ['0.0.0.0/0'], targetTags: ['http-server'], allowed: [{ IPProtocol: 'tcp', ports: ['80', '443'] }] },
    { name: 'deny-admin-locked-down', network: NETWORK, priority: 900, sourceRanges: ['0.0.0.0/0'], targetTags: ['locked-down'], denied: [{ IPProtocol: 'tcp', ports: ['22', '3389'] }] },
    { name: 'allow-internal', network: NETWORK, priority: 65534, sourceRanges: ['10.128.0.0/9'], allowed: [{ IPProtocol: 'all' }] },
    // Disabled: must not count.
    { name: 'allow-rdp-anywhere', network: NETWORK, priority: 1000, sourceRanges: ['0.0.0.0/0'], allowed: [{ IPProtocol: 'tcp', ports: ['3389'] }], disabled: true },
  ],
};

export const DEMO_GCP_ESTATE: GcpInput = {
  tokens: [{ token: DEMO_GCP_TOKEN, principal: `serviceAccount:snapaudit@${DEMO_PROJECT}.iam.gserviceaccount.com`, projects: [DEMO_PROJECT] }],
  projects: [project],
};
