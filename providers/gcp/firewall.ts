// Effective internet ingress to one Compute Engine network interface through the VPC firewall
// rules of its network. Google evaluates the enabled ingress rules that target the instance in
// ascending priority, a deny beating an allow of the same priority, the first match deciding; the
// implied deny-all ingress rule (priority 65535) closes whatever no rule allowed. Source tags and
// source service accounts only ever match traffic from instances in the VPC, so only source ranges
// can let the internet in. Hierarchical and network firewall policies are not read here.
// Pure: SDK shapes in, model out.
import type { protos } from '@google-cloud/compute';
import { isUnknown, type IngressPath, type IngressRule, type IpProtocol, type Maybe, type PortRange } from '../../src/model.js';
import { ALL_PORTS, contains, intersectAll, isPublicRange, parseCidr, subtract, WORLD, type Cidr, type Family } from '../../src/net.js';

type Firewall = protos.google.cloud.compute.v1.IFirewall;
/** `allowed` and `denied` entries have the same shape. */
type ProtocolEntry = protos.google.cloud.compute.v1.IAllowed;
type PortProtocol = 'tcp' | 'udp';

const PORT_PROTOCOLS: readonly PortProtocol[] = ['tcp', 'udp'];
/** What the API assumes when a rule is created without a priority. */
const DEFAULT_PRIORITY = 1000;
const IMPLIED_DENY_PRIORITY = 65535;

export interface InstanceTarget {
  /** The VPC network URL of the interface. */
  readonly network: string;
  readonly tags: readonly string[];
  readonly serviceAccounts: readonly string[];
}

export interface FirewallIngressInput {
  /** The external address traffic arrives at (for the paths' `address`, and rules with destination ranges). */
  readonly address: string;
  readonly family: Family;
  readonly target: InstanceTarget;
  /** Every firewall rule of the project that owns the network; rules of other networks are skipped. */
  readonly firewalls: Maybe<readonly Firewall[]>;
}

// ---------------------------------------------------------------------------------------------
// Which rules apply

function listOf(values: readonly string[] | null | undefined): string[] {
  return (values ?? []).map((v) => v.trim()).filter((v) => v !== '');
}

/** `projects/p/global/networks/n`, whatever host and API version the URL was written with. */
function networkPath(url: string): string {
  const spelled = url.trim().replace(/\/+$/, '');
  const match = /(?:^|\/)projects\/(.+)$/.exec(spelled);
  return match?.[1] ?? spelled;
}

function targets(rule: Firewall, target: InstanceTarget): boolean {
  const tags = listOf(rule.targetTags);
  const accounts = listOf(rule.targetServiceAccounts).map((a) => a.toLowerCase());
  if (tags.length === 0 && accounts.length === 0) return true;
  const runsAs = new Set(target.serviceAccounts.map((a) => a.trim().toLowerCase()));
  return tags.some((tag) => target.tags.includes(tag)) || accounts.some((account) => runsAs.has(account));
}

/**
 * Whether a rule limited to destination ranges may apply to traffic for this interface. Only the
 * external address is known here, not the internal one the range may name instead, so an allow
 * counts unless every range is elsewhere on the internet, and a deny counts only when a range
 * holds the external address: doubt reads as exposure, never as protection.
 */
function reachesDestination(rule: Firewall, allow: boolean, address: Cidr | undefined, family: Family): boolean {
  const ranges = listOf(rule.destinationRanges);
  if (ranges.length === 0) return true;
  return ranges.some((range) => {
    const cidr = parseCidr(range);
    if (!cidr || cidr.family !== family) return false;
    if (address !== undefined && contains(cidr, address)) return true;
    return allow && (address === undefined || !isPublicRange(range));
  });
}

function ruleName(rule: Firewall): string {
  const fromLink = rule.selfLink?.split('/').pop();
  return rule.name || fromLink || (rule.id != null ? String(rule.id) : 'unnamed firewall rule');
}

/** One action of one rule (the API lets a rule carry either `allowed` or `denied`). */
interface Decision {
  readonly name: string;
  readonly priority: number;
  readonly allow: boolean;
  readonly sourceRanges: readonly string[];
  readonly entries: readonly ProtocolEntry[];
}

function decisionsOf(input: FirewallIngressInput, firewalls: readonly Firewall[]): Decision[] {
  const { target, family } = input;
  const network = networkPath(target.network);
  const address = parseCidr(input.address);
  const destination = address?.family === family ? address : undefined;
  const decisions = firewalls
    .filter((rule) => (rule.direction ?? 'INGRESS').toUpperCase() === 'INGRESS' && rule.disabled !== true)
    .filter((rule) => typeof rule.network === 'string' && networkPath(rule.network) === network)
    .filter((rule) => targets(rule, target))
    .flatMap((rule) =>
      [
        { allow: false, entries: rule.denied ?? [] },
        { allow: true, entries: rule.allowed ?? [] },
      ]
        .filter(({ allow, entries }) => entries.length > 0 && reachesDestination(rule, allow, destination, family))
        .map(({ allow, entries }) => ({
          name: ruleName(rule),
          priority: rule.priority ?? DEFAULT_PRIORITY,
          allow,
          // Tags and service accounts beside the ranges widen the rule to VPC instances only; a rule
          // without any source is invalid for ingress and, with no ranges, contributes nothing here.
          sourceRanges: listOf(rule.sourceRanges),
          entries,
        })),
    );
  const impliedDeny: Decision = { name: 'implied deny ingress', priority: IMPLIED_DENY_PRIORITY, allow: false, sourceRanges: [WORLD[family]], entries: [{ IPProtocol: 'all' }] };
  // Deny before allow at one priority; names order the rest so the reported rule is stable.
  return [...decisions, impliedDeny].sort((a, b) => a.priority - b.priority || Number(a.allow) - Number(b.allow) || a.name.localeCompare(b.name));
}

// ---------------------------------------------------------------------------------------------
// Sources, protocols, ports

/** How much of the internet (of one address family) a source range covers. */
type InternetScope = { readonly kind: 'all' } | { readonly kind: 'part'; readonly cidr: Cidr };

function internetScope(range: string, family: Family): InternetScope | undefined {
  const cidr = parseCidr(range);
  if (!cidr || cidr.family !== family) return undefined;
  if (cidr.bits === 0) return { kind: 'all' };
  return isPublicRange(range) ? { kind: 'part', cidr } : undefined;
}

/** `tcp`, `udp`, `all` or an IANA number; icmp, esp, ah, sctp and the rest carry no tcp/udp ports. */
function entryProtocol(value: string | null | undefined): 'all' | PortProtocol | undefined {
  switch ((value ?? '').trim().toLowerCase()) {
    case 'all':
      return 'all';
    case 'tcp':
    case '6':
      return 'tcp';
    case 'udp':
    case '17':
      return 'udp';
    default:
      return undefined;
  }
}

function parsePortRange(text: string): PortRange | undefined {
  const match = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(text.trim());
  if (!match) return undefined;
  const from = Number(match[1]);
  const to = match[2] === undefined ? from : Number(match[2]);
  return from <= to && to <= ALL_PORTS.to ? { from, to } : undefined;
}

/** No ports listed means every port. */
function portRanges(ports: readonly string[] | null | undefined): PortRange[] {
  const written = listOf(ports);
  if (written.length === 0) return [ALL_PORTS];
  return written.map(parsePortRange).filter((r): r is PortRange => r !== undefined);
}

/** One (source range, protocol entry, port range) of a rule. */
interface Clause {
  readonly allow: boolean;
  readonly scope: InternetScope;
  readonly ports: PortRange;
  readonly rule: IngressRule;
}

function clausesOf(decision: Decision, protocol: PortProtocol, family: Family): Clause[] {
  const sources = decision.sourceRanges
    .flatMap((range) => {
      const scope = internetScope(range, family);
      return scope ? [{ range, scope }] : [];
    })
    // A range for the whole internet decides first, so a narrower one beside it adds nothing.
    .sort((a, b) => (a.scope.kind === 'all' ? 0 : 1) - (b.scope.kind === 'all' ? 0 : 1));
  return sources.flatMap(({ range, scope }) =>
    decision.entries.flatMap((entry) => {
      const written = entryProtocol(entry.IPProtocol);
      if (written === undefined || (written !== 'all' && written !== protocol)) return [];
      const ruleProtocol: IpProtocol = written;
      return portRanges(entry.ports).map((ports) => ({
        allow: decision.allow,
        scope,
        ports,
        rule: { kind: 'firewall', id: decision.name, name: decision.name, protocol: ruleProtocol, ports, source: range, order: decision.priority },
      }));
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// Evaluation

interface Passage {
  readonly ports: PortRange;
  readonly source: string;
  readonly rule: IngressRule;
}

/**
 * The ports of one protocol the rules let in from the internet, with the deciding rule. A rule for
 * the whole internet decides port by port for everyone; an allow for a narrower public range lets
 * that range in on the ports still undecided (minus ports an earlier rule already decided for a
 * range containing it), and a deny for a narrower range leaves the rest of the internet undecided.
 */
function throughFirewall(decisions: readonly Decision[], family: Family, protocol: PortProtocol): Passage[] {
  let undecided: PortRange[] = [ALL_PORTS];
  const decidedForPart: Array<{ cidr: Cidr; ports: PortRange }> = [];
  const passed: Passage[] = [];
  for (const decision of decisions) {
    for (const clause of clausesOf(decision, protocol, family)) {
      if (undecided.length === 0) return passed;
      let hits = intersectAll(undecided, clause.ports);
      if (clause.scope.kind === 'all') {
        undecided = subtract(undecided, clause.ports);
      } else {
        const cidr = clause.scope.cidr;
        for (const earlier of decidedForPart) if (contains(earlier.cidr, cidr)) hits = hits.flatMap((h) => subtract([h], earlier.ports));
        decidedForPart.push({ cidr, ports: clause.ports });
      }
      if (!clause.allow) continue;
      const source = clause.scope.kind === 'all' ? WORLD[family] : clause.rule.source;
      for (const hit of hits) passed.push({ ports: hit, source, rule: clause.rule });
    }
  }
  return passed;
}

/** Internet ingress to an interface's external address through its network's VPC firewall rules. */
export function firewallIngress(input: FirewallIngressInput): Maybe<IngressPath[]> {
  const { firewalls, family, address } = input;
  if (isUnknown(firewalls)) return firewalls;
  const decisions = decisionsOf(input, firewalls);
  return PORT_PROTOCOLS.flatMap((protocol) =>
    throughFirewall(decisions, family, protocol)
      .sort((a, b) => a.ports.from - b.ports.from)
      .map(({ ports, source, rule }) => ({ protocol, ports, source, address, via: [rule] })),
  );
}
