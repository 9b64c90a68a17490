// The HTML report opened in a real headless Chromium (Debian's, installed by
// scripts/ensure-chromium.sh): hostile names, tags and messages stay text, nothing runs but the
// page's own script, no request leaves the page, a missed escape would still be inert under the
// Content-Security-Policy, and the filters, sorting and print view work.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECKS } from '../../src/checks/index.js';
import { runChecks } from '../../src/checks/run.js';
import { buildReport, type Report } from '../../src/report.js';
import { renderHtml } from '../../reports/html.js';
import { account, auditCoverage, controls, iamUser, capabilityGrant, accountSecurity, instance, inventory, PUBLIC, restoredDisk, snapshot, sshFromWorld, unreadable } from '../support/factories.js';
import { hostileReport } from '../unit/reports/html-hostile.js';

const ENSURE_CHROMIUM = fileURLToPath(new URL('../../scripts/ensure-chromium.sh', import.meta.url));
const CHROMIUM = '/usr/bin/chromium';
/** Never resolved: the route below answers for it, so the page has a real https origin. */
const ORIGIN = 'https://report.snapaudit.invalid';
const SHOTS = join(tmpdir(), 'snapaudit-html');

interface Opened {
  readonly page: Page;
  /** Every request the page started, the document's included, whether or not the policy let it out. */
  readonly requests: string[];
  /** Requests that got past the policy towards the network (refused by the route; none may be). */
  readonly leaving: string[];
  /** Requests the Content-Security-Policy stopped in the browser. */
  readonly blocked: string[];
  readonly dialogs: string[];
  readonly errors: string[];
}

let browser: Browser;

beforeAll(() => {
  execFileSync('bash', [ENSURE_CHROMIUM], { stdio: ['ignore', 'inherit', 'inherit'], timeout: 600_000 });
}, 600_000);

beforeAll(async () => {
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  mkdirSync(SHOTS, { recursive: true });
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

async function open(html: string, viewport = { width: 1400, height: 1000 }): Promise<Opened> {
  const page = await browser.newPage({ viewport });
  const requests: string[] = [];
  const leaving: string[] = [];
  const blocked: string[] = [];
  const dialogs: string[] = [];
  const errors: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('requestfailed', (r) => {
    if (r.failure()?.errorText === 'csp') blocked.push(r.url());
  });
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  // The document is answered here; anything else the page asks for is refused (and counted above).
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url === `${ORIGIN}/report.html`) return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html });
    leaving.push(url);
    return route.abort();
  });
  await page.goto(`${ORIGIN}/report.html`, { waitUntil: 'load' });
  return { page, requests, leaving, blocked, dialogs, errors };
}

const visibleRows = (page: Page): Promise<number> => page.locator('tbody.finding:visible').count();

/** What a payload that ran would have set. */
const pwned = (page: Page): Promise<unknown> => page.evaluate('window.__pwned');

/** A small estate as the scanner reports it: a public and a shared snapshot, a restored machine open to SSH. */
function scannedReport(): Report {
  const inv = inventory({
    accounts: [{ provider: 'aws', id: '111122223333', name: 'acme-prod', caller: 'arn:aws:iam::111122223333:role/Audit', regions: ['us-east-1'] }],
    snapshots: [
      snapshot({ id: 'snap-0a1', name: 'customers-db-final', sharing: [PUBLIC], encryption: { encrypted: false, keyKind: 'none' } }),
      snapshot({ id: 'snap-0b2', name: 'nightly <img src=x onerror="window.__pwned=1">', sharing: [account('999988887777')] }),
      snapshot({ id: 'snap-0c3', sharing: unreadable() }),
    ],
    instances: [instance({ id: 'i-0bad', name: 'forensics-tmp', disks: [restoredDisk('snap-0b2')], publicAddresses: ['203.0.113.10'], internetIngress: [sshFromWorld()] })],
    regions: [controls({ snapshotPublicSharingBlock: 'off', native: { snapshotBlockPublicAccess: 'unblocked' } })],
    audit: [auditCoverage({ snapshotEventsLogged: false, sources: [], gaps: ['no trail records management write events in us-east-1'] })],
    accountSecurity: [accountSecurity({ identities: { listed: 1 } })],
    principals: [iamUser('dev', { mfa: false, interactive: true, capabilities: [capabilityGrant('share')] })],
    coverage: [{ provider: 'aws', account: '111122223333', region: 'us-east-1', service: 'ec2', status: 'denied', action: 'ec2:DescribeSnapshotAttribute', detail: 'UnauthorizedOperation: denied; HTTP 403', affected: 1, sample: ['snap-0c3'] }],
  });
  const run = runChecks(CHECKS, inv);
  return buildReport({ version: '0.1.0', generatedAt: new Date('2026-11-27T12:00:00Z'), providers: ['aws'], checks: CHECKS, inventory: inv, results: run.results, failures: run.failures });
}

describe('the HTML report in headless Chromium', () => {
  it('keeps every hostile string inert: no script, dialog, error or request of its own', async () => {
    const report = hostileReport();
    const { page, requests, leaving, dialogs, errors } = await open(renderHtml(report));
    // Give every would-be handler its chance: hover and focus the rows, open every finding.
    for (const summary of await page.locator('summary').all()) await summary.click();
    for (const row of await page.locator('tbody.finding tr.row').all()) await row.hover();
    await page.keyboard.press('Tab');
    await page.waitForTimeout(200);

    expect(await pwned(page)).toBeUndefined();
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
    expect(requests).toEqual([`${ORIGIN}/report.html`]);
    expect(leaving).toEqual([]);
    expect(await page.locator('script').count()).toBe(1);
    expect(await page.locator('img, iframe, frame, object, embed, link, base, video, audio, source, textarea, form, meta[http-equiv=refresh]').count()).toBe(0);
    const handlers = await page.locator('*').evaluateAll((els) => els.flatMap((el) => [...el.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `${el.tagName} ${a.name}`)));
    expect(handlers).toEqual([]);
    const hrefs = await page.locator('[href]').evaluateAll((els) => els.map((el) => el.getAttribute('href') ?? ''));
    expect(hrefs.filter((h) => !h.startsWith('#')).length).toBeGreaterThan(0);
    for (const href of hrefs) expect(href).toMatch(/^(#[\w-]+|https:\/\/docs\.example\.com\/fix\?q=%22%3E%3Cscript%3Ewindow\.__pwned=13%3C\/script%3E)$/);
    // The payloads are there, as text a reader can see.
    expect(await page.title()).toContain('<script>window.__pwned=1</script>');
    expect(await page.locator('tbody.finding td:last-child').first().textContent()).toContain('<img src=x onerror="window.__pwned=2">');
    await page.evaluate('window.scrollTo(0, 0)');
    const shot = join(SHOTS, 'hostile-report.png');
    await page.screenshot({ path: shot, fullPage: false });
    console.log(`screenshot of the hostile report: ${shot}`);
    await page.close();
  });

  it('would keep a missed escape inert: the policy blocks markup that got through', async () => {
    const leaked = renderHtml(hostileReport()).replace(
      '</main>',
      '<script>window.__pwned = "inline";</script><img src="https://evil.example/x.png" onerror="window.__pwned = \'handler\'"><link rel="stylesheet" href="https://evil.example/x.css"><div style="background:url(https://evil.example/bg.png)">x</div></main>',
    );
    const { page, leaving, blocked, dialogs, errors } = await open(leaked);
    await page.waitForTimeout(200);
    expect(await pwned(page)).toBeUndefined();
    expect(dialogs).toEqual([]);
    expect(leaving).toEqual([]);
    expect(blocked.sort()).toEqual(['https://evil.example/x.css', 'https://evil.example/x.png']);
    // Blocked, and said so: the refusals show the policy at work rather than nothing to refuse.
    expect(errors.filter((e) => /Content Security Policy/.test(e)).length).toBeGreaterThanOrEqual(3);
    // The page's own script still ran (its hash matched): the filters are shown.
    await expect(page.locator('#filters').isVisible()).resolves.toBe(true);
    await page.close();
  });

  it('filters by severity, provider, status and text, and sorts by column', async () => {
    const report = hostileReport();
    const count = (pred: (f: Report['findings'][number]) => boolean): number => report.findings.filter(pred).length;
    const { page, errors } = await open(renderHtml(report));
    const total = report.findings.length;
    expect(await visibleRows(page)).toBe(total);
    await expect(page.locator('#shown').textContent()).resolves.toBe(`Showing all ${total} findings.`);

    await page.locator('input[data-filter=severity][value=low]').uncheck();
    expect(await visibleRows(page)).toBe(total - count((f) => f.severity === 'low'));
    await page.locator('input[data-filter=severity][value=medium]').uncheck();
    expect(await visibleRows(page)).toBe(count((f) => f.severity === 'critical' || f.severity === 'high'));
    await expect(page.locator('#shown').textContent()).resolves.toBe(`Showing ${count((f) => f.severity === 'critical' || f.severity === 'high')} of ${total} findings.`);
    await page.locator('[data-action=reset]').click();
    expect(await visibleRows(page)).toBe(total);

    await page.locator('select[data-filter=provider]').selectOption('gcp');
    expect(await visibleRows(page)).toBe(count((f) => f.resource.provider === 'gcp'));
    await page.locator('select[data-filter=provider]').selectOption('');
    await page.locator('select[data-filter=status]').selectOption('unknown');
    expect(await visibleRows(page)).toBe(count((f) => f.status === 'unknown'));
    await page.locator('select[data-filter=status]').selectOption('');
    await page.locator('select[data-filter=account]').selectOption('aws/222233334444');
    expect(await visibleRows(page)).toBe(count((f) => f.resource.account === '222233334444'));
    await page.locator('select[data-filter=account]').selectOption('');
    // Free text matches what is shown, hostile characters included, as plain text.
    await page.locator('input[data-filter=text]').fill('onerror="window.__pwned=2"');
    expect(await visibleRows(page)).toBe(total);
    await page.locator('input[data-filter=text]').fill('snap 1 ');
    expect(await visibleRows(page)).toBe(1);
    await page.locator('input[data-filter=text]').fill('');

    const scores = (): Promise<number[]> => page.locator('tbody.finding').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-score'))));
    await page.locator('th[data-sort=score] button').click();
    expect(await scores()).toEqual([...report.findings.map((f) => f.score)].sort((a, b) => b - a));
    await page.locator('th[data-sort=score] button').click();
    expect(await scores()).toEqual([...report.findings.map((f) => f.score)].sort((a, b) => a - b));
    await expect(page.locator('th[data-sort=score]').getAttribute('aria-sort')).resolves.toBe('ascending');
    await page.locator('th[data-sort=rank] button').click();
    expect(await page.locator('tbody.finding').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-rank'))))).toEqual(report.findings.map((_, i) => i + 1));
    expect(errors).toEqual([]);
    await page.close();
  });

  it('reads well on screen and in print, and without the script', async () => {
    const html = renderHtml(scannedReport());
    const { page, requests, leaving, errors } = await open(html, { width: 1280, height: 900 });
    const restored = page.locator('tbody.finding[data-check=aws-instance-from-snapshot-exposed]');
    await restored.locator('summary').click();
    await expect(restored.locator('svg.path').isVisible()).resolves.toBe(true);
    await expect(restored.locator('svg.path').getAttribute('aria-label')).resolves.toMatch(/^Exposure path: snapshot snap-0b2 → disk \S+ → instance forensics-tmp → open port tcp\/22 → internet 0\.0\.0\.0\/0$/);
    const screen = join(SHOTS, 'report.png');
    await page.screenshot({ path: screen, fullPage: true });
    console.log(`screenshot of the report: ${screen}`);

    // Print: no filters, every finding open, every row shown, no dark background.
    await page.locator('select[data-filter=provider]').selectOption('aws');
    await page.locator('input[data-filter=severity][value=high]').uncheck();
    await page.emulateMedia({ media: 'print' });
    await expect(page.locator('#filters').isVisible()).resolves.toBe(false);
    expect(await page.locator('tbody.finding:visible').count()).toBe(await page.locator('tbody.finding').count());
    const evidence = page.locator('tbody.finding').last().locator('details pre').last();
    await expect(evidence.isVisible()).resolves.toBe(true);
    const backgrounds = await page
      .locator('body, pre, th, .badge, tbody.finding')
      .evaluateAll((els) => els.map((el) => el.ownerDocument.defaultView!.getComputedStyle(el).backgroundColor).filter((c) => c !== 'rgba(0, 0, 0, 0)' && c !== 'rgb(255, 255, 255)'));
    expect(backgrounds).toEqual([]);
    await page.emulateMedia({ media: 'screen' });
    expect(requests).toHaveLength(1);
    expect(leaving).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();

    // Without the script: no filters (they would do nothing), every finding listed, details still open on click.
    const context = await browser.newContext({ javaScriptEnabled: false });
    const bare = await context.newPage();
    await bare.setContent(html);
    await expect(bare.locator('#filters').isVisible()).resolves.toBe(false);
    expect(await bare.locator('tbody.finding:visible').count()).toBe(await bare.locator('tbody.finding').count());
    await bare.locator('summary').first().click();
    await expect(bare.locator('details').first().locator('table.reasons').isVisible()).resolves.toBe(true);
    await context.close();
  });
});
