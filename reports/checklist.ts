// The least-privilege review: a Markdown checklist a reviewer works through, account by account,
// most important first. Each item is one action (a command when there is one), linked to the
// finding that asks for it and to the ATT&CK mitigation it serves. Names, tags and messages come
// from the audited accounts: they are escaped so they cannot inject Markdown, HTML or links.
import type { Finding, PostureItem, Report } from '../src/report.js';
import { stripControl } from '../src/text.js';

/**
 * Inline text that stays text: emphasis, code, links and images need `* _ \` [ ]`, HTML and
 * autolinks need `<`, tables `|`, strikethrough `~`; bare URLs are broken at `://` so GitHub does
 * not turn them into links. The text never starts a line, so block markers (`#`, `-`, `1.`) are inert.
 */
export function mdText(text: string): string {
  return stripControl(text)
    .replace(/[\\`*_[\]<>|~]/g, '\\$&')
    .replace(/:\/\//g, ':\\/\\/');
}

/** A code span that no backtick inside can close early. */
export function mdCode(text: string): string {
  const clean = stripControl(text);
  const longest = Math.max(0, ...[...clean.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = clean.startsWith('`') || clean.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${clean}${pad}${fence}`;
}

const anchor = (f: Finding): string => `f-${f.id}`;

function accountTitle(report: Report, provider: string, account: string): string {
  const scoped = report.scope.accounts.find((a) => a.provider === provider && a.id === account);
  const name = scoped?.name && scoped.name !== account ? ` (${mdText(scoped.name)})` : '';
  return `${provider} ${mdText(account)}${name}`;
}

function postureLine(label: string, item: PostureItem): string {
  return `- **${label}**: ${item.status}. ${mdText(item.detail)}. Next: ${mdText(item.nextStep)}.`;
}

function item(f: Finding): string {
  const mitigations = f.mitigations.map((m) => `${m.id} ${m.name}`).join(', ') || 'hardening';
  const unknown = f.status === 'unknown' ? ' (not verified: a read failed)' : '';
  const lines = [`- [ ] **${mdText(f.remediation.text)}**${unknown} ${mdText(f.message)}`];
  if (f.remediation.command) lines.push(`  ${mdCode(f.remediation.command)}`);
  lines.push(`  Finding [${f.id.slice(0, 12)}](#${anchor(f)}) · ${mdText(f.checkId)} · ${f.severity} · score ${f.score} · ${mdText(mitigations)}`);
  return lines.join('\n');
}

function details(f: Finding): string {
  const reasons = f.reasons.map((r) => `  - ${r.points >= 0 ? '+' : '−'}${Math.abs(r.points)} ${mdText(r.detail)}`);
  return [
    `<a id="${anchor(f)}"></a>`,
    `### ${mdText(f.checkId)}: ${mdText(f.resource.name ?? f.resource.id)}`,
    '',
    `${mdText(f.resource.provider)} ${mdText(f.resource.account)} ${mdText(f.resource.region)}, ${mdCode(f.resource.id)}. Score ${f.score}:`,
    '',
    ...reasons,
    '',
    ...(f.remediation.docs ? [`Docs: <${encodeURI(f.remediation.docs)}>`, ''] : []),
  ].join('\n');
}

export function renderChecklist(report: Report): string {
  const accounts = report.summary.byAccount;
  const out = [
    '# Least-privilege review',
    '',
    `snapaudit ${mdText(report.tool.version)}, ${mdText(report.generatedAt)}. ${accounts.length} account(s). ` +
      'Work through each account from the top: items are ranked by score, and each links to the finding that asks for it. ' +
      'Items marked "not verified" could not be read; they are not safe until they are.',
    '',
  ];
  for (const { provider, account, unreachable } of accounts) {
    out.push(`## ${accountTitle(report, provider, account)}`, '');
    if (unreachable) {
      const why = report.scope.accounts.find((a) => a.provider === provider && a.id === account)?.unreachable ?? '';
      out.push(`- [ ] **Give the auditor read access to this account and scan again.** Nothing could be read: ${mdText(why)}`, '');
      continue;
    }
    const posture = report.summary.posture.find((p) => p.provider === provider && p.account === account);
    if (posture) out.push(postureLine('Audit (M1047)', posture.audit), postureLine('User Account Management (M1018)', posture.userAccountManagement), '');
    const mine = report.findings.filter((f) => f.resource.provider === provider && f.resource.account === account);
    if (mine.length === 0) out.push('Nothing to do: no finding in this account.', '');
    else out.push(...mine.map(item), '');
  }
  const gaps = report.coverage.filter((c) => c.status === 'denied' || c.status === 'error');
  if (gaps.length > 0) {
    out.push('## What could not be read', '');
    for (const g of gaps) out.push(`- [ ] ${mdText(`${g.provider} ${g.account} ${g.region}: ${g.action ?? g.service} ${g.status}: ${g.detail}`)}`);
    out.push('');
  }
  if (report.findings.length > 0) {
    out.push('## Findings', '');
    for (const f of report.findings) out.push(details(f));
  }
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}
