// Small readers for untyped log records: the parsers take whatever JSON a file holds and must
// never throw on a field of the wrong type, so every access goes through these.

export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function obj(value: unknown): Json | undefined {
  return isObject(value) ? value : undefined;
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function num(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return Number(value);
  return undefined;
}

export function arr(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

/** A property looked up without regard to case: Azure request bodies come in either spelling. */
export function getCi(value: unknown, key: string): unknown {
  const record = obj(value);
  if (!record) return undefined;
  if (key in record) return record[key];
  const lower = key.toLowerCase();
  for (const [name, field] of Object.entries(record)) if (name.toLowerCase() === lower) return field;
  return undefined;
}

/** Follows a path of case-insensitive keys. */
export function pathCi(value: unknown, ...keys: readonly string[]): unknown {
  let current = value;
  for (const key of keys) {
    current = getCi(current, key);
    if (current === undefined) return undefined;
  }
  return current;
}

/** EC2 wraps lists as `{ items: [...] }`; some exporters flatten them to plain arrays. */
export function items(value: unknown): readonly unknown[] {
  if (Array.isArray(value)) return value;
  const record = obj(value);
  return record ? arr(record['items'] ?? record['item']) : [];
}

/** A JSON document stored as a string field (Azure request bodies, CloudTrail lookup output). */
export function parseEmbedded(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const text = value.trim();
  if (!text.startsWith('{') && !text.startsWith('[')) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

const SPACE_SEPARATED = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d+)?)$/;

/**
 * One spelling of time across clouds: ISO 8601 in UTC with milliseconds, so events from three
 * clouds sort as strings. SIEM exports write `2024-01-30 12:52:34.676384000` (UTC, no zone); a
 * value no parser understands is kept as written rather than dropped.
 */
export function isoTime(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) {
    // CloudTrail lookup-events gives epoch seconds; SDK dumps sometimes give milliseconds.
    const ms = value < 1e11 ? value * 1000 : value;
    return new Date(ms).toISOString();
  }
  const text = str(value)?.trim();
  if (!text) return undefined;
  const spaced = SPACE_SEPARATED.exec(text);
  const candidate = spaced ? `${spaced[1]}T${spaced[2]}Z` : text;
  const parsed = Date.parse(candidate);
  return Number.isNaN(parsed) ? text : new Date(parsed).toISOString();
}

export function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}
