// The fix plan: a POSIX shell script with the command that closes each failing finding, for a
// person to review and then run. snapaudit never runs it: the auditor only reads. The script
// refuses to run until the reviewer says so in an environment variable.
//
// Names and messages come from the audited accounts and are hostile. They appear only inside
// comments, with every character that could end the comment line (or move a terminal's cursor)
// taken out, and inside the commands' own words, which `fillCommand` has already single-quoted.
// Each command line is checked against a narrow shape before it is written to run; one that does
// not fit is written commented out, with a warning.
import type { ProviderId } from '../src/model.js';
import type { Finding, Report } from '../src/report.js';
import { stripControl } from '../src/text.js';

export const REVIEW_VARIABLE = 'SNAPAUDIT_FIX_PLAN_REVIEWED';

/**
 * Stand-ins the checks write where the value is one only a person can choose (a key, a vault, a
 * rule the scan did not see), with what to put there. A command holding one is commented out.
 */
export const STAND_INS: Readonly<Record<string, string>> = {
  'YOUR-KEY': 'the KMS key (alias or ARN) to encrypt the copy with',
  'YOUR-RG': 'the resource group of the Log Analytics workspace',
  'YOUR-WORKSPACE': 'the Log Analytics workspace to send the Activity Log to',
  'YOUR-LOCATION': 'the Azure location for the setting',
  'DISK-ENCRYPTION-SET-ID': 'the resource id of a disk encryption set with your customer-managed key',
  'ARN-OF-AN-ENCRYPTED-VAULT': 'the ARN of a backup vault encrypted with a customer-managed key',
  'ARN-OF-THE-BACKUP-ROLE': 'the ARN of the IAM role AWS Backup copies with',
  'RECOVERY-POINT-ARN': 'the ARN of the recovery point to copy',
  'SECURITY-GROUP-ID': 'the security group that admits the traffic',
  'RESOURCE-GROUP': 'the resource group',
  'ADD-A-NETWORK-SECURITY-GROUP': 'a network security group (the machine has none: add one)',
  RULE: 'the rule that admits the traffic',
  'SOURCE-DISK': 'the source disk',
  'KMS-PROJECT': 'the project of the Cloud KMS key',
  LOCATION: 'the location of the Cloud KMS key ring',
  RING: 'the Cloud KMS key ring',
  KEY: 'the Cloud KMS key',
  KEY_ID: 'the id of the service account key',
  ROLE: 'the role to remove',
  MEMBER: 'the member to remove',
  USER: 'the user',
  PROJECT: 'the project',
  EXPORT_TASK_ID: 'the id of the export task (see the finding evidence)',
  BUCKET: 'an S3 bucket whose policy lets CloudTrail write to it',
  CODE1: 'the first code from the authenticator app, after scanning the QR code the first command writes',
  CODE2: 'the next code from the authenticator app',
};

/** A stand-in as a whole token: `alias/YOUR-KEY` and `--role=ROLE` hold one, `ROLES` or `MY-KEY` do not. */
const STAND_IN = new RegExp(`(?<![A-Za-z0-9_-])(${Object.keys(STAND_INS).join('|')})(?![A-Za-z0-9_-])`, 'g');
const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

/**
 * What would end a comment line, reorder it or drive a terminal: C0 and C1 controls (line feed and
 * carriage return among them), bidi controls, and the Unicode line and paragraph separators that
 * editors show as line breaks.
 */
const UNSAFE_CHAR = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

/** Text that stays on its comment line, whatever it holds. */
export function commentText(text: string): string {
  return stripControl(text).replace(/[\u2028\u2029]/g, '');
}

const comment = (text: string): string => `# ${commentText(text)}`.trimEnd();

/**
 * A value as one shell word, for the hint lines the plan writes itself. The same rule as the
 * checks' `shellQuote`, which a renderer may not import (renderers stay away from checks).
 */
function quoteWord(value: string): string {
  return /^[A-Za-z0-9_.,:/=@%+-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** Characters a word may hold unquoted: those `shellQuote` leaves bare. */
const BARE = /[A-Za-z0-9_.,:/=@%+-]/;
const PROGRAMS: readonly string[] = ['aws', 'az', 'gcloud'];

export type CommandShape =
  | { readonly ok: true; readonly lines: readonly string[]; readonly redirects: readonly string[] }
  | { readonly ok: false; readonly reason: string };

function describeChar(c: string): string {
  return /[\u0021-\u007e]/.test(c) ? `an unquoted ${c}` : `the character U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * Whether a command has the only shape the plan runs: `aws`, `az` or `gcloud` and words that are
 * bare (`shellQuote`'s safe characters), single-quoted, `\'`, or double-quoted with nothing the
 * shell expands inside; commands joined by `&&` (written one per line, which `set -e` makes at
 * least as strict) and `> file` (a file for the reviewer to edit). Anything else, and any control
 * character anywhere, fails: the command is not run as written.
 */
export function commandShape(command: string): CommandShape {
  const fail = (reason: string): CommandShape => ({ ok: false, reason });
  const control = UNSAFE_CHAR.exec(command);
  if (control) return fail(`it holds ${describeChar(control[0])}`);
  const lines: string[] = [];
  const redirects: string[] = [];
  let words: string[] = [];
  let word = '';
  let inWord = false;
  let start = 0;
  const endWord = (): void => {
    if (inWord) words.push(word);
    word = '';
    inWord = false;
  };
  const endCommand = (end: number): string | undefined => {
    endWord();
    const first = words[0];
    if (first === undefined) return 'a command is empty';
    if (!PROGRAMS.includes(first)) return `a command starts with something other than ${PROGRAMS.join(', ')}`;
    lines.push(command.slice(start, end).trim());
    words = [];
    return undefined;
  };
  let i = 0;
  while (i < command.length) {
    const c = command[i]!;
    if (c === ' ') {
      endWord();
      i += 1;
    } else if (c === "'") {
      const close = command.indexOf("'", i + 1);
      if (close < 0) return fail('a single quote is not closed');
      word += command.slice(i, close + 1);
      inWord = true;
      i = close + 1;
    } else if (c === '"') {
      const close = command.indexOf('"', i + 1);
      if (close < 0) return fail('a double quote is not closed');
      if (/[$`\\]/.test(command.slice(i + 1, close))) return fail('a double-quoted word holds $, ` or \\, which the shell would expand');
      word += command.slice(i, close + 1);
      inWord = true;
      i = close + 1;
    } else if (c === '\\') {
      if (command[i + 1] !== "'") return fail('a backslash escapes something other than a single quote');
      word += "\\'";
      inWord = true;
      i += 2;
    } else if (c === '&' && !inWord && command[i + 1] === '&' && command[i + 2] === ' ') {
      const problem = endCommand(i);
      if (problem) return fail(problem);
      i += 2;
      start = i;
    } else if (c === '>' && !inWord && command[i + 1] === ' ') {
      const target = /^ +([A-Za-z0-9_.,:=@%+-][A-Za-z0-9_.,:/=@%+-]*)(?= |$)/.exec(command.slice(i + 1));
      if (!target || target[1]!.includes('..')) return fail('a redirect does not name a plain file in the working directory');
      redirects.push(target[1]!);
      i += 1 + target[0].length;
    } else if (BARE.test(c)) {
      word += c;
      inWord = true;
      i += 1;
    } else {
      return fail(`it holds ${describeChar(c)}`);
    }
  }
  const problem = endCommand(command.length);
  return problem ? fail(problem) : { ok: true, lines, redirects };
}

/** What the plan does with a command: run it, or show it commented out, and why. */
export interface CommandVerdict {
  readonly runnable: boolean;
  /** The command, one line per shell command when its shape is known; else the command as one line. */
  readonly lines: readonly string[];
  /** Why it is not run as it stands: what to fill in or prepare, or a warning. */
  readonly notes: readonly string[];
  /** Set when the command failed the shape check: it is shown, but not offered for uncommenting. */
  readonly unsafe?: true;
}

/** A subcommand whose verb only reads: `get-…`, `list-…`, `describe-…`, `show`. */
const READ_VERB = /^(get|list|describe|show)(-[a-z0-9-]+)?$/;

function onlyReads(line: string): boolean {
  const words = line.split(' ').slice(1);
  const firstFlag = words.findIndex((w) => w.startsWith('-'));
  return words.slice(0, firstFlag < 0 ? words.length : firstFlag).some((w) => READ_VERB.test(w));
}

export function judgeCommand(command: string): CommandVerdict {
  if (command.trim() === '') return { runnable: false, lines: [], notes: ['the check gives no command for this: do it by hand'] };
  const notes: string[] = [];
  const placeholders = [...new Set([...command.matchAll(PLACEHOLDER)].map((m) => m[1]!))];
  for (const name of placeholders) notes.push(`fill in {{${name}}}: the scan found no value for it`);
  const standIns = [...new Set([...command.matchAll(STAND_IN)].map((m) => m[1]!))];
  for (const s of standIns) notes.push(`replace ${s} with ${STAND_INS[s]}`);
  let shape = commandShape(command);
  // A command still holding `{{…}}` fails the shape for that alone; judge the rest of it.
  if (!shape.ok && placeholders.length > 0) {
    const rest = commandShape(command.replace(PLACEHOLDER, 'PLACEHOLDER'));
    if (rest.ok) shape = { ...rest, lines: [command] };
  }
  if (!shape.ok) {
    notes.push(`WARNING: this command is not in the shape the plan runs (${shape.reason}); it is shown as one comment line with any control characters removed, so it may not be the exact command: check it by hand`);
    return { runnable: false, lines: [command], notes, unsafe: true };
  }
  for (const file of shape.redirects) notes.push(`a command writes ${file}: edit it as the finding's remediation says before the command that reads it`);
  const files = [...new Set([...command.matchAll(/file:\/\/([A-Za-z0-9_.,:/=@%+-]+|'[^']*')/g)].map((m) => m[1]!))];
  for (const file of files) notes.push(`prepare the file ${file} first, as the finding's remediation says`);
  if (shape.lines.every(onlyReads)) notes.push('this command only reads: no command closes the finding, do it by hand as its remediation says, then verify with the command');
  return { runnable: notes.length === 0, lines: shape.lines, notes };
}

interface Block {
  readonly command: string;
  readonly findings: Finding[];
  readonly verdict: CommandVerdict;
}

interface AccountPlan {
  readonly provider: ProviderId;
  readonly account: string;
  readonly blocks: Block[];
  readonly unknown: Finding[];
  readonly suppressed: Finding[];
}

const accountKey = (provider: string, account: string): string => `${provider}\u0000${account}`;

/**
 * Accounts in the order their most urgent failing finding ranks (the plan runs top down and stops
 * at the first error), then the rest in the order of the scan. Identical commands in one account
 * become one block; in two accounts they are two, for they need two sets of credentials.
 */
function planAccounts(report: Report): AccountPlan[] {
  const plans = new Map<string, AccountPlan>();
  const planFor = (provider: ProviderId, account: string): AccountPlan => {
    const key = accountKey(provider, account);
    let plan = plans.get(key);
    if (!plan) {
      plan = { provider, account, blocks: [], unknown: [], suppressed: [] };
      plans.set(key, plan);
    }
    return plan;
  };
  const blocks = new Map<string, Block>();
  for (const f of report.findings) {
    if (f.status !== 'fail') continue;
    const plan = planFor(f.resource.provider, f.resource.account);
    // Findings without a command share nothing to run: each keeps its own block.
    const key = `${accountKey(f.resource.provider, f.resource.account)}\u0000${f.remediation.command.trim() || `\u0000${f.id}`}`;
    const block = blocks.get(key);
    if (block) block.findings.push(f);
    else {
      const created: Block = { command: f.remediation.command, findings: [f], verdict: judgeCommand(f.remediation.command) };
      blocks.set(key, created);
      plan.blocks.push(created);
    }
  }
  for (const { provider, account } of report.summary.byAccount) planFor(provider, account);
  for (const f of report.findings) {
    if (f.status === 'unknown') planFor(f.resource.provider, f.resource.account).unknown.push(f);
    if (f.status === 'suppressed') planFor(f.resource.provider, f.resource.account).suppressed.push(f);
  }
  return [...plans.values()];
}

function accountLabel(report: Report, provider: ProviderId, account: string): string {
  const name = report.scope.accounts.find((a) => a.provider === provider && a.id === account)?.name;
  return `${provider} ${account}${name && name !== account ? ` (${name})` : ''}`;
}

/** How to point the CLI at the account, as a line to uncomment: the commands do not name it. */
function credentialHint(provider: ProviderId, account: string): string[] {
  switch (provider) {
    case 'aws':
      return [
        comment(`The aws commands carry --region but not the account: use credentials for ${account}, e.g.`),
        comment(`export AWS_PROFILE=${quoteWord(`PROFILE-FOR-${account}`)}`),
        comment(`and check with: aws sts get-caller-identity --query Account --output text (it must print ${account})`),
      ];
    case 'azure':
      return [comment('The az commands act on the current subscription: select this one first, e.g.'), comment(`az account set --subscription ${quoteWord(account)}`)];
    case 'gcp':
      return [
        comment('The gcloud commands name the project; run them as an account that may change it, e.g.'),
        comment(`gcloud config set project ${quoteWord(account)}`),
      ];
  }
}

function findingLines(f: Finding, marker: string): string[] {
  const r = f.resource;
  const name = r.name && r.name !== r.id ? ` (${r.name})` : '';
  return [
    comment(`${marker}${f.checkId} · ${f.severity} · score ${f.score} · finding ${f.id}`),
    comment(`    ${r.type} ${r.id}${name} in ${r.region}`),
    comment(`    ${f.message}`),
  ];
}

function blockLines(block: Block, number: number): string[] {
  const [first, ...rest] = block.findings;
  const out = [...findingLines(first!, `[${number}] `)];
  for (const f of rest) out.push(...findingLines(f, '    and '));
  const { verdict } = block;
  if (verdict.runnable) {
    out.push(`echo 'snapaudit fix plan: [${number}]' >&2`, ...verdict.lines);
    return out;
  }
  out.push(comment('Not run as it stands:'));
  for (const note of verdict.notes) out.push(comment(`  - ${note}`));
  for (const text of new Set(block.findings.map((f) => f.remediation.text))) out.push(comment(`  How: ${text}`));
  const lead = verdict.unsafe ? 'The command as the check gave it (do not uncomment it; check every word first):' : 'Then uncomment:';
  if (verdict.lines.length > 0) out.push(comment(lead), ...verdict.lines.map((l) => comment(l)));
  return out;
}

function listed(findings: readonly Finding[], heading: string): string[] {
  if (findings.length === 0) return [];
  return ['', comment(heading), ...findings.flatMap((f) => findingLines(f, '- '))];
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function renderFixPlan(report: Report): string {
  const plans = planAccounts(report);
  const blocks = plans.flatMap((p) => p.blocks);
  const runnable = blocks.filter((b) => b.verdict.runnable).length;
  const failing = report.findings.filter((f) => f.status === 'fail').length;
  const unknown = report.findings.filter((f) => f.status === 'unknown').length;
  const suppressed = report.findings.filter((f) => f.status === 'suppressed').length;
  const out = [
    '#!/bin/sh',
    comment('snapaudit fix plan: the commands that would close the failing findings of one scan.'),
    comment(`From the scan by snapaudit ${report.tool.version} at ${report.generatedAt}, of:`),
    ...report.scope.accounts.map((a) => comment(`  ${accountLabel(report, a.provider, a.id)}${a.unreachable ? ': could not be read' : ''}`)),
    comment(
      `${plural(failing, 'failing finding')} → ${plural(blocks.length, 'block')}: ${runnable} to run, ${blocks.length - runnable} commented out for you to complete; ` +
        `${unknown} not verified and ${suppressed} suppressed, listed without a command.`,
    ),
    ...(report.summary.incomplete ? [comment('The scan was incomplete (some reads failed): there may be exposures this plan does not fix.')] : []),
    '#',
    comment('snapaudit did not run any of this: it only reads. These commands change your accounts.'),
    comment('Review every block before running it: delete what you do not want, complete what is'),
    comment('commented out. Blocks run top down, most urgent first, and the script stops at the first'),
    comment('command that fails. Each block names the findings it closes; scan again afterwards.'),
    comment(`When you have reviewed it: ${REVIEW_VARIABLE}=yes sh <this file>`),
    '',
    'set -eu',
    '',
    `if [ "\${${REVIEW_VARIABLE}:-}" != yes ]; then`,
    `  echo 'snapaudit fix plan: not run. Review this script, then run it with ${REVIEW_VARIABLE}=yes.' >&2`,
    '  exit 2',
    'fi',
  ];
  let number = 0;
  for (const plan of plans) {
    const scoped = report.scope.accounts.find((a) => a.provider === plan.provider && a.id === plan.account);
    out.push('', comment(`==== ${accountLabel(report, plan.provider, plan.account)} ====`));
    if (scoped?.unreachable) {
      out.push(comment(`Nothing could be read here (${scoped.unreachable}): give the auditor read access and scan again.`));
      continue;
    }
    if (plan.blocks.length === 0) out.push(comment('No failing finding here: nothing to run.'));
    else out.push(...credentialHint(plan.provider, plan.account));
    for (const block of plan.blocks) {
      number += 1;
      out.push('', ...blockLines(block, number));
    }
    out.push(...listed(plan.unknown, 'Not verified (a read failed): no command is given. Verify these first, then scan again.'));
    out.push(...listed(plan.suppressed, 'Suppressed (accepted in the config): no command is given.'));
  }
  out.push('', `echo 'snapaudit fix plan: done. Scan again to confirm the findings are closed.' >&2`);
  return `${out.join('\n')}\n`;
}
