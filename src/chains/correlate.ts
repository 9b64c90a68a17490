// Runs chain rules over a stream of audit events. Events arrive roughly in time order; a small
// reorder buffer sorts local disorder, then each event's activities are judged by every rule
// against the steps seen before it and recorded. State older than the window behind the newest
// event is evicted, so memory follows the window, not the length of the log.
import type { CheckResult, Evidence, JsonValue } from '../checks/define-check.js';
import type { Activity, Actor, AuditEvent, Grantee } from '../logs/event.js';
import { resourceKey } from '../logs/resource-key.js';
import type { ProviderId } from '../model.js';
import type { ChainStep, Detection, GranteeTrust, History, Rule, RuleContext } from './define-rule.js';

export interface BenignCaller {
  readonly provider: ProviderId;
  /** `*` matches any run of characters. */
  readonly id: string;
  readonly reason: string;
}

export interface ChainOptions {
  /** How far apart in time the steps of one chain may be. */
  readonly windowMs: number;
  /** A principal created this recently before it acts is new. */
  readonly newPrincipalMs: number;
  readonly benignCallers: readonly BenignCaller[];
  readonly classify: (provider: ProviderId, eventAccount: string, grantee: Grantee) => GranteeTrust;
  /** How much disorder the reorder buffer absorbs; 15 minutes unless given. */
  readonly reorderMs?: number;
}

export interface ChainStats {
  readonly events: number;
  /** Successful, non-benign events with at least one activity: what the rules saw. */
  readonly used: number;
  /** Events older than the eviction horizon when they arrived (judged against what state remained). */
  readonly late: number;
  readonly benignSkipped: number;
  readonly failedSkipped: number;
}

export interface ChainRun {
  readonly results: CheckResult[];
  readonly stats: ChainStats;
  readonly notes: string[];
}

export interface Correlator {
  push(event: AuditEvent): void;
  finish(): ChainRun;
  /** Index entries held plus events in the reorder buffer: for tests of the memory bound. */
  stateSize(): number;
}

export const DEFAULT_REORDER_MS = 15 * 60_000;

/** Ids an activity names, for the per-resource index. */
export function idsOf(activity: Activity): string[] {
  switch (activity.kind) {
    case 'snapshot-created':
      return activity.source ? [activity.target, activity.source] : [activity.target];
    case 'shared':
    case 'unshared':
    case 'export-link':
    case 'exported':
    case 'ingress-opened':
      return [activity.target];
    case 'restored':
      return [activity.from, activity.created];
    case 'instance-launched':
      return [activity.instance, ...activity.from];
    case 'principal-created':
    case 'credential-created':
      return [];
  }
}

function lastSegment(id: string): string {
  return id.split(/[/:]/).pop() ?? id;
}

/** AWS names are unique within an account; emails and object ids are unique in their cloud. */
function principalScope(provider: ProviderId, account: string): string {
  return provider === 'aws' ? `aws|${account}` : provider;
}

function keysFor(scope: string, values: readonly (string | undefined)[]): string[] {
  const keys = new Set<string>();
  for (const value of values) {
    if (!value) continue;
    keys.add(`${scope}|${value.toLowerCase()}`);
    keys.add(`${scope}|${lastSegment(value).toLowerCase()}`);
  }
  return [...keys];
}

export function actorKeys(provider: ProviderId, account: string, actor: Actor): string[] {
  return keysFor(principalScope(provider, account), [actor.id, actor.name, actor.accessKeyId, actor.sessionIssuer]);
}

function globToRegExp(glob: string): RegExp {
  const body = glob.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*');
  return new RegExp(`^${body}$`, 'i');
}

/** A min-heap of events by time, ties in arrival order. */
class EventHeap {
  private readonly items: { at: number; seq: number; event: AuditEvent }[] = [];

  get size(): number {
    return this.items.length;
  }

  peek(): { at: number; event: AuditEvent } | undefined {
    return this.items[0];
  }

  push(item: { at: number; seq: number; event: AuditEvent }): void {
    const items = this.items;
    items.push(item);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(items[i]!, items[parent]!)) break;
      [items[i], items[parent]] = [items[parent]!, items[i]!];
      i = parent;
    }
  }

  pop(): { at: number; event: AuditEvent } | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let min = i;
        if (l < items.length && this.less(items[l]!, items[min]!)) min = l;
        if (r < items.length && this.less(items[r]!, items[min]!)) min = r;
        if (min === i) break;
        [items[i], items[min]] = [items[min]!, items[i]!];
        i = min;
      }
    }
    return top;
  }

  private less(a: { at: number; seq: number }, b: { at: number; seq: number }): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }
}

/** Lists of steps by key, each oldest first, that forget what falls behind a horizon. */
class StepIndex {
  private readonly lists = new Map<string, ChainStep[]>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  get(key: string): readonly ChainStep[] {
    return this.lists.get(key) ?? [];
  }

  add(key: string, step: ChainStep): void {
    let list = this.lists.get(key);
    if (!list) {
      list = [];
      this.lists.set(key, list);
    }
    // Almost always an append; a late event is slotted into place.
    let i = list.length;
    while (i > 0 && list[i - 1]!.at > step.at) i--;
    list.splice(i, 0, step);
    this.count++;
  }

  evictBefore(horizon: number): void {
    for (const [key, list] of this.lists) {
      let drop = 0;
      while (drop < list.length && list[drop]!.at < horizon) drop++;
      if (drop === 0) continue;
      this.count -= drop;
      if (drop === list.length) this.lists.delete(key);
      else list.splice(0, drop);
    }
  }
}

interface Finding {
  readonly ruleId: string;
  detection: Detection;
  firstAt: number;
  lastAt: number;
  count: number;
}

function iso(at: number): string {
  return new Date(at).toISOString();
}

function actorJson(actor: Actor): { [key: string]: JsonValue } {
  return {
    type: actor.type,
    id: actor.id,
    ...(actor.name ? { name: actor.name } : {}),
    ...(actor.accessKeyId ? { accessKeyId: actor.accessKeyId } : {}),
    ...(actor.account ? { account: actor.account } : {}),
    ...(actor.sourceIp ? { sourceIp: actor.sourceIp } : {}),
  };
}

function evidenceOf(finding: Finding): Evidence {
  const { detection } = finding;
  const resources = new Set<string>([detection.resource.id]);
  const actors = new Set<string>();
  const chain = detection.steps.map((step) => {
    const ids = idsOf(step.activity);
    for (const id of ids) resources.add(id);
    for (const r of step.event.resources) resources.add(r.id);
    actors.add(step.event.actor.id);
    return {
      step: step.activity.kind,
      time: step.event.time,
      action: step.event.action,
      actor: actorJson(step.event.actor),
      eventId: step.event.id,
      origin: step.event.origin,
      resources: [...new Set([...ids, ...step.event.resources.map((r) => r.id)])],
    };
  });
  return {
    ...(detection.evidence ?? {}),
    chain,
    resources: [...resources],
    actors: [...actors],
    firstSeen: iso(finding.firstAt),
    lastSeen: iso(finding.lastAt),
    count: finding.count,
  };
}

function validate(options: ChainOptions): void {
  for (const [name, value] of [['windowMs', options.windowMs], ['newPrincipalMs', options.newPrincipalMs], ['reorderMs', options.reorderMs ?? 0]] as const) {
    if (!Number.isFinite(value) || value < 0) throw new RangeError(`chain option ${name} must be a non-negative number of milliseconds, got ${String(value)}`);
  }
}

export function createCorrelator(rules: readonly Rule[], options: ChainOptions): Correlator {
  validate(options);
  const reorderMs = options.reorderMs ?? DEFAULT_REORDER_MS;
  const retainMs = Math.max(options.windowMs, options.newPrincipalMs);
  const context: RuleContext = { windowMs: options.windowMs, newPrincipalMs: options.newPrincipalMs, classify: options.classify };
  const benign = options.benignCallers.map((c) => ({ provider: c.provider, pattern: globToRegExp(c.id) }));

  const buffer = new EventHeap();
  const byResource = new StepIndex();
  const byPrincipal = new StepIndex();
  const byActor = new StepIndex();
  const findings = new Map<string, Finding>();
  const stats = { events: 0, used: 0, late: 0, benignSkipped: 0, failedSkipped: 0 };
  let seq = 0;
  /** The newest event judged: the clock state is evicted against. */
  let newest = -Infinity;
  /** The newest event pushed: the reorder buffer's watermark. */
  let seenNewest = -Infinity;
  let released = -Infinity;
  let lastEviction = -Infinity;
  let outOfOrder = 0;
  let unreadableTime = 0;
  let finished = false;

  const actorIndexKey = (event: AuditEvent): string => `${event.provider}|${event.account}|${event.actor.id}`;

  const historyOf = (provider: ProviderId): History => ({
    about: (id) => byResource.get(resourceKey(provider, id)),
    principalOf: (event) => {
      const seen = new Set<ChainStep>();
      for (const key of actorKeys(event.provider, event.account, event.actor)) for (const step of byPrincipal.get(key)) seen.add(step);
      return [...seen].sort((a, b) => a.at - b.at);
    },
    byActor: (event) => byActor.get(actorIndexKey(event)),
  });
  const histories: Readonly<Record<ProviderId, History>> = { aws: historyOf('aws'), azure: historyOf('azure'), gcp: historyOf('gcp') };

  function evict(now: number): void {
    // Sweeping every index costs its size, so sweep once per slice of the window, not per event.
    if (now - lastEviction < Math.max(retainMs / 16, 1000)) return;
    lastEviction = now;
    const horizon = now - retainMs;
    byPrincipal.evictBefore(horizon);
    byResource.evictBefore(now - options.windowMs);
    byActor.evictBefore(now - options.windowMs);
  }

  function record(step: ChainStep): void {
    const { event, activity } = step;
    const ids = new Set(idsOf(activity).map((id) => resourceKey(event.provider, id)));
    if (activity.kind === 'instance-launched') {
      // Joins a later ingress rule on a group to the instances launched into it.
      for (const r of event.resources) if (r.role === 'firewall') ids.add(resourceKey(event.provider, r.id));
    }
    for (const id of ids) byResource.add(id, step);
    if (activity.kind === 'principal-created' || activity.kind === 'credential-created') {
      const scope = principalScope(event.provider, event.account);
      const values = activity.kind === 'credential-created' ? [activity.principal, activity.credential] : [activity.principal];
      for (const key of new Set(keysFor(scope, values))) byPrincipal.add(key, step);
    }
    byActor.add(actorIndexKey(event), step);
  }

  function report(rule: Rule, detection: Detection, at: number): void {
    const r = detection.resource;
    const key = `${rule.id}|${r.account}|${r.type}|${resourceKey(r.provider, r.id)}`;
    const start = Math.min(at, ...detection.steps.map((s) => s.at));
    const existing = findings.get(key);
    if (!existing) {
      findings.set(key, { ruleId: rule.id, detection, firstAt: start, lastAt: at, count: 1 });
      return;
    }
    // The latest detection says what the resource's story is now (e.g. a share later reverted).
    if (at >= existing.lastAt) existing.detection = detection;
    existing.firstAt = Math.min(existing.firstAt, start);
    existing.lastAt = Math.max(existing.lastAt, at);
    existing.count++;
  }

  function process(event: AuditEvent, at: number): void {
    if (at < newest - options.windowMs) stats.late++;
    newest = Math.max(newest, at);
    if (event.outcome !== 'success') {
      stats.failedSkipped++;
      return;
    }
    // An assumed role's session is matched by its role too: configs name the role, not each session.
    const callerIds = [event.actor.id, ...(event.actor.sessionIssuer ? [event.actor.sessionIssuer] : [])];
    if (benign.some((b) => b.provider === event.provider && callerIds.some((id) => b.pattern.test(id)))) {
      stats.benignSkipped++;
      return;
    }
    if (event.activities.length === 0) return;
    stats.used++;
    const steps = event.activities.map((activity) => ({ at, event, activity }));
    // Rules see what came before the event, not the event's own other activities.
    for (const step of steps) {
      for (const rule of rules) for (const detection of rule.detect(step, histories[event.provider], context)) report(rule, detection, at);
    }
    for (const step of steps) record(step);
    evict(newest);
  }

  function drain(until: number): void {
    for (let top = buffer.peek(); top && top.at <= until; top = buffer.peek()) {
      buffer.pop();
      released = Math.max(released, top.at);
      process(top.event, top.at);
    }
  }

  return {
    push(event) {
      if (finished) throw new Error('the correlator has finished; create a new one');
      stats.events++;
      const at = Date.parse(event.time);
      if (Number.isNaN(at)) {
        unreadableTime++;
        return;
      }
      if (at < released) {
        // Behind what the buffer already let through: judged now, against what state remains.
        outOfOrder++;
        process(event, at);
        return;
      }
      buffer.push({ at, seq: seq++, event });
      seenNewest = Math.max(seenNewest, at);
      drain(seenNewest - reorderMs);
    },
    finish() {
      finished = true;
      drain(Infinity);
      const notes: string[] = [];
      if (stats.late > 0) {
        notes.push(`${stats.late} event(s) arrived after state older than the window had been evicted; chains spanning them may be missed.`);
      }
      if (outOfOrder > 0) {
        notes.push(`${outOfOrder} event(s) arrived more than ${Math.round(reorderMs / 60_000)} minute(s) out of order and were judged out of sequence.`);
      }
      if (unreadableTime > 0) notes.push(`${unreadableTime} event(s) had no readable time and were skipped.`);
      const results: CheckResult[] = [...findings.values()]
        .sort((a, b) => a.firstAt - b.firstAt || a.ruleId.localeCompare(b.ruleId))
        .map((finding) => ({
          checkId: finding.ruleId,
          status: 'fail',
          resource: finding.detection.resource,
          messageId: finding.detection.messageId,
          data: { ...finding.detection.data, firstSeen: iso(finding.firstAt), lastSeen: iso(finding.lastAt), count: finding.count },
          evidence: evidenceOf(finding),
          signals: finding.detection.signals ?? {},
        }));
      return { results, stats: { ...stats }, notes };
    },
    stateSize() {
      return byResource.size + byPrincipal.size + byActor.size + buffer.size;
    },
  };
}
