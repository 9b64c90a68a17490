// Where the GCP provider sends its calls, and with what token. No Google library is loaded here, so
// the CLI can check these settings before a scan (bad input is exit 2, not a failed scan).
import type { GcpScanOptions } from '../../src/config.js';
import { InputError } from '../../src/errors.js';

/** gcloud's endpoint overrides, which snapaudit honours too (e.g. `http://127.0.0.1:4568/compute/v1/`). */
export const COMPUTE_ENDPOINT_ENV = 'CLOUDSDK_API_ENDPOINT_OVERRIDES_COMPUTE';
export const RESOURCE_MANAGER_ENDPOINT_ENV = 'CLOUDSDK_API_ENDPOINT_OVERRIDES_CLOUDRESOURCEMANAGER';
/** A ready access token (e.g. from `gcloud auth print-access-token`), used instead of application default credentials. */
export const ACCESS_TOKEN_ENV = 'GOOGLE_OAUTH_ACCESS_TOKEN';

const DEFAULT_COMPUTE = 'https://compute.googleapis.com';
const DEFAULT_RESOURCE_MANAGER = 'https://cloudresourcemanager.googleapis.com';

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
