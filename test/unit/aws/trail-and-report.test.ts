// The pure parts of the AWS identity and audit reads: the credential report's CSV, and what a
// region's trails mean for snapshot activity.
import { describe, expect, it } from 'vitest';
import { judgeRegion, keepsManagementWrites, keepsSnapshotDataEvents, type TrailFacts } from '../../../providers/aws/cloudtrail.js';
import { CredentialReportError, lastActivity, parseCredentialReport } from '../../../providers/aws/credential-report.js';
import { unknownValue } from '../../../src/model.js';

const HEADER =
  'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated';

describe('parseCredentialReport', () => {
  const csv = [
    HEADER,
    '<root_account>,arn:aws:iam::111122223333:root,2020-01-01T00:00:00+00:00,not_supported,2026-11-01T10:00:00+00:00,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A',
    'alice,arn:aws:iam::111122223333:user/alice,2024-05-01T00:00:00+00:00,true,2026-11-20T08:00:00+00:00,2024-05-01T00:00:00+00:00,N/A,false,true,2024-05-01T00:00:00+00:00,2026-11-25T00:00:00+00:00,us-east-1,ec2,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A',
    'bot,arn:aws:iam::111122223333:user/bot,2023-01-01T00:00:00+00:00,false,N/A,N/A,N/A,false,true,2023-01-01T00:00:00+00:00,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A',
    '"we,ird",arn:aws:iam::111122223333:user/we-ird,2023-01-01T00:00:00+00:00,false,no_information,N/A,N/A,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A',
  ].join('\n');

  it('reads password, MFA and keys per user, with AWS spellings of "never"', () => {
    const rows = parseCredentialReport(csv);
    expect(rows.map((r) => r.user)).toEqual(['<root_account>', 'alice', 'bot', 'we,ird']);
    const [root, alice, bot, weird] = rows;
    expect(root).toMatchObject({ passwordEnabled: false, mfaActive: true, passwordLastUsed: '2026-11-01T10:00:00.000Z', keys: [] });
    expect(alice).toEqual({
      user: 'alice',
      arn: 'arn:aws:iam::111122223333:user/alice',
      createdAt: '2024-05-01T00:00:00.000Z',
      passwordEnabled: true,
      passwordLastUsed: '2026-11-20T08:00:00.000Z',
      mfaActive: false,
      keys: [{ slot: 1, active: true, lastRotated: '2024-05-01T00:00:00.000Z', lastUsed: '2026-11-25T00:00:00.000Z' }],
    });
    expect(lastActivity(alice!)).toBe('2026-11-25T00:00:00.000Z');
    expect(bot?.keys).toEqual([{ slot: 1, active: true, lastRotated: '2023-01-01T00:00:00.000Z', lastUsed: null }]);
    expect(lastActivity(bot!)).toBeNull();
    expect(weird?.passwordLastUsed).toBeNull();
  });

  it('refuses a report without the columns it needs', () => {
    expect(() => parseCredentialReport('user,arn\nx,y')).toThrow(CredentialReportError);
    expect(() => parseCredentialReport('')).toThrow(/no "user" column/);
  });
});

describe('event selectors', () => {
  it('default (no selectors) and basic All or WriteOnly keep management writes; ReadOnly or excluded do not', () => {
    expect(keepsManagementWrites(undefined, undefined)).toBe(true);
    expect(keepsManagementWrites([{ ReadWriteType: 'All', IncludeManagementEvents: true }], undefined)).toBe(true);
    expect(keepsManagementWrites([{ ReadWriteType: 'WriteOnly' }], undefined)).toBe(true);
    expect(keepsManagementWrites([{ ReadWriteType: 'ReadOnly', IncludeManagementEvents: true }], undefined)).toBe(false);
    expect(keepsManagementWrites([{ ReadWriteType: 'All', IncludeManagementEvents: false, DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3'] }] }], undefined)).toBe(false);
  });

  it('advanced selectors: Management without readOnly=true, and not filtered away from EC2', () => {
    const mgmt = (extra: Array<{ Field: string; Equals?: string[]; NotEquals?: string[] }> = []) => ({ Name: 'm', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }, ...extra] });
    expect(keepsManagementWrites(undefined, [mgmt()])).toBe(true);
    expect(keepsManagementWrites(undefined, [mgmt([{ Field: 'readOnly', Equals: ['false'] }])])).toBe(true);
    expect(keepsManagementWrites(undefined, [mgmt([{ Field: 'readOnly', Equals: ['true'] }])])).toBe(false);
    expect(keepsManagementWrites(undefined, [mgmt([{ Field: 'eventSource', NotEquals: ['ec2.amazonaws.com'] }])])).toBe(false);
    const data = { Name: 'ebs', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: ['AWS::EC2::Snapshot'] }] };
    expect(keepsManagementWrites(undefined, [data])).toBe(false);
    expect(keepsSnapshotDataEvents([data])).toBe(true);
    expect(keepsSnapshotDataEvents([mgmt()])).toBe(false);
  });
});

describe('judgeRegion', () => {
  const trail = (extra: Partial<TrailFacts>): TrailFacts => ({ name: 'org-audit', arn: 'arn:aws:cloudtrail:us-east-1:111122223333:trail/org-audit', homeRegion: 'us-east-1', multiRegion: true, organization: false, logging: true, managementWrites: true, snapshotDataEvents: false, ...extra });

  it('a logging trail that keeps management writes records snapshot activity; EBS direct reads need data events', () => {
    expect(judgeRegion('111122223333', 'eu-west-1', [trail({})])).toEqual({
      provider: 'aws',
      account: '111122223333',
      region: 'eu-west-1',
      snapshotEventsLogged: true,
      dataEventsLogged: false,
      sources: ['trail org-audit'],
      gaps: ['no trail records EBS direct-API data events (block-level reads of snapshots)'],
    });
    expect(judgeRegion('111122223333', 'eu-west-1', [trail({ snapshotDataEvents: true, organization: true })])).toMatchObject({ snapshotEventsLogged: true, dataEventsLogged: true, sources: ['organization trail org-audit'], gaps: [] });
  });

  it('no trail, a stopped trail, or one dropping writes: not recorded, with the fix', () => {
    expect(judgeRegion('1', 'ap-southeast-2', [])).toMatchObject({ snapshotEventsLogged: false, gaps: ['no trail applies to ap-southeast-2'], nextStep: expect.stringContaining('--is-multi-region-trail') });
    expect(judgeRegion('1', 'us-east-1', [trail({ logging: false })])).toMatchObject({
      snapshotEventsLogged: false,
      gaps: ['trail org-audit is not logging'],
      nextStep: 'aws cloudtrail start-logging --region us-east-1 --name arn:aws:cloudtrail:us-east-1:111122223333:trail/org-audit',
    });
    expect(judgeRegion('1', 'us-east-1', [trail({ managementWrites: false })])).toMatchObject({ snapshotEventsLogged: false, gaps: ['trail org-audit drops management write events'] });
  });

  it('a trail it could not read makes the region unknown, unless another records', () => {
    const unread = trail({ logging: unknownValue('cloudtrail:GetTrailStatus failed: AccessDenied') });
    expect(judgeRegion('1', 'us-east-1', [unread]).snapshotEventsLogged).toEqual({ unknown: true, reason: 'cloudtrail:GetTrailStatus failed: AccessDenied' });
    expect(judgeRegion('1', 'us-east-1', [unread, trail({ name: 'second' })]).snapshotEventsLogged).toBe(true);
  });
});
