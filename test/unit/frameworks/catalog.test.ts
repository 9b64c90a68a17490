// Meta-tests: the framework catalog and the checks' own compliance metadata agree, so a typo in a
// control id, or a framework version nobody cites, fails here rather than in a customer's report.
import { describe, expect, it } from 'vitest';
import { TECHNIQUES } from '../../../src/attack.js';
import { RULES } from '../../../src/chains/index.js';
import type { CheckResult } from '../../../src/checks/define-check.js';
import { CHECKS } from '../../../src/checks/index.js';
import { FRAMEWORK_IDS, FRAMEWORKS, controlCoverage, frameworkOfMapping, frameworkTable, unresolvedMappings } from '../../../src/frameworks/index.js';

const ALL = [...CHECKS, ...RULES];

function cited(): Set<string> {
  const pairs = new Set<string>();
  for (const c of ALL) for (const m of c.compliance) pairs.add(`${m.framework}\u0000${m.version}`);
  return pairs;
}

describe('the framework catalog', () => {
  it('lists every framework id once, under its own id', () => {
    expect(Object.keys(FRAMEWORKS).sort()).toEqual([...FRAMEWORK_IDS].sort());
    for (const id of FRAMEWORK_IDS) expect(FRAMEWORKS[id].id).toBe(id);
  });

  it('gives every control of every version a unique id and a title', () => {
    for (const id of FRAMEWORK_IDS) {
      const info = FRAMEWORKS[id];
      expect(info.versions.length, id).toBeGreaterThan(0);
      expect(info.source.length, id).toBeGreaterThan(10);
      expect(new Set(info.versions.map((v) => v.version)).size, id).toBe(info.versions.length);
      for (const version of info.versions) {
        const ids = version.controls.map((c) => c.id);
        expect(new Set(ids).size, `${id} ${version.version}`).toBe(ids.length);
        for (const c of version.controls) expect(c.title.trim().length, `${id} ${version.version} ${c.id}`).toBeGreaterThan(5);
      }
    }
  });

  it('resolves every compliance entry and technique of every check and rule to a catalog control', () => {
    expect(unresolvedMappings(ALL)).toEqual([]);
  });

  it('knows exactly the framework versions the checks cite', () => {
    const pairs = cited();
    const catalog = new Set<string>();
    for (const id of FRAMEWORK_IDS) {
      const info = FRAMEWORKS[id];
      if (info.mappedBy !== 'compliance') continue;
      for (const v of info.versions) catalog.add(`${info.name}\u0000${v.version}`);
    }
    expect([...catalog].sort()).toEqual([...pairs].sort());
    for (const c of ALL) for (const m of c.compliance) expect(frameworkOfMapping(m), `${c.id}: ${m.framework} ${m.version}`).toBeDefined();
  });

  it('lists ATT&CK as the techniques of src/attack.ts', () => {
    const attack = FRAMEWORKS['mitre-attack'].versions[0];
    expect(attack?.controls.map((c) => c.id)).toEqual(Object.keys(TECHNIQUES));
    for (const c of attack?.controls ?? []) expect(c.title).toBe(TECHNIQUES[c.id]?.name);
  });

  it('catches a check citing a control the catalog does not know', () => {
    const typo = { ...CHECKS[0]!, id: 'typo', compliance: [{ framework: 'CIS AWS Foundations Benchmark', version: 'v5.0.0', controls: ['5.1.1', '2.2.33'] }] };
    expect(unresolvedMappings([typo])).toEqual(['typo: CIS AWS Foundations Benchmark v5.0.0 has no control 2.2.33 in the catalog']);
    const unknownVersion = { ...typo, compliance: [{ framework: 'CIS AWS Foundations Benchmark', version: 'v4.0.0', controls: ['5.1.1'] }] };
    expect(unresolvedMappings([unknownVersion])).toEqual(['typo: no framework "CIS AWS Foundations Benchmark" version "v4.0.0" in the catalog']);
  });

  it('maps the headline snapshot controls to the checks that judge them', () => {
    expect(controlCoverage({ id: 'aws-fsbp', version: 'v1.0.0' }, ALL).get('EC2.1')).toEqual(['aws-ebs-snapshot-public']);
    expect(controlCoverage({ id: 'aws-fsbp', version: 'v1.0.0' }, ALL).get('RDS.1')).toEqual(['aws-rds-snapshot-public']);
    expect(controlCoverage({ id: 'cis-azure', version: 'v3.0.0' }, ALL).get('8.5')).toContain('azure-snapshot-public-network');
  });
});

describe('the ATT&CK table over the real checks and rules', () => {
  const ref = { provider: 'aws', account: '111122223333', region: 'us-east-1', type: 'AWS::EC2::Snapshot', id: 'snap-1' } as const;
  const results: CheckResult[] = [
    { checkId: 'aws-ebs-snapshot-public', status: 'fail', resource: ref, messageId: 'public', data: {}, evidence: {}, signals: {} },
    { checkId: 'aws-ebs-snapshot-shared-external', status: 'pass', resource: ref, messageId: 'private', data: {}, evidence: {}, signals: {} },
  ];
  const table = frameworkTable('mitre-attack', ALL, results);
  const row = (id: string) => table.rows.find((r) => r.control === id);

  it('fails T1578.001 and T1537 on a public snapshot, naming the checks and rules that cover them', () => {
    for (const technique of ['T1578.001', 'T1537']) {
      const r = row(technique);
      expect(r?.status, technique).toBe('fail');
      expect(r?.failingResources, technique).toBe(1);
      expect(r?.checks, technique).toContain('aws-ebs-snapshot-public');
      expect(r?.checks, technique).toContain('chain-aws-snapshot-made-public');
    }
    expect(row('T1578.001')?.title).toBe('Modify Cloud Compute Infrastructure: Create Snapshot');
    expect(row('T1537')?.title).toBe('Transfer Data to Cloud Account');
  });

  it('leaves techniques only chain rules cover not assessed when no logs were read', () => {
    expect(row('T1136')).toMatchObject({ status: 'not-assessed', checks: ['chain-aws-new-principal-snapshot-access', 'chain-gcp-new-principal-snapshot-access'] });
  });

  it('marks the parent technique no check cites as not covered', () => {
    expect(row('T1578')?.status).toBe('not-covered');
  });
});
