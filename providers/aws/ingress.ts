// Effective internet ingress to one network interface: what its security groups let in from
// 0.0.0.0/0 or ::/0, narrowed by the inbound entries of its subnet's network ACL (evaluated in
// rule-number order, first match wins, implicit deny at the end). Pure: SDK shapes in, model out.
import type { InstanceNetworkInterface, IpPermission, NetworkAcl, NetworkAclEntry, SecurityGroup } from '@aws-sdk/client-ec2';
import { isUnknown, unknownValue, type IngressPath, type IngressRule, type IpProtocol, type Maybe, type PortRange } from '../../src/model.js';
import { ALL_PORTS, intersect, isPublicRange, subtract, WORLD, type Family } from '../../src/net.js';

const FULL = ALL_PORTS;

type PortProtocol = 'tcp' | 'udp';

/** The transport protocols an IP permission covers; ICMP is left out (it carries no ports to reach). */
function permissionProtocols(protocol: string | undefined): Array<PortProtocol | 'all'> {
  switch ((protocol ?? '').toLowerCase()) {
    case '-1':
      return ['all'];
    case 'tcp':
    case '6':
      return ['tcp'];
    case 'udp':
    case '17':
      return ['udp'];
    default:
      return [];
  }
}

function permissionPorts(permission: IpPermission): PortRange {
  const from = permission.FromPort;
  const to = permission.ToPort;
  if (from === undefined || to === undefined || from < 0 || to < 0) return FULL;
  return { from, to };
}

/** Security group rules open to the whole internet for one address family. */
function worldRules(group: SecurityGroup, family: Family): Array<{ rule: IngressRule; protocols: PortProtocol[] }> {
  const out: Array<{ rule: IngressRule; protocols: PortProtocol[] }> = [];
  for (const permission of group.IpPermissions ?? []) {
    const open =
      family === 'v4'
        ? (permission.IpRanges ?? []).some((r) => r.CidrIp === WORLD.v4)
        : (permission.Ipv6Ranges ?? []).some((r) => r.CidrIpv6 === WORLD.v6);
    if (!open) continue;
    for (const protocol of permissionProtocols(permission.IpProtocol)) {
      const rule: IngressRule = {
        kind: 'security-group',
        id: group.GroupId ?? 'unknown-group',
        ...(group.GroupName ? { name: group.GroupName } : {}),
        protocol,
        ports: protocol === 'all' ? FULL : permissionPorts(permission),
        source: WORLD[family],
      };
      out.push({ rule, protocols: protocol === 'all' ? ['tcp', 'udp'] : [protocol] });
    }
  }
  return out;
}

function aclProtocolMatches(entryProtocol: string | undefined, protocol: PortProtocol): boolean {
  const p = entryProtocol ?? '';
  return p === '-1' || (protocol === 'tcp' && p === '6') || (protocol === 'udp' && p === '17');
}

function entryRule(acl: NetworkAcl, entry: NetworkAclEntry, protocol: PortProtocol, cidr: string): IngressRule {
  const ports = entry.Protocol === '-1' || !entry.PortRange ? FULL : { from: entry.PortRange.From ?? 0, to: entry.PortRange.To ?? 65535 };
  return {
    kind: 'network-acl',
    id: acl.NetworkAclId ?? 'unknown-acl',
    protocol: entry.Protocol === '-1' ? 'all' : protocol,
    ports,
    source: cidr,
    ...(entry.RuleNumber !== undefined ? { order: entry.RuleNumber } : {}),
  };
}

/**
 * The parts of (protocol, ports) from the whole internet that the ACL lets in. Entries for the
 * whole address space decide port by port; a narrower public entry that allows before them lets
 * part of the internet in too, and is reported with its own source range.
 */
export function throughAcl(acl: NetworkAcl, family: Family, protocol: PortProtocol, ports: PortRange): Array<{ ports: PortRange; source: string; rule: IngressRule }> {
  const entries = (acl.Entries ?? [])
    .filter((e) => e.Egress !== true && aclProtocolMatches(e.Protocol, protocol))
    .sort((a, b) => (a.RuleNumber ?? 0) - (b.RuleNumber ?? 0));
  let undecided: PortRange[] = [ports];
  const allowed: Array<{ ports: PortRange; source: string; rule: IngressRule }> = [];
  for (const entry of entries) {
    if (undecided.length === 0) break;
    const cidr = family === 'v4' ? entry.CidrBlock : entry.Ipv6CidrBlock;
    if (!cidr) continue;
    const entryPorts = entry.Protocol === '-1' || !entry.PortRange ? FULL : { from: entry.PortRange.From ?? 0, to: entry.PortRange.To ?? 65535 };
    const hits = undecided.map((r) => intersect(r, entryPorts)).filter((r): r is PortRange => r !== undefined);
    if (cidr === WORLD[family]) {
      if (entry.RuleAction === 'allow') for (const hit of hits) allowed.push({ ports: hit, source: cidr, rule: entryRule(acl, entry, protocol, cidr) });
      undecided = subtract(undecided, entryPorts);
    } else if (entry.RuleAction === 'allow' && isPublicRange(cidr)) {
      for (const hit of hits) allowed.push({ ports: hit, source: cidr, rule: entryRule(acl, entry, protocol, cidr) });
    }
  }
  return allowed;
}

export interface PublicAddress {
  readonly address: string;
  readonly family: Family;
}

/** Anything with security groups and a subnet that the internet may reach: an ENI, a database. */
export interface EndpointFacts {
  readonly addresses: readonly PublicAddress[];
  readonly groupIds: readonly string[];
  readonly groups: Maybe<ReadonlyMap<string, SecurityGroup>>;
  /** The ACLs of the subnets it may sit in (any one of them letting traffic in is enough). */
  readonly acls: Maybe<ReadonlyArray<{ readonly subnetId: string; readonly acl: NetworkAcl | undefined }>>;
}

export function endpointIngress({ addresses, groupIds, groups, acls }: EndpointFacts): Maybe<IngressPath[]> {
  if (addresses.length === 0) return [];
  if (isUnknown(groups)) return groups;
  if (isUnknown(acls)) return acls;
  const missingAcl = acls.find((a) => a.acl === undefined);
  if (missingAcl || acls.length === 0) return unknownValue(`no network ACL found for subnet ${missingAcl?.subnetId ?? '(none)'}`);
  const paths: IngressPath[] = [];
  for (const groupId of groupIds) {
    const group = groups.get(groupId);
    if (!group) return unknownValue(`security group ${groupId} was not found in the security group listing`);
    for (const { address, family } of addresses) {
      for (const { rule, protocols } of worldRules(group, family)) {
        for (const protocol of protocols) {
          for (const { acl } of acls) {
            for (const through of throughAcl(acl as NetworkAcl, family, protocol, rule.ports)) {
              const pathProtocol: IpProtocol = protocol;
              paths.push({ protocol: pathProtocol, ports: through.ports, source: through.source, address, via: [through.rule, rule] });
            }
          }
        }
      }
    }
  }
  return paths;
}

export interface InterfaceFacts {
  readonly networkInterface: InstanceNetworkInterface;
  readonly groups: Maybe<ReadonlyMap<string, SecurityGroup>>;
  /** The ACL of the interface's subnet (or the VPC's default ACL), Unknown when ACLs could not be read. */
  readonly acl: Maybe<NetworkAcl | undefined>;
}

export function publicAddressesOf(eni: InstanceNetworkInterface): PublicAddress[] {
  const out: PublicAddress[] = [];
  if (eni.Association?.PublicIp) out.push({ address: eni.Association.PublicIp, family: 'v4' });
  for (const v6 of eni.Ipv6Addresses ?? []) if (v6.Ipv6Address) out.push({ address: v6.Ipv6Address, family: 'v6' });
  return out;
}

export function interfaceIngress({ networkInterface, groups, acl }: InterfaceFacts): Maybe<IngressPath[]> {
  const subnetId = networkInterface.SubnetId ?? '(none)';
  return endpointIngress({
    addresses: publicAddressesOf(networkInterface),
    groupIds: (networkInterface.Groups ?? []).map((g) => g.GroupId ?? '(unnamed)'),
    groups,
    acls: isUnknown(acl) ? acl : [{ subnetId, acl }],
  });
}

/** The ACL that governs a subnet: its explicit association, else the VPC's default ACL. */
export function aclForSubnet(acls: readonly NetworkAcl[], subnetId: string | undefined, vpcId: string | undefined): NetworkAcl | undefined {
  const associated = acls.find((acl) => (acl.Associations ?? []).some((a) => a.SubnetId === subnetId));
  return associated ?? acls.find((acl) => acl.IsDefault === true && acl.VpcId === vpcId);
}
