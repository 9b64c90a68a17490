// Error text from SDKs and HTTP stacks can carry request details. Nothing that looks like a
// credential or a signed token leaves the process: reports, coverage lines and stderr all pass here.

const PATTERNS: ReadonlyArray<[RegExp, string]> = [
  // AWS access key ids (long-term, temporary, and the unique ids of users and roles).
  [/\b(AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{12,}\b/g, '$1…(redacted)'],
  // Query-string and header credentials: SigV4 signatures, security tokens, SAS signatures, OAuth tokens.
  [/((?:X-Amz-Security-Token|X-Amz-Signature|X-Amz-Credential|Signature|sig|access_token|token)=)[^&\s"']+/gi, '$1(redacted)'],
  [/(Authorization:\s*)[^\r\n]+/gi, '$1(redacted)'],
  // Google OAuth access tokens and refresh tokens, wherever they appear.
  [/\bya29\.[A-Za-z0-9._-]+/g, 'ya29.(redacted)'],
  [/\b1\/\/[A-Za-z0-9._-]{20,}/g, '1//(redacted)'],
  [/\b(Bearer)\s+[A-Za-z0-9._~+/=-]{8,}/g, '$1 (redacted)'],
  // `key = value`, `key: value`, `"key": "value"`; a bare word in prose ("the password is wrong") is left alone.
  [/(aws_secret_access_key|secretAccessKey|sessionToken|aws_session_token|client_secret|refresh_token|private_key|password)(["']?\s*[:=]\s*["']?)[^\s"',}]+/gi, '$1$2(redacted)'],
];

export function redact(text: string): string {
  let out = text;
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

/** One line, no secrets, bounded length: safe to print or to put in a report. */
export function errorLine(text: string, max = 400): string {
  const oneLine = redact(text).replace(/\s+/g, ' ').trim();
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}
