// URL paths as the emulated APIs route them.

/** Path segments, percent-decoded where they decode (a malformed escape stays as it came). */
export function segmentsOf(pathname: string): string[] {
  return pathname
    .split('/')
    .filter((s) => s !== '')
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
}
