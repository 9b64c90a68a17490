// Hostile text from the audited account must not move the cursor, recolour or reorder output.
import { describe, expect, it } from 'vitest';
import { stripControl, stripControlKeepLines } from '../../../src/text.js';

describe('stripControl', () => {
  it('removes the ESC byte of an ANSI sequence, leaving the inert rest visible', () => {
    expect(stripControl('\u001b[31mred\u001b[0m')).toBe('[31mred[0m');
    expect(stripControl('\u001b]8;;https://evil.example\u0007link\u001b]8;;\u0007')).toBe(']8;;https://evil.examplelink]8;;');
  });

  it.each([
    ['NUL', '\u0000'],
    ['BEL', '\u0007'],
    ['backspace', '\u0008'],
    ['vertical tab', '\u000b'],
    ['form feed', '\u000c'],
    ['carriage return', '\r'],
    ['ESC', '\u001b'],
    ['unit separator', '\u001f'],
    ['DEL', '\u007f'],
    ['C1 PAD', '\u0080'],
    ['C1 CSI', '\u009b'],
    ['C1 APC', '\u009f'],
    ['LRM', '\u200e'],
    ['RLM', '\u200f'],
    ['LRE', '\u202a'],
    ['RLO (U+202E)', '\u202e'],
    ['LRI (U+2066)', '\u2066'],
    ['RLI (U+2067)', '\u2067'],
    ['FSI (U+2068)', '\u2068'],
    ['PDI (U+2069)', '\u2069'],
  ])('removes %s', (_name, char) => {
    expect(stripControl(`a${char}b`)).toBe('ab');
  });

  it('defuses a bidi-reordered name (the trojan-source trick)', () => {
    expect(stripControl('invoice\u202egpj.exe')).toBe('invoicegpj.exe');
  });

  it('turns tabs into spaces and removes line breaks', () => {
    expect(stripControl('name\tvalue')).toBe('name value');
    expect(stripControl('prod\nFAKE: all clear\r\n')).toBe('prodFAKE: all clear');
  });

  it('leaves printable text, including non-ASCII, untouched', () => {
    const text = 'db-1 nightly (café, 日本語, emoji 🚀, NBSP\u00a0here)';
    expect(stripControl(text)).toBe(text);
  });

  it('keeps the characters right next to the removed ranges', () => {
    expect(stripControl('\u00a0\u007e\u200d\u2065\u206a')).toBe('\u00a0\u007e\u200d\u2065\u206a');
  });
});

describe('stripControlKeepLines', () => {
  it('keeps newlines and strips everything else stripControl strips', () => {
    expect(stripControlKeepLines('line 1\u001b[2J\nline\t2\u202e\n')).toBe('line 1[2J\nline 2\n');
  });

  it('turns CRLF into LF (the CR is a control)', () => {
    expect(stripControlKeepLines('a\r\nb')).toBe('a\nb');
  });

  it('is the same as stripControl on single-line text', () => {
    const text = 'x\u0007y\tz\u2066';
    expect(stripControlKeepLines(text)).toBe(stripControl(text));
  });
});
