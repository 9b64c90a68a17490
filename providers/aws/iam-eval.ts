// Which snapshot-relevant capabilities (create, share, export, restore, open ingress) an IAM
// principal of an account holds, and who can become a role, from the policy documents
// `iam:GetAccountAuthorizationDetails` and Organizations return. Pure: the caller reads, parses
// (parsePolicyDocument) and hands over the documents; a document that does not parse makes the
// principal's capabilities Unknown, never empty.
//
// Evaluation follows AWS's order for a request in the principal's own account: an explicit Deny in
// any policy that applies wins; otherwise every SCP level from the root down to the account must
// allow, the permission boundary (when there is one) must allow, and an identity policy must
// allow. What IAM decides per request (condition keys of the call, the exact resource) stays
// visible as conditions and resource patterns on the grant rather than being guessed away.
// Not modelled: resource-based policies (a vault or key policy can add or take away), session
// policies, resource control policies, and the second resource an action may also need (RunInstances
// needs the image, the subnet and the instance, iam:PassRole a role).
import { CAPABILITIES, type AssumableBy, type Capability, type CapabilityGrant, type Maybe, type Trust } from '../../src/model.js';
import type { OrganizationView, TrustResolver } from '../../src/trust.js';
import {
  PolicyDocumentError,
  allowDemandsMfa,
  denyForcesMfa,
  isEverything,
  openConditions,
  patternCovers,
  renderCondition,
  resourcesIntersect,
  statementCoversAction,
  statementCoversActionPattern,
  statementName,
  type ConditionClause,
  type PolicyDocument,
  type PolicyStatement,
  type RequestFacts,
} from './iam-policy.js';

/**
 * The IAM actions that give each capability, spelled as the Service Authorization Reference
 * spells them. Chosen for what the call does to a snapshot's data or reach, not by name:
 *
 * - create: make a snapshot or image. `ec2:CreateImage` snapshots every volume of an instance;
 *   `ec2:RegisterImage` makes an AMI from snapshots already at hand (shared-in ones included);
 *   `ec2:CreateRestoreImageTask` materialises an AMI and its snapshots from an object that
 *   `CreateStoreImageTask` wrote to S3; `ebs:StartSnapshot` begins a snapshot written through the
 *   EBS direct APIs; `backup:StartBackupJob` takes an on-demand recovery point. Left out:
 *   `ec2:ImportSnapshot`/`ImportImage` (they bring outside data in), and Data Lifecycle Manager
 *   policies and Backup plans (snapshots taken later by a service role the caller must pass).
 * - share: widen who may use one. The attribute and vault-policy calls; `ec2:Disable*BlockPublicAccess`
 *   and `ec2:EnableSnapshotBlockPublicAccess` because lifting the region guard, or moving it from
 *   `block-all-sharing` to `block-new-sharing`, makes existing public grants effective again;
 *   `ram:CreateResourceShare`/`ram:AssociateResourceShare` because RAM is how a logically
 *   air-gapped Backup vault (restorable from the other account) and an Aurora cluster (cloneable)
 *   are shared. RAM actions are generic to every shareable type, so a policy narrowed with
 *   `ram:RequestedResourceType` shows it in the grant's conditions.
 * - export: take the data out without sharing the original. Copies (cross-region, and re-encrypted
 *   under a key the copier picks), the EBS direct block reads (`ListSnapshotBlocks`/
 *   `ListChangedBlocks` hand out the block tokens `GetSnapshotBlock` needs), AMI-to-S3 and
 *   image/instance export tasks (the store task decrypts the snapshots on the way), RDS snapshot
 *   export to S3, and Backup copy jobs (to another vault or account).
 * - restore: make a volume, instance or database from one. Point-in-time restores read the
 *   automated backups, so they count. `ec2:CreateReplaceRootVolumeTask` swaps an instance's root
 *   volume for one made from a snapshot or image.
 * - open-ingress: write a rule that lets the internet in. Swapping an instance's or interface's
 *   security groups (`ModifyInstanceAttribute`, `ModifyNetworkInterfaceAttribute`) and
 *   `rds:ModifyDBInstance` (`PubliclyAccessible`) are left out: they open nothing that an existing
 *   rule does not already open, and they are everyday operations that would bury the rest.
 */
export const CAPABILITY_ACTIONS: Readonly<Record<Capability, readonly string[]>> = {
  create: [
    'ec2:CreateSnapshot',
    'ec2:CreateSnapshots',
    'ec2:CreateImage',
    'ec2:RegisterImage',
    'ec2:CreateRestoreImageTask',
    'ebs:StartSnapshot',
    'rds:CreateDBSnapshot',
    'rds:CreateDBClusterSnapshot',
    'backup:StartBackupJob',
  ],
  share: [
    'ec2:ModifySnapshotAttribute',
    'ec2:ModifyImageAttribute',
    'rds:ModifyDBSnapshotAttribute',
    'rds:ModifyDBClusterSnapshotAttribute',
    'backup:PutBackupVaultAccessPolicy',
    'ec2:DisableSnapshotBlockPublicAccess',
    'ec2:EnableSnapshotBlockPublicAccess',
    'ec2:DisableImageBlockPublicAccess',
    'ram:CreateResourceShare',
    'ram:AssociateResourceShare',
  ],
  export: [
    'ec2:CopySnapshot',
    'ec2:CopyImage',
    'ebs:ListSnapshotBlocks',
    'ebs:ListChangedBlocks',
    'ebs:GetSnapshotBlock',
    'ec2:CreateStoreImageTask',
    'ec2:ExportImage',
    'ec2:CreateInstanceExportTask',
    'rds:CopyDBSnapshot',
    'rds:CopyDBClusterSnapshot',
    'rds:StartExportTask',
    'backup:StartCopyJob',
  ],
  restore: [
    'ec2:CreateVolume',
    'ec2:RunInstances',
    'ec2:CreateReplaceRootVolumeTask',
    'rds:RestoreDBInstanceFromDBSnapshot',
    'rds:RestoreDBClusterFromSnapshot',
    'rds:RestoreDBInstanceToPointInTime',
    'rds:RestoreDBClusterToPointInTime',
    'backup:StartRestoreJob',
  ],
  'open-ingress': [
    'ec2:AuthorizeSecurityGroupIngress',
    'ec2:ModifySecurityGroupRules',
    'ec2:CreateNetworkAclEntry',
    'ec2:ReplaceNetworkAclEntry',
  ],
};

/**
 * Writing identity policies: whoever keeps all of these on every resource can grant itself any
 * permission it lacks today. `privileged` asks for a `*` or `iam:*` allow on `*` and then that
 * these survive boundary, SCPs and denies, so an SCP that fences IAM writes off takes it away while
 * one that denies, say, leaving the organization does not.
 */
const PRIVILEGE_PROBES: readonly string[] = [
  'iam:AttachRolePolicy',
  'iam:PutRolePolicy',
  'iam:AttachUserPolicy',
  'iam:PutUserPolicy',
  'iam:AttachGroupPolicy',
  'iam:PutGroupPolicy',
  'iam:CreatePolicyVersion',
];

/** A policy attached to a principal (or one of its groups): inline by name, managed by ARN. */
export interface IdentityPolicy {
  readonly kind: 'inline' | 'managed';
  /** The inline policy's name, or the managed policy's ARN. */
  readonly name: string;
  readonly document: PolicyDocument;
}

/** A group a user belongs to, with its inline and attached policies. */
export interface GroupPolicies {
  readonly name: string;
  readonly policies: readonly IdentityPolicy[];
}

export interface BoundaryPolicy {
  readonly arn: string;
  readonly document: PolicyDocument;
}

/** A service control policy, named as Organizations names it (its name or id). */
export interface OrganizationPolicy {
  readonly name: string;
  readonly document: PolicyDocument;
}

export interface EvaluatedPrincipal {
  readonly kind: 'user' | 'role' | 'root';
  readonly name: string;
  readonly arn: string;
}

export interface PrincipalPolicies {
  /** The account the principal belongs to and acts in. */
  readonly account: string;
  readonly principal: EvaluatedPrincipal;
  /** The principal's own inline and attached managed policies. The root user has none: it may do everything. */
  readonly identityPolicies: readonly IdentityPolicy[];
  /** For a user, the groups it belongs to. */
  readonly groups?: readonly GroupPolicies[];
  readonly boundary?: BoundaryPolicy;
  /**
   * SCPs in force, one list per level of the organization path: the root, each OU down, then the
   * account. Absent or empty: the account is in no organization.
   */
  readonly scpLevels?: readonly (readonly OrganizationPolicy[])[];
  /** The organization's management account: SCPs do not apply to it. */
  readonly managementAccount?: boolean;
}

export interface PrincipalPermissions {
  readonly capabilities: readonly CapabilityGrant[];
  readonly privileged: boolean;
}

// ---------------------------------------------------------------------------------------------

interface Labelled {
  /** The policy, as `via` and deny notes name it. */
  readonly label: string;
  readonly statement: PolicyStatement;
}

/** One way an action is allowed: on one resource pattern, under some conditions, through some policies. */
interface Path {
  readonly action: string;
  /** The resource pattern as written (comparisons use it; the grant shows `*` when it is broad). */
  readonly pattern: string;
  readonly conditions: readonly string[];
  readonly mfa: boolean;
  readonly via: readonly string[];
}

interface Prepared {
  readonly facts: RequestFacts;
  readonly allows: readonly Labelled[];
  /** Every Deny that applies to the principal: identity, boundary, SCPs in force. */
  readonly denies: readonly Labelled[];
  /** The allow layers beside identity: each SCP level, then the boundary. */
  readonly layers: readonly (readonly Labelled[])[];
}

/** The root user may do everything its account's SCPs allow; no policy says so, so one is made up. */
const ROOT_STATEMENT: PolicyStatement = { index: 1, effect: 'Allow', actions: { negated: false, patterns: ['*'] }, resources: { negated: false, patterns: ['*'] }, conditions: [] };

function labelled(label: string, document: PolicyDocument): Labelled[] {
  return document.statements.map((statement) => {
    if (!statement.resources) throw new PolicyDocumentError(`${label}: ${statementName(statement)} has neither Resource nor NotResource`);
    return { label, statement };
  });
}

function identityLabel(policy: IdentityPolicy, principal: EvaluatedPrincipal, group?: string): string {
  const own = policy.kind === 'inline' ? `inline:${policy.name}` : `managed:${policy.name}`;
  if (group !== undefined) return `group:${group}/${own}`;
  return policy.kind === 'inline' ? `${own} on ${principal.kind}/${principal.name}` : own;
}

function prepare(input: PrincipalPolicies): Prepared {
  const { principal } = input;
  const identity: Labelled[] =
    principal.kind === 'root'
      ? [{ label: `root user of account ${input.account}`, statement: ROOT_STATEMENT }]
      : [
          ...input.identityPolicies.flatMap((p) => labelled(identityLabel(p, principal), p.document)),
          ...(input.groups ?? []).flatMap((g) => g.policies.flatMap((p) => labelled(identityLabel(p, principal, g.name), p.document))),
        ];
  const boundary = input.boundary && principal.kind !== 'root' ? labelled(`boundary:${input.boundary.arn}`, input.boundary.document) : undefined;
  const scps = input.managementAccount ? [] : (input.scpLevels ?? []).map((level) => level.flatMap((p) => labelled(`scp:${p.name}`, p.document)));
  const everything = [identity, ...(boundary ? [boundary] : []), ...scps].flat();
  return {
    facts: { principalArn: principal.arn, principalAccount: input.account },
    allows: identity.filter((l) => l.statement.effect === 'Allow'),
    denies: everything.filter((l) => l.statement.effect === 'Deny'),
    layers: [...scps, ...(boundary ? [boundary] : [])].map((layer) => layer.filter((l) => l.statement.effect === 'Allow')),
  };
}

/** Services whose resource ARNs an action of a service is authorized against (EBS direct APIs name `ec2` snapshots). */
const RESOURCE_SERVICES: Readonly<Record<string, readonly string[]>> = { ec2: ['ec2'], ebs: ['ec2', 'ebs'], rds: ['rds'], iam: ['iam'] };

/** Whether a Resource pattern can name anything the action acts on: `arn:aws:s3:::*` never names an EC2 snapshot. */
function resourceApplies(pattern: string, action: string): boolean {
  const service = /^arn:[^:]*:([^:]*):/.exec(pattern)?.[1]?.toLowerCase();
  if (service === undefined || /[*?]/.test(service)) return true;
  const allowed = RESOURCE_SERVICES[action.split(':')[0]?.toLowerCase() ?? ''];
  return allowed === undefined || allowed.includes(service);
}

/**
 * A pattern that takes in every resource of its kind the account can act on: `*`, or an ARN with
 * any region, any (or this) account and `type/*` (`arn:aws:ec2:*:*:snapshot/*`). Grants show it as `*`.
 */
export function isBroadResource(pattern: string, account: string): boolean {
  if (isEverything(pattern)) return true;
  const parts = pattern.split(':');
  if (parts[0] !== 'arn' || parts.length < 3) return false;
  if (parts.length < 6 && !isEverything(parts[parts.length - 1] ?? '')) return false;
  const region = parts[3] ?? '*';
  const owner = parts[4] ?? '*';
  const resource = parts.length >= 6 ? parts.slice(5).join(':') : '*';
  const any = (part: string): boolean => part === '' || isEverything(part);
  return any(region) && (any(owner) || owner === account) && (isEverything(resource) || /^[^*?/:]+[/:]\*+$/.test(resource));
}

/** Several alternatives (any one suffices) as one readable condition; one alternative as its clauses. */
function alternatives(options: readonly (readonly ConditionClause[])[]): string[] {
  if (options.length === 1) return (options[0] ?? []).map(renderCondition);
  return [`either ${options.map((clauses) => `(${clauses.map(renderCondition).join(' and ')})`).join(' or ')}`];
}

/** The identity allows for one action, one path per resource pattern. */
function identityPaths(prepared: Prepared, action: string): Path[] {
  const paths: Path[] = [];
  for (const { label, statement } of prepared.allows) {
    if (!statementCoversAction(statement, action)) continue;
    const { applies, open } = openConditions(statement, prepared.facts);
    if (!applies) continue;
    const conditions = open.map(renderCondition);
    const mfa = open.some(allowDemandsMfa);
    const resources = statement.resources ?? { negated: false, patterns: [] };
    if (resources.negated) {
      // Everything but a few named resources is, for a reviewer, everything: shown as `*`, with the
      // exceptions kept beside the policy's name rather than as a condition that would hide it.
      if (resources.patterns.some(isEverything)) continue;
      paths.push({ action, pattern: '*', conditions, mfa, via: [`${label} (every resource except ${resources.patterns.join(', ')})`] });
      continue;
    }
    for (const pattern of resources.patterns) {
      if (resourceApplies(pattern, action)) paths.push({ action, pattern, conditions, mfa, via: [label] });
    }
  }
  return paths;
}

interface Option {
  readonly label: string;
  readonly open: readonly ConditionClause[];
  readonly negated: boolean;
  readonly patterns: readonly string[];
}

/** A layer (an SCP level, the boundary) must also allow: keep, narrow or drop each path. */
function constrain(paths: readonly Path[], layer: readonly Labelled[], prepared: Prepared, action: string): Path[] {
  const options: Option[] = layer.flatMap(({ label, statement }) => {
    if (!statementCoversAction(statement, action)) return [];
    const { applies, open } = openConditions(statement, prepared.facts);
    const resources = statement.resources ?? { negated: false, patterns: [] };
    const patterns = resources.negated ? resources.patterns : resources.patterns.filter((p) => resourceApplies(p, action));
    return applies ? [{ label, open, negated: resources.negated, patterns }] : [];
  });
  return paths.flatMap((path): Path[] => {
    const covering = options.filter((o) => (o.negated ? !o.patterns.some((x) => patternCovers(x, path.pattern)) : o.patterns.some((p) => patternCovers(p, path.pattern))));
    if (covering.some((o) => o.open.length === 0)) return [path];
    if (covering.length > 0) {
      return [{ ...path, conditions: [...path.conditions, ...alternatives(covering.map((o) => o.open))], mfa: path.mfa || covering.every((o) => o.open.some(allowDemandsMfa)) }];
    }
    // Nothing in the layer covers the whole pattern: what it allows inside the pattern is what is left.
    const narrowed: Path[] = [];
    for (const option of options.filter((o) => !o.negated)) {
      for (const pattern of option.patterns) {
        const extra = { conditions: [...path.conditions, ...option.open.map(renderCondition)], mfa: path.mfa || option.open.some(allowDemandsMfa) };
        if (patternCovers(path.pattern, pattern)) narrowed.push({ ...path, ...extra, pattern });
        else if (resourcesIntersect(path.pattern, pattern)) narrowed.push({ ...path, ...extra, conditions: [...extra.conditions, `limited to ${pattern} by ${option.label}`] });
      }
    }
    return narrowed;
  });
}

/** Explicit denies: an unconditional one over the whole pattern removes the path; anything less is noted on it. */
function applyDenies(paths: readonly Path[], prepared: Prepared, action: string): Path[] {
  const denies = prepared.denies.flatMap(({ label, statement }) => {
    if (!statementCoversAction(statement, action)) return [];
    const { applies, open } = openConditions(statement, prepared.facts);
    return applies ? [{ label, open, resources: statement.resources ?? { negated: false, patterns: [] } }] : [];
  });
  return paths.flatMap((path): Path[] => {
    let conditions = [...path.conditions];
    let mfa = path.mfa;
    for (const deny of denies) {
      let scope: 'all' | 'none' | string;
      if (deny.resources.negated) {
        const exceptions = deny.resources.patterns;
        if (exceptions.some((x) => patternCovers(x, path.pattern))) scope = 'none';
        else if (!exceptions.some((x) => resourcesIntersect(x, path.pattern))) scope = 'all';
        else scope = `except on ${exceptions.join(', ')}`;
      } else {
        const patterns = deny.resources.patterns.filter((p) => resourceApplies(p, action));
        if (patterns.some((p) => patternCovers(p, path.pattern))) scope = 'all';
        else {
          const touching = patterns.filter((p) => resourcesIntersect(p, path.pattern));
          scope = touching.length > 0 ? `on ${touching.join(', ')}` : 'none';
        }
      }
      if (scope === 'none') continue;
      if (scope === 'all' && deny.open.length === 0) return [];
      const when = deny.open.length > 0 ? ` when ${deny.open.map(renderCondition).join(' and ')}` : '';
      conditions = [...conditions, `denied${scope === 'all' ? '' : ` ${scope}`}${when} (${deny.label})`];
      if (scope === 'all' && denyForcesMfa(deny.open)) mfa = true;
    }
    return [{ ...path, conditions, mfa }];
  });
}

/** Every way the principal may perform one action once boundary, SCPs and denies have had their say. */
function effectivePaths(prepared: Prepared, action: string): Path[] {
  let paths = identityPaths(prepared, action);
  for (const layer of prepared.layers) paths = constrain(paths, layer, prepared, action);
  return applyDenies(paths, prepared, action);
}

interface GrantDraft {
  readonly key: string;
  readonly conditions: readonly string[];
  readonly actions: Set<string>;
  readonly patterns: Set<string>;
  mfa: boolean;
  readonly via: string[];
}

function addVia(target: string[], via: readonly string[]): void {
  for (const v of via) if (!target.includes(v)) target.push(v);
}

/**
 * One grant per distinct set of conditions. A grant with no conditions on every resource absorbs
 * the conditional ones whose actions it already has (the capability is held unconditionally, and
 * their policies join its `via`).
 */
function grantsOf(capability: Capability, paths: readonly Path[], account: string): CapabilityGrant[] {
  const drafts = new Map<string, GrantDraft>();
  for (const path of paths) {
    const unique = [...new Set(path.conditions)];
    const key = [...unique].sort().join('\n');
    const draft = drafts.get(key) ?? { key, conditions: unique, actions: new Set<string>(), patterns: new Set<string>(), mfa: true, via: [] };
    draft.actions.add(path.action);
    draft.patterns.add(isBroadResource(path.pattern, account) ? '*' : path.pattern);
    draft.mfa = draft.mfa && path.mfa;
    addVia(draft.via, path.via);
    drafts.set(key, draft);
  }
  const open = drafts.get('');
  if (open?.patterns.has('*')) {
    for (const draft of drafts.values()) {
      if (draft !== open && [...draft.actions].every((a) => open.actions.has(a))) {
        addVia(open.via, draft.via);
        drafts.delete(draft.key);
      }
    }
  }
  const catalog = CAPABILITY_ACTIONS[capability];
  return [...drafts.values()]
    .sort((a, b) => (a.key === b.key ? 0 : a.key === '' ? -1 : b.key === '' ? 1 : a.key < b.key ? -1 : 1))
    .map((d) => ({
      capability,
      actions: catalog.filter((a) => d.actions.has(a)),
      resources: d.patterns.has('*') ? ['*'] : [...d.patterns].sort(),
      conditions: d.conditions,
      mfaRequired: d.conditions.length > 0 && d.mfa,
      via: d.via,
    }));
}

function privilegedFrom(prepared: Prepared): boolean {
  const full = prepared.allows.some(({ statement }) => {
    const resources = statement.resources;
    const everywhere = resources !== undefined && !resources.negated && resources.patterns.some(isEverything);
    const allActions = statementCoversActionPattern(statement, '*') || statementCoversActionPattern(statement, 'iam:*');
    return everywhere && allActions && openConditions(statement, prepared.facts).applies;
  });
  return full && PRIVILEGE_PROBES.every((probe) => effectivePaths(prepared, probe).some((path) => isEverything(path.pattern)));
}

/**
 * Whether the principal holds every permission: an allow of `*` (or `iam:*`) on `*` that keeps,
 * after boundary, SCPs and denies, the power to rewrite any identity policy. Conditions on that
 * allow (MFA, source address) do not lower it: the principal holds it whenever it meets them.
 * Throws PolicyDocumentError for a statement without Resource.
 */
export function isPrivileged(input: PrincipalPolicies): boolean {
  return privilegedFrom(prepare(input));
}

/**
 * The snapshot-relevant capabilities of one principal in its account, and whether it is privileged.
 * Each grant lists its actions (catalog spelling), resources (`*` when broad), conditions (allow
 * conditions, then what limits it: `denied when … (scp:…)`, `limited to … by …`), whether MFA is
 * demanded, and the policies it comes through. Throws PolicyDocumentError for a statement without
 * Resource; the caller records the principal's capabilities as Unknown.
 */
export function evaluatePrincipal(input: PrincipalPolicies): PrincipalPermissions {
  const prepared = prepare(input);
  const capabilities = CAPABILITIES.flatMap((capability) =>
    grantsOf(
      capability,
      CAPABILITY_ACTIONS[capability].flatMap((action) => dedupe(effectivePaths(prepared, action))),
      input.account,
    ),
  );
  return { capabilities, privileged: privilegedFrom(prepared) };
}

function dedupe(paths: readonly Path[]): Path[] {
  const byKey = new Map<string, Path>();
  for (const path of paths) {
    const key = `${path.pattern}\n${[...new Set(path.conditions)].sort().join('\n')}`;
    const seen = byKey.get(key);
    if (!seen) byKey.set(key, path);
    else {
      const via = [...seen.via];
      addVia(via, path.via);
      byKey.set(key, { ...seen, via, mfa: seen.mfa && path.mfa });
    }
  }
  return [...byKey.values()];
}

// ---------------------------------------------------------------------------------------------
// Role trust policies.

/** The calls that become a role. `sts:TagSession` and `sts:SetSourceIdentity` only ride along. */
export const ASSUME_ROLE_ACTIONS: readonly string[] = ['sts:AssumeRole', 'sts:AssumeRoleWithSAML', 'sts:AssumeRoleWithWebIdentity'];

/** Operators that pin a key to the values listed. Negated ones, `...IfExists` (true when the key is absent) and `ForAllValues` (true when it is empty) do not. */
const NARROWING = /^(ForAnyValue:)?(StringEquals|StringEqualsIgnoreCase|StringLike|ArnEquals|ArnLike)$/;

/** Keys that say something about who the caller is, which snapaudit cannot weigh against an account. */
const OPAQUE_IDENTITY_KEYS = ['sts:externalid', 'aws:userid', 'aws:username', 'aws:principaltype', 'aws:principalarn', 'aws:principalaccount', 'aws:principalorgid', 'aws:principalorgpaths', 'aws:sourceaccount', 'aws:sourcearn'];

/** Least trusted first: a grant open to several parties is as wide as its widest. */
const TRUST_ORDER: readonly Trust[] = ['external', 'unknown', 'trusted', 'internal'];

function widest(verdicts: readonly Trust[]): Trust {
  return [...verdicts].sort((a, b) => TRUST_ORDER.indexOf(a) - TRUST_ORDER.indexOf(b))[0] ?? 'unknown';
}

/** The account an AWS principal names: a bare account id, or an `iam`/`sts` ARN's account. */
function accountOf(principal: string): string | undefined {
  if (/^\d{12}$/.test(principal)) return principal;
  return /^arn:[^:]+:(?:iam|sts)::(\d{12}):/.exec(principal)?.[1];
}

function narrowedTo(statement: PolicyStatement, key: string): string[] | undefined {
  const clauses = statement.conditions.filter((c) => c.key.toLowerCase() === key && NARROWING.test(c.operator));
  return clauses.length > 0 ? clauses.flatMap((c) => c.values) : undefined;
}

/**
 * Who can become a role, from its trust policy: one entry per principal of each Allow statement
 * that admits `sts:AssumeRole`, `sts:AssumeRoleWithSAML` or `sts:AssumeRoleWithWebIdentity`, with
 * the statement's conditions in the cloud's words.
 *
 * - AWS principals (an account id, an `iam`/`sts` ARN) are judged by their account through the
 *   trust resolver (the account's own root is internal); one whose account cannot be read (the
 *   unique id left behind by a deleted principal) is unknown.
 * - `*` is external unless a condition pins the caller down: `aws:PrincipalAccount`/
 *   `aws:SourceAccount` or `aws:PrincipalArn` (one entry per account or ARN, judged as above),
 *   `aws:PrincipalOrgID`/`aws:PrincipalOrgPaths` (judged as an organization). Other identity keys,
 *   `sts:ExternalId` among them (a shared secret, not an identity), make it unknown.
 * - Federated: a SAML or OIDC provider is judged by the account that registered it (the account's
 *   own providers are internal; the conditions say which of the provider's users). A public
 *   identity provider named directly (`accounts.google.com`, `cognito-identity.amazonaws.com`) is
 *   external without a condition on its own keys, unknown with one.
 * - Service principals (`ec2.amazonaws.com`) are internal.
 */
export function trustPolicyPrincipals(document: PolicyDocument, account: string, trust: TrustResolver, organization?: Maybe<OrganizationView>): AssumableBy[] {
  const classify = (subject: string, group = false): Trust =>
    trust.classify(subject, { provider: 'aws', ownAccount: account, ...(organization !== undefined ? { organization } : {}), ...(group ? { group } : {}) }).trust;
  const entries: AssumableBy[] = [];
  for (const statement of document.statements) {
    if (statement.effect !== 'Allow' || !ASSUME_ROLE_ACTIONS.some((a) => statementCoversAction(statement, a))) continue;
    const principal = statement.principal;
    if (!principal) throw new PolicyDocumentError(`trust policy ${statementName(statement)} has no Principal`);
    const conditions = statement.conditions.map(renderCondition);
    const add = (who: string, verdict: Trust): void => {
      entries.push({ principal: who, trust: verdict, conditions });
    };
    if (principal.negated) {
      const named = [...principal.aws, ...principal.federated, ...principal.service, ...principal.canonicalUser];
      add(`* except ${named.join(', ')}`, 'external');
      continue;
    }
    if (principal.any || principal.aws.includes('*')) {
      for (const [who, verdict] of anyone(statement, classify)) add(who, verdict);
    }
    for (const aws of principal.aws.filter((p) => p !== '*')) {
      const owner = accountOf(aws);
      add(aws, owner ? classify(owner) : 'unknown');
    }
    for (const provider of principal.federated) {
      const owner = /^arn:[^:]+:iam::(\d{12}):(?:saml-provider|oidc-provider)\//.exec(provider)?.[1];
      if (owner) add(provider, classify(owner));
      else {
        const prefix = `${provider.toLowerCase()}:`;
        const narrowed = statement.conditions.some((c) => c.key.toLowerCase().startsWith(prefix) && NARROWING.test(c.operator));
        add(provider, narrowed ? 'unknown' : 'external');
      }
    }
    for (const service of principal.service) add(service, 'internal');
    for (const canonical of principal.canonicalUser) add(canonical, 'unknown');
  }
  return entries;
}

/** `*` as far as the statement's conditions narrow it: [principal, trust] pairs. */
function anyone(statement: PolicyStatement, classify: (subject: string, group?: boolean) => Trust): [string, Trust][] {
  const accounts = narrowedTo(statement, 'aws:principalaccount') ?? narrowedTo(statement, 'aws:sourceaccount');
  if (accounts) return accounts.map((a) => [a, /^\d{12}$/.test(a) ? classify(a) : 'unknown']);
  const arns = narrowedTo(statement, 'aws:principalarn');
  if (arns) return arns.map((arn) => {
    const owner = accountOf(arn);
    return [arn, owner ? classify(owner) : 'unknown'];
  });
  const orgs = narrowedTo(statement, 'aws:principalorgid') ?? narrowedTo(statement, 'aws:principalorgpaths')?.map((path) => path.split('/')[0] ?? path);
  if (orgs) return [['*', widest([...new Set(orgs)].map((org) => (/[*?]/.test(org) ? 'unknown' : classify(org, true))))]];
  const opaque = statement.conditions.some((c) => {
    const key = c.key.toLowerCase();
    return OPAQUE_IDENTITY_KEYS.includes(key) || key.startsWith('aws:principaltag/');
  });
  return [['*', opaque ? 'unknown' : 'external']];
}
