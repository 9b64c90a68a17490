// Which instances the internet can reach on a remote-administration port, and what they were
// built from. Shared by the instance check and by the scoring signals of snapshot and image checks.
import { isUnknown, type IngressPath, type Instance, type Inventory, type Maybe } from '../../model.js';
import type { JsonValue } from '../define-check.js';

export const ADMIN_PORTS: readonly number[] = [22, 3389];

const ALL_PORTS = 65535;

function coversPort(path: IngressPath, port: number): boolean {
  return (path.protocol === 'tcp' || path.protocol === 'all') && path.ports.from <= port && port <= path.ports.to;
}

function coversAllPorts(path: IngressPath): boolean {
  return (path.protocol === 'tcp' || path.protocol === 'all') && path.ports.from <= 0 && path.ports.to >= ALL_PORTS;
}

/** The ingress paths that let the internet reach SSH, RDP or every port. */
export function adminExposure(paths: readonly IngressPath[]): IngressPath[] {
  return paths.filter((path) => coversAllPorts(path) || ADMIN_PORTS.some((port) => coversPort(path, port)));
}

/** `true`/`false` when known; Unknown when the instance's ingress could not be evaluated. */
export function isAdminExposed(instance: Instance): Maybe<boolean> {
  if (instance.publicAddresses.length === 0) return false;
  if (isUnknown(instance.internetIngress)) return instance.internetIngress;
  return adminExposure(instance.internetIngress).length > 0;
}

export function describePath(path: IngressPath): string {
  const ports = path.ports.from === path.ports.to ? `${path.ports.from}` : `${path.ports.from}-${path.ports.to}`;
  const via = path.via.map((rule) => (rule.name ? `${rule.id} (${rule.name})` : rule.id));
  return `${path.protocol}/${ports} from ${path.source} to ${path.address} via ${via.join(', ')}`;
}

export function pathEvidence(paths: readonly IngressPath[]): JsonValue[] {
  return paths.map((p) => ({
    protocol: p.protocol,
    from: p.ports.from,
    to: p.ports.to,
    source: p.source,
    address: p.address,
    via: p.via.map((rule) => ({
      kind: rule.kind,
      id: rule.id,
      name: rule.name ?? null,
      protocol: rule.protocol,
      from: rule.ports.from,
      to: rule.ports.to,
      source: rule.source,
      order: rule.order ?? null,
    })),
  }));
}

/** Internet-exposed instances per snapshot or image id they were built from. */
export function exposedInstancesBySource(inventory: Inventory): ReadonlyMap<string, readonly Instance[]> {
  const bySource = new Map<string, Instance[]>();
  const add = (key: string, instance: Instance): void => {
    const list = bySource.get(key) ?? [];
    if (!list.includes(instance)) list.push(instance);
    bySource.set(key, list);
  };
  for (const instance of inventory.instances) {
    if (isAdminExposed(instance) !== true) continue;
    if (instance.image) add(instance.image.id, instance);
    for (const disk of instance.disks) {
      if (isUnknown(disk.origin) || disk.origin.kind === 'blank') continue;
      add(disk.origin.snapshotId, instance);
    }
  }
  return bySource;
}
