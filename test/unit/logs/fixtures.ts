// The public audit-log samples in test/fixtures/logs (see its SOURCES.md), read as test cases.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Copied into the repository with their sources and licences, so a fresh clone has them. */
export const LOG_FIXTURES = fileURLToPath(new URL('../../fixtures/logs/', import.meta.url));

export interface FixtureCase {
  readonly file: string;
  readonly name: string;
  readonly expectedResult: boolean | undefined;
  readonly log: unknown;
}

/** Every `tests[].log` of the Panther rule files whose names start with `prefix`. */
export function pantherCases(prefix: string): FixtureCase[] {
  const dir = join(LOG_FIXTURES, 'panther');
  return readdirSync(dir)
    .filter((file) => file.startsWith(prefix) && file.endsWith('.json'))
    .sort()
    .flatMap((file) => {
      const data = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { tests: { name: string; expectedResult?: boolean; log: unknown }[] };
      return data.tests.map((test) => ({ file, name: test.name, expectedResult: test.expectedResult, log: test.log }));
    });
}

export function pantherCase(file: string, name: string): unknown {
  const found = pantherCases(file.replace(/\.json$/, '')).find((c) => c.file === file && c.name === name);
  if (!found) throw new Error(`no case ${file} / ${name}`);
  return found.log;
}

export function fixtureJson(relative: string): unknown {
  return JSON.parse(readFileSync(join(LOG_FIXTURES, relative), 'utf8')) as unknown;
}

export function fixtureFiles(folder: string, prefix: string): string[] {
  return readdirSync(join(LOG_FIXTURES, folder))
    .filter((file) => file.startsWith(prefix))
    .sort()
    .map((file) => `${folder}/${file}`);
}
