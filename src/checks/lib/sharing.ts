// Reading a resource's sharing without ever mistaking "could not read" for "private".
import { isUnknown, type Sharing, type SharingGrant, type Trust } from '../../model.js';
import type { Evidence, JsonValue } from '../define-check.js';

export type AccountGrant = Extract<SharingGrant, { kind: 'account' }>;

/** The grants known for certain: all of them when sharing was read, the confirmed ones otherwise. */
export function knownGrants(sharing: Sharing): readonly SharingGrant[] {
  return isUnknown(sharing) ? sharing.confirmed : sharing;
}

export function isPublic(sharing: Sharing): boolean {
  return knownGrants(sharing).some((grant) => grant.kind === 'public');
}

export function accountGrants(sharing: Sharing, trust?: readonly Trust[]): AccountGrant[] {
  return knownGrants(sharing).filter(
    (grant): grant is AccountGrant => grant.kind === 'account' && (trust === undefined || trust.includes(grant.trust)),
  );
}

/** The widest audience among the known grants, for scoring. */
export function widestExposure(sharing: Sharing): 'public' | 'external' | 'unknown' | 'trusted' | undefined {
  const grants = knownGrants(sharing);
  if (grants.some((g) => g.kind === 'public')) return 'public';
  if (grants.some((g) => g.kind === 'account' && g.trust === 'external')) return 'external';
  if (isUnknown(sharing) || grants.some((g) => g.kind === 'account' && g.trust === 'unknown')) return 'unknown';
  if (grants.some((g) => g.kind === 'account')) return 'trusted';
  return undefined;
}

export function sharingEvidence(sharing: Sharing): Evidence {
  const grants: JsonValue[] = knownGrants(sharing).map((grant) => ({ ...grant }));
  return isUnknown(sharing) ? { sharing: 'unknown', sharingError: sharing.reason, confirmedGrants: grants } : { grants };
}
