// How the JSON 1.1 services (Organizations, CloudTrail) read a call: the action from the
// X-Amz-Target header, the parameters from the body, and an answer from the action's handler. A
// body that is not JSON is answered as the service answers it, after the call is logged.
import type { EmulatorRequest } from '../types.js';
import { AwsApiError } from './errors.js';
import { awsJsonError, flattenJson, jsonResult, readJsonBody } from './json-protocol.js';
import { answering, type AwsContext, type DecodedCall } from './service.js';

export type JsonHandler = (context: AwsContext, body: Readonly<Record<string, unknown>>, action: string) => unknown;

export function decodeJsonCall(request: EmulatorRequest, action: string, handlers: Readonly<Record<string, JsonHandler>>): DecodedCall {
  const target = request.headers['x-amz-target'] ?? '';
  let body: Readonly<Record<string, unknown>> | AwsApiError;
  try {
    body = readJsonBody(request);
  } catch (error) {
    if (!(error instanceof AwsApiError)) throw error;
    body = error;
  }
  const parsed = body;
  const serve = (context: AwsContext) =>
    answering({ error: awsJsonError }, context.requestId, () => {
      if (parsed instanceof AwsApiError) throw parsed;
      const handler = Object.hasOwn(handlers, action) ? handlers[action] : undefined;
      if (handler === undefined) throw new AwsApiError('UnknownOperationException', `Unknown operation ${target}`);
      return jsonResult('awsJson', handler(context, parsed, action), context.requestId);
    });
  return { action, params: body instanceof AwsApiError ? {} : flattenJson(body), serve };
}
