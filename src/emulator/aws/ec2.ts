// The EC2 query API (version 2016-11-15): which actions exist, and how answers and errors are
// worded on the wire.
import type { Answer, InjectedError } from '../types.js';
import {
  describeRegions,
  getEbsEncryptionByDefault,
  getImageBlockPublicAccessState,
  getSnapshotBlockPublicAccessState,
} from './ec2-account.js';
import { describeInstances, describeVolumes } from './ec2-compute.js';
import type { Ec2Handler } from './ec2-context.js';
import { describeImageAttribute, describeImages } from './ec2-images.js';
import { describeNetworkAcls, describeSecurityGroups } from './ec2-network.js';
import { describeSnapshotAttribute, describeSnapshots } from './ec2-snapshots.js';
import { AwsApiError } from './errors.js';
import { loggedParams, readQueryRequest, type ParsedQuery } from './query.js';
import { answering, regionEstateOf, type AuthFailure, type AwsContext, type AwsService } from './service.js';
import { leaf, node, renderXml } from './xml.js';

const EC2_VERSION = '2016-11-15';
const EC2_NAMESPACE = `http://ec2.amazonaws.com/doc/${EC2_VERSION}/`;

const HANDLERS: Readonly<Record<string, Ec2Handler>> = {
  DescribeRegions: describeRegions,
  DescribeSnapshots: describeSnapshots,
  DescribeSnapshotAttribute: describeSnapshotAttribute,
  GetSnapshotBlockPublicAccessState: getSnapshotBlockPublicAccessState,
  GetImageBlockPublicAccessState: getImageBlockPublicAccessState,
  GetEbsEncryptionByDefault: getEbsEncryptionByDefault,
  DescribeImages: describeImages,
  DescribeImageAttribute: describeImageAttribute,
  DescribeVolumes: describeVolumes,
  DescribeInstances: describeInstances,
  DescribeSecurityGroups: describeSecurityGroups,
  DescribeNetworkAcls: describeNetworkAcls,
};

/** The EC2 actions the emulator serves. */
export const EC2_ACTIONS: readonly string[] = Object.keys(HANDLERS);

const headersFor = (requestId: string) => ({ 'content-type': 'text/xml;charset=UTF-8', 'x-amzn-requestid': requestId, server: 'AmazonEC2' });

export function ec2Error(error: AwsApiError, requestId: string): Answer {
  const body = renderXml(
    node('Response', [
      node('Errors', [node('Error', [leaf('Code', error.code), leaf('Message', error.message)])]),
      leaf('RequestID', requestId),
    ]),
  );
  return { response: { status: error.status, headers: headersFor(requestId), body }, errorCode: error.code };
}

export function ec2InjectedError(error: InjectedError, action: string, callerArn: string): AwsApiError {
  switch (error) {
    case 'throttle':
      return new AwsApiError('RequestLimitExceeded', 'Request limit exceeded.', 503);
    case 'server-error':
      return new AwsApiError('InternalError', 'An internal error has occurred', 500);
    case 'unavailable':
      return new AwsApiError('Unavailable', "The server is overloaded and can't handle the request.", 503);
    case 'access-denied':
      return new AwsApiError(
        'UnauthorizedOperation',
        `You are not authorized to perform this operation. User: ${callerArn} is not authorized to perform: ec2:${action} because no identity-based policy allows the ec2:${action} action`,
        403,
      );
  }
}

/** EC2 refuses an unknown key, and a region the account has not enabled, with AuthFailure. */
function ec2AuthError(failure: AuthFailure, detail: string): AwsApiError {
  switch (failure) {
    case 'expired':
      return new AwsApiError('RequestExpired', 'Request has expired.');
    case 'region-disabled':
      return new AwsApiError('AuthFailure', `AWS was not able to validate the provided access credentials (${detail})`, 401);
    case 'missing':
    case 'invalid':
      return new AwsApiError('AuthFailure', 'AWS was not able to validate the provided access credentials', 401);
  }
}

function serveEc2(context: AwsContext, action: string, params: ParsedQuery): Answer {
  const handler = Object.hasOwn(HANDLERS, action) ? HANDLERS[action] : undefined;
  if (handler === undefined) {
    return ec2Error(new AwsApiError('InvalidAction', `The action ${action} is not valid for this web service.`), context.requestId);
  }
  return answering({ error: ec2Error }, context.requestId, () => {
    const children = handler({
      action,
      estate: context.estate,
      account: context.caller.account,
      region: context.region,
      regionEstate: regionEstateOf(context),
      params,
      pageCap: context.pageCap,
    });
    const body = renderXml(
      node(`${action}Response`, [leaf('requestId', context.requestId), ...children], { xmlns: EC2_NAMESPACE }),
    );
    return { response: { status: 200, headers: headersFor(context.requestId), body } };
  });
}

export const ec2Service: AwsService = {
  id: 'ec2',
  actions: EC2_ACTIONS,
  regional: true,
  decode(request) {
    const { params } = readQueryRequest(request);
    const action = params.flat['Action'] ?? '';
    return { action, params: loggedParams(params), serve: (context) => serveEc2(context, action, params) };
  },
  error: ec2Error,
  injectedError: (kind, action, caller) => ec2InjectedError(kind, action, caller.arn),
  authError: ec2AuthError,
};
