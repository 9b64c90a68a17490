// The IAM view of an estate account: its users, groups and roles with their ARNs and stable ids,
// the roles STS admits (listed by IAM too, with a trust policy made from the estate's fields), and
// the managed policies they attach, customer managed or AWS managed.
import { createHash } from 'node:crypto';
import type { AwsAccountEstate, EstateIamPolicy, EstateIamRole, EstateRole } from '../estate.js';
import { AWS_MANAGED_POLICY_PREFIX, awsManagedPolicyArn, awsManagedPolicyByArn, type AwsManagedPolicy } from './iam-managed-policies.js';
import { roleIdOf } from './sessions.js';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** A stable IAM unique id: a four-letter prefix (AIDA, AGPA, ANPA) and base32 characters. */
export function iamIdOf(prefix: string, seed: string, length = 17): string {
  const digest = createHash('sha256').update(seed).digest();
  return prefix + [...digest].slice(0, length).map((b) => BASE32[b % 32] ?? 'A').join('');
}

export function userArn(accountId: string, path: string, name: string): string {
  return `arn:aws:iam::${accountId}:user${path}${name}`;
}

export function groupArn(accountId: string, path: string, name: string): string {
  return `arn:aws:iam::${accountId}:group${path}${name}`;
}

export function roleArn(accountId: string, path: string, name: string): string {
  return `arn:aws:iam::${accountId}:role${path}${name}`;
}

export function customerPolicyArn(accountId: string, policy: Pick<EstateIamPolicy, 'path' | 'name'>): string {
  return `arn:aws:iam::${accountId}:policy${policy.path}${policy.name}`;
}

/**
 * A policy document as IAM returns it: JSON, URL-encoded per RFC 3986 (so `!'()*` too). Lone
 * surrogates, which no JSON text in UTF-8 can carry, become U+FFFD.
 */
export function encodePolicyDocument(document: Readonly<Record<string, unknown>>): string {
  const json = JSON.stringify(document, null, 4).replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
  return encodeURIComponent(json).replace(/[!'()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The trust policy of a role the estate lists only for STS: its trusted accounts, and the ExternalId condition. */
function trustPolicyOf(assumable: EstateRole): Record<string, unknown> {
  const principals = assumable.trustedAccounts.map((id) => `arn:aws:iam::${id}:root`);
  const statement: Record<string, unknown> = {
    Effect: 'Allow',
    Principal: { AWS: principals.length === 1 ? principals[0] : principals },
    Action: 'sts:AssumeRole',
  };
  if (assumable.externalId !== undefined) statement['Condition'] = { StringEquals: { 'sts:ExternalId': assumable.externalId } };
  return { Version: '2012-10-17', Statement: [statement] };
}

/** Every role IAM lists: the estate's IAM roles, then the STS roles not described there, without permissions. */
export function rolesOf(account: AwsAccountEstate): EstateIamRole[] {
  const described = new Set(account.iam.roles.map((r) => r.name));
  const fromSts = account.roles
    .filter((r) => !described.has(r.name))
    .map(
      (r): EstateIamRole => ({
        name: r.name,
        path: '/',
        created: account.iam.root.created,
        trustPolicy: trustPolicyOf(r),
        inlinePolicies: [],
        managedPolicies: [],
        tags: {},
        maxSessionDuration: 3600,
        lastUsed: null,
      }),
    );
  return [...account.iam.roles, ...fromSts];
}

export function roleIdOfRole(accountId: string, role: Pick<EstateIamRole, 'path' | 'name'>): string {
  return roleIdOf(roleArn(accountId, role.path, role.name));
}

/** A managed policy an identity attaches: the account's own, or one from the AWS catalog. */
export type ResolvedPolicy = { readonly kind: 'customer'; readonly arn: string; readonly policy: EstateIamPolicy } | { readonly kind: 'aws'; readonly arn: string; readonly policy: AwsManagedPolicy };

/** Resolves an ARN the estate attaches (the estate schema has checked that it exists). */
export function resolvePolicy(account: AwsAccountEstate, arn: string): ResolvedPolicy | undefined {
  if (arn.startsWith(`${AWS_MANAGED_POLICY_PREFIX}/`)) {
    const policy = awsManagedPolicyByArn(arn);
    return policy === undefined ? undefined : { kind: 'aws', arn: awsManagedPolicyArn(policy), policy };
  }
  const policy = account.iam.policies.find((p) => customerPolicyArn(account.id, p) === arn);
  return policy === undefined ? undefined : { kind: 'customer', arn, policy };
}

/** How many identities attach each managed policy, and how many use it as a permissions boundary. */
export function policyUsage(account: AwsAccountEstate): { attachments: Map<string, number>; boundaries: Map<string, number> } {
  const attachments = new Map<string, number>();
  const boundaries = new Map<string, number>();
  const bump = (map: Map<string, number>, arn: string): void => {
    map.set(arn, (map.get(arn) ?? 0) + 1);
  };
  for (const identity of [...account.iam.users, ...account.iam.groups, ...rolesOf(account)]) {
    for (const arn of identity.managedPolicies) bump(attachments, arn);
  }
  for (const identity of [...account.iam.users, ...rolesOf(account)]) {
    if (identity.permissionsBoundary !== undefined) bump(boundaries, identity.permissionsBoundary);
  }
  return { attachments, boundaries };
}
