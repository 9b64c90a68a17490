// CloudTrail LookupEvents over the account's `events` (its event history): the events recorded in
// the region of the endpoint, newest first, filtered by at most one lookup attribute and a time
// range, paged by MaxResults (at most 50) and NextToken. Each answer carries the record itself as
// the `CloudTrailEvent` string, as CloudTrail does. AWS meters LookupEvents at 2 calls per second
// per account and region, apart from the service's other reads.
import type { EstateCloudTrailEvent } from '../estate.js';
import type { RateLimit } from '../types.js';
import { AwsApiError } from './errors.js';
import { fingerprintOf, paginate, readMaxResults } from './pagination.js';
import type { AwsContext } from './service.js';

export const LOOKUP_EVENTS_RATE_LIMIT: RateLimit = { burst: 2, refillPerSecond: 2 };

/** CloudTrail keeps 90 days of event history. */
const HISTORY_MS = 90 * 86_400_000;
const MAX_RESULTS = 50;

const ATTRIBUTE_KEYS = ['EventId', 'EventName', 'ReadOnly', 'Username', 'ResourceType', 'ResourceName', 'EventSource', 'AccessKeyId'] as const;
type AttributeKey = (typeof ATTRIBUTE_KEYS)[number];

/** Request and response members that name resources, and the resource type CloudTrail gives them. */
const RESOURCE_FIELDS: Readonly<Record<string, string>> = {
  snapshotId: 'AWS::EC2::Snapshot',
  sourceSnapshotId: 'AWS::EC2::Snapshot',
  volumeId: 'AWS::EC2::Volume',
  instanceId: 'AWS::EC2::Instance',
  groupId: 'AWS::EC2::SecurityGroup',
  imageId: 'AWS::EC2::Ami',
  sourceImageId: 'AWS::EC2::Ami',
  userName: 'AWS::IAM::User',
  accessKeyId: 'AWS::IAM::AccessKey',
  roleName: 'AWS::IAM::Role',
  dBSnapshotIdentifier: 'AWS::RDS::DBSnapshot',
  targetDBSnapshotIdentifier: 'AWS::RDS::DBSnapshot',
  dBClusterSnapshotIdentifier: 'AWS::RDS::DBClusterSnapshot',
  targetDBClusterSnapshotIdentifier: 'AWS::RDS::DBClusterSnapshot',
  dBInstanceIdentifier: 'AWS::RDS::DBInstance',
  dBClusterIdentifier: 'AWS::RDS::DBCluster',
};

interface Resource {
  readonly ResourceType: string;
  readonly ResourceName: string;
}

function collectResources(value: unknown, out: Resource[], depth = 0): void {
  if (depth > 8 || typeof value !== 'object' || value === null) return;
  if (Array.isArray(value)) {
    for (const item of value) collectResources(item, out, depth + 1);
    return;
  }
  for (const [key, item] of Object.entries(value)) {
    const type = Object.hasOwn(RESOURCE_FIELDS, key) ? RESOURCE_FIELDS[key] : undefined;
    if (type !== undefined && typeof item === 'string' && item !== '') {
      if (!out.some((r) => r.ResourceType === type && r.ResourceName === item)) out.push({ ResourceType: type, ResourceName: item });
    } else {
      collectResources(item, out, depth + 1);
    }
  }
}

/** The resources LookupEvents reports: the record's own `resources`, else those its parameters and response name. */
export function resourcesOf(event: EstateCloudTrailEvent): Resource[] {
  if (event.resources !== undefined && event.resources.length > 0) {
    return event.resources.flatMap((r) => (r.ARN === undefined ? [] : [{ ResourceType: r.type ?? '', ResourceName: r.ARN.slice(r.ARN.lastIndexOf('/') + 1) || r.ARN }]));
  }
  const out: Resource[] = [];
  collectResources(event.requestParameters, out);
  collectResources(event.responseElements, out);
  return out;
}

/** The user name the console shows: an IAM user's name, a role session's name, `root`, or the service that acted. */
export function usernameOf(event: EstateCloudTrailEvent): string | undefined {
  const identity = event.userIdentity;
  if (identity === undefined) return undefined;
  if (identity.userName !== undefined) return identity.userName;
  if (identity.type === 'Root') return 'root';
  if (identity.type === 'AssumedRole' && identity.arn !== undefined) return identity.arn.slice(identity.arn.lastIndexOf('/') + 1);
  return identity.invokedBy;
}

function readOnlyOf(event: EstateCloudTrailEvent): string {
  return String(event.readOnly ?? false);
}

function matches(event: EstateCloudTrailEvent, key: AttributeKey, value: string): boolean {
  switch (key) {
    case 'EventId':
      return event.eventID === value;
    case 'EventName':
      return event.eventName === value;
    case 'ReadOnly':
      return readOnlyOf(event) === value;
    case 'Username':
      return usernameOf(event) === value;
    case 'EventSource':
      return event.eventSource === value;
    case 'AccessKeyId':
      return event.userIdentity?.accessKeyId === value;
    case 'ResourceType':
      return resourcesOf(event).some((r) => r.ResourceType === value);
    case 'ResourceName':
      return resourcesOf(event).some((r) => r.ResourceName === value);
  }
}

function invalidAttributes(message: string): AwsApiError {
  return new AwsApiError('InvalidLookupAttributesException', message);
}

interface Lookup {
  readonly key: AttributeKey;
  readonly value: string;
}

function readLookup(body: Readonly<Record<string, unknown>>): Lookup | undefined {
  const raw = body['LookupAttributes'];
  if (raw === undefined || raw === null) return undefined;
  if (!Array.isArray(raw)) throw new AwsApiError('SerializationException', 'Expected a list for LookupAttributes');
  if (raw.length === 0) return undefined;
  if (raw.length > 1) throw invalidAttributes('You cannot specify more than one lookup attribute.');
  const [attribute] = raw as unknown[];
  const { AttributeKey: key, AttributeValue: value } = (typeof attribute === 'object' && attribute !== null ? attribute : {}) as { AttributeKey?: unknown; AttributeValue?: unknown };
  if (typeof key !== 'string' || !(ATTRIBUTE_KEYS as readonly string[]).includes(key)) {
    throw invalidAttributes(`Lookup attribute key ${String(key)} is not valid. Valid keys: ${ATTRIBUTE_KEYS.join(', ')}.`);
  }
  if (typeof value !== 'string' || value.length === 0 || value.length > 2000) {
    throw invalidAttributes('The lookup attribute value must be between 1 and 2000 characters.');
  }
  return { key: key as AttributeKey, value };
}

/** A timestamp member in the JSON protocol: epoch seconds (the SDK sends a number). */
function readTime(body: Readonly<Record<string, unknown>>, name: string): number | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return value * 1000;
  if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return Date.parse(value);
  throw new AwsApiError('SerializationException', `Expected a timestamp for ${name}`);
}

function eventJson(event: EstateCloudTrailEvent): Record<string, unknown> {
  return {
    EventId: event.eventID,
    EventName: event.eventName,
    ReadOnly: readOnlyOf(event),
    AccessKeyId: event.userIdentity?.accessKeyId,
    EventTime: Date.parse(event.eventTime) / 1000,
    EventSource: event.eventSource,
    Username: usernameOf(event),
    Resources: resourcesOf(event),
    CloudTrailEvent: JSON.stringify(event),
  };
}

export function lookupEvents(context: AwsContext, body: Readonly<Record<string, unknown>>): unknown {
  const lookup = readLookup(body);
  const start = readTime(body, 'StartTime');
  const end = readTime(body, 'EndTime');
  if (start !== undefined && end !== undefined && start > end) {
    throw new AwsApiError('InvalidTimeRangeException', 'Occurs if the timestamp values are not valid. Either the start time occurs after the end time, or the time range is outside the range of possible values.');
  }
  const category = body['EventCategory'];
  if (category !== undefined && category !== null && category !== 'insight') {
    throw new AwsApiError('InvalidEventCategoryException', `Event category ${String(category)} is not valid. Valid value: insight.`);
  }
  const rawMax = body['MaxResults'];
  if (rawMax !== undefined && rawMax !== null && (typeof rawMax !== 'number' || !Number.isInteger(rawMax))) {
    throw new AwsApiError('SerializationException', 'Expected an integer for MaxResults');
  }
  const maxResults = readMaxResults(rawMax === undefined || rawMax === null ? undefined : String(rawMax), 1, MAX_RESULTS, (raw) => new AwsApiError('InvalidMaxResultsException', `Value ${raw} for MaxResults is invalid: it must be between 1 and ${MAX_RESULTS}.`));
  const nextToken = body['NextToken'];
  if (nextToken !== undefined && nextToken !== null && typeof nextToken !== 'string') throw new AwsApiError('SerializationException', 'Expected a string for NextToken');
  const oldest = context.now - HISTORY_MS;
  // Management events only: Insights events are not in the estate.
  const events =
    category === 'insight'
      ? []
      : context.caller.account.events
          .filter((e) => e.awsRegion === context.region)
          .filter((e) => {
            const at = Date.parse(e.eventTime);
            return at >= oldest && at <= context.now && (start === undefined || at >= start) && (end === undefined || at <= end);
          })
          .filter((e) => lookup === undefined || matches(e, lookup.key, lookup.value))
          .sort((a, b) => Date.parse(b.eventTime) - Date.parse(a.eventTime) || (a.eventID < b.eventID ? -1 : 1));
  const fingerprint = fingerprintOf(`LookupEvents|${context.caller.account.id}|${context.region}`, {
    key: lookup?.key ?? '',
    value: lookup?.value ?? '',
    start: String(start ?? ''),
    end: String(end ?? ''),
    category: String(category ?? ''),
  });
  const page = paginate(events, {
    maxResults: maxResults ?? MAX_RESULTS,
    nextToken: nextToken ?? undefined,
    pageCap: context.pageCap,
    fingerprint,
    invalidToken: () => new AwsApiError('InvalidNextTokenException', 'A token that is not valid, or a token that was previously used in a request with different parameters.'),
  });
  return { Events: page.items.map(eventJson), NextToken: page.nextToken };
}
