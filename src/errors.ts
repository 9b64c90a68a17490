// Known errors carry an exit code and a one-line message meant for the user. Anything else is a
// bug and prints a stack only with --debug.

export const EXIT = {
  ok: 0,
  findings: 1,
  usage: 2,
  nothingCollected: 3,
  internal: 70,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export class SnapauditError extends Error {
  readonly exitCode: ExitCode;
  constructor(message: string, exitCode: ExitCode, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.exitCode = exitCode;
  }
}

/** A bad flag, argument or value on the command line. */
export class UsageError extends SnapauditError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, EXIT.usage, options);
  }
}

/** A file the user gave us (config, inventory, estate, logs) that cannot be read or is invalid. */
export class InputError extends SnapauditError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, EXIT.usage, options);
  }
}

/** Every provider failed before it could collect anything. */
export class NothingCollectedError extends SnapauditError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, EXIT.nothingCollected, options);
  }
}

export function isKnownError(error: unknown): error is SnapauditError {
  return error instanceof SnapauditError;
}
