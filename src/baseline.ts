// --baseline: the findings of this scan against those of a previous JSON report. A finding is new
// or unchanged by its id (check + resource); one that disappeared is resolved only where this scan
// actually looked again, so an unreachable account or a denied read never passes for a fix.
import { z } from 'zod';
import { atOrAbove, SEVERITIES, type Severity } from './checks/define-check.js';
import { EXIT, InputError, type ExitCode } from './errors.js';
import type { CoverageEntry, ProviderId, ResourceRef } from './model.js';
import { fingerprint, type Finding, type FindingStatus, type Report } from './report.js';
import { parseOrThrow, readJsonFile } from './validate.js';

const provider = z.enum(['aws', 'azure', 'gcp']);

// Only what the diff needs, and not strict: a report from another version, with fields added or
// dropped around these, is still a baseline.
const baselineFinding = z.object({
  id: z.string().min(1),
  checkId: z.string().min(1),
  resource: z.object({ provider, account: z.string(), region: z.string(), type: z.string().optional(), id: z.string(), name: z.string().optional() }),
  status: z.enum(['fail', 'unknown', 'suppressed']),
  severity: z.enum(SEVERITIES as [Severity, ...Severity[]]),
  score: z.number().int().min(0).max(100),
});

const baselineReport = z.object({
  tool: z.object({ name: z.literal('snapaudit'), version: z.string() }),
  generatedAt: z.string().optional(),
  findings: z.array(baselineFinding),
});

export type BaselineFinding = z.output<typeof baselineFinding>;

export interface Baseline {
  /** The file it was read from, for messages. */
  readonly source: string;
  readonly version: string;
  readonly generatedAt?: string;
  readonly findings: readonly BaselineFinding[];
}

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/** Validates a parsed previous report; `source` names it in the one-line error. */
export function parseBaseline(input: unknown, source: string): Baseline {
  const tool = isObject(input) && isObject(input['tool']) ? input['tool'] : undefined;
  if (tool?.['name'] !== 'snapaudit') {
    throw new InputError(`baseline ${source}: not a snapaudit JSON report (no tool.name "snapaudit"; write one with --format json)`);
  }
  const report = parseOrThrow(baselineReport, input, `baseline ${source}: `);
  return { source, version: report.tool.version, ...(report.generatedAt ? { generatedAt: report.generatedAt } : {}), findings: report.findings };
}

/** Loads a previous JSON report; anything else is an InputError of one line. */
export async function readBaseline(path: string): Promise<Baseline> {
  return parseBaseline(await readJsonFile(path, 'baseline'), path);
}

export type BaselineState = 'new' | 'unchanged';

/** What the diff adds to a finding; on an unchanged one, what differs from last time. */
export interface BaselineMark {
  readonly baseline: BaselineState;
  /** Present only when it differs from the current value. */
  readonly previousScore?: number;
  readonly previousSeverity?: Severity;
  readonly previousStatus?: FindingStatus;
}

/** A failing or unknown finding of the baseline that this scan did not report. */
export interface ResolvedFinding {
  readonly id: string;
  readonly checkId: string;
  readonly resource: BaselineFinding['resource'];
  readonly severity: Severity;
  readonly score: number;
  readonly status: 'fail' | 'unknown';
  /** `not-rechecked`: this scan did not (fully) read where it lives, so its absence proves nothing. */
  readonly outcome: 'resolved' | 'not-rechecked';
  /** For `not-rechecked`: why. */
  readonly why?: string;
}

/** What this scan read: the current report's `scope.accounts` and `coverage`, and which checks ran. */
export interface ScannedScope {
  readonly accounts: ReadonlyArray<Pick<Report['scope']['accounts'][number], 'provider' | 'id' | 'regions' | 'unreachable'>>;
  readonly coverage: ReadonlyArray<Pick<CoverageEntry, 'provider' | 'account' | 'region' | 'status' | 'service' | 'action'>>;
  /** Ids of the checks and chain rules this scan ran. When given, a finding of any other check (a chain rule when no log was read this time) is not rechecked. */
  readonly checksRun?: readonly string[];
  /** `summary.checks.failedToRun`: their findings are not rechecked. */
  readonly failedToRun?: ReadonlyArray<{ readonly checkId: string }>;
}

export interface BaselineDiff<F extends Finding> {
  readonly findings: Array<F & BaselineMark>;
  readonly resolved: ResolvedFinding[];
}

/**
 * Providers whose scan goes region by region, so that `regions` lists what was read. Azure and
 * GCP read a subscription or project whole: their `regions` lists the locations seen, and a
 * resource deleted from the last one it held would otherwise look unscanned.
 */
const REGION_BY_REGION: ReadonlySet<ProviderId> = new Set(['aws']);

/** Why this scan cannot vouch that a finding of the baseline is gone, or undefined when it can. */
function notRecheckedBecause(checkId: string, resource: Pick<ResourceRef, 'provider' | 'account' | 'region'>, scanned: ScannedScope): string | undefined {
  if (scanned.failedToRun?.some((f) => f.checkId === checkId)) return `check ${checkId} failed to run`;
  if (scanned.checksRun && !scanned.checksRun.includes(checkId)) return `check ${checkId} did not run in this scan`;
  const account = scanned.accounts.find((a) => a.provider === resource.provider && a.id === resource.account);
  if (!account) return `${resource.provider} account ${resource.account} was not in this scan`;
  if (account.unreachable !== undefined) return `${resource.provider} account ${resource.account} was unreachable: ${account.unreachable}`;
  const regional = REGION_BY_REGION.has(resource.provider);
  if (regional && resource.region !== 'global' && !account.regions.includes(resource.region)) return `region ${resource.region} was not scanned`;
  // Region by region, a failed read in another region says nothing here; a subscription or project
  // read whole, a failed read anywhere in it may hide this resource.
  const failed = scanned.coverage.filter(
    (c) => (c.status === 'denied' || c.status === 'error') && c.provider === resource.provider && c.account === resource.account && (!regional || c.region === resource.region),
  );
  const first = failed[0];
  if (first) return `reads failed in ${first.region} (${first.status}: ${first.action ?? first.service}${failed.length > 1 ? ` and ${failed.length - 1} more` : ''})`;
  return undefined;
}

function fingerprintOf(previous: BaselineFinding): string | undefined {
  const { type } = previous.resource;
  return type === undefined ? undefined : fingerprint(previous.checkId, { ...previous.resource, type });
}

/**
 * Marks each current finding `new` or `unchanged` against the baseline, and lists the baseline's
 * failing and unknown findings that are gone: `resolved` where this scan read their place again,
 * `not-rechecked` where it did not. A finding is matched by id, and failing that by the id this
 * version computes from the baseline's check and resource (so a fingerprint change between versions
 * does not make every finding new). Run it after applySuppressions: a finding suppressed now and
 * failing before is `unchanged`, with its `suppressed` status.
 */
export function diffBaseline<F extends Finding>(current: readonly F[], previous: Baseline, scanned: ScannedScope): BaselineDiff<F> {
  const byKey = new Map<string, BaselineFinding>();
  for (const p of previous.findings) {
    byKey.set(p.id, p);
    const recomputed = fingerprintOf(p);
    if (recomputed !== undefined && !byKey.has(recomputed)) byKey.set(recomputed, p);
  }
  const seen = new Set<BaselineFinding>();
  const findings = current.map((finding): F & BaselineMark => {
    const before = byKey.get(finding.id);
    if (!before) return { ...finding, baseline: 'new' };
    seen.add(before);
    return {
      ...finding,
      baseline: 'unchanged',
      ...(before.score !== finding.score ? { previousScore: before.score } : {}),
      ...(before.severity !== finding.severity ? { previousSeverity: before.severity } : {}),
      ...(before.status !== finding.status ? { previousStatus: before.status } : {}),
    };
  });
  const resolved = previous.findings.flatMap((p): ResolvedFinding[] => {
    if (seen.has(p) || p.status === 'suppressed') return [];
    const why = notRecheckedBecause(p.checkId, p.resource, scanned);
    const base = { id: p.id, checkId: p.checkId, resource: p.resource, severity: p.severity, score: p.score, status: p.status };
    return [why === undefined ? { ...base, outcome: 'resolved' } : { ...base, outcome: 'not-rechecked', why }];
  });
  return { findings, resolved };
}

/**
 * For --fail-on-new: exit 1 when a finding new since the baseline, failing or unknown (a result we
 * could not verify is not a pass), is at or above `failOn`. Suppressed findings never trip it.
 */
export function exitCodeForNew(findings: ReadonlyArray<Pick<Finding, 'severity' | 'status'> & Pick<BaselineMark, 'baseline'>>, failOn: Severity | undefined): ExitCode {
  if (failOn === undefined) return EXIT.ok;
  const tripped = findings.some((f) => f.baseline === 'new' && f.status !== 'suppressed' && atOrAbove(f.severity, failOn));
  return tripped ? EXIT.findings : EXIT.ok;
}
