// The AWS Organizations API (awsJson1_1, `X-Amz-Target: AWSOrganizationsV20161128.<Action>`):
// DescribeOrganization from any member, ListAccounts from the management account or a delegated
// administrator. A global service: it lives in us-east-1 whatever region the client signs for.
import type { EstateOrganization } from '../estate.js';
import type { Answer, InjectedError } from '../types.js';
import { AwsApiError } from './errors.js';
import { awsJsonError, flattenJson, jsonInteger, jsonResult, jsonString, readJsonBody } from './json-protocol.js';
import { fingerprintOf, paginate, readMaxResults } from './pagination.js';
import { answering, type AuthFailure, type AwsContext, type AwsService, type Caller } from './service.js';
import { epochSeconds } from './values.js';

const TARGET_PREFIX = 'AWSOrganizationsV20161128.';
/** ListAccounts answers at most this many accounts a page, whatever MaxResults asks for. */
const MAX_ACCOUNTS_PER_PAGE = 20;

type OrganizationsHandler = (context: AwsContext, body: Readonly<Record<string, unknown>>, action: string) => unknown;

function invalidInput(reason: string, message: string): AwsApiError {
  return new AwsApiError('InvalidInputException', message, 400, { Reason: reason });
}

/** The caller's organization; an account outside it is told Organizations is not in use. */
function organizationOf(context: AwsContext): EstateOrganization {
  const organization = context.estate.organization;
  if (organization === undefined || !organization.members.some((m) => m.id === context.caller.account.id)) {
    throw new AwsApiError('AWSOrganizationsNotInUseException', 'Your account is not a member of an organization.');
  }
  return organization;
}

function organizationArn(organization: EstateOrganization): string {
  return `arn:aws:organizations::${organization.managementAccountId}:organization/${organization.id}`;
}

function accountArn(organization: EstateOrganization, accountId: string): string {
  return `arn:aws:organizations::${organization.managementAccountId}:account/${organization.id}/${accountId}`;
}

const describeOrganization: OrganizationsHandler = (context) => {
  const organization = organizationOf(context);
  const management = organization.members.find((m) => m.id === organization.managementAccountId);
  return {
    Organization: {
      Id: organization.id,
      Arn: organizationArn(organization),
      FeatureSet: 'ALL',
      MasterAccountArn: accountArn(organization, organization.managementAccountId),
      MasterAccountId: organization.managementAccountId,
      MasterAccountEmail: management?.email ?? 'aws@example.com',
      AvailablePolicyTypes: [],
    },
  };
};

const listAccounts: OrganizationsHandler = (context, body, action) => {
  const organization = organizationOf(context);
  const caller = context.caller.account.id;
  if (caller !== organization.managementAccountId && !organization.delegatedAdministrators.includes(caller)) {
    throw new AwsApiError('AccessDeniedException', "You don't have permissions to access this resource.");
  }
  const raw = jsonInteger(body, 'MaxResults');
  const maxResults = readMaxResults(raw, 1, MAX_ACCOUNTS_PER_PAGE, (value) =>
    Number(value) < 1
      ? invalidInput('MIN_VALUE_EXCEEDED', 'You provided a value that is smaller than the minimum length.')
      : invalidInput('MAX_VALUE_EXCEEDED', 'You provided a value that is larger than the maximum length.'),
  );
  const page = paginate(organization.members, {
    maxResults: maxResults ?? MAX_ACCOUNTS_PER_PAGE,
    nextToken: jsonString(body, 'NextToken'),
    pageCap: context.pageCap,
    fingerprint: fingerprintOf(`organizations|${action}|${caller}`, flattenJson(body)),
    invalidToken: () => invalidInput('INVALID_NEXT_TOKEN', 'You specified an invalid value for the nextToken request parameter.'),
  });
  return {
    Accounts: page.items.map((member) => ({
      Id: member.id,
      Arn: accountArn(organization, member.id),
      Email: member.email,
      Name: member.name,
      Status: member.status,
      State: member.status,
      JoinedMethod: member.id === organization.managementAccountId ? 'CREATED' : 'INVITED',
      JoinedTimestamp: epochSeconds(member.joinedTimestamp),
    })),
    NextToken: page.nextToken,
  };
};

const HANDLERS: Readonly<Record<string, OrganizationsHandler>> = {
  DescribeOrganization: describeOrganization,
  ListAccounts: listAccounts,
};

function organizationsInjectedError(error: InjectedError, action: string, caller: Caller): AwsApiError {
  switch (error) {
    case 'throttle':
      return new AwsApiError(
        'TooManyRequestsException',
        'You have sent too many requests in too short a period of time. The quota helps protect against denial-of-service attacks. Try again later.',
      );
    case 'server-error':
      return new AwsApiError('ServiceException', "AWS Organizations can't complete your request because of an internal service error. Try again later.", 500);
    case 'unavailable':
      return new AwsApiError('ServiceException', "AWS Organizations can't complete your request because the service is temporarily unavailable. Try again later.", 503);
    case 'access-denied':
      return new AwsApiError(
        'AccessDeniedException',
        `User: ${caller.arn} is not authorized to perform: organizations:${action} because no identity-based policy allows the organizations:${action} action`,
      );
  }
}

function organizationsAuthError(failure: AuthFailure): AwsApiError {
  switch (failure) {
    case 'missing':
      return new AwsApiError('MissingAuthenticationTokenException', 'Missing Authentication Token');
    case 'expired':
      return new AwsApiError('ExpiredTokenException', 'The security token included in the request is expired');
    case 'invalid':
    case 'region-disabled':
      return new AwsApiError('UnrecognizedClientException', 'The security token included in the request is invalid.');
  }
}

export const organizationsService: AwsService = {
  id: 'organizations',
  actions: Object.keys(HANDLERS),
  homeRegion: 'us-east-1',
  regional: false,
  decode(request) {
    const target = request.headers['x-amz-target'] ?? '';
    const action = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : target;
    let body: Readonly<Record<string, unknown>> | AwsApiError;
    try {
      body = readJsonBody(request);
    } catch (error) {
      if (!(error instanceof AwsApiError)) throw error;
      body = error;
    }
    const parsed = body;
    const serve = (context: AwsContext): Answer =>
      answering({ error: awsJsonError }, context.requestId, () => {
        if (parsed instanceof AwsApiError) throw parsed;
        const handler = Object.hasOwn(HANDLERS, action) ? HANDLERS[action] : undefined;
        if (handler === undefined) throw new AwsApiError('UnknownOperationException', `Unknown operation ${target}`);
        return jsonResult('awsJson', handler(context, parsed, action), context.requestId);
      });
    return { action, params: body instanceof AwsApiError ? {} : flattenJson(body), serve };
  },
  error: awsJsonError,
  injectedError: organizationsInjectedError,
  authError: organizationsAuthError,
};
