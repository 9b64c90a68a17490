// The two judgements every shareable resource gets (snapshots, images, DB snapshots): is it public,
// and is it shared outside the organization and the trusted list. Checks differ in their messages'
// words, their resources and their extra evidence, not in this logic.
import { isUnknown, type ResourceRef, type Sharing } from '../../model.js';
import type { Evidence, Placeholders, Reporter, Signals } from '../define-check.js';
import { accountGrants, isPublic, sharingEvidence } from './sharing.js';

export type PublicMessageId = 'public' | 'publicConfirmed' | 'private' | 'unreadable';
export type SharedMessageId = 'external' | 'undetermined' | 'internalOnly' | 'notShared' | 'unreadable';

export interface Judged {
  readonly resource: ResourceRef;
  readonly sharing: Sharing;
  readonly data: Placeholders;
  readonly evidence?: Evidence;
  /** Signals for the score whatever the verdict (blast radius); exposure is added here. */
  readonly signals?: Signals;
}

/**
 * Fails on a public grant (from the attribute, or confirmed by a bulk listing when the attribute
 * could not be read); unknown when the sharing could not be read; passes otherwise.
 * `publicOverride` lets a check say more about a public resource (e.g. that a guard makes it inert).
 */
export function judgePublic<M extends string>(
  report: Reporter<M | PublicMessageId>,
  { resource, sharing, data, evidence = {}, signals = {} }: Judged,
  publicOverride?: { messageId: M; signals: Signals; evidence?: Evidence },
): void {
  const all = { ...sharingEvidence(sharing), ...evidence };
  if (isPublic(sharing)) {
    report.fail({
      resource,
      messageId: publicOverride?.messageId ?? (isUnknown(sharing) ? 'publicConfirmed' : 'public'),
      data,
      evidence: { ...all, ...publicOverride?.evidence },
      signals: { ...signals, exposure: 'public', ...publicOverride?.signals },
    });
  } else if (isUnknown(sharing)) {
    report.unknown({ resource, messageId: 'unreadable', data: { ...data, reason: sharing.reason }, evidence: all, signals: { ...signals, exposure: 'unknown' } });
  } else {
    report.pass({ resource, messageId: 'private', data, evidence: all });
  }
}

/**
 * Fails on an account grant judged external; unknown when a grant's trust could not be placed or
 * the sharing could not be read; passes when every grant is internal or trusted (or there is none).
 * The evidence lists every grant with its verdict and the reason for it.
 */
export function judgeSharedExternal(
  report: Reporter<SharedMessageId>,
  { resource, sharing, data, evidence = {}, signals = {} }: Judged,
  failData: (external: readonly string[]) => Placeholders = () => ({}),
): void {
  const all = { ...sharingEvidence(sharing), ...evidence };
  const external = accountGrants(sharing, ['external']).map((g) => g.principal);
  const undetermined = accountGrants(sharing, ['unknown']).map((g) => g.principal);
  if (external.length > 0) {
    report.fail({
      resource,
      messageId: 'external',
      data: { ...data, count: external.length, accounts: external, ...failData(external) },
      evidence: { ...all, externalAccounts: external },
      signals: { ...signals, exposure: 'external' },
    });
  } else if (undetermined.length > 0) {
    report.unknown({ resource, messageId: 'undetermined', data: { ...data, accounts: undetermined }, evidence: all, signals: { ...signals, exposure: 'unknown' } });
  } else if (isUnknown(sharing)) {
    report.unknown({ resource, messageId: 'unreadable', data: { ...data, reason: sharing.reason }, evidence: all, signals: { ...signals, exposure: 'unknown' } });
  } else {
    report.pass({ resource, messageId: accountGrants(sharing).length > 0 ? 'internalOnly' : 'notShared', data, evidence: all });
  }
}
