// The STS query API (version 2011-06-15): GetCallerIdentity and AssumeRole. AssumeRole issues
// temporary credentials that later calls, to any service, use to act as the role's account.
import { createHash } from 'node:crypto';
import type { AwsAccountEstate } from '../estate.js';
import type { Answer, InjectedError } from '../types.js';
import { queryError, queryResult } from './aws-query.js';
import { AwsApiError } from './errors.js';
import { loggedParams, readQueryRequest, scalar, type ParsedQuery } from './query.js';
import { answering, type AuthFailure, type AwsContext, type AwsService, type Caller } from './service.js';
import { leaf, node, type XmlElement } from './xml.js';

export const STS_VERSION = '2011-06-15';
const STS_NAMESPACE = `https://sts.amazonaws.com/doc/${STS_VERSION}/`;

/** The longest session a role grants without a MaxSessionDuration of its own (IAM's default). */
const ROLE_MAX_SESSION_SECONDS = 3600;
const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;

/** The identity of an estate account's long-term keys. */
export function staticCaller(account: AwsAccountEstate, accessKeyId: string): Caller {
  const arn = account.callerArn ?? `arn:aws:iam::${account.id}:user/snapaudit-auditor`;
  // A stable fake unique id: AIDA… for users, AROA…:session for assumed roles, as AWS shapes them.
  const suffix = createHash('sha256').update(`${arn}|${accessKeyId}`).digest('hex').slice(0, 17).toUpperCase();
  const assumed = /:assumed-role\/[^/]+\/(.+)$/.exec(arn);
  const userId = assumed?.[1] === undefined ? `AIDA${suffix}` : `AROA${suffix}:${assumed[1]}`;
  return { account, arn, userId, accessKeyId };
}

function stsError(error: AwsApiError, requestId: string): Answer {
  return queryError(STS_NAMESPACE, error, requestId);
}

function stsInjectedError(error: InjectedError, action: string, caller: Caller): AwsApiError {
  switch (error) {
    case 'throttle':
      return new AwsApiError('Throttling', 'Rate exceeded', 400);
    case 'server-error':
      return new AwsApiError('InternalFailure', 'An internal error has occurred', 500);
    case 'unavailable':
      return new AwsApiError('ServiceUnavailable', 'The request has failed due to a temporary failure of the server.', 503);
    case 'access-denied':
      return new AwsApiError('AccessDenied', `User: ${caller.arn} is not authorized to perform: sts:${action}`, 403);
  }
}

function stsAuthError(failure: AuthFailure): AwsApiError {
  switch (failure) {
    case 'missing':
      return new AwsApiError('MissingAuthenticationToken', 'Request is missing Authentication Token', 403);
    case 'expired':
      return new AwsApiError('ExpiredToken', 'The security token included in the request is expired', 400);
    case 'invalid':
    case 'region-disabled':
      return new AwsApiError('InvalidClientTokenId', 'The security token included in the request is invalid.', 403);
  }
}

function validationError(message: string): AwsApiError {
  return new AwsApiError('ValidationError', message);
}

function getCallerIdentity({ caller }: AwsContext): (XmlElement | undefined)[] {
  return [leaf('Arn', caller.arn), leaf('UserId', caller.userId), leaf('Account', caller.account.id)];
}

function readDuration(raw: string | undefined): number {
  if (raw === undefined) return ROLE_MAX_SESSION_SECONDS;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < 900) {
    throw validationError(`1 validation error detected: Value '${raw}' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900`);
  }
  if (value > 43_200) {
    throw validationError(`1 validation error detected: Value '${raw}' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 43200`);
  }
  return value;
}

function assumeRole(context: AwsContext, params: ParsedQuery): (XmlElement | undefined)[] {
  const { root } = params;
  const roleArn = scalar(root, 'RoleArn');
  const sessionName = scalar(root, 'RoleSessionName');
  if (roleArn === undefined) throw validationError("1 validation error detected: Value null at 'roleArn' failed to satisfy constraint: Member must not be null");
  if (sessionName === undefined) {
    throw validationError("1 validation error detected: Value null at 'roleSessionName' failed to satisfy constraint: Member must not be null");
  }
  if (!SESSION_NAME.test(sessionName)) {
    throw validationError(
      `1 validation error detected: Value '${sessionName}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*`,
    );
  }
  const duration = readDuration(scalar(root, 'DurationSeconds'));
  const match = ROLE_ARN.exec(roleArn);
  if (match === null) throw validationError(`${roleArn} is not a valid role ARN`);
  const [, targetId = '', roleName = ''] = match;

  // One answer for every refusal, as AWS gives: an outsider learns nothing about why.
  const denied = new AwsApiError('AccessDenied', `User: ${context.caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`, 403);
  const target = context.estate.accounts.find((a) => a.id === targetId);
  const role = target?.roles.find((r) => r.name === roleName);
  if (target === undefined || role === undefined) throw denied;
  if (!role.trustedAccounts.includes(context.caller.account.id)) throw denied;
  if (role.externalId !== undefined && scalar(root, 'ExternalId') !== role.externalId) throw denied;
  if (duration > ROLE_MAX_SESSION_SECONDS) {
    const chained = context.sessions.find(context.caller.accessKeyId) !== undefined;
    throw validationError(
      chained
        ? 'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.'
        : 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
    );
  }

  const session = context.sessions.issue(target, roleArn, sessionName, duration, context.now);
  return [
    node('Credentials', [
      leaf('AccessKeyId', session.caller.accessKeyId),
      leaf('SecretAccessKey', session.secretAccessKey),
      leaf('SessionToken', session.sessionToken),
      leaf('Expiration', new Date(session.expiresAt).toISOString()),
    ]),
    node('AssumedRoleUser', [leaf('AssumedRoleId', session.caller.userId), leaf('Arn', session.caller.arn)]),
  ];
}

function serveSts(context: AwsContext, action: string, params: ParsedQuery): Answer {
  return answering({ error: stsError }, context.requestId, () => {
    switch (action) {
      case 'GetCallerIdentity':
        return queryResult(STS_NAMESPACE, action, getCallerIdentity(context), context.requestId);
      case 'AssumeRole':
        return queryResult(STS_NAMESPACE, action, assumeRole(context, params), context.requestId);
      default:
        throw new AwsApiError('InvalidAction', `Could not find operation ${action} for version ${STS_VERSION}`);
    }
  });
}

export const stsService: AwsService = {
  id: 'sts',
  actions: ['GetCallerIdentity', 'AssumeRole'],
  regional: false,
  decode(request) {
    const { params } = readQueryRequest(request);
    const action = params.flat['Action'] ?? '';
    return { action, params: loggedParams(params), serve: (context) => serveSts(context, action, params) };
  },
  error: stsError,
  injectedError: stsInjectedError,
  authError: stsAuthError,
};
