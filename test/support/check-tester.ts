// A table tester for checks, after ESLint's RuleTester: each case is an inventory and the status
// (and message) expected for one resource. Duplicate case names are rejected.
import { describe, expect, it } from 'vitest';
import type { Check, ResultStatus } from '../../src/checks/define-check.js';
import { runChecks } from '../../src/checks/run.js';
import type { Inventory } from '../../src/model.js';

export interface CheckCase {
  readonly name: string;
  readonly inventory: Inventory;
  /** The resource whose result is asserted. */
  readonly resourceId: string;
  readonly messageId?: string;
  /** Extra assertions on the result. */
  readonly also?: (result: ReturnType<typeof runChecks>['results'][number]) => void;
}

export type CheckCases = Partial<Record<ResultStatus, readonly CheckCase[]>> & { readonly none?: readonly CheckCase[] };

/** The scan time every case is judged at, unless the table gives one. */
export const TEST_NOW = new Date('2026-11-27T12:00:00Z');

export function testCheck(check: Check, cases: CheckCases, options: { now?: Date } = {}): void {
  const names = Object.values(cases).flatMap((list) => (list ?? []).map((c: CheckCase) => c.name));
  const duplicate = names.find((n, i) => names.indexOf(n) !== i);
  if (duplicate) throw new Error(`duplicate case name in ${check.id}: ${duplicate}`);
  describe(check.id, () => {
    for (const [status, list] of Object.entries(cases) as Array<[ResultStatus | 'none', readonly CheckCase[]]>) {
      for (const c of list) {
        it(`${status}: ${c.name}`, () => {
          const run = runChecks([check], c.inventory, { now: options.now ?? TEST_NOW });
          expect(run.failures).toEqual([]);
          const results = run.results.filter((r) => r.resource.id === c.resourceId);
          if (status === 'none') {
            expect(results).toEqual([]);
            return;
          }
          expect(results.map((r) => r.status)).toEqual([status]);
          const result = results[0]!;
          if (c.messageId) expect(result.messageId).toBe(c.messageId);
          expect(Object.keys(check.messages)).toContain(result.messageId);
          c.also?.(result);
        });
      }
    }
  });
}
