// A reader of the Logging query language, enough to tell whether a sink's inclusion filter or an
// exclusion filter matches a given log entry: comparisons (`=`, `!=`, `:`, `=~`, `!~`, `<`, `<=`,
// `>`, `>=`) on dotted field paths, AND / OR / NOT / `-`, parentheses, implicit AND, LOG_ID(),
// sample() and bare text. Answers are three-valued: a construct it does not read makes the answer
// `unknown`, never a guess either way. Pure.

export type Tri = true | false | 'unknown';

/** A log entry as the filter sees it: nested plain values, looked up by dotted path. */
export type LogEntryView = { readonly [key: string]: string | LogEntryView };

type Node =
  | { readonly kind: 'and' | 'or'; readonly parts: readonly Node[] }
  | { readonly kind: 'not'; readonly part: Node }
  | { readonly kind: 'compare'; readonly path: readonly string[]; readonly op: string; readonly value: string }
  | { readonly kind: 'logId'; readonly value: string }
  | { readonly kind: 'sample' }
  | { readonly kind: 'text'; readonly value: string }
  | { readonly kind: 'unread'; readonly what: string };

type Token = { readonly kind: 'word' | 'string' | 'op' | 'open' | 'close' | 'comma'; readonly text: string };

const OPERATORS = ['=~', '!~', '!=', '<=', '>=', '=', ':', '<', '>'];

function tokenize(filter: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < filter.length) {
    const c = filter[i] as string;
    if (/\s/.test(c)) {
      i += 1;
      continue;
    }
    if (c === '"') {
      let text = '';
      i += 1;
      while (i < filter.length && filter[i] !== '"') {
        if (filter[i] === '\\' && i + 1 < filter.length) i += 1;
        text += filter[i];
        i += 1;
      }
      i += 1;
      tokens.push({ kind: 'string', text });
      continue;
    }
    if (c === '(' || c === ')') {
      tokens.push({ kind: c === '(' ? 'open' : 'close', text: c });
      i += 1;
      continue;
    }
    if (c === ',') {
      tokens.push({ kind: 'comma', text: c });
      i += 1;
      continue;
    }
    const op = OPERATORS.find((o) => filter.startsWith(o, i));
    if (op) {
      tokens.push({ kind: 'op', text: op });
      i += op.length;
      continue;
    }
    let text = '';
    while (i < filter.length && !/[\s(),]/.test(filter[i] as string) && !OPERATORS.some((o) => filter.startsWith(o, i))) {
      // A quoted segment of a field path (`protoPayload."@type"`) belongs to the word.
      if (filter[i] === '"') {
        if (!text.endsWith('.')) break;
        const end = filter.indexOf('"', i + 1);
        if (end < 0) break;
        text += filter.slice(i, end + 1);
        i = end + 1;
        continue;
      }
      text += filter[i];
      i += 1;
    }
    tokens.push({ kind: 'word', text });
  }
  return tokens;
}

class Parser {
  private at = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token | undefined {
    return this.tokens[this.at];
  }

  private next(): Token | undefined {
    const token = this.tokens[this.at];
    this.at += 1;
    return token;
  }

  parse(): Node {
    const node = this.or();
    if (this.at < this.tokens.length) return { kind: 'unread', what: `unexpected '${this.peek()?.text ?? ''}'` };
    return node;
  }

  private or(): Node {
    const parts = [this.and()];
    while (this.peek()?.kind === 'word' && this.peek()?.text === 'OR') {
      this.next();
      parts.push(this.and());
    }
    return parts.length === 1 ? (parts[0] as Node) : { kind: 'or', parts };
  }

  private and(): Node {
    const parts = [this.unary()];
    for (;;) {
      const token = this.peek();
      if (!token || token.kind === 'close' || (token.kind === 'word' && token.text === 'OR')) break;
      if (token.kind === 'word' && token.text === 'AND') this.next();
      parts.push(this.unary());
    }
    return parts.length === 1 ? (parts[0] as Node) : { kind: 'and', parts };
  }

  private unary(): Node {
    const token = this.peek();
    if (token?.kind === 'word' && token.text === 'NOT') {
      this.next();
      return { kind: 'not', part: this.unary() };
    }
    if (token?.kind === 'word' && token.text.startsWith('-') && token.text.length > 1) {
      // `-field=value`: the word carries the minus.
      this.tokens[this.at] = { kind: 'word', text: token.text.slice(1) };
      return { kind: 'not', part: this.primary() };
    }
    return this.primary();
  }

  private primary(): Node {
    const token = this.next();
    if (!token) return { kind: 'unread', what: 'an empty expression' };
    if (token.kind === 'open') {
      const inner = this.or();
      if (this.next()?.kind !== 'close') return { kind: 'unread', what: 'an unbalanced parenthesis' };
      return inner;
    }
    if (token.kind === 'string') return { kind: 'text', value: token.text };
    if (token.kind !== 'word') return { kind: 'unread', what: `'${token.text}'` };
    if (this.peek()?.kind === 'open') return this.call(token.text);
    const op = this.peek();
    if (op?.kind === 'op') {
      this.next();
      const value = this.next();
      if (!value || (value.kind !== 'word' && value.kind !== 'string')) return { kind: 'unread', what: `a comparison on ${token.text} without a value` };
      return { kind: 'compare', path: fieldPath(token.text), op: op.text, value: value.text };
    }
    return { kind: 'text', value: token.text };
  }

  private call(name: string): Node {
    this.next();
    const args: string[] = [];
    while (this.peek() && this.peek()?.kind !== 'close') {
      const token = this.next() as Token;
      if (token.kind !== 'comma') args.push(token.text);
    }
    this.next();
    const lower = name.toLowerCase();
    if (lower === 'log_id' && args.length === 1) return { kind: 'logId', value: args[0] as string };
    if (lower === 'sample') return { kind: 'sample' };
    return { kind: 'unread', what: `the function ${name}()` };
  }
}

/** `protoPayload."@type"` and `labels.a.b` as path segments. */
function fieldPath(text: string): string[] {
  return text.split('.').map((s) => s.replace(/^"|"$/g, ''));
}

function lookup(entry: LogEntryView, path: readonly string[]): string | undefined {
  let value: string | LogEntryView | undefined = entry;
  for (const segment of path) {
    if (typeof value !== 'object') return undefined;
    value = value[segment];
  }
  return typeof value === 'string' ? value : undefined;
}

const SEVERITIES = ['DEFAULT', 'DEBUG', 'INFO', 'NOTICE', 'WARNING', 'ERROR', 'CRITICAL', 'ALERT', 'EMERGENCY'];

function compareOrdered(actual: string, wanted: string, path: readonly string[]): number | undefined {
  if (path.join('.') === 'severity') {
    const a = SEVERITIES.indexOf(actual.toUpperCase());
    const w = SEVERITIES.indexOf(wanted.toUpperCase());
    return a < 0 || w < 0 ? undefined : a - w;
  }
  return actual < wanted ? -1 : actual > wanted ? 1 : 0;
}

function allStrings(entry: LogEntryView): string[] {
  return Object.values(entry).flatMap((v) => (typeof v === 'string' ? [v] : allStrings(v)));
}

/** `cloudaudit.googleapis.com/activity` as a log name spells it: `cloudaudit.googleapis.com%2Factivity`. */
function logIdMatches(entry: LogEntryView, id: string): boolean {
  const logName = lookup(entry, ['logName']) ?? '';
  return logName.endsWith(`/logs/${encodeURIComponent(id)}`) || logName.endsWith(`/logs/${id}`);
}

function evaluate(node: Node, entry: LogEntryView): Tri {
  switch (node.kind) {
    case 'and': {
      let result: Tri = true;
      for (const part of node.parts) {
        const r = evaluate(part, entry);
        if (r === false) return false;
        if (r === 'unknown') result = 'unknown';
      }
      return result;
    }
    case 'or': {
      let result: Tri = false;
      for (const part of node.parts) {
        const r = evaluate(part, entry);
        if (r === true) return true;
        if (r === 'unknown') result = 'unknown';
      }
      return result;
    }
    case 'not': {
      const r = evaluate(node.part, entry);
      return r === 'unknown' ? 'unknown' : !r;
    }
    case 'logId':
      return logIdMatches(entry, node.value);
    case 'sample':
      // Part of the matching entries: as far as a gap goes, some are matched.
      return true;
    case 'text':
      return allStrings(entry).some((s) => s.toLowerCase().includes(node.value.toLowerCase()));
    case 'unread':
      return 'unknown';
    case 'compare': {
      const actual = lookup(entry, node.path);
      if (node.op === '!=' || node.op === '!~') {
        if (actual === undefined) return true;
      } else if (actual === undefined) {
        return false;
      }
      const a = actual as string;
      switch (node.op) {
        case '=':
          return a === node.value;
        case '!=':
          return a !== node.value;
        case ':':
          return a.toLowerCase().includes(node.value.toLowerCase());
        case '=~':
        case '!~': {
          let re: RegExp;
          try {
            re = new RegExp(node.value);
          } catch {
            return 'unknown';
          }
          return node.op === '=~' ? re.test(a) : !re.test(a);
        }
        default: {
          const order = compareOrdered(a, node.value, node.path);
          if (order === undefined) return 'unknown';
          return node.op === '<' ? order < 0 : node.op === '<=' ? order <= 0 : node.op === '>' ? order > 0 : order >= 0;
        }
      }
    }
  }
}

export interface LogFilter {
  readonly source: string;
  matches(entry: LogEntryView): Tri;
}

/** An empty filter matches every entry, as a sink without an inclusion filter routes everything. */
export function parseLogFilter(source: string): LogFilter {
  if (source.trim() === '') return { source, matches: () => true };
  const node = new Parser(tokenize(source)).parse();
  return { source, matches: (entry) => evaluate(node, entry) };
}
