// CloudTrail records (S3 files, lookup-events, Event Hub or SIEM exports) to AuditEvents. Only
// ids and names are copied out of a record: never a secret, a password or a session token.
import type { PortRange } from '../model.js';
import { ALL_PORTS } from '../net.js';
import { errorLine } from '../redact.js';
import type { Activity, Actor, ActorType, AuditEvent, EventResource, Grantee, ResourceRole } from './event.js';
import { arr, getCi, isoTime, items, num, obj, str, unique, type Json } from './fields.js';

const ACTOR_TYPES: Readonly<Record<string, ActorType>> = {
  Root: 'root',
  IAMUser: 'user',
  AssumedRole: 'assumed-role',
  Role: 'role',
  FederatedUser: 'federated',
  SAMLUser: 'federated',
  WebIdentityUser: 'federated',
  IdentityCenterUser: 'federated',
  AWSService: 'service',
};

/** Whether a value has the three fields every CloudTrail record carries. */
export function isCloudTrailRecord(record: unknown): record is Json {
  const r = obj(record);
  return r !== undefined && typeof r['eventName'] === 'string' && typeof r['eventSource'] === 'string' && r['eventTime'] !== undefined && r['eventTime'] !== null;
}

export function normaliseCloudTrail(record: unknown, origin: string): AuditEvent | undefined {
  if (!isCloudTrailRecord(record)) return undefined;
  const r = record;
  const identity = obj(r['userIdentity']) ?? {};
  const account = str(r['recipientAccountId']) ?? str(identity['accountId']) ?? '';
  const region = str(r['awsRegion']) ?? 'global';
  const errorCode = str(r['errorCode']);
  const context: Context = {
    account,
    region,
    request: obj(r['requestParameters']) ?? {},
    response: obj(r['responseElements']) ?? {},
    record: r,
    actor: identity,
  };
  const action = r['eventName'] as string;
  const resources = new ResourceList();
  collectListedResources(r, resources, account);
  // A failed call still names what it was aimed at: its resources are evidence, its activities are not drawn.
  const drawn = activitiesOf(action, errorCode ? { ...context, response: {} } : context, resources);
  const activities = errorCode ? [] : drawn;
  const errorMessage = str(r['errorMessage']);
  return {
    provider: 'aws',
    id: str(r['eventID']) ?? str(r['eventId']) ?? `${action}@${String(r['eventTime'])}`,
    time: isoTime(r['eventTime']) ?? String(r['eventTime']),
    account,
    region,
    actor: actorOf(identity, r, account),
    service: r['eventSource'] as string,
    action,
    outcome: errorCode ? 'failure' : 'success',
    ...(errorCode ? { error: errorLine(errorMessage ? `${errorCode}: ${errorMessage}` : errorCode) } : {}),
    resources: resources.list(),
    activities,
    origin,
  };
}

function actorOf(identity: Json, r: Json, account: string): Actor {
  const rawType = str(identity['type']) ?? '';
  const issuer = obj(obj(identity['sessionContext'])?.['sessionIssuer']);
  const invokedBy = str(identity['invokedBy']);
  let type: ActorType = ACTOR_TYPES[rawType] ?? 'unknown';
  // `AWSAccount` is another account acting through a service (a shared snapshot copied by its recipient).
  if (rawType === 'AWSAccount' && invokedBy) type = 'service';
  const actorAccount = str(identity['accountId']);
  // For a session, the role's name: from the issuer, or from `assumed-role/<role>/<session>` in the ARN.
  const roleFromArn = /:assumed-role\/([^/]+)/.exec(str(identity['arn']) ?? '')?.[1];
  const name = type === 'assumed-role' ? (str(issuer?.['userName']) ?? roleFromArn) : (str(identity['userName']) ?? (type === 'service' ? invokedBy : undefined));
  const id = str(identity['arn']) ?? str(identity['principalId']) ?? (rawType === 'AWSService' ? invokedBy : undefined) ?? actorAccount ?? invokedBy ?? 'unknown';
  const sessionIssuer = str(issuer?.['arn']);
  const accessKeyId = str(identity['accessKeyId']);
  const sourceIp = str(r['sourceIPAddress']);
  const userAgent = str(r['userAgent']);
  return {
    type,
    id,
    ...(name ? { name } : {}),
    ...(sessionIssuer ? { sessionIssuer } : {}),
    ...(accessKeyId ? { accessKeyId } : {}),
    ...(actorAccount && actorAccount !== account ? { account: actorAccount } : {}),
    ...(sourceIp ? { sourceIp } : {}),
    ...(userAgent ? { userAgent } : {}),
  };
}

interface Context {
  readonly account: string;
  readonly region: string;
  readonly request: Json;
  readonly response: Json;
  readonly record: Json;
  readonly actor: Json;
}

class ResourceList {
  private readonly byKey = new Map<string, EventResource>();
  add(role: ResourceRole, id: string | undefined, type?: string, account?: string): void {
    if (!id) return;
    const key = `${role}\u0000${id}`;
    if (this.byKey.has(key)) return;
    this.byKey.set(key, { role, id, ...(type ? { type } : {}), ...(account ? { account } : {}) });
  }
  list(): EventResource[] {
    return [...this.byKey.values()];
  }
}

const CFN_ROLES: Readonly<Record<string, ResourceRole>> = {
  'AWS::EC2::Snapshot': 'snapshot',
  'AWS::EC2::Image': 'image',
  'AWS::EC2::Ami': 'image',
  'AWS::EC2::Volume': 'volume',
  'AWS::EC2::Instance': 'instance',
  'AWS::EC2::SecurityGroup': 'firewall',
  'AWS::RDS::DBSnapshot': 'db-snapshot',
  'AWS::RDS::DBClusterSnapshot': 'db-snapshot',
  'AWS::RDS::DBInstance': 'db-instance',
  'AWS::RDS::DBCluster': 'db-cluster',
  'AWS::IAM::User': 'principal',
  'AWS::IAM::Role': 'principal',
  'AWS::IAM::AccessKey': 'credential',
};

/** The `resources` array CloudTrail adds to some records (service events, data events). */
function collectListedResources(r: Json, resources: ResourceList, account: string): void {
  for (const entry of arr(r['resources'])) {
    const e = obj(entry);
    const id = str(e?.['ARN']) ?? str(e?.['arn']);
    const type = str(e?.['type']);
    const owner = str(e?.['accountId']);
    resources.add((type ? CFN_ROLES[type] : undefined) ?? 'other', id, type, owner && owner !== account ? owner : undefined);
  }
}

type Handler = (c: Context, resources: ResourceList) => Activity[];

function activitiesOf(action: string, c: Context, resources: ResourceList): Activity[] {
  const handler = HANDLERS[action];
  return handler ? handler(c, resources) : [];
}

const HANDLERS: Readonly<Record<string, Handler>> = {
  CreateSnapshot: (c, res) => {
    const volume = str(c.request['volumeId']);
    const snapshot = str(c.response['snapshotId']);
    res.add('volume', volume, 'AWS::EC2::Volume');
    res.add('snapshot', snapshot, 'AWS::EC2::Snapshot');
    return snapshot ? [created(snapshot, 'snapshot', volume)] : [];
  },
  CreateSnapshots: (c, res) => {
    res.add('instance', str(obj(c.request['instanceSpecification'])?.['instanceId']), 'AWS::EC2::Instance');
    return items(c.response['snapshotSet']).flatMap((item) => {
      const snapshot = str(obj(item)?.['snapshotId']);
      const volume = str(obj(item)?.['volumeId']);
      res.add('volume', volume, 'AWS::EC2::Volume');
      res.add('snapshot', snapshot, 'AWS::EC2::Snapshot');
      return snapshot ? [created(snapshot, 'snapshot', volume)] : [];
    });
  },
  CopySnapshot: (c, res) => {
    const source = str(c.request['sourceSnapshotId']);
    const snapshot = str(c.response['snapshotId']);
    res.add('snapshot', source, 'AWS::EC2::Snapshot');
    res.add('snapshot', snapshot, 'AWS::EC2::Snapshot');
    return [...(snapshot ? [created(snapshot, 'snapshot', source)] : []), ...crossRegion(source, str(c.request['sourceRegion']), c)];
  },
  CreateImage: (c, res) => {
    const instance = str(c.request['instanceId']);
    const image = str(c.response['imageId']);
    res.add('instance', instance, 'AWS::EC2::Instance');
    res.add('image', image, 'AWS::EC2::Image');
    return image ? [created(image, 'image', instance)] : [];
  },
  CopyImage: (c, res) => {
    const source = str(c.request['sourceImageId']);
    const image = str(c.response['imageId']);
    res.add('image', source, 'AWS::EC2::Image');
    res.add('image', image, 'AWS::EC2::Image');
    return [...(image ? [created(image, 'image', source)] : []), ...crossRegion(source, str(c.request['sourceRegion']), c)];
  },
  RegisterImage: (c, res) => {
    const snapshots = blockDeviceSnapshots(c.request);
    for (const snapshot of snapshots) res.add('snapshot', snapshot, 'AWS::EC2::Snapshot');
    const image = str(c.response['imageId']);
    res.add('image', image, 'AWS::EC2::Image');
    return image ? [created(image, 'image', snapshots[0])] : [];
  },
  CreateDBSnapshot: (c, res) => {
    const instance = str(c.request['dBInstanceIdentifier']);
    const snapshot = rdsId(str(c.response['dBSnapshotIdentifier']) ?? str(c.request['dBSnapshotIdentifier']), c);
    res.add('db-instance', instance, 'AWS::RDS::DBInstance');
    res.add('db-snapshot', snapshot, 'AWS::RDS::DBSnapshot');
    return snapshot ? [created(snapshot, 'db-snapshot', instance)] : [];
  },
  CreateDBClusterSnapshot: (c, res) => {
    const cluster = str(c.request['dBClusterIdentifier']);
    const snapshot = rdsId(str(c.response['dBClusterSnapshotIdentifier']) ?? str(c.request['dBClusterSnapshotIdentifier']), c);
    res.add('db-cluster', cluster, 'AWS::RDS::DBCluster');
    res.add('db-snapshot', snapshot, 'AWS::RDS::DBClusterSnapshot');
    return snapshot ? [created(snapshot, 'db-snapshot', cluster)] : [];
  },
  CopyDBSnapshot: (c, res) => copyDb(c, res, 'sourceDBSnapshotIdentifier', 'targetDBSnapshotIdentifier', 'dBSnapshotIdentifier', 'AWS::RDS::DBSnapshot'),
  CopyDBClusterSnapshot: (c, res) => copyDb(c, res, 'sourceDBClusterSnapshotIdentifier', 'targetDBClusterSnapshotIdentifier', 'dBClusterSnapshotIdentifier', 'AWS::RDS::DBClusterSnapshot'),

  ModifySnapshotAttribute: (c, res) => {
    const snapshot = str(c.request['snapshotId']);
    res.add('snapshot', snapshot, 'AWS::EC2::Snapshot');
    return snapshot ? permissionChanges(c.request['createVolumePermission'], snapshot, 'snapshot') : [];
  },
  ModifyImageAttribute: (c, res) => {
    const image = str(c.request['imageId']);
    res.add('image', image, 'AWS::EC2::Image');
    return image ? permissionChanges(c.request['launchPermission'], image, 'image') : [];
  },
  ModifyDBSnapshotAttribute: (c, res) => dbAttribute(c, res, 'dBSnapshotIdentifier', 'AWS::RDS::DBSnapshot'),
  ModifyDBClusterSnapshotAttribute: (c, res) => dbAttribute(c, res, 'dBClusterSnapshotIdentifier', 'AWS::RDS::DBClusterSnapshot'),

  // Service events written into the snapshot owner's trail when the account it was shared with
  // copies it or makes a volume of it: the data now sits in that account.
  SharedSnapshotCopyInitiated: (c, res) => sharedSnapshotUse(c, res),
  SharedSnapshotVolumeCreated: (c, res) => sharedSnapshotUse(c, res),

  CreateVolume: (c, res) => {
    const snapshot = str(c.request['snapshotId']);
    const volume = str(c.response['volumeId']);
    res.add('snapshot', snapshot, 'AWS::EC2::Snapshot');
    res.add('volume', volume, 'AWS::EC2::Volume');
    return snapshot && volume ? [{ kind: 'restored', from: snapshot, created: volume, createdRole: 'volume' }] : [];
  },
  RunInstances: (c, res) => runInstances(c, res),
  CreateReplaceRootVolumeTask: (c, res) => {
    // Puts a snapshot's or an image's data on a running instance's root volume: a restore in place.
    const instance = str(c.request['InstanceId']) ?? str(c.request['instanceId']);
    const from = str(getCi(c.request, 'SnapshotId')) ?? str(getCi(c.request, 'ImageId'));
    res.add('instance', instance, 'AWS::EC2::Instance');
    res.add(from?.startsWith('ami-') ? 'image' : 'snapshot', from);
    return instance && from ? [{ kind: 'restored', from, created: instance, createdRole: 'instance' }] : [];
  },

  RestoreDBInstanceFromDBSnapshot: (c, res) => restoreDb(c, res, ['dBSnapshotIdentifier'], 'dBInstanceIdentifier', 'db-instance'),
  RestoreDBInstanceToPointInTime: (c, res) =>
    restoreDb(c, res, ['sourceDBInstanceIdentifier', 'sourceDbiResourceId', 'sourceDBInstanceAutomatedBackupsArn'], 'targetDBInstanceIdentifier', 'db-instance'),
  RestoreDBClusterFromSnapshot: (c, res) => restoreDb(c, res, ['snapshotIdentifier'], 'dBClusterIdentifier', 'db-cluster'),
  RestoreDBClusterToPointInTime: (c, res) => restoreDb(c, res, ['sourceDBClusterIdentifier'], 'dBClusterIdentifier', 'db-cluster'),

  AuthorizeSecurityGroupIngress: (c, res) => authorizeIngress(c, res),
  ModifySecurityGroupRules: (c, res) => modifyRules(c, res),

  CreateUser: (c, res) => principalCreated(str(c.request['userName']) ?? str(obj(c.response['user'])?.['userName']), res, 'AWS::IAM::User'),
  CreateRole: (c, res) => principalCreated(str(c.request['roleName']) ?? str(obj(c.response['role'])?.['roleName']), res, 'AWS::IAM::Role'),
  CreateAccessKey: (c, res) => {
    const key = obj(c.response['accessKey']);
    // Without `userName` the key is for the caller; the secret next to the id is never read.
    const principal = str(c.request['userName']) ?? str(key?.['userName']) ?? str(c.actor['userName']);
    const credential = str(key?.['accessKeyId']);
    res.add('principal', principal, 'AWS::IAM::User');
    res.add('credential', credential, 'AWS::IAM::AccessKey');
    return principal ? [{ kind: 'credential-created', principal, ...(credential ? { credential } : {}) }] : [];
  },
  CreateLoginProfile: (c, res) => {
    const principal = str(c.request['userName']) ?? str(obj(c.response['loginProfile'])?.['userName']) ?? str(c.actor['userName']);
    res.add('principal', principal, 'AWS::IAM::User');
    return principal ? [{ kind: 'credential-created', principal }] : [];
  },

  StartExportTask: (c, res) => {
    const source = rdsId(str(c.request['sourceArn']) ?? str(c.response['sourceArn']), c);
    const bucket = str(c.request['s3BucketName']) ?? str(c.response['s3Bucket']);
    const prefix = str(c.request['s3Prefix']) ?? str(c.response['s3Prefix']);
    res.add('db-snapshot', source);
    res.add('export', str(c.response['exportTaskIdentifier']) ?? str(c.request['exportTaskIdentifier']), 'AWS::RDS::ExportTask');
    return source ? [exported(source, s3Url(bucket, prefix))] : [];
  },
  ExportImage: (c, res) => {
    const image = str(getCi(c.request, 'ImageId'));
    const location = getCi(c.request, 'S3ExportLocation');
    res.add('image', image, 'AWS::EC2::Image');
    res.add('export', str(getCi(c.response, 'ExportImageTaskId')));
    return image ? [exported(image, s3Url(str(getCi(location, 'S3Bucket')), str(getCi(location, 'S3Prefix'))))] : [];
  },
  CreateStoreImageTask: (c, res) => {
    // Writes an AMI's data to an S3 bucket the caller names, which may be in any account.
    const image = str(getCi(c.request, 'ImageId'));
    res.add('image', image, 'AWS::EC2::Image');
    return image ? [exported(image, s3Url(str(getCi(c.request, 'Bucket')), undefined))] : [];
  },
  CreateInstanceExportTask: (c, res) => {
    const instance = str(getCi(c.request, 'InstanceId'));
    const target = getCi(c.request, 'ExportToS3') ?? getCi(c.request, 'ExportToS3Task');
    res.add('instance', instance, 'AWS::EC2::Instance');
    return instance ? [exported(instance, s3Url(str(getCi(target, 'S3Bucket')), str(getCi(target, 'S3Prefix'))))] : [];
  },
};

function created(target: string, targetRole: 'snapshot' | 'image' | 'db-snapshot', source: string | undefined): Activity {
  return { kind: 'snapshot-created', target, targetRole, ...(source ? { source } : {}) };
}

function exported(target: string, destination: string | undefined): Activity {
  return { kind: 'exported', target, ...(destination ? { destination } : {}) };
}

function s3Url(bucket: string | undefined, prefix: string | undefined): string | undefined {
  if (!bucket) return undefined;
  return prefix ? `s3://${bucket}/${prefix.replace(/^\/+/, '')}` : `s3://${bucket}`;
}

/** A copy made in this region from another one moves the data to where the trail's region is. */
function crossRegion(source: string | undefined, sourceRegion: string | undefined, c: Context): Activity[] {
  if (!source || !sourceRegion || sourceRegion === c.region) return [];
  return [exported(source, c.region)];
}

function blockDeviceSnapshots(request: Json): string[] {
  return unique(
    items(request['blockDeviceMapping'] ?? request['blockDeviceMappings'])
      .map((item) => str(obj(obj(item)?.['ebs'])?.['snapshotId']))
      .filter((id): id is string => id !== undefined),
  );
}

/** RDS names a snapshot by identifier or by ARN; an ARN in the event's own account and region is reduced to the identifier so both spellings meet. */
function rdsId(value: string | undefined, c: Context): string | undefined {
  if (!value?.startsWith('arn:')) return value;
  const parts = value.split(':');
  const [, , , region, account] = parts;
  if (parts.length < 7 || region !== c.region || account !== c.account) return value;
  return parts.slice(6).join(':');
}

function copyDb(c: Context, res: ResourceList, sourceKey: string, targetKey: string, responseKey: string, type: string): Activity[] {
  const source = rdsId(str(c.request[sourceKey]) ?? str(c.response[`source${sourceKey.slice(6)}`]), c);
  const target = rdsId(str(c.response[responseKey]) ?? str(c.request[targetKey]), c);
  res.add('db-snapshot', source, type);
  res.add('db-snapshot', target, type);
  const sourceRegion = str(c.request['sourceRegion']) ?? (source?.startsWith('arn:') ? source.split(':')[3] : undefined);
  return [...(target ? [created(target, 'db-snapshot', source)] : []), ...crossRegion(source, sourceRegion, c)];
}

function grantee(item: unknown): Grantee | undefined {
  const entry = obj(item);
  const group = str(entry?.['group']) ?? str(entry?.['Group']);
  // `all` is the only group EC2 knows; any other value grants nobody.
  if (group !== undefined) return group.toLowerCase() === 'all' ? { kind: 'public', detail: 'group:all' } : undefined;
  const userId = str(entry?.['userId']) ?? str(entry?.['UserId']);
  if (userId) return { kind: 'account', id: userId };
  const organisation = str(entry?.['organizationArn']) ?? str(entry?.['organizationalUnitArn']);
  return organisation ? { kind: 'member', id: organisation } : undefined;
}

function permissionChanges(permission: unknown, target: string, targetRole: 'snapshot' | 'image'): Activity[] {
  const out: Activity[] = [];
  for (const [key, kind] of [
    ['add', 'shared'],
    ['remove', 'unshared'],
  ] as const) {
    const grantees = items(obj(permission)?.[key])
      .map(grantee)
      .filter((g): g is Grantee => g !== undefined);
    if (grantees.length > 0) out.push({ kind, target, targetRole, grantees });
  }
  return out;
}

function dbAttribute(c: Context, res: ResourceList, idKey: string, type: string): Activity[] {
  const target = rdsId(str(c.request[idKey]) ?? str(c.response[idKey]), c);
  res.add('db-snapshot', target, type);
  if (!target || str(c.request['attributeName'])?.toLowerCase() !== 'restore') return [];
  const toGrantees = (values: unknown): Grantee[] =>
    arr(values)
      .map(str)
      .filter((v): v is string => v !== undefined)
      .map((v): Grantee => (v.toLowerCase() === 'all' ? { kind: 'public', detail: 'restore:all' } : { kind: 'account', id: v }));
  const added = toGrantees(c.request['valuesToAdd']);
  const removed = toGrantees(c.request['valuesToRemove']);
  return [
    ...(added.length > 0 ? [{ kind: 'shared', target, targetRole: 'db-snapshot', grantees: added } as const] : []),
    ...(removed.length > 0 ? [{ kind: 'unshared', target, targetRole: 'db-snapshot', grantees: removed } as const] : []),
  ];
}

function sharedSnapshotUse(c: Context, res: ResourceList): Activity[] {
  const details = obj(c.record['serviceEventDetails']);
  const snapshot = str(details?.['snapshotId']);
  const recipient = str(c.actor['accountId']);
  res.add('snapshot', snapshot, 'AWS::EC2::Snapshot');
  return snapshot ? [exported(snapshot, recipient && recipient !== c.account ? recipient : undefined)] : [];
}

function runInstances(c: Context, res: ResourceList): Activity[] {
  const requested = items(c.request['instancesSet']).map(obj);
  const requestImage = requested.map((i) => str(i?.['imageId'])).find((id) => id !== undefined) ?? str(c.request['imageId']);
  const snapshots = blockDeviceSnapshots(c.request);
  for (const snapshot of snapshots) res.add('snapshot', snapshot, 'AWS::EC2::Snapshot');
  res.add('image', requestImage, 'AWS::EC2::Image');
  // The security groups the instances join, so that a later ingress rule on one can be tied to them.
  const groupsOf = (holder: unknown): unknown[] => [...items(obj(holder)?.['groupSet']), ...items(obj(holder)?.['networkInterfaceSet']).flatMap((nic) => items(obj(nic)?.['groupSet']))];
  const groups = [...groupsOf(c.request), ...items(c.response['instancesSet']).flatMap(groupsOf)];
  for (const group of groups) res.add('firewall', str(obj(group)?.['groupId']), 'AWS::EC2::SecurityGroup');
  const out: Activity[] = [];
  for (const item of items(c.response['instancesSet'])) {
    const instance = str(obj(item)?.['instanceId']);
    if (!instance) continue;
    const image = str(obj(item)?.['imageId']) ?? requestImage;
    res.add('instance', instance, 'AWS::EC2::Instance');
    res.add('image', image, 'AWS::EC2::Image');
    const from = unique([...(image ? [image] : []), ...snapshots]);
    out.push({ kind: 'instance-launched', instance, from });
    for (const source of from) out.push({ kind: 'restored', from: source, created: instance, createdRole: 'instance' });
  }
  return out;
}

function restoreDb(c: Context, res: ResourceList, fromKeys: readonly string[], createdKey: string, createdRole: 'db-instance' | 'db-cluster'): Activity[] {
  const from = rdsId(fromKeys.map((key) => str(c.request[key])).find((v) => v !== undefined), c);
  const createdId = str(c.request[createdKey]) ?? str(c.response[createdRole === 'db-instance' ? 'dBInstanceIdentifier' : 'dBClusterIdentifier']);
  res.add(from?.includes('snapshot') || fromKeys[0]?.toLowerCase().includes('snapshot') ? 'db-snapshot' : createdRole, from);
  res.add(createdRole, createdId, createdRole === 'db-instance' ? 'AWS::RDS::DBInstance' : 'AWS::RDS::DBCluster');
  if (!from || !createdId) return [];
  // The trap: a restore's request may leave `publiclyAccessible` out while the response says true.
  const open = c.response['publiclyAccessible'] ?? c.request['publiclyAccessible'];
  return [{ kind: 'restored', from, created: createdId, createdRole, ...(typeof open === 'boolean' ? { publiclyAccessible: open } : {}) }];
}

const PROTOCOLS: Readonly<Record<string, string>> = { '-1': 'all', all: 'all', '6': 'tcp', '17': 'udp', '1': 'icmp', '58': 'icmpv6' };

function protocolName(value: unknown): string {
  const text = (str(value) ?? (typeof value === 'number' ? String(value) : '-1')).toLowerCase();
  return PROTOCOLS[text] ?? text;
}

/** EC2 port fields: `-1` or no ports with protocol all means every port; ICMP carries types, not ports. */
function portsOf(protocol: string, from: unknown, to: unknown): PortRange[] {
  if (protocol === 'all') return [ALL_PORTS];
  if (protocol === 'icmp' || protocol === 'icmpv6') return [];
  const low = num(from);
  const high = num(to);
  if (low === undefined || low < 0) return [ALL_PORTS];
  return [{ from: low, to: high === undefined || high < 0 ? low : high }];
}

interface RuleLine {
  readonly protocol: string;
  readonly ports: PortRange[];
  readonly sources: string[];
}

function mergeRules(target: string, lines: readonly RuleLine[]): Activity[] {
  const merged = new Map<string, RuleLine>();
  for (const line of lines) {
    if (line.sources.length === 0) continue;
    const key = `${line.protocol}|${JSON.stringify(line.ports)}`;
    const existing = merged.get(key);
    if (existing) existing.sources.push(...line.sources);
    else merged.set(key, { protocol: line.protocol, ports: line.ports, sources: [...line.sources] });
  }
  return [...merged.values()].map((line) => ({ kind: 'ingress-opened', target, protocol: line.protocol, ports: line.ports, sources: unique(line.sources) }));
}

function authorizeIngress(c: Context, res: ResourceList): Activity[] {
  const group = str(c.request['groupId']) ?? str(c.request['groupName']);
  res.add('firewall', group, 'AWS::EC2::SecurityGroup');
  if (!group) return [];
  // The response's rule set is what EC2 actually created; it covers the flat and nested requests alike.
  const created = items(c.response['securityGroupRuleSet']).map(obj).filter((rule): rule is Json => rule !== undefined);
  if (created.length > 0) {
    const lines = created
      .filter((rule) => rule['isEgress'] !== true)
      .map((rule): RuleLine => {
        const protocol = protocolName(rule['ipProtocol']);
        const sources = [str(rule['cidrIpv4']), str(rule['cidrIpv6'])].filter((s): s is string => s !== undefined);
        return { protocol, ports: portsOf(protocol, rule['fromPort'], rule['toPort']), sources };
      });
    return mergeRules(group, lines);
  }
  const lines: RuleLine[] = [];
  const flatSource = str(c.request['cidrIp']) ?? str(c.request['cidrIpv6']);
  if (flatSource) {
    const protocol = protocolName(c.request['ipProtocol']);
    lines.push({ protocol, ports: portsOf(protocol, c.request['fromPort'], c.request['toPort']), sources: [flatSource] });
  }
  for (const item of items(c.request['ipPermissions'])) {
    const permission = obj(item);
    if (!permission) continue;
    const protocol = protocolName(permission['ipProtocol']);
    const sources = [
      ...items(permission['ipRanges']).map((range) => str(obj(range)?.['cidrIp'])),
      ...items(permission['ipv6Ranges']).map((range) => str(obj(range)?.['cidrIpv6'])),
    ].filter((s): s is string => s !== undefined);
    lines.push({ protocol, ports: portsOf(protocol, permission['fromPort'], permission['toPort']), sources });
  }
  return mergeRules(group, lines);
}

/**
 * ModifySecurityGroupRules rewrites rules by id; the record does not say whether a rule is
 * ingress or egress, so a rewritten rule with an address source is read as ingress (the case
 * the chain cares about), and the record's own words stay in `action` for a reviewer.
 */
function modifyRules(c: Context, res: ResourceList): Activity[] {
  const body = getCi(c.request, 'ModifySecurityGroupRulesRequest') ?? c.request;
  const group = str(getCi(body, 'GroupId'));
  res.add('firewall', group, 'AWS::EC2::SecurityGroup');
  if (!group) return [];
  const lines: RuleLine[] = [];
  const updates = getCi(body, 'SecurityGroupRule');
  for (const update of Array.isArray(updates) ? updates : [updates]) {
    const rule = getCi(update, 'SecurityGroupRule');
    if (!rule) continue;
    const protocol = protocolName(getCi(rule, 'IpProtocol'));
    const sources = [str(getCi(rule, 'CidrIpv4')), str(getCi(rule, 'CidrIpv6'))].filter((s): s is string => s !== undefined);
    lines.push({ protocol, ports: portsOf(protocol, getCi(rule, 'FromPort'), getCi(rule, 'ToPort')), sources });
  }
  return mergeRules(group, lines);
}

function principalCreated(principal: string | undefined, res: ResourceList, type: string): Activity[] {
  res.add('principal', principal, type);
  return principal ? [{ kind: 'principal-created', principal }] : [];
}

/** The calls this parser draws activities from (for coverage notes and tests). */
export const CLOUDTRAIL_ACTIVITY_ACTIONS: readonly string[] = Object.keys(HANDLERS);
