// AWS Organizations through the real SDK v3 client (awsJson1_1): DescribeOrganization from the
// management account, a member and an outsider; ListAccounts paging and who may call it.
import {
  AccessDeniedException,
  AWSOrganizationsNotInUseException,
  DescribeOrganizationCommand,
  ListAccountsCommand,
  paginateListAccounts,
  type Account,
  type OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { ACCOUNT_A, ACCOUNT_B, HOSTILE, KEY_B, organizationsClient, rejectionOf, stsClient, UNKNOWN_KEY } from './fixtures.js';
import { ACCOUNT_C, KEY_OUTSIDER, ORG_ID, ORG_ROLE, SERVICE_BULK, servicesEstate } from './services-fixtures.js';

let emu: RunningEmulator;
let management: OrganizationsClient;

beforeAll(async () => {
  emu = await startEmulator({ estate: servicesEstate() });
  management = organizationsClient(emu);
});

afterEach(() => {
  emu.resetCalls();
});

afterAll(async () => {
  management.destroy();
  await emu.close();
});

const ORGANIZATION = {
  Id: ORG_ID,
  Arn: `arn:aws:organizations::${ACCOUNT_A}:organization/${ORG_ID}`,
  FeatureSet: 'ALL',
  MasterAccountArn: `arn:aws:organizations::${ACCOUNT_A}:account/${ORG_ID}/${ACCOUNT_A}`,
  MasterAccountId: ACCOUNT_A,
  MasterAccountEmail: 'root@example.com',
};

async function allAccounts(client: OrganizationsClient, pageSize?: number): Promise<{ sizes: number[]; accounts: Account[] }> {
  const sizes: number[] = [];
  const accounts: Account[] = [];
  for await (const page of paginateListAccounts({ client, ...(pageSize === undefined ? {} : { pageSize }) }, {})) {
    sizes.push(page.Accounts?.length ?? 0);
    accounts.push(...(page.Accounts ?? []));
  }
  return { sizes, accounts };
}

describe('DescribeOrganization', () => {
  it('describes the organization to the management account and to a member alike', async () => {
    expect((await management.send(new DescribeOrganizationCommand({}))).Organization).toMatchObject(ORGANIZATION);
    const member = organizationsClient(emu, { accessKeyId: KEY_B });
    expect((await member.send(new DescribeOrganizationCommand({}))).Organization).toMatchObject(ORGANIZATION);
    member.destroy();
  });

  it('tells an account outside the organization that Organizations is not in use', async () => {
    const outsider = organizationsClient(emu, { accessKeyId: KEY_OUTSIDER });
    const error = await rejectionOf(outsider.send(new DescribeOrganizationCommand({})));
    expect(error).toBeInstanceOf(AWSOrganizationsNotInUseException);
    expect([error.name, error.$metadata?.httpStatusCode, error.message]).toEqual([
      'AWSOrganizationsNotInUseException',
      400,
      'Your account is not a member of an organization.',
    ]);
    outsider.destroy();
  });

  it('logs the global service in us-east-1 whatever region the client signs for', async () => {
    await management.send(new DescribeOrganizationCommand({}));
    expect(emu.calls().map((c) => [c.service, c.action, c.region])).toEqual([['organizations', 'DescribeOrganization', 'us-east-1']]);
  });
});

describe('ListAccounts', () => {
  it('lists every account with its state, paging by MaxResults and NextToken', async () => {
    const { sizes, accounts } = await allAccounts(management, 7);
    expect(sizes).toEqual([7, 7, 7, 4]);
    expect(accounts).toHaveLength(SERVICE_BULK.organizationMembers);
    expect(new Set(accounts.map((a) => a.Id)).size).toBe(SERVICE_BULK.organizationMembers);
    expect(accounts[0]).toEqual({
      Id: ACCOUNT_A,
      Arn: `arn:aws:organizations::${ACCOUNT_A}:account/${ORG_ID}/${ACCOUNT_A}`,
      Email: 'root@example.com',
      Name: 'management',
      Status: 'ACTIVE',
      State: 'ACTIVE',
      JoinedMethod: 'CREATED',
      JoinedTimestamp: new Date('2024-05-06T07:08:09.000Z'),
    });
    expect(accounts[1]).toMatchObject({ Id: ACCOUNT_B, Name: HOSTILE, State: 'SUSPENDED', JoinedMethod: 'INVITED' });
    expect(accounts[2]).toMatchObject({ Id: ACCOUNT_C, State: 'PENDING_CLOSURE' });
    expect(emu.calls()[1]?.params).toEqual({ MaxResults: '7', NextToken: expect.any(String) });
  });

  it('answers at most 20 accounts a page without MaxResults, and refuses MaxResults outside 1–20', async () => {
    expect((await allAccounts(management)).sizes).toEqual([20, 5]);
    for (const [MaxResults, reason] of [
      [21, 'MAX_VALUE_EXCEEDED'],
      [0, 'MIN_VALUE_EXCEEDED'],
    ] as const) {
      const error = await rejectionOf(management.send(new ListAccountsCommand({ MaxResults })));
      expect(error.name).toBe('InvalidInputException');
      expect((error as Error & { Reason?: string }).Reason).toBe(reason);
    }
    const madeUp = await rejectionOf(management.send(new ListAccountsCommand({ NextToken: 'bm9wZQ' })));
    expect((madeUp as Error & { Reason?: string }).Reason).toBe('INVALID_NEXT_TOKEN');
  });

  it('refuses a member that is not a delegated administrator with AccessDeniedException', async () => {
    const member = organizationsClient(emu, { accessKeyId: KEY_B });
    const error = await rejectionOf(member.send(new ListAccountsCommand({})));
    expect(error).toBeInstanceOf(AccessDeniedException);
    expect([error.name, error.$metadata?.httpStatusCode]).toEqual(['AccessDeniedException', 400]);
    const outsider = organizationsClient(emu, { accessKeyId: KEY_OUTSIDER });
    expect((await rejectionOf(outsider.send(new ListAccountsCommand({})))).name).toBe('AWSOrganizationsNotInUseException');
    member.destroy();
    outsider.destroy();
  });

  it('lets the delegated administrator list accounts through an assumed role', async () => {
    const sts = stsClient(emu, { accessKeyId: KEY_B });
    const { Credentials } = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT_C}:role/${ORG_ROLE}`, RoleSessionName: 'org' }));
    const delegated = organizationsClient(emu, {
      credentials: { accessKeyId: Credentials?.AccessKeyId ?? '', secretAccessKey: Credentials?.SecretAccessKey ?? '', sessionToken: Credentials?.SessionToken ?? '' },
    });
    expect((await allAccounts(delegated, 20)).accounts).toHaveLength(SERVICE_BULK.organizationMembers);
    expect(emu.calls().map((c) => [c.service, c.action, c.account])).toContainEqual(['organizations', 'ListAccounts', ACCOUNT_C]);
    delegated.destroy();
    sts.destroy();
  });

  it('refuses an unknown key with UnrecognizedClientException', async () => {
    const client = organizationsClient(emu, { accessKeyId: UNKNOWN_KEY });
    expect((await rejectionOf(client.send(new ListAccountsCommand({})))).name).toBe('UnrecognizedClientException');
    client.destroy();
  });
});
