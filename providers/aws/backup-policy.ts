// Reads a Backup vault access policy for who may copy from, restore from, read, or copy into the
// vault. Only what the policy itself says is judged: Allow statements whose actions reach those
// operations, their principals, and the conditions that pin the principal down (organization,
// account). A Deny for everyone with no condition removes the actions it names. Anything subtler is
// kept and marked so, rather than guessed away. What AWS then enforces on top (it rejects every
// cross-account action but CopyIntoBackupVault) is for the check to weigh, not for this reader.
import { unknownValue, type Maybe, type Trust, type VaultAccess } from '../../src/model.js';
import type { OrganizationView, TrustResolver } from '../../src/trust.js';

/** Vault operations that take data out (copy, restore), or read what is there. */
export const DATA_OUT_ACTIONS: readonly string[] = [
  'backup:CopyFromBackupVault',
  'backup:StartCopyJob',
  'backup:StartRestoreJob',
  'backup:GetRecoveryPointRestoreMetadata',
  'backup:DescribeRecoveryPoint',
  'backup:ListRecoveryPointsByBackupVault',
  'backup:DescribeBackupVault',
];

/** The one vault operation AWS lets another account perform: writing recovery points into it. */
export const COPY_INTO_ACTION = 'backup:CopyIntoBackupVault';

const VAULT_ACTIONS: readonly string[] = [...DATA_OUT_ACTIONS, COPY_INTO_ACTION];

/** Condition keys that narrow who the principal is. */
const IDENTITY_KEYS = ['aws:principalorgid', 'aws:principalorgpaths', 'aws:principalaccount', 'aws:principalarn', 'aws:sourceaccount', 'aws:userid', 'aws:username'];

type Json = unknown;

function list(value: Json): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function wildcard(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`, 'i');
}

/** The vault actions a statement's Action (or NotAction) covers. */
function coveredActions(statement: Record<string, Json>): string[] {
  if (statement['NotAction'] !== undefined) {
    const excluded = list(statement['NotAction']).map(wildcard);
    return VAULT_ACTIONS.filter((a) => !excluded.some((re) => re.test(a)));
  }
  const patterns = list(statement['Action']).map(wildcard);
  return VAULT_ACTIONS.filter((a) => patterns.some((re) => re.test(a)));
}

/** `*`, or AWS principals reduced to their account (an ARN names an account, a root or a role in it). */
function principalsOf(statement: Record<string, Json>): string[] {
  if (statement['NotPrincipal'] !== undefined) return ['*'];
  const principal = statement['Principal'];
  if (principal === '*') return ['*'];
  if (typeof principal !== 'object' || principal === null) return [];
  return list((principal as Record<string, Json>)['AWS']).map((p) => (p === '*' ? '*' : (/^arn:[^:]+:(?:iam|sts)::(\d{12}):/.exec(p)?.[1] ?? p)));
}

/**
 * Operators that narrow a key to the values listed. Negated ones (StringNotEquals...), `Null` and
 * the `...IfExists` forms (true when the key is absent, e.g. for a caller in no organization) do not.
 */
const NARROWING = /^(ForAnyValue:|ForAllValues:)?(StringEquals|StringEqualsIgnoreCase|StringLike|ArnEquals|ArnLike)$/i;

interface KeyCondition {
  /** Values from narrowing operators, if any. */
  readonly values?: string[];
  /** Operators on the key that do not narrow it. */
  readonly loose: string[];
}

function conditionOn(statement: Record<string, Json>, key: string): KeyCondition | undefined {
  const condition = statement['Condition'];
  if (typeof condition !== 'object' || condition === null) return undefined;
  let values: string[] | undefined;
  const loose: string[] = [];
  for (const [operatorName, operator] of Object.entries(condition as Record<string, Json>)) {
    if (typeof operator !== 'object' || operator === null) continue;
    for (const [k, v] of Object.entries(operator as Record<string, Json>)) {
      if (k.toLowerCase() !== key) continue;
      if (NARROWING.test(operatorName)) values = [...(values ?? []), ...list(v)];
      else loose.push(operatorName);
    }
  }
  return values === undefined && loose.length === 0 ? undefined : { ...(values ? { values } : {}), loose };
}

function conditionKeys(statement: Record<string, Json>): string[] {
  const condition = statement['Condition'];
  if (typeof condition !== 'object' || condition === null) return [];
  return Object.values(condition as Record<string, Json>).flatMap((op) => (typeof op === 'object' && op !== null ? Object.keys(op).map((k) => k.toLowerCase()) : []));
}

export interface PolicyContext {
  readonly ownAccount: string;
  readonly organization?: Maybe<OrganizationView>;
  readonly trust: TrustResolver;
}

function judge(principal: string, ctx: PolicyContext, group = false): { reach: Trust; note: string } {
  const verdict = ctx.trust.classify(principal, { provider: 'aws', ownAccount: ctx.ownAccount, group, ...(ctx.organization ? { organization: ctx.organization } : {}) });
  return { reach: verdict.trust, note: verdict.note };
}

type Grant = Omit<VaultAccess, 'actions' | 'statement'>;

/** Widest first: the reach of a grant open to several parties is that of the least trusted. */
const REACH_ORDER: readonly VaultAccess['reach'][] = ['public', 'external', 'unknown', 'trusted', 'internal'];

/** A grant limited to organizations (or paths in them) by aws:PrincipalOrgID / aws:PrincipalOrgPaths. */
function orgLimited(principal: string, orgValues: readonly string[], ctx: PolicyContext): Grant[] {
  const verdicts = [...new Set(orgValues.map((v) => v.split('/')[0] ?? v))].map((orgId) => judge(orgId, ctx, true));
  const widest = verdicts.sort((a, b) => REACH_ORDER.indexOf(a.reach) - REACH_ORDER.indexOf(b.reach))[0];
  return widest ? [{ principal: `${principal} in ${orgValues.join(', ')}`, reach: widest.reach, note: widest.note }] : [];
}

/** One grant for an Allow statement's principal, narrowed by the identity conditions it carries. */
function grantFor(principal: string, statement: Record<string, Json>, ctx: PolicyContext): Grant[] {
  const keys = ['aws:principalaccount', 'aws:sourceaccount', 'aws:principalorgid', 'aws:principalorgpaths'];
  const conditions = new Map(keys.flatMap((k) => {
    const c = conditionOn(statement, k);
    return c ? [[k, c] as const] : [];
  }));
  const loose = [...conditions.entries()].flatMap(([k, c]) => c.loose.map((op) => `${op} on ${k}`));
  if (loose.length > 0) return [{ principal, reach: 'unknown', note: `conditioned by ${loose.join(', ')}, which does not pin the caller down` }];
  const accounts = conditions.get('aws:principalaccount')?.values ?? conditions.get('aws:sourceaccount')?.values;
  if (accounts) return accounts.map((account) => ({ principal: account, ...judge(account, ctx) }));
  const orgValues = conditions.get('aws:principalorgid')?.values ?? conditions.get('aws:principalorgpaths')?.values;
  if (orgValues) return orgLimited(principal, orgValues, ctx);
  const otherIdentityKeys = conditionKeys(statement).filter((k) => IDENTITY_KEYS.includes(k) || k.startsWith('aws:principaltag'));
  if (otherIdentityKeys.length > 0) {
    return [{ principal, reach: 'unknown', note: `narrowed by ${otherIdentityKeys.join(', ')}, which snapaudit does not evaluate` }];
  }
  if (principal === '*') return [{ principal, reach: 'public', note: 'any AWS principal, in any account' }];
  return [{ principal, ...judge(principal, ctx) }];
}

/** Deny statements that apply to everyone: an explicit `*` principal, never a NotPrincipal. */
function deniesEveryone(statement: Record<string, Json>): boolean {
  if (statement['Effect'] !== 'Deny' || statement['Condition'] !== undefined || statement['NotPrincipal'] !== undefined) return false;
  const principal = statement['Principal'];
  return principal === '*' || (typeof principal === 'object' && principal !== null && list((principal as Record<string, Json>)['AWS']).includes('*'));
}

/** Who may copy from, restore from, read or copy into the vault. An unparseable policy is Unknown. */
export function vaultAccess(policyText: string, ctx: PolicyContext): Maybe<VaultAccess[]> {
  let policy: Json;
  try {
    policy = JSON.parse(policyText);
  } catch {
    return unknownValue('the vault access policy is not valid JSON');
  }
  const raw = typeof policy === 'object' && policy !== null ? (policy as Record<string, Json>)['Statement'] : undefined;
  const statements = (Array.isArray(raw) ? raw : raw ? [raw] : []).filter((s): s is Record<string, Json> => typeof s === 'object' && s !== null);
  const deniedToAll = new Set(statements.filter(deniesEveryone).flatMap(coveredActions));
  const grants: VaultAccess[] = [];
  statements.forEach((statement, index) => {
    if (statement['Effect'] !== 'Allow') return;
    const actions = coveredActions(statement).filter((a) => !deniedToAll.has(a));
    if (actions.length === 0) return;
    const sid = typeof statement['Sid'] === 'string' ? statement['Sid'] : `#${index + 1}`;
    for (const principal of principalsOf(statement)) {
      for (const grant of grantFor(principal, statement, ctx)) grants.push({ ...grant, actions, statement: sid });
    }
  });
  return grants;
}
