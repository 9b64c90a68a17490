// The CloudTrail API (awsJson1_1, `X-Amz-Target: com.amazonaws.cloudtrail.v20131101.
// CloudTrail_20131101.<Action>`, or `CloudTrail_20131101.<Action>` from the SDK v3), read side: DescribeTrails, GetTrailStatus, GetEventSelectors,
// and LookupEvents over the account's event history (cloudtrail-lookup.ts).
// A region sees the account's trails homed there, and as shadows its multi-region trails homed
// elsewhere and the management account's organization trails. A name finds only a trail homed in
// the region; a shadow must be asked for by ARN, as AWS requires.
import type { AwsAccountEstate, EstateTrail } from '../estate.js';
import type { InjectedError, RateLimit } from '../types.js';
import { lookupEvents, LOOKUP_EVENTS_RATE_LIMIT } from './cloudtrail-lookup.js';
import { AwsApiError } from './errors.js';
import { decodeJsonCall } from './json-call.js';
import { awsJsonError } from './json-protocol.js';
import { type AuthFailure, type AwsContext, type AwsService, type Caller } from './service.js';
import { derivedToken } from './values.js';

/** The target AWS documents; the SDK v3 sends the short form, which CloudTrail accepts as well. */
const CLOUDTRAIL_TARGET_PREFIXES = ['com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.', 'CloudTrail_20131101.'];

export function isCloudTrailTarget(target: string): boolean {
  return CLOUDTRAIL_TARGET_PREFIXES.some((prefix) => target.startsWith(prefix));
}

function actionOf(target: string): string {
  const prefix = CLOUDTRAIL_TARGET_PREFIXES.find((p) => target.startsWith(p));
  return prefix === undefined ? target : target.slice(prefix.length);
}
/** "Get, describe, and list APIs: 10 transactions per second", per account and region. */
export const CLOUDTRAIL_READ_RATE_LIMIT: RateLimit = { burst: 10, refillPerSecond: 10 };
/** How long before each status call a logging trail without a recorded delivery last delivered. */
const DELIVERY_LAG_MS = 4 * 60 * 1000;

/** A trail as one region of one account sees it. */
interface VisibleTrail {
  readonly owner: string;
  readonly trail: EstateTrail;
  readonly arn: string;
  /** Homed in another region, or another account's organization trail. */
  readonly shadow: boolean;
}

type CloudTrailHandler = (context: AwsContext, body: Readonly<Record<string, unknown>>) => unknown;

export function trailArn(owner: string, trail: Pick<EstateTrail, 'homeRegion' | 'name'>): string {
  return `arn:aws:cloudtrail:${trail.homeRegion}:${owner}:trail/${trail.name}`;
}

function coversRegion(trail: EstateTrail, region: string): boolean {
  return trail.homeRegion === region || trail.multiRegion;
}

/** The management account's organization trails, for a member of its organization. */
function organizationTrailsFor(context: AwsContext): { owner: AwsAccountEstate; trail: EstateTrail }[] {
  const organization = context.estate.organization;
  const caller = context.caller.account.id;
  if (organization === undefined || caller === organization.managementAccountId) return [];
  if (!organization.members.some((m) => m.id === caller)) return [];
  const management = context.estate.accounts.find((a) => a.id === organization.managementAccountId);
  if (management === undefined) return [];
  return management.trails.filter((t) => t.organizationTrail).map((trail) => ({ owner: management, trail }));
}

function visibleTrails(context: AwsContext): VisibleTrail[] {
  const { account } = context.caller;
  const own = account.trails
    .filter((t) => coversRegion(t, context.region))
    .map((trail) => ({ owner: account.id, trail, arn: trailArn(account.id, trail), shadow: trail.homeRegion !== context.region }));
  const organization = organizationTrailsFor(context)
    .filter(({ trail }) => coversRegion(trail, context.region))
    .map(({ owner, trail }) => ({ owner: owner.id, trail, arn: trailArn(owner.id, trail), shadow: true }));
  return [...own, ...organization];
}

function stringList(body: Readonly<Record<string, unknown>>, name: string): string[] {
  const value = body[name];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every((v): v is string => typeof v === 'string')) {
    throw new AwsApiError('SerializationException', `Expected a list of strings for ${name}`);
  }
  return value;
}

function booleanMember(body: Readonly<Record<string, unknown>>, name: string): boolean | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw new AwsApiError('SerializationException', `Expected a boolean for ${name}`);
  return value;
}

function stringMember(body: Readonly<Record<string, unknown>>, name: string): string | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new AwsApiError('SerializationException', `Expected a string for ${name}`);
  return value;
}

/** A name finds a trail homed in this region; an ARN any trail the region sees. */
function findTrail(context: AwsContext, nameOrArn: string): VisibleTrail | undefined {
  const visible = visibleTrails(context);
  if (nameOrArn.startsWith('arn:')) {
    if (!/^arn:aws[\w-]*:cloudtrail:[a-z0-9-]+:\d{12}:trail\/.+$/.test(nameOrArn)) {
      throw new AwsApiError('CloudTrailARNInvalidException', `${nameOrArn} is not a valid trail ARN: the format is arn:aws:cloudtrail:region:account:trail/name`);
    }
    return visible.find((v) => v.arn === nameOrArn);
  }
  return visible.find((v) => !v.shadow && v.trail.name === nameOrArn);
}

function requireTrail(context: AwsContext, member: string, body: Readonly<Record<string, unknown>>): VisibleTrail {
  const given = stringMember(body, member);
  if (given === undefined || given === '') throw new AwsApiError('InvalidTrailNameException', 'Trail name or ARN can only contain valid characters and cannot be empty.');
  const found = findTrail(context, given);
  if (found === undefined) throw new AwsApiError('TrailNotFoundException', `Unknown trail: ${given} for the user: ${context.caller.account.id}`);
  return found;
}

function hasCustomSelectors(trail: EstateTrail): boolean {
  return trail.eventSelectors !== undefined || trail.advancedEventSelectors !== undefined;
}

function describeTrail(visible: VisibleTrail): Record<string, unknown> {
  const { trail, owner } = visible;
  return {
    Name: trail.name,
    S3BucketName: trail.s3BucketName ?? `aws-cloudtrail-logs-${owner}-${derivedToken(`${owner}|${trail.name}`, 8)}`,
    S3KeyPrefix: trail.s3KeyPrefix,
    SnsTopicName: trail.snsTopicArn?.slice(trail.snsTopicArn.lastIndexOf(':') + 1),
    SnsTopicARN: trail.snsTopicArn,
    IncludeGlobalServiceEvents: trail.includeGlobalServiceEvents,
    IsMultiRegionTrail: trail.multiRegion,
    HomeRegion: trail.homeRegion,
    TrailARN: visible.arn,
    LogFileValidationEnabled: trail.logFileValidation,
    CloudWatchLogsLogGroupArn: trail.cloudWatchLogsLogGroupArn,
    CloudWatchLogsRoleArn: trail.cloudWatchLogsRoleArn,
    KmsKeyId: trail.kmsKeyId,
    HasCustomEventSelectors: hasCustomSelectors(trail),
    HasInsightSelectors: false,
    IsOrganizationTrail: trail.organizationTrail,
  };
}

const describeTrails: CloudTrailHandler = (context, body) => {
  const names = stringList(body, 'trailNameList');
  const includeShadows = booleanMember(body, 'includeShadowTrails') ?? true;
  let trails: VisibleTrail[];
  if (names.length === 0) {
    trails = visibleTrails(context);
  } else {
    // Names that match nothing are left out, not refused.
    trails = [];
    for (const name of names) {
      const found = findTrail(context, name);
      if (found !== undefined && !trails.includes(found)) trails.push(found);
    }
  }
  return { trailList: trails.filter((t) => includeShadows || !t.shadow).map(describeTrail) };
};

/** `2026-11-28T01:34:09Z`, as the status's string times are written. */
function statusTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

const getTrailStatus: CloudTrailHandler = (context, body) => {
  const { trail } = requireTrail(context, 'Name', body);
  const started = Date.parse(trail.startLoggingTime ?? trail.created);
  const stopped = trail.logging ? undefined : Date.parse(trail.stopLoggingTime ?? trail.startLoggingTime ?? trail.created);
  const delivered = trail.latestDeliveryTime !== undefined ? Date.parse(trail.latestDeliveryTime) : (stopped ?? Math.floor((context.now - DELIVERY_LAG_MS) / 1000) * 1000);
  return {
    IsLogging: trail.logging,
    LatestDeliveryError: trail.latestDeliveryError,
    LatestDeliveryTime: delivered / 1000,
    StartLoggingTime: started / 1000,
    StopLoggingTime: stopped === undefined ? undefined : stopped / 1000,
    LatestDeliveryAttemptTime: statusTime(delivered),
    LatestDeliveryAttemptSucceeded: trail.latestDeliveryError === undefined ? statusTime(delivered) : '',
    LatestNotificationAttemptTime: '',
    LatestNotificationAttemptSucceeded: '',
    TimeLoggingStarted: statusTime(started),
    TimeLoggingStopped: stopped === undefined ? '' : statusTime(stopped),
  };
};

/** The selectors a trail has when none were set: every management event, read and write. */
const DEFAULT_SELECTORS: NonNullable<EstateTrail['eventSelectors']> = [
  { readWriteType: 'All', includeManagementEvents: true, dataResources: [], excludeManagementEventSources: [] },
];

const getEventSelectors: CloudTrailHandler = (context, body) => {
  const { trail, arn } = requireTrail(context, 'TrailName', body);
  if (trail.advancedEventSelectors !== undefined) {
    return {
      TrailARN: arn,
      AdvancedEventSelectors: trail.advancedEventSelectors.map((selector) => ({
        Name: selector.name,
        FieldSelectors: selector.fieldSelectors.map((f) => ({
          Field: f.field,
          Equals: f.equals,
          StartsWith: f.startsWith,
          EndsWith: f.endsWith,
          NotEquals: f.notEquals,
          NotStartsWith: f.notStartsWith,
          NotEndsWith: f.notEndsWith,
        })),
      })),
    };
  }
  return {
    TrailARN: arn,
    EventSelectors: (trail.eventSelectors ?? DEFAULT_SELECTORS).map((selector) => ({
      ReadWriteType: selector.readWriteType,
      IncludeManagementEvents: selector.includeManagementEvents,
      DataResources: selector.dataResources.map((r) => ({ Type: r.type, Values: r.values })),
      ExcludeManagementEventSources: selector.excludeManagementEventSources,
    })),
  };
};

const HANDLERS: Readonly<Record<string, CloudTrailHandler>> = {
  DescribeTrails: describeTrails,
  GetTrailStatus: getTrailStatus,
  GetEventSelectors: getEventSelectors,
  LookupEvents: lookupEvents,
};

function cloudTrailInjectedError(error: InjectedError, action: string, caller: Caller, region: string): AwsApiError {
  switch (error) {
    case 'throttle':
      return new AwsApiError('ThrottlingException', 'Rate exceeded');
    case 'server-error':
      return new AwsApiError('InternalFailure', 'An internal error has occurred.', 500);
    case 'unavailable':
      return new AwsApiError('ServiceUnavailable', 'The service is unavailable. Please try again later.', 503);
    case 'access-denied':
      return new AwsApiError(
        'AccessDeniedException',
        action === 'LookupEvents'
          ? `User: ${caller.arn} is not authorized to perform: cloudtrail:LookupEvents because no identity-based policy allows the cloudtrail:LookupEvents action`
          : `User: ${caller.arn} is not authorized to perform: cloudtrail:${action} on resource: arn:aws:cloudtrail:${region}:${caller.account.id}:trail/* because no identity-based policy allows the cloudtrail:${action} action`,
      );
  }
}

function cloudTrailAuthError(failure: AuthFailure): AwsApiError {
  switch (failure) {
    case 'missing':
      return new AwsApiError('MissingAuthenticationTokenException', 'Missing Authentication Token', 403);
    case 'expired':
      return new AwsApiError('ExpiredTokenException', 'The security token included in the request is expired');
    case 'invalid':
    case 'region-disabled':
      return new AwsApiError('UnrecognizedClientException', 'The security token included in the request is invalid.');
  }
}

export const cloudTrailService: AwsService = {
  id: 'cloudtrail',
  actions: Object.keys(HANDLERS),
  rateLimit: { scope: 'service', defaults: CLOUDTRAIL_READ_RATE_LIMIT, actions: { LookupEvents: LOOKUP_EVENTS_RATE_LIMIT } },
  regional: true,
  decode(request) {
    const target = request.headers['x-amz-target'] ?? '';
    return decodeJsonCall(request, actionOf(target), HANDLERS);
  },

  error: awsJsonError,
  injectedError: cloudTrailInjectedError,
  authError: cloudTrailAuthError,
};
