// Google list paging: `maxResults` (Compute) or `pageSize` (Resource Manager) asks for a page size,
// `pageToken` carries on from `nextPageToken`. Tokens are opaque to clients: base64url of the offset
// and a fingerprint of the listing (path, caller, the other query parameters), so that a token
// replayed on another listing is refused instead of silently skipping items.
import { createHash } from 'node:crypto';
import { invalidField } from './errors.js';

/** Compute's default and largest page: "Acceptable values are 0 to 500, inclusive. (Default: 500)". */
export const COMPUTE_MAX_RESULTS = 500;
/** Resource Manager picks "an appropriate default"; the emulator's is this. */
export const PROJECT_SEARCH_PAGE_SIZE = 100;
export const PROJECT_SEARCH_MAX_PAGE_SIZE = 500;

const PAGE_TOKEN = 'pageToken';

/** Query parameters that do not change what a listing holds. */
function isPagingParameter(name: string): boolean {
  return name === PAGE_TOKEN || name === 'maxResults' || name === 'pageSize' || name.startsWith('$');
}

function fingerprintOf(path: string, caller: string, query: URLSearchParams): string {
  const stable = [...query.entries()]
    .filter(([name]) => !isPagingParameter(name))
    .map(([name, value]) => `${name}=${value}`)
    .sort()
    .join('&');
  return createHash('sha256').update(`${path}\n${caller}\n${stable}`).digest('hex').slice(0, 16);
}

/** Compute's `maxResults`: 0 to 500, 0 or absent meaning 500; then no more than the page cap. */
export function computePageSize(query: URLSearchParams, pageCap: number | undefined): number {
  const raw = query.get('maxResults');
  let size = COMPUTE_MAX_RESULTS;
  if (raw !== null && raw !== '') {
    if (!/^\d+$/.test(raw)) throw invalidField('maxResults', raw, 'Must be an unsigned integer.');
    const asked = Number(raw);
    if (asked > COMPUTE_MAX_RESULTS) throw invalidField('maxResults', raw, `Must be less than or equal to ${COMPUTE_MAX_RESULTS}`);
    if (asked > 0) size = asked;
  }
  return Math.min(size, pageCap ?? size);
}

/** Resource Manager's `pageSize`: larger asks are served smaller pages, as "the server can return fewer". */
export function searchPageSize(query: URLSearchParams, pageCap: number | undefined): number {
  const raw = query.get('pageSize');
  let size = PROJECT_SEARCH_PAGE_SIZE;
  if (raw !== null && raw !== '') {
    if (!/^-?\d+$/.test(raw) || Number(raw) < 0) throw invalidField('pageSize', raw, 'Must be a non-negative integer.');
    if (Number(raw) > 0) size = Math.min(Number(raw), PROJECT_SEARCH_MAX_PAGE_SIZE);
  }
  return Math.min(size, pageCap ?? size);
}

function offsetOf(token: string, fingerprint: string): number {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    decoded = undefined;
  }
  const { o, f } = (typeof decoded === 'object' && decoded !== null ? decoded : {}) as { o?: unknown; f?: unknown };
  if (typeof o !== 'number' || !Number.isSafeInteger(o) || o < 0 || f !== fingerprint) {
    throw invalidField(PAGE_TOKEN, token, 'Invalid page token.');
  }
  return o;
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly nextPageToken?: string;
}

/** The page of `items` the request asks for. */
export function pageOf<T>(items: readonly T[], url: URL, caller: string, pageSize: number): Page<T> {
  const fingerprint = fingerprintOf(url.pathname, caller, url.searchParams);
  const token = url.searchParams.get(PAGE_TOKEN);
  const offset = token === null || token === '' ? 0 : offsetOf(token, fingerprint);
  const end = Math.min(items.length, offset + pageSize);
  const page = items.slice(offset, end);
  if (end >= items.length) return { items: page };
  return { items: page, nextPageToken: Buffer.from(JSON.stringify({ o: end, f: fingerprint }), 'utf8').toString('base64url') };
}
