// Runs checks over an inventory. Each check sees only its own provider's part of the inventory,
// so no check needs to ask which cloud a resource came from.
import { filterInventory, refOf, type Inventory, type ProviderId } from '../model.js';
import type { Check, CheckContext, CheckResult, Reporter, ResultStatus } from './define-check.js';

export interface CheckFailure {
  readonly checkId: string;
  readonly error: string;
}

export interface CheckRun {
  readonly results: readonly CheckResult[];
  /** A check that threw is a bug in snapaudit; its results are missing, and the report says so. */
  readonly failures: readonly CheckFailure[];
}

export function inventoryOf(inventory: Inventory, provider: ProviderId): Inventory {
  return filterInventory(inventory, (item) => item.provider === provider);
}

/** `context.now` is the scan's time: checks judging age (dormant principals, old keys) read it, never the clock. */
export function runChecks(checks: readonly Check[], inventory: Inventory, context: CheckContext = { now: new Date() }): CheckRun {
  const views = new Map<ProviderId, Inventory>();
  const results: CheckResult[] = [];
  const failures: CheckFailure[] = [];
  for (const check of checks) {
    let view = views.get(check.provider);
    if (!view) {
      view = inventoryOf(inventory, check.provider);
      views.set(check.provider, view);
    }
    const own: CheckResult[] = [];
    try {
      check.evaluate(view, reporterFor(check, own), context);
      results.push(...own);
    } catch (error) {
      failures.push({ checkId: check.id, error: error instanceof Error ? error.message : String(error) });
    }
  }
  return { results, failures };
}

function reporterFor(check: Check, sink: CheckResult[]): Reporter<string> {
  const add =
    (status: ResultStatus) =>
    (input: Parameters<Reporter<string>['fail']>[0]): void => {
      sink.push({
        checkId: check.id,
        status,
        // Only the identity: results must not drag whole resources (tags, sharing) into reports.
        resource: refOf(input.resource),
        messageId: input.messageId,
        data: input.data ?? {},
        evidence: input.evidence ?? {},
        signals: input.signals ?? {},
      });
    };
  return { fail: add('fail'), pass: add('pass'), unknown: add('unknown'), notApplicable: add('n/a') };
}
