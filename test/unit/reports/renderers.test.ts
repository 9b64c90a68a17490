// Renderers are functions of the Report: golden files for a fixed report, plus the properties
// that must hold whatever the data (no terminal control from hostile names, colour only on request).
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../../src/checks/index.js';
import { runChecks } from '../../../src/checks/run.js';
import { colorWanted } from '../../../src/cli/output.js';
import { buildReport, type Report } from '../../../src/report.js';
import { renderChecklist } from '../../../reports/checklist.js';
import { renderJson } from '../../../reports/json.js';
import { renderTable } from '../../../reports/table.js';
import { account, controls, instance, inventory, PUBLIC, restoredDisk, snapshot, sshFromWorld, unreadable } from '../../support/factories.js';

const ESC = '\u001b';
const HOSTILE_NAME = `evil${ESC}[2J${ESC}]0;pwned\u0007\u202Egnp.exe`;
/** A name that would be a link, an image and raw HTML if pasted into Markdown unescaped. */
const HOSTILE_LINK = '[click](https://evil.example)<img src=x onerror=alert(1)>`rm -rf`';

function fixedReport(): Report {
  const inv = inventory({
    accounts: [{ provider: 'aws', id: '111122223333', caller: 'arn:aws:iam::111122223333:role/Audit', regions: ['us-east-1'] }],
    snapshots: [
      snapshot({ id: 'snap-0001', name: HOSTILE_NAME, sharing: [PUBLIC], encryption: { encrypted: false, keyKind: 'none' } }),
      snapshot({ id: 'snap-0002', sharing: [account('999988887777')] }),
      snapshot({ id: 'snap-0003', sharing: unreadable() }),
    ],
    instances: [instance({ id: 'i-0001', disks: [restoredDisk('snap-0002')], publicAddresses: ['203.0.113.10'], internetIngress: [sshFromWorld()] })],
    regions: [controls({ snapshotPublicSharingBlock: 'off', native: { snapshotBlockPublicAccess: 'unblocked' } })],
    audit: [
      {
        provider: 'aws',
        account: '111122223333',
        region: 'us-east-1',
        snapshotEventsLogged: false,
        sources: [],
        gaps: ['no trail records management write events in us-east-1'],
        nextStep: 'aws cloudtrail create-trail --name audit --s3-bucket-name BUCKET --is-multi-region-trail',
      },
    ],
    accountSecurity: [{ provider: 'aws', account: '111122223333', rootMfa: true, passwordPolicy: null, notOffered: ['account lockout after failed sign-ins'], identities: { listed: 2 } }],
    principals: [
      {
        provider: 'aws',
        account: '111122223333',
        id: 'arn:aws:iam::111122223333:user/dev',
        name: HOSTILE_LINK,
        kind: 'user',
        trust: 'internal',
        interactive: true,
        mfa: false,
        lastUsed: '2026-08-19T12:00:00Z',
        privileged: false,
        capabilities: [{ capability: 'share', actions: ['ec2:ModifySnapshotAttribute'], resources: ['*'], conditions: [], mfaRequired: false, via: ['inline:share on user/dev'] }],
      },
      { provider: 'aws', account: '111122223333', id: 'arn:aws:iam::111122223333:role/reader', name: 'reader', kind: 'role', trust: 'internal', privileged: false, lastUsed: '2026-11-26T12:00:00Z', capabilities: [] },
    ],
    coverage: [
      { provider: 'aws', account: '111122223333', region: 'us-east-1', service: 'ec2', status: 'denied', action: 'ec2:DescribeSnapshotAttribute', detail: 'UnauthorizedOperation: denied; HTTP 403', affected: 1, sample: ['snap-0003'] },
      { provider: 'aws', account: '111122223333', region: 'us-east-1', service: 'ec2', status: 'ok', detail: '3 snapshots read' },
    ],
  });
  const run = runChecks(CHECKS, inv);
  return buildReport({ version: '9.9.9', generatedAt: new Date('2026-11-27T12:00:00Z'), providers: ['aws'], checks: CHECKS, inventory: inv, results: run.results, failures: run.failures });
}

describe('table renderer', () => {
  it('matches the golden file', async () => {
    await expect(renderTable(fixedReport(), { color: false, width: 140 })).toMatchFileSnapshot('golden/table.txt');
  });

  it('lets no control character from the account reach the terminal', () => {
    const text = renderTable(fixedReport(), { color: false, width: 140 });
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    expect(text).toContain('evil[2J]0;pwnedgnp.exe');
  });

  it('colours severities only when asked, and then only with colours of its own', () => {
    const plain = renderTable(fixedReport(), { color: false });
    const coloured = renderTable(fixedReport(), { color: true });
    expect(plain).not.toContain(ESC);
    expect(coloured).toContain(`${ESC}[31m`);
    expect(coloured).not.toContain(`${ESC}[2J`);
  });

  it('says the report is incomplete and lists each gap', () => {
    const text = renderTable(fixedReport(), { color: false });
    expect(text).toMatch(/Coverage gaps: what could not be read is unknown, not safe/);
    expect(text).toMatch(/DENIED aws 111122223333 us-east-1 ec2:DescribeSnapshotAttribute: UnauthorizedOperation: denied; HTTP 403 \(1 resource\(s\), e\.g\. snap-0003\)/);
  });
});

describe('JSON renderer', () => {
  it('matches the golden file', async () => {
    await expect(renderJson(fixedReport())).toMatchFileSnapshot('golden/report.json');
  });

  it('escapes control characters instead of passing them through', () => {
    const text = renderJson(fixedReport());
    expect(text).not.toContain(ESC);
    expect(text).toContain('\\u001b[2J');
    expect(JSON.parse(text).findings.find((f: { resource: { id: string } }) => f.resource.id === 'snap-0001').resource.name).toBe(HOSTILE_NAME);
  });
});

describe('checklist renderer', () => {
  it('matches the golden file', async () => {
    await expect(renderChecklist(fixedReport())).toMatchFileSnapshot('golden/checklist.md');
  });

  it('puts each account first with its posture, then one box per action, most important first, each linked to its finding', () => {
    const report = fixedReport();
    const text = renderChecklist(report);
    expect(text).toMatch(/^# Least-privilege review\n/);
    expect(text).toContain('## aws 111122223333');
    expect(text).toContain('- **Audit (M1047)**: gaps.');
    expect(text).toContain('- **User Account Management (M1018)**: gaps.');
    const boxes = text.split('\n').filter((l) => l.startsWith('- [ ] '));
    // One per finding, plus one per coverage gap.
    expect(boxes).toHaveLength(report.findings.length + 1);
    for (const f of report.findings) expect(text).toContain(`](#f-${f.id})`);
    for (const f of report.findings) expect(text).toContain(`<a id="f-${f.id}"></a>`);
    const order = report.findings.map((f) => text.indexOf(`](#f-${f.id})`));
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it('lets no name from the account become a link, an image, HTML or a broken code span', () => {
    const full = renderChecklist(fixedReport());
    // Inside a code span (a command that names the user) nothing is rendered; outside, nothing may be.
    const text = full.replace(/(`+)[^`][\s\S]*?\1/g, '');
    expect(full).toContain("``aws iam delete-login-profile --region us-east-1 --user-name '[click](https://evil.example)<img src=x onerror=alert(1)>`rm -rf`'``");
    expect(text).not.toContain('[click](https://evil.example)');
    expect(text).not.toMatch(/(?<!\\)<img/);
    expect(text).not.toContain('https://evil');
    expect(full).toContain('\\[click\\](https:\\/\\/evil.example)\\<img src=x onerror=alert(1)\\>\\`rm -rf\\`');
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
  });

  it('says what the cloud does not offer instead of checking it', () => {
    expect(renderChecklist(fixedReport())).toContain('not offered by the cloud, so not checked: account lockout after failed sign-ins');
  });
});

describe('colour decision', () => {
  const tty = { isTTY: true } as NodeJS.WriteStream;
  const pipe = { isTTY: false } as NodeJS.WriteStream;
  it.each([
    ['a terminal', tty, {}, true],
    ['a pipe', pipe, {}, false],
    ['a terminal with NO_COLOR', tty, { NO_COLOR: '1' }, false],
    ['NO_COLOR wins over FORCE_COLOR', pipe, { NO_COLOR: '1', FORCE_COLOR: '1' }, false],
    ['a pipe with FORCE_COLOR', pipe, { FORCE_COLOR: '1' }, true],
    ['FORCE_COLOR=0', tty, { FORCE_COLOR: '0' }, true],
  ] as const)('%s', (_name, stream, env, expected) => {
    expect(colorWanted(stream, env)).toBe(expected);
  });
});
