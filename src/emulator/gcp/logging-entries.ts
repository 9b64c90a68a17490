// Cloud Logging v2 `entries.list` (`POST /v2/entries:list`) over a project's `auditLog`: one
// project in `resourceNames`, a filter read narrowly (terms joined by AND: logName, LOG_ID(),
// timestamp comparisons, protoPayload.methodName by `=` or `:` with OR lists, protoPayload.serviceName,
// resource.type), orderBy `timestamp asc|desc`, pageSize (at most 1000) and pageToken. A filter
// term it cannot read is refused with 400, never ignored: ignoring it would widen the answer. The
// action is `logging.logEntries.list`, metered at 60 per minute per project.
import { createHash } from 'node:crypto';
import type { GcpLogEntryEstate } from '../estate.js';
import type { RateLimitPolicy } from '../types.js';
import { GoogleApiError, googleJson, iamPermissionDenied, type Quota } from './errors.js';
import type { GcpRoute } from './route.js';

export const ENTRIES_LIST = 'logging.logEntries.list';
export const ENTRIES_PATH = '/v2/entries:list';
const API = 'logging.googleapis.com';
const DEFAULT_PAGE = 50;
const MAX_PAGE = 1000;

/** Logging reads: 600 per minute; entries.list: 60 per minute per project, on a bucket of its own. */
export const ENTRIES_RATE_LIMIT: RateLimitPolicy = { scope: 'service', defaults: { burst: 600, refillPerSecond: 10 }, actions: { [ENTRIES_LIST]: { burst: 60, refillPerSecond: 1 } } };
const QUOTA: Quota = {
  metricName: 'Read requests',
  metric: 'logging.googleapis.com/read_requests',
  limitName: 'ReadRequestsPerMinutePerProject',
  limitDisplayName: 'Read requests per minute',
  limitValue: 60,
};

function invalid(message: string): GoogleApiError {
  return new GoogleApiError('INVALID_ARGUMENT', message, 'badRequest', { legacy: false });
}

type Predicate = (entry: GcpLogEntryEstate) => boolean;

/** Splits on a keyword (AND, OR) outside quotes and parentheses. */
function splitTop(text: string, keyword: 'AND' | 'OR'): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (c === '\\' && quoted) {
      i += 1;
      continue;
    }
    if (c === '"') quoted = !quoted;
    else if (!quoted && c === '(') depth += 1;
    else if (!quoted && c === ')') depth -= 1;
    else if (!quoted && depth === 0 && /\s/.test(c ?? '') && text.startsWith(`${keyword}`, i + 1) && /\s/.test(text[i + 1 + keyword.length] ?? '')) {
      parts.push(text.slice(start, i));
      i += keyword.length + 1;
      start = i;
    }
  }
  if (quoted || depth !== 0) throw invalid(`Unparseable filter: unbalanced quotes or parentheses in "${text}"`);
  parts.push(text.slice(start));
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

function unquote(text: string, filter: string): string {
  const match = /^"((?:[^"\\]|\\.)*)"$/.exec(text.trim());
  if (!match) throw invalid(`Unparseable filter: expected a quoted string, got ${text} in "${filter}"`);
  return (match[1] ?? '').replace(/\\(.)/g, '$1');
}

/** `"a"` or `("a" OR "b")`. */
function valuesOf(text: string, filter: string): string[] {
  const trimmed = text.trim();
  if (trimmed.startsWith('(') && trimmed.endsWith(')')) return splitTop(trimmed.slice(1, -1), 'OR').map((v) => unquote(v, filter));
  return [unquote(trimmed, filter)];
}

function stringMatcher(op: string, values: readonly string[]): (actual: string | undefined) => boolean {
  if (op === '=') return (actual) => actual !== undefined && values.includes(actual);
  // `:` is "has": a case-insensitive substring for a string field.
  const lower = values.map((v) => v.toLowerCase());
  return (actual) => actual !== undefined && lower.some((v) => actual.toLowerCase().includes(v));
}

const methodOf = (e: GcpLogEntryEstate): string | undefined => e.protoPayload?.methodName;
const serviceOf = (e: GcpLogEntryEstate): string | undefined => e.protoPayload?.serviceName;
const logIdOf = (e: GcpLogEntryEstate): string => decodeURIComponent(e.logName.slice(e.logName.indexOf('/logs/') + '/logs/'.length));

function term(text: string, filter: string): Predicate {
  let m = /^logName\s*=\s*(".*")$/.exec(text);
  if (m) {
    const name = unquote(m[1] ?? '', filter);
    return (e) => e.logName === name;
  }
  m = /^LOG_ID\(\s*(".*")\s*\)$/.exec(text);
  if (m) {
    const id = unquote(m[1] ?? '', filter);
    return (e) => logIdOf(e) === id;
  }
  m = /^timestamp\s*(>=|<=|>|<|=)\s*(".*")$/.exec(text);
  if (m) {
    const at = Date.parse(unquote(m[2] ?? '', filter));
    if (Number.isNaN(at)) throw invalid(`Unparseable filter: invalid timestamp in "${text}"`);
    const op = m[1];
    return (e) => {
      const t = Date.parse(e.timestamp);
      return op === '>=' ? t >= at : op === '<=' ? t <= at : op === '>' ? t > at : op === '<' ? t < at : t === at;
    };
  }
  m = /^protoPayload\.(methodName|serviceName)\s*(=|:)\s*(.+)$/.exec(text);
  if (m) {
    const match = stringMatcher(m[2] ?? '=', valuesOf(m[3] ?? '', filter));
    return m[1] === 'methodName' ? (e) => match(methodOf(e)) : (e) => match(serviceOf(e));
  }
  m = /^resource\.type\s*=\s*(".*")$/.exec(text);
  if (m) {
    const type = unquote(m[1] ?? '', filter);
    return (e) => e.resource.type === type;
  }
  throw invalid(`The snapaudit emulator does not read the filter term "${text}" (it reads logName, LOG_ID(), timestamp, protoPayload.methodName, protoPayload.serviceName and resource.type joined by AND)`);
}

/** The filter as one predicate; an empty filter matches every entry. */
export function parseEntriesFilter(filter: string): Predicate {
  const trimmed = filter.trim();
  if (trimmed === '') return () => true;
  const predicates = splitTop(trimmed, 'AND').map((t) => {
    const inner = t.startsWith('(') && t.endsWith(')') && !/^\(.*\)\s*\S/.test(t) ? t.slice(1, -1).trim() : t;
    return term(inner, filter);
  });
  return (entry) => predicates.every((p) => p(entry));
}

interface EntriesRequest {
  readonly project: string | undefined;
  readonly filter: string;
  readonly order: 'asc' | 'desc';
  readonly pageSize: number;
  readonly pageToken: string | undefined;
  readonly error?: GoogleApiError;
}

function readRequest(body: string, pageCap: number | undefined): EntriesRequest {
  let parsed: Record<string, unknown>;
  try {
    const value: unknown = body.trim() === '' ? {} : JSON.parse(body);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not an object');
    parsed = value as Record<string, unknown>;
  } catch {
    return { project: undefined, filter: '', order: 'asc', pageSize: DEFAULT_PAGE, pageToken: undefined, error: invalid('Invalid JSON payload received.') };
  }
  const names = parsed['resourceNames'];
  const fail = (error: GoogleApiError): EntriesRequest => ({ project: undefined, filter: '', order: 'asc', pageSize: DEFAULT_PAGE, pageToken: undefined, error });
  if (!Array.isArray(names) || names.length === 0) return fail(invalid('resourceNames: at least one resource name is required.'));
  if (names.length > 1) return fail(invalid('The snapaudit emulator serves one project per entries.list call.'));
  const project = typeof names[0] === 'string' ? /^projects\/([^/]+)$/.exec(names[0])?.[1] : undefined;
  if (project === undefined) return fail(invalid(`resourceNames: ${String(names[0])} is not a project (projects/PROJECT_ID).`));
  const filter = parsed['filter'] ?? '';
  const orderBy = String(parsed['orderBy'] ?? 'timestamp asc').trim();
  if (typeof filter !== 'string') return { ...fail(invalid('filter must be a string.')), project };
  if (orderBy !== 'timestamp asc' && orderBy !== 'timestamp desc' && orderBy !== 'timestamp') return { ...fail(invalid(`orderBy: "${orderBy}" is not valid; only timestamp asc and timestamp desc are.`)), project };
  const rawSize = parsed['pageSize'];
  if (rawSize !== undefined && (typeof rawSize !== 'number' || !Number.isInteger(rawSize) || rawSize < 0)) return { ...fail(invalid('pageSize must be a non-negative integer.')), project };
  const asked = typeof rawSize === 'number' && rawSize > 0 ? Math.min(rawSize, MAX_PAGE) : DEFAULT_PAGE;
  const token = parsed['pageToken'];
  return { project, filter, order: orderBy === 'timestamp desc' ? 'desc' : 'asc', pageSize: Math.min(asked, pageCap ?? asked), pageToken: typeof token === 'string' && token !== '' ? token : undefined };
}

function fingerprintOf(caller: string, request: EntriesRequest): string {
  return createHash('sha256').update(`${caller}\n${request.project ?? ''}\n${request.filter}\n${request.order}`).digest('hex').slice(0, 16);
}

function offsetOf(token: string, fingerprint: string): number {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    decoded = undefined;
  }
  const { o, f } = (typeof decoded === 'object' && decoded !== null ? decoded : {}) as { o?: unknown; f?: unknown };
  if (typeof o !== 'number' || !Number.isSafeInteger(o) || o < 0 || f !== fingerprint) throw invalid('page_token: the page token is invalid or belongs to another request.');
  return o;
}

/** Routes `POST /v2/entries:list`; the project comes from the body's `resourceNames`. */
export function routeEntries(body: string, pageCap: number | undefined): GcpRoute {
  const request = readRequest(body, pageCap);
  const project = request.project;
  return {
    service: 'logging',
    action: ENTRIES_LIST,
    project,
    region: 'global',
    params: { ...(project === undefined ? {} : { project }), filter: request.filter, orderBy: `timestamp ${request.order}` },
    api: { service: API, method: 'google.logging.v2.LoggingServiceV2.ListLogEntries' },
    method: 'POST',
    rateLimit: ENTRIES_RATE_LIMIT,
    quota: QUOTA,
    denied: () => iamPermissionDenied(API, ENTRIES_LIST, `projects/${project ?? ''}`),
    answer({ view, caller }) {
      if (request.error) throw request.error;
      // A project that does not exist is denied, as Logging answers it.
      if (view === undefined) throw iamPermissionDenied(API, ENTRIES_LIST, `projects/${project ?? ''}`);
      const keep = parseEntriesFilter(request.filter);
      const sign = request.order === 'asc' ? 1 : -1;
      const entries = view.project.auditLog.filter(keep).sort((a, b) => sign * (Date.parse(a.timestamp) - Date.parse(b.timestamp)) || (a.insertId < b.insertId ? -1 : 1));
      const fingerprint = fingerprintOf(caller.token, request);
      const offset = request.pageToken === undefined ? 0 : offsetOf(request.pageToken, fingerprint);
      const end = Math.min(entries.length, offset + request.pageSize);
      const nextPageToken = end < entries.length ? Buffer.from(JSON.stringify({ o: end, f: fingerprint }), 'utf8').toString('base64url') : undefined;
      const page = entries.slice(offset, end);
      return googleJson({ entries: page.length === 0 ? undefined : page, nextPageToken });
    },
  };
}
