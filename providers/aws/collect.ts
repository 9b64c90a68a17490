// The AWS provider's collection: every account and enabled region the run reads (see accounts.ts),
// each region's EC2, RDS and Backup resources, and beside them who can share or copy snapshots
// (IAM, with the SCPs above the account) and whether it would be seen (CloudTrail), all paced per
// account, region and API.
import { mergeInventories, type AccountInfo, type Inventory } from '../../src/model.js';
import type { CollectContext, ScanScope } from '../../src/provider.js';
import { readAwsAccounts, type AccountVisit } from './accounts.js';
import type { AwsClientFactory } from './clients.js';
import { TrailReader } from './cloudtrail.js';
import { readIdentities } from './identity.js';
import { collectAccountRegion } from './region.js';
import { ScpReader } from './scp.js';

/** Every region of one account, with its identities and trails. */
async function collectAccount(visit: AccountVisit, scope: ScanScope, context: CollectContext, scps: ScpReader): Promise<Inventory> {
  const { factory, target, caller, org, plan, coverage } = visit;
  // Who can do it (IAM, with the SCPs above the account) and would it be seen (CloudTrail), beside the regions.
  const identities = (async () => {
    const inOrganization = org.view !== undefined;
    const scpLevels = inOrganization ? await scps.levelsFor(target.account, coverage) : undefined;
    return readIdentities({
      account: target.account,
      clients: factory,
      coverage,
      trust: scope.trust,
      ...(org.view ? { organization: org.view } : {}),
      ...(scpLevels ? { scpLevels } : {}),
      managementAccount: org.info?.managementAccount === target.account,
    });
  })();
  const trails = new TrailReader({ account: target.account, clients: factory, coverage });
  const audit = Promise.all(plan.regions.map((region) => trails.region(region)));
  const parts = await Promise.all(
    plan.regions.map((region) =>
      collectAccountRegion({
        account: target.account,
        region,
        clients: factory,
        pacer: context.pacer,
        coverage,
        trust: scope.trust,
        ...(org.view ? { organization: org.view } : {}),
        progress: context.progress,
      }),
    ),
  );
  const account: AccountInfo = {
    provider: 'aws',
    id: target.account,
    ...(target.name ? { name: target.name } : {}),
    ...(caller ? { caller } : {}),
    ...(org.info ? { organization: org.info } : {}),
    regions: plan.regions,
  };
  const [identity, auditCoverage] = await Promise.all([identities, audit]);
  return mergeInventories([
    ...parts,
    { accounts: [account], principals: identity.principals, accountSecurity: [identity.security], audit: auditCoverage, coverage: coverage.entries() },
  ]);
}

export async function collectAws(scope: ScanScope, context: CollectContext): Promise<Inventory> {
  // SCPs are read with the caller's credentials: only the management account (or a delegated administrator) may.
  const scps = new Map<AwsClientFactory, ScpReader>();
  const scpsFor = (visit: AccountVisit): ScpReader => {
    let reader = scps.get(visit.callerFactory);
    if (!reader) scps.set(visit.callerFactory, (reader = new ScpReader(visit.callerFactory, visit.home)));
    return reader;
  };
  const parts = await readAwsAccounts<Inventory>(scope, context, {
    read: (visit) => collectAccount(visit, scope, context, scpsFor(visit)),
    gap: (coverage, unreachable) => mergeInventories([{ ...(unreachable ? { accounts: [unreachable] } : {}), coverage }]),
  });
  return mergeInventories(parts);
}
