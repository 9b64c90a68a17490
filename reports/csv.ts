// One row per finding, for spreadsheets: RFC 4180 (CRLF line ends, quotes doubled, a field with a
// comma, quote or line break quoted). Names, tags and messages come from the audited accounts, and
// a spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` as a formula (OWASP "CSV
// Injection"): such cells get a leading `'`, which the spreadsheet shows as text. The one numeric
// column, the score, is 0–100 and never negative, so the rule never touches a real number.
import type { Finding, Report } from '../src/report.js';
import { suppressionText } from '../src/suppress.js';
import { stripControlKeepLines } from '../src/text.js';

export const CSV_COLUMNS = [
  'score',
  'severity',
  'status',
  'checkId',
  'title',
  'provider',
  'account',
  'region',
  'resourceType',
  'resourceId',
  'resourceName',
  'message',
  'techniques',
  'mitigations',
  'compliance',
  'remediation',
  'remediationCommand',
  'docs',
  'reasons',
  'findingId',
  'baseline',
  'suppression',
] as const;

type Column = (typeof CSV_COLUMNS)[number];

/**
 * Formula triggers as the first visible character: OWASP's `= + - @` (tab and carriage return are
 * gone by then, see `csvCell`), and their full-width forms, which some spreadsheets also accept.
 * Leading whitespace is looked through: ` =1` is still a formula to some of them.
 */
const FORMULA_START = /^\s*[=+\-@\uff1d\uff0b\uff0d\uff20]/;

/**
 * A cell's text: line breaks kept (as LF; the quoting keeps them in the cell), other control
 * characters and bidi overrides removed, tabs made spaces, and a formula made text.
 */
export function csvCell(value: string): string {
  const clean = stripControlKeepLines(value.replace(/\r\n?/g, '\n'));
  return FORMULA_START.test(clean) ? `'${clean}` : clean;
}

/** RFC 4180: quoted when it holds a comma, a quote or a line break; quotes doubled. */
export function csvField(cell: string): string {
  return /[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

function cells(f: Finding): Record<Column, string> {
  return {
    score: String(f.score),
    severity: f.severity,
    status: f.status,
    checkId: f.checkId,
    title: f.title,
    provider: f.resource.provider,
    account: f.resource.account,
    region: f.resource.region,
    resourceType: f.resource.type,
    resourceId: f.resource.id,
    resourceName: f.resource.name ?? '',
    message: f.message,
    techniques: f.techniques.map((t) => `${t.id} ${t.name}`).join('; '),
    mitigations: f.mitigations.map((m) => `${m.id} ${m.name}`).join('; '),
    compliance: f.compliance.map((c) => `${c.framework} ${c.version}: ${c.controls.join(', ')}`).join('; '),
    remediation: f.remediation.text,
    remediationCommand: f.remediation.command,
    docs: f.remediation.docs ?? '',
    // The factor first, so that a negative number never starts the cell.
    reasons: f.reasons.map((r) => `${r.factor} ${r.points >= 0 ? '+' : '-'}${Math.abs(r.points)}`).join('; '),
    findingId: f.id,
    baseline: f.baseline ?? '',
    suppression: suppressionText(f) ?? '',
  };
}

function row(values: readonly string[]): string {
  return `${values.map((v) => csvField(csvCell(v))).join(',')}\r\n`;
}

/** Ranked like the Report (score, then severity, check, account, region, resource). */
export function renderCsv(report: Report): string {
  const lines = [row(CSV_COLUMNS)];
  for (const f of report.findings) {
    const c = cells(f);
    lines.push(row(CSV_COLUMNS.map((column) => c[column])));
  }
  return lines.join('');
}
