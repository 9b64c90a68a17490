// The Activity Log as ARM serves it: `GET /subscriptions/{s}/providers/Microsoft.Insights/eventtypes/management/values`
// over the subscription's `activityLog`, newest first, paged with nextLink. `$filter` must bound
// eventTimestamp from below (ge, within the 90 days Azure keeps) and may bound it from above and
// narrow by resourceProvider, resourceGroupName, resourceUri, correlationId or caller, joined by
// `and`; a term it does not read is refused with 400, never ignored. `$select` keeps the top-level
// fields named. The operation is `Microsoft.Insights/eventtypes/values/read`.
import type { AzureSubscriptionEstate } from '../estate.js';
import { ArmError } from './errors.js';
import type { ExtensionRoute } from './access.js';
import type { SubscriptionView } from './view.js';

type ActivityEvent = AzureSubscriptionEstate['activityLog'][number];

export const ACTIVITY_LOG_READ = 'Microsoft.Insights/eventtypes/values/read';
const RETENTION_MS = 90 * 86_400_000;

function badFilter(message: string): ArmError {
  return new ArmError(400, 'BadRequest', message);
}

const lower = (s: string | undefined): string => (s ?? '').toLowerCase();

/** The resource provider of an event: as recorded, else the operation's namespace. */
export function providerOf(event: ActivityEvent): string {
  return event.resourceProviderName?.value ?? event.operationName.value.split('/')[0] ?? '';
}

function resourceGroupOf(event: ActivityEvent): string | undefined {
  return event.resourceGroupName ?? /\/resourceGroups\/([^/]+)/i.exec(event.resourceId)?.[1];
}

type Predicate = (event: ActivityEvent) => boolean;

/** `$filter` to a predicate; throws ArmError 400 for what the API would refuse or the emulator cannot read. */
export function parseActivityFilter(filter: string | null, now: number): Predicate {
  const text = filter?.trim() ?? '';
  if (text === '') throw badFilter("The $filter query parameter is required: it must include eventTimestamp ge '<start time>'.");
  const predicates: Predicate[] = [];
  let from: number | undefined;
  let to: number | undefined;
  for (const term of text.split(/\s+and\s+/i)) {
    const time = /^eventTimestamp\s+(ge|le|gt|lt)\s+'([^']+)'$/i.exec(term.trim());
    if (time) {
      const at = Date.parse(time[2] ?? '');
      if (Number.isNaN(at)) throw badFilter(`The time '${time[2] ?? ''}' in $filter is not a valid date and time.`);
      const op = lower(time[1]);
      if (op === 'ge' || op === 'gt') from = at;
      else to = at;
      predicates.push((e) => {
        const t = Date.parse(e.eventTimestamp);
        return op === 'ge' ? t >= at : op === 'gt' ? t > at : op === 'le' ? t <= at : t < at;
      });
      continue;
    }
    const eq = /^(resourceProvider|resourceGroupName|resourceUri|resourceId|correlationId|caller)\s+eq\s+'([^']*)'$/i.exec(term.trim());
    if (eq) {
      const value = lower(eq[2]);
      const field = lower(eq[1]);
      predicates.push((e) => {
        if (field === 'resourceprovider') return lower(providerOf(e)) === value;
        if (field === 'resourcegroupname') return lower(resourceGroupOf(e)) === value;
        if (field === 'correlationid') return lower(e.correlationId) === value;
        if (field === 'caller') return lower(e.caller) === value;
        return lower(e.resourceId) === value;
      });
      continue;
    }
    throw badFilter(`The snapaudit emulator does not read the $filter term '${term.trim()}' (it reads eventTimestamp ge/le, resourceProvider, resourceGroupName, resourceUri, correlationId and caller eq, joined by and).`);
  }
  if (from === undefined) throw badFilter("The $filter query parameter must include eventTimestamp ge '<start time>'.");
  if (from < now - RETENTION_MS) throw badFilter(`The start time in $filter is more than 90 days ago; the Activity Log keeps 90 days.`);
  if (to !== undefined && to < from) throw badFilter('The end time in $filter is before its start time.');
  return (event) => predicates.every((p) => p(event));
}

function select(event: ActivityEvent, fields: string | null): unknown {
  if (fields === null || fields.trim() === '') return event;
  const wanted = new Set(fields.split(',').map((f) => lower(f.trim())));
  return Object.fromEntries(Object.entries(event).filter(([key]) => wanted.has(key.toLowerCase())));
}

export const activityLogRoute: ExtensionRoute = {
  provider: 'Microsoft.Insights',
  type: 'eventtypes',
  path: ['management', 'values'],
  action: ACTIVITY_LOG_READ,
  paged: true,
  list(view: SubscriptionView, query: URLSearchParams) {
    const keep = parseActivityFilter(query.get('$filter'), Date.now());
    const selected = query.get('$select');
    return view.subscription.activityLog
      .filter(keep)
      .sort((a, b) => Date.parse(b.eventTimestamp) - Date.parse(a.eventTimestamp) || (a.eventDataId < b.eventDataId ? -1 : 1))
      .map((e) => select(e, selected));
  },
};
