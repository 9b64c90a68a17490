// One AWS account: who we are (STS), which regions to read (DescribeRegions unless given), then
// every region at once, each paced on its own buckets.
import { DescribeRegionsCommand, type Region } from '@aws-sdk/client-ec2';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { AWS_REGION_PATTERN } from '../../src/config.js';
import { CoverageRecorder } from '../../src/coverage.js';
import { UsageError } from '../../src/errors.js';
import { emptyInventory, mergeInventories, type Inventory } from '../../src/model.js';
import type { CollectContext, ScanScope } from '../../src/provider.js';
import { createClientFactory, type AwsClientFactory } from './clients.js';
import { collectEc2Region } from './ec2-region.js';
import { classifyAwsError } from './errors.js';

const FALLBACK_REGION = 'us-east-1';

/**
 * The region for account-wide calls (identity, the region list): the one the environment or profile
 * configures, else the first one asked for, else us-east-1. A requested region is not preferred,
 * because it may be one AWS does not offer.
 */
async function homeRegion(factory: AwsClientFactory, scope: ScanScope): Promise<string> {
  try {
    return await factory.sts(undefined).config.region();
  } catch {
    return scope.regions?.[0] ?? FALLBACK_REGION;
  }
}

interface RegionPlan {
  readonly regions: readonly string[];
  readonly skipped: ReadonlyArray<{ region: string; why: string }>;
}

async function planRegions(
  factory: AwsClientFactory,
  scope: ScanScope,
  account: string,
  home: string,
  coverage: CoverageRecorder,
): Promise<RegionPlan> {
  const requested = scope.regions;
  let listed: Region[] | undefined;
  try {
    const out = await factory.ec2(home, account).send(new DescribeRegionsCommand({ AllRegions: requested !== undefined }));
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

export async function collectAws(scope: ScanScope, context: CollectContext): Promise<Inventory> {
  for (const region of scope.regions ?? []) {
    if (!AWS_REGION_PATTERN.test(region)) throw new UsageError(`"${region}" is not an AWS region name`);
  }
  const factory = createClientFactory(scope.aws, context.pacer);
  try {
    return await collectAccount(factory, scope, context);
  } finally {
    factory.destroy();
  }
}

async function collectAccount(factory: AwsClientFactory, scope: ScanScope, context: CollectContext): Promise<Inventory> {
  const home = await homeRegion(factory, scope);
  let account: string;
  let caller: string | undefined;
  try {
    const identity = await factory.sts(home).send(new GetCallerIdentityCommand({}));
    account = identity.Account ?? '';
    caller = identity.Arn;
    if (!account) throw new Error('GetCallerIdentity returned no account id');
  } catch (error) {
    const failure = classifyAwsError(error);
    const coverage = new CoverageRecorder('aws', 'unknown');
    coverage.gap(home, 'sts', failure.status, 'sts:GetCallerIdentity', `could not establish the account: ${failure.detail}`);
    return { ...emptyInventory(), coverage: coverage.entries() };
  }
  context.progress(`aws ${account}: listing regions`);
  const coverage = new CoverageRecorder('aws', account);
  const plan = await planRegions(factory, scope, account, home, coverage);
  for (const { region, why } of plan.skipped) coverage.gap(region, 'ec2', 'skipped', 'ec2:DescribeRegions', why);
  const parts = await Promise.all(
    plan.regions.map((region) =>
      collectEc2Region({
        account,
        region,
        client: factory.ec2(region, account),
        pacer: context.pacer,
        coverage,
        trust: scope.trust,
        progress: context.progress,
      }),
    ),
  );
  const merged = mergeInventories(parts);
  return {
    ...merged,
    accounts: [{ provider: 'aws', id: account, ...(caller ? { caller } : {}), regions: plan.regions }],
    coverage: coverage.entries(),
  };
}
