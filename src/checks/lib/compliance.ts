// Framework names and versions, written once so that mappings across checks line up. Only
// mappings with a published source are listed (AWS Security Hub CSPM control pages give each
// control's CIS and NIST SP 800-53 "related requirements").
export const FSBP = { framework: 'AWS Foundational Security Best Practices', version: 'v1.0.0' } as const;
/** Security Hub CSPM controls that are not part of FSBP (EC2.182, EC2.53, EC2.54...). */
export const SECURITY_HUB = { framework: 'AWS Security Hub CSPM controls', version: 'current' } as const;
export const CIS_AWS_3 = { framework: 'CIS AWS Foundations Benchmark', version: 'v3.0.0' } as const;
export const CIS_AWS_5 = { framework: 'CIS AWS Foundations Benchmark', version: 'v5.0.0' } as const;
export const NIST_800_53_R5 = { framework: 'NIST SP 800-53', version: 'Revision 5' } as const;

/** NIST SP 800-53 r5 requirements Security Hub lists for EC2.1 (public snapshots). */
export const NIST_PUBLIC_SHARING = ['AC-21', 'AC-3', 'AC-3(7)', 'AC-4', 'AC-4(21)', 'AC-6', 'SC-7', 'SC-7(11)', 'SC-7(16)', 'SC-7(20)', 'SC-7(21)', 'SC-7(3)', 'SC-7(4)', 'SC-7(9)'];
export const CIS_AZURE_2_1 = { framework: 'CIS Microsoft Azure Foundations Benchmark', version: 'v2.1.0' } as const;
export const CIS_AZURE_3 = { framework: 'CIS Microsoft Azure Foundations Benchmark', version: 'v3.0.0' } as const;
export const MCSB = { framework: 'Microsoft cloud security benchmark', version: 'v1' } as const;
export const CIS_GCP_2 = { framework: 'CIS Google Cloud Platform Foundation Benchmark', version: 'v2.0.0' } as const;

/** NIST SP 800-53 r5 requirements Security Hub lists for IAM.5 and IAM.9 (MFA for console users, for root). */
export const NIST_MFA = ['AC-2(1)', 'AC-3(15)', 'IA-2(1)', 'IA-2(2)', 'IA-2(6)', 'IA-2(8)'];
/** NIST SP 800-53 r5 requirements Security Hub lists for CloudTrail.1 (a multi-Region trail with read and write management events). */
export const NIST_MANAGEMENT_EVENTS_TRAIL = ['AC-2(4)', 'AC-4(26)', 'AC-6(9)', 'AU-10', 'AU-12', 'AU-2', 'AU-3', 'AU-6(3)', 'AU-6(4)', 'AU-14(1)', 'CA-7', 'SC-7(9)', 'SI-3(8)', 'SI-4(20)', 'SI-7(8)', 'SA-8(22)'];
