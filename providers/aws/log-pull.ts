// The live pull of CloudTrail's event history: LookupEvents in every account and region the scan
// would read. LookupEvents takes one lookup attribute per call: a region is swept for its write
// events first, and where that would cost more than a query per event name that matters to a
// snapshot chain, the per-name queries finish the window. AWS meters the API at 2 calls per second
// per account and region, which the client's pacing keeps to. IAM records in us-east-1.
import { paginateLookupEvents, type Event as TrailEvent } from '@aws-sdk/client-cloudtrail';
import type { CoverageRecorder } from '../../src/coverage.js';
import type { CoverageEntry } from '../../src/model.js';
import type { CollectContext, LogPull, LogPullRequest, RawLogRecord, ScanScope } from '../../src/provider.js';
import { readAwsAccounts, type AccountVisit } from './accounts.js';
import { classifyAwsError } from './errors.js';

/** Regional management events on the way from a snapshot to an exposed instance or database. */
export const REGIONAL_EVENT_NAMES: readonly string[] = [
  'CreateSnapshot',
  'CreateSnapshots',
  'CopySnapshot',
  'CreateImage',
  'CopyImage',
  'ModifySnapshotAttribute',
  'ModifyImageAttribute',
  'CreateDBSnapshot',
  'CreateDBClusterSnapshot',
  'CopyDBSnapshot',
  'CopyDBClusterSnapshot',
  'ModifyDBSnapshotAttribute',
  'ModifyDBClusterSnapshotAttribute',
  'SharedSnapshotCopyInitiated',
  'SharedSnapshotVolumeCreated',
  'CreateVolume',
  'RunInstances',
  'RestoreDBInstanceFromDBSnapshot',
  'RestoreDBClusterFromSnapshot',
  'AuthorizeSecurityGroupIngress',
  'ModifySecurityGroupRules',
  'StartExportTask',
  'ExportImage',
  'CreateStoreImageTask',
];

/** New principals and their credentials: IAM is global and records in us-east-1 only. */
export const GLOBAL_EVENT_NAMES: readonly string[] = ['CreateUser', 'CreateAccessKey', 'CreateLoginProfile', 'CreateRole'];
export const GLOBAL_EVENTS_REGION = 'us-east-1';

const ACTION = 'cloudtrail:LookupEvents';
/** Failures that every later call to the region would meet too (a region not enabled answers this). */
const REGION_WIDE: ReadonlySet<string> = new Set(['UnrecognizedClientException']);
/** LookupEvents' largest page. */
const PAGE_SIZE = 50;

/** The event names to look up in a region. */
export function eventNamesFor(region: string): readonly string[] {
  return region === GLOBAL_EVENTS_REGION ? [...REGIONAL_EVENT_NAMES, ...GLOBAL_EVENT_NAMES] : REGIONAL_EVENT_NAMES;
}

/** Pure: an Event of LookupEvents to its CloudTrail record; undefined when `CloudTrailEvent` is missing or not a JSON object. */
export function recordOf(event: TrailEvent): Record<string, unknown> | undefined {
  if (typeof event.CloudTrailEvent !== 'string') return undefined;
  try {
    const parsed: unknown = JSON.parse(event.CloudTrailEvent);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

interface RegionPull {
  readonly records: RawLogRecord[];
}

type LookupAttribute = { AttributeKey: 'EventName' | 'ReadOnly'; AttributeValue: string };

/** Stop reading pages: the sweep has cost what the per-name queries would. */
class OverBudget extends Error {}

/**
 * One region's chain events, in as few calls as the region allows. A sweep of all write events
 * (newest first) costs one call per 50 events: a quiet region's whole window in a call or two,
 * where a query per event name would cost at least one call per name. When the sweep has cost as
 * many pages as there are names and the window is not done, the per-name queries take over for
 * the part of the window the sweep did not reach. Events are kept once, by their id.
 */
export async function pullRegion(visit: AccountVisit, region: string, names: readonly string[], request: LogPullRequest, coverage: CoverageRecorder): Promise<RegionPull> {
  const client = visit.factory.cloudtrail(region);
  const origin = `aws:${visit.target.account}:${region} ${ACTION}`;
  const wanted = new Set(names);
  const records: RawLogRecord[] = [];
  const seen = new Set<string>();
  let malformed = 0;
  let oldest: Date | undefined;

  const read = async (attribute: LookupAttribute, endTime: Date, maxPages: number): Promise<void> => {
    const pages = paginateLookupEvents(
      { client, pageSize: PAGE_SIZE, stopOnSameToken: true },
      { LookupAttributes: [attribute], StartTime: request.since, EndTime: endTime, MaxResults: PAGE_SIZE },
    );
    let count = 0;
    for await (const page of pages) {
      for (const event of page.Events ?? []) {
        if (event.EventTime && (oldest === undefined || event.EventTime < oldest)) oldest = event.EventTime;
        if (!event.EventName || !wanted.has(event.EventName)) continue;
        if (event.EventId) {
          if (seen.has(event.EventId)) continue;
          seen.add(event.EventId);
        }
        const record = recordOf(event);
        if (record === undefined) {
          malformed += 1;
          coverage.gap(region, 'cloudtrail', 'error', ACTION, 'an event whose CloudTrailEvent is not a JSON object was left out', event.EventId ?? event.EventName);
          continue;
        }
        records.push({ format: 'cloudtrail', record, origin });
      }
      count += 1;
      // A next page exists (the paginator would fetch it): the sweep has not reached the window's start.
      if (count >= maxPages && page.NextToken) throw new OverBudget();
    }
  };

  const regionGap = (error: unknown, what: string): 'stop' | 'go-on' => {
    const failure = classifyAwsError(error);
    if (failure.status === 'denied' || failure.status === 'skipped' || REGION_WIDE.has(failure.code)) {
      // Denied (or a region that refuses our credentials) for one query is so for all: one line for the region.
      coverage.gap(region, 'cloudtrail', failure.status, ACTION, `${failure.detail}; no event of the region was read`);
      return 'stop';
    }
    coverage.gap(region, 'cloudtrail', failure.status, ACTION, `${what} could not be read: ${failure.detail}`, what);
    return 'go-on';
  };

  let sweptWhole = false;
  try {
    await read({ AttributeKey: 'ReadOnly', AttributeValue: 'false' }, request.until, names.length);
    sweptWhole = true;
  } catch (error) {
    if (!(error instanceof OverBudget) && regionGap(error, 'write events') === 'stop') return { records };
  }
  let queried = 0;
  if (!sweptWhole) {
    // What the sweep did not reach: from the window's start to the oldest event it saw.
    const endTime = oldest ?? request.until;
    for (const name of names) {
      try {
        await read({ AttributeKey: 'EventName', AttributeValue: name }, endTime, Number.POSITIVE_INFINITY);
        queried += 1;
      } catch (error) {
        if (regionGap(error, `events named ${name}`) === 'stop') return { records };
      }
    }
  }
  const how = sweptWhole ? 'all write events of the window in one sweep' : `${queried} of ${names.length} event names looked up after a sweep of the newest write events`;
  coverage.ok(region, 'cloudtrail', `${records.length} chain events read (${how}${malformed > 0 ? `, ${malformed} unreadable left out` : ''})`);
  return { records };
}

interface AccountPull {
  readonly records: RawLogRecord[];
  readonly coverage: CoverageEntry[];
  readonly accounts: Array<{ account: string; regions: readonly string[] }>;
}

async function pullAccount(visit: AccountVisit, request: LogPullRequest, context: CollectContext): Promise<AccountPull> {
  const { plan, coverage, target } = visit;
  // Global events are kept in us-east-1 even when the scan is narrowed to other regions.
  const regions = plan.regions.includes(GLOBAL_EVENTS_REGION) ? plan.regions : [...plan.regions, GLOBAL_EVENTS_REGION];
  context.progress(`aws ${target.account}: looking up CloudTrail events in ${regions.length} regions`);
  const parts = await Promise.all(
    regions.map((region) => pullRegion(visit, region, plan.regions.includes(region) ? eventNamesFor(region) : GLOBAL_EVENT_NAMES, request, coverage)),
  );
  return { records: parts.flatMap((p) => p.records), coverage: coverage.entries(), accounts: [{ account: target.account, regions }] };
}

export async function pullAwsLogs(scope: ScanScope, request: LogPullRequest, context: CollectContext): Promise<LogPull> {
  const parts = await readAwsAccounts<AccountPull>(scope, context, {
    read: (visit) => pullAccount(visit, request, context),
    gap: (coverage) => ({ records: [], coverage, accounts: [] }),
  });
  return {
    records: parts.flatMap((p) => p.records),
    coverage: parts.flatMap((p) => p.coverage),
    accounts: parts.flatMap((p) => p.accounts),
  };
}
