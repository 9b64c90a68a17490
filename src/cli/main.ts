// The command line. Parsing and validation happen before any network call; bad input gets one line
// on stderr and exit code 2. Known errors print their message; anything else is a bug and prints
// a stack trace only with --debug.
import { Command, CommanderError, Option } from 'commander';
import { EXIT, isKnownError, type ExitCode } from '../errors.js';
import { errorLine, redact } from '../redact.js';
import { stripControl, stripControlKeepLines } from '../text.js';
import { toolVersion } from './version.js';

// The commands (and the config schema, checks and report code they pull in) load when one runs:
// `--help` and bad usage pay only for the parser.
const commands = () => import('./commands.js');

function list(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(',').map((v) => v.trim()).filter((v) => v.length > 0)];
}

/** Paths may hold commas: each flag is one path. */
function paths(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

function reportOptions(command: Command): Command {
  return command
    .option('--format <format>', 'table, json, html, csv, sarif, ocsf, checklist, fix-plan (repeatable or comma-separated)', list)
    .option('--output <path>', 'write to this file instead of stdout (with several formats: a base name)')
    .option('--fail-on <severity>', 'exit 1 when a finding at or above this severity is failing or unknown (critical, high, medium, low, info)')
    .option('--baseline <file>', 'a previous JSON report: mark findings new or unchanged and list what was resolved')
    .option('--fail-on-new <severity>', 'with --baseline: exit 1 only for NEW findings at or above this severity')
    .option('--framework <id>', 'add a per-control table for a framework (aws-fsbp, cis-aws[@version], cis-azure, cis-gcp, nist-800-53-r5, mitre-attack, ...; repeatable)', paths)
    .option('--regions <list>', 'comma-separated regions (default: every region enabled for the account)', list)
    .option('--concurrency <n>', 'in-flight calls per account, region and API')
    .option('--debug', 'print stack traces for unexpected errors');
}

export function buildProgram(exit: (code: ExitCode) => void): Command {
  const program = new Command('snapaudit')
    .description('Audit cloud snapshot exposure: who can copy your disks out of the account, and would you see it.')
    .version(toolVersion(), '-v, --version')
    .option('--debug', 'print stack traces for unexpected errors')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ outputError: () => undefined });

  reportOptions(
    program
      .command('scan')
      .description('scan the accounts your credentials reach')
      .addOption(new Option('--provider <list>', 'clouds to scan').default(['aws'], 'aws').argParser(list))
      .option('--profile <name>', 'AWS profile from the shared config files')
      .option('--org', 'scan every active account of the AWS organization (from the management or a delegated administrator account)')
      .option('--assume-role <name>', 'with --org: the role to assume in each member account')
      .option('--external-id <id>', "with --org: the external id the role's trust policy requires")
      .option('--accounts <list>', 'with --org: only these account ids', list)
      .option('--subscriptions <list>', 'Azure: only these subscription ids (default: every one the identity can see)', list)
      .addOption(new Option('--azure-cloud <cloud>', 'Azure: the cloud to reach').choices(['AzureCloud', 'AzureUSGovernment', 'AzureChinaCloud']))
      .option('--projects <list>', 'GCP: only these project ids (default: every active project the identity can search)', list)
      .option('--config <file>', 'config file (JSON): trusted accounts, regions, concurrency, log chain settings')
      .option('--logs <path>', 'audit logs to join with the posture: a file or directory (repeatable)', paths)
      .option('--since <age>', 'pull the audit events of this last period from the clouds (e.g. 7d, 36h; at most 90d) and join them'),
  ).action(async (options) => exit(await (await commands()).scanCommand(options)));

  reportOptions(
    program
      .command('logs')
      .description('correlate audit logs into attack chains: CloudTrail, Azure Activity Log, GCP Cloud Audit Logs')
      .argument('[paths...]', 'log files or directories (gzip, JSON, JSON lines; the format is read from the content)')
      .option('--since <age>', 'instead of files, pull this last period from the clouds (e.g. 7d, 36h; at most 90d)')
      .addOption(new Option('--provider <list>', 'with --since: clouds to pull from').default(['aws'], 'aws').argParser(list))
      .option('--profile <name>', 'AWS profile from the shared config files')
      .option('--subscriptions <list>', 'Azure: only these subscription ids', list)
      .option('--projects <list>', 'GCP: only these project ids', list)
      .option('--config <file>', 'config file (JSON): trusted accounts, chain window, benign callers'),
  ).action(async (pathArgs: string[], options) => exit(await (await commands()).logsCommand(pathArgs, options)));

  reportOptions(
    program
      .command('demo')
      .description('scan the built-in sample estate, served by the local emulator through the real SDK clients')
      .option('--provider <list>', 'clouds to scan (default: aws,azure,gcp)', list)
      .option('--latency <ms>', 'emulated latency per API call')
      .option('--since <age>', 'the period of the sample audit logs to pull and join (default 7d)')
      .option('--no-logs', 'skip the audit logs: posture only (CloudTrail LookupEvents is paced at 2 calls per second per region)'),
  ).action(async (options) => exit(await (await commands()).demoCommand(options)));

  program
    .command('checks')
    .description('list the checks with their metadata')
    .addOption(new Option('--format <format>', 'table or json').choices(['table', 'json']).default('table'))
    .action(async (options: { format: 'table' | 'json' }) => exit(await (await import('./catalog-command.js')).catalogCommand(options)));

  program
    .command('permissions')
    .description('print the read-only policy the auditor needs')
    .requiredOption('--provider <provider>', 'aws, azure or gcp')
    .option('--assume-role <name>', 'aws: include what an organization scan (--org --assume-role NAME) needs in the management account')
    .option('--subscriptions <list>', "azure: the subscriptions the role is assignable in", list)
    .action(async (options: { provider: string; assumeRole?: string; subscriptions?: string[] }) => exit(await (await commands()).permissionsCommand(options)));

  program
    .command('emulator')
    .description('serve an estate on 127.0.0.1 through the real cloud APIs until interrupted')
    .option('--estate <file>', 'estate JSON (default: the demo estate)')
    .option('--port <port>', 'port to listen on (default: a free one)')
    .option('--latency <ms>', 'latency added to every call')
    .option('--rate-limit', 'meter calls with token buckets like the cloud (EC2: 100 burst, 20/s)')
    .option('--page-cap <n>', 'never return more than n items per page')
    .action(async (options) => exit(await (await import('./emulator-command.js')).emulatorCommand(options)));

  return program;
}

/** Runs the CLI and resolves with the exit code; writes errors to stderr, never throws. */
export async function main(argv: readonly string[]): Promise<ExitCode> {
  const debug = argv.includes('--debug');
  let code: ExitCode = EXIT.ok;
  const program = buildProgram((c) => {
    code = c;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return EXIT.ok;
      // No command given: commander has printed the help to stderr; that is incomplete usage.
      if (error.code === 'commander.help') return EXIT.usage;
      process.stderr.write(`snapaudit: ${stripControl(error.message.replace(/^error: /, ''))}\n`);
      return EXIT.usage;
    }
    if (isKnownError(error)) {
      process.stderr.write(`snapaudit: ${stripControl(errorLine(error.message, 1000))}\n`);
      if (debug && error.stack) process.stderr.write(`${stripControlKeepLines(redact(error.stack))}\n`);
      return error.exitCode;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`snapaudit: internal error: ${stripControl(errorLine(message, 1000))}${debug ? '' : ' (run with --debug for details)'}\n`);
    if (debug && error instanceof Error && error.stack) process.stderr.write(`${stripControlKeepLines(redact(error.stack))}\n`);
    return EXIT.internal;
  }
}

