// Effective internet ingress to one NIC IP configuration through the network security groups on
// its subnet and on the NIC itself. Azure evaluates each NSG's inbound rules by priority, the first
// match deciding, and inbound traffic must be allowed at both levels. Rules are matched after the
// public address is translated to the private one, so destinations are compared with the private
// address. Pure: SDK shapes in, model out.
import type { NetworkSecurityGroup, SecurityRule } from '@azure/arm-network';
import { isUnknown, unknownValue, type IngressPath, type IngressRule, type IpProtocol, type Maybe, type PortRange } from '../../src/model.js';
import { ALL_PORTS, contains, intersectAll, isPublicRange, parseCidr, subtract, WORLD, type Cidr, type Family } from '../../src/net.js';

type PortProtocol = 'tcp' | 'udp';

const FULL = ALL_PORTS;
const PORT_PROTOCOLS: readonly PortProtocol[] = ['tcp', 'udp'];

export interface NicTarget {
  /** The NIC IP configuration's private address (what NSG destination rules see). */
  readonly privateIp: string;
  /** Application security groups the IP configuration belongs to (resource ids). */
  readonly applicationSecurityGroupIds: readonly string[];
}

export interface IngressInput {
  /** The public address traffic arrives at (for the paths' `address`). */
  readonly publicAddress: string;
  readonly family: Family;
  readonly target: NicTarget;
  /** The NSG on the subnet and on the NIC; undefined when there is none at that level; Unknown when it could not be read. */
  readonly subnetNsg: Maybe<NetworkSecurityGroup | undefined>;
  readonly nicNsg: Maybe<NetworkSecurityGroup | undefined>;
  /** Standard public IPs are closed to inbound traffic unless an NSG allows it; Basic ones are open when no NSG is present. */
  readonly publicIpSku: 'Basic' | 'Standard' | undefined;
}

export interface NsgPassage {
  /** The part of the requested ports this rule decided for. */
  readonly ports: PortRange;
  /** The internet sources let in: the whole address family (`0.0.0.0/0`, `::/0`) or a public CIDR. */
  readonly source: string;
  readonly rule: IngressRule;
}

// ---------------------------------------------------------------------------------------------
// Addresses

/** How much of the internet (of one address family) a source prefix covers. */
type InternetScope = { readonly kind: 'all' } | { readonly kind: 'part'; readonly cidr: Cidr };

const ALL_INTERNET_TAGS = new Set(['*', 'any', 'internet']);

function internetScope(prefix: string, family: Family): InternetScope | undefined {
  if (ALL_INTERNET_TAGS.has(prefix.trim().toLowerCase())) return { kind: 'all' };
  // Other service tags (VirtualNetwork, AzureLoadBalancer, Storage...) fail to parse and drop out here.
  const cidr = parseCidr(prefix);
  if (!cidr || cidr.family !== family) return undefined;
  if (cidr.bits === 0) return { kind: 'all' };
  return isPublicRange(prefix) ? { kind: 'part', cidr } : undefined;
}

const TARGET_TAGS = new Set(['*', 'any', 'virtualnetwork']);

function destinationMatches(rule: SecurityRule, target: NicTarget): boolean {
  const privateIp = parseCidr(target.privateIp);
  const prefixes = [rule.destinationAddressPrefix, ...(rule.destinationAddressPrefixes ?? [])].filter((p): p is string => !!p);
  const byPrefix = prefixes.some((prefix) => {
    if (TARGET_TAGS.has(prefix.trim().toLowerCase())) return true;
    const cidr = parseCidr(prefix);
    return cidr !== undefined && privateIp !== undefined && contains(cidr, privateIp);
  });
  if (byPrefix) return true;
  const memberOf = new Set(target.applicationSecurityGroupIds.map((id) => id.toLowerCase()));
  return (rule.destinationApplicationSecurityGroups ?? []).some((asg) => asg.id !== undefined && memberOf.has(asg.id.toLowerCase()));
}

// ---------------------------------------------------------------------------------------------
// Ports

function parsePortRange(text: string): PortRange | undefined {
  const spelled = text.trim();
  if (spelled === '*') return FULL;
  const match = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(spelled);
  if (!match) return undefined;
  const from = Number(match[1]);
  const to = match[2] === undefined ? from : Number(match[2]);
  return from <= to && to <= 65535 ? { from, to } : undefined;
}

/** The singular and plural port fields together; neither set means every port. */
function portRanges(single: string | undefined, plural: readonly string[] | undefined): PortRange[] | undefined {
  const written = [single, ...(plural ?? [])].filter((p): p is string => !!p && p.trim() !== '');
  if (written.length === 0) return undefined;
  return written.map(parsePortRange).filter((r): r is PortRange => r !== undefined);
}

/** Whether a rule applies whatever source port the client picks (the internet picks freely). */
function coversEverySourcePort(rule: SecurityRule): boolean {
  const ranges = portRanges(rule.sourcePortRange, rule.sourcePortRanges);
  return ranges === undefined || ranges.reduce<PortRange[]>(subtract, [FULL]).length === 0;
}

// ---------------------------------------------------------------------------------------------
// Rules

function ruleProtocol(protocol: string | undefined): 'all' | PortProtocol | undefined {
  switch ((protocol ?? '').toLowerCase()) {
    case '*':
      return 'all';
    case 'tcp':
      return 'tcp';
    case 'udp':
      return 'udp';
    default:
      // Icmp, Esp, Ah: no ports to reach.
      return undefined;
  }
}

function defaultRule(name: string, priority: number, access: 'Allow' | 'Deny', sourceAddressPrefix: string, destinationAddressPrefix: string): SecurityRule {
  return { name, priority, access, direction: 'Inbound', protocol: '*', sourceAddressPrefix, sourcePortRange: '*', destinationAddressPrefix, destinationPortRange: '*' };
}

/** Azure's inbound defaults, which every NSG has whether or not the listing returned them. */
const DEFAULT_INBOUND: readonly SecurityRule[] = [
  defaultRule('AllowVnetInBound', 65000, 'Allow', 'VirtualNetwork', 'VirtualNetwork'),
  defaultRule('AllowAzureLoadBalancerInBound', 65001, 'Allow', 'AzureLoadBalancer', '*'),
  defaultRule('DenyAllInBound', 65500, 'Deny', '*', '*'),
];

function inboundRules(nsg: NetworkSecurityGroup): SecurityRule[] {
  const listed = [...(nsg.securityRules ?? []), ...(nsg.defaultSecurityRules ?? [])];
  const names = new Set(listed.map((r) => (r.name ?? '').toLowerCase()));
  const assumed = DEFAULT_INBOUND.filter((r) => !names.has((r.name ?? '').toLowerCase()));
  return [...listed, ...assumed]
    .filter((r) => (r.direction ?? '').toLowerCase() === 'inbound')
    .sort((a, b) => (a.priority ?? Number.MAX_SAFE_INTEGER) - (b.priority ?? Number.MAX_SAFE_INTEGER));
}

/** One (source prefix, port range) of a rule: plural fields act like several rules at one priority. */
interface Clause {
  readonly allow: boolean;
  readonly scope: InternetScope;
  /** False when the rule is limited to some client source ports: it decides for part of the traffic only. */
  readonly everySourcePort: boolean;
  readonly ports: PortRange;
  readonly rule: IngressRule;
}

function clausesOf(nsg: NetworkSecurityGroup, rule: SecurityRule, family: Family, target: NicTarget, protocol: PortProtocol): Clause[] {
  const access = (rule.access ?? '').toLowerCase();
  const written = ruleProtocol(rule.protocol);
  if ((access !== 'allow' && access !== 'deny') || (written !== 'all' && written !== protocol)) return [];
  if (!destinationMatches(rule, target)) return [];
  const sources = [rule.sourceAddressPrefix, ...(rule.sourceAddressPrefixes ?? [])]
    .filter((p): p is string => !!p)
    .flatMap((prefix) => {
      const scope = internetScope(prefix, family);
      return scope ? [{ prefix, scope }] : [];
    })
    // A prefix for the whole internet decides first, so a narrower one beside it adds nothing.
    .sort((a, b) => (a.scope.kind === 'all' ? 0 : 1) - (b.scope.kind === 'all' ? 0 : 1));
  const ports = portRanges(rule.destinationPortRange, rule.destinationPortRanges) ?? [FULL];
  const everySourcePort = coversEverySourcePort(rule);
  const ingressProtocol: IpProtocol = written;
  return sources.flatMap(({ prefix, scope }) =>
    ports.map((range) => ({
      allow: access === 'allow',
      scope,
      everySourcePort,
      ports: range,
      rule: {
        kind: 'nsg',
        id: nsg.id ?? 'unknown-nsg',
        ...(rule.name !== undefined ? { name: rule.name } : {}),
        protocol: ingressProtocol,
        ports: range,
        source: prefix,
        ...(rule.priority !== undefined ? { order: rule.priority } : {}),
      },
    })),
  );
}

/**
 * For one NSG: the parts of (protocol, ports) from the internet to the target that its inbound rules
 * let through, with the deciding rule. A rule for the whole internet decides port by port for
 * everyone; an allow for a narrower public range lets that range in on the ports still undecided
 * (minus ports an earlier rule already decided for a range containing it), and a deny for a
 * narrower range leaves the rest of the internet undecided.
 */
export function throughNsg(nsg: NetworkSecurityGroup, family: Family, target: NicTarget, protocol: PortProtocol, ports: PortRange): NsgPassage[] {
  let undecided: PortRange[] = [ports];
  const decidedForPart: Array<{ cidr: Cidr; ports: PortRange }> = [];
  const passed: NsgPassage[] = [];
  for (const rule of inboundRules(nsg)) {
    for (const clause of clausesOf(nsg, rule, family, target, protocol)) {
      if (undecided.length === 0) return passed;
      let hits = intersectAll(undecided, clause.ports);
      if (clause.scope.kind === 'all' && clause.everySourcePort) {
        undecided = subtract(undecided, clause.ports);
      } else if (clause.scope.kind === 'part') {
        const cidr = clause.scope.cidr;
        for (const earlier of decidedForPart) if (contains(earlier.cidr, cidr)) hits = hits.flatMap((h) => subtract([h], earlier.ports));
        if (clause.everySourcePort) decidedForPart.push({ cidr, ports: clause.ports });
      }
      if (!clause.allow) continue;
      const source = clause.scope.kind === 'all' ? WORLD[family] : clause.rule.source.trim();
      for (const hit of hits) passed.push({ ports: hit, source, rule: clause.rule });
    }
  }
  return passed;
}

// ---------------------------------------------------------------------------------------------
// Both levels

/** The smaller of two nested source ranges; undefined when they share no address. */
function narrower(a: string, b: string): string | undefined {
  const ca = parseCidr(a);
  const cb = parseCidr(b);
  if (!ca || !cb) return undefined;
  if (contains(ca, cb)) return b;
  return contains(cb, ca) ? a : undefined;
}

function noNsgIngress({ publicAddress, family, publicIpSku }: IngressInput): Maybe<IngressPath[]> {
  if (publicIpSku === undefined) {
    return unknownValue('neither the subnet nor the network interface has a network security group and the public IP SKU is unknown (Basic would be open to all inbound traffic, Standard closed)');
  }
  if (publicIpSku === 'Standard') return [];
  const open: IngressRule = { kind: 'nsg', id: 'none', name: 'no network security group', protocol: 'all', ports: FULL, source: WORLD[family] };
  return PORT_PROTOCOLS.map((protocol) => ({ protocol, ports: FULL, source: WORLD[family], address: publicAddress, via: [open] }));
}

/**
 * Internet ingress to a public address through the subnet's NSG and then the NIC's: a port gets in
 * when every NSG present allows it, from the narrower of the sources each one lets in.
 */
export function nsgIngress(input: IngressInput): Maybe<IngressPath[]> {
  const { subnetNsg, nicNsg, family, target, publicAddress } = input;
  if (isUnknown(subnetNsg)) return subnetNsg;
  if (isUnknown(nicNsg)) return nicNsg;
  const levels = [subnetNsg, nicNsg].filter((nsg): nsg is NetworkSecurityGroup => nsg !== undefined);
  if (levels.length === 0) return noNsgIngress(input);
  const paths: IngressPath[] = [];
  for (const protocol of PORT_PROTOCOLS) {
    let through: Array<{ ports: PortRange; source: string; via: IngressRule[] }> = [{ ports: FULL, source: WORLD[family], via: [] }];
    for (const nsg of levels) {
      through = through.flatMap((prior) =>
        throughNsg(nsg, family, target, protocol, prior.ports).flatMap((passage) => {
          const source = narrower(prior.source, passage.source);
          return source === undefined ? [] : [{ ports: passage.ports, source, via: [...prior.via, passage.rule] }];
        }),
      );
    }
    through.sort((a, b) => a.ports.from - b.ports.from);
    for (const { ports, source, via } of through) paths.push({ protocol, ports, source, address: publicAddress, via });
  }
  return paths;
}
