// Suppressions from the config: accepted findings, each with a reason, an owner and an expiry.
// A suppressed finding stays in the report with its score, marked and explained; an expired
// suppression puts its findings back with a note saying who had accepted them and until when.
import type { Suppression } from './config.js';
import type { Finding } from './report.js';

export type { Suppression } from './config.js';

/** On a suppressed finding: which suppression accepted it, and what the finding was before. */
export interface SuppressionNote {
  /** The suppression as written: `checkId on resource` (and its provider and account, when given). */
  readonly rule: string;
  readonly reason: string;
  readonly owner: string;
  /** The last UTC day the suppression applies, YYYY-MM-DD. */
  readonly expires: string;
  /** The status the finding had before it was suppressed. */
  readonly originalStatus: 'fail' | 'unknown';
}

/** On a finding an expired suppression would have covered: it fails again, and says why. */
export interface ExpiredSuppressionNote {
  readonly rule: string;
  readonly reason: string;
  readonly owner: string;
  /** The last UTC day the suppression applied, YYYY-MM-DD. */
  readonly expires: string;
}

/** A finding as suppressions leave it (the lead adds both fields to Finding; then this is Finding). */
export type SuppressibleFinding = Finding & {
  readonly suppression?: SuppressionNote;
  readonly suppressionExpired?: ExpiredSuppressionNote;
};

export interface ExpiredSuppression {
  readonly suppression: Suppression;
  /** Its place in the config's `suppressions` list. */
  readonly index: number;
  /** Ids of the findings it matched: they fail again. Empty when it matched nothing. */
  readonly findings: readonly string[];
}

export interface SuppressionOutcome<F extends Finding> {
  readonly findings: Array<F & SuppressibleFinding>;
  /** Every expired suppression, matched or not: the CLI says to renew or remove it. */
  readonly expired: ExpiredSuppression[];
  /** Unexpired suppressions that matched no finding (a typo, or a fixed resource): the CLI warns. */
  readonly unused: Suppression[];
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * A suppression applies through the whole of its `expires` day in UTC: `expires: 2026-11-27` is in
 * force until 2026-11-27T23:59:59.999Z and expired from 2026-11-28T00:00:00Z. The config has
 * already checked that the date is a real one.
 */
export function isExpired(suppression: Pick<Suppression, 'expires'>, now: Date): boolean {
  return now.getTime() >= Date.parse(`${suppression.expires}T00:00:00Z`) + DAY_MS;
}

/**
 * Whether `text` matches `glob`, whole, where `*` stands for any run of characters (none included,
 * `/` included) and every other character stands for itself. No regular expression is built, so an
 * id full of `.`, `(`, `[`, `+`, `?` or `\` is plain text, and a glob of many stars cannot make the
 * match take exponential time: the last star is the only backtracking point (O(glob × text)).
 */
export function globMatches(glob: string, text: string, ignoreCase = false): boolean {
  const g = ignoreCase ? glob.toLowerCase() : glob;
  const t = ignoreCase ? text.toLowerCase() : text;
  let gi = 0;
  let ti = 0;
  let star = -1;
  let resume = 0;
  while (ti < t.length) {
    if (gi < g.length && g[gi] === '*') {
      star = gi;
      resume = ti;
      gi += 1;
    } else if (gi < g.length && g[gi] === t[ti]) {
      gi += 1;
      ti += 1;
    } else if (star >= 0) {
      gi = star + 1;
      resume += 1;
      ti = resume;
    } else {
      return false;
    }
  }
  while (gi < g.length && g[gi] === '*') gi += 1;
  return gi === g.length;
}

/** The second form a resource glob is tried against: `aws/111122223333/us-east-1/snap-0abc`. */
export function resourcePath(resource: Finding['resource']): string {
  return `${resource.provider}/${resource.account}/${resource.region}/${resource.id}`;
}

/**
 * Check ids are matched as written (they are lower case). Resource globs and the account ignore
 * case: ARM ids and subscription ids are case-insensitive, and AWS and GCP ids are lower case anyway.
 */
export function suppressionMatches(suppression: Suppression, finding: Pick<Finding, 'checkId' | 'resource'>): boolean {
  const { resource } = finding;
  if (suppression.provider !== undefined && suppression.provider !== resource.provider) return false;
  if (suppression.account !== undefined && suppression.account.toLowerCase() !== resource.account.toLowerCase()) return false;
  if (!globMatches(suppression.checkId, finding.checkId)) return false;
  return globMatches(suppression.resource, resource.id, true) || globMatches(suppression.resource, resourcePath(resource), true);
}

export function describeSuppression(suppression: Suppression): string {
  const where = [suppression.provider, suppression.account].filter((p) => p !== undefined).join(' ');
  return `${suppression.checkId} on ${suppression.resource}${where ? ` (${where})` : ''}`;
}

/** The sentence a renderer shows beside a finding that a suppression accepted, or used to. */
export function suppressionText(finding: SuppressibleFinding): string | undefined {
  if (finding.suppression) {
    const s = finding.suppression;
    return `suppressed until ${s.expires} by ${s.owner}: ${s.reason}`;
  }
  if (finding.suppressionExpired) {
    const s = finding.suppressionExpired;
    return `was suppressed until ${s.expires} by ${s.owner} for "${s.reason}"; expired`;
  }
  return undefined;
}

/**
 * Marks the findings that an unexpired suppression covers as `suppressed` (the first such
 * suppression in config order wins) and keeps them, score and all. A finding only an expired
 * suppression covers keeps its status and gets a note. Findings already suppressed are left as
 * they are. Pure: `now` decides what has expired.
 */
export function applySuppressions<F extends Finding>(findings: readonly F[], suppressions: readonly Suppression[], now: Date): SuppressionOutcome<F> {
  const rules = suppressions.map((suppression, index) => ({ suppression, index, rule: describeSuppression(suppression), expired: isExpired(suppression, now), matched: [] as string[] }));
  const active = rules.filter((r) => !r.expired);
  const expired = rules.filter((r) => r.expired);
  const out = findings.map((finding): F & SuppressibleFinding => {
    if (finding.status === 'suppressed') return finding;
    const applies = active.filter((r) => suppressionMatches(r.suppression, finding));
    const lapsed = expired.filter((r) => suppressionMatches(r.suppression, finding));
    for (const r of [...applies, ...lapsed]) r.matched.push(finding.id);
    const first = applies[0];
    if (first) {
      const { reason, owner, expires } = first.suppression;
      return { ...finding, status: 'suppressed', suppression: { rule: first.rule, reason, owner, expires, originalStatus: finding.status } };
    }
    const last = lapsed.sort((a, b) => b.suppression.expires.localeCompare(a.suppression.expires))[0];
    if (last) {
      const { reason, owner, expires } = last.suppression;
      return { ...finding, suppressionExpired: { rule: last.rule, reason, owner, expires } };
    }
    return finding;
  });
  return {
    findings: out,
    expired: expired.map((r) => ({ suppression: r.suppression, index: r.index, findings: r.matched })),
    unused: active.filter((r) => r.matched.length === 0).map((r) => r.suppression),
  };
}
