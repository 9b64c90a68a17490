// SARIF 2.1.0 for code-scanning dashboards (GitHub code scanning among them): one run, one rule per
// check that has a finding, one result per finding. A cloud resource is not a file: the result's
// logical location names it (provider/account/region/type/id), and because GitHub shows only
// results with a physical location, each also gets a stable relative artifact URI under `cloud/`
// (no file of that name exists in the repository; GitHub lists the alert without a code view).
import type { Finding, Report } from '../src/report.js';

type Severity = Finding['severity'];

export const SARIF_SCHEMA_URI = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

type Level = 'error' | 'warning' | 'note';

const LEVEL: Readonly<Record<Severity, Level>> = { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' };

/**
 * GitHub reads `security-severity` (a number in a string) into its own bands: over 9.0 critical,
 * 7.0–8.9 high, 4.0–6.9 medium, 0.1–3.9 low. One value per severity, inside its band, so that a
 * rule keeps its rank from scan to scan; a finding's own score travels as the result's `rank`.
 */
const SECURITY_SEVERITY: Readonly<Record<Severity, string>> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: '1.0' };

/**
 * JSON text in which the characters that are invisible or reorder what an editor or terminal shows
 * (C1 controls, bidi marks, embeddings, overrides and isolates, line and paragraph separators) are
 * written as `\\u` escapes: JSON.stringify leaves them raw. The parsed data is unchanged.
 */
export function stringifyInert(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(/[\u0080-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Message text is plain text in which `[text](target)` is a link: brackets from the account are escaped. */
export function sarifText(text: string): string {
  return text.replace(/[\\[\]]/g, '\\$&');
}

/** PascalCase of the check id, the readable rule name SARIF asks for (`aws-ami-public` → `AwsAmiPublic`). */
function ruleName(checkId: string): string {
  return checkId
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}

/** `provider/account/region/type/id`, the resource's name across clouds. */
export function fullyQualifiedName(f: Finding): string {
  const r = f.resource;
  return [r.provider, r.account, r.region, r.type, r.id].join('/');
}

/** The same path as a relative URI reference, each segment percent-encoded. */
export function artifactUri(f: Finding): string {
  const r = f.resource;
  return ['cloud', r.provider, r.account, r.region, r.type, r.id].map(encodeURIComponent).join('/');
}

function rule(f: Finding) {
  const attack = f.techniques.map((t) => `${t.id} ${t.name}`).join('; ');
  const mitigations = f.mitigations.map((m) => `${m.id} ${m.name}`).join('; ');
  const compliance = f.compliance.map((c) => `${c.framework} ${c.version}: ${c.controls.join(', ')}`);
  const full = [`${f.title}.`, `MITRE ATT&CK: ${attack}.`, mitigations ? `Mitigations: ${mitigations}.` : '', compliance.length > 0 ? `Controls: ${compliance.join('; ')}.` : '']
    .filter(Boolean)
    .join(' ');
  const docs = f.remediation.docs;
  const markdown = [
    `**${f.title}** (${f.severity})`,
    '',
    `**Remediation:** ${f.remediation.text}`,
    '',
    'Each alert carries the exact command for its resource in `properties.remediationCommand`.',
    '',
    `**MITRE ATT&CK:** ${f.techniques.map((t) => `[${t.id}](https://attack.mitre.org/techniques/${t.id.replace('.', '/')}/) ${t.name}`).join(', ')}`,
    ...(mitigations ? ['', `**Mitigations:** ${f.mitigations.map((m) => `[${m.id}](https://attack.mitre.org/mitigations/${m.id}/) ${m.name}`).join(', ')}`] : []),
    ...(compliance.length > 0 ? ['', '**Controls:**', '', ...compliance.map((c) => `- ${c}`)] : []),
    ...(docs ? ['', `Docs: <${docs}>`] : []),
  ].join('\n');
  return {
    id: f.checkId,
    name: ruleName(f.checkId),
    shortDescription: { text: f.title },
    fullDescription: { text: full },
    ...(docs ? { helpUri: docs } : {}),
    help: { text: `${f.remediation.text}${docs ? ` See ${docs}` : ''}`, markdown },
    defaultConfiguration: { level: LEVEL[f.severity] },
    properties: {
      tags: ['security', 'cloud', f.resource.provider, ...f.techniques.map((t) => t.id), ...f.mitigations.map((m) => m.id)],
      'security-severity': SECURITY_SEVERITY[f.severity],
      precision: 'high',
    },
  };
}

function result(f: Finding, ruleIndex: number) {
  const unverified = f.status === 'unknown' ? 'Not verified (a read failed): ' : '';
  return {
    ruleId: f.checkId,
    ruleIndex,
    level: LEVEL[f.severity],
    message: { text: sarifText(`${unverified}${f.message}`) },
    locations: [
      {
        physicalLocation: { artifactLocation: { uri: artifactUri(f) }, region: { startLine: 1 } },
        logicalLocations: [{ name: f.resource.name ?? f.resource.id, fullyQualifiedName: fullyQualifiedName(f), kind: 'resource' }],
      },
    ],
    partialFingerprints: { 'snapauditFindingId/v1': f.id },
    rank: f.score,
    ...(f.status === 'suppressed'
      ? { suppressions: [{ kind: 'external', status: 'accepted', ...(f.suppression ? { justification: sarifText(`${f.suppression.reason} (owner ${f.suppression.owner}, until ${f.suppression.expires})`) } : {}) }] }
      : {}),
    ...(f.baseline ? { baselineState: f.baseline } : {}),
    properties: {
      findingId: f.id,
      status: f.status,
      severity: f.severity,
      score: f.score,
      reasons: f.reasons,
      resource: f.resource,
      remediationCommand: f.remediation.command,
      evidence: f.evidence,
    },
  };
}

export function renderSarif(report: Report): string {
  const rules: ReturnType<typeof rule>[] = [];
  const indexOf = new Map<string, number>();
  for (const f of report.findings) {
    if (indexOf.has(f.checkId)) continue;
    indexOf.set(f.checkId, rules.length);
    rules.push(rule(f));
  }
  const gaps = report.coverage.filter((c) => c.status === 'denied' || c.status === 'error');
  const log = {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'snapaudit', version: report.tool.version, semanticVersion: report.tool.version, rules } },
        invocations: [
          {
            executionSuccessful: true,
            endTimeUtc: report.generatedAt,
            // What could not be read is unknown, not safe: each gap is a warning of the run.
            toolExecutionNotifications: gaps.map((g) => ({
              level: 'warning',
              message: { text: sarifText(`${g.provider} ${g.account} ${g.region}: ${g.action ?? g.service} ${g.status}: ${g.detail}`) },
              descriptor: { id: `coverage-${g.status}` },
            })),
          },
        ],
        results: report.findings.map((f) => result(f, indexOf.get(f.checkId)!)),
        properties: { incomplete: report.summary.incomplete, providers: report.scope.providers },
      },
    ],
  };
  return `${stringifyInert(log)}\n`;
}
