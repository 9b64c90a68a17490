// Small value helpers shared by the AWS services: times as AWS prints them, stable fake ids.
import { createHash } from 'node:crypto';

export function isoTime(value: string): string {
  return new Date(value).toISOString();
}

/** Seconds since the epoch, as the JSON protocols send timestamps. */
export function epochSeconds(value: string): number {
  return Date.parse(value) / 1000;
}

/** A stable fake id derived from a seed, e.g. `r-0f3a…` for a reservation. */
export function derivedId(prefix: string, seed: string, hexLength = 17): string {
  return `${prefix}-${createHash('sha256').update(seed).digest('hex').slice(0, hexLength)}`;
}

/** A stable fake token of lower-case letters and digits, e.g. the account part of RDS host names. */
export function derivedToken(seed: string, length: number): string {
  const digest = createHash('sha256').update(seed).digest();
  return [...digest].slice(0, length).map((b) => 'abcdefghijklmnopqrstuvwxyz0123456789'[b % 36] ?? 'a').join('');
}
