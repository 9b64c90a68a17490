// Validation of the knobs, which may come from a CLI flag or a test: a bad value is an InputError
// naming the knob, not a silently ignored setting.
import { z } from 'zod';
import { parseOrThrow } from '../validate.js';
import type { Knobs } from './types.js';

const fault = z.strictObject({
  service: z.string().optional(),
  action: z.string().optional(),
  region: z.string().optional(),
  account: z.string().optional(),
  params: z.record(z.string(), z.string()).optional(),
  kind: z.enum(['throttle', 'server-error', 'unavailable', 'access-denied', 'timeout']),
  times: z.number().int().positive().optional(),
  delayMs: z.number().int().nonnegative().optional(),
  retryAfterSeconds: z.number().int().nonnegative().optional(),
});

const knobsPatch = z.strictObject({
  latencyMs: z.number().nonnegative().finite().optional(),
  rateLimit: z
    .union([
      z.boolean(),
      z.strictObject({ burst: z.number().int().positive(), refillPerSecond: z.number().positive().finite() }),
    ])
    .optional(),
  faults: z.array(fault).optional(),
  pageCap: z.number().int().positive().optional(),
});

export type KnobsPatch = Partial<Knobs>;

export const DEFAULT_KNOBS: Knobs = { latencyMs: 0, rateLimit: false, faults: [], pageCap: undefined };

/** Validates a partial set of knobs; `pageCap: undefined` given explicitly removes the cap. */
export function parseKnobsPatch(input: unknown): KnobsPatch {
  return parseOrThrow(knobsPatch, input, 'invalid emulator option ');
}

export function applyKnobsPatch(knobs: Knobs, patch: KnobsPatch): Knobs {
  return {
    latencyMs: patch.latencyMs ?? knobs.latencyMs,
    rateLimit: patch.rateLimit ?? knobs.rateLimit,
    faults: patch.faults ?? knobs.faults,
    pageCap: 'pageCap' in patch ? patch.pageCap : knobs.pageCap,
  };
}
