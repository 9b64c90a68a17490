// The export formats (CSV, SARIF, OCSF) are functions of the Report: golden files for a fixed
// report, validation against the published schemas, and the properties that must hold whatever the
// data: no formula reaches a spreadsheet, no hostile name breaks out of its field or its string.
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../../src/checks/index.js';
import { runChecks } from '../../../src/checks/run.js';
import { buildReport, fingerprint, type Finding, type Report } from '../../../src/report.js';
import { CSV_COLUMNS, csvCell, csvField, renderCsv } from '../../../reports/csv.js';
import { FORMAT_EXTENSIONS, FORMATS, render } from '../../../reports/index.js';
import { OCSF_VERSION, renderOcsf } from '../../../reports/ocsf.js';
import { renderSarif, sarifText } from '../../../reports/sarif.js';
import { controls, inventory, PUBLIC, account, snapshot, unreadable } from '../../support/factories.js';
import { errorsOf, validateOcsf, validateSarif } from './schemas.js';

const ESC = '\u001b';
/** A name that is markup, a spreadsheet formula, a terminal escape and a forged line at once. */
const HOSTILE_NAME = `=cmd|' /C calc'!A0 <script>alert(1)</script>${ESC}[2J\nforged,"row"\u202Egnp.exe`;
const HOSTILE_MESSAGE = '[click](https://evil.example) @SUM(1+1)';

function chainFinding(): Finding {
  const resource = { provider: 'aws', account: '111122223333', region: 'us-east-1', type: 'AWS::EC2::Snapshot', id: 'snap-0000000000000c1', name: '+cmd' } as const;
  return {
    id: fingerprint('chain-snapshot-shared-then-restored', resource),
    checkId: 'chain-snapshot-shared-then-restored',
    title: 'Snapshot shared to a foreign account, then restored there',
    severity: 'high',
    status: 'fail',
    score: 71,
    reasons: [
      { factor: 'severity.high', points: 45, detail: 'high severity' },
      { factor: 'chain.active', points: 30, detail: 'the chain ran in the logs' },
      { factor: 'guard.partial', points: -8, detail: 'a guard rail is on but only partly effective' },
    ],
    resource,
    message: `Snapshot snap-0000000000000c1 was shared with 999988887777 and restored ${HOSTILE_MESSAGE}`,
    evidence: { events: ['CreateSnapshot', 'ModifySnapshotAttribute'] },
    techniques: [
      { id: 'T1578.001', name: 'Modify Cloud Compute Infrastructure: Create Snapshot' },
      { id: 'T1537', name: 'Transfer Data to Cloud Account' },
    ],
    mitigations: [{ id: 'M1018', name: 'User Account Management' }],
    compliance: [],
    remediation: { text: 'Remove the share and review who restored it.', command: "aws ec2 modify-snapshot-attribute --snapshot-id snap-0000000000000c1 --create-volume-permission 'Remove=[{UserId=999988887777}]'" },
  };
}

function suppressedFinding(): Finding {
  const resource = { provider: 'gcp', account: 'acme-prod', region: 'global', type: 'compute.googleapis.com/Image', id: 'img-published' } as const;
  return {
    id: fingerprint('gcp-image-public', resource),
    checkId: 'gcp-image-public',
    title: 'Image is public',
    severity: 'info',
    status: 'suppressed',
    score: 5,
    reasons: [{ factor: 'severity.info', points: 5, detail: 'info severity' }],
    resource,
    message: 'Image img-published is public (published on purpose).',
    evidence: {},
    techniques: [{ id: 'T1537', name: 'Transfer Data to Cloud Account' }],
    mitigations: [],
    compliance: [{ framework: 'CIS Google Cloud Platform Foundation Benchmark', version: 'v2.0.0', controls: ['4.x'] }],
    remediation: { text: 'Keep it published only on purpose.', command: 'gcloud compute images remove-iam-policy-binding img-published --member=allUsers --role=roles/compute.imageUser' },
  };
}

function fixedReport(): Report {
  const inv = inventory({
    accounts: [{ provider: 'aws', id: '111122223333', caller: 'arn:aws:iam::111122223333:role/Audit', regions: ['us-east-1'] }],
    snapshots: [
      snapshot({ id: 'snap-0001', name: HOSTILE_NAME, sharing: [PUBLIC], encryption: { encrypted: false, keyKind: 'none' } }),
      snapshot({ id: 'snap-0002', name: '-2+3', sharing: [account('999988887777')] }),
      snapshot({ id: 'snap-0003', name: 'naïve 日本語 ☃', sharing: unreadable() }),
    ],
    regions: [controls({ snapshotPublicSharingBlock: 'off', native: { snapshotBlockPublicAccess: 'unblocked' } })],
    coverage: [
      { provider: 'aws', account: '111122223333', region: 'us-east-1', service: 'ec2', status: 'denied', action: 'ec2:DescribeSnapshotAttribute', detail: 'UnauthorizedOperation: denied [x](y)', affected: 1, sample: ['snap-0003'] },
    ],
  });
  const run = runChecks(CHECKS, inv);
  const base = buildReport({ version: '9.9.9', generatedAt: new Date('2026-11-27T12:00:00Z'), providers: ['aws'], checks: CHECKS, inventory: inv, results: run.results, failures: run.failures });
  return { ...base, findings: [...base.findings, chainFinding(), suppressedFinding()] };
}

/** A small RFC 4180 reader: fields quoted or not, `""` inside quotes, records ended by CRLF. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
      } else if (c === '"') {
        quoted = false;
        i += 1;
      } else {
        field += c;
        i += 1;
      }
    } else if (c === '"') {
      if (field !== '') throw new Error(`quote inside an unquoted field at ${i}`);
      quoted = true;
      i += 1;
    } else if (c === ',') {
      row.push(field);
      field = '';
      i += 1;
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 2;
    } else if (c === '\r' || c === '\n') {
      throw new Error(`bare line break outside quotes at ${i}`);
    } else {
      field += c;
      i += 1;
    }
  }
  if (quoted) throw new Error('unterminated quoted field');
  if (field !== '' || row.length > 0) throw new Error('last record not ended by CRLF');
  return rows;
}

describe('CSV renderer', () => {
  it('matches the golden file', async () => {
    await expect(renderCsv(fixedReport())).toMatchFileSnapshot('golden/report.csv');
  });

  it.each([
    ['a formula', '=HYPERLINK("https://evil.example","click")', `'=HYPERLINK("https://evil.example","click")`],
    ['a plus', '+cmd', `'+cmd`],
    ['arithmetic', '-2+3', `'-2+3`],
    ['an at sign', '@SUM(A1:A9)', `'@SUM(A1:A9)`],
    ['a tab, then a formula', '\t=1', `' =1`],
    ['a carriage return, then a formula', '\r=1', `'\n=1`],
    ['a DDE payload', `=cmd|' /C calc'!A0`, `'=cmd|' /C calc'!A0`],
    ['a full-width equals sign', '＝1+1', `'＝1+1`],
    ['a formula after spaces', '  =1', `'  =1`],
    ['a formula on the second line', 'ok\n=1', 'ok\n=1'],
    ['an embedded CRLF', 'one\r\ntwo', 'one\ntwo'],
    ['quotes', 'say "hi"', 'say "hi"'],
    ['commas', 'a,b,c', 'a,b,c'],
    ['unicode', 'naïve 日本語 ☃ 🙂', 'naïve 日本語 ☃ 🙂'],
    ['terminal escapes and bidi overrides', `x${ESC}[2Jy\u202Ez`, 'x[2Jyz'],
    ['an ordinary id', 'snap-0001', 'snap-0001'],
    ['an empty cell', '', ''],
  ])('%s survives a round trip as text', (_name, value, expected) => {
    const cell = csvCell(value);
    expect(cell).toBe(expected);
    const [record] = parseCsv(`${csvField(cell)},end\r\n`);
    expect(record).toEqual([expected, 'end']);
  });

  it('quotes exactly the fields that need it, doubling quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('one\ntwo')).toBe('"one\ntwo"');
  });

  it('writes one CRLF-ended record per finding under a fixed header, in the order of the report', () => {
    const report = fixedReport();
    const text = renderCsv(report);
    expect(text.replace(/"[^"]*(?:""[^"]*)*"/g, '')).not.toMatch(/[^\r]\n/);
    const rows = parseCsv(text);
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(report.findings.length + 1);
    const at = (name: (typeof CSV_COLUMNS)[number]) => CSV_COLUMNS.indexOf(name);
    expect(rows.slice(1).map((r) => r[at('findingId')])).toEqual(report.findings.map((f) => f.id));
    for (const r of rows) expect(r).toHaveLength(CSV_COLUMNS.length);
  });

  it('lets no cell start a formula, and keeps the score a plain number', () => {
    const rows = parseCsv(renderCsv(fixedReport())).slice(1);
    for (const r of rows) {
      for (const cell of r) expect(cell).not.toMatch(/^\s*[=+\-@\t\r\uff1d\uff0b\uff0d\uff20]/);
      expect(r[CSV_COLUMNS.indexOf('score')]).toMatch(/^\d{1,3}$/);
    }
    const hostile = rows.find((r) => r[CSV_COLUMNS.indexOf('resourceId')] === 'snap-0001')!;
    expect(hostile[CSV_COLUMNS.indexOf('resourceName')]).toBe(`'=cmd|' /C calc'!A0 <script>alert(1)</script>[2J\nforged,"row"gnp.exe`);
    const negative = rows.find((r) => r[CSV_COLUMNS.indexOf('resourceId')] === 'snap-0002')!;
    expect(negative[CSV_COLUMNS.indexOf('resourceName')]).toBe(`'-2+3`);
    // Negative points are written after the factor's name, never at the start of a cell.
    const chain = rows.find((r) => r[CSV_COLUMNS.indexOf('checkId')] === 'chain-snapshot-shared-then-restored')!;
    expect(chain[CSV_COLUMNS.indexOf('reasons')]).toBe('severity.high +45; chain.active +30; guard.partial -8');
  });
});

describe('SARIF renderer', () => {
  const parsed = () => JSON.parse(renderSarif(fixedReport()));

  it('matches the golden file', async () => {
    await expect(renderSarif(fixedReport())).toMatchFileSnapshot('golden/report.sarif');
  });

  it('is valid against the published SARIF 2.1.0 schema', () => {
    const log = parsed();
    expect(validateSarif(log), errorsOf(validateSarif)).toBe(true);
  });

  it('the schema rejects what it should (the validator is not vacuous)', () => {
    const log = parsed();
    log.runs[0].results[0].level = 'critical';
    delete log.runs[0].tool.driver.name;
    expect(validateSarif(log)).toBe(false);
    expect(errorsOf(validateSarif)).toMatch(/level|name/);
  });

  it('has one run, one rule per check that has a finding, and results that point at their rule', () => {
    const report = fixedReport();
    const log = parsed();
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
    const { driver } = log.runs[0].tool;
    expect(driver).toMatchObject({ name: 'snapaudit', version: '9.9.9' });
    expect(driver).not.toHaveProperty('informationUri');
    const ids: string[] = driver.rules.map((r: { id: string }) => r.id);
    expect(ids).toEqual([...new Set(report.findings.map((f) => f.checkId))]);
    const results = log.runs[0].results;
    expect(results).toHaveLength(report.findings.length);
    for (const [i, r] of results.entries()) {
      const f = report.findings[i]!;
      expect(driver.rules[r.ruleIndex].id).toBe(r.ruleId);
      expect(r.ruleId).toBe(f.checkId);
      expect(r.partialFingerprints).toEqual({ 'snapauditFindingId/v1': f.id });
      expect(r.rank).toBe(f.score);
      expect(r.properties).toMatchObject({ score: f.score, reasons: f.reasons, status: f.status });
      const [location] = r.locations;
      expect(location.physicalLocation.artifactLocation.uri).toMatch(/^cloud\/[^/]+\/[^/]+\/[^/]+\/[^/]+\/[^/]+$/);
      expect(location.physicalLocation.region.startLine).toBe(1);
      expect(location.logicalLocations[0]).toMatchObject({ kind: 'resource', fullyQualifiedName: [f.resource.provider, f.resource.account, f.resource.region, f.resource.type, f.resource.id].join('/') });
    }
  });

  it.each([
    ['critical', 'error', '9.5'],
    ['high', 'error', '8.0'],
    ['medium', 'warning', '5.5'],
    ['low', 'note', '3.0'],
    ['info', 'note', '1.0'],
  ] as const)('maps %s to level %s and security-severity %s', (severity, level, securitySeverity) => {
    const base = fixedReport();
    const f = { ...chainFinding(), severity };
    const log = JSON.parse(renderSarif({ ...base, findings: [f] }));
    const rule = log.runs[0].tool.driver.rules[0];
    expect(log.runs[0].results[0].level).toBe(level);
    expect(rule.defaultConfiguration.level).toBe(level);
    expect(rule.properties['security-severity']).toBe(securitySeverity);
    expect(Number(rule.properties['security-severity'])).toBeGreaterThanOrEqual(0);
  });

  it('tags rules for security with their ATT&CK ids, and gives help with the remediation', () => {
    const rule = parsed().runs[0].tool.driver.rules.find((r: { id: string }) => r.id === 'chain-snapshot-shared-then-restored');
    expect(rule.properties.tags).toEqual(expect.arrayContaining(['security', 'T1578.001', 'T1537', 'M1018']));
    expect(rule.shortDescription.text).toBe('Snapshot shared to a foreign account, then restored there');
    expect(rule.help.text).toContain('Remove the share and review who restored it.');
    expect(rule.help.markdown).toContain('[T1578.001](https://attack.mitre.org/techniques/T1578/001/)');
  });

  it('marks suppressed and unverified findings as such', () => {
    const results = parsed().runs[0].results;
    const suppressed = results.find((r: { ruleId: string }) => r.ruleId === 'gcp-image-public');
    expect(suppressed.suppressions).toEqual([{ kind: 'external', status: 'accepted' }]);
    const unknown = results.find((r: { properties: { status: string } }) => r.properties.status === 'unknown');
    expect(unknown.message.text).toMatch(/^Not verified \(a read failed\): /);
  });

  it('lists coverage gaps as warnings of the run', () => {
    const [invocation] = parsed().runs[0].invocations;
    expect(invocation.executionSuccessful).toBe(true);
    expect(invocation.toolExecutionNotifications).toEqual([
      { level: 'warning', message: { text: 'aws 111122223333 us-east-1: ec2:DescribeSnapshotAttribute denied: UnauthorizedOperation: denied \\[x\\](y)' }, descriptor: { id: 'coverage-denied' } },
    ]);
  });

  it('keeps hostile names inert: JSON-escaped, and no link syntax in message text', () => {
    const text = renderSarif(fixedReport());
    expect(text).not.toContain(ESC);
    expect(text).toContain('\\u001b[2J');
    // Bidi overrides are escaped too, so that no editor shows the file reordered.
    expect(text).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
    expect(text).toContain('\\u202egnp.exe');
    expect(sarifText('[click](https://evil.example)')).toBe('\\[click\\](https://evil.example)');
    const log = JSON.parse(text);
    const chain = log.runs[0].results.find((r: { ruleId: string }) => r.ruleId === 'chain-snapshot-shared-then-restored');
    expect(chain.message.text).toContain('\\[click\\](https://evil.example) @SUM(1+1)');
    const hostile = log.runs[0].results.find((r: { properties: { resource: { id: string } } }) => r.properties.resource.id === 'snap-0001');
    expect(hostile.locations[0].logicalLocations[0].name).toBe(HOSTILE_NAME);
    expect(hostile.locations[0].physicalLocation.artifactLocation.uri).toBe('cloud/aws/111122223333/us-east-1/AWS%3A%3AEC2%3A%3ASnapshot/snap-0001');
  });
});

describe('OCSF renderer', () => {
  const parsed = () => JSON.parse(renderOcsf(fixedReport()));

  it('matches the golden file', async () => {
    await expect(renderOcsf(fixedReport())).toMatchFileSnapshot('golden/report.ocsf.json');
  });

  it(`is valid against the OCSF ${OCSF_VERSION} schema for Compliance and Detection Findings`, () => {
    const events = parsed();
    expect(validateOcsf(events), errorsOf(validateOcsf)).toBe(true);
  });

  it.each([
    ['a missing finding_info', (e: Record<string, unknown>) => delete e['finding_info']],
    ['a severity outside the enum', (e: Record<string, unknown>) => (e['severity_id'] = 7)],
    ['a type_uid of another class', (e: Record<string, unknown>) => (e['type_uid'] = 200401)],
    ['a compliance finding without compliance', (e: Record<string, unknown>) => delete e['compliance']],
    ['an unknown attribute', (e: Record<string, unknown>) => (e['score'] = 5)],
    ['a time in seconds as a string', (e: Record<string, unknown>) => (e['time'] = '1764244800')],
  ])('the schema rejects %s', (_name, spoil) => {
    const events = parsed();
    spoil(events[0]);
    expect(validateOcsf(events)).toBe(false);
  });

  it('makes posture checks Compliance Findings and chain rules Detection Findings, with consistent ids', () => {
    const report = fixedReport();
    const events = parsed();
    expect(events).toHaveLength(report.findings.length);
    for (const [i, e] of events.entries()) {
      const f = report.findings[i]!;
      expect(e.class_uid).toBe(f.checkId.startsWith('chain-') ? 2004 : 2003);
      expect(e.category_uid).toBe(2);
      expect(e.type_uid).toBe(e.class_uid * 100 + e.activity_id);
      expect(e.time).toBe(Date.parse('2026-11-27T12:00:00Z'));
      expect(e.metadata).toMatchObject({ version: '1.3.0', product: { name: 'snapaudit', vendor_name: 'snapaudit', version: '9.9.9' } });
      expect(e.finding_info.uid).toBe(f.id);
      expect(e.cloud).toEqual({ provider: { aws: 'AWS', azure: 'Azure', gcp: 'GCP' }[f.resource.provider], account: { uid: f.resource.account }, region: f.resource.region });
      expect(e.resources[0]).toMatchObject({ uid: f.resource.id, type: f.resource.type, region: f.resource.region, owner: { account: { uid: f.resource.account } } });
      expect(e.unmapped.score).toBe(f.score);
    }
  });

  it('maps severity, status and the compliance result', () => {
    const events = parsed();
    const chain = events.find((e: { class_uid: number }) => e.class_uid === 2004);
    expect(chain).toMatchObject({ severity_id: 4, severity: 'High', status_id: 1, status: 'New' });
    expect(chain).not.toHaveProperty('compliance');
    const suppressed = events.find((e: { finding_info: { types: string[] } }) => e.finding_info.types[0] === 'gcp-image-public');
    expect(suppressed).toMatchObject({ severity_id: 1, status_id: 3, status: 'Suppressed' });
    expect(suppressed.compliance).toMatchObject({ control: 'gcp-image-public', standards: ['CIS Google Cloud Platform Foundation Benchmark v2.0.0'], requirements: ['CIS Google Cloud Platform Foundation Benchmark v2.0.0 4.x'], status_id: 3 });
    const unknown = events.find((e: { unmapped: { check_id: string }; compliance?: { status_id: number } }) => e.compliance?.status_id === 2);
    expect(unknown.compliance).toMatchObject({ status: 'Warning', status_detail: 'not verified: a read failed' });
  });

  it('splits ATT&CK sub-techniques from their technique and names the tactic', () => {
    const chain = parsed().find((e: { class_uid: number }) => e.class_uid === 2004);
    expect(chain.finding_info.attacks).toEqual([
      {
        tactic: { uid: 'TA0005', name: 'Defense Evasion' },
        technique: { uid: 'T1578', name: 'Modify Cloud Compute Infrastructure' },
        sub_technique: { uid: 'T1578.001', name: 'Create Snapshot' },
      },
      { tactic: { uid: 'TA0010', name: 'Exfiltration' }, technique: { uid: 'T1537', name: 'Transfer Data to Cloud Account' } },
    ]);
  });

  it('gives one attack per tactic of a technique, and a technique alone when its tactic is not known', () => {
    const base = fixedReport();
    const f = { ...chainFinding(), techniques: [{ id: 'T1098', name: 'Account Manipulation' }, { id: 'T9999', name: 'Unmapped Technique' }] };
    const [event] = JSON.parse(renderOcsf({ ...base, findings: [f] }));
    expect(event.finding_info.attacks).toEqual([
      { tactic: { uid: 'TA0003', name: 'Persistence' }, technique: { uid: 'T1098', name: 'Account Manipulation' } },
      { tactic: { uid: 'TA0004', name: 'Privilege Escalation' }, technique: { uid: 'T1098', name: 'Account Manipulation' } },
      { technique: { uid: 'T9999', name: 'Unmapped Technique' } },
    ]);
    expect(validateOcsf([event]), errorsOf(validateOcsf)).toBe(true);
  });

  it('keeps hostile names as data: JSON-escaped, and unchanged after parsing', () => {
    const text = renderOcsf(fixedReport());
    expect(text).not.toContain(ESC);
    expect(text).toContain('<script>alert(1)</script>\\u001b[2J\\nforged,\\"row\\"\\u202egnp.exe');
    expect(text).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
    const hostile = JSON.parse(text).find((e: { resources: Array<{ uid: string }> }) => e.resources[0]!.uid === 'snap-0001');
    expect(hostile.resources[0].name).toBe(HOSTILE_NAME);
  });
});

describe('format registry', () => {
  it('offers csv, sarif and ocsf, each with its file extension', async () => {
    expect(FORMATS).toEqual(expect.arrayContaining(['csv', 'sarif', 'ocsf']));
    expect([FORMAT_EXTENSIONS.csv, FORMAT_EXTENSIONS.sarif, FORMAT_EXTENSIONS.ocsf]).toEqual(['csv', 'sarif', 'ocsf.json']);
    const report = fixedReport();
    expect(await render('csv', report, { color: false })).toBe(renderCsv(report));
    expect(await render('sarif', report, { color: false })).toBe(renderSarif(report));
    expect(await render('ocsf', report, { color: false })).toBe(renderOcsf(report));
  });
});
