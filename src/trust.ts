// How much we trust an account a resource is shared with: our own and our organization's accounts
// are internal, accounts the config names (with a reason) are trusted, anything else is external.
// When what would decide it could not be read, the answer is unknown, not external or internal.
import { isUnknown, type Maybe, type ProviderId, type Trust } from './model.js';

export interface TrustedAccount {
  readonly provider: ProviderId;
  /** An account id, or a group of accounts such as an AWS organization ARN. */
  readonly id: string;
  readonly name: string;
  readonly reason: string;
}

export interface TrustVerdict {
  readonly trust: Trust;
  readonly note: string;
}

/** The audited account's organization, as far as it could be read. */
export interface OrganizationView {
  readonly id: string;
  /** Member account ids; absent when the member list could not be read. */
  readonly members?: ReadonlySet<string>;
}

export interface PrincipalContext {
  readonly provider: ProviderId;
  readonly ownAccount: string;
  /** Absent: the account belongs to no organization. Unknown: that could not be read. */
  readonly organization?: Maybe<OrganizationView>;
  /** The principal stands for a group of accounts (an organization or unit) rather than one. */
  readonly group?: boolean;
}

export interface TrustResolver {
  classify(principal: string, context: PrincipalContext): TrustVerdict;
}

/** An organization is named by its id (`o-…`), its ARN (`…:organization/o-…`) or a unit's (`…:ou/o-…/ou-…`). */
function inOrganization(principal: string, organizationId: string): boolean {
  return principal === organizationId || principal.endsWith(`/${organizationId}`) || principal.includes(`/${organizationId}/`);
}

/**
 * Keys are compared without case (Azure GUIDs come in either); a trusted organization listed by
 * ARN is found by its bare id too (as vault policy conditions name it).
 */
function keysOf(entry: TrustedAccount): string[] {
  const orgId = /:organization\/(o-[a-z0-9]+)$/.exec(entry.id)?.[1];
  return [`${entry.provider}/${entry.id}`, ...(orgId ? [`${entry.provider}/${orgId}`] : [])].map((k) => k.toLowerCase());
}

export function createTrustResolver(trusted: readonly TrustedAccount[]): TrustResolver {
  const byKey = new Map(trusted.flatMap((t) => keysOf(t).map((key) => [key, t] as const)));
  return {
    classify(principal, { provider, ownAccount, organization, group }) {
      if (principal.toLowerCase() === ownAccount.toLowerCase()) return { trust: 'internal', note: 'the audited account itself' };
      const org = isUnknown(organization) ? undefined : organization;
      if (org && !group && org.members?.has(principal)) return { trust: 'internal', note: `a member of organization ${org.id}` };
      if (org && group && inOrganization(principal, org.id)) return { trust: 'internal', note: `organization ${org.id} or one of its units` };
      const entry = byKey.get(`${provider}/${principal}`.toLowerCase());
      if (entry) return { trust: 'trusted', note: `trusted in config: ${entry.name} (${entry.reason})` };
      if (isUnknown(organization)) {
        return { trust: 'unknown', note: `whether it belongs to our organization could not be read (${organization.reason})` };
      }
      if (group) return { trust: 'external', note: org ? `not our organization ${org.id}` : 'an organization, and the audited account belongs to none' };
      if (org && !org.members) return { trust: 'unknown', note: `organization ${org.id}'s member list could not be read; add the account to trustedAccounts if it is ours` };
      return { trust: 'external', note: org ? `not a member of organization ${org.id}, not in the trusted list` : 'not our account, not in the trusted list' };
    },
  };
}
