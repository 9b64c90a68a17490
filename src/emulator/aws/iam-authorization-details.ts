// GetAccountAuthorizationDetails: users, groups, roles and managed policies with their inline and
// attached policies, documents URL-encoded as IAM sends them. `Filter.member.N` picks entity types;
// MaxItems counts entities of every type together, and Marker resumes where a page stopped.
import type { AwsAccountEstate, EstateIamGroup, EstateIamRole, EstateIamUser } from '../estate.js';
import { AwsApiError } from './errors.js';
import {
  customerPolicyArn,
  encodePolicyDocument,
  groupArn,
  iamIdOf,
  policyUsage,
  resolvePolicy,
  roleArn,
  roleIdOfRole,
  rolesOf,
  userArn,
  type ResolvedPolicy,
} from './iam-identities.js';
import { AWS_MANAGED_POLICIES, awsManagedPolicyArn } from './iam-managed-policies.js';
import { fingerprintOf, paginate, readMaxResults } from './pagination.js';
import { scalar, wrappedList, type ParsedQuery } from './query.js';
import type { AwsContext } from './service.js';
import { isoTime } from './values.js';
import { leaf, list, node, valueList, type XmlElement } from './xml.js';

const ENTITY_TYPES = ['User', 'Role', 'Group', 'LocalManagedPolicy', 'AWSManagedPolicy'] as const;
type EntityType = (typeof ENTITY_TYPES)[number];

type Entity =
  | { readonly type: 'User'; readonly user: EstateIamUser }
  | { readonly type: 'Group'; readonly group: EstateIamGroup }
  | { readonly type: 'Role'; readonly role: EstateIamRole }
  | { readonly type: 'LocalManagedPolicy' | 'AWSManagedPolicy'; readonly policy: ResolvedPolicy };

function validationError(message: string): AwsApiError {
  return new AwsApiError('ValidationError', `1 validation error detected: ${message}`);
}

function readFilter(params: ParsedQuery): ReadonlySet<EntityType> {
  const values = wrappedList(params.root, 'Filter', 'member').map((n) => n.value ?? '');
  if (values.length === 0) return new Set(ENTITY_TYPES);
  const bad = values.filter((v) => !(ENTITY_TYPES as readonly string[]).includes(v));
  if (bad.length > 0) {
    throw validationError(`Value '[${values.join(', ')}]' at 'filter' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [${ENTITY_TYPES.join(', ')}]]`);
  }
  return new Set(values as EntityType[]);
}

function inlinePolicies(name: string, policies: EstateIamUser['inlinePolicies']): XmlElement {
  return list(name, 'member', policies.map((p) => [leaf('PolicyName', p.name), leaf('PolicyDocument', encodePolicyDocument(p.document))]));
}

function attachedPolicies(account: AwsAccountEstate, arns: readonly string[]): XmlElement {
  return list(
    'AttachedManagedPolicies',
    'member',
    arns.map((arn) => [leaf('PolicyName', resolvePolicy(account, arn)?.policy.name ?? arn.slice(arn.lastIndexOf('/') + 1)), leaf('PolicyArn', arn)]),
  );
}

function boundary(arn: string | undefined): XmlElement | undefined {
  if (arn === undefined) return undefined;
  return node('PermissionsBoundary', [leaf('PermissionsBoundaryType', 'PermissionsBoundaryPolicy'), leaf('PermissionsBoundaryArn', arn)]);
}

function tagMembers(tags: Readonly<Record<string, string>>): XmlElement {
  return list('Tags', 'member', Object.entries(tags).map(([key, value]) => [leaf('Key', key), leaf('Value', value)]));
}

function userDetail(account: AwsAccountEstate, user: EstateIamUser): (XmlElement | undefined)[] {
  const arn = userArn(account.id, user.path, user.name);
  return [
    leaf('Path', user.path),
    leaf('UserName', user.name),
    leaf('UserId', iamIdOf('AIDA', arn)),
    leaf('Arn', arn),
    leaf('CreateDate', isoTime(user.created)),
    inlinePolicies('UserPolicyList', user.inlinePolicies),
    valueList('GroupList', 'member', user.groups),
    attachedPolicies(account, user.managedPolicies),
    boundary(user.permissionsBoundary),
    tagMembers(user.tags),
  ];
}

function groupDetail(account: AwsAccountEstate, group: EstateIamGroup): (XmlElement | undefined)[] {
  const arn = groupArn(account.id, group.path, group.name);
  return [
    leaf('Path', group.path),
    leaf('GroupName', group.name),
    leaf('GroupId', iamIdOf('AGPA', arn)),
    leaf('Arn', arn),
    leaf('CreateDate', isoTime(group.created)),
    inlinePolicies('GroupPolicyList', group.inlinePolicies),
    attachedPolicies(account, group.managedPolicies),
  ];
}

function roleDetail(account: AwsAccountEstate, role: EstateIamRole): (XmlElement | undefined)[] {
  const used = role.lastUsed;
  return [
    leaf('Path', role.path),
    leaf('RoleName', role.name),
    leaf('RoleId', roleIdOfRole(account.id, role)),
    leaf('Arn', roleArn(account.id, role.path, role.name)),
    leaf('CreateDate', isoTime(role.created)),
    leaf('AssumeRolePolicyDocument', encodePolicyDocument(role.trustPolicy)),
    node('InstanceProfileList', []),
    inlinePolicies('RolePolicyList', role.inlinePolicies),
    attachedPolicies(account, role.managedPolicies),
    boundary(role.permissionsBoundary),
    tagMembers(role.tags),
    // IAM sends an empty RoleLastUsed for a role never used.
    node('RoleLastUsed', used === null ? [] : [leaf('LastUsedDate', isoTime(used.date)), leaf('Region', used.region)]),
  ];
}

function policyVersion(document: Readonly<Record<string, unknown>>, versionId: string, isDefault: boolean, created: string): (XmlElement | undefined)[] {
  return [leaf('Document', encodePolicyDocument(document)), leaf('VersionId', versionId), leaf('IsDefaultVersion', isDefault), leaf('CreateDate', isoTime(created))];
}

function policyDetail(resolved: ResolvedPolicy, usage: ReturnType<typeof policyUsage>): (XmlElement | undefined)[] {
  const counts = [leaf('AttachmentCount', usage.attachments.get(resolved.arn) ?? 0), leaf('PermissionsBoundaryUsageCount', usage.boundaries.get(resolved.arn) ?? 0)];
  if (resolved.kind === 'aws') {
    const { policy } = resolved;
    return [
      leaf('PolicyName', policy.name),
      leaf('PolicyId', iamIdOf('ANPA', resolved.arn)),
      leaf('Arn', resolved.arn),
      leaf('Path', policy.path),
      leaf('DefaultVersionId', policy.versionId),
      ...counts,
      leaf('IsAttachable', true),
      leaf('Description', policy.description),
      leaf('CreateDate', isoTime(policy.createDate)),
      leaf('UpdateDate', isoTime(policy.updateDate)),
      list('PolicyVersionList', 'member', [policyVersion(policy.document, policy.versionId, true, policy.updateDate)]),
    ];
  }
  const { policy } = resolved;
  const versions = [...policy.previousVersions, policy.document];
  const updated = policy.updated ?? policy.created;
  return [
    leaf('PolicyName', policy.name),
    leaf('PolicyId', iamIdOf('ANPA', resolved.arn)),
    leaf('Arn', resolved.arn),
    leaf('Path', policy.path),
    leaf('DefaultVersionId', `v${versions.length}`),
    ...counts,
    leaf('IsAttachable', true),
    leaf('Description', policy.description),
    leaf('CreateDate', isoTime(policy.created)),
    leaf('UpdateDate', isoTime(updated)),
    // Newest first, as IAM lists versions.
    list(
      'PolicyVersionList',
      'member',
      versions.map((document, index) => policyVersion(document, `v${index + 1}`, index === versions.length - 1, index === versions.length - 1 ? updated : policy.created)).reverse(),
    ),
  ];
}

/**
 * Every entity the filter admits, in IAM's order: users, groups, roles, then managed policies
 * (every customer managed policy; AWS managed ones only when something in the account uses them).
 */
function entitiesOf(account: AwsAccountEstate, types: ReadonlySet<EntityType>, usage: ReturnType<typeof policyUsage>): Entity[] {
  const entities: Entity[] = [];
  if (types.has('User')) entities.push(...account.iam.users.map((user) => ({ type: 'User' as const, user })));
  if (types.has('Group')) entities.push(...account.iam.groups.map((group) => ({ type: 'Group' as const, group })));
  if (types.has('Role')) entities.push(...rolesOf(account).map((role) => ({ type: 'Role' as const, role })));
  if (types.has('LocalManagedPolicy')) {
    for (const policy of account.iam.policies) entities.push({ type: 'LocalManagedPolicy', policy: { kind: 'customer', arn: customerPolicyArn(account.id, policy), policy } });
  }
  if (types.has('AWSManagedPolicy')) {
    for (const policy of AWS_MANAGED_POLICIES.values()) {
      const arn = awsManagedPolicyArn(policy);
      if ((usage.attachments.get(arn) ?? 0) + (usage.boundaries.get(arn) ?? 0) > 0) entities.push({ type: 'AWSManagedPolicy', policy: { kind: 'aws', arn, policy } });
    }
  }
  return entities;
}

export function getAccountAuthorizationDetails(context: AwsContext, params: ParsedQuery, action: string): (XmlElement | undefined)[] {
  const { account } = context.caller;
  const types = readFilter(params);
  const maxItems = readMaxResults(scalar(params.root, 'MaxItems'), 1, 1000, (raw) =>
    validationError(`Value '${raw}' at 'maxItems' failed to satisfy constraint: Member must have value ${Number(raw) < 1 ? 'greater than or equal to 1' : 'less than or equal to 1000'}`),
  );
  const usage = policyUsage(account);
  const page = paginate(entitiesOf(account, types, usage), {
    maxResults: maxItems ?? 100,
    nextToken: scalar(params.root, 'Marker'),
    pageCap: context.pageCap,
    fingerprint: fingerprintOf(`iam|${action}|${account.id}`, params.flat),
    invalidToken: () => new AwsApiError('ValidationError', 'Invalid Marker.'),
  });
  const pick = <T extends Entity['type']>(type: T): Extract<Entity, { type: T }>[] => page.items.filter((e): e is Extract<Entity, { type: T }> => e.type === type);
  return [
    list('UserDetailList', 'member', pick('User').map((e) => userDetail(account, e.user))),
    list('GroupDetailList', 'member', pick('Group').map((e) => groupDetail(account, e.group))),
    list('RoleDetailList', 'member', pick('Role').map((e) => roleDetail(account, e.role))),
    list(
      'Policies',
      'member',
      page.items.flatMap((e) => (e.type === 'LocalManagedPolicy' || e.type === 'AWSManagedPolicy' ? [policyDetail(e.policy, usage)] : [])),
    ),
    leaf('IsTruncated', page.nextToken !== undefined),
    leaf('Marker', page.nextToken),
  ];
}
