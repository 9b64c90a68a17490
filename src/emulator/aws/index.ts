// The AWS side of the emulator: recognises query-protocol requests, reads the SigV4 credential
// scope to learn the service, region and access key (signatures are not verified), maps the key
// to an estate account and hands the call to EC2 or STS.
import { randomUUID } from 'node:crypto';
import type { AwsAccountEstate, AwsEstate } from '../estate.js';
import type { Answer, CallContext, EmulatedCloud, EmulatorRequest, InjectedError, ServiceCall } from '../types.js';
import { ec2Error, ec2InjectedError, serveEc2 } from './ec2.js';
import { AwsApiError } from './errors.js';
import { parseQuery, type ParsedQuery } from './query.js';
import { callerArnOf, serveSts, stsError, stsInjectedError, STS_VERSION } from './sts.js';

export { EC2_ACTIONS } from './ec2.js';

export type AwsService = 'ec2' | 'sts';

interface CredentialScope {
  readonly accessKeyId: string;
  readonly region: string;
  readonly service: string;
}

const SCOPE = /^([^/]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request$/;

/** `Credential=AKID/DATE/REGION/SERVICE/aws4_request` from the header or a presigned query. */
export function credentialScopeOf(authorization: string | undefined, query: URLSearchParams): CredentialScope | undefined {
  const credential = /Credential=([^,\s]+)/.exec(authorization ?? '')?.[1] ?? query.get('X-Amz-Credential') ?? undefined;
  const match = credential === undefined ? null : SCOPE.exec(credential);
  if (match === null) return undefined;
  const [, accessKeyId = '', region = '', service = ''] = match;
  return { accessKeyId, region, service };
}

function readParams(request: EmulatorRequest): { query: URLSearchParams; params: ParsedQuery } {
  const query = new URL(request.url, 'http://emulator.invalid').searchParams;
  const form = new URLSearchParams(query);
  if ((request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
    for (const [key, value] of new URLSearchParams(request.body)) form.append(key, value);
  }
  // Presigned-URL credentials must not reach the call log.
  for (const key of [...form.keys()]) if (key.startsWith('X-Amz-')) form.delete(key);
  return { query, params: parseQuery(form) };
}

function serviceOf(scope: CredentialScope | undefined, version: string | undefined): AwsService {
  if (scope?.service === 'sts' || scope?.service === 'ec2') return scope.service;
  return version === STS_VERSION ? 'sts' : 'ec2';
}

function errorAnswer(service: AwsService, error: AwsApiError, requestId: string): Answer {
  return service === 'sts' ? stsError(error, requestId) : ec2Error(error, requestId);
}

function unauthenticated(service: AwsService, scope: CredentialScope | undefined): AwsApiError {
  if (scope === undefined) {
    return service === 'sts'
      ? new AwsApiError('MissingAuthenticationToken', 'Request is missing Authentication Token', 403)
      : new AwsApiError('AuthFailure', 'AWS was not able to validate the provided access credentials', 401);
  }
  return service === 'sts'
    ? new AwsApiError('InvalidClientTokenId', 'The security token included in the request is invalid.', 403)
    : new AwsApiError('AuthFailure', 'AWS was not able to validate the provided access credentials', 401);
}

export function createAwsCloud(estate: AwsEstate | undefined): EmulatedCloud {
  const accountsByKey = new Map<string, AwsAccountEstate>();
  for (const account of estate?.accounts ?? []) {
    for (const key of account.accessKeyIds) accountsByKey.set(key, account);
  }

  return {
    id: 'aws',
    accepts(request) {
      const authorization = request.headers.authorization ?? '';
      const contentType = request.headers['content-type'] ?? '';
      return authorization.startsWith('AWS4-HMAC-SHA256') || contentType.startsWith('application/x-www-form-urlencoded') || request.url.includes('Action=');
    },
    identify(request: EmulatorRequest, context: CallContext): ServiceCall {
      const requestId = randomUUID();
      const { query, params } = readParams(request);
      const scope = credentialScopeOf(request.headers.authorization, query);
      const action = params.flat['Action'] ?? '';
      const service = serviceOf(scope, params.flat['Version']);
      const region = scope?.region ?? 'us-east-1';
      const logged = Object.fromEntries(Object.entries(params.flat).filter(([key]) => key !== 'Action' && key !== 'Version'));
      const account = scope === undefined ? undefined : accountsByKey.get(scope.accessKeyId);
      const base = { service, action, region, params: logged };

      if (account === undefined || estate === undefined || scope === undefined) {
        const refusal = errorAnswer(service, unauthenticated(service, scope), requestId);
        return { ...base, account: undefined, authenticated: false, serve: () => refusal, fail: () => refusal };
      }
      const fail = (error: InjectedError): Answer => {
        const callerArn = callerArnOf(account);
        return service === 'sts'
          ? stsError(stsInjectedError(error, action, callerArn), requestId)
          : ec2Error(ec2InjectedError(error, action, callerArn), requestId);
      };
      const serve = (): Answer => {
        if (action === '') return errorAnswer(service, new AwsApiError('MissingAction', 'The request must contain the parameter Action'), requestId);
        if (service === 'sts') return serveSts({ account, accessKeyId: scope.accessKeyId, action, requestId });
        return serveEc2({ estate, account, region, action, params, pageCap: context.pageCap, requestId });
      };
      return { ...base, account: account.id, authenticated: true, serve, fail };
    },
  };
}
