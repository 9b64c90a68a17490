// Effective internet ingress through VPC firewall rules, from Firewall shapes as
// `@google-cloud/compute` v6 returns them from `firewalls.list` (repeated fields present and empty
// when unused, one `allowed`/`denied` entry per protocol).
import type { protos } from '@google-cloud/compute';
import { describe, expect, it } from 'vitest';
import { firewallIngress, type FirewallIngressInput, type InstanceTarget } from '../../../providers/gcp/firewall.js';
import { isUnknown, unknownValue, type IngressPath, type IngressRule } from '../../../src/model.js';

type Firewall = protos.google.cloud.compute.v1.IFirewall;
type Entry = protos.google.cloud.compute.v1.IAllowed;

const PROJECT = 'snap-prod-4821';
const API = 'https://www.googleapis.com/compute/v1';
const NETWORK = `${API}/projects/${PROJECT}/global/networks/default`;
const OTHER_NETWORK = `${API}/projects/${PROJECT}/global/networks/prod-vpc`;
const SERVICE_ACCOUNT = 'web-frontend@snap-prod-4821.iam.gserviceaccount.com';
const V4 = '34.122.81.17';
const V6 = '2600:1900:4000:9a3f:0:1::';
const PARTNER = '198.51.100.0/24';
const OTHER_PARTNER = '203.0.113.0/24';

const TARGET: InstanceTarget = { network: NETWORK, tags: ['web', 'http-server'], serviceAccounts: [SERVICE_ACCOUNT] };

interface RuleSpec {
  name: string;
  priority?: number;
  direction?: 'INGRESS' | 'EGRESS';
  /** gcloud's `--allow` / `--rules` syntax: `tcp:22,tcp:8000-8080,udp,icmp`. */
  allow?: string;
  deny?: string;
  /** sourceRanges; the whole IPv4 internet unless given. */
  sources?: string[];
  sourceTags?: string[];
  sourceServiceAccounts?: string[];
  destinations?: string[];
  targetTags?: string[];
  targetServiceAccounts?: string[];
  disabled?: boolean;
  network?: string;
}

/** `tcp:22,tcp:80,udp` → one entry per protocol, ports in order, as the API lists them. */
function entries(spec: string | undefined): Entry[] {
  const byProtocol = new Map<string, string[]>();
  for (const item of (spec ?? '').split(',').filter((s) => s !== '')) {
    const [protocol = '', port] = item.split(':');
    const ports = byProtocol.get(protocol) ?? [];
    if (port !== undefined) ports.push(port);
    byProtocol.set(protocol, ports);
  }
  return [...byProtocol].map(([IPProtocol, ports]) => ({ IPProtocol, ports }));
}

let nextId = 4_812_000_000_000_000_000n;

/** A firewall rule as `firewalls.list` returns it. */
function firewall(spec: RuleSpec): Firewall {
  nextId += 1n;
  return {
    kind: 'compute#firewall',
    id: String(nextId),
    creationTimestamp: '2026-01-12T08:41:07.512-08:00',
    name: spec.name,
    description: '',
    network: spec.network ?? NETWORK,
    priority: spec.priority ?? 1000,
    sourceRanges: spec.sources ?? ['0.0.0.0/0'],
    destinationRanges: spec.destinations ?? [],
    sourceTags: spec.sourceTags ?? [],
    targetTags: spec.targetTags ?? [],
    sourceServiceAccounts: spec.sourceServiceAccounts ?? [],
    targetServiceAccounts: spec.targetServiceAccounts ?? [],
    allowed: entries(spec.allow),
    denied: entries(spec.deny),
    direction: spec.direction ?? 'INGRESS',
    logConfig: { enable: false },
    disabled: spec.disabled ?? false,
    selfLink: `${API}/projects/${PROJECT}/global/firewalls/${spec.name}`,
  };
}

/** The rules Compute Engine creates in a project's `default` network. */
const DEFAULT_NETWORK_RULES: readonly RuleSpec[] = [
  { name: 'default-allow-internal', priority: 65534, sources: ['10.128.0.0/9'], allow: 'tcp:0-65535,udp:0-65535,icmp' },
  { name: 'default-allow-ssh', priority: 65534, allow: 'tcp:22' },
  { name: 'default-allow-rdp', priority: 65534, allow: 'tcp:3389' },
  { name: 'default-allow-icmp', priority: 65534, allow: 'icmp' },
];

function input(rules: readonly Firewall[], overrides: Partial<FirewallIngressInput> = {}): FirewallIngressInput {
  return { address: V4, family: 'v4', target: TARGET, firewalls: rules, ...overrides };
}

function pathsOf(value: FirewallIngressInput): IngressPath[] {
  const result = firewallIngress(value);
  if (isUnknown(result)) throw new Error(`expected paths, got Unknown: ${result.reason}`);
  return result;
}

/** Compact view: `protocol from-to source rule#priority`. */
function summary(specs: readonly RuleSpec[], overrides: Partial<FirewallIngressInput> = {}): string[] {
  return summarize(pathsOf(input(specs.map(firewall), overrides)));
}

function summarize(paths: readonly IngressPath[]): string[] {
  return paths.map((p) => `${p.protocol} ${p.ports.from}-${p.ports.to} ${p.source} ${p.via.map((r) => `${r.name}#${r.order}`).join(' ')}`);
}

function reported(name: string, order: number, overrides: Partial<IngressRule>): IngressRule {
  return { kind: 'firewall', id: name, name, protocol: 'tcp', ports: { from: 0, to: 65535 }, source: '0.0.0.0/0', order, ...overrides };
}

describe('firewallIngress', () => {
  describe('the default network', () => {
    it("default-allow-ssh exposes tcp 22 to the whole IPv4 internet, reported by the rule's name and priority", () => {
      expect(pathsOf(input([firewall({ name: 'default-allow-ssh', priority: 65534, allow: 'tcp:22' })]))).toEqual([
        {
          protocol: 'tcp',
          ports: { from: 22, to: 22 },
          source: '0.0.0.0/0',
          address: V4,
          via: [reported('default-allow-ssh', 65534, { ports: { from: 22, to: 22 } })],
        },
      ]);
    });

    it('all four default rules: ssh and rdp from the internet; internal and icmp add no tcp/udp path', () => {
      expect(summary(DEFAULT_NETWORK_RULES)).toEqual(['tcp 22-22 0.0.0.0/0 default-allow-ssh#65534', 'tcp 3389-3389 0.0.0.0/0 default-allow-rdp#65534']);
    });
  });

  describe('priority order', () => {
    it.each<[string, RuleSpec[], string[]]>([
      [
        'deny tcp:22 (100) before allow tcp (200): every port but 22',
        [{ name: 'deny-ssh', priority: 100, deny: 'tcp:22' }, { name: 'allow-tcp', priority: 200, allow: 'tcp' }],
        ['tcp 0-21 0.0.0.0/0 allow-tcp#200', 'tcp 23-65535 0.0.0.0/0 allow-tcp#200'],
      ],
      ['allow tcp:22 (100) before deny all (200): only 22', [{ name: 'allow-ssh', priority: 100, allow: 'tcp:22' }, { name: 'deny-all', priority: 200, deny: 'all' }], ['tcp 22-22 0.0.0.0/0 allow-ssh#100']],
      ['deny all (100) before allow tcp:22 (1000): nothing', [{ name: 'deny-all', priority: 100, deny: 'all' }, { name: 'allow-ssh', allow: 'tcp:22' }], []],
      [
        'listed out of order, still decided by priority number',
        [{ name: 'allow-tcp', priority: 300, allow: 'tcp' }, { name: 'deny-low', priority: 100, deny: 'tcp:0-1023' }],
        ['tcp 1024-65535 0.0.0.0/0 allow-tcp#300'],
      ],
      [
        'two allows overlapping: each port reported by the first rule that decided it',
        [{ name: 'allow-b', priority: 200, allow: 'tcp:22-30' }, { name: 'allow-a', priority: 100, allow: 'tcp:20-25' }],
        ['tcp 20-25 0.0.0.0/0 allow-a#100', 'tcp 26-30 0.0.0.0/0 allow-b#200'],
      ],
      ['priority 0 comes before priority 1', [{ name: 'allow-ssh', priority: 1, allow: 'tcp:22' }, { name: 'deny-ssh', priority: 0, deny: 'tcp:22' }], []],
    ])('%s', (_, specs, expected) => {
      expect(summary(specs)).toEqual(expected);
    });

    it('a deny at a higher priority (lower number) closes the port an allow opens, and only that port', () => {
      const allowWeb: RuleSpec = { name: 'allow-web', priority: 1000, allow: 'tcp:22,tcp:80,tcp:443' };
      expect(summary([allowWeb])).toHaveLength(3);
      expect(summary([allowWeb, { name: 'deny-ssh-from-internet', priority: 900, deny: 'tcp:22' }])).toEqual(['tcp 80-80 0.0.0.0/0 allow-web#1000', 'tcp 443-443 0.0.0.0/0 allow-web#1000']);
    });

    it('a rule without a priority counts as 1000, the API default', () => {
      const denyWithoutPriority: Firewall = { ...firewall({ name: 'deny-ssh', deny: 'tcp:22' }), priority: null };
      const allowAt = (priority: number): Firewall => firewall({ name: `allow-ssh-${priority}`, priority, allow: 'tcp:22' });
      expect(summarize(pathsOf(input([denyWithoutPriority, allowAt(999)])))).toEqual(['tcp 22-22 0.0.0.0/0 allow-ssh-999#999']);
      expect(pathsOf(input([denyWithoutPriority, allowAt(1001)]))).toEqual([]);
    });
  });

  describe('deny and allow at the same priority', () => {
    it.each<[string, RuleSpec[], string[]]>([
      ['allow listed first: the deny wins', [{ name: 'a-allow-ssh', allow: 'tcp:22' }, { name: 'z-deny-ssh', deny: 'tcp:22' }], []],
      ['deny listed first: the deny wins', [{ name: 'z-deny-ssh', deny: 'tcp:22' }, { name: 'a-allow-ssh', allow: 'tcp:22' }], []],
      [
        'a narrower deny cuts its ports out of the allow',
        [{ name: 'allow-range', allow: 'tcp:20-25' }, { name: 'deny-ssh', deny: 'tcp:22' }],
        ['tcp 20-21 0.0.0.0/0 allow-range#1000', 'tcp 23-25 0.0.0.0/0 allow-range#1000'],
      ],
      ['a udp deny leaves tcp open', [{ name: 'allow-dns', allow: 'tcp:53,udp:53' }, { name: 'deny-udp', deny: 'udp' }], ['tcp 53-53 0.0.0.0/0 allow-dns#1000']],
      [
        'two allows for one port: the reported rule is the first by name, whatever the listing order',
        [{ name: 'z-allow-ssh', allow: 'tcp:22' }, { name: 'a-allow-ssh', allow: 'tcp:22' }],
        ['tcp 22-22 0.0.0.0/0 a-allow-ssh#1000'],
      ],
      [
        'a deny at the next priority number does not beat the allow',
        [{ name: 'allow-ssh', allow: 'tcp:22' }, { name: 'deny-ssh', priority: 1001, deny: 'tcp:22' }],
        ['tcp 22-22 0.0.0.0/0 allow-ssh#1000'],
      ],
    ])('%s', (_, specs, expected) => {
      expect(summary(specs)).toEqual(expected);
    });
  });

  describe('targets', () => {
    it.each<[string, Partial<RuleSpec>, boolean]>([
      ['no target tags or service accounts: every instance in the network', {}, true],
      ['a target tag the instance has', { targetTags: ['web'] }, true],
      ['several target tags, one the instance has', { targetTags: ['db', 'http-server'] }, true],
      ['a target tag the instance lacks', { targetTags: ['db'] }, false],
      ['the service account the instance runs as', { targetServiceAccounts: [SERVICE_ACCOUNT] }, true],
      ['the service account, spelled in upper case', { targetServiceAccounts: [SERVICE_ACCOUNT.toUpperCase()] }, true],
      ['another service account', { targetServiceAccounts: ['batch@snap-prod-4821.iam.gserviceaccount.com'] }, false],
    ])('an allow for %s: applies = %s', (_, target, applies) => {
      expect(summary([{ name: 'allow-ssh', allow: 'tcp:22', ...target }])).toEqual(applies ? ['tcp 22-22 0.0.0.0/0 allow-ssh#1000'] : []);
    });

    it('an instance with no tags and no service account gets only untargeted rules', () => {
      const bare: InstanceTarget = { network: NETWORK, tags: [], serviceAccounts: [] };
      const specs: RuleSpec[] = [
        { name: 'allow-ssh-tagged', allow: 'tcp:22', targetTags: ['web'] },
        { name: 'allow-https', allow: 'tcp:443' },
      ];
      expect(summary(specs, { target: bare })).toEqual(['tcp 443-443 0.0.0.0/0 allow-https#1000']);
    });

    it('a deny targeting another tag does not close the port; one targeting a tag the instance has does', () => {
      const allowSsh: RuleSpec = { name: 'allow-ssh', allow: 'tcp:22' };
      expect(summary([{ name: 'deny-ssh-db', priority: 100, deny: 'tcp:22', targetTags: ['db'] }, allowSsh])).toEqual(['tcp 22-22 0.0.0.0/0 allow-ssh#1000']);
      expect(summary([{ name: 'deny-ssh-web', priority: 100, deny: 'tcp:22', targetTags: ['web'] }, allowSsh])).toEqual([]);
    });
  });

  describe('networks', () => {
    it('rules of another network are ignored: its allow opens nothing, its deny closes nothing', () => {
      expect(summary([{ name: 'prod-allow-all', allow: 'all', network: OTHER_NETWORK }])).toEqual([]);
      expect(summary([{ name: 'prod-deny-all', priority: 0, deny: 'all', network: OTHER_NETWORK }, { name: 'allow-ssh', allow: 'tcp:22' }])).toEqual([
        'tcp 22-22 0.0.0.0/0 allow-ssh#1000',
      ]);
    });

    it.each<[string, string, boolean]>([
      ['the same URL', NETWORK, true],
      ['another host', `https://compute.googleapis.com/compute/v1/projects/${PROJECT}/global/networks/default`, true],
      ['another API version', `https://www.googleapis.com/compute/beta/projects/${PROJECT}/global/networks/default`, true],
      ['a partial path', `projects/${PROJECT}/global/networks/default`, true],
      ['a trailing slash', `${NETWORK}/`, true],
      ['the same network name in another project', `${API}/projects/snap-dev-1234/global/networks/default`, false],
      ['a network whose name starts the same', `${NETWORK}-2`, false],
    ])('the interface network written as %s: the rule applies = %s', (_, network, applies) => {
      expect(summary([{ name: 'allow-ssh', allow: 'tcp:22' }], { target: { ...TARGET, network } })).toEqual(applies ? ['tcp 22-22 0.0.0.0/0 allow-ssh#1000'] : []);
    });

    it('a rule without a network cannot be placed and is ignored', () => {
      expect(pathsOf(input([{ ...firewall({ name: 'allow-ssh', allow: 'tcp:22' }), network: null }]))).toEqual([]);
    });
  });

  describe('disabled rules and direction', () => {
    it('a disabled allow opens nothing; a disabled deny closes nothing', () => {
      expect(summary([{ name: 'allow-ssh', allow: 'tcp:22', disabled: true }])).toEqual([]);
      expect(summary([{ name: 'deny-ssh', priority: 100, deny: 'tcp:22', disabled: true }, { name: 'allow-ssh', allow: 'tcp:22' }])).toEqual(['tcp 22-22 0.0.0.0/0 allow-ssh#1000']);
    });

    it('disabled left unset means enforced', () => {
      expect(summarize(pathsOf(input([{ ...firewall({ name: 'allow-ssh', allow: 'tcp:22' }), disabled: null }])))).toEqual(['tcp 22-22 0.0.0.0/0 allow-ssh#1000']);
    });

    it('EGRESS rules are ignored: an egress allow opens nothing, an egress deny closes nothing', () => {
      expect(summary([{ name: 'egress-allow-all', direction: 'EGRESS', allow: 'all' }])).toEqual([]);
      expect(summary([{ name: 'egress-deny-all', priority: 0, direction: 'EGRESS', deny: 'all' }, { name: 'allow-ssh', allow: 'tcp:22' }])).toEqual(['tcp 22-22 0.0.0.0/0 allow-ssh#1000']);
    });

    it('a rule without a direction is an ingress rule, the API default', () => {
      expect(summarize(pathsOf(input([{ ...firewall({ name: 'allow-ssh', allow: 'tcp:22' }), direction: undefined }])))).toEqual(['tcp 22-22 0.0.0.0/0 allow-ssh#1000']);
    });
  });

  describe('sources', () => {
    it.each<[string, Partial<RuleSpec>]>([
      ['source tags only', { sources: [], sourceTags: ['bastion'] }],
      ['source service accounts only', { sources: [], sourceServiceAccounts: ['bastion@snap-prod-4821.iam.gserviceaccount.com'] }],
      ['no source at all (invalid for ingress)', { sources: [] }],
    ])('%s: the allow never lets the internet in, the deny never blocks it', (_, source) => {
      expect(summary([{ name: 'allow-ssh', allow: 'tcp:22', ...source }])).toEqual([]);
      expect(summary([{ name: 'deny-all', priority: 100, deny: 'all', ...source }, { name: 'allow-https', allow: 'tcp:443' }])).toEqual(['tcp 443-443 0.0.0.0/0 allow-https#1000']);
    });

    it('source ranges beside source tags: the ranges still match the internet', () => {
      expect(summary([{ name: 'allow-ssh', allow: 'tcp:22', sourceTags: ['bastion'] }])).toEqual(['tcp 22-22 0.0.0.0/0 allow-ssh#1000']);
    });

    it('a narrower public range allowed before the deciding whole-internet rule is a path from that range', () => {
      const partner: RuleSpec = { name: 'allow-partner-ssh', priority: 100, allow: 'tcp:22', sources: [PARTNER] };
      expect(pathsOf(input([firewall(partner), firewall({ name: 'deny-all', priority: 200, deny: 'all' })]))).toEqual([
        { protocol: 'tcp', ports: { from: 22, to: 22 }, source: PARTNER, address: V4, via: [reported('allow-partner-ssh', 100, { ports: { from: 22, to: 22 }, source: PARTNER })] },
      ]);
    });

    it('with a later whole-internet allow on the same port, both paths are reported', () => {
      expect(summary([{ name: 'allow-partner-ssh', priority: 100, allow: 'tcp:22', sources: [PARTNER] }, { name: 'default-allow-ssh', priority: 65534, allow: 'tcp:22' }])).toEqual([
        `tcp 22-22 ${PARTNER} allow-partner-ssh#100`,
        'tcp 22-22 0.0.0.0/0 default-allow-ssh#65534',
      ]);
    });

    it('a narrower range allowed after a whole-internet deny lets nothing in', () => {
      expect(summary([{ name: 'deny-all', priority: 100, deny: 'all' }, { name: 'allow-partner-ssh', priority: 200, allow: 'tcp:22', sources: [PARTNER] }])).toEqual([]);
    });

    it('a narrower range denied does not block the rest of the internet', () => {
      expect(summary([{ name: 'deny-partner', priority: 100, deny: 'all', sources: [PARTNER] }, { name: 'allow-ssh', priority: 200, allow: 'tcp:22' }])).toEqual([
        'tcp 22-22 0.0.0.0/0 allow-ssh#200',
      ]);
    });

    it('a range denied earlier blocks a later allow for a range inside it, not for one outside it', () => {
      const denyBlock: RuleSpec = { name: 'deny-block-ssh', priority: 100, deny: 'tcp:22', sources: ['198.51.0.0/16'] };
      expect(summary([denyBlock, { name: 'allow-partner', priority: 200, allow: 'tcp:20-25', sources: [PARTNER] }])).toEqual([
        `tcp 20-21 ${PARTNER} allow-partner#200`,
        `tcp 23-25 ${PARTNER} allow-partner#200`,
      ]);
      expect(summary([denyBlock, { name: 'allow-other', priority: 200, allow: 'tcp:22', sources: [OTHER_PARTNER] }])).toEqual([`tcp 22-22 ${OTHER_PARTNER} allow-other#200`]);
    });

    it.each(['10.128.0.0/9', '10.1.2.3/32', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', '169.254.169.254/32'])('a private range (%s) lets no internet in', (range) => {
      expect(summary([{ name: 'allow-internal', allow: 'all', sources: [range] }])).toEqual([]);
    });

    it('a rule mixing private, narrower public and whole-internet ranges: the whole internet decides', () => {
      const spec: RuleSpec = { name: 'allow-ssh', allow: 'tcp:22', sources: ['10.0.0.0/8', PARTNER, '0.0.0.0/0'] };
      expect(summary([spec])).toEqual(['tcp 22-22 0.0.0.0/0 allow-ssh#1000']);
      expect(summary([{ ...spec, sources: ['10.0.0.0/8', PARTNER] }])).toEqual([`tcp 22-22 ${PARTNER} allow-ssh#1000`]);
    });

    it("Google's IAP range is public address space: reported as a narrower source, not dropped", () => {
      expect(summary([{ name: 'allow-iap-ssh', allow: 'tcp:22', sources: ['35.235.240.0/20'] }])).toEqual(['tcp 22-22 35.235.240.0/20 allow-iap-ssh#1000']);
    });
  });

  describe('protocols', () => {
    it.each<[string, string[]]>([
      ['tcp', ['tcp tcp']],
      ['udp', ['udp udp']],
      ['all', ['tcp all', 'udp all']],
      ['6', ['tcp tcp']],
      ['17', ['udp udp']],
      ['TCP', ['tcp tcp']],
      ['icmp', []],
      ['esp', []],
      ['ah', []],
      ['sctp', []],
      ['ipip', []],
      ['50', []],
      ['132', []],
    ])('an allow for IPProtocol %s passes %j (path protocol, rule protocol), over every port', (IPProtocol, expected) => {
      const paths = pathsOf(input([{ ...firewall({ name: 'allow-proto' }), allowed: [{ IPProtocol, ports: [] }] }]));
      expect(paths.map((p) => `${p.protocol} ${p.via[0]?.protocol}`)).toEqual(expected);
      expect(paths.every((p) => p.ports.from === 0 && p.ports.to === 65535)).toBe(true);
    });

    it('a deny for all closes tcp and udp; a deny for 17 closes udp only', () => {
      const allowBoth: RuleSpec = { name: 'allow-dns', allow: 'tcp:53,udp:53' };
      expect(summary([{ name: 'deny-all', priority: 100, deny: 'all' }, allowBoth])).toEqual([]);
      expect(summary([{ name: 'deny-17', priority: 100, deny: '17' }, allowBoth])).toEqual(['tcp 53-53 0.0.0.0/0 allow-dns#1000']);
    });

    it('an icmp deny closes no tcp or udp port', () => {
      expect(summary([{ name: 'deny-icmp', priority: 100, deny: 'icmp' }, { name: 'allow-ssh', allow: 'tcp:22' }])).toEqual(['tcp 22-22 0.0.0.0/0 allow-ssh#1000']);
    });

    it('an all allow: tcp paths first, then udp, each to the address', () => {
      const paths = pathsOf(input([firewall({ name: 'allow-everything', allow: 'all' })]));
      expect(paths.map((p) => [p.protocol, p.address, p.via[0]?.protocol])).toEqual([
        ['tcp', V4, 'all'],
        ['udp', V4, 'all'],
      ]);
    });
  });

  describe('ports', () => {
    it.each<[string, string, string[]]>([
      ['a single port', 'tcp:22', ['22-22']],
      ['a range', 'tcp:1000-2000', ['1000-2000']],
      ['a list', 'tcp:22,tcp:80,tcp:8000-8080', ['22-22', '80-80', '8000-8080']],
      ['no ports: every port', 'tcp', ['0-65535']],
      ['the full range written out', 'tcp:0-65535', ['0-65535']],
    ])('%s (%s)', (_, allow, expected) => {
      expect(pathsOf(input([firewall({ name: 'allow-ports', allow })])).map((p) => `${p.ports.from}-${p.ports.to}`)).toEqual(expected);
    });

    it('each port range of a list is reported with its own range in the rule', () => {
      const paths = pathsOf(input([firewall({ name: 'allow-web', allow: 'tcp:80,tcp:443' })]));
      expect(paths.map((p) => [p.ports, p.via[0]?.ports])).toEqual([
        [
          { from: 80, to: 80 },
          { from: 80, to: 80 },
        ],
        [
          { from: 443, to: 443 },
          { from: 443, to: 443 },
        ],
      ]);
    });

    it('a deny for a port list cuts each of its ports out of a later allow', () => {
      expect(summary([{ name: 'deny-admin', priority: 100, deny: 'tcp:22,tcp:3389' }, { name: 'allow-tcp', allow: 'tcp' }])).toEqual([
        'tcp 0-21 0.0.0.0/0 allow-tcp#1000',
        'tcp 23-3388 0.0.0.0/0 allow-tcp#1000',
        'tcp 3390-65535 0.0.0.0/0 allow-tcp#1000',
      ]);
    });

    it('a port the API would not accept is skipped, the valid ones still count', () => {
      expect(summary([{ name: 'allow-odd', allow: 'tcp:22,tcp:http,tcp:70000' }])).toEqual(['tcp 22-22 0.0.0.0/0 allow-odd#1000']);
    });
  });

  describe('IPv6', () => {
    it.each<[string, 'v4' | 'v6', string[]]>([
      ['::/0', 'v6', ['tcp 443-443 ::/0 allow-https#1000']],
      ['::/0', 'v4', []],
      ['0.0.0.0/0', 'v6', []],
      ['0.0.0.0/0', 'v4', ['tcp 443-443 0.0.0.0/0 allow-https#1000']],
      ['2001:db8:aaaa::/48', 'v6', ['tcp 443-443 2001:db8:aaaa::/48 allow-https#1000']],
      ['fd20:a:b::/48', 'v6', []],
      ['fe80::/10', 'v6', []],
    ])('source %s on %s traffic → %j', (range, family, expected) => {
      expect(summary([{ name: 'allow-https', allow: 'tcp:443', sources: [range] }], { family, address: family === 'v4' ? V4 : V6 })).toEqual(expected);
    });

    it('IPv6 paths carry the IPv6 address', () => {
      const paths = pathsOf(input([firewall({ name: 'allow-https', allow: 'tcp:443', sources: ['::/0'] })], { family: 'v6', address: V6 }));
      expect(paths.map((p) => p.address)).toEqual([V6]);
    });

    it('a ::/0 deny closes IPv6 only', () => {
      const specs: RuleSpec[] = [
        { name: 'deny-v6', priority: 100, deny: 'all', sources: ['::/0'] },
        { name: 'allow-ssh-v4', allow: 'tcp:22' },
        { name: 'allow-ssh-v6', allow: 'tcp:22', sources: ['::/0'] },
      ];
      expect(summary(specs)).toEqual(['tcp 22-22 0.0.0.0/0 allow-ssh-v4#1000']);
      expect(summary(specs, { family: 'v6', address: V6 })).toEqual([]);
    });
  });

  describe('the implied deny', () => {
    it('no rules at all: nothing gets in, on either family', () => {
      expect(pathsOf(input([]))).toEqual([]);
      expect(pathsOf(input([], { family: 'v6', address: V6 }))).toEqual([]);
    });

    it('an allow at priority 65535 loses to the implied deny of the same priority; at 65534 it wins', () => {
      expect(summary([{ name: 'allow-ssh-last', priority: 65535, allow: 'tcp:22' }])).toEqual([]);
      expect(summary([{ name: 'allow-ssh-last', priority: 65534, allow: 'tcp:22' }])).toEqual(['tcp 22-22 0.0.0.0/0 allow-ssh-last#65534']);
    });

    it('ports no rule decides stay closed', () => {
      expect(summary([{ name: 'allow-web', allow: 'tcp:80' }]).map((line) => line.split(' ')[1])).toEqual(['80-80']);
    });
  });

  describe('destination ranges', () => {
    it.each<[string, RuleSpec, string[]]>([
      ['an allow to the external address', { name: 'allow-ssh', allow: 'tcp:22', destinations: [`${V4}/32`] }, ['tcp 22-22 0.0.0.0/0 allow-ssh#1000']],
      ['an allow to a range holding the external address', { name: 'allow-ssh', allow: 'tcp:22', destinations: ['34.122.0.0/16'] }, ['tcp 22-22 0.0.0.0/0 allow-ssh#1000']],
      ['an allow to another external address', { name: 'allow-ssh', allow: 'tcp:22', destinations: ['34.122.81.18/32'] }, []],
      ['an allow to a private range (perhaps the internal address)', { name: 'allow-ssh', allow: 'tcp:22', destinations: ['10.128.0.0/20'] }, ['tcp 22-22 0.0.0.0/0 allow-ssh#1000']],
      ['an allow to IPv6 destinations only', { name: 'allow-ssh', allow: 'tcp:22', destinations: ['2600:1900::/28'] }, []],
    ])('%s', (_, spec, expected) => {
      expect(summary([spec])).toEqual(expected);
    });

    it('a deny closes the port only when its destination holds the external address', () => {
      const allowSsh: RuleSpec = { name: 'allow-ssh', allow: 'tcp:22' };
      expect(summary([{ name: 'deny-ssh', priority: 100, deny: 'tcp:22', destinations: [`${V4}/32`] }, allowSsh])).toEqual([]);
      expect(summary([{ name: 'deny-ssh', priority: 100, deny: 'tcp:22', destinations: ['10.128.0.0/20'] }, allowSsh])).toEqual(['tcp 22-22 0.0.0.0/0 allow-ssh#1000']);
    });
    it('an address that is not an IP cannot be placed in a range: allows with destinations count, denies with destinations close nothing', () => {
      const specs: RuleSpec[] = [
        { name: 'deny-ssh', priority: 100, deny: 'tcp:22', destinations: [`${V4}/32`] },
        { name: 'allow-ssh', allow: 'tcp:22', destinations: ['34.122.81.18/32'] },
      ];
      expect(summary(specs, { address: 'vm-web-1' })).toEqual(['tcp 22-22 0.0.0.0/0 allow-ssh#1000']);
    });
  });

  describe('rule identity', () => {
    it('id and name are the rule name, order its priority', () => {
      const [path] = pathsOf(input([firewall({ name: 'allow-grafana', priority: 4242, allow: 'tcp:3000' })]));
      expect(path?.via).toEqual([reported('allow-grafana', 4242, { ports: { from: 3000, to: 3000 } })]);
    });

    it('a rule read without a name is named from its selfLink', () => {
      const [path] = pathsOf(input([{ ...firewall({ name: 'allow-grafana', allow: 'tcp:3000' }), name: null }]));
      expect(path?.via[0]?.id).toBe('allow-grafana');
    });
  });

  describe('unknown input', () => {
    it('firewall rules that could not be read give the same Unknown back', () => {
      const denied = unknownValue('compute.firewalls.list denied (403)');
      expect(firewallIngress(input([], { firewalls: denied }))).toBe(denied);
    });

    it('an empty rule list is known: no paths, not Unknown', () => {
      expect(isUnknown(firewallIngress(input([])))).toBe(false);
    });
  });
});
