// The Report: everything a renderer needs, and nothing it would have to look up elsewhere. The
// JSON renderer writes it as is; it is the machine contract of DESIGN.md.
import { createHash } from 'node:crypto';
import { MITIGATIONS, TECHNIQUES } from './attack.js';
import { fillCommand, fillMessage, SEVERITIES, SEVERITY_RANK, type Check, type CheckMeta, type CheckResult, type ComplianceMapping, type Evidence, type Severity } from './checks/define-check.js';
import type { CheckFailure } from './checks/run.js';
import { CHECKS } from './checks/index.js';
import { RULES } from './chains/index.js';
import { auditStateAt, BROAD_HOLDERS, DORMANT_DAYS, EXFILTRATION, idleDays, isDormant, isOutside, principalLabel, uamStateFor } from './mitigations.js';
import { isUnknown, type Capability, type CoverageEntry, type Inventory, type Principal, type ProviderId, type ResourceRef } from './model.js';
import { diffBaseline, type Baseline, type BaselineState, type ResolvedFinding } from './baseline.js';
import type { Suppression } from './config.js';
import { frameworkJson, frameworkTable, type FrameworkRef } from './frameworks/index.js';
import { idsInEvidence, resourceKey } from './logs/resource-key.js';
import { applySuppressions, describeSuppression, type ExpiredSuppressionNote, type SuppressionNote } from './suppress.js';
import { scoreFinding, type ChainLinks, type MitigationContext, type ScoreReason } from './scorer.js';

/** Renderers know severities through the Report's module, not the checks'. */
export { SEVERITIES, SEVERITY_RANK };

export type FindingStatus = 'fail' | 'unknown' | 'suppressed';

type ResourceCount = 'snapshots' | 'images' | 'disks' | 'instances' | 'dbSnapshots' | 'databases' | 'backupVaults' | 'galleries';

export interface Finding {
  /** Stable across scans: the same check on the same resource gives the same id. */
  readonly id: string;
  readonly checkId: string;
  readonly title: string;
  readonly severity: Severity;
  readonly status: FindingStatus;
  readonly score: number;
  readonly reasons: readonly ScoreReason[];
  readonly resource: ResourceRef;
  readonly message: string;
  readonly evidence: Evidence;
  readonly techniques: ReadonlyArray<{ readonly id: string; readonly name: string }>;
  readonly mitigations: ReadonlyArray<{ readonly id: string; readonly name: string }>;
  readonly compliance: readonly ComplianceMapping[];
  readonly remediation: { readonly text: string; readonly command: string; readonly docs?: string };
  /** The config suppression that accepted this finding (its status is then `suppressed`). */
  readonly suppression?: SuppressionNote;
  /** A suppression that matched but has expired: the finding counts again, and says so. */
  readonly suppressionExpired?: ExpiredSuppressionNote;
  /** With `--baseline`: whether the previous report had it, and what it was then when that differs. */
  readonly baseline?: BaselineState;
  readonly previousScore?: number;
  readonly previousSeverity?: Severity;
  readonly previousStatus?: FindingStatus;
}

export type PostureStatus = 'ok' | 'gaps' | 'unknown' | 'not-assessed';

export interface PostureItem {
  readonly status: PostureStatus;
  readonly detail: string;
  readonly nextStep: string;
}

export interface PostureLine {
  readonly provider: ProviderId;
  readonly account: string;
  readonly audit: PostureItem;
  readonly userAccountManagement: PostureItem;
}

/** What the audit-log reading saw, so a reader can judge how much a quiet result means. */
export interface LogSummary {
  /** Files read, or the live sources (`cloudtrail:LookupEvents 111122223333/us-east-1`). */
  readonly sources: readonly string[];
  /** The time span of the events read, when there were any. */
  readonly from?: string;
  readonly to?: string;
  /** Records read, and how many of them meant something for a chain. */
  readonly events: number;
  readonly relevant: number;
  /** Failed calls (they advance no chain) and calls by benign callers from the config. */
  readonly failedCalls: number;
  readonly benignCalls: number;
  /** Records that could not be parsed, and events that came too far out of time order. */
  readonly unparsed: number;
  readonly late: number;
  readonly rules: number;
  readonly chains: number;
  readonly notes: readonly string[];
}

export interface Report {
  readonly tool: { readonly name: 'snapaudit'; readonly version: string };
  readonly generatedAt: string;
  readonly scope: {
    readonly providers: readonly ProviderId[];
    readonly accounts: ReadonlyArray<{
      readonly provider: ProviderId;
      readonly id: string;
      readonly name?: string;
      readonly caller?: string;
      readonly organization?: string;
      readonly regions: readonly string[];
      readonly unreachable?: string;
    }>;
    readonly requestedRegions?: readonly string[];
  };
  readonly summary: {
    readonly bySeverity: Readonly<Record<Severity, number>>;
    readonly byStatus: Readonly<Record<FindingStatus, number>>;
    readonly byProvider: Readonly<Partial<Record<ProviderId, number>>>;
    /** Every account in scope, reachable or not, with its count of findings. */
    readonly byAccount: ReadonlyArray<{ readonly provider: ProviderId; readonly account: string; readonly findings: number; readonly unreachable: boolean }>;
    readonly resources: Readonly<Record<ResourceCount, number>>;
    readonly checks: { readonly run: number; readonly passed: number; readonly failedToRun: readonly CheckFailure[] };
    /** True when any read failed: the findings may be missing some that exist. */
    readonly incomplete: boolean;
    readonly posture: readonly PostureLine[];
    /** Present when audit logs were read: what was read and what it came to. */
    readonly logs?: LogSummary;
    /** Present when the config has suppressions: how many applied, and the ones to renew or remove. */
    readonly suppressions?: {
      readonly applied: number;
      readonly expired: readonly string[];
      readonly unused: readonly string[];
    };
  };
  readonly findings: readonly Finding[];
  /** With `--baseline`: the previous report, and its findings this scan did not report. */
  readonly baseline?: { readonly version: string; readonly generatedAt?: string; readonly resolved: readonly ResolvedFinding[] };
  /** With `--framework`: each framework's controls against the checks that cover them. */
  readonly frameworks?: readonly FrameworkReport[];
  readonly coverage: readonly CoverageEntry[];
}

export type FrameworkReport = ReturnType<typeof frameworkJson>;

export function fingerprint(checkId: string, resource: ResourceRef): string {
  const key = [checkId, resource.provider, resource.account, resource.region, resource.type, resource.id].join('|');
  return createHash('sha256').update(key).digest('hex').slice(0, 20);
}

function toFinding(check: CheckMeta, result: CheckResult, mitigation: MitigationContext, links: ChainLinks = {}): Finding {
  const status: FindingStatus = result.status === 'unknown' ? 'unknown' : 'fail';
  const { score, reasons } = scoreFinding(check.severity, result.status, result.signals, mitigation, links);
  const data = { region: result.resource.region, id: result.resource.id, ...result.data };
  const template = check.messages[result.messageId] ?? result.messageId;
  return {
    id: fingerprint(check.id, result.resource),
    checkId: check.id,
    title: check.title,
    severity: check.severity,
    status,
    score,
    reasons,
    resource: result.resource,
    message: fillMessage(template, data),
    evidence: result.evidence,
    techniques: check.threat.techniques.map((id) => ({ id, name: TECHNIQUES[id]?.name ?? id })),
    mitigations: check.threat.mitigations.map((id) => ({ id, name: MITIGATIONS[id] ?? id })),
    compliance: check.compliance,
    remediation: {
      text: check.remediation.text,
      command: fillCommand(check.remediation.command, data),
      ...(check.remediation.docs ? { docs: check.remediation.docs } : {}),
    },
  };
}


export function rankFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      b.score - a.score ||
      SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
      a.checkId.localeCompare(b.checkId) ||
      a.resource.account.localeCompare(b.resource.account) ||
      a.resource.region.localeCompare(b.resource.region) ||
      a.resource.id.localeCompare(b.resource.id),
  );
}

/**
 * Which capabilities decide who could abuse a resource: taking data out for what holds data,
 * opening ingress for machines. Identities and account settings get no such factor.
 */
function uamCapabilities(inventory: Inventory): Map<string, readonly Capability[]> {
  const key = (r: { provider: string; account: string; id: string }) => `${r.provider}|${r.account}|${r.id}`;
  const out = new Map<string, readonly Capability[]>();
  for (const list of [inventory.snapshots, inventory.images, inventory.disks, inventory.dbSnapshots, inventory.backupVaults, inventory.galleries]) {
    for (const r of list) out.set(key(r), EXFILTRATION);
  }
  for (const r of [...inventory.instances, ...inventory.databases]) out.set(key(r), ['open-ingress', 'restore']);
  return out;
}

function mitigationFor(inventory: Inventory, resource: ResourceRef, capabilities: ReadonlyMap<string, readonly Capability[]>, now: Date): MitigationContext {
  const audit = auditStateAt(inventory, resource);
  const caps = capabilities.get(`${resource.provider}|${resource.account}|${resource.id}`);
  return caps ? { audit, uam: uamStateFor(inventory, resource, now, caps) } : { audit };
}

const listed = (principals: readonly Principal[], max = 3): string => {
  const shown = principals.slice(0, max).map(principalLabel).join(', ');
  return principals.length > max ? `${shown} and ${principals.length - max} more` : shown;
};

function auditPosture(inventory: Inventory, provider: ProviderId, account: string): PostureItem {
  const entries = inventory.audit.filter((a) => a.provider === provider && a.account === account);
  if (entries.length === 0) {
    return {
      status: 'not-assessed',
      detail: 'no audit-log configuration was read for this account',
      nextStep: 'make sure snapshot create, share and restore events are logged in every region and reviewed (M1047)',
    };
  }
  const unlogged = entries.filter((e) => e.snapshotEventsLogged === false);
  const unknown = entries.filter((e) => isUnknown(e.snapshotEventsLogged));
  const where = (e: (typeof entries)[number]): string => (e.region === 'global' ? 'the account' : e.region);
  if (unlogged.length > 0) {
    const first = unlogged[0]!;
    return {
      status: 'gaps',
      detail: `snapshot activity is not recorded in ${unlogged.map(where).join(', ')}: ${[...new Set(unlogged.flatMap((e) => e.gaps))].join('; ') || 'no recording source'}`,
      nextStep: first.nextStep ?? first.gaps[0] ?? `record snapshot activity in ${where(first)}`,
    };
  }
  if (unknown.length > 0) {
    const reason = isUnknown(unknown[0]!.snapshotEventsLogged) ? unknown[0]!.snapshotEventsLogged.reason : '';
    return { status: 'unknown', detail: `the audit configuration of ${unknown.map(where).join(', ')} could not be read: ${reason}`, nextStep: 'grant the auditor the read permissions `snapaudit permissions` lists, and scan again' };
  }
  const sources = [...new Set(entries.flatMap((e) => e.sources))];
  const data = entries.filter((e) => e.dataEventsLogged === false);
  return {
    status: 'ok',
    detail: `snapshot activity is recorded ${entries.length === 1 && entries[0]!.region === 'global' ? 'account-wide' : `in all ${entries.length} region(s)`} by ${sources.join(', ') || 'the platform'}${data.length > 0 ? `; data-access events (reads of snapshot data or metadata) are not (${data.map(where).join(', ')})` : ''}`,
    nextStep: data.length > 0 ? (data[0]!.nextStep ?? 'record data-access events for snapshots too') : 'review the recorded snapshot activity; `snapaudit logs` correlates it into attack chains',
  };
}

function uamPosture(inventory: Inventory, provider: ProviderId, account: string, now: Date): PostureItem {
  const security = inventory.accountSecurity.find((s) => s.provider === provider && s.account === account);
  if (!security || security.identities === undefined) {
    return {
      status: 'not-assessed',
      detail: 'identities and their permissions were not read for this account',
      nextStep: 'limit who may create, share, copy and restore snapshots to the few who need it, with MFA (M1018)',
    };
  }
  if (isUnknown(security.identities)) {
    return { status: 'unknown', detail: `identities could not be listed: ${security.identities.reason}`, nextStep: 'grant the auditor the read permissions `snapaudit permissions` lists, and scan again' };
  }
  // Account-wide: anyone holding share or export on anything.
  const mine = inventory.principals.filter((p) => p.provider === provider && p.account === account);
  // The root user can always do everything: it is not an audience to trim, but counts when it lacks MFA.
  const holders = mine.filter((p) => p.kind !== 'root' && !isUnknown(p.capabilities) && p.capabilities.some((g) => EXFILTRATION.includes(g.capability)));
  const unreadable = mine.filter((p) => p.kind !== 'root' && isUnknown(p.capabilities)).length;
  const withoutMfa = [...mine.filter((p) => p.kind === 'root' && p.mfa === false), ...holders.filter((p) => p.interactive === true && p.mfa === false)];
  const dormant = holders.filter((p) => isDormant(p, now));
  const outside = holders.filter(isOutside);
  const rootAside = mine.some((p) => p.kind === 'root') ? ' (the root user aside)' : '';
  const parts = [`${holders.length} of ${mine.length} principal(s) can share or export snapshots${rootAside}`];
  if (outside.length > 0) parts.push(`${outside.length} outside the organization (${listed(outside)})`);
  if (withoutMfa.length > 0) parts.push(`${withoutMfa.length} without MFA (${listed(withoutMfa)})`);
  if (dormant.length > 0) parts.push(`${dormant.length} idle ${DORMANT_DAYS}+ days (${listed(dormant)})`);
  if (unreadable > 0) parts.push(`the permissions of ${unreadable} could not be read`);
  if (security.notOffered.length > 0) parts.push(`not offered by the cloud, so not checked: ${security.notOffered.join('; ')}`);
  const detail = parts.join('; ');
  const idle = dormant[0] ? idleDays(dormant[0], now) : undefined;
  const nextStep =
    outside[0] !== undefined
      ? `take share and export permissions away from ${principalLabel(outside[0])}, or end its trust to the outside identity`
      : withoutMfa[0] !== undefined
        ? `turn on MFA for ${principalLabel(withoutMfa[0])}`
        : dormant[0] !== undefined
          ? `remove ${principalLabel(dormant[0])} or its share and export permissions${idle !== undefined ? ` (idle ${idle} days)` : ''}`
          : holders.length > BROAD_HOLDERS
            ? `narrow share and export permissions to the few who need them (${holders.length} principals hold them now)`
            : unreadable > 0
              ? 'grant the auditor the read permissions `snapaudit permissions` lists, and scan again'
              : 'keep share and export permissions with these few, and review them each quarter';
  const gaps = outside.length + withoutMfa.length + dormant.length > 0 || holders.length > BROAD_HOLDERS;
  return { status: gaps ? 'gaps' : unreadable > 0 ? 'unknown' : 'ok', detail, nextStep };
}

/**
 * A posture line with the findings of the checks that are evidence for it: they can only make it
 * worse. A line the reads call `ok` is `gaps` while such a finding fails (`unknown` when it could
 * not be verified), and its next step is then the top finding's fix.
 */
function withFindings(item: PostureItem, findings: readonly Finding[]): PostureItem {
  if (findings.length === 0) return item;
  const failing = findings.filter((f) => f.status === 'fail');
  const ids = [...new Set(findings.map((f) => f.checkId))].join(', ');
  const detail = `${item.detail}; ${findings.length} finding(s) below (${ids})`;
  const top = findings[0]!;
  const nextStep = item.status === 'ok' || item.status === 'not-assessed' ? `${top.remediation.text.replace(/\.$/, '')} (${top.checkId})` : item.nextStep;
  const status: PostureStatus = failing.length > 0 ? 'gaps' : item.status === 'ok' ? 'unknown' : item.status;
  return { status, detail, nextStep };
}

function postureFor(inventory: Inventory, findings: readonly Finding[], postureOf: ReadonlyMap<string, Check['posture']>, provider: ProviderId, account: string, now: Date): PostureLine {
  // An accepted risk is not a gap in the posture; it stays listed among the findings.
  const mine = findings.filter((f) => f.resource.provider === provider && f.resource.account === account && f.status !== 'suppressed');
  const about = (kind: Check['posture']) => mine.filter((f) => postureOf.get(f.checkId) === kind);
  return {
    provider,
    account,
    audit: withFindings(auditPosture(inventory, provider, account), about('audit')),
    userAccountManagement: withFindings(uamPosture(inventory, provider, account, now), about('userAccountManagement')),
  };
}

export interface BuildReportInput {
  readonly version: string;
  readonly generatedAt: Date;
  readonly providers: readonly ProviderId[];
  readonly requestedRegions?: readonly string[];
  readonly checks: readonly Check[];
  readonly inventory: Inventory;
  readonly results: readonly CheckResult[];
  readonly failures: readonly CheckFailure[];
  /** Chain findings from the audit logs, joined with the posture results on the same resources. */
  readonly chains?: {
    readonly rules: readonly CheckMeta[];
    readonly results: readonly CheckResult[];
    readonly summary: LogSummary;
  };
  /** The config's suppressions: accepted risks show as `suppressed`, expired ones fail again. */
  readonly suppressions?: readonly Suppression[];
  /** A previous report to mark findings new or unchanged against, and to list what was resolved. */
  readonly baseline?: Baseline;
  /** Frameworks to tabulate control by control (the checks' pass results count). */
  readonly frameworks?: readonly FrameworkRef[];
}

type KeyIndex = Map<string, Set<string>>;

function addTo(index: KeyIndex, key: string, value: string): void {
  const set = index.get(key) ?? new Set<string>();
  set.add(value);
  index.set(key, set);
}

function valuesAt(index: KeyIndex, keys: readonly string[]): string[] {
  return [...new Set(keys.flatMap((k) => [...(index.get(k) ?? [])]))].sort();
}

/**
 * Joins the chains with the posture: a posture finding on a resource a chain touched is raised,
 * and a chain that touched a resource still failing a posture check says so.
 */
function chainLinks(results: readonly CheckResult[], chainResults: readonly CheckResult[]): { posture: (r: CheckResult) => ChainLinks; chain: (r: CheckResult) => ChainLinks } {
  const touchedBy: KeyIndex = new Map();
  for (const r of chainResults) {
    for (const id of idsInEvidence(r.resource.id, r.evidence)) addTo(touchedBy, resourceKey(r.resource.provider, id), r.checkId);
  }
  const failing: KeyIndex = new Map();
  for (const r of results) if (r.status === 'fail') addTo(failing, resourceKey(r.resource.provider, r.resource.id), r.checkId);
  return {
    posture: (r) => {
      const chains = valuesAt(touchedBy, [resourceKey(r.resource.provider, r.resource.id)]);
      return chains.length > 0 ? { chains } : {};
    },
    chain: (r) => {
      const stillExposedBy = valuesAt(failing, idsInEvidence(r.resource.id, r.evidence).map((id) => resourceKey(r.resource.provider, id)));
      return stillExposedBy.length > 0 ? { stillExposedBy } : {};
    },
  };
}

export function buildReport(input: BuildReportInput): Report {
  const checksById = new Map(input.checks.map((c) => [c.id, c]));
  const postureOf = new Map(input.checks.map((c) => [c.id, c.posture]));
  const capabilities = uamCapabilities(input.inventory);
  const links = chainLinks(input.results, input.chains?.results ?? []);
  const findings: Finding[] = [];
  let passed = 0;
  for (const result of input.results) {
    const check = checksById.get(result.checkId);
    if (!check) continue;
    if (result.status === 'pass') passed += 1;
    if (result.status === 'fail' || result.status === 'unknown') findings.push(toFinding(check, result, mitigationFor(input.inventory, result.resource, capabilities, input.generatedAt), links.posture(result)));
  }
  const rulesById = new Map((input.chains?.rules ?? []).map((r) => [r.id, r]));
  for (const result of input.chains?.results ?? []) {
    const rule = rulesById.get(result.checkId);
    if (rule && result.status === 'fail') findings.push(toFinding(rule, result, mitigationFor(input.inventory, result.resource, capabilities, input.generatedAt), links.chain(result)));
  }
  const suppressed = input.suppressions ? applySuppressions(findings, input.suppressions, input.generatedAt) : undefined;
  let ranked: Finding[] = rankFindings(suppressed?.findings ?? findings);
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  const byStatus: Record<FindingStatus, number> = { fail: 0, unknown: 0, suppressed: 0 };
  const byProvider: Partial<Record<ProviderId, number>> = {};
  for (const f of ranked) {
    bySeverity[f.severity] += 1;
    byStatus[f.status] += 1;
    byProvider[f.resource.provider] = (byProvider[f.resource.provider] ?? 0) + 1;
  }
  const inv = input.inventory;
  const report: Report = {
    tool: { name: 'snapaudit', version: input.version },
    generatedAt: input.generatedAt.toISOString(),
    scope: {
      providers: input.providers,
      accounts: inv.accounts.map((a) => ({
        provider: a.provider,
        id: a.id,
        ...(a.name ? { name: a.name } : {}),
        ...(a.caller ? { caller: a.caller } : {}),
        ...(a.organization ? { organization: a.organization.id } : {}),
        regions: a.regions,
        ...(a.unreachable ? { unreachable: a.unreachable } : {}),
      })),
      ...(input.requestedRegions ? { requestedRegions: input.requestedRegions } : {}),
    },
    summary: {
      bySeverity,
      byStatus,
      byProvider,
      byAccount: inv.accounts.map((a) => ({
        provider: a.provider,
        account: a.id,
        findings: ranked.filter((f) => f.resource.provider === a.provider && f.resource.account === a.id).length,
        unreachable: a.unreachable !== undefined,
      })),
      resources: {
        snapshots: inv.snapshots.length,
        images: inv.images.length,
        disks: inv.disks.length,
        instances: inv.instances.length,
        dbSnapshots: inv.dbSnapshots.length,
        databases: inv.databases.length,
        backupVaults: inv.backupVaults.length,
        galleries: inv.galleries.length,
      },
      checks: { run: input.checks.length, passed, failedToRun: input.failures },
      incomplete: input.failures.length > 0 || inv.coverage.some((c) => c.status === 'denied' || c.status === 'error'),
      posture: inv.accounts.filter((a) => a.unreachable === undefined).map((a) => postureFor(inv, ranked, postureOf, a.provider, a.id, input.generatedAt)),
      ...(input.chains ? { logs: input.chains.summary } : {}),
      ...(suppressed
        ? {
            suppressions: {
              applied: ranked.filter((f) => f.suppression !== undefined).length,
              expired: suppressed.expired.map((e) => `${describeSuppression(e.suppression)}: expired ${e.suppression.expires} (owner ${e.suppression.owner})`),
              unused: suppressed.unused.map(describeSuppression),
            },
          }
        : {}),
    },
    findings: ranked,
    ...(input.frameworks && input.frameworks.length > 0 ? { frameworks: frameworksOf(input, ranked) } : {}),
    coverage: inv.coverage,
  };
  if (!input.baseline) return report;
  const diff = diffBaseline(ranked, input.baseline, {
    accounts: report.scope.accounts,
    coverage: report.coverage,
    checksRun: [...input.checks.map((c) => c.id), ...(input.chains?.rules.map((r) => r.id) ?? [])],
    failedToRun: input.failures,
  });
  ranked = diff.findings;
  return {
    ...report,
    findings: ranked,
    baseline: { version: input.baseline.version, ...(input.baseline.generatedAt ? { generatedAt: input.baseline.generatedAt } : {}), resolved: diff.resolved },
  };
}

/** Each framework's controls from every result (passes count; a suppressed finding's result counts as suppressed). */
function frameworksOf(input: BuildReportInput, findings: readonly Finding[]): FrameworkReport[] {
  const accepted = new Set(findings.filter((f) => f.status === 'suppressed').map((f) => f.id));
  const evidence = [...input.results, ...(input.chains?.results ?? [])].map((r) =>
    accepted.has(fingerprint(r.checkId, r.resource)) ? { checkId: r.checkId, resource: r.resource, status: 'suppressed' as const } : r,
  );
  const failed = new Set(input.failures.map((f) => f.checkId));
  // Every check and rule maps; only those that ran can pass. What covers a control but did not run
  // here (another cloud's checks, chain rules without logs) makes it `not-assessed`, not `not-covered`.
  const mappings = [...CHECKS, ...RULES];
  const ran = [...input.checks, ...(input.chains?.rules ?? [])].map((c) => c.id).filter((id) => !failed.has(id));
  return (input.frameworks ?? []).map((ref) => frameworkJson(frameworkTable(ref, mappings, evidence, { ran, errored: failed })));
}
