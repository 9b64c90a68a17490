// What several chain rules need: the scan's type name for an id, who a share still reaches,
// whether an ingress rule opens an admin port to the internet, and the lineage from an instance
// back to the snapshot or image it was built from.
import type { Signals } from '../../checks/define-check.js';
import type { Activity, AuditEvent, Grantee } from '../../logs/event.js';
import { resourceKey } from '../../logs/resource-key.js';
import type { PortRange, ProviderId, ResourceRef } from '../../model.js';
import { ALL_PORTS, parseCidr } from '../../net.js';
import type { ChainStep, GranteeTrust, History, RuleContext } from '../define-rule.js';

/** The same resource however the records spell it (an RDS ARN or its name, an ARM id in any case). */
export function sameId(provider: ProviderId, a: string, b: string): boolean {
  return a === b || resourceKey(provider, a) === resourceKey(provider, b);
}

export type SharedActivity = Extract<Activity, { kind: 'shared' | 'unshared' }>;
export type IngressActivity = Extract<Activity, { kind: 'ingress-opened' }>;

export const AWS_TYPES = {
  snapshot: 'AWS::EC2::Snapshot',
  image: 'AWS::EC2::Image',
  volume: 'AWS::EC2::Volume',
  instance: 'AWS::EC2::Instance',
  dbSnapshot: 'AWS::RDS::DBSnapshot',
  dbClusterSnapshot: 'AWS::RDS::DBClusterSnapshot',
} as const;

export const AZURE_TYPES = { snapshot: 'Microsoft.Compute/snapshots', disk: 'Microsoft.Compute/disks' } as const;

export const GCP_TYPES = {
  snapshot: 'compute.googleapis.com/Snapshot',
  image: 'compute.googleapis.com/Image',
  machineImage: 'compute.googleapis.com/MachineImage',
  disk: 'compute.googleapis.com/Disk',
} as const;

/** The type name the scan gives the resource `id`, so that findings join scan results on (type, id). */
export function typeOf(provider: ProviderId, id: string, event?: AuditEvent): string | undefined {
  if (provider === 'aws') {
    if (/^snap-/.test(id)) return AWS_TYPES.snapshot;
    if (/^ami-/.test(id)) return AWS_TYPES.image;
    if (/^vol-/.test(id)) return AWS_TYPES.volume;
    if (/^i-/.test(id)) return AWS_TYPES.instance;
    if (/:cluster-snapshot:/.test(id)) return AWS_TYPES.dbClusterSnapshot;
    if (/:snapshot:/.test(id)) return AWS_TYPES.dbSnapshot;
  } else if (provider === 'azure') {
    if (/\/providers\/Microsoft\.Compute\/snapshots\//i.test(id)) return AZURE_TYPES.snapshot;
    if (/\/providers\/Microsoft\.Compute\/disks\//i.test(id)) return AZURE_TYPES.disk;
  } else {
    if (/\/snapshots\/[^/]+$/.test(id)) return GCP_TYPES.snapshot;
    if (/\/machineImages\/[^/]+$/.test(id)) return GCP_TYPES.machineImage;
    if (/\/images\/[^/]+$/.test(id)) return GCP_TYPES.image;
    if (/\/disks\/[^/]+$/.test(id)) return GCP_TYPES.disk;
  }
  return event?.resources.find((r) => r.id === id)?.type;
}

/** A DB snapshot named without its ARN: the role the event gives decides instance or cluster. */
function fallbackType(provider: ProviderId, role: string | undefined, event: AuditEvent, id: string): string {
  const cluster = event.resources.find((r) => r.id === id)?.type === AWS_TYPES.dbClusterSnapshot || /Cluster/.test(event.action);
  const byRole: Readonly<Record<ProviderId, Readonly<Record<string, string>>>> = {
    aws: {
      snapshot: AWS_TYPES.snapshot,
      image: AWS_TYPES.image,
      'db-snapshot': cluster ? AWS_TYPES.dbClusterSnapshot : AWS_TYPES.dbSnapshot,
      volume: AWS_TYPES.volume,
      instance: AWS_TYPES.instance,
      'db-instance': 'AWS::RDS::DBInstance',
      'db-cluster': 'AWS::RDS::DBCluster',
    },
    azure: { snapshot: AZURE_TYPES.snapshot, volume: AZURE_TYPES.disk, image: 'Microsoft.Compute/images', instance: 'Microsoft.Compute/virtualMachines' },
    gcp: { snapshot: GCP_TYPES.snapshot, image: GCP_TYPES.image, volume: GCP_TYPES.disk, instance: 'compute.googleapis.com/Instance' },
  };
  return byRole[provider][role ?? ''] ?? 'unknown';
}

/** The finding's resource: account and region of the event, the scan's type, the native id as the event gives it. */
export function resourceOf(event: AuditEvent, id: string, role?: string): ResourceRef {
  const listed = event.resources.find((r) => sameId(event.provider, r.id, id));
  return {
    provider: event.provider,
    account: event.account,
    region: event.region,
    type: typeOf(event.provider, id, event) ?? listed?.type ?? fallbackType(event.provider, role ?? listed?.role, event, id),
    id,
    ...(nameOf(event.provider, id) !== id ? { name: nameOf(event.provider, id) } : {}),
  };
}

/** The short name a CLI takes: the last segment of an ARM id, a GCP path or an RDS ARN. */
export function nameOf(provider: ProviderId, id: string): string {
  if (provider === 'aws') return id.startsWith('arn:') ? (id.split(':').pop() ?? id) : id;
  return id.split('/').pop() ?? id;
}

export function within(context: RuleContext, earlier: ChainStep, later: ChainStep): boolean {
  return later.at - earlier.at <= context.windowMs && earlier.at <= later.at;
}

export function granteeKey(grantee: Grantee): string {
  return grantee.kind === 'public' ? 'public' : `${grantee.kind}:${grantee.id.toLowerCase()}`;
}

export function describeGrantee(grantee: Grantee): string {
  return grantee.kind === 'public' ? (grantee.detail ?? 'everyone') : grantee.id;
}

export interface ActiveGrant {
  readonly grantee: Grantee;
  /** The step that granted it. */
  readonly step: ChainStep;
}

/**
 * Who a resource is shared with after `step`, as far as the window's shares and unshares tell.
 * Grants made before the window are not known here; the scan reports standing shares.
 */
export function activeGrants(history: History, target: string, step?: ChainStep): Map<string, ActiveGrant> {
  const active = new Map<string, ActiveGrant>();
  const steps = [...history.about(target), ...(step ? [step] : [])];
  for (const s of steps) {
    const a = s.activity;
    if ((a.kind !== 'shared' && a.kind !== 'unshared') || !sameId(s.event.provider, a.target, target)) continue;
    for (const grantee of a.grantees) {
      if (a.kind === 'shared') active.set(granteeKey(grantee), { grantee, step: s });
      else active.delete(granteeKey(grantee));
    }
  }
  return active;
}

export type Reach = 'public' | 'external' | 'unknown';

/** The grantees that reach outside (public, or an account classify does not vouch for), with how far. */
export function outsideGrantees(step: ChainStep, grantees: readonly Grantee[], context: RuleContext): { grantee: Grantee; reach: Reach }[] {
  const out: { grantee: Grantee; reach: Reach }[] = [];
  for (const grantee of grantees) {
    if (grantee.kind === 'public') {
      out.push({ grantee, reach: 'public' });
      continue;
    }
    const trust: GranteeTrust = context.classify(step.event.provider, step.event.account, grantee);
    if (trust === 'external' || trust === 'unknown') out.push({ grantee, reach: trust });
  }
  return out;
}

export function exposureOf(reaches: readonly Reach[]): NonNullable<Signals['exposure']> {
  if (reaches.includes('public')) return 'public';
  if (reaches.includes('external')) return 'external';
  return 'unknown';
}

/** The step that made `target` (created or copied), if it is in the window before `before`. */
export function creationOf(history: History, target: string, before: ChainStep, context: RuleContext): ChainStep | undefined {
  return history
    .about(target)
    .find(
      (s) =>
        ((s.activity.kind === 'snapshot-created' && sameId(s.event.provider, s.activity.target, target)) || (s.activity.kind === 'restored' && sameId(s.event.provider, s.activity.created, target))) &&
        within(context, s, before),
    );
}

const WORLD_WORDS = new Set(['*', 'any', 'internet']);

/** The whole internet: a /0 of either family, or Azure's `*`, `Any`, `Internet`. */
export function isWorld(source: string): boolean {
  if (WORLD_WORDS.has(source.trim().toLowerCase())) return true;
  return parseCidr(source)?.bits === 0;
}

const ADMIN_PORTS = [22, 3389];
const ALL_PROTOCOLS = new Set(['-1', 'all', '*', 'any']);
const TCP = new Set(['tcp', '6']);

/** The admin ports (22, 3389) or every port an ingress rule opens, or nothing. */
export function adminPortsOpened(activity: IngressActivity): { ports: string; range: PortRange } | undefined {
  const protocol = activity.protocol.toLowerCase();
  if (!ALL_PROTOCOLS.has(protocol) && !TCP.has(protocol)) return undefined;
  const ranges = activity.ports.length === 0 ? (ALL_PROTOCOLS.has(protocol) ? [ALL_PORTS] : []) : activity.ports;
  for (const range of ranges) {
    if (range.from <= ALL_PORTS.from && range.to >= ALL_PORTS.to) return { ports: 'all ports', range };
    const hit = ADMIN_PORTS.filter((p) => range.from <= p && p <= range.to);
    if (hit.length > 0) return { ports: hit.join(', '), range };
  }
  return undefined;
}

/** An ingress rule that opens SSH, RDP or everything to the whole internet. */
export function opensAdminToWorld(activity: IngressActivity): { ports: string; range: PortRange; source: string } | undefined {
  const source = activity.sources.find(isWorld);
  const opened = adminPortsOpened(activity);
  return source && opened ? { ...opened, source } : undefined;
}

/** A launch (or VM write, or instances.insert) and the chain behind it back to a snapshot or image. */
export interface Lineage {
  readonly instance: string;
  readonly launch: ChainStep;
  /** The snapshot, image or DB snapshot at the root. */
  readonly origin: string;
  readonly originRole?: string;
  /** Creation or share steps on the origin, and restores between it and the instance. */
  readonly steps: readonly ChainStep[];
}

function launchesIn(steps: readonly ChainStep[]): { instance: string; step: ChainStep }[] {
  const out: { instance: string; step: ChainStep }[] = [];
  for (const s of steps) {
    if (s.activity.kind === 'instance-launched') out.push({ instance: s.activity.instance, step: s });
    else if (s.activity.kind === 'restored' && s.activity.createdRole === 'instance') out.push({ instance: s.activity.created, step: s });
  }
  return out;
}

/**
 * Walks from an instance back through what it was launched or restored from (volumes from
 * snapshots, copies from their sources) to every ancestor, up to a few hops, collecting the
 * steps on the way. One lineage per ancestor that has a qualifying root step.
 */
export function lineagesOf(
  history: History,
  launch: { instance: string; step: ChainStep },
  end: ChainStep,
  context: RuleContext,
  isRoot: (s: ChainStep, id: string) => boolean,
): Lineage[] {
  const out: Lineage[] = [];
  const provider = launch.step.event.provider;
  const seen = new Set<string>([resourceKey(provider, launch.instance)]);
  const direct = launch.step.activity.kind === 'instance-launched' ? launch.step.activity.from : launch.step.activity.kind === 'restored' ? [launch.step.activity.from] : [];
  const queue: { id: string; path: ChainStep[] }[] = direct.map((id) => ({ id, path: [] }));
  // Other records of the same launch (RunInstances as `restored`, a VM write naming its disk).
  for (const s of history.about(launch.instance)) {
    if (s.activity.kind === 'restored' && sameId(provider, s.activity.created, launch.instance)) queue.push({ id: s.activity.from, path: [s] });
    if (s.activity.kind === 'instance-launched' && sameId(provider, s.activity.instance, launch.instance)) for (const id of s.activity.from) queue.push({ id, path: [] });
  }
  for (let hops = 0; queue.length > 0 && hops < 32; hops++) {
    const { id, path } = queue.shift() as { id: string; path: ChainStep[] };
    if (seen.has(resourceKey(provider, id))) continue;
    seen.add(resourceKey(provider, id));
    for (const s of history.about(id)) {
      if (s.at > launch.step.at || !within(context, s, end)) continue;
      if (isRoot(s, id)) out.push({ instance: launch.instance, launch: launch.step, origin: id, steps: [s, ...path] });
      const a = s.activity;
      if (a.kind === 'restored' && sameId(provider, a.created, id)) queue.push({ id: a.from, path: [s, ...path] });
      if (a.kind === 'snapshot-created' && sameId(provider, a.target, id) && a.source) queue.push({ id: a.source, path: [s, ...path] });
    }
  }
  return out;
}

/** Instances the ingress step reaches: launched into its group, or else by the same actor in the window. */
export function instancesFor(history: History, step: ChainStep, context: RuleContext, sameRegion: boolean): { launches: { instance: string; step: ChainStep }[]; join: 'firewall' | 'same-actor' } {
  const target = (step.activity as IngressActivity).target;
  const byGroup = launchesIn(history.about(target)).filter((l) => within(context, l.step, step));
  if (byGroup.length > 0) return { launches: byGroup, join: 'firewall' };
  // Only launches that did not name their groups: one that did is known not to be behind this one.
  const byActor = launchesIn(history.byActor(step.event)).filter(
    (l) => within(context, l.step, step) && (!sameRegion || l.step.event.region === step.event.region) && !l.step.event.resources.some((r) => r.role === 'firewall'),
  );
  return { launches: byActor, join: 'same-actor' };
}

export const JOIN_NOTE = {
  firewall: 'the launch event names the ingress rule\'s group among the instance\'s groups',
  'same-actor': 'the launch event does not name the instance\'s firewall groups; joined on the same actor and account within the window, so the rule may guard a different instance',
} as const;

/** Unique steps in time order. */
export function ordered(steps: readonly ChainStep[]): ChainStep[] {
  return [...new Set(steps)].sort((a, b) => a.at - b.at);
}

export function actorLabel(event: AuditEvent): string {
  return event.actor.name ?? event.actor.id;
}

export interface ShareExposure {
  readonly target: string;
  readonly targetRole: SharedActivity['targetRole'];
  /** The offending grantees: still in place, or (when reverted) the ones just removed. */
  readonly grantees: readonly { grantee: Grantee; reach: Reach }[];
  readonly reverted: boolean;
  readonly steps: readonly ChainStep[];
}

/**
 * A share that reaches outside (`public` only, or accounts and members classify does not vouch
 * for), and its reversal: an unshare that removes every such grant made in the window reports the
 * same resource again as reverted, so the finding tells the end of the story.
 */
export function shareExposure(step: ChainStep, history: History, context: RuleContext, which: 'public' | 'outside'): ShareExposure | undefined {
  const a = step.activity;
  if (a.kind !== 'shared' && a.kind !== 'unshared') return undefined;
  const keep = (g: { reach: Reach }): boolean => (which === 'public' ? g.reach === 'public' : g.reach !== 'public');
  if (a.kind === 'shared') {
    const grantees = outsideGrantees(step, a.grantees, context).filter(keep);
    return grantees.length > 0 ? { target: a.target, targetRole: a.targetRole, grantees, reverted: false, steps: [step] } : undefined;
  }
  const before = [...activeGrants(history, a.target).values()].filter((g) => within(context, g.step, step));
  const offending = before.flatMap((g) => outsideGrantees(g.step, [g.grantee], context).filter(keep).map((o) => ({ ...o, step: g.step })));
  if (offending.length === 0) return undefined;
  const removed = new Set(a.grantees.map(granteeKey));
  const remaining = offending.filter((o) => !removed.has(granteeKey(o.grantee)));
  if (remaining.length === offending.length) return undefined;
  if (remaining.length > 0) {
    return { target: a.target, targetRole: a.targetRole, grantees: remaining, reverted: false, steps: ordered([...remaining.map((o) => o.step), step]) };
  }
  return { target: a.target, targetRole: a.targetRole, grantees: offending, reverted: true, steps: ordered([...offending.map((o) => o.step), step]) };
}

export interface NewPrincipalAccess {
  /** The principal-created or credential-created step (a new user, role, service account, key, or a role granted). */
  readonly creation: ChainStep;
  /** The principal as the creation named it. */
  readonly principal: string;
  /** The credential created, when the actor signed with it. */
  readonly credential?: string;
  readonly target: string;
  readonly targetRole?: string;
  readonly verb: string;
}

/** A share, export, export link or restore by a principal (or key) created less than `newPrincipalMs` before. */
export function newPrincipalAccess(step: ChainStep, history: History, context: RuleContext): NewPrincipalAccess | undefined {
  const a = step.activity;
  let target: string;
  let targetRole: string | undefined;
  let verb: string;
  if (a.kind === 'shared') [target, targetRole, verb] = [a.target, a.targetRole, 'shared'];
  else if (a.kind === 'exported') [target, verb] = [a.target, 'exported'];
  else if (a.kind === 'export-link') [target, verb] = [a.target, 'opened an export link to'];
  // Launching an instance from an image is everyday work; restoring a snapshot's data is not.
  else if (a.kind === 'restored' && !(a.createdRole === 'instance' && isImage(step.event.provider, a.from, step.event))) [target, verb] = [a.from, 'restored'];
  else return undefined;
  const creation = [...history.principalOf(step.event)].reverse().find((c) => step.at - c.at <= context.newPrincipalMs && c.at <= step.at);
  if (!creation) return undefined;
  const c = creation.activity;
  if (c.kind !== 'principal-created' && c.kind !== 'credential-created') return undefined;
  const credential = c.kind === 'credential-created' && c.credential ? c.credential : undefined;
  return { creation, principal: c.principal, ...(credential ? { credential } : {}), target, ...(targetRole ? { targetRole } : {}), verb };
}

export function minutesBetween(earlier: ChainStep, later: ChainStep): string {
  const minutes = Math.round((later.at - earlier.at) / 60_000);
  return minutes < 120 ? `${minutes} minute(s)` : `${Math.round(minutes / 60)} hour(s)`;
}

export interface RestoredExposure {
  readonly lineage: Lineage;
  /** The first step of the chain (the creation, share or restore on the origin). */
  readonly root: ChainStep;
  readonly ingress: IngressActivity;
  readonly opened: { ports: string; range: PortRange; source: string };
  readonly join: 'firewall' | 'same-actor';
  readonly steps: readonly ChainStep[];
}

/** One chain per origin: an ingress step opening an admin port to the world, back to the snapshot its instance came from. */
export function restoredExposures(step: ChainStep, history: History, context: RuleContext, options: { sameRegion: boolean; isRoot: (s: ChainStep, id: string) => boolean }): RestoredExposure[] {
  if (step.activity.kind !== 'ingress-opened') return [];
  const ingress = step.activity;
  const opened = opensAdminToWorld(ingress);
  if (!opened) return [];
  const { launches, join } = instancesFor(history, step, context, options.sameRegion);
  const out: RestoredExposure[] = [];
  const origins = new Set<string>();
  for (const launch of launches) {
    // The nearest qualifying ancestor: one finding per chain, not one per hop.
    const lineage = lineagesOf(history, launch, step, context, options.isRoot)[0];
    if (!lineage || origins.has(lineage.origin)) continue;
    origins.add(lineage.origin);
    const root = lineage.steps[0] ?? launch.step;
    out.push({ lineage, root, ingress, opened, join, steps: ordered([...lineage.steps, launch.step, step]) });
  }
  return out;
}

export function isImage(provider: ProviderId, id: string, event?: AuditEvent): boolean {
  const type = typeOf(provider, id, event);
  return type === AWS_TYPES.image || type === GCP_TYPES.image || /\/providers\/Microsoft\.Compute\/(images|galleries)\//i.test(id);
}

/**
 * A restore whose source is a snapshot, a machine image, or a GCP image of the event's own
 * project. Public and marketplace images are where every instance comes from, so they start no chain.
 */
export function isRestoreFromSnapshot(provider: ProviderId): (s: ChainStep, id: string) => boolean {
  const qualifies = (id: string, event: AuditEvent): boolean => {
    const type = typeOf(provider, id, event);
    if (type === AZURE_TYPES.snapshot || type === GCP_TYPES.snapshot || type === GCP_TYPES.machineImage) return true;
    return type === GCP_TYPES.image && /projects\/([^/]+)/.exec(id)?.[1] === event.account;
  };
  return (s, id) => s.activity.kind === 'restored' && sameId(provider, s.activity.from, id) && qualifies(id, s.event);
}
