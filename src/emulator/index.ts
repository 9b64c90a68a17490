// The local cloud emulator: serves an estate through the clouds' real wire protocols on loopback so
// that the real SDK clients run end to end (signing, pagination, retries, error parsing).
import { createAwsCloud } from './aws/index.js';
import { parseEstate, type Estate } from './estate.js';
import { applyKnobsPatch, DEFAULT_KNOBS, parseKnobsPatch, type KnobsPatch } from './knobs.js';
import { CallPipeline } from './pipeline.js';
import { closeListener, listen } from './server.js';
import type { Knobs, ServedCall } from './types.js';

export type { Fault, FaultKind, Knobs, RateLimit, RateLimitPolicy, ServedCall } from './types.js';
export type { KnobsPatch } from './knobs.js';
export { EC2_ACTIONS, SERVED_ACTIONS, type AwsServiceId } from './aws/index.js';
export { EC2_RATE_LIMIT, RDS_RATE_LIMIT } from './token-bucket.js';

export interface EmulatorOptions extends KnobsPatch {
  /** An estate, validated here (a plain JSON value is fine). */
  readonly estate: Estate | unknown;
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  readonly host?: '127.0.0.1';
}

export interface RunningEmulator {
  /** e.g. `http://127.0.0.1:53187`; pass it as the SDK client's `endpoint`. */
  readonly url: string;
  readonly port: number;
  /** The calls served so far, oldest first. */
  calls(): readonly ServedCall[];
  resetCalls(): void;
  /** Changes knobs while running; `faults` and `rateLimit` start afresh when given. */
  configure(knobs: KnobsPatch): void;
  readonly knobs: Knobs;
  /** Stops listening and releases calls still waiting on latency or a timeout fault. */
  close(): Promise<void>;
}

export async function startEmulator(options: EmulatorOptions): Promise<RunningEmulator> {
  const { estate: estateInput, port = 0, host = '127.0.0.1', ...knobInput } = options;
  const estate = parseEstate(estateInput);
  const knobs = applyKnobsPatch(DEFAULT_KNOBS, parseKnobsPatch(knobInput));
  const pipeline = new CallPipeline([createAwsCloud(estate.aws)], knobs);
  const listener = await listen(pipeline, host, port);
  let closing: Promise<void> | undefined;

  return {
    url: `http://${host}:${listener.port}`,
    port: listener.port,
    calls: () => pipeline.calls(),
    resetCalls: () => pipeline.resetCalls(),
    configure(patch) {
      pipeline.configure(applyKnobsPatch(pipeline.knobs, parseKnobsPatch(patch)));
    },
    get knobs() {
      return pipeline.knobs;
    },
    close() {
      if (closing === undefined) {
        pipeline.abort();
        closing = closeListener(listener);
      }
      return closing;
    },
  };
}
