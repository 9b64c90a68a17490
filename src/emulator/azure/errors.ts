// How ARM words its answers: JSON bodies, `{"error": {"code", "message"}}` for errors, request ids
// in `x-ms-*` headers.
import { randomUUID } from 'node:crypto';
import type { Answer } from '../types.js';

export class ArmError extends Error {
  readonly code: string;
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  constructor(status: number, code: string, message: string, headers: Readonly<Record<string, string>> = {}) {
    super(message);
    this.name = 'ArmError';
    this.code = code;
    this.status = status;
    this.headers = headers;
  }
}

function armHeaders(): Record<string, string> {
  const requestId = randomUUID();
  return {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-cache',
    'x-ms-request-id': requestId,
    'x-ms-correlation-request-id': requestId,
  };
}

export function armJson(body: unknown, status = 200): Answer {
  return { response: { status, headers: armHeaders(), body: JSON.stringify(body) } };
}

export function armErrorAnswer(error: ArmError): Answer {
  const body = JSON.stringify({ error: { code: error.code, message: error.message } });
  return { response: { status: error.status, headers: { ...armHeaders(), ...error.headers }, body }, errorCode: error.code };
}

/** Runs a handler, answering an ArmError it throws in ARM's words. */
export function answering(handler: () => Answer): Answer {
  try {
    return handler();
  } catch (error) {
    if (error instanceof ArmError) return armErrorAnswer(error);
    throw error;
  }
}

export function subscriptionNotFound(subscriptionId: string): ArmError {
  return new ArmError(404, 'SubscriptionNotFound', `The subscription '${subscriptionId}' could not be found.`);
}

export function resourceGroupNotFound(resourceGroup: string): ArmError {
  return new ArmError(404, 'ResourceGroupNotFound', `Resource group '${resourceGroup}' could not be found.`);
}

export function resourceNotFound(type: string, name: string, resourceGroup: string): ArmError {
  return new ArmError(
    404,
    'ResourceNotFound',
    `The Resource '${type}/${name}' under resource group '${resourceGroup}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
  );
}

export function authorizationFailed(clientId: string, objectId: string, action: string, scope: string): ArmError {
  return new ArmError(
    403,
    'AuthorizationFailed',
    `The client '${clientId}' with object id '${objectId}' does not have authorization to perform action '${action}' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
  );
}
