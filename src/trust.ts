// How much we trust an account a resource is shared with: our own and our organization's accounts
// are internal, accounts the config names (with a reason) are trusted, anything else is external.
import type { ProviderId, Trust } from './model.js';

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

export interface PrincipalContext {
  readonly provider: ProviderId;
  readonly ownAccount: string;
  /** Accounts known to belong to our organization. */
  readonly internal?: ReadonlySet<string>;
  /** The principal stands for a group of accounts (an organization or unit) rather than one. */
  readonly group?: boolean;
}

export interface TrustResolver {
  classify(principal: string, context: PrincipalContext): TrustVerdict;
}

export function createTrustResolver(trusted: readonly TrustedAccount[]): TrustResolver {
  const byKey = new Map(trusted.map((t) => [`${t.provider}/${t.id}`, t]));
  return {
    classify(principal, { provider, ownAccount, internal, group }) {
      if (principal === ownAccount) return { trust: 'internal', note: 'the audited account itself' };
      if (internal?.has(principal)) return { trust: 'internal', note: 'a member of the organization' };
      const entry = byKey.get(`${provider}/${principal}`);
      if (entry) return { trust: 'trusted', note: `trusted in config: ${entry.name} (${entry.reason})` };
      if (group) return { trust: 'unknown', note: 'a group of accounts whose membership was not read' };
      return { trust: 'external', note: 'not our account, not in the organization, not in the trusted list' };
    },
  };
}
