// The command line end to end, as a child process: the demo in both formats, the JSON contract,
// --fail-on exit codes, a scan through AWS_ENDPOINT_URL, and bad input.
import { mkdir, mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECKS } from '../../src/checks/index.js';
import { RULES } from '../../src/chains/index.js';
import { DEMO_CREDENTIALS, DEMO_ESTATE } from '../../src/emulator/demo-estate.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { runCli } from '../support/cli.js';
import { reportSchema, type ReportJson } from '../support/report-schema.js';

const ESC = '\u001b';

let demoJson: ReportJson;
let work: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'snapaudit-cli-'));
  const run = await runCli(['demo', '--format', 'json']);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  demoJson = reportSchema.parse(JSON.parse(run.stdout));
});

describe('snapaudit demo', () => {
  it('prints the ranked table, explained, with no terminal escapes from hostile tags', async () => {
    const run = await runCli(['demo']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/aws-ebs-snapshot-public/);
    expect(run.stdout).toMatch(/Why the top findings rank first/);
    expect(run.stdout).toMatch(/modify-snapshot-attribute --region \S+ --snapshot-id snap-/);
    // The demo estate carries a Name tag with ESC[2J; no escape may reach stdout (and no colour off a TTY).
    expect(run.stdout).not.toContain(ESC);
    expect(run.stdout).toMatch(/scratch\[2J\[31m/);
  });

  it('writes the JSON contract, ranked by score with every score explained', () => {
    const scores = demoJson.findings.map((f) => f.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    for (const f of demoJson.findings) expect(f.reasons.reduce((sum, r) => sum + r.points, 0)).toBe(f.score);
    expect(new Set(demoJson.findings.map((f) => f.id)).size).toBe(demoJson.findings.length);
    expect(demoJson.scope.accounts.map((a) => [a.id, a.name, a.regions, a.unreachable !== undefined])).toEqual([
      ['111122223333', 'acme-management', ['ap-southeast-2', 'eu-west-1', 'us-east-1'], false],
      ['222233334444', 'acme-prod-data', ['us-east-1'], false],
      ['333344445555', 'acme-analytics', ['eu-west-1', 'us-east-1'], false],
      ['555566667777', 'acme-legacy', [], true],
      ['5ab5c41b-0000-4000-8000-000000000001', 'contoso-prod', ['westeurope'], false],
      ['acme-analytics-prod', 'ACME analytics (prod)', ['europe-west1', 'us', 'us-central1'], false],
    ]);
    expect(demoJson.scope.providers).toEqual(['aws', 'azure', 'gcp']);
    expect(demoJson.summary.byAccount.map((a) => a.unreachable)).toEqual([false, false, false, true, false, false]);
    expect(demoJson.summary.checks.run).toBe(CHECKS.length);
    expect(demoJson.summary.resources).toMatchObject({ snapshots: 56 + 12 + 9, dbSnapshots: 11, databases: 3, backupVaults: 2, galleries: 2 });
  });

  it('finds what the sample estate holds, and nothing on its healthy resources', () => {
    const by = (checkId: string): string[] => demoJson.findings.filter((f) => f.checkId === checkId).map((f) => f.resource.id).sort();
    expect(by('aws-ebs-snapshot-public')).toEqual(['snap-0a0a0a0a0a0a0a0a1', 'snap-0c0ffee000000001a', 'snap-0e0e0e0e0e0e0e0e1']);
    expect(by('aws-ebs-snapshot-shared-external')).toEqual(['snap-0c0ffee000000002b']);
    expect(by('aws-ami-public')).toEqual(['ami-0b0b0b0b0b0b00001']);
    expect(by('aws-ami-shared-external')).toEqual(['ami-0b0b0b0b0b0b00002']);
    expect(by('aws-instance-from-snapshot-exposed')).toEqual(['i-0bad0000000000001', 'i-0e0000000000000a2']);
    expect(by('aws-ebs-block-public-access-off')).toEqual(['ap-southeast-2', 'us-east-1', 'us-east-1']);
    expect(by('aws-rds-snapshot-public')).toEqual(['customers-db-pre-upgrade']);
    expect(by('aws-rds-snapshot-shared-external')).toEqual(['billing-aurora-handover']);
    expect(by('aws-rds-database-internet-exposed')).toEqual(['orders-db-migration']);
    expect(by('aws-backup-vault-policy-external')).toEqual(['prod-vault']);
    expect(by('aws-backup-recovery-point-unencrypted')).toEqual(['prod-vault']);
    const byName = (checkId: string): string[] => demoJson.findings.filter((f) => f.checkId === checkId).map((f) => f.resource.name ?? '').sort();
    expect(byName('azure-snapshot-active-sas')).toEqual(['sql-data-export']);
    expect(byName('azure-disk-active-sas')).toEqual(['old-data']);
    expect(byName('azure-snapshot-public-network')).toEqual(['sql-data-export', 'web-os-before-patch']);
    expect(byName('azure-restore-point-public-network')).toEqual(['web-os-rp']);
    expect(byName('azure-vm-from-snapshot-exposed')).toEqual(['forensics-vm']);
    expect(byName('azure-gallery-community-shared')).toEqual(['community_images']);
    expect(byName('azure-snapshot-no-entra-auth')).toEqual(['sql-data-export']);
    expect(byName('gcp-snapshot-public')).toEqual(['customer-events-2026-10']);
    expect(byName('gcp-image-public')).toEqual(['analytics-worker-v7']);
    expect(byName('gcp-disk-shared-external')).toEqual(['events-db']);
    expect(byName('gcp-instance-from-snapshot-exposed')).toEqual(['restore-check']);
    expect(byName('gcp-snapshot-no-cmek')).toEqual(['customer-events-2026-10']);
    for (const id of ['gcp-machine-image-public', 'gcp-disk-public', 'gcp-snapshot-shared-external', 'gcp-image-shared-external']) expect(byName(id)).toEqual([]);
    // The bastion also carries the SSH tag, but its deny rule (priority 900) wins.
    expect(demoJson.findings.filter((f) => f.resource.name === 'bastion')).toEqual([]);
    const healthy = demoJson.findings.filter((f) => /^(app-data-|warehouse-nightly-)/.test(f.resource.name ?? ''));
    expect(healthy).toEqual([]);
  });

  it('ranks the inert public snapshot (block-all-sharing) below the live ones', () => {
    const publicOnes = demoJson.findings.filter((f) => f.checkId === 'aws-ebs-snapshot-public');
    const inert = publicOnes.find((f) => f.resource.region === 'eu-west-1');
    const live = publicOnes.filter((f) => f.resource.region !== 'eu-west-1');
    expect(inert?.reasons.map((r) => r.factor)).toContain('guard.inert');
    for (const f of live) expect(f.score).toBeGreaterThan(inert?.score ?? 100);
  });

  it('explains the shared snapshot mounted on an exposed instance', () => {
    const shared = demoJson.findings.find((f) => f.checkId === 'aws-ebs-snapshot-shared-external');
    const factors = shared?.reasons.map((r) => r.factor) ?? [];
    expect(factors.slice(0, 4)).toEqual(['severity.high', 'exposure.external', 'blast.unencrypted', 'blast.reachable-instance']);
    // Then the two mitigations, always stated: Audit (M1047) once, User Account Management (M1018) at least once.
    expect(factors.filter((f) => f.startsWith('audit.'))).toHaveLength(1);
    expect(factors.filter((f) => f.startsWith('uam.')).length).toBeGreaterThan(0);
    expect(shared?.remediation.command).toBe(
      'aws ec2 modify-snapshot-attribute --region us-east-1 --snapshot-id snap-0c0ffee000000002b --attribute createVolumePermission --operation-type remove --user-ids 999988887777',
    );
  });

  it('shows one attack chain per cloud from the sample audit logs, joined with the posture', () => {
    const chains = demoJson.findings.filter((f) => f.checkId.startsWith('chain-'));
    expect(new Set(chains.map((f) => f.resource.provider))).toEqual(new Set(['aws', 'azure', 'gcp']));
    expect(chains.map((f) => f.checkId)).toEqual(
      expect.arrayContaining(['chain-aws-new-principal-snapshot-access', 'chain-aws-snapshot-restored-exposed', 'chain-azure-snapshot-export-link', 'chain-gcp-snapshot-exfiltration']),
    );
    // The chain made public a snapshot that is still public: both say so, with their reasons.
    const made = chains.find((f) => f.checkId === 'chain-aws-snapshot-made-public');
    expect(made?.reasons.find((r) => r.factor === 'chain.still-exposed')?.detail).toContain('aws-ebs-snapshot-public');
    const posture = demoJson.findings.find((f) => f.checkId === 'aws-ebs-snapshot-public' && f.resource.id === made?.resource.id);
    expect(posture?.reasons.some((r) => r.factor === 'chain.active')).toBe(true);
    // The noise is set aside, not chained: a refused share per cloud.
    expect(demoJson.summary.logs).toMatchObject({ failedCalls: 3, unparsed: 0, chains: chains.length });
    // A denied member account is one coverage line, not one for the scan and one for the pull.
    const denied = demoJson.coverage.filter((c) => c.status === 'denied' && c.action === 'sts:AssumeRole');
    expect(denied).toHaveLength(1);
  });

  it('leaves the logs out with --no-logs', async () => {
    const run = await runCli(['demo', '--no-logs', '--provider', 'gcp', '--format', 'json']);
    expect(run.code).toBe(0);
    const report = reportSchema.parse(JSON.parse(run.stdout));
    expect(report.summary.logs).toBeUndefined();
    expect(report.findings.some((f) => f.checkId.startsWith('chain-'))).toBe(false);
    expect(report.findings.some((f) => f.reasons.some((r) => r.factor.startsWith('chain.')))).toBe(false);
  });

  it('exits 1 when a finding reaches --fail-on and 0 without it', async () => {
    expect((await runCli(['demo', '--fail-on', 'critical', '--format', 'json'])).code).toBe(1);
    // eu-west-1's public snapshot is inert under block-all-sharing, yet still critical: lowered, not dropped.
    expect((await runCli(['demo', '--fail-on', 'critical', '--regions', 'eu-west-1', '--format', 'json'])).code).toBe(1);
    expect((await runCli(['demo', '--format', 'json'])).code).toBe(0);
  });

  it('writes several formats to files named from --output, and nothing to stdout', async () => {
    const base = join(work, 'report');
    const run = await runCli(['demo', '--format', 'table,json', '--output', base]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    reportSchema.parse(JSON.parse(await readFile(`${base}.json`, 'utf8')));
    expect(await readFile(`${base}.txt`, 'utf8')).toMatch(/aws-ami-public/);
    expect((await readdir(work)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('writes each format once into an --output directory, from repeated and comma-separated flags', async () => {
    const dir = join(work, 'reports');
    await mkdir(dir);
    const run = await runCli(['demo', '--no-logs', '--provider', 'gcp', '--format', 'json', '--format', 'csv,sarif', '--format', 'json', '--format', 'html', '--output', dir]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect((await readdir(dir)).sort()).toEqual(['snapaudit.csv', 'snapaudit.html', 'snapaudit.json', 'snapaudit.sarif']);
    const json = reportSchema.parse(JSON.parse(await readFile(join(dir, 'snapaudit.json'), 'utf8')));
    const csvRows = (await readFile(join(dir, 'snapaudit.csv'), 'utf8')).trimEnd().split('\r\n');
    // A header and one row per finding (no finding here spans lines).
    expect(csvRows).toHaveLength(json.findings.length + 1);
    expect(JSON.parse(await readFile(join(dir, 'snapaudit.sarif'), 'utf8')).runs[0].results).toHaveLength(json.findings.length);
  });

  it('refuses an --output directory that does not exist before scanning anything', async () => {
    const run = await runCli(['demo', '--no-logs', '--format', 'json,csv', '--output', join(work, 'missing', '/')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/cannot write .*missing\/snapaudit\.json \(ENOENT\)/);
    expect(run.stdout).toBe('');
  });
});

describe('snapaudit scan through AWS_ENDPOINT_URL', () => {
  let emulator: RunningEmulator;
  const env = (): NodeJS.ProcessEnv => ({
    AWS_ENDPOINT_URL: emulator.url,
    AWS_ACCESS_KEY_ID: DEMO_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: DEMO_CREDENTIALS.secretAccessKey,
    AWS_REGION: 'us-east-1',
  });

  beforeAll(async () => {
    emulator = await startEmulator({ estate: DEMO_ESTATE });
  });
  afterAll(async () => {
    await emulator.close();
  });

  it('scans with the SDK default credential chain and the endpoint from the environment', async () => {
    const config = join(work, 'trusted.json');
    await writeFile(config, JSON.stringify({ trustedAccounts: [{ id: '999988887777', name: 'auditors', reason: 'quarterly ledger review' }] }));
    const run = await runCli(['scan', '--regions', 'us-east-1', '--config', config, '--format', 'json'], env());
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = reportSchema.parse(JSON.parse(run.stdout));
    expect(report.scope.accounts[0]?.caller).toBe('arn:aws:iam::111122223333:role/SnapauditAudit');
    expect(report.findings.some((f) => f.checkId === 'aws-ebs-snapshot-public')).toBe(true);
    // The stranger is now trusted, and the DR account is not: the verdict follows the config.
    const shared = report.findings.filter((f) => f.checkId === 'aws-ebs-snapshot-shared-external');
    expect(shared.map((f) => f.evidence['externalAccounts'])).toEqual([['444455556666'], ['444455556666']].slice(0, shared.length));
  });

  it('exits 3 with one line when nothing can be collected, without echoing the key', async () => {
    const run = await runCli(['scan', '--format', 'json'], { ...env(), AWS_ACCESS_KEY_ID: 'AKIANOBODYNOBODY0000' });
    expect(run.code).toBe(3);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^snapaudit: nothing could be collected: .*InvalidClientTokenId/);
    expect(run.stderr).not.toContain('AKIANOBODYNOBODY0000');
  });

  it('exits 2 on a region AWS does not offer', async () => {
    const run = await runCli(['scan', '--regions', 'us-east-9'], env());
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('snapaudit: unknown AWS region "us-east-9" (not offered to account 111122223333)\n');
  });

  it('marks the report incomplete and lists the gap when a region is denied', async () => {
    emulator.configure({ faults: [{ region: 'eu-west-1', action: 'DescribeSnapshots', kind: 'access-denied' }] });
    const run = await runCli(['scan', '--format', 'json'], env());
    emulator.configure({ faults: [] });
    expect(run.code).toBe(0);
    const report = reportSchema.parse(JSON.parse(run.stdout));
    expect(report.summary.incomplete).toBe(true);
    expect(report.coverage).toContainEqual(expect.objectContaining({ region: 'eu-west-1', status: 'denied', action: 'ec2:DescribeSnapshots' }));
    expect(report.findings.some((f) => f.resource.region === 'us-east-1')).toBe(true);
  });
});

describe('--fail-on against an estate with one medium finding', () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({
      estate: {
        aws: {
          accounts: [
            {
              id: '123412341234',
              accessKeyIds: ['AKIAQUIETQUIETQUIET0'],
              // A well-kept account: root MFA, a strong password policy, a logging trail.
              iam: {
                root: { mfa: true, password: true, accessKeys: [] },
                passwordPolicy: { minimumLength: 16, requireSymbols: true, requireNumbers: true, requireUppercase: true, requireLowercase: true, maxAgeDays: 90, reusePrevention: 24 },
              },
              trails: [{ name: 'audit', homeRegion: 'eu-north-1', multiRegion: true, logging: true }],
              regions: {
                'eu-north-1': {
                  snapshotBlockPublicAccess: 'block-all-sharing',
                  imageBlockPublicAccess: 'block-new-sharing',
                  ebsEncryptionByDefault: false,
                  snapshots: [{ id: 'snap-0123456789abcdef0', encrypted: true }],
                },
              },
            },
          ],
        },
      },
    });
  });
  afterAll(async () => {
    await emulator.close();
  });

  for (const [threshold, code] of [['critical', 0], ['high', 0], ['medium', 1], ['info', 1]] as const) {
    it(`--fail-on ${threshold} exits ${code}`, async () => {
      const run = await runCli(['scan', '--fail-on', threshold, '--format', 'json'], {
        AWS_ENDPOINT_URL: emulator.url,
        AWS_ACCESS_KEY_ID: 'AKIAQUIETQUIETQUIET0',
        AWS_SECRET_ACCESS_KEY: 'local',
        AWS_REGION: 'eu-north-1',
      });
      expect(run.stderr).toBe('');
      expect(run.code).toBe(code);
      const report = reportSchema.parse(JSON.parse(run.stdout));
      expect(report.findings.map((f) => f.checkId)).toEqual(['aws-ebs-encryption-default-off']);
    });
  }
});

describe('bad input: one line naming the problem, exit 2, nothing written', () => {
  const cases: Array<[string, string[], RegExp]> = [
    ['unknown flag', ['scan', '--bogus'], /unknown option '--bogus'/],
    ['unknown command', ['scna'], /unknown command 'scna'/],
    ['bad --fail-on', ['demo', '--fail-on', 'severe'], /unknown --fail-on "severe" \(choose from critical, high, medium, low, info\)/],
    ['bad --format', ['demo', '--format', 'pdf'], /unknown --format "pdf"/],
    ['malformed region', ['demo', '--regions', 'US_EAST'], /unknown region "US_EAST"/],
    ['bad --concurrency', ['demo', '--concurrency', '0'], /--concurrency must be a whole number from 1 to 256/],
    ['missing config', ['scan', '--config', '/nonexistent/snapaudit.json'], /config \/nonexistent\/snapaudit.json: cannot read the file \(ENOENT\)/],
    ['unknown provider', ['scan', '--provider', 'oracle'], /unknown --provider "oracle"/],
    ['several formats without --output', ['demo', '--format', 'json,table'], /several --format values need --output/],
    ['permissions for an unknown cloud', ['permissions', '--provider', 'ibm'], /unknown --provider "ibm"/],
    ['--org without a role', ['scan', '--org'], /--org needs --assume-role NAME/],
    ['--accounts without --org', ['scan', '--accounts', '111122223333'], /--accounts needs --org/],
    ['--assume-role without --org', ['scan', '--assume-role', 'Audit'], /--assume-role and --external-id need --org/],
    ['a malformed account id', ['scan', '--org', '--assume-role', 'Audit', '--accounts', '1234'], /--accounts: "1234" is not a 12-digit AWS account id/],
  ];
  for (const [name, args, pattern] of cases) {
    it(name, async () => {
      const run = await runCli(args);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr).toMatch(pattern);
    });
  }

  it('no command at all: the help on stderr and exit 2; --help and --version exit 0', async () => {
    const bare = await runCli([]);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toMatch(/Usage: snapaudit/);
    expect((await runCli(['--help'])).code).toBe(0);
    const version = await runCli(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it('an invalid config names the field', async () => {
    const config = join(work, 'bad.json');
    await writeFile(config, JSON.stringify({ trustedAccounts: [{ id: '210987654321', name: 'partner' }] }));
    const run = await runCli(['scan', '--config', config]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(new RegExp(`config ${config}: trustedAccounts\\.0\\.reason: `));
  });

  it('a config that is not JSON', async () => {
    const config = join(work, 'notjson.json');
    await writeFile(config, '{ trustedAccounts: ');
    const run = await runCli(['scan', '--config', config]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/not valid JSON/);
  });

  it('nothing is half-written when the output cannot be written', async () => {
    const run = await runCli(['demo', '--output', join(work, 'no-such-dir', 'report.txt')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/cannot write .*report\.txt \(ENOENT\)/);
  });
});

describe('catalog and permissions', () => {
  it('lists every check and chain rule with its metadata', async () => {
    const run = await runCli(['checks', '--format', 'json']);
    expect(run.code).toBe(0);
    const catalog = JSON.parse(run.stdout) as Array<{ id: string; threat: { techniques: string[] }; remediation: { command: string } }>;
    expect(catalog.map((c) => c.id)).toEqual([...CHECKS, ...RULES].map((c) => c.id));
    expect(catalog.every((c) => c.threat.techniques.length > 0 && c.remediation.command.length > 0)).toBe(true);
    const table = await runCli(['checks']);
    expect(table.stdout).toMatch(/aws-instance-from-snapshot-exposed/);
    expect(table.stdout).toMatch(/chain-aws-snapshot-exfiltration/);
  });

  it('prints an IAM policy that holds every action the emulator served during a full organization scan', async () => {
    const emulator = await startEmulator({ estate: DEMO_ESTATE });
    try {
      const scanned = await runCli(['scan', '--org', '--assume-role', 'SnapauditAudit', '--format', 'json'], {
        AWS_ENDPOINT_URL: emulator.url,
        AWS_ACCESS_KEY_ID: DEMO_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: DEMO_CREDENTIALS.secretAccessKey,
        AWS_REGION: 'us-east-1',
      });
      expect(scanned.code).toBe(0);
      const run = await runCli(['permissions', '--provider', 'aws', '--assume-role', 'SnapauditAudit']);
      expect(run.code).toBe(0);
      const policy = JSON.parse(run.stdout) as { Version: string; Statement: Array<{ Effect: string; Action: string[]; Resource: string }> };
      expect(policy.Version).toBe('2012-10-17');
      const allowed = new Set(policy.Statement.flatMap((s) => (s.Effect === 'Allow' ? s.Action : [])));
      const served = new Set(emulator.calls().map((c) => `${c.service}:${c.action}`));
      expect(served.size).toBeGreaterThanOrEqual(24);
      for (const action of served) expect(allowed).toContain(action);
      for (const action of allowed) expect(action).toMatch(/^(ec2|rds|backup|organizations|sts|iam|cloudtrail):(Describe|Get|List)[A-Za-z]+$|^sts:AssumeRole$|^iam:GenerateCredentialReport$|^cloudtrail:LookupEvents$/);
    } finally {
      await emulator.close();
    }
  });
});
