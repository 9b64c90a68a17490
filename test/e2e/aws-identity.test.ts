// Who can do it and would it be seen, on AWS, end to end: IAM (authorization details, the
// credential report, password policy, account summary), SCPs through Organizations and CloudTrail,
// through the real SDK clients against the emulator serving the demo organization.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CHECKS } from '../../src/checks/index.js';
import { parseConfig, trustedAccountsOf } from '../../src/config.js';
import { DEMO_ACCOUNT, DEMO_ANALYTICS_ACCOUNT, DEMO_AUDIT_ROLE, DEMO_CONFIG, DEMO_CREDENTIALS, DEMO_DATA_ACCOUNT, DEMO_ESTATE } from '../../src/emulator/demo-estate.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { isUnknown, type Inventory, type Principal } from '../../src/model.js';
import { Pacer } from '../../src/pacer.js';
import type { ScanScope } from '../../src/provider.js';
import { reportFor } from '../../src/scan.js';
import { createTrustResolver } from '../../src/trust.js';
import { awsProvider } from '../../providers/aws/index.js';
import { AWS_ACTIONS } from '../../providers/aws/permissions.js';

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ estate: DEMO_ESTATE });
});
afterAll(async () => {
  await emulator.close();
});
afterEach(() => {
  emulator.configure({ faults: [] });
  emulator.resetCalls();
});

function scope(organization = true): ScanScope {
  const config = parseConfig(DEMO_CONFIG, 'demo');
  return {
    concurrency: 8,
    azure: config.azure,
    gcp: config.gcp,
    trust: createTrustResolver(trustedAccountsOf(config)),
    aws: { maxAttempts: 3, requestTimeoutMs: 5_000, rateShare: 1, accountConcurrency: 3, endpoint: emulator.url, credentials: DEMO_CREDENTIALS, ...(organization ? { organization: { assumeRole: DEMO_AUDIT_ROLE } } : {}) },
  };
}

async function collect(s: ScanScope = scope()): Promise<{ inventory: Inventory; pacer: Pacer }> {
  const pacer = new Pacer({ concurrency: s.concurrency });
  return { inventory: await awsProvider.collect(s, { pacer, progress: () => undefined }), pacer };
}

const principal = (inventory: Inventory, account: string, name: string): Principal => {
  const found = inventory.principals.find((p) => p.account === account && p.name === name);
  if (!found) throw new Error(`${name} not collected in ${account}`);
  return found;
};

const report = (inventory: Inventory) => reportFor(inventory, { version: 'test', checks: CHECKS, scope: scope() }, ['aws']);

describe('AWS identity and audit against the emulator', () => {
  it('reads every identity with its MFA, last use, trust and evaluated capabilities, SCPs honoured', async () => {
    const { inventory } = await collect();
    const jdoe = principal(inventory, DEMO_ACCOUNT, 'jdoe');
    expect(jdoe).toMatchObject({ kind: 'user', interactive: true, mfa: false });
    expect(isUnknown(jdoe.capabilities) ? [] : jdoe.capabilities.map((g) => g.capability)).toEqual(expect.arrayContaining(['share', 'export']));
    const bot = principal(inventory, DEMO_ACCOUNT, 'legacy-backup-bot');
    expect(typeof bot.lastUsed === 'string' && Date.now() - Date.parse(bot.lastUsed) > 100 * 86_400_000).toBe(true);
    const admin = principal(inventory, DEMO_ACCOUNT, 'CrossAccountAdmin');
    expect(admin.privileged).toBe(true);
    expect(admin.assumableBy).toEqual([expect.objectContaining({ trust: 'trusted' })]);
    // The Production unit's SCP denies sharing: etl-runner's policy allows it, the organization does not.
    const etl = principal(inventory, DEMO_DATA_ACCOUNT, 'etl-runner');
    expect(isUnknown(etl.capabilities) ? 'unknown' : etl.capabilities.filter((g) => g.capability === 'share' && g.resources.includes('*') && g.conditions.length === 0)).toEqual([]);
    expect(inventory.accountSecurity.map((s) => [s.account, s.rootMfa])).toEqual([
      [DEMO_ACCOUNT, true],
      [DEMO_DATA_ACCOUNT, false],
      [DEMO_ANALYTICS_ACCOUNT, true],
    ]);
    expect(inventory.coverage.filter((c) => c.status !== 'ok' && c.account !== '555566667777')).toEqual([]);
  });

  it('finds the region no trail records, and the checks and the scores say so', async () => {
    const { inventory } = await collect();
    const analytics = inventory.audit.filter((a) => a.account === DEMO_ANALYTICS_ACCOUNT);
    expect(analytics.map((a) => [a.region, a.snapshotEventsLogged])).toEqual([
      ['eu-west-1', false],
      ['us-east-1', true],
    ]);
    const r = report(inventory);
    const trail = r.findings.filter((f) => f.checkId === 'aws-trail-snapshot-events-unlogged');
    expect(trail.map((f) => [f.resource.account, f.resource.region])).toEqual([[DEMO_ANALYTICS_ACCOUNT, 'eu-west-1']]);
    // Each finding carries the Audit factor of its own region: unlogged in eu-west-1, logged in us-east-1.
    const factorsIn = (region: string) => r.findings.filter((f) => f.resource.account === DEMO_ANALYTICS_ACCOUNT && f.resource.region === region).flatMap((f) => f.reasons.map((x) => x.factor).filter((x) => x.startsWith('audit.')));
    expect(new Set(factorsIn('eu-west-1'))).toEqual(new Set(['audit.unlogged']));
    expect(new Set(factorsIn('us-east-1'))).toEqual(new Set(['audit.logged']));
    const ids = (check: string) => r.findings.filter((f) => f.checkId === check).map((f) => f.resource.name);
    expect(ids('aws-iam-privileged-no-mfa')).toEqual(['jdoe']);
    expect(ids('aws-iam-dormant-privileged')).toEqual(['legacy-backup-bot']);
    expect(ids('aws-root-no-mfa').length).toBe(1);
    expect(r.summary.posture.find((p) => p.account === DEMO_ANALYTICS_ACCOUNT)?.audit.status).toBe('gaps');
  });

  it('turns denied identity reads into unknown plus coverage: the check is unknown and the score says the UAM factor is unknown', async () => {
    emulator.configure({ faults: [{ service: 'iam', action: 'GetAccountAuthorizationDetails', kind: 'access-denied' }] });
    const { inventory } = await collect(scope(false));
    const security = inventory.accountSecurity.find((s) => s.account === DEMO_ACCOUNT);
    expect(isUnknown(security?.identities)).toBe(true);
    expect(inventory.principals).toEqual([]);
    expect(inventory.coverage).toContainEqual(expect.objectContaining({ status: 'denied', action: 'iam:GetAccountAuthorizationDetails', account: DEMO_ACCOUNT }));
    const r = report(inventory);
    expect(r.findings.filter((f) => f.checkId === 'aws-iam-snapshot-sharing-broad').map((f) => f.status)).toEqual(['unknown']);
    const snapshotFinding = r.findings.find((f) => f.checkId === 'aws-ebs-snapshot-public');
    expect(snapshotFinding?.reasons.map((x) => x.factor)).toContain('uam.unknown');
    expect(snapshotFinding?.reasons.map((x) => x.factor)).not.toContain('uam.contained');
    expect(r.summary.posture[0]?.userAccountManagement.status).toBe('unknown');
  });

  it('turns denied trail reads into unknown audit, never logged', async () => {
    emulator.configure({ faults: [{ service: 'cloudtrail', action: 'DescribeTrails', kind: 'access-denied' }] });
    const { inventory } = await collect(scope(false));
    expect(inventory.audit.every((a) => isUnknown(a.snapshotEventsLogged))).toBe(true);
    const r = report(inventory);
    expect(r.findings.filter((f) => f.checkId === 'aws-trail-snapshot-events-unlogged').every((f) => f.status === 'unknown')).toBe(true);
    expect(r.findings.find((f) => f.checkId === 'aws-ebs-snapshot-public')?.reasons.map((x) => x.factor)).toContain('audit.unknown');
  });

  it('calls only actions its policy grants', async () => {
    const { pacer } = await collect();
    const served = new Set(emulator.calls().map((c) => `${c.service}:${c.action}`));
    for (const action of ['iam:GetAccountAuthorizationDetails', 'iam:GetCredentialReport', 'cloudtrail:GetEventSelectors', 'organizations:ListPoliciesForTarget']) expect(served).toContain(action);
    for (const action of served) expect(AWS_ACTIONS).toContain(action);
    for (const action of Object.keys(pacer.stats().calls)) expect(AWS_ACTIONS).toContain(action);
  });
});
