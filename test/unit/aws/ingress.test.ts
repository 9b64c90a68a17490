// Effective internet ingress, from recorded DescribeInstances / DescribeSecurityGroups /
// DescribeNetworkAcls shapes (as the SDK returns them after deserialisation).
import type { InstanceNetworkInterface, IpPermission, NetworkAcl, NetworkAclEntry, SecurityGroup } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { aclForSubnet, interfaceIngress, publicAddressesOf, throughAcl, type InterfaceFacts } from '../../../providers/aws/ingress.js';
import { isUnknown, unknownValue, type IngressPath, type IngressRule, type Maybe } from '../../../src/model.js';

const OWNER = '111122223333';
const VPC = 'vpc-0a1b2c3d4e5f60718';
const SUBNET = 'subnet-0123456789abcdef0';
const DEFAULT_ACL_ID = 'acl-0d1e2f3a4b5c6d7e8';
const CUSTOM_ACL_ID = 'acl-0f9e8d7c6b5a49382';
const SG_ID = 'sg-0a1b2c3d4e5f60718';
const V4 = '203.0.113.10';
const V6 = '2001:db8:1234:5600::10';

/** An ingress permission as DescribeSecurityGroups returns it. */
function permission(protocol: string, from: number | undefined, to: number | undefined, sources: { v4?: string[]; v6?: string[] }): IpPermission {
  return {
    IpProtocol: protocol,
    ...(from !== undefined ? { FromPort: from } : {}),
    ...(to !== undefined ? { ToPort: to } : {}),
    IpRanges: (sources.v4 ?? []).map((CidrIp) => ({ CidrIp })),
    Ipv6Ranges: (sources.v6 ?? []).map((CidrIpv6) => ({ CidrIpv6 })),
    PrefixListIds: [],
    UserIdGroupPairs: [],
  };
}

function securityGroup(permissions: IpPermission[], id = SG_ID, name = 'web-ssh'): SecurityGroup {
  return {
    Description: 'recorded group',
    GroupName: name,
    IpPermissions: permissions,
    OwnerId: OWNER,
    GroupId: id,
    IpPermissionsEgress: [permission('-1', undefined, undefined, { v4: ['0.0.0.0/0'] })],
    VpcId: VPC,
    SecurityGroupArn: `arn:aws:ec2:us-east-1:${OWNER}:security-group/${id}`,
    Tags: [],
  };
}

function entry(number: number, action: 'allow' | 'deny', protocol: string, cidr: { v4?: string; v6?: string }, ports?: [number, number], egress = false): NetworkAclEntry {
  return {
    ...(cidr.v4 !== undefined ? { CidrBlock: cidr.v4 } : {}),
    ...(cidr.v6 !== undefined ? { Ipv6CidrBlock: cidr.v6 } : {}),
    Egress: egress,
    Protocol: protocol,
    ...(ports ? { PortRange: { From: ports[0], To: ports[1] } } : {}),
    RuleAction: action,
    RuleNumber: number,
  };
}

/** The entries of a VPC's default ACL with IPv6 enabled, in the order DescribeNetworkAcls lists them. */
const DEFAULT_ENTRIES: NetworkAclEntry[] = [
  entry(100, 'allow', '-1', { v4: '0.0.0.0/0' }, undefined, true),
  entry(101, 'allow', '-1', { v6: '::/0' }, undefined, true),
  entry(32767, 'deny', '-1', { v4: '0.0.0.0/0' }, undefined, true),
  entry(32768, 'deny', '-1', { v6: '::/0' }, undefined, true),
  entry(100, 'allow', '-1', { v4: '0.0.0.0/0' }),
  entry(101, 'allow', '-1', { v6: '::/0' }),
  entry(32767, 'deny', '-1', { v4: '0.0.0.0/0' }),
  entry(32768, 'deny', '-1', { v6: '::/0' }),
];

function networkAcl(entries: NetworkAclEntry[], overrides: Partial<NetworkAcl> = {}): NetworkAcl {
  return {
    Associations: [{ NetworkAclAssociationId: 'aclassoc-0123456789abcdef0', NetworkAclId: DEFAULT_ACL_ID, SubnetId: SUBNET }],
    Entries: entries,
    IsDefault: true,
    NetworkAclId: DEFAULT_ACL_ID,
    Tags: [],
    VpcId: VPC,
    OwnerId: OWNER,
    ...overrides,
  };
}

const defaultAcl = networkAcl(DEFAULT_ENTRIES);

function eni(overrides: Partial<InstanceNetworkInterface> = {}): InstanceNetworkInterface {
  return {
    Association: { IpOwnerId: 'amazon', PublicDnsName: 'ec2-203-0-113-10.compute-1.amazonaws.com', PublicIp: V4 },
    Attachment: { AttachTime: new Date('2024-03-01T10:00:00.000Z'), AttachmentId: 'eni-attach-0123456789abcdef0', DeleteOnTermination: true, DeviceIndex: 0, Status: 'attached', NetworkCardIndex: 0 },
    Description: '',
    Groups: [{ GroupId: SG_ID, GroupName: 'web-ssh' }],
    Ipv6Addresses: [],
    MacAddress: '0a:1b:2c:3d:4e:5f',
    NetworkInterfaceId: 'eni-0123456789abcdef0',
    OwnerId: OWNER,
    PrivateDnsName: 'ip-10-0-1-10.ec2.internal',
    PrivateIpAddress: '10.0.1.10',
    PrivateIpAddresses: [{ Primary: true, PrivateIpAddress: '10.0.1.10', PrivateDnsName: 'ip-10-0-1-10.ec2.internal' }],
    SourceDestCheck: true,
    Status: 'in-use',
    SubnetId: SUBNET,
    VpcId: VPC,
    InterfaceType: 'interface',
    ...overrides,
  };
}

function groupsOf(...groups: SecurityGroup[]): ReadonlyMap<string, SecurityGroup> {
  return new Map(groups.map((g) => [g.GroupId ?? '', g]));
}

function facts(groups: SecurityGroup[], acl: Maybe<NetworkAcl | undefined> = defaultAcl, networkInterface = eni()): InterfaceFacts {
  return { networkInterface, groups: groupsOf(...groups), acl };
}

/** Paths, failing the test when the answer is Unknown. */
function pathsOf(input: InterfaceFacts): IngressPath[] {
  const result = interfaceIngress(input);
  if (isUnknown(result)) throw new Error(`expected paths, got Unknown: ${result.reason}`);
  return result;
}

function summary(paths: readonly IngressPath[]): string[] {
  return paths.map((p) => `${p.protocol} ${p.ports.from}-${p.ports.to} from ${p.source} to ${p.address}`);
}

const worldAclRule = (order: number, family: 'v4' | 'v6' = 'v4'): IngressRule => ({
  kind: 'network-acl',
  id: DEFAULT_ACL_ID,
  protocol: 'all',
  ports: { from: 0, to: 65535 },
  source: family === 'v4' ? '0.0.0.0/0' : '::/0',
  order,
});

describe('interfaceIngress', () => {
  it('SSH from 0.0.0.0/0 through the default allow-all ACL is one tcp/22 path via the ACL entry, then the SG rule', () => {
    const paths = pathsOf(facts([securityGroup([permission('tcp', 22, 22, { v4: ['0.0.0.0/0'] })])]));
    expect(paths).toEqual([
      {
        protocol: 'tcp',
        ports: { from: 22, to: 22 },
        source: '0.0.0.0/0',
        address: V4,
        via: [
          worldAclRule(100),
          { kind: 'security-group', id: SG_ID, name: 'web-ssh', protocol: 'tcp', ports: { from: 22, to: 22 }, source: '0.0.0.0/0' },
        ],
      },
    ]);
  });

  it('a rule open only to 10.0.0.0/8 opens no path from the internet', () => {
    expect(pathsOf(facts([securityGroup([permission('tcp', 22, 22, { v4: ['10.0.0.0/8'] })])]))).toEqual([]);
  });

  it('a world range listed next to private ones still counts', () => {
    const sg = securityGroup([permission('tcp', 443, 443, { v4: ['10.0.0.0/8', '0.0.0.0/0'] })]);
    expect(summary(pathsOf(facts([sg])))).toEqual([`tcp 443-443 from 0.0.0.0/0 to ${V4}`]);
  });

  it('protocol -1 (all traffic) opens tcp and udp 0-65535, the SG rule reported as all', () => {
    const paths = pathsOf(facts([securityGroup([permission('-1', undefined, undefined, { v4: ['0.0.0.0/0'] })])]));
    expect(summary(paths)).toEqual([`tcp 0-65535 from 0.0.0.0/0 to ${V4}`, `udp 0-65535 from 0.0.0.0/0 to ${V4}`]);
    for (const path of paths) {
      expect(path.via[1]).toEqual({ kind: 'security-group', id: SG_ID, name: 'web-ssh', protocol: 'all', ports: { from: 0, to: 65535 }, source: '0.0.0.0/0' });
    }
  });

  it('a tcp rule without ports (FromPort/ToPort absent) covers every port', () => {
    expect(summary(pathsOf(facts([securityGroup([permission('tcp', undefined, undefined, { v4: ['0.0.0.0/0'] })])])))).toEqual([
      `tcp 0-65535 from 0.0.0.0/0 to ${V4}`,
    ]);
  });

  it('an ::/0 rule reaches only the IPv6 address, through the ACL IPv6 entry', () => {
    const dual = eni({ Ipv6Addresses: [{ Ipv6Address: V6, IsPrimaryIpv6: false }] });
    const paths = pathsOf(facts([securityGroup([permission('tcp', 443, 443, { v6: ['::/0'] })])], defaultAcl, dual));
    expect(summary(paths)).toEqual([`tcp 443-443 from ::/0 to ${V6}`]);
    expect(paths[0]?.via).toEqual([
      worldAclRule(101, 'v6'),
      { kind: 'security-group', id: SG_ID, name: 'web-ssh', protocol: 'tcp', ports: { from: 443, to: 443 }, source: '::/0' },
    ]);
  });

  it('a 0.0.0.0/0 rule reaches only the IPv4 address', () => {
    const dual = eni({ Ipv6Addresses: [{ Ipv6Address: V6 }] });
    const paths = pathsOf(facts([securityGroup([permission('tcp', 22, 22, { v4: ['0.0.0.0/0'] })])], defaultAcl, dual));
    expect(summary(paths)).toEqual([`tcp 22-22 from 0.0.0.0/0 to ${V4}`]);
  });

  it('a rule open on both families reaches both addresses', () => {
    const dual = eni({ Ipv6Addresses: [{ Ipv6Address: V6 }] });
    const sg = securityGroup([permission('tcp', 22, 22, { v4: ['0.0.0.0/0'], v6: ['::/0'] })]);
    expect(summary(pathsOf(facts([sg], defaultAcl, dual)))).toEqual([`tcp 22-22 from 0.0.0.0/0 to ${V4}`, `tcp 22-22 from ::/0 to ${V6}`]);
  });

  it('an IPv6-only interface is not reached by an IPv4 world rule', () => {
    const v6Only = eni({ Association: undefined, Ipv6Addresses: [{ Ipv6Address: V6 }] });
    expect(pathsOf(facts([securityGroup([permission('tcp', 22, 22, { v4: ['0.0.0.0/0'] })])], defaultAcl, v6Only))).toEqual([]);
  });

  describe('narrowed by the network ACL', () => {
    const denySshFirst = networkAcl([entry(90, 'deny', '6', { v4: '0.0.0.0/0' }, [22, 22]), entry(100, 'allow', '-1', { v4: '0.0.0.0/0' }), entry(32767, 'deny', '-1', { v4: '0.0.0.0/0' })]);

    it('rule 90 denying tcp 22 before rule 100 allowing all drops port 22', () => {
      expect(pathsOf(facts([securityGroup([permission('tcp', 22, 22, { v4: ['0.0.0.0/0'] })])], denySshFirst))).toEqual([]);
    });

    it('the same deny splits an SG range 20-25 into 20-21 and 23-25, both via rule 100', () => {
      const paths = pathsOf(facts([securityGroup([permission('tcp', 20, 25, { v4: ['0.0.0.0/0'] })])], denySshFirst));
      expect(summary(paths)).toEqual([`tcp 20-21 from 0.0.0.0/0 to ${V4}`, `tcp 23-25 from 0.0.0.0/0 to ${V4}`]);
      for (const path of paths) {
        expect(path.via[0]).toMatchObject({ kind: 'network-acl', order: 100 });
        expect(path.via[1]).toMatchObject({ kind: 'security-group', ports: { from: 20, to: 25 } });
      }
    });

    it('a tcp-only deny leaves udp open when the SG allows all traffic', () => {
      const paths = pathsOf(facts([securityGroup([permission('-1', undefined, undefined, { v4: ['0.0.0.0/0'] })])], denySshFirst));
      expect(summary(paths)).toEqual([`tcp 0-21 from 0.0.0.0/0 to ${V4}`, `tcp 23-65535 from 0.0.0.0/0 to ${V4}`, `udp 0-65535 from 0.0.0.0/0 to ${V4}`]);
    });

    it('entries are evaluated by rule number, not by their order in the listing', () => {
      const unsorted = networkAcl([entry(100, 'allow', '-1', { v4: '0.0.0.0/0' }), entry(32767, 'deny', '-1', { v4: '0.0.0.0/0' }), entry(90, 'deny', '6', { v4: '0.0.0.0/0' }, [22, 22])]);
      expect(pathsOf(facts([securityGroup([permission('tcp', 22, 22, { v4: ['0.0.0.0/0'] })])], unsorted))).toEqual([]);
    });

    it('a narrower public allow (rule 50) before a world deny is a path from that range', () => {
      const acl = networkAcl([entry(50, 'allow', '6', { v4: '198.51.100.0/24' }, [22, 22]), entry(100, 'deny', '-1', { v4: '0.0.0.0/0' })]);
      const paths = pathsOf(facts([securityGroup([permission('tcp', 22, 22, { v4: ['0.0.0.0/0'] })])], acl));
      expect(paths).toEqual([
        {
          protocol: 'tcp',
          ports: { from: 22, to: 22 },
          source: '198.51.100.0/24',
          address: V4,
          via: [
            { kind: 'network-acl', id: DEFAULT_ACL_ID, protocol: 'tcp', ports: { from: 22, to: 22 }, source: '198.51.100.0/24', order: 50 },
            { kind: 'security-group', id: SG_ID, name: 'web-ssh', protocol: 'tcp', ports: { from: 22, to: 22 }, source: '0.0.0.0/0' },
          ],
        },
      ]);
    });

    it('a narrower public allow after the world deny lets nothing in', () => {
      const acl = networkAcl([entry(100, 'deny', '-1', { v4: '0.0.0.0/0' }), entry(200, 'allow', '6', { v4: '198.51.100.0/24' }, [22, 22])]);
      expect(pathsOf(facts([securityGroup([permission('tcp', 22, 22, { v4: ['0.0.0.0/0'] })])], acl))).toEqual([]);
    });

    it.each([
      ['10.0.0.0/8', 'v4'],
      ['172.16.0.0/12', 'v4'],
      ['172.31.0.0/16', 'v4'],
      ['192.168.0.0/16', 'v4'],
      ['100.64.0.0/10', 'v4'],
      ['169.254.0.0/16', 'v4'],
      ['fd00::/8', 'v6'],
      ['fe80::/10', 'v6'],
    ] as const)('a narrower private allow (%s) before a world deny is ignored', (cidr, family) => {
      const acl = networkAcl([
        entry(50, 'allow', '-1', family === 'v4' ? { v4: cidr } : { v6: cidr }),
        entry(100, 'deny', '-1', { v4: '0.0.0.0/0' }),
        entry(101, 'deny', '-1', { v6: '::/0' }),
      ]);
      const dual = eni({ Ipv6Addresses: [{ Ipv6Address: V6 }] });
      const sg = securityGroup([permission('tcp', 22, 22, { v4: ['0.0.0.0/0'], v6: ['::/0'] })]);
      expect(pathsOf(facts([sg], acl, dual))).toEqual([]);
    });

    it.each(['172.32.0.0/16', '100.128.0.0/10', '11.0.0.0/8'])('a public range next to the private blocks (%s) is a path', (cidr) => {
      const acl = networkAcl([entry(50, 'allow', '-1', { v4: cidr }), entry(100, 'deny', '-1', { v4: '0.0.0.0/0' })]);
      const paths = pathsOf(facts([securityGroup([permission('tcp', 22, 22, { v4: ['0.0.0.0/0'] })])], acl));
      expect(summary(paths)).toEqual([`tcp 22-22 from ${cidr} to ${V4}`]);
    });

    it('egress entries are ignored: an egress deny does not block, an egress allow does not open', () => {
      const sg = securityGroup([permission('tcp', 22, 22, { v4: ['0.0.0.0/0'] })]);
      const egressDenyOnly = networkAcl([entry(10, 'deny', '-1', { v4: '0.0.0.0/0' }, undefined, true), entry(100, 'allow', '-1', { v4: '0.0.0.0/0' })]);
      const egressAllowOnly = networkAcl([entry(10, 'allow', '-1', { v4: '0.0.0.0/0' }, undefined, true), entry(100, 'deny', '-1', { v4: '0.0.0.0/0' })]);
      expect(summary(pathsOf(facts([sg], egressDenyOnly)))).toEqual([`tcp 22-22 from 0.0.0.0/0 to ${V4}`]);
      expect(pathsOf(facts([sg], egressAllowOnly))).toEqual([]);
    });

    it('an ACL with no matching entry denies (implicit deny)', () => {
      const empty = networkAcl([]);
      expect(pathsOf(facts([securityGroup([permission('tcp', 22, 22, { v4: ['0.0.0.0/0'] })])], empty))).toEqual([]);
    });
  });

  describe('protocol numbers and names', () => {
    it.each([
      ['6', ['tcp 22-22']],
      ['tcp', ['tcp 22-22']],
      ['TCP', ['tcp 22-22']],
      ['17', ['udp 22-22']],
      ['udp', ['udp 22-22']],
      ['-1', ['tcp 0-65535', 'udp 0-65535']],
      ['icmp', []],
      ['1', []],
      ['58', []],
      ['icmpv6', []],
      ['50', []],
    ] as const)('SG protocol %s → %j', (protocol, expected) => {
      const paths = pathsOf(facts([securityGroup([permission(protocol, 22, 22, { v4: ['0.0.0.0/0'] })])]));
      expect(paths.map((p) => `${p.protocol} ${p.ports.from}-${p.ports.to}`)).toEqual(expected);
    });

    it.each([
      ['6', ['tcp 0-65535']],
      ['17', ['udp 0-65535']],
      ['-1', ['tcp 0-65535', 'udp 0-65535']],
      ['1', []],
    ] as const)('an ACL allowing only protocol %s before the world deny lets %j through', (protocol, expected) => {
      const acl = networkAcl([entry(100, 'allow', protocol, { v4: '0.0.0.0/0' }, protocol === '-1' || protocol === '1' ? undefined : [0, 65535]), entry(32767, 'deny', '-1', { v4: '0.0.0.0/0' })]);
      const paths = pathsOf(facts([securityGroup([permission('-1', undefined, undefined, { v4: ['0.0.0.0/0'] })])], acl));
      expect(paths.map((p) => `${p.protocol} ${p.ports.from}-${p.ports.to}`)).toEqual(expected);
    });
  });

  describe('what cannot be known', () => {
    const sg = securityGroup([permission('tcp', 22, 22, { v4: ['0.0.0.0/0'] })]);

    it('no ACL for the subnet → Unknown naming the subnet', () => {
      const result = interfaceIngress({ networkInterface: eni(), groups: groupsOf(sg), acl: undefined });
      expect(isUnknown(result)).toBe(true);
      expect(isUnknown(result) && result.reason).toContain(SUBNET);
    });

    it('ACLs unreadable → the ACL Unknown is passed through', () => {
      const denied = unknownValue('ec2:DescribeNetworkAcls was denied');
      expect(interfaceIngress(facts([sg], denied))).toBe(denied);
    });

    it('security groups unreadable → the groups Unknown is passed through', () => {
      const denied = unknownValue('ec2:DescribeSecurityGroups was denied');
      expect(interfaceIngress({ networkInterface: eni(), groups: denied, acl: defaultAcl })).toBe(denied);
    });

    it('a group the interface references but the listing lacks → Unknown naming the group', () => {
      const missing = eni({ Groups: [{ GroupId: SG_ID, GroupName: 'web-ssh' }, { GroupId: 'sg-0ffffffffffffffff', GroupName: 'gone' }] });
      const result = interfaceIngress(facts([sg], defaultAcl, missing));
      expect(isUnknown(result)).toBe(true);
      expect(isUnknown(result) && result.reason).toContain('sg-0ffffffffffffffff');
    });

    it('no public address → an empty list, even when groups and ACLs are unreadable', () => {
      const privateOnly = eni({ Association: undefined, Ipv6Addresses: [] });
      expect(interfaceIngress({ networkInterface: privateOnly, groups: unknownValue('denied'), acl: unknownValue('denied') })).toEqual([]);
      expect(interfaceIngress(facts([securityGroup([permission('-1', undefined, undefined, { v4: ['0.0.0.0/0'] })])], defaultAcl, privateOnly))).toEqual([]);
    });
  });

  it('paths from every attached group are listed, each via its own group', () => {
    const ssh = securityGroup([permission('tcp', 22, 22, { v4: ['0.0.0.0/0'] })], 'sg-0000000000000aaaa', 'ssh');
    const web = securityGroup([permission('tcp', 443, 443, { v4: ['0.0.0.0/0'] })], 'sg-0000000000000bbbb', 'web');
    const two = eni({ Groups: [{ GroupId: 'sg-0000000000000aaaa', GroupName: 'ssh' }, { GroupId: 'sg-0000000000000bbbb', GroupName: 'web' }] });
    const paths = pathsOf(facts([ssh, web], defaultAcl, two));
    expect(paths.map((p) => [p.ports.from, p.via[1]?.id, p.via[1]?.name])).toEqual([
      [22, 'sg-0000000000000aaaa', 'ssh'],
      [443, 'sg-0000000000000bbbb', 'web'],
    ]);
  });
});

describe('throughAcl', () => {
  it('a world allow-all passes the requested ports unchanged', () => {
    expect(throughAcl(defaultAcl, 'v4', 'tcp', { from: 3389, to: 3389 })).toEqual([{ ports: { from: 3389, to: 3389 }, source: '0.0.0.0/0', rule: worldAclRule(100) }]);
  });

  it('an allow for part of the range passes only the overlap; the rest meets the world deny', () => {
    const acl = networkAcl([entry(100, 'allow', '6', { v4: '0.0.0.0/0' }, [1024, 65535]), entry(32767, 'deny', '-1', { v4: '0.0.0.0/0' })]);
    const result = throughAcl(acl, 'v4', 'tcp', { from: 1000, to: 2000 });
    expect(result.map((r) => r.ports)).toEqual([{ from: 1024, to: 2000 }]);
    expect(result[0]?.rule).toEqual({ kind: 'network-acl', id: DEFAULT_ACL_ID, protocol: 'tcp', ports: { from: 1024, to: 65535 }, source: '0.0.0.0/0', order: 100 });
  });

  it('uses the IPv6 entries for the v6 family and the IPv4 ones for v4', () => {
    const v4Only = networkAcl([entry(100, 'allow', '-1', { v4: '0.0.0.0/0' })]);
    expect(throughAcl(v4Only, 'v6', 'tcp', { from: 22, to: 22 })).toEqual([]);
    expect(throughAcl(v4Only, 'v4', 'tcp', { from: 22, to: 22 })).toHaveLength(1);
  });

  it('a udp request is not decided by a tcp entry', () => {
    const acl = networkAcl([entry(90, 'deny', '6', { v4: '0.0.0.0/0' }, [53, 53]), entry(100, 'allow', '-1', { v4: '0.0.0.0/0' })]);
    expect(throughAcl(acl, 'v4', 'udp', { from: 53, to: 53 }).map((r) => r.rule.order)).toEqual([100]);
    expect(throughAcl(acl, 'v4', 'tcp', { from: 53, to: 53 })).toEqual([]);
  });

  it('the same ACL with its acl id and no rule number still yields a rule without order', () => {
    const acl: NetworkAcl = { NetworkAclId: CUSTOM_ACL_ID, Entries: [{ CidrBlock: '0.0.0.0/0', Egress: false, Protocol: '-1', RuleAction: 'allow' }] };
    const [only] = throughAcl(acl, 'v4', 'tcp', { from: 22, to: 22 });
    expect(only?.rule.id).toBe(CUSTOM_ACL_ID);
    expect(only?.rule).not.toHaveProperty('order');
  });
});

describe('aclForSubnet', () => {
  const vpcDefault = networkAcl(DEFAULT_ENTRIES, { Associations: [{ NetworkAclAssociationId: 'aclassoc-0000000000000000a', NetworkAclId: DEFAULT_ACL_ID, SubnetId: 'subnet-0000000000000other' }] });
  const custom = networkAcl([entry(100, 'deny', '-1', { v4: '0.0.0.0/0' })], {
    NetworkAclId: CUSTOM_ACL_ID,
    IsDefault: false,
    Associations: [{ NetworkAclAssociationId: 'aclassoc-0000000000000000b', NetworkAclId: CUSTOM_ACL_ID, SubnetId: SUBNET }],
  });
  const otherVpcDefault = networkAcl(DEFAULT_ENTRIES, { NetworkAclId: 'acl-0000000000000other', VpcId: 'vpc-0000000000000other', Associations: [] });

  it('prefers the ACL explicitly associated with the subnet over the VPC default, whatever the order', () => {
    expect(aclForSubnet([vpcDefault, custom], SUBNET, VPC)?.NetworkAclId).toBe(CUSTOM_ACL_ID);
    expect(aclForSubnet([custom, vpcDefault], SUBNET, VPC)?.NetworkAclId).toBe(CUSTOM_ACL_ID);
  });

  it("falls back to the VPC's default ACL when no ACL names the subnet", () => {
    expect(aclForSubnet([otherVpcDefault, vpcDefault, custom], 'subnet-0000000000000new1', VPC)?.NetworkAclId).toBe(DEFAULT_ACL_ID);
  });

  it("does not take another VPC's default ACL", () => {
    expect(aclForSubnet([otherVpcDefault, custom], 'subnet-0000000000000new1', VPC)).toBeUndefined();
  });

  it('no ACLs → undefined', () => {
    expect(aclForSubnet([], SUBNET, VPC)).toBeUndefined();
  });
});

describe('publicAddressesOf', () => {
  it('lists the associated public IPv4 address and every IPv6 address, with their family', () => {
    const dual = eni({ Ipv6Addresses: [{ Ipv6Address: V6 }, { Ipv6Address: '2001:db8:1234:5600::11' }] });
    expect(publicAddressesOf(dual)).toEqual([
      { address: V4, family: 'v4' },
      { address: V6, family: 'v6' },
      { address: '2001:db8:1234:5600::11', family: 'v6' },
    ]);
  });

  it('a private-only interface has none (the private IP is not public)', () => {
    expect(publicAddressesOf(eni({ Association: undefined }))).toEqual([]);
  });

  it('skips an association without a public IP and IPv6 entries without an address', () => {
    expect(publicAddressesOf(eni({ Association: { IpOwnerId: 'amazon' }, Ipv6Addresses: [{ IsPrimaryIpv6: true }] }))).toEqual([]);
  });
});

describe('narrower ACL allows judged by exact containment', () => {
  it('a 10.0.0.0/7 allow before a world deny lets part of the internet (11.0.0.0/8) in', () => {
    const acl: NetworkAcl = {
      NetworkAclId: 'acl-slash7',
      Entries: [
        { RuleNumber: 50, Egress: false, Protocol: '6', RuleAction: 'allow', CidrBlock: '10.0.0.0/7', PortRange: { From: 22, To: 22 } },
        { RuleNumber: 100, Egress: false, Protocol: '-1', RuleAction: 'deny', CidrBlock: '0.0.0.0/0' },
      ],
    };
    const through = throughAcl(acl, 'v4', 'tcp', { from: 22, to: 22 });
    expect(through.map((t) => t.source)).toEqual(['10.0.0.0/7']);
  });
});
