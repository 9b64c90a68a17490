// IAM (awsQuery) and the Organizations reads behind SCPs, through the real SDK v3 clients:
// GetAccountAuthorizationDetails with its filter and paging, URL-encoded policy documents, the
// credential report's generate/in-progress/expired flow and exact CSV, the password policy and
// account summary, assumed-role sessions in a member, faults, and the organization's units and
// service control policies.
import {
  CredentialReportExpiredException,
  CredentialReportNotPresentException,
  CredentialReportNotReadyException,
  GenerateCredentialReportCommand,
  GetAccountAuthorizationDetailsCommand,
  GetAccountPasswordPolicyCommand,
  GetAccountSummaryCommand,
  GetCredentialReportCommand,
  NoSuchEntityException,
  paginateGetAccountAuthorizationDetails,
  type GetAccountAuthorizationDetailsCommandOutput,
  type IAMClient,
  type EntityType,
} from '@aws-sdk/client-iam';
import {
  ChildNotFoundException,
  DescribePolicyCommand,
  ListParentsCommand,
  ListPoliciesForTargetCommand,
  ListRootsCommand,
  paginateListPoliciesForTarget,
  PolicyNotFoundException,
  TargetNotFoundException,
  type OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { CREDENTIAL_REPORT_COLUMNS } from '../../src/emulator/aws/index.js';
import {
  DEMO_ACCOUNT,
  DEMO_ANALYTICS_ACCOUNT,
  DEMO_AUDIT_ROLE,
  DEMO_CREDENTIALS,
  DEMO_DATA_ACCOUNT,
  DEMO_DENY_SHARING_SCP,
  DEMO_ESTATE,
  DEMO_NOW,
  DEMO_PRODUCTION_OU,
  DEMO_TRUSTED_ACCOUNT,
} from '../../src/emulator/demo-estate.js';
import { parseEstate } from '../../src/emulator/estate.js';
import { SERVED_ACTIONS, startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import {
  ACCOUNT_A,
  ACCOUNT_B,
  ACCOUNT_C,
  DENY_SHARING_SCP,
  HOSTILE,
  HOSTILE_POLICY,
  IAM_BULK_USERS,
  iamClient,
  identityEstate,
  KEY_B,
  OPS_POLICY,
  OPS_POLICY_V1,
  organizationsClient,
  OU_NESTED,
  OU_PROD,
  rejectionOf,
  ROOT_ID,
  SCP_DENY_LEAVE,
  SCP_DENY_SHARING,
  SNAPSHOT_COPY_POLICY,
  stsClient,
  TRUST_B,
  UNKNOWN_KEY,
  type TemporaryCredentials,
} from './fixtures.js';

let emu: RunningEmulator;
let iam: IAMClient;

beforeAll(async () => {
  emu = await startEmulator({ estate: identityEstate() });
  iam = iamClient(emu);
});

afterEach(() => {
  vi.useRealTimers();
  emu.configure({ faults: [], rateLimit: false, pageCap: undefined });
  emu.resetCalls();
});

afterAll(async () => {
  iam.destroy();
  await emu.close();
});

/** A document as IAM sends it: URL-encoded JSON. */
const decode = (encoded: string | undefined): unknown => JSON.parse(decodeURIComponent(encoded ?? ''));

type Details = Pick<GetAccountAuthorizationDetailsCommandOutput, 'UserDetailList' | 'GroupDetailList' | 'RoleDetailList' | 'Policies'>;

async function allDetails(client: IAMClient, pageSize?: number, filter?: EntityType[]): Promise<{ sizes: number[]; details: Required<Details> }> {
  const sizes: number[] = [];
  const details: Required<Details> = { UserDetailList: [], GroupDetailList: [], RoleDetailList: [], Policies: [] };
  for await (const page of paginateGetAccountAuthorizationDetails({ client, ...(pageSize === undefined ? {} : { pageSize }) }, filter === undefined ? {} : { Filter: filter })) {
    const lists = [page.UserDetailList ?? [], page.GroupDetailList ?? [], page.RoleDetailList ?? [], page.Policies ?? []];
    sizes.push(lists.reduce((sum, l) => sum + l.length, 0));
    details.UserDetailList.push(...(page.UserDetailList ?? []));
    details.GroupDetailList.push(...(page.GroupDetailList ?? []));
    details.RoleDetailList.push(...(page.RoleDetailList ?? []));
    details.Policies.push(...(page.Policies ?? []));
  }
  return { sizes, details };
}

async function assumeAudit(): Promise<TemporaryCredentials> {
  const sts = stsClient(emu);
  const { Credentials } = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT_C}:role/Audit`, RoleSessionName: 'iam-test' }));
  sts.destroy();
  return { accessKeyId: Credentials?.AccessKeyId ?? '', secretAccessKey: Credentials?.SecretAccessKey ?? '', sessionToken: Credentials?.SessionToken ?? '' };
}

/** RFC 4180: quoted fields may hold commas, quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] ?? '';
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n') {
      rows.push([...row, field]);
      row = [];
      field = '';
    } else field += ch;
  }
  rows.push([...row, field]);
  return rows;
}

async function credentialReport(client: IAMClient): Promise<Record<string, string>[]> {
  const { Content, ReportFormat } = await client.send(new GetCredentialReportCommand({}));
  expect(ReportFormat).toBe('text/csv');
  const [header = [], ...rows] = parseCsv(Buffer.from(Content ?? new Uint8Array()).toString('utf8'));
  expect(header).toEqual([...CREDENTIAL_REPORT_COLUMNS]);
  return rows.map((row) => Object.fromEntries(header.map((column, i) => [column, row[i] ?? '<missing>'])));
}

describe('GetAccountAuthorizationDetails', () => {
  it('pages every user, group, role and managed policy together by MaxItems and Marker', async () => {
    // 33 users, 2 groups, 3 roles (one only in the STS roles), 2 customer and 3 AWS managed policies.
    const total = IAM_BULK_USERS + 3 + 2 + 3 + 5;
    const { sizes, details } = await allDetails(iam, 10);
    expect(sizes).toEqual([10, 10, 10, 10, total - 40]);
    expect(details.UserDetailList.map((u) => u.UserName).slice(0, 4)).toEqual(['alice', HOSTILE, 'dormant-bot', 'user-00']);
    expect(details.GroupDetailList.map((g) => g.GroupName)).toEqual(['admins', 'operators']);
    expect(details.RoleDetailList.map((r) => r.RoleName)).toEqual(['CrossAccountAdmin', 'SnapshotOps', 'Auditor']);
    expect(details.Policies.map((p) => p.Arn)).toEqual([
      `arn:aws:iam::${ACCOUNT_A}:policy/team/snapshot-ops`,
      `arn:aws:iam::${ACCOUNT_A}:policy/boundary`,
      'arn:aws:iam::aws:policy/AdministratorAccess',
      'arn:aws:iam::aws:policy/PowerUserAccess',
      'arn:aws:iam::aws:policy/ReadOnlyAccess',
    ]);
    // Without MaxItems IAM answers 100 entities a page.
    expect((await allDetails(iam)).sizes).toEqual([total]);
    expect(emu.calls().map((c) => c.params['Marker'] === undefined)).toEqual([true, false, false, false, false, true]);
  });

  it('describes a user with its groups, policies, tags and no boundary', async () => {
    const { UserDetailList, IsTruncated, Marker } = await iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['User'], MaxItems: 1 }));
    expect([IsTruncated, typeof Marker]).toEqual([true, 'string']);
    expect(UserDetailList).toEqual([
      {
        Path: '/',
        UserName: 'alice',
        UserId: expect.stringMatching(/^AIDA[A-Z2-7]{17}$/),
        Arn: `arn:aws:iam::${ACCOUNT_A}:user/alice`,
        CreateDate: new Date('2025-01-17T12:00:00.000Z'),
        UserPolicyList: [],
        GroupList: ['admins'],
        AttachedManagedPolicies: [],
        Tags: [{ Key: 'team', Value: 'platform' }],
      },
    ]);
    const { UserDetailList: users = [] } = await iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['User'] }));
    const bot = users.find((u) => u.UserName === 'dormant-bot');
    expect(bot?.PermissionsBoundary).toEqual({ PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: `arn:aws:iam::${ACCOUNT_A}:policy/boundary` });
    expect(bot?.UserPolicyList?.map((p) => [p.PolicyName, decode(p.PolicyDocument)])).toEqual([['snapshot-copy', SNAPSHOT_COPY_POLICY]]);
    expect(users.find((u) => u.UserName === 'user-07')?.AttachedManagedPolicies).toEqual([{ PolicyName: 'ReadOnlyAccess', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }]);
  });

  it('returns hostile user names, tags and policy text as data', async () => {
    const { UserDetailList = [] } = await iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['User'] }));
    const odd = UserDetailList.find((u) => u.Path === '/odd/');
    expect(odd?.UserName).toBe(HOSTILE);
    expect(odd?.Arn).toBe(`arn:aws:iam::${ACCOUNT_A}:user/odd/${HOSTILE}`);
    expect(odd?.Tags).toEqual([{ Key: HOSTILE, Value: HOSTILE }]);
    const document = odd?.UserPolicyList?.[0]?.PolicyDocument ?? '';
    // RFC 3986: nothing but unreserved characters and percent escapes on the wire.
    expect(document).toMatch(/^[A-Za-z0-9\-._~%]+$/);
    expect(decode(document)).toEqual(HOSTILE_POLICY);
  });

  it('describes groups, and roles with trust policies, boundaries and last use', async () => {
    const { GroupDetailList, RoleDetailList = [] } = await iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['Group', 'Role'] }));
    expect(GroupDetailList?.[0]).toMatchObject({
      GroupName: 'admins',
      GroupId: expect.stringMatching(/^AGPA[A-Z2-7]{17}$/),
      Arn: `arn:aws:iam::${ACCOUNT_A}:group/admins`,
      AttachedManagedPolicies: [{ PolicyName: 'AdministratorAccess', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }],
    });
    expect(GroupDetailList?.[1]).toMatchObject({ Path: '/ops/', Arn: `arn:aws:iam::${ACCOUNT_A}:group/ops/operators`, GroupPolicyList: [] });
    const [admin, ops, auditor] = RoleDetailList;
    expect(admin).toMatchObject({
      RoleName: 'CrossAccountAdmin',
      RoleId: expect.stringMatching(/^AROA[A-Z2-7]{17}$/),
      Arn: `arn:aws:iam::${ACCOUNT_A}:role/CrossAccountAdmin`,
      AttachedManagedPolicies: [{ PolicyName: 'AdministratorAccess', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }],
      RoleLastUsed: { LastUsedDate: new Date('2026-05-26T12:00:00.000Z'), Region: 'us-east-1' },
      Tags: [{ Key: 'owner', Value: 'security' }],
      InstanceProfileList: [],
    });
    expect(decode(admin?.AssumeRolePolicyDocument)).toEqual(TRUST_B);
    expect(ops).toMatchObject({
      Path: '/service/',
      Arn: `arn:aws:iam::${ACCOUNT_A}:role/service/SnapshotOps`,
      PermissionsBoundary: { PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: 'arn:aws:iam::aws:policy/PowerUserAccess' },
      RoleLastUsed: {},
    });
    expect(ops?.RolePolicyList?.map((p) => decode(p.PolicyDocument))).toEqual([SNAPSHOT_COPY_POLICY]);
    // A role the estate lists only for STS: its trust policy says who may assume it, and with what ExternalId.
    expect(decode(auditor?.AssumeRolePolicyDocument)).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: [`arn:aws:iam::${ACCOUNT_B}:root`, 'arn:aws:iam::333333333333:root'] },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'sts:ExternalId': 'ext-1' } },
        },
      ],
    });
    expect(auditor?.AttachedManagedPolicies).toEqual([]);
  });

  it('lists every customer managed policy with its versions, and AWS managed ones only where used', async () => {
    const local = await iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['LocalManagedPolicy'] }));
    const [ops, boundary] = local.Policies ?? [];
    expect(ops).toMatchObject({
      PolicyName: 'snapshot-ops',
      PolicyId: expect.stringMatching(/^ANPA[A-Z2-7]{17}$/),
      Path: '/team/',
      DefaultVersionId: 'v2',
      AttachmentCount: 2,
      PermissionsBoundaryUsageCount: 0,
      IsAttachable: true,
      Description: 'snapshot operations, MFA only',
      CreateDate: new Date('2025-08-05T12:00:00.000Z'),
      UpdateDate: new Date('2026-05-12T12:00:00.000Z'),
    });
    expect(ops?.PolicyVersionList?.map((v) => [v.VersionId, v.IsDefaultVersion, decode(v.Document)])).toEqual([
      ['v2', true, OPS_POLICY],
      ['v1', false, OPS_POLICY_V1],
    ]);
    expect(boundary).toMatchObject({ PolicyName: 'boundary', AttachmentCount: 0, PermissionsBoundaryUsageCount: 1, DefaultVersionId: 'v1' });
    expect(local.UserDetailList).toEqual([]);

    const aws = await iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['AWSManagedPolicy'] }));
    expect(aws.Policies?.map((p) => [p.PolicyName, p.AttachmentCount, p.PermissionsBoundaryUsageCount])).toEqual([
      ['AdministratorAccess', 2, 0],
      ['PowerUserAccess', 1, 1],
      ['ReadOnlyAccess', IAM_BULK_USERS, 0],
    ]);
    const documents = Object.fromEntries((aws.Policies ?? []).map((p) => [p.PolicyName, decode(p.PolicyVersionList?.find((v) => v.IsDefaultVersion)?.Document)]));
    expect(documents['AdministratorAccess']).toEqual({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
    expect(documents['PowerUserAccess']).toMatchObject({ Statement: [{ Effect: 'Allow', NotAction: ['iam:*', 'organizations:*', 'account:*'], Resource: '*' }, { Effect: 'Allow' }] });
    const readOnly = documents['ReadOnlyAccess'] as { Statement: { Action: string[] }[] };
    expect(readOnly.Statement.flatMap((s) => s.Action).every((a) => /:(Describe|Get|List|Generate|Simulate|LookupEvents|GetCallerIdentity)/.test(a))).toBe(true);
  });

  it('refuses a bad filter, page size or marker, and honours the page cap', async () => {
    const filter = await rejectionOf(iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['Person' as EntityType] })));
    expect([filter.name, filter.$metadata?.httpStatusCode]).toEqual(['ValidationError', 400]);
    expect(filter.message).toContain('Member must satisfy enum value set: [User, Role, Group, LocalManagedPolicy, AWSManagedPolicy]');
    for (const MaxItems of [0, 1001]) expect((await rejectionOf(iam.send(new GetAccountAuthorizationDetailsCommand({ MaxItems })))).name).toBe('ValidationError');
    const first = await iam.send(new GetAccountAuthorizationDetailsCommand({ MaxItems: 5 }));
    // A marker belongs to its request: replayed with another filter it is refused.
    const replayed = await rejectionOf(iam.send(new GetAccountAuthorizationDetailsCommand({ Marker: first.Marker, Filter: ['Role'] })));
    expect(replayed.name).toBe('ValidationError');
    emu.configure({ pageCap: 4 });
    expect((await allDetails(iam, 50, ['Group', 'Role'])).sizes).toEqual([4, 1]);
  });
});

describe('credential report', () => {
  it('is absent, then in progress, then complete, as IAM reports it', async () => {
    const client = iamClient(emu, { accessKeyId: KEY_B });
    const absent = await rejectionOf(client.send(new GetCredentialReportCommand({})));
    expect(absent).toBeInstanceOf(CredentialReportNotPresentException);
    expect([absent.name, absent.$metadata?.httpStatusCode]).toEqual(['CredentialReportNotPresentException', 410]);
    expect((await client.send(new GenerateCredentialReportCommand({}))).State).toBe('STARTED');
    const inProgress = await rejectionOf(client.send(new GetCredentialReportCommand({})));
    expect(inProgress).toBeInstanceOf(CredentialReportNotReadyException);
    expect([inProgress.name, inProgress.$metadata?.httpStatusCode]).toEqual(['CredentialReportNotReadyException', 404]);
    expect((await client.send(new GenerateCredentialReportCommand({}))).State).toBe('COMPLETE');
    const rows = await credentialReport(client);
    // An account without users: only the root row, without MFA by default.
    expect(rows.map((r) => [r['user'], r['arn'], r['mfa_active'], r['password_enabled']])).toEqual([['<root_account>', `arn:aws:iam::${ACCOUNT_B}:root`, 'false', 'not_supported']]);
    expect(emu.calls().map((c) => [`${c.service}:${c.action}`, c.status, c.errorCode])).toEqual([
      ['iam:GetCredentialReport', 410, 'ReportNotPresent'],
      ['iam:GenerateCredentialReport', 200, undefined],
      ['iam:GetCredentialReport', 404, 'ReportInProgress'],
      ['iam:GenerateCredentialReport', 200, undefined],
      ['iam:GetCredentialReport', 200, undefined],
    ]);
    client.destroy();
  });

  it('finishes on its own after a second, and expires four hours later', async () => {
    // A fresh emulator, whose reports no other test has started; long-term keys, which do not expire.
    const own = await startEmulator({ estate: identityEstate() });
    vi.useFakeTimers({ toFake: ['Date'], now: Date.parse('2026-06-01T12:00:00.000Z') });
    const client = iamClient(own, { accessKeyId: KEY_B });
    expect((await client.send(new GenerateCredentialReportCommand({}))).State).toBe('STARTED');
    vi.setSystemTime(Date.parse('2026-06-01T12:00:01.500Z'));
    const report = await client.send(new GetCredentialReportCommand({}));
    expect(report.GeneratedTime).toEqual(new Date('2026-06-01T12:00:00.000Z'));
    vi.setSystemTime(Date.parse('2026-06-01T16:00:02.000Z'));
    const expired = await rejectionOf(client.send(new GetCredentialReportCommand({})));
    expect(expired).toBeInstanceOf(CredentialReportExpiredException);
    expect([expired.name, expired.$metadata?.httpStatusCode]).toEqual(['CredentialReportExpiredException', 410]);
    expect((await client.send(new GenerateCredentialReportCommand({}))).State).toBe('STARTED');
    client.destroy();
    await own.close();
  });

  it("writes AWS's columns and words for the root user and every IAM user", async () => {
    await iam.send(new GenerateCredentialReportCommand({}));
    await iam.send(new GenerateCredentialReportCommand({}));
    const rows = await credentialReport(iam);
    expect(rows).toHaveLength(1 + 3 + IAM_BULK_USERS);
    const byUser = new Map(rows.map((r) => [r['user'], r]));
    expect(byUser.get('<root_account>')).toEqual({
      user: '<root_account>',
      arn: `arn:aws:iam::${ACCOUNT_A}:root`,
      user_creation_time: '2020-02-03T04:05:06+00:00',
      password_enabled: 'not_supported',
      password_last_used: '2026-05-29T12:00:00+00:00',
      password_last_changed: 'not_supported',
      password_next_rotation: 'not_supported',
      mfa_active: 'true',
      access_key_1_active: 'true',
      access_key_1_last_rotated: '2023-12-14T12:00:00+00:00',
      access_key_1_last_used_date: '2025-04-27T12:00:00+00:00',
      access_key_1_last_used_region: 'us-east-1',
      access_key_1_last_used_service: 's3',
      access_key_2_active: 'false',
      access_key_2_last_rotated: 'N/A',
      access_key_2_last_used_date: 'N/A',
      access_key_2_last_used_region: 'N/A',
      access_key_2_last_used_service: 'N/A',
      cert_1_active: 'false',
      cert_1_last_rotated: 'N/A',
      cert_2_active: 'false',
      cert_2_last_rotated: 'N/A',
    });
    // Password changed 30 days before T0 and a 90-day maximum age: next rotation 60 days after T0.
    expect(byUser.get('alice')).toMatchObject({
      password_enabled: 'true',
      password_last_used: '2026-05-31T12:00:00+00:00',
      password_last_changed: '2026-05-02T12:00:00+00:00',
      password_next_rotation: '2026-07-31T12:00:00+00:00',
      mfa_active: 'true',
      access_key_1_active: 'true',
      access_key_1_last_used_date: '2026-05-30T12:00:00+00:00',
      access_key_1_last_used_region: 'eu-west-1',
      access_key_1_last_used_service: 'ec2',
    });
    expect(byUser.get(HOSTILE)).toMatchObject({
      arn: `arn:aws:iam::${ACCOUNT_A}:user/odd/${HOSTILE}`,
      password_enabled: 'true',
      password_last_used: 'no_information',
      mfa_active: 'false',
      access_key_1_active: 'true',
      access_key_1_last_used_date: 'N/A',
      access_key_2_active: 'false',
      access_key_2_last_rotated: '2026-05-28T12:00:00+00:00',
    });
    expect(byUser.get('dormant-bot')).toMatchObject({
      password_enabled: 'false',
      password_last_used: 'N/A',
      password_last_changed: 'N/A',
      password_next_rotation: 'N/A',
      access_key_1_last_rotated: '2024-07-01T12:00:00+00:00',
      access_key_1_last_used_date: '2026-01-02T12:00:00+00:00',
    });
  });
});

describe('password policy and account summary', () => {
  it('answers the password policy, or NoSuchEntity where the account has none', async () => {
    expect((await iam.send(new GetAccountPasswordPolicyCommand({}))).PasswordPolicy).toEqual({
      MinimumPasswordLength: 14,
      RequireSymbols: true,
      RequireNumbers: true,
      RequireUppercaseCharacters: true,
      RequireLowercaseCharacters: true,
      AllowUsersToChangePassword: true,
      ExpirePasswords: true,
      MaxPasswordAge: 90,
      PasswordReusePrevention: 24,
      HardExpiry: false,
    });
    const member = iamClient(emu, { accessKeyId: KEY_B });
    const none = await rejectionOf(member.send(new GetAccountPasswordPolicyCommand({})));
    expect(none).toBeInstanceOf(NoSuchEntityException);
    expect([none.name, none.$metadata?.httpStatusCode, none.message]).toEqual(['NoSuchEntityException', 404, `The Password Policy with domain name ${ACCOUNT_B} cannot be found.`]);
    member.destroy();
  });

  it('summarises the account with the keys AWS documents: root MFA and keys, and counts of identities', async () => {
    expect(Object.keys((await iam.send(new GetAccountSummaryCommand({}))).SummaryMap ?? {})).not.toContain('AccountPasswordPresent');
    const { SummaryMap } = await iam.send(new GetAccountSummaryCommand({}));
    expect(SummaryMap).toMatchObject({
      AccountMFAEnabled: 1,
      AccountAccessKeysPresent: 1,
      Users: 3 + IAM_BULK_USERS,
      Groups: 2,
      Roles: 3,
      Policies: 2,
      MFADevices: 2,
      MFADevicesInUse: 2,
      UsersQuota: 5000,
    });
    const member = iamClient(emu, { accessKeyId: KEY_B });
    expect((await member.send(new GetAccountSummaryCommand({}))).SummaryMap).toMatchObject({ AccountMFAEnabled: 0, AccountAccessKeysPresent: 0, Users: 0, Roles: 0 });
    member.destroy();
  });
});

describe('identity, faults and the call log', () => {
  it('serves a member account to an assumed-role session, logged as that account in us-east-1', async () => {
    const client = iamClient(emu, { credentials: await assumeAudit(), region: 'ap-southeast-2' });
    const { details } = await allDetails(client);
    expect(details.UserDetailList.map((u) => u.Arn)).toEqual([`arn:aws:iam::${ACCOUNT_C}:user/c-user`]);
    expect(details.RoleDetailList.map((r) => r.Arn)).toEqual([`arn:aws:iam::${ACCOUNT_C}:role/Audit`]);
    expect((await rejectionOf(client.send(new GetAccountPasswordPolicyCommand({})))).name).toBe('NoSuchEntityException');
    expect((await client.send(new GetAccountSummaryCommand({}))).SummaryMap).toMatchObject({ AccountMFAEnabled: 0, Users: 1 });
    expect(emu.calls().map((c) => [`${c.service}:${c.action}`, c.account, c.region])).toEqual([
      ['sts:AssumeRole', ACCOUNT_A, 'eu-west-1'],
      ['iam:GetAccountAuthorizationDetails', ACCOUNT_C, 'us-east-1'],
      ['iam:GetAccountPasswordPolicy', ACCOUNT_C, 'us-east-1'],
      ['iam:GetAccountSummary', ACCOUNT_C, 'us-east-1'],
    ]);
    client.destroy();
  });

  it('denies IAM in one account only, in IAM words', async () => {
    emu.configure({ faults: [{ service: 'iam', account: ACCOUNT_A, kind: 'access-denied' }] });
    const denied = await rejectionOf(iam.send(new GetAccountAuthorizationDetailsCommand({})));
    expect([denied.name, denied.$metadata?.httpStatusCode]).toEqual(['AccessDenied', 403]);
    expect(denied.message).toContain('iam:GetAccountAuthorizationDetails');
    expect((await rejectionOf(iam.send(new GenerateCredentialReportCommand({})))).name).toBe('AccessDenied');
    const member = iamClient(emu, { accessKeyId: KEY_B });
    await member.send(new GetAccountAuthorizationDetailsCommand({}));
    expect(emu.calls().map((c) => [c.account, c.status, c.errorCode])).toEqual([
      [ACCOUNT_A, 403, 'AccessDenied'],
      [ACCOUNT_A, 403, 'AccessDenied'],
      [ACCOUNT_B, 200, undefined],
    ]);
    member.destroy();
  });

  it('throttles with Throttling, which the SDK retries', { timeout: 15_000 }, async () => {
    emu.configure({ faults: [{ service: 'iam', action: 'GetAccountSummary', kind: 'throttle', times: 1 }] });
    const client = iamClient(emu, { maxAttempts: 2 });
    expect((await client.send(new GetAccountSummaryCommand({}))).$metadata.attempts).toBe(2);
    expect(emu.calls()[0]?.errorCode).toBe('Throttling');
    client.destroy();
  });

  it('refuses an unknown key, and names every served action as an IAM permission', async () => {
    const stranger = iamClient(emu, { accessKeyId: UNKNOWN_KEY });
    const refused = await rejectionOf(stranger.send(new GetAccountSummaryCommand({})));
    expect([refused.name, refused.$metadata?.httpStatusCode]).toEqual(['InvalidClientTokenId', 403]);
    stranger.destroy();
    await iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['User', 'Role'], MaxItems: 3 }));
    expect(emu.calls().at(-1)).toMatchObject({ service: 'iam', action: 'GetAccountAuthorizationDetails', params: { 'Filter.member.1': 'User', 'Filter.member.2': 'Role', MaxItems: '3' } });
    expect(SERVED_ACTIONS.iam).toEqual(['GetAccountAuthorizationDetails', 'GenerateCredentialReport', 'GetCredentialReport', 'GetAccountPasswordPolicy', 'GetAccountSummary']);
  });
});

describe('estate validation', () => {
  const withIam = (iamSection: unknown) => {
    const estate = identityEstate() as { aws: { accounts: Record<string, unknown>[] } };
    estate.aws.accounts[1] = { ...estate.aws.accounts[1], iam: iamSection };
    return estate;
  };

  it('names the path of a dangling group, policy or role', () => {
    expect(() => parseEstate(withIam({ users: [{ name: 'u', groups: ['nope'] }] }))).toThrow(/invalid estate at aws\.accounts\.1\.iam\.users\.0\.groups\.0: no group nope in account 222222222222/);
    expect(() => parseEstate(withIam({ roles: [{ name: 'r', trustPolicy: {}, managedPolicies: ['arn:aws:iam::aws:policy/NoSuchPolicy'] }] }))).toThrow(
      /aws\.accounts\.1\.iam\.roles\.0\.managedPolicies\.0: unknown AWS managed policy arn:aws:iam::aws:policy\/NoSuchPolicy/,
    );
    expect(() => parseEstate(withIam({ users: [{ name: 'u', managedPolicies: [`arn:aws:iam::${ACCOUNT_A}:policy/boundary`] }] }))).toThrow(/is not a customer managed policy of account 222222222222/);
    expect(() => parseEstate(withIam({ users: [{ name: 'u', accessKeys: [{ created: '2026-01-01' }, { created: '2026-01-01' }, { created: '2026-01-01' }] }] }))).toThrow(/iam\.users\.0\.accessKeys: IAM allows at most two access keys per user/);
  });

  it('refuses an organization trail outside the management account and an SCP on a stranger', () => {
    const trail = identityEstate() as { aws: { accounts: Record<string, unknown>[]; organization: { policies: { targets: string[] }[] } } };
    trail.aws.accounts[1] = { ...trail.aws.accounts[1], trails: [{ name: 'rogue', homeRegion: 'eu-west-1', organizationTrail: true }] };
    expect(() => parseEstate(trail)).toThrow(/aws\.accounts\.1\.trails\.0\.organizationTrail: only the management account of the organization owns organization trails/);
    const scp = identityEstate() as { aws: { organization: { policies: { targets: string[] }[] } } };
    scp.aws.organization.policies[0]!.targets = ['999999999999'];
    expect(() => parseEstate(scp)).toThrow(/aws\.organization\.policies\.0\.targets\.0: 999999999999 is neither the root, a unit nor a member account/);
  });
});

describe('Organizations: units and service control policies', () => {
  let organizations: OrganizationsClient;
  beforeAll(() => {
    organizations = organizationsClient(emu);
  });
  afterAll(() => {
    organizations.destroy();
  });

  it('lists the root with the policy types in use', async () => {
    const { Roots } = await organizations.send(new ListRootsCommand({}));
    expect(Roots).toEqual([
      {
        Id: ROOT_ID,
        Arn: `arn:aws:organizations::${ACCOUNT_A}:root/o-testorg0001/${ROOT_ID}`,
        Name: 'Root',
        PolicyTypes: [
          { Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' },
          { Type: 'TAG_POLICY', Status: 'ENABLED' },
        ],
      },
    ]);
  });

  it('walks each account up through its units to the root', async () => {
    const parentOf = async (ChildId: string) => (await organizations.send(new ListParentsCommand({ ChildId }))).Parents;
    expect(await parentOf(ACCOUNT_A)).toEqual([{ Id: ROOT_ID, Type: 'ROOT' }]);
    expect(await parentOf(ACCOUNT_B)).toEqual([{ Id: OU_PROD, Type: 'ORGANIZATIONAL_UNIT' }]);
    expect(await parentOf(ACCOUNT_C)).toEqual([{ Id: OU_NESTED, Type: 'ORGANIZATIONAL_UNIT' }]);
    expect(await parentOf(OU_NESTED)).toEqual([{ Id: OU_PROD, Type: 'ORGANIZATIONAL_UNIT' }]);
    expect(await parentOf(OU_PROD)).toEqual([{ Id: ROOT_ID, Type: 'ROOT' }]);
    const missing = await rejectionOf(organizations.send(new ListParentsCommand({ ChildId: '999999999999' })));
    expect(missing).toBeInstanceOf(ChildNotFoundException);
  });

  it('lists the SCPs attached to each target, FullAWSAccess included unless detached', async () => {
    const scps = async (TargetId: string) =>
      ((await organizations.send(new ListPoliciesForTargetCommand({ TargetId, Filter: 'SERVICE_CONTROL_POLICY' }))).Policies ?? []).map((p) => [p.Id, p.Name, p.AwsManaged]);
    expect(await scps(ROOT_ID)).toEqual([
      ['p-FullAWSAccess', 'FullAWSAccess', true],
      [SCP_DENY_LEAVE, 'DenyLeaving', false],
    ]);
    expect(await scps(OU_PROD)).toEqual([
      ['p-FullAWSAccess', 'FullAWSAccess', true],
      [SCP_DENY_SHARING, 'DenySnapshotSharing', false],
    ]);
    expect(await scps(OU_NESTED)).toEqual([['p-FullAWSAccess', 'FullAWSAccess', true]]);
    expect(await scps(ACCOUNT_B)).toEqual([['p-FullAWSAccess', 'FullAWSAccess', true]]);
    expect(await scps(ACCOUNT_C)).toEqual([[SCP_DENY_LEAVE, 'DenyLeaving', false]]);
    const { Policies } = await organizations.send(new ListPoliciesForTargetCommand({ TargetId: OU_PROD, Filter: 'SERVICE_CONTROL_POLICY' }));
    expect(Policies?.[1]).toEqual({
      Id: SCP_DENY_SHARING,
      Arn: `arn:aws:organizations::${ACCOUNT_A}:policy/o-testorg0001/service_control_policy/${SCP_DENY_SHARING}`,
      Name: 'DenySnapshotSharing',
      Description: 'no snapshot sharing in production',
      Type: 'SERVICE_CONTROL_POLICY',
      AwsManaged: false,
    });
    const tags = await organizations.send(new ListPoliciesForTargetCommand({ TargetId: ROOT_ID, Filter: 'TAG_POLICY' }));
    expect(tags.Policies?.map((p) => p.Name)).toEqual(['tags']);
  });

  it('pages ListPoliciesForTarget and refuses unknown targets and filters', async () => {
    const sizes: number[] = [];
    for await (const page of paginateListPoliciesForTarget({ client: organizations, pageSize: 1 }, { TargetId: ROOT_ID, Filter: 'SERVICE_CONTROL_POLICY' })) sizes.push(page.Policies?.length ?? 0);
    expect(sizes).toEqual([1, 1]);
    expect(await rejectionOf(organizations.send(new ListPoliciesForTargetCommand({ TargetId: 'ou-test-nothere1', Filter: 'SERVICE_CONTROL_POLICY' })))).toBeInstanceOf(TargetNotFoundException);
    const filter = await rejectionOf(organizations.send(new ListPoliciesForTargetCommand({ TargetId: ROOT_ID, Filter: 'NOT_A_TYPE' as 'TAG_POLICY' })));
    expect([filter.name, (filter as Error & { Reason?: string }).Reason]).toEqual(['InvalidInputException', 'INVALID_ENUM_POLICY_TYPE']);
  });

  it('describes a policy with its JSON content', async () => {
    const { Policy } = await organizations.send(new DescribePolicyCommand({ PolicyId: SCP_DENY_SHARING }));
    expect(Policy?.PolicySummary?.Name).toBe('DenySnapshotSharing');
    expect(JSON.parse(Policy?.Content ?? '')).toEqual(DENY_SHARING_SCP);
    const full = await organizations.send(new DescribePolicyCommand({ PolicyId: 'p-FullAWSAccess' }));
    expect(JSON.parse(full.Policy?.Content ?? '')).toEqual({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
    expect(full.Policy?.PolicySummary).toMatchObject({ Arn: 'arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess', AwsManaged: true });
    expect(await rejectionOf(organizations.send(new DescribePolicyCommand({ PolicyId: 'p-doesnotexist' })))).toBeInstanceOf(PolicyNotFoundException);
    expect(emu.calls().map((c) => `${c.service}:${c.action}`)).toEqual(['organizations:DescribePolicy', 'organizations:DescribePolicy', 'organizations:DescribePolicy']);
  });

  it('answers members AccessDeniedException, and an injected denial in its own words', async () => {
    const member = organizationsClient(emu, { accessKeyId: KEY_B });
    for (const command of [new ListParentsCommand({ ChildId: ACCOUNT_B }), new ListPoliciesForTargetCommand({ TargetId: ACCOUNT_B, Filter: 'SERVICE_CONTROL_POLICY' }), new DescribePolicyCommand({ PolicyId: SCP_DENY_SHARING })]) {
      expect((await rejectionOf(member.send(command as ListParentsCommand))).name).toBe('AccessDeniedException');
    }
    member.destroy();
    emu.configure({ faults: [{ service: 'organizations', action: 'ListPoliciesForTarget', kind: 'access-denied' }] });
    const denied = await rejectionOf(organizations.send(new ListPoliciesForTargetCommand({ TargetId: ROOT_ID, Filter: 'SERVICE_CONTROL_POLICY' })));
    expect(denied.message).toContain('organizations:ListPoliciesForTarget');
    expect(SERVED_ACTIONS.organizations).toEqual(['DescribeOrganization', 'ListAccounts', 'ListRoots', 'ListParents', 'ListPoliciesForTarget', 'DescribePolicy']);
  });
});

describe('the demo organization', () => {
  let demo: RunningEmulator;
  const asAccount = async (accountId: string): Promise<TemporaryCredentials> => {
    const sts = stsClient(demo, { accessKeyId: DEMO_CREDENTIALS.accessKeyId, region: 'us-east-1' });
    const { Credentials } = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${accountId}:role/${DEMO_AUDIT_ROLE}`, RoleSessionName: 'demo' }));
    sts.destroy();
    return { accessKeyId: Credentials?.AccessKeyId ?? '', secretAccessKey: Credentials?.SecretAccessKey ?? '', sessionToken: Credentials?.SessionToken ?? '' };
  };
  const daysBefore = (iso: string | undefined): number => (DEMO_NOW - Date.parse(iso ?? '')) / 86_400_000;

  beforeAll(async () => {
    demo = await startEmulator({ estate: DEMO_ESTATE });
  });
  afterAll(async () => {
    await demo.close();
  });

  it('gives the management account an admin role for the DR partner, a dormant sharer, a developer without MFA and an MFA-only operators role', async () => {
    const client = iamClient(demo, { accessKeyId: DEMO_CREDENTIALS.accessKeyId, region: 'us-east-1' });
    const { details } = await allDetails(client);
    const role = (name: string) => details.RoleDetailList.find((r) => r.RoleName === name);
    expect(role('CrossAccountAdmin')?.AttachedManagedPolicies?.map((p) => p.PolicyArn)).toEqual(['arn:aws:iam::aws:policy/AdministratorAccess']);
    expect(decode(role('CrossAccountAdmin')?.AssumeRolePolicyDocument)).toMatchObject({ Statement: [{ Principal: { AWS: `arn:aws:iam::${DEMO_TRUSTED_ACCOUNT}:role/DrAutomation` } }] });
    const bot = details.UserDetailList.find((u) => u.UserName === 'legacy-backup-bot');
    expect(decode(bot?.UserPolicyList?.[0]?.PolicyDocument)).toMatchObject({ Statement: [{ Effect: 'Allow', Action: ['ec2:ModifySnapshotAttribute', 'ec2:CopySnapshot'], Resource: '*' }] });
    expect(details.GroupDetailList.find((g) => g.GroupName === 'developers')?.AttachedManagedPolicies?.[0]?.PolicyName).toBe('PowerUserAccess');
    const ops = details.Policies.find((p) => p.PolicyName === 'snapshot-operations');
    expect(decode(ops?.PolicyVersionList?.find((v) => v.IsDefaultVersion)?.Document)).toMatchObject({ Statement: [{ Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }] });

    await client.send(new GenerateCredentialReportCommand({}));
    await client.send(new GenerateCredentialReportCommand({}));
    const rows = new Map((await credentialReport(client)).map((r) => [r['user'], r]));
    expect(daysBefore(rows.get('legacy-backup-bot')?.['access_key_1_last_used_date'])).toBeGreaterThanOrEqual(120);
    expect(rows.get('legacy-backup-bot')?.['password_enabled']).toBe('false');
    expect([rows.get('jdoe')?.['password_enabled'], rows.get('jdoe')?.['mfa_active']]).toEqual(['true', 'false']);
    expect(daysBefore(rows.get('jdoe')?.['password_last_used'])).toBeLessThan(30);
    expect(rows.get('<root_account>')?.['mfa_active']).toBe('true');
    expect((await client.send(new GetAccountPasswordPolicyCommand({}))).PasswordPolicy).toMatchObject({ MinimumPasswordLength: 14, MaxPasswordAge: 90, PasswordReusePrevention: 24 });
    client.destroy();
  });

  it('leaves root MFA off and the password policy weak in the data account, whose unit denies snapshot sharing', async () => {
    const data = iamClient(demo, { credentials: await asAccount(DEMO_DATA_ACCOUNT) });
    expect((await data.send(new GetAccountSummaryCommand({}))).SummaryMap?.['AccountMFAEnabled']).toBe(0);
    expect((await data.send(new GetAccountPasswordPolicyCommand({}))).PasswordPolicy).toMatchObject({
      MinimumPasswordLength: 8,
      RequireSymbols: false,
      RequireNumbers: false,
      ExpirePasswords: false,
    });
    const analytics = iamClient(demo, { credentials: await asAccount(DEMO_ANALYTICS_ACCOUNT) });
    expect((await analytics.send(new GetAccountSummaryCommand({}))).SummaryMap?.['AccountMFAEnabled']).toBe(1);

    const organizations = organizationsClient(demo, { accessKeyId: DEMO_CREDENTIALS.accessKeyId, region: 'us-east-1' });
    expect((await organizations.send(new ListParentsCommand({ ChildId: DEMO_DATA_ACCOUNT }))).Parents).toEqual([{ Id: DEMO_PRODUCTION_OU, Type: 'ORGANIZATIONAL_UNIT' }]);
    const { Policies } = await organizations.send(new ListPoliciesForTargetCommand({ TargetId: DEMO_PRODUCTION_OU, Filter: 'SERVICE_CONTROL_POLICY' }));
    expect(Policies?.map((p) => p.Id)).toEqual(['p-FullAWSAccess', DEMO_DENY_SHARING_SCP]);
    const { Policy } = await organizations.send(new DescribePolicyCommand({ PolicyId: DEMO_DENY_SHARING_SCP }));
    expect(JSON.parse(Policy?.Content ?? '')).toMatchObject({ Statement: [{ Effect: 'Deny', Action: 'ec2:ModifySnapshotAttribute', Resource: '*' }] });
    expect((await organizations.send(new ListParentsCommand({ ChildId: DEMO_ACCOUNT }))).Parents?.[0]?.Type).toBe('ROOT');
    for (const client of [data, analytics]) client.destroy();
    organizations.destroy();
  });
});
