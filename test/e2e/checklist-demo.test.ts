// The least-privilege review of the demo estate, as a reviewer gets it from `snapaudit demo
// --format checklist`: a golden file, with the scan's clock taken out (dates in it move with the day).
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

/** Dates and times, which the demo derives from the day it runs, and request ids, new on each call. */
const normalise = (text: string): string =>
  text.replace(/\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d+)?Z)?/g, '<date>').replace(/request [0-9a-f]{8}-[0-9a-f-]{27}/g, 'request <id>');

describe('snapaudit demo --format checklist', () => {
  it('renders the review of the whole demo estate', async () => {
    const run = await runCli(['demo', '--format', 'checklist']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    await expect(normalise(run.stdout)).toMatchFileSnapshot('golden/demo-checklist.md');
    // Every account of the estate has its section, the unreachable one included.
    for (const account of ['111122223333', '222233334444', '333344445555', '555566667777', '5ab5c41b-0000-4000-8000-000000000001', 'acme-analytics-prod']) {
      expect(run.stdout).toContain(`## ${account.includes('-') && !account.startsWith('acme') ? 'azure' : account.startsWith('acme') ? 'gcp' : 'aws'} ${account}`);
    }
  });
});
