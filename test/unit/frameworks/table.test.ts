// The per-control table on synthetic checks and results: which status wins, what "not covered" and
// "not assessed" mean, and what the text and JSON forms carry.
import { describe, expect, it } from 'vitest';
import type { ResultStatus } from '../../../src/checks/define-check.js';
import { CIS_AWS_3, FSBP } from '../../../src/checks/lib/compliance.js';
import { UsageError } from '../../../src/errors.js';
import {
  FRAMEWORK_IDS,
  frameworkJson,
  frameworkLines,
  frameworkTable,
  parseFrameworkId,
  unresolvedMappings,
  type CheckMapping,
  type ControlEvidence,
  type ControlRow,
  type FrameworkTable,
} from '../../../src/frameworks/index.js';
import type { ProviderId, ResourceRef } from '../../../src/model.js';

function check(id: string, controls: readonly string[], techniques: readonly string[] = ['T1537']): CheckMapping {
  return { id, compliance: controls.length > 0 ? [{ ...FSBP, controls }] : [], threat: { techniques } };
}

function resource(id: string, provider: ProviderId = 'aws'): ResourceRef {
  return { provider, account: '111122223333', region: 'us-east-1', type: 'AWS::EC2::Snapshot', id };
}

function result(checkId: string, status: ResultStatus | 'suppressed', resourceId = 'snap-1'): ControlEvidence {
  return { checkId, status, resource: resource(resourceId) };
}

function row(table: FrameworkTable, control: string): ControlRow {
  const found = table.rows.find((r) => r.control === control);
  if (!found) throw new Error(`no row ${control}`);
  return found;
}

// EC2.1 is covered by two checks, EC2.7 by one, RDS.1 by a check that may not run; EC2.3 by none.
const CHECKS: readonly CheckMapping[] = [
  check('public', ['EC2.1']),
  check('shared', ['EC2.1', 'EC2.7']),
  check('rds', ['RDS.1'], ['T1578.001']),
];

describe('parseFrameworkId', () => {
  it('takes a bare id as its newest version', () => {
    expect(parseFrameworkId('cis-aws')).toEqual({ id: 'cis-aws', version: 'v5.0.0' });
    expect(parseFrameworkId('aws-fsbp')).toEqual({ id: 'aws-fsbp', version: 'v1.0.0' });
    expect(parseFrameworkId('mitre-attack')).toEqual({ id: 'mitre-attack', version: 'Enterprise' });
  });

  it('takes id@version, with or without the v, in any case', () => {
    expect(parseFrameworkId('cis-aws@v3.0.0')).toEqual({ id: 'cis-aws', version: 'v3.0.0' });
    expect(parseFrameworkId(' CIS-Azure@2.1.0 ')).toEqual({ id: 'cis-azure', version: 'v2.1.0' });
  });

  it('rejects an unknown id with a usage error that lists every id', () => {
    expect(() => parseFrameworkId('pci-dss')).toThrow(UsageError);
    try {
      parseFrameworkId('pci-dss');
    } catch (error) {
      for (const id of FRAMEWORK_IDS) expect((error as Error).message).toContain(id);
      expect((error as Error).message).toContain('"pci-dss"');
    }
  });

  it('rejects an unknown version and lists the known ones', () => {
    expect(() => parseFrameworkId('cis-aws@v4.0.0')).toThrow(/cis-aws has no version "v4.0.0".*v5\.0\.0, v3\.0\.0/);
  });
});

describe('frameworkTable', () => {
  it('fails a control when any covering check fails, even if another is unknown', () => {
    const table = frameworkTable('aws-fsbp', CHECKS, [result('public', 'fail'), result('shared', 'unknown', 'snap-2'), result('shared', 'pass', 'snap-3')]);
    const ec21 = row(table, 'EC2.1');
    expect(ec21.status).toBe('fail');
    expect(ec21.checks).toEqual(['public', 'shared']);
    expect(ec21.counts).toEqual({ pass: 1, fail: 1, unknown: 1 });
    expect(ec21.title).toBe('Amazon EBS snapshots should not be publicly restorable');
  });

  it('makes a control unknown, never pass, when nothing fails but something is unknown', () => {
    const table = frameworkTable('aws-fsbp', CHECKS, [result('public', 'pass'), result('shared', 'unknown'), result('shared', 'pass', 'snap-2')]);
    expect(row(table, 'EC2.1').status).toBe('unknown');
    expect(row(table, 'EC2.7').status).toBe('unknown');
  });

  it('passes a control when its checks ran and every result is pass or n/a', () => {
    const table = frameworkTable('aws-fsbp', CHECKS, [result('public', 'pass'), result('shared', 'n/a'), result('rds', 'pass', 'db-snap')]);
    expect(row(table, 'EC2.1')).toMatchObject({ status: 'pass', counts: { pass: 1, fail: 0, unknown: 0 }, failingResources: 0 });
    expect(row(table, 'EC2.7').status).toBe('pass');
    expect(row(table, 'RDS.1').status).toBe('pass');
  });

  it('counts each failing resource once, across checks', () => {
    const table = frameworkTable('aws-fsbp', CHECKS, [result('public', 'fail', 'snap-1'), result('shared', 'fail', 'snap-1'), result('shared', 'fail', 'snap-2')]);
    expect(row(table, 'EC2.1')).toMatchObject({ failingResources: 2, counts: { pass: 0, fail: 3, unknown: 0 } });
    expect(row(table, 'EC2.7').failingResources).toBe(2);
  });

  it('shows a catalog control no check maps to as not covered', () => {
    const table = frameworkTable('aws-fsbp', CHECKS, [result('public', 'fail')]);
    expect(row(table, 'EC2.3')).toEqual({
      control: 'EC2.3',
      title: 'Attached Amazon EBS volumes should be encrypted at-rest',
      status: 'not-covered',
      checks: [],
      counts: { pass: 0, fail: 0, unknown: 0 },
      failingResources: 0,
    });
  });

  it('shows a control whose only checks did not run as not assessed, not as a pass', () => {
    const table = frameworkTable('aws-fsbp', CHECKS, [result('public', 'pass'), result('shared', 'pass')]);
    expect(row(table, 'RDS.1')).toMatchObject({ status: 'not-assessed', checks: ['rds'] });
  });

  it('passes an empty run only when the caller says the check ran', () => {
    const results = [result('public', 'pass')];
    expect(row(frameworkTable('aws-fsbp', CHECKS, results), 'RDS.1').status).toBe('not-assessed');
    expect(row(frameworkTable('aws-fsbp', CHECKS, results, { ran: ['rds'] }), 'RDS.1').status).toBe('pass');
  });

  it('makes a control unknown when a covering check threw', () => {
    const table = frameworkTable('aws-fsbp', CHECKS, [result('public', 'pass')], { ran: ['shared'], errored: ['shared'] });
    expect(row(table, 'EC2.1').status).toBe('unknown');
    expect(row(table, 'EC2.7').status).toBe('unknown');
  });

  it('lets suppressed findings show the check ran without failing the control', () => {
    const table = frameworkTable('aws-fsbp', CHECKS, [result('rds', 'suppressed')]);
    expect(row(table, 'RDS.1')).toMatchObject({ status: 'pass', counts: { pass: 0, fail: 0, unknown: 0 } });
  });

  it('reads only the version asked for', () => {
    const cis: CheckMapping = { id: 'trail', compliance: [{ ...CIS_AWS_3, controls: ['3.1'] }], threat: { techniques: [] } };
    expect(row(frameworkTable('cis-aws@v3.0.0', [cis], [result('trail', 'fail')]), '3.1').status).toBe('fail');
    expect(row(frameworkTable('cis-aws@v5.0.0', [cis], [result('trail', 'fail')]), '3.1').status).toBe('not-covered');
  });

  it('keeps a row for a cited control the catalog does not list, with no title', () => {
    const table = frameworkTable('aws-fsbp', [check('typo', ['EC2.11'])], [result('typo', 'fail')]);
    expect(row(table, 'EC2.11')).toMatchObject({ title: '', status: 'fail', checks: ['typo'] });
    expect(unresolvedMappings([check('typo', ['EC2.11'])])).toEqual([
      'typo: AWS Foundational Security Best Practices v1.0.0 has no control EC2.11 in the catalog',
    ]);
  });

  it('maps ATT&CK techniques through threat.techniques', () => {
    const table = frameworkTable('mitre-attack', CHECKS, [result('public', 'fail'), result('rds', 'pass')]);
    expect(row(table, 'T1537')).toMatchObject({ status: 'fail', checks: ['public', 'shared'] });
    expect(row(table, 'T1578.001')).toMatchObject({ status: 'pass', checks: ['rds'], title: 'Modify Cloud Compute Infrastructure: Create Snapshot' });
    expect(row(table, 'T1136').status).toBe('not-covered');
  });

  it('sums the rows', () => {
    const table = frameworkTable('aws-fsbp', CHECKS, [result('public', 'fail'), result('shared', 'unknown')]);
    const s = table.summary;
    expect(s.controls).toBe(table.rows.length);
    expect(s.covered).toBe(3);
    expect({ fail: s.fail, unknown: s.unknown, pass: s.pass, notAssessed: s.notAssessed }).toEqual({ fail: 1, unknown: 1, pass: 0, notAssessed: 1 });
    expect(s.notCovered).toBe(table.rows.length - 3);
  });
});

describe('frameworkLines and frameworkJson', () => {
  const table = frameworkTable('aws-fsbp', CHECKS, [result('public', 'fail', 'snap-1'), result('public', 'fail', 'snap-2'), result('shared', 'pass')]);

  it('gives a heading, then one line per control', () => {
    const lines = frameworkLines(table);
    expect(lines).toHaveLength(table.rows.length + 1);
    expect(lines[0]).toBe(
      `AWS Foundational Security Best Practices v1.0.0: ${table.rows.length} controls, 3 covered by snapaudit (1 fail, 0 unknown, 1 pass, 1 not assessed, ${table.rows.length - 3} not covered)`,
    );
    expect(lines).toContain('FAIL EC2.1 Amazon EBS snapshots should not be publicly restorable (2 failing resources; 2 fail, 1 pass; checks: public, shared)');
    expect(lines).toContain('PASS EC2.7 Amazon EBS default encryption should be enabled (1 pass; checks: shared)');
    expect(lines).toContain('NOT ASSESSED RDS.1 RDS snapshot should be private (not run in this scan; checks: rds)');
    expect(lines).toContain('NOT COVERED EC2.3 Attached Amazon EBS volumes should be encrypted at-rest (no snapaudit check maps to it)');
  });

  it('says so when checks ran over nothing', () => {
    const empty = frameworkTable('aws-fsbp', CHECKS, [], { ran: ['rds'] });
    expect(frameworkLines(empty)).toContain('PASS RDS.1 RDS snapshot should be private (nothing to evaluate; checks: rds)');
  });

  it('round-trips through JSON with the framework described once', () => {
    const json = JSON.parse(JSON.stringify(frameworkJson(table))) as ReturnType<typeof frameworkJson>;
    expect(json.framework).toEqual({ id: 'aws-fsbp', name: 'AWS Foundational Security Best Practices', version: 'v1.0.0', source: table.source });
    expect(json.summary).toEqual(table.summary);
    expect(json.controls).toEqual(table.rows);
  });
});
