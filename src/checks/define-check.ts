// The check contract: metadata plus one pure, synchronous function of the inventory. A check never
// does I/O, never logs and never throws on odd data; what it cannot decide is `unknown`.
import type { Inventory, ProviderId, ResourceRef } from '../model.js';

export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';
export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

/** 0 for critical, rising as severity falls: for ranking and for severity gates. */
export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { critical: 0, high: 1, medium: 2, low: 3, info: 4 };

/** Whether `severity` reaches a gate set at `threshold` (`--fail-on`, `--fail-on-new`). */
export function atOrAbove(severity: Severity, threshold: Severity): boolean {
  return SEVERITY_RANK[severity] <= SEVERITY_RANK[threshold];
}

export type ResultStatus = 'fail' | 'pass' | 'unknown' | 'n/a';

export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };
export type Evidence = { readonly [key: string]: JsonValue };

/** Facts about a result that the scorer turns into points (see src/scorer.ts). */
export interface Signals {
  /** The widest audience that can use the resource. */
  readonly exposure?: 'public' | 'external' | 'unknown' | 'trusted';
  readonly unencrypted?: boolean;
  /** Internet-reachable instances built from this resource. */
  readonly reachableInstances?: number;
  /** A guard rail that makes the exposure inert right now (e.g. `block-all-sharing`). */
  readonly inertBecause?: string;
  /** A guard rail that is on but only partly effective (e.g. `block-new-sharing`). */
  readonly partialGuard?: string;
  /** For account- or region-wide settings: exposed resources the setting would have protected. */
  readonly exposedResourcesInScope?: number;
}

export interface ThreatMapping {
  readonly techniques: readonly string[];
  readonly mitigations: readonly string[];
}

export interface ComplianceMapping {
  readonly framework: string;
  readonly version: string;
  readonly controls: readonly string[];
}

export interface Remediation {
  readonly text: string;
  /** The exact command that fixes it, with `{{placeholders}}` filled from the result's data. */
  readonly command: string;
  readonly docs?: string;
}

/** Values for `{{placeholders}}`; a list reads as `a, b` in a message and as separate words in a command. */
export type Placeholders = { readonly [key: string]: string | number | readonly string[] };

export interface CheckResult {
  readonly checkId: string;
  readonly status: ResultStatus;
  readonly resource: ResourceRef;
  readonly messageId: string;
  readonly data: Placeholders;
  readonly evidence: Evidence;
  readonly signals: Signals;
}

type ResultInput<M extends string> = {
  readonly resource: ResourceRef;
  readonly messageId: M;
  readonly data?: Placeholders;
  readonly evidence?: Evidence;
  readonly signals?: Signals;
};

/** What a check's `evaluate` reports through; it fills in the check id and defaults. */
export interface Reporter<M extends string> {
  fail(input: ResultInput<M>): void;
  pass(input: ResultInput<M>): void;
  unknown(input: ResultInput<M>): void;
  notApplicable(input: ResultInput<M>): void;
}

export interface CheckMeta<M extends string = string> {
  /** Stable and never reused: the contract with users and with the JSON report. */
  readonly id: string;
  readonly title: string;
  /** What the check looks at and why it matters, in a sentence or two. */
  readonly description: string;
  readonly severity: Severity;
  readonly provider: ProviderId;
  /** The cloud's type name of the resources the check reports on. */
  readonly resourceType: string;
  readonly threat: ThreatMapping;
  readonly compliance: readonly ComplianceMapping[];
  /** Messages by id, with `{{placeholders}}` filled from each result's data. */
  readonly messages: Readonly<Record<M, string>>;
  readonly remediation: Remediation;
  /**
   * The mitigation posture this check is evidence for: an audit-logging check (M1047) or an
   * identity check (M1018). Its failures show in that posture line of the account.
   */
  readonly posture?: 'audit' | 'userAccountManagement';
}

/** What a check may know besides the inventory: the time of the scan, for judgements of age. */
export interface CheckContext {
  readonly now: Date;
}

export interface Check<M extends string = string> extends CheckMeta<M> {
  /** Receives only the part of the inventory that belongs to `provider`. */
  evaluate(inventory: Inventory, report: Reporter<M>, context: CheckContext): void;
}

export function defineCheck<const M extends string>(check: Check<M>): Check<M> {
  return check;
}

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;

export function placeholdersIn(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1] as string);
}

/** Fills `{{name}}` from data; an absent value stays visible as `{{name}}` rather than vanishing. */
export function fillMessage(template: string, data: Placeholders): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => {
    const value = data[name];
    if (value === undefined) return whole;
    return Array.isArray(value) ? value.join(', ') : String(value);
  });
}

/** Fills a command template, quoting every substituted word for a POSIX shell. */
export function fillCommand(template: string, data: Placeholders): string {
  const filled = template.replace(PLACEHOLDER, (whole, name: string) => {
    const value = data[name];
    if (value === undefined) return whole;
    return Array.isArray(value) ? value.map(shellQuote).join(' ') : shellQuote(String(value));
  });
  // An empty list (an optional flag left out) leaves two spaces behind.
  return filled.replace(/ {2,}/g, ' ').trim();
}

/** Quotes a value for a POSIX shell unless it is made only of characters that need no quoting. */
export function shellQuote(value: string): string {
  if (/^[A-Za-z0-9_.,:/=@%+-]+$/.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
