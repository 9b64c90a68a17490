// The AWS query serialization (ec2Query and awsQuery): a flat form such as
// `Filter.1.Name=status&Filter.1.Value.1=completed` read back into a tree, with typed readers for
// the shapes the handlers need. Numbered members are returned in index order.

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

export interface QueryFilter {
  readonly name: string;
  readonly values: readonly string[];
}

/** EC2 `Filter.N.Name` / `Filter.N.Value.M`. */
export function filters(node: QueryNode): QueryFilter[] {
  return structList(node, 'Filter').map((f) => ({ name: scalar(f, 'Name') ?? '', values: scalarList(f, 'Value') }));
}
