// Address and port arithmetic shared by the clouds' ingress evaluators: CIDRs of either family as
// integers (so containment is exact, not a prefix of the text), what counts as the internet, and
// unions and differences of port ranges.
import type { PortRange } from './model.js';

export type Family = 'v4' | 'v6';

export const WORLD: Readonly<Record<Family, string>> = { v4: '0.0.0.0/0', v6: '::/0' };
export const ALL_PORTS: PortRange = { from: 0, to: 65535 };

export interface Cidr {
  readonly family: Family;
  readonly base: bigint;
  readonly bits: number;
}

const WIDTH: Readonly<Record<Family, number>> = { v4: 32, v6: 128 };

function parseIpv4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return undefined;
    value = (value << 8n) | BigInt(Number(part));
  }
  return value;
}

function parseIpv6(text: string): bigint | undefined {
  let spelled = text;
  const lastColon = spelled.lastIndexOf(':');
  if (spelled.includes('.')) {
    const v4 = parseIpv4(spelled.slice(lastColon + 1));
    if (v4 === undefined) return undefined;
    spelled = `${spelled.slice(0, lastColon + 1)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const halves = spelled.split('::');
  if (halves.length > 2) return undefined;
  const groupsOf = (half: string | undefined): string[] => (half ? half.split(':') : []);
  const head = groupsOf(halves[0]);
  const tail = groupsOf(halves[1]);
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  let value = 0n;
  for (const group of [...head, ...Array<string>(missing).fill('0'), ...tail]) {
    if (!/^[0-9a-f]{1,4}$/i.test(group)) return undefined;
    value = (value << 16n) | BigInt(parseInt(group, 16));
  }
  return value;
}

/** A CIDR or a single address (taken as a full-length prefix); undefined for anything else. */
export function parseCidr(text: string): Cidr | undefined {
  const [address = '', bitsText, ...rest] = text.trim().split('/');
  if (rest.length > 0) return undefined;
  const family: Family = address.includes(':') ? 'v6' : 'v4';
  const base = family === 'v4' ? parseIpv4(address) : parseIpv6(address);
  if (base === undefined) return undefined;
  const width = WIDTH[family];
  if (bitsText !== undefined && !/^\d{1,3}$/.test(bitsText)) return undefined;
  const bits = bitsText === undefined ? width : Number(bitsText);
  return bits <= width ? { family, base, bits } : undefined;
}

export function contains(outer: Cidr, inner: Cidr): boolean {
  if (outer.family !== inner.family || outer.bits > inner.bits) return false;
  const shift = BigInt(WIDTH[outer.family] - outer.bits);
  return outer.base >> shift === inner.base >> shift;
}

/** Ranges that are never the internet: private, shared, loopback, link-local. */
const NOT_INTERNET: readonly Cidr[] = [
  '10.0.0.0/8',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '100.64.0.0/10',
  '127.0.0.0/8',
  '169.254.0.0/16',
  'fc00::/7',
  'fe80::/10',
  '::1/128',
].map((text) => parseCidr(text) as Cidr);

/** Whether any of a range can be reached from the internet (a bare address is a full-length prefix). */
export function isPublicRange(text: string): boolean {
  const cidr = parseCidr(text);
  return cidr !== undefined && !NOT_INTERNET.some((block) => contains(block, cidr));
}

export function intersect(a: PortRange, b: PortRange): PortRange | undefined {
  const from = Math.max(a.from, b.from);
  const to = Math.min(a.to, b.to);
  return from <= to ? { from, to } : undefined;
}

export function intersectAll(ranges: readonly PortRange[], cut: PortRange): PortRange[] {
  return ranges.map((r) => intersect(r, cut)).filter((r): r is PortRange => r !== undefined);
}

export function subtract(ranges: readonly PortRange[], cut: PortRange): PortRange[] {
  return ranges.flatMap((r) => {
    if (!intersect(r, cut)) return [r];
    const left: PortRange[] = r.from < cut.from ? [{ from: r.from, to: cut.from - 1 }] : [];
    const right: PortRange[] = r.to > cut.to ? [{ from: cut.to + 1, to: r.to }] : [];
    return [...left, ...right];
  });
}

