// The chain-rule contract: the same metadata as a check, plus one pure function that looks at one
// step (an activity of one audit event) against what happened before it within the window. The
// correlator owns all state; a rule keeps none, so it can be called event by event as logs stream.
import type { CheckMeta, Evidence, Placeholders, Signals } from '../checks/define-check.js';
import type { Activity, AuditEvent, Grantee } from '../logs/event.js';
import type { ProviderId, ResourceRef } from '../model.js';

/** How far the audited account trusts a grantee; public grantees are never classified. */
export type GranteeTrust = 'internal' | 'trusted' | 'external' | 'unknown';

/** One activity of one audit event, with its time in milliseconds. */
export interface ChainStep {
  readonly at: number;
  readonly event: AuditEvent;
  readonly activity: Activity;
}

/**
 * What happened before the step being judged, within the window (the principal index reaches
 * back `newPrincipalMs` when that is longer). Every list is oldest first.
 */
export interface History {
  /**
   * Steps that name `id` as a target, source, product or instance, or launched an instance into
   * the firewall `id`. Ids are matched as the scan joins them (an RDS ARN or its name, an ARM id in
   * any case); rules compare ids with `sameId` for the same reason.
   */
  about(id: string): readonly ChainStep[];
  /** `principal-created` and `credential-created` steps for the principal the actor of `event` is (by id, name, role or access key). */
  principalOf(event: AuditEvent): readonly ChainStep[];
  /** Steps by the same actor in the same account (any region: GCP firewalls are global, instances zonal). */
  byActor(event: AuditEvent): readonly ChainStep[];
}

export interface RuleContext {
  readonly windowMs: number;
  readonly newPrincipalMs: number;
  readonly classify: (provider: ProviderId, eventAccount: string, grantee: Grantee) => GranteeTrust;
}

/** What a rule reports: the correlator turns it into a failed CheckResult and merges repeats. */
export interface Detection<M extends string = string> {
  /** The chain's primary resource (a snapshot, image, DB snapshot or disk). */
  readonly resource: ResourceRef;
  readonly messageId: M;
  /** Fills the message and the remediation command. */
  readonly data: Placeholders;
  /** The chain, oldest step first; the step being judged is the last. */
  readonly steps: readonly ChainStep[];
  readonly signals?: Signals;
  /** Rule-specific evidence beside the chain (e.g. how an ingress rule was joined to an instance). */
  readonly evidence?: Evidence;
}

export interface Rule<M extends string = string> extends CheckMeta<M> {
  /** Called once for every activity of every successful, non-benign event, in time order. Pure. */
  detect(step: ChainStep, history: History, context: RuleContext): readonly Detection<M>[];
}

export function defineRule<const M extends string>(rule: Rule<M>): Rule<M> {
  return rule;
}
