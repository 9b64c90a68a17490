// Where a run's audit events come from, and what it knows about whose accounts are whose: files the
// user names (read as a stream), or a live pull from each cloud's log API since a point in time.
// Loaded only when a run reads logs.
import type { BuildReportInput } from '../report.js';
import type { CoverageEntry, Inventory, ProviderId } from '../model.js';
import type { CollectContext, Provider, ScanScope } from '../provider.js';
import type { LogRequest } from '../scan.js';
import { RULES } from '../chains/index.js';
import { analyseLogs, chainOptions, normaliseRaw, type TrustContext } from './analyse.js';
import type { AuditEvent } from './event.js';
import { readAuditEvents } from './read.js';

export interface LogRun {
  readonly chains: NonNullable<BuildReportInput['chains']>;
  /** Gaps of a live pull (a region whose log API refused us): the same coverage lines as the scan. */
  readonly coverage: readonly CoverageEntry[];
}

export function trustContextOf(scope: ScanScope, internalDomains: readonly string[], inventory?: Inventory): TrustContext {
  const accounts = inventory?.accounts ?? [];
  return {
    trust: scope.trust,
    ownAccounts: new Set(accounts.map((a) => a.id)),
    // Each account the scan read: with its organization, or none. One it could not enter stays
    // out of the map, so shares from it are judged unknown rather than external.
    organizations: new Map(
      accounts.filter((a) => a.unreachable === undefined).map((a) => [a.id, a.organization ? { id: a.organization.id, ...(a.organization.members ? { members: new Set(a.organization.members) } : {}) } : undefined] as const),
    ),
    internalDomains,
  };
}

const byTime = (a: AuditEvent, b: AuditEvent): number => a.time.localeCompare(b.time) || a.id.localeCompare(b.id);

interface Pulled {
  readonly events: AuditEvent[];
  readonly sources: string[];
  readonly coverage: CoverageEntry[];
  readonly unparsed: number;
}

async function pull(providers: readonly Provider[], scope: ScanScope, since: Date, until: Date, context: CollectContext): Promise<Pulled> {
  const out: Pulled = { events: [], sources: [], coverage: [], unparsed: 0 };
  let unparsed = 0;
  const pulls = await Promise.all(providers.map(async (p) => ({ provider: p.id, pulled: p.pullLogs ? await p.pullLogs(scope, { since, until }, context) : undefined })));
  for (const { provider, pulled } of pulls) {
    if (!pulled) continue;
    out.coverage.push(...pulled.coverage);
    for (const a of pulled.accounts) out.sources.push(`${provider} ${a.account}${a.regions.length > 0 ? ` (${a.regions.join(', ')})` : ''}`);
    for (const raw of pulled.records) {
      const event = normaliseRaw(raw);
      if (event) out.events.push(event);
      else unparsed += 1;
    }
  }
  // Pulls come back per account, region and action; the correlator wants time order.
  out.events.sort(byTime);
  return { ...out, unparsed };
}

export interface LogCollection {
  readonly providers: readonly Provider[];
  readonly scope: ScanScope;
  readonly logs: LogRequest;
  readonly inventory?: Inventory;
  readonly context: CollectContext;
  readonly now: Date;
}

export async function collectChains(input: LogCollection): Promise<LogRun> {
  const { logs, scope, now } = input;
  const trust = trustContextOf(scope, logs.internalDomains, input.inventory);
  const options = chainOptions(logs.options, trust);
  if (logs.since) {
    const ids = new Set<ProviderId>(input.providers.map((p) => p.id));
    const pulled = await pull(input.providers, scope, logs.since, now, input.context);
    const analysis = await analyseLogs({
      events: pulled.events,
      sources: pulled.sources,
      rules: RULES.filter((r) => ids.has(r.provider)),
      options,
      unparsed: () => pulled.unparsed,
      notes: [`live pull of the events since ${logs.since.toISOString()}, filtered to the actions chains are made of`],
    });
    return { chains: { rules: RULES, results: analysis.results, summary: analysis.summary }, coverage: pulled.coverage };
  }
  let unparsed = 0;
  const files = logs.files ?? [];
  const analysis = await analyseLogs({
    events: readAuditEvents(files, { onProblem: () => (unparsed += 1) }),
    sources: files,
    rules: RULES,
    options,
    unparsed: () => unparsed,
  });
  return { chains: { rules: RULES, results: analysis.results, summary: analysis.summary }, coverage: [] };
}
