// One framework as a per-control table: which checks cover each control (read from the checks' own
// metadata) and what this scan's results say about it. Pure: renderers call it with the report's
// checks and results, and decide themselves how to escape and lay out the strings.
import type { CheckMeta, ComplianceMapping, ResultStatus } from '../checks/define-check.js';
import { UsageError } from '../errors.js';
import type { ResourceRef } from '../model.js';
import { FRAMEWORK_IDS, FRAMEWORKS, type FrameworkId, type FrameworkInfo, type FrameworkVersion } from './catalog.js';

/**
 * `fail`: a covering check failed. `unknown`: none failed, but one could not decide (or threw).
 * `pass`: the covering checks that ran all passed (or were n/a); most checks judge only the
 * snapshot-exposure slice of a control, so a pass says they found nothing wrong, not that the
 * control is met in full. `not-assessed`: checks cover it, but none ran in this scan (another
 * cloud, no audit logs). `not-covered`: no check maps to it.
 */
export type ControlStatus = 'fail' | 'unknown' | 'pass' | 'not-assessed' | 'not-covered';

export const CONTROL_STATUSES: readonly ControlStatus[] = ['fail', 'unknown', 'pass', 'not-assessed', 'not-covered'];

export interface ControlCounts {
  readonly pass: number;
  readonly fail: number;
  readonly unknown: number;
}

export interface ControlRow {
  readonly control: string;
  /** Empty when a check cites a control the catalog does not list (a meta-test keeps that from shipping). */
  readonly title: string;
  readonly status: ControlStatus;
  /** Ids of the checks and chain rules that map to the control, in catalog order. */
  readonly checks: readonly string[];
  /** Results of those checks in this scan; `n/a` results are not counted. */
  readonly counts: ControlCounts;
  /** Distinct resources with at least one failed result among those checks. */
  readonly failingResources: number;
}

export interface FrameworkSummary {
  readonly controls: number;
  /** Controls at least one check maps to. */
  readonly covered: number;
  readonly fail: number;
  readonly unknown: number;
  readonly pass: number;
  readonly notAssessed: number;
  readonly notCovered: number;
}

export interface FrameworkTable {
  readonly framework: FrameworkId;
  readonly name: string;
  readonly version: string;
  readonly source: string;
  readonly rows: readonly ControlRow[];
  readonly summary: FrameworkSummary;
}

/** What the table needs of a check or chain rule: a `CheckMeta` or a `Rule` fits. */
export type CheckMapping = Pick<CheckMeta, 'id' | 'compliance'> & { readonly threat: Pick<CheckMeta['threat'], 'techniques'> };

/**
 * What the table needs of a result: a `CheckResult` fits. A `suppressed` result (a finding the
 * user accepted) shows that the check ran but, as in Security Hub, does not count for the control.
 */
export interface ControlEvidence {
  readonly checkId: string;
  readonly status: ResultStatus | 'suppressed';
  readonly resource: ResourceRef;
}

export interface FrameworkRef {
  readonly id: FrameworkId;
  readonly version: string;
}

export interface FrameworkTableOptions {
  /**
   * Ids of the checks and rules that ran in this scan. A check with results always counts as run;
   * without this list, one with no results counts as not run, so a control it alone covers is
   * `not-assessed` rather than a pass over nothing. Pass it to count an empty run (no snapshots,
   * no detections in the logs) as a pass.
   */
  readonly ran?: Iterable<string>;
  /** Ids of checks that threw: their results are missing, so what they cover is at best `unknown`. */
  readonly errored?: Iterable<string>;
}

/** `cis-aws` (newest version) or `cis-aws@v3.0.0`; case and a leading `v` in the version do not matter. */
export function parseFrameworkId(value: string): FrameworkRef {
  const trimmed = value.trim();
  const at = trimmed.indexOf('@');
  const idPart = (at === -1 ? trimmed : trimmed.slice(0, at)).toLowerCase();
  const info = (FRAMEWORK_IDS as readonly string[]).includes(idPart) ? FRAMEWORKS[idPart as FrameworkId] : undefined;
  if (!info) {
    throw new UsageError(`Unknown framework "${value}". Known frameworks: ${frameworkChoices()}. Pick a version with id@version, e.g. cis-aws@v3.0.0.`);
  }
  if (at === -1) return { id: info.id, version: newest(info).version };
  const wanted = normalizeVersion(trimmed.slice(at + 1));
  const found = info.versions.find((v) => normalizeVersion(v.version) === wanted);
  if (!found) {
    throw new UsageError(`Framework ${info.id} has no version "${trimmed.slice(at + 1)}" in snapaudit's catalog. Known versions: ${info.versions.map((v) => v.version).join(', ')}.`);
  }
  return { id: info.id, version: found.version };
}

/** The framework and version a check's compliance entry names, if the catalog knows them. */
export function frameworkOfMapping(mapping: Pick<ComplianceMapping, 'framework' | 'version'>): FrameworkRef | undefined {
  for (const id of FRAMEWORK_IDS) {
    const info = FRAMEWORKS[id];
    if (info.mappedBy !== 'compliance' || info.name !== mapping.framework) continue;
    const version = info.versions.find((v) => v.version === mapping.version);
    if (version) return { id, version: version.version };
  }
  return undefined;
}

/**
 * Every compliance entry and technique of the given checks that the catalog cannot resolve, one
 * line each (`check: framework version has no control X`). Empty when the mappings are all known.
 */
export function unresolvedMappings(checks: readonly CheckMapping[]): string[] {
  const problems: string[] = [];
  const attack = FRAMEWORKS['mitre-attack'].versions.flatMap((v) => v.controls.map((c) => c.id));
  for (const check of checks) {
    for (const mapping of check.compliance) {
      const ref = frameworkOfMapping(mapping);
      if (!ref) {
        problems.push(`${check.id}: no framework "${mapping.framework}" version "${mapping.version}" in the catalog`);
        continue;
      }
      const known = new Set(versionOf(FRAMEWORKS[ref.id], ref.version).controls.map((c) => c.id));
      for (const control of mapping.controls) {
        if (!known.has(control)) problems.push(`${check.id}: ${mapping.framework} ${mapping.version} has no control ${control} in the catalog`);
      }
    }
    for (const technique of check.threat.techniques) {
      if (!attack.includes(technique)) problems.push(`${check.id}: technique ${technique} is not in the ATT&CK catalog`);
    }
  }
  return problems;
}

/** Control id → ids of the checks that map to it, read from the checks' own metadata. */
export function controlCoverage(ref: FrameworkRef, checks: readonly CheckMapping[]): Map<string, string[]> {
  const info = FRAMEWORKS[ref.id];
  const coverage = new Map<string, string[]>();
  const add = (control: string, checkId: string): void => {
    const ids = coverage.get(control) ?? [];
    if (!ids.includes(checkId)) ids.push(checkId);
    coverage.set(control, ids);
  };
  for (const check of checks) {
    if (info.mappedBy === 'techniques') {
      for (const technique of check.threat.techniques) add(technique, check.id);
      continue;
    }
    for (const mapping of check.compliance) {
      if (mapping.framework !== info.name || mapping.version !== ref.version) continue;
      for (const control of mapping.controls) add(control, check.id);
    }
  }
  return coverage;
}

export function frameworkTable(
  framework: string | FrameworkRef,
  checks: readonly CheckMapping[],
  results: readonly ControlEvidence[],
  options: FrameworkTableOptions = {},
): FrameworkTable {
  const ref = typeof framework === 'string' ? parseFrameworkId(framework) : framework;
  const info = FRAMEWORKS[ref.id];
  const version = versionOf(info, ref.version);
  const coverage = controlCoverage(ref, checks);
  const byCheck = tally(results);
  const ran = new Set(options.ran ?? []);
  for (const checkId of byCheck.keys()) ran.add(checkId);
  const errored = new Set(options.errored ?? []);

  const listed = new Set(version.controls.map((c) => c.id));
  // A control cited by a check but missing from the catalog still gets a row: dropping it would hide a result.
  const unlisted = [...coverage.keys()].filter((id) => !listed.has(id)).map((id) => ({ id, title: '' }));
  const rows = [...version.controls, ...unlisted].map((c) => rowFor(c.id, c.title, coverage.get(c.id) ?? [], byCheck, ran, errored));

  return { framework: info.id, name: info.name, version: version.version, source: info.source, rows, summary: summarize(rows) };
}

/** The table as plain JSON, with the framework described once at the top. */
export function frameworkJson(table: FrameworkTable): {
  readonly framework: { readonly id: FrameworkId; readonly name: string; readonly version: string; readonly source: string };
  readonly summary: FrameworkSummary;
  readonly controls: readonly ControlRow[];
} {
  return {
    framework: { id: table.framework, name: table.name, version: table.version, source: table.source },
    summary: table.summary,
    controls: table.rows.map((row) => ({ ...row, checks: [...row.checks], counts: { ...row.counts } })),
  };
}

export const STATUS_LABEL: Readonly<Record<ControlStatus, string>> = {
  fail: 'FAIL',
  unknown: 'UNKNOWN',
  pass: 'PASS',
  'not-assessed': 'NOT ASSESSED',
  'not-covered': 'NOT COVERED',
};

/**
 * A heading line, then one line per control: `FAIL EC2.1 Amazon EBS snapshots … (2 failing
 * resources; 2 fail, 5 pass; checks: aws-ebs-snapshot-public)`. Plain strings: nothing is escaped.
 */
export function frameworkLines(table: FrameworkTable): string[] {
  const s = table.summary;
  const heading =
    `${table.name} ${table.version}: ${s.controls} controls, ${s.covered} covered by snapaudit` +
    ` (${s.fail} fail, ${s.unknown} unknown, ${s.pass} pass, ${s.notAssessed} not assessed, ${s.notCovered} not covered)`;
  return [heading, ...table.rows.map(rowLine)];
}

function rowLine(row: ControlRow): string {
  const head = [STATUS_LABEL[row.status], row.control, row.title].filter((part) => part !== '').join(' ');
  return `${head} (${rowDetail(row)})`;
}

function rowDetail(row: ControlRow): string {
  const checks = `checks: ${row.checks.join(', ')}`;
  switch (row.status) {
    case 'not-covered':
      return 'no snapaudit check maps to it';
    case 'not-assessed':
      return `not run in this scan; ${checks}`;
    default: {
      const counts = (['fail', 'unknown', 'pass'] as const).filter((k) => row.counts[k] > 0).map((k) => `${row.counts[k]} ${k}`);
      const parts: string[] = [];
      if (row.failingResources > 0) parts.push(`${row.failingResources} failing ${row.failingResources === 1 ? 'resource' : 'resources'}`);
      parts.push(counts.length > 0 ? counts.join(', ') : 'nothing to evaluate');
      return `${parts.join('; ')}; ${checks}`;
    }
  }
}

interface Tally {
  pass: number;
  fail: number;
  unknown: number;
  failing: Set<string>;
}

function tally(results: readonly ControlEvidence[]): Map<string, Tally> {
  const byCheck = new Map<string, Tally>();
  for (const result of results) {
    let t = byCheck.get(result.checkId);
    if (!t) {
      t = { pass: 0, fail: 0, unknown: 0, failing: new Set() };
      byCheck.set(result.checkId, t);
    }
    if (result.status === 'pass') t.pass += 1;
    else if (result.status === 'unknown') t.unknown += 1;
    else if (result.status === 'fail') {
      t.fail += 1;
      t.failing.add(resourceKey(result.resource));
    }
  }
  return byCheck;
}

function rowFor(control: string, title: string, checks: readonly string[], byCheck: ReadonlyMap<string, Tally>, ran: ReadonlySet<string>, errored: ReadonlySet<string>): ControlRow {
  const counts = { pass: 0, fail: 0, unknown: 0 };
  const failing = new Set<string>();
  for (const id of checks) {
    const t = byCheck.get(id);
    if (!t) continue;
    counts.pass += t.pass;
    counts.fail += t.fail;
    counts.unknown += t.unknown;
    for (const key of t.failing) failing.add(key);
  }
  return { control, title, status: statusOf(checks, counts, ran, errored), checks, counts, failingResources: failing.size };
}

function statusOf(checks: readonly string[], counts: ControlCounts, ran: ReadonlySet<string>, errored: ReadonlySet<string>): ControlStatus {
  if (checks.length === 0) return 'not-covered';
  if (counts.fail > 0) return 'fail';
  const threw = checks.some((id) => errored.has(id));
  if (counts.unknown > 0 || threw) return 'unknown';
  if (!checks.some((id) => ran.has(id))) return 'not-assessed';
  return 'pass';
}

function summarize(rows: readonly ControlRow[]): FrameworkSummary {
  const count = (status: ControlStatus): number => rows.filter((r) => r.status === status).length;
  return {
    controls: rows.length,
    covered: rows.filter((r) => r.checks.length > 0).length,
    fail: count('fail'),
    unknown: count('unknown'),
    pass: count('pass'),
    notAssessed: count('not-assessed'),
    notCovered: count('not-covered'),
  };
}

function resourceKey(ref: ResourceRef): string {
  return [ref.provider, ref.account, ref.region, ref.type, ref.id].join('\u0000');
}

function newest(info: FrameworkInfo): FrameworkVersion {
  const first = info.versions[0];
  if (!first) throw new Error(`framework ${info.id} lists no version`);
  return first;
}

function versionOf(info: FrameworkInfo, version: string): FrameworkVersion {
  const found = info.versions.find((v) => v.version === version);
  if (!found) throw new UsageError(`Framework ${info.id} has no version "${version}" in snapaudit's catalog. Known versions: ${info.versions.map((v) => v.version).join(', ')}.`);
  return found;
}

function normalizeVersion(version: string): string {
  return version.trim().toLowerCase().replace(/^v(?=\d)/, '');
}

function frameworkChoices(): string {
  return FRAMEWORK_IDS.map((id) => `${id} (${FRAMEWORKS[id].versions.map((v) => v.version).join(', ')})`).join(', ');
}

/** `frameworkLines` for a table as the Report carries it (`frameworkJson`'s shape). */
export function frameworkJsonLines(json: ReturnType<typeof frameworkJson>): string[] {
  return frameworkLines({ framework: json.framework.id, name: json.framework.name, version: json.framework.version, source: json.framework.source, rows: json.controls, summary: json.summary });
}
