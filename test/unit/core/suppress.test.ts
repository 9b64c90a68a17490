// Suppressions: validated in the config, matched by glob without regular expressions, in force
// through their expiry day (UTC), and never hiding a finding.
import { describe, expect, it } from 'vitest';
import { parseConfig, suppressionsOf, type Suppression } from '../../../src/config.js';
import { InputError } from '../../../src/errors.js';
import type { ResourceRef } from '../../../src/model.js';
import { fingerprint, type Finding } from '../../../src/report.js';
import { applySuppressions, describeSuppression, globMatches, isExpired, resourcePath, suppressionMatches, suppressionText } from '../../../src/suppress.js';

const ACCOUNT = '111122223333';

function finding(checkId: string, resource: Partial<ResourceRef> = {}, overrides: Partial<Finding> = {}): Finding {
  const ref: ResourceRef = { provider: 'aws', account: ACCOUNT, region: 'us-east-1', type: 'AWS::EC2::Snapshot', id: 'snap-0000000000000001', ...resource };
  return {
    id: fingerprint(checkId, ref),
    checkId,
    title: checkId,
    severity: 'high',
    status: 'fail',
    score: 77,
    reasons: [{ factor: 'severity.high', points: 45, detail: 'high severity' }],
    resource: ref,
    message: `${checkId} on ${ref.id}`,
    evidence: {},
    techniques: [{ id: 'T1578.001', name: 'Create Snapshot' }],
    mitigations: [],
    compliance: [],
    remediation: { text: 'Fix it.', command: 'aws ec2 fix' },
    ...overrides,
  };
}

const valid = { checkId: 'aws-ebs-snapshot-public', resource: 'snap-0000000000000001', reason: 'golden AMI source, public by design', owner: 'platform-team', expires: '2026-12-31' };

function rule(overrides: Partial<Suppression> = {}): Suppression {
  return { ...valid, ...overrides };
}

function inputErrorOf(fn: () => unknown): InputError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error('expected an InputError, nothing was thrown');
}

describe('config suppressions', () => {
  it('are optional, and none is an empty list', () => {
    const config = parseConfig({}, 'test');
    expect(config.suppressions).toBeUndefined();
    expect(suppressionsOf(config)).toEqual([]);
  });

  it('a complete suppression parses, reason and owner trimmed', () => {
    const config = parseConfig({ suppressions: [{ ...valid, reason: `  ${valid.reason} `, owner: ' platform-team', provider: 'aws', account: ACCOUNT }] }, 'test');
    expect(suppressionsOf(config)).toEqual([{ ...valid, provider: 'aws', account: ACCOUNT }]);
  });

  it.each([
    [{ reason: undefined }, 'suppressions.0.reason'],
    [{ reason: 'because' }, 'suppressions.0.reason'],
    [{ reason: '           ' }, 'suppressions.0.reason'],
    [{ owner: undefined }, 'suppressions.0.owner'],
    [{ owner: ' ' }, 'suppressions.0.owner'],
    [{ expires: undefined }, 'suppressions.0.expires'],
    [{ expires: 'never' }, 'suppressions.0.expires'],
    [{ expires: '2026-02-30' }, 'suppressions.0.expires'],
    [{ expires: '2026-13-01' }, 'suppressions.0.expires'],
    [{ expires: '2027-02-29' }, 'suppressions.0.expires'],
    [{ expires: '31/12/2026' }, 'suppressions.0.expires'],
    [{ expires: '2026-12-31T00:00:00Z' }, 'suppressions.0.expires'],
    [{ checkId: undefined }, 'suppressions.0.checkId'],
    [{ checkId: 'AWS-EBS-SNAPSHOT-PUBLIC' }, 'suppressions.0.checkId'],
    [{ checkId: 'aws-ebs-.*' }, 'suppressions.0.checkId'],
    [{ resource: '' }, 'suppressions.0.resource'],
    [{ resource: undefined }, 'suppressions.0.resource'],
    [{ provider: 'oracle' }, 'suppressions.0.provider'],
    [{ checkId: '*', resource: '**' }, 'suppressions.0.resource'],
  ])('%j → InputError naming %s', (change, where) => {
    const error = inputErrorOf(() => parseConfig({ suppressions: [{ ...valid, ...change }] }, 'snapaudit.json'));
    expect(error.message).toMatch(new RegExp(`^config snapaudit\\.json: ${where.replace(/\./g, '\\.')}: `));
    expect(error.message).not.toContain('\n');
  });

  it('names the index of the bad entry, and refuses unknown keys', () => {
    expect(inputErrorOf(() => parseConfig({ suppressions: [valid, { ...valid, owner: '' }] }, 'test')).message).toContain('suppressions.1.owner:');
    expect(inputErrorOf(() => parseConfig({ suppressions: [{ ...valid, until: '2026-12-31' }] }, 'test')).message).toMatch(/suppressions\.0.*until/);
  });

  it('a leap day and a far date are valid dates (how far ahead cannot be checked: the date it was written is unknown)', () => {
    expect(suppressionsOf(parseConfig({ suppressions: [{ ...valid, expires: '2028-02-29' }, { ...valid, expires: '2099-01-01' }] }, 'test')).map((s) => s.expires)).toEqual(['2028-02-29', '2099-01-01']);
  });

  it('everything-everywhere is refused, but a whole account may be accepted', () => {
    expect(inputErrorOf(() => parseConfig({ suppressions: [{ ...valid, checkId: '*', resource: '*' }] }, 'test')).message).toMatch(/would suppress every finding/);
    expect(suppressionsOf(parseConfig({ suppressions: [{ ...valid, checkId: '*', resource: '*', account: ACCOUNT }] }, 'test'))).toHaveLength(1);
  });
});

describe('globMatches', () => {
  it.each([
    ['snap-0abc', 'snap-0abc', true],
    ['snap-0abc', 'snap-0abcd', false],
    ['snap-0abc', 'xsnap-0abc', false],
    ['snap-*', 'snap-0abc', true],
    ['snap-*', 'snap-', true],
    ['snap-*', 'vol-0abc', false],
    ['*-0abc', 'snap-0abc', true],
    ['snap*abc', 'snap-0-abc', true],
    ['snap*abc', 'snap-0-abd', false],
    ['*', '', true],
    ['', '', true],
    ['', 'x', false],
    ['a*b*c', 'abc', true],
    ['a*b*c', 'aXbYbZc', true],
    ['a*b*c', 'acb', false],
    ['*/snapshots/*', '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/snapshots/s1', true],
    ['aws/111122223333/*', 'aws/111122223333/us-east-1/snap-1', true],
    ['**x', 'x', true],
  ])('%j on %j → %s', (glob, text, expected) => {
    expect(globMatches(glob, text)).toBe(expected);
  });

  // Hostile ids: every regular-expression metacharacter is a plain character in a glob.
  it.each([
    ['a.b', 'aXb', false],
    ['a.b', 'a.b', true],
    ['snap-(0)', 'snap-(0)', true],
    ['snap-(0)', 'snap-0', false],
    ['a+b', 'aab', false],
    ['a+b', 'a+b', true],
    ['[abc]', 'a', false],
    ['[abc]', '[abc]', true],
    ['a?b', 'axb', false],
    ['a?b', 'a?b', true],
    ['^snap$', 'snap', false],
    ['^snap$', '^snap$', true],
    ['a|b', 'a', false],
    ['a\\d', 'a1', false],
    ['a\\d', 'a\\d', true],
    ['x{2}', 'xx', false],
    ['.*', 'anything', false],
    ['.*', '.*', true],
    ['*(*', 'id(with)paren', true],
    ['$(rm -rf /)*', '$(rm -rf /)-snap', true],
  ])('metacharacters are literal: %j on %j → %s', (glob, text, expected) => {
    expect(globMatches(glob, text)).toBe(expected);
  });

  it('a glob of many stars against a long id answers (no regex backtracking blow-up)', () => {
    expect(globMatches(`${'*a'.repeat(30)}*b`, 'a'.repeat(20_000))).toBe(false);
    expect(globMatches(`${'*a'.repeat(30)}*b`, `${'a'.repeat(20_000)}b`)).toBe(true);
  });

  it('ignores case only when asked', () => {
    expect(globMatches('/Subscriptions/*', '/subscriptions/S1', true)).toBe(true);
    expect(globMatches('/Subscriptions/*', '/subscriptions/S1')).toBe(false);
  });
});

describe('suppressionMatches', () => {
  const snap = finding('aws-ebs-snapshot-public', { id: 'snap-0abc(1)' });
  const armId = '/subscriptions/0000-1/resourceGroups/RG/providers/Microsoft.Compute/snapshots/db.backup';
  const azure = finding('azure-snapshot-public-network', { provider: 'azure', account: '0000-1', region: 'westeurope', type: 'Microsoft.Compute/snapshots', id: armId });

  it.each([
    ['exact check and id', rule({ resource: 'snap-0abc(1)' }), snap, true],
    ['id glob', rule({ resource: 'snap-0abc*' }), snap, true],
    ['other id', rule({ resource: 'snap-0abd*' }), snap, false],
    ['check glob', rule({ checkId: 'aws-ebs-*', resource: 'snap-0abc(1)' }), snap, true],
    ['check id is exact, not a prefix', rule({ checkId: 'aws-ebs-snapshot', resource: '*' }), snap, false],
    ['other check', rule({ checkId: 'aws-ebs-snapshot-shared-external', resource: '*' }), snap, false],
    ['path form: provider/account/region/id', rule({ resource: `aws/${ACCOUNT}/us-east-1/*` }), snap, true],
    ['path form, other region', rule({ resource: `aws/${ACCOUNT}/eu-west-1/*` }), snap, false],
    ['path form, other account', rule({ resource: 'aws/999999999999/*' }), snap, false],
    ['provider filter matches', rule({ resource: '*', provider: 'aws' }), snap, true],
    ['provider filter excludes', rule({ resource: '*', provider: 'gcp' }), snap, false],
    ['account filter matches', rule({ resource: '*', account: ACCOUNT }), snap, true],
    ['account filter excludes', rule({ resource: '*', account: '999999999999' }), snap, false],
    ['ARM id, case ignored', rule({ checkId: 'azure-*', resource: '/subscriptions/0000-1/resourcegroups/rg/*' }), azure, true],
    ['ARM id: a dot is literal', rule({ checkId: 'azure-*', resource: '*/snapshots/dbXbackup' }), azure, false],
    ['ARM id: name at the end', rule({ checkId: 'azure-*', resource: '*/snapshots/db.backup' }), azure, true],
  ] as const)('%s → %s', (_name, suppression, target, expected) => {
    expect(suppressionMatches(suppression, target)).toBe(expected);
  });

  it('the path form is provider/account/region/id', () => {
    expect(resourcePath(snap.resource)).toBe(`aws/${ACCOUNT}/us-east-1/snap-0abc(1)`);
  });
});

describe('isExpired: a suppression holds through its expires day, UTC', () => {
  it.each([
    ['2026-11-26T12:00:00.000Z', false],
    ['2026-11-27T00:00:00.000Z', false],
    ['2026-11-27T23:59:59.999Z', false],
    ['2026-11-28T00:00:00.000Z', true],
    ['2026-11-28T00:30:00+01:00', false],
    ['2027-01-01T00:00:00.000Z', true],
  ])('expires 2026-11-27, now %s → expired %s', (now, expected) => {
    expect(isExpired({ expires: '2026-11-27' }, new Date(now))).toBe(expected);
  });
});

describe('applySuppressions', () => {
  const now = new Date('2026-11-28T04:00:00Z');
  const pub = finding('aws-ebs-snapshot-public', { id: 'snap-1' }, { score: 91 });
  const shared = finding('aws-ebs-snapshot-shared-external', { id: 'snap-2' }, { status: 'unknown', score: 40 });
  const other = finding('aws-ebs-snapshot-unencrypted', { id: 'snap-3' }, { severity: 'medium', score: 35 });
  const findings = [pub, shared, other];

  it('a matching suppression marks the finding suppressed and keeps it, score, place and id', () => {
    const s = rule({ resource: 'snap-1', expires: '2026-12-31' });
    const out = applySuppressions(findings, [s], now);
    expect(out.findings.map((f) => f.id)).toEqual(findings.map((f) => f.id));
    const [first, second, third] = out.findings;
    expect(first).toEqual({ ...pub, status: 'suppressed', suppression: { rule: 'aws-ebs-snapshot-public on snap-1', reason: s.reason, owner: s.owner, expires: '2026-12-31', originalStatus: 'fail' } });
    expect(first?.score).toBe(91);
    expect(second).toBe(shared);
    expect(third).toBe(other);
    expect(out).toMatchObject({ expired: [], unused: [] });
  });

  it('an unknown finding can be suppressed; the note keeps that it was unknown', () => {
    const out = applySuppressions(findings, [rule({ checkId: 'aws-ebs-snapshot-shared-external', resource: '*' })], now);
    expect(out.findings[1]).toMatchObject({ status: 'suppressed', suppression: { originalStatus: 'unknown' } });
  });

  it('the first unexpired suppression in config order is the one recorded; a shadowed one still matched, so it is not unused', () => {
    const broad = rule({ checkId: 'aws-*', resource: '*', account: ACCOUNT, owner: 'security', reason: 'sandbox account, torn down weekly' });
    const narrow = rule({ resource: 'snap-1' });
    const out = applySuppressions(findings, [broad, narrow], now);
    expect(out.findings.map((f) => f.status)).toEqual(['suppressed', 'suppressed', 'suppressed']);
    expect(out.findings.map((f) => f.suppression?.owner)).toEqual(['security', 'security', 'security']);
    expect(out.unused).toEqual([]);
  });

  it('an expired suppression leaves the finding failing, with a note saying who had accepted it until when', () => {
    const lapsed = rule({ resource: 'snap-1', expires: '2026-11-27', owner: 'alice@example.com', reason: 'migration to private AMIs in progress' });
    const out = applySuppressions(findings, [lapsed], now);
    const first = out.findings[0]!;
    expect(first.status).toBe('fail');
    expect(first.suppression).toBeUndefined();
    expect(first.suppressionExpired).toEqual({ rule: describeSuppression(lapsed), reason: lapsed.reason, owner: 'alice@example.com', expires: '2026-11-27' });
    expect(suppressionText(first)).toBe('was suppressed until 2026-11-27 by alice@example.com for "migration to private AMIs in progress"; expired');
    expect(out.expired).toEqual([{ suppression: lapsed, index: 0, findings: [pub.id] }]);
    expect(out.unused).toEqual([]);
  });

  it('the same suppression the day before is still in force', () => {
    const s = rule({ resource: 'snap-1', expires: '2026-11-27' });
    const out = applySuppressions(findings, [s], new Date('2026-11-27T23:59:59.999Z'));
    expect(out.findings[0]?.status).toBe('suppressed');
    expect(suppressionText(out.findings[0]!)).toBe(`suppressed until 2026-11-27 by ${s.owner}: ${s.reason}`);
  });

  it('an unexpired suppression wins over an expired one; the expired one still lists what it matched', () => {
    const lapsed = rule({ resource: 'snap-*', expires: '2026-01-31' });
    const renewed = rule({ resource: 'snap-1', expires: '2027-01-31' });
    const out = applySuppressions(findings, [lapsed, renewed], now);
    expect(out.findings[0]).toMatchObject({ status: 'suppressed', suppression: { expires: '2027-01-31' } });
    expect(out.findings[0]?.suppressionExpired).toBeUndefined();
    expect(out.expired).toEqual([{ suppression: lapsed, index: 0, findings: [pub.id] }]);
  });

  it('of several expired suppressions, the note names the one that expired last', () => {
    const older = rule({ resource: 'snap-1', expires: '2026-01-31', owner: 'old-team' });
    const newer = rule({ resource: 'snap-1', expires: '2026-10-31', owner: 'new-team' });
    expect(applySuppressions(findings, [older, newer], now).findings[0]?.suppressionExpired?.owner).toBe('new-team');
  });

  it('unused: unexpired suppressions that match nothing; an expired one that matches nothing is listed as expired only', () => {
    const typo = rule({ checkId: 'aws-ebs-snapshot-publik', resource: '*' });
    const gone = rule({ resource: 'snap-9', expires: '2026-01-01' });
    const used = rule({ resource: 'snap-1' });
    const out = applySuppressions(findings, [typo, gone, used], now);
    expect(out.unused).toEqual([typo]);
    expect(out.expired).toEqual([{ suppression: gone, index: 1, findings: [] }]);
  });

  it('a finding already suppressed is left as it is, and the input is not changed', () => {
    const already = { ...pub, status: 'suppressed' as const };
    const before = structuredClone(findings);
    const out = applySuppressions([already, ...findings.slice(1)], [rule({ resource: 'snap-1' })], now);
    expect(out.findings[0]).toBe(already);
    expect(out.unused).toHaveLength(1);
    applySuppressions(findings, [rule({ resource: '*' })], now);
    expect(findings).toEqual(before);
  });

  it('no suppressions: the same findings, nothing expired or unused', () => {
    const out = applySuppressions(findings, [], now);
    expect(out.findings).toEqual(findings);
    expect(out).toMatchObject({ expired: [], unused: [] });
    expect(suppressionText(out.findings[0]!)).toBeUndefined();
  });
});
