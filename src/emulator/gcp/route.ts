// What the Google listener's routers hand back: a call identified (service, the IAM permission it
// needs, project, region, parameters) with how to answer it once the caller may see the project, or
// a refusal for a path the emulator does not serve.
import type { Answer, RateLimitPolicy } from '../types.js';
import type { ApiMethod, GoogleApiError, Quota } from './errors.js';
import type { GcpEstateView, GcpToken, ProjectView } from './view.js';

interface RouteBase {
  /** The call log's service: `compute`, `cloudresourcemanager`, `iam` or `logging`. */
  readonly service: string;
  /** The IAM permission the call needs. */
  readonly action: string;
  /** The project as the path names it (id or number); undefined for calls not on one project. */
  readonly project: string | undefined;
  readonly region: string;
  readonly params: Readonly<Record<string, string>>;
  readonly api: ApiMethod;
}

export interface GcpRoute extends RouteBase {
  /** The HTTP method the call is made with; GET when absent. */
  readonly method?: 'GET' | 'POST';
  readonly rateLimit: RateLimitPolicy;
  readonly quota: Quota;
  /** Anyone may make this call on a public image project (images.list on debian-cloud...). */
  readonly publicRead?: boolean;
  /** The 403 this call gets from a caller without the permission. */
  denied(): GoogleApiError;
  /** Throws a GoogleApiError for a missing region, zone or resource. */
  answer(context: AnswerContext): Answer;
}

export interface AnswerContext {
  readonly caller: GcpToken;
  readonly estate: GcpEstateView;
  /** The project the call is on, when it is on one. */
  readonly view: ProjectView | undefined;
  /** The request body, for the few calls that send one (a POST getIamPolicy's options). */
  readonly body?: string;
}

/** A path that is not an API the emulator serves: answered once authenticated, never faulted. */
export interface Unserved extends RouteBase {
  readonly refusal: Answer;
}

export { segmentsOf } from '../url-path.js';

/** Query parameters for the call log: Google's own `$alt`/`$prettyPrint` and any token left out. */
export function queryParams(url: URL): Record<string, string> {
  return Object.fromEntries([...url.searchParams.entries()].filter(([name]) => !name.startsWith('$') && name !== 'access_token'));
}
