// The AWS query serialization (ec2Query and awsQuery): a flat form such as
// `Filter.1.Name=status&Filter.1.Value.1=completed` read back into a tree, with typed readers for
// the shapes the handlers need. Numbered members are returned in index order.
import type { EmulatorRequest } from '../types.js';

export interface QueryNode {
  value?: string;
  readonly children: Map<string, QueryNode>;
}

export interface ParsedQuery {
  /** Every parameter as sent, e.g. `{ 'Filter.1.Name': 'status' }`. */
  readonly flat: Readonly<Record<string, string>>;
  readonly root: QueryNode;
}

export function parseQuery(form: URLSearchParams): ParsedQuery {
  const flat: Record<string, string> = {};
  const root: QueryNode = { children: new Map() };
  for (const [key, value] of form) {
    flat[key] = value;
    let at = root;
    for (const part of key.split('.')) {
      let next = at.children.get(part);
      if (next === undefined) {
        next = { children: new Map() };
        at.children.set(part, next);
      }
      at = next;
    }
    at.value = value;
  }
  return { flat, root };
}

/**
 * The parameters of a query-protocol request: the URL query and a form body, without the
 * presigned-URL credentials (`X-Amz-*`), which must not reach the call log.
 */
export function readQueryRequest(request: EmulatorRequest): { query: URLSearchParams; params: ParsedQuery } {
  const query = new URL(request.url, 'http://emulator.invalid').searchParams;
  const form = new URLSearchParams(query);
  if ((request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
    for (const [key, value] of new URLSearchParams(request.body)) form.append(key, value);
  }
  for (const key of [...form.keys()]) if (key.startsWith('X-Amz-')) form.delete(key);
  return { query, params: parseQuery(form) };
}

/** The parameters worth logging: everything but the action and version. */
export function loggedParams(params: ParsedQuery): Record<string, string> {
  return Object.fromEntries(Object.entries(params.flat).filter(([key]) => key !== 'Action' && key !== 'Version'));
}

function numbered(node: QueryNode | undefined): QueryNode[] {
  if (node === undefined) return [];
  return [...node.children.entries()]
    .filter(([index]) => /^\d+$/.test(index))
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([, child]) => child);
}

/** A scalar parameter such as `SnapshotId`. */
export function scalar(node: QueryNode, name: string): string | undefined {
  return node.children.get(name)?.value;
}

/** A list of scalars such as `Owner.1`, `Owner.2`. */
export function scalarList(node: QueryNode, name: string): string[] {
  return numbered(node.children.get(name))
    .map((child) => child.value)
    .filter((value): value is string => value !== undefined);
}

/** A list of structures such as `Filter.1.Name`, `Filter.1.Value.1`. */
export function structList(node: QueryNode, name: string): QueryNode[] {
  return numbered(node.children.get(name));
}

/**
 * An awsQuery list, wrapped in the list's name and the member's xmlName:
 * `Filters.Filter.1`, `Filters.Filter.2`.
 */
export function wrappedList(node: QueryNode, name: string, member: string): QueryNode[] {
  return numbered(node.children.get(name)?.children.get(member));
}

export interface QueryFilter {
  readonly name: string;
  readonly values: readonly string[];
}

/** EC2 `Filter.N.Name` / `Filter.N.Value.M`. */
export function filters(node: QueryNode): QueryFilter[] {
  return structList(node, 'Filter').map((f) => ({ name: scalar(f, 'Name') ?? '', values: scalarList(f, 'Value') }));
}

/** awsQuery (RDS) `Filters.Filter.N.Name` / `Filters.Filter.N.Values.Value.M`. */
export function wrappedFilters(node: QueryNode): QueryFilter[] {
  return wrappedList(node, 'Filters', 'Filter').map((f) => ({
    name: scalar(f, 'Name') ?? '',
    values: wrappedList(f, 'Values', 'Value')
      .map((child) => child.value)
      .filter((value): value is string => value !== undefined),
  }));
}
