// Fault injection: the first fault that matches a call decides its fate, and a fault with `times`
// stops matching once it has fired that many times.
import type { Fault, ServiceCall } from './types.js';

function matches(fault: Fault, call: ServiceCall): boolean {
  if (fault.service !== undefined && fault.service !== call.service) return false;
  if (fault.action !== undefined && fault.action !== call.action) return false;
  if (fault.region !== undefined && fault.region !== call.region) return false;
  if (fault.account !== undefined && fault.account !== call.account) return false;
  return Object.entries(fault.params ?? {}).every(([key, value]) => call.params[key] === value);
}

export class FaultInjector {
  readonly #faults: readonly Fault[];
  readonly #fired: number[];

  constructor(faults: readonly Fault[]) {
    this.#faults = faults;
    this.#fired = faults.map(() => 0);
  }

  /** The fault to apply to this call, counting it as fired. */
  take(call: ServiceCall): Fault | undefined {
    for (const [index, fault] of this.#faults.entries()) {
      const fired = this.#fired[index] ?? 0;
      if (fault.times !== undefined && fired >= fault.times) continue;
      if (!matches(fault, call)) continue;
      this.#fired[index] = fired + 1;
      return fault;
    }
    return undefined;
  }
}
