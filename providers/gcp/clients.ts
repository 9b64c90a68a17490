// Google Cloud clients (Compute Engine v1, Resource Manager v3) over their REST transport, all
// sharing one authorized `fetch`: it adds the bearer token, paces calls per project, bounds each
// request in time and retries throttling and unavailability itself. The libraries' own retries are
// switched off per call (`callOptions`): theirs retry UNAVAILABLE for up to ten minutes.
// Clients are imported one by one: the packages' indexes load every client they have.
import { DisksClient } from '@google-cloud/compute/build/src/v1/disks_client.js';
import { FirewallsClient } from '@google-cloud/compute/build/src/v1/firewalls_client.js';
import { ImagesClient } from '@google-cloud/compute/build/src/v1/images_client.js';
import { InstancesClient } from '@google-cloud/compute/build/src/v1/instances_client.js';
import { MachineImagesClient } from '@google-cloud/compute/build/src/v1/machine_images_client.js';
import { RegionDisksClient } from '@google-cloud/compute/build/src/v1/region_disks_client.js';
import { RegionSnapshotsClient } from '@google-cloud/compute/build/src/v1/region_snapshots_client.js';
import { RegionsClient } from '@google-cloud/compute/build/src/v1/regions_client.js';
import { SnapshotsClient } from '@google-cloud/compute/build/src/v1/snapshots_client.js';
import { ProjectsClient } from '@google-cloud/resource-manager/build/src/v3/projects_client.js';
import { GoogleAuth } from 'google-auth-library';
import type { GcpScanOptions } from '../../src/config.js';
import type { Pacer, Rate } from '../../src/pacer.js';
import { ACCESS_TOKEN_ENV, computeEndpoint, iamRoot, loggingRoot, resourceManagerEndpoint, type GcpEndpoint } from './endpoints.js';


/** The token application default credentials are asked for can read, and nothing more. */
export const READ_ONLY_SCOPE = 'https://www.googleapis.com/auth/cloud-platform.read-only';

/**
 * Compute Engine meters reads per project per minute (1,500 by default); the client keeps to a
 * share of that with a small burst, so a scan leaves room for the project's own tooling.
 */
const COMPUTE_READS: Rate = { burst: 100, perSecond: 25 };
/** Resource Manager's search quota is small (about 4 per second). */
const PROJECT_SEARCH: Rate = { burst: 4, perSecond: 4 };
/** Resource Manager reads (a project's IAM policy): one per project, kept modest. */
const RESOURCE_MANAGER_READS: Rate = { burst: 10, perSecond: 5 };
/** IAM meters reads at 6,000 per minute for the caller's project; a scan takes a share of that. */
const IAM_READS: Rate = { burst: 50, perSecond: 20 };
/** Logging configuration reads (sinks): one listing per project. */
const LOGGING_READS: Rate = { burst: 10, perSecond: 5 };
/** Logging's entries.list: 60 per minute, metered on the caller's project, so one bucket for the run. */
const LOG_ENTRIES_READS: Rate = { burst: 5, perSecond: 1 };

/** Answers retried besides throttling: 500 (backendError), 502, 503 (unavailable) and 504 are transient in Google's APIs. */
const RETRIED_STATUSES: ReadonlySet<number> = new Set([500, 502, 503, 504]);
/** Compute documents exceeded rate quotas as 403 with these reasons; Google's front end answers 429. */
const RATE_LIMIT_REASON = /"(rateLimitExceeded|userRateLimitExceeded|RATE_LIMIT_EXCEEDED)"/;
const BASE_BACKOFF_MS = 1_000;
const MAX_BACKOFF_MS = 30_000;

/**
 * Per-call options for every Compute and Resource Manager call: no library retry (ours is in the
 * fetch below, bounded by `maxRetries`); iterators page through everything whatever `autoPaginate`
 * says, and saying false keeps the library from warning about it on stderr. The library changes
 * these objects in place, so each call gets its own.
 */
export function callOptions(): { retry: null; autoPaginate: false } {
  return { retry: null, autoPaginate: false };
}

/** Where a token comes from: fixed (options, then GOOGLE_OAUTH_ACCESS_TOKEN), else application default credentials. */
export type TokenSource = () => Promise<string>;

export function tokenSource(options: GcpScanOptions, env: NodeJS.ProcessEnv = process.env): TokenSource {
  const fixed = options.accessToken?.trim() || env[ACCESS_TOKEN_ENV]?.trim();
  if (fixed) return () => Promise.resolve(fixed);
  const auth = new GoogleAuth({ scopes: [READ_ONLY_SCOPE] });
  return async () => {
    const token = await auth.getAccessToken();
    if (!token) throw Object.assign(new Error('application default credentials gave no access token'), { code: 16 });
    return token;
  };
}

/**
 * The IAM permission a Compute or Resource Manager REST call needs, from its URL: the permission
 * is what the pacer counts calls under, and what `snapaudit permissions` must list.
 */
export function permissionOf(url: URL): string {
  if (url.pathname.endsWith('/projects:search')) return 'resourcemanager.projects.get';
  const path = url.pathname;
  // Resource Manager, IAM and Logging: matched on the end of the path (a root may carry a prefix).
  if (/\/v3\/projects\/[^/]+:getIamPolicy$/.test(path)) return 'resourcemanager.projects.getIamPolicy';
  if (/\/v1\/(roles|(projects|organizations)\/[^/]+\/roles)\/[^/]+$/.test(path)) return 'iam.roles.get';
  if (/\/v1\/projects\/[^/]+\/serviceAccounts$/.test(path)) return 'iam.serviceAccounts.list';
  if (/\/v1\/projects\/[^/]+\/serviceAccounts\/[^/]+\/keys$/.test(path)) return 'iam.serviceAccountKeys.list';
  if (/\/v2\/projects\/[^/]+\/sinks$/.test(path)) return 'logging.sinks.list';
  if (path.endsWith('/v2/entries:list')) return 'logging.logEntries.list';
  const segments = path.split('/').filter(Boolean);
  const at = segments.indexOf('projects');
  if (segments[0] !== 'compute' || at < 0) return `unrecognized:${path}`;
  let rest = segments.slice(at + 2);
  // Drop the location: global, aggregated, zones/Z or regions/R (unless regions is what is listed).
  if (rest[0] === 'global' || rest[0] === 'aggregated') rest = rest.slice(1);
  else if ((rest[0] === 'zones' || rest[0] === 'regions') && rest.length > 2) rest = rest.slice(2);
  const [collection, name, method] = rest;
  if (!collection) return `unrecognized:${path}`;
  if (method === 'getIamPolicy') return `compute.${collection}.getIamPolicy`;
  return name === undefined ? `compute.${collection}.list` : `compute.${collection}.get`;
}

/**
 * The pacing key: Compute quota is per project; project search is per caller; IAM and Logging
 * meter the caller's project, so each is one bucket for the whole scan.
 */
function pacingOf(url: URL, action: string): { key: string; rate: Rate } {
  if (action.startsWith('iam.')) return { key: 'gcp:iam', rate: IAM_READS };
  if (action === 'logging.logEntries.list') return { key: 'gcp:logging:entries', rate: LOG_ENTRIES_READS };
  if (action.startsWith('logging.')) return { key: 'gcp:logging', rate: LOGGING_READS };
  if (action === 'resourcemanager.projects.getIamPolicy') return { key: 'gcp:resourcemanager:reads', rate: RESOURCE_MANAGER_READS };
  const project = /\/projects\/([^/]+)\//.exec(url.pathname)?.[1];
  if (url.pathname.endsWith('/projects:search') || !project) return { key: 'gcp:resourcemanager', rate: PROJECT_SEARCH };
  return { key: `gcp:${project}:compute`, rate: COMPUTE_READS };
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Retry-After in seconds or as a date, bounded; undefined when absent or unreadable. */
function retryAfterMs(response: Response): number | undefined {
  const header = response.headers.get('retry-after');
  if (!header) return undefined;
  const seconds = Number(header);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - Date.now();
  return Number.isFinite(ms) ? Math.min(MAX_BACKOFF_MS, Math.max(0, ms)) : undefined;
}

function backoffMs(attempt: number): number {
  const ceiling = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** attempt);
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

export interface AuthorizedFetchOptions {
  readonly token: TokenSource;
  readonly pacer: Pacer;
  readonly rateShare: number;
  readonly maxRetries: number;
  readonly requestTimeoutMs: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly fetch?: typeof fetch;
}

/**
 * What Google's REST transport needs from an auth client: `getRequestHeaders` (it must exist) and
 * `fetch(url, init)`. This fetch never throws for an HTTP error, so the library turns Google's
 * error JSON into a GoogleError with its gRPC code, whichever credential is in use.
 */
export interface AuthorizedFetch {
  getRequestHeaders(): Promise<Headers>;
  fetch(url: string | URL, init?: RequestInit): Promise<Response>;
}

export function authorizedFetch(options: AuthorizedFetchOptions): AuthorizedFetch {
  const sleep = options.sleep ?? defaultSleep;
  const send = options.fetch ?? fetch;
  const scaled = (rate: Rate): Rate => ({ burst: Math.max(1, Math.floor(rate.burst * options.rateShare)), perSecond: rate.perSecond * options.rateShare });
  return {
    async getRequestHeaders() {
      return new Headers({ authorization: `Bearer ${await options.token()}` });
    },
    async fetch(url, init = {}) {
      const target = new URL(String(url));
      const action = permissionOf(target);
      const { key, rate } = pacingOf(target, action);
      for (let attempt = 0; ; attempt += 1) {
        await options.pacer.acquire(key, scaled(rate), action);
        const headers = new Headers(init.headers);
        headers.set('authorization', `Bearer ${await options.token()}`);
        const timeout = AbortSignal.timeout(options.requestTimeoutMs);
        const signal = init.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
        let response: Response;
        try {
          response = await send(target, { method: init.method ?? 'GET', headers, signal, ...(init.body === undefined ? {} : { body: init.body }) });
        } catch (error) {
          // A refused or reset connection is worth another try; a timeout or a cancel is not.
          const aborted = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
          if (aborted || attempt >= options.maxRetries) {
            if (error instanceof Error && error.name === 'TimeoutError') throw Object.assign(new Error(`no answer from ${target.host} within ${options.requestTimeoutMs} ms`), { code: 4 });
            throw error;
          }
          await sleep(backoffMs(attempt));
          continue;
        }
        const throttled = response.status === 429 || (response.status === 403 && RATE_LIMIT_REASON.test(await response.clone().text()));
        if (throttled) options.pacer.throttled(key, action);
        if (!(throttled || RETRIED_STATUSES.has(response.status)) || attempt >= options.maxRetries) return response;
        const wait = retryAfterMs(response) ?? backoffMs(attempt);
        await response.body?.cancel().catch(() => undefined);
        await sleep(wait);
      }
    },
  };
}

/** Each client is made on first use (see `createGcpClients`). */
export interface GcpClients {
  snapshots(): SnapshotsClient;
  regionSnapshots(): RegionSnapshotsClient;
  regions(): RegionsClient;
  images(): ImagesClient;
  machineImages(): MachineImagesClient;
  disks(): DisksClient;
  regionDisks(): RegionDisksClient;
  instances(): InstancesClient;
  firewalls(): FirewallsClient;
  projects(): ProjectsClient;
  /** A JSON GET through the authorized fetch (IAM and Logging, which have no client loaded here). */
  getJson(url: URL): Promise<unknown>;
  /** A JSON POST through the authorized fetch (Logging's entries.list). */
  postJson(url: URL, body: unknown): Promise<unknown>;
  readonly iamRoot: URL;
  readonly loggingRoot: URL;
  close(): Promise<void>;
}

/** gRPC codes of Google's canonical status names, as the client libraries report them. */
const STATUS_CODES: Readonly<Record<string, number>> = {
  CANCELLED: 1,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  UNAUTHENTICATED: 16,
};

/** An error shaped like the client libraries' GoogleError, so one classifier reads both. */
export interface RestError extends Error {
  readonly code: number;
  readonly status: number;
  readonly reason?: string;
}

/**
 * Google's error body (`{"error": {"code", "message", "status", "details": [ErrorInfo...]}}`) as a
 * RestError; a body that is not Google's still gives the HTTP status.
 */
export async function restError(response: Response): Promise<RestError> {
  const text = await response.text().catch(() => '');
  let body: { error?: { message?: unknown; status?: unknown; details?: unknown } } = {};
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    body = {};
  }
  const status = typeof body.error?.status === 'string' ? body.error.status : undefined;
  const message = typeof body.error?.message === 'string' ? body.error.message : `HTTP ${response.status}`;
  const details = Array.isArray(body.error?.details) ? (body.error.details as Array<{ reason?: unknown }>) : [];
  const reason = details.map((d) => d.reason).find((r): r is string => typeof r === 'string');
  const byHttp = response.status === 401 ? 16 : response.status === 403 ? 7 : response.status === 404 ? 5 : response.status === 429 ? 8 : response.status >= 500 ? 13 : 2;
  const code = (status === undefined ? undefined : STATUS_CODES[status]) ?? byHttp;
  const error = new Error(status ? `${status}: ${message}` : message) as Error & { code: number; status: number; reason?: string };
  error.code = code;
  error.status = response.status;
  if (reason) error.reason = reason;
  return error;
}

export function createGcpClients(options: GcpScanOptions, pacer: Pacer): GcpClients {
  const compute = computeEndpoint(options);
  const resourceManager = resourceManagerEndpoint(options);
  const iam = iamRoot(options);
  const logging = loggingRoot(options);
  const auth = authorizedFetch({
    token: tokenSource(options),
    pacer,
    rateShare: options.rateShare,
    maxRetries: options.maxRetries,
    requestTimeoutMs: options.requestTimeoutMs,
  });
  // The clients type `authClient` as google-auth-library's AuthClient; their REST transport uses only the two methods above.
  const authClient = auth as unknown as NonNullable<ConstructorParameters<typeof SnapshotsClient>[0]>['authClient'];
  const at = (endpoint: GcpEndpoint) => ({ ...endpoint, fallback: true, authClient });
  // Each client costs about 0.1 s to construct (the library hashes its 11 MB protocol description
  // every time), so each is made on first use: a run without regional disks never pays for theirs.
  const made: Array<{ close(): Promise<void> }> = [];
  const lazy = <T extends { close(): Promise<void> }>(make: () => T): (() => T) => {
    let client: T | undefined;
    return () => {
      if (!client) made.push((client = make()));
      return client;
    };
  };
  return {
    snapshots: lazy(() => new SnapshotsClient(at(compute))),
    regionSnapshots: lazy(() => new RegionSnapshotsClient(at(compute))),
    regions: lazy(() => new RegionsClient(at(compute))),
    images: lazy(() => new ImagesClient(at(compute))),
    machineImages: lazy(() => new MachineImagesClient(at(compute))),
    disks: lazy(() => new DisksClient(at(compute))),
    regionDisks: lazy(() => new RegionDisksClient(at(compute))),
    instances: lazy(() => new InstancesClient(at(compute))),
    firewalls: lazy(() => new FirewallsClient(at(compute))),
    projects: lazy(() => new ProjectsClient(at(resourceManager))),
    iamRoot: iam,
    loggingRoot: logging,
    async getJson(url) {
      const response = await auth.fetch(url, { method: 'GET', headers: { accept: 'application/json' } });
      if (!response.ok) throw await restError(response);
      return (await response.json()) as unknown;
    },
    async postJson(url, body) {
      const response = await auth.fetch(url, { method: 'POST', headers: { accept: 'application/json', 'content-type': 'application/json' }, body: JSON.stringify(body) });
      if (!response.ok) throw await restError(response);
      return (await response.json()) as unknown;
    },
    async close() {
      await Promise.all(made.map((client) => client.close()));
    },
  };
}
