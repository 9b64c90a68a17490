// The GCP provider's collection: the projects asked for (or every active project the identity can
// search), then, in each, snapshots (global and regional), images, machine images and disks with
// their IAM policies, instances, and the VPC firewall rules in front of them. A failed read is an
// Unknown plus a coverage line; a failing project does not stop the others.
import type { protos } from '@google-cloud/compute';
import pLimit from 'p-limit';
import { CoverageRecorder } from '../../src/coverage.js';
import { isUnknown, mergeInventories, unknownValue, type AccountInfo, type CoverageStatus, type IngressPath, type Inventory, type Maybe, type Unknown } from '../../src/model.js';
import type { CollectContext, ScanScope } from '../../src/provider.js';
import { errorLine } from '../../src/redact.js';
import { createGcpClients, callOptions, type GcpClients } from './clients.js';
import { firewallIngress } from './firewall.js';
import { collectIdentity, type RoleCache } from './identity.js';
import {
  projectOf,
  resourcePath,
  toDisk,
  toImage,
  toInstance,
  toMachineImage,
  toSnapshot,
  type GcpDisk,
  type GcpImage,
  type GcpInstance,
  type GcpMachineImage,
  type GcpMapContext,
  type GcpPolicy,
  type GcpSnapshot,
} from './map.js';

type Firewall = protos.google.cloud.compute.v1.IFirewall;
type Region = protos.google.cloud.compute.v1.IRegion;

/** Policy version 3 returns conditional bindings as they are, rather than refusing them. */
const POLICY_VERSION = 3;

export interface ProjectRef {
  readonly id: string;
  /** The project number, which service agents and default service accounts are named by. */
  readonly number?: string;
  readonly name?: string;
  /** `organizations/N` or `folders/N`, when search showed it. */
  readonly parent?: string;
}

interface GcpFailure {
  readonly status: Exclude<CoverageStatus, 'ok'>;
  readonly detail: string;
}

/** gRPC status names for the codes Google's REST errors are mapped to. */
const GRPC_CODES: Readonly<Record<number, string>> = {
  1: 'CANCELLED',
  2: 'UNKNOWN',
  3: 'INVALID_ARGUMENT',
  4: 'DEADLINE_EXCEEDED',
  5: 'NOT_FOUND',
  7: 'PERMISSION_DENIED',
  8: 'RESOURCE_EXHAUSTED',
  9: 'FAILED_PRECONDITION',
  13: 'INTERNAL',
  14: 'UNAVAILABLE',
  16: 'UNAUTHENTICATED',
};

/**
 * GoogleError-like failures by gRPC code and ErrorInfo reason. A disabled Compute Engine API is
 * not a gap in the audit: the project has no Compute resources to read.
 */
export function classifyGcpError(error: unknown): GcpFailure {
  const e = (typeof error === 'object' && error !== null ? error : {}) as { code?: number | string; status?: number; reason?: string; message?: string };
  const code = typeof e.code === 'number' ? e.code : undefined;
  const name = code !== undefined ? (GRPC_CODES[code] ?? `code ${code}`) : typeof e.code === 'string' ? e.code : 'Error';
  const message = e.message ?? String(error);
  const parts = [message.startsWith(name) || message.startsWith(`${code} `) ? message : `${name}: ${message}`];
  if (code === 8) parts.push('throttled after all retries');
  if (code === 14) parts.push('unavailable after all retries');
  if (e.reason === 'SERVICE_DISABLED' || /accessNotConfigured|has not been used in project|is disabled/i.test(message)) {
    return { status: 'skipped', detail: errorLine(`Compute Engine API is not enabled in the project: ${parts.join('; ')}`) };
  }
  const denied = code === 7 || code === 16 || e.status === 401 || e.status === 403 || /Could not load the default credentials|invalid_grant|unauthorized_client/i.test(message);
  return { status: denied ? 'denied' : 'error', detail: errorLine(parts.join('; ')) };
}

interface ProjectJob {
  readonly project: ProjectRef;
  readonly clients: GcpClients;
  readonly coverage: CoverageRecorder;
  readonly context: CollectContext;
}

/** Drains a listing; a failure is an Unknown and one coverage line. */
async function listAll<T>(job: ProjectJob, permission: string, items: () => AsyncIterable<T>, region = 'global'): Promise<Maybe<T[]>> {
  try {
    const out: T[] = [];
    for await (const item of items()) out.push(item);
    return out;
  } catch (error) {
    const failure = classifyGcpError(error);
    job.coverage.gap(region, 'compute', failure.status, permission, failure.detail);
    return unknownValue(`${permission} failed: ${failure.detail}`);
  }
}

/** The items of an aggregated list (`[scope, {disks: [...]}]` pairs), with the scope they came from. */
async function listAggregated<T>(job: ProjectJob, permission: string, pairs: () => AsyncIterable<[string, Record<string, unknown>]>, field: string): Promise<Maybe<T[]>> {
  const scoped = await listAll(job, permission, pairs);
  if (isUnknown(scoped)) return scoped;
  return scoped.flatMap(([, list]) => (Array.isArray(list[field]) ? (list[field] as T[]) : []));
}

/** One resource's IAM policy, through the per-project limiter. */
function readPolicy(job: ProjectJob, permission: string, resourceId: string, read: () => Promise<[GcpPolicy, ...unknown[]]>): Promise<Maybe<GcpPolicy>> {
  return job.context.pacer.run(`gcp:${job.project.id}:iam`, async () => {
    try {
      const [policy] = await read();
      return policy;
    } catch (error) {
      const failure = classifyGcpError(error);
      job.coverage.gap('global', 'compute', failure.status, permission, failure.detail, resourceId);
      return unknownValue(`${permission} failed: ${failure.detail}`);
    }
  });
}

/** Compute's largest page: fewer round trips for big projects. */
const PAGE_SIZE = 500;
const page = (project: string) => ({ project, maxResults: PAGE_SIZE });

const nameOf = (raw: { name?: string | null }): string => raw.name ?? '';
const request = (project: string) => ({ project, optionsRequestedPolicyVersion: POLICY_VERSION });

/** `zones/us-central1-a` or `regions/us-central1` from a resource URL. */
function locationOf(url: string | null | undefined): { zone?: string; region?: string } {
  const zone = /\/zones\/([^/]+)/.exec(url ?? '')?.[1];
  if (zone) return { zone };
  const region = /\/regions\/([^/]+)/.exec(url ?? '')?.[1];
  return region ? { region } : {};
}

async function withPolicies<T extends { selfLink?: string | null; name?: string | null }>(
  items: Maybe<T[]>,
  read: (item: T) => Promise<Maybe<GcpPolicy>>,
): Promise<Array<[T, Maybe<GcpPolicy>]>> {
  if (isUnknown(items)) return [];
  return Promise.all(items.map(async (item): Promise<[T, Maybe<GcpPolicy>]> => [item, await read(item)]));
}

/** Regional snapshots: Compute has no aggregated list for them, so each of the project's regions is listed. */
async function readRegionalSnapshots(job: ProjectJob, regions: Maybe<Region[]>): Promise<Maybe<GcpSnapshot[]>> {
  if (isUnknown(regions)) return unknownValue(`regional snapshots not listed: ${regions.reason}`);
  const { clients, project } = job;
  const perRegion = await Promise.all(
    regions.map((region) =>
      job.context.pacer.run(`gcp:${project.id}:regions`, () =>
        listAll<GcpSnapshot>(job, 'compute.snapshots.list', () => clients.regionSnapshots().listAsync({ ...page(project.id), region: nameOf(region) }, callOptions()), nameOf(region)),
      ),
    ),
  );
  // A region that failed is in coverage already; the others' snapshots are still audited.
  return perRegion.flatMap((snapshots) => (isUnknown(snapshots) ? [] : snapshots));
}

interface Exposure {
  readonly addresses: string[];
  readonly ingress: Maybe<IngressPath[]>;
}

/** An instance's external addresses and what the internet reaches through its networks' firewall rules. */
function instanceExposure(instance: GcpInstance, project: string, firewalls: Maybe<Firewall[]>): Exposure {
  const addresses: string[] = [];
  const paths: IngressPath[] = [];
  let unreadable: Unknown | undefined;
  const target = { tags: instance.tags?.items ?? [], serviceAccounts: (instance.serviceAccounts ?? []).flatMap((s) => (s.email ? [s.email] : [])) };
  for (const nic of instance.networkInterfaces ?? []) {
    const external = [
      ...(nic.accessConfigs ?? []).flatMap((c) => (c.natIP ? [{ address: c.natIP, family: 'v4' as const }] : [])),
      ...(nic.ipv6AccessConfigs ?? []).flatMap((c) => (c.externalIpv6 ? [{ address: c.externalIpv6, family: 'v6' as const }] : [])),
    ];
    if (external.length === 0) continue;
    const network = resourcePath(nic.network) ?? '';
    const host = projectOf(network);
    // A Shared VPC network's rules live in its host project, which this project's read does not include.
    const rules: Maybe<Firewall[]> = host && host !== project ? unknownValue(`the interface is on network ${network} of project ${host}, whose firewall rules were not read`) : firewalls;
    for (const { address, family } of external) {
      addresses.push(address);
      const result = firewallIngress({ address, family, target: { network, ...target }, firewalls: rules });
      if (isUnknown(result)) unreadable = unreadable ?? result;
      else paths.push(...result);
    }
  }
  return { addresses, ingress: unreadable ?? paths };
}

async function collectProject(project: ProjectRef, clients: GcpClients, scope: ScanScope, context: CollectContext, ownProjects: ReadonlySet<string>, roles: RoleCache): Promise<Inventory> {
  const coverage = new CoverageRecorder('gcp', project.id);
  const job: ProjectJob = { project, clients, coverage, context };
  const ctx: GcpMapContext = { project: project.id, ownProjects, internalDomains: new Set(scope.gcp.internalDomains.map((d) => d.toLowerCase())), trust: scope.trust };
  const p = project.id;
  context.progress(`gcp ${p}: reading`);
  // Who can copy disks out and who would see it: read alongside Compute, through the same pacing.
  const identityRead = collectIdentity({ project, clients, coverage, context }, roles, ctx, new Date());
  const regionsRead = listAll<Region>(job, 'compute.regions.list', () => clients.regions().listAsync(page(p), callOptions()));
  const [snapshots, regionalSnapshots, images, machineImages, disks, instances, firewalls] = await Promise.all([
    listAll<GcpSnapshot>(job, 'compute.snapshots.list', () => clients.snapshots().listAsync(page(p), callOptions())),
    regionsRead.then((regions) => readRegionalSnapshots(job, regions)),
    listAll<GcpImage>(job, 'compute.images.list', () => clients.images().listAsync(page(p), callOptions())),
    listAll<GcpMachineImage>(job, 'compute.machineImages.list', () => clients.machineImages().listAsync(page(p), callOptions())),
    listAggregated<GcpDisk>(job, 'compute.disks.list', () => clients.disks().aggregatedListAsync(page(p), callOptions()) as AsyncIterable<[string, Record<string, unknown>]>, 'disks'),
    listAggregated<GcpInstance>(job, 'compute.instances.list', () => clients.instances().aggregatedListAsync(page(p), callOptions()) as AsyncIterable<[string, Record<string, unknown>]>, 'instances'),
    listAll<Firewall>(job, 'compute.firewalls.list', () => clients.firewalls().listAsync(page(p), callOptions())),
  ]);

  const policy = (permission: string, item: { selfLink?: string | null; name?: string | null }, read: () => Promise<[GcpPolicy, ...unknown[]]>) =>
    readPolicy(job, permission, resourcePath(item.selfLink) ?? nameOf(item), read);
  const [snapshotPolicies, regionalPolicies, imagePolicies, machineImagePolicies, diskPolicies] = await Promise.all([
    withPolicies(snapshots, (s) => policy('compute.snapshots.getIamPolicy', s, () => clients.snapshots().getIamPolicy({ ...request(p), resource: nameOf(s) }, callOptions()))),
    withPolicies(regionalSnapshots, (s) => {
      const region = locationOf(s.region ?? s.selfLink).region ?? '';
      return policy('compute.snapshots.getIamPolicy', s, () => clients.regionSnapshots().getIamPolicy({ ...request(p), region, resource: nameOf(s) }, callOptions()));
    }),
    withPolicies(images, (i) => policy('compute.images.getIamPolicy', i, () => clients.images().getIamPolicy({ ...request(p), resource: nameOf(i) }, callOptions()))),
    withPolicies(machineImages, (m) => policy('compute.machineImages.getIamPolicy', m, () => clients.machineImages().getIamPolicy({ ...request(p), resource: nameOf(m) }, callOptions()))),
    withPolicies(disks, (d) => {
      const { zone, region } = locationOf(d.zone ?? d.region ?? d.selfLink);
      if (zone) return policy('compute.disks.getIamPolicy', d, () => clients.disks().getIamPolicy({ ...request(p), zone, resource: nameOf(d) }, callOptions()));
      return policy('compute.disks.getIamPolicy', d, () => clients.regionDisks().getIamPolicy({ ...request(p), region: region ?? '', resource: nameOf(d) }, callOptions()));
    }),
  ]);

  const snapshotModels = [...snapshotPolicies, ...regionalPolicies].map(([s, pol]) => toSnapshot(s, pol, ctx));
  const imageModels = [...imagePolicies.map(([i, pol]) => toImage(i, pol, ctx)), ...machineImagePolicies.map(([m, pol]) => toMachineImage(m, pol, ctx))];
  const diskModels = diskPolicies.map(([d, pol]) => toDisk(d, pol, ctx));
  const diskByPath = new Map(isUnknown(disks) ? [] : disks.flatMap((d) => (d.selfLink ? [[resourcePath(d.selfLink) as string, d] as const] : [])));
  const instanceModels = isUnknown(instances)
    ? []
    : instances.map((instance) => {
        const exposure = instanceExposure(instance, p, firewalls);
        return toInstance(instance, diskByPath, exposure.addresses, exposure.ingress, ctx);
      });

  const regions = new Set<string>();
  for (const r of [...snapshotModels, ...imageModels, ...diskModels, ...instanceModels]) regions.add(r.region);
  coverage.ok('global', 'compute', `${snapshotModels.length} snapshots, ${imageModels.length} images and machine images, ${diskModels.length} disks, ${instanceModels.length} instances read`);
  const reads = [snapshots, images, machineImages, disks, instances, firewalls];
  // Nothing at all could be read, and not because Compute is off: the project is unreachable.
  const gaps = coverage.entries().filter((e) => e.status !== 'ok');
  const unreachable = reads.every(isUnknown) && gaps.some((g) => g.status !== 'skipped') ? (reads[0] as Unknown).reason : undefined;
  const account: AccountInfo = {
    provider: 'gcp',
    id: p,
    ...(project.name ? { name: project.name } : {}),
    regions: [...regions].sort(),
    ...(unreachable ? { unreachable } : {}),
  };
  const identity = await identityRead;
  return mergeInventories([
    {
      accounts: [account],
      snapshots: snapshotModels,
      images: imageModels,
      disks: diskModels,
      instances: instanceModels,
      principals: identity.principals,
      accountSecurity: [identity.accountSecurity],
      audit: [identity.audit],
      coverage: coverage.entries(),
    },
  ]);
}

/** `google.cloud.resourcemanager.v3.Project.State` as a string, or its number under numeric enums. */
const isActive = (state: unknown): boolean => state === 'ACTIVE' || state === 1;

/** The projects to read: those asked for, else every active project the identity can search. */
export async function projectsOf(clients: GcpClients, scope: ScanScope, coverage: CoverageRecorder): Promise<ProjectRef[]> {
  const wanted = scope.gcp.projects;
  try {
    const listed: ProjectRef[] = [];
    const skipped = new Set<string>();
    for await (const project of clients.projects().searchProjectsAsync({}, callOptions())) {
      if (!project.projectId) continue;
      if (!isActive(project.state)) {
        // A project being deleted is worth a line only when it would have been scanned.
        skipped.add(project.projectId);
        if (wanted && !wanted.includes(project.projectId)) continue;
        coverage.gap('global', 'cloudresourcemanager', 'skipped', 'resourcemanager.projects.get', `project ${project.projectId} is ${String(project.state)}`, project.projectId);
        continue;
      }
      const number = /^projects\/(\d+)$/.exec(project.name ?? '')?.[1];
      const parent = /^(organizations|folders)\/\d+$/.test(project.parent ?? '') ? (project.parent as string) : undefined;
      listed.push({ id: project.projectId, ...(number ? { number } : {}), ...(project.displayName ? { name: project.displayName } : {}), ...(parent ? { parent } : {}) });
    }
    if (!wanted) return listed;
    // Asked-for projects the search did not show are still tried (their reads will say why),
    // except those it showed as being deleted.
    return wanted.flatMap((id) => listed.find((p) => p.id === id) ?? (skipped.has(id) ? [] : [{ id }]));
  } catch (error) {
    const failure = classifyGcpError(error);
    coverage.gap('global', 'cloudresourcemanager', failure.status, 'resourcemanager.projects.get', `could not search projects: ${failure.detail}`);
    return (wanted ?? []).map((id) => ({ id }));
  }
}

export async function collectGcp(scope: ScanScope, context: CollectContext): Promise<Inventory> {
  const clients = createGcpClients(scope.gcp, context.pacer);
  try {
    const orgCoverage = new CoverageRecorder('gcp', 'organization');
    const projects = await projectsOf(clients, scope, orgCoverage);
    const ownProjects = new Set(projects.flatMap((p) => (p.number ? [p.id, p.number] : [p.id])));
    const limit = pLimit(scope.gcp.projectConcurrency);
    const roles: RoleCache = new Map();
    const parts = await Promise.all(projects.map((project) => limit(() => collectProject(project, clients, scope, context, ownProjects, roles))));
    return mergeInventories([...parts, { coverage: orgCoverage.entries() }]);
  } finally {
    await clients.close();
  }
}
