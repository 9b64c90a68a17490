// Who a resource is shared with: ourselves, our organization, the trusted list, or strangers.
import { describe, expect, it } from 'vitest';
import { createTrustResolver, type PrincipalContext, type TrustedAccount } from '../../../src/trust.js';

const OWN = '111122223333';
const ORG_MEMBER = '222233334444';
const PARTNER = '444455556666';
const STRANGER = '999988887777';
const ORG_ARN = 'arn:aws:organizations::111122223333:organization/o-a1b2c3d4e5';
const OU_ARN = 'arn:aws:organizations::111122223333:ou/o-a1b2c3d4e5/ou-ab12-cd34ef56';

const trusted: TrustedAccount[] = [
  { provider: 'aws', id: PARTNER, name: 'Backup vendor', reason: 'receives DR copies' },
  { provider: 'aws', id: ORG_ARN, name: 'Our organization', reason: 'AMIs are shared org-wide' },
  { provider: 'gcp', id: 'backup-project-42', name: 'GCP backups', reason: 'cross-cloud DR' },
];
const resolver = createTrustResolver(trusted);
const aws: PrincipalContext = { provider: 'aws', ownAccount: OWN };

describe('createTrustResolver', () => {
  it('the audited account itself → internal', () => {
    expect(resolver.classify(OWN, aws)).toEqual({ trust: 'internal', note: 'the audited account itself' });
  });

  it('a known member of the organization → internal', () => {
    expect(resolver.classify(ORG_MEMBER, { ...aws, internal: new Set([ORG_MEMBER]) })).toEqual({ trust: 'internal', note: 'a member of the organization' });
  });

  it('a trusted account → trusted, with its name and reason in the note', () => {
    expect(resolver.classify(PARTNER, aws)).toEqual({ trust: 'trusted', note: 'trusted in config: Backup vendor (receives DR copies)' });
  });

  it('any other account → external', () => {
    expect(resolver.classify(STRANGER, aws)).toEqual({ trust: 'external', note: 'not our account, not in the organization, not in the trusted list' });
    expect(resolver.classify(ORG_MEMBER, aws).trust).toBe('external');
  });

  it('an organization ARN → trusted when listed, otherwise unknown (membership not read)', () => {
    expect(resolver.classify(ORG_ARN, { ...aws, group: true })).toMatchObject({ trust: 'trusted', note: expect.stringContaining('Our organization') });
    expect(resolver.classify(OU_ARN, { ...aws, group: true })).toEqual({ trust: 'unknown', note: 'a group of accounts whose membership was not read' });
    expect(createTrustResolver([]).classify(ORG_ARN, { ...aws, group: true }).trust).toBe('unknown');
  });

  it('the audited account wins over a trusted-list entry for the same id', () => {
    const selfListed = createTrustResolver([{ provider: 'aws', id: OWN, name: 'me', reason: 'test' }]);
    expect(selfListed.classify(OWN, aws).trust).toBe('internal');
  });

  it('organization membership wins over the trusted list', () => {
    expect(resolver.classify(PARTNER, { ...aws, internal: new Set([PARTNER]) }).trust).toBe('internal');
  });

  it('trusted entries are per provider', () => {
    expect(resolver.classify(PARTNER, { provider: 'azure', ownAccount: 'sub-1' }).trust).toBe('external');
    expect(resolver.classify('backup-project-42', { provider: 'gcp', ownAccount: 'prod-project' }).trust).toBe('trusted');
    expect(resolver.classify('backup-project-42', aws).trust).toBe('external');
  });

  it('matches ids exactly', () => {
    expect(resolver.classify(`${PARTNER} `, aws).trust).toBe('external');
    expect(resolver.classify(PARTNER.slice(0, 11), aws).trust).toBe('external');
  });

  it('an empty trusted list trusts no one but ourselves', () => {
    const none = createTrustResolver([]);
    expect(none.classify(OWN, aws).trust).toBe('internal');
    expect(none.classify(PARTNER, aws).trust).toBe('external');
  });
});
