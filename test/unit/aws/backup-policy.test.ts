// Backup vault access policies → who may copy from, restore from, read or copy into the vault,
// from policy documents written the way the AWS Backup developer guide writes them, as
// GetBackupVaultAccessPolicy returns them (the document as a JSON string).
import type { GetBackupVaultAccessPolicyOutput } from '@aws-sdk/client-backup';
import { describe, expect, it } from 'vitest';
import { COPY_INTO_ACTION, DATA_OUT_ACTIONS, vaultAccess, type PolicyContext } from '../../../providers/aws/backup-policy.js';
import { isUnknown, unknownValue, type Maybe, type VaultAccess } from '../../../src/model.js';
import { createTrustResolver, type OrganizationView, type TrustedAccount } from '../../../src/trust.js';

const OWN = '111122223333';
const PARTNER = '444455556666';
const MEMBER = '555566667777';
const STRANGER = '999988887777';
const ORG_ID = 'o-a1b2c3d4e5';
const OTHER_ORG_ID = 'o-z9y8x7w6v5';
const VAULT = 'prod-vault';
const VAULT_ARN = `arn:aws:backup:eu-west-1:${OWN}:backup-vault:${VAULT}`;

const PARTNER_ENTRY: TrustedAccount = { provider: 'aws', id: PARTNER, name: 'DR vendor', reason: 'receives nightly copies' };
const ORG: OrganizationView = { id: ORG_ID, members: new Set([OWN, MEMBER]) };

/** An account in no organization. */
const ctx: PolicyContext = { ownAccount: OWN, trust: createTrustResolver([PARTNER_ENTRY]) };
const inOrg: PolicyContext = { ...ctx, organization: ORG };
const orgUnread: PolicyContext = { ...ctx, organization: unknownValue('organizations:DescribeOrganization failed: AccessDeniedException') };

type PolicyValue = string | readonly string[];

/** An IAM policy statement, as far as vault policies use it. */
interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Principal?: '*' | { readonly AWS?: PolicyValue; readonly Service?: PolicyValue };
  readonly NotPrincipal?: { readonly AWS: PolicyValue };
  readonly Action?: PolicyValue;
  readonly NotAction?: PolicyValue;
  readonly Resource: PolicyValue;
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, PolicyValue>>>>;
}

interface PolicyDocument {
  readonly Version: '2012-10-17';
  readonly Id?: string;
  readonly Statement?: PolicyStatement | readonly PolicyStatement[];
}

/** A GetBackupVaultAccessPolicy answer carrying the document. */
function recorded(document: PolicyDocument): GetBackupVaultAccessPolicyOutput {
  return { BackupVaultName: VAULT, BackupVaultArn: VAULT_ARN, Policy: JSON.stringify(document) };
}

function policyText(output: GetBackupVaultAccessPolicyOutput): string {
  if (output.Policy === undefined) throw new Error('the recorded answer carries no policy');
  return output.Policy;
}

function grantsOf(value: Maybe<VaultAccess[]>): VaultAccess[] {
  if (isUnknown(value)) throw new Error(`expected grants, got Unknown: ${value.reason}`);
  return value;
}

/** The grants a policy of these statements yields. */
function access(statements: PolicyStatement | readonly PolicyStatement[], context: PolicyContext = ctx): VaultAccess[] {
  return grantsOf(vaultAccess(policyText(recorded({ Version: '2012-10-17', Id: 'default', Statement: statements })), context));
}

const root = (account: string): string => `arn:aws:iam::${account}:root`;

/** "Allow everyone to restore": the kind of statement the vault check exists for. */
const restoreToAll: PolicyStatement = { Sid: 'AllowRestoreToEveryone', Effect: 'Allow', Principal: '*', Action: 'backup:StartRestoreJob', Resource: '*' };

/** The developer guide's cross-account copy statement. */
const copyIntoFrom = (principal: string, sid = 'AllowCopyIntoVault'): PolicyStatement => ({ Sid: sid, Effect: 'Allow', Principal: { AWS: principal }, Action: 'backup:CopyIntoBackupVault', Resource: '*' });

/** The developer guide's organization-wide copy statement. */
const copyIntoWithin = (condition: PolicyStatement['Condition']): PolicyStatement => ({
  Sid: 'AllowOrgCopyInto',
  Effect: 'Allow',
  Principal: { AWS: '*' },
  Action: 'backup:CopyIntoBackupVault',
  Resource: '*',
  ...(condition ? { Condition: condition } : {}),
});

/** The developer guide's "deny deleting recovery points" statement, for everyone. */
const denyDelete: PolicyStatement = {
  Sid: 'DenyDeleteRecoveryPoints',
  Effect: 'Deny',
  Principal: '*',
  Action: ['backup:DeleteRecoveryPoint', 'backup:UpdateRecoveryPointLifecycle', 'backup:PutBackupVaultAccessPolicy'],
  Resource: '*',
};

describe('vaultAccess: documents with nothing to grant', () => {
  it('no statements (an empty list, or no Statement at all) → no grants', () => {
    expect(access([])).toEqual([]);
    expect(vaultAccess(policyText(recorded({ Version: '2012-10-17' })), ctx)).toEqual([]);
  });

  it('only actions outside the vault operations (deleting recovery points) → no grant, even to *', () => {
    expect(access({ Sid: 'AllowDelete', Effect: 'Allow', Principal: '*', Action: 'backup:DeleteRecoveryPoint', Resource: '*' })).toEqual([]);
  });

  it('only the deny-delete statement → no grants', () => {
    expect(access([denyDelete])).toEqual([]);
  });

  it('a service principal is not an AWS principal → no grant', () => {
    expect(access({ Sid: 'Svc', Effect: 'Allow', Principal: { Service: 'backup.amazonaws.com' }, Action: 'backup:CopyIntoBackupVault', Resource: '*' })).toEqual([]);
  });

  it('invalid JSON → Unknown, saying the policy is not JSON', () => {
    const result = vaultAccess('{"Version":"2012-10-17","Statement":[{"Effect":"Allow",', ctx);
    expect(result).toEqual(unknownValue('the vault access policy is not valid JSON'));
  });
});

describe('vaultAccess: principals', () => {
  it('"Principal": "*" with StartRestoreJob → public, with the note and the Sid', () => {
    expect(access([restoreToAll])).toEqual([
      { principal: '*', reach: 'public', note: 'any AWS principal, in any account', actions: ['backup:StartRestoreJob'], statement: 'AllowRestoreToEveryone' },
    ]);
  });

  it('{"AWS": "*"} is the same as "*"', () => {
    expect(access({ ...restoreToAll, Principal: { AWS: '*' } }).map((g) => [g.principal, g.reach])).toEqual([['*', 'public']]);
  });

  it("a foreign account's root ARN with CopyIntoBackupVault → the account id, external", () => {
    expect(access([copyIntoFrom(root(STRANGER))])).toEqual([
      { principal: STRANGER, reach: 'external', note: 'not our account, not in the trusted list', actions: [COPY_INTO_ACTION], statement: 'AllowCopyIntoVault' },
    ]);
  });

  it('a role ARN or a bare account id names its account', () => {
    expect(access([copyIntoFrom(`arn:aws:iam::${STRANGER}:role/service-role/AWSBackupDefaultServiceRole`)])[0]?.principal).toBe(STRANGER);
    expect(access([copyIntoFrom(STRANGER)])[0]?.principal).toBe(STRANGER);
  });

  it('the audited account itself → internal', () => {
    expect(access([copyIntoFrom(root(OWN))])).toEqual([
      { principal: OWN, reach: 'internal', note: 'the audited account itself', actions: [COPY_INTO_ACTION], statement: 'AllowCopyIntoVault' },
    ]);
  });

  it('an account in the trusted list → trusted, with the config note', () => {
    expect(access([copyIntoFrom(root(PARTNER))])).toEqual([
      { principal: PARTNER, reach: 'trusted', note: 'trusted in config: DR vendor (receives nightly copies)', actions: [COPY_INTO_ACTION], statement: 'AllowCopyIntoVault' },
    ]);
  });

  it('a member of our organization → internal; an outsider → external, naming the organization', () => {
    const grants = access([{ ...copyIntoFrom(root(MEMBER)), Principal: { AWS: [root(MEMBER), root(STRANGER)] } }], inOrg);
    expect(grants.map((g) => [g.principal, g.reach, g.note])).toEqual([
      [MEMBER, 'internal', `a member of organization ${ORG_ID}`],
      [STRANGER, 'external', `not a member of organization ${ORG_ID}, not in the trusted list`],
    ]);
  });

  it('a foreign account while our organization could not be read → unknown', () => {
    expect(access([copyIntoFrom(root(STRANGER))], orgUnread).map((g) => g.reach)).toEqual(['unknown']);
  });

  it('NotPrincipal on an Allow is read as everyone', () => {
    const grants = access({ Sid: 'AllButOne', Effect: 'Allow', NotPrincipal: { AWS: root(STRANGER) }, Action: 'backup:StartRestoreJob', Resource: '*' });
    expect(grants.map((g) => [g.principal, g.reach])).toEqual([['*', 'public']]);
  });
});

describe('vaultAccess: identity conditions', () => {
  it('aws:PrincipalOrgID equal to our organization → internal', () => {
    expect(access([copyIntoWithin({ StringEquals: { 'aws:PrincipalOrgID': ORG_ID } })], inOrg)).toEqual([
      { principal: `* in ${ORG_ID}`, reach: 'internal', note: `organization ${ORG_ID} or one of its units`, actions: [COPY_INTO_ACTION], statement: 'AllowOrgCopyInto' },
    ]);
  });

  it('aws:PrincipalOrgID of another organization → external, naming ours', () => {
    expect(access([copyIntoWithin({ StringEquals: { 'aws:PrincipalOrgID': OTHER_ORG_ID } })], inOrg)).toEqual([
      { principal: `* in ${OTHER_ORG_ID}`, reach: 'external', note: `not our organization ${ORG_ID}`, actions: [COPY_INTO_ACTION], statement: 'AllowOrgCopyInto' },
    ]);
  });

  it('aws:PrincipalOrgID listing ours and another → external', () => {
    const [grant] = access([copyIntoWithin({ StringEquals: { 'aws:PrincipalOrgID': [ORG_ID, OTHER_ORG_ID] } })], inOrg);
    expect(grant?.reach).toBe('external');
  });

  it('aws:PrincipalOrgID while our organization could not be read → unknown', () => {
    const grants = access([copyIntoWithin({ StringEquals: { 'aws:PrincipalOrgID': ORG_ID } })], orgUnread);
    expect(grants.map((g) => g.reach)).toEqual(['unknown']);
    expect(grants[0]?.note).toMatch(/^whether it belongs to our organization could not be read/);
  });

  it('ForAnyValue:StringLike aws:PrincipalOrgPaths under our organization → internal', () => {
    const condition = { 'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': [`${ORG_ID}/r-ab12/ou-ab12-11111111/*`, `${ORG_ID}/r-ab12/ou-ab12-22222222/*`] } };
    expect(access([copyIntoWithin(condition)], inOrg).map((g) => [g.reach, g.note])).toEqual([['internal', `organization ${ORG_ID} or one of its units`]]);
  });

  it('aws:PrincipalOrgPaths under another organization → external', () => {
    const condition = { 'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': `${OTHER_ORG_ID}/r-zz99/ou-zz99-33333333/*` } };
    expect(access([copyIntoWithin(condition)], inOrg).map((g) => g.reach)).toEqual(['external']);
  });

  it('aws:PrincipalAccount list → one grant per account, each judged', () => {
    const grants = access([copyIntoWithin({ StringEquals: { 'aws:PrincipalAccount': [OWN, MEMBER, PARTNER, STRANGER] } })], inOrg);
    expect(grants.map((g) => [g.principal, g.reach])).toEqual([
      [OWN, 'internal'],
      [MEMBER, 'internal'],
      [PARTNER, 'trusted'],
      [STRANGER, 'external'],
    ]);
    expect(grants.every((g) => g.statement === 'AllowOrgCopyInto' && g.actions.join() === COPY_INTO_ACTION)).toBe(true);
  });

  it.each([
    ['aws:PrincipalArn', { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::*:role/BackupCopyRole` } }],
    ['aws:PrincipalTag/team', { StringEquals: { 'aws:PrincipalTag/team': 'backup-admins' } }],
    ['aws:userid', { StringLike: { 'aws:userid': 'AROAEXAMPLEID:*' } }],
  ] as const)('%s, which snapaudit does not evaluate → unknown, naming the key', (key, condition) => {
    const grants = access([copyIntoWithin(condition)]);
    expect(grants).toHaveLength(1);
    expect(grants[0]?.principal).toBe('*');
    expect(grants[0]?.reach).toBe('unknown');
    expect(grants[0]?.note.toLowerCase()).toContain(key.toLowerCase());
  });

  it('a non-identity condition (aws:SecureTransport) alone on * → still public', () => {
    const grants = access([{ ...restoreToAll, Condition: { Bool: { 'aws:SecureTransport': 'true' } } }]);
    expect(grants.map((g) => [g.principal, g.reach])).toEqual([['*', 'public']]);
  });

  it('condition keys match whatever their case', () => {
    expect(access([copyIntoWithin({ StringEquals: { 'AWS:PRINCIPALORGID': ORG_ID } })], inOrg).map((g) => g.reach)).toEqual(['internal']);
    expect(access([copyIntoWithin({ StringEquals: { 'aws:principalaccount': STRANGER } })], inOrg).map((g) => [g.principal, g.reach])).toEqual([[STRANGER, 'external']]);
    expect(access([copyIntoWithin({ StringLike: { 'Aws:PrincipalArn': 'arn:aws:iam::*:role/X' } })]).map((g) => g.reach)).toEqual(['unknown']);
  });
});

describe('vaultAccess: deny statements', () => {
  const restoreAndCopyOut: PolicyStatement = { ...restoreToAll, Sid: 'OpenVault', Action: ['backup:StartRestoreJob', 'backup:CopyFromBackupVault'] };
  /** Both actions, in the reader's order (DATA_OUT_ACTIONS), not the document's. */
  const BOTH = ['backup:CopyFromBackupVault', 'backup:StartRestoreJob'];

  it('a Deny for * with no condition removes the actions it names from the Allow grants', () => {
    const deny: PolicyStatement = { Sid: 'NoRestore', Effect: 'Deny', Principal: '*', Action: 'backup:StartRestoreJob', Resource: '*' };
    expect(access([restoreAndCopyOut, deny]).map((g) => g.actions)).toEqual([['backup:CopyFromBackupVault']]);
  });

  it('a Deny listed before the Allow counts as well', () => {
    const deny: PolicyStatement = { Sid: 'NoCopyOut', Effect: 'Deny', Principal: { AWS: '*' }, Action: 'backup:CopyFromBackupVault', Resource: '*' };
    expect(access([deny, restoreAndCopyOut]).map((g) => g.actions)).toEqual([['backup:StartRestoreJob']]);
  });

  it('a Deny for * covering every action an Allow names leaves no grant (backup:* denies all)', () => {
    expect(access([restoreAndCopyOut, { Sid: 'DenyAll', Effect: 'Deny', Principal: '*', Action: 'backup:*', Resource: '*' }])).toEqual([]);
  });

  it('a Deny with a condition removes nothing', () => {
    const deny: PolicyStatement = {
      Sid: 'NoRestoreOutsideOrg',
      Effect: 'Deny',
      Principal: '*',
      Action: 'backup:StartRestoreJob',
      Resource: '*',
      Condition: { StringNotEquals: { 'aws:PrincipalOrgID': ORG_ID } },
    };
    expect(access([restoreAndCopyOut, deny]).map((g) => g.actions)).toEqual([BOTH]);
  });

  it('a Deny for one principal removes nothing from the others', () => {
    const deny: PolicyStatement = { Sid: 'NotThatRole', Effect: 'Deny', Principal: { AWS: `arn:aws:iam::${OWN}:role/Intern` }, Action: 'backup:StartRestoreJob', Resource: '*' };
    expect(access([restoreAndCopyOut, deny]).map((g) => g.actions)).toEqual([BOTH]);
  });

  it('the deny-delete statement leaves a copy-into grant as it is', () => {
    expect(access([copyIntoFrom(root(STRANGER)), denyDelete]).map((g) => [g.principal, g.actions])).toEqual([[STRANGER, [COPY_INTO_ACTION]]]);
  });
});

describe('vaultAccess: actions', () => {
  it('a string Action and a one-element array read the same', () => {
    const asArray = access([{ ...restoreToAll, Action: ['backup:StartRestoreJob'] }]);
    expect(asArray).toEqual(access([restoreToAll]));
    expect(asArray[0]?.actions).toEqual(['backup:StartRestoreJob']);
  });

  it('backup:* and * cover every vault action, in the reader’s order', () => {
    const all = [...DATA_OUT_ACTIONS, COPY_INTO_ACTION];
    expect(access([{ ...restoreToAll, Action: 'backup:*' }])[0]?.actions).toEqual(all);
    expect(access([{ ...restoreToAll, Action: '*' }])[0]?.actions).toEqual(all);
  });

  it('a wildcard inside a name covers only the names it matches', () => {
    expect(access([{ ...restoreToAll, Action: 'backup:Start*' }])[0]?.actions).toEqual(['backup:StartCopyJob', 'backup:StartRestoreJob']);
  });

  it('action names match whatever their case, and come out in the canonical spelling', () => {
    expect(access([{ ...restoreToAll, Action: ['BACKUP:startrestorejob', 'Backup:CopyIntoBackupVault'] }])[0]?.actions).toEqual(['backup:StartRestoreJob', COPY_INTO_ACTION]);
  });

  it('NotAction covers the vault actions it does not name', () => {
    const statement: PolicyStatement = { Sid: 'AllButDelete', Effect: 'Allow', Principal: '*', NotAction: ['backup:DeleteRecoveryPoint', 'backup:Start*'], Resource: '*' };
    expect(access([statement])[0]?.actions).toEqual([
      'backup:CopyFromBackupVault',
      'backup:GetRecoveryPointRestoreMetadata',
      'backup:DescribeRecoveryPoint',
      'backup:ListRecoveryPointsByBackupVault',
      'backup:DescribeBackupVault',
      COPY_INTO_ACTION,
    ]);
  });

  it('a Deny with NotAction removes every vault action but those it names', () => {
    const deny: PolicyStatement = { Sid: 'OnlyCopyIn', Effect: 'Deny', Principal: '*', NotAction: COPY_INTO_ACTION, Resource: '*' };
    expect(access([{ ...restoreToAll, Action: 'backup:*' }, deny])[0]?.actions).toEqual([COPY_INTO_ACTION]);
  });
});

describe('vaultAccess: statement names and document shape', () => {
  it('the Sid names the statement; #N (1-based position) when there is none', () => {
    const unnamed: PolicyStatement = { Effect: 'Allow', Principal: { AWS: root(STRANGER) }, Action: COPY_INTO_ACTION, Resource: '*' };
    expect(access([denyDelete, restoreToAll, unnamed]).map((g) => g.statement)).toEqual(['AllowRestoreToEveryone', '#3']);
  });

  it('Statement as a single object rather than an array', () => {
    expect(access(restoreToAll)).toEqual(access([restoreToAll]));
    expect(access({ ...copyIntoFrom(root(STRANGER)), Sid: undefined }).map((g) => g.statement)).toEqual(['#1']);
  });

  it('several statements give their grants in document order', () => {
    const grants = access([copyIntoFrom(root(PARTNER), 'Partner'), restoreToAll, copyIntoFrom(root(STRANGER), 'Stranger')]);
    expect(grants.map((g) => [g.statement, g.principal, g.reach])).toEqual([
      ['Partner', PARTNER, 'trusted'],
      ['AllowRestoreToEveryone', '*', 'public'],
      ['Stranger', STRANGER, 'external'],
    ]);
  });
});

// Bugs: each case below states what IAM does; the reader does otherwise today (see the report).
describe('vaultAccess: conditions that do not pin the caller down, and NotPrincipal denies', () => {
  it('aws:PrincipalOrgID when the audited account belongs to no organization → external, not unknown', () => {
    // `organization` absent means "in no organization" (trust.ts, organization.ts), so no
    // organization named in a condition can be ours.
    const grants = access([copyIntoWithin({ StringEquals: { 'aws:PrincipalOrgID': OTHER_ORG_ID } })], ctx);
    expect(grants.map((g) => g.reach)).toEqual(['external']);
  });

  it('StringNotEquals aws:PrincipalOrgID ours lets in everyone outside our organization: not internal', () => {
    const grants = access([copyIntoWithin({ StringNotEquals: { 'aws:PrincipalOrgID': ORG_ID } })], inOrg);
    expect(grants).toHaveLength(1);
    expect(['public', 'unknown']).toContain(grants[0]?.reach);
  });

  it('StringEqualsIfExists aws:PrincipalOrgID ours also lets in principals of accounts in no organization: not internal', () => {
    // aws:PrincipalOrgID is absent from the request of a principal whose account is in no
    // organization, and ...IfExists is true when the key is absent.
    const grants = access([copyIntoWithin({ StringEqualsIfExists: { 'aws:PrincipalOrgID': ORG_ID } })], inOrg);
    expect(grants).toHaveLength(1);
    expect(['public', 'unknown']).toContain(grants[0]?.reach);
  });

  it('a Deny with NotPrincipal denies everyone but the accounts named: their Allow grant stays', () => {
    const lockOthersOut: PolicyStatement = {
      Sid: 'OnlyUsAndTheStranger',
      Effect: 'Deny',
      NotPrincipal: { AWS: [root(OWN), root(STRANGER)] },
      Action: 'backup:*',
      Resource: '*',
    };
    const grants = access([copyIntoFrom(root(STRANGER)), lockOthersOut]);
    expect(grants.map((g) => [g.principal, g.reach, g.actions])).toEqual([[STRANGER, 'external', [COPY_INTO_ACTION]]]);
  });
});

describe('vaultAccess: trusted organizations', () => {
  it('an organization listed in trustedAccounts by ARN is trusted when a condition names its bare id', () => {
    const trustedOrg = createTrustResolver([{ provider: 'aws', id: `arn:aws:organizations::999988887777:organization/${OTHER_ORG_ID}`, name: 'vendor org', reason: 'copies in nightly' }]);
    const grants = vaultAccess(
      JSON.stringify({ Version: '2012-10-17', Statement: [copyIntoWithin({ StringEquals: { 'aws:PrincipalOrgID': OTHER_ORG_ID } })] }),
      { ownAccount: OWN, trust: trustedOrg, organization: { id: ORG_ID } },
    );
    expect(grants).toEqual([expect.objectContaining({ reach: 'trusted', note: 'trusted in config: vendor org (copies in nightly)' })]);
  });
});
