// OCSF 1.3.0 for pipelines and SIEMs: a JSON array with one event per finding. A posture check
// judges a resource against controls, so its findings are Compliance Findings (class 2003) with the
// controls it maps to; a log-chain rule (`chain-…`) reports activity it saw, so its findings are
// Detection Findings (class 2004). Both are `Create` activities of the Findings category. What OCSF
// has no attribute for (score, its reasons, the evidence) travels in `unmapped`.
import type { Finding, Report } from '../src/report.js';
import { stringifyInert } from './sarif.js';

type Severity = Finding['severity'];

export const OCSF_VERSION = '1.3.0';

const CATEGORY = { uid: 2, name: 'Findings' } as const;
const COMPLIANCE_FINDING = { uid: 2003, name: 'Compliance Finding' } as const;
const DETECTION_FINDING = { uid: 2004, name: 'Detection Finding' } as const;
const CREATE = { id: 1, name: 'Create' } as const;

const SEVERITY: Readonly<Record<Severity, { readonly id: number; readonly name: string }>> = {
  info: { id: 1, name: 'Informational' },
  low: { id: 2, name: 'Low' },
  medium: { id: 3, name: 'Medium' },
  high: { id: 4, name: 'High' },
  critical: { id: 5, name: 'Critical' },
};

const PROVIDER_NAME: Readonly<Record<string, string>> = { aws: 'AWS', azure: 'Azure', gcp: 'GCP' };

const TACTIC = {
  initialAccess: { uid: 'TA0001', name: 'Initial Access' },
  persistence: { uid: 'TA0003', name: 'Persistence' },
  privilegeEscalation: { uid: 'TA0004', name: 'Privilege Escalation' },
  defenseEvasion: { uid: 'TA0005', name: 'Defense Evasion' },
  exfiltration: { uid: 'TA0010', name: 'Exfiltration' },
} as const;

/** The ATT&CK tactics (Enterprise) each technique snapaudit maps to serves; OCSF wants one attack per tactic. */
const TACTICS_OF: Readonly<Record<string, ReadonlyArray<{ readonly uid: string; readonly name: string }>>> = {
  T1578: [TACTIC.defenseEvasion],
  T1537: [TACTIC.exfiltration],
  T1136: [TACTIC.persistence],
  T1098: [TACTIC.persistence, TACTIC.privilegeEscalation],
  T1078: [TACTIC.defenseEvasion, TACTIC.persistence, TACTIC.privilegeEscalation, TACTIC.initialAccess],
};

export function isDetection(f: Finding): boolean {
  return f.checkId.startsWith('chain-');
}

/**
 * `T1578.001` "Modify Cloud Compute Infrastructure: Create Snapshot" → technique T1578 and
 * sub-technique T1578.001, once for each tactic the technique serves (once without a tactic when
 * none is known).
 */
function attacks(t: { readonly id: string; readonly name: string }) {
  const [base, sub] = t.id.split('.');
  const baseId = base ?? t.id;
  const colon = t.name.indexOf(': ');
  const technique = { uid: baseId, name: sub !== undefined && colon > 0 ? t.name.slice(0, colon) : t.name };
  const subTechnique = sub !== undefined ? { sub_technique: { uid: t.id, name: colon > 0 ? t.name.slice(colon + 2) : t.name } } : {};
  const tactics = TACTICS_OF[baseId] ?? [];
  if (tactics.length === 0) return [{ technique, ...subTechnique }];
  return tactics.map((tactic) => ({ tactic, technique, ...subTechnique }));
}

/**
 * OCSF's compliance object: the check is the control; the frameworks it maps to are the standards
 * and their control ids the requirements. A check mapped to no framework is its own standard.
 */
function compliance(f: Finding) {
  const standards = [...new Set(f.compliance.map((c) => `${c.framework} ${c.version}`))];
  const requirements = f.compliance.flatMap((c) => c.controls.map((control) => `${c.framework} ${c.version} ${control}`));
  // Unknown: the check could not read what it needed, which OCSF calls a Warning.
  const status = f.status === 'unknown' ? { id: 2, name: 'Warning' } : { id: 3, name: 'Fail' };
  return {
    control: f.checkId,
    standards: standards.length > 0 ? standards : ['snapaudit'],
    ...(requirements.length > 0 ? { requirements } : {}),
    status_id: status.id,
    status: status.name,
    ...(f.status === 'unknown' ? { status_detail: 'not verified: a read failed' } : {}),
  };
}

function event(f: Finding, report: Report, time: number) {
  const cls = isDetection(f) ? DETECTION_FINDING : COMPLIANCE_FINDING;
  const severity = SEVERITY[f.severity];
  const status = f.status === 'suppressed' ? { id: 3, name: 'Suppressed' } : { id: 1, name: 'New' };
  const r = f.resource;
  const provider = PROVIDER_NAME[r.provider] ?? r.provider;
  return {
    activity_id: CREATE.id,
    activity_name: CREATE.name,
    category_uid: CATEGORY.uid,
    category_name: CATEGORY.name,
    class_uid: cls.uid,
    class_name: cls.name,
    type_uid: cls.uid * 100 + CREATE.id,
    type_name: `${cls.name}: ${CREATE.name}`,
    severity_id: severity.id,
    severity: severity.name,
    status_id: status.id,
    status: status.name,
    time,
    message: f.message,
    metadata: {
      version: OCSF_VERSION,
      product: { name: 'snapaudit', vendor_name: 'snapaudit', version: report.tool.version },
      // One event per finding per scan; the finding id alone is stable across scans.
      uid: `${f.id}-${time}`,
      profiles: ['cloud'],
    },
    finding_info: {
      uid: f.id,
      title: f.title,
      desc: f.message,
      types: [f.checkId],
      analytic: { uid: f.checkId, name: f.title, type_id: 1, type: 'Rule' },
      attacks: f.techniques.flatMap(attacks),
      ...(f.remediation.docs ? { src_url: f.remediation.docs } : {}),
    },
    resources: [
      {
        uid: r.id,
        ...(r.name !== undefined ? { name: r.name } : {}),
        type: r.type,
        region: r.region,
        owner: { account: { uid: r.account } },
      },
    ],
    cloud: { provider, account: { uid: r.account }, region: r.region },
    remediation: {
      desc: f.remediation.command ? `${f.remediation.text} Command: ${f.remediation.command}` : f.remediation.text,
      ...(f.remediation.docs ? { references: [f.remediation.docs] } : {}),
    },
    ...(isDetection(f) ? {} : { compliance: compliance(f) }),
    unmapped: {
      check_id: f.checkId,
      score: f.score,
      reasons: f.reasons,
      evidence: f.evidence,
      mitigations: f.mitigations,
      remediation_command: f.remediation.command,
    },
  };
}

export function renderOcsf(report: Report): string {
  const time = Date.parse(report.generatedAt);
  return `${stringifyInert(report.findings.map((f) => event(f, report, time)))}\n`;
}
