// IAM's credential report: GenerateCredentialReport starts one per account (STARTED), a later call
// or a second's wait finishes it (COMPLETE), GetCredentialReport answers ReportNotPresent before
// any, ReportInProgress while it is made and ReportExpired four hours after, as AWS does. The CSV
// has AWS's columns and its words for what does not apply: `N/A`, `no_information`, `not_supported`
// (the root user's password_enabled is always `not_supported`, and no IAM read says whether the
// root user has a password).
import type { AwsAccountEstate, EstateIamUser } from '../estate.js';
import { AwsApiError } from './errors.js';
import { userArn } from './iam-identities.js';

/** How long a started report takes without another GenerateCredentialReport. */
export const CREDENTIAL_REPORT_GENERATION_MS = 1000;
/** A report older than this is expired: GetCredentialReport refuses it and Generate starts anew. */
export const CREDENTIAL_REPORT_LIFETIME_MS = 4 * 60 * 60 * 1000;

export const CREDENTIAL_REPORT_COLUMNS = [
  'user',
  'arn',
  'user_creation_time',
  'password_enabled',
  'password_last_used',
  'password_last_changed',
  'password_next_rotation',
  'mfa_active',
  'access_key_1_active',
  'access_key_1_last_rotated',
  'access_key_1_last_used_date',
  'access_key_1_last_used_region',
  'access_key_1_last_used_service',
  'access_key_2_active',
  'access_key_2_last_rotated',
  'access_key_2_last_used_date',
  'access_key_2_last_used_region',
  'access_key_2_last_used_service',
  'cert_1_active',
  'cert_1_last_rotated',
  'cert_2_active',
  'cert_2_last_rotated',
] as const;

interface Report {
  readonly startedAt: number;
  completedAt: number | undefined;
}

/** Reports per account, for the life of one emulator. */
export class CredentialReportStore {
  readonly #reports = new Map<string, Report>();

  #settled(accountId: string, now: number): Report | undefined {
    const report = this.#reports.get(accountId);
    if (report !== undefined && report.completedAt === undefined && now - report.startedAt >= CREDENTIAL_REPORT_GENERATION_MS) {
      report.completedAt = report.startedAt + CREDENTIAL_REPORT_GENERATION_MS;
    }
    return report;
  }

  /** GenerateCredentialReport: the state and description AWS answers with. */
  generate(accountId: string, now: number): { state: 'STARTED' | 'COMPLETE'; description: string } {
    const report = this.#settled(accountId, now);
    if (report === undefined || (report.completedAt !== undefined && now - report.completedAt >= CREDENTIAL_REPORT_LIFETIME_MS)) {
      this.#reports.set(accountId, { startedAt: now, completedAt: undefined });
      return { state: 'STARTED', description: 'No report exists. Starting a new report generation task' };
    }
    // Asked again while it is being made: it is done now.
    report.completedAt ??= now;
    return { state: 'COMPLETE', description: 'Credential report is complete' };
  }

  /** GetCredentialReport: when the report was made, or the error AWS gives. */
  generatedAt(accountId: string, now: number): number {
    const report = this.#settled(accountId, now);
    if (report === undefined) {
      throw new AwsApiError('ReportNotPresent', `Received a request for a credential report for account ${accountId}, but no report exists. To generate a credential report, use GenerateCredentialReport.`, 410);
    }
    if (report.completedAt === undefined) throw new AwsApiError('ReportInProgress', 'The credential report is still being generated.', 404);
    if (now - report.completedAt >= CREDENTIAL_REPORT_LIFETIME_MS) {
      throw new AwsApiError('ReportExpired', 'The most recent credential report has expired. To generate a new credential report, use GenerateCredentialReport.', 410);
    }
    return report.startedAt;
  }
}

/** `2026-11-28T01:34:09+00:00`, as the report writes times. */
function reportTime(value: string | number): string {
  return `${new Date(value).toISOString().slice(0, 19)}+00:00`;
}

/** RFC 4180 quoting, needed only for names AWS would refuse but an estate may hold. */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

type AccessKeys = EstateIamUser['accessKeys'];

function keyColumns(keys: AccessKeys, index: number): string[] {
  const key = keys[index];
  if (key === undefined) return ['false', 'N/A', 'N/A', 'N/A', 'N/A'];
  const used = key.lastUsed;
  return [
    String(key.active),
    reportTime(key.created),
    used === null ? 'N/A' : reportTime(used.date),
    used === null ? 'N/A' : used.region,
    used === null ? 'N/A' : used.service,
  ];
}

const NO_CERTIFICATES = ['false', 'N/A', 'false', 'N/A'];

function userRow(account: AwsAccountEstate, user: EstateIamUser): string[] {
  const { password } = user;
  const maxAgeDays = account.iam.passwordPolicy?.maxAgeDays;
  const changed = password === undefined ? undefined : (password.lastChanged ?? user.created);
  return [
    user.name,
    userArn(account.id, user.path, user.name),
    reportTime(user.created),
    String(password !== undefined),
    password === undefined ? 'N/A' : password.lastUsed === null ? 'no_information' : reportTime(password.lastUsed),
    changed === undefined ? 'N/A' : reportTime(changed),
    changed === undefined || maxAgeDays === undefined ? 'N/A' : reportTime(Date.parse(changed) + maxAgeDays * 86_400_000),
    String(user.mfa),
    ...keyColumns(user.accessKeys, 0),
    ...keyColumns(user.accessKeys, 1),
    ...NO_CERTIFICATES,
  ];
}

function rootRow(account: AwsAccountEstate): string[] {
  const { root } = account.iam;
  return [
    '<root_account>',
    `arn:aws:iam::${account.id}:root`,
    reportTime(root.created),
    'not_supported',
    root.passwordLastUsed !== null ? reportTime(root.passwordLastUsed) : root.password ? 'no_information' : 'N/A',
    'not_supported',
    'not_supported',
    String(root.mfa),
    ...keyColumns(root.accessKeys, 0),
    ...keyColumns(root.accessKeys, 1),
    ...NO_CERTIFICATES,
  ];
}

/** The report's CSV: a header, the root user, then every IAM user; lines end in LF, no final newline. */
export function credentialReportCsv(account: AwsAccountEstate): string {
  const rows = [[...CREDENTIAL_REPORT_COLUMNS], rootRow(account), ...account.iam.users.map((user) => userRow(account, user))];
  return rows.map((row) => row.map(csvField).join(',')).join('\n');
}
