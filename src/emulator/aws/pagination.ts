// Pagination for every AWS protocol (EC2 NextToken/MaxResults, RDS Marker/MaxRecords, the JSON
// services' nextToken/maxResults). A token is opaque to the client: here base64url of the offset
// and a fingerprint of the request it belongs to, so that a token replayed with other parameters
// is refused (EC2: InvalidPaginationToken; each service words it) instead of silently skipping
// items.
import { createHash } from 'node:crypto';
import { AwsApiError, invalidParameterValue } from './errors.js';

export interface PageRequest {
  readonly maxResults: number | undefined;
  readonly nextToken: string | undefined;
  /** Emulator knob: no page is longer than this, whatever MaxResults says. */
  readonly pageCap: number | undefined;
  /** Identifies the listing: action, caller, region and every parameter but the paging ones. */
  readonly fingerprint: string;
  /** The service's error for a token it did not issue; EC2's InvalidPaginationToken by default. */
  readonly invalidToken?: (token: string) => AwsApiError;
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly nextToken: string | undefined;
}

const PAGING_PARAMS = new Set(['NextToken', 'MaxResults', 'Marker', 'MaxRecords', 'nextToken', 'maxResults', 'Action', 'Version']);

export function fingerprintOf(scope: string, flat: Readonly<Record<string, string>>): string {
  const stable = Object.entries(flat)
    .filter(([key]) => !PAGING_PARAMS.has(key))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => `${key}=${value}`)
    .join('&');
  return createHash('sha256').update(`${scope}\n${stable}`).digest('hex').slice(0, 16);
}

function encodeToken(offset: number, fingerprint: string): string {
  return Buffer.from(JSON.stringify({ o: offset, f: fingerprint }), 'utf8').toString('base64url');
}

const ec2InvalidToken = (token: string): AwsApiError =>
  new AwsApiError('InvalidPaginationToken', `The pagination token '${token}' is not valid or has expired`);

function decodeToken(token: string, fingerprint: string, invalidToken: (token: string) => AwsApiError): number {
  const invalid = invalidToken(token);
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw invalid;
  }
  if (typeof decoded !== 'object' || decoded === null) throw invalid;
  const { o, f } = decoded as { o?: unknown; f?: unknown };
  if (typeof o !== 'number' || !Number.isSafeInteger(o) || o < 0 || f !== fingerprint) throw invalid;
  return o;
}

/**
 * Reads a page size (`MaxResults`, `MaxRecords`), refusing values outside what the action
 * documents with the service's error (EC2's InvalidParameterValue by default).
 */
export function readMaxResults(
  raw: string | undefined,
  min: number,
  max: number,
  outOfRange: (raw: string) => AwsApiError = (value) =>
    invalidParameterValue(`Value ( ${value} ) for parameter maxResults is invalid. Expecting a value between ${min} and ${max}.`),
): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) throw outOfRange(raw);
  return value;
}

export function paginate<T>(items: readonly T[], request: PageRequest): Page<T> {
  const offset = request.nextToken === undefined || request.nextToken === '' ? 0 : decodeToken(request.nextToken, request.fingerprint, request.invalidToken ?? ec2InvalidToken);
  const size = Math.min(request.maxResults ?? Number.POSITIVE_INFINITY, request.pageCap ?? Number.POSITIVE_INFINITY);
  const end = Math.min(items.length, offset + size);
  const page = items.slice(offset, end);
  return { items: page, nextToken: end < items.length ? encodeToken(end, request.fingerprint) : undefined };
}
