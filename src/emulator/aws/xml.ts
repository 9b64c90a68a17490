// A tiny XML writer for the AWS query protocols. Every text value is escaped here and only here,
// because estate data is hostile on purpose (tags holding `<script>`, `&`, control characters).

export interface XmlElement {
  readonly name: string;
  readonly attributes?: Readonly<Record<string, string>>;
  readonly children: readonly XmlElement[];
  readonly text?: string;
}

type Scalar = string | number | boolean;

/** A leaf element, or nothing when the value is absent (AWS omits unset members). */
export function leaf(name: string, value: Scalar | undefined | null): XmlElement | undefined {
  if (value === undefined || value === null) return undefined;
  return { name, children: [], text: String(value) };
}

/** An element with children; absent children are skipped. */
export function node(
  name: string,
  children: readonly (XmlElement | undefined)[],
  attributes?: Readonly<Record<string, string>>,
): XmlElement {
  const present = children.filter((c): c is XmlElement => c !== undefined);
  return attributes === undefined ? { name, children: present } : { name, children: present, attributes };
}

/** A list of structures: `<name><member>…</member><member>…</member></name>`. */
export function list(name: string, member: string, items: readonly (readonly (XmlElement | undefined)[])[]): XmlElement {
  return node(name, items.map((children) => node(member, children)));
}

/** A list of strings: `<name><member>a</member><member>b</member></name>`. */
export function valueList(name: string, member: string, values: readonly string[]): XmlElement {
  return node(name, values.map((value) => leaf(member, value)));
}

/** An EC2 list: `<name><item>…</item><item>…</item></name>`. */
export function itemSet(name: string, items: readonly (readonly (XmlElement | undefined)[])[]): XmlElement {
  return list(name, 'item', items);
}

/** EC2 tags: `<tagSet><item><key/><value/></item></tagSet>`. */
export function tagSet(tags: Readonly<Record<string, string>>): XmlElement {
  return itemSet(
    'tagSet',
    Object.entries(tags).map(([key, value]) => [leaf('key', key), leaf('value', value)]),
  );
}

/** awsQuery tags (RDS): `<TagList><Tag><Key/><Value/></Tag></TagList>`. */
export function tagList(tags: Readonly<Record<string, string>>): XmlElement {
  return list(
    'TagList',
    'Tag',
    Object.entries(tags).map(([key, value]) => [leaf('Key', key), leaf('Value', value)]),
  );
}

// XML 1.0 allows only #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
// The characters outside that set are written as numeric character references anyway: a strict
// XML 1.0 parser would reject them, but the AWS SDK v3 parser (@aws-sdk/xml-builder) decodes
// `&#x1b;` back to ESC, so hostile values reach the client unchanged, which is what the tests of
// our renderers need. CR is also written as a reference because the SDK parser turns raw CR/CRLF
// into LF. Lone surrogates are written as references because UTF-8 cannot carry them.
const NEEDS_ESCAPE = /[&<>"'\u0000-\u0008\u000b-\u001f\ud800-\udfff\ufffe\uffff]/gu;

function escapeChar(ch: string): string {
  switch (ch) {
    case '&':
      return '&amp;';
    case '<':
      return '&lt;';
    case '>':
      return '&gt;';
    case '"':
      return '&quot;';
    case "'":
      return '&apos;';
    default:
      // With the `u` flag a surrogate is matched only when it is not half of a pair.
      return `&#x${(ch.codePointAt(0) ?? 0).toString(16)};`;
  }
}

export function escapeXml(value: string): string {
  return value.replace(NEEDS_ESCAPE, escapeChar);
}

function renderInto(element: XmlElement, out: string[]): void {
  out.push('<', element.name);
  for (const [key, value] of Object.entries(element.attributes ?? {})) {
    out.push(' ', key, '="', escapeXml(value), '"');
  }
  out.push('>');
  if (element.text !== undefined) out.push(escapeXml(element.text));
  for (const child of element.children) renderInto(child, out);
  out.push('</', element.name, '>');
}

export function renderXml(root: XmlElement): string {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>\n'];
  renderInto(root, out);
  return out.join('');
}
