// Audit (M1047) and User Account Management (M1018) as states of the place a finding lives, and
// as the score factors and posture lines they become.
import { describe, expect, it } from 'vitest';
import { auditStateAt, grantCovers, idleDays, isDormant, uamStateFor } from '../../../src/mitigations.js';
import { emptyInventory, unknownValue, type AccountSecurity, type AuditCoverage, type CapabilityGrant, type Inventory, type Principal } from '../../../src/model.js';
import { scoreFinding, WEIGHTS, type MitigationContext } from '../../../src/scorer.js';

const NOW = new Date('2026-11-27T12:00:00Z');
const ACCOUNT = '111122223333';
const daysAgo = (n: number): string => new Date(NOW.getTime() - n * 86_400_000).toISOString();

function audit(region: string, logged: AuditCoverage['snapshotEventsLogged'], extra: Partial<AuditCoverage> = {}): AuditCoverage {
  return { provider: 'aws', account: ACCOUNT, region, snapshotEventsLogged: logged, sources: logged === true ? ['trail org-trail'] : [], gaps: logged === false ? [`no trail records management write events in ${region}`] : [], ...extra };
}

function grant(capability: CapabilityGrant['capability'], extra: Partial<CapabilityGrant> = {}): CapabilityGrant {
  return { capability, actions: ['ec2:ModifySnapshotAttribute'], resources: ['*'], conditions: [], mfaRequired: false, via: ['inline:share'], ...extra };
}

function principal(name: string, extra: Partial<Principal> = {}): Principal {
  return { provider: 'aws', account: ACCOUNT, id: `arn:aws:iam::${ACCOUNT}:user/${name}`, name, kind: 'user', trust: 'internal', capabilities: [grant('share')], privileged: false, lastUsed: daysAgo(1), ...extra };
}

const security = (identities: AccountSecurity['identities']): AccountSecurity => ({ provider: 'aws', account: ACCOUNT, notOffered: [], ...(identities === undefined ? {} : { identities }) });

function inventory(parts: Partial<Inventory>): Inventory {
  return { ...emptyInventory(), ...parts };
}

const SNAP = { provider: 'aws' as const, account: ACCOUNT, region: 'us-east-1', id: 'snap-0abc' };

describe('auditStateAt', () => {
  it('is not assessed when nothing was read for the account', () => {
    expect(auditStateAt(inventory({}), SNAP)).toEqual({ kind: 'not-assessed' });
  });

  it("takes the resource's region, and an account-wide entry counts everywhere", () => {
    const inv = inventory({ audit: [audit('us-east-1', true), audit('eu-west-1', false)] });
    expect(auditStateAt(inv, SNAP)).toEqual({ kind: 'logged', sources: ['trail org-trail'] });
    expect(auditStateAt(inv, { ...SNAP, region: 'eu-west-1' })).toMatchObject({ kind: 'unlogged', gaps: ['no trail records management write events in eu-west-1'] });
    const global = inventory({ audit: [{ ...audit('global', true), provider: 'azure', sources: ['diagnostic setting to-law'] }] });
    expect(auditStateAt(global, { provider: 'azure', account: ACCOUNT, region: 'westeurope' })).toEqual({ kind: 'logged', sources: ['diagnostic setting to-law'] });
  });

  it('needs every region for an account-wide resource, and says which are missing', () => {
    const inv = inventory({ audit: [audit('us-east-1', true), audit('eu-west-1', false, { nextStep: 'aws cloudtrail update-trail --name t --is-multi-region-trail' })] });
    expect(auditStateAt(inv, { ...SNAP, region: 'account' })).toEqual({ kind: 'unlogged', gaps: ['no trail records management write events in eu-west-1'], nextStep: 'aws cloudtrail update-trail --name t --is-multi-region-trail' });
    expect(auditStateAt(inventory({ audit: [audit('us-east-1', true), audit('eu-west-1', true)] }), { ...SNAP, region: 'account' }).kind).toBe('logged');
  });

  it('is unknown, never logged, when the configuration could not be read', () => {
    const inv = inventory({ audit: [audit('us-east-1', unknownValue('cloudtrail:DescribeTrails denied'))] });
    expect(auditStateAt(inv, SNAP)).toEqual({ kind: 'unknown', reason: 'cloudtrail:DescribeTrails denied' });
  });
});

describe('grantCovers', () => {
  it.each<[string, string, boolean]>([
    ['*', 'snap-0abc', true],
    ['arn:aws:ec2:*::snapshot/*', 'snap-0abc', true],
    ['arn:aws:ec2:us-east-1::snapshot/snap-0abc', 'snap-0abc', true],
    ['arn:aws:ec2:us-east-1::snapshot/snap-0def', 'snap-0abc', false],
    ['/subscriptions/s1/resourceGroups/prod-rg', '/subscriptions/s1/resourceGroups/prod-rg/providers/Microsoft.Compute/snapshots/x', true],
    ['/subscriptions/s1/resourceGroups/prod', '/subscriptions/s1/resourceGroups/prod-rg/providers/Microsoft.Compute/snapshots/x', false],
    ['projects/p1', 'projects/p1/global/snapshots/s', true],
    ['projects/p1', 'projects/p10/global/snapshots/s', false],
  ])('%s covers %s: %s', (pattern, id, covers) => {
    expect(grantCovers(grant('share', { resources: [pattern] }), { id })).toBe(covers);
  });
});

describe('dormancy', () => {
  it('counts from the last use, or from creation when never used', () => {
    expect(isDormant(principal('a', { lastUsed: daysAgo(29) }), NOW)).toBe(false);
    expect(isDormant(principal('a', { lastUsed: daysAgo(30) }), NOW)).toBe(true);
    expect(isDormant(principal('a', { lastUsed: null, createdAt: daysAgo(200) }), NOW)).toBe(true);
    expect(isDormant(principal('a', { lastUsed: null, createdAt: daysAgo(3) }), NOW)).toBe(false);
    expect(isDormant(principal('a', { lastUsed: unknownValue('credential report denied') }), NOW)).toBe(false);
    expect(idleDays(principal('a', { lastUsed: daysAgo(120) }), NOW)).toBe(120);
  });
});

describe('uamStateFor', () => {
  it('is not assessed without identities read, unknown when their listing failed', () => {
    expect(uamStateFor(inventory({ principals: [principal('a')] }), SNAP, NOW)).toEqual({ kind: 'not-assessed' });
    expect(uamStateFor(inventory({ accountSecurity: [security(unknownValue('iam:GetAccountAuthorizationDetails denied'))] }), SNAP, NOW)).toEqual({ kind: 'unknown', reason: 'iam:GetAccountAuthorizationDetails denied' });
  });

  it('finds the holders that reach the resource, and which lack MFA, idle or come from outside', () => {
    const inv = inventory({
      accountSecurity: [security({ listed: 6 })],
      principals: [
        principal('ok'),
        principal('no-mfa', { interactive: true, mfa: false }),
        principal('mfa-required', { interactive: true, mfa: false, capabilities: [grant('share', { mfaRequired: true, conditions: ['Bool aws:MultiFactorAuthPresent=true'] })] }),
        principal('dormant', { lastUsed: daysAgo(120) }),
        principal('partner-role', { kind: 'role', assumableBy: [{ principal: '999988887777', trust: 'external', conditions: [] }] }),
        principal('other-snapshot', { capabilities: [grant('share', { resources: ['arn:aws:ec2:*::snapshot/snap-0zzz'] })] }),
        principal('creator', { capabilities: [grant('create')] }),
        principal('unreadable', { capabilities: unknownValue('policy document malformed') }),
      ],
    });
    const state = uamStateFor(inv, SNAP, NOW);
    if (state.kind !== 'assessed') throw new Error(state.kind);
    expect(state.holders.map((h) => h.principal.name)).toEqual(['ok', 'no-mfa', 'mfa-required', 'dormant', 'partner-role']);
    expect(state.withoutMfa.map((p) => p.name)).toEqual(['no-mfa']);
    expect(state.dormant.map((p) => p.name)).toEqual(['dormant']);
    expect(state.external.map((p) => p.name)).toEqual(['partner-role']);
    expect(state.unreadable).toBe(1);
  });
});

describe('the mitigation factors in a score', () => {
  const base = scoreFinding('high', 'fail', { exposure: 'external' }).score;
  const holders = (...ps: Principal[]) => ps.map((principal) => ({ principal, mfaRequired: false }));
  const assessed = (extra: Partial<{ holders: ReturnType<typeof holders>; withoutMfa: Principal[]; dormant: Principal[]; external: Principal[]; unreadable: number }>) => ({
    kind: 'assessed' as const,
    holders: [],
    withoutMfa: [],
    dormant: [],
    external: [],
    unreadable: 0,
    ...extra,
  });

  it.each([
    ['audit.unlogged', { audit: { kind: 'unlogged', gaps: ['no trail in eu-west-1'] } }, 8],
    ['audit.unknown', { audit: { kind: 'unknown', reason: 'denied' } }, 4],
    ['audit.logged', { audit: { kind: 'logged', sources: ['t'] } }, 0],
    ['audit.not-assessed', { audit: { kind: 'not-assessed' } }, 0],
  ] as const)('%s moves the score by its weight and is listed', (factorId, mitigation, points) => {
    const { score, reasons } = scoreFinding('high', 'fail', { exposure: 'external' }, mitigation);
    expect(score).toBe(base + points);
    expect(reasons.at(-1)?.factor).toBe(factorId);
    expect(WEIGHTS.factors[factorId].points).toBe(points);
  });

  it('each UAM finding adds its weight; a contained audience is listed at 0', () => {
    const logged = { kind: 'logged', sources: ['t'] } as const;
    const a = principal('alice');
    const score = (uam: NonNullable<MitigationContext['uam']>) => scoreFinding('high', 'fail', { exposure: 'external' }, { audit: logged, uam });
    expect(score(assessed({ holders: holders(a), external: [a] })).score).toBe(base + 8);
    expect(score(assessed({ holders: holders(a), withoutMfa: [a] })).score).toBe(base + 6);
    expect(score(assessed({ holders: holders(a, principal('b'), principal('c'), principal('d')) })).score).toBe(base + 6);
    expect(score(assessed({ holders: holders(a), dormant: [a] })).score).toBe(base + 4);
    expect(score({ kind: 'unknown', reason: 'denied' }).score).toBe(base + 4);
    expect(score(assessed({ unreadable: 2 })).reasons.at(-1)).toMatchObject({ factor: 'uam.unknown', detail: expect.stringContaining('2 principal(s)') });
    const contained = score(assessed({ holders: holders(a) }));
    expect(contained.score).toBe(base);
    expect(contained.reasons.at(-1)).toMatchObject({ factor: 'uam.contained', points: 0, detail: expect.stringContaining('1: alice') });
    expect(score({ kind: 'not-assessed' }).reasons.at(-1)).toMatchObject({ factor: 'uam.not-assessed', points: 0 });
  });

  it('an unlogged region with a principal lacking MFA outranks the same finding where both mitigations hold', () => {
    const a = principal('alice');
    const weak = scoreFinding('high', 'fail', { exposure: 'external' }, { audit: { kind: 'unlogged', gaps: [] }, uam: assessed({ holders: holders(a), withoutMfa: [a] }) });
    const strong = scoreFinding('high', 'fail', { exposure: 'external' }, { audit: { kind: 'logged', sources: [] }, uam: assessed({ holders: holders(a) }) });
    expect(weak.score - strong.score).toBe(14);
  });
});
