// One way to validate user-supplied data with a schema: the first problem, with its path, in one line.
import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { InputError } from './errors.js';

export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? issue.path.join('.') : '(top level)';
  throw new InputError(`${what}${where}: ${issue?.message ?? 'does not match the schema'}`);
}

/** Reads a JSON file the user named; any failure is one line naming the file and the reason. */
export async function readJsonFile(path: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new InputError(`${what} ${path}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputError(`${what} ${path}: not valid JSON (${(error as Error).message})`);
  }
}
