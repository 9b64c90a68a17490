// The IAM evaluation engine: which snapshot capabilities a principal holds, from policy documents
// written the way the IAM user guide and the Organizations guide write them, and who can become a
// role from its trust policy. Documents go through parsePolicyDocument as the provider will send
// them (GetAccountAuthorizationDetails returns them URL-encoded).
import { describe, expect, it } from 'vitest';
import {
  CAPABILITY_ACTIONS,
  evaluatePrincipal,
  isBroadResource,
  isPrivileged,
  trustPolicyPrincipals,
  type EvaluatedPrincipal,
  type IdentityPolicy,
  type OrganizationPolicy,
  type PrincipalPolicies,
} from '../../../providers/aws/iam-eval.js';
import {
  PolicyDocumentError,
  actionMatches,
  clauseTruth,
  parsePolicyDocument,
  patternCovers,
  patternsIntersect,
  resourcesIntersect,
  type ConditionClause,
} from '../../../providers/aws/iam-policy.js';
import { CAPABILITIES, unknownValue, type AssumableBy, type Capability, type CapabilityGrant } from '../../../src/model.js';
import { createTrustResolver, type OrganizationView, type TrustedAccount } from '../../../src/trust.js';

const ACCOUNT = '111122223333';
const PARTNER = '444455556666';
const MEMBER = '555566667777';
const STRANGER = '999988887777';
const ORG_ID = 'o-a1b2c3d4e5';
const OTHER_ORG_ID = 'o-z9y8x7w6v5';

type Value = string | readonly string[];

/** A policy statement as written in JSON. */
interface RawStatement {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Action?: Value;
  readonly NotAction?: Value;
  readonly Resource?: Value;
  readonly NotResource?: Value;
  readonly Principal?: '*' | Readonly<Record<string, Value>>;
  readonly NotPrincipal?: Readonly<Record<string, Value>>;
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, Value | boolean | number>>>>;
}

/** As IAM returns it: URL-encoded JSON. */
const encoded = (statements: readonly RawStatement[]): string => encodeURIComponent(JSON.stringify({ Version: '2012-10-17', Statement: statements }));
const doc = (...statements: RawStatement[]) => parsePolicyDocument(encoded(statements));

const allow = (Action: Value, Resource: Value = '*', more: Partial<RawStatement> = {}): RawStatement => ({ Effect: 'Allow', Action, Resource, ...more });
const deny = (Action: Value, Resource: Value = '*', more: Partial<RawStatement> = {}): RawStatement => ({ Effect: 'Deny', Action, Resource, ...more });

const inline = (name: string, ...statements: RawStatement[]): IdentityPolicy => ({ kind: 'inline', name, document: doc(...statements) });
const managed = (arn: string, ...statements: RawStatement[]): IdentityPolicy => ({ kind: 'managed', name: arn, document: doc(...statements) });
const scp = (name: string, ...statements: RawStatement[]): OrganizationPolicy => ({ name, document: doc(...statements) });

const ROLE: EvaluatedPrincipal = { kind: 'role', name: 'ops', arn: `arn:aws:iam::${ACCOUNT}:role/ops` };
const BREAK_GLASS: EvaluatedPrincipal = { kind: 'role', name: 'BreakGlass', arn: `arn:aws:iam::${ACCOUNT}:role/BreakGlass` };
const ALICE: EvaluatedPrincipal = { kind: 'user', name: 'alice', arn: `arn:aws:iam::${ACCOUNT}:user/alice` };
const ROOT: EvaluatedPrincipal = { kind: 'root', name: 'root', arn: `arn:aws:iam::${ACCOUNT}:root` };

const ADMINISTRATOR_ACCESS = managed('arn:aws:iam::aws:policy/AdministratorAccess', allow('*'));
const FULL_AWS_ACCESS = scp('FullAWSAccess', allow('*'));
const BOUNDARY_ARN = `arn:aws:iam::${ACCOUNT}:policy/Boundary`;

const SNAPSHOTS_VIA = 'inline:Snapshots on role/ops';
const GUARD_VIA = 'inline:Guard on role/ops';

function evaluate(identityPolicies: readonly IdentityPolicy[], more: Partial<PrincipalPolicies> = {}) {
  return evaluatePrincipal({ account: ACCOUNT, principal: ROLE, identityPolicies, ...more });
}

/** The capabilities one inline policy `Snapshots` of role/ops gives. */
function capabilitiesOf(...statements: RawStatement[]): readonly CapabilityGrant[] {
  return evaluate([inline('Snapshots', ...statements)]).capabilities;
}

/** A grant as most tests expect it: on everything, unconditional, through the `Snapshots` policy. */
function grant(capability: Capability, actions: readonly string[], more: Partial<CapabilityGrant> = {}): CapabilityGrant {
  return { capability, actions, resources: ['*'], conditions: [], mfaRequired: false, via: [SNAPSHOTS_VIA], ...more };
}

describe('parsePolicyDocument', () => {
  it('decodes the URL-encoded JSON IAM returns; a lone Statement object is one statement; values keep their shape', () => {
    const raw = encodeURIComponent(
      JSON.stringify({
        Version: '2012-10-17',
        Statement: { Sid: 'Share', Effect: 'Allow', Action: 'ec2:ModifySnapshotAttribute', Resource: ['*'], Condition: { Bool: { 'aws:MultiFactorAuthPresent': true }, StringEquals: { 'aws:RequestedRegion': ['eu-west-1'] } } },
      }),
    );
    expect(raw.startsWith('%7B%22Version%22')).toBe(true);
    expect(parsePolicyDocument(raw)).toEqual({
      version: '2012-10-17',
      statements: [
        {
          index: 1,
          sid: 'Share',
          effect: 'Allow',
          actions: { negated: false, patterns: ['ec2:ModifySnapshotAttribute'] },
          resources: { negated: false, patterns: ['*'] },
          conditions: [
            { operator: 'Bool', key: 'aws:MultiFactorAuthPresent', values: ['true'], list: false },
            { operator: 'StringEquals', key: 'aws:RequestedRegion', values: ['eu-west-1'], list: true },
          ],
        },
      ],
    });
  });

  it('plain JSON text is not URL-decoded, so a literal % in a value survives', () => {
    const text = JSON.stringify({ Statement: [{ Effect: 'Deny', NotAction: 's3:*', NotResource: 'arn:aws:s3:::100%-bucket/*' }] });
    expect(parsePolicyDocument(text).statements[0]).toEqual({
      index: 1,
      effect: 'Deny',
      actions: { negated: true, patterns: ['s3:*'] },
      resources: { negated: true, patterns: ['arn:aws:s3:::100%-bucket/*'] },
      conditions: [],
    });
  });

  it('reads Principal "*", and Principal objects of AWS, Federated and Service', () => {
    const parsed = parsePolicyDocument({
      Statement: [
        { Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' },
        { Effect: 'Allow', Principal: { AWS: [`arn:aws:iam::${ACCOUNT}:root`, STRANGER], Federated: 'cognito-identity.amazonaws.com', Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
      ],
    });
    expect(parsed.statements.map((s) => s.principal)).toEqual([
      { negated: false, any: true, aws: [], federated: [], service: [], canonicalUser: [] },
      { negated: false, any: false, aws: [`arn:aws:iam::${ACCOUNT}:root`, STRANGER], federated: ['cognito-identity.amazonaws.com'], service: ['ec2.amazonaws.com'], canonicalUser: [] },
    ]);
    expect(parsed.statements[0]?.resources).toBeUndefined();
  });

  it.each<[string, string | object, string]>([
    ['text that is not JSON', 'not a policy', 'the policy document is not valid JSON'],
    ['broken URL encoding', '%7B%E0%A4%A', 'the policy document is neither JSON nor URL-encoded JSON'],
    ['truncated JSON', '{"Version":"2012-10-17","Statement":[', 'the policy document is not valid JSON'],
    ['a JSON array', '[]', 'the policy document is not a JSON object'],
    ['no Statement', { Version: '2012-10-17' }, 'the policy document has no Statement'],
    ['a numeric Version', { Version: 2012, Statement: [] }, 'the policy document Version must be a string'],
    ['a statement that is a string', { Statement: ['Allow everything'] }, 'statement 1 is not an object'],
    ['Effect in the wrong case', { Statement: [{ Effect: 'allow', Action: '*', Resource: '*' }] }, 'statement 1: Effect must be "Allow" or "Deny", got "allow"'],
    ['no Effect', { Statement: [{ Action: '*', Resource: '*' }] }, 'statement 1: Effect must be "Allow" or "Deny", got null'],
    ['no Action (named by Sid)', { Statement: [{ Sid: 'Oops', Effect: 'Allow', Resource: '*' }] }, 'statement 1 (Sid "Oops") has neither Action nor NotAction'],
    ['Action and NotAction', { Statement: [{ Effect: 'Allow', Action: '*', NotAction: 'iam:*', Resource: '*' }] }, 'statement 1 has both Action and NotAction'],
    ['Resource and NotResource', { Statement: [{ Effect: 'Allow', Action: '*', Resource: '*', NotResource: 'x' }] }, 'statement 1 has both Resource and NotResource'],
    ['a numeric Action', { Statement: [{ Effect: 'Allow', Action: 3, Resource: '*' }] }, 'statement 1: Action must be a string or an array of strings'],
    ['an operator that is not an object', { Statement: [{ Effect: 'Allow', Action: '*', Resource: '*', Condition: { StringEquals: 'x' } }] }, 'statement 1: Condition.StringEquals must be an object of condition keys'],
    ['a condition value that is an object', { Statement: [{ Effect: 'Allow', Action: '*', Resource: '*', Condition: { StringEquals: { 'aws:RequestedRegion': { a: 1 } } } }] }, 'statement 1: Condition.StringEquals.aws:RequestedRegion must be a string, number, boolean or an array of them'],
    ['an unknown principal type', { Statement: [{ Effect: 'Allow', Principal: { Bogus: 'x' }, Action: 'sts:AssumeRole' }] }, 'statement 1: Principal has an unknown principal type "Bogus"'],
    ['the second statement bad', { Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'Allow', Action: '*', Resource: 7 }] }, 'statement 2: Resource must be a string or an array of strings'],
  ])('%s → PolicyDocumentError: %s', (_name, raw, message) => {
    expect(() => parsePolicyDocument(raw)).toThrow(PolicyDocumentError);
    expect(() => parsePolicyDocument(raw)).toThrow(message);
  });
});

describe('action and resource wildcards', () => {
  it.each<[string, string, boolean]>([
    ['*', 'ec2:CreateSnapshot', true],
    ['ec2:*', 'ec2:CreateSnapshot', true],
    ['ec2:*', 'ebs:StartSnapshot', false],
    ['EC2:createsnapshot', 'ec2:CreateSnapshot', true],
    ['ec2:Modify*Attribute', 'ec2:ModifySnapshotAttribute', true],
    ['ec2:Modify*Attribute', 'ec2:ModifySecurityGroupRules', false],
    ['ec2:CreateSnapshot?', 'ec2:CreateSnapshots', true],
    ['ec2:CreateSnapshot?', 'ec2:CreateSnapshot', false],
    ['rds:Restore*', 'rds:RestoreDBClusterFromSnapshot', true],
  ])('action pattern %s matches %s: %s', (pattern, action, expected) => {
    expect(actionMatches(pattern, action)).toBe(expected);
  });

  it.each<[string, string, boolean]>([
    ['*', 'arn:aws:ec2:*::snapshot/*', true],
    ['arn:aws:ec2:*::snapshot/*', 'arn:aws:ec2:eu-west-1::snapshot/snap-1', true],
    ['arn:aws:ec2:*::snapshot/*', '*', false],
    ['arn:aws:ec2:*::snapshot/snap-*', 'arn:aws:ec2:*::snapshot/snap-?', true],
    ['arn:aws:ec2:*::snapshot/snap-?', 'arn:aws:ec2:*::snapshot/snap-*', false],
    ['snap-?', 'snap-?', true],
    ['snap-a', 'snap-?', false],
    ['iam:Put*', 'iam:*', false],
  ])('%s covers %s: %s', (outer, inner, expected) => {
    expect(patternCovers(outer, inner)).toBe(expected);
  });

  it.each<[string, string, boolean]>([
    ['arn:aws:ec2:*::snapshot/snap-a*', 'arn:aws:ec2:eu-west-1::snapshot/*', true],
    ['arn:aws:ec2:*::snapshot/*', 'arn:aws:ec2:*::image/*', true],
    ['snap-?', 'snap-12', false],
    ['snap-?', 'snap-1', true],
    ['a*b', 'a*c', false],
    ['a*', '*b', true],
  ])('as bare wildcards (a `*` may run past colons), %s and %s intersect: %s', (a, b, expected) => {
    expect(patternsIntersect(a, b)).toBe(expected);
  });

  it.each<[string, string, boolean]>([
    ['arn:aws:ec2:*::snapshot/*', 'arn:aws:ec2:*::image/*', false],
    ['arn:aws:ec2:*::snapshot/snap-dev*', 'arn:aws:ec2:*::snapshot/snap-prod-1', false],
    ['arn:aws:ec2:*::snapshot/snap-a*', 'arn:aws:ec2:eu-west-1::snapshot/*', true],
    ['arn:aws:ec2:*', 'arn:aws:ec2:eu-west-1::snapshot/snap-1', true],
    ['arn:aws:rds:*', 'arn:aws:ec2:eu-west-1::snapshot/snap-1', false],
    ['*', 'arn:aws:ec2:eu-west-1::snapshot/snap-1', true],
  ])('resources %s and %s can both name a real ARN: %s', (a, b, expected) => {
    expect(resourcesIntersect(a, b)).toBe(expected);
  });

  it.each<[string, boolean]>([
    ['*', true],
    ['arn:aws:ec2:*::snapshot/*', true],
    [`arn:aws:ec2:*:${ACCOUNT}:volume/*`, true],
    ['arn:aws:ec2:*:*:*', true],
    ['arn:aws:rds:*:*:cluster-snapshot:*', true],
    ['arn:aws:ec2:eu-west-1::snapshot/*', false],
    [`arn:aws:ec2:*:${STRANGER}:volume/*`, false],
    ['arn:aws:ec2:*::snapshot/snap-prod*', false],
  ])('%s is broad (shown as *): %s', (pattern, expected) => {
    expect(isBroadResource(pattern, ACCOUNT)).toBe(expected);
  });
});

describe('CAPABILITY_ACTIONS', () => {
  it('every capability has actions, each `service:Action`, none listed twice', () => {
    const all = CAPABILITIES.flatMap((c) => CAPABILITY_ACTIONS[c]);
    expect(CAPABILITIES.every((c) => CAPABILITY_ACTIONS[c].length > 0)).toBe(true);
    expect(all.filter((a) => !/^(ec2|ebs|rds|backup|ram):[A-Z][A-Za-z]+$/.test(a))).toEqual([]);
    expect(new Set(all.map((a) => a.toLowerCase())).size).toBe(all.length);
  });
});

describe('evaluatePrincipal: actions', () => {
  it('ec2:* → every EC2 action of the catalog, per capability, in catalog order', () => {
    expect(capabilitiesOf(allow('ec2:*'))).toEqual([
      grant('create', ['ec2:CreateSnapshot', 'ec2:CreateSnapshots', 'ec2:CreateImage', 'ec2:RegisterImage', 'ec2:CreateRestoreImageTask']),
      grant('share', ['ec2:ModifySnapshotAttribute', 'ec2:ModifyImageAttribute', 'ec2:DisableSnapshotBlockPublicAccess', 'ec2:EnableSnapshotBlockPublicAccess', 'ec2:DisableImageBlockPublicAccess']),
      grant('export', ['ec2:CopySnapshot', 'ec2:CopyImage', 'ec2:CreateStoreImageTask', 'ec2:ExportImage', 'ec2:CreateInstanceExportTask']),
      grant('restore', ['ec2:CreateVolume', 'ec2:RunInstances', 'ec2:CreateReplaceRootVolumeTask']),
      grant('open-ingress', ['ec2:AuthorizeSecurityGroupIngress', 'ec2:ModifySecurityGroupRules', 'ec2:CreateNetworkAclEntry', 'ec2:ReplaceNetworkAclEntry']),
    ]);
  });

  it('ec2:Modify* → the two attribute calls (share) and security group rules (open ingress)', () => {
    expect(capabilitiesOf(allow('ec2:Modify*'))).toEqual([
      grant('share', ['ec2:ModifySnapshotAttribute', 'ec2:ModifyImageAttribute']),
      grant('open-ingress', ['ec2:ModifySecurityGroupRules']),
    ]);
  });

  it('? matches exactly one character: ec2:CreateSnapshot? → CreateSnapshots only', () => {
    expect(capabilitiesOf(allow('ec2:CreateSnapshot?'))).toEqual([grant('create', ['ec2:CreateSnapshots'])]);
  });

  it('case does not matter in service or action: EC2:modifysnapshotattribute', () => {
    expect(capabilitiesOf(allow('EC2:modifysnapshotattribute'))).toEqual([grant('share', ['ec2:ModifySnapshotAttribute'])]);
  });

  it('* → the whole catalog', () => {
    expect(capabilitiesOf(allow('*'))).toEqual(CAPABILITIES.map((c) => grant(c, CAPABILITY_ACTIONS[c])));
  });

  it('NotAction allows everything not listed: outside EC2, EBS, RDS and RAM only Backup is left', () => {
    expect(capabilitiesOf({ Effect: 'Allow', NotAction: ['ec2:*', 'ebs:*', 'rds:*', 'ram:*'], Resource: '*' })).toEqual([
      grant('create', ['backup:StartBackupJob']),
      grant('share', ['backup:PutBackupVaultAccessPolicy']),
      grant('export', ['backup:StartCopyJob']),
      grant('restore', ['backup:StartRestoreJob']),
    ]);
  });

  it('actions outside the catalog (describe, delete) → no capability', () => {
    expect(capabilitiesOf(allow(['ec2:Describe*', 'ec2:DeleteSnapshot', 'rds:DescribeDBSnapshots']))).toEqual([]);
  });
});

describe('evaluatePrincipal: resources', () => {
  const share = (resources: Value) => capabilitiesOf(allow('ec2:ModifySnapshotAttribute', resources));

  it('every snapshot of any region (with or without this account) is shown as *', () => {
    expect(share('arn:aws:ec2:*::snapshot/*')).toEqual([grant('share', ['ec2:ModifySnapshotAttribute'])]);
    expect(share(`arn:aws:ec2:*:${ACCOUNT}:snapshot/*`)).toEqual([grant('share', ['ec2:ModifySnapshotAttribute'])]);
  });

  it('one region, or named snapshots → the patterns, sorted', () => {
    expect(share('arn:aws:ec2:eu-west-1::snapshot/*')).toEqual([grant('share', ['ec2:ModifySnapshotAttribute'], { resources: ['arn:aws:ec2:eu-west-1::snapshot/*'] })]);
    expect(share(['arn:aws:ec2:eu-west-1::snapshot/snap-1', 'arn:aws:ec2:eu-west-1::snapshot/snap-0'])).toEqual([
      grant('share', ['ec2:ModifySnapshotAttribute'], { resources: ['arn:aws:ec2:eu-west-1::snapshot/snap-0', 'arn:aws:ec2:eu-west-1::snapshot/snap-1'] }),
    ]);
  });

  it("another service's ARNs never name an EC2 snapshot → nothing; EBS direct APIs act on EC2 snapshot ARNs", () => {
    expect(share('arn:aws:s3:::backups/*')).toEqual([]);
    expect(capabilitiesOf(allow('ec2:*', `arn:aws:rds:*:${ACCOUNT}:snapshot:*`))).toEqual([]);
    expect(capabilitiesOf(allow('ebs:*', 'arn:aws:ec2:*::snapshot/*'))).toEqual([
      grant('create', ['ebs:StartSnapshot']),
      grant('export', ['ebs:ListSnapshotBlocks', 'ebs:ListChangedBlocks', 'ebs:GetSnapshotBlock']),
    ]);
  });

  it('NotResource allows everything but the exceptions: shown as *, the exceptions beside the policy name', () => {
    expect(capabilitiesOf({ Effect: 'Allow', Action: 'ec2:ModifySnapshotAttribute', NotResource: 'arn:aws:ec2:*::snapshot/snap-prod*' })).toEqual([
      grant('share', ['ec2:ModifySnapshotAttribute'], { via: [`${SNAPSHOTS_VIA} (every resource except arn:aws:ec2:*::snapshot/snap-prod*)`] }),
    ]);
  });

  it('NotResource "*" allows nothing', () => {
    expect(capabilitiesOf({ Effect: 'Allow', Action: 'ec2:*', NotResource: '*' })).toEqual([]);
  });
});

describe('evaluatePrincipal: explicit deny', () => {
  const withGuard = (allowStatement: RawStatement, guard: RawStatement) => evaluate([inline('Snapshots', allowStatement), inline('Guard', guard)]).capabilities;

  it('an unconditional Deny removes the action; the others stay', () => {
    expect(withGuard(allow(['ec2:ModifySnapshotAttribute', 'ec2:ModifyImageAttribute']), deny('ec2:ModifySnapshotAttribute'))).toEqual([grant('share', ['ec2:ModifyImageAttribute'])]);
  });

  it('a Deny of ec2:Modify* on every snapshot removes an allow on some of them', () => {
    expect(withGuard(allow('ec2:ModifySnapshotAttribute', 'arn:aws:ec2:eu-west-1::snapshot/*'), deny('ec2:Modify*', 'arn:aws:ec2:*::snapshot/*'))).toEqual([]);
  });

  it('a Deny with conditions stays on the grant as "denied when …", naming its policy, and splits it from the rest', () => {
    const guard = deny('ec2:CopySnapshot', '*', { Condition: { StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1'] } } });
    expect(withGuard(allow(['ec2:CopySnapshot', 'ec2:CopyImage']), guard)).toEqual([
      grant('export', ['ec2:CopyImage']),
      grant('export', ['ec2:CopySnapshot'], { conditions: [`denied when StringNotEquals aws:RequestedRegion=[eu-west-1] (${GUARD_VIA})`] }),
    ]);
  });

  it('a Deny on some of the resources → "denied on …"', () => {
    expect(withGuard(allow('ec2:ModifySnapshotAttribute'), deny('ec2:ModifySnapshotAttribute', 'arn:aws:ec2:*::snapshot/snap-prod*'))).toEqual([
      grant('share', ['ec2:ModifySnapshotAttribute'], { conditions: [`denied on arn:aws:ec2:*::snapshot/snap-prod* (${GUARD_VIA})`] }),
    ]);
  });

  it('a Deny with NotResource: partial on *, none on an exception, whole outside the exceptions', () => {
    const guard: RawStatement = { Effect: 'Deny', Action: 'ec2:ModifySnapshotAttribute', NotResource: 'arn:aws:ec2:*::snapshot/snap-dev*' };
    expect(withGuard(allow('ec2:ModifySnapshotAttribute'), guard)).toEqual([
      grant('share', ['ec2:ModifySnapshotAttribute'], { conditions: [`denied except on arn:aws:ec2:*::snapshot/snap-dev* (${GUARD_VIA})`] }),
    ]);
    expect(withGuard(allow('ec2:ModifySnapshotAttribute', 'arn:aws:ec2:*::snapshot/snap-dev-1'), guard)).toEqual([
      grant('share', ['ec2:ModifySnapshotAttribute'], { resources: ['arn:aws:ec2:*::snapshot/snap-dev-1'] }),
    ]);
    expect(withGuard(allow('ec2:ModifySnapshotAttribute', 'arn:aws:ec2:*::snapshot/snap-prod-1'), guard)).toEqual([]);
  });

  it('a Deny of another action changes nothing', () => {
    expect(withGuard(allow('ec2:CreateSnapshot'), deny('ec2:DeleteSnapshot'))).toEqual([grant('create', ['ec2:CreateSnapshot'])]);
  });
});

describe('evaluatePrincipal: conditions and MFA', () => {
  it.each<[string, RawStatement['Condition'], readonly string[], boolean]>([
    ['Bool aws:MultiFactorAuthPresent "true"', { Bool: { 'aws:MultiFactorAuthPresent': 'true' } }, ['Bool aws:MultiFactorAuthPresent=true'], true],
    ['Bool aws:MultiFactorAuthPresent as a JSON boolean', { Bool: { 'aws:MultiFactorAuthPresent': true } }, ['Bool aws:MultiFactorAuthPresent=true'], true],
    ['BoolIfExists (access keys carry no MFA key, so they pass)', { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'true' } }, ['BoolIfExists aws:MultiFactorAuthPresent=true'], false],
    ['NumericLessThan aws:MultiFactorAuthAge', { NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } }, ['NumericLessThan aws:MultiFactorAuthAge=3600'], true],
    ['NumericLessThanIfExists aws:MultiFactorAuthAge', { NumericLessThanIfExists: { 'aws:MultiFactorAuthAge': 3600 } }, ['NumericLessThanIfExists aws:MultiFactorAuthAge=3600'], false],
    ['StringEquals aws:RequestedRegion as a list', { StringEquals: { 'aws:RequestedRegion': ['eu-west-1'] } }, ['StringEquals aws:RequestedRegion=[eu-west-1]'], false],
    [
      'MFA and a region together',
      { Bool: { 'aws:MultiFactorAuthPresent': 'true' }, StringEquals: { 'aws:RequestedRegion': ['eu-west-1', 'eu-central-1'] } },
      ['Bool aws:MultiFactorAuthPresent=true', 'StringEquals aws:RequestedRegion=[eu-west-1, eu-central-1]'],
      true,
    ],
  ])('%s → conditions kept, mfaRequired as the key demands', (_name, Condition, conditions, mfaRequired) => {
    expect(capabilitiesOf(allow('ec2:CopySnapshot', '*', Condition ? { Condition } : {}))).toEqual([grant('export', ['ec2:CopySnapshot'], { conditions, mfaRequired })]);
  });

  it('a condition on who the principal is is decided: its own account → unconditional; another account → nothing', () => {
    expect(capabilitiesOf(allow('ec2:CopySnapshot', '*', { Condition: { StringEquals: { 'aws:PrincipalAccount': ACCOUNT } } }))).toEqual([grant('export', ['ec2:CopySnapshot'])]);
    expect(capabilitiesOf(allow('ec2:CopySnapshot', '*', { Condition: { StringEquals: { 'aws:PrincipalAccount': STRANGER } } }))).toEqual([]);
  });

  it('an unconditional allow of the same action makes the grant unconditional; both policies are named', () => {
    const result = evaluate([
      inline('WithMfa', allow('ec2:CopySnapshot', '*', { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } })),
      inline('Plain', allow('ec2:CopySnapshot')),
    ]);
    expect(result.capabilities).toEqual([grant('export', ['ec2:CopySnapshot'], { via: ['inline:Plain on role/ops', 'inline:WithMfa on role/ops'] })]);
  });

  it('unconditional on a few snapshots and conditional on all → two grants, unconditional first', () => {
    expect(capabilitiesOf(allow('ec2:ModifySnapshotAttribute', 'arn:aws:ec2:*::snapshot/snap-dev*'), allow('ec2:ModifySnapshotAttribute', '*', { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }))).toEqual([
      grant('share', ['ec2:ModifySnapshotAttribute'], { resources: ['arn:aws:ec2:*::snapshot/snap-dev*'] }),
      grant('share', ['ec2:ModifySnapshotAttribute'], { conditions: ['Bool aws:MultiFactorAuthPresent=true'], mfaRequired: true }),
    ]);
  });

  const forceMfa = (Condition: RawStatement['Condition']): RawStatement => ({
    Sid: 'BlockMostAccessUnlessSignedInWithMFA',
    Effect: 'Deny',
    NotAction: ['iam:CreateVirtualMFADevice', 'iam:EnableMFADevice', 'iam:ListMFADevices', 'sts:GetSessionToken'],
    Resource: '*',
    ...(Condition ? { Condition } : {}),
  });

  it.each<[string, RawStatement['Condition'], string, boolean]>([
    ['BoolIfExists aws:MultiFactorAuthPresent "false" forces MFA', { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } }, 'denied when BoolIfExists aws:MultiFactorAuthPresent=false', true],
    [
      'with the aws:ViaAWSService "false" companion, still forced',
      { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false', 'aws:ViaAWSService': 'false' } },
      'denied when BoolIfExists aws:MultiFactorAuthPresent=false and BoolIfExists aws:ViaAWSService=false',
      true,
    ],
    ['Bool "false" does not fire for access keys, so not forced', { Bool: { 'aws:MultiFactorAuthPresent': 'false' } }, 'denied when Bool aws:MultiFactorAuthPresent=false', false],
    ['MFA absent or a region: not forced', { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' }, StringEquals: { 'aws:RequestedRegion': 'us-east-1' } }, 'denied when BoolIfExists aws:MultiFactorAuthPresent=false and StringEquals aws:RequestedRegion=us-east-1', false],
  ])("the IAM guide's deny-unless-MFA statement: %s", (_name, Condition, note, mfaRequired) => {
    const result = evaluatePrincipal({ account: ACCOUNT, principal: ALICE, identityPolicies: [inline('Snapshots', allow('ec2:CreateSnapshot')), inline('ForceMFA', forceMfa(Condition))] });
    expect(result.capabilities).toEqual([grant('create', ['ec2:CreateSnapshot'], { conditions: [`${note} (inline:ForceMFA on user/alice)`], mfaRequired, via: ['inline:Snapshots on user/alice'] })]);
  });
});

describe('evaluatePrincipal: users and their groups', () => {
  it("a group's inline and attached policies count for its members, named group:NAME/…", () => {
    const result = evaluatePrincipal({
      account: ACCOUNT,
      principal: ALICE,
      identityPolicies: [inline('Own', allow('ec2:CreateSnapshot'))],
      groups: [{ name: 'admins', policies: [inline('Snapshots', allow('ec2:CreateSnapshot')), managed(`arn:aws:iam::${ACCOUNT}:policy/Share`, allow('ec2:ModifySnapshotAttribute'))] }],
    });
    expect(result.capabilities).toEqual([
      grant('create', ['ec2:CreateSnapshot'], { via: ['inline:Own on user/alice', 'group:admins/inline:Snapshots'] }),
      grant('share', ['ec2:ModifySnapshotAttribute'], { via: [`group:admins/managed:arn:aws:iam::${ACCOUNT}:policy/Share`] }),
    ]);
  });

  it("a group's Deny removes the user's own allow", () => {
    const result = evaluatePrincipal({
      account: ACCOUNT,
      principal: ALICE,
      identityPolicies: [inline('Own', allow(['ec2:CreateSnapshot', 'ec2:CopySnapshot']))],
      groups: [{ name: 'contractors', policies: [inline('NoCopies', deny('ec2:Copy*'))] }],
    });
    expect(result.capabilities).toEqual([grant('create', ['ec2:CreateSnapshot'], { via: ['inline:Own on user/alice'] })]);
  });
});

describe('evaluatePrincipal: permission boundary', () => {
  const bounded = (boundary: RawStatement[], identity: RawStatement[] = [allow('ec2:*')]) =>
    evaluate([inline('Snapshots', ...identity)], { boundary: { arn: BOUNDARY_ARN, document: doc(...boundary) } });

  it('only what both allow: ec2:* under a boundary of ec2:CreateSnapshot', () => {
    expect(bounded([allow('ec2:CreateSnapshot')])).toEqual({ capabilities: [grant('create', ['ec2:CreateSnapshot'])], privileged: false });
  });

  it('a Deny in the boundary removes the action', () => {
    expect(bounded([allow('ec2:*'), deny('ec2:ModifySnapshotAttribute')], [allow('ec2:ModifySnapshotAttribute')]).capabilities).toEqual([]);
  });

  it('a boundary on some snapshots narrows an allow on *', () => {
    expect(bounded([allow('ec2:*', 'arn:aws:ec2:eu-west-1::snapshot/*')], [allow('ec2:ModifySnapshotAttribute')]).capabilities).toEqual([
      grant('share', ['ec2:ModifySnapshotAttribute'], { resources: ['arn:aws:ec2:eu-west-1::snapshot/*'] }),
    ]);
  });

  it('patterns neither of which holds the other: the allow is kept, limited, and says by what', () => {
    expect(bounded([allow('ec2:*', 'arn:aws:ec2:eu-west-1::snapshot/*')], [allow('ec2:ModifySnapshotAttribute', 'arn:aws:ec2:*::snapshot/snap-a*')]).capabilities).toEqual([
      grant('share', ['ec2:ModifySnapshotAttribute'], { resources: ['arn:aws:ec2:*::snapshot/snap-a*'], conditions: [`limited to arn:aws:ec2:eu-west-1::snapshot/* by boundary:${BOUNDARY_ARN}`] }),
    ]);
  });

  it("the boundary's conditions join the grant's; alternatives read as either/or", () => {
    const region = { StringEquals: { 'aws:RequestedRegion': ['eu-west-1'] } };
    expect(bounded([allow('ec2:*', '*', { Condition: region })], [allow('ec2:CreateSnapshot')]).capabilities).toEqual([
      grant('create', ['ec2:CreateSnapshot'], { conditions: ['StringEquals aws:RequestedRegion=[eu-west-1]'] }),
    ]);
    expect(bounded([allow('ec2:*', '*', { Condition: region }), allow('ec2:*', '*', { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } })], [allow('ec2:CreateSnapshot')]).capabilities).toEqual([
      grant('create', ['ec2:CreateSnapshot'], { conditions: ['either (StringEquals aws:RequestedRegion=[eu-west-1]) or (Bool aws:MultiFactorAuthPresent=true)'] }),
    ]);
  });

  it('a statement without Resource in a boundary → PolicyDocumentError naming it', () => {
    const boundary = { arn: BOUNDARY_ARN, document: parsePolicyDocument({ Statement: [{ Sid: 'NoResource', Effect: 'Allow', Action: 'ec2:*' }] }) };
    expect(() => evaluate([inline('Snapshots', allow('ec2:*'))], { boundary })).toThrow(new PolicyDocumentError(`boundary:${BOUNDARY_ARN}: Sid "NoResource" has neither Resource nor NotResource`));
  });
});

describe('evaluatePrincipal: service control policies', () => {
  const identity = [inline('Snapshots', allow(['ec2:CreateSnapshot', 'ec2:ModifySnapshotAttribute']))];
  const both = [grant('create', ['ec2:CreateSnapshot']), grant('share', ['ec2:ModifySnapshotAttribute'])];
  const computeOnly = scp('ComputeOnly', allow(['ec2:Create*', 'ec2:Describe*']));
  const denySharing = scp('DenySharing', deny(['ec2:ModifySnapshotAttribute', 'ec2:ModifyImageAttribute']));

  it('FullAWSAccess at every level (root, OU, account) → unchanged', () => {
    expect(evaluate(identity, { scpLevels: [[FULL_AWS_ACCESS], [FULL_AWS_ACCESS], [FULL_AWS_ACCESS]] }).capabilities).toEqual(both);
  });

  it('one level without an allow for the action removes it, though the others allow everything', () => {
    expect(evaluate(identity, { scpLevels: [[FULL_AWS_ACCESS], [computeOnly], [FULL_AWS_ACCESS]] }).capabilities).toEqual([grant('create', ['ec2:CreateSnapshot'])]);
  });

  it('within a level any one policy allowing is enough', () => {
    expect(evaluate(identity, { scpLevels: [[FULL_AWS_ACCESS], [computeOnly, scp('Sharing', allow('ec2:ModifySnapshotAttribute'))]] }).capabilities).toEqual(both);
  });

  it('a level with no policy at all allows nothing', () => {
    expect(evaluate(identity, { scpLevels: [[FULL_AWS_ACCESS], []] }).capabilities).toEqual([]);
  });

  it('a Deny at the root removes the action below', () => {
    expect(evaluate(identity, { scpLevels: [[FULL_AWS_ACCESS, denySharing], [FULL_AWS_ACCESS]] }).capabilities).toEqual([grant('create', ['ec2:CreateSnapshot'])]);
  });

  it('the management account is not subject to SCPs', () => {
    expect(evaluate(identity, { scpLevels: [[FULL_AWS_ACCESS, denySharing], [computeOnly]], managementAccount: true }).capabilities).toEqual(both);
  });

  it('a region fence stays on the grant as a condition', () => {
    const regionLock = scp('RegionLock', deny('*', '*', { Condition: { StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1', 'us-east-1'] } } }));
    const note = 'denied when StringNotEquals aws:RequestedRegion=[eu-west-1, us-east-1] (scp:RegionLock)';
    expect(evaluate(identity, { scpLevels: [[FULL_AWS_ACCESS, regionLock]] }).capabilities).toEqual([
      grant('create', ['ec2:CreateSnapshot'], { conditions: [note] }),
      grant('share', ['ec2:ModifySnapshotAttribute'], { conditions: [note] }),
    ]);
  });

  it('a Deny exempting a break-glass role by aws:PrincipalArn is decided for the principal', () => {
    const exempt = scp('DenySharingExceptBreakGlass', deny('ec2:ModifySnapshotAttribute', '*', { Condition: { ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/BreakGlass' } } }));
    const levels = [[FULL_AWS_ACCESS, exempt]];
    expect(evaluate(identity, { scpLevels: levels }).capabilities).toEqual([grant('create', ['ec2:CreateSnapshot'])]);
    expect(evaluatePrincipal({ account: ACCOUNT, principal: BREAK_GLASS, identityPolicies: identity, scpLevels: levels }).capabilities).toEqual([
      grant('create', ['ec2:CreateSnapshot'], { via: ['inline:Snapshots on role/BreakGlass'] }),
      grant('share', ['ec2:ModifySnapshotAttribute'], { via: ['inline:Snapshots on role/BreakGlass'] }),
    ]);
  });
});

describe('privileged', () => {
  const privileged = (policies: readonly IdentityPolicy[], more: Partial<PrincipalPolicies> = {}) => isPrivileged({ account: ACCOUNT, principal: ROLE, identityPolicies: policies, ...more });

  it.each<[string, readonly IdentityPolicy[], Partial<PrincipalPolicies>, boolean]>([
    ['AdministratorAccess', [ADMINISTRATOR_ACCESS], {}, true],
    ['iam:* on * (it can grant itself the rest)', [inline('IamAdmin', allow('iam:*'))], {}, true],
    ['NotAction of some services on * (iam:* included)', [inline('AlmostAll', { Effect: 'Allow', NotAction: ['s3:*', 'ec2:*'], Resource: '*' })], {}, true],
    ['* on every snapshot only', [inline('Snapshots', allow('*', 'arn:aws:ec2:*::snapshot/*'))], {}, false],
    ['ec2:* on *', [inline('Ec2', allow('ec2:*'))], {}, false],
    ['NotAction iam:* on *', [inline('NoIam', { Effect: 'Allow', NotAction: 'iam:*', Resource: '*' })], {}, false],
    ['AdministratorAccess conditioned on MFA (held whenever MFA is used)', [managed('arn:aws:iam::aws:policy/AdministratorAccess', allow('*', '*', { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }))], {}, true],
    ['AdministratorAccess under an SCP denying iam:*', [ADMINISTRATOR_ACCESS], { scpLevels: [[FULL_AWS_ACCESS, scp('NoIam', deny('iam:*'))]] }, false],
    ['AdministratorAccess under an SCP denying only organizations:LeaveOrganization', [ADMINISTRATOR_ACCESS], { scpLevels: [[FULL_AWS_ACCESS, scp('Stay', deny('organizations:LeaveOrganization'))]] }, true],
    ['AdministratorAccess under an SCP allow-list of ec2:*', [ADMINISTRATOR_ACCESS], { scpLevels: [[scp('Ec2Only', allow('ec2:*'))]] }, false],
    ['AdministratorAccess under a boundary of ec2:*', [ADMINISTRATOR_ACCESS], { boundary: { arn: BOUNDARY_ARN, document: doc(allow('ec2:*')) } }, false],
    ['AdministratorAccess in the management account, whatever the SCPs', [ADMINISTRATOR_ACCESS], { scpLevels: [[scp('NoIam', deny('iam:*'))]], managementAccount: true }, true],
  ])('%s → %s', (_name, policies, more, expected) => {
    expect(privileged(policies, more)).toBe(expected);
    expect(evaluatePrincipal({ account: ACCOUNT, principal: ROLE, identityPolicies: policies, ...more }).privileged).toBe(expected);
  });

  it('the root user: every capability and privileged; in a member account an SCP still binds it', () => {
    const root = { account: ACCOUNT, principal: ROOT, identityPolicies: [] };
    const via = [`root user of account ${ACCOUNT}`];
    expect(evaluatePrincipal(root)).toEqual({ capabilities: CAPABILITIES.map((c) => grant(c, CAPABILITY_ACTIONS[c], { via })), privileged: true });
    expect(isPrivileged({ ...root, scpLevels: [[FULL_AWS_ACCESS, scp('NoIam', deny('iam:*'))]] })).toBe(false);
  });

  it('AdministratorAccess: every capability, through the managed policy', () => {
    expect(evaluate([ADMINISTRATOR_ACCESS]).capabilities).toEqual(CAPABILITIES.map((c) => grant(c, CAPABILITY_ACTIONS[c], { via: ['managed:arn:aws:iam::aws:policy/AdministratorAccess'] })));
  });
});

describe('clauseTruth: conditions on who the principal is', () => {
  const facts = { principalArn: `arn:aws:iam::${ACCOUNT}:role/ops`, principalAccount: ACCOUNT };
  const clause = (operator: string, key: string, values: string[]): ConditionClause => ({ operator, key, values, list: values.length > 1 });

  it.each<[ConditionClause, boolean | undefined]>([
    [clause('ArnNotLike', 'aws:PrincipalArn', ['arn:aws:iam::*:role/BreakGlass']), true],
    [clause('ArnLike', 'aws:PrincipalARN', ['arn:aws:iam::*:role/o?s']), true],
    [clause('ArnLike', 'aws:PrincipalArn', ['arn:aws:iam::*']), false],
    [clause('StringLike', 'aws:PrincipalArn', ['arn:aws:iam::*']), true],
    [clause('StringEquals', 'aws:PrincipalAccount', [STRANGER, PARTNER]), false],
    [clause('StringNotEqualsIfExists', 'aws:PrincipalAccount', [STRANGER]), true],
    [clause('BoolIfExists', 'aws:PrincipalIsAWSService', ['false']), true],
    [clause('StringEquals', 'aws:RequestedRegion', ['eu-west-1']), undefined],
    [clause('ForAnyValue:StringEquals', 'aws:PrincipalAccount', [ACCOUNT]), undefined],
    [clause('StringLike', 'aws:PrincipalArn', ['arn:aws:iam::${aws:PrincipalAccount}:role/*']), undefined],
  ])('%o → %s', (c, expected) => {
    expect(clauseTruth(c, facts)).toBe(expected);
  });
});

describe('trustPolicyPrincipals', () => {
  const PARTNER_ENTRY: TrustedAccount = { provider: 'aws', id: PARTNER, name: 'DR vendor', reason: 'runs the recovery drills' };
  const resolver = createTrustResolver([PARTNER_ENTRY]);
  const ORG: OrganizationView = { id: ORG_ID, members: new Set([ACCOUNT, MEMBER]) };
  const who = (statements: RawStatement[], organization?: OrganizationView): AssumableBy[] => trustPolicyPrincipals(doc(...statements), ACCOUNT, resolver, organization);
  const assume = (Principal: RawStatement['Principal'], more: Partial<RawStatement> = {}): RawStatement => ({ Effect: 'Allow', Principal, Action: 'sts:AssumeRole', ...more });

  it.each<[string, RawStatement, AssumableBy[]]>([
    ["the account's own root", assume({ AWS: `arn:aws:iam::${ACCOUNT}:root` }), [{ principal: `arn:aws:iam::${ACCOUNT}:root`, trust: 'internal', conditions: [] }]],
    ['the own account id, MFA demanded', assume({ AWS: ACCOUNT }, { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }), [{ principal: ACCOUNT, trust: 'internal', conditions: ['Bool aws:MultiFactorAuthPresent=true'] }]],
    [
      "a stranger's role with an external id",
      assume({ AWS: `arn:aws:iam::${STRANGER}:role/vendor` }, { Condition: { StringEquals: { 'sts:ExternalId': 'a1b2' } } }),
      [{ principal: `arn:aws:iam::${STRANGER}:role/vendor`, trust: 'external', conditions: ['StringEquals sts:ExternalId=a1b2'] }],
    ],
    ['an account in trustedAccounts', assume({ AWS: `arn:aws:iam::${PARTNER}:root` }), [{ principal: `arn:aws:iam::${PARTNER}:root`, trust: 'trusted', conditions: [] }]],
    ['the unique id a deleted role leaves behind', assume({ AWS: 'AROAEXAMPLEID1234567' }), [{ principal: 'AROAEXAMPLEID1234567', trust: 'unknown', conditions: [] }]],
    ['"*" with no condition', assume('*'), [{ principal: '*', trust: 'external', conditions: [] }]],
    ['{"AWS": "*"} with no condition', assume({ AWS: '*' }), [{ principal: '*', trust: 'external', conditions: [] }]],
    [
      '"*" narrowed by aws:PrincipalAccount to the own account',
      assume('*', { Condition: { StringEquals: { 'aws:PrincipalAccount': ACCOUNT } } }),
      [{ principal: ACCOUNT, trust: 'internal', conditions: [`StringEquals aws:PrincipalAccount=${ACCOUNT}`] }],
    ],
    [
      '"*" narrowed by aws:PrincipalArn, one entry per ARN',
      assume('*', { Condition: { ArnLike: { 'aws:PrincipalArn': [`arn:aws:iam::${ACCOUNT}:role/ci-*`, `arn:aws:iam::${STRANGER}:role/x`] } } }),
      [
        { principal: `arn:aws:iam::${ACCOUNT}:role/ci-*`, trust: 'internal', conditions: [`ArnLike aws:PrincipalArn=[arn:aws:iam::${ACCOUNT}:role/ci-*, arn:aws:iam::${STRANGER}:role/x]`] },
        { principal: `arn:aws:iam::${STRANGER}:role/x`, trust: 'external', conditions: [`ArnLike aws:PrincipalArn=[arn:aws:iam::${ACCOUNT}:role/ci-*, arn:aws:iam::${STRANGER}:role/x]`] },
      ],
    ],
    ['"*" with only sts:ExternalId (a secret, not an identity)', assume('*', { Condition: { StringEquals: { 'sts:ExternalId': 'a1b2' } } }), [{ principal: '*', trust: 'unknown', conditions: ['StringEquals sts:ExternalId=a1b2'] }]],
    [
      '"*" with a negated aws:PrincipalAccount does not narrow',
      assume('*', { Condition: { StringNotEquals: { 'aws:PrincipalAccount': STRANGER } } }),
      [{ principal: '*', trust: 'unknown', conditions: [`StringNotEquals aws:PrincipalAccount=${STRANGER}`] }],
    ],
    [
      'the own SAML provider',
      { Effect: 'Allow', Principal: { Federated: `arn:aws:iam::${ACCOUNT}:saml-provider/Okta` }, Action: 'sts:AssumeRoleWithSAML', Condition: { StringEquals: { 'SAML:aud': 'https://signin.aws.amazon.com/saml' } } },
      [{ principal: `arn:aws:iam::${ACCOUNT}:saml-provider/Okta`, trust: 'internal', conditions: ['StringEquals SAML:aud=https://signin.aws.amazon.com/saml'] }],
    ],
    [
      'the own GitHub OIDC provider, narrowed to a repository',
      {
        Effect: 'Allow',
        Principal: { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com` },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' }, StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:acme/infra:*' } },
      },
      [
        {
          principal: `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`,
          trust: 'internal',
          conditions: ['StringEquals token.actions.githubusercontent.com:aud=sts.amazonaws.com', 'StringLike token.actions.githubusercontent.com:sub=repo:acme/infra:*'],
        },
      ],
    ],
    [
      "a stranger's OIDC provider",
      { Effect: 'Allow', Principal: { Federated: `arn:aws:iam::${STRANGER}:oidc-provider/example.com` }, Action: 'sts:AssumeRoleWithWebIdentity' },
      [{ principal: `arn:aws:iam::${STRANGER}:oidc-provider/example.com`, trust: 'external', conditions: [] }],
    ],
    ['a public identity provider without a condition on its keys', { Effect: 'Allow', Principal: { Federated: 'accounts.google.com' }, Action: 'sts:AssumeRoleWithWebIdentity' }, [{ principal: 'accounts.google.com', trust: 'external', conditions: [] }]],
    [
      'a public identity provider narrowed by its audience',
      { Effect: 'Allow', Principal: { Federated: 'accounts.google.com' }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { 'accounts.google.com:aud': '1234.apps.googleusercontent.com' } } },
      [{ principal: 'accounts.google.com', trust: 'unknown', conditions: ['StringEquals accounts.google.com:aud=1234.apps.googleusercontent.com'] }],
    ],
    ['a service', assume({ Service: 'ec2.amazonaws.com' }), [{ principal: 'ec2.amazonaws.com', trust: 'internal', conditions: [] }]],
    ['sts:AssumeRole* admits the assume calls', assume({ AWS: STRANGER }, { Action: 'sts:AssumeRole*' }), [{ principal: STRANGER, trust: 'external', conditions: [] }]],
    ['NotPrincipal in an Allow: everyone else', { Effect: 'Allow', NotPrincipal: { AWS: STRANGER }, Action: 'sts:AssumeRole' }, [{ principal: `* except ${STRANGER}`, trust: 'external', conditions: [] }]],
    ['only sts:TagSession → no one', assume({ AWS: STRANGER }, { Action: 'sts:TagSession' }), []],
    ['a Deny → no one', { Effect: 'Deny', Principal: { AWS: STRANGER }, Action: 'sts:AssumeRole' }, []],
  ])('%s', (_name, statement, expected) => {
    expect(who([statement])).toEqual(expected);
  });

  it('"*" narrowed by aws:PrincipalOrgID: our organization → internal, another → external, either with ours → external', () => {
    const orgLimited = (orgs: Value) => assume('*', { Condition: { StringEquals: { 'aws:PrincipalOrgID': orgs } } });
    expect(who([orgLimited(ORG_ID)], ORG)).toEqual([{ principal: '*', trust: 'internal', conditions: [`StringEquals aws:PrincipalOrgID=${ORG_ID}`] }]);
    expect(who([orgLimited(OTHER_ORG_ID)], ORG)).toEqual([{ principal: '*', trust: 'external', conditions: [`StringEquals aws:PrincipalOrgID=${OTHER_ORG_ID}`] }]);
    expect(who([orgLimited([ORG_ID, OTHER_ORG_ID])], ORG)).toEqual([{ principal: '*', trust: 'external', conditions: [`StringEquals aws:PrincipalOrgID=[${ORG_ID}, ${OTHER_ORG_ID}]`] }]);
  });

  it('a member of our organization is internal; with the organization unread, a foreign account is unknown', () => {
    expect(who([assume({ AWS: `arn:aws:iam::${MEMBER}:root` })], ORG)).toEqual([{ principal: `arn:aws:iam::${MEMBER}:root`, trust: 'internal', conditions: [] }]);
    const unread = unknownValue('organizations:DescribeOrganization failed: AccessDeniedException');
    expect(trustPolicyPrincipals(doc(assume({ AWS: STRANGER })), ACCOUNT, resolver, unread).map((e) => e.trust)).toEqual(['unknown']);
  });

  it('several principals and statements → one entry each, in order', () => {
    expect(
      who([assume({ AWS: [ACCOUNT, STRANGER], Service: 'lambda.amazonaws.com' }), { Effect: 'Allow', Principal: { Federated: `arn:aws:iam::${ACCOUNT}:saml-provider/Okta` }, Action: 'sts:AssumeRoleWithSAML' }]).map((e) => [e.principal, e.trust]),
    ).toEqual([
      [ACCOUNT, 'internal'],
      [STRANGER, 'external'],
      ['lambda.amazonaws.com', 'internal'],
      [`arn:aws:iam::${ACCOUNT}:saml-provider/Okta`, 'internal'],
    ]);
  });

  it('an Allow without Principal → PolicyDocumentError', () => {
    expect(() => trustPolicyPrincipals(parsePolicyDocument({ Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole' }] }), ACCOUNT, resolver)).toThrow(new PolicyDocumentError('trust policy statement 1 has no Principal'));
  });
});
