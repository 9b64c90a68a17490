// Where the GCP provider sends its calls, and with what token. No Google library is loaded here, so
// the CLI can check these settings before a scan (bad input is exit 2, not a failed scan).
import type { GcpScanOptions } from '../../src/config.js';
import { InputError } from '../../src/errors.js';

/** gcloud's endpoint overrides, which snapaudit honours too (e.g. `http://127.0.0.1:4568/compute/v1/`). */
export const COMPUTE_ENDPOINT_ENV = 'CLOUDSDK_API_ENDPOINT_OVERRIDES_COMPUTE';
export const RESOURCE_MANAGER_ENDPOINT_ENV = 'CLOUDSDK_API_ENDPOINT_OVERRIDES_CLOUDRESOURCEMANAGER';
export const IAM_ENDPOINT_ENV = 'CLOUDSDK_API_ENDPOINT_OVERRIDES_IAM';
export const LOGGING_ENDPOINT_ENV = 'CLOUDSDK_API_ENDPOINT_OVERRIDES_LOGGING';
/** A ready access token (e.g. from `gcloud auth print-access-token`), used instead of application default credentials. */
export const ACCESS_TOKEN_ENV = 'GOOGLE_OAUTH_ACCESS_TOKEN';

const DEFAULT_COMPUTE = 'https://compute.googleapis.com';
const DEFAULT_RESOURCE_MANAGER = 'https://cloudresourcemanager.googleapis.com';
const DEFAULT_IAM = 'https://iam.googleapis.com/';
const DEFAULT_LOGGING = 'https://logging.googleapis.com/';

export interface GcpEndpoint {
  readonly apiEndpoint: string;
  readonly port: number;
  readonly protocol: 'http' | 'https';
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/i;

/**
 * An endpoint URL as the clients take it (the clients add the API's path themselves). Plain HTTP
 * is accepted for loopback addresses only: anywhere else it would send the access token in clear.
 */
export function parseEndpoint(url: string, source: string): GcpEndpoint {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new InputError(`${source}: "${url}" is not a URL`);
  }
  const protocol = parsed.protocol.replace(/:$/, '');
  if (protocol !== 'http' && protocol !== 'https') throw new InputError(`${source}: "${url}" must be an http(s) URL`);
  if (protocol === 'http' && !LOOPBACK.test(parsed.hostname)) {
    throw new InputError(`${source}: plain http is allowed only for a loopback address (the token would travel in clear), got ${parsed.hostname}`);
  }
  const port = parsed.port ? Number(parsed.port) : protocol === 'https' ? 443 : 80;
  return { apiEndpoint: parsed.hostname.replace(/^\[|\]$/g, ''), port, protocol };
}

function chosen(fromOptions: string | undefined, envName: string, fallback: string, what: string, env: NodeJS.ProcessEnv): GcpEndpoint {
  const option = fromOptions?.trim();
  if (option) return parseEndpoint(option, `gcp ${what} endpoint`);
  // An empty variable counts as unset (a common way to clear it in CI).
  const fromEnv = env[envName]?.trim();
  return fromEnv ? parseEndpoint(fromEnv, envName) : parseEndpoint(fallback, `gcp ${what} endpoint`);
}

export function computeEndpoint(options: GcpScanOptions, env: NodeJS.ProcessEnv = process.env): GcpEndpoint {
  return chosen(options.computeUrl, COMPUTE_ENDPOINT_ENV, DEFAULT_COMPUTE, 'compute', env);
}

export function resourceManagerEndpoint(options: GcpScanOptions, env: NodeJS.ProcessEnv = process.env): GcpEndpoint {
  return chosen(options.resourceManagerUrl, RESOURCE_MANAGER_ENDPOINT_ENV, DEFAULT_RESOURCE_MANAGER, 'resource manager', env);
}

/**
 * The root URL of a JSON API called without a client library (IAM, Logging), path kept: gcloud's
 * override for these is the API root (`https://iam.googleapis.com/`), and the version (`v1/`)
 * comes after it, so a proxy under a path prefix works too.
 */
export function restRoot(url: string, source: string): URL {
  parseEndpoint(url, source);
  const root = new URL(url);
  root.search = '';
  root.hash = '';
  if (!root.pathname.endsWith('/')) root.pathname = `${root.pathname}/`;
  return root;
}

/**
 * IAM and Logging roots: the options' own URL, else (for the demo and tests, which set endpoints
 * in code) the in-process Compute endpoint, since that is the emulator serving every Google API
 * on one listener; else gcloud's override variable; else Google's host.
 */
function restChosen(fromOptions: string | undefined, options: GcpScanOptions, envName: string, fallback: string, what: string, env: NodeJS.ProcessEnv): URL {
  const option = fromOptions?.trim();
  if (option) return restRoot(option, `gcp ${what} endpoint`);
  const compute = options.computeUrl?.trim();
  if (compute) return restRoot(new URL('/', compute).toString(), `gcp ${what} endpoint (from the compute endpoint option)`);
  const fromEnv = env[envName]?.trim();
  return fromEnv ? restRoot(fromEnv, envName) : restRoot(fallback, `gcp ${what} endpoint`);
}

/** Endpoint options that `GcpScanOptions` may carry besides Compute and Resource Manager. */
interface RestEndpointOptions {
  readonly iamUrl?: string;
  readonly loggingUrl?: string;
}

export function iamRoot(options: GcpScanOptions, env: NodeJS.ProcessEnv = process.env): URL {
  return restChosen((options as GcpScanOptions & RestEndpointOptions).iamUrl, options, IAM_ENDPOINT_ENV, DEFAULT_IAM, 'iam', env);
}

export function loggingRoot(options: GcpScanOptions, env: NodeJS.ProcessEnv = process.env): URL {
  return restChosen((options as GcpScanOptions & RestEndpointOptions).loggingUrl, options, LOGGING_ENDPOINT_ENV, DEFAULT_LOGGING, 'logging', env);
}
