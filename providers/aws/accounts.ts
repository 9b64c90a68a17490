// Which AWS accounts and regions a run reads, shared by the scan and the log pull: who we are
// (STS), our organization, the accounts (the caller's, or with --org every active member through an
// assumed role, with a bound on accounts read at once), and the enabled regions of each. A role that
// cannot be assumed, or an identity that cannot be established, is a coverage line, not a stop.
import { DescribeRegionsCommand, type Region } from '@aws-sdk/client-ec2';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import pLimit from 'p-limit';
import { AWS_REGION_PATTERN } from '../../src/config.js';
import { CoverageRecorder } from '../../src/coverage.js';
import { UsageError } from '../../src/errors.js';
import { isUnknown, type AccountInfo, type CoverageEntry } from '../../src/model.js';
import type { CollectContext, ScanScope } from '../../src/provider.js';
import { createClientFactory, type AwsClientFactory } from './clients.js';
import { classifyAwsError } from './errors.js';
import { readOrganization, type OrganizationRead } from './organization.js';

const FALLBACK_REGION = 'us-east-1';

/**
 * The region for account-wide calls (identity, the region list, the organization): the one the
 * environment or profile configures, else the first one asked for, else us-east-1. A requested
 * region is not preferred, because it may be one AWS does not offer.
 */
async function homeRegion(factory: AwsClientFactory, scope: ScanScope): Promise<string> {
  try {
    return await factory.sts(undefined).config.region();
  } catch {
    return scope.regions?.[0] ?? FALLBACK_REGION;
  }
}

export interface RegionPlan {
  readonly regions: readonly string[];
  readonly skipped: ReadonlyArray<{ region: string; why: string }>;
}

async function planRegions(factory: AwsClientFactory, scope: ScanScope, account: string, home: string, coverage: CoverageRecorder): Promise<RegionPlan> {
  const requested = scope.regions;
  let listed: Region[] | undefined;
  try {
    const out = await factory.ec2(home).send(new DescribeRegionsCommand({ AllRegions: requested !== undefined }));
    listed = out.Regions ?? [];
  } catch (error) {
    const failure = classifyAwsError(error);
    coverage.gap(home, 'ec2', failure.status, 'ec2:DescribeRegions', failure.detail);
  }
  if (requested) {
    if (!listed) return { regions: requested, skipped: [] };
    const byName = new Map(listed.map((r) => [r.RegionName ?? '', r]));
    const unknownRegion = requested.find((r) => !byName.has(r));
    if (unknownRegion) throw new UsageError(`unknown AWS region "${unknownRegion}" (not offered to account ${account})`);
    const enabled = requested.filter((r) => byName.get(r)?.OptInStatus !== 'not-opted-in');
    const skipped = requested.filter((r) => !enabled.includes(r)).map((region) => ({ region, why: 'the region is not enabled for this account (opt-in required)' }));
    return { regions: enabled, skipped };
  }
  if (!listed) {
    coverage.gap(home, 'ec2', 'error', 'ec2:DescribeRegions', `the enabled regions could not be listed; only ${home} was scanned`);
    return { regions: [home], skipped: [] };
  }
  return { regions: listed.flatMap((r) => (r.RegionName ? [r.RegionName] : [])).sort(), skipped: [] };
}

export interface Target {
  readonly account: string;
  readonly name?: string;
  /** The caller's own account is read with the caller's credentials; the others through a role. */
  readonly roleArn?: string;
}

/** One reachable account, its regions planned: what a reader of the account gets. */
export interface AccountVisit {
  /** Clients acting in the account (the caller's own, or through its role). */
  readonly factory: AwsClientFactory;
  /** Clients acting as the caller, in the caller's account (the organization's APIs). */
  readonly callerFactory: AwsClientFactory;
  readonly target: Target;
  /** The identity in the account, when known. */
  readonly caller: string | undefined;
  readonly org: OrganizationRead;
  readonly home: string;
  readonly plan: RegionPlan;
  /** The account's coverage: the region plan's gaps are in it already. */
  readonly coverage: CoverageRecorder;
}

export interface AccountReader<T> {
  /** Reads one reachable account. */
  read(visit: AccountVisit): Promise<T>;
  /** A part holding only coverage (and the unreachable account, when one could not be entered). */
  gap(coverage: CoverageEntry[], unreachable?: AccountInfo): T;
}

/** The accounts to read: the caller's alone, or (with --org) every active member, optionally narrowed. */
function targetsOf(scope: ScanScope, callerAccount: string, callerArn: string, org: OrganizationRead, coverage: CoverageRecorder): Target[] {
  const options = scope.aws.organization;
  if (!options) return [{ account: callerAccount }];
  if (isUnknown(org.accounts) || org.accounts.length === 0) {
    coverage.gap('global', 'organizations', 'error', 'organizations:ListAccounts', "the organization's accounts could not be listed; only the caller's account was scanned");
    return [{ account: callerAccount }];
  }
  const partition = /^arn:([^:]+):/.exec(callerArn)?.[1] ?? 'aws';
  const wanted = options.accounts ? new Set(options.accounts) : undefined;
  const known = new Set(org.accounts.map((a) => a.id));
  for (const id of wanted ?? []) {
    if (!known.has(id)) throw new UsageError(`--accounts: ${id} is not an account of the organization`);
  }
  const targets: Target[] = [];
  for (const member of org.accounts) {
    if (wanted && !wanted.has(member.id)) continue;
    if (member.state !== 'ACTIVE') {
      coverage.gap('global', 'organizations', 'skipped', 'organizations:ListAccounts', `account ${member.id} is ${member.state}`, member.id);
      continue;
    }
    targets.push({
      account: member.id,
      ...(member.name ? { name: member.name } : {}),
      ...(member.id === callerAccount ? {} : { roleArn: `arn:${partition}:iam::${member.id}:role/${options.assumeRole}` }),
    });
  }
  return targets;
}

interface Shared {
  readonly callerFactory: AwsClientFactory;
  readonly org: OrganizationRead;
  readonly home: string;
}

async function visitAccount<T>(factory: AwsClientFactory, target: Target, caller: string | undefined, shared: Shared, scope: ScanScope, context: CollectContext, reader: AccountReader<T>): Promise<T> {
  const coverage = new CoverageRecorder('aws', target.account);
  context.progress(`aws ${target.account}: listing regions`);
  const plan = await planRegions(factory, scope, target.account, shared.home, coverage);
  for (const { region, why } of plan.skipped) coverage.gap(region, 'ec2', 'skipped', 'ec2:DescribeRegions', why);
  return reader.read({ factory, callerFactory: shared.callerFactory, target, caller, org: shared.org, home: shared.home, plan, coverage });
}

/** A member account through its role; a role that cannot be assumed is a coverage line. */
async function visitMember<T>(target: Target & { roleArn: string }, shared: Shared, scope: ScanScope, context: CollectContext, reader: AccountReader<T>): Promise<T> {
  const options = scope.aws.organization;
  const credentials = shared.callerFactory.assumeRole(shared.home, { roleArn: target.roleArn, ...(options?.externalId ? { externalId: options.externalId } : {}) });
  const factory = createClientFactory(scope.aws, context.pacer, target.account, credentials);
  try {
    let caller: string | undefined;
    try {
      caller = (await factory.sts(shared.home).send(new GetCallerIdentityCommand({}))).Arn;
    } catch (error) {
      const failure = classifyAwsError(error);
      const coverage = new CoverageRecorder('aws', target.account);
      const why = `could not assume ${target.roleArn}: ${failure.detail}`;
      coverage.gap('global', 'sts', failure.status, 'sts:AssumeRole', why);
      return reader.gap(coverage.entries(), { provider: 'aws', id: target.account, ...(target.name ? { name: target.name } : {}), regions: [], unreachable: why });
    }
    return await visitAccount(factory, target, caller, shared, scope, context, reader);
  } finally {
    factory.destroy();
  }
}

/** Runs `reader` over every account the scope names; the parts come back with one for the run's own coverage last. */
export async function readAwsAccounts<T>(scope: ScanScope, context: CollectContext, reader: AccountReader<T>): Promise<T[]> {
  for (const region of scope.regions ?? []) {
    if (!AWS_REGION_PATTERN.test(region)) throw new UsageError(`"${region}" is not an AWS region name`);
  }
  const bootstrap = createClientFactory(scope.aws, context.pacer, 'caller');
  try {
    const home = await homeRegion(bootstrap, scope);
    let callerAccount: string;
    let callerArn: string;
    try {
      const identity = await bootstrap.sts(home).send(new GetCallerIdentityCommand({}));
      callerAccount = identity.Account ?? '';
      callerArn = identity.Arn ?? '';
      if (!callerAccount) throw new Error('GetCallerIdentity returned no account id');
    } catch (error) {
      const failure = classifyAwsError(error);
      const coverage = new CoverageRecorder('aws', 'unknown');
      coverage.gap(home, 'sts', failure.status, 'sts:GetCallerIdentity', `could not establish the account: ${failure.detail}`);
      return [reader.gap(coverage.entries())];
    }
    // The caller's account gets its own factory so its pacing keys carry its id.
    const factory = createClientFactory(scope.aws, context.pacer, callerAccount, bootstrap.credentials);
    try {
      const orgCoverage = new CoverageRecorder('aws', callerAccount);
      const org = await readOrganization(factory, home, orgCoverage);
      const targets = targetsOf(scope, callerAccount, callerArn, org, orgCoverage);
      const shared: Shared = { callerFactory: factory, org, home };
      const limit = pLimit(scope.aws.accountConcurrency);
      const parts = await Promise.all(
        targets.map((target) =>
          limit(() =>
            target.roleArn
              ? visitMember({ ...target, roleArn: target.roleArn }, shared, scope, context, reader)
              : visitAccount(factory, target, callerArn, shared, scope, context, reader),
          ),
        ),
      );
      return [...parts, reader.gap(orgCoverage.entries())];
    } finally {
      factory.destroy();
    }
  } finally {
    bootstrap.destroy();
  }
}
