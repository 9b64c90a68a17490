// What every cloud provider implements. The core knows providers only through this interface and
// loads their modules lazily, so a run pays for the SDKs it uses and no more.
import type { AwsScanOptions, AzureScanOptions, GcpScanOptions } from './config.js';
import type { CoverageEntry, Inventory, ProviderId } from './model.js';
import type { Pacer } from './pacer.js';
import type { TrustResolver } from './trust.js';

export interface PermissionOptions {
  /** The role a cross-account scan assumes in each member account, if any. */
  readonly assumeRole?: string;
  /** Where the permissions are granted (e.g. Azure subscriptions for a role's assignable scopes). */
  readonly scopes?: readonly string[];
}

export interface ProviderPermissions {
  /** Every API action the provider can call, as the cloud's IAM names them. */
  readonly actions: readonly string[];
  /** The policy document (or role definition) granting exactly what a scan with these options calls. */
  document(options?: PermissionOptions): string;
}

export interface ScanScope {
  /** Regions to scan; every enabled region when absent. */
  readonly regions?: readonly string[];
  readonly concurrency: number;
  readonly trust: TrustResolver;
  readonly aws: AwsScanOptions;
  readonly azure: AzureScanOptions;
  readonly gcp: GcpScanOptions;
}

export interface CollectContext {
  readonly pacer: Pacer;
  /** Short human-readable progress notes (shown on a terminal only). */
  readonly progress: (note: string) => void;
}

/** The window of audit events to pull: from `since` up to `until`. */
export interface LogPullRequest {
  readonly since: Date;
  readonly until: Date;
}

/** One audit record as the cloud wrote it; the log parsers turn it into an event. */
export interface RawLogRecord {
  readonly format: 'cloudtrail' | 'azure-activity' | 'gcp-audit';
  /** The cloud's own record (a CloudTrail event, an Activity Log event, a LogEntry), unchanged. */
  readonly record: unknown;
  /** Where it was read, e.g. `aws:111122223333:us-east-1 cloudtrail:LookupEvents`. */
  readonly origin: string;
}

export interface LogPull {
  readonly records: RawLogRecord[];
  /** What was and was not read: a failed read is a `denied` or `error` line, never a silent gap. */
  readonly coverage: CoverageEntry[];
  /** The accounts (subscriptions, projects) read, with the regions read in each. */
  readonly accounts: ReadonlyArray<{ readonly account: string; readonly regions: readonly string[] }>;
}

export interface Provider {
  readonly id: ProviderId;
  readonly permissions: ProviderPermissions;
  /** Never throws for a failed read: failures become `unknown` values and coverage entries. */
  collect(scope: ScanScope, context: CollectContext): Promise<Inventory>;
  /** The control plane's audit events of the window, live from the cloud; same coverage rules as `collect`. */
  pullLogs?(scope: ScanScope, request: LogPullRequest, context: CollectContext): Promise<LogPull>;
}
