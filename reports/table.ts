// The terminal report: ranked findings in a table, the top ones explained, the posture of each
// account, and every coverage gap. Colour only when asked (a TTY without NO_COLOR).
import Table from 'cli-table3';
import { createColors } from 'picocolors';
import { SEVERITIES, type Finding, type Report } from '../src/report.js';
import { stripControl, stripControlKeepLines } from '../src/text.js';
import { frameworkJsonLines } from '../src/frameworks/index.js';
import { suppressionText } from '../src/suppress.js';

export interface TableOptions {
  readonly color: boolean;
  /** Terminal width in columns. */
  readonly width?: number;
  /** How many of the top findings to explain factor by factor. */
  readonly explain?: number;
}

type Colors = ReturnType<typeof createColors>;

function severityLabel(finding: Finding, c: Colors): string {
  const label = finding.severity.toUpperCase();
  switch (finding.severity) {
    case 'critical':
      return c.bold(c.red(label));
    case 'high':
      return c.red(label);
    case 'medium':
      return c.yellow(label);
    case 'low':
      return c.cyan(label);
    default:
      return c.dim(label);
  }
}

function resourceLabel(finding: Finding): string {
  const { id, name } = finding.resource;
  // A path-like id that ends with the name (an ARM id) says nothing the name does not; the JSON keeps it.
  if (name && id.startsWith('/') && id.endsWith(`/${name}`)) return stripControl(name);
  return stripControl(name && name !== id ? `${id} (${name})` : id);
}

function columnWidths(total: number): number[] {
  // #, score, severity, check, resource, where: the message takes what is left.
  const fixed = [5, 7, 11, 36, 30, 16];
  const borders = fixed.length + 2;
  const rest = Math.max(30, total - fixed.reduce((a, b) => a + b, 0) - borders);
  return [...fixed, rest];
}

function findingsTable(report: Report, c: Colors, width: number): string {
  const severalAccounts = new Set(report.findings.map((f) => `${f.resource.provider}/${f.resource.account}`)).size > 1;
  const table = new Table({
    head: ['#', 'Score', 'Severity', 'Check', 'Resource', severalAccounts ? 'Region / account' : 'Region', 'Finding'],
    colWidths: columnWidths(width),
    wordWrap: true,
    wrapOnWordBoundary: true,
    style: { head: [], border: [] },
  });
  report.findings.forEach((f, i) => {
    const where = stripControl(f.resource.region) + (severalAccounts ? `\n${stripControl(f.resource.account)}` : '');
    table.push([
      String(i + 1),
      String(f.score),
      [severityLabel(f, c), ...(f.status === 'fail' ? [] : [c.magenta(f.status)]), ...(f.baseline === 'new' ? [c.bold('new')] : [])].join('\n'),
      f.checkId,
      resourceLabel(f),
      where,
      stripControl(f.message),
    ]);
  });
  return table.toString();
}

/** Who took a step: the evidence gives an object (name, id, access key, source address). */
function actorOf(actor: unknown): string {
  if (typeof actor === 'string') return ` by ${stripControl(actor)}`;
  if (actor === null || typeof actor !== 'object' || Array.isArray(actor)) return '';
  const a = actor as { readonly [key: string]: unknown };
  const field = (key: string): string | undefined => (typeof a[key] === 'string' ? stripControl(a[key] as string) : undefined);
  const who = field('name') ?? field('id');
  if (!who) return '';
  const key = field('accessKeyId');
  const from = field('sourceIp');
  return ` by ${who}${key ? ` (key ${key.split('/').pop() ?? key})` : ''}${from ? ` from ${from}` : ''}`;
}

/** A chain finding's steps from its evidence, one line each: when, what, who. */
function chainSteps(finding: Finding): string[] {
  const chain = finding.evidence['chain'];
  if (!Array.isArray(chain)) return [];
  return chain.flatMap((step) => {
    if (step === null || typeof step !== 'object' || Array.isArray(step)) return [];
    const s = step as { readonly [key: string]: unknown };
    const text = (key: string): string => (typeof s[key] === 'string' ? stripControl(s[key] as string) : '');
    const what = [text('step'), text('action')].filter((t) => t.length > 0).join(': ');
    return [`     ${text('time')}  ${what}${actorOf(s['actor'])}`];
  });
}

function explain(findings: readonly Finding[], c: Colors): string[] {
  const lines: string[] = [];
  findings.forEach((f, i) => {
    lines.push(`${c.bold(`${i + 1}. ${f.checkId}`)} ${resourceLabel(f)} (${stripControl(f.resource.region)}): score ${f.score}`);
    const steps = chainSteps(f);
    if (steps.length > 0) lines.push('   chain:', ...steps);
    for (const r of f.reasons) lines.push(`     ${r.points >= 0 ? '+' : ''}${r.points}  ${stripControl(r.detail)}`);
    const accepted = suppressionText(f);
    if (accepted) lines.push(`   ${stripControl(accepted)}`);
    lines.push(`   fix: ${stripControl(f.remediation.text)}`);
    lines.push(`        ${stripControl(f.remediation.command)}`);
  });
  return lines;
}

const RESOURCE_WORDS: Readonly<Record<string, string>> = {
  snapshots: 'snapshots',
  images: 'images',
  disks: 'disks',
  instances: 'instances',
  dbSnapshots: 'DB snapshots',
  databases: 'databases',
  backupVaults: 'backup vaults',
  galleries: 'galleries',
};

function summaryLine(report: Report): string {
  const s = report.summary;
  const counts = SEVERITIES
    .filter((sev) => s.bySeverity[sev] > 0)
    .map((sev) => `${s.bySeverity[sev]} ${sev}`);
  const total = report.findings.length;
  const unknown = s.byStatus.unknown > 0 ? `, ${s.byStatus.unknown} of them unknown` : '';
  const read = Object.entries(s.resources)
    .filter(([, n]) => n > 0)
    .map(([kind, n]) => `${n} ${RESOURCE_WORDS[kind] ?? kind}`);
  return `${total} finding(s)${counts.length ? `: ${counts.join(', ')}` : ''}${unknown}. Read ${read.join(', ') || 'nothing'}; ${s.checks.run} checks, ${s.checks.passed} passes.`;
}

export function renderTable(report: Report, options: TableOptions): string {
  const c = createColors(options.color);
  const width = options.width ?? 160;
  const out: string[] = [];
  const scope = report.scope.accounts;
  const unreachable = scope.filter((a) => a.unreachable).length;
  const accounts =
    scope.length > 4
      ? `${scope.length} accounts${unreachable ? ` (${unreachable} unreachable)` : ''}`
      : scope.map((a) => `${a.provider} ${stripControl(a.id)}${a.name ? ` ${stripControl(a.name)}` : ''} (${a.unreachable ? 'unreachable' : `${a.regions.length} region${a.regions.length === 1 ? '' : 's'}`})`).join(', ');
  out.push(c.bold(`snapaudit ${report.tool.version}: ${accounts || 'no account'}, ${report.generatedAt}`));
  if (report.findings.length > 0) {
    out.push(findingsTable(report, c, width));
    const top = report.findings.slice(0, options.explain ?? 5);
    out.push('', c.bold('Why the top findings rank first, and how to fix them:'), ...explain(top, c));
  } else {
    out.push(report.summary.incomplete ? 'No findings in what could be read (see the coverage gaps below).' : 'No findings.');
  }
  if (report.summary.posture.length > 0) {
    out.push('', c.bold('Posture (ATT&CK mitigations for T1578.001):'));
    // Accounts in the same posture share one paragraph, so an organization does not repeat itself.
    const groups = new Map<string, string[]>();
    for (const p of report.summary.posture) {
      const lines = [
        `    Audit (M1047): ${p.audit.status}, ${p.audit.detail}. Next: ${p.audit.nextStep}.`,
        `    User Account Management (M1018): ${p.userAccountManagement.status}, ${p.userAccountManagement.detail}. Next: ${p.userAccountManagement.nextStep}.`,
      ].join('\n');
      groups.set(lines, [...(groups.get(lines) ?? []), `${p.provider} ${stripControl(p.account)}`]);
    }
    for (const [lines, accounts] of groups) out.push(`  ${accounts.join(', ')}`, stripControlKeepLines(lines));
  }
  const logs = report.summary.logs;
  if (logs) {
    const span = logs.from && logs.to ? ` from ${logs.from} to ${logs.to}` : '';
    const skipped = [
      logs.failedCalls > 0 ? `${logs.failedCalls} failed call(s) that changed nothing` : '',
      logs.benignCalls > 0 ? `${logs.benignCalls} by benign callers from the config` : '',
      logs.unparsed > 0 ? `${logs.unparsed} record(s) that could not be parsed` : '',
      logs.late > 0 ? `${logs.late} out of time order` : '',
    ].filter((t) => t.length > 0);
    out.push('', c.bold('Audit logs (attack chains, ATT&CK T1578.001 then T1537):'));
    out.push(`  ${logs.events} event(s)${span}, ${logs.relevant} relevant to a chain; ${logs.chains} chain finding(s) from ${logs.rules} rules.`);
    if (skipped.length > 0) out.push(`  Set aside: ${skipped.join(', ')}.`);
    out.push(`  Sources: ${logs.sources.map(stripControl).join(', ') || 'none'}.`);
    for (const note of logs.notes) out.push(`  Note: ${stripControl(note)}`);
  }
  const suppressions = report.summary.suppressions;
  if (suppressions && (suppressions.expired.length > 0 || suppressions.unused.length > 0)) {
    out.push('', c.bold('Suppressions to renew or remove:'));
    for (const e of suppressions.expired) out.push(`  EXPIRED ${stripControl(e)}`);
    for (const u of suppressions.unused) out.push(`  UNUSED ${stripControl(u)} (matches no finding)`);
  }
  if (report.baseline) {
    const resolved = report.baseline.resolved.filter((r) => r.outcome === 'resolved');
    const unchecked = report.baseline.resolved.filter((r) => r.outcome === 'not-rechecked');
    const fresh = report.findings.filter((f) => f.baseline === 'new').length;
    out.push('', c.bold(`Since the baseline (${stripControl(report.baseline.generatedAt ?? 'a previous report')}): ${fresh} new, ${report.findings.length - fresh} unchanged, ${resolved.length} resolved.`));
    for (const r of resolved) out.push(`  RESOLVED ${r.checkId} ${stripControl(r.resource.id)} (${stripControl(r.resource.region)})`);
    for (const r of unchecked) out.push(`  NOT RECHECKED ${r.checkId} ${stripControl(r.resource.id)}: ${stripControl(r.why ?? 'not covered by this scan')}`);
  }
  for (const framework of report.frameworks ?? []) {
    const [heading, ...rows] = frameworkJsonLines(framework);
    out.push('', c.bold(stripControl(heading ?? '')), ...rows.map((r) => `  ${stripControl(r)}`));
  }
  const gaps = report.coverage.filter((g) => g.status !== 'ok');
  if (gaps.length > 0 || report.summary.checks.failedToRun.length > 0) {
    out.push('', c.bold(c.magenta('Coverage gaps: what could not be read is unknown, not safe:')));
    for (const g of gaps) {
      const affected = g.affected ? ` (${g.affected} resource(s), e.g. ${(g.sample ?? []).map(stripControl).join(', ')})` : '';
      out.push(`  ${g.status.toUpperCase()} ${g.provider} ${stripControl(g.account)} ${stripControl(g.region)} ${g.action ?? g.service}: ${stripControl(g.detail)}${affected}`);
    }
    for (const f of report.summary.checks.failedToRun) out.push(`  ERROR check ${f.checkId} could not run: ${stripControl(f.error)}`);
  }
  out.push('', summaryLine(report));
  return `${out.join('\n')}\n`;
}
