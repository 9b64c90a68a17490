// Bearer tokens: opaque values the emulator issued at its token endpoint (or was given as static
// tokens), each mapped to the principal it was issued to.
import { randomBytes } from 'node:crypto';
import type { AzureEstate } from '../estate.js';
import { stableGuid } from './ids.js';

export type AzurePrincipal = AzureEstate['principals'][number];

/** The principal behind a token, as ARM sees it. */
export interface Bearer {
  readonly principal: AzurePrincipal;
  /** What ARM calls the caller's object id (the service principal's, not the application's). */
  readonly objectId: string;
  /** Milliseconds since the epoch; static tokens never expire. */
  readonly expiresAt: number;
}

/** Entra's access tokens last an hour, less a second. */
export const TOKEN_LIFETIME_SECONDS = 3599;

export function objectIdOf(principal: AzurePrincipal): string {
  return stableGuid(`service-principal:${principal.clientId.toLowerCase()}`);
}

export class TokenStore {
  readonly #tokens = new Map<string, Bearer>();

  constructor(staticTokens: ReadonlyMap<string, AzurePrincipal>) {
    for (const [token, principal] of staticTokens) {
      this.#tokens.set(token, { principal, objectId: objectIdOf(principal), expiresAt: Number.POSITIVE_INFINITY });
    }
  }

  issue(principal: AzurePrincipal, now: number): string {
    const token = `emu.${randomBytes(32).toString('base64url')}`;
    this.#tokens.set(token, { principal, objectId: objectIdOf(principal), expiresAt: now + TOKEN_LIFETIME_SECONDS * 1000 });
    return token;
  }

  find(token: string): Bearer | undefined {
    return this.#tokens.get(token);
  }
}
