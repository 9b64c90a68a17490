// ARM resource ids and the identifiers Azure makes up for resources (unique ids, object ids, etags):
// derived from a seed so that every run of an estate answers the same.
import { createHash } from 'node:crypto';

/** A GUID-shaped value that is the same for the same seed. */
export function stableGuid(seed: string): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  // Version 4 and RFC 4122 variant bits, so that the value parses as a GUID anywhere.
  const variant = ((Number.parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** ARM compares resource ids (and names) without regard to case. */
export function sameId(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();
}

/** The last segment of a resource id: the resource's name. */
export function nameOf(id: string): string {
  return id.split('/').filter((s) => s !== '').at(-1) ?? id;
}

/** The weak etag network resources carry, e.g. `W/"6b7a…"`. */
export function etagOf(id: string): string {
  return `W/"${stableGuid(`etag:${id.toLowerCase()}`)}"`;
}

/** A `{ id }` reference, or nothing when there is no id. */
export function ref(id: string | undefined): { id: string } | undefined {
  return id === undefined ? undefined : { id };
}
