// The MITRE ATT&CK (Enterprise, Cloud) entries snapaudit maps to, with the mitigations ATT&CK
// itself lists for each technique. Checks may only pair a mitigation with a technique it belongs
// to; a meta-test enforces that.

export interface TechniqueInfo {
  readonly name: string;
  readonly mitigations: readonly string[];
}

export const TECHNIQUES: Readonly<Record<string, TechniqueInfo>> = {
  'T1578': { name: 'Modify Cloud Compute Infrastructure', mitigations: ['M1047', 'M1018'] },
  'T1578.001': { name: 'Modify Cloud Compute Infrastructure: Create Snapshot', mitigations: ['M1047', 'M1018'] },
  'T1578.002': { name: 'Modify Cloud Compute Infrastructure: Create Cloud Instance', mitigations: ['M1047', 'M1018'] },
  'T1537': { name: 'Transfer Data to Cloud Account', mitigations: ['M1057', 'M1037', 'M1054', 'M1018'] },
  // A principal made, or given a key, to do the copying (the log-chain rules).
  'T1136': { name: 'Create Account', mitigations: ['M1032', 'M1030', 'M1028', 'M1026'] },
  'T1098': { name: 'Account Manipulation', mitigations: ['M1032', 'M1030', 'M1042', 'M1026', 'M1022', 'M1018', 'M1028'] },
};

export const MITIGATIONS: Readonly<Record<string, string>> = {
  M1047: 'Audit',
  M1018: 'User Account Management',
  M1037: 'Filter Network Traffic',
  M1057: 'Data Loss Prevention',
  M1054: 'Software Configuration',
  M1032: 'Multi-factor Authentication',
  M1030: 'Network Segmentation',
  M1028: 'Operating System Configuration',
  M1026: 'Privileged Account Management',
  M1042: 'Disable or Remove Feature or Program',
  M1022: 'Restrict File and Directory Permissions',
};

export function techniqueUrl(id: string): string {
  return `https://attack.mitre.org/techniques/${id.replace('.', '/')}/`;
}

export function mitigationUrl(id: string): string {
  return `https://attack.mitre.org/mitigations/${id}/`;
}
