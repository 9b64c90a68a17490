// Who in an AWS account can create, share, export or restore snapshots, or open ingress (M1018):
// every user, role and the root user, with their policies evaluated (groups, boundaries, SCPs),
// MFA, last use and keys from the credential report, role trust, and the account's password
// policy and root MFA. Reads are global (IAM), paced like every other call; a failed read is an
// Unknown and a coverage line, never "nobody".
import {
  GenerateCredentialReportCommand,
  GetAccountPasswordPolicyCommand,
  GetAccountSummaryCommand,
  GetCredentialReportCommand,
  paginateGetAccountAuthorizationDetails,
  type GetAccountAuthorizationDetailsCommandOutput,
  type ManagedPolicyDetail,
  type PasswordPolicy as IamPasswordPolicy,
  type PolicyDetail,
  type RoleDetail,
  type UserDetail,
} from '@aws-sdk/client-iam';
import type { CoverageRecorder } from '../../src/coverage.js';
import { isUnknown, unknownValue, type AccountSecurity, type Maybe, type PasswordPolicy, type Principal, type PrincipalKey } from '../../src/model.js';
import type { OrganizationView, TrustResolver } from '../../src/trust.js';
import type { AwsClientFactory } from './clients.js';
import { lastActivity, parseCredentialReport, type CredentialRow } from './credential-report.js';
import { classifyAwsError } from './errors.js';
import { evaluatePrincipal, trustPolicyPrincipals, type EvaluatedPrincipal, type GroupPolicies, type IdentityPolicy, type OrganizationPolicy, type PrincipalPolicies } from './iam-eval.js';
import { parsePolicyDocument, PolicyDocumentError, type PolicyDocument } from './iam-policy.js';

/** IAM is global; its endpoint signs in us-east-1 in the aws partition. */
export const IAM_REGION = 'us-east-1';

/** What AWS IAM offers no control for, said in the report rather than checked. */
export const AWS_NOT_OFFERED: readonly string[] = [
  'locking an IAM user out after failed sign-in attempts (IAM has no account lockout)',
  'disabling users automatically after a period without use (remove or deactivate them yourself)',
];

/** How long to wait for a credential report, polling, before giving up on it. */
const REPORT_POLLS = 10;
const REPORT_POLL_MS = 1_000;

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export interface IdentityJob {
  readonly account: string;
  readonly clients: AwsClientFactory;
  readonly coverage: CoverageRecorder;
  readonly trust: TrustResolver;
  readonly organization?: Maybe<OrganizationView>;
  /** SCP levels for the account (root first); Unknown or absent when they cannot be read. */
  readonly scpLevels?: Maybe<OrganizationPolicy[][]>;
  readonly managementAccount: boolean;
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface IdentityRead {
  readonly principals: Principal[];
  readonly security: AccountSecurity;
}

interface Details {
  readonly users: UserDetail[];
  readonly groups: Map<string, { name: string; policies: PolicyDetail[]; attached: string[] }>;
  readonly roles: RoleDetail[];
  readonly policies: Map<string, ManagedPolicyDetail>;
}

async function readDetails(job: IdentityJob): Promise<Details> {
  const out: Details = { users: [], groups: new Map(), roles: [], policies: new Map() };
  const pages = paginateGetAccountAuthorizationDetails({ client: job.clients.iam(IAM_REGION) }, {});
  for await (const page of pages as AsyncIterable<GetAccountAuthorizationDetailsCommandOutput>) {
    out.users.push(...(page.UserDetailList ?? []));
    out.roles.push(...(page.RoleDetailList ?? []));
    for (const g of page.GroupDetailList ?? []) {
      if (g.GroupName) out.groups.set(g.GroupName, { name: g.GroupName, policies: g.GroupPolicyList ?? [], attached: (g.AttachedManagedPolicies ?? []).flatMap((a) => (a.PolicyArn ? [a.PolicyArn] : [])) });
    }
    for (const p of page.Policies ?? []) if (p.Arn) out.policies.set(p.Arn, p);
  }
  return out;
}

/** The default version's document of a managed policy. */
function managedDocument(details: Details, arn: string): PolicyDocument {
  const policy = details.policies.get(arn);
  const version = policy?.PolicyVersionList?.find((v) => v.IsDefaultVersion) ?? policy?.PolicyVersionList?.[0];
  if (!version?.Document) throw new PolicyDocumentError(`managed policy ${arn} was not returned with its document`);
  return parsePolicyDocument(version.Document);
}

function inline(policies: readonly PolicyDetail[] | undefined): IdentityPolicy[] {
  return (policies ?? []).map((p) => ({ kind: 'inline' as const, name: p.PolicyName ?? 'unnamed', document: parsePolicyDocument(p.PolicyDocument ?? '') }));
}

function managed(details: Details, arns: readonly string[]): IdentityPolicy[] {
  return arns.map((arn) => ({ kind: 'managed' as const, name: arn, document: managedDocument(details, arn) }));
}

const attachedArns = (list: ReadonlyArray<{ PolicyArn?: string }> | undefined): string[] => (list ?? []).flatMap((a) => (a.PolicyArn ? [a.PolicyArn] : []));

/** Evaluates a principal's policies; an unreadable document makes its capabilities Unknown, noted once per policy. */
function evaluate(job: IdentityJob, principal: EvaluatedPrincipal, build: () => Omit<PrincipalPolicies, 'account' | 'principal' | 'scpLevels' | 'managementAccount'>): Pick<Principal, 'capabilities' | 'privileged'> {
  try {
    const scp = job.scpLevels && !isUnknown(job.scpLevels) ? { scpLevels: job.scpLevels } : {};
    const result = evaluatePrincipal({ account: job.account, principal, managementAccount: job.managementAccount, ...scp, ...build() });
    return { capabilities: result.capabilities, privileged: result.privileged };
  } catch (error) {
    const reason = `${principal.arn}: ${error instanceof Error ? error.message : String(error)}`;
    job.coverage.gap('global', 'iam', 'error', 'iam:GetAccountAuthorizationDetails', `a policy could not be evaluated: ${reason}`, principal.arn);
    return { capabilities: unknownValue(reason), privileged: unknownValue(reason) };
  }
}

const iso = (d: Date | undefined): string | undefined => (d ? d.toISOString() : undefined);

function keysOf(row: CredentialRow): PrincipalKey[] {
  return row.keys.map((k) => ({ id: `access key ${k.slot}`, active: k.active, ...(k.lastRotated ? { createdAt: k.lastRotated } : {}), ...(k.lastUsed !== undefined ? { lastUsed: k.lastUsed } : {}) }));
}

function userPrincipal(job: IdentityJob, details: Details, user: UserDetail, report: Maybe<Map<string, CredentialRow>>): Principal {
  const arn = user.Arn ?? `arn:aws:iam::${job.account}:user/${user.UserName ?? ''}`;
  const name = user.UserName ?? arn;
  const evaluated = evaluate(job, { kind: 'user', name, arn }, () => {
    const groups: GroupPolicies[] = (user.GroupList ?? []).flatMap((g) => {
      const group = details.groups.get(g);
      return group ? [{ name: group.name, policies: [...inline(group.policies), ...managed(details, group.attached)] }] : [];
    });
    const boundary = user.PermissionsBoundary?.PermissionsBoundaryArn;
    return {
      identityPolicies: [...inline(user.UserPolicyList), ...managed(details, attachedArns(user.AttachedManagedPolicies))],
      groups,
      ...(boundary ? { boundary: { arn: boundary, document: managedDocument(details, boundary) } } : {}),
    };
  });
  const row = isUnknown(report) ? undefined : report.get(arn);
  const why = isUnknown(report) ? report : unknownValue(`user ${name} is not in the credential report`);
  const createdAt = iso(user.CreateDate);
  return {
    provider: 'aws',
    account: job.account,
    id: arn,
    name,
    kind: 'user',
    trust: 'internal',
    ...evaluated,
    ...(createdAt ? { createdAt } : {}),
    ...(row ? { interactive: row.passwordEnabled, mfa: row.mfaActive, lastUsed: lastActivity(row) ?? unknownValue('the credential report has no information on its use'), keys: keysOf(row) } : { mfa: why, lastUsed: why }),
  };
}

function rolePrincipal(job: IdentityJob, details: Details, role: RoleDetail): Principal {
  const arn = role.Arn ?? `arn:aws:iam::${job.account}:role/${role.RoleName ?? ''}`;
  const name = role.RoleName ?? arn;
  const evaluated = evaluate(job, { kind: 'role', name, arn }, () => {
    const boundary = role.PermissionsBoundary?.PermissionsBoundaryArn;
    return {
      identityPolicies: [...inline(role.RolePolicyList), ...managed(details, attachedArns(role.AttachedManagedPolicies))],
      ...(boundary ? { boundary: { arn: boundary, document: managedDocument(details, boundary) } } : {}),
    };
  });
  let assumableBy: Principal['assumableBy'] = [];
  try {
    assumableBy = trustPolicyPrincipals(parsePolicyDocument(role.AssumeRolePolicyDocument ?? ''), job.account, job.trust, job.organization);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    job.coverage.gap('global', 'iam', 'error', 'iam:GetAccountAuthorizationDetails', `a trust policy could not be read: ${reason}`, arn);
    assumableBy = [{ principal: 'the trust policy could not be read', trust: 'unknown', conditions: [] }];
  }
  const createdAt = iso(role.CreateDate);
  const used = iso(role.RoleLastUsed?.LastUsedDate);
  return {
    provider: 'aws',
    account: job.account,
    id: arn,
    name: role.Path && role.Path !== '/' ? `${role.Path.replace(/^\/|\/$/g, '')}/${name}` : name,
    kind: 'role',
    trust: 'internal',
    ...evaluated,
    ...(createdAt ? { createdAt } : {}),
    // IAM tracks role use for about 400 days; no date means none in that window.
    lastUsed: used ?? null,
    assumableBy,
  };
}

function rootPrincipal(job: IdentityJob, report: Maybe<Map<string, CredentialRow>>, summaryMfa: Maybe<boolean>): Principal {
  const arn = `arn:aws:iam::${job.account}:root`;
  const row = isUnknown(report) ? undefined : [...report.values()].find((r) => r.user === '<root_account>');
  const evaluated = evaluate(job, { kind: 'root', name: 'root', arn }, () => ({ identityPolicies: [] }));
  return {
    provider: 'aws',
    account: job.account,
    id: arn,
    name: 'root',
    kind: 'root',
    trust: 'internal',
    ...evaluated,
    interactive: row ? row.passwordEnabled : true,
    mfa: row ? row.mfaActive : summaryMfa,
    ...(row ? { lastUsed: lastActivity(row) ?? null, keys: keysOf(row) } : { lastUsed: unknownValue(isUnknown(report) ? report.reason : 'the root user is not in the credential report') }),
  };
}

/** Generates the credential report if needed and waits for it; Unknown when it cannot be had. */
async function readCredentialReport(job: IdentityJob): Promise<Maybe<Map<string, CredentialRow>>> {
  const iam = job.clients.iam(IAM_REGION);
  const sleep = job.sleep ?? defaultSleep;
  try {
    for (let poll = 0; poll < REPORT_POLLS; poll += 1) {
      const state = (await iam.send(new GenerateCredentialReportCommand({}))).State;
      if (state === 'COMPLETE') break;
      await sleep(REPORT_POLL_MS);
    }
    const out = await iam.send(new GetCredentialReportCommand({}));
    const text = out.Content ? Buffer.from(out.Content).toString('utf8') : '';
    return new Map(parseCredentialReport(text).map((row) => [row.arn, row]));
  } catch (error) {
    const failure = classifyAwsError(error);
    const detail = `${failure.detail}; MFA and last use of users are unknown`;
    job.coverage.gap('global', 'iam', failure.status, 'iam:GetCredentialReport', detail);
    return unknownValue(`the credential report could not be read: ${failure.detail}`);
  }
}

function passwordPolicyOf(p: IamPasswordPolicy): PasswordPolicy {
  return {
    ...(p.MinimumPasswordLength !== undefined ? { minimumLength: p.MinimumPasswordLength } : {}),
    requireSymbols: p.RequireSymbols === true,
    requireNumbers: p.RequireNumbers === true,
    requireUppercase: p.RequireUppercaseCharacters === true,
    requireLowercase: p.RequireLowercaseCharacters === true,
    ...(p.ExpirePasswords && p.MaxPasswordAge !== undefined ? { maxAgeDays: p.MaxPasswordAge } : {}),
    ...(p.PasswordReusePrevention !== undefined ? { reusePrevention: p.PasswordReusePrevention } : {}),
  };
}

async function readPasswordPolicy(job: IdentityJob): Promise<Maybe<PasswordPolicy | null>> {
  try {
    const out = await job.clients.iam(IAM_REGION).send(new GetAccountPasswordPolicyCommand({}));
    return out.PasswordPolicy ? passwordPolicyOf(out.PasswordPolicy) : null;
  } catch (error) {
    const failure = classifyAwsError(error);
    // No policy set: IAM's defaults apply.
    if (failure.code === 'NoSuchEntity' || failure.code === 'NoSuchEntityException') return null;
    job.coverage.gap('global', 'iam', failure.status, 'iam:GetAccountPasswordPolicy', failure.detail);
    return unknownValue(`iam:GetAccountPasswordPolicy failed: ${failure.detail}`);
  }
}

async function readRootMfa(job: IdentityJob): Promise<Maybe<boolean>> {
  try {
    const out = await job.clients.iam(IAM_REGION).send(new GetAccountSummaryCommand({}));
    const flag = out.SummaryMap?.['AccountMFAEnabled'];
    return flag === undefined ? unknownValue('GetAccountSummary did not report AccountMFAEnabled') : flag === 1;
  } catch (error) {
    const failure = classifyAwsError(error);
    job.coverage.gap('global', 'iam', failure.status, 'iam:GetAccountSummary', failure.detail);
    return unknownValue(`iam:GetAccountSummary failed: ${failure.detail}`);
  }
}

export async function readIdentities(job: IdentityJob): Promise<IdentityRead> {
  const [details, report, passwordPolicy, rootMfa] = await Promise.all([
    readDetails(job).catch((error: unknown) => {
      const failure = classifyAwsError(error);
      job.coverage.gap('global', 'iam', failure.status, 'iam:GetAccountAuthorizationDetails', `${failure.detail}; who can share or export snapshots is unknown`);
      return unknownValue(`iam:GetAccountAuthorizationDetails failed: ${failure.detail}`);
    }),
    readCredentialReport(job),
    readPasswordPolicy(job),
    readRootMfa(job),
  ]);
  const principals: Principal[] = isUnknown(details)
    ? []
    : [...details.users.map((u) => userPrincipal(job, details, u, report)), ...details.roles.map((r) => rolePrincipal(job, details, r)), rootPrincipal(job, report, rootMfa)];
  const security: AccountSecurity = {
    provider: 'aws',
    account: job.account,
    rootMfa,
    passwordPolicy,
    notOffered: AWS_NOT_OFFERED,
    identities: isUnknown(details) ? details : { listed: principals.length },
  };
  return { principals, security };
}
