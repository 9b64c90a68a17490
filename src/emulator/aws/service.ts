// What every emulated AWS service provides to the AWS cloud: how it reads its requests, words its
// errors and is rate limited. The cloud authenticates the caller; the service answers.
import type { AwsAccountEstate, AwsEstate, AwsRegionEstate } from '../estate.js';
import type { Answer, EmulatorRequest, InjectedError, RateLimitPolicy } from '../types.js';
import { AwsApiError } from './errors.js';
import type { CredentialReportStore } from './iam-credential-report.js';
import type { SessionStore } from './sessions.js';

export type AwsServiceId = 'ec2' | 'sts' | 'rds' | 'backup' | 'organizations' | 'iam' | 'cloudtrail';

/** Who is calling: the account whose resources the call sees, and the identity AWS reports. */
export interface Caller {
  readonly account: AwsAccountEstate;
  readonly arn: string;
  /** What GetCallerIdentity reports as UserId (`AIDA…`, or `AROA…:session`). */
  readonly userId: string;
  readonly accessKeyId: string;
}

/** Everything a handler may read (and the stores AssumeRole and GenerateCredentialReport write). */
export interface AwsContext {
  readonly estate: AwsEstate;
  readonly caller: Caller;
  readonly region: string;
  readonly pageCap: number | undefined;
  readonly requestId: string;
  readonly sessions: SessionStore;
  readonly credentialReports: CredentialReportStore;
  /** Milliseconds since the epoch, read once per call. */
  readonly now: number;
}

/** A request read by its service: the action, what to log, and how to answer it. */
export interface DecodedCall {
  readonly action: string;
  /** Request parameters as sent, without credentials: for the call log and fault matching. */
  readonly params: Readonly<Record<string, string>>;
  serve(context: AwsContext): Answer;
}

/** Why a request was refused before it reached the API. */
export type AuthFailure = 'missing' | 'invalid' | 'expired' | 'region-disabled';

/** How the awsQuery services (RDS, IAM) refuse a request they cannot authenticate. */
export function queryAuthError(failure: AuthFailure): AwsApiError {
  switch (failure) {
    case 'missing':
      return new AwsApiError('MissingAuthenticationToken', 'Request is missing Authentication Token', 403);
    case 'expired':
      return new AwsApiError('ExpiredToken', 'The security token included in the request is expired', 403);
    case 'invalid':
    case 'region-disabled':
      return new AwsApiError('InvalidClientTokenId', 'The security token included in the request is invalid.', 403);
  }
}

export interface AwsService {
  readonly id: AwsServiceId;
  /** The API actions served; their IAM permission names are `<id>:<action>`. */
  readonly actions: readonly string[];
  readonly rateLimit?: RateLimitPolicy;
  /**
   * Global services (Organizations, IAM) live in one region whatever region the client signs for
   * (the SDK signs custom endpoints with the client's region); it is the region logged.
   */
  readonly homeRegion?: string;
  /** Regional services refuse regions the account has not enabled. */
  readonly regional: boolean;
  decode(request: EmulatorRequest): DecodedCall;
  error(error: AwsApiError, requestId: string): Answer;
  injectedError(kind: InjectedError, action: string, caller: Caller, region: string): AwsApiError;
  authError(failure: AuthFailure, detail: string): AwsApiError;
}

/** Runs a handler, answering an AwsApiError it throws in the service's words. */
export function answering(service: Pick<AwsService, 'error'>, requestId: string, handler: () => Answer): Answer {
  try {
    return handler();
  } catch (error) {
    if (error instanceof AwsApiError) return service.error(error, requestId);
    throw error;
  }
}

/** The caller's region estate; regions the account has not enabled never reach a handler. */
export function regionEstateOf(context: AwsContext): AwsRegionEstate {
  const region = context.caller.account.regions[context.region];
  if (region === undefined) throw new Error(`region ${context.region} reached a handler of account ${context.caller.account.id}`);
  return region;
}

/** The other estate accounts that have the region enabled, with their resources there. */
export function otherAccountsIn(
  estate: AwsEstate,
  caller: AwsAccountEstate,
  region: string,
): { account: AwsAccountEstate; region: AwsRegionEstate }[] {
  return estate.accounts.flatMap((account) => {
    const regionEstate = account.regions[region];
    return account.id !== caller.id && regionEstate !== undefined ? [{ account, region: regionEstate }] : [];
  });
}
