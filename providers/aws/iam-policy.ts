// IAM policy documents as data: parsing what `iam:GetAccountAuthorizationDetails` (and the
// Organizations and role APIs) return, matching actions and resources with the policy language's
// `*` and `?` wildcards, and reading conditions. Pure: no SDK types, no I/O. What the documents
// mean for a principal is decided in iam-eval.ts.

/** A policy document that cannot be read as IAM policy grammar. The caller records it as Unknown. */
export class PolicyDocumentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PolicyDocumentError';
  }
}

/** Action/NotAction or Resource/NotResource: the patterns as written, and whether they are negated. */
export interface PatternSet {
  readonly negated: boolean;
  readonly patterns: readonly string[];
}

/** Principal/NotPrincipal. `any` is `"Principal": "*"` (an `AWS: "*"` entry stays in `aws`). */
export interface PrincipalElement {
  readonly negated: boolean;
  readonly any: boolean;
  readonly aws: readonly string[];
  readonly federated: readonly string[];
  readonly service: readonly string[];
  readonly canonicalUser: readonly string[];
}

/** One operator/key pair of a Condition block. */
export interface ConditionClause {
  /** As written, e.g. `StringEquals`, `BoolIfExists`, `ForAnyValue:StringLike`. */
  readonly operator: string;
  /** As written, e.g. `aws:RequestedRegion`. Keys are compared without case. */
  readonly key: string;
  readonly values: readonly string[];
  /** The value was written as a JSON array (rendered in brackets). */
  readonly list: boolean;
}

export interface PolicyStatement {
  /** 1-based position in the document, for messages when there is no Sid. */
  readonly index: number;
  readonly sid?: string;
  readonly effect: 'Allow' | 'Deny';
  readonly actions: PatternSet;
  /** Absent in trust policies; identity policies, boundaries and SCPs always carry one. */
  readonly resources?: PatternSet;
  readonly principal?: PrincipalElement;
  readonly conditions: readonly ConditionClause[];
}

export interface PolicyDocument {
  readonly version?: string;
  readonly statements: readonly PolicyStatement[];
}

type Json = unknown;

function isRecord(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeStatement(index: number, sid: Json): string {
  return typeof sid === 'string' && sid !== '' ? `statement ${index} (Sid "${sid}")` : `statement ${index}`;
}

function stringList(value: Json, where: string): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((v): v is string => typeof v === 'string')) return value;
  throw new PolicyDocumentError(`${where} must be a string or an array of strings`);
}

/** Exactly one of `positive` and `negative` (e.g. Action/NotAction); none at all when `optional`. */
function patternSet(statement: Record<string, Json>, positive: string, negative: string, where: string, optional: boolean): PatternSet | undefined {
  const hasPositive = statement[positive] !== undefined;
  const hasNegative = statement[negative] !== undefined;
  if (hasPositive && hasNegative) throw new PolicyDocumentError(`${where} has both ${positive} and ${negative}`);
  if (!hasPositive && !hasNegative) {
    if (optional) return undefined;
    throw new PolicyDocumentError(`${where} has neither ${positive} nor ${negative}`);
  }
  const name = hasPositive ? positive : negative;
  return { negated: hasNegative, patterns: stringList(statement[name], `${where}: ${name}`) };
}

const PRINCIPAL_TYPES = { AWS: 'aws', Federated: 'federated', Service: 'service', CanonicalUser: 'canonicalUser' } as const;

function principalElement(statement: Record<string, Json>, where: string): PrincipalElement | undefined {
  const hasPrincipal = statement['Principal'] !== undefined;
  const hasNot = statement['NotPrincipal'] !== undefined;
  if (hasPrincipal && hasNot) throw new PolicyDocumentError(`${where} has both Principal and NotPrincipal`);
  if (!hasPrincipal && !hasNot) return undefined;
  const name = hasPrincipal ? 'Principal' : 'NotPrincipal';
  const raw = statement[name];
  const element = { negated: hasNot, any: false, aws: [] as string[], federated: [] as string[], service: [] as string[], canonicalUser: [] as string[] };
  if (raw === '*') return { ...element, any: true };
  if (!isRecord(raw)) throw new PolicyDocumentError(`${where}: ${name} must be "*" or an object of principal types`);
  for (const [type, values] of Object.entries(raw)) {
    const field = (PRINCIPAL_TYPES as Record<string, keyof typeof element | undefined>)[type];
    if (field === undefined || field === 'negated' || field === 'any') {
      throw new PolicyDocumentError(`${where}: ${name} has an unknown principal type "${type}"`);
    }
    element[field] = stringList(values, `${where}: ${name}.${type}`);
  }
  return element;
}

function conditionValue(value: Json, where: string): string[] {
  const scalar = (v: Json): v is string | number | boolean => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
  if (scalar(value)) return [String(value)];
  if (Array.isArray(value) && value.every(scalar)) return value.map(String);
  throw new PolicyDocumentError(`${where} must be a string, number, boolean or an array of them`);
}

function conditions(statement: Record<string, Json>, where: string): ConditionClause[] {
  const raw = statement['Condition'];
  if (raw === undefined) return [];
  if (!isRecord(raw)) throw new PolicyDocumentError(`${where}: Condition must be an object of operators`);
  const clauses: ConditionClause[] = [];
  for (const [operator, block] of Object.entries(raw)) {
    if (!isRecord(block)) throw new PolicyDocumentError(`${where}: Condition.${operator} must be an object of condition keys`);
    for (const [key, value] of Object.entries(block)) {
      clauses.push({ operator, key, values: conditionValue(value, `${where}: Condition.${operator}.${key}`), list: Array.isArray(value) });
    }
  }
  return clauses;
}

function statementOf(raw: Json, index: number): PolicyStatement {
  if (!isRecord(raw)) throw new PolicyDocumentError(`statement ${index} is not an object`);
  const where = describeStatement(index, raw['Sid']);
  const effect = raw['Effect'];
  if (effect !== 'Allow' && effect !== 'Deny') {
    throw new PolicyDocumentError(`${where}: Effect must be "Allow" or "Deny", got ${JSON.stringify(effect ?? null)}`);
  }
  const actions = patternSet(raw, 'Action', 'NotAction', where, false);
  if (actions === undefined) throw new PolicyDocumentError(`${where} has neither Action nor NotAction`);
  const resources = patternSet(raw, 'Resource', 'NotResource', where, true);
  const principal = principalElement(raw, where);
  const sid = raw['Sid'];
  return {
    index,
    ...(typeof sid === 'string' ? { sid } : {}),
    effect,
    actions,
    ...(resources ? { resources } : {}),
    ...(principal ? { principal } : {}),
    conditions: conditions(raw, where),
  };
}

/**
 * Reads a policy document: an object, a JSON string, or the URL-encoded JSON string IAM returns
 * (`GetAccountAuthorizationDetails`, `GetRolePolicy`...). URL encoding turns `{` into `%7B`, so a
 * string that starts with `{` is plain JSON and is not decoded (a literal `%` in it stays intact).
 * Throws PolicyDocumentError, naming the statement, for anything that is not policy grammar.
 */
export function parsePolicyDocument(raw: string | object): PolicyDocument {
  let document: Json = raw;
  if (typeof raw === 'string') {
    const text = raw.trim();
    let json = text;
    if (!text.startsWith('{')) {
      try {
        json = decodeURIComponent(text);
      } catch {
        throw new PolicyDocumentError('the policy document is neither JSON nor URL-encoded JSON');
      }
    }
    try {
      document = JSON.parse(json);
    } catch {
      throw new PolicyDocumentError('the policy document is not valid JSON');
    }
  }
  if (!isRecord(document)) throw new PolicyDocumentError('the policy document is not a JSON object');
  const version = document['Version'];
  if (version !== undefined && typeof version !== 'string') throw new PolicyDocumentError('the policy document Version must be a string');
  const statement = document['Statement'];
  if (statement === undefined) throw new PolicyDocumentError('the policy document has no Statement');
  const list = Array.isArray(statement) ? statement : [statement];
  return { ...(version !== undefined ? { version } : {}), statements: list.map((s, i) => statementOf(s, i + 1)) };
}

/** `Sid "X"` or `statement N`, for notes a reviewer reads. */
export function statementName(statement: PolicyStatement): string {
  return statement.sid ? `Sid "${statement.sid}"` : `statement ${statement.index}`;
}

// ---------------------------------------------------------------------------------------------
// Wildcards. `*` matches any run of characters (colons and slashes included), `?` exactly one.

function wildcardRegExp(pattern: string, ignoreCase: boolean): RegExp {
  const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`, ignoreCase ? 'is' : 's');
}

/** Whether a concrete string (an action name, an ARN) matches a wildcard pattern. */
export function wildcardMatches(pattern: string, text: string, ignoreCase = false): boolean {
  return wildcardRegExp(pattern, ignoreCase).test(text);
}

/** IAM compares service prefixes and action names without case: `EC2:createsnapshot` is `ec2:CreateSnapshot`. */
export function actionMatches(pattern: string, action: string): boolean {
  return wildcardMatches(pattern, action, true);
}

/**
 * Whether every string `inner` can match is also matched by `outer`, both wildcard patterns.
 * Sound, not complete: a `true` is always right; a `false` may only mean "could not show it",
 * which the callers treat as the weaker claim (a partial deny, a narrower resource).
 */
export function patternCovers(outer: string, inner: string, ignoreCase = false): boolean {
  const o = ignoreCase ? outer.toLowerCase() : outer;
  const n = ignoreCase ? inner.toLowerCase() : inner;
  const memo = new Map<number, boolean>();
  const width = n.length + 1;
  const step = (i: number, j: number): boolean => {
    const key = i * width + j;
    const known = memo.get(key);
    if (known !== undefined) return known;
    let result: boolean;
    if (i === o.length) result = j === n.length;
    else if (o[i] === '*') result = step(i + 1, j) || (j < n.length && step(i, j + 1));
    else if (j === n.length) result = false;
    else if (o[i] === '?') result = n[j] !== '*' && step(i + 1, j + 1);
    else result = n[j] === o[i] && step(i + 1, j + 1);
    memo.set(key, result);
    return result;
  };
  return step(0, 0);
}

/** Whether some string matches both patterns. */
export function patternsIntersect(a: string, b: string, ignoreCase = false): boolean {
  const x = ignoreCase ? a.toLowerCase() : a;
  const y = ignoreCase ? b.toLowerCase() : b;
  const memo = new Map<number, boolean>();
  const width = y.length + 1;
  const step = (i: number, j: number): boolean => {
    const key = i * width + j;
    const known = memo.get(key);
    if (known !== undefined) return known;
    let result: boolean;
    if (i < x.length && x[i] === '*') result = step(i + 1, j) || (j < y.length && step(i, j + 1));
    else if (j < y.length && y[j] === '*') result = step(i, j + 1) || (i < x.length && step(i + 1, j));
    else if (i === x.length || j === y.length) result = i === x.length && j === y.length;
    else result = (x[i] === '?' || y[j] === '?' || x[i] === y[j]) && step(i + 1, j + 1);
    memo.set(key, result);
    return result;
  };
  return step(0, 0);
}

/** An ARN pattern as its six segments; a short one whose last segment ends in `*` runs on to the end. */
function arnSegments(pattern: string): string[] | undefined {
  const parts = pattern.split(':');
  if (parts[0] !== 'arn') return undefined;
  if (parts.length >= 6) return [...parts.slice(0, 5), parts.slice(5).join(':')];
  return (parts[parts.length - 1] ?? '').endsWith('*') ? [...parts, ...Array<string>(6 - parts.length).fill('*')] : undefined;
}

/**
 * Whether some real resource matches both Resource patterns. A `*` ending an ARN segment may run
 * past colons, so as bare wildcards `arn:aws:ec2:*::snapshot/*` and `arn:aws:ec2:*::image/*`
 * overlap; no real ARN has a colon in its first five segments, so they are compared segment by segment.
 */
export function resourcesIntersect(a: string, b: string): boolean {
  const x = arnSegments(a);
  const y = arnSegments(b);
  if (!x || !y) return patternsIntersect(a, b);
  return x.every((segment, i) => patternsIntersect(segment, y[i] ?? ''));
}

/** Whether a statement's Action (or NotAction) takes in one concrete action. */
export function statementCoversAction(statement: PolicyStatement, action: string): boolean {
  const listed = statement.actions.patterns.some((p) => actionMatches(p, action));
  return statement.actions.negated ? !listed : listed;
}

/** Whether a statement's Action (or NotAction) takes in every action a pattern such as `iam:*` names. */
export function statementCoversActionPattern(statement: PolicyStatement, pattern: string): boolean {
  const { negated, patterns } = statement.actions;
  return negated ? !patterns.some((p) => patternsIntersect(p, pattern, true)) : patterns.some((p) => patternCovers(p, pattern, true));
}

/** A pattern made of `*` alone: every string. */
export function isEverything(pattern: string): boolean {
  return /^\*+$/.test(pattern);
}

// ---------------------------------------------------------------------------------------------
// Conditions.

/** `Bool aws:MultiFactorAuthPresent=true`; a value written as an array keeps its brackets. */
export function renderCondition(clause: ConditionClause): string {
  const value = clause.list ? `[${clause.values.join(', ')}]` : (clause.values[0] ?? '');
  return `${clause.operator} ${clause.key}=${value}`;
}

/** What is known about every request the principal makes, whatever the call. */
export interface RequestFacts {
  readonly principalArn: string;
  readonly principalAccount: string;
}

/** ArnLike/ArnEquals compare the six colon-separated parts one by one, with case. */
function arnMatches(pattern: string, arn: string): boolean {
  const split = (value: string): string[] => {
    const parts = value.split(':');
    return parts.length <= 6 ? parts : [...parts.slice(0, 5), parts.slice(5).join(':')];
  };
  const p = split(pattern);
  const a = split(arn);
  return p.length === 6 && a.length === 6 && p.every((part, i) => wildcardMatches(part, a[i] ?? ''));
}

/**
 * The value of one clause for any request of the principal, when it depends only on who the
 * principal is (`aws:PrincipalArn`, `aws:PrincipalAccount`, `aws:PrincipalIsAWSService`), else
 * undefined. SCP exemptions are usually written this way (deny unless `ArnNotLike
 * aws:PrincipalArn arn:aws:iam::*:role/BreakGlass`); deciding them turns a conditional deny into
 * one that applies or does not. Multi-valued operators and policy variables are left open.
 */
export function clauseTruth(clause: ConditionClause, facts: RequestFacts): boolean | undefined {
  if (clause.operator.includes(':') || clause.values.some((v) => v.includes('${'))) return undefined;
  const key = clause.key.toLowerCase();
  const actual = key === 'aws:principalarn' ? facts.principalArn : key === 'aws:principalaccount' ? facts.principalAccount : key === 'aws:principalisawsservice' ? 'false' : undefined;
  if (actual === undefined) return undefined;
  // The keys are always present in a principal's own requests, so the IfExists form means the same.
  const operator = clause.operator.replace(/IfExists$/, '');
  const any = (test: (value: string) => boolean): boolean => clause.values.some(test);
  switch (operator) {
    case 'StringEquals':
      return any((v) => v === actual);
    case 'StringNotEquals':
      return !any((v) => v === actual);
    case 'StringEqualsIgnoreCase':
      return any((v) => v.toLowerCase() === actual.toLowerCase());
    case 'StringNotEqualsIgnoreCase':
      return !any((v) => v.toLowerCase() === actual.toLowerCase());
    case 'StringLike':
      return any((v) => wildcardMatches(v, actual));
    case 'StringNotLike':
      return !any((v) => wildcardMatches(v, actual));
    case 'ArnEquals':
    case 'ArnLike':
      return any((v) => arnMatches(v, actual));
    case 'ArnNotEquals':
    case 'ArnNotLike':
      return !any((v) => arnMatches(v, actual));
    case 'Bool':
      return any((v) => v.toLowerCase() === actual);
    default:
      return undefined;
  }
}

/**
 * A statement's conditions for the principal: `applies: false` when a clause is false for every
 * request it makes (the statement never takes effect for it), else the clauses that stay open.
 */
export function openConditions(statement: PolicyStatement, facts: RequestFacts): { readonly applies: boolean; readonly open: readonly ConditionClause[] } {
  const open: ConditionClause[] = [];
  for (const clause of statement.conditions) {
    const truth = clauseTruth(clause, facts);
    if (truth === false) return { applies: false, open: [] };
    if (truth === undefined) open.push(clause);
  }
  return { applies: true, open };
}

const MFA_PRESENT = 'aws:multifactorauthpresent';
const MFA_AGE = 'aws:multifactorauthage';

function allValues(clause: ConditionClause, value: string): boolean {
  return clause.values.length > 0 && clause.values.every((v) => v.toLowerCase() === value);
}

/**
 * An Allow clause that only MFA-authenticated requests satisfy. Requests signed with an IAM user's
 * long-term access keys carry neither MFA key, so the `...IfExists` forms (true when the key is
 * absent) do not demand MFA: `BoolIfExists aws:MultiFactorAuthPresent=true` lets access keys in.
 */
export function allowDemandsMfa(clause: ConditionClause): boolean {
  const key = clause.key.toLowerCase();
  if (key === MFA_PRESENT) return clause.operator === 'Bool' && allValues(clause, 'true');
  if (key === MFA_AGE) return clause.operator === 'NumericLessThan' || clause.operator === 'NumericLessThanEquals' || (clause.operator === 'Null' && allValues(clause, 'false'));
  return false;
}

/**
 * A Deny whose open clauses hold exactly when MFA is missing (access keys included), the way the
 * IAM guide's "deny unless signed in with MFA" policy is written: it forces MFA on what it covers.
 * `Bool aws:MultiFactorAuthPresent=false` does not (the key is absent for access keys, so the deny
 * does not fire). An `aws:ViaAWSService=false` companion only spares calls services make on the
 * principal's behalf.
 */
export function denyForcesMfa(open: readonly ConditionClause[]): boolean {
  const absence = (c: ConditionClause): boolean => {
    const key = c.key.toLowerCase();
    if (key === MFA_PRESENT) return c.operator === 'BoolIfExists' && allValues(c, 'false');
    if (key === MFA_AGE) return (c.operator === 'Null' && allValues(c, 'true')) || c.operator === 'NumericGreaterThanIfExists' || c.operator === 'NumericGreaterThanEqualsIfExists';
    return false;
  };
  const companion = (c: ConditionClause): boolean => c.key.toLowerCase() === 'aws:viaawsservice' && (c.operator === 'Bool' || c.operator === 'BoolIfExists') && allValues(c, 'false');
  return open.some(absence) && open.every((c) => absence(c) || companion(c));
}
