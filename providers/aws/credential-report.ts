// The IAM credential report: one CSV row per user (and `<root_account>`) with password, MFA and
// access-key facts. Pure parsing; the reads live in identity.ts.

export interface CredentialRow {
  readonly user: string;
  readonly arn: string;
  readonly createdAt?: string;
  readonly passwordEnabled: boolean;
  /** ISO time; null when never used; absent when the report has no information. */
  readonly passwordLastUsed?: string | null;
  readonly mfaActive: boolean;
  readonly keys: ReadonlyArray<{ readonly slot: 1 | 2; readonly active: boolean; readonly lastRotated?: string; readonly lastUsed?: string | null }>;
}

export class CredentialReportError extends Error {
  override readonly name = 'CredentialReportError';
}

/** RFC 4180 fields: commas, and double quotes doubled inside quoted fields (user names are plain, but tags are not in it). */
function splitLine(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i += 1) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      fields.push(field);
      field = '';
    } else field += ch;
  }
  fields.push(field);
  return fields;
}

/** A date column: an ISO time, `N/A` or `no_information` (never, or not recorded), `not_supported` (root keys). */
function when(value: string | undefined): string | null | undefined {
  if (value === undefined || value === '' || value === 'not_supported') return undefined;
  if (value === 'N/A' || value === 'no_information') return null;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : new Date(at).toISOString();
}

const REQUIRED = ['user', 'arn', 'password_enabled', 'mfa_active', 'access_key_1_active', 'access_key_2_active'];

export function parseCredentialReport(csv: string): CredentialRow[] {
  const lines = csv.split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = splitLine(lines[0] ?? '');
  for (const column of REQUIRED) if (!header.includes(column)) throw new CredentialReportError(`credential report has no "${column}" column`);
  return lines.slice(1).map((line) => {
    const cells = splitLine(line);
    const get = (column: string): string | undefined => cells[header.indexOf(column)];
    const keys = ([1, 2] as const).map((slot) => {
      const lastRotated = when(get(`access_key_${slot}_last_rotated`));
      const lastUsed = when(get(`access_key_${slot}_last_used_date`));
      return {
        slot,
        active: get(`access_key_${slot}_active`) === 'true',
        ...(typeof lastRotated === 'string' ? { lastRotated } : {}),
        ...(lastUsed !== undefined ? { lastUsed } : {}),
      };
    });
    const created = when(get('user_creation_time'));
    const passwordLastUsed = when(get('password_last_used'));
    return {
      user: get('user') ?? '',
      arn: get('arn') ?? '',
      ...(typeof created === 'string' ? { createdAt: created } : {}),
      passwordEnabled: get('password_enabled') === 'true',
      ...(passwordLastUsed !== undefined ? { passwordLastUsed } : {}),
      mfaActive: get('mfa_active') === 'true',
      // A key slot that never held a key is `false` with N/A dates: leave it out.
      keys: keys.filter((k) => k.active || k.lastRotated !== undefined),
    };
  });
}

/** The latest of a user's sign-in and key uses; null when none was ever used; undefined when unknown. */
export function lastActivity(row: CredentialRow): string | null | undefined {
  const uses = [row.passwordLastUsed, ...row.keys.map((k) => k.lastUsed)];
  const dates = uses.filter((u): u is string => typeof u === 'string');
  if (dates.length > 0) return dates.sort().at(-1);
  return uses.some((u) => u === null) || uses.length === 0 ? null : undefined;
}
