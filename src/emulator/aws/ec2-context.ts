// What every EC2 handler receives, and the helpers they share. Handlers are pure: estate and
// parameters in, the children of the response element out, or an AwsApiError thrown.
import type { AwsAccountEstate, AwsEstate, AwsRegionEstate, EstatePermission } from '../estate.js';
import { AwsApiError } from './errors.js';
import { fingerprintOf, readMaxResults, type PageRequest } from './pagination.js';
import { scalar, type ParsedQuery } from './query.js';
import { otherAccountsIn as otherAccountsInRegion } from './service.js';
import type { XmlElement } from './xml.js';

export { derivedId, isoTime } from './values.js';

export interface Ec2Request {
  readonly action: string;
  readonly estate: AwsEstate;
  /** The caller. */
  readonly account: AwsAccountEstate;
  readonly region: string;
  readonly regionEstate: AwsRegionEstate;
  readonly params: ParsedQuery;
  readonly pageCap: number | undefined;
}

export type Ec2Handler = (request: Ec2Request) => readonly (XmlElement | undefined)[];

export function pageRequest(request: Ec2Request, minResults: number, maxResults: number): PageRequest {
  const { root, flat } = request.params;
  return {
    maxResults: readMaxResults(scalar(root, 'MaxResults'), minResults, maxResults),
    nextToken: scalar(root, 'NextToken'),
    pageCap: request.pageCap,
    fingerprint: fingerprintOf(`${request.action}|${request.account.id}|${request.region}`, flat),
  };
}

/** AWS refuses MaxResults together with an explicit id list on several Describe actions. */
export function refuseMaxResultsWithIds(request: Ec2Request, ids: readonly string[], idParam: string): void {
  if (ids.length > 0 && scalar(request.params.root, 'MaxResults') !== undefined) {
    throw new AwsApiError(
      'InvalidParameterCombination',
      `The parameter ${idParam} cannot be used with the parameter maxResults`,
    );
  }
}

/** Refuses ids that do not look like `prefix-hex`, with the action's Malformed error code. */
export function requireWellFormed(ids: readonly string[], prefix: string, code: string): void {
  const pattern = new RegExp(`^${prefix}-[0-9a-f]+$`);
  for (const id of ids) {
    if (!pattern.test(id)) throw new AwsApiError(code, `Invalid id: "${id}" (expecting "${prefix}-...")`);
  }
}

export function defaultAvailabilityZone(region: string): string {
  return `${region}a`;
}

export function isPublic(permissions: readonly EstatePermission[]): boolean {
  return permissions.some((p) => 'group' in p && p.group === 'all');
}

export function isSharedWith(permissions: readonly EstatePermission[], accountId: string): boolean {
  return permissions.some((p) => 'userId' in p && p.userId === accountId);
}

/** The other estate accounts that have the region enabled, with their resources there. */
export function otherAccountsIn(request: Ec2Request): { account: AwsAccountEstate; region: AwsRegionEstate }[] {
  return otherAccountsInRegion(request.estate, request.account, request.region);
}
