// The demo estate as a web page: the report `snapaudit demo` builds, rendered by the HTML renderer
// and kept as a golden file with the scan's clock taken out. The report comes from `--format json`
// (the Report as is), so this golden does not wait on the CLI's own `--format html`.
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/report.js';
import { renderHtml } from '../../reports/html.js';
import { runCli } from '../support/cli.js';

/**
 * Dates and times, which the demo derives from the day it runs, and request ids, new on each call.
 * Case-blind, since the filter's search text holds them lower-cased.
 */
const normalise = (text: string): string =>
  text.replace(/\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d+)?Z)?/gi, '<date>').replace(/request [0-9a-f]{8}-[0-9a-f-]{27}/g, 'request <id>');

describe('the demo estate as an HTML report', () => {
  it('renders every finding, account and gap of the demo', async () => {
    const run = await runCli(['demo', '--format', 'json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as Report;
    const html = renderHtml(report);
    await expect(normalise(html)).toMatchFileSnapshot('golden/demo.html');
    expect(html.match(/<tbody class="finding"/g)).toHaveLength(report.findings.length);
    for (const { provider, account } of report.summary.byAccount) expect(html).toContain(`<h3>${provider} ${account}`);
    // The demo's instances restored from snapshots and open to SSH get their path drawn.
    const restored = report.findings.filter((f) => /instance-from-snapshot-exposed|vm-from-snapshot-exposed/.test(f.checkId) && f.status === 'fail');
    expect(restored.length).toBeGreaterThan(0);
    const drawn = html.match(/aria-label="Exposure path: (snapshot [^"]* → disk|image) [^"]* → (instance|virtual machine) [^"]* → open port [^"]* → internet [^"]*"/g) ?? [];
    expect(drawn).toHaveLength(restored.length);
    expect(html).toContain('<ol class="timeline">');
    expect(html).toContain('id="logs"');
  });
});
