// What each command does once its arguments are parsed. Every value is validated before the
// first network call, so bad input never leaves a half-done scan behind.
import { AWS_REGION_PATTERN, GCP_PROJECT_PATTERN, isSubscriptionId, loadConfig, parseConfig, suppressionsOf, trustedAccountsOf, type AwsScanOptions, type AzureCloud, type AzureScanOptions, type Config, type GcpScanOptions } from '../config.js';
import { computeEndpoint, iamRoot, loggingRoot, resourceManagerEndpoint } from '../../providers/gcp/endpoints.js';
import { atOrAbove, SEVERITIES, type Severity } from '../checks/define-check.js';
import { EXIT, UsageError, type ExitCode } from '../errors.js';
import { PROVIDER_IDS, type ProviderId } from '../model.js';
import type { Provider, ScanScope } from '../provider.js';
import { availableProviders, loadProvider } from '../providers.js';
import type { Report } from '../report.js';
import { scan, type LogRequest, type ReportExtras } from '../scan.js';
import { logRequestOf, parseSince } from './log-options.js';
import { exitCodeForNew, readBaseline } from '../baseline.js';
import { parseFrameworkId } from '../frameworks/index.js';
import { createTrustResolver } from '../trust.js';
import { isFormat, FORMATS, type Format } from '../../reports/index.js';
import { checkWritable, emitReports, progressReporter } from './output.js';
import { toolVersion } from './version.js';

interface ReportFlags {
  readonly format?: string[];
  readonly output?: string;
  readonly failOn?: string;
  readonly baseline?: string;
  readonly failOnNew?: string;
  readonly framework?: string[];
  readonly regions?: string[];
  readonly concurrency?: string;
}

interface ScanFlags extends ReportFlags {
  readonly provider: string[];
  readonly profile?: string;
  readonly config?: string;
  readonly org?: boolean;
  readonly assumeRole?: string;
  readonly externalId?: string;
  readonly accounts?: string[];
  readonly subscriptions?: string[];
  readonly azureCloud?: AzureCloud;
  readonly projects?: string[];
  readonly logs?: string[];
  readonly since?: string;
}

interface DemoFlags extends ReportFlags {
  readonly latency?: string;
  readonly provider?: string[];
  readonly since?: string;
  /** False with --no-logs. */
  readonly logs?: boolean;
}

function parseFormats(values: readonly string[] | undefined): Format[] {
  const formats = values && values.length > 0 ? values : ['table'];
  for (const f of formats) if (!isFormat(f)) throw new UsageError(`unknown --format "${f}" (choose from ${FORMATS.join(', ')})`);
  return [...new Set(formats)] as Format[];
}

function parseFailOn(value: string | undefined, flag = '--fail-on'): Severity | undefined {
  if (value === undefined) return undefined;
  if (!(SEVERITIES as readonly string[]).includes(value)) throw new UsageError(`unknown ${flag} "${value}" (choose from ${SEVERITIES.join(', ')})`);
  return value as Severity;
}

export function parseInteger(flag: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`${flag} must be a whole number from ${min} to ${max}, got "${value}"`);
  return n;
}

function parseRegions(values: readonly string[] | undefined, config: Config): readonly string[] | undefined {
  const regions = values ?? config.regions;
  for (const r of regions ?? []) if (!AWS_REGION_PATTERN.test(r)) throw new UsageError(`unknown region "${r}"`);
  return regions ? [...new Set(regions)] : undefined;
}

async function parseProviders(values: readonly string[]): Promise<Provider[]> {
  const ids = [...new Set(values)];
  const providers: Provider[] = [];
  for (const id of ids) {
    if (!(PROVIDER_IDS as readonly string[]).includes(id)) throw new UsageError(`unknown --provider "${id}" (choose from ${PROVIDER_IDS.join(', ')})`);
    const provider = await loadProvider(id as ProviderId);
    if (!provider) throw new UsageError(`provider "${id}" is not available in this version (available: ${availableProviders().join(', ')})`);
    providers.push(provider);
  }
  if (providers.length === 0) throw new UsageError('--provider needs at least one cloud');
  return providers;
}


/**
 * Failing and unknown findings both trip the gate: a result we could not verify is not a pass.
 * `--fail-on-new` trips only on findings the baseline did not have; either gate is enough.
 */
export function exitCodeFor(report: Report, failOn: Severity | undefined, failOnNew?: Severity): ExitCode {
  const tripped = failOn !== undefined && report.findings.some((f) => f.status !== 'suppressed' && atOrAbove(f.severity, failOn));
  if (tripped) return EXIT.findings;
  if (failOnNew === undefined) return EXIT.ok;
  return exitCodeForNew(report.findings.map((f) => ({ severity: f.severity, status: f.status, baseline: f.baseline ?? 'new' })), failOnNew);
}

interface PreparedRun {
  readonly formats: Format[];
  readonly failOn: Severity | undefined;
  readonly failOnNew: Severity | undefined;
  readonly output: string | undefined;
  readonly scope: ScanScope;
  readonly extras: ReportExtras;
}

/** Every flag checked, the baseline read and the scope built, before anything touches the network. */
async function prepare(flags: ReportFlags, config: Config): Promise<PreparedRun> {
  const formats = parseFormats(flags.format);
  const failOnNew = parseFailOn(flags.failOnNew, '--fail-on-new');
  if (failOnNew && !flags.baseline) throw new UsageError('--fail-on-new needs --baseline PREVIOUS.json (new is measured against it)');
  const frameworks = [...new Set(flags.framework ?? [])].map(parseFrameworkId);
  const suppressions = suppressionsOf(config);
  const baseline = flags.baseline ? await readBaseline(flags.baseline) : undefined;
  const extras: ReportExtras = {
    ...(suppressions.length > 0 ? { suppressions } : {}),
    ...(baseline ? { baseline } : {}),
    ...(frameworks.length > 0 ? { frameworks } : {}),
  };
  if (formats.length > 1 && flags.output === undefined) throw new UsageError('several --format values need --output DIR (each format is written to DIR/snapaudit.<ext>) or --output BASE (BASE.<ext>)');
  const failOn = parseFailOn(flags.failOn);
  const concurrency = parseInteger('--concurrency', flags.concurrency, 1, 256) ?? config.concurrency;
  const regions = parseRegions(flags.regions, config);
  const scope: ScanScope = {
    ...(regions ? { regions } : {}),
    concurrency,
    trust: createTrustResolver(trustedAccountsOf(config)),
    aws: config.aws,
    azure: config.azure,
    gcp: config.gcp,
  };
  return { formats, failOn, failOnNew, output: flags.output, scope, extras };
}

function withAws(run: PreparedRun, aws: Partial<AwsScanOptions>): PreparedRun {
  return { ...run, scope: { ...run.scope, aws: { ...run.scope.aws, ...aws } } };
}

function withAzure(run: PreparedRun, azure: Partial<AzureScanOptions>): PreparedRun {
  return { ...run, scope: { ...run.scope, azure: { ...run.scope.azure, ...azure } } };
}

function withGcp(run: PreparedRun, gcp: Partial<GcpScanOptions>, providers: readonly Provider[]): PreparedRun {
  const scope = { ...run.scope, gcp: { ...run.scope.gcp, ...gcp } };
  if (providers.some((p) => p.id === 'gcp')) {
    // Endpoint settings (options or gcloud's override variables) are input: checked before any call.
    computeEndpoint(scope.gcp);
    resourceManagerEndpoint(scope.gcp);
    iamRoot(scope.gcp);
    loggingRoot(scope.gcp);
  }
  return { ...run, scope };
}

async function runScan(providers: Provider[], run: PreparedRun, logs?: LogRequest): Promise<ExitCode> {
  const progress = progressReporter();
  try {
    const outcome = await scan({ providers, scope: run.scope, version: toolVersion(), progress: progress.note, extras: run.extras, ...(logs ? { logs } : {}) });
    progress.done();
    await emitReports(outcome.report, run.formats, run.output);
    return exitCodeFor(outcome.report, run.failOn, run.failOnNew);
  } finally {
    progress.done();
  }
}

/** `--org` and its companions, checked together; the config can supply the role and external id. */
function organizationOptions(flags: ScanFlags, config: Config): Partial<AwsScanOptions> {
  const assumeRole = flags.assumeRole ?? config.aws.assumeRole;
  const externalId = flags.externalId ?? config.aws.externalId;
  if (!flags.org) {
    if (flags.accounts) throw new UsageError('--accounts needs --org');
    if (flags.assumeRole || flags.externalId) throw new UsageError('--assume-role and --external-id need --org');
    return {};
  }
  if (!assumeRole) throw new UsageError('--org needs --assume-role NAME (the role to assume in each member account)');
  if (!/^[\w+=,.@/-]{1,64}$/.test(assumeRole)) throw new UsageError(`--assume-role: "${assumeRole}" is not an IAM role name`);
  for (const id of flags.accounts ?? []) if (!/^\d{12}$/.test(id)) throw new UsageError(`--accounts: "${id}" is not a 12-digit AWS account id`);
  return {
    organization: {
      assumeRole,
      ...(externalId ? { externalId } : {}),
      ...(flags.accounts ? { accounts: [...new Set(flags.accounts)] } : {}),
    },
  };
}

/** `--subscriptions` and `--azure-cloud`, which only mean something when Azure is scanned. */
function azureOptions(flags: ScanFlags, providers: readonly Provider[]): Partial<AzureScanOptions> {
  const scansAzure = providers.some((p) => p.id === 'azure');
  if (!scansAzure && (flags.subscriptions || flags.azureCloud)) throw new UsageError('--subscriptions and --azure-cloud need --provider azure');
  for (const id of flags.subscriptions ?? []) if (!isSubscriptionId(id)) throw new UsageError(`--subscriptions: "${id}" is not a subscription id (a GUID)`);
  return { ...(flags.subscriptions ? { subscriptions: [...new Set(flags.subscriptions)] } : {}), ...(flags.azureCloud ? { cloud: flags.azureCloud } : {}) };
}

/** `--projects`, which only means something when GCP is scanned. */
function gcpOptions(flags: ScanFlags, providers: readonly Provider[]): Partial<GcpScanOptions> {
  if (!flags.projects) return {};
  if (!providers.some((p) => p.id === 'gcp')) throw new UsageError('--projects needs --provider gcp');
  for (const id of flags.projects) if (!GCP_PROJECT_PATTERN.test(id)) throw new UsageError(`--projects: "${id}" is not a GCP project id (6 to 30 lower-case letters, digits and dashes)`);
  return { projects: [...new Set(flags.projects)] };
}

export async function scanCommand(flags: ScanFlags): Promise<ExitCode> {
  const config = await loadConfig(flags.config);
  const providers = await parseProviders(flags.provider);
  const base = withAws(await prepare(flags, config), { ...(flags.profile ? { profile: flags.profile } : {}), ...organizationOptions(flags, config) });
  const run = withGcp(withAzure(base, azureOptions(flags, providers)), gcpOptions(flags, providers), providers);
  const logs = await logRequestOf(flags.logs, flags.since, config, new Date());
  await checkWritable(run.formats, run.output);
  return runScan(providers, run, logs);
}

interface LogsFlags extends ReportFlags {
  readonly since?: string;
  readonly provider: string[];
  readonly profile?: string;
  readonly subscriptions?: string[];
  readonly projects?: string[];
  readonly config?: string;
}

/** Audit logs alone: chains without the posture (`scan --logs` joins the two). */
export async function logsCommand(files: readonly string[], flags: LogsFlags): Promise<ExitCode> {
  const config = await loadConfig(flags.config);
  const now = new Date();
  if (files.length === 0 && flags.since === undefined) throw new UsageError('logs needs FILE|DIR... to read, or --since PERIOD to pull from the clouds');
  const providers = flags.since !== undefined ? await parseProviders(flags.provider) : [];
  const base = withAws(await prepare(flags, config), flags.profile ? { profile: flags.profile } : {});
  const scanFlags = { ...flags, ...(flags.since === undefined ? { subscriptions: undefined, projects: undefined } : {}) } as ScanFlags;
  if (flags.since === undefined && (flags.subscriptions || flags.projects)) throw new UsageError('--subscriptions and --projects need --since (files say which account they are from)');
  const run = withGcp(withAzure(base, azureOptions(scanFlags, providers)), gcpOptions(scanFlags, providers), providers);
  const logs = (await logRequestOf(files, flags.since, config, now)) as LogRequest;
  await checkWritable(run.formats, run.output);
  return runLogs(providers, run, logs, now);
}

async function runLogs(providers: readonly Provider[], run: PreparedRun, logs: LogRequest, now: Date): Promise<ExitCode> {
  const progress = progressReporter();
  try {
    const [{ collectChains }, { Pacer }, { buildReport }, { mergeInventories }] = await Promise.all([
      import('../logs/scan-logs.js'),
      import('../pacer.js'),
      import('../report.js'),
      import('../model.js'),
    ]);
    const pacer = new Pacer({ concurrency: run.scope.concurrency });
    const { chains, coverage } = await collectChains({ providers, scope: run.scope, logs, context: { pacer, progress: progress.note }, now });
    progress.done();
    const seen = [...new Set(chains.results.map((r) => r.resource.provider))];
    const ids = providers.length > 0 ? providers.map((p) => p.id) : seen.length > 0 ? seen : [...PROVIDER_IDS];
    const report = buildReport({ version: toolVersion(), generatedAt: now, providers: ids, checks: [], inventory: mergeInventories([{ coverage }]), results: [], failures: [], chains, ...run.extras });
    await emitReports(report, run.formats, run.output);
    return exitCodeFor(report, run.failOn, run.failOnNew);
  } finally {
    progress.done();
  }
}

/** The token the demo hands the emulator; it opens nothing anywhere else. */
const DEMO_AZURE_TOKEN = 'snapaudit-demo-token';

export async function demoCommand(flags: DemoFlags): Promise<ExitCode> {
  const latencyMs = parseInteger('--latency', flags.latency, 0, 10_000);
  if (flags.logs === false && flags.since !== undefined) throw new UsageError('--since and --no-logs contradict each other');
  const [{ startEmulator }, { DEMO_AUDIT_ROLE, DEMO_AZURE_PRINCIPAL, DEMO_CONFIG, DEMO_CREDENTIALS, DEMO_ESTATE, DEMO_GCP_TOKEN }] = await Promise.all([
    import('../emulator/index.js'),
    import('../emulator/demo-estate.js'),
  ]);
  const demoConfig = parseConfig(DEMO_CONFIG, 'built-in demo config');
  const run = await prepare(flags, demoConfig);
  // The demo estate carries a few days of audit events with one attack chain per cloud.
  const logs =
    flags.logs === false ? undefined : { options: demoConfig.logs, internalDomains: demoConfig.gcp.internalDomains, since: parseSince(flags.since ?? '7d', new Date()) };
  const providers = await parseProviders(flags.provider ?? [...PROVIDER_IDS]);
  await checkWritable(run.formats, run.output);
  const emulator = await startEmulator({
    estate: DEMO_ESTATE,
    azureStaticTokens: { [DEMO_AZURE_TOKEN]: DEMO_AZURE_PRINCIPAL.clientId },
    ...(latencyMs !== undefined ? { latencyMs } : {}),
  });
  try {
    // The demo is an organization scan from the management account, as a real one would be.
    const aws = { endpoint: emulator.url, credentials: DEMO_CREDENTIALS, organization: { assumeRole: DEMO_AUDIT_ROLE } };
    const azure = {
      ...(emulator.azureUrl ? { resourceManagerUrl: emulator.azureUrl } : {}),
      ...(emulator.caCert ? { trustedCa: emulator.caCert } : {}),
      credential: { getToken: async () => ({ token: DEMO_AZURE_TOKEN, expiresOnTimestamp: Date.now() + 3_600_000 }) },
    };
    const gcp = { ...(emulator.gcpUrl ? { computeUrl: emulator.gcpUrl, resourceManagerUrl: emulator.gcpUrl } : {}), accessToken: DEMO_GCP_TOKEN };
    return await runScan(providers, withGcp(withAzure(withAws(run, aws), azure), gcp, providers), logs);
  } finally {
    await emulator.close();
  }
}

export async function permissionsCommand(flags: { provider: string; assumeRole?: string; subscriptions?: string[] }): Promise<ExitCode> {
  const [provider] = await parseProviders([flags.provider]);
  for (const id of flags.subscriptions ?? []) if (!isSubscriptionId(id)) throw new UsageError(`--subscriptions: "${id}" is not a subscription id (a GUID)`);
  process.stdout.write(provider!.permissions.document({ ...(flags.assumeRole ? { assumeRole: flags.assumeRole } : {}), ...(flags.subscriptions ? { scopes: flags.subscriptions } : {}) }));
  return EXIT.ok;
}
