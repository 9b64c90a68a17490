// SDK clients for one account: one credential chain shared by all, and a pacing middleware on
// every client so that each attempt (retries included) takes a token from the bucket of its
// account, region and action before it goes out.
import { EC2Client } from '@aws-sdk/client-ec2';
import { STSClient } from '@aws-sdk/client-sts';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type {
  AwsCredentialIdentity,
  AwsCredentialIdentityProvider,
  FinalizeHandler,
  FinalizeHandlerArguments,
  HandlerExecutionContext,
  MetadataBearer,
  MiddlewareStack,
} from '@smithy/types';
import type { AwsScanOptions } from '../../src/config.js';
import type { Pacer, Rate } from '../../src/pacer.js';
import { isThrottlingError } from './errors.js';

/**
 * EC2's documented token bucket for non-mutating actions (Describe*, Get*): 100 burst, 20 per
 * second refill, per account, region and action. STS is metered more loosely; one call is made.
 */
const DOCUMENTED_RATES: Readonly<Record<string, Rate>> = {
  ec2: { burst: 100, perSecond: 20 },
  sts: { burst: 50, perSecond: 10 },
};

export function scanRate(service: string, share: number): Rate {
  const documented = DOCUMENTED_RATES[service] ?? { burst: 20, perSecond: 5 };
  return { burst: Math.max(1, Math.floor(documented.burst * share)), perSecond: documented.perSecond * share };
}

export interface AwsClientFactory {
  readonly credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  ec2(region: string, account: string): EC2Client;
  sts(region: string | undefined): STSClient;
  /** Closes every client's sockets; the factory is not used afterwards. */
  destroy(): void;
}

function addPacing<Input extends object, Output extends MetadataBearer>(
  stack: MiddlewareStack<Input, Output>,
  pacer: Pacer,
  service: string,
  keyPrefix: string,
  rate: Rate,
): void {
  stack.addRelativeTo(
    (next: FinalizeHandler<Input, Output>, context: HandlerExecutionContext) => async (args: FinalizeHandlerArguments<Input>) => {
      const action = `${service}:${(context.commandName ?? 'Unknown').replace(/Command$/, '')}`;
      const key = `${keyPrefix}:${action}`;
      await pacer.acquire(key, rate, action);
      try {
        return await next(args);
      } catch (error) {
        if (isThrottlingError(error)) pacer.throttled(key, action);
        throw error;
      }
    },
    { name: 'snapauditPacing', relation: 'after', toMiddleware: 'retryMiddleware', override: true },
  );
}

export function createClientFactory(options: AwsScanOptions, pacer: Pacer): AwsClientFactory {
  const credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider =
    options.credentials ?? fromNodeProviderChain(options.profile ? { profile: options.profile } : {});
  const common = {
    credentials,
    maxAttempts: options.maxAttempts,
    requestHandler: {
      requestTimeout: options.requestTimeoutMs,
      // Without this the SDK only warns when a request outlives the timeout.
      throwOnRequestTimeout: true,
      connectionTimeout: Math.min(options.requestTimeoutMs, 10_000),
    },
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.profile ? { profile: options.profile } : {}),
  };
  const ec2Clients = new Map<string, EC2Client>();
  const stsClients: STSClient[] = [];
  return {
    credentials,
    ec2(region, account) {
      let client = ec2Clients.get(region);
      if (!client) {
        client = new EC2Client({ ...common, region });
        addPacing(client.middlewareStack, pacer, 'ec2', `aws:${account}:${region}`, scanRate('ec2', options.rateShare));
        ec2Clients.set(region, client);
      }
      return client;
    },
    sts(region) {
      const client = new STSClient({ ...common, ...(region ? { region } : {}) });
      addPacing(client.middlewareStack, pacer, 'sts', `aws:caller:${region ?? 'default'}`, scanRate('sts', options.rateShare));
      stsClients.push(client);
      return client;
    },
    destroy() {
      for (const client of [...ec2Clients.values(), ...stsClients]) client.destroy();
      ec2Clients.clear();
      stsClients.length = 0;
    },
  };
}
