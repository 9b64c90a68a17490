import { describe, expect, it } from 'vitest';
import { parseSince } from '../../../src/cli/log-options.js';
import { UsageError } from '../../../src/errors.js';

const NOW = new Date('2026-11-27T12:00:00Z');

describe('--since', () => {
  it.each([
    ['7d', '2026-11-20T12:00:00.000Z'],
    ['36h', '2026-11-26T00:00:00.000Z'],
    ['90m', '2026-11-27T10:30:00.000Z'],
    ['90d', '2026-08-29T12:00:00.000Z'],
  ])('%s starts at %s', (value, start) => {
    expect(parseSince(value, NOW).toISOString()).toBe(start);
  });

  it.each(['', '7', 'd', '7 days', '-1d', '0d', '91d', '2161h', '1w', '7d; rm -rf /'])('rejects "%s" with a usage error', (value) => {
    expect(() => parseSince(value, NOW)).toThrow(UsageError);
  });
});
