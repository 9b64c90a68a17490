// Answers in the JSON protocols. awsJson1_1 (Organizations) names the error in the body's
// `__type`; restJson1 (Backup) in the `x-amzn-ErrorType` header, which the SDK reads first.
// JSON.stringify escapes whatever hostile text the estate holds, lone surrogates included.
import type { Answer, EmulatorRequest } from '../types.js';
import { AwsApiError } from './errors.js';

export const AWS_JSON_1_1 = 'application/x-amz-json-1.1';
const REST_JSON = 'application/json';

function headersFor(contentType: string, requestId: string): Record<string, string> {
  return { 'content-type': contentType, 'x-amzn-requestid': requestId };
}

export function jsonResult(contentType: 'awsJson' | 'restJson', body: unknown, requestId: string): Answer {
  const type = contentType === 'awsJson' ? AWS_JSON_1_1 : REST_JSON;
  return { response: { status: 200, headers: headersFor(type, requestId), body: JSON.stringify(body) } };
}

export function awsJsonError(error: AwsApiError, requestId: string): Answer {
  const body = JSON.stringify({ __type: error.code, Message: error.message, ...error.fields });
  return { response: { status: error.status, headers: headersFor(AWS_JSON_1_1, requestId), body }, errorCode: error.code };
}

export function restJsonError(error: AwsApiError, requestId: string): Answer {
  const headers = { ...headersFor(REST_JSON, requestId), 'x-amzn-errortype': error.code };
  const body = JSON.stringify({ Code: error.code, Message: error.message, ...error.fields });
  return { response: { status: error.status, headers, body }, errorCode: error.code };
}

/** A JSON request body as an object; a body that is not one is the protocol's SerializationException. */
export function readJsonBody(request: EmulatorRequest): Readonly<Record<string, unknown>> {
  if (request.body.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(request.body);
  } catch {
    throw new AwsApiError('SerializationException', 'Start of structure or map found where not expected.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new AwsApiError('SerializationException', 'Start of structure or map found where not expected.');
  }
  return parsed as Record<string, unknown>;
}

/** A JSON value flattened for the call log: `{ a: { b: [1] } }` → `{ 'a.b.1': '1' }`. */
export function flattenJson(value: unknown, prefix = '', out: Record<string, string> = {}): Record<string, string> {
  if (Array.isArray(value)) {
    value.forEach((item, index) => flattenJson(item, `${prefix}${prefix === '' ? '' : '.'}${index + 1}`, out));
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) flattenJson(item, prefix === '' ? key : `${prefix}.${key}`, out);
  } else if (value !== undefined && value !== null && prefix !== '') {
    out[prefix] = String(value);
  }
  return out;
}

/** A string member of a JSON request, or a ValidationException-style error for another type. */
export function jsonString(body: Readonly<Record<string, unknown>>, name: string): string | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new AwsApiError('SerializationException', `Expected a string for ${name}`);
  return value;
}

export function jsonInteger(body: Readonly<Record<string, unknown>>, name: string): string | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw new AwsApiError('SerializationException', `Expected an integer for ${name}`);
  return String(value);
}
