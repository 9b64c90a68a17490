// The live pull of Admin Activity audit logs: Logging's entries.list per project, the projects the
// scan would read, filtered to the window and to the Compute and IAM methods on the way from a
// snapshot to an exposed instance. Calls go through the provider's authorized fetch: the same
// token, endpoint overrides, retries and pacing (entries.list has a bucket of its own, 60 a minute).
import { CoverageRecorder } from '../../src/coverage.js';
import type { CoverageEntry } from '../../src/model.js';
import type { CollectContext, LogPull, LogPullRequest, RawLogRecord, ScanScope } from '../../src/provider.js';
import { createGcpClients, type GcpClients } from './clients.js';
import { classifyGcpError, projectsOf, type ProjectRef } from './collect.js';

const ACTION = 'logging.logEntries.list';
/** entries.list's largest page. */
const PAGE_SIZE = 1000;
/** Pages read per project at most: a runaway answer (a token that never ends) stops here, with a coverage line. */
const MAX_PAGES = 200;

/**
 * Methods matched with Logging's `:` (has: a substring, case-insensitive), so the v1, beta and
 * regional forms all match: snapshot creation and sharing, images, disks and instances made from
 * them, firewall rules, and new service accounts, keys and project IAM grants.
 */
export const AUDIT_METHODS: readonly string[] = [
  'compute.disks.createSnapshot',
  'compute.snapshots.insert',
  'compute.regionSnapshots.insert',
  'compute.snapshots.setIamPolicy',
  'compute.regionSnapshots.setIamPolicy',
  'compute.images.insert',
  'compute.images.setIamPolicy',
  'compute.machineImages.insert',
  'compute.machineImages.setIamPolicy',
  'compute.disks.insert',
  'compute.regionDisks.insert',
  'compute.disks.setIamPolicy',
  'compute.instances.insert',
  'compute.instances.attachDisk',
  'compute.firewalls.insert',
  'compute.firewalls.patch',
  'compute.firewalls.update',
  'google.iam.admin.v1.CreateServiceAccount',
  'SetIamPolicy',
];

const quoted = (value: string): string => `"${value.replace(/["\\]/g, '\\$&')}"`;

/** Pure: the entries.list filter for one project and window. */
export function auditFilter(project: string, request: LogPullRequest): string {
  return [
    `logName=${quoted(`projects/${project}/logs/cloudaudit.googleapis.com%2Factivity`)}`,
    `timestamp>=${quoted(request.since.toISOString())}`,
    `timestamp<=${quoted(request.until.toISOString())}`,
    `protoPayload.methodName:(${AUDIT_METHODS.map(quoted).join(' OR ')})`,
  ].join(' AND ');
}

interface EntriesPage {
  readonly entries?: unknown[];
  readonly nextPageToken?: string;
}

async function pullProject(clients: GcpClients, project: ProjectRef, request: LogPullRequest, context: CollectContext): Promise<{ records: RawLogRecord[]; coverage: CoverageEntry[] }> {
  const coverage = new CoverageRecorder('gcp', project.id);
  const records: RawLogRecord[] = [];
  const origin = `gcp:${project.id} ${ACTION}`;
  const url = new URL('v2/entries:list', clients.loggingRoot);
  const filter = auditFilter(project.id, request);
  context.progress(`gcp ${project.id}: listing audit log entries`);
  try {
    let pageToken: string | undefined;
    let pages = 0;
    do {
      const page = (await clients.postJson(url, { resourceNames: [`projects/${project.id}`], filter, orderBy: 'timestamp asc', pageSize: PAGE_SIZE, ...(pageToken ? { pageToken } : {}) })) as EntriesPage;
      for (const entry of page.entries ?? []) {
        if (typeof entry === 'object' && entry !== null) records.push({ format: 'gcp-audit', record: entry, origin });
        else coverage.gap('global', 'logging', 'error', ACTION, 'an entry that is not a JSON object was left out');
      }
      pageToken = page.nextPageToken || undefined;
      pages += 1;
    } while (pageToken !== undefined && pages < MAX_PAGES);
    if (pageToken !== undefined) coverage.gap('global', 'logging', 'error', ACTION, `stopped after ${MAX_PAGES} pages; later entries of the window were not read`);
    coverage.ok('global', 'logging', `${records.length} Admin Activity audit entries read`);
  } catch (error) {
    const failure = classifyGcpError(error);
    coverage.gap('global', 'logging', failure.status, ACTION, `${failure.detail}; ${records.length > 0 ? 'only the first pages' : 'no audit entry'} of the project was read`);
  }
  return { records, coverage: coverage.entries() };
}

export async function pullGcpLogs(scope: ScanScope, request: LogPullRequest, context: CollectContext): Promise<LogPull> {
  const clients = createGcpClients(scope.gcp, context.pacer);
  try {
    const orgCoverage = new CoverageRecorder('gcp', 'organization');
    const projects = await projectsOf(clients, scope, orgCoverage);
    // One bucket meters every project's entries.list, so projects are read one after another.
    const parts: Array<{ records: RawLogRecord[]; coverage: CoverageEntry[] }> = [];
    for (const project of projects) parts.push(await pullProject(clients, project, request, context));
    return {
      records: parts.flatMap((p) => p.records),
      coverage: [...parts.flatMap((p) => p.coverage), ...orgCoverage.entries()],
      accounts: projects.map((p) => ({ account: p.id, regions: ['global'] })),
    };
  } finally {
    await clients.close();
  }
}
