// The emulator's parts on their own: XML escaping, query parsing, filters, tokens, the token
// bucket, estate and knob validation, and shutting down with calls in flight.
import { describe, expect, it } from 'vitest';
import { AwsApiError } from '../../src/emulator/aws/errors.js';
import { applyFilters, matchesWildcard } from '../../src/emulator/aws/filters.js';
import { flattenJson } from '../../src/emulator/aws/json-protocol.js';
import { fingerprintOf, paginate } from '../../src/emulator/aws/pagination.js';
import { filters, parseQuery, scalar, scalarList, wrappedFilters } from '../../src/emulator/aws/query.js';
import { escapeXml, itemSet, leaf, node, renderXml, tagList, valueList } from '../../src/emulator/aws/xml.js';
import { parseEstate } from '../../src/emulator/estate.js';
import { startEmulator } from '../../src/emulator/index.js';
import { TokenBuckets } from '../../src/emulator/token-bucket.js';
import { InputError } from '../../src/errors.js';
import { testEstate } from './fixtures.js';

describe('escapeXml', () => {
  it('escapes markup and encodes characters XML 1.0 cannot carry', () => {
    expect(escapeXml(`<a href="x">&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;');
    expect(escapeXml('\u0000\u0008\u001b\r')).toBe('&#x0;&#x8;&#x1b;&#xd;');
    expect(escapeXml('tab\tnewline\n')).toBe('tab\tnewline\n');
    expect(escapeXml('\ud800 lone')).toBe('&#xd800; lone');
    expect(escapeXml('😀 é')).toBe('😀 é');
  });

  it('renders absent members as nothing and lists as items', () => {
    const xml = renderXml(node('R', [leaf('a', 1), leaf('b', undefined), itemSet('s', [[leaf('k', true)], []])], { xmlns: 'urn:x' }));
    expect(xml).toBe('<?xml version="1.0" encoding="UTF-8"?>\n<R xmlns="urn:x"><a>1</a><s><item><k>true</k></item><item></item></s></R>');
  });
});

describe('awsQuery lists', () => {
  it('renders tags and value lists under their member names', () => {
    const xml = renderXml(node('R', [tagList({ k: '<v>' }), valueList('AttributeValues', 'AttributeValue', ['all', '1'])]));
    expect(xml).toContain('<TagList><Tag><Key>k</Key><Value>&lt;v&gt;</Value></Tag></TagList>');
    expect(xml).toContain('<AttributeValues><AttributeValue>all</AttributeValue><AttributeValue>1</AttributeValue></AttributeValues>');
  });

  it('reads RDS filters wrapped in their member names', () => {
    const { root } = parseQuery(
      new URLSearchParams('Filters.Filter.2.Name=b&Filters.Filter.2.Values.Value.1=z&Filters.Filter.1.Name=a&Filters.Filter.1.Values.Value.2=y&Filters.Filter.1.Values.Value.1=x'),
    );
    expect(wrappedFilters(root)).toEqual([
      { name: 'a', values: ['x', 'y'] },
      { name: 'b', values: ['z'] },
    ]);
    expect(filters(root)).toEqual([]);
  });
});

describe('flattenJson', () => {
  it('flattens a JSON request for the call log, dropping nulls', () => {
    expect(flattenJson({ MaxResults: 5, Filter: { Tags: ['a', 'b'] }, Next: null, Flag: false })).toEqual({
      MaxResults: '5',
      'Filter.Tags.1': 'a',
      'Filter.Tags.2': 'b',
      Flag: 'false',
    });
  });
});

describe('parseQuery', () => {
  it('reads numbered lists and structures in index order', () => {
    const { root, flat } = parseQuery(
      new URLSearchParams('Action=X&Owner.2=b&Owner.10=c&Owner.1=a&Filter.1.Name=status&Filter.1.Value.2=y&Filter.1.Value.1=x&SnapshotId=snap-1'),
    );
    expect(scalarList(root, 'Owner')).toEqual(['a', 'b', 'c']);
    expect(filters(root)).toEqual([{ name: 'status', values: ['x', 'y'] }]);
    expect(scalar(root, 'SnapshotId')).toBe('snap-1');
    expect(flat['Filter.1.Value.2']).toBe('y');
  });
});

describe('filters', () => {
  it('matches wildcards literally otherwise', () => {
    expect(matchesWildcard('snap-0a01', 'snap-*')).toBe(true);
    expect(matchesWildcard('snap-0a01', 'snap-0a0?')).toBe(true);
    expect(matchesWildcard('snap-0a01', 'snap-0a0')).toBe(false);
    expect(matchesWildcard('a*b', 'a\\*b')).toBe(true);
    expect(matchesWildcard('axb', 'a\\*b')).toBe(false);
    expect(matchesWildcard('a.b', 'a.b')).toBe(true);
    expect(matchesWildcard('axb', 'a.b')).toBe(false);
  });

  it('ANDs filters, ORs values and refuses unknown names even on empty lists', () => {
    interface Item {
      readonly n: string;
      readonly t: Record<string, string>;
    }
    const spec = { fields: { n: (x: Item) => [x.n] }, tags: (x: Item) => x.t };
    const items: Item[] = [
      { n: 'a', t: { env: 'prod' } },
      { n: 'b', t: { env: 'dev' } },
      { n: 'c', t: {} },
    ];
    expect(applyFilters(items, [{ name: 'n', values: ['a', 'b'] }, { name: 'tag:env', values: ['dev'] }], spec).map((x) => x.n)).toEqual(['b']);
    expect(applyFilters(items, [{ name: 'tag-key', values: ['env'] }], spec).map((x) => x.n)).toEqual(['a', 'b']);
    expect(() => applyFilters([], [{ name: 'nope', values: ['1'] }], spec)).toThrow(AwsApiError);
  });

  it('matches literally and words unknown names as the service says when asked', () => {
    const spec = {
      fields: { n: (x: string) => [x] },
      wildcards: false,
      unknownFilter: (name: string) => new AwsApiError('InvalidParameterValue', `Unrecognized filter name: ${name}`),
    };
    expect(applyFilters(['a*', 'ab'], [{ name: 'n', values: ['a*'] }], spec)).toEqual(['a*']);
    expect(() => applyFilters([], [{ name: 'nope', values: [] }], spec)).toThrow('Unrecognized filter name: nope');
  });
});

describe('paginate', () => {
  const items = Array.from({ length: 7 }, (_, i) => i);
  const fingerprint = fingerprintOf('scope', { 'Owner.1': 'self', MaxResults: '5' });

  it('ignores paging parameters in the fingerprint', () => {
    expect(fingerprintOf('scope', { 'Owner.1': 'self', MaxResults: '9', NextToken: 't' })).toBe(fingerprint);
    expect(fingerprintOf('scope', { 'Owner.1': 'other' })).not.toBe(fingerprint);
  });

  it('walks pages of min(MaxResults, pageCap) and refuses foreign tokens', () => {
    const first = paginate(items, { maxResults: 5, pageCap: 3, nextToken: undefined, fingerprint });
    expect(first.items).toEqual([0, 1, 2]);
    const second = paginate(items, { maxResults: 5, pageCap: 3, nextToken: first.nextToken, fingerprint });
    expect(second.items).toEqual([3, 4, 5]);
    const last = paginate(items, { maxResults: 5, pageCap: undefined, nextToken: second.nextToken, fingerprint });
    expect([last.items, last.nextToken]).toEqual([[6], undefined]);
    expect(() => paginate(items, { maxResults: 5, pageCap: undefined, nextToken: first.nextToken, fingerprint: 'other' })).toThrow(
      expect.objectContaining({ code: 'InvalidPaginationToken' }),
    );
  });
});

describe('TokenBuckets', () => {
  it('grants the burst, refuses when empty and refills with time', () => {
    const buckets = new TokenBuckets({ burst: 2, refillPerSecond: 4 });
    expect([buckets.take('k', 0), buckets.take('k', 0), buckets.take('k', 0)]).toEqual([true, true, false]);
    expect(buckets.take('other', 0)).toBe(true);
    expect(buckets.take('k', 100)).toBe(false);
    expect(buckets.take('k', 250)).toBe(true);
    expect(buckets.take('k', 10_000)).toBe(true);
    expect(buckets.take('k', 10_000)).toBe(true);
    expect(buckets.take('k', 10_000)).toBe(false);
  });

  it('takes a per-call limit over the default', () => {
    const buckets = new TokenBuckets({ burst: 1, refillPerSecond: 1 });
    const rds = { burst: 3, refillPerSecond: 1 };
    expect([1, 2, 3, 4].map(() => buckets.take('rds', 0, rds))).toEqual([true, true, true, false]);
    expect([buckets.take('ec2', 0), buckets.take('ec2', 0)]).toEqual([true, false]);
  });
});

describe('estate and knob validation', () => {
  it('rejects a bad estate with a message naming the path', () => {
    const estate = testEstate();
    const account = estate.aws?.accounts[0];
    if (account === undefined) throw new Error('fixture has no account');
    account.id = '1234';
    expect(() => parseEstate(estate)).toThrow(InputError);
    expect(() => parseEstate(estate)).toThrow(/invalid estate at aws\.accounts\.0\.id: an AWS account id is 12 digits/);
    expect(() => parseEstate({ aws: { accounts: [], extra: 1 } })).toThrow(/invalid estate at aws/);
  });

  it('refuses to start on a bad estate or bad knobs', async () => {
    await expect(startEmulator({ estate: { aws: { accounts: [{ id: '111111111111' }] } } })).rejects.toThrow(/aws\.accounts\.0\.regions/);
    await expect(startEmulator({ estate: testEstate(), pageCap: 0 })).rejects.toThrow(/invalid emulator option pageCap/);
    await expect(startEmulator({ estate: testEstate(), faults: [{ kind: 'explode' as 'throttle' }] })).rejects.toThrow(/faults\.0\.kind/);
  });

  it('serves an estate without AWS accounts by refusing every key', async () => {
    const emu = await startEmulator({ estate: { description: 'empty' } });
    const response = await fetch(emu.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=DescribeRegions&Version=2016-11-15',
    });
    expect(response.status).toBe(401);
    expect(await response.text()).toMatch(/<Response><Errors><Error><Code>AuthFailure<\/Code><Message>.*<\/Message><\/Error><\/Errors><RequestID>[0-9a-f-]+<\/RequestID><\/Response>$/);
    await emu.close();
  });
});

describe('shutdown', () => {
  it('closes promptly while a timeout fault is hanging', async () => {
    const emu = await startEmulator({ estate: testEstate(), faults: [{ kind: 'timeout', delayMs: 60_000 }] });
    const pending = fetch(emu.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: 'AWS4-HMAC-SHA256 Credential=AKIAAAAAAAAAAAAAAAAA/20260101/eu-west-1/ec2/aws4_request, SignedHeaders=host, Signature=0',
      },
      body: 'Action=DescribeRegions&Version=2016-11-15',
    }).then(
      (r) => r.status,
      () => 'failed',
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = performance.now();
    await emu.close();
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(await pending).toSatisfy((outcome) => outcome === 500 || outcome === 'failed');
    expect(emu.calls().map((c) => c.status)).toEqual([500]);
  });
});
