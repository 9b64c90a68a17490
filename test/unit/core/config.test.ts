// The config file is validated before anything runs; every rejection names where and why.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AWS_REGION_PATTERN, DEFAULT_CONCURRENCY, loadConfig, parseConfig, trustedAccountsOf, type Config } from '../../../src/config.js';
import { EXIT, InputError } from '../../../src/errors.js';

const DEFAULTS: Config = {
  trustedAccounts: [],
  concurrency: DEFAULT_CONCURRENCY,
  aws: { maxAttempts: 6, requestTimeoutMs: 30_000, rateShare: 0.8, accountConcurrency: 4 },
  azure: { cloud: 'AzureCloud', maxRetries: 5, requestTimeoutMs: 30_000, rateShare: 0.8, subscriptionConcurrency: 4 },
  gcp: { internalDomains: [], maxRetries: 5, requestTimeoutMs: 30_000, rateShare: 0.8, projectConcurrency: 4 },
  logs: { windowHours: 72, newPrincipalHours: 24, benignCallers: [] },
};

/** The InputError `fn` throws; fails the test when it throws something else or nothing. */
function inputErrorOf(fn: () => unknown): InputError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error('expected an InputError, nothing was thrown');
}

async function rejectionOf(promise: Promise<unknown>): Promise<InputError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error('expected an InputError, the promise resolved');
}

const partner = { id: '444455556666', name: 'Backup vendor', reason: 'receives DR copies' };

describe('parseConfig', () => {
  it('an empty object gives the defaults', () => {
    expect(parseConfig({}, 'test')).toEqual(DEFAULTS);
    expect(DEFAULT_CONCURRENCY).toBe(16);
  });

  it('fills aws defaults around the keys that are given, and defaults a trusted account to aws', () => {
    const config = parseConfig({ aws: { profile: 'audit', rateShare: 0.5 }, trustedAccounts: [partner], regions: ['us-east-1', 'eu-central-2'], concurrency: 4 }, 'test');
    expect(config.aws).toEqual({ profile: 'audit', maxAttempts: 6, requestTimeoutMs: 30_000, rateShare: 0.5, accountConcurrency: 4 });
    expect(config.trustedAccounts).toEqual([{ provider: 'aws', ...partner }]);
    expect(config.regions).toEqual(['us-east-1', 'eu-central-2']);
    expect(config.concurrency).toBe(4);
  });

  it('accepts a $schema key', () => {
    expect(parseConfig({ $schema: './snapaudit.schema.json' }, 'test').$schema).toBe('./snapaudit.schema.json');
  });

  it('a trusted account without a reason → InputError naming trustedAccounts.0.reason and the source', () => {
    const error = inputErrorOf(() => parseConfig({ trustedAccounts: [{ id: '444455556666', name: 'Backup vendor' }] }, 'snapaudit.json'));
    expect(error.message).toContain('trustedAccounts.0.reason');
    expect(error.message).toContain('snapaudit.json');
    expect(error.exitCode).toBe(EXIT.usage);
  });

  it('an empty reason is refused with the schema message', () => {
    const error = inputErrorOf(() => parseConfig({ trustedAccounts: [partner, { ...partner, reason: '' }] }, 'test'));
    expect(error.message).toMatch(/trustedAccounts\.1\.reason: a reason is required/);
  });

  it('a bad region → InputError naming regions.0', () => {
    expect(inputErrorOf(() => parseConfig({ regions: ['us-east-1a'] }, 'test')).message).toMatch(/regions\.0: not a region name/);
    expect(inputErrorOf(() => parseConfig({ regions: ['eu-west-1', 'Mars'] }, 'test')).message).toContain('regions.1');
  });

  it('an empty region list is refused', () => {
    expect(inputErrorOf(() => parseConfig({ regions: [] }, 'test')).message).toContain('regions');
  });

  it('an unknown top-level key is refused, naming the key', () => {
    expect(inputErrorOf(() => parseConfig({ concurency: 8 }, 'test')).message).toMatch(/\(top level\).*concurency/);
  });

  it('an unknown key in a trusted account or the aws section is refused', () => {
    expect(inputErrorOf(() => parseConfig({ trustedAccounts: [{ ...partner, note: 'x' }] }, 'test')).message).toMatch(/trustedAccounts\.0.*note/);
    expect(inputErrorOf(() => parseConfig({ aws: { retries: 3 } }, 'test')).message).toMatch(/aws.*retries/);
  });

  it.each(['44445555666', '4444555566667', 'backup-vendor', '4444-5555-6666'])('an AWS trusted id that is not 12 digits (%s) is refused', (id) => {
    const error = inputErrorOf(() => parseConfig({ trustedAccounts: [{ ...partner, id }] }, 'test'));
    expect(error.message).toContain(`"${id}"`);
    expect(error.message).toMatch(/12-digit/);
  });

  it('an AWS organization ARN and a non-AWS id are accepted as trusted ids', () => {
    const config = parseConfig(
      {
        trustedAccounts: [
          { ...partner, id: 'arn:aws:organizations::111122223333:organization/o-a1b2c3d4e5' },
          { ...partner, provider: 'gcp', id: 'backup-project-42' },
        ],
      },
      'test',
    );
    expect(config.trustedAccounts.map((t) => t.id)).toEqual(['arn:aws:organizations::111122223333:organization/o-a1b2c3d4e5', 'backup-project-42']);
  });

  it.each([
    [{ concurrency: 0 }, 'concurrency'],
    [{ concurrency: 257 }, 'concurrency'],
    [{ concurrency: 2.5 }, 'concurrency'],
    [{ aws: { maxAttempts: 0 } }, 'aws.maxAttempts'],
    [{ aws: { rateShare: 0 } }, 'aws.rateShare'],
    [{ aws: { rateShare: 1.5 } }, 'aws.rateShare'],
    [{ aws: { requestTimeoutMs: 50 } }, 'aws.requestTimeoutMs'],
    [{ trustedAccounts: [{ ...partner, provider: 'oracle' }] }, 'trustedAccounts.0.provider'],
  ])('out-of-range %j → names %s', (input, where) => {
    expect(inputErrorOf(() => parseConfig(input, 'test')).message).toContain(`${where}:`);
  });

  it('a non-object → InputError at the top level', () => {
    expect(inputErrorOf(() => parseConfig([], 'test')).message).toContain('(top level)');
    expect(inputErrorOf(() => parseConfig(null, 'test')).message).toContain('(top level)');
  });
});

describe('AWS_REGION_PATTERN', () => {
  it.each(['us-east-1', 'eu-central-2', 'us-gov-west-1', 'cn-north-1', 'us-isob-east-1', 'ap-southeast-10'])('accepts %s', (region) => {
    expect(AWS_REGION_PATTERN.test(region)).toBe(true);
  });

  it.each(['us-east', 'US-EAST-1', 'us-east-1a', 'useast1', ' us-east-1', 'us-east-100'])('rejects %j', (region) => {
    expect(AWS_REGION_PATTERN.test(region)).toBe(false);
  });
});

describe('trustedAccountsOf', () => {
  it('returns plain trusted accounts with the provider filled in', () => {
    expect(trustedAccountsOf(parseConfig({ trustedAccounts: [partner] }, 'test'))).toEqual([{ provider: 'aws', ...partner }]);
  });
});

describe('loadConfig', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'snapaudit-config-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('no path → the defaults', async () => {
    await expect(loadConfig(undefined)).resolves.toEqual(DEFAULTS);
  });

  it('reads and validates a file', async () => {
    const path = join(dir, 'good.json');
    await writeFile(path, JSON.stringify({ trustedAccounts: [partner], concurrency: 8 }), 'utf8');
    const config = await loadConfig(path);
    expect(config.concurrency).toBe(8);
    expect(config.trustedAccounts).toEqual([{ provider: 'aws', ...partner }]);
  });

  it('a missing file → InputError with the path and the errno code', async () => {
    const path = join(dir, 'absent.json');
    const error = await rejectionOf(loadConfig(path));
    expect(error.message).toContain(path);
    expect(error.message).toContain('ENOENT');
  });

  it('a directory → InputError with the path', async () => {
    expect((await rejectionOf(loadConfig(dir))).message).toContain(dir);
  });

  it('invalid JSON → InputError with the path', async () => {
    const path = join(dir, 'broken.json');
    await writeFile(path, '{ "concurrency": 8, }', 'utf8');
    const error = await rejectionOf(loadConfig(path));
    expect(error.message).toContain(path);
    expect(error.message).toMatch(/not valid JSON/);
  });

  it('valid JSON that fails validation → InputError naming the path and the field', async () => {
    const path = join(dir, 'invalid.json');
    await writeFile(path, JSON.stringify({ regions: ['nowhere'] }), 'utf8');
    const error = await rejectionOf(loadConfig(path));
    expect(error.message).toContain(path);
    expect(error.message).toContain('regions.0');
  });
});

describe('the logs section', () => {
  it('takes a window, a new-principal age and benign callers with their reasons', () => {
    const config = parseConfig({ logs: { windowHours: 24, benignCallers: [{ provider: 'aws', id: 'arn:aws:iam::*:role/AWSBackupDefaultServiceRole', reason: 'AWS Backup takes the nightly snapshots' }] } }, 'test');
    expect(config.logs).toEqual({ windowHours: 24, newPrincipalHours: 24, benignCallers: [{ provider: 'aws', id: 'arn:aws:iam::*:role/AWSBackupDefaultServiceRole', reason: 'AWS Backup takes the nightly snapshots' }] });
  });

  it('refuses a benign caller without a reason, naming the field', () => {
    expect(inputErrorOf(() => parseConfig({ logs: { benignCallers: [{ provider: 'aws', id: 'x', reason: '' }] } }, 'c.json')).message).toMatch(/logs\.benignCallers\.0\.reason/);
  });
});
