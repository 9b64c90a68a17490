// Google Cloud audit-log entries (LogEntry with an AuditLog `protoPayload`) to AuditEvents, from
// `gcloud logging read --format=json`, a sink export, or a SIEM copy. SIEMs rename fields
// (`at_sign_type` for `@type`, `insertid`, `protopayload`, `callerIP`) and write times as
// `2024-01-30 12:52:34.676384000`; both spellings are read.
//
// Long-running operations. Compute writes a `first` entry when it accepts the call (it holds the
// request) and a `last` entry when the operation ends. Activities are drawn from the entry that
// holds the request: a `first` entry, or an entry that is both or neither. A `last`-only entry
// draws none, so a pair never counts twice; it is still an event, a failure when its status says
// so, which lets a reader see that an operation that was started did not complete.
import type { PortRange } from '../model.js';
import { ALL_PORTS } from '../net.js';
import { errorLine } from '../redact.js';
import type { Activity, Actor, ActorType, AuditEvent, EventResource, Grantee, ResourceRole } from './event.js';
import { arr, getCi, isoTime, num, obj, str, unique, type Json } from './fields.js';

const AUDIT_LOG_TYPE = 'google.cloud.audit.AuditLog';

function payloadOf(record: Json): Json | undefined {
  return obj(record['protoPayload']) ?? obj(record['protopayload']) ?? obj(record['proto_payload']);
}

/** The method, or for shortened samples that omit it, the one the request's `@type` names. */
function methodOf(payload: Json): string | undefined {
  const method = str(payload['methodName']);
  if (method) return method;
  const requestType = str(obj(payload['request'])?.['@type']) ?? str(obj(payload['request'])?.['at_sign_type']);
  const named = requestType?.replace(/^type\.googleapis\.com\//, '');
  return named && /^[a-z]+\.[A-Za-z]+\.[A-Za-z]+$/.test(named) ? named : undefined;
}

export function isGcpAuditRecord(record: unknown): record is Json {
  const r = obj(record);
  const payload = r ? payloadOf(r) : undefined;
  if (!payload) return false;
  const type = str(payload['@type']) ?? str(payload['at_sign_type']);
  if (type !== undefined && !type.endsWith(AUDIT_LOG_TYPE)) return false;
  return methodOf(payload) !== undefined;
}

export function normaliseGcpAuditLog(record: unknown, origin: string): AuditEvent | undefined {
  if (!isGcpAuditRecord(record)) return undefined;
  const r = record;
  const payload = payloadOf(r) as Json;
  const action = methodOf(payload) as string;
  const resource = obj(r['resource']);
  const labels = obj(resource?.['labels']);
  const resourceName = str(payload['resourceName']) ?? '';
  const project = str(labels?.['project_id']) ?? projectOf(resourceName) ?? projectOf(str(r['logName']) ?? str(r['logname']) ?? '') ?? '';
  const metadata = obj(payload['requestMetadata']);
  const time = isoTime(r['timestamp'] ?? obj(metadata?.['requestAttributes'])?.['time'] ?? r['receiveTimestamp'] ?? r['receivetimestamp']) ?? '';
  const status = obj(payload['status']);
  const code = num(status?.['code']) ?? 0;
  const operation = obj(r['operation']);
  const completionOnly = operation?.['last'] === true && operation['first'] !== true;
  const context: Context = { project, action, resourceName, request: obj(payload['request']) ?? {}, response: obj(payload['response']) ?? {}, payload };
  const resources = new ResourceList(project);
  resources.add(resourceName);
  // Run for every entry: the resources a request names are evidence even when no activity is drawn.
  const drawn = activitiesOf(context, resources);
  const activities = code === 0 && !completionOnly ? drawn : [];
  const message = str(status?.['message']);
  return {
    provider: 'gcp',
    id: str(r['insertId']) ?? str(r['insertid']) ?? [action, resourceName, time].join('|'),
    time,
    account: project,
    region: regionOf(resourceName, labels),
    actor: actorOf(payload, metadata, project),
    service: str(payload['serviceName']) ?? serviceOf(action),
    action,
    outcome: code === 0 ? 'success' : 'failure',
    ...(code !== 0 ? { error: errorLine(message ? `${code}: ${message}` : String(code)) } : {}),
    resources: resources.list(),
    activities,
    origin,
  };
}

function projectOf(path: string): string | undefined {
  const project = /(?:^|\/)projects\/([^/]+)/.exec(path)?.[1];
  return project && project !== '-' ? project : undefined;
}

function regionOf(resourceName: string, labels: Json | undefined): string {
  const zone = /\/zones\/([^/]+)/.exec(resourceName)?.[1] ?? str(labels?.['zone']);
  if (zone) return zone.replace(/-[a-z]$/, '');
  return /\/regions\/([^/]+)/.exec(resourceName)?.[1] ?? str(labels?.['region']) ?? str(labels?.['location']) ?? 'global';
}

function serviceOf(action: string): string {
  const bare = bareMethod(action);
  if (bare.startsWith('compute.')) return 'compute.googleapis.com';
  if (action.startsWith('google.iam.')) return 'iam.googleapis.com';
  return '';
}

/** `v1.compute.disks.insert`, `beta.compute.disks.insert` and `compute.disks.insert` are one method. */
function bareMethod(action: string): string {
  return action.replace(/^(?:v\d+(?:beta\d*|alpha\d*)?|beta|alpha)\./, '');
}

function actorOf(payload: Json, metadata: Json | undefined, project: string): Actor {
  const auth = obj(payload['authenticationInfo']);
  const email = str(auth?.['principalEmail']);
  const subject = str(auth?.['principalSubject']);
  const id = email ?? subject ?? 'unknown';
  let type: ActorType = 'unknown';
  if (subject?.startsWith('serviceAccount:') || email?.endsWith('.gserviceaccount.com')) type = 'service-account';
  else if (subject?.startsWith('user:') || email?.includes('@')) type = 'user';
  else if (subject?.startsWith('principal://') || subject?.startsWith('principalSet://')) type = 'federated';
  // Google's own service agents act for a service, not for a person or a workload.
  if (type === 'service-account' && email && (/^service-\d+@/.test(email) || /@(?:cloudservices|system)\.gserviceaccount\.com$/.test(email))) type = 'service';
  const keyName = str(auth?.['serviceAccountKeyName'])?.replace(/^\/\/iam\.googleapis\.com\//, '');
  const home = email ? /@([^.]+)\.iam\.gserviceaccount\.com$/.exec(email)?.[1] : undefined;
  const sourceIp = str(metadata?.['callerIp']) ?? str(metadata?.['callerIP']);
  const userAgent = str(metadata?.['callerSuppliedUserAgent']);
  return {
    type,
    id,
    ...(keyName ? { accessKeyId: keyName } : {}),
    ...(home && home !== project ? { account: home } : {}),
    ...(sourceIp ? { sourceIp } : {}),
    ...(userAgent ? { userAgent } : {}),
  };
}

interface Context {
  readonly project: string;
  readonly action: string;
  readonly resourceName: string;
  readonly request: Json;
  readonly response: Json;
  readonly payload: Json;
}

/** The type names the scan gives these resources, so findings from logs and scans meet. */
const TYPE_OF_COLLECTION: Readonly<Record<string, string>> = {
  snapshots: 'compute.googleapis.com/Snapshot',
  images: 'compute.googleapis.com/Image',
  machineImages: 'compute.googleapis.com/MachineImage',
  disks: 'compute.googleapis.com/Disk',
  regionDisks: 'compute.googleapis.com/Disk',
  instances: 'compute.googleapis.com/Instance',
  firewalls: 'compute.googleapis.com/Firewall',
  serviceAccounts: 'iam.googleapis.com/ServiceAccount',
  keys: 'iam.googleapis.com/ServiceAccountKey',
};

const ROLE_OF_COLLECTION: Readonly<Record<string, ResourceRole>> = {
  snapshots: 'snapshot',
  instantSnapshots: 'snapshot',
  images: 'image',
  machineImages: 'image',
  disks: 'volume',
  regionDisks: 'volume',
  instances: 'instance',
  firewalls: 'firewall',
  serviceAccounts: 'principal',
  keys: 'credential',
};

/** The collection a `projects/…/<collection>/<name>` path names last. */
function collectionOf(path: string): string | undefined {
  const parts = path.split('/');
  return parts.length >= 2 ? parts[parts.length - 2] : undefined;
}

function roleOf(path: string): ResourceRole {
  const collection = collectionOf(path);
  return (collection ? ROLE_OF_COLLECTION[collection] : undefined) ?? 'other';
}

class ResourceList {
  private readonly byKey = new Map<string, EventResource>();
  constructor(private readonly project: string) {}
  add(path: string | undefined, role: ResourceRole = path ? roleOf(path) : 'other'): void {
    if (!path) return;
    const key = `${role}\u0000${path}`;
    if (this.byKey.has(key)) return;
    const owner = projectOf(path);
    const collection = collectionOf(path);
    const type = collection && path.startsWith('projects/') ? TYPE_OF_COLLECTION[collection] : undefined;
    this.byKey.set(key, {
      role,
      id: path,
      ...(type ? { type } : {}),
      ...(owner && this.project && owner !== this.project ? { account: owner } : {}),
    });
  }
  list(): EventResource[] {
    return [...this.byKey.values()];
  }
}

/** A resource reference as a `projects/…` path: selfLink URLs and project-relative paths alike. */
function resourcePath(ref: unknown, project: string): string | undefined {
  const text = str(ref)?.trim();
  if (!text) return undefined;
  const at = text.indexOf('projects/');
  if (at >= 0 && (at === 0 || text[at - 1] === '/')) return text.slice(at);
  if (/^(?:global|zones|regions)\//.test(text) && project) return `projects/${project}/${text}`;
  return text;
}

function activitiesOf(c: Context, resources: ResourceList): Activity[] {
  if (c.action.startsWith('google.iam.admin.')) return iamActivities(c, resources);
  const bare = bareMethod(c.action);
  if (bare === 'SetIamPolicy' || bare === 'google.iam.v1.IAMPolicy.SetIamPolicy') return projectPolicy(c);
  const match = /^compute\.([A-Za-z]+)\.([A-Za-z]+)$/.exec(bare);
  if (!match) return [];
  const [, collection = '', verb = ''] = match;
  if (verb === 'setIamPolicy') return sharing(c, collection);
  switch (`${collection}.${verb}`) {
    case 'snapshots.insert':
      return snapshotInsert(c, resources);
    case 'disks.createSnapshot':
      return diskSnapshot(c, resources);
    case 'images.insert':
      return imageInsert(c, resources);
    case 'machineImages.insert':
      return madeFrom(c, resources, 'image', resourcePath(c.request['sourceInstance'], c.project));
    case 'disks.insert':
    case 'regionDisks.insert':
      return diskInsert(c, resources);
    case 'instances.insert':
      return instanceInsert(c, resources);
    case 'firewalls.insert':
    case 'firewalls.update':
    case 'firewalls.patch':
      return firewall(c, verb);
    default:
      return [];
  }
}

/** A made-from activity, and `exported` when the source sits in another project than the copy. */
function madeFrom(c: Context, resources: ResourceList, targetRole: 'snapshot' | 'image', source: string | undefined, targetPath?: string): Activity[] {
  const target = targetPath ?? (roleOf(c.resourceName) === targetRole ? c.resourceName : undefined);
  resources.add(source);
  resources.add(target);
  const out: Activity[] = [];
  if (target) out.push({ kind: 'snapshot-created', target, targetRole, ...(source ? { source } : {}) });
  const sourceProject = source ? projectOf(source) : undefined;
  const targetProject = target ? projectOf(target) : undefined;
  // The copy's own entry names both projects; the source project's entry (CrossEntityControlAuditMetadata) may name only the source.
  const crossEntity = str(obj(c.payload['metadata'])?.['@type'])?.endsWith('CrossEntityControlAuditMetadata') === true;
  if (source && ((sourceProject && targetProject && sourceProject !== targetProject) || crossEntity)) {
    out.push({ kind: 'exported', target: source, ...(targetProject && targetProject !== sourceProject ? { destination: targetProject } : {}) });
  }
  return out;
}

function snapshotInsert(c: Context, resources: ResourceList): Activity[] {
  const source = resourcePath(c.request['sourceDisk'], c.project) ?? (roleOf(c.resourceName) === 'volume' ? c.resourceName : undefined);
  return madeFrom(c, resources, 'snapshot', source);
}

function diskSnapshot(c: Context, resources: ResourceList): Activity[] {
  const disk = c.resourceName || undefined;
  const name = str(c.request['name']);
  const owner = disk ? projectOf(disk) : undefined;
  const target = name && owner ? `projects/${owner}/global/snapshots/${name}` : undefined;
  return madeFrom(c, resources, 'snapshot', disk, target);
}

function imageInsert(c: Context, resources: ResourceList): Activity[] {
  const source =
    resourcePath(c.request['sourceDisk'], c.project) ??
    resourcePath(c.request['sourceSnapshot'], c.project) ??
    resourcePath(c.request['sourceImage'], c.project) ??
    str(obj(c.request['rawDisk'])?.['source']);
  return madeFrom(c, resources, 'image', source);
}

function diskInsert(c: Context, resources: ResourceList): Activity[] {
  const from = ['sourceSnapshot', 'sourceImage', 'sourceInstantSnapshot', 'sourceMachineImage', 'sourceDisk']
    .map((key) => resourcePath(c.request[key], c.project))
    .find((v) => v !== undefined);
  const created = roleOf(c.resourceName) === 'volume' ? c.resourceName : undefined;
  resources.add(from);
  return from && created ? [{ kind: 'restored', from, created, createdRole: 'volume' }] : [];
}

function instanceInsert(c: Context, resources: ResourceList): Activity[] {
  const instance = c.resourceName;
  if (roleOf(instance) !== 'instance') return [];
  const restoredFrom: string[] = [];
  const attached: string[] = [];
  for (const entry of arr(c.request['disks'])) {
    const disk = obj(entry);
    const init = obj(disk?.['initializeParams']);
    const made = resourcePath(init?.['sourceSnapshot'], c.project) ?? resourcePath(init?.['sourceImage'], c.project);
    if (made) restoredFrom.push(made);
    const existing = resourcePath(disk?.['source'], c.project);
    if (existing) attached.push(existing);
  }
  const machineImage = resourcePath(c.request['sourceMachineImage'], c.project);
  if (machineImage) restoredFrom.push(machineImage);
  const from = unique([...restoredFrom, ...attached]);
  for (const id of from) resources.add(id);
  return [
    { kind: 'instance-launched', instance, from },
    ...unique(restoredFrom).map((source): Activity => ({ kind: 'restored', from: source, created: instance, createdRole: 'instance' })),
  ];
}

const PUBLIC_MEMBERS = new Set(['allUsers', 'allAuthenticatedUsers']);

interface Binding {
  readonly member: string;
  readonly role?: string;
}

function granteeOf({ member, role }: Binding): Grantee {
  const bound = role ? { role } : {};
  return PUBLIC_MEMBERS.has(member) ? { kind: 'public', detail: member, ...bound } : { kind: 'member', id: member, ...bound };
}

/** IAM policy deltas: from `serviceData` (older entries) or `metadata` (newer ones). */
function bindingDeltas(c: Context): readonly Json[] | undefined {
  for (const holder of [c.payload['serviceData'], c.payload['metadata']]) {
    const deltas = obj(obj(holder)?.['policyDelta'])?.['bindingDeltas'];
    if (Array.isArray(deltas)) return deltas.map(obj).filter((d): d is Json => d !== undefined);
  }
  return undefined;
}

/** One grantee per member and role: removing a member's access takes one unbinding per role. */
function uniqueGrantees(bindings: readonly Binding[]): Grantee[] {
  const seen = new Map<string, Binding>();
  for (const b of bindings) seen.set(`${b.member}\u0000${b.role ?? ''}`, b);
  return [...seen.values()].map(granteeOf);
}

const SHARE_ROLE: Readonly<Record<string, 'snapshot' | 'image' | 'volume'>> = {
  snapshots: 'snapshot',
  images: 'image',
  machineImages: 'image',
  disks: 'volume',
  regionDisks: 'volume',
};

/**
 * setIamPolicy replaces a resource's policy whole. With a delta, the added and removed members
 * are exact. Without one, every member of the new policy holds a role on the resource after the
 * call, so all of them are reported as grantees; who lost access cannot be told.
 */
function sharing(c: Context, collection: string): Activity[] {
  const targetRole = SHARE_ROLE[collection];
  const target = c.resourceName;
  if (!targetRole || collectionOf(target) !== collection) return [];
  const deltas = bindingDeltas(c);
  if (deltas) {
    const pick = (action: string): Binding[] =>
      deltas
        .filter((d) => str(d['action'])?.toUpperCase() === action)
        .flatMap((d) => {
          const member = str(d['member']);
          const role = str(d['role']);
          return member ? [{ member, ...(role ? { role } : {}) }] : [];
        });
    const added = uniqueGrantees(pick('ADD'));
    const removed = uniqueGrantees(pick('REMOVE'));
    return [
      ...(added.length > 0 ? [{ kind: 'shared', target, targetRole, grantees: added } as const] : []),
      ...(removed.length > 0 ? [{ kind: 'unshared', target, targetRole, grantees: removed } as const] : []),
    ];
  }
  const members = arr(obj(c.request['policy'])?.['bindings']).flatMap((entry): Binding[] => {
    const binding = obj(entry);
    const role = str(binding?.['role']);
    return arr(binding?.['members'])
      .map(str)
      .filter((m): m is string => m !== undefined)
      .map((member) => ({ member, ...(role ? { role } : {}) }));
  });
  const grantees = uniqueGrantees(members);
  return grantees.length > 0 ? [{ kind: 'shared', target, targetRole, grantees }] : [];
}

/** A member added to a project's (folder's, organization's) policy becomes able to act there. */
function projectPolicy(c: Context): Activity[] {
  const deltas = bindingDeltas(c) ?? [];
  const added = deltas.filter((d) => str(d['action'])?.toUpperCase() === 'ADD').map((d) => str(d['member']));
  return unique(added.filter((m): m is string => m !== undefined && !PUBLIC_MEMBERS.has(m))).map((principal): Activity => ({ kind: 'principal-created', principal }));
}

function serviceAccountOf(path: string | undefined): string | undefined {
  return path ? /serviceAccounts\/([^/]+)/.exec(path)?.[1] : undefined;
}

function iamActivities(c: Context, resources: ResourceList): Activity[] {
  const method = c.action.split('.').pop() ?? '';
  if (method === 'CreateServiceAccount') {
    const accountId = str(c.request['account_id']) ?? str(c.request['accountId']);
    const project = projectOf(str(c.request['name']) ?? '') ?? c.project;
    const principal = str(c.response['email']) ?? serviceAccountOf(str(c.response['name'])) ?? (accountId && project ? `${accountId}@${project}.iam.gserviceaccount.com` : undefined);
    if (!principal) return [];
    resources.add(str(c.response['name']) ?? `projects/${project}/serviceAccounts/${principal}`, 'principal');
    return [{ kind: 'principal-created', principal }];
  }
  if (method === 'CreateServiceAccountKey' || method === 'UploadServiceAccountKey') {
    const principal = serviceAccountOf(str(c.request['name'])) ?? serviceAccountOf(c.resourceName);
    // Only the key's name: the response of a key creation may carry key material, which is never read.
    const credential = str(c.response['name']);
    resources.add(credential, 'credential');
    if (!principal) return [];
    return [{ kind: 'credential-created', principal, ...(credential ? { credential } : {}) }];
  }
  return [];
}

function portsOf(protocol: string, ports: readonly unknown[]): PortRange[] {
  if (protocol === 'icmp' || protocol === 'icmpv6' || protocol === '1' || protocol === '58') return [];
  if (ports.length === 0) return [ALL_PORTS];
  return ports
    .map((p) => (typeof p === 'number' ? String(p) : str(p)))
    .map((text) => (text ? /^(\d+)(?:-(\d+))?$/.exec(text.trim()) : null))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ from: Number(m[1]), to: Number(m[2] ?? m[1]) }));
}

const PROTOCOL_NAMES: Readonly<Record<string, string>> = { '6': 'tcp', '17': 'udp', '1': 'icmp', '58': 'icmpv6' };

/**
 * An ingress activity for each allowed protocol of a rule that admits address ranges. An
 * inserted (or wholly replaced) ingress rule that names no source at all admits 0.0.0.0/0;
 * a patch that does not touch the sources says nothing about them, so it draws no activity.
 */
function firewall(c: Context, verb: string): Activity[] {
  const rule = c.request;
  const target = c.resourceName;
  if (roleOf(target) !== 'firewall') return [];
  if ((str(rule['direction']) ?? 'INGRESS').toUpperCase() !== 'INGRESS' || rule['disabled'] === true) return [];
  let sources = arr(rule['sourceRanges']).map(str).filter((s): s is string => s !== undefined);
  const otherSources = arr(rule['sourceTags']).length + arr(rule['sourceServiceAccounts']).length;
  if (sources.length === 0 && otherSources === 0 && verb !== 'patch') sources = ['0.0.0.0/0'];
  if (sources.length === 0) return [];
  const allowed = arr(rule['allowed'] ?? rule['alloweds']).map(obj).filter((a): a is Json => a !== undefined);
  return allowed.map((entry): Activity => {
    const raw = (str(getCi(entry, 'IPProtocol')) ?? 'all').toLowerCase();
    const protocol = PROTOCOL_NAMES[raw] ?? raw;
    return { kind: 'ingress-opened', target, protocol, ports: protocol === 'all' ? [ALL_PORTS] : portsOf(protocol, arr(entry['ports'])), sources: unique(sources) };
  });
}
