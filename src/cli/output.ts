// Where reports go: stdout, or files written whole (a temp file renamed into place) so that a
// failed run never leaves half a report behind.
import { randomBytes } from 'node:crypto';
import { access, constants, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { InputError } from '../errors.js';
import { FORMAT_EXTENSIONS, render, type Format } from '../../reports/index.js';
import type { Report } from '../report.js';

export function colorWanted(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
  if (env['FORCE_COLOR'] !== undefined && env['FORCE_COLOR'] !== '0') return true;
  return stream.isTTY === true;
}

export async function writeWhole(path: string, text: string): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(temp, text, 'utf8');
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    const code = (error as NodeJS.ErrnoException).code ?? 'failed';
    throw new InputError(`cannot write ${path} (${code})`);
  }
}

/** The file name each format gets inside an output directory. */
export const REPORT_BASENAME = 'snapaudit';

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Where each format goes. An existing directory (or a path ending in `/`) gets
 * `snapaudit.<ext>` per format; otherwise one format writes the file named and several use the
 * path as a base name (`BASE.<ext>`).
 */
async function targets(formats: readonly Format[], output: string): Promise<string[]> {
  if (output.endsWith('/') || (await isDirectory(output))) return formats.map((format) => join(output, `${REPORT_BASENAME}.${FORMAT_EXTENSIONS[format]}`));
  return formats.map((format) => (formats.length > 1 ? `${output}.${FORMAT_EXTENSIONS[format]}` : output));
}

/** Fails before the scan, not after it, when the reports could not be written. */
export async function checkWritable(formats: readonly Format[], output: string | undefined): Promise<void> {
  if (output === undefined) return;
  for (const path of await targets(formats, output)) {
    try {
      await access(dirname(path), constants.W_OK);
    } catch (error) {
      throw new InputError(`cannot write ${path} (${(error as NodeJS.ErrnoException).code ?? 'not writable'})`);
    }
  }
}

/**
 * One format: stdout, or the file given. Several formats: `output` is a base path and each
 * format gets its extension. Everything is rendered before anything is written.
 */
export async function emitReports(report: Report, formats: readonly Format[], output: string | undefined): Promise<void> {
  const toFile = output !== undefined;
  const rendered = await Promise.all(
    formats.map(async (format) => ({
      format,
      text: await render(format, report, {
        color: !toFile && format === 'table' && colorWanted(process.stdout),
        ...(process.stdout.columns && !toFile ? { width: process.stdout.columns } : {}),
      }),
    })),
  );
  if (!toFile) {
    process.stdout.write(rendered[0]?.text ?? '');
    return;
  }
  const paths = await targets(formats, output);
  for (const [i, { text }] of rendered.entries()) await writeWhole(paths[i] as string, text);
}

/** Progress notes on stderr, on a terminal only, overwriting one line. */
export function progressReporter(stream: NodeJS.WriteStream = process.stderr): { note: (text: string) => void; done: () => void } {
  if (!stream.isTTY) return { note: () => undefined, done: () => undefined };
  let shown = false;
  return {
    note(text) {
      const width = Math.max(20, (stream.columns ?? 80) - 1);
      stream.write(`\r\u001b[K${text.slice(0, width)}`);
      shown = true;
    },
    done() {
      if (shown) stream.write('\r\u001b[K');
    },
  };
}
