// The IAM query API (awsQuery, version 2010-05-08), read side: the account's authorization
// details, the credential report, the password policy and the account summary. A global service:
// it lives in us-east-1 whatever region the client signs for.
import type { Answer, InjectedError } from '../types.js';
import { queryError, queryResult } from './aws-query.js';
import { AwsApiError } from './errors.js';
import { getAccountAuthorizationDetails } from './iam-authorization-details.js';
import { credentialReportCsv } from './iam-credential-report.js';
import { policyUsage, rolesOf } from './iam-identities.js';
import { loggedParams, readQueryRequest, type ParsedQuery } from './query.js';
import { answering, queryAuthError, type AwsContext, type AwsService, type Caller } from './service.js';
import { leaf, node, type XmlElement } from './xml.js';

export const IAM_VERSION = '2010-05-08';
const IAM_NAMESPACE = `https://iam.amazonaws.com/doc/${IAM_VERSION}/`;

type IamHandler = (context: AwsContext, params: ParsedQuery, action: string) => (XmlElement | undefined)[];

const generateCredentialReport: IamHandler = (context) => {
  const { state, description } = context.credentialReports.generate(context.caller.account.id, context.now);
  return [leaf('State', state), leaf('Description', description)];
};

const getCredentialReport: IamHandler = (context) => {
  const { account } = context.caller;
  const generatedAt = context.credentialReports.generatedAt(account.id, context.now);
  return [
    leaf('Content', Buffer.from(credentialReportCsv(account), 'utf8').toString('base64')),
    leaf('ReportFormat', 'text/csv'),
    leaf('GeneratedTime', new Date(generatedAt).toISOString()),
  ];
};

const getAccountPasswordPolicy: IamHandler = (context) => {
  const { account } = context.caller;
  const policy = account.iam.passwordPolicy;
  if (policy === undefined) throw new AwsApiError('NoSuchEntity', `The Password Policy with domain name ${account.id} cannot be found.`, 404);
  return [
    node('PasswordPolicy', [
      leaf('MinimumPasswordLength', policy.minimumLength),
      leaf('RequireSymbols', policy.requireSymbols),
      leaf('RequireNumbers', policy.requireNumbers),
      leaf('RequireUppercaseCharacters', policy.requireUppercase),
      leaf('RequireLowercaseCharacters', policy.requireLowercase),
      leaf('AllowUsersToChangePassword', policy.allowUsersToChangePassword),
      leaf('ExpirePasswords', policy.maxAgeDays !== undefined),
      leaf('MaxPasswordAge', policy.maxAgeDays),
      leaf('PasswordReusePrevention', policy.reusePrevention),
      leaf('HardExpiry', policy.hardExpiry),
    ]),
  ];
};

/** IAM's default quotas, reported beside the counts. */
const SUMMARY_QUOTAS: Readonly<Record<string, number>> = {
  UsersQuota: 5000,
  GroupsQuota: 300,
  RolesQuota: 1000,
  PoliciesQuota: 1500,
  InstanceProfilesQuota: 1000,
  ServerCertificatesQuota: 20,
  PolicySizeQuota: 6144,
  UserPolicySizeQuota: 2048,
  GroupPolicySizeQuota: 5120,
  RolePolicySizeQuota: 10240,
  AssumeRolePolicySizeQuota: 2048,
  GroupsPerUserQuota: 10,
  SigningCertificatesPerUserQuota: 2,
  AccessKeysPerUserQuota: 2,
  AttachedPoliciesPerUserQuota: 10,
  AttachedPoliciesPerGroupQuota: 10,
  AttachedPoliciesPerRoleQuota: 10,
  PolicyVersionsInUseQuota: 10000,
  VersionsPerPolicyQuota: 5,
};

const getAccountSummary: IamHandler = (context) => {
  const { iam } = context.caller.account;
  const mfaDevices = iam.users.filter((u) => u.mfa).length + (iam.root.mfa ? 1 : 0);
  const { attachments } = policyUsage(context.caller.account);
  const counts: Record<string, number> = {
    Users: iam.users.length,
    Groups: iam.groups.length,
    Roles: rolesOf(context.caller.account).length,
    Policies: iam.policies.length,
    PolicyVersionsInUse: [...attachments.values()].reduce((sum, n) => sum + n, 0),
    InstanceProfiles: 0,
    ServerCertificates: 0,
    Providers: 0,
    MFADevices: mfaDevices,
    MFADevicesInUse: mfaDevices,
    AccountMFAEnabled: iam.root.mfa ? 1 : 0,
    AccountAccessKeysPresent: iam.root.accessKeys.some((k) => k.active) ? 1 : 0,
    AccountSigningCertificatesPresent: 0,
    GlobalEndpointTokenVersion: 1,
    ...SUMMARY_QUOTAS,
  };
  return [node('SummaryMap', Object.entries(counts).map(([key, value]) => node('entry', [leaf('key', key), leaf('value', value)])))];
};

const HANDLERS: Readonly<Record<string, IamHandler>> = {
  GetAccountAuthorizationDetails: getAccountAuthorizationDetails,
  GenerateCredentialReport: generateCredentialReport,
  GetCredentialReport: getCredentialReport,
  GetAccountPasswordPolicy: getAccountPasswordPolicy,
  GetAccountSummary: getAccountSummary,
};

function iamError(error: AwsApiError, requestId: string): Answer {
  return queryError(IAM_NAMESPACE, error, requestId);
}

function iamInjectedError(error: InjectedError, action: string, caller: Caller): AwsApiError {
  switch (error) {
    case 'throttle':
      return new AwsApiError('Throttling', 'Rate exceeded', 400);
    case 'server-error':
      return new AwsApiError('ServiceFailure', 'The request processing has failed because of an unknown error, exception or failure.', 500);
    case 'unavailable':
      return new AwsApiError('ServiceUnavailable', 'The request has failed due to a temporary failure of the server.', 503);
    case 'access-denied':
      return new AwsApiError(
        'AccessDenied',
        `User: ${caller.arn} is not authorized to perform: iam:${action} on resource: * because no identity-based policy allows the iam:${action} action`,
        403,
      );
  }
}

function serveIam(context: AwsContext, action: string, params: ParsedQuery): Answer {
  const handler = Object.hasOwn(HANDLERS, action) ? HANDLERS[action] : undefined;
  return answering({ error: iamError }, context.requestId, () => {
    if (handler === undefined) throw new AwsApiError('InvalidAction', `Could not find operation ${action} for version ${IAM_VERSION}`);
    return queryResult(IAM_NAMESPACE, action, handler(context, params, action), context.requestId);
  });
}

export const iamService: AwsService = {
  id: 'iam',
  actions: Object.keys(HANDLERS),
  homeRegion: 'us-east-1',
  regional: false,
  decode(request) {
    const { params } = readQueryRequest(request);
    const action = params.flat['Action'] ?? '';
    return { action, params: loggedParams(params), serve: (context) => serveIam(context, action, params) };
  },
  error: iamError,
  injectedError: iamInjectedError,
  authError: queryAuthError,
};
