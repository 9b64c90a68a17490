// Would anyone see a disk being copied out of a project? Compute Engine writes snapshot creation,
// IAM policy changes and disks made from snapshots as Admin Activity audit logs, which are always
// on, cannot be excluded and are kept 400 days in the project's _Required bucket. Reads of
// snapshots, disks and their policies (how an intruder finds and checks them first) are Data
// Access audit logs of type ADMIN_READ: off unless the project's audit config (or a folder's or the
// organization's) enables them, and stored through the _Default sink, whose exclusions can drop
// them. Compute writes no DATA_WRITE logs and DATA_READ only for serial port output. Pure.
import { isUnknown, unknownValue, type AuditCoverage, type Maybe } from '../../src/model.js';
import { parseLogFilter, type LogEntryView, type Tri } from './log-filter.js';
import type { GcpProjectPolicy } from './principals.js';

/** A sink as Logging v2 `sinks.list` returns it, with its exclusions. */
export interface GcpLogSink {
  readonly name?: string;
  readonly destination?: string;
  readonly filter?: string;
  readonly disabled?: boolean;
  readonly exclusions?: ReadonlyArray<{ readonly name?: string; readonly filter?: string; readonly disabled?: boolean }>;
}

export const COMPUTE_SERVICE = 'compute.googleapis.com';
const ALL_SERVICES = 'allServices';
/** `google.iam.v1.AuditLogConfig.LogType`, by name and by number (numeric enum encoding). */
const LOG_TYPES: Readonly<Record<string, string>> = { '1': 'ADMIN_READ', '2': 'DATA_WRITE', '3': 'DATA_READ' };

export interface DataAccessConfig {
  /** Log types enabled for Compute Engine, from its own entry and `allServices` together. */
  readonly logTypes: readonly string[];
  /** Members whose calls are not logged, per log type. */
  readonly exempted: Readonly<Record<string, readonly string[]>>;
  /** The audit config entries that enable them. */
  readonly via: readonly string[];
}

/** The effective Data Access configuration for Compute Engine: the union of its entry and `allServices`. */
export function computeDataAccess(policy: GcpProjectPolicy): DataAccessConfig {
  const logTypes = new Set<string>();
  const exempted: Record<string, Set<string>> = {};
  const via = new Set<string>();
  for (const config of policy.auditConfigs ?? []) {
    if (config.service !== COMPUTE_SERVICE && config.service !== ALL_SERVICES) continue;
    for (const log of config.auditLogConfigs ?? []) {
      const type = LOG_TYPES[String(log.logType)] ?? String(log.logType ?? '');
      if (!['ADMIN_READ', 'DATA_READ', 'DATA_WRITE'].includes(type)) continue;
      logTypes.add(type);
      via.add(config.service as string);
      for (const member of log.exemptedMembers ?? []) (exempted[type] ??= new Set()).add(member);
    }
  }
  return {
    logTypes: ['ADMIN_READ', 'DATA_READ', 'DATA_WRITE'].filter((t) => logTypes.has(t)),
    exempted: Object.fromEntries(Object.entries(exempted).map(([t, m]) => [t, [...m].sort()])),
    via: [...via].sort(),
  };
}

/** Compute Engine audit entries for the snapshot path, as Logging would hold them. */
export function sampleEntries(project: string): { readonly activity: readonly SampleEntry[]; readonly dataAccess: readonly SampleEntry[] } {
  const entry = (log: string, resourceType: string, method: string, severity: string, resourceName: string): SampleEntry => ({
    label: method,
    view: {
      logName: `projects/${project}/logs/${encodeURIComponent(log)}`,
      severity,
      resource: { type: resourceType, labels: { project_id: project } },
      protoPayload: {
        '@type': 'type.googleapis.com/google.cloud.audit.AuditLog',
        serviceName: COMPUTE_SERVICE,
        methodName: method,
        resourceName: `projects/${project}/${resourceName}`,
      },
    },
  });
  const activity = 'cloudaudit.googleapis.com/activity';
  const dataAccess = 'cloudaudit.googleapis.com/data_access';
  return {
    activity: [
      entry(activity, 'gce_disk', 'v1.compute.disks.createSnapshot', 'NOTICE', 'zones/us-central1-a/disks/d'),
      entry(activity, 'gce_snapshot', 'v1.compute.snapshots.insert', 'NOTICE', 'global/snapshots/s'),
      entry(activity, 'gce_snapshot', 'v1.compute.snapshots.setIamPolicy', 'NOTICE', 'global/snapshots/s'),
      entry(activity, 'gce_image', 'v1.compute.images.insert', 'NOTICE', 'global/images/i'),
      entry(activity, 'gce_disk', 'v1.compute.disks.insert', 'NOTICE', 'zones/us-central1-a/disks/restored'),
    ],
    dataAccess: [
      entry(dataAccess, 'gce_snapshot', 'v1.compute.snapshots.list', 'INFO', 'global/snapshots'),
      entry(dataAccess, 'gce_snapshot', 'v1.compute.snapshots.get', 'INFO', 'global/snapshots/s'),
      entry(dataAccess, 'gce_snapshot', 'v1.compute.snapshots.getIamPolicy', 'INFO', 'global/snapshots/s'),
      entry(dataAccess, 'gce_disk', 'v1.compute.disks.get', 'INFO', 'zones/us-central1-a/disks/d'),
    ],
  };
}

export interface SampleEntry {
  readonly label: string;
  readonly view: LogEntryView;
}

const REQUIRED_SINK = '_Required';
const DEFAULT_SINK = '_Default';

interface SinkVerdict {
  /** Entries the sink's inclusion filter routes (before exclusions). */
  readonly routed: readonly SampleEntry[];
  /** Exclusions that drop some routed entry, with the entries they drop. */
  readonly excludedBy: ReadonlyArray<{ readonly exclusion: string; readonly dropped: readonly string[] }>;
  /** Routed and not excluded. */
  readonly kept: readonly SampleEntry[];
  /** Filters it could not read, which may route or drop them. */
  readonly unread: readonly string[];
}

function judgeSink(sink: GcpLogSink, entries: readonly SampleEntry[]): SinkVerdict {
  const unread: string[] = [];
  const inclusion = parseLogFilter(sink.filter ?? '');
  const routed = entries.filter((e) => {
    const r: Tri = inclusion.matches(e.view);
    if (r === 'unknown') unread.push(`the filter of sink ${sink.name ?? '?'}`);
    return r === true;
  });
  const excludedBy: Array<{ exclusion: string; dropped: string[] }> = [];
  const dropped = new Set<string>();
  for (const exclusion of sink.exclusions ?? []) {
    if (exclusion.disabled === true) continue;
    const filter = parseLogFilter(exclusion.filter ?? '');
    const hits = routed.filter((e) => {
      const r = filter.matches(e.view);
      if (r === 'unknown') unread.push(`exclusion ${exclusion.name ?? '?'} on sink ${sink.name ?? '?'}`);
      return r === true;
    });
    if (hits.length === 0) continue;
    excludedBy.push({ exclusion: exclusion.name ?? '?', dropped: hits.map((h) => h.label) });
    for (const h of hits) dropped.add(h.label);
  }
  return { routed, excludedBy, kept: routed.filter((e) => !dropped.has(e.label)), unread: [...new Set(unread)] };
}

const removeCommand = (project: string, sink: string, exclusions: readonly string[]): string =>
  `gcloud logging sinks update ${sink} --project=${project} --remove-exclusions=${exclusions.join(',')}`;

export interface AuditInputs {
  readonly project: string;
  /** The project's parent (`organizations/N`, `folders/N`) when search showed one. */
  readonly parent?: string;
  readonly policy: Maybe<GcpProjectPolicy>;
  readonly sinks: Maybe<readonly GcpLogSink[]>;
}

/** The project's audit coverage of snapshot activity, as one `global` entry. */
export function projectAuditCoverage(inputs: AuditInputs): AuditCoverage {
  const { project, policy, sinks } = inputs;
  const samples = sampleEntries(project);
  const sources = ['Admin Activity audit logs: always written for snapshot creation, IAM policy changes and disks made from snapshots; kept 400 days in the _Required bucket, which cannot be disabled or excluded'];
  const gaps: string[] = [];
  const fixes: string[] = [];

  let configured: Maybe<DataAccessConfig> = isUnknown(policy) ? unknownValue(`the project IAM policy (audit config) could not be read: ${policy.reason}`) : computeDataAccess(policy);
  const adminRead = !isUnknown(configured) && configured.logTypes.includes('ADMIN_READ');
  if (!isUnknown(configured)) {
    if (adminRead) {
      sources.push(`Data Access audit logs for ${COMPUTE_SERVICE} (${configured.logTypes.join(', ')}), enabled through ${configured.via.join(' and ')}`);
      const exempt = configured.exempted['ADMIN_READ'] ?? [];
      if (exempt.length > 0) gaps.push(`reads of snapshots and their IAM policies by ${exempt.join(', ')} are exempted from Compute Engine's Data Access audit logs`);
    } else if (inputs.parent === undefined) {
      gaps.push(`Compute Engine Data Access audit logs (ADMIN_READ) are off: listing snapshots and reading their IAM policies, the reconnaissance before a copy, leaves no record`);
    } else {
      configured = unknownValue(`Compute Engine Data Access audit logs are not enabled in the project's own audit config, and ${inputs.parent} above it may enable them; its policy was not read`);
    }
  }

  let dataLogged: Maybe<boolean> = isUnknown(configured) ? configured : adminRead;
  if (isUnknown(sinks)) {
    if (dataLogged === true) dataLogged = unknownValue(`the log sinks could not be read, so where Data Access entries go is unknown: ${sinks.reason}`);
  } else {
    let dataKept = false;
    let exported = false;
    const unread = new Set<string>();
    for (const sink of sinks) {
      const name = sink.name ?? '?';
      if (name === REQUIRED_SINK || sink.disabled === true) continue;
      const entries = [...samples.activity, ...samples.dataAccess];
      const verdict = judgeSink(sink, entries);
      for (const u of verdict.unread) unread.add(u);
      const isDefault = name === DEFAULT_SINK;
      for (const { exclusion, dropped } of verdict.excludedBy) {
        const what = dropped.some((d) => samples.activity.some((a) => a.label === d)) && !isDefault ? 'Admin Activity and Data Access entries' : 'Data Access entries';
        gaps.push(`exclusion ${exclusion} on sink ${name} drops Compute Engine snapshot ${what} (${dropped.join(', ')}) bound for ${sink.destination ?? 'its destination'}`);
      }
      if (verdict.excludedBy.length > 0) fixes.push(removeCommand(project, name, verdict.excludedBy.map((e) => e.exclusion)));
      if (verdict.kept.some((e) => samples.dataAccess.includes(e))) dataKept = true;
      if (!isDefault && verdict.kept.some((e) => samples.activity.includes(e))) {
        exported = true;
        sources.push(`sink ${name} copies Compute Engine Admin Activity entries to ${sink.destination ?? 'its destination'}`);
      }
    }
    if (unread.size > 0) gaps.push(`snapaudit could not read ${[...unread].join(', ')}: check that it does not drop Compute Engine audit entries`);
    if (!sinks.some((s) => s.name === DEFAULT_SINK && s.disabled !== true) && adminRead && !dataKept) {
      gaps.push('the _Default sink is disabled or missing and no other sink keeps Compute Engine Data Access entries: they are written and then discarded');
    }
    // An organization's or folder's aggregated sink may copy them; project-level sinks do not show it.
    if (!exported && inputs.parent === undefined) gaps.push('no sink copies Compute Engine Admin Activity entries out of the _Required bucket, so they live 400 days and only in this project (CIS 2.2: a sink for all log entries)');
    if (dataLogged === true && !dataKept) dataLogged = false;
  }
  if (!isUnknown(configured) && !adminRead && inputs.parent === undefined) {
    fixes.push(`gcloud projects get-iam-policy ${project} --format=yaml > policy.yaml, add an auditConfigs entry for ${COMPUTE_SERVICE} with logType ADMIN_READ and DATA_READ, then gcloud projects set-iam-policy ${project} policy.yaml`);
  }
  return {
    provider: 'gcp',
    account: project,
    region: 'global',
    snapshotEventsLogged: true,
    dataEventsLogged: dataLogged,
    sources,
    gaps,
    ...(fixes[0] ? { nextStep: fixes[0] } : {}),
  };
}
