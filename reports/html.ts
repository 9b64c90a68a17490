// The report as one self-contained web page: the posture of each account, a severity chart, the
// ranked findings with filters and sorting, each finding explained (score, evidence, fix, exposure
// path, attack chain), and the coverage gaps. No request leaves the page: the style, the script and
// the drawings are inline, and a Content-Security-Policy allows only the style and the script the
// renderer wrote, by their hashes, so even an escape missed somewhere could not run code or fetch.
// Every string from the Report is escaped (reports/html-escape.ts); links are made only from https URLs.
import { createHash } from 'node:crypto';
import { SEVERITIES, SEVERITY_RANK, type Finding, type LogSummary, type PostureItem, type Report } from '../src/report.js';
import { SCRIPT, STYLE } from './html-assets.js';
import { esc, escLines, httpsUrl } from './html-escape.js';
import { drawExposurePath, exposurePath } from './html-path.js';
import { suppressionText } from '../src/suppress.js';

const sha256 = (text: string): string => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** The policy of the page: nothing may load, only the page's own style and script may run. */
export function contentSecurityPolicy(): string {
  return [
    "default-src 'none'",
    `style-src ${sha256(STYLE)}`,
    `script-src ${sha256(SCRIPT)}`,
    "img-src 'none'",
    "font-src 'none'",
    "connect-src 'none'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

type Severity = Finding['severity'];



/** A number as text; anything else (a hand-edited JSON report) as a question mark, never as markup. */
const num = (n: unknown): string => (typeof n === 'number' && Number.isFinite(n) ? String(n) : '?');

const plural = (n: number, word: string): string => `${num(n)} ${word}${n === 1 ? '' : 's'}`;

function accountName(report: Report, provider: string, account: string): string | undefined {
  const name = report.scope.accounts.find((a) => a.provider === provider && a.id === account)?.name;
  return name && name !== account ? name : undefined;
}

function header(report: Report): string {
  const accounts = report.scope.accounts;
  const unreachable = accounts.filter((a) => a.unreachable).length;
  const providers = report.scope.providers.map(esc).join(', ') || 'none';
  const regions = report.scope.requestedRegions ? `; regions asked for: ${report.scope.requestedRegions.map(esc).join(', ')}` : '';
  return [
    '<header class="page">',
    '<h1>Snapshot exposure report</h1>',
    `<p class="meta">snapaudit <strong>${esc(report.tool.version)}</strong> · generated <strong>${esc(report.generatedAt)}</strong></p>`,
    `<p class="meta">Scope: providers <strong>${providers}</strong>; <strong>${plural(accounts.length, 'account')}</strong>${unreachable > 0 ? ` (${num(unreachable)} unreachable)` : ''}${regions}</p>`,
    '<nav class="toc" aria-label="Sections"><a href="#overview">Overview</a><a href="#accounts">Accounts</a>',
    report.summary.logs ? '<a href="#logs">Audit logs</a>' : '',
    '<a href="#findings">Findings</a><a href="#gaps">Coverage gaps</a></nav>',
    '</header>',
  ].join('');
}

const RESOURCE_WORDS: ReadonlyArray<readonly [keyof Report['summary']['resources'], string]> = [
  ['snapshots', 'snapshots'],
  ['images', 'images'],
  ['disks', 'disks'],
  ['instances', 'instances'],
  ['dbSnapshots', 'DB snapshots'],
  ['databases', 'databases'],
  ['backupVaults', 'backup vaults'],
  ['galleries', 'galleries'],
];

/** Horizontal bars, one per severity, with the count at the end of each. */
export function severityChart(bySeverity: Readonly<Record<Severity, number>>): string {
  const labelW = 78;
  const barW = 320;
  const rowH = 26;
  const max = Math.max(1, ...SEVERITIES.map((s) => bySeverity[s]));
  const height = SEVERITIES.length * rowH + 4;
  const width = labelW + barW + 48;
  const description = `Findings by severity: ${SEVERITIES.map((s) => `${num(bySeverity[s])} ${s}`).join(', ')}`;
  const rows = SEVERITIES.map((s, i) => {
    const n = bySeverity[s];
    const y = i * rowH + 2;
    const w = n === 0 ? 0 : Math.max(3, Math.round((n / max) * barW));
    return [
      `<g class="bar"><title>${num(n)} ${s}</title>`,
      `<text x="0" y="${y + 16}">${s}</text>`,
      `<rect class="track" x="${labelW}" y="${y + 3}" width="${barW}" height="16" rx="3"/>`,
      w > 0 ? `<rect class="bar-${s}" x="${labelW}" y="${y + 3}" width="${w}" height="16" rx="3"/>` : '',
      `<text class="count" x="${labelW + w + 8}" y="${y + 16}">${num(n)}</text></g>`,
    ].join('');
  });
  return `<svg class="chart" role="img" aria-label="${esc(description)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${rows.join('')}</svg>`;
}

function overview(report: Report): string {
  const s = report.summary;
  const read = RESOURCE_WORDS.filter(([k]) => s.resources[k] > 0).map(([k, word]) => `${num(s.resources[k])} ${word}`);
  const incomplete = s.incomplete
    ? '<p class="banner"><strong>Incomplete:</strong> some reads failed, so findings may be missing. What could not be read is unknown, not safe: see <a href="#gaps">the coverage gaps</a>.</p>'
    : '';
  return [
    '<section id="overview" aria-labelledby="overview-h"><h2 id="overview-h">Overview</h2>',
    incomplete,
    '<div class="overview"><dl class="numbers">',
    `<div><dt>Findings</dt><dd>${num(report.findings.length)}</dd></div>`,
    `<div><dt>Not verified (unknown)</dt><dd>${num(s.byStatus.unknown)}</dd></div>`,
    `<div><dt>Checks run</dt><dd>${num(s.checks.run)}</dd></div>`,
    `<div><dt>Checks that could not run</dt><dd>${num(s.checks.failedToRun.length)}</dd></div>`,
    '</dl>',
    `<figure><figcaption class="meta">Findings by severity</figcaption>${severityChart(s.bySeverity)}</figure>`,
    '</div>',
    `<p class="meta">Read ${read.length > 0 ? esc(read.join(', ')) : 'nothing'}; ${num(s.checks.passed)} check results passed.</p>`,
    '</section>',
  ].join('');
}

function postureItem(label: string, item: PostureItem): string {
  return [
    '<div class="posture-item">',
    `<h4>${label} <span class="badge posture-${esc(item.status)}">${esc(item.status)}</span></h4>`,
    `<p>${esc(item.detail)}</p>`,
    `<p class="next">Next step: ${esc(item.nextStep)}</p>`,
    '</div>',
  ].join('');
}

function accounts(report: Report): string {
  const cards = report.summary.byAccount.map(({ provider, account, findings, unreachable }) => {
    const scoped = report.scope.accounts.find((a) => a.provider === provider && a.id === account);
    const name = accountName(report, provider, account);
    const facts = [
      `${plural(findings, 'finding')}`,
      scoped && !unreachable ? plural(scoped.regions.length, 'region') : '',
      scoped?.organization ? `organization ${esc(scoped.organization)}` : '',
      scoped?.caller ? `read as ${esc(scoped.caller)}` : '',
    ].filter((t) => t.length > 0);
    const posture = report.summary.posture.find((p) => p.provider === provider && p.account === account);
    const body = unreachable
      ? `<p class="banner"><strong>Unreachable:</strong> nothing could be read, so nothing here is known to be safe. ${esc(scoped?.unreachable ?? '')}</p>`
      : posture
        ? `${postureItem('Audit (M1047)', posture.audit)}${postureItem('User Account Management (M1018)', posture.userAccountManagement)}`
        : '<p class="meta">No posture was assessed for this account.</p>';
    return [
      '<article class="account">',
      `<h3>${esc(provider)} ${esc(account)}${name ? ` <span class="meta">(${esc(name)})</span>` : ''}</h3>`,
      `<p class="sub">${facts.join(' · ')}</p>`,
      body,
      '</article>',
    ].join('');
  });
  return [
    '<section id="accounts" aria-labelledby="accounts-h"><h2 id="accounts-h">Accounts</h2>',
    '<p class="meta">Each account against the ATT&amp;CK mitigations for T1578.001: would an abuse be seen (Audit, M1047), and who could do it (User Account Management, M1018).</p>',
    cards.length > 0 ? `<div class="accounts">${cards.join('')}</div>` : '<p>No account was in scope.</p>',
    '</section>',
  ].join('');
}

function logs(summary: LogSummary): string {
  const span = summary.from && summary.to ? ` from ${esc(summary.from)} to ${esc(summary.to)}` : '';
  const aside = [
    summary.failedCalls > 0 ? `${num(summary.failedCalls)} failed call(s) that changed nothing` : '',
    summary.benignCalls > 0 ? `${num(summary.benignCalls)} by benign callers from the config` : '',
    summary.unparsed > 0 ? `${num(summary.unparsed)} record(s) that could not be parsed` : '',
    summary.late > 0 ? `${num(summary.late)} out of time order` : '',
  ].filter((t) => t.length > 0);
  return [
    '<section id="logs" aria-labelledby="logs-h"><h2 id="logs-h">Audit logs</h2>',
    `<p>${num(summary.events)} event(s)${span}, ${num(summary.relevant)} relevant to a chain; <strong>${plural(summary.chains, 'chain finding')}</strong> from ${plural(summary.rules, 'rule')} (ATT&amp;CK T1578.001 then T1537).</p>`,
    aside.length > 0 ? `<p>Set aside: ${aside.join(', ')}.</p>` : '',
    `<h4>Sources</h4>${summary.sources.length > 0 ? `<ul class="plain">${summary.sources.map((s) => `<li>${esc(s)}</li>`).join('')}</ul>` : '<p>none</p>'}`,
    summary.notes.length > 0 ? `<h4>Notes</h4><ul class="plain">${summary.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>` : '',
    '</section>',
  ].join('');
}

function resourceLabel(f: Finding): string {
  const { id, name } = f.resource;
  if (name && id.startsWith('/') && id.endsWith(`/${name}`)) return name;
  return name && name !== id ? `${id} (${name})` : id;
}

const where = (f: Finding): string => `${f.resource.provider} ${f.resource.account} ${f.resource.region}`;

function filterControls(report: Report): string {
  const count = <T extends string>(key: (f: Finding) => T): Map<T, number> => {
    const out = new Map<T, number>();
    for (const f of report.findings) out.set(key(f), (out.get(key(f)) ?? 0) + 1);
    return out;
  };
  const options = (counts: Map<string, number>, label: (v: string) => string): string =>
    [...counts.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([value, n]) => `<option value="${esc(value)}">${esc(label(value))} (${num(n)})</option>`)
      .join('');
  const bySeverity = report.summary.bySeverity;
  const severities = SEVERITIES.filter((s) => bySeverity[s] > 0)
    .map((s) => `<label><input type="checkbox" data-filter="severity" value="${s}" checked> ${s} (${num(bySeverity[s])})</label>`)
    .join('');
  const accountLabel = (key: string): string => {
    const [provider = '', ...rest] = key.split('/');
    const account = rest.join('/');
    const name = accountName(report, provider, account);
    return `${provider} ${account}${name ? ` ${name}` : ''}`;
  };
  return [
    // Hidden until the script shows it: without the script the controls would do nothing.
    '<div id="filters" class="filters" role="search" aria-label="Filter findings" hidden>',
    `<fieldset><legend>Severity</legend>${severities}</fieldset>`,
    `<label>Provider <select data-filter="provider"><option value="">all</option>${options(count((f) => f.resource.provider), (v) => v)}</select></label>`,
    `<label>Account <select data-filter="account"><option value="">all</option>${options(count((f) => `${f.resource.provider}/${f.resource.account}`), accountLabel)}</select></label>`,
    `<label>Status <select data-filter="status"><option value="">all</option>${options(count((f) => f.status), (v) => v)}</select></label>`,
    '<label>Text <input type="search" data-filter="text" placeholder="check, resource, account, message"></label>',
    '<button type="button" data-action="reset">Show all</button>',
    '</div>',
  ].join('');
}

function reasonsTable(f: Finding): string {
  const rows = f.reasons.map(
    (r) => `<tr><td class="points">${r.points >= 0 ? '+' : '−'}${num(Math.abs(r.points))}</td><td class="mono">${esc(r.factor)}</td><td>${esc(r.detail)}</td></tr>`,
  );
  return `<table class="reasons"><thead><tr><th>Points</th><th>Factor</th><th>Why</th></tr></thead><tbody>${rows.join('')}</tbody><tfoot><tr><td class="points">${num(f.score)}</td><td colspan="2">score</td></tr></tfoot></table>`;
}

function actorText(actor: unknown): string {
  if (typeof actor === 'string') return actor;
  if (actor === null || typeof actor !== 'object' || Array.isArray(actor)) return '';
  const a = actor as { readonly [key: string]: unknown };
  const text = (key: string): string => (typeof a[key] === 'string' ? (a[key] as string) : '');
  const who = text('name') || text('id');
  const detail = [text('type'), text('name') && text('id') !== text('name') ? text('id') : ''].filter((t) => t).join(' ');
  return `${who}${detail ? ` (${detail})` : ''}${text('sourceIp') ? ` from ${text('sourceIp')}` : ''}`;
}

/** A chain finding's steps from `evidence.chain`, as a timeline; anything not a step is skipped. */
export function chainTimeline(f: Finding): string {
  const chain = f.evidence['chain'];
  if (!f.checkId.startsWith('chain-') || !Array.isArray(chain)) return '';
  const items = chain.flatMap((step) => {
    if (step === null || typeof step !== 'object' || Array.isArray(step)) return [];
    const s = step as { readonly [key: string]: unknown };
    const text = (key: string): string => (typeof s[key] === 'string' ? (s[key] as string) : '');
    const actor = actorText(s['actor']);
    const resources = Array.isArray(s['resources']) ? s['resources'].filter((r): r is string => typeof r === 'string') : [];
    return [
      [
        '<li>',
        text('time') ? `<span class="when">${esc(text('time'))}</span>` : '',
        `<strong>${esc(text('step') || 'step')}</strong>`,
        text('action') ? `: <code>${esc(text('action'))}</code>` : '',
        actor ? ` by ${esc(actor)}` : '',
        resources.length > 0 ? `<br><span class="meta">on ${esc(resources.join(', '))}</span>` : '',
        '</li>',
      ].join(''),
    ];
  });
  if (items.length === 0) return '';
  const note = typeof f.evidence['joinNote'] === 'string' ? `<p class="meta">${esc(f.evidence['joinNote'])}</p>` : '';
  return `<section><h4>Attack chain in the audit logs</h4><ol class="timeline">${items.join('')}</ol>${note}</section>`;
}

function threat(f: Finding): string {
  const techniques = f.techniques.map((t) => `<li><span class="mono">${esc(t.id)}</span> ${esc(t.name)}</li>`).join('');
  const mitigations = f.mitigations.map((m) => `<li><span class="mono">${esc(m.id)}</span> ${esc(m.name)}</li>`).join('');
  const compliance = f.compliance.map((c) => `<li>${esc(c.framework)} ${esc(c.version)}: ${esc(c.controls.join(', '))}</li>`).join('');
  return [
    techniques ? `<section><h4>ATT&amp;CK techniques</h4><ul class="plain">${techniques}</ul></section>` : '',
    mitigations ? `<section><h4>ATT&amp;CK mitigations</h4><ul class="plain">${mitigations}</ul></section>` : '',
    compliance ? `<section><h4>Compliance controls</h4><ul class="plain">${compliance}</ul></section>` : '',
  ].join('');
}

function fix(f: Finding): string {
  const docs = httpsUrl(f.remediation.docs);
  return [
    '<section><h4>Fix</h4>',
    `<p>${esc(f.remediation.text)}</p>`,
    f.remediation.command ? `<pre><code>${escLines(f.remediation.command)}</code></pre>` : '',
    docs ? `<p>Docs: <a href="${esc(docs)}" rel="noopener noreferrer" target="_blank">${esc(docs)}</a></p>` : '',
    '</section>',
  ].join('');
}

function findingBody(f: Finding, index: number): string {
  const path = exposurePath(f);
  const r = f.resource;
  return [
    `<details id="f-${esc(f.id)}"><summary>Score ${num(f.score)} explained, evidence and fix</summary><div class="detail-body">`,
    `<section><h4>${esc(f.title)}</h4><p>${esc(f.message)}</p>`,
    `<p class="meta">${esc(r.type)} <code>${esc(r.id)}</code>${r.name ? ` named ${esc(r.name)}` : ''}, ${esc(where(f))}. Finding <code>${esc(f.id)}</code>, status ${esc(f.status)}${f.baseline ? `, ${esc(f.baseline)} since the baseline` : ''}.</p>${suppressionText(f) ? `<p class="meta">${esc(suppressionText(f) ?? '')}</p>` : ''}</section>`,
    chainTimeline(f),
    path
      ? `<section><h4>Exposure path</h4>${drawExposurePath(path, String(index))}${path.omitted > 0 ? `<p class="meta">${num(path.omitted)} more not drawn; the evidence lists them all.</p>` : ''}</section>`
      : '',
    `<section><h4>Why it scores ${num(f.score)}</h4>${reasonsTable(f)}</section>`,
    fix(f),
    threat(f),
    `<section><h4>Evidence</h4><pre><code>${escLines(JSON.stringify(f.evidence, null, 2))}</code></pre></section>`,
    '</div></details>',
  ].join('');
}

function findingRows(report: Report, f: Finding, index: number): string {
  const label = resourceLabel(f);
  const searchable = [f.checkId, f.title, label, f.resource.account, f.resource.region, f.resource.provider, f.message, accountName(report, f.resource.provider, f.resource.account) ?? ''].join(' ').toLowerCase();
  const data = [
    `data-rank="${index + 1}"`,
    `data-score="${num(f.score)}"`,
    `data-sevrank="${SEVERITY_RANK[f.severity]}"`,
    `data-severity="${esc(f.severity)}"`,
    `data-status="${esc(f.status)}"`,
    `data-provider="${esc(f.resource.provider)}"`,
    `data-account="${esc(`${f.resource.provider}/${f.resource.account}`)}"`,
    `data-check="${esc(f.checkId)}"`,
    `data-resource="${esc(label.toLowerCase())}"`,
    `data-where="${esc(where(f).toLowerCase())}"`,
    `data-text="${esc(searchable)}"`,
  ].join(' ');
  const status =
    (f.status === 'fail' ? '' : ` <span class="badge st-${esc(f.status)}">${esc(f.status)}</span>`) +
    (f.baseline === 'new' ? ' <span class="badge st-new">new</span>' : '');
  return [
    `<tbody class="finding" ${data}>`,
    '<tr class="row">',
    `<td class="num">${index + 1}</td>`,
    `<td class="num score">${num(f.score)}</td>`,
    `<td><span class="badge sev-${esc(f.severity)}">${esc(f.severity)}</span>${status}</td>`,
    `<td class="mono">${esc(f.checkId)}</td>`,
    `<td>${esc(label)}</td>`,
    `<td>${esc(f.resource.provider)} ${esc(f.resource.account)}<br><span class="meta">${esc(f.resource.region)}</span></td>`,
    `<td>${esc(f.message)}</td>`,
    '</tr>',
    `<tr class="detail"><td colspan="7">${findingBody(f, index)}</td></tr>`,
    '</tbody>',
  ].join('');
}

function findings(report: Report): string {
  if (report.findings.length === 0) {
    return `<section id="findings" aria-labelledby="findings-h"><h2 id="findings-h">Findings</h2><p>${report.summary.incomplete ? 'No findings in what could be read: see the coverage gaps below.' : 'No findings.'}</p></section>`;
  }
  const th = (label: string, sort: string, extra = ''): string => `<th scope="col" data-sort="${sort}"${extra}>${label}</th>`;
  return [
    '<section id="findings" aria-labelledby="findings-h"><h2 id="findings-h">Findings, ranked</h2>',
    '<p class="meta">Ranked by score: severity, then who can use the resource, what it holds, and whether an abuse would be seen.<span class="screen-only"> Open a finding for its score factor by factor, its evidence and its fix.</span></p>',
    filterControls(report),
    `<p id="shown" aria-live="polite">${plural(report.findings.length, 'finding')}.</p>`,
    '<table id="findings-table" class="findings">',
    '<colgroup><col class="c-rank"><col class="c-score"><col class="c-sev"><col class="c-check"><col class="c-resource"><col class="c-where"><col></colgroup>',
    '<thead><tr>',
    th('#', 'rank', ' data-type="number" aria-sort="ascending"'),
    th('Score', 'score', ' data-type="number" data-first="descending"'),
    th('Severity', 'sevrank', ' data-type="number"'),
    th('Check', 'check'),
    th('Resource', 'resource'),
    th('Where', 'where'),
    '<th scope="col">Finding</th>',
    '</tr></thead>',
    ...report.findings.map((f, i) => findingRows(report, f, i)),
    '</table>',
    '</section>',
  ].join('');
}

function gaps(report: Report): string {
  const entries = report.coverage.filter((g) => g.status !== 'ok');
  const failed = report.summary.checks.failedToRun;
  const rows = [
    ...entries.map((g) => {
      const affected = g.affected ? ` (${num(g.affected)} resource(s)${g.sample && g.sample.length > 0 ? `, e.g. ${g.sample.join(', ')}` : ''})` : '';
      return `<tr><td class="status">${esc(g.status)}</td><td>${esc(g.provider)} ${esc(g.account)}<br><span class="meta">${esc(g.region)}</span></td><td class="mono">${esc(g.action ?? g.service)}</td><td>${esc(`${g.detail}${affected}`)}</td></tr>`;
    }),
    ...failed.map((f) => `<tr><td class="status">error</td><td>all</td><td class="mono">check ${esc(f.checkId)}</td><td>could not run: ${esc(f.error)}</td></tr>`),
  ];
  return [
    '<section id="gaps" aria-labelledby="gaps-h"><h2 id="gaps-h">Coverage gaps</h2>',
    rows.length > 0
      ? `<p><strong>What could not be read is unknown, not safe.</strong> Grant the reads <code>snapaudit permissions</code> lists, and scan again.</p><table class="gaps"><thead><tr><th>Status</th><th>Where</th><th>Read</th><th>Detail</th></tr></thead><tbody>${rows.join('')}</tbody></table>`
      : '<p>Every read succeeded and every check ran.</p>',
    '</section>',
  ].join('');
}

export function renderHtml(report: Report): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy()}">`,
    '<meta name="referrer" content="no-referrer">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="color-scheme" content="light">',
    `<title>snapaudit report, ${esc(report.generatedAt)}</title>`,
    `<style>${STYLE}</style>`,
    '</head><body>',
    header(report),
    '<main>',
    overview(report),
    accounts(report),
    report.summary.logs ? logs(report.summary.logs) : '',
    findings(report),
    gaps(report),
    '</main>',
    `<footer>snapaudit ${esc(report.tool.version)}. Every name, tag and message above comes from the audited accounts and is shown as text only.</footer>`,
    `<script>${SCRIPT}</script>`,
    '</body></html>',
    '',
  ].join('\n');
}
