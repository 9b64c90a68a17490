// Azure Resource Manager clients: the cloud's endpoints (or an override), one credential for all,
// a pacing policy per subscription, and a retry for 429 answers that carry no Retry-After (the SDK
// only retries those that do). ARM APIs without an SDK here (subscription diagnostic settings) are
// read through the authorization client's pipeline, with the same credential, policies and TLS.
import { AuthorizationManagementClient } from '@azure/arm-authorization';
import { ComputeManagementClient } from '@azure/arm-compute';
import { NetworkManagementClient } from '@azure/arm-network';
import { SubscriptionClient } from '@azure/arm-resources-subscriptions';
import type { TokenCredential } from '@azure/core-auth';
import { createHttpHeaders, createPipelineRequest, isRestError, RestError, type PipelinePolicy, type PipelineResponse } from '@azure/core-rest-pipeline';
import { DefaultAzureCredential } from '@azure/identity';
import type { AzureCloud, AzureScanOptions } from '../../src/config.js';
import type { Pacer, Rate } from '../../src/pacer.js';

interface CloudEndpoints {
  readonly resourceManager: string;
  readonly authorityHost: string;
}

export const AZURE_CLOUD_ENDPOINTS: Readonly<Record<AzureCloud, CloudEndpoints>> = {
  AzureCloud: { resourceManager: 'https://management.azure.com', authorityHost: 'https://login.microsoftonline.com' },
  AzureUSGovernment: { resourceManager: 'https://management.usgovcloudapi.net', authorityHost: 'https://login.microsoftonline.us' },
  AzureChinaCloud: { resourceManager: 'https://management.chinacloudapi.cn', authorityHost: 'https://login.chinacloudapi.cn' },
};

/** The environment variable that points Resource Manager calls at another endpoint. */
export const RESOURCE_MANAGER_ENV = 'AZURE_RESOURCE_MANAGER_URL';

/** Resource Manager's read bucket per subscription: 250 burst, 25 per second. */
const ARM_READS: Rate = { burst: 250, perSecond: 25 };

const THROTTLE_BACKOFF_MS = 1_000;
const MAX_BACKOFF_MS = 30_000;

export function resourceManagerUrl(options: AzureScanOptions, env: NodeJS.ProcessEnv = process.env): string {
  // An empty variable counts as unset (a common way to clear it in CI).
  const chosen = options.resourceManagerUrl?.trim() || env[RESOURCE_MANAGER_ENV]?.trim() || AZURE_CLOUD_ENDPOINTS[options.cloud].resourceManager;
  return chosen.replace(/\/+$/, '');
}

/**
 * The Resource Manager operation a request performs, e.g. `Microsoft.Compute/snapshots/read`. An
 * extension resource (`.../providers/Microsoft.Compute/snapshots/s/providers/Microsoft.Authorization/roleAssignments`)
 * is named by its own, last, provider.
 */
export function operationOf(url: string): string {
  const path = new URL(url).pathname;
  const provider = /^.*\/providers\/(Microsoft\.[A-Za-z]+)\/(.*)$/i.exec(path);
  if (!provider) return 'Microsoft.Resources/subscriptions/read';
  // Resource types alternate with names: keep the types (every other segment).
  const segments = (provider[2] ?? '').split('/').filter(Boolean);
  const types = segments.filter((_, i) => i % 2 === 0);
  return `${provider[1]}/${types.join('/')}/read`;
}

function pacingPolicy(pacer: Pacer, subscription: string, rate: Rate): PipelinePolicy {
  return {
    name: 'snapauditPacing',
    async sendRequest(request, next) {
      const action = operationOf(request.url);
      const key = `azure:${subscription}:arm`;
      await pacer.acquire(key, rate, action);
      const response = await next(request);
      if (response.status === 429) pacer.throttled(key, action);
      return response;
    },
  };
}

/**
 * Retries 429s without Retry-After with jittered backoff; those with it are the SDK's. Clients of
 * the older generation (authorization, subscriptions) deserialize inside the pipeline, so there the
 * 429 arrives as a thrown RestError carrying the response.
 */
function throttleRetryPolicy(maxRetries: number, sleep: (ms: number) => Promise<void>): PipelinePolicy {
  return {
    name: 'snapauditThrottleRetry',
    async sendRequest(request, next) {
      for (let attempt = 0; ; attempt += 1) {
        let response: PipelineResponse;
        let thrown: RestError | undefined;
        try {
          response = await next(request);
        } catch (error) {
          if (!isRestError(error) || error.statusCode !== 429 || error.response === undefined) throw error;
          thrown = error;
          response = error.response;
        }
        const unguided = response.status === 429 && !response.headers.get('retry-after') && !response.headers.get('retry-after-ms');
        if (!unguided || attempt >= maxRetries) {
          if (thrown) throw thrown;
          return response;
        }
        const ceiling = Math.min(MAX_BACKOFF_MS, THROTTLE_BACKOFF_MS * 2 ** attempt);
        await sleep(ceiling / 2 + Math.random() * (ceiling / 2));
      }
    },
  };
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const KNOWN_AUTHORITIES = new Set(Object.values(AZURE_CLOUD_ENDPOINTS).map((c) => c.authorityHost));

/**
 * The login authority: AZURE_AUTHORITY_HOST when set (the SDK reads it), else the chosen cloud's.
 * Instance discovery asks login.microsoftonline.com about the authority, which a private one
 * (Azure Stack, an emulator) cannot answer, so it is skipped for authorities Microsoft does not run.
 */
export function credentialOptions(options: AzureScanOptions, env: NodeJS.ProcessEnv = process.env): { authorityHost?: string; disableInstanceDiscovery?: boolean } {
  const fromEnv = env['AZURE_AUTHORITY_HOST']?.trim().replace(/\/+$/, '');
  if (!fromEnv) return { authorityHost: AZURE_CLOUD_ENDPOINTS[options.cloud].authorityHost };
  return KNOWN_AUTHORITIES.has(fromEnv) ? {} : { disableInstanceDiscovery: true };
}

/** GETs of ARM list APIs that no installed SDK covers, through the same pipeline as the SDK clients. */
export interface ArmRestReader {
  /** Every item of `{ value, nextLink }` pages from `path` (starting with `/`) at `apiVersion`, with more query parameters (`$filter`). */
  list<T>(path: string, apiVersion: string, query?: Readonly<Record<string, string>>): AsyncIterable<T>;
}

export interface AzureClientFactory {
  readonly endpoint: string;
  subscriptions(): SubscriptionClient;
  compute(subscription: string): ComputeManagementClient;
  network(subscription: string): NetworkManagementClient;
  authorization(subscription: string): AuthorizationManagementClient;
  rest(subscription: string): ArmRestReader;
}

interface ArmErrorBody {
  readonly error?: { readonly code?: string; readonly message?: string };
}

/** ARM's `{ error: { code, message } }` as the RestError the SDK clients would throw. */
function restErrorOf(status: number, text: string | undefined, response: PipelineResponse): RestError {
  let body: ArmErrorBody = {};
  try {
    body = JSON.parse(text ?? '{}') as ArmErrorBody;
  } catch {
    // Not JSON (a proxy's page): the status says enough.
  }
  const code = body.error?.code ?? `HTTP${status}`;
  return new RestError(body.error?.message ?? `HTTP ${status}`, { code, statusCode: status, request: response.request, response });
}

export function createArmRestReader(client: Pick<AuthorizationManagementClient, 'sendRequest'>, endpoint: string): ArmRestReader {
  return {
    async *list<T>(path: string, apiVersion: string, query: Readonly<Record<string, string>> = {}): AsyncIterable<T> {
      const extra = Object.entries(query).map(([name, value]) => `&${encodeURIComponent(name)}=${encodeURIComponent(value)}`).join('');
      let next: string | undefined = `${endpoint}${path}?api-version=${encodeURIComponent(apiVersion)}${extra}`;
      while (next !== undefined) {
        const request = createPipelineRequest({ url: next, method: 'GET', headers: createHttpHeaders({ accept: 'application/json' }) });
        const response = await client.sendRequest(request);
        if (response.status >= 400) throw restErrorOf(response.status, response.bodyAsText ?? undefined, response);
        let page: { value?: T[]; nextLink?: string | null };
        try {
          page = JSON.parse(response.bodyAsText ?? '{}') as typeof page;
        } catch {
          throw new RestError(`the answer to ${path} is not JSON`, { code: 'InvalidResponse', statusCode: response.status, request, response });
        }
        yield* page.value ?? [];
        next = page.nextLink ?? undefined;
      }
    },
  };
}

export function createAzureClients(options: AzureScanOptions, pacer: Pacer, sleep = defaultSleep): AzureClientFactory {
  const endpoint = resourceManagerUrl(options);
  const credential: TokenCredential = options.credential ?? new DefaultAzureCredential(credentialOptions(options));
  const rate: Rate = { burst: Math.max(1, Math.floor(ARM_READS.burst * options.rateShare)), perSecond: ARM_READS.perSecond * options.rateShare };
  const scopes = [`${endpoint}/.default`];
  const common = (subscription: string) => ({
    endpoint,
    retryOptions: { maxRetries: options.maxRetries },
    ...(options.trustedCa ? { tlsOptions: { ca: options.trustedCa } } : {}),
    additionalPolicies: [
      { policy: throttleRetryPolicy(options.maxRetries, sleep), position: 'perCall' as const },
      { policy: pacingPolicy(pacer, subscription, rate), position: 'perRetry' as const },
    ],
  });
  const compute = new Map<string, ComputeManagementClient>();
  const network = new Map<string, NetworkManagementClient>();
  const authorization = new Map<string, AuthorizationManagementClient>();
  const authorizationClient = (subscription: string): AuthorizationManagementClient => {
    let client = authorization.get(subscription);
    if (!client) authorization.set(subscription, (client = new AuthorizationManagementClient(credential, subscription, { ...common(subscription), credentialScopes: scopes })));
    return client;
  };
  return {
    endpoint,
    // The clients come from two SDK generations, which name the token scopes differently.
    subscriptions: () => new SubscriptionClient(credential, { ...common('tenant'), credentialScopes: scopes }),
    compute(subscription) {
      let client = compute.get(subscription);
      if (!client) compute.set(subscription, (client = new ComputeManagementClient(credential, subscription, { ...common(subscription), credentials: { scopes } })));
      return client;
    },
    network(subscription) {
      let client = network.get(subscription);
      if (!client) network.set(subscription, (client = new NetworkManagementClient(credential, subscription, { ...common(subscription), credentialScopes: scopes })));
      return client;
    },
    authorization: authorizationClient,
    rest: (subscription) => createArmRestReader(authorizationClient(subscription), endpoint),
  };
}
