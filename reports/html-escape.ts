// Everything the HTML report shows from the audited accounts is hostile: names, tags, messages and
// evidence may carry markup, event handlers, `javascript:` links or characters that reorder text.
// Each string goes through one of these before it reaches the page, in text and attribute alike.
import { stripControl, stripControlKeepLines } from '../src/text.js';

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  // Old Internet Explorer ended unquoted attributes at a backtick; escaped so no parser can.
  '`': '&#96;',
};

const SPECIAL = /[&<>"'`]/g;

// Line and paragraph separators would only forge line breaks on a page; they also end a line of
// JavaScript, should a string ever reach a script.
const SEPARATORS = /[\u2028\u2029]/g;

function entities(text: string): string {
  return text.replace(SEPARATORS, ' ').replace(SPECIAL, (c) => ENTITIES[c] ?? c);
}

/** Text for an element's content or a double-quoted attribute value: one line, no markup. */
export function esc(text: string): string {
  return entities(stripControl(text));
}

/** `esc` keeping line breaks, for `<pre>` blocks (commands, evidence). */
export function escLines(text: string): string {
  return entities(stripControlKeepLines(text));
}

/**
 * The URL when it is an absolute `https:` URL without credentials, else undefined: never
 * `javascript:`, `data:`, `vbscript:`, plain `http:` or a relative path. Whitespace and control
 * characters are refused before parsing, since the URL parser would silently drop some of them.
 */
export function httpsUrl(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length === 0 || value.length > 2048) return undefined;
  if (/[\s\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/.test(value)) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' || url.hostname === '' || url.username !== '' || url.password !== '') return undefined;
  return url.href;
}
