// Effective internet ingress through Azure NSGs, from NetworkSecurityGroup shapes as
// `networkSecurityGroups.get` returns them (custom rules plus the six default rules).
import type { NetworkSecurityGroup, SecurityRule } from '@azure/arm-network';
import { describe, expect, it } from 'vitest';
import { nsgIngress, throughNsg, type IngressInput, type NicTarget } from '../../../providers/azure/nsg.js';
import { isUnknown, unknownValue, type IngressPath, type IngressRule } from '../../../src/model.js';

const SUB = '/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/rg-web/providers/Microsoft.Network';
const SUBNET_NSG_ID = `${SUB}/networkSecurityGroups/nsg-snet-web`;
const NIC_NSG_ID = `${SUB}/networkSecurityGroups/nsg-vm-web-01`;
const ASG_WEB = `${SUB}/applicationSecurityGroups/asg-web`;
const ASG_DB = `${SUB}/applicationSecurityGroups/asg-db`;
const PUBLIC_V4 = '20.61.10.20';
const PUBLIC_V6 = '2603:1020:1:2::14';
const PRIVATE_V4 = '10.0.1.4';
const PRIVATE_V6 = 'fd00:db8:1::4';
const PARTNER = '198.51.100.0/24';
const OTHER_PARTNER = '203.0.113.0/24';

const TARGET: NicTarget = { privateIp: PRIVATE_V4, applicationSecurityGroupIds: [ASG_WEB] };
const TARGET_V6: NicTarget = { privateIp: PRIVATE_V6, applicationSecurityGroupIds: [] };

interface RuleSpec {
  name?: string;
  priority: number;
  access?: 'Allow' | 'Deny';
  direction?: 'Inbound' | 'Outbound';
  protocol?: string;
  source?: string;
  sources?: string[];
  sourcePorts?: string;
  destination?: string;
  destinations?: string[];
  destinationAsgs?: string[];
  ports?: string;
  portList?: string[];
}

/** A security rule as ARM returns it: singular and plural fields both present, the unused one empty. */
function rule(spec: RuleSpec, nsgId = NIC_NSG_ID): SecurityRule {
  const name = spec.name ?? `rule-${spec.priority}`;
  return {
    id: `${nsgId}/securityRules/${name}`,
    name,
    etag: 'W/"7d1c6a52-3b7e-4a55-9a7c-2f0f1d0e9b11"',
    type: 'Microsoft.Network/networkSecurityGroups/securityRules',
    protocol: spec.protocol ?? 'Tcp',
    sourcePortRange: spec.sourcePorts ?? '*',
    sourcePortRanges: [],
    ...(spec.sources ? { sourceAddressPrefixes: spec.sources } : { sourceAddressPrefix: spec.source ?? 'Internet', sourceAddressPrefixes: [] }),
    ...(spec.destinationAsgs
      ? { destinationApplicationSecurityGroups: spec.destinationAsgs.map((id) => ({ id })), destinationAddressPrefixes: [] }
      : spec.destinations
        ? { destinationAddressPrefixes: spec.destinations }
        : { destinationAddressPrefix: spec.destination ?? '*', destinationAddressPrefixes: [] }),
    ...(spec.portList ? { destinationPortRanges: spec.portList } : { destinationPortRange: spec.ports ?? '*', destinationPortRanges: [] }),
    access: spec.access ?? 'Allow',
    priority: spec.priority,
    direction: spec.direction ?? 'Inbound',
    provisioningState: 'Succeeded',
  };
}

function defaultRules(nsgId: string): SecurityRule[] {
  const d = (name: string, priority: number, direction: 'Inbound' | 'Outbound', access: 'Allow' | 'Deny', source: string, destination: string): SecurityRule => ({
    ...rule({ name, priority, direction, access, protocol: '*', source, destination }, nsgId),
    id: `${nsgId}/defaultSecurityRules/${name}`,
    type: 'Microsoft.Network/networkSecurityGroups/defaultSecurityRules',
    description: 'Default rule',
  });
  return [
    d('AllowVnetInBound', 65000, 'Inbound', 'Allow', 'VirtualNetwork', 'VirtualNetwork'),
    d('AllowAzureLoadBalancerInBound', 65001, 'Inbound', 'Allow', 'AzureLoadBalancer', '*'),
    d('DenyAllInBound', 65500, 'Inbound', 'Deny', '*', '*'),
    d('AllowVnetOutBound', 65000, 'Outbound', 'Allow', 'VirtualNetwork', 'VirtualNetwork'),
    d('AllowInternetOutBound', 65001, 'Outbound', 'Allow', '*', 'Internet'),
    d('DenyAllOutBound', 65500, 'Outbound', 'Deny', '*', '*'),
  ];
}

function nsg(specs: RuleSpec[], id = NIC_NSG_ID, withDefaults = true): NetworkSecurityGroup {
  return {
    id,
    name: id.split('/').pop(),
    type: 'Microsoft.Network/networkSecurityGroups',
    location: 'westeurope',
    tags: {},
    etag: 'W/"0f5a1c2e-9d8b-4c3a-8e7f-6a5b4c3d2e1f"',
    resourceGuid: '5b0e3f7a-1c2d-4e5f-8a9b-0c1d2e3f4a5b',
    provisioningState: 'Succeeded',
    securityRules: specs.map((s) => rule(s, id)),
    ...(withDefaults ? { defaultSecurityRules: defaultRules(id) } : {}),
  };
}

/** The IngressRule an NSG rule is reported as. */
function reported(spec: RuleSpec, overrides: Partial<IngressRule> = {}, nsgId = NIC_NSG_ID): IngressRule {
  const protocol = (spec.protocol ?? 'Tcp').toLowerCase();
  return {
    kind: 'nsg',
    id: nsgId,
    name: spec.name ?? `rule-${spec.priority}`,
    protocol: protocol === '*' ? 'all' : protocol === 'udp' ? 'udp' : 'tcp',
    ports: { from: 0, to: 65535 },
    source: spec.source ?? 'Internet',
    order: spec.priority,
    ...overrides,
  };
}

const ALL_PORTS = { from: 0, to: 65535 };

/** Compact view of throughNsg for tcp over every port: `from-to source order`. */
function tcpThrough(group: NetworkSecurityGroup, family: 'v4' | 'v6' = 'v4', target: NicTarget = family === 'v4' ? TARGET : TARGET_V6): string[] {
  return throughNsg(group, family, target, 'tcp', ALL_PORTS).map((p) => `${p.ports.from}-${p.ports.to} ${p.source} #${p.rule.order}`);
}

function input(overrides: Partial<IngressInput>): IngressInput {
  return { publicAddress: PUBLIC_V4, family: 'v4', target: TARGET, subnetNsg: undefined, nicNsg: undefined, publicIpSku: 'Standard', ...overrides };
}

function pathsOf(value: IngressInput): IngressPath[] {
  const result = nsgIngress(value);
  if (isUnknown(result)) throw new Error(`expected paths, got Unknown: ${result.reason}`);
  return result;
}

function summary(paths: readonly IngressPath[]): string[] {
  return paths.map((p) => `${p.protocol} ${p.ports.from}-${p.ports.to} from ${p.source}`);
}

describe('throughNsg', () => {
  describe('priorities and first match', () => {
    it('an allow for tcp 22 from Internet passes port 22 from 0.0.0.0/0, reported with the rule as written', () => {
      const spec: RuleSpec = { name: 'AllowSshInbound', priority: 300, ports: '22' };
      expect(throughNsg(nsg([spec]), 'v4', TARGET, 'tcp', ALL_PORTS)).toEqual([
        { ports: { from: 22, to: 22 }, source: '0.0.0.0/0', rule: reported(spec, { ports: { from: 22, to: 22 } }) },
      ]);
    });

    it.each<[string, RuleSpec[], string[]]>([
      ['deny 22 before allow *: every port but 22', [{ priority: 100, access: 'Deny', ports: '22' }, { priority: 200 }], ['0-21 0.0.0.0/0 #200', '23-65535 0.0.0.0/0 #200']],
      ['allow 22 before deny *: only 22', [{ priority: 100, ports: '22' }, { priority: 200, access: 'Deny' }], ['22-22 0.0.0.0/0 #100']],
      ['allow 22 before deny 22: the allow wins', [{ priority: 100, ports: '22' }, { priority: 200, access: 'Deny', ports: '22' }], ['22-22 0.0.0.0/0 #100']],
      ['deny * (priority 100) before allow 22 (4096): nothing', [{ priority: 100, access: 'Deny' }, { priority: 4096, ports: '22' }], []],
      ['listed out of order, still decided by priority number', [{ priority: 300 }, { priority: 100, access: 'Deny', ports: '0-1023' }], ['1024-65535 0.0.0.0/0 #300']],
      ['two allows overlapping: each port reported by the first rule that decided it', [{ priority: 100, ports: '20-25' }, { priority: 200, ports: '22-30' }], ['20-25 0.0.0.0/0 #100', '26-30 0.0.0.0/0 #200']],
      ['no custom rule: DenyAllInBound closes everything', [], []],
    ])('%s', (_, specs, expected) => {
      expect(tcpThrough(nsg(specs))).toEqual(expected);
    });

    it('only the requested ports are considered', () => {
      const result = throughNsg(nsg([{ priority: 100, access: 'Deny', ports: '22' }, { priority: 200 }]), 'v4', TARGET, 'tcp', { from: 20, to: 25 });
      expect(result.map((p) => p.ports)).toEqual([
        { from: 20, to: 21 },
        { from: 23, to: 25 },
      ]);
      expect(result.every((p) => p.rule.ports.from === 0 && p.rule.ports.to === 65535)).toBe(true);
    });

    it('outbound rules are ignored: an outbound allow opens nothing, an outbound deny blocks nothing', () => {
      expect(tcpThrough(nsg([{ priority: 100, direction: 'Outbound' }]))).toEqual([]);
      expect(tcpThrough(nsg([{ priority: 100, direction: 'Outbound', access: 'Deny' }, { priority: 200, ports: '443' }]))).toEqual(['443-443 0.0.0.0/0 #200']);
    });
  });

  describe('port ranges', () => {
    it('plural destinationPortRanges: one passage per range, each rule reported with its own range', () => {
      const spec: RuleSpec = { priority: 100, portList: ['22', '80', '8000-8080'] };
      const result = throughNsg(nsg([spec]), 'v4', TARGET, 'tcp', ALL_PORTS);
      expect(result.map((p) => [p.ports, p.rule.ports])).toEqual([
        [{ from: 22, to: 22 }, { from: 22, to: 22 }],
        [{ from: 80, to: 80 }, { from: 80, to: 80 }],
        [{ from: 8000, to: 8080 }, { from: 8000, to: 8080 }],
      ]);
    });

    it('a plural deny cuts each of its ranges out of a later allow *', () => {
      expect(tcpThrough(nsg([{ priority: 100, access: 'Deny', portList: ['22', '3389'] }, { priority: 200 }]))).toEqual([
        '0-21 0.0.0.0/0 #200',
        '23-3388 0.0.0.0/0 #200',
        '3390-65535 0.0.0.0/0 #200',
      ]);
    });

    it.each<[string, string[]]>([
      ['*', ['0-65535 0.0.0.0/0 #100']],
      ['443', ['443-443 0.0.0.0/0 #100']],
      ['1024-2048', ['1024-2048 0.0.0.0/0 #100']],
    ])('destinationPortRange %s', (ports, expected) => {
      expect(tcpThrough(nsg([{ priority: 100, ports }]))).toEqual(expected);
    });
  });

  describe('sources', () => {
    it.each(['*', 'Any', 'Internet', 'internet', '0.0.0.0/0'])('%s matches the whole IPv4 internet', (source) => {
      const result = throughNsg(nsg([{ priority: 100, ports: '22', source }]), 'v4', TARGET, 'tcp', ALL_PORTS);
      expect(result.map((p) => [p.source, p.rule.source])).toEqual([['0.0.0.0/0', source]]);
    });

    it.each(['VirtualNetwork', 'AzureLoadBalancer', 'Storage', 'Storage.WestEurope', 'Sql'])('%s does not match internet traffic', (source) => {
      expect(tcpThrough(nsg([{ priority: 100, ports: '22', source }]))).toEqual([]);
    });

    it('a VirtualNetwork deny does not block a later Internet allow', () => {
      expect(tcpThrough(nsg([{ priority: 100, access: 'Deny', source: 'VirtualNetwork' }, { priority: 200, ports: '22' }]))).toEqual(['22-22 0.0.0.0/0 #200']);
    });

    it('a narrower public CIDR allowed before the world deny is a passage from that CIDR', () => {
      const spec: RuleSpec = { priority: 100, ports: '22', source: PARTNER };
      expect(throughNsg(nsg([spec, { priority: 200, access: 'Deny' }]), 'v4', TARGET, 'tcp', ALL_PORTS)).toEqual([
        { ports: { from: 22, to: 22 }, source: PARTNER, rule: reported(spec, { ports: { from: 22, to: 22 } }) },
      ]);
    });

    it('a narrower public CIDR allowed after the world deny lets nothing in', () => {
      expect(tcpThrough(nsg([{ priority: 100, access: 'Deny' }, { priority: 200, ports: '22', source: PARTNER }]))).toEqual([]);
    });

    it('a narrower public CIDR denied does not block the rest of the internet', () => {
      expect(tcpThrough(nsg([{ priority: 100, access: 'Deny', source: PARTNER }, { priority: 200, ports: '22' }]))).toEqual(['22-22 0.0.0.0/0 #200']);
    });

    it('a CIDR denied earlier blocks a later allow for a range inside it, not for one outside it', () => {
      const denyBlock: RuleSpec = { priority: 100, access: 'Deny', ports: '22', source: '198.51.0.0/16' };
      expect(tcpThrough(nsg([denyBlock, { priority: 200, ports: '20-25', source: PARTNER }]))).toEqual([`20-21 ${PARTNER} #200`, `23-25 ${PARTNER} #200`]);
      expect(tcpThrough(nsg([denyBlock, { priority: 200, ports: '22', source: OTHER_PARTNER }]))).toEqual([`22-22 ${OTHER_PARTNER} #200`]);
    });

    it.each(['10.0.0.0/8', '10.20.0.0/16', '172.16.0.0/12', '172.31.0.0/16', '192.168.0.0/16', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16', '10.1.2.3'])(
      'a private range (%s) allowed before the world deny is ignored',
      (source) => {
        expect(tcpThrough(nsg([{ priority: 100, source }, { priority: 200, access: 'Deny' }]))).toEqual([]);
      },
    );

    it.each(['172.32.0.0/16', '100.128.0.0/10', '11.0.0.0/8', '10.0.0.0/7', '0.0.0.0/1', '198.51.100.7'])('a public range (%s) allowed before the world deny is a passage from it', (source) => {
      expect(tcpThrough(nsg([{ priority: 100, ports: '22', source }, { priority: 200, access: 'Deny' }]))).toEqual([`22-22 ${source} #100`]);
    });

    it('plural sourceAddressPrefixes: a private prefix drops out, a public one is reported on its own', () => {
      const result = throughNsg(nsg([{ priority: 100, ports: '22', sources: ['10.0.0.0/8', PARTNER, '192.168.0.0/16'] }]), 'v4', TARGET, 'tcp', ALL_PORTS);
      expect(result.map((p) => [p.source, p.rule.source])).toEqual([[PARTNER, PARTNER]]);
    });

    it('plural sourceAddressPrefixes with a world prefix: the world decides, the narrower one adds nothing', () => {
      const result = throughNsg(nsg([{ priority: 100, ports: '22', sources: [PARTNER, '0.0.0.0/0'] }]), 'v4', TARGET, 'tcp', ALL_PORTS);
      expect(result.map((p) => [p.source, p.rule.source])).toEqual([['0.0.0.0/0', '0.0.0.0/0']]);
    });

    it('a deny limited to some client source ports does not decide: the internet picks its source port', () => {
      expect(tcpThrough(nsg([{ priority: 100, access: 'Deny', sourcePorts: '0-1023' }, { priority: 200, ports: '22' }]))).toEqual(['22-22 0.0.0.0/0 #200']);
    });

    it('an allow limited to some client source ports still lets the internet in', () => {
      expect(tcpThrough(nsg([{ priority: 100, ports: '22', sourcePorts: '1024-65535' }, { priority: 200, access: 'Deny' }]))).toEqual(['22-22 0.0.0.0/0 #100']);
    });
  });

  describe('destinations', () => {
    it.each<[string, RuleSpec, boolean]>([
      ['*', { priority: 100, destination: '*' }, true],
      ['Any', { priority: 100, destination: 'Any' }, true],
      ['VirtualNetwork', { priority: 100, destination: 'VirtualNetwork' }, true],
      ['the subnet CIDR', { priority: 100, destination: '10.0.1.0/24' }, true],
      ['the exact private IP', { priority: 100, destination: PRIVATE_V4 }, true],
      ['the private IP as /32', { priority: 100, destination: `${PRIVATE_V4}/32` }, true],
      ['plural prefixes, one matching', { priority: 100, destinations: ['10.9.0.0/16', '10.0.1.0/24'] }, true],
      ['an ASG the NIC belongs to (id in other case)', { priority: 100, destinationAsgs: [ASG_DB, ASG_WEB.toUpperCase()] }, true],
      ['another subnet', { priority: 100, destination: '10.0.2.0/24' }, false],
      ['another host', { priority: 100, destination: '10.0.1.5' }, false],
      ['plural prefixes, none matching', { priority: 100, destinations: ['10.9.0.0/16', '10.0.2.0/24'] }, false],
      ['the public address (rules see the private one)', { priority: 100, destination: PUBLIC_V4 }, false],
      ['the Internet tag', { priority: 100, destination: 'Internet' }, false],
      ['an ASG the NIC is not in', { priority: 100, destinationAsgs: [ASG_DB] }, false],
    ])('an allow to %s: matches = %s', (_, spec, matches) => {
      expect(tcpThrough(nsg([{ ...spec, ports: '22' }]))).toEqual(matches ? ['22-22 0.0.0.0/0 #100'] : []);
    });

    it('a deny on an ASG blocks members only', () => {
      const specs = (asg: string): RuleSpec[] => [{ priority: 100, access: 'Deny', destinationAsgs: [asg] }, { priority: 200, ports: '22' }];
      expect(tcpThrough(nsg(specs(ASG_WEB)))).toEqual([]);
      expect(tcpThrough(nsg(specs(ASG_DB)))).toEqual(['22-22 0.0.0.0/0 #200']);
    });
  });

  describe('protocols', () => {
    it.each<[string, string[]]>([
      ['*', ['tcp all', 'udp all']],
      ['Tcp', ['tcp tcp']],
      ['Udp', ['udp udp']],
      ['Icmp', []],
      ['Esp', []],
      ['Ah', []],
    ])('an allow for protocol %s passes %j (requested protocol, rule protocol)', (protocol, expected) => {
      const group = nsg([{ priority: 100, protocol, ports: '500' }]);
      const passed = (['tcp', 'udp'] as const).flatMap((p) => throughNsg(group, 'v4', TARGET, p, ALL_PORTS).map((r) => `${p} ${r.rule.protocol}`));
      expect(passed).toEqual(expected);
    });

    it('a Udp deny does not block tcp; a * deny blocks both', () => {
      const udpDeny = nsg([{ priority: 100, access: 'Deny', protocol: 'Udp' }, { priority: 200, protocol: '*', ports: '53' }]);
      expect(throughNsg(udpDeny, 'v4', TARGET, 'tcp', ALL_PORTS).map((p) => p.rule.order)).toEqual([200]);
      expect(throughNsg(udpDeny, 'v4', TARGET, 'udp', ALL_PORTS)).toEqual([]);
      const anyDeny = nsg([{ priority: 100, access: 'Deny', protocol: '*' }, { priority: 200, protocol: '*', ports: '53' }]);
      expect([...throughNsg(anyDeny, 'v4', TARGET, 'tcp', ALL_PORTS), ...throughNsg(anyDeny, 'v4', TARGET, 'udp', ALL_PORTS)]).toEqual([]);
    });

    it('an Icmp deny does not block tcp', () => {
      expect(tcpThrough(nsg([{ priority: 100, access: 'Deny', protocol: 'Icmp' }, { priority: 200, ports: '22' }]))).toEqual(['22-22 0.0.0.0/0 #200']);
    });
  });

  describe('default rules', () => {
    const custom: RuleSpec[] = [{ priority: 100, access: 'Deny', ports: '22' }, { priority: 200, ports: '0-1023' }];

    it('returned by ARM or absent, the answer is the same', () => {
      const withDefaults = nsg(custom, NIC_NSG_ID, true);
      const without = nsg(custom, NIC_NSG_ID, false);
      expect(without.defaultSecurityRules).toBeUndefined();
      expect(tcpThrough(without)).toEqual(tcpThrough(withDefaults));
      expect(tcpThrough(without)).toEqual(['0-21 0.0.0.0/0 #200', '23-1023 0.0.0.0/0 #200']);
    });

    it('no rules at all and no defaults listed: DenyAllInBound is assumed, nothing gets in', () => {
      expect([...tcpThrough(nsg([], NIC_NSG_ID, false)), ...throughNsg(nsg([], NIC_NSG_ID, false), 'v4', TARGET, 'udp', ALL_PORTS)]).toEqual([]);
    });

    it('AllowVnetInBound and AllowAzureLoadBalancerInBound never let the internet in', () => {
      const defaultsOnly = nsg([]);
      expect(defaultsOnly.defaultSecurityRules?.map((r) => r.name)).toContain('AllowVnetInBound');
      expect((['tcp', 'udp'] as const).flatMap((p) => throughNsg(defaultsOnly, 'v4', TARGET, p, ALL_PORTS))).toEqual([]);
    });
  });

  describe('IPv6', () => {
    it.each<[string, 'v4' | 'v6', string[]]>([
      ['::/0', 'v6', ['443-443 ::/0 #100']],
      ['0.0.0.0/0', 'v6', []],
      ['::/0', 'v4', []],
      ['0.0.0.0/0', 'v4', ['443-443 0.0.0.0/0 #100']],
      ['*', 'v6', ['443-443 ::/0 #100']],
      ['Internet', 'v6', ['443-443 ::/0 #100']],
      ['2001:db8:aaaa::/48', 'v6', ['443-443 2001:db8:aaaa::/48 #100']],
      ['fd00::/8', 'v6', []],
      ['fe80::/10', 'v6', []],
      [PARTNER, 'v6', []],
    ])('source %s on %s traffic → %j', (source, family, expected) => {
      expect(tcpThrough(nsg([{ priority: 100, ports: '443', source }, { priority: 200, access: 'Deny' }]), family)).toEqual(expected);
    });

    it('a destination CIDR matches the IPv6 private address', () => {
      expect(tcpThrough(nsg([{ priority: 100, ports: '443', destination: 'fd00:db8:1::/64' }]), 'v6')).toEqual(['443-443 ::/0 #100']);
      expect(tcpThrough(nsg([{ priority: 100, ports: '443', destination: 'fd00:db8:2::/64' }]), 'v6')).toEqual([]);
    });
  });
});

describe('nsgIngress', () => {
  const sshOnly: RuleSpec = { name: 'AllowSsh', priority: 100, ports: '22' };

  it('NIC NSG only: it decides alone, one path via its rule, to the public address', () => {
    const paths = pathsOf(input({ nicNsg: nsg([sshOnly]) }));
    expect(paths).toEqual([
      { protocol: 'tcp', ports: { from: 22, to: 22 }, source: '0.0.0.0/0', address: PUBLIC_V4, via: [reported(sshOnly, { ports: { from: 22, to: 22 } })] },
    ]);
  });

  it('subnet NSG only: it decides alone', () => {
    const paths = pathsOf(input({ subnetNsg: nsg([sshOnly], SUBNET_NSG_ID) }));
    expect(paths.map((p) => p.via.map((r) => r.id))).toEqual([[SUBNET_NSG_ID]]);
    expect(summary(paths)).toEqual(['tcp 22-22 from 0.0.0.0/0']);
  });

  it.each(['Basic', 'Standard', undefined] as const)('one NSG present decides whatever the SKU (%s)', (publicIpSku) => {
    expect(summary(pathsOf(input({ nicNsg: nsg([sshOnly]), publicIpSku })))).toEqual(['tcp 22-22 from 0.0.0.0/0']);
  });

  describe('subnet and NIC together', () => {
    it('subnet allows 22, NIC denies it: nothing', () => {
      const subnet = nsg([sshOnly], SUBNET_NSG_ID);
      expect(pathsOf(input({ subnetNsg: subnet, nicNsg: nsg([{ priority: 100, access: 'Deny', ports: '22' }]) }))).toEqual([]);
      expect(pathsOf(input({ subnetNsg: subnet, nicNsg: nsg([]) }))).toEqual([]);
    });

    it('NIC allows 22, subnet has only defaults: nothing', () => {
      expect(pathsOf(input({ subnetNsg: nsg([], SUBNET_NSG_ID), nicNsg: nsg([sshOnly]) }))).toEqual([]);
    });

    it('both allow different ranges: the intersection, via the subnet rule then the NIC rule', () => {
      const subnetRule: RuleSpec = { name: 'AllowWebAndMgmt', priority: 200, portList: ['20-25', '80'] };
      const nicRule: RuleSpec = { name: 'AllowLow', priority: 300, ports: '22-443' };
      const paths = pathsOf(input({ subnetNsg: nsg([subnetRule], SUBNET_NSG_ID), nicNsg: nsg([nicRule]) }));
      expect(paths).toEqual([
        {
          protocol: 'tcp',
          ports: { from: 22, to: 25 },
          source: '0.0.0.0/0',
          address: PUBLIC_V4,
          via: [reported(subnetRule, { ports: { from: 20, to: 25 } }, SUBNET_NSG_ID), reported(nicRule, { ports: { from: 22, to: 443 } })],
        },
        {
          protocol: 'tcp',
          ports: { from: 80, to: 80 },
          source: '0.0.0.0/0',
          address: PUBLIC_V4,
          via: [reported(subnetRule, { ports: { from: 80, to: 80 } }, SUBNET_NSG_ID), reported(nicRule, { ports: { from: 22, to: 443 } })],
        },
      ]);
    });

    it('protocols intersect too: subnet allows * on 53, NIC allows Udp 53 only', () => {
      const paths = pathsOf(input({ subnetNsg: nsg([{ priority: 100, protocol: '*', ports: '53' }], SUBNET_NSG_ID), nicNsg: nsg([{ priority: 100, protocol: 'Udp', ports: '53' }]) }));
      expect(summary(paths)).toEqual(['udp 53-53 from 0.0.0.0/0']);
    });

    it('a subnet deny of 22 with a NIC allow-all leaves every other tcp port and all udp', () => {
      const paths = pathsOf(input({ subnetNsg: nsg([{ priority: 100, access: 'Deny', ports: '22' }, { priority: 200, protocol: '*' }], SUBNET_NSG_ID), nicNsg: nsg([{ priority: 100, protocol: '*' }]) }));
      expect(summary(paths)).toEqual(['tcp 0-21 from 0.0.0.0/0', 'tcp 23-65535 from 0.0.0.0/0', 'udp 0-65535 from 0.0.0.0/0']);
    });

    it.each<[string, string, string | undefined]>([
      ['subnet from Internet, NIC from a partner range', 'Internet', PARTNER],
      ['subnet from a partner range, NIC from Internet', PARTNER, 'Internet'],
    ])('the narrower source wins: %s', (_, subnetSource, nicSource) => {
      const paths = pathsOf(input({ subnetNsg: nsg([{ priority: 100, ports: '22', source: subnetSource }], SUBNET_NSG_ID), nicNsg: nsg([{ priority: 100, ports: '22', source: nicSource }]) }));
      expect(summary(paths)).toEqual([`tcp 22-22 from ${PARTNER}`]);
    });

    it('a /16 and a /24 inside it give the /24; two disjoint partner ranges give nothing', () => {
      const both = (a: string, b: string): IngressPath[] =>
        pathsOf(input({ subnetNsg: nsg([{ priority: 100, ports: '22', source: a }], SUBNET_NSG_ID), nicNsg: nsg([{ priority: 100, ports: '22', source: b }]) }));
      expect(summary(both('198.51.0.0/16', PARTNER))).toEqual([`tcp 22-22 from ${PARTNER}`]);
      expect(both(PARTNER, OTHER_PARTNER)).toEqual([]);
    });
  });

  describe('no NSG at either level', () => {
    it('Basic SKU: tcp and udp open on every port from 0.0.0.0/0, via the no-NSG entry', () => {
      const none: IngressRule = { kind: 'nsg', id: 'none', name: 'no network security group', protocol: 'all', ports: ALL_PORTS, source: '0.0.0.0/0' };
      expect(pathsOf(input({ publicIpSku: 'Basic' }))).toEqual([
        { protocol: 'tcp', ports: ALL_PORTS, source: '0.0.0.0/0', address: PUBLIC_V4, via: [none] },
        { protocol: 'udp', ports: ALL_PORTS, source: '0.0.0.0/0', address: PUBLIC_V4, via: [none] },
      ]);
    });

    it('Basic SKU on IPv6: open from ::/0', () => {
      const paths = pathsOf(input({ publicIpSku: 'Basic', family: 'v6', publicAddress: PUBLIC_V6, target: TARGET_V6 }));
      expect(summary(paths)).toEqual(['tcp 0-65535 from ::/0', 'udp 0-65535 from ::/0']);
      expect(paths.every((p) => p.address === PUBLIC_V6 && p.via[0]?.source === '::/0')).toBe(true);
    });

    it('Standard SKU: closed', () => {
      expect(pathsOf(input({ publicIpSku: 'Standard' }))).toEqual([]);
    });

    it('unknown SKU: Unknown, saying why', () => {
      const result = nsgIngress(input({ publicIpSku: undefined }));
      expect(isUnknown(result)).toBe(true);
      expect(isUnknown(result) && result.reason).toMatch(/SKU/);
    });
  });

  describe('Unknown in, Unknown out', () => {
    const subnetDenied = unknownValue('Microsoft.Network/networkSecurityGroups/read was denied on nsg-snet-web');
    const nicDenied = unknownValue('Microsoft.Network/networkSecurityGroups/read was denied on nsg-vm-web-01');

    it.each<[string, Partial<IngressInput>, unknown]>([
      ['subnet NSG unreadable, NIC NSG open', { subnetNsg: subnetDenied, nicNsg: nsg([{ priority: 100 }]) }, subnetDenied],
      ['subnet NSG unreadable, no NIC NSG, Standard SKU', { subnetNsg: subnetDenied }, subnetDenied],
      ['NIC NSG unreadable, subnet NSG closed', { subnetNsg: nsg([], SUBNET_NSG_ID), nicNsg: nicDenied }, nicDenied],
      ['both unreadable: the subnet reason first', { subnetNsg: subnetDenied, nicNsg: nicDenied }, subnetDenied],
    ])('%s', (_, overrides, expected) => {
      expect(nsgIngress(input(overrides))).toBe(expected);
    });
  });

  describe('IPv6', () => {
    it('a ::/0 allow reaches the IPv6 address with source ::/0; a 0.0.0.0/0 allow does not', () => {
      const v6 = (source: string): IngressPath[] =>
        pathsOf(input({ family: 'v6', publicAddress: PUBLIC_V6, target: TARGET_V6, nicNsg: nsg([{ priority: 100, ports: '443', source }]) }));
      expect(v6('::/0')).toEqual([
        { protocol: 'tcp', ports: { from: 443, to: 443 }, source: '::/0', address: PUBLIC_V6, via: [reported({ priority: 100, source: '::/0' }, { ports: { from: 443, to: 443 } })] },
      ]);
      expect(v6('0.0.0.0/0')).toEqual([]);
    });

    it('Internet on both levels gives ::/0 on IPv6', () => {
      const paths = pathsOf(
        input({ family: 'v6', publicAddress: PUBLIC_V6, target: TARGET_V6, subnetNsg: nsg([{ priority: 100, ports: '443' }], SUBNET_NSG_ID), nicNsg: nsg([{ priority: 100, ports: '443' }]) }),
      );
      expect(summary(paths)).toEqual(['tcp 443-443 from ::/0']);
    });
  });
});
