// One scan, start to finish: collect from each provider, run the checks, build the report.
import { CHECKS } from './checks/index.js';
import type { Check } from './checks/define-check.js';
import { runChecks } from './checks/run.js';
import { NothingCollectedError } from './errors.js';
import type { LogsOptions } from './config.js';
import { mergeInventories, type CoverageEntry, type Inventory, type ProviderId } from './model.js';
import { Pacer } from './pacer.js';
import type { Provider, ScanScope } from './provider.js';
import { buildReport, type BuildReportInput, type Report } from './report.js';

export interface ScanRequest {
  readonly providers: readonly Provider[];
  readonly scope: ScanScope;
  readonly version: string;
  readonly progress?: (note: string) => void;
  readonly checks?: readonly Check[];
  readonly now?: () => Date;
  /** Audit logs to join with the posture: files, or a live pull of the last `since`. */
  readonly logs?: LogRequest;
  /** Suppressions, a baseline and frameworks: what the report does with the findings. */
  readonly extras?: ReportExtras;
}

export type ReportExtras = Pick<BuildReportInput, 'suppressions' | 'baseline' | 'frameworks'>;

export interface LogRequest {
  readonly files?: readonly string[];
  readonly since?: Date;
  readonly options: LogsOptions;
  readonly internalDomains: readonly string[];
}

export interface ScanOutcome {
  readonly inventory: Inventory;
  readonly report: Report;
  /** API calls made, by action, and how many were throttled. */
  readonly calls: ReturnType<Pacer['stats']>;
}

export async function collectInventory(request: ScanRequest, pacer: Pacer): Promise<Inventory> {
  const progress = request.progress ?? (() => undefined);
  const parts = await Promise.all(request.providers.map((provider) => provider.collect(request.scope, { pacer, progress })));
  const inventory = mergeInventories(parts);
  if (inventory.accounts.every((a) => a.unreachable !== undefined)) {
    const why = inventory.coverage.find((c) => c.status !== 'ok')?.detail ?? 'no provider returned an account';
    throw new NothingCollectedError(`nothing could be collected: ${why}`);
  }
  return inventory;
}

export function reportFor(
  inventory: Inventory,
  request: Pick<ScanRequest, 'version' | 'checks' | 'now' | 'scope' | 'extras'>,
  providers: readonly ProviderId[],
  chains?: BuildReportInput['chains'],
): Report {
  const checks = (request.checks ?? CHECKS).filter((c) => providers.includes(c.provider));
  const now = (request.now ?? (() => new Date()))();
  const { results, failures } = runChecks(checks, inventory, { now });
  return buildReport({
    version: request.version,
    generatedAt: now,
    providers,
    ...(request.scope.regions ? { requestedRegions: request.scope.regions } : {}),
    checks,
    inventory,
    results,
    failures,
    ...(chains ? { chains } : {}),
    ...request.extras,
  });
}

export async function scan(request: ScanRequest): Promise<ScanOutcome> {
  const pacer = new Pacer({ concurrency: request.scope.concurrency });
  const collected = await collectInventory(request, pacer);
  const ids = request.providers.map((p) => p.id);
  if (!request.logs) return { inventory: collected, report: reportFor(collected, request, ids), calls: pacer.stats() };
  // The logs are read after the inventory, whose accounts tell which shares stay inside.
  const { collectChains } = await import('./logs/scan-logs.js');
  const now = (request.now ?? (() => new Date()))();
  const context = { pacer, progress: request.progress ?? (() => undefined) };
  const { chains, coverage } = await collectChains({ providers: request.providers, scope: request.scope, logs: request.logs, inventory: collected, context, now });
  // A member account the scan could not enter refuses the pull too: one line says it.
  const key = (c: CoverageEntry): string => [c.provider, c.account, c.region, c.service, c.status, c.action ?? ''].join('|');
  const known = new Set(collected.coverage.map(key));
  const fresh = coverage.filter((c) => !known.has(key(c)));
  const inventory = fresh.length > 0 ? mergeInventories([collected, { coverage: fresh }]) : collected;
  return { inventory, report: reportFor(inventory, { ...request, now: () => now }, ids, chains), calls: pacer.stats() };
}
