// One scan, start to finish: collect from each provider, run the checks, build the report.
import { CHECKS } from './checks/index.js';
import type { Check } from './checks/define-check.js';
import { runChecks } from './checks/run.js';
import { NothingCollectedError } from './errors.js';
import { mergeInventories, type Inventory, type ProviderId } from './model.js';
import { Pacer } from './pacer.js';
import type { Provider, ScanScope } from './provider.js';
import { buildReport, type Report } from './report.js';

export interface ScanRequest {
  readonly providers: readonly Provider[];
  readonly scope: ScanScope;
  readonly version: string;
  readonly progress?: (note: string) => void;
  readonly checks?: readonly Check[];
  readonly now?: () => Date;
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

export function reportFor(inventory: Inventory, request: Pick<ScanRequest, 'version' | 'checks' | 'now' | 'scope'>, providers: readonly ProviderId[]): Report {
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
  });
}

export async function scan(request: ScanRequest): Promise<ScanOutcome> {
  const pacer = new Pacer({ concurrency: request.scope.concurrency });
  const inventory = await collectInventory(request, pacer);
  const report = reportFor(inventory, request, request.providers.map((p) => p.id));
  return { inventory, report, calls: pacer.stats() };
}
