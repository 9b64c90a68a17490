// The demo estate as a spreadsheet, a code-scanning upload and a SIEM feed, as a user gets them from
// `snapaudit demo --format csv|sarif|ocsf`: golden files with the scan's clock taken out, and the
// SARIF and OCSF output validated against their schemas as the CLI writes them.
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { errorsOf, validateOcsf, validateSarif } from '../unit/reports/schemas.js';

/** Dates and times, which the demo derives from the day it runs, and request ids, new on each call. */
const normalise = (text: string): string =>
  text.replace(/\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d+)?Z)?/g, '<date>').replace(/request [0-9a-f]{8}-[0-9a-f-]{27}/g, 'request <id>');

/** OCSF times are epoch milliseconds: the event time, and the event uid that carries it. */
const normaliseEpoch = (text: string): string => text.replace(/"time": \d{13}/g, '"time": 0').replace(/("uid": "[0-9a-f]{20})-\d{13}"/g, '$1-0"');

async function demo(format: string): Promise<string> {
  const run = await runCli(['demo', '--format', format]);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return run.stdout;
}

describe('snapaudit demo --format csv', () => {
  it('renders one row per finding of the demo estate', async () => {
    const csv = await demo('csv');
    await expect(normalise(csv)).toMatchFileSnapshot('golden/demo.csv');
    const json = JSON.parse((await runCli(['demo', '--format', 'json'])).stdout) as { findings: Array<{ id: string }> };
    // The finding id, then the baseline and suppression columns (empty without --baseline or suppressions).
    for (const f of json.findings) expect(csv).toContain(`,${f.id},,\r\n`);
    expect(csv.split('\r\n').filter((line) => /,[0-9a-f]{20},,$/.test(line))).toHaveLength(json.findings.length);
  });
});

describe('snapaudit demo --format sarif', () => {
  it('renders a SARIF 2.1.0 log that the published schema accepts', async () => {
    const text = await demo('sarif');
    await expect(normalise(text)).toMatchFileSnapshot('golden/demo.sarif');
    const log = JSON.parse(text);
    expect(validateSarif(log), errorsOf(validateSarif)).toBe(true);
    expect(log.runs[0].results.length).toBeGreaterThan(0);
  });
});

describe('snapaudit demo --format ocsf', () => {
  it('renders OCSF 1.3.0 findings that the schema accepts', async () => {
    const text = await demo('ocsf');
    await expect(normaliseEpoch(normalise(text))).toMatchFileSnapshot('golden/demo.ocsf.json');
    const events = JSON.parse(text);
    expect(validateOcsf(events), errorsOf(validateOcsf)).toBe(true);
    expect(events.length).toBeGreaterThan(0);
  });
});
