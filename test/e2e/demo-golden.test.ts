// The demo estate in the two formats people read first, as `snapaudit demo` prints them: the
// terminal table and the JSON contract, as golden files with the scan's clock and request ids
// taken out (the other formats have theirs beside their own tests).
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { reportSchema } from '../support/report-schema.js';

/** Dates and times, which the demo derives from the day it runs, and request ids, new on each call. */
const normalise = (text: string): string =>
  text.replace(/\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d+)?Z)?/g, '<date>').replace(/request [0-9a-f]{8}-[0-9a-f-]{27}/g, 'request <id>');

describe('snapaudit demo, golden', () => {
  it('prints the table', async () => {
    const run = await runCli(['demo', '--format', 'table']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    await expect(normalise(run.stdout)).toMatchFileSnapshot('golden/demo-table.txt');
  });

  it('writes the JSON contract', async () => {
    const run = await runCli(['demo', '--format', 'json']);
    expect(run.code).toBe(0);
    reportSchema.parse(JSON.parse(run.stdout));
    await expect(normalise(run.stdout)).toMatchFileSnapshot('golden/demo.json');
  });
});
