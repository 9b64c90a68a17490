// EC2 `Filter.N` and RDS `Filters.Filter.N`: filters are ANDed, the values of one filter ORed.
// EC2 values may use the `*` and `?` wildcards (`\` escapes them); RDS values match exactly.
// Matching is case-sensitive. An unknown filter name is an error, as on AWS.
import { type AwsApiError, invalidParameterValue } from './errors.js';
import type { QueryFilter } from './query.js';

/** The filter names a resource type supports, each with the values a resource has for it. */
export interface FilterSpec<T> {
  readonly fields: Readonly<Record<string, (item: T) => readonly (string | undefined)[]>>;
  /** When present, `tag:KEY`, `tag-key` and `tag-value` are supported too. */
  readonly tags?: (item: T) => Readonly<Record<string, string>>;
  /** False: values match literally (RDS). EC2's wildcards by default. */
  readonly wildcards?: boolean;
  /** The service's error for an unknown filter name; EC2's wording by default. */
  readonly unknownFilter?: (name: string) => AwsApiError;
}

const REGEXP_SPECIAL = /[.*+?^${}()|[\]\\]/g;

function wildcardToRegExp(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] ?? '';
    if (ch === '\\' && i + 1 < pattern.length) {
      i += 1;
      source += (pattern[i] ?? '').replace(REGEXP_SPECIAL, '\\$&');
    } else if (ch === '*') {
      source += '[\\s\\S]*';
    } else if (ch === '?') {
      source += '[\\s\\S]';
    } else {
      source += ch.replace(REGEXP_SPECIAL, '\\$&');
    }
  }
  return new RegExp(`^${source}$`, 'u');
}

export function matchesWildcard(value: string, pattern: string): boolean {
  if (!/[*?\\]/.test(pattern)) return value === pattern;
  return wildcardToRegExp(pattern).test(value);
}

const ec2UnknownFilter = (name: string): AwsApiError => invalidParameterValue(`The filter '${name}' is invalid`);

type Extractor<T> = (item: T) => readonly (string | undefined)[];

function extractorFor<T>(spec: FilterSpec<T>, name: string): Extractor<T> | undefined {
  const field = Object.hasOwn(spec.fields, name) ? spec.fields[name] : undefined;
  if (field !== undefined) return field;
  const tagsOf = spec.tags;
  if (tagsOf === undefined) return undefined;
  if (name.startsWith('tag:')) {
    const key = name.slice('tag:'.length);
    return (item) => [tagsOf(item)[key]];
  }
  if (name === 'tag-key') return (item) => Object.keys(tagsOf(item));
  if (name === 'tag-value') return (item) => Object.values(tagsOf(item));
  return undefined;
}

export function applyFilters<T>(items: readonly T[], filters: readonly QueryFilter[], spec: FilterSpec<T>): T[] {
  const compiled = filters.map((filter) => {
    const extract = extractorFor(spec, filter.name);
    if (extract === undefined) throw (spec.unknownFilter ?? ec2UnknownFilter)(filter.name);
    return { extract, patterns: filter.values };
  });
  const matches = spec.wildcards === false ? (value: string, pattern: string) => value === pattern : matchesWildcard;
  return items.filter((item) =>
    compiled.every(({ extract, patterns }) => {
      const values = extract(item).filter((v): v is string => v !== undefined);
      return patterns.some((pattern) => values.some((value) => matches(value, pattern)));
    }),
  );
}

export const bool = (value: boolean): string => (value ? 'true' : 'false');
