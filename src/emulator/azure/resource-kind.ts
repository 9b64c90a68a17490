// What a served ARM resource type provides to the router: its estate items, their JSON, and the
// sub-resources reached below one of them.
import type { AzureSubscriptionEstate } from '../estate.js';
import type { SubscriptionView } from './view.js';

/** What every Azure resource of an estate has. */
export interface EstateResource {
  readonly name: string;
  readonly resourceGroup: string;
  readonly location: string;
  readonly tags: Readonly<Record<string, string>>;
}

/** A route below one resource, e.g. `restorePoints/{name}/diskRestorePoints`. */
export interface ChildRoute<T extends EstateResource> {
  /** Segments after the resource's name; `*` stands for a name. */
  readonly path: readonly string[];
  /** The call-log parameter name of each `*`, in order. */
  readonly params: readonly string[];
  /** The RBAC operation the route needs. */
  readonly action: string;
  /** A list (paged) or one object; throws an ArmError when a named child does not exist. */
  serve(view: SubscriptionView, item: T, names: readonly string[], query: URLSearchParams): { readonly list: readonly unknown[] } | { readonly one: unknown };
}

export interface ResourceKind<T extends EstateResource> {
  readonly provider: 'Microsoft.Compute' | 'Microsoft.Network';
  /** As ARM spells it, e.g. `publicIPAddresses`. */
  readonly type: string;
  items(subscription: AzureSubscriptionEstate): readonly T[];
  /** The resource as a list returns it. */
  render(view: SubscriptionView, item: T, query: URLSearchParams): unknown;
  /** The resource as a GET of it returns it, when that differs from the list. */
  renderOne?(view: SubscriptionView, item: T, query: URLSearchParams): unknown;
  readonly children?: readonly ChildRoute<T>[];
}

export interface Envelope {
  readonly id: string;
  readonly name: string;
  readonly type: string;
  readonly location: string;
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * The resource's id, name, type, location and tags; ARM leaves `tags` out when there are none.
 * (Fields left undefined anywhere in a body are absent from the JSON, as ARM leaves them out.)
 */
export function envelope(view: SubscriptionView, type: string, item: EstateResource): Envelope {
  const base = { id: view.id(item.resourceGroup, type, item.name), name: item.name, type, location: item.location };
  return Object.keys(item.tags).length === 0 ? base : { ...base, tags: item.tags };
}

