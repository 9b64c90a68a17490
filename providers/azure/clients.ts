// Azure Resource Manager clients: the cloud's endpoints (or an override), one credential for all,
// a pacing policy per subscription, and a retry for 429 answers that carry no Retry-After (the SDK
// only retries those that do).
import { ComputeManagementClient } from '@azure/arm-compute';
import { NetworkManagementClient } from '@azure/arm-network';
import { SubscriptionClient } from '@azure/arm-resources-subscriptions';
import type { TokenCredential } from '@azure/core-auth';
import type { PipelinePolicy } from '@azure/core-rest-pipeline';
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

/** The Resource Manager operation a request performs, e.g. `Microsoft.Compute/snapshots/read`. */
export function operationOf(url: string): string {
  const path = new URL(url).pathname;
  const provider = /\/providers\/(Microsoft\.[A-Za-z]+)\/(.*)$/i.exec(path);
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

/** Retries 429s without Retry-After with jittered backoff; those with it are the SDK's. */
function throttleRetryPolicy(maxRetries: number, sleep: (ms: number) => Promise<void>): PipelinePolicy {
  return {
    name: 'snapauditThrottleRetry',
    async sendRequest(request, next) {
      for (let attempt = 0; ; attempt += 1) {
        const response = await next(request);
        const unguided = response.status === 429 && !response.headers.get('retry-after') && !response.headers.get('retry-after-ms');
        if (!unguided || attempt >= maxRetries) return response;
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

export interface AzureClientFactory {
  readonly endpoint: string;
  subscriptions(): SubscriptionClient;
  compute(subscription: string): ComputeManagementClient;
  network(subscription: string): NetworkManagementClient;
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
  };
}
