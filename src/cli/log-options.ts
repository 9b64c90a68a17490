// `--since` and log paths: the audit-log inputs of `scan` and `logs`, checked before anything is read
// or called.
import { stat } from 'node:fs/promises';
import type { Config } from '../config.js';
import { InputError, UsageError } from '../errors.js';
import type { LogRequest } from '../scan.js';

/** CloudTrail's event history holds 90 days; the other clouds' admin activity logs hold as long or longer. */
const MAX_SINCE_DAYS = 90;

/** `7d`, `36h` or `90m`: the start of the period that ends now. */
export function parseSince(value: string, now: Date): Date {
  const match = /^(\d+)([dhm])$/.exec(value.trim());
  if (!match) throw new UsageError(`--since "${value}" is not a period such as 7d, 36h or 90m`);
  const unit = { d: 86_400_000, h: 3_600_000, m: 60_000 }[match[2] as 'd' | 'h' | 'm'];
  const ms = Number(match[1]) * unit;
  if (ms <= 0 || ms > MAX_SINCE_DAYS * 86_400_000) throw new UsageError(`--since must be more than 0 and at most ${MAX_SINCE_DAYS}d (the clouds keep no longer event history), got "${value}"`);
  return new Date(now.getTime() - ms);
}

/** Every log path must exist before anything is read or called. */
async function checkLogPaths(paths: readonly string[]): Promise<void> {
  for (const path of paths) {
    try {
      await stat(path);
    } catch (error) {
      throw new InputError(`cannot read logs ${path} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`);
    }
  }
}

export async function logRequestOf(files: readonly string[] | undefined, since: string | undefined, config: Config, now: Date): Promise<LogRequest | undefined> {
  if (files && files.length > 0 && since !== undefined) throw new UsageError('give log files or --since, not both: they would read the same events twice');
  const base = { options: config.logs, internalDomains: config.gcp.internalDomains };
  if (since !== undefined) return { ...base, since: parseSince(since, now) };
  if (!files || files.length === 0) return undefined;
  await checkLogPaths(files);
  return { ...base, files };
}
