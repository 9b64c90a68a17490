// CloudTrail (awsJson1_1) through the real SDK v3 client: trails as each region of each account
// sees them (home trails, multi-region shadows, the management account's organization trail in
// members), lookups by name and by ARN, trail status, basic and advanced event selectors, the
// service's shared read bucket, faults and the call log.
import {
  CloudTrailARNInvalidException,
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetTrailStatusCommand,
  TrailNotFoundException,
  type CloudTrailClient,
} from '@aws-sdk/client-cloudtrail';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_REGIONS } from '../../src/emulator/aws/ec2-account.js';
import { DEMO_ACCOUNT, DEMO_ANALYTICS_ACCOUNT, DEMO_AUDIT_ROLE, DEMO_CREDENTIALS, DEMO_DATA_ACCOUNT, DEMO_ESTATE } from '../../src/emulator/demo-estate.js';
import { SERVED_ACTIONS, startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { ACCOUNT_A, ACCOUNT_B, ACCOUNT_C, BULK, cloudTrailClient, HOME, identityEstate, KEY_B, rejectionOf, stsClient, type TemporaryCredentials } from './fixtures.js';

let emu: RunningEmulator;
const clients: CloudTrailClient[] = [];

beforeAll(async () => {
  emu = await startEmulator({ estate: identityEstate() });
});

afterEach(() => {
  emu.configure({ faults: [], rateLimit: false });
  emu.resetCalls();
});

afterAll(async () => {
  for (const client of clients) client.destroy();
  await emu.close();
});

function trailsIn(region: string, options: { accessKeyId?: string; credentials?: TemporaryCredentials } = {}): CloudTrailClient {
  const client = cloudTrailClient(emu, { region, ...options });
  clients.push(client);
  return client;
}

const ORG_TRAIL_ARN = `arn:aws:cloudtrail:us-east-1:${ACCOUNT_A}:trail/org-trail`;
const STOPPED_ARN = `arn:aws:cloudtrail:${HOME}:${ACCOUNT_A}:trail/stopped-global`;

async function names(client: CloudTrailClient, includeShadowTrails?: boolean): Promise<string[][]> {
  const { trailList = [] } = await client.send(new DescribeTrailsCommand(includeShadowTrails === undefined ? {} : { includeShadowTrails }));
  return trailList.map((t) => [t.Name ?? '', t.HomeRegion ?? '']);
}

describe('DescribeTrails', () => {
  it("shows a region its own trails and, as shadows, multi-region trails homed elsewhere", async () => {
    expect(await names(trailsIn(BULK))).toEqual([
      ['org-trail', 'us-east-1'],
      ['stopped-global', HOME],
    ]);
    expect(await names(trailsIn(BULK), false)).toEqual([['org-trail', 'us-east-1']]);
    expect(await names(trailsIn(HOME))).toEqual([
      ['org-trail', 'us-east-1'],
      ['eu-only', HOME],
      ['stopped-global', HOME],
    ]);
    expect(await names(trailsIn(HOME), false)).toEqual([
      ['eu-only', HOME],
      ['stopped-global', HOME],
    ]);
  });

  it('shows the multi-region trails in every enabled region, the single-region one only at home', async () => {
    for (const region of DEFAULT_REGIONS) {
      const seen = (await names(trailsIn(region))).map(([name]) => name);
      expect(seen, region).toEqual(region === HOME ? ['org-trail', 'eu-only', 'stopped-global'] : ['org-trail', 'stopped-global']);
    }
    expect(new Set(emu.calls().map((c) => c.region))).toEqual(new Set(DEFAULT_REGIONS));
  });

  it('describes every field, with a derived bucket when the estate names none', async () => {
    const { trailList = [] } = await trailsIn(HOME).send(new DescribeTrailsCommand({}));
    expect(trailList[0]).toEqual({
      Name: 'org-trail',
      S3BucketName: 'org-trail-bucket',
      IncludeGlobalServiceEvents: true,
      IsMultiRegionTrail: true,
      HomeRegion: 'us-east-1',
      TrailARN: ORG_TRAIL_ARN,
      LogFileValidationEnabled: true,
      KmsKeyId: `arn:aws:kms:us-east-1:${ACCOUNT_A}:key/trail`,
      HasCustomEventSelectors: true,
      HasInsightSelectors: false,
      IsOrganizationTrail: true,
    });
    expect(trailList[1]).toMatchObject({ Name: 'eu-only', S3KeyPrefix: 'eu', IsMultiRegionTrail: false, IsOrganizationTrail: false, TrailARN: `arn:aws:cloudtrail:${HOME}:${ACCOUNT_A}:trail/eu-only` });
    expect(trailList[1]?.S3BucketName).toMatch(/^aws-cloudtrail-logs-111111111111-[a-z0-9]{8}$/);
    expect(trailList[2]).toMatchObject({ Name: 'stopped-global', HasCustomEventSelectors: false });
  });

  it("shows members the management account's organization trail as a shadow, and nothing else of it", async () => {
    const member = trailsIn(HOME, { accessKeyId: KEY_B });
    const { trailList = [] } = await member.send(new DescribeTrailsCommand({}));
    expect(trailList.map((t) => [t.Name, t.TrailARN, t.IsOrganizationTrail])).toEqual([['org-trail', ORG_TRAIL_ARN, true]]);
    expect(await names(member, false)).toEqual([]);

    const sts = stsClient(emu);
    const { Credentials } = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT_C}:role/Audit`, RoleSessionName: 'trails' }));
    sts.destroy();
    const credentials = { accessKeyId: Credentials?.AccessKeyId ?? '', secretAccessKey: Credentials?.SecretAccessKey ?? '', sessionToken: Credentials?.SessionToken ?? '' };
    expect(await names(trailsIn('us-west-2', { credentials }))).toEqual([
      ['c-west', 'us-west-2'],
      ['org-trail', 'us-east-1'],
    ]);
    // A region the estate leaves out is enabled and empty: only the organization's trail covers it.
    expect(await names(trailsIn('ap-northeast-1', { credentials }))).toEqual([['org-trail', 'us-east-1']]);
    expect(emu.calls().filter((c) => c.service === 'cloudtrail').map((c) => [c.account, c.region])).toEqual([
      [ACCOUNT_B, HOME],
      [ACCOUNT_B, HOME],
      [ACCOUNT_C, 'us-west-2'],
      [ACCOUNT_C, 'ap-northeast-1'],
    ]);
  });

  it('finds a home trail by name, a shadow only by ARN, and leaves unknown names out', async () => {
    const eu = trailsIn(HOME);
    const pick = async (trailNameList: string[], includeShadowTrails?: boolean) =>
      ((await eu.send(new DescribeTrailsCommand({ trailNameList, ...(includeShadowTrails === undefined ? {} : { includeShadowTrails }) }))).trailList ?? []).map((t) => t.Name);
    expect(await pick(['eu-only'])).toEqual(['eu-only']);
    expect(await pick(['org-trail'])).toEqual([]);
    expect(await pick([ORG_TRAIL_ARN, 'eu-only', 'nothing-here'])).toEqual(['org-trail', 'eu-only']);
    expect(await pick([ORG_TRAIL_ARN], false)).toEqual([]);
    expect(emu.calls()[2]?.params).toEqual({ 'trailNameList.1': ORG_TRAIL_ARN, 'trailNameList.2': 'eu-only', 'trailNameList.3': 'nothing-here' });
  });

  it('refuses a region the account has not enabled', async () => {
    const error = await rejectionOf(trailsIn('af-south-1').send(new DescribeTrailsCommand({})));
    expect(error.name).toBe('UnrecognizedClientException');
  });
});

describe('GetTrailStatus', () => {
  it('reports a logging trail with its recorded delivery', async () => {
    const status = await trailsIn(BULK).send(new GetTrailStatusCommand({ Name: 'org-trail' }));
    expect(status).toMatchObject({
      IsLogging: true,
      LatestDeliveryTime: new Date('2026-05-31T23:55:00.000Z'),
      StartLoggingTime: new Date('2025-11-13T12:00:00.000Z'),
      TimeLoggingStarted: '2025-11-13T12:00:00Z',
      TimeLoggingStopped: '',
    });
    expect(status.StopLoggingTime).toBeUndefined();
  });

  it('reports a stopped trail, asked for by ARN from another region', async () => {
    const status = await trailsIn(BULK).send(new GetTrailStatusCommand({ Name: STOPPED_ARN }));
    expect(status).toMatchObject({
      IsLogging: false,
      StopLoggingTime: new Date('2026-04-22T12:00:00.000Z'),
      LatestDeliveryTime: new Date('2026-04-22T12:00:00.000Z'),
      LatestDeliveryError: 'AccessDenied',
      TimeLoggingStopped: '2026-04-22T12:00:00Z',
    });
  });

  it('gives a logging trail without a recorded delivery one a few minutes ago', async () => {
    const before = Date.now();
    const { LatestDeliveryTime } = await trailsIn(HOME).send(new GetTrailStatusCommand({ Name: 'eu-only' }));
    const age = before - (LatestDeliveryTime?.getTime() ?? 0);
    expect(age).toBeGreaterThan(60_000);
    expect(age).toBeLessThan(10 * 60_000);
  });

  it('refuses a shadow by name, an unknown trail, an ARN that is not one, and another account’s own trail', async () => {
    const us = trailsIn(BULK);
    const byName = await rejectionOf(us.send(new GetTrailStatusCommand({ Name: 'stopped-global' })));
    expect(byName).toBeInstanceOf(TrailNotFoundException);
    expect([byName.name, byName.message]).toEqual(['TrailNotFoundException', `Unknown trail: stopped-global for the user: ${ACCOUNT_A}`]);
    expect(await rejectionOf(us.send(new GetTrailStatusCommand({ Name: 'arn:aws:cloudtrail:oops' })))).toBeInstanceOf(CloudTrailARNInvalidException);
    const member = trailsIn(HOME, { accessKeyId: KEY_B });
    expect(await rejectionOf(member.send(new GetTrailStatusCommand({ Name: `arn:aws:cloudtrail:${HOME}:${ACCOUNT_A}:trail/eu-only` })))).toBeInstanceOf(TrailNotFoundException);
    expect((await member.send(new GetTrailStatusCommand({ Name: ORG_TRAIL_ARN }))).IsLogging).toBe(true);
  });
});

describe('GetEventSelectors', () => {
  it('answers advanced selectors: management writes and EBS direct API data events', async () => {
    const result = await trailsIn(HOME, { accessKeyId: KEY_B }).send(new GetEventSelectorsCommand({ TrailName: ORG_TRAIL_ARN }));
    expect(result.TrailARN).toBe(ORG_TRAIL_ARN);
    expect(result.EventSelectors).toBeUndefined();
    expect(result.AdvancedEventSelectors).toEqual([
      {
        Name: 'Management writes',
        FieldSelectors: [
          { Field: 'eventCategory', Equals: ['Management'] },
          { Field: 'readOnly', Equals: ['false'] },
        ],
      },
      {
        Name: 'EBS direct APIs',
        FieldSelectors: [
          { Field: 'eventCategory', Equals: ['Data'] },
          { Field: 'resources.type', Equals: ['AWS::EC2::Snapshot'] },
        ],
      },
    ]);
  });

  it('answers basic selectors, and the default one for a trail that set none', async () => {
    const eu = trailsIn(HOME);
    const custom = await eu.send(new GetEventSelectorsCommand({ TrailName: 'eu-only' }));
    expect(custom.EventSelectors).toEqual([
      { ReadWriteType: 'WriteOnly', IncludeManagementEvents: true, DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3:::bucket/'] }], ExcludeManagementEventSources: [] },
    ]);
    expect(custom.AdvancedEventSelectors).toBeUndefined();
    const defaults = await eu.send(new GetEventSelectorsCommand({ TrailName: 'stopped-global' }));
    expect(defaults.EventSelectors).toEqual([{ ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [], ExcludeManagementEventSources: [] }]);
    expect(defaults.TrailARN).toBe(STOPPED_ARN);
    const missing = await rejectionOf(eu.send(new GetEventSelectorsCommand({ TrailName: 'nope' })));
    expect(missing.name).toBe('TrailNotFoundException');
  });
});

describe('knobs and the call log', () => {
  it('denies CloudTrail in one account only, in its own words', async () => {
    emu.configure({ faults: [{ service: 'cloudtrail', account: ACCOUNT_B, kind: 'access-denied' }] });
    const denied = await rejectionOf(trailsIn(HOME, { accessKeyId: KEY_B }).send(new DescribeTrailsCommand({})));
    expect(denied.name).toBe('AccessDeniedException');
    expect(denied.message).toContain('cloudtrail:DescribeTrails');
    await trailsIn(HOME).send(new DescribeTrailsCommand({}));
    expect(emu.calls().map((c) => [c.account, c.errorCode])).toEqual([
      [ACCOUNT_B, 'AccessDeniedException'],
      [ACCOUNT_A, undefined],
    ]);
  });

  it("shares CloudTrail's read bucket (10 a second) across its actions in an account and region", async () => {
    emu.configure({ rateLimit: true });
    const us = trailsIn(BULK);
    const outcomes = await Promise.allSettled(
      Array.from({ length: 14 }, (_, i) =>
        i % 3 === 0 ? us.send(new DescribeTrailsCommand({})) : i % 3 === 1 ? us.send(new GetTrailStatusCommand({ Name: 'org-trail' })) : us.send(new GetEventSelectorsCommand({ TrailName: 'org-trail' })),
      ),
    );
    const refused = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(refused.length).toBeGreaterThanOrEqual(3);
    expect((refused[0]?.reason as Error).name).toBe('ThrottlingException');
    // Another region has its own bucket.
    await trailsIn(HOME).send(new DescribeTrailsCommand({}));
  });

  it('logs each call as its IAM permission', async () => {
    const eu = trailsIn(HOME);
    await eu.send(new DescribeTrailsCommand({ includeShadowTrails: false }));
    await eu.send(new GetTrailStatusCommand({ Name: 'eu-only' }));
    await eu.send(new GetEventSelectorsCommand({ TrailName: 'eu-only' }));
    expect(emu.calls().map((c) => [`${c.service}:${c.action}`, c.account, c.region, c.params])).toEqual([
      ['cloudtrail:DescribeTrails', ACCOUNT_A, HOME, { includeShadowTrails: 'false' }],
      ['cloudtrail:GetTrailStatus', ACCOUNT_A, HOME, { Name: 'eu-only' }],
      ['cloudtrail:GetEventSelectors', ACCOUNT_A, HOME, { TrailName: 'eu-only' }],
    ]);
    expect(SERVED_ACTIONS.cloudtrail).toEqual(['DescribeTrails', 'GetTrailStatus', 'GetEventSelectors', 'LookupEvents']);
  });
});

describe('the demo trails', () => {
  let demo: RunningEmulator;
  beforeAll(async () => {
    demo = await startEmulator({ estate: DEMO_ESTATE });
  });
  afterAll(async () => {
    await demo.close();
  });

  async function credentialsFor(accountId: string): Promise<TemporaryCredentials> {
    const sts = stsClient(demo, { accessKeyId: DEMO_CREDENTIALS.accessKeyId, region: 'us-east-1' });
    const { Credentials } = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${accountId}:role/${DEMO_AUDIT_ROLE}`, RoleSessionName: 'demo' }));
    sts.destroy();
    return { accessKeyId: Credentials?.AccessKeyId ?? '', secretAccessKey: Credentials?.SecretAccessKey ?? '', sessionToken: Credentials?.SessionToken ?? '' };
  }

  /** The trails of an account in a region that log management write events right now. */
  async function loggingManagementWrites(client: CloudTrailClient): Promise<string[]> {
    const { trailList = [] } = await client.send(new DescribeTrailsCommand({}));
    const logging: string[] = [];
    for (const trail of trailList) {
      const arn = trail.TrailARN ?? '';
      const [status, selectors] = await Promise.all([client.send(new GetTrailStatusCommand({ Name: arn })), client.send(new GetEventSelectorsCommand({ TrailName: arn }))]);
      const basic = (selectors.EventSelectors ?? []).some((s) => s.IncludeManagementEvents === true && s.ReadWriteType !== 'ReadOnly');
      const advanced = (selectors.AdvancedEventSelectors ?? []).some((s) => s.FieldSelectors?.some((f) => f.Field === 'eventCategory' && f.Equals?.includes('Management')));
      if (status.IsLogging === true && (basic || advanced)) logging.push(trail.Name ?? '');
    }
    return logging;
  }

  it('logs management writes in every region of the management and data accounts, but not in eu-west-1 of analytics', async () => {
    const data = await credentialsFor(DEMO_DATA_ACCOUNT);
    const analytics = await credentialsFor(DEMO_ANALYTICS_ACCOUNT);
    const client = (region: string, options: { accessKeyId?: string; credentials?: TemporaryCredentials }) => {
      const c = cloudTrailClient(demo, { region, ...options });
      clients.push(c);
      return c;
    };
    for (const region of ['us-east-1', 'eu-west-1', 'ap-southeast-2']) {
      expect(await loggingManagementWrites(client(region, { accessKeyId: DEMO_CREDENTIALS.accessKeyId })), region).toEqual(['acme-management-events']);
      expect(await loggingManagementWrites(client(region, { credentials: data })), region).toEqual(['prod-data-audit']);
    }
    expect(await loggingManagementWrites(client('us-east-1', { credentials: analytics }))).toEqual(['analytics-us']);
    expect(await loggingManagementWrites(client('eu-west-1', { credentials: analytics }))).toEqual([]);
    // What analytics sees in eu-west-1: its own stopped trail, and the organization's S3 data-event trail.
    const { trailList = [] } = await client('eu-west-1', { credentials: analytics }).send(new DescribeTrailsCommand({}));
    expect(trailList.map((t) => [t.Name, t.IsOrganizationTrail, t.TrailARN?.split(':')[4]])).toEqual([
      ['analytics-eu', false, DEMO_ANALYTICS_ACCOUNT],
      ['acme-org-s3-data', true, DEMO_ACCOUNT],
    ]);
  });
});
