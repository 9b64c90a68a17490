// What every RDS handler receives, and the helpers they share. Handlers are pure: estate and
// parameters in, the children of the `<ActionResult>` element out, or an AwsApiError thrown.
import type { AwsAccountEstate, AwsEstate, AwsRegionEstate } from '../estate.js';
import { AwsApiError, invalidParameterValue } from './errors.js';
import type { FilterSpec } from './filters.js';
import { fingerprintOf, readMaxResults, type PageRequest } from './pagination.js';
import { scalar, type ParsedQuery, type QueryNode } from './query.js';
import { derivedToken } from './values.js';
import { leaf, list, type XmlElement } from './xml.js';

export interface RdsRequest {
  readonly action: string;
  readonly estate: AwsEstate;
  /** The caller's account (the role's account for an AssumeRole session). */
  readonly account: AwsAccountEstate;
  readonly region: string;
  readonly regionEstate: AwsRegionEstate;
  readonly params: ParsedQuery;
  readonly pageCap: number | undefined;
}

export type RdsHandler = (request: RdsRequest) => readonly (XmlElement | undefined)[];

/** `MaxRecords` (20–100, default 100) and `Marker`, worded as RDS words their errors. */
export function rdsPageRequest(request: RdsRequest): PageRequest {
  const { root, flat } = request.params;
  const maxRecords = readMaxResults(scalar(root, 'MaxRecords'), 20, 100, (raw) =>
    invalidParameterValue(`Invalid value ${raw} for MaxRecords. Must be between 20 and 100`),
  );
  return {
    maxResults: maxRecords ?? 100,
    nextToken: scalar(root, 'Marker'),
    pageCap: request.pageCap,
    fingerprint: fingerprintOf(`rds|${request.action}|${request.account.id}|${request.region}`, flat),
    invalidToken: (marker) => invalidParameterValue(`The marker ${marker} is not valid for this request.`),
  };
}

/** RDS filters match values exactly and name an unknown filter in their own words. */
export function rdsFilterSpec<T>(fields: FilterSpec<T>['fields']): FilterSpec<T> {
  return {
    fields,
    wildcards: false,
    unknownFilter: (name) => invalidParameterValue(`Unrecognized filter name: ${name}`),
  };
}

export function booleanParam(node: QueryNode, name: string): boolean {
  return scalar(node, name) === 'true';
}

export function rdsArn(region: string, account: string, type: string, id: string): string {
  return `arn:aws:rds:${region}:${account}:${type}:${id}`;
}

/** RDS identifiers are stored in lower case and compared without regard to case. */
export function sameIdentifier(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** Whether `given` (an identifier or an ARN) names the resource `id` of `type`. */
export function names(given: string, request: RdsRequest, type: string, id: string, owner = request.account.id): boolean {
  return sameIdentifier(given, id) || given === rdsArn(request.region, owner, type, id);
}

/** The per-account part of RDS host names, e.g. `c9akciq32.eu-west-1.rds.amazonaws.com`. */
export function hostSuffix(request: RdsRequest): string {
  return `${derivedToken(`${request.account.id}|${request.region}`, 12)}.${request.region}.rds.amazonaws.com`;
}

export function notFound(code: string, message: string): AwsApiError {
  return new AwsApiError(code, message, 404);
}

/** `<VpcSecurityGroups><VpcSecurityGroupMembership>…` as instances and clusters report them. */
export function vpcSecurityGroups(ids: readonly string[]): XmlElement {
  return list(
    'VpcSecurityGroups',
    'VpcSecurityGroupMembership',
    ids.map((id) => [leaf('VpcSecurityGroupId', id), leaf('Status', 'active')]),
  );
}
