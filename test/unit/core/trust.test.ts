// Who a resource is shared with: ourselves, our organization, the trusted list, or strangers; and
// unknown when what would decide it could not be read.
import { describe, expect, it } from 'vitest';
import { unknownValue } from '../../../src/model.js';
import { createTrustResolver, type PrincipalContext, type TrustedAccount } from '../../../src/trust.js';

const OWN = '111122223333';
const ORG_MEMBER = '222233334444';
const PARTNER = '444455556666';
const STRANGER = '999988887777';
const ORG_ID = 'o-a1b2c3d4e5';
const ORG_ARN = `arn:aws:organizations::111122223333:organization/${ORG_ID}`;
const OU_ARN = `arn:aws:organizations::111122223333:ou/${ORG_ID}/ou-ab12-cd34ef56`;
const FOREIGN_ORG_ARN = 'arn:aws:organizations::999988887777:organization/o-zzzzzzzzzz';

const trusted: TrustedAccount[] = [
  { provider: 'aws', id: PARTNER, name: 'Backup vendor', reason: 'receives DR copies' },
  { provider: 'gcp', id: 'backup-project-42', name: 'GCP backups', reason: 'cross-cloud DR' },
];
const resolver = createTrustResolver(trusted);
/** Not in an organization. */
const alone: PrincipalContext = { provider: 'aws', ownAccount: OWN };
const inOrg: PrincipalContext = { ...alone, organization: { id: ORG_ID, members: new Set([OWN, ORG_MEMBER]) } };
const membersUnread: PrincipalContext = { ...alone, organization: { id: ORG_ID } };
const orgUnread: PrincipalContext = { ...alone, organization: unknownValue('organizations:DescribeOrganization denied') };

describe('createTrustResolver', () => {
  it('the audited account itself → internal, whatever else is known', () => {
    for (const ctx of [alone, inOrg, membersUnread, orgUnread]) expect(resolver.classify(OWN, ctx)).toEqual({ trust: 'internal', note: 'the audited account itself' });
  });

  it('a member of our organization → internal', () => {
    expect(resolver.classify(ORG_MEMBER, inOrg)).toEqual({ trust: 'internal', note: `a member of organization ${ORG_ID}` });
  });

  it('a trusted account → trusted, with its name and reason in the note', () => {
    expect(resolver.classify(PARTNER, inOrg)).toEqual({ trust: 'trusted', note: 'trusted in config: Backup vendor (receives DR copies)' });
    expect(resolver.classify(PARTNER, orgUnread).trust).toBe('trusted');
  });

  it('organization membership wins over the trusted list', () => {
    const partnerInOrg: PrincipalContext = { ...alone, organization: { id: ORG_ID, members: new Set([PARTNER]) } };
    expect(resolver.classify(PARTNER, partnerInOrg).trust).toBe('internal');
  });

  it('any other account → external when the organization (or its absence) is known', () => {
    expect(resolver.classify(STRANGER, inOrg)).toEqual({ trust: 'external', note: `not a member of organization ${ORG_ID}, not in the trusted list` });
    expect(resolver.classify(STRANGER, alone)).toEqual({ trust: 'external', note: 'not our account, not in the trusted list' });
  });

  it('any other account → unknown when the member list or the organization could not be read', () => {
    expect(resolver.classify(STRANGER, membersUnread)).toMatchObject({ trust: 'unknown', note: expect.stringMatching(/member list could not be read/) });
    expect(resolver.classify(STRANGER, orgUnread)).toMatchObject({ trust: 'unknown', note: expect.stringMatching(/DescribeOrganization denied/) });
  });

  it('our organization or one of its units → internal; another organization → external', () => {
    expect(resolver.classify(ORG_ARN, { ...membersUnread, group: true }).trust).toBe('internal');
    expect(resolver.classify(OU_ARN, { ...inOrg, group: true }).trust).toBe('internal');
    expect(resolver.classify(FOREIGN_ORG_ARN, { ...inOrg, group: true })).toEqual({ trust: 'external', note: `not our organization ${ORG_ID}` });
    expect(resolver.classify(FOREIGN_ORG_ARN, { ...alone, group: true }).trust).toBe('external');
    expect(resolver.classify(FOREIGN_ORG_ARN, { ...orgUnread, group: true }).trust).toBe('unknown');
  });

  it('a listed organization ARN is trusted even when ours is unknown', () => {
    const listed = createTrustResolver([{ provider: 'aws', id: FOREIGN_ORG_ARN, name: 'vendor org', reason: 'AMI partner' }]);
    expect(listed.classify(FOREIGN_ORG_ARN, { ...orgUnread, group: true }).trust).toBe('trusted');
  });

  it('trusted entries are per provider', () => {
    expect(resolver.classify(PARTNER, { provider: 'azure', ownAccount: 'sub-1' }).trust).toBe('external');
    expect(resolver.classify('backup-project-42', { provider: 'gcp', ownAccount: 'prod-project' }).trust).toBe('trusted');
    expect(resolver.classify('backup-project-42', alone).trust).toBe('external');
  });

  it('matches ids exactly', () => {
    expect(resolver.classify(`${PARTNER} `, alone).trust).toBe('external');
    expect(resolver.classify(PARTNER.slice(0, 11), alone).trust).toBe('external');
    expect(resolver.classify(`${ORG_MEMBER}0`, inOrg).trust).toBe('external');
  });
});
