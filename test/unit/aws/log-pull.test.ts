// The CloudTrail pull: which event names each region is asked for, an Event's CloudTrailEvent
// string to its record (a malformed one is left out, never guessed at), and how a region is read.
import { describe, expect, it } from 'vitest';
import { CloudTrailClient, type LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import type { AccountVisit } from '../../../providers/aws/accounts.js';
import { eventNamesFor, GLOBAL_EVENT_NAMES, pullRegion, recordOf, REGIONAL_EVENT_NAMES } from '../../../providers/aws/log-pull.js';
import { CoverageRecorder } from '../../../src/coverage.js';

describe('eventNamesFor', () => {
  it('asks us-east-1 for the IAM events too, and other regions for the regional ones only', () => {
    expect(eventNamesFor('us-east-1')).toEqual([...REGIONAL_EVENT_NAMES, ...GLOBAL_EVENT_NAMES]);
    expect(eventNamesFor('eu-west-1')).toEqual(REGIONAL_EVENT_NAMES);
    expect(new Set([...REGIONAL_EVENT_NAMES, ...GLOBAL_EVENT_NAMES]).size).toBe(28);
  });
});

describe('recordOf', () => {
  it.each([
    ['a JSON object', '{"eventName":"CreateSnapshot","eventID":"e1"}', { eventName: 'CreateSnapshot', eventID: 'e1' }],
    ['truncated JSON', '{"eventName":"CreateSnap', undefined],
    ['a JSON array', '[1,2]', undefined],
    ['JSON null', 'null', undefined],
    ['a JSON string', '"CreateSnapshot"', undefined],
    ['nothing', undefined, undefined],
  ])('reads %s', (_label, cloudTrailEvent, expected) => {
    expect(recordOf({ EventId: 'e1', ...(cloudTrailEvent === undefined ? {} : { CloudTrailEvent: cloudTrailEvent }) })).toEqual(expected);
  });
});

// The sweep-then-names strategy, against an in-memory LookupEvents that behaves as the API does:
// one lookup attribute, newest first, pages of 50, EndTime inclusive.
interface Stored {
  readonly id: string;
  readonly name: string;
  readonly time: Date;
  readonly readOnly: boolean;
}

function fakeCloudTrail(events: readonly Stored[]) {
  const calls: Array<{ attribute: string; value: string }> = [];
  const client = new CloudTrailClient({ region: 'eu-west-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'x' } });
  const send = async (command: LookupEventsCommand) => {
    const input = command.input;
    const [attribute] = input.LookupAttributes ?? [];
    calls.push({ attribute: attribute?.AttributeKey ?? '', value: attribute?.AttributeValue ?? '' });
    const matching = events
      .filter((e) => (attribute?.AttributeKey === 'EventName' ? e.name === attribute.AttributeValue : String(e.readOnly) === attribute?.AttributeValue))
      .filter((e) => (!input.StartTime || e.time >= input.StartTime) && (!input.EndTime || e.time <= input.EndTime))
      .sort((a, b) => b.time.getTime() - a.time.getTime());
    const start = Number(input.NextToken ?? 0);
    const page = matching.slice(start, start + (input.MaxResults ?? 50));
    const next = start + page.length < matching.length ? String(start + page.length) : undefined;
    return {
      Events: page.map((e) => ({ EventId: e.id, EventName: e.name, EventTime: e.time, CloudTrailEvent: JSON.stringify({ eventID: e.id, eventName: e.name, eventTime: e.time.toISOString() }) })),
      ...(next ? { NextToken: next } : {}),
    };
  };
  Object.assign(client, { send });
  return { client, calls };
}

function visitWith(client: CloudTrailClient): AccountVisit {
  return { factory: { cloudtrail: () => client }, target: { account: '111122223333' } } as unknown as AccountVisit;
}

const UNTIL = new Date('2026-11-27T12:00:00Z');
const SINCE = new Date('2026-11-20T12:00:00Z');
const minutesBefore = (n: number): Date => new Date(UNTIL.getTime() - n * 60_000);

describe('pullRegion', () => {
  it('reads a quiet region in one sweep of its write events, keeping only chain events', async () => {
    const events: Stored[] = [
      { id: 'a', name: 'CreateSnapshot', time: minutesBefore(10), readOnly: false },
      { id: 'b', name: 'CreateTags', time: minutesBefore(20), readOnly: false },
      { id: 'c', name: 'ModifySnapshotAttribute', time: minutesBefore(30), readOnly: false },
      { id: 'd', name: 'DescribeSnapshots', time: minutesBefore(40), readOnly: true },
    ];
    const { client, calls } = fakeCloudTrail(events);
    const coverage = new CoverageRecorder('aws', '111122223333');
    const pulled = await pullRegion(visitWith(client), 'eu-west-1', REGIONAL_EVENT_NAMES, { since: SINCE, until: UNTIL }, coverage);
    expect(calls).toEqual([{ attribute: 'ReadOnly', value: 'false' }]);
    expect(pulled.records.map((r) => (r.record as { eventID: string }).eventID)).toEqual(['a', 'c']);
    expect(coverage.entries()).toEqual([expect.objectContaining({ status: 'ok', detail: expect.stringContaining('one sweep') })]);
  });

  it('finishes a busy region with per-name queries for what the sweep did not reach, each event once', async () => {
    // 2,000 routine writes a minute apart (more than 24 pages of 50), with a chain event every 100.
    const events: Stored[] = Array.from({ length: 2000 }, (_, i) => ({
      id: `e${i}`,
      name: i % 100 === 0 ? 'CreateSnapshot' : 'CreateTags',
      time: minutesBefore(i),
      readOnly: false,
    }));
    const { client, calls } = fakeCloudTrail(events);
    const coverage = new CoverageRecorder('aws', '111122223333');
    const pulled = await pullRegion(visitWith(client), 'eu-west-1', REGIONAL_EVENT_NAMES, { since: SINCE, until: UNTIL }, coverage);
    const ids = pulled.records.map((r) => (r.record as { eventID: string }).eventID);
    expect(ids.sort()).toEqual(events.filter((e) => e.name === 'CreateSnapshot').map((e) => e.id).sort());
    expect(new Set(ids).size).toBe(ids.length);
    // The sweep stops at the budget (one page per name), then one query per name.
    expect(calls.filter((c) => c.attribute === 'ReadOnly')).toHaveLength(REGIONAL_EVENT_NAMES.length);
    expect(calls.filter((c) => c.attribute === 'EventName').map((c) => c.value)).toEqual([...REGIONAL_EVENT_NAMES]);
    expect(coverage.entries()).toEqual([expect.objectContaining({ status: 'ok', detail: expect.stringContaining('24 of 24 event names') })]);
  });
});
