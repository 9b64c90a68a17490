// Text that came from the audited account (tags, names, descriptions) is hostile: it may carry
// terminal escape sequences, bidirectional overrides or line breaks meant to forge output.

// C0 controls but tab, DEL, C1 controls; and the Unicode bidi embeddings, overrides and isolates.
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Removes characters that could move the cursor, change colours or reorder text on a terminal. */
export function stripControl(text: string): string {
  return text.replace(CONTROL, '').replace(/\t/g, ' ');
}

/** `stripControl`, keeping line breaks (for multi-line cells the renderer itself composes). */
export function stripControlKeepLines(text: string): string {
  return text.split('\n').map(stripControl).join('\n');
}
