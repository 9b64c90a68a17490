// The Report: everything a renderer needs, and nothing it would have to look up elsewhere. The
// JSON renderer writes it as is; it is the machine contract of DESIGN.md.
import { createHash } from 'node:crypto';
import { MITIGATIONS, TECHNIQUES } from './attack.js';
import { fillCommand, fillMessage, SEVERITIES, type Check, type CheckResult, type ComplianceMapping, type Evidence, type Severity } from './checks/define-check.js';
import type { CheckFailure } from './checks/run.js';
import type { CoverageEntry, Inventory, ProviderId, ResourceRef } from './model.js';
import { scoreFinding, type ScoreReason } from './scorer.js';

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
}

export interface PostureLine {
  readonly provider: ProviderId;
  readonly account: string;
  readonly audit: { readonly status: 'not-assessed'; readonly detail: string; readonly nextStep: string };
  readonly userAccountManagement: { readonly status: 'not-assessed'; readonly detail: string; readonly nextStep: string };
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
  };
  readonly findings: readonly Finding[];
  readonly coverage: readonly CoverageEntry[];
}

export function fingerprint(checkId: string, resource: ResourceRef): string {
  const key = [checkId, resource.provider, resource.account, resource.region, resource.type, resource.id].join('|');
  return createHash('sha256').update(key).digest('hex').slice(0, 20);
}

function toFinding(check: Check, result: CheckResult): Finding {
  const status: FindingStatus = result.status === 'unknown' ? 'unknown' : 'fail';
  const { score, reasons } = scoreFinding(check.severity, result.status, result.signals);
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

const SEVERITY_RANK: Readonly<Record<Severity, number>> = { critical: 0, high: 1, medium: 2, low: 3, info: 4 };

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

/** What the two ATT&CK mitigations say about an account. Identity and audit reads come later. */
function postureFor(provider: ProviderId, account: string): PostureLine {
  return {
    provider,
    account,
    audit: {
      status: 'not-assessed',
      detail: 'this version does not read audit-log configuration yet',
      nextStep: 'make sure snapshot create, share and restore events are logged in every region and reviewed (M1047)',
    },
    userAccountManagement: {
      status: 'not-assessed',
      detail: 'this version does not read identities and their permissions yet',
      nextStep: 'limit who may create, share, copy and restore snapshots to the few who need it, with MFA (M1018)',
    },
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
}

export function buildReport(input: BuildReportInput): Report {
  const checksById = new Map(input.checks.map((c) => [c.id, c]));
  const findings: Finding[] = [];
  let passed = 0;
  for (const result of input.results) {
    const check = checksById.get(result.checkId);
    if (!check) continue;
    if (result.status === 'pass') passed += 1;
    if (result.status === 'fail' || result.status === 'unknown') findings.push(toFinding(check, result));
  }
  const ranked = rankFindings(findings);
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  const byStatus: Record<FindingStatus, number> = { fail: 0, unknown: 0, suppressed: 0 };
  const byProvider: Partial<Record<ProviderId, number>> = {};
  for (const f of ranked) {
    bySeverity[f.severity] += 1;
    byStatus[f.status] += 1;
    byProvider[f.resource.provider] = (byProvider[f.resource.provider] ?? 0) + 1;
  }
  const inv = input.inventory;
  return {
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
      posture: inv.accounts.filter((a) => a.unreachable === undefined).map((a) => postureFor(a.provider, a.id)),
    },
    findings: ranked,
    coverage: inv.coverage,
  };
}
