// The AWS side of the emulator: recognises AWS requests (query, JSON and REST protocols), reads
// the SigV4 credential scope to learn the service, region and access key (signatures are not
// verified), maps the key to an estate account or an AssumeRole session, and hands the call to
// the service.
import { randomUUID } from 'node:crypto';
import { emptyRegion } from '../estate.js';
import { DEFAULT_REGIONS } from './ec2-account.js';
import type { AwsAccountEstate, AwsEstate } from '../estate.js';
import type { Answer, CallContext, EmulatedCloud, EmulatorRequest, InjectedError, ServiceCall } from '../types.js';
import { backupService } from './backup.js';
import { cloudTrailService, isCloudTrailTarget } from './cloudtrail.js';
import { ec2Service } from './ec2.js';
import { AwsApiError } from './errors.js';
import { CredentialReportStore } from './iam-credential-report.js';
import { IAM_VERSION, iamService } from './iam.js';
import { organizationsService } from './organizations.js';
import { readQueryRequest } from './query.js';
import { rdsService } from './rds.js';
import type { AuthFailure, AwsService, AwsServiceId, Caller } from './service.js';
import { SessionStore } from './sessions.js';
import { staticCaller, STS_VERSION, stsService } from './sts.js';

export { CLOUDTRAIL_READ_RATE_LIMIT } from './cloudtrail.js';
export { EC2_ACTIONS } from './ec2.js';
export { CREDENTIAL_REPORT_COLUMNS } from './iam-credential-report.js';
export { AWS_MANAGED_POLICIES } from './iam-managed-policies.js';
export type { AwsServiceId } from './service.js';

const SERVICES: readonly AwsService[] = [ec2Service, stsService, rdsService, backupService, organizationsService, iamService, cloudTrailService];

/** The actions the emulator serves, per service; `service:Action` is the IAM permission name. */
export const SERVED_ACTIONS: Readonly<Record<AwsServiceId, readonly string[]>> = {
  ec2: ec2Service.actions,
  sts: stsService.actions,
  rds: rdsService.actions,
  backup: backupService.actions,
  organizations: organizationsService.actions,
  iam: iamService.actions,
  cloudtrail: cloudTrailService.actions,
};

interface CredentialScope {
  readonly accessKeyId: string;
  readonly region: string;
  readonly service: string;
}

const SCOPE = /^([^/]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request$/;
const RDS_VERSION = '2014-10-31';
const ORGANIZATIONS_TARGET = 'AWSOrganizationsV20161128.';

/** `Credential=AKID/DATE/REGION/SERVICE/aws4_request` from the header or a presigned query. */
export function credentialScopeOf(authorization: string | undefined, query: URLSearchParams): CredentialScope | undefined {
  const credential = /Credential=([^,\s]+)/.exec(authorization ?? '')?.[1] ?? query.get('X-Amz-Credential') ?? undefined;
  const match = credential === undefined ? null : SCOPE.exec(credential);
  if (match === null) return undefined;
  const [, accessKeyId = '', region = '', service = ''] = match;
  return { accessKeyId, region, service };
}

function pathOf(request: EmulatorRequest): string {
  return new URL(request.url, 'http://emulator.invalid').pathname;
}

/** The signing service names the service; unsigned requests are recognised by their shape. */
function serviceFor(request: EmulatorRequest, scope: CredentialScope | undefined): AwsService {
  const signed = SERVICES.find((s) => s.id === scope?.service);
  if (signed !== undefined) return signed;
  const target = request.headers['x-amz-target'] ?? '';
  if (target.startsWith(ORGANIZATIONS_TARGET)) return organizationsService;
  if (isCloudTrailTarget(target)) return cloudTrailService;
  if (pathOf(request).startsWith('/backup-vaults')) return backupService;
  const version = readQueryRequest(request).params.flat['Version'];
  if (version === STS_VERSION) return stsService;
  if (version === IAM_VERSION) return iamService;
  return version === RDS_VERSION ? rdsService : ec2Service;
}

/** Long-term keys of estate accounts, then AssumeRole sessions with their token and expiry. */
function authenticate(
  keys: ReadonlyMap<string, AwsAccountEstate>,
  sessions: SessionStore,
  request: EmulatorRequest,
  scope: CredentialScope | undefined,
  now: number,
): Caller | AuthFailure {
  if (scope === undefined) return 'missing';
  const token = request.headers['x-amz-security-token'] ?? new URL(request.url, 'http://emulator.invalid').searchParams.get('X-Amz-Security-Token') ?? undefined;
  const account = keys.get(scope.accessKeyId);
  if (account !== undefined) return token === undefined ? staticCaller(account, scope.accessKeyId) : 'invalid';
  const session = sessions.find(scope.accessKeyId);
  if (session === undefined || token !== session.sessionToken) return 'invalid';
  return now >= session.expiresAt ? 'expired' : session.caller;
}

export function createAwsCloud(aws: AwsEstate | undefined): EmulatedCloud {
  // Without AWS accounts every key is unknown.
  const estate: AwsEstate = aws ?? { accounts: [], foreignImages: [] };
  const keys = new Map<string, AwsAccountEstate>();
  for (const account of estate.accounts) {
    for (const key of account.accessKeyIds) keys.set(key, account);
  }
  const sessions = new SessionStore();
  const credentialReports = new CredentialReportStore();

  return {
    id: 'aws',
    accepts(request) {
      const authorization = request.headers.authorization ?? '';
      const contentType = request.headers['content-type'] ?? '';
      return (
        authorization.startsWith('AWS4-HMAC-SHA256') ||
        contentType.startsWith('application/x-www-form-urlencoded') ||
        contentType.startsWith('application/x-amz-json-') ||
        request.url.includes('Action=') ||
        pathOf(request).startsWith('/backup-vaults')
      );
    },
    identify(request: EmulatorRequest, context: CallContext): ServiceCall {
      const requestId = randomUUID();
      const query = new URL(request.url, 'http://emulator.invalid').searchParams;
      const scope = credentialScopeOf(request.headers.authorization, query);
      const service = serviceFor(request, scope);
      const decoded = service.decode(request);
      const region = service.homeRegion ?? scope?.region ?? 'us-east-1';
      const base = {
        service: service.id,
        action: decoded.action,
        region,
        params: decoded.params,
        ...(service.rateLimit === undefined ? {} : { rateLimit: service.rateLimit }),
      };
      const caller = authenticate(keys, sessions, request, scope, Date.now());

      if (typeof caller === 'string') {
        const refusal = service.error(service.authError(caller, ''), requestId);
        return { ...base, account: undefined, authenticated: false, serve: () => refusal, fail: () => refusal };
      }
      const fail = (error: InjectedError): Answer => service.error(service.injectedError(error, decoded.action, caller, region), requestId);
      const serve = (): Answer => {
        if (decoded.action === '') return service.error(new AwsApiError('MissingAction', 'The request must contain the parameter Action'), requestId);
        let acting = caller;
        if (service.regional && caller.account.regions[region] === undefined) {
          // A default region the estate leaves out is enabled and empty; any other is refused.
          if (!DEFAULT_REGIONS.has(region) || caller.account.disabledRegions.includes(region)) {
            const detail = `region ${region} is not enabled for account ${caller.account.id}`;
            return service.error(service.authError('region-disabled', detail), requestId);
          }
          acting = { ...caller, account: { ...caller.account, regions: { ...caller.account.regions, [region]: emptyRegion() } } };
        }
        return decoded.serve({ estate, caller: acting, region, pageCap: context.pageCap, requestId, sessions, credentialReports, now: Date.now() });
      };
      return { ...base, account: caller.account.id, authenticated: true, serve, fail };
    },
  };
}
