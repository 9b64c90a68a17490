// Azure Activity Log records to AuditEvents, in the three shapes they reach a file: the REST and
// portal schema (`operationName.value`, `status.value`, `eventTimestamp`), the resource-log schema
// of diagnostic settings to storage or Event Hub (`time`, `operationName` as text, `resultType`),
// and the Log Analytics `AzureActivity` table (`TimeGenerated`, `OperationNameValue`,
// `ActivityStatusValue`). A record may mix them (SIEMs copy fields across); every field is read
// from whichever spelling is present.
//
// Status. One operation writes several records: Started (the request), then Succeeded or Failed;
// a long-running one writes Accepted in between. Only a terminal success carries activities:
// Succeeded/Success. Failed, Failure, Canceled give outcome failure. Started and Accepted give
// outcome success with no activities: the call was let through, but nothing is known to have
// happened yet, and Azure writes the terminal record when the operation ends, so drawing an
// activity from Accepted too would count one export twice. The cost, accepted here: an operation
// whose terminal record is missing from the input shows no activity. A record with no status at
// all (some SIEM copies) is taken as a success.
//
// Role assignments. `roleAssignments/write` is read as `principal-created` for the assignee: a
// principal is created in Entra ID, out of this log's sight, and first becomes able to act in the
// subscription when a role is assigned, which is what a "new principal, then snapshot access"
// chain needs. It is not `credential-created`: no secret or key is made.
import type { PortRange } from '../model.js';
import { ALL_PORTS, WORLD } from '../net.js';
import { errorLine } from '../redact.js';
import type { Activity, Actor, ActorType, AuditEvent, EventResource, ResourceRole } from './event.js';
import { arr, getCi, isoTime, obj, parseEmbedded, pathCi, str, unique, type Json } from './fields.js';

const CLAIM = {
  upn: ['http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn', 'upn'],
  objectId: ['http://schemas.microsoft.com/identity/claims/objectidentifier', 'oid'],
  tenant: ['http://schemas.microsoft.com/identity/claims/tenantid', 'tid'],
  name: ['name'],
  appId: ['appid', 'azp'],
  idType: ['idtyp'],
  managedIdentity: ['xms_mirid'],
  ip: ['ipaddr'],
} as const;

type Phase = 'succeeded' | 'failed' | 'pending';

/** The operation name, in whichever schema the record uses. */
function operationOf(r: Json): string | undefined {
  const op = r['operationName'];
  return (
    str(obj(op)?.['value']) ??
    str(op) ??
    str(r['OperationNameValue']) ??
    str(r['OperationName']) ??
    // A SIEM copy (Datadog) keeps the operation under `evt.name`, upper-cased.
    (str(r['resourceId']) ? str(obj(r['evt'])?.['name']) : undefined)
  );
}

export function isActivityLogRecord(record: unknown): record is Json {
  const r = obj(record);
  if (!r) return false;
  const op = operationOf(r);
  // An Azure operation name is a resource-provider path: `Microsoft.Compute/disks/write`.
  return op !== undefined && /^[a-z0-9]+\.[a-z0-9.]+\//i.test(op);
}

export function normaliseActivityLog(record: unknown, origin: string): AuditEvent | undefined {
  if (!isActivityLogRecord(record)) return undefined;
  const r = record;
  const action = operationOf(r) as string;
  const resourceId = str(r['resourceId']) ?? str(r['_ResourceId']) ?? str(r['ResourceId']) ?? str(obj(r['authorization'])?.['scope']) ?? '';
  const properties = obj(parseEmbedded(r['properties'] ?? r['Properties_d'] ?? r['Properties'])) ?? {};
  const statusText = str(obj(r['status'])?.['value']) ?? str(r['status']) ?? str(r['ActivityStatusValue']) ?? str(r['ActivityStatus']) ?? str(r['resultType']) ?? str(obj(r['evt'])?.['outcome']);
  const phase = phaseOf(statusText);
  const tenant = str(r['tenantId']) ?? str(r['TenantId']);
  const account = str(r['subscriptionId']) ?? str(r['SubscriptionId']) ?? subscriptionOf(resourceId) ?? tenant ?? '';
  const time = isoTime(r['eventTimestamp'] ?? r['time'] ?? r['TimeGenerated'] ?? r['timestamp']) ?? '';
  const resources = resourcesOf(resourceId);
  const body = bodiesOf(properties);
  // Run for every record: the resources a body names are evidence even when no activity is drawn.
  const drawn = activitiesOf(action.toLowerCase(), resourceId, body, resources);
  const activities = phase === 'succeeded' ? drawn : [];
  const detail = str(obj(r['subStatus'])?.['value']) ?? str(r['ActivitySubstatusValue']) ?? str(properties['statusCode']) ?? str(r['resultSignature']) ?? str(properties['statusMessage']);
  const correlation = str(r['correlationId']) ?? str(r['CorrelationId']);
  return {
    provider: 'azure',
    id: str(r['eventDataId']) ?? str(r['EventDataId']) ?? str(r['id']) ?? [correlation ?? action, statusText ?? '', time].join('|'),
    time,
    account,
    region: str(r['location']) ?? str(r['Location']) ?? 'global',
    actor: actorOf(r, tenant),
    service: str(obj(r['resourceProviderName'])?.['value']) ?? str(r['ResourceProviderValue']) ?? action.split('/')[0] ?? '',
    action,
    outcome: phase === 'failed' ? 'failure' : 'success',
    ...(phase === 'failed' ? { error: errorLine(detail ? `${statusText ?? 'Failed'}: ${detail}` : (statusText ?? 'Failed')) } : {}),
    resources: resources.list(),
    activities,
    origin,
  };
}

function phaseOf(status: string | undefined): Phase {
  switch (status?.toLowerCase()) {
    case 'failed':
    case 'failure':
    case 'canceled':
    case 'cancelled':
      return 'failed';
    case 'started':
    case 'start':
    case 'accepted':
    case 'accept':
    case 'active':
    case 'inprogress':
      return 'pending';
    default:
      return 'succeeded';
  }
}

function subscriptionOf(resourceId: string): string | undefined {
  return /^\/subscriptions\/([^/]+)/i.exec(resourceId)?.[1];
}

function claimOf(claims: Json | undefined, names: readonly string[]): string | undefined {
  for (const name of names) {
    const value = str(claims?.[name])?.trim();
    if (value) return value;
  }
  return undefined;
}

function actorOf(r: Json, tenant: string | undefined): Actor {
  const identity = obj(r['identity']);
  const claims = obj(parseEmbedded(r['claims'] ?? identity?.['claims'] ?? r['Claims_d'] ?? r['Claims']));
  // The evidence names the role assignment that let the caller in, and so the caller's own id.
  const authorization = obj(identity?.['authorization']) ?? obj(parseEmbedded(r['Authorization_d'] ?? r['Authorization']));
  const evidence = obj(authorization?.['evidence']);
  const caller = str(r['caller']) ?? str(r['Caller']);
  const upn = claimOf(claims, CLAIM.upn);
  const objectId = claimOf(claims, CLAIM.objectId);
  const appId = claimOf(claims, CLAIM.appId);
  const managed = claimOf(claims, CLAIM.managedIdentity);
  const idType = claimOf(claims, CLAIM.idType)?.toLowerCase();
  const principalType = str(evidence?.['principalType'])?.toLowerCase();
  let type: ActorType = 'unknown';
  // Token claims first (a token with a UPN is a user's), then the authorization evidence.
  if (managed) type = 'managed-identity';
  else if (idType === 'app') type = 'service-principal';
  else if (idType === 'user' || upn || caller?.includes('@')) type = 'user';
  else if (principalType === 'serviceprincipal') type = 'service-principal';
  else if (principalType === 'user') type = 'user';
  else if (principalType === 'managedidentity') type = 'managed-identity';
  else if (appId) type = 'service-principal';
  const id = caller ?? upn ?? objectId ?? str(evidence?.['principalId']) ?? appId ?? 'unknown';
  const name = (managed ? managed.split('/').pop() : undefined) ?? claimOf(claims, CLAIM.name) ?? upn;
  const actorTenant = claimOf(claims, CLAIM.tenant);
  const sourceIp = str(obj(r['httpRequest'])?.['clientIpAddress']) ?? str(r['callerIpAddress']) ?? str(r['CallerIpAddress']) ?? claimOf(claims, CLAIM.ip);
  return {
    type,
    id,
    ...(name ? { name } : {}),
    ...(actorTenant && tenant && actorTenant.toLowerCase() !== tenant.toLowerCase() ? { account: actorTenant } : {}),
    ...(sourceIp ? { sourceIp } : {}),
  };
}

const ROLE_OF_TYPE: Readonly<Record<string, ResourceRole>> = {
  'microsoft.compute/snapshots': 'snapshot',
  'microsoft.compute/disks': 'volume',
  'microsoft.compute/virtualmachines': 'instance',
  'microsoft.compute/images': 'image',
  'microsoft.compute/galleries/images/versions': 'image',
  'microsoft.compute/galleries/images': 'image',
  'microsoft.network/networksecuritygroups': 'firewall',
  'microsoft.network/networksecuritygroups/securityrules': 'firewall',
};

/** `Microsoft.Compute/disks` from an ARM id, nested types joined (`…/networkSecurityGroups/securityRules`). */
export function armType(resourceId: string): string | undefined {
  const at = resourceId.toLowerCase().lastIndexOf('/providers/');
  if (at < 0) return undefined;
  const parts = resourceId.slice(at + '/providers/'.length).split('/');
  const namespace = parts[0];
  if (!namespace) return undefined;
  const types = parts.slice(1).filter((_, index) => index % 2 === 0);
  return types.length > 0 ? [namespace, ...types].join('/') : namespace;
}

class ResourceList {
  private readonly byKey = new Map<string, EventResource>();
  add(role: ResourceRole, id: string | undefined, type?: string): void {
    if (!id) return;
    const key = `${role}\u0000${id.toLowerCase()}`;
    if (!this.byKey.has(key)) this.byKey.set(key, { role, id, ...(type ? { type } : {}) });
  }
  list(): EventResource[] {
    return [...this.byKey.values()];
  }
}

function roleOf(resourceId: string): { role: ResourceRole; type?: string } {
  const type = armType(resourceId);
  return { role: (type ? ROLE_OF_TYPE[type.toLowerCase()] : undefined) ?? 'other', ...(type ? { type } : {}) };
}

function resourcesOf(resourceId: string): ResourceList {
  const list = new ResourceList();
  if (resourceId) {
    const { role, type } = roleOf(resourceId);
    list.add(role, resourceId, type);
  }
  return list;
}

/** Request and response bodies, which Azure logs as JSON text (empty when it logs none). */
interface Bodies {
  readonly response?: Json;
  readonly request?: Json;
}

function bodiesOf(properties: Json): Bodies {
  const response = obj(parseEmbedded(getCi(properties, 'responseBody')));
  const request = obj(parseEmbedded(getCi(properties, 'requestbody')));
  return { ...(response ? { response } : {}), ...(request ? { request } : {}) };
}

/** The first body that answers: the response says what was made, the request what was asked. */
function fromBodies<T>(body: Bodies, read: (b: Json) => T | undefined): T | undefined {
  return (body.response ? read(body.response) : undefined) ?? (body.request ? read(body.request) : undefined);
}

function idAt(value: unknown, ...keys: string[]): string | undefined {
  return str(pathCi(value, ...keys));
}

function activitiesOf(op: string, resourceId: string, body: Bodies, resources: ResourceList): Activity[] {
  if (!resourceId) return [];
  switch (op) {
    case 'microsoft.compute/snapshots/write': {
      const source = fromBodies(body, (b) => idAt(b, 'properties', 'creationData', 'sourceResourceId') ?? idAt(b, 'properties', 'creationData', 'sourceUri'));
      if (source) resources.add(roleOf(source).role, source, armType(source));
      return [{ kind: 'snapshot-created', target: resourceId, targetRole: 'snapshot', ...(source ? { source } : {}) }];
    }
    case 'microsoft.compute/images/write':
    case 'microsoft.compute/galleries/images/versions/write': {
      const source = fromBodies(
        body,
        (b) =>
          idAt(b, 'properties', 'sourceVirtualMachine', 'id') ??
          idAt(b, 'properties', 'storageProfile', 'source', 'id') ??
          idAt(b, 'properties', 'storageProfile', 'osDiskImage', 'source', 'id') ??
          idAt(b, 'properties', 'storageProfile', 'osDisk', 'snapshot', 'id') ??
          idAt(b, 'properties', 'storageProfile', 'osDisk', 'managedDisk', 'id'),
      );
      if (source) resources.add(roleOf(source).role, source, armType(source));
      return [{ kind: 'snapshot-created', target: resourceId, targetRole: 'image', ...(source ? { source } : {}) }];
    }
    case 'microsoft.compute/disks/write': {
      const source = fromBodies(
        body,
        (b) =>
          idAt(b, 'properties', 'creationData', 'sourceResourceId') ??
          idAt(b, 'properties', 'creationData', 'imageReference', 'id') ??
          idAt(b, 'properties', 'creationData', 'galleryImageReference', 'id') ??
          idAt(b, 'properties', 'creationData', 'sourceUri'),
      );
      if (!source) return [];
      resources.add(roleOf(source).role, source, armType(source));
      return [{ kind: 'restored', from: source, created: resourceId, createdRole: 'volume' }];
    }
    case 'microsoft.compute/disks/begingetaccess/action':
    case 'microsoft.compute/snapshots/begingetaccess/action':
      return [{ kind: 'export-link', target: resourceId }];
    case 'microsoft.compute/virtualmachines/write':
      return virtualMachine(resourceId, body, resources);
    case 'microsoft.network/networksecuritygroups/securityrules/write': {
      const rule = fromBodies(body, (b) => obj(getCi(b, 'properties')));
      return rule ? ingressOf(resourceId, rule) : [];
    }
    case 'microsoft.network/networksecuritygroups/write': {
      const rules = fromBodies(body, (b) => {
        const list = arr(pathCi(b, 'properties', 'securityRules'));
        return list.length > 0 ? list : undefined;
      });
      return (rules ?? []).flatMap((entry) => {
        const name = str(getCi(entry, 'name'));
        const props = obj(getCi(entry, 'properties'));
        const target = str(getCi(entry, 'id')) ?? (name ? `${resourceId}/securityRules/${name}` : resourceId);
        return props ? ingressOf(target, props) : [];
      });
    }
    case 'microsoft.authorization/roleassignments/write': {
      const principal = fromBodies(body, (b) => idAt(b, 'properties', 'principalId'));
      if (!principal) return [];
      resources.add('principal', principal, fromBodies(body, (b) => idAt(b, 'properties', 'principalType')));
      return [{ kind: 'principal-created', principal }];
    }
    default:
      return [];
  }
}

function virtualMachine(resourceId: string, body: Bodies, resources: ResourceList): Activity[] {
  const profile = fromBodies(body, (b) => obj(pathCi(b, 'properties', 'storageProfile')));
  const osDisk = idAt(profile, 'osDisk', 'managedDisk', 'id');
  const dataDisks = arr(getCi(profile, 'dataDisks')).map((d) => idAt(d, 'managedDisk', 'id'));
  const image = idAt(profile, 'imageReference', 'id');
  const from = unique([osDisk, ...dataDisks, image].filter((id): id is string => id !== undefined));
  for (const id of from) resources.add(roleOf(id).role, id, armType(id));
  const launched: Activity = { kind: 'instance-launched', instance: resourceId, from };
  const fromImage = str(pathCi(profile, 'osDisk', 'createOption'))?.toLowerCase() === 'fromimage' && image;
  return fromImage ? [launched, { kind: 'restored', from: image, created: resourceId, createdRole: 'instance' }] : [launched];
}

/** Azure's words for "anywhere", spelled as ranges so chain rules can judge every cloud alike. */
const ANYWHERE = new Set(['*', 'internet', 'any', '0.0.0.0/0', '0.0.0.0']);

function sourcesOf(rule: Json): string[] {
  const listed = [str(getCi(rule, 'sourceAddressPrefix')), ...arr(getCi(rule, 'sourceAddressPrefixes')).map(str)].filter((s): s is string => s !== undefined);
  return unique(listed.flatMap((source) => (ANYWHERE.has(source.toLowerCase()) ? [WORLD.v4, WORLD.v6] : [source])));
}

function portRange(text: string): PortRange | undefined {
  const trimmed = text.trim();
  if (trimmed === '*') return ALL_PORTS;
  const match = /^(\d+)(?:\s*-\s*(\d+))?$/.exec(trimmed);
  if (!match) return undefined;
  const from = Number(match[1]);
  return { from, to: match[2] === undefined ? from : Number(match[2]) };
}

/** An NSG rule body: an ingress activity only when it allows inbound traffic from address sources. */
function ingressOf(target: string, rule: Json): Activity[] {
  if (str(getCi(rule, 'access'))?.toLowerCase() !== 'allow') return [];
  if (str(getCi(rule, 'direction'))?.toLowerCase() !== 'inbound') return [];
  const sources = sourcesOf(rule);
  if (sources.length === 0) return [];
  const ports = [str(getCi(rule, 'destinationPortRange')), ...arr(getCi(rule, 'destinationPortRanges')).map(str)]
    .filter((p): p is string => p !== undefined)
    .map(portRange)
    .filter((p): p is PortRange => p !== undefined);
  const rawProtocol = (str(getCi(rule, 'protocol')) ?? '*').toLowerCase();
  const protocol = rawProtocol === '*' ? 'all' : rawProtocol;
  return [{ kind: 'ingress-opened', target, protocol, ports: ports.length > 0 ? ports : [ALL_PORTS], sources }];
}
