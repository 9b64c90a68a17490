// From audit records to chain findings: read (files or a live pull), normalise, correlate, and
// summarise what was read so that a quiet result can be judged. The scan joins the results with
// the posture; `snapaudit logs` reports them alone.
import { memberTrust } from '../../providers/gcp/map.js';
import type { CheckResult } from '../checks/define-check.js';
import { unknownValue, type Maybe, type ProviderId, type Trust } from '../model.js';
import type { RawLogRecord } from '../provider.js';
import type { LogSummary } from '../report.js';
import type { OrganizationView, TrustResolver } from '../trust.js';
import { createCorrelator, type ChainOptions } from '../chains/correlate.js';
import type { Rule } from '../chains/define-rule.js';
import type { LogsOptions } from '../config.js';
import { normaliseActivityLog } from './activity-log.js';
import { normaliseCloudTrail } from './cloudtrail.js';
import type { AuditEvent, Grantee } from './event.js';
import { normaliseGcpAuditLog } from './gcp-audit.js';

const HOUR_MS = 3_600_000;

/** What is known about whose accounts are whose, from the config and, in a scan, the inventory. */
export interface TrustContext {
  readonly trust: TrustResolver;
  /** Accounts, subscriptions and projects being audited: shares among them are internal. */
  readonly ownAccounts: ReadonlySet<string>;
  /** The AWS organization of each audited account the scan read (undefined: it belongs to none). */
  readonly organizations?: ReadonlyMap<string, OrganizationView | undefined>;
  readonly internalDomains: readonly string[];
}

/** How much a grantee of a share in `account` is ours. Public grantees never reach this. */
export function grantTrust(context: TrustContext, provider: ProviderId, account: string, grantee: Grantee): Trust {
  if (grantee.kind === 'public') return 'external';
  if (grantee.kind === 'account') {
    if (context.ownAccounts.has(grantee.id)) return 'internal';
    // Without a scan, the organization was not read: a member account is not a stranger for sure.
    const organization: Maybe<OrganizationView> | undefined = context.organizations?.has(account)
      ? context.organizations.get(account)
      : unknownValue('audit logs alone do not tell the organization; run `snapaudit scan --logs`');
    return context.trust.classify(grantee.id, { provider, ownAccount: account, ...(organization ? { organization } : {}) }).trust;
  }
  if (provider === 'gcp') {
    return memberTrust(grantee.id, {
      project: account,
      ownProjects: context.ownAccounts,
      internalDomains: new Set(context.internalDomains.map((d) => d.toLowerCase())),
      trust: context.trust,
    }).trust;
  }
  return context.trust.classify(grantee.id, { provider, ownAccount: account }).trust;
}

export function chainOptions(logs: LogsOptions, context: TrustContext): ChainOptions {
  return {
    windowMs: logs.windowHours * HOUR_MS,
    newPrincipalMs: logs.newPrincipalHours * HOUR_MS,
    benignCallers: logs.benignCallers,
    classify: (provider, account, grantee) => grantTrust(context, provider, account, grantee),
  };
}

/** One raw record of a live pull, normalised by its declared format. */
export function normaliseRaw(raw: RawLogRecord): AuditEvent | undefined {
  switch (raw.format) {
    case 'cloudtrail':
      return normaliseCloudTrail(raw.record, raw.origin);
    case 'azure-activity':
      return normaliseActivityLog(raw.record, raw.origin);
    case 'gcp-audit':
      return normaliseGcpAuditLog(raw.record, raw.origin);
  }
}

export interface LogAnalysisInput {
  readonly events: AsyncIterable<AuditEvent> | Iterable<AuditEvent>;
  readonly sources: readonly string[];
  readonly rules: readonly Rule[];
  readonly options: ChainOptions;
  /** Records the reader could not parse, known once the events are consumed. */
  readonly unparsed: () => number;
  readonly notes?: readonly string[];
}

export interface LogAnalysis {
  readonly results: readonly CheckResult[];
  readonly summary: LogSummary;
}

export async function analyseLogs(input: LogAnalysisInput): Promise<LogAnalysis> {
  const correlator = createCorrelator(input.rules, input.options);
  let from = Number.POSITIVE_INFINITY;
  let to = Number.NEGATIVE_INFINITY;
  for await (const event of input.events) {
    // A record with no readable time still counts; the correlator notes it and sets it aside.
    const at = Date.parse(event.time);
    if (!Number.isNaN(at)) {
      from = Math.min(from, at);
      to = Math.max(to, at);
    }
    correlator.push(event);
  }
  const run = correlator.finish();
  return {
    results: run.results,
    summary: {
      sources: input.sources,
      ...(Number.isFinite(from) ? { from: new Date(from).toISOString(), to: new Date(to).toISOString() } : {}),
      events: run.stats.events,
      relevant: run.stats.used,
      failedCalls: run.stats.failedSkipped,
      benignCalls: run.stats.benignSkipped,
      unparsed: input.unparsed(),
      late: run.stats.late,
      rules: input.rules.length,
      chains: run.results.length,
      notes: [...(input.notes ?? []), ...run.notes],
    },
  };
}
