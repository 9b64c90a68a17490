// The audited account's organization: its id (so that shares to it or its units are internal),
// and its accounts, when the caller may list them (the management or a delegated administrator
// account). Failing to read either is recorded: it turns trust verdicts to unknown, not external.
import { DescribeOrganizationCommand, paginateListAccounts, type Account } from '@aws-sdk/client-organizations';
import type { CoverageRecorder } from '../../src/coverage.js';
import { isUnknown, unknownValue, type Maybe, type OrganizationInfo } from '../../src/model.js';
import type { OrganizationView } from '../../src/trust.js';
import type { AwsClientFactory } from './clients.js';
import { classifyAwsError } from './errors.js';

export interface MemberAccount {
  readonly id: string;
  readonly name?: string;
  /** `ACTIVE`, `SUSPENDED`, `PENDING_CLOSURE`. */
  readonly state: string;
}

export interface OrganizationRead {
  /** Absent: the account belongs to no organization. */
  readonly view?: Maybe<OrganizationView>;
  readonly info?: OrganizationInfo;
  /** The organization's accounts; Unknown when they could not be listed. */
  readonly accounts: Maybe<readonly MemberAccount[]>;
}

const PAGE_SIZE = 20;

function memberOf(account: Account): MemberAccount[] {
  if (!account.Id) return [];
  return [{ id: account.Id, ...(account.Name ? { name: account.Name } : {}), state: account.State ?? account.Status ?? 'UNKNOWN' }];
}

export async function readOrganization(factory: AwsClientFactory, home: string, coverage: CoverageRecorder): Promise<OrganizationRead> {
  const client = factory.organizations(home);
  let organization: { id: string; arn?: string; management?: string };
  try {
    const out = await client.send(new DescribeOrganizationCommand({}));
    if (!out.Organization?.Id) throw new Error('DescribeOrganization returned no organization id');
    organization = {
      id: out.Organization.Id,
      ...(out.Organization.Arn ? { arn: out.Organization.Arn } : {}),
      ...(out.Organization.MasterAccountId ? { management: out.Organization.MasterAccountId } : {}),
    };
  } catch (error) {
    const failure = classifyAwsError(error);
    if (failure.code === 'AWSOrganizationsNotInUseException') return { accounts: [] };
    coverage.gap('global', 'organizations', failure.status, 'organizations:DescribeOrganization', `${failure.detail}; shares to other accounts are judged unknown`);
    const reason = `organizations:DescribeOrganization failed: ${failure.detail}`;
    return { view: unknownValue(reason), accounts: unknownValue(reason) };
  }
  let accounts: Maybe<readonly MemberAccount[]>;
  try {
    const listed: MemberAccount[] = [];
    for await (const page of paginateListAccounts({ client, pageSize: PAGE_SIZE, stopOnSameToken: true }, {})) {
      listed.push(...(page.Accounts ?? []).flatMap(memberOf));
    }
    accounts = listed;
  } catch (error) {
    const failure = classifyAwsError(error);
    coverage.gap(
      'global',
      'organizations',
      failure.status,
      'organizations:ListAccounts',
      `${failure.detail}; the organization's members are unknown, so shares to accounts outside the trusted list are judged unknown (scan from the management or a delegated administrator account)`,
    );
    accounts = unknownValue(`organizations:ListAccounts failed: ${failure.detail}`);
  }
  const members = isUnknown(accounts) ? undefined : accounts.map((a) => a.id);
  return {
    view: { id: organization.id, ...(members ? { members: new Set(members) } : {}) },
    info: {
      id: organization.id,
      ...(organization.arn ? { arn: organization.arn } : {}),
      ...(organization.management ? { managementAccount: organization.management } : {}),
      ...(members ? { members } : {}),
    },
    accounts,
  };
}
