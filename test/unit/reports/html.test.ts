// The HTML report: escaping in every context on hostile strings, a policy that allows only the
// page's own style and script, no reference that could make the page fetch anything, scores that
// add up, and exposure paths drawn only from what the evidence shows.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../../src/checks/index.js';
import { runChecks } from '../../../src/checks/run.js';
import { buildReport, type Finding, type Report } from '../../../src/report.js';
import { SCRIPT, STYLE } from '../../../reports/html-assets.js';
import { esc, escLines, httpsUrl } from '../../../reports/html-escape.js';
import { describeExposurePath, exposurePath, resourceNoun, shorten } from '../../../reports/html-path.js';
import { chainTimeline, contentSecurityPolicy, renderHtml } from '../../../reports/html.js';
import { account, controls, instance, inventory, PUBLIC, restoredDisk, snapshot, sshFromWorld, unreadable } from '../../support/factories.js';
import { BAD_DOCS, GOOD_DOCS, HOSTILE, hostileReport, PAYLOADS } from './html-hostile.js';

/** The tags and attributes the renderer writes; anything else in the output came from data. */
const TAGS = new Set([
  '!DOCTYPE', 'html', 'head', 'meta', 'title', 'style', 'body', 'header', 'h1', 'h2', 'h3', 'h4', 'p', 'strong', 'nav', 'a', 'main', 'section', 'div', 'dl', 'dt', 'dd',
  'figure', 'figcaption', 'svg', 'g', 'text', 'rect', 'path', 'defs', 'marker', 'article', 'span', 'br', 'fieldset', 'legend', 'label', 'input', 'select', 'option', 'button',
  'table', 'colgroup', 'col', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'details', 'summary', 'code', 'pre', 'ol', 'ul', 'li', 'footer', 'script',
]);
const ATTRIBUTES = new Set([
  'lang', 'charset', 'http-equiv', 'content', 'name', 'class', 'id', 'href', 'rel', 'target', 'aria-label', 'aria-labelledby', 'aria-live', 'aria-sort', 'role', 'hidden',
  'type', 'value', 'checked', 'placeholder', 'colspan', 'scope', 'width', 'height', 'viewBox', 'x', 'y', 'rx', 'd', 'transform', 'marker-end', 'refX', 'refY',
  'markerWidth', 'markerHeight', 'orient',
]);

interface Tag {
  readonly name: string;
  readonly attributes: ReadonlyArray<readonly [string, string]>;
}

/** Every tag of the page. Sound here because the renderer never writes a raw `<`, `>` or `"` from data. */
function tagsOf(html: string): Tag[] {
  return [...html.matchAll(/<(!?[A-Za-z][A-Za-z0-9-]*)((?:\s+[^\s=>]+(?:="[^"]*")?)*)\s*\/?>/g)].map((m) => ({
    name: m[1]!,
    attributes: [...(m[2] ?? '').matchAll(/\s+([^\s=>]+)(?:="([^"]*)")?/g)].map((a) => [a[1]!, a[2] ?? ''] as const),
  }));
}

const between = (html: string, open: string, close: string): string => {
  const start = html.indexOf(open);
  return html.slice(start + open.length, html.indexOf(close, start));
};

const sha = (text: string): string => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

function fixedReport(): Report {
  const inv = inventory({
    accounts: [{ provider: 'aws', id: '111122223333', caller: 'arn:aws:iam::111122223333:role/Audit', regions: ['us-east-1'] }],
    snapshots: [
      snapshot({ id: 'snap-0001', name: HOSTILE, sharing: [PUBLIC], encryption: { encrypted: false, keyKind: 'none' } }),
      snapshot({ id: 'snap-0002', sharing: [account('999988887777')] }),
      snapshot({ id: 'snap-0003', sharing: unreadable() }),
    ],
    instances: [instance({ id: 'i-0001', name: 'web', disks: [restoredDisk('snap-0002')], publicAddresses: ['203.0.113.10'], internetIngress: [sshFromWorld()] })],
    regions: [controls({ snapshotPublicSharingBlock: 'off', native: { snapshotBlockPublicAccess: 'unblocked' } })],
    coverage: [
      { provider: 'aws', account: '111122223333', region: 'us-east-1', service: 'ec2', status: 'denied', action: 'ec2:DescribeSnapshotAttribute', detail: 'UnauthorizedOperation: denied; HTTP 403', affected: 1, sample: ['snap-0003'] },
      { provider: 'aws', account: '111122223333', region: 'us-east-1', service: 'ec2', status: 'ok', detail: '3 snapshots read' },
    ],
  });
  const run = runChecks(CHECKS, inv);
  return buildReport({ version: '9.9.9', generatedAt: new Date('2026-11-27T12:00:00Z'), providers: ['aws'], checks: CHECKS, inventory: inv, results: run.results, failures: run.failures });
}

function withEvidence(evidence: Finding['evidence'], checkId = 'aws-instance-from-snapshot-exposed'): Finding {
  const base = hostileReport().findings[0]!;
  return { ...base, checkId, evidence, resource: { provider: 'aws', account: '1', region: 'r', type: 'AWS::EC2::Instance', id: 'i-1', name: 'web' } };
}

describe('esc', () => {
  it.each(PAYLOADS.map((p) => [p]))('leaves no markup, quote or backtick of %j', (payload) => {
    const out = esc(payload);
    expect(out).not.toMatch(/[<>"'`]/);
    expect(out).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
    // What remains reads as the text it was (entities decode back to it).
    const decoded = out.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&#96;/g, '`').replace(/&amp;/g, '&');
    expect(decoded.replace(/\s/g, '')).toBe(payload.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '').replace(/\s/g, ''));
  });

  it('escapes every special character once', () => {
    expect(esc(`&<>"'\``)).toBe('&amp;&lt;&gt;&quot;&#39;&#96;');
    expect(esc('&amp;')).toBe('&amp;amp;');
  });

  it('keeps line breaks only where asked', () => {
    expect(esc('a\nb')).toBe('ab');
    expect(escLines('a\n<b>\u001b[2J')).toBe('a\n&lt;b&gt;[2J');
  });
});

describe('httpsUrl', () => {
  it('accepts an absolute https URL, normalised', () => {
    expect(httpsUrl('https://docs.aws.amazon.com/ebs/latest/userguide/x.html#y')).toBe('https://docs.aws.amazon.com/ebs/latest/userguide/x.html#y');
    expect(httpsUrl(GOOD_DOCS)).toBe('https://docs.example.com/fix?q=%22%3E%3Cscript%3Ewindow.__pwned=13%3C/script%3E');
  });

  it.each(BAD_DOCS.map((d) => [d]))('refuses %j', (docs) => {
    expect(httpsUrl(docs)).toBeUndefined();
  });

  it('refuses what is not a string', () => {
    expect(httpsUrl(undefined)).toBeUndefined();
    expect(httpsUrl({ href: 'https://x.example' })).toBeUndefined();
  });
});

describe('renderHtml on a report whose every string is hostile', () => {
  const html = renderHtml(hostileReport());
  const tags = tagsOf(html);

  it('writes only the tags and attributes of its own', () => {
    expect(tags.length).toBeGreaterThan(200);
    expect([...new Set(tags.map((t) => t.name))].filter((n) => !TAGS.has(n))).toEqual([]);
    const names = new Set(tags.filter((t) => t.name !== '!DOCTYPE').flatMap((t) => t.attributes.map(([n]) => n)).filter((n) => !n.startsWith('data-')));
    expect([...names].filter((n) => !ATTRIBUTES.has(n))).toEqual([]);
    expect([...names].filter((n) => /^on/i.test(n))).toEqual([]);
  });

  it('has exactly one script and one style, its own', () => {
    expect(html.match(/<script/gi)).toHaveLength(1);
    expect(html.match(/<style/gi)).toHaveLength(1);
    expect(between(html, '<script>', '</script>')).toBe(SCRIPT);
    expect(between(html, '<style>', '</style>')).toBe(STYLE);
    for (const opener of ['<img', '<iframe', '<link', '<base', '<textarea', '<!--', ']]>', '<![CDATA[', '<svg onload', 'http-equiv="refresh"']) expect(html).not.toContain(opener);
  });

  it('lets no control, separator or bidi character through', () => {
    expect(html).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/);
  });

  it('carries the hostile text as text, in content and in attributes alike', () => {
    expect(html).toContain('&lt;script&gt;window.__pwned=1&lt;/script&gt;');
    expect(html).toContain('&quot; onmouseover=&quot;window.__pwned=3&quot; x=&quot;');
    expect(html).toContain('&#39; autofocus onfocus=&#39;window.__pwned=4&#39;');
    expect(html).toContain('&#96;${window.__pwned=9}&#96;');
    const account = tags.find((t) => t.name === 'tbody')!.attributes.find(([n]) => n === 'data-text')![1];
    expect(account).toContain('&lt;img src=x onerror=&quot;window.__pwned=2&quot;&gt;');
    // Every place a finding field goes: message, title, resource, fix command, evidence, reasons.
    expect(html).toContain("aws ec2 do-thing --name &#39;&lt;script&gt;window.__pwned=1&lt;/script&gt;");
    for (const label of ['message', 'title', 'instance', 'second line', 'evidence', 'critical', 'technique', 'mitigation', 'framework', 'control', 'detail', 'next', 'note', 'cloudtrail', 'denied', 'snap-0003', 'could not assume', 'error']) {
      expect(html, label).toContain(`${label} &lt;script&gt;window.__pwned=1&lt;/script&gt;`);
    }
  });

  it('links out only to validated https docs, without referrer or opener', () => {
    const links = tags.filter((t) => t.attributes.some(([n]) => n === 'href'));
    const external = links.filter((t) => !t.attributes.find(([n]) => n === 'href')![1].startsWith('#'));
    expect(external.length).toBeGreaterThan(0);
    for (const link of external) {
      const href = link.attributes.find(([n]) => n === 'href')![1];
      expect(link.name).toBe('a');
      expect(href).toBe(esc(httpsUrl(GOOD_DOCS)!));
      expect(link.attributes).toContainEqual(['rel', 'noopener noreferrer']);
    }
    for (const bad of BAD_DOCS) expect(links.map((t) => t.attributes.find(([n]) => n === 'href')![1])).not.toContain(esc(bad));
    expect(tags.filter((t) => t.attributes.some(([n]) => n === 'src' || n === 'srcset' || n === 'action' || n === 'formaction' || n === 'xlink:href'))).toEqual([]);
  });

  it('holds no other reference the browser would follow: no src, no url() but its own markers, no import', () => {
    const fetching = ['src', 'srcset', 'action', 'formaction', 'data', 'poster', 'background', 'xlink:href', 'ping', 'manifest', 'style'];
    expect(tags.filter((t) => t.attributes.some(([n]) => fetching.includes(n.toLowerCase())))).toEqual([]);
    const markers = tags.flatMap((t) => t.attributes.filter(([n]) => n === 'marker-end').map(([, v]) => v));
    expect(markers.length).toBeGreaterThan(0);
    for (const marker of markers) expect(marker).toMatch(/^url\(#arrow-\d+\)$/);
    expect(STYLE).not.toMatch(/url\(|@import|@font-face/);
    const metas = tags.filter((t) => t.name === 'meta').map((t) => t.attributes.map(([n]) => n).join(' '));
    expect(metas).toEqual(['charset', 'http-equiv content', 'name content', 'name content', 'name content']);
    // The payloads' addresses appear, escaped, as visible text only.
    expect(html).toContain('&lt;iframe src=&quot;https://evil.example/frame&quot;&gt;');
  });

  it('hides the filters until the script shows them', () => {
    expect(html).toMatch(/<div id="filters" class="filters" role="search" aria-label="Filter findings" hidden>/);
  });
});

describe('the Content-Security-Policy', () => {
  const html = renderHtml(hostileReport());
  const policy = between(html, '<meta http-equiv="Content-Security-Policy" content="', '">');
  const directives = new Map(policy.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]));

  it('comes before any style or script, right after the charset', () => {
    expect(html.indexOf('<meta charset="utf-8">')).toBeLessThan(html.indexOf('Content-Security-Policy'));
    expect(html.indexOf('Content-Security-Policy')).toBeLessThan(html.indexOf('<style>'));
    expect(policy).toBe(contentSecurityPolicy());
  });

  it('allows the inline script and style by the hashes of what the page holds', () => {
    expect(directives.get('script-src')).toEqual([sha(between(html, '<script>', '</script>'))]);
    expect(directives.get('style-src')).toEqual([sha(between(html, '<style>', '</style>'))]);
  });

  it('allows nothing else to load, post or rebase', () => {
    for (const name of ['default-src', 'img-src', 'font-src', 'connect-src', 'object-src', 'base-uri', 'form-action']) expect(directives.get(name), name).toEqual(["'none'"]);
    expect(policy).not.toMatch(/unsafe-inline|unsafe-eval|unsafe-hashes|\*|https?:|data:/);
  });

  it('stays the same whatever the data: no data in the script', () => {
    expect(contentSecurityPolicy()).toBe(between(renderHtml(fixedReport()), 'content="', '">'));
    expect(SCRIPT).not.toMatch(/111122223333|innerHTML|outerHTML|insertAdjacentHTML|eval|Function\(|document\.write|setTimeout\(['"`]/);
  });
});

describe('renderHtml on a report built by the scanner', () => {
  const report = fixedReport();
  const html = renderHtml(report);

  it('explains each score by factors that add up to it', () => {
    const bodies = html.split('<tbody class="finding"').slice(1);
    expect(bodies).toHaveLength(report.findings.length);
    for (const body of bodies) {
      const reasons = between(body, '<table class="reasons">', '</table>');
      const points = [...between(reasons, '<tbody>', '</tbody>').matchAll(/<td class="points">([+−])(\d+)<\/td>/g)].map((m) => (m[1] === '−' ? -1 : 1) * Number(m[2]));
      const total = Number(/<tfoot><tr><td class="points">(\d+)<\/td>/.exec(reasons)![1]);
      expect(points.length).toBeGreaterThan(0);
      expect(points.reduce((a, b) => a + b, 0)).toBe(total);
      expect(body).toContain(`data-score="${total}"`);
    }
  });

  it('ranks findings as the report does, each with its fix command in a code block', () => {
    const ids = [...html.matchAll(/<details id="f-([0-9a-f]+)">/g)].map((m) => m[1]);
    expect(ids).toEqual(report.findings.map((f) => f.id));
    for (const f of report.findings) if (f.remediation.command) expect(html).toContain(`<pre><code>${escLines(f.remediation.command)}</code></pre>`);
  });

  it('shows the header, the posture of each account, the chart and the coverage gaps', () => {
    expect(html).toContain('snapaudit <strong>9.9.9</strong> · generated <strong>2026-11-27T12:00:00.000Z</strong>');
    expect(html).toContain('Audit (M1047)');
    expect(html).toContain('User Account Management (M1018)');
    expect(html).toContain(`aria-label="Findings by severity: ${['critical', 'high', 'medium', 'low', 'info'].map((s) => `${report.summary.bySeverity[s as 'high']} ${s}`).join(', ')}"`);
    expect(html).toContain('What could not be read is unknown, not safe.');
    expect(html).toContain('ec2:DescribeSnapshotAttribute');
    expect(html).not.toContain('3 snapshots read');
    expect(html).not.toContain('id="logs"');
  });

  it('has a print stylesheet that hides the filters and opens every finding', () => {
    const print = STYLE.slice(STYLE.indexOf('@media print'));
    expect(print).toMatch(/\.filters[^{]*\{ display: none !important; \}/);
    expect(print).toContain('details::details-content { content-visibility: visible; display: block; }');
    expect(print).toContain('break-inside: avoid');
    expect(SCRIPT).toContain("addEventListener('beforeprint'");
  });

  it('says so when there is nothing to show', () => {
    const empty = renderHtml({ ...report, findings: [], coverage: [], summary: { ...report.summary, incomplete: false, checks: { ...report.summary.checks, failedToRun: [] } } });
    expect(empty).toContain('<p>No findings.</p>');
    expect(empty).toContain('Every read succeeded and every check ran.');
    expect(empty).not.toContain('id="findings-table"');
  });
});

describe('exposure path', () => {
  it('draws snapshot → disk → instance → port → internet from an instance check', () => {
    const f = fixedReport().findings.find((x) => x.checkId === 'aws-instance-from-snapshot-exposed')!;
    const path = exposurePath(f)!;
    expect(path.nodes.map((n) => `${n.kind}:${n.value}`)).toEqual(['resource:web', 'port:tcp/22', 'internet:0.0.0.0/0', 'snapshot:snap-0002', expect.stringMatching(/^disk:/)]);
    expect(describeExposurePath(path)).toMatch(/^Exposure path: snapshot snap-0002 → disk \S+ → instance web → open port tcp\/22 → internet 0\.0\.0\.0\/0$/);
    expect(path.edges).toHaveLength(4);
  });

  it('draws who a resource is shared with, but not internal accounts', () => {
    const path = exposurePath(hostileReport().findings[1]!)!;
    const audience = path.nodes.filter((n) => n.kind === 'audience' || n.kind === 'internet').map((n) => n.value);
    expect(audience).toHaveLength(4);
    expect(audience.some((a) => a.startsWith('anyone (allUsers'))).toBe(true);
    expect(audience).toContain('anyone with the link');
    expect(audience).not.toContain('internal-team');
    expect(path.nodes.filter((n) => n.kind === 'snapshot')).toHaveLength(1);
  });

  it('draws nothing when the evidence shows no way out', () => {
    expect(exposurePath(withEvidence({ origins: [{ disk: 'vol-1', snapshot: 'snap-1' }], publicAddresses: ['1.2.3.4'] }))).toBeUndefined();
    expect(exposurePath(withEvidence({ grants: [{ kind: 'account', principal: 'x', trust: 'trusted' }] }))).toBeUndefined();
    expect(exposurePath(hostileReport().findings[2]!)).toBeUndefined();
    expect(renderHtml(fixedReport())).toContain('<svg class="path"');
  });

  it('ignores evidence of the wrong shape', () => {
    const shapes: Array<Finding['evidence']> = [{ ingress: 'all' }, { ingress: [null, 3, 'x', { protocol: 'tcp', from: '22', to: 22 }] }, { grants: { kind: 'public' } }, { origins: 5, networkReach: 'private' }];
    for (const evidence of shapes) {
      expect(exposurePath(withEvidence(evidence)), JSON.stringify(evidence)).toBeUndefined();
    }
  });

  it('keeps a crowded column to five and says how many it left out', () => {
    const ingress = Array.from({ length: 8 }, (_, i) => ({ protocol: 'tcp', from: i, to: i, source: '0.0.0.0/0', address: 'a' }));
    const path = exposurePath(withEvidence({ ingress }))!;
    expect(path.nodes.filter((n) => n.kind === 'port')).toHaveLength(5);
    expect(path.omitted).toBe(3);
  });

  it('shortens long ids to their distinguishing end', () => {
    expect(shorten('/subscriptions/5ab5c41b-0000/resourceGroups/prod-rg/providers/Microsoft.Compute/disks/forensics-os')).toBe('…forensics-os');
    expect(shorten('snap-0c0ffee000000002b')).toBe('snap-0c0ffee000000002b');
  });
});

describe('chain timeline', () => {
  it('lists the steps in order, with who and when, skipping what is not a step', () => {
    const timeline = chainTimeline(hostileReport().findings[2]!);
    expect(timeline.match(/<li>/g)).toHaveLength(2);
    expect(timeline.indexOf('created')).toBeLessThan(timeline.indexOf('shared'));
    expect(timeline).toContain('by mallory &lt;script&gt;');
    expect(timeline).toContain('from 185.220.101.47 &lt;script&gt;');
    expect(timeline).toContain('by actor as string');
  });

  it('is only for chain findings', () => {
    expect(chainTimeline(withEvidence({ chain: [{ step: 'x' }] }))).toBe('');
  });
});

describe('resourceNoun', () => {
  it.each([
    ['AWS::EC2::Instance', 'instance'],
    ['AWS::RDS::DBSnapshot', 'DB snapshot'],
    ['AWS::RDS::DBClusterSnapshot', 'DB cluster snapshot'],
    ['Microsoft.Compute/virtualMachines', 'virtual machine'],
    ['Microsoft.Compute/galleries', 'gallery'],
    ['compute.googleapis.com/Snapshot', 'snapshot'],
    ['<script>', 'resource'],
  ])('%s → %s', (type, noun) => {
    expect(resourceNoun(type)).toBe(noun);
  });
});
