// Address and port arithmetic: exact containment, not text prefixes.
import { describe, expect, it } from 'vitest';
import { contains, intersect, isPublicRange, parseCidr, subtract } from '../../../src/net.js';

describe('isPublicRange', () => {
  it.each([
    ['10.0.0.0/8', false],
    ['10.1.2.3', false],
    ['172.16.0.0/12', false],
    ['172.32.0.0/16', true],
    ['192.168.1.0/24', false],
    ['100.64.0.0/10', false],
    ['127.0.0.1', false],
    ['169.254.169.254', false],
    ['0.0.0.0/0', true],
    // Half of a /7 starting at 10/8 is 11/8: public, though the text starts like a private range.
    ['10.0.0.0/7', true],
    ['172.16.0.0/11', true],
    ['198.51.100.0/24', true],
    ['::/0', true],
    ['fd00::/8', false],
    ['fe80::1', false],
    ['2001:db8::/32', true],
    ['not-a-cidr', false],
  ])('%s → %s', (text, expected) => {
    expect(isPublicRange(text)).toBe(expected);
  });
});

describe('parseCidr and contains', () => {
  it('compares whole prefixes of the same family', () => {
    const world = parseCidr('0.0.0.0/0')!;
    expect(contains(world, parseCidr('203.0.113.7')!)).toBe(true);
    expect(contains(parseCidr('10.0.0.0/8')!, parseCidr('10.0.0.0/7')!)).toBe(false);
    expect(contains(world, parseCidr('::1')!)).toBe(false);
    expect(parseCidr('10.0.0.0/33')).toBeUndefined();
    expect(parseCidr('::ffff:10.0.0.1')).toEqual(expect.objectContaining({ family: 'v6', bits: 128 }));
  });
});

describe('port ranges', () => {
  it('intersects and subtracts', () => {
    expect(intersect({ from: 20, to: 25 }, { from: 22, to: 22 })).toEqual({ from: 22, to: 22 });
    expect(intersect({ from: 20, to: 21 }, { from: 22, to: 22 })).toBeUndefined();
    expect(subtract([{ from: 0, to: 65535 }], { from: 22, to: 22 })).toEqual([
      { from: 0, to: 21 },
      { from: 23, to: 65535 },
    ]);
  });
});
