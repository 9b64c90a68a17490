// SDK clients for one account: one credential source shared by all, and a pacing middleware on
// every client so that each attempt (retries included) takes a token from the bucket of its
// account, region and API before it goes out.
import { BackupClient } from '@aws-sdk/client-backup';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { EC2Client } from '@aws-sdk/client-ec2';
import { IAMClient } from '@aws-sdk/client-iam';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { RDSClient } from '@aws-sdk/client-rds';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
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

interface ServiceRate extends Rate {
  /** Whether AWS meters each action on its own bucket (EC2) or the whole service on one (RDS). */
  readonly perAction: boolean;
  /** Actions AWS meters on a bucket of their own, apart from the rest of the service (`cloudtrail:LookupEvents`). */
  readonly actions?: Readonly<Record<string, Rate>>;
}

/**
 * Documented (or, where AWS does not publish one, conservative) request rates per account and
 * region. EC2: 100 burst, 20/s refill per non-mutating action. RDS: about 300 burst and 12/s for
 * the whole API. STS and Organizations see a handful of calls per scan.
 */
const DOCUMENTED_RATES: Readonly<Record<string, ServiceRate>> = {
  ec2: { burst: 100, perSecond: 20, perAction: true },
  rds: { burst: 300, perSecond: 12, perAction: false },
  backup: { burst: 20, perSecond: 5, perAction: false },
  organizations: { burst: 10, perSecond: 4, perAction: false },
  sts: { burst: 50, perSecond: 10, perAction: false },
  // IAM publishes no read rate; a scan makes a handful of calls.
  iam: { burst: 10, perSecond: 5, perAction: false },
  // CloudTrail: 10 per second for get, describe and list APIs; LookupEvents alone is 2 per second
  // per account and region, on its own bucket.
  cloudtrail: { burst: 10, perSecond: 5, perAction: false, actions: { 'cloudtrail:LookupEvents': { burst: 2, perSecond: 2 } } },
};

const share = (rate: Rate, by: number): Rate => ({ burst: Math.max(1, Math.floor(rate.burst * by)), perSecond: rate.perSecond * by });

export function scanRate(service: string, by: number): ServiceRate {
  const documented = DOCUMENTED_RATES[service] ?? { burst: 10, perSecond: 2, perAction: false };
  const actions = documented.actions ? Object.fromEntries(Object.entries(documented.actions).map(([action, rate]) => [action, share(rate, by)])) : undefined;
  return { ...share(documented, by), perAction: documented.perAction, ...(actions ? { actions } : {}) };
}

type Credentials = AwsCredentialIdentity | AwsCredentialIdentityProvider;

export interface AwsClientFactory {
  readonly credentials: Credentials;
  ec2(region: string): EC2Client;
  rds(region: string): RDSClient;
  backup(region: string): BackupClient;
  organizations(region: string): OrganizationsClient;
  /** IAM is global: one client and one bucket per account. */
  iam(region: string): IAMClient;
  cloudtrail(region: string): CloudTrailClient;
  sts(region: string | undefined): STSClient;
  /** Credentials for a role in another account, assumed with this factory's identity and refreshed as they expire. */
  assumeRole(region: string, params: { roleArn: string; externalId?: string }): AwsCredentialIdentityProvider;
  /** Closes every client's sockets; the factory is not used afterwards. */
  destroy(): void;
}

interface PacingSpec {
  readonly pacer: Pacer;
  readonly service: string;
  readonly keyPrefix: string;
  readonly rate: ServiceRate;
}

function withPacing<Input extends object, Output extends MetadataBearer, C extends { middlewareStack: MiddlewareStack<Input, Output> }>(
  client: C,
  { pacer, service, keyPrefix, rate }: PacingSpec,
): C {
  client.middlewareStack.addRelativeTo(
    (next: FinalizeHandler<Input, Output>, context: HandlerExecutionContext) => async (args: FinalizeHandlerArguments<Input>) => {
      const action = `${service}:${(context.commandName ?? 'Unknown').replace(/Command$/, '')}`;
      const own = rate.actions?.[action];
      const key = rate.perAction || own ? `${keyPrefix}:${action}` : `${keyPrefix}:${service}`;
      await pacer.acquire(key, own ?? rate, action);
      try {
        return await next(args);
      } catch (error) {
        if (isThrottlingError(error)) pacer.throttled(key, action);
        throw error;
      }
    },
    { name: 'snapauditPacing', relation: 'after', toMiddleware: 'retryMiddleware', override: true },
  );
  return client;
}

/** Refresh assumed credentials this long before they expire. */
const REFRESH_MARGIN_MS = 5 * 60_000;

/**
 * @param account the account the clients act in (for pacing keys); the caller's account until
 * its identity is known, which is only used for STS.
 */
export function createClientFactory(options: AwsScanOptions, pacer: Pacer, account: string, credentials?: Credentials): AwsClientFactory {
  const source: Credentials = credentials ?? options.credentials ?? fromNodeProviderChain(options.profile ? { profile: options.profile } : {});
  const common = {
    credentials: source,
    maxAttempts: options.maxAttempts,
    requestHandler: {
      requestTimeout: options.requestTimeoutMs,
      // Without this the SDK only warns when a request outlives the timeout.
      throwOnRequestTimeout: true,
      connectionTimeout: Math.min(options.requestTimeoutMs, 10_000),
    },
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.profile && !credentials ? { profile: options.profile } : {}),
  };
  const clients = new Map<string, { destroy(): void }>();
  /** One client per service and region, made on first use and paced from birth. */
  function cached<C extends { destroy(): void }>(service: string, region: string, make: (pacing: PacingSpec) => C): C {
    const key = `${service}/${region}`;
    let client = clients.get(key) as C | undefined;
    if (!client) {
      client = make({ pacer, service, keyPrefix: `aws:${account}:${region}`, rate: scanRate(service, options.rateShare) });
      clients.set(key, client);
    }
    return client;
  }
  const factory: AwsClientFactory = {
    credentials: source,
    ec2: (region) => cached('ec2', region, (p) => withPacing(new EC2Client({ ...common, region }), p)),
    rds: (region) => cached('rds', region, (p) => withPacing(new RDSClient({ ...common, region }), p)),
    backup: (region) => cached('backup', region, (p) => withPacing(new BackupClient({ ...common, region }), p)),
    // Organizations is global: one bucket per account whatever region the client signs for.
    organizations: (region) => cached('organizations', 'global', (p) => withPacing(new OrganizationsClient({ ...common, region }), p)),
    iam: (region) => cached('iam', 'global', (p) => withPacing(new IAMClient({ ...common, region }), p)),
    cloudtrail: (region) => cached('cloudtrail', region, (p) => withPacing(new CloudTrailClient({ ...common, region }), p)),
    sts: (region) => cached('sts', region ?? 'default', (p) => withPacing(new STSClient({ ...common, ...(region ? { region } : {}) }), p)),
    assumeRole(region, { roleArn, externalId }) {
      const sts = factory.sts(region);
      let current: Promise<AwsCredentialIdentity> | undefined;
      let expiresAt = 0;
      return () => {
        if (!current || Date.now() > expiresAt - REFRESH_MARGIN_MS) {
          current = sts
            .send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'snapaudit', DurationSeconds: 3600, ...(externalId ? { ExternalId: externalId } : {}) }))
            .then((out) => {
              const c = out.Credentials;
              if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error(`AssumeRole for ${roleArn} returned no credentials`);
              expiresAt = c.Expiration ? c.Expiration.getTime() : Date.now() + 3_600_000;
              return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}), ...(c.Expiration ? { expiration: c.Expiration } : {}) };
            });
          // A failed attempt is not cached: the next call tries again.
          current.catch(() => {
            current = undefined;
          });
        }
        return current;
      };
    },
    destroy() {
      for (const client of clients.values()) client.destroy();
      clients.clear();
    },
  };
  return factory;
}
