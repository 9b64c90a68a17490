// The live pull of the Activity Log: `GET /subscriptions/{s}/providers/Microsoft.Insights/eventtypes/management/values`
// per subscription the scan would read, once per resource provider on the way from a snapshot to
// an exposed VM (Compute: snapshots, export links, disks, VMs; Network: NSG rules; Authorization:
// role assignments), paged with nextLink. A plain request through the provider's own ARM pipeline
// (its credential, TLS trust, pacing and 429 retry) rather than @azure/arm-monitor: its current
// release (8.0.0) requires Node 22, an older one would be a second SDK generation to load and keep
// in step, and one paged GET is all the pull needs.
import pLimit from 'p-limit';
import { CoverageRecorder } from '../../src/coverage.js';
import type { CoverageEntry } from '../../src/model.js';
import type { CollectContext, LogPull, LogPullRequest, RawLogRecord, ScanScope } from '../../src/provider.js';
import { createAzureClients, type AzureClientFactory } from './clients.js';
import { classifyAzureError, subscriptionsOf, type SubscriptionRef } from './collect.js';

export const ACTIVITY_LOG_API_VERSION = '2015-04-01';
const OPERATION = 'Microsoft.Insights/eventtypes/values/read';
export const ACTIVITY_LOG_PROVIDERS: readonly string[] = ['Microsoft.Compute', 'Microsoft.Network', 'Microsoft.Authorization'];

/** Pure: the `$filter` of one provider's query. */
export function activityFilter(request: LogPullRequest, provider: string): string {
  return `eventTimestamp ge '${request.since.toISOString()}' and eventTimestamp le '${request.until.toISOString()}' and resourceProvider eq '${provider}'`;
}

async function pullSubscription(clients: AzureClientFactory, subscription: SubscriptionRef, request: LogPullRequest, context: CollectContext): Promise<{ records: RawLogRecord[]; coverage: CoverageEntry[] }> {
  const coverage = new CoverageRecorder('azure', subscription.id);
  const records: RawLogRecord[] = [];
  const origin = `azure:${subscription.id} ${OPERATION}`;
  const reader = clients.rest(subscription.id);
  const path = `/subscriptions/${subscription.id}/providers/Microsoft.Insights/eventtypes/management/values`;
  context.progress(`azure ${subscription.id}: reading the Activity Log`);
  for (const provider of ACTIVITY_LOG_PROVIDERS) {
    let read = 0;
    try {
      for await (const event of reader.list<unknown>(path, ACTIVITY_LOG_API_VERSION, { $filter: activityFilter(request, provider) })) {
        read += 1;
        records.push({ format: 'azure-activity', record: event, origin });
      }
      coverage.ok('global', 'Microsoft.Insights', `${read} ${provider} Activity Log events read`);
    } catch (error) {
      const failure = classifyAzureError(error);
      coverage.gap('global', 'Microsoft.Insights', failure.status, OPERATION, `${provider} events: ${failure.detail}${read > 0 ? `; only the first ${read} were read` : ''}`);
      // Denied for one provider is denied for all: one line, not three.
      if (failure.status === 'denied') break;
    }
  }
  return { records, coverage: coverage.entries() };
}

export async function pullAzureLogs(scope: ScanScope, request: LogPullRequest, context: CollectContext): Promise<LogPull> {
  const clients = createAzureClients(scope.azure, context.pacer);
  const tenantCoverage = new CoverageRecorder('azure', 'tenant');
  const subscriptions = await subscriptionsOf(clients, scope, tenantCoverage);
  const limit = pLimit(scope.azure.subscriptionConcurrency);
  const parts = await Promise.all(subscriptions.map((s) => limit(() => pullSubscription(clients, s, request, context))));
  return {
    records: parts.flatMap((p) => p.records),
    coverage: [...parts.flatMap((p) => p.coverage), ...tenantCoverage.entries()],
    accounts: subscriptions.map((s) => ({ account: s.id, regions: ['global'] })),
  };
}
