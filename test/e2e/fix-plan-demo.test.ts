// The fix plan of the demo estate: the report from `snapaudit demo --format json` (the built CLI),
// rendered in-process. A golden file with the scan's clock taken out, as for the checklist; and
// the script run for real against stub CLIs, which must see every live command and nothing else.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/report.js';
import { REVIEW_VARIABLE, renderFixPlan } from '../../reports/fix-plan.js';
import { runCli } from '../support/cli.js';

/** Dates and times, which the demo derives from the day it runs, and request ids, new on each call. */
const normalise = (text: string): string =>
  text.replace(/\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d+)?Z)?/g, '<date>').replace(/request [0-9a-f]{8}-[0-9a-f-]{27}/g, 'request <id>');

/** Runs the script with PATH holding only stub `aws`, `az` and `gcloud` that log `argc, program, args…` NUL-separated. */
function runWithStubs(script: string, env: Record<string, string>): { status: number | null; calls: string[][] } {
  const dir = mkdtempSync(join(tmpdir(), 'snapaudit-fix-plan-demo-'));
  try {
    const log = join(dir, 'argv.log');
    for (const program of ['aws', 'az', 'gcloud']) {
      writeFileSync(join(dir, program), `#!/bin/sh\nprintf '%s\\0' "$#" "\${0##*/}" "$@" >> '${log}'\n`);
      chmodSync(join(dir, program), 0o755);
    }
    writeFileSync(join(dir, 'plan.sh'), script);
    const run = spawnSync('/bin/sh', [join(dir, 'plan.sh')], { env: { PATH: dir, ...env }, cwd: dir, encoding: 'utf8' });
    const fields = existsSync(log) ? readFileSync(log, 'utf8').split('\0') : [];
    const calls: string[][] = [];
    for (let i = 0; i < fields.length - 1; i += 2 + Number(fields[i])) calls.push(fields.slice(i + 1, i + 2 + Number(fields[i])));
    return { status: run.status, calls };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('snapaudit demo, rendered as a fix plan', () => {
  let report: Report;
  let script: string;
  beforeAll(async () => {
    const run = await runCli(['demo', '--format', 'json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    report = JSON.parse(run.stdout) as Report;
    script = renderFixPlan(report);
  });

  it('matches the golden file', async () => {
    await expect(normalise(script)).toMatchFileSnapshot('golden/demo-fix-plan.sh');
  });

  it('is a script sh can parse, with a section for every account of the estate', () => {
    const check = spawnSync('/bin/sh', ['-n'], { input: script, encoding: 'utf8' });
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
    for (const a of report.scope.accounts) expect(script).toContain(`# ==== ${a.provider} ${a.id}`);
    // Every failing finding is named by one block; the unreachable account gets no command.
    for (const f of report.findings.filter((x) => x.status === 'fail')) expect(script).toContain(`finding ${f.id}\n`);
  });

  it('runs nothing unless reviewed, and then every live command, in order, and nothing else', () => {
    expect(runWithStubs(script, {})).toEqual({ status: 2, calls: [] });
    const live = script.split('\n').filter((l) => /^(aws|az|gcloud) /.test(l));
    const run = runWithStubs(script, { [REVIEW_VARIABLE]: 'yes' });
    expect(run.status).toBe(0);
    expect(run.calls.map((c) => c.join(' '))).toEqual(live.map((l) => l.replace(/'([^']*)'/g, '$1').replace(/"([^"]*)"/g, '$1')));
    // The demo's commands that need a person stay commented out: none of them reaches a CLI.
    expect(run.calls.flat().some((arg) => /YOUR-KEY|DISK-ENCRYPTION-SET-ID|ARN-OF-|KMS-PROJECT|CODE1|YOUR-RG/.test(arg))).toBe(false);
    expect(run.calls.some((c) => c.includes('set-iam-policy') || c.includes('get-account-summary'))).toBe(false);
  });
});
