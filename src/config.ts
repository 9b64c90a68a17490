// The config file (JSON), validated before anything runs. Command-line flags override it.
import { z } from 'zod';
import { InputError } from './errors.js';
import type { ProviderId } from './model.js';
import type { TrustedAccount } from './trust.js';
import { parseOrThrow, readJsonFile } from './validate.js';

export const DEFAULT_CONCURRENCY = 16;

/** `us-east-1`, `eu-central-2`, `us-gov-west-1`, `cn-north-1`, `us-isob-east-1`... */
export const AWS_REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

/** What an account (or group of accounts) id looks like in each cloud. */
const TRUSTED_ID_FORMATS: Readonly<Record<ProviderId, { pattern: RegExp; description: string }>> = {
  aws: { pattern: /^(\d{12}|o-[a-z0-9]{10,32}|arn:aws[a-z-]*:organizations::\d{12}:(organization|ou)\/.+)$/, description: 'a 12-digit AWS account id, an organization id, or an organization/OU ARN' },
  azure: { pattern: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, description: 'an Azure subscription or tenant id (a GUID)' },
  gcp: { pattern: /^[a-z][a-z0-9-]{4,28}[a-z0-9]$|^[a-z0-9.-]+\.[a-z]{2,}$/, description: 'a GCP project id or a domain' },
};

const trustedAccount = z.strictObject({
  provider: z.enum(['aws', 'azure', 'gcp']).default('aws'),
  id: z.string().min(1, 'an account id is required'),
  name: z.string().min(1, 'a name is required: say whose account it is'),
  reason: z.string().min(1, 'a reason is required: say why sharing with it is expected'),
});

const awsSection = z.strictObject({
  /** A named profile from the shared config/credentials files. */
  profile: z.string().min(1).optional(),
  /** Attempts per call, the first included, before a read is reported as failed. */
  maxAttempts: z.number().int().min(1).max(20).default(6),
  /** Milliseconds before one HTTP attempt is abandoned. */
  requestTimeoutMs: z.number().int().min(100).max(600_000).default(30_000),
  /** The share of AWS's documented request rate the scan may use; the rest stays for production traffic. */
  rateShare: z.number().gt(0).max(1).default(0.8),
  /** Accounts scanned at once in an organization scan (each paced on its own buckets). */
  accountConcurrency: z.number().int().min(1).max(64).default(4),
  /** For --org: the role to assume in each member account, and its external id if the trust policy needs one. */
  assumeRole: z.string().regex(/^[\w+=,.@/-]{1,64}$/, 'not an IAM role name').optional(),
  externalId: z.string().min(2).max(1224).optional(),
});

export const AZURE_CLOUDS = ['AzureCloud', 'AzureUSGovernment', 'AzureChinaCloud'] as const;
export type AzureCloud = (typeof AZURE_CLOUDS)[number];

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const azureSection = z.strictObject({
  cloud: z.enum(AZURE_CLOUDS).default('AzureCloud'),
  subscriptions: z.array(z.string().regex(GUID, 'not a subscription id (a GUID)')).min(1).optional(),
  maxRetries: z.number().int().min(0).max(20).default(5),
  requestTimeoutMs: z.number().int().min(100).max(600_000).default(30_000),
  rateShare: z.number().gt(0).max(1).default(0.8),
  subscriptionConcurrency: z.number().int().min(1).max(64).default(4),
});

/** A GCP project id: 6 to 30 lower-case letters, digits and dashes, starting with a letter. */
export const GCP_PROJECT_PATTERN = /^[a-z][-a-z0-9]{4,28}[a-z0-9]$/;

const gcpSection = z.strictObject({
  projects: z.array(z.string().regex(GCP_PROJECT_PATTERN, 'not a GCP project id')).min(1).optional(),
  /** Your organization's Google Workspace / Cloud Identity domains: their users and groups are internal. */
  internalDomains: z.array(z.string().regex(/^[a-z0-9.-]+\.[a-z]{2,}$/i, 'not a domain')).default([]),
  maxRetries: z.number().int().min(0).max(20).default(5),
  requestTimeoutMs: z.number().int().min(100).max(600_000).default(30_000),
  rateShare: z.number().gt(0).max(1).default(0.8),
  projectConcurrency: z.number().int().min(1).max(64).default(4),
});

const benignCaller = z.strictObject({
  provider: z.enum(['aws', 'azure', 'gcp']),
  /** The caller as its cloud names it (an ARN, an object id, an email); `*` matches any run of characters. */
  id: z.string().min(1).max(512),
  reason: z.string().min(3, 'say why this caller is expected'),
});

const logsSection = z.strictObject({
  /** How far apart in time the steps of one chain may be. */
  windowHours: z.number().positive().max(24 * 90).default(72),
  /** A principal made this recently before it shares or restores is "new". */
  newPrincipalHours: z.number().positive().max(24 * 30).default(24),
  /** Callers whose snapshot calls are expected (a backup service, a pipeline): they start no chain. */
  benignCallers: z.array(benignCaller).default([]),
});

export type LogsOptions = z.output<typeof logsSection>;

/** A check id, or a glob over check ids where `*` stands for any run of characters. */
const CHECK_ID_GLOB = /^[a-z0-9*-]+$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether `value` is a real calendar date written YYYY-MM-DD (2026-02-30 is not). */
export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

const onlyStars = (glob: string): boolean => /^\*+$/.test(glob);

/**
 * An accepted finding. `resource` is a glob (`*` only; every other character is literal, case
 * ignored) tried against the resource's native id and against `provider/account/region/id`.
 * `expires` is the last UTC day the suppression applies: a suppression cannot live forever.
 */
export const suppressionSchema = z
  .strictObject({
    checkId: z.string().min(1).max(128).regex(CHECK_ID_GLOB, 'not a check id or a glob of check ids (lower-case letters, digits, dashes, and * for any run of characters)'),
    resource: z.string().min(1, 'a resource id or glob is required (* for every resource of the check)').max(2048),
    reason: z.string().trim().min(10, 'a reason is required: say why this finding is accepted (10 characters or more)').max(1000),
    owner: z.string().trim().min(2, 'an owner is required: the person or team answerable for it').max(200),
    expires: z.string().refine(isIsoDate, 'an expiry date is required, written YYYY-MM-DD (the last day the suppression applies, UTC)'),
    provider: z.enum(['aws', 'azure', 'gcp']).optional(),
    account: z.string().min(1).max(256).optional(),
  })
  .superRefine((s, ctx) => {
    if (onlyStars(s.checkId) && onlyStars(s.resource) && s.account === undefined) {
      ctx.addIssue({ code: 'custom', path: ['resource'], message: 'checkId and resource are both "*": this would suppress every finding; name a check, a resource or an account' });
    }
  });

export type Suppression = z.output<typeof suppressionSchema>;

export function isSubscriptionId(value: string): boolean {
  return GUID.test(value);
}

export const configSchema = z.strictObject({
  $schema: z.string().optional(),
  trustedAccounts: z.array(trustedAccount).default([]),
  regions: z.array(z.string().regex(AWS_REGION_PATTERN, 'not a region name')).min(1).optional(),
  concurrency: z.number().int().min(1).max(256).default(DEFAULT_CONCURRENCY),
  aws: awsSection.default({ maxAttempts: 6, requestTimeoutMs: 30_000, rateShare: 0.8, accountConcurrency: 4 }),
  azure: azureSection.default({ cloud: 'AzureCloud', maxRetries: 5, requestTimeoutMs: 30_000, rateShare: 0.8, subscriptionConcurrency: 4 }),
  gcp: gcpSection.default({ internalDomains: [], maxRetries: 5, requestTimeoutMs: 30_000, rateShare: 0.8, projectConcurrency: 4 }),
  logs: logsSection.default({ windowHours: 72, newPrincipalHours: 24, benignCallers: [] }),
  /** Accepted findings, each with a reason, an owner and an expiry date. */
  suppressions: z.array(suppressionSchema).optional(),
});

export type Config = z.output<typeof configSchema>;

/** What the AWS provider needs beyond the common scope. */
export interface AwsScanOptions {
  readonly profile?: string;
  readonly maxAttempts: number;
  readonly requestTimeoutMs: number;
  readonly rateShare: number;
  readonly accountConcurrency: number;
  /** Scan every active account of the organization, assuming this role in each member. */
  readonly organization?: {
    readonly assumeRole: string;
    readonly externalId?: string;
    /** Only these accounts. */
    readonly accounts?: readonly string[];
  };
  /** Overrides the endpoint (the demo's emulator); otherwise the SDK's own resolution, incl. AWS_ENDPOINT_URL. */
  readonly endpoint?: string;
  /** Fixed credentials (the demo's); otherwise the SDK's default chain. */
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
}

/** The token the Azure provider needs: the shape of @azure/core-auth's TokenCredential, without importing it. */
export interface AzureTokenSource {
  getToken(scopes: string | string[]): Promise<{ token: string; expiresOnTimestamp: number } | null>;
}

/** What the Azure provider needs beyond the common scope. */
export interface AzureScanOptions {
  readonly cloud: AzureCloud;
  /** Only these subscriptions; every subscription the identity can see when absent. */
  readonly subscriptions?: readonly string[];
  readonly maxRetries: number;
  readonly requestTimeoutMs: number;
  readonly rateShare: number;
  readonly subscriptionConcurrency: number;
  /** Overrides the Resource Manager URL (the demo's emulator); otherwise the cloud's, or AZURE_RESOURCE_MANAGER_URL. */
  readonly resourceManagerUrl?: string;
  /** A fixed credential (the demo's); otherwise DefaultAzureCredential. */
  readonly credential?: AzureTokenSource;
  /** A CA certificate (PEM) to trust for Resource Manager, besides the system's (the demo's emulator). */
  readonly trustedCa?: string;
}

/** What the GCP provider needs beyond the common scope. */
export interface GcpScanOptions {
  /** Only these projects; every active project the identity can list when absent. */
  readonly projects?: readonly string[];
  readonly internalDomains: readonly string[];
  readonly maxRetries: number;
  readonly requestTimeoutMs: number;
  readonly rateShare: number;
  readonly projectConcurrency: number;
  /** Endpoints (the demo's emulator); otherwise gcloud's CLOUDSDK_API_ENDPOINT_OVERRIDES_* or Google's. */
  readonly computeUrl?: string;
  readonly resourceManagerUrl?: string;
  /** A fixed access token (the demo's); otherwise GOOGLE_OAUTH_ACCESS_TOKEN or application default credentials. */
  readonly accessToken?: string;
}

export function parseConfig(input: unknown, source: string): Config {
  const config = parseOrThrow(configSchema, input, `config ${source}: `);
  for (const [i, account] of config.trustedAccounts.entries()) {
    const format = TRUSTED_ID_FORMATS[account.provider];
    if (!format.pattern.test(account.id)) {
      throw new InputError(`config ${source}: trustedAccounts.${i}.id: "${account.id}" is not ${format.description}`);
    }
  }
  return config;
}

export async function loadConfig(path: string | undefined): Promise<Config> {
  if (path === undefined) return parseConfig({}, 'defaults');
  return parseConfig(await readJsonFile(path, 'config'), path);
}

export function suppressionsOf(config: Config): readonly Suppression[] {
  return config.suppressions ?? [];
}

export function trustedAccountsOf(config: Config): TrustedAccount[] {
  return config.trustedAccounts.map(({ provider, id, name, reason }) => ({ provider, id, name, reason }));
}
