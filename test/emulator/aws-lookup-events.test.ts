// CloudTrail LookupEvents through the real SDK v3 client: the region's events newest first, one
// lookup attribute at most, the time range, MaxResults and NextToken, the record as the
// CloudTrailEvent string, LookupEvents' own 2-per-second bucket, faults and the call log; and the
// demo's chain as the provider's paginator reads it.
import { CloudTrailClient, InvalidLookupAttributesException, LookupEventsCommand, paginateLookupEvents, type Event } from '@aws-sdk/client-cloudtrail';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNT, DEMO_AWS_CHAIN, DEMO_CREDENTIALS, DEMO_ESTATE } from '../../src/emulator/demo-estate.js';
import type { EstateInput } from '../../src/emulator/estate.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { rejectionOf } from './fixtures.js';

const ACCOUNT = '123456789012';
const KEY = 'AKIALOOKUPEVENTS0001';
const NOW = Date.now();
const EVENTS_IN_HOME = 120;

const iso = (msAgo: number): string => `${new Date(Math.floor((NOW - msAgo) / 1000) * 1000).toISOString().slice(0, 19)}Z`;

function estate(): EstateInput {
  const names = ['CreateSnapshot', 'ModifySnapshotAttribute', 'CreateVolume'];
  return {
    aws: {
      accounts: [
        {
          id: ACCOUNT,
          accessKeyIds: [KEY],
          regions: { 'eu-west-1': {}, 'us-east-1': {} },
          events: [
            ...Array.from({ length: EVENTS_IN_HOME }, (_, i) => ({
              eventID: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
              eventTime: iso((i + 1) * 60_000),
              eventName: names[i % 3]!,
              eventSource: 'ec2.amazonaws.com',
              awsRegion: 'eu-west-1',
              readOnly: false,
              userIdentity: { type: 'IAMUser', userName: i % 2 === 0 ? 'alice' : 'bob', accessKeyId: i % 2 === 0 ? 'AKIAALICE00000000001' : 'AKIABOB0000000000001' },
              requestParameters: { snapshotId: `snap-${String(i).padStart(8, '0')}` },
              responseElements: null,
            })),
            { eventID: 'aaaaaaaa-0000-4000-8000-000000000001', eventTime: iso(3_600_000), eventName: 'CreateUser', eventSource: 'iam.amazonaws.com', awsRegion: 'us-east-1', userIdentity: { type: 'Root', arn: `arn:aws:iam::${ACCOUNT}:root` }, requestParameters: { userName: 'mallory' } },
            // Older than the 90 days CloudTrail keeps.
            { eventID: 'aaaaaaaa-0000-4000-8000-000000000002', eventTime: iso(91 * 86_400_000), eventName: 'CreateSnapshot', eventSource: 'ec2.amazonaws.com', awsRegion: 'eu-west-1' },
          ],
        },
      ],
    },
  };
}

let emu: RunningEmulator;
let demo: RunningEmulator;
const clients: CloudTrailClient[] = [];

beforeAll(async () => {
  [emu, demo] = await Promise.all([startEmulator({ estate: estate() }), startEmulator({ estate: DEMO_ESTATE })]);
});

afterEach(() => {
  emu.configure({ faults: [], rateLimit: false, pageCap: undefined });
  emu.resetCalls();
});

afterAll(async () => {
  for (const client of clients) client.destroy();
  await Promise.all([emu.close(), demo.close()]);
});

function trail(region: string, on: RunningEmulator = emu, credentials = { accessKeyId: KEY, secretAccessKey: 'test-secret-not-a-real-one' }): CloudTrailClient {
  const client = new CloudTrailClient({ endpoint: on.url, region, credentials, maxAttempts: 1 });
  clients.push(client);
  return client;
}

async function all(client: CloudTrailClient, input: ConstructorParameters<typeof LookupEventsCommand>[0] = {}): Promise<Event[]> {
  const out: Event[] = [];
  for await (const page of paginateLookupEvents({ client, pageSize: 50 }, input)) out.push(...(page.Events ?? []));
  return out;
}

describe('LookupEvents', () => {
  it("answers the endpoint region's events, newest first, 50 to a page, and nothing older than 90 days", async () => {
    const first = await trail('eu-west-1').send(new LookupEventsCommand({}));
    expect(first.Events).toHaveLength(50);
    expect(first.NextToken).toBeTruthy();
    const events = await all(trail('eu-west-1'));
    expect(events).toHaveLength(EVENTS_IN_HOME);
    const times = events.map((e) => e.EventTime!.getTime());
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(events.some((e) => e.EventId === 'aaaaaaaa-0000-4000-8000-000000000002')).toBe(false);
    const east = await all(trail('us-east-1'));
    expect(east.map((e) => [e.EventName, e.Username])).toEqual([['CreateUser', 'root']]);
  });

  it('shapes each event as CloudTrail does, with the record as its CloudTrailEvent string', async () => {
    const [event] = (await trail('eu-west-1').send(new LookupEventsCommand({ MaxResults: 1 }))).Events ?? [];
    expect(event).toMatchObject({ EventId: '00000000-0000-4000-8000-000000000000', EventName: 'CreateSnapshot', ReadOnly: 'false', AccessKeyId: 'AKIAALICE00000000001', EventSource: 'ec2.amazonaws.com', Username: 'alice' });
    expect(event?.Resources).toEqual([{ ResourceType: 'AWS::EC2::Snapshot', ResourceName: 'snap-00000000' }]);
    expect(event?.EventTime).toBeInstanceOf(Date);
    expect(JSON.parse(event?.CloudTrailEvent ?? '')).toMatchObject({ eventID: event?.EventId, eventName: 'CreateSnapshot', awsRegion: 'eu-west-1', requestParameters: { snapshotId: 'snap-00000000' } });
  });

  it('filters by one lookup attribute of each kind', async () => {
    const by = async (AttributeKey: string, AttributeValue: string) => (await all(trail('eu-west-1'), { LookupAttributes: [{ AttributeKey: AttributeKey as never, AttributeValue }] })).length;
    expect(await by('EventName', 'CreateSnapshot')).toBe(40);
    expect(await by('Username', 'bob')).toBe(60);
    expect(await by('AccessKeyId', 'AKIAALICE00000000001')).toBe(60);
    expect(await by('EventId', '00000000-0000-4000-8000-000000000007')).toBe(1);
    expect(await by('ResourceName', 'snap-00000003')).toBe(1);
    expect(await by('ResourceType', 'AWS::EC2::Snapshot')).toBe(EVENTS_IN_HOME);
    expect(await by('EventSource', 'iam.amazonaws.com')).toBe(0);
    expect(await by('ReadOnly', 'false')).toBe(EVENTS_IN_HOME);
  });

  it('refuses two lookup attributes, an unknown key, MaxResults above 50 and a backwards range', async () => {
    const client = trail('eu-west-1');
    const two = await rejectionOf(client.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'CreateSnapshot' }, { AttributeKey: 'Username', AttributeValue: 'bob' }] })));
    expect(two).toBeInstanceOf(InvalidLookupAttributesException);
    const key = await rejectionOf(client.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'Colour' as never, AttributeValue: 'red' }] })));
    expect(key.name).toBe('InvalidLookupAttributesException');
    expect((await rejectionOf(client.send(new LookupEventsCommand({ MaxResults: 51 })))).name).toBe('InvalidMaxResultsException');
    expect((await rejectionOf(client.send(new LookupEventsCommand({ StartTime: new Date(NOW), EndTime: new Date(NOW - 3_600_000) })))).name).toBe('InvalidTimeRangeException');
  });

  it('keeps to StartTime and EndTime, and refuses a NextToken replayed with another filter', async () => {
    const client = trail('eu-west-1');
    const window = await all(client, { StartTime: new Date(NOW - 30.5 * 60_000), EndTime: new Date(NOW - 10.5 * 60_000) });
    expect(window).toHaveLength(20);
    const first = await client.send(new LookupEventsCommand({ MaxResults: 5 }));
    const replay = await rejectionOf(client.send(new LookupEventsCommand({ MaxResults: 5, NextToken: first.NextToken, LookupAttributes: [{ AttributeKey: 'Username', AttributeValue: 'bob' }] })));
    expect(replay.name).toBe('InvalidNextTokenException');
  });

  it('honours the page cap knob', async () => {
    emu.configure({ pageCap: 7 });
    const page = await trail('eu-west-1').send(new LookupEventsCommand({ MaxResults: 50 }));
    expect(page.Events).toHaveLength(7);
  });

  it('has a bucket of its own, 2 calls per second per account and region, and answers ThrottlingException past it', async () => {
    emu.configure({ rateLimit: true });
    const client = trail('eu-west-1');
    const results = await Promise.allSettled(Array.from({ length: 4 }, () => client.send(new LookupEventsCommand({ MaxResults: 1 }))));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(2);
    const refused = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect((refused?.reason as Error).name).toBe('ThrottlingException');
    // The other regions' buckets and CloudTrail's other reads are not drained by it.
    await expect(trail('us-east-1').send(new LookupEventsCommand({ MaxResults: 1 }))).resolves.toBeDefined();
    const throttled = emu.calls().filter((c) => c.errorCode === 'ThrottlingException');
    expect(throttled.every((c) => c.action === 'LookupEvents' && c.region === 'eu-west-1')).toBe(true);
  });

  it('answers AccessDeniedException for a denied region and logs the call', async () => {
    emu.configure({ faults: [{ service: 'cloudtrail', action: 'LookupEvents', region: 'us-east-1', kind: 'access-denied' }] });
    const denied = await rejectionOf(trail('us-east-1').send(new LookupEventsCommand({})));
    expect(denied.name).toBe('AccessDeniedException');
    expect(denied.message).toContain('cloudtrail:LookupEvents');
    await expect(trail('eu-west-1').send(new LookupEventsCommand({ MaxResults: 1 }))).resolves.toBeDefined();
    expect(emu.calls().map((c) => [c.service, c.action, c.region, c.errorCode ?? 'ok'])).toEqual([
      ['cloudtrail', 'LookupEvents', 'us-east-1', 'AccessDeniedException'],
      ['cloudtrail', 'LookupEvents', 'eu-west-1', 'ok'],
    ]);
  });
});

describe("the demo's CloudTrail history", () => {
  it('holds the chain in us-east-1, by the new user and its access key', async () => {
    const client = trail('us-east-1', demo, DEMO_CREDENTIALS);
    const events = await all(client);
    const chain = events.filter((e) => e.EventId?.startsWith('3f2b7c1e-')).reverse();
    expect(chain.map((e) => e.EventName)).toEqual([...DEMO_AWS_CHAIN.eventNames]);
    const byKey = await all(client, { LookupAttributes: [{ AttributeKey: 'AccessKeyId', AttributeValue: DEMO_AWS_CHAIN.accessKeyId }] });
    expect(byKey.map((e) => e.EventName).reverse()).toEqual(['CreateSnapshot', 'ModifySnapshotAttribute', 'CreateVolume', 'RunInstances', 'AuthorizeSecurityGroupIngress']);
    const shared = chain.find((e) => e.EventName === 'ModifySnapshotAttribute');
    expect(JSON.parse(shared?.CloudTrailEvent ?? '')).toMatchObject({ recipientAccountId: DEMO_ACCOUNT, requestParameters: { snapshotId: DEMO_AWS_CHAIN.snapshot, createVolumePermission: { add: { items: [{ group: 'all' }] } } } });
    const bySnapshot = await all(client, { LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: DEMO_AWS_CHAIN.snapshot }] });
    expect(bySnapshot.map((e) => e.EventName).sort()).toEqual(['CreateSnapshot', 'CreateVolume', 'ModifySnapshotAttribute', 'RunInstances']);
  });
});
