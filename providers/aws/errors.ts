// Tells SDK failures apart by their `name` (the service's error code) and HTTP status, and turns
// them into coverage: denied, skipped (region not enabled) or error.
import { errorLine } from '../../src/redact.js';

export interface AwsFailure {
  readonly status: 'denied' | 'error' | 'skipped';
  readonly code: string;
  /** One line, redacted, with the request id when AWS gave one. */
  readonly detail: string;
}

const DENIED = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'UnauthorizedAccess',
  'AuthFailure',
  'InvalidClientTokenId',
  'ExpiredToken',
  'ExpiredTokenException',
  'SignatureDoesNotMatch',
]);

const SKIPPED = new Set(['OptInRequired', 'InvalidAction', 'UnsupportedOperation']);

const THROTTLING = new Set([
  'RequestLimitExceeded',
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
]);

interface SdkErrorShape {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  $metadata?: { httpStatusCode?: number; requestId?: string };
}

function shape(error: unknown): SdkErrorShape {
  return typeof error === 'object' && error !== null ? (error as SdkErrorShape) : {};
}

export function isThrottlingError(error: unknown): boolean {
  const { name, $metadata } = shape(error);
  return (typeof name === 'string' && THROTTLING.has(name)) || $metadata?.httpStatusCode === 429;
}

export function classifyAwsError(error: unknown): AwsFailure {
  const e = shape(error);
  const code = typeof e.name === 'string' && e.name !== 'Error' ? e.name : typeof e.code === 'string' ? e.code : 'Error';
  const message = typeof e.message === 'string' ? e.message : String(error);
  const requestId = e.$metadata?.requestId;
  const http = e.$metadata?.httpStatusCode;
  const parts = [`${code}: ${message}`];
  if (http !== undefined) parts.push(`HTTP ${http}`);
  if (requestId) parts.push(`request ${requestId}`);
  if (isThrottlingError(error)) parts.push('throttled after all retries');
  const detail = errorLine(parts.join('; '));
  if (DENIED.has(code)) return { status: 'denied', code, detail };
  if (SKIPPED.has(code)) return { status: 'skipped', code, detail };
  return { status: 'error', code, detail };
}
