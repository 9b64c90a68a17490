// The values Compute Engine derives for every resource: full resource URLs (whatever endpoint was
// called, links point at www.googleapis.com), 64-bit numeric ids as decimal strings, RFC 3339
// timestamps in Pacific time (as Compute writes them) and fingerprints.
import { createHash } from 'node:crypto';

export const COMPUTE_BASE_URL = 'https://www.googleapis.com/compute/v1/';

/** The placeholder estates write for the owning project, as in `projects/PROJECT/global/networks/default`. */
const PROJECT_PLACEHOLDER = /^projects\/PROJECT\//;

/**
 * A resource path relative to the API (`projects/p/zones/z/disks/d`) from what an estate wrote: a
 * partial path, one without its `projects/{p}/` (taken as the owning project's), or a full URL.
 */
export function resourcePath(reference: string, ownerProjectId: string): string {
  const withoutBase = reference.startsWith(COMPUTE_BASE_URL) ? reference.slice(COMPUTE_BASE_URL.length) : reference.replace(/^\/+/, '');
  if (/^https?:\/\//.test(withoutBase)) return withoutBase;
  const owned = withoutBase.startsWith('projects/') ? withoutBase : `projects/${ownerProjectId}/${withoutBase}`;
  return owned.replace(PROJECT_PLACEHOLDER, `projects/${ownerProjectId}/`);
}

/** The full URL of a reference, as Compute returns `sourceDisk`, `network`, `users`... */
export function resourceUrl(reference: string, ownerProjectId: string): string {
  const path = resourcePath(reference, ownerProjectId);
  return /^https?:\/\//.test(path) ? path : `${COMPUTE_BASE_URL}${path}`;
}

/** A stable 19-digit id for a resource path, as Compute's uint64 ids look. */
export function numericId(path: string): string {
  const hex = createHash('sha256').update(`id:${path}`).digest('hex').slice(0, 16);
  return ((BigInt(`0x${hex}`) % 8_000_000_000_000_000_000n) + 1_000_000_000_000_000_000n).toString();
}

/** Compute's fingerprint of an empty set of labels or tags. */
export const EMPTY_FINGERPRINT = '42WmSpB8rSM=';

export function fingerprint(value: unknown): string {
  const json = JSON.stringify(value);
  if (json === '{}' || json === '[]') return EMPTY_FINGERPRINT;
  return createHash('sha256').update(json).digest().subarray(0, 8).toString('base64');
}

const PACIFIC = new Intl.DateTimeFormat('en-US', {
  timeZone: 'America/Los_Angeles',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
  timeZoneName: 'longOffset',
});

/** An instant as Compute writes `creationTimestamp`: `2026-01-01T16:00:00.000-08:00`. */
export function computeTimestamp(iso: string): string {
  const date = new Date(iso);
  const parts = Object.fromEntries(PACIFIC.formatToParts(date).map((p) => [p.type, p.value]));
  const offset = (parts['timeZoneName'] ?? 'GMT').replace(/^GMT/, '') || '+00:00';
  const millis = String(date.getUTCMilliseconds()).padStart(3, '0');
  return `${parts['year']}-${parts['month']}-${parts['day']}T${parts['hour']}:${parts['minute']}:${parts['second']}.${millis}${offset}`;
}

/** The region of a zone: `us-central1-a` → `us-central1`. */
export function regionOfZone(zone: string): string {
  return zone.replace(/-[a-z]$/, '');
}
