// The STS query API (version 2011-06-15): GetCallerIdentity only.
import { createHash } from 'node:crypto';
import type { AwsAccountEstate } from '../estate.js';
import type { Answer, InjectedError } from '../types.js';
import { AwsApiError } from './errors.js';
import { leaf, node, renderXml } from './xml.js';

export const STS_VERSION = '2011-06-15';
const STS_NAMESPACE = `https://sts.amazonaws.com/doc/${STS_VERSION}/`;

const headersFor = (requestId: string) => ({ 'content-type': 'text/xml', 'x-amzn-requestid': requestId });

export function callerArnOf(account: AwsAccountEstate): string {
  return account.callerArn ?? `arn:aws:iam::${account.id}:user/snapaudit-auditor`;
}

// A stable fake unique id: AIDA… for users, AROA…:session for assumed roles, as AWS shapes them.
function userIdOf(account: AwsAccountEstate, accessKeyId: string): string {
  const arn = callerArnOf(account);
  const suffix = createHash('sha256').update(`${arn}|${accessKeyId}`).digest('hex').slice(0, 17).toUpperCase();
  const assumed = /:assumed-role\/[^/]+\/(.+)$/.exec(arn);
  return assumed?.[1] === undefined ? `AIDA${suffix}` : `AROA${suffix}:${assumed[1]}`;
}

export function stsError(error: AwsApiError, requestId: string): Answer {
  const body = renderXml(
    node('ErrorResponse', [
      node('Error', [leaf('Type', error.status >= 500 ? 'Receiver' : 'Sender'), leaf('Code', error.code), leaf('Message', error.message)]),
      leaf('RequestId', requestId),
    ], { xmlns: STS_NAMESPACE }),
  );
  return { response: { status: error.status, headers: headersFor(requestId), body }, errorCode: error.code };
}

export function stsInjectedError(error: InjectedError, action: string, callerArn: string): AwsApiError {
  switch (error) {
    case 'throttle':
      return new AwsApiError('Throttling', 'Rate exceeded', 400);
    case 'server-error':
      return new AwsApiError('InternalFailure', 'An internal error has occurred', 500);
    case 'access-denied':
      return new AwsApiError('AccessDenied', `User: ${callerArn} is not authorized to perform: sts:${action}`, 403);
  }
}

export interface StsCall {
  readonly account: AwsAccountEstate;
  readonly accessKeyId: string;
  readonly action: string;
  readonly requestId: string;
}

export function serveSts(call: StsCall): Answer {
  if (call.action !== 'GetCallerIdentity') {
    return stsError(new AwsApiError('InvalidAction', `Could not find operation ${call.action} for version ${STS_VERSION}`), call.requestId);
  }
  const body = renderXml(
    node('GetCallerIdentityResponse', [
      node('GetCallerIdentityResult', [
        leaf('Arn', callerArnOf(call.account)),
        leaf('UserId', userIdOf(call.account, call.accessKeyId)),
        leaf('Account', call.account.id),
      ]),
      node('ResponseMetadata', [leaf('RequestId', call.requestId)]),
    ], { xmlns: STS_NAMESPACE }),
  );
  return { response: { status: 200, headers: headersFor(call.requestId), body } };
}
