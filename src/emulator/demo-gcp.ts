// The demo's Google Cloud project: a public snapshot, a disk shared with someone at another domain,
// a public image, an instance booted from a snapshot with SSH open through a tagged firewall rule,
// a second one whose deny rule wins, and healthy resources around them. Who can copy disks out: an
// outside Gmail account holding Compute Storage Admin on the whole project, an ETL service account
// with basic Editor and a user-managed key over a year old, an analysts' group that can only look.
// Would anyone see it: no Data Access audit config for Compute, and an exclusion on the _Default
// sink that drops Compute's snapshot entries.
import { DEMO_NOW } from './demo-parts.js';
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


// ---------------------------------------------------------------------------------------------
// Admin Activity audit logs: one chain in the 72 hours before DEMO_NOW, made with the ETL service
// account's year-old key, on resources the demo shows exposed (the public snapshot
// customer-events-2026-10, the disk restore-check-boot made from it, the instance restore-check
// with an external IP, and the firewall rule allow-ssh-debug opening tcp:22 to 0.0.0.0/0), and
// routine entries around it. Written as Logging's entries.list returns them.

type LogEntryInput = NonNullable<ProjectInput['auditLog']>[number];

/** The chain's resources and principal, for tests and for the lead's wiring. */
export const DEMO_GCP_CHAIN = {
  principal: DEMO_GCP_ETL_ACCOUNT,
  keyName: `//iam.googleapis.com/projects/${DEMO_PROJECT}/serviceAccounts/${DEMO_GCP_ETL_ACCOUNT}/keys/${DEMO_GCP_ETL_KEY}`,
  snapshot: `${P}/global/snapshots/customer-events-2026-10`,
  disk: disk('restore-check-boot'),
  instance: `${P}/zones/${ZONE}/instances/restore-check`,
  firewall: `${P}/global/firewalls/allow-ssh-debug`,
  methods: ['v1.compute.snapshots.insert', 'v1.compute.snapshots.setIamPolicy', 'v1.compute.disks.insert', 'v1.compute.instances.insert', 'v1.compute.firewalls.insert'],
} as const;

const ACTIVITY_LOG = `${P}/logs/cloudaudit.googleapis.com%2Factivity`;
const at = (hours: number, plusMs = 0): string => new Date(DEMO_NOW - Math.round(hours * 3_600_000) + plusMs).toISOString();
const GCLOUD = (command: string): string => `google-cloud-sdk gcloud/497.0.0 command/gcloud.compute.${command} invocation-id/5c1f0a7e9b2d4c6e8f0a1b2c3d4e5f60 environment/None environment-version/None client-os/LINUX client-os-ver/6.5.0 client-pltf-arch/x86_64 interactive/True from-script/False python/3.12.4 term/xterm-256color (Linux 6.5.0-1025-gcp),gzip(gfe)`;

interface AuditCall {
  readonly n: number;
  readonly hours: number;
  readonly method: string;
  readonly permission: string;
  readonly resourceName: string;
  readonly resource: { readonly type: string; readonly labels: Record<string, string> };
  readonly principal: string;
  readonly keyName?: string;
  readonly ip: string;
  readonly agent: string;
  readonly request: Record<string, unknown>;
  readonly response?: Record<string, unknown>;
  readonly serviceData?: Record<string, unknown>;
  readonly error?: { readonly code: number; readonly message: string };
}

function operationOf(call: AuditCall): Record<string, unknown> {
  const opName = `operation-${DEMO_NOW - Math.round(call.hours * 3_600_000)}-62a${call.n}f0c1d2e3f-4a5b6c7d-8e9f0a1b`;
  return {
    '@type': 'type.googleapis.com/operation',
    id: `${7_312_004_552_118_000_000n + BigInt(call.n)}`,
    name: opName,
    operationType: call.method.split('.').pop(),
    targetLink: `https://www.googleapis.com/compute/v1/${call.resourceName}`,
    targetId: `${5_540_210_000_000_000_000n + BigInt(call.n)}`,
    status: 'RUNNING',
    user: call.principal,
    progress: '0',
    insertTime: at(call.hours),
    startTime: at(call.hours, 40),
    selfLink: `https://www.googleapis.com/compute/v1/${P}/${call.resource.type === 'gce_disk' || call.resource.type === 'gce_instance' ? `zones/${ZONE}` : 'global'}/operations/${opName}`,
  };
}

function auditEntry(call: AuditCall): LogEntryInput {
  const insertId = `-${(0x5a7c0000 + call.n).toString(36)}e${call.n}d${call.n}`;
  return {
    protoPayload: {
      '@type': 'type.googleapis.com/google.cloud.audit.AuditLog',
      ...(call.error ? { status: call.error } : {}),
      authenticationInfo: { principalEmail: call.principal, ...(call.keyName ? { serviceAccountKeyName: call.keyName } : {}), principalSubject: `${call.principal.endsWith('.gserviceaccount.com') ? 'serviceAccount' : 'user'}:${call.principal}` },
      requestMetadata: { callerIp: call.ip, callerSuppliedUserAgent: call.agent, requestAttributes: { time: at(call.hours), auth: {} }, destinationAttributes: {} },
      serviceName: 'compute.googleapis.com',
      methodName: call.method,
      authorizationInfo: [{ permission: call.permission, granted: call.error === undefined, resourceAttributes: { service: 'compute', name: call.resourceName, type: `compute.${call.resource.type.replace(/^gce_/, '')}s` }, permissionType: 'ADMIN_WRITE' }],
      resourceName: call.resourceName,
      request: call.request,
      ...(call.error ? {} : { response: call.response ?? operationOf(call) }),
      ...(call.serviceData ? { serviceData: call.serviceData } : {}),
      resourceLocation: { currentLocations: [call.resource.labels['zone'] ?? 'global'] },
    },
    insertId,
    resource: { type: call.resource.type, labels: { project_id: DEMO_PROJECT, ...call.resource.labels } },
    timestamp: at(call.hours),
    severity: call.error ? 'ERROR' : 'NOTICE',
    logName: ACTIVITY_LOG,
    ...(call.error ? {} : { operation: { id: `operation-${DEMO_NOW - Math.round(call.hours * 3_600_000)}-62a${call.n}f0c1d2e3f-4a5b6c7d-8e9f0a1b`, producer: 'compute.googleapis.com', first: true } }),
    receiveTimestamp: at(call.hours, 900),
  };
}

const INTRUDER_IP = '185.220.101.47';
const etl = { principal: DEMO_GCP_ETL_ACCOUNT, keyName: DEMO_GCP_CHAIN.keyName, ip: INTRUDER_IP };

const auditChain: AuditCall[] = [
  {
    n: 1,
    hours: 40,
    method: 'v1.compute.snapshots.insert',
    permission: 'compute.snapshots.create',
    resourceName: DEMO_GCP_CHAIN.snapshot,
    resource: { type: 'gce_snapshot', labels: { snapshot_id: '5540210000000000101' } },
    ...etl,
    agent: GCLOUD('snapshots.create'),
    request: { '@type': 'type.googleapis.com/compute.snapshots.insert', name: 'customer-events-2026-10', sourceDisk: `projects/${DEMO_PROJECT}/zones/${ZONE}/disks/events-db`, storageLocations: ['us'] },
  },
  {
    n: 2,
    hours: 39.5,
    method: 'v1.compute.snapshots.setIamPolicy',
    permission: 'compute.snapshots.setIamPolicy',
    resourceName: DEMO_GCP_CHAIN.snapshot,
    resource: { type: 'gce_snapshot', labels: { snapshot_id: '5540210000000000101' } },
    ...etl,
    agent: GCLOUD('snapshots.add-iam-policy-binding'),
    request: { '@type': 'type.googleapis.com/compute.snapshots.setIamPolicy', resource: 'customer-events-2026-10', policy: { bindings: [{ role: 'roles/compute.storageAdmin', members: ['allAuthenticatedUsers'] }], etag: 'BwYB' } },
    response: { '@type': 'type.googleapis.com/compute.snapshots.setIamPolicyResponse', bindings: [{ role: 'roles/compute.storageAdmin', members: ['allAuthenticatedUsers'] }], etag: 'BwYB', version: 1 },
    serviceData: { '@type': 'type.googleapis.com/google.iam.v1.logging.AuditData', policyDelta: { bindingDeltas: [{ action: 'ADD', role: 'roles/compute.storageAdmin', member: 'allAuthenticatedUsers' }] } },
  },
  {
    n: 3,
    hours: 39,
    method: 'v1.compute.disks.insert',
    permission: 'compute.disks.create',
    resourceName: DEMO_GCP_CHAIN.disk,
    resource: { type: 'gce_disk', labels: { disk_id: '5540210000000000103', zone: ZONE } },
    ...etl,
    agent: GCLOUD('disks.create'),
    request: { '@type': 'type.googleapis.com/compute.disks.insert', name: 'restore-check-boot', sourceSnapshot: `projects/${DEMO_PROJECT}/global/snapshots/customer-events-2026-10`, type: `projects/${DEMO_PROJECT}/zones/${ZONE}/diskTypes/pd-balanced` },
  },
  {
    n: 4,
    hours: 38.8,
    method: 'v1.compute.instances.insert',
    permission: 'compute.instances.create',
    resourceName: DEMO_GCP_CHAIN.instance,
    resource: { type: 'gce_instance', labels: { instance_id: '5540210000000000104', zone: ZONE } },
    ...etl,
    agent: GCLOUD('instances.create'),
    request: {
      '@type': 'type.googleapis.com/compute.instances.insert',
      name: 'restore-check',
      machineType: `projects/${DEMO_PROJECT}/zones/${ZONE}/machineTypes/e2-small`,
      disks: [{ boot: true, autoDelete: false, mode: 'READ_WRITE', source: `projects/${DEMO_PROJECT}/zones/${ZONE}/disks/restore-check-boot`, deviceName: 'boot' }],
      networkInterfaces: [{ network: `projects/${DEMO_PROJECT}/global/networks/default`, accessConfigs: [{ name: 'External NAT', type: 'ONE_TO_ONE_NAT', networkTier: 'PREMIUM' }] }],
      tags: { tags: ['ssh-debug'] },
      serviceAccounts: [{ email: `${DEMO_PROJECT_NUMBER}-compute@developer.gserviceaccount.com`, scopes: ['https://www.googleapis.com/auth/cloud-platform'] }],
    },
  },
  {
    n: 5,
    hours: 38.6,
    method: 'v1.compute.firewalls.insert',
    permission: 'compute.firewalls.create',
    resourceName: DEMO_GCP_CHAIN.firewall,
    resource: { type: 'gce_firewall_rule', labels: { firewall_rule_id: '5540210000000000105' } },
    ...etl,
    agent: GCLOUD('firewall-rules.create'),
    request: {
      '@type': 'type.googleapis.com/compute.firewalls.insert',
      name: 'allow-ssh-debug',
      network: `projects/${DEMO_PROJECT}/global/networks/default`,
      direction: 'INGRESS',
      priority: 1000,
      sourceRanges: ['0.0.0.0/0'],
      targetTags: ['ssh-debug'],
      alloweds: [{ IPProtocol: 'tcp', ports: ['22'] }],
    },
  },
];

/** The data team's nightly snapshot, and an analyst's refused attempt to share one. */
const auditRoutine: AuditCall[] = [
  {
    n: 6,
    hours: 26,
    method: 'v1.compute.snapshots.insert',
    permission: 'compute.snapshots.create',
    resourceName: `${P}/global/snapshots/warehouse-nightly-01`,
    resource: { type: 'gce_snapshot', labels: { snapshot_id: '5540210000000000106' } },
    principal: `platform-lead@${DEMO_GCP_DOMAIN}`,
    ip: '35.203.10.4',
    agent: 'google-api-go-client/0.5 Terraform/1.9.8 (+https://www.terraform.io) Terraform-Plugin-SDK/2.33.0 terraform-provider-google/6.8.0,gzip(gfe)',
    request: { '@type': 'type.googleapis.com/compute.snapshots.insert', name: 'warehouse-nightly-01', sourceDisk: `projects/${DEMO_PROJECT}/regions/us-central1/disks/warehouse-data`, snapshotEncryptionKey: { kmsKeyName: KMS } },
  },
  {
    n: 7,
    hours: 20,
    method: 'v1.compute.snapshots.setIamPolicy',
    permission: 'compute.snapshots.setIamPolicy',
    resourceName: `${P}/global/snapshots/events-db-golden`,
    resource: { type: 'gce_snapshot', labels: { snapshot_id: '5540210000000000107' } },
    principal: `ana.lyst@${DEMO_GCP_DOMAIN}`,
    ip: '198.51.100.40',
    agent: GCLOUD('snapshots.add-iam-policy-binding'),
    request: { '@type': 'type.googleapis.com/compute.snapshots.setIamPolicy', resource: 'events-db-golden', policy: { bindings: [{ role: 'roles/compute.storageAdmin', members: ['user:partner@example.org'] }] } },
    error: { code: 7, message: `Required 'compute.snapshots.setIamPolicy' permission for '${P}/global/snapshots/events-db-golden'` },
  },
];

export const DEMO_GCP_ESTATE: GcpInput = {
  tokens: [{ token: DEMO_GCP_TOKEN, principal: `serviceAccount:snapaudit@${DEMO_PROJECT}.iam.gserviceaccount.com`, projects: [DEMO_PROJECT] }],
  projects: [{ ...project, auditLog: [...auditChain, ...auditRoutine].map(auditEntry) }],
};
