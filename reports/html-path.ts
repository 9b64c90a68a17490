// The exposure path of a finding, drawn: what the data came from, the resource, the open port and
// who is on the other side. It is read from the evidence the checks write, never invented: the
// instance checks list `origins` (snapshot, disk, image) and `ingress` paths (protocol, ports,
// source, the rules that open them); the sharing checks list `grants` and `externalAccounts`; the
// Azure network checks `networkReach`; the AMI checks `backingSnapshots`. Evidence comes from the
// cloud, so every field is checked for its type and anything else is ignored. A finding whose
// evidence shows no way out (no open port, no outside audience) gets no drawing.
import type { Finding } from '../src/report.js';
import { esc } from './html-escape.js';

export type PathNodeKind = 'snapshot' | 'image' | 'disk' | 'resource' | 'port' | 'internet' | 'audience';

export interface PathNode {
  readonly key: string;
  readonly kind: PathNodeKind;
  /** The word above the value: "snapshot", "open port", "shared with". */
  readonly caption: string;
  readonly value: string;
  /** Said on hover and in the text alternative. */
  readonly note?: string;
}

export interface ExposurePath {
  readonly nodes: readonly PathNode[];
  readonly edges: ReadonlyArray<{ readonly from: string; readonly to: string }>;
  /** Nodes left out of a crowded column; the evidence lists them all. */
  readonly omitted: number;
}

const COLUMN: Readonly<Record<PathNodeKind, number>> = { snapshot: 0, image: 0, disk: 1, resource: 2, port: 3, internet: 4, audience: 4 };
const MAX_PER_COLUMN = 5;
const ALL_PORTS = 65535;

type Obj = { readonly [key: string]: unknown };

const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);
const int = (v: unknown): number | undefined => (typeof v === 'number' && Number.isInteger(v) ? v : undefined);
const objects = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isObj) : []);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string' && s.length > 0) : []);

/** `AWS::EC2::Instance` → "instance", `AWS::RDS::DBSnapshot` → "DB snapshot", `…/virtualMachines` → "virtual machine". */
export function resourceNoun(type: string): string {
  const last = type.split(/::|\/|\./).filter((p) => p.length > 0).pop() ?? '';
  const words = last
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(' ')
    .map((w) => (/^[A-Z]{2,}$/.test(w) ? w : w.toLowerCase()))
    .join(' ')
    .replace(/ies$/, 'y')
    .replace(/([^s])s$/, '$1');
  return /^[A-Za-z0-9 ]{1,30}$/.test(words) ? words : 'resource';
}

function portLabel(protocol: string, from: number, to: number): string {
  if (from <= 0 && to >= ALL_PORTS) return protocol === 'all' ? 'all ports' : `${protocol}/all ports`;
  return `${protocol}/${from === to ? from : `${from}-${to}`}`;
}

function audienceOf(grant: Obj): { value: string; note?: string } | undefined {
  const kind = grant['kind'];
  if (kind === 'public') {
    const who = str(grant['principal']);
    const role = str(grant['role']);
    return { value: who ? `anyone (${who})` : 'anyone (public)', ...(role ? { note: `role ${role}` } : {}) };
  }
  if (kind === 'account' && grant['trust'] === 'external') {
    const who = str(grant['principal']);
    const note = str(grant['trustNote']);
    return who ? { value: who, ...(note ? { note } : {}) } : undefined;
  }
  if (kind === 'link') {
    const until = str(grant['expiresAt']);
    return { value: 'anyone with the link', ...(until ? { note: `until ${until}` } : {}) };
  }
  if (kind === 'network' && grant['scope'] === 'all') return { value: 'any network' };
  return undefined;
}

/** The path the evidence shows, or undefined when it shows none. */
export function exposurePath(finding: Finding): ExposurePath | undefined {
  const ev: Obj = isObj(finding.evidence) ? finding.evidence : {};
  const nodes = new Map<string, PathNode>();
  const edges = new Map<string, { from: string; to: string }>();
  const add = (node: PathNode): string => {
    if (!nodes.has(node.key)) nodes.set(node.key, node);
    return node.key;
  };
  const link = (from: string, to: string): void => {
    edges.set(`${from}\u0000${to}`, { from, to });
  };
  const resource = add({ key: 'resource', kind: 'resource', caption: resourceNoun(finding.resource.type), value: finding.resource.name ?? finding.resource.id, note: finding.resource.id });

  let outward = 0;
  for (const path of objects(ev['ingress'])) {
    const protocol = str(path['protocol']);
    const from = int(path['from']);
    const to = int(path['to']);
    if (protocol === undefined || from === undefined || to === undefined) continue;
    const label = portLabel(protocol, from, to);
    const via = objects(path['via'])
      .map((rule) => str(rule['name']) ?? str(rule['id']))
      .filter((v): v is string => v !== undefined);
    const address = str(path['address']);
    const port = add({ key: `port:${label}`, kind: 'port', caption: 'open port', value: label, note: [address ? `on ${address}` : '', via.length > 0 ? `via ${via.join(', ')}` : ''].filter((t) => t).join(' ') });
    const source = str(path['source']) ?? 'unknown source';
    const internet = add({ key: `internet:${source}`, kind: 'internet', caption: 'internet', value: source });
    link(resource, port);
    link(port, internet);
    outward += 1;
  }

  const audiences: Array<{ value: string; note?: string }> = objects(ev['grants']).flatMap((g) => audienceOf(g) ?? []);
  for (const account of strings(ev['externalAccounts'])) audiences.push({ value: account, note: 'outside the organization' });
  if (ev['networkReach'] === 'all') audiences.push({ value: 'any network', note: 'public network access' });
  for (const audience of audiences) {
    const kind: PathNodeKind = audience.value.startsWith('anyone') || audience.value === 'any network' ? 'internet' : 'audience';
    link(resource, add({ key: `audience:${audience.value}`, kind, caption: kind === 'internet' ? 'open to' : 'shared with', value: audience.value, ...(audience.note ? { note: audience.note } : {}) }));
    outward += 1;
  }
  if (outward === 0) return undefined;

  for (const origin of objects(ev['origins'])) {
    const snapshot = str(origin['snapshot']);
    const image = str(origin['image']);
    const disk = str(origin['disk']);
    const foreign = origin['snapshotOwner'] === 'foreign' || origin['imageOwner'] === 'foreign' || (image !== undefined && str(origin['owner']) !== undefined);
    const note = foreign ? 'of another account' : undefined;
    const source = snapshot
      ? add({ key: `snapshot:${snapshot}`, kind: 'snapshot', caption: 'snapshot', value: snapshot, ...(note ? { note } : {}) })
      : image
        ? add({ key: `image:${image}`, kind: 'image', caption: 'image', value: image, ...(note ? { note } : {}) })
        : undefined;
    const device = str(origin['device']);
    const diskKey = disk ? add({ key: `disk:${disk}`, kind: 'disk', caption: 'disk', value: disk, ...(device ? { note: `attached as ${device}` } : {}) }) : undefined;
    if (source && diskKey) link(source, diskKey);
    if (diskKey) link(diskKey, resource);
    else if (source) link(source, resource);
  }
  for (const snapshot of strings(ev['backingSnapshots'])) link(add({ key: `snapshot:${snapshot}`, kind: 'snapshot', caption: 'snapshot', value: snapshot, note: 'backs this image' }), resource);

  // A crowded column keeps its first few; the edges of the rest go with them.
  const kept: PathNode[] = [];
  const perColumn = new Map<number, number>();
  let omitted = 0;
  for (const node of nodes.values()) {
    const column = COLUMN[node.kind];
    const count = perColumn.get(column) ?? 0;
    if (count >= MAX_PER_COLUMN) {
      omitted += 1;
      continue;
    }
    perColumn.set(column, count + 1);
    kept.push(node);
  }
  const keys = new Set(kept.map((n) => n.key));
  return { nodes: kept, edges: [...edges.values()].filter((e) => keys.has(e.from) && keys.has(e.to)), omitted };
}

const NODE_W = 196;
const NODE_H = 48;
const GAP_X = 44;
const GAP_Y = 12;
const PAD = 8;
const VALUE_CHARS = 27;

/** Long ids keep their end, where clouds put the distinguishing part (ARM ids, ARNs, self links). */
export function shorten(value: string, max = VALUE_CHARS): string {
  if (value.length <= max) return value;
  const tail = value.split(/[/:]/).filter((p) => p.length > 0).pop() ?? '';
  if (tail.length > 0 && tail.length < max) return `…${tail}`;
  return `…${value.slice(value.length - max + 1)}`;
}

/** A one-line description of the path, for screen readers and the hover title. */
export function describeExposurePath(path: ExposurePath): string {
  const byColumn = [0, 1, 2, 3, 4]
    .map((c) => path.nodes.filter((n) => COLUMN[n.kind] === c).map((n) => `${n.caption} ${n.value}`))
    .filter((names) => names.length > 0);
  return `Exposure path: ${byColumn.map((names) => names.join(' or ')).join(' → ')}`;
}

/** The path as inline SVG. `id` is the renderer's own (a counter), never data. */
export function drawExposurePath(path: ExposurePath, id: string): string {
  const columns = [...new Set(path.nodes.map((n) => COLUMN[n.kind]))].sort((a, b) => a - b);
  const stacks = columns.map((c) => path.nodes.filter((n) => COLUMN[n.kind] === c));
  const tallest = Math.max(...stacks.map((s) => s.length));
  const height = PAD * 2 + tallest * NODE_H + (tallest - 1) * GAP_Y;
  const width = PAD * 2 + columns.length * NODE_W + (columns.length - 1) * GAP_X;
  const at = new Map<string, { x: number; y: number }>();
  stacks.forEach((stack, ci) => {
    const stackHeight = stack.length * NODE_H + (stack.length - 1) * GAP_Y;
    const top = (height - stackHeight) / 2;
    stack.forEach((node, ri) => at.set(node.key, { x: PAD + ci * (NODE_W + GAP_X), y: top + ri * (NODE_H + GAP_Y) }));
  });
  const marker = `arrow-${id}`;
  const edges = path.edges.map((e) => {
    const a = at.get(e.from);
    const b = at.get(e.to);
    if (!a || !b) return '';
    const x1 = a.x + NODE_W;
    const y1 = a.y + NODE_H / 2;
    const x2 = b.x - 3;
    const y2 = b.y + NODE_H / 2;
    const mid = (x1 + x2) / 2;
    return `<path class="edge" d="M${x1} ${y1} C${mid} ${y1} ${mid} ${y2} ${x2} ${y2}" marker-end="url(#${marker})"/>`;
  });
  const boxes = path.nodes.map((n) => {
    const p = at.get(n.key)!;
    const title = `${n.caption}: ${n.value}${n.note ? ` (${n.note})` : ''}`;
    return [
      `<g class="node node-${n.kind}" transform="translate(${p.x} ${p.y})">`,
      `<title>${esc(title)}</title>`,
      `<rect width="${NODE_W}" height="${NODE_H}" rx="6"/>`,
      `<text class="caption" x="10" y="18">${esc(n.caption)}</text>`,
      `<text class="value" x="10" y="36">${esc(shorten(n.value))}</text>`,
      '</g>',
    ].join('');
  });
  const label = describeExposurePath(path);
  return [
    `<svg class="path" role="img" aria-label="${esc(label)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<defs><marker id="${marker}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path class="arrowhead" d="M0 0 L10 5 L0 10 z"/></marker></defs>`,
    ...edges,
    ...boxes,
    '</svg>',
  ].join('');
}
