// The Entra ID (v2.0) endpoints MSAL calls for the client-credentials flow: the tenant's OpenID
// configuration, then the token endpoint. Instance discovery is not served: MSAL sends it to
// login.microsoftonline.com whatever the authority host, so clients pass
// `disableInstanceDiscovery: true`. Errors are worded as Entra words them (OAuth2 JSON with an
// AADSTS code); the call log holds the client id and scope, never the secret or the token.
import { randomUUID } from 'node:crypto';
import type { AzureEstate } from '../estate.js';
import type { Answer, EmulatorRequest, Fault, InjectedError, ServiceCall } from '../types.js';
import { sameId } from './ids.js';
import { TOKEN_LIFETIME_SECONDS, type TokenStore } from './tokens.js';

export const ENTRA_SERVICE = 'entra';
export const ENTRA_ACTIONS = ['openid-configuration', 'token'] as const;

const TOKEN_PATH = /^\/([^/]+)\/oauth2\/v2\.0\/token\/?$/i;
const OPENID_PATH = /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration\/?$/i;

/** Whether a path belongs to Entra rather than ARM. */
export function isEntraPath(path: string): boolean {
  return TOKEN_PATH.test(path) || OPENID_PATH.test(path);
}

class EntraError extends Error {
  readonly status: number;
  readonly error: string;
  readonly aadsts: number | undefined;
  readonly headers: Readonly<Record<string, string>>;
  constructor(status: number, error: string, aadsts: number | undefined, description: string, headers: Readonly<Record<string, string>> = {}) {
    super(description);
    this.status = status;
    this.error = error;
    this.aadsts = aadsts;
    this.headers = headers;
  }
}

function entraHeaders(): Record<string, string> {
  return { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store, no-cache', 'x-ms-request-id': randomUUID() };
}

function entraErrorAnswer(error: EntraError): Answer {
  const traceId = randomUUID();
  const correlationId = randomUUID();
  const timestamp = new Date().toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
  const prefix = error.aadsts === undefined ? '' : `AADSTS${error.aadsts}: `;
  const body = {
    error: error.error,
    error_description: `${prefix}${error.message}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlationId}\r\nTimestamp: ${timestamp}`,
    ...(error.aadsts === undefined ? {} : { error_codes: [error.aadsts] }),
    timestamp,
    trace_id: traceId,
    correlation_id: correlationId,
    ...(error.aadsts === undefined ? {} : { error_uri: `https://login.microsoftonline.com/error?code=${error.aadsts}` }),
  };
  return { response: { status: error.status, headers: { ...entraHeaders(), ...error.headers }, body: JSON.stringify(body) }, errorCode: error.error };
}

function answering(handler: () => Answer): Answer {
  try {
    return handler();
  } catch (error) {
    if (error instanceof EntraError) return entraErrorAnswer(error);
    throw error;
  }
}

function tenantNotFound(tenant: string): EntraError {
  return new EntraError(
    400,
    'invalid_request',
    90002,
    `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
  );
}

function missingParameter(name: string): EntraError {
  return new EntraError(400, 'invalid_request', 900144, `The request body must contain the following parameter: '${name}'.`);
}

function openIdConfiguration(origin: string, tenantId: string): unknown {
  const base = `${origin}/${tenantId}`;
  return {
    token_endpoint: `${base}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${base}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: `${base}/v2.0`,
    request_uri_parameter_supported: false,
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    tenant_region_scope: 'EU',
    cloud_instance_name: 'microsoftonline.com',
  };
}

interface ClientCredentials {
  readonly clientId: string | undefined;
  readonly clientSecret: string | undefined;
}

/** `client_secret_post` (form fields) or `client_secret_basic` (an Authorization header). */
function credentialsOf(form: URLSearchParams, authorization: string | undefined): ClientCredentials {
  const basic = /^Basic\s+(\S+)$/i.exec(authorization ?? '')?.[1];
  if (basic !== undefined) {
    const decoded = Buffer.from(basic, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0) {
      return { clientId: decodeURIComponent(decoded.slice(0, colon)), clientSecret: decodeURIComponent(decoded.slice(colon + 1)) };
    }
  }
  return { clientId: form.get('client_id') ?? undefined, clientSecret: form.get('client_secret') ?? undefined };
}

function issueToken(estate: AzureEstate, tokens: TokenStore, tenant: string, form: URLSearchParams, credentials: ClientCredentials, now: number): Answer {
  const grantType = form.get('grant_type');
  if (grantType === null) throw missingParameter('grant_type');
  if (grantType !== 'client_credentials') {
    throw new EntraError(400, 'unsupported_grant_type', 70003, `The app requested an unsupported grant type '${grantType}'.`);
  }
  const { clientId, clientSecret } = credentials;
  if (clientId === undefined || clientId === '') throw missingParameter('client_id');
  const principal = estate.principals.find((p) => sameId(p.clientId, clientId));
  if (principal === undefined) {
    throw new EntraError(
      400,
      'unauthorized_client',
      700016,
      `Application with identifier '${clientId}' was not found in the directory '${tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
    );
  }
  if (clientSecret === undefined || clientSecret === '') {
    throw new EntraError(401, 'invalid_client', 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
  }
  if (clientSecret !== principal.clientSecret) {
    throw new EntraError(
      401,
      'invalid_client',
      7000215,
      `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${principal.clientId}'.`,
    );
  }
  const scope = form.get('scope');
  if (scope === null || scope === '') throw missingParameter('scope');
  if (!scope.split(' ').every((s) => s.endsWith('/.default'))) {
    throw new EntraError(
      400,
      'invalid_scope',
      1002012,
      `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
    );
  }
  const body = {
    token_type: 'Bearer',
    expires_in: TOKEN_LIFETIME_SECONDS,
    ext_expires_in: TOKEN_LIFETIME_SECONDS,
    access_token: tokens.issue(principal, now),
  };
  return { response: { status: 200, headers: entraHeaders(), body: JSON.stringify(body) } };
}

function injectedEntraError(error: InjectedError, clientId: string, fault: Fault | undefined): EntraError {
  switch (error) {
    case 'throttle': {
      const retryAfter = fault?.retryAfterSeconds;
      const headers: Record<string, string> = retryAfter === undefined ? {} : { 'retry-after': String(retryAfter) };
      return new EntraError(429, 'temporarily_unavailable', undefined, 'The server is temporarily too busy to handle the request.', headers);
    }
    case 'server-error':
      return new EntraError(500, 'server_error', undefined, 'The server encountered an unexpected error.');
    case 'unavailable':
      return new EntraError(503, 'temporarily_unavailable', undefined, 'The service is temporarily unavailable.');
    case 'access-denied':
      return new EntraError(400, 'unauthorized_client', 7000112, `Application '${clientId}' is disabled.`);
  }
}

/** One Entra request, identified for the pipeline (never rate limited). */
export function identifyEntra(
  estate: AzureEstate,
  tokens: TokenStore,
  request: EmulatorRequest,
  url: URL,
  origin: string,
): ServiceCall {
  const path = url.pathname;
  const token = TOKEN_PATH.exec(path);
  const tenant = decodeURIComponent((token ?? OPENID_PATH.exec(path))?.[1] ?? '');
  const knownTenant = sameId(tenant, estate.tenantId);
  const base = { service: ENTRA_SERVICE, account: undefined, region: 'global', authenticated: true, rateLimited: false } as const;

  if (token === null) {
    const serve = (): Answer =>
      answering(() => {
        if (request.method !== 'GET') throw new EntraError(405, 'invalid_request', undefined, `Method ${request.method} is not allowed.`);
        if (!knownTenant) throw tenantNotFound(tenant);
        return { response: { status: 200, headers: entraHeaders(), body: JSON.stringify(openIdConfiguration(origin, estate.tenantId)) } };
      });
    return {
      ...base,
      action: 'openid-configuration',
      params: { tenant },
      serve,
      fail: (error, fault) => entraErrorAnswer(injectedEntraError(error, '', fault)),
    };
  }

  const form = new URLSearchParams(request.body);
  const credentials = credentialsOf(form, request.headers.authorization);
  const params: Record<string, string> = { tenant };
  for (const name of ['grant_type', 'scope'] as const) {
    const value = form.get(name);
    if (value !== null) params[name] = value;
  }
  if (credentials.clientId !== undefined) params['client_id'] = credentials.clientId;
  const serve = (): Answer =>
    answering(() => {
      if (request.method !== 'POST') throw new EntraError(405, 'invalid_request', undefined, `Method ${request.method} is not allowed.`);
      if (!knownTenant) throw tenantNotFound(tenant);
      return issueToken(estate, tokens, tenant, form, credentials, Date.now());
    });
  return {
    ...base,
    action: 'token',
    params,
    serve,
    fail: (error, fault) => entraErrorAnswer(injectedEntraError(error, credentials.clientId ?? '', fault)),
  };
}

