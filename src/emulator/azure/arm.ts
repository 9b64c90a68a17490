// Azure Resource Manager: reads the bearer token, routes the path to a subscription, resource type,
// resource or sub-resource (or an extension type of the subscription: role assignments, role
// definitions, diagnostic settings), names the RBAC operation the call needs, and answers as ARM does:
// 401 before anything else, then the api-version, then the subscription (404 when it does not
// exist, 403 AuthorizationFailed when the caller has no role on it), then the resource.
import type { AzureEstate, AzureSubscriptionEstate } from '../estate.js';
import { ARM_READ_RATE_LIMIT } from '../token-bucket.js';
import type { Answer, EmulatorRequest, Fault, InjectedError, RateLimitPolicy, ServiceCall } from '../types.js';
import { EXTENSION_ROUTES, type ExtensionRoute } from './access.js';
import { COMPUTE_KINDS } from './compute.js';
import {
  answering,
  ArmError,
  armErrorAnswer,
  armJson,
  authorizationFailed,
  resourceGroupNotFound,
  resourceNotFound,
  subscriptionNotFound,
} from './errors.js';
import { sameId } from './ids.js';
import { NETWORK_KINDS } from './network.js';
import { ARM_DEFAULT_PAGE_SIZE, pageOf } from './paging.js';
import type { ChildRoute, EstateResource, ResourceKind } from './resource-kind.js';
import type { Bearer, TokenStore } from './tokens.js';
import type { SubscriptionView } from './view.js';
import { segmentsOf } from '../url-path.js';

const KINDS: readonly ResourceKind<EstateResource>[] = [...COMPUTE_KINDS, ...NETWORK_KINDS];

const RESOURCES_PROVIDER = 'Microsoft.Resources';
const SUBSCRIPTIONS_READ = `${RESOURCES_PROVIDER}/subscriptions/read`;

/** Every RBAC operation the emulator serves for subscriptions and their resources. */
export const ARM_ACTIONS: readonly string[] = [
  SUBSCRIPTIONS_READ,
  ...KINDS.flatMap((kind) => [`${kind.provider}/${kind.type}/read`, ...(kind.children ?? []).map((child) => child.action)]),
].filter((action, index, all) => all.indexOf(action) === index);

/** The operations of the subscription's extension types: who may do what, and where the Activity Log goes. */
export const ARM_ACCESS_ACTIONS: readonly string[] = EXTENSION_ROUTES.map((r) => r.action);

const ARM_RATE_LIMIT: RateLimitPolicy = { scope: 'account', defaults: ARM_READ_RATE_LIMIT };

export interface ArmContext {
  readonly estate: AzureEstate;
  /** By lower-cased subscription id. */
  readonly views: ReadonlyMap<string, SubscriptionView>;
  readonly tokens: TokenStore;
  readonly pageCap: number | undefined;
}

interface RouteBase {
  readonly service: string;
  readonly action: string;
  readonly region: string;
  readonly params: Readonly<Record<string, string>>;
}

/** A request routed: what it needs, and how to answer it once the caller may see the subscription. */
type Route = RouteBase & {
  /** What AuthorizationFailed names as the scope. */
  readonly scope: string;
} & (
    | { readonly subscriptionId: undefined; answer(bearer: Bearer): Answer }
    | {
        /** As written in the path. */
        readonly subscriptionId: string;
        answer(bearer: Bearer, view: SubscriptionView): Answer;
      }
  );

/** A path that is not an API the emulator serves: answered 404 once authenticated, never faulted. */
interface Unserved extends RouteBase {
  readonly subscriptionId: string | undefined;
  readonly refusal: Answer;
}

interface Request {
  readonly url: URL;
  readonly origin: string;
  readonly pageSize: number;
}

function list(request: Request, bearer: Bearer, items: readonly unknown[]): Answer {
  return armJson(pageOf(items, request.url, request.origin, bearer.principal.clientId, request.pageSize));
}

function subscriptionJson(estate: AzureEstate, subscription: AzureSubscriptionEstate): unknown {
  return {
    id: `/subscriptions/${subscription.id}`,
    authorizationSource: 'RoleBased',
    managedByTenants: [],
    subscriptionId: subscription.id,
    tenantId: estate.tenantId,
    displayName: subscription.displayName,
    state: subscription.state,
    subscriptionPolicies: { locationPlacementId: 'Public_2014-09-01', quotaId: 'PayAsYouGo_2014-09-01', spendingLimit: 'Off' },
  };
}

function notServed(path: string, detail: string, params: Readonly<Record<string, string>>): Unserved {
  const error = new ArmError(404, 'NotFound', `The requested path '${path}' is not served by the snapaudit emulator (${detail}).`);
  return { service: 'azure', action: '', subscriptionId: undefined, region: 'global', params, refusal: armErrorAnswer(error) };
}

function invalidResourceType(provider: string, type: string, apiVersion: string): ArmError {
  return new ArmError(
    404,
    'InvalidResourceType',
    `The resource type '${type}' could not be found in the namespace '${provider}' for api version '${apiVersion}' (the snapaudit emulator does not serve it).`,
  );
}

/** `/subscriptions/{s}/providers/{ns}/{type}[/{name}]` for an extension type of the subscription. */
function extensionRoute(
  extension: ExtensionRoute,
  request: Request,
  at: { readonly subscriptionId: string; readonly scope: string; readonly params: Record<string, string> },
  name: string | undefined,
  extra: readonly string[],
): Route | Unserved {
  const { subscriptionId, scope, params } = at;
  const base = { service: extension.provider, action: extension.action, subscriptionId, scope, region: 'global', params };
  if (extension.path !== undefined) {
    const rest = [name, ...extra];
    const matches = rest.length === extension.path.length && extension.path.every((segment, i) => sameId(segment, rest[i]));
    if (!matches) return notServed(request.url.pathname, `no such route below ${extension.provider}/${extension.type}`, params);
    return { ...base, answer: (bearer, found) => list(request, bearer, extension.list(found, request.url.searchParams)) };
  }
  if (extra.length > 0) return notServed(request.url.pathname, `no such route below ${extension.provider}/${extension.type}`, params);
  if (name === undefined) {
    return {
      ...base,
      answer: (bearer, found) => {
        const items = extension.list(found, request.url.searchParams);
        return extension.paged ? list(request, bearer, items) : armJson({ value: items });
      },
    };
  }
  const one = extension.one;
  if (one === undefined) return notServed(request.url.pathname, `no GET of one ${extension.provider}/${extension.type}`, params);
  params['resourceName'] = name;
  return { ...base, answer: (_bearer, found) => armJson(one(found, name)) };
}

function matchChild<T extends EstateResource>(kind: ResourceKind<T>, rest: readonly string[]): { child: ChildRoute<T>; names: string[] } | undefined {
  for (const child of kind.children ?? []) {
    if (child.path.length !== rest.length) continue;
    const names: string[] = [];
    const matches = child.path.every((segment, i) => {
      const actual = rest[i] ?? '';
      if (segment === '*') {
        names.push(actual);
        return true;
      }
      return sameId(segment, actual);
    });
    if (matches) return { child, names };
  }
  return undefined;
}

/** Routes `/subscriptions/...` paths; `segments` are decoded and non-empty. */
function route(context: ArmContext, request: Request, segments: readonly string[]): Route | Unserved {
  const path = request.url.pathname;
  const apiVersion = request.url.searchParams.get('api-version') ?? '';
  const query: Record<string, string> = Object.fromEntries(request.url.searchParams.entries());
  const [root, subscriptionId, third, resourceGroup, fifth, provider, type, name, ...rest] = segments;
  if (!sameId(root, 'subscriptions')) return notServed(path, 'not an ARM path', query);

  if (subscriptionId === undefined) {
    return {
      service: RESOURCES_PROVIDER,
      action: SUBSCRIPTIONS_READ,
      subscriptionId: undefined,
      scope: '/',
      region: 'global',
      params: query,
      answer(bearer) {
        const visible = context.estate.subscriptions.filter((s) => bearer.principal.subscriptions.some((id) => sameId(id, s.id)));
        return list(request, bearer, visible.map((s) => subscriptionJson(context.estate, s)));
      },
    };
  }
  const subscriptionScope = `/subscriptions/${subscriptionId}`;
  const view = context.views.get(subscriptionId.toLowerCase());
  const params: Record<string, string> = { ...query, subscriptionId: view?.subscriptionId ?? subscriptionId };
  if (third === undefined) {
    return {
      service: RESOURCES_PROVIDER,
      action: SUBSCRIPTIONS_READ,
      subscriptionId,
      scope: subscriptionScope,
      region: 'global',
      params,
      answer: (_bearer, found) => armJson(subscriptionJson(context.estate, found.subscription)),
    };
  }

  // `/subscriptions/{s}/providers/{ns}/{type}` or `/subscriptions/{s}/resourceGroups/{rg}/providers/{ns}/{type}[/{name}[/...]]`
  const atSubscription = sameId(third, 'providers');
  const inGroup = sameId(third, 'resourceGroups') && resourceGroup !== undefined && sameId(fifth, 'providers');
  const [ns, kindType] = atSubscription ? [resourceGroup, fifth] : [provider, type];
  const extension = atSubscription ? EXTENSION_ROUTES.find((r) => sameId(r.provider, ns) && sameId(r.type, kindType)) : undefined;
  if (extension !== undefined) {
    const extra = [type, name, ...rest].filter((segment): segment is string => segment !== undefined);
    return extensionRoute(extension, request, { subscriptionId, scope: subscriptionScope, params }, provider, extra);
  }
  if ((!atSubscription && !inGroup) || ns === undefined || kindType === undefined || (atSubscription && provider !== undefined)) {
    return notServed(path, 'no such ARM route', params);
  }
  const kind = KINDS.find((k) => sameId(k.provider, ns) && sameId(k.type, kindType));
  const readAction = `${kind?.provider ?? ns}/${kind?.type ?? kindType}/read`;
  if (kind === undefined) {
    const error = invalidResourceType(ns, kindType, apiVersion);
    return { service: ns, action: readAction, subscriptionId, region: 'global', params, refusal: armErrorAnswer(error) };
  }
  const fullType = `${kind.provider}/${kind.type}`;
  const group = atSubscription ? undefined : resourceGroup;
  if (group !== undefined) params['resourceGroupName'] = group;
  const itemsIn = (found: SubscriptionView): EstateResource[] => {
    if (group !== undefined && !found.hasResourceGroup(group)) throw resourceGroupNotFound(group);
    return kind.items(found.subscription).filter((item) => group === undefined || sameId(item.resourceGroup, group));
  };

  if (name === undefined) {
    return {
      service: kind.provider,
      action: readAction,
      subscriptionId,
      scope: group === undefined ? subscriptionScope : `${subscriptionScope}/resourceGroups/${group}`,
      region: 'global',
      params,
      answer: (bearer, found) => list(request, bearer, itemsIn(found).map((item) => kind.render(found, item, request.url.searchParams))),
    };
  }

  params['resourceName'] = name;
  const item = view === undefined ? undefined : kind.items(view.subscription).find((i) => sameId(i.resourceGroup, group) && sameId(i.name, name));
  const region = item?.location ?? 'global';
  const findItem = (found: SubscriptionView): EstateResource => {
    const match = itemsIn(found).find((i) => sameId(i.name, name));
    if (match === undefined) throw resourceNotFound(fullType, name, group ?? '');
    return match;
  };
  if (rest.length === 0) {
    return {
      service: kind.provider,
      action: readAction,
      subscriptionId,
      scope: path,
      region,
      params,
      answer: (_bearer, found) => armJson((kind.renderOne ?? kind.render)(found, findItem(found), request.url.searchParams)),
    };
  }
  const matched = matchChild(kind, rest);
  if (matched === undefined) return notServed(path, `no such route below ${fullType}`, params);
  matched.child.params.forEach((param, i) => {
    params[param] = matched.names[i] ?? '';
  });
  const { child, names } = matched;
  return {
    service: kind.provider,
    action: child.action,
    subscriptionId,
    scope: path,
    region,
    params,
    answer(bearer, found) {
      const result = child.serve(found, findItem(found), names, request.url.searchParams);
      return 'list' in result ? list(request, bearer, result.list) : armJson(result.one);
    },
  };
}

/** The caller behind the bearer token, or ARM's 401. */
function authenticate(request: EmulatorRequest, origin: string, tenantId: string, tokens: TokenStore, now: number): ArmError | Bearer {
  const authorization = request.headers.authorization;
  const challenge = (description: string): Record<string, string> => ({
    'www-authenticate': `Bearer authorization_uri="${origin}/${tenantId}", error="invalid_token", error_description="${description}"`,
  });
  if (authorization === undefined || authorization === '') {
    return new ArmError(401, 'AuthenticationFailed', "Authentication failed. The 'Authorization' header is missing.", challenge("The authentication failed because of missing 'Authorization' header."));
  }
  const token = /^Bearer\s+(\S+)$/i.exec(authorization)?.[1];
  if (token === undefined) {
    return new ArmError(
      401,
      'AuthenticationFailedInvalidHeader',
      "Authentication failed. The 'Authorization' header is provided in an invalid format.",
      challenge("The 'Authorization' header is provided in an invalid format."),
    );
  }
  const bearer = tokens.find(token);
  if (bearer === undefined) return new ArmError(401, 'InvalidAuthenticationToken', 'The access token is invalid.', challenge('The access token is invalid.'));
  if (now >= bearer.expiresAt) {
    const expiry = new Date(bearer.expiresAt).toISOString();
    return new ArmError(
      401,
      'ExpiredAuthenticationToken',
      `The access token expiry UTC time '${expiry}' is earlier than current UTC time '${new Date(now).toISOString()}'.`,
      challenge('The access token has expired.'),
    );
  }
  return bearer;
}

function injectedArmError(error: InjectedError, fault: Fault | undefined, bearer: Bearer, route: Route): ArmError {
  switch (error) {
    case 'throttle': {
      if (fault === undefined) {
        // The rate limiter: ARM's own subscription read bucket is empty.
        return new ArmError(
          429,
          'SubscriptionRequestsThrottled',
          `Number of 'read' requests for subscription '${route.subscriptionId ?? ''}' actor '${bearer.objectId}' exceeded. Please try again after '1' seconds after additional tokens are available. Refer to https://aka.ms/arm-throttling for additional information.`,
          { 'retry-after': '1', 'x-ms-ratelimit-remaining-subscription-reads': '0' },
        );
      }
      const headers: Record<string, string> = fault.retryAfterSeconds === undefined ? {} : { 'retry-after': String(fault.retryAfterSeconds) };
      return new ArmError(429, 'TooManyRequests', 'The request is being throttled as the limit has been reached for operation type - Read. Please try again later.', headers);
    }
    case 'server-error':
      return new ArmError(
        500,
        'InternalServerError',
        `Encountered internal server error. Diagnostic information: timestamp '${new Date().toISOString()}', subscription id '${route.subscriptionId ?? ''}'.`,
      );
    case 'unavailable':
      return new ArmError(503, 'ServiceUnavailable', 'The server is currently unable to handle the request due to a temporary overloading or maintenance of the server. Please try again later.');
    case 'access-denied':
      return authorizationFailed(bearer.principal.clientId, bearer.objectId, route.action, route.scope);
  }
}

/** One ARM request, identified for the pipeline. */
export function identifyArm(context: ArmContext, request: EmulatorRequest, url: URL, origin: string): ServiceCall {
  const segments = segmentsOf(url.pathname);
  const routed = route(context, { url, origin, pageSize: context.pageCap ?? ARM_DEFAULT_PAGE_SIZE }, segments);
  const view = routed.subscriptionId === undefined ? undefined : context.views.get(routed.subscriptionId.toLowerCase());
  const base = {
    service: routed.service,
    action: routed.action,
    account: view?.subscriptionId ?? routed.subscriptionId,
    region: routed.region,
    params: routed.params,
    rateLimit: ARM_RATE_LIMIT,
  };
  const caller = authenticate(request, origin, context.estate.tenantId, context.tokens, Date.now());
  if (caller instanceof ArmError) {
    const refusal = armErrorAnswer(caller);
    return { ...base, authenticated: false, serve: () => refusal, fail: () => refusal };
  }
  if ('refusal' in routed) {
    const { refusal } = routed;
    return { ...base, authenticated: false, serve: () => refusal, fail: () => refusal };
  }
  const serve = (): Answer =>
    answering(() => {
      if (request.method !== 'GET') {
        throw new ArmError(405, 'MethodNotAllowed', `The requested method '${request.method}' is not served by the snapaudit emulator, which is read-only.`);
      }
      if (!url.searchParams.has('api-version')) {
        throw new ArmError(400, 'MissingApiVersionParameter', "The api-version query parameter (?api-version=) is required for all requests.");
      }
      if (routed.subscriptionId === undefined) return routed.answer(caller);
      if (view === undefined) throw subscriptionNotFound(routed.subscriptionId);
      if (!caller.principal.subscriptions.some((id) => sameId(id, view.subscriptionId))) {
        throw authorizationFailed(caller.principal.clientId, caller.objectId, routed.action, routed.scope);
      }
      return routed.answer(caller, view);
    });
  const fail = (error: InjectedError, fault?: Fault): Answer => armErrorAnswer(injectedArmError(error, fault, caller, routed));
  return { ...base, authenticated: true, serve, fail };
}
