// How Google's APIs word their answers: JSON bodies, and errors as
// `{"error": {"code", "message", "errors": [{message, domain, reason}], "status", "details"?}}`,
// where `code` is the HTTP status, `status` the canonical gRPC code name (which google-gax turns into
// the error's numeric `code`) and `errors` the legacy per-error reasons Compute still sends.
import type { Answer } from '../types.js';

/** The canonical codes the emulator answers with. */
export type GoogleStatus =
  | 'INVALID_ARGUMENT'
  | 'UNAUTHENTICATED'
  | 'PERMISSION_DENIED'
  | 'NOT_FOUND'
  | 'RESOURCE_EXHAUSTED'
  | 'INTERNAL'
  | 'UNAVAILABLE'
  | 'UNIMPLEMENTED';

const HTTP_STATUS: Readonly<Record<GoogleStatus, number>> = {
  INVALID_ARGUMENT: 400,
  UNAUTHENTICATED: 401,
  PERMISSION_DENIED: 403,
  NOT_FOUND: 404,
  RESOURCE_EXHAUSTED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
  UNIMPLEMENTED: 501,
};

export interface LegacyError {
  readonly message: string;
  readonly domain: string;
  readonly reason: string;
  readonly location?: string;
  readonly locationType?: string;
}

export class GoogleApiError extends Error {
  readonly status: GoogleStatus;
  readonly httpStatus: number;
  readonly errors: readonly LegacyError[];
  /** `google.rpc` detail messages (ErrorInfo, Help), each with its `@type`. */
  readonly details: readonly unknown[];
  readonly headers: Readonly<Record<string, string>>;
  constructor(
    status: GoogleStatus,
    message: string,
    reason: string,
    options: { details?: readonly unknown[]; headers?: Readonly<Record<string, string>>; legacy?: Partial<LegacyError> | false } = {},
  ) {
    super(message);
    this.name = 'GoogleApiError';
    this.status = status;
    this.httpStatus = HTTP_STATUS[status];
    // Newer APIs (IAM, Logging, Resource Manager v3) send no legacy `errors` list.
    this.errors = options.legacy === false ? [] : [{ message, domain: 'global', reason, ...options.legacy }];
    this.details = options.details ?? [];
    this.headers = options.headers ?? {};
  }
}

const JSON_HEADERS = { 'content-type': 'application/json; charset=UTF-8', vary: 'Origin, X-Origin, Referer', 'x-content-type-options': 'nosniff' };

export function googleJson(body: unknown): Answer {
  return { response: { status: 200, headers: JSON_HEADERS, body: JSON.stringify(body) } };
}

export function googleErrorAnswer(error: GoogleApiError): Answer {
  const body = {
    error: {
      code: error.httpStatus,
      message: error.message,
      ...(error.errors.length === 0 ? {} : { errors: error.errors }),
      status: error.status,
      ...(error.details.length === 0 ? {} : { details: error.details }),
    },
  };
  return { response: { status: error.httpStatus, headers: { ...JSON_HEADERS, ...error.headers }, body: JSON.stringify(body) }, errorCode: error.status };
}

/** Runs a handler, answering a GoogleApiError it throws in Google's words. */
export function answering(handler: () => Answer): Answer {
  try {
    return handler();
  } catch (error) {
    if (error instanceof GoogleApiError) return googleErrorAnswer(error);
    throw error;
  }
}

const ERROR_INFO = 'type.googleapis.com/google.rpc.ErrorInfo';

/** The API a call was made to, for ErrorInfo's metadata: `compute.googleapis.com`. */
export interface ApiMethod {
  readonly service: string;
  /** e.g. `compute.v1.SnapshotsService.List`. */
  readonly method: string;
}

export function credentialsMissing(api: ApiMethod): GoogleApiError {
  return new GoogleApiError(
    'UNAUTHENTICATED',
    'Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.',
    'required',
    {
      legacy: { message: 'Login Required.', location: 'Authorization', locationType: 'header' },
      details: [{ '@type': ERROR_INFO, reason: 'CREDENTIALS_MISSING', domain: 'googleapis.com', metadata: { service: api.service, method: api.method } }],
      headers: { 'www-authenticate': 'Bearer realm="https://accounts.google.com/"' },
    },
  );
}

export function invalidCredentials(api: ApiMethod): GoogleApiError {
  return new GoogleApiError(
    'UNAUTHENTICATED',
    'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.',
    'authError',
    {
      legacy: { message: 'Invalid Credentials', location: 'Authorization', locationType: 'header' },
      details: [{ '@type': ERROR_INFO, reason: 'ACCESS_TOKEN_TYPE_UNSUPPORTED', domain: 'googleapis.com', metadata: { service: api.service, method: api.method } }],
      headers: { 'www-authenticate': 'Bearer realm="https://accounts.google.com/", error="invalid_token"' },
    },
  );
}

/** Compute's words: `Required 'compute.snapshots.list' permission for 'projects/p'`. */
export function computePermissionDenied(permission: string, resource: string): GoogleApiError {
  return new GoogleApiError('PERMISSION_DENIED', `Required '${permission}' permission for '${resource}'`, 'forbidden');
}

/** Resource Manager's words, which name neither the permission nor the resource. */
export function callerPermissionDenied(): GoogleApiError {
  return new GoogleApiError('PERMISSION_DENIED', 'The caller does not have permission', 'forbidden');
}

export function resourceNotFound(resource: string): GoogleApiError {
  return new GoogleApiError('NOT_FOUND', `The resource '${resource}' was not found`, 'notFound');
}

export function invalidField(field: string, value: string, why: string): GoogleApiError {
  return new GoogleApiError('INVALID_ARGUMENT', `Invalid value for field '${field}': '${value}'. ${why}`, 'invalid');
}

export interface Quota {
  /** As the message names it, e.g. `Read requests`. */
  readonly metricName: string;
  /** e.g. `compute.googleapis.com/read_requests`. */
  readonly metric: string;
  /** e.g. `ReadRequestsPerMinutePerProject`. */
  readonly limitName: string;
  /** As the message names it, e.g. `Read requests per minute`. */
  readonly limitDisplayName: string;
  readonly limitValue: number;
}

/** The quota answer of Google's front end: 429 RESOURCE_EXHAUSTED with an ErrorInfo naming the quota. */
export function quotaExceeded(service: string, quota: Quota, consumer: string): GoogleApiError {
  return new GoogleApiError(
    'RESOURCE_EXHAUSTED',
    `Quota exceeded for quota metric '${quota.metricName}' and limit '${quota.limitDisplayName}' of service '${service}' for consumer '${consumer}'.`,
    'rateLimitExceeded',
    {
      details: [
        {
          '@type': ERROR_INFO,
          reason: 'RATE_LIMIT_EXCEEDED',
          domain: 'googleapis.com',
          metadata: { service, consumer, quota_metric: quota.metric, quota_limit: quota.limitName, quota_limit_value: String(quota.limitValue), quota_location: 'global' },
        },
        { '@type': 'type.googleapis.com/google.rpc.Help', links: [{ description: 'Request a higher quota limit.', url: 'https://cloud.google.com/docs/quotas/help/request_increase' }] },
      ],
    },
  );
}

export function internalError(): GoogleApiError {
  return new GoogleApiError('INTERNAL', 'Internal error. Please try again or contact Google Support.', 'backendError');
}

export function serviceUnavailable(): GoogleApiError {
  return new GoogleApiError('UNAVAILABLE', 'The service is currently unavailable.', 'backendError');
}

/**
 * IAM's and Logging's words for a missing permission: `Permission 'iam.serviceAccounts.list' denied
 * on resource (or it may not exist).`, with an ErrorInfo naming the permission and resource.
 */
export function iamPermissionDenied(service: string, permission: string, resource: string): GoogleApiError {
  return new GoogleApiError('PERMISSION_DENIED', `Permission '${permission}' denied on resource (or it may not exist).`, 'forbidden', {
    legacy: false,
    details: [{ '@type': ERROR_INFO, reason: 'IAM_PERMISSION_DENIED', domain: service, metadata: { permission, resource } }],
  });
}

/** A NOT_FOUND in the newer APIs' words, without the legacy list. */
export function notFound(message: string): GoogleApiError {
  return new GoogleApiError('NOT_FOUND', message, 'notFound', { legacy: false });
}
