// ARM list paging: `{ value: [...], nextLink }`, where nextLink is the same URL with a
// `$skiptoken`. The token is opaque to the client: base64url of the offset and a fingerprint of the
// listing (path, caller, other query parameters), so that a token replayed on another listing is
// refused instead of silently skipping items.
import { createHash } from 'node:crypto';
import { ArmError } from './errors.js';

/** Items per page when the `pageCap` knob does not set one. */
export const ARM_DEFAULT_PAGE_SIZE = 100;

const SKIP_TOKEN = '$skiptoken';

export interface ArmPage<T> {
  readonly value: readonly T[];
  readonly nextLink?: string;
}

function queryWithout(query: URLSearchParams, drop: (name: string) => boolean): [string, string][] {
  return [...query.entries()].filter(([name]) => !drop(name.toLowerCase()));
}

function fingerprintOf(path: string, caller: string, query: URLSearchParams): string {
  const stable = queryWithout(query, (name) => name === SKIP_TOKEN || name === 'api-version')
    .map(([name, value]) => `${name.toLowerCase()}=${value}`)
    .sort()
    .join('&');
  return createHash('sha256').update(`${path.toLowerCase()}\n${caller.toLowerCase()}\n${stable}`).digest('hex').slice(0, 16);
}

function invalidSkipToken(token: string): ArmError {
  return new ArmError(400, 'InvalidSkipToken', `The provided skip token '${token}' is not valid.`);
}

function offsetOf(token: string, fingerprint: string): number {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw invalidSkipToken(token);
  }
  const { o, f } = (typeof decoded === 'object' && decoded !== null ? decoded : {}) as { o?: unknown; f?: unknown };
  if (typeof o !== 'number' || !Number.isSafeInteger(o) || o < 0 || f !== fingerprint) throw invalidSkipToken(token);
  return o;
}

/** The page of `items` the request asks for; `origin` like `https://127.0.0.1:8443`. */
export function pageOf<T>(items: readonly T[], url: URL, origin: string, caller: string, pageSize: number): ArmPage<T> {
  const fingerprint = fingerprintOf(url.pathname, caller, url.searchParams);
  const tokenEntry = [...url.searchParams.entries()].find(([name]) => name.toLowerCase() === SKIP_TOKEN);
  const offset = tokenEntry === undefined || tokenEntry[1] === '' ? 0 : offsetOf(tokenEntry[1], fingerprint);
  const end = Math.min(items.length, offset + pageSize);
  const value = items.slice(offset, end);
  if (end >= items.length) return { value };
  const token = Buffer.from(JSON.stringify({ o: end, f: fingerprint }), 'utf8').toString('base64url');
  const kept = new URLSearchParams(queryWithout(url.searchParams, (name) => name === SKIP_TOKEN)).toString();
  return { value, nextLink: `${origin}${url.pathname}?${kept === '' ? '' : `${kept}&`}${SKIP_TOKEN}=${token}` };
}
