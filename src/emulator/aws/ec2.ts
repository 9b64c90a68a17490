// The EC2 query API (version 2016-11-15): which actions exist, and how answers and errors are
// worded on the wire.
import type { AwsAccountEstate, AwsEstate } from '../estate.js';
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
import type { ParsedQuery } from './query.js';
import { leaf, node, renderXml, type XmlElement } from './xml.js';

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
    case 'access-denied':
      return new AwsApiError(
        'UnauthorizedOperation',
        `You are not authorized to perform this operation. User: ${callerArn} is not authorized to perform: ec2:${action} because no identity-based policy allows the ec2:${action} action`,
        403,
      );
  }
}

export interface Ec2Call {
  readonly estate: AwsEstate;
  readonly account: AwsAccountEstate;
  readonly region: string;
  readonly action: string;
  readonly params: ParsedQuery;
  readonly pageCap: number | undefined;
  readonly requestId: string;
}

export function serveEc2(call: Ec2Call): Answer {
  const handler = Object.hasOwn(HANDLERS, call.action) ? HANDLERS[call.action] : undefined;
  if (handler === undefined) {
    return ec2Error(new AwsApiError('InvalidAction', `The action ${call.action} is not valid for this web service.`), call.requestId);
  }
  const regionEstate = call.account.regions[call.region];
  if (regionEstate === undefined) {
    // What AWS answers in a region the account has not enabled.
    return ec2Error(
      new AwsApiError('AuthFailure', `AWS was not able to validate the provided access credentials (region ${call.region} is not enabled for account ${call.account.id})`, 401),
      call.requestId,
    );
  }
  let children: readonly (XmlElement | undefined)[];
  try {
    children = handler({ ...call, regionEstate });
  } catch (error) {
    if (error instanceof AwsApiError) return ec2Error(error, call.requestId);
    throw error;
  }
  const body = renderXml(
    node(`${call.action}Response`, [leaf('requestId', call.requestId), ...children], { xmlns: EC2_NAMESPACE }),
  );
  return { response: { status: 200, headers: headersFor(call.requestId), body } };
}
