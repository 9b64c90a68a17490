// The RDS query API (awsQuery, version 2014-10-31): which actions exist, and how answers and
// errors are worded on the wire. RDS throttles the whole service per account and region.
import type { Answer, InjectedError } from '../types.js';
import { queryError, queryResult } from './aws-query.js';
import { AwsApiError } from './errors.js';
import { loggedParams, readQueryRequest, type ParsedQuery } from './query.js';
import type { RdsHandler } from './rds-context.js';
import { describeDbClusters, describeDbInstances } from './rds-databases.js';
import {
  describeDbClusterSnapshotAttributes,
  describeDbClusterSnapshots,
  describeDbSnapshotAttributes,
  describeDbSnapshots,
} from './rds-snapshots.js';
import { answering, queryAuthError, regionEstateOf, type AwsContext, type AwsService, type Caller } from './service.js';
import { RDS_RATE_LIMIT } from '../token-bucket.js';

const RDS_VERSION = '2014-10-31';
const RDS_NAMESPACE = `http://rds.amazonaws.com/doc/${RDS_VERSION}/`;

const HANDLERS: Readonly<Record<string, RdsHandler>> = {
  DescribeDBSnapshots: describeDbSnapshots,
  DescribeDBSnapshotAttributes: describeDbSnapshotAttributes,
  DescribeDBClusterSnapshots: describeDbClusterSnapshots,
  DescribeDBClusterSnapshotAttributes: describeDbClusterSnapshotAttributes,
  DescribeDBInstances: describeDbInstances,
  DescribeDBClusters: describeDbClusters,
};

function rdsError(error: AwsApiError, requestId: string): Answer {
  return queryError(RDS_NAMESPACE, error, requestId);
}

function rdsInjectedError(error: InjectedError, action: string, caller: Caller, region: string): AwsApiError {
  switch (error) {
    case 'throttle':
      return new AwsApiError('Throttling', 'Rate exceeded', 400);
    case 'server-error':
      return new AwsApiError('InternalFailure', 'An internal error has occurred. Please try your query again at a later time.', 500);
    case 'unavailable':
      return new AwsApiError('ServiceUnavailable', 'The request has failed due to a temporary failure of the server.', 503);
    case 'access-denied':
      return new AwsApiError(
        'AccessDenied',
        `User: ${caller.arn} is not authorized to perform: rds:${action} on resource: arn:aws:rds:${region}:${caller.account.id}:db:* because no identity-based policy allows the rds:${action} action`,
        403,
      );
  }
}

function serveRds(context: AwsContext, action: string, params: ParsedQuery): Answer {
  const handler = Object.hasOwn(HANDLERS, action) ? HANDLERS[action] : undefined;
  return answering({ error: rdsError }, context.requestId, () => {
    if (handler === undefined) throw new AwsApiError('InvalidAction', `Could not find operation ${action} for version ${RDS_VERSION}`);
    const result = handler({
      action,
      estate: context.estate,
      account: context.caller.account,
      region: context.region,
      regionEstate: regionEstateOf(context),
      params,
      pageCap: context.pageCap,
    });
    return queryResult(RDS_NAMESPACE, action, result, context.requestId);
  });
}

export const rdsService: AwsService = {
  id: 'rds',
  actions: Object.keys(HANDLERS),
  rateLimit: { scope: 'service', defaults: RDS_RATE_LIMIT },
  regional: true,
  decode(request) {
    const { params } = readQueryRequest(request);
    const action = params.flat['Action'] ?? '';
    return { action, params: loggedParams(params), serve: (context) => serveRds(context, action, params) };
  },
  error: rdsError,
  injectedError: rdsInjectedError,
  authError: queryAuthError,
};
