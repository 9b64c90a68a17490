// The Google Cloud part of an estate: projects, their Compute resources with IAM policies, and the
// OAuth tokens that may call. References between resources (a disk's source snapshot, an
// instance's disks and network) are partial resource paths such as
// `projects/p/zones/us-central1-a/disks/web-1` or `projects/p/global/networks/default`; the
// emulator turns them into the full URLs the API returns.
import { z } from 'zod';
import { isoTime } from './estate-common.js';

const labels = z.record(z.string(), z.string());
const gcpName = z.string().regex(/^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/, 'a Compute resource name (lower case, digits, dashes)');
const projectId = z.string().regex(/^[a-z][-a-z0-9]{4,28}[a-z0-9]$/, 'a GCP project id');

/** An IAM policy: members are `allUsers`, `allAuthenticatedUsers`, `user:`, `group:`, `serviceAccount:`, `domain:`... */
const iamPolicy = z.strictObject({
  bindings: z.array(z.strictObject({ role: z.string(), members: z.array(z.string()).min(1) })).default([]),
  etag: z.string().default('BwXYZ='),
});

const encryptionKey = z.strictObject({ kmsKeyName: z.string() }).optional();

export const gcpSnapshot = z.strictObject({
  name: gcpName,
  /** Regional snapshots (`regionSnapshots`) have a region; global ones do not. */
  region: z.string().optional(),
  sourceDisk: z.string().optional(),
  storageLocations: z.array(z.string()).default(['us']),
  diskSizeGb: z.number().int().positive().default(10),
  status: z.enum(['READY', 'CREATING', 'UPLOADING', 'DELETING', 'FAILED']).default('READY'),
  creationTimestamp: isoTime.default('2026-01-01T00:00:00.000Z'),
  labels: labels.default({}),
  description: z.string().optional(),
  encryptionKey,
  iam: iamPolicy.default({ bindings: [], etag: 'BwXYZ=' }),
});

export const gcpImage = z.strictObject({
  name: gcpName,
  family: z.string().optional(),
  sourceDisk: z.string().optional(),
  sourceSnapshot: z.string().optional(),
  storageLocations: z.array(z.string()).default(['us']),
  status: z.enum(['READY', 'PENDING', 'FAILED', 'DELETING']).default('READY'),
  creationTimestamp: isoTime.default('2026-01-01T00:00:00.000Z'),
  labels: labels.default({}),
  description: z.string().optional(),
  encryptionKey,
  iam: iamPolicy.default({ bindings: [], etag: 'BwXYZ=' }),
});

export const gcpMachineImage = z.strictObject({
  name: gcpName,
  sourceInstance: z.string().optional(),
  storageLocations: z.array(z.string()).default(['us']),
  status: z.enum(['READY', 'CREATING', 'UPLOADING', 'DELETING', 'INVALID']).default('READY'),
  creationTimestamp: isoTime.default('2026-01-01T00:00:00.000Z'),
  description: z.string().optional(),
  encryptionKey,
  iam: iamPolicy.default({ bindings: [], etag: 'BwXYZ=' }),
});

export const gcpDisk = z.strictObject({
  name: gcpName,
  /** Exactly one of zone (zonal disk) and region (regional disk). */
  zone: z.string().optional(),
  region: z.string().optional(),
  sizeGb: z.number().int().positive().default(10),
  sourceSnapshot: z.string().optional(),
  sourceImage: z.string().optional(),
  /** Instances using the disk, as partial paths. */
  users: z.array(z.string()).default([]),
  status: z.enum(['READY', 'CREATING', 'RESTORING', 'FAILED', 'DELETING']).default('READY'),
  creationTimestamp: isoTime.default('2026-01-01T00:00:00.000Z'),
  labels: labels.default({}),
  encryptionKey,
  iam: iamPolicy.default({ bindings: [], etag: 'BwXYZ=' }),
});

export const gcpInstance = z.strictObject({
  name: gcpName,
  zone: z.string(),
  status: z.enum(['RUNNING', 'STOPPED', 'TERMINATED', 'SUSPENDED', 'STAGING', 'PROVISIONING', 'STOPPING', 'REPAIRING']).default('RUNNING'),
  creationTimestamp: isoTime.default('2026-01-01T00:00:00.000Z'),
  labels: labels.default({}),
  tags: z.array(z.string()).default([]),
  serviceAccounts: z.array(z.string()).default([]),
  disks: z.array(z.strictObject({ deviceName: z.string(), source: z.string(), boot: z.boolean().default(false) })).default([]),
  networkInterfaces: z
    .array(
      z.strictObject({
        network: z.string().default('projects/PROJECT/global/networks/default'),
        subnetwork: z.string().optional(),
        networkIP: z.string().default('10.128.0.2'),
        /** External IPv4 addresses (access configs). */
        natIPs: z.array(z.string()).default([]),
        /** External IPv6 addresses (IPv6 access configs). */
        externalIpv6: z.array(z.string()).default([]),
      }),
    )
    .default([]),
});

const firewallProtocol = z.strictObject({ IPProtocol: z.string(), ports: z.array(z.string()).default([]) });

export const gcpFirewall = z.strictObject({
  name: gcpName,
  network: z.string().default('projects/PROJECT/global/networks/default'),
  direction: z.enum(['INGRESS', 'EGRESS']).default('INGRESS'),
  priority: z.number().int().min(0).max(65535).default(1000),
  sourceRanges: z.array(z.string()).default([]),
  sourceTags: z.array(z.string()).default([]),
  sourceServiceAccounts: z.array(z.string()).default([]),
  destinationRanges: z.array(z.string()).default([]),
  targetTags: z.array(z.string()).default([]),
  targetServiceAccounts: z.array(z.string()).default([]),
  allowed: z.array(firewallProtocol).default([]),
  denied: z.array(firewallProtocol).default([]),
  disabled: z.boolean().default(false),
  description: z.string().optional(),
});

/** A binding of the project policy: a condition (IAM Conditions, CEL) limits when it applies. */
const projectBinding = z.strictObject({
  role: z.string().regex(/^(roles\/[A-Za-z0-9_.]+|(projects|organizations)\/[^/]+\/roles\/[A-Za-z0-9_.]+)$/, 'a role name: roles/X, projects/P/roles/X or organizations/O/roles/X'),
  members: z.array(z.string()).min(1),
  condition: z.strictObject({ title: z.string(), expression: z.string(), description: z.string().optional() }).optional(),
});

const logType = z.enum(['ADMIN_READ', 'DATA_READ', 'DATA_WRITE']);

/** The project's own IAM policy, with its Data Access audit configuration. */
export const gcpProjectPolicy = z.strictObject({
  bindings: z.array(projectBinding).default([]),
  auditConfigs: z
    .array(z.strictObject({ service: z.string(), auditLogConfigs: z.array(z.strictObject({ logType, exemptedMembers: z.array(z.string()).default([]) })).default([]) }))
    .default([]),
  etag: z.string().default('BwYP0LICY='),
});

/** A custom role of the project (`projects/{id}/roles/{roleId}`). */
export const gcpCustomRole = z.strictObject({
  roleId: z.string().regex(/^[A-Za-z0-9_.]{3,64}$/, 'a custom role id (letters, digits, _ and .)'),
  title: z.string().optional(),
  description: z.string().optional(),
  includedPermissions: z.array(z.string()).default([]),
  stage: z.enum(['ALPHA', 'BETA', 'GA', 'DEPRECATED', 'DISABLED', 'EAP']).default('GA'),
  deleted: z.boolean().default(false),
});

/** A user-managed key: created (validAfterTime) and, by default, valid for ten years after. */
export const gcpServiceAccountKey = z.strictObject({
  id: z.string().regex(/^[0-9a-f]{40}$/, 'a key id (40 hex digits)'),
  createdAt: isoTime,
  validBeforeTime: isoTime.optional(),
  keyType: z.enum(['USER_MANAGED', 'SYSTEM_MANAGED']).default('USER_MANAGED'),
  keyOrigin: z.enum(['GOOGLE_PROVIDED', 'USER_PROVIDED']).default('GOOGLE_PROVIDED'),
  disabled: z.boolean().default(false),
});

export const gcpServiceAccount = z.strictObject({
  /** The part before `@`; the email is `{accountId}@{project}.iam.gserviceaccount.com` unless `email` says otherwise. */
  accountId: z.string().regex(/^[a-z][-a-z0-9]{4,28}[a-z0-9]$/, 'a service account id'),
  email: z.string().optional(),
  displayName: z.string().optional(),
  description: z.string().optional(),
  disabled: z.boolean().default(false),
  keys: z.array(gcpServiceAccountKey).default([]),
});

const logExclusion = z.strictObject({ name: z.string().regex(/^[A-Za-z0-9][-A-Za-z0-9_.]{0,99}$/), filter: z.string().min(1), description: z.string().optional(), disabled: z.boolean().default(false) });

/**
 * A log sink. `_Required` and `_Default` exist in every project; an entry named `_Default`
 * changes only whether it is disabled and its exclusions (its filter and bucket are Google's).
 */
export const gcpLogSink = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9_][-A-Za-z0-9_.]{0,99}$/),
  destination: z.string().optional(),
  filter: z.string().default(''),
  description: z.string().optional(),
  disabled: z.boolean().default(false),
  exclusions: z.array(logExclusion).default([]),
  createTime: isoTime.default('2025-06-01T00:00:00.000Z'),
});

/**
 * A Cloud Logging LogEntry as `entries.list` returns it (an audit log entry's AuditLog in
 * `protoPayload`). Only the fields the emulator filters on are checked; the rest is kept as written.
 */
export const gcpLogEntry = z.looseObject({
  insertId: z.string().min(1),
  /** `projects/{id}/logs/{url-encoded log id}`, e.g. `projects/p/logs/cloudaudit.googleapis.com%2Factivity`. */
  logName: z.string().regex(/^projects\/[^/]+\/logs\/[^/]+$/, 'projects/PROJECT/logs/LOG_ID with the log id URL-encoded'),
  timestamp: isoTime,
  resource: z.looseObject({ type: z.string().min(1), labels: z.record(z.string(), z.string()).optional() }),
  protoPayload: z.looseObject({ methodName: z.string().optional(), serviceName: z.string().optional(), resourceName: z.string().optional() }).optional(),
});

export const gcpProject = z.strictObject({
  id: projectId,
  number: z.string().regex(/^\d{6,20}$/),
  name: z.string().optional(),
  /** `organizations/N` or `folders/N`; a standalone project has none. */
  parent: z.string().regex(/^(organizations|folders)\/\d+$/).optional(),
  lifecycleState: z.enum(['ACTIVE', 'DELETE_REQUESTED']).default('ACTIVE'),
  iamPolicy: gcpProjectPolicy.default({ bindings: [], auditConfigs: [], etag: 'BwYP0LICY=' }),
  customRoles: z.array(gcpCustomRole).default([]),
  serviceAccounts: z.array(gcpServiceAccount).default([]),
  sinks: z.array(gcpLogSink).default([]),
  /** Regions the project has (regional snapshots are listed per region). */
  regions: z.array(z.string()).default(['us-central1']),
  snapshots: z.array(gcpSnapshot).default([]),
  images: z.array(gcpImage).default([]),
  machineImages: z.array(gcpMachineImage).default([]),
  disks: z.array(gcpDisk).default([]),
  instances: z.array(gcpInstance).default([]),
  firewalls: z.array(gcpFirewall).default([]),
  /** The project's audit log entries (Admin Activity and Data Access), served by Logging's `entries.list`. */
  auditLog: z.array(gcpLogEntry).default([]),
}).superRefine((project, ctx) => {
  project.auditLog.forEach((entry, index) => {
    if (!entry.logName.startsWith(`projects/${project.id}/logs/`)) ctx.addIssue({ code: 'custom', path: ['auditLog', index, 'logName'], message: `an entry of project ${project.id} is logged in ${entry.logName}` });
  });
});

export const gcpEstate = z.strictObject({
  /** OAuth access tokens that may call, who they stand for, and the projects each can see. */
  tokens: z.array(z.strictObject({ token: z.string().min(8), principal: z.string(), projects: z.array(projectId) })).min(1),
  projects: z.array(gcpProject).min(1),
  /** Public images of other projects (debian-cloud...) that instances may boot from. */
  publicImageProjects: z.array(projectId).default(['debian-cloud', 'ubuntu-os-cloud', 'cos-cloud', 'windows-cloud', 'rhel-cloud']),
});
