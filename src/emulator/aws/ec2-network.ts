// Network controls: DescribeSecurityGroups, DescribeNetworkAcls.
import type { EstateIpRule, EstateNetworkAcl, EstateSecurityGroup } from '../estate.js';
import { derivedId, pageRequest, requireWellFormed, type Ec2Handler, type Ec2Request } from './ec2-context.js';
import { AwsApiError } from './errors.js';
import { applyFilters, bool, type FilterSpec } from './filters.js';
import { paginate } from './pagination.js';
import { filters, scalarList } from './query.js';
import { itemSet, leaf, node, tagSet, type XmlElement } from './xml.js';

const securityGroupFilters = (ownerId: string): FilterSpec<EstateSecurityGroup> => ({
  fields: {
    'group-id': (g) => [g.id],
    'group-name': (g) => [g.name],
    'vpc-id': (g) => [g.vpcId],
    description: (g) => [g.description],
    'owner-id': () => [ownerId],
    'ip-permission.cidr': (g) => g.ingress.flatMap((r) => r.cidrs),
    'ip-permission.ipv6-cidr': (g) => g.ingress.flatMap((r) => r.ipv6Cidrs),
    'ip-permission.protocol': (g) => g.ingress.map((r) => r.protocol),
    'egress.ip-permission.cidr': (g) => g.egress.flatMap((r) => r.cidrs),
  },
  tags: (g) => g.tags,
});

function ipPermissionsXml(name: string, rules: readonly EstateIpRule[], ownerId: string): XmlElement {
  return itemSet(
    name,
    rules.map((rule) => [
      leaf('ipProtocol', rule.protocol),
      leaf('fromPort', rule.fromPort),
      leaf('toPort', rule.toPort),
      itemSet(
        'groups',
        rule.groupIds.map((groupId) => [leaf('groupId', groupId), leaf('userId', ownerId), leaf('description', rule.description)]),
      ),
      itemSet(
        'ipRanges',
        rule.cidrs.map((cidr) => [leaf('cidrIp', cidr), leaf('description', rule.description)]),
      ),
      itemSet(
        'ipv6Ranges',
        rule.ipv6Cidrs.map((cidr) => [leaf('cidrIpv6', cidr), leaf('description', rule.description)]),
      ),
      itemSet(
        'prefixListIds',
        rule.prefixListIds.map((id) => [leaf('prefixListId', id), leaf('description', rule.description)]),
      ),
    ]),
  );
}

function securityGroupXml(request: Ec2Request, group: EstateSecurityGroup): (XmlElement | undefined)[] {
  const ownerId = request.account.id;
  return [
    leaf('ownerId', ownerId),
    leaf('groupId', group.id),
    leaf('groupName', group.name),
    leaf('groupDescription', group.description),
    leaf('vpcId', group.vpcId),
    leaf('securityGroupArn', `arn:aws:ec2:${request.region}:${ownerId}:security-group/${group.id}`),
    ipPermissionsXml('ipPermissions', group.ingress, ownerId),
    ipPermissionsXml('ipPermissionsEgress', group.egress, ownerId),
    tagSet(group.tags),
  ];
}

export const describeSecurityGroups: Ec2Handler = (request) => {
  const { root } = request.params;
  const ids = scalarList(root, 'GroupId');
  const names = scalarList(root, 'GroupName');
  requireWellFormed(ids, 'sg', 'InvalidGroupId.Malformed');
  const page = pageRequest(request, 5, 1000);
  let groups = request.regionEstate.securityGroups;
  const missing = [
    ...ids.filter((id) => !groups.some((g) => g.id === id)),
    ...names.filter((name) => !groups.some((g) => g.name === name)),
  ];
  if (missing.length > 0) {
    throw new AwsApiError('InvalidGroup.NotFound', `The security group '${missing.join(', ')}' does not exist`);
  }
  if (ids.length > 0) groups = groups.filter((g) => ids.includes(g.id));
  if (names.length > 0) groups = groups.filter((g) => names.includes(g.name));
  groups = applyFilters(groups, filters(root), securityGroupFilters(request.account.id));
  const result = paginate(groups, page);
  return [
    itemSet('securityGroupInfo', result.items.map((g) => securityGroupXml(request, g))),
    leaf('nextToken', result.nextToken),
  ];
};

const networkAclFilters = (ownerId: string): FilterSpec<EstateNetworkAcl> => ({
  fields: {
    'network-acl-id': (acl) => [acl.id],
    'vpc-id': (acl) => [acl.vpcId],
    default: (acl) => [bool(acl.isDefault)],
    'owner-id': () => [ownerId],
    'association.subnet-id': (acl) => acl.subnetIds,
    'association.network-acl-id': (acl) => (acl.subnetIds.length > 0 ? [acl.id] : []),
    'association.association-id': (acl) => acl.subnetIds.map((subnetId) => associationId(acl, subnetId)),
    'entry.cidr': (acl) => acl.entries.map((e) => e.cidr),
    'entry.rule-action': (acl) => acl.entries.map((e) => e.action),
  },
  // The estate gives network ACLs no tags.
  tags: () => ({}),
});

function associationId(acl: EstateNetworkAcl, subnetId: string): string {
  return derivedId('aclassoc', `${acl.id}/${subnetId}`);
}

type AclEntry = EstateNetworkAcl['entries'][number];

// AWS always lists the catch-all deny rule (`*`, number 32767) in both directions.
function withImplicitDeny(entries: readonly AclEntry[]): AclEntry[] {
  const implicit = (egress: boolean): AclEntry => ({ ruleNumber: 32767, egress, protocol: '-1', action: 'deny', cidr: '0.0.0.0/0' });
  const has = (egress: boolean) => entries.some((e) => e.egress === egress && e.ruleNumber === 32767);
  return [
    ...entries,
    ...(has(false) ? [] : [implicit(false)]),
    ...(has(true) ? [] : [implicit(true)]),
  ];
}

function networkAclXml(request: Ec2Request, acl: EstateNetworkAcl): (XmlElement | undefined)[] {
  return [
    leaf('networkAclId', acl.id),
    leaf('vpcId', acl.vpcId),
    leaf('ownerId', request.account.id),
    leaf('default', acl.isDefault),
    itemSet(
      'entrySet',
      withImplicitDeny(acl.entries).map((entry) => [
        leaf('ruleNumber', entry.ruleNumber),
        leaf('protocol', entry.protocol),
        leaf('ruleAction', entry.action),
        leaf('egress', entry.egress),
        leaf('cidrBlock', entry.cidr),
        leaf('ipv6CidrBlock', entry.ipv6Cidr),
        entry.fromPort === undefined && entry.toPort === undefined
          ? undefined
          : node('portRange', [leaf('from', entry.fromPort), leaf('to', entry.toPort)]),
      ]),
    ),
    itemSet(
      'associationSet',
      acl.subnetIds.map((subnetId) => [
        leaf('networkAclAssociationId', associationId(acl, subnetId)),
        leaf('networkAclId', acl.id),
        leaf('subnetId', subnetId),
      ]),
    ),
    tagSet({}),
  ];
}

export const describeNetworkAcls: Ec2Handler = (request) => {
  const { root } = request.params;
  const ids = scalarList(root, 'NetworkAclId');
  requireWellFormed(ids, 'acl', 'InvalidNetworkAclID.Malformed');
  const page = pageRequest(request, 5, 100);
  let acls = request.regionEstate.networkAcls;
  const missing = ids.filter((id) => !acls.some((acl) => acl.id === id));
  if (missing.length > 0) {
    throw new AwsApiError('InvalidNetworkAclID.NotFound', `The networkAcl ID '${missing.join(', ')}' does not exist`);
  }
  if (ids.length > 0) acls = acls.filter((acl) => ids.includes(acl.id));
  acls = applyFilters(acls, filters(root), networkAclFilters(request.account.id));
  const result = paginate(acls, page);
  return [itemSet('networkAclSet', result.items.map((acl) => networkAclXml(request, acl))), leaf('nextToken', result.nextToken)];
};
