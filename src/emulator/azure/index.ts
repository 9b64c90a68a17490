// The Azure side of the emulator, served on its own HTTPS listener: Entra ID's token endpoint
// (client credentials for the estate's principals) and Azure Resource Manager's read API for the
// estate's subscriptions. Services in the call log are the resource provider namespaces
// (`Microsoft.Compute`, `Microsoft.Network`, `Microsoft.Resources`, `Microsoft.Authorization`,
// `Microsoft.Insights`) and `entra`; actions are the RBAC operations a call needs.
import { InputError } from '../../errors.js';
import type { AzureEstate } from '../estate.js';
import type { CallContext, EmulatedCloud, EmulatorRequest, ServiceCall } from '../types.js';
import { ARM_ACCESS_ACTIONS, ARM_ACTIONS, identifyArm } from './arm.js';
import { identifyEntra, isEntraPath } from './entra.js';
import { sameId } from './ids.js';
import { TokenStore, type AzurePrincipal } from './tokens.js';
import { SubscriptionView } from './view.js';

export { ARM_DEFAULT_PAGE_SIZE } from './paging.js';

export { ENTRA_ACTIONS, ENTRA_SERVICE } from './entra.js';

/** The RBAC operations ARM serves for subscriptions and their resources (compare with a custom role's `Actions`). */
export const AZURE_ACTIONS: readonly string[] = ARM_ACTIONS;

/** The RBAC operations ARM serves for role assignments, role definitions and diagnostic settings. */
export const AZURE_ACCESS_ACTIONS: readonly string[] = ARM_ACCESS_ACTIONS;

export { BUILT_IN_ROLES, builtInRole, type BuiltInRole } from './built-in-roles.js';

export interface AzureCloudOptions {
  /** Bearer tokens ARM accepts without the token endpoint: token → the principal's client id. */
  readonly staticTokens?: Readonly<Record<string, string>>;
}

function staticTokensOf(estate: AzureEstate, tokens: Readonly<Record<string, string>>): Map<string, AzurePrincipal> {
  const map = new Map<string, AzurePrincipal>();
  for (const [token, clientId] of Object.entries(tokens)) {
    if (!/^\S+$/.test(token)) throw new InputError('invalid emulator option azureStaticTokens: a token must be non-empty and without spaces');
    const principal = estate.principals.find((p) => sameId(p.clientId, clientId));
    if (principal === undefined) throw new InputError(`invalid emulator option azureStaticTokens: no principal of the estate has client id ${clientId}`);
    map.set(token, principal);
  }
  return map;
}

/** The origin clients used, for the links ARM and Entra return (nextLink, token_endpoint). */
function originOf(request: EmulatorRequest): string {
  return `https://${request.headers.host ?? '127.0.0.1'}`;
}

export function createAzureCloud(estate: AzureEstate, options: AzureCloudOptions = {}): EmulatedCloud {
  const tokens = new TokenStore(staticTokensOf(estate, options.staticTokens ?? {}));
  const views = new Map(estate.subscriptions.map((s) => [s.id.toLowerCase(), new SubscriptionView(s)] as const));

  return {
    id: 'azure',
    // The Azure listener serves nothing else, so every request that reaches it is Azure's.
    accepts: () => true,
    identify(request: EmulatorRequest, context: CallContext): ServiceCall {
      const url = new URL(request.url, 'https://emulator.invalid');
      const origin = originOf(request);
      if (isEntraPath(url.pathname)) return identifyEntra(estate, tokens, request, url, origin);
      return identifyArm({ estate, views, tokens, pageCap: context.pageCap }, request, url, origin);
    },
  };
}
