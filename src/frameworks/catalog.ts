// The frameworks snapaudit can speak about: for each framework version, the controls with their
// titles, in the framework's own order. Which check covers which control is NOT kept here: it is
// read from each check's `compliance` (and, for ATT&CK, `threat.techniques`) so the two cannot
// drift. Besides the cited controls, a version lists the controls in scope of snapshot exposure
// that no check covers yet, so a report can say "not covered" instead of leaving them out. A
// meta-test fails when a check cites a control this catalog does not know.
//
// SOURCES (titles are the frameworks' own, shortened only where noted)
// - aws-fsbp, aws-securityhub: AWS Security Hub CSPM control reference,
//   https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-controls-reference.html
//   (per-service pages ec2-controls, rds-controls, iam-controls, backup-controls,
//   cloudtrail-controls, documentdb-controls, neptune-controls). EC2.182's title was confirmed only
//   in secondary sources quoting Security Hub.
// - cis-aws: CIS Amazon Web Services Foundations Benchmark v5.0.0 and v3.0.0 (CIS; ids and titles
//   as listed on the Security Hub CIS page,
//   https://docs.aws.amazon.com/securityhub/latest/userguide/cis-aws-foundations-benchmark.html,
//   cross-checked against turbot/steampipe-mod-aws-compliance cis_v500/ and cis_v300/).
// - cis-azure: CIS Microsoft Azure Foundations Benchmark v3.0.0 and v2.1.0 (CIS; cross-checked
//   against turbot/steampipe-mod-azure-compliance cis_v300/ and cis_v210/).
// - cis-gcp: CIS Google Cloud Platform Foundation Benchmark v2.0.0 (CIS; cross-checked against
//   turbot/steampipe-mod-gcp-compliance cis_v200/).
// - nist-800-53-r5: NIST SP 800-53 Rev. 5, https://csrc.nist.gov/pubs/sp/800/53/r5/upd1/final
//   (control enhancement titles are written "Base | Enhancement", as the publication does).
// - mcsb: Microsoft cloud security benchmark v1, Data Protection,
//   https://learn.microsoft.com/security/benchmark/azure/mcsb-data-protection
// - mitre-attack: the techniques of src/attack.ts (MITRE ATT&CK Enterprise, https://attack.mitre.org/).
import { TECHNIQUES } from '../attack.js';
import { CIS_AWS_3, CIS_AWS_5, CIS_AZURE_2_1, CIS_AZURE_3, CIS_GCP_2, FSBP, MCSB, NIST_800_53_R5, SECURITY_HUB } from '../checks/lib/compliance.js';

export const FRAMEWORK_IDS = ['aws-fsbp', 'aws-securityhub', 'cis-aws', 'cis-azure', 'cis-gcp', 'nist-800-53-r5', 'mcsb', 'mitre-attack'] as const;

export type FrameworkId = (typeof FRAMEWORK_IDS)[number];

export interface ControlInfo {
  readonly id: string;
  readonly title: string;
}

export interface FrameworkVersion {
  /** The version exactly as checks cite it (`ComplianceMapping.version`). */
  readonly version: string;
  readonly controls: readonly ControlInfo[];
}

export interface FrameworkInfo {
  readonly id: FrameworkId;
  /** The name exactly as checks cite it (`ComplianceMapping.framework`). */
  readonly name: string;
  /** Where the control ids and titles come from. */
  readonly source: string;
  /**
   * How checks map to it: through `compliance` entries naming this framework, or (ATT&CK) through
   * `threat.techniques`.
   */
  readonly mappedBy: 'compliance' | 'techniques';
  /** Newest first: a bare framework id means the first. */
  readonly versions: readonly FrameworkVersion[];
}

const control = (id: string, title: string): ControlInfo => ({ id, title });

const SECURITY_HUB_SOURCE = 'https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-controls-reference.html';

const AWS_FSBP: FrameworkInfo = {
  id: 'aws-fsbp',
  name: FSBP.framework,
  source: SECURITY_HUB_SOURCE,
  mappedBy: 'compliance',
  versions: [
    {
      version: FSBP.version,
      controls: [
        control('Backup.1', 'AWS Backup recovery points should be encrypted at rest'),
        control('CloudTrail.1', 'CloudTrail should be enabled and configured with at least one multi-Region trail that includes read and write management events'),
        control('DocumentDB.3', 'Amazon DocumentDB manual cluster snapshots should not be public'),
        control('EC2.1', 'Amazon EBS snapshots should not be publicly restorable'),
        control('EC2.3', 'Attached Amazon EBS volumes should be encrypted at-rest'),
        control('EC2.7', 'Amazon EBS default encryption should be enabled'),
        control('EC2.9', 'Amazon EC2 instances should not have a public IPv4 address'),
        control('EC2.18', 'Security groups should only allow unrestricted incoming traffic for authorized ports'),
        control('EC2.19', 'Security groups should not allow unrestricted access to ports with high risk'),
        control('IAM.5', 'MFA should be enabled for all IAM users that have a console password'),
        control('IAM.7', 'Password policies for IAM users should have strong configurations'),
        control('Neptune.3', 'Neptune DB cluster snapshots should not be public'),
        control('RDS.1', 'RDS snapshot should be private'),
        control('RDS.2', 'RDS DB Instances should prohibit public access, as determined by the PubliclyAccessible configuration'),
        control('RDS.3', 'RDS DB instances should have encryption at-rest enabled'),
        control('RDS.4', 'RDS cluster snapshots and database snapshots should be encrypted at rest'),
      ],
    },
  ],
};

const AWS_SECURITY_HUB: FrameworkInfo = {
  id: 'aws-securityhub',
  name: SECURITY_HUB.framework,
  source: SECURITY_HUB_SOURCE,
  mappedBy: 'compliance',
  versions: [
    {
      version: SECURITY_HUB.version,
      controls: [
        control('EC2.53', 'EC2 security groups should not allow ingress from 0.0.0.0/0 to remote server administration ports'),
        control('EC2.54', 'EC2 security groups should not allow ingress from ::/0 to remote server administration ports'),
        control('EC2.182', 'Block public access settings should be enabled for Amazon EBS snapshots'),
        control('IAM.9', 'MFA should be enabled for the root user'),
        control('IAM.11', 'Ensure IAM password policy requires at least one uppercase letter'),
        control('IAM.12', 'Ensure IAM password policy requires at least one lowercase letter'),
        control('IAM.13', 'Ensure IAM password policy requires at least one symbol'),
        control('IAM.14', 'Ensure IAM password policy requires at least one number'),
        control('IAM.15', 'Ensure IAM password policy requires minimum password length of 14 or greater'),
        control('IAM.16', 'Ensure IAM password policy prevents password reuse'),
        control('IAM.17', 'Ensure IAM password policy expires passwords within 90 days or less'),
      ],
    },
  ],
};

const CIS_AWS: FrameworkInfo = {
  id: 'cis-aws',
  name: CIS_AWS_5.framework,
  source: 'https://www.cisecurity.org/benchmark/amazon_web_services (ids and titles as listed by https://docs.aws.amazon.com/securityhub/latest/userguide/cis-aws-foundations-benchmark.html)',
  mappedBy: 'compliance',
  versions: [
    {
      version: CIS_AWS_5.version,
      controls: [
        control('1.4', "Ensure MFA is enabled for the 'root' user account"),
        control('1.7', 'Ensure IAM password policy requires minimum length of 14 or greater'),
        control('1.8', 'Ensure IAM password policy prevents password reuse'),
        control('1.9', 'Ensure multi-factor authentication (MFA) is enabled for all IAM users that have a console password'),
        control('2.2.1', 'Ensure that encryption-at-rest is enabled for RDS Instances'),
        control('2.2.3', 'Ensure that RDS instances are not publicly accessible'),
        control('3.1', 'Ensure CloudTrail is enabled in all regions'),
        control('5.1.1', 'Ensure EBS Volume Encryption is Enabled in all Regions'),
        control('5.3', 'Ensure no security groups allow ingress from 0.0.0.0/0 to remote server administration ports'),
        control('5.4', 'Ensure no security groups allow ingress from ::/0 to remote server administration ports'),
      ],
    },
    {
      version: CIS_AWS_3.version,
      controls: [
        control('1.5', "Ensure MFA is enabled for the 'root' user account"),
        control('1.8', 'Ensure IAM password policy requires minimum length of 14 or greater'),
        control('1.9', 'Ensure IAM password policy prevents password reuse'),
        control('1.10', 'Ensure multi-factor authentication (MFA) is enabled for all IAM users that have a console password'),
        control('2.2.1', 'Ensure EBS Volume Encryption is Enabled in all Regions'),
        control('2.3.1', 'Ensure that encryption is enabled for RDS Instances'),
        control('2.3.3', 'Ensure that public access is not given to RDS Instance'),
        control('3.1', 'Ensure CloudTrail is enabled in all regions'),
        control('5.2', 'Ensure no security groups allow ingress from 0.0.0.0/0 to remote server administration ports'),
        control('5.3', 'Ensure no security groups allow ingress from ::/0 to remote server administration ports'),
      ],
    },
  ],
};

const CIS_AZURE: FrameworkInfo = {
  id: 'cis-azure',
  name: CIS_AZURE_3.framework,
  source: 'https://www.cisecurity.org/benchmark/azure',
  mappedBy: 'compliance',
  versions: [
    {
      version: CIS_AZURE_3.version,
      controls: [
        control('6.1.1', "Ensure that a 'Diagnostic Setting' exists for Subscription Activity Logs"),
        control('6.1.2', 'Ensure Diagnostic Setting captures appropriate categories'),
        control('7.1', 'Ensure that RDP access from the Internet is evaluated and restricted'),
        control('7.2', 'Ensure that SSH access from the Internet is evaluated and restricted'),
        control('8.3', "Ensure that 'OS and Data' disks are encrypted with Customer Managed Key (CMK)"),
        control('8.4', "Ensure that 'Unattached disks' are encrypted with 'Customer Managed Key' (CMK)"),
        control('8.5', "Ensure that 'Disk Network Access' is NOT set to 'Enable public access from all networks'"),
        control('8.6', "Ensure that 'Enable Data Access Authentication Mode' is 'Checked'"),
      ],
    },
    {
      version: CIS_AZURE_2_1.version,
      controls: [
        control('5.1.1', "Ensure that a 'Diagnostic Setting' exists for Subscription Activity Logs"),
        control('5.1.2', 'Ensure Diagnostic Setting captures appropriate categories'),
        control('6.1', 'Ensure that RDP access from the Internet is evaluated and restricted'),
        control('6.2', 'Ensure that SSH access from the Internet is evaluated and restricted'),
        control('7.3', "Ensure that 'OS and Data' disks are encrypted with Customer Managed Key (CMK)"),
        control('7.4', "Ensure that 'Unattached disks' are encrypted with 'Customer Managed Key' (CMK)"),
      ],
    },
  ],
};

const CIS_GCP: FrameworkInfo = {
  id: 'cis-gcp',
  name: CIS_GCP_2.framework,
  source: 'https://www.cisecurity.org/benchmark/google_cloud_computing_platform',
  mappedBy: 'compliance',
  versions: [
    {
      version: CIS_GCP_2.version,
      controls: [
        control('1.1', 'Ensure that Corporate Login Credentials are Used'),
        control('1.4', 'Ensure That There Are Only GCP-Managed Service Account Keys for Each Service Account'),
        control('1.5', 'Ensure That Service Account Has No Admin Privileges'),
        control('1.7', 'Ensure User-Managed/External Keys for Service Accounts Are Rotated Every 90 Days or Fewer'),
        control('2.1', 'Ensure That Cloud Audit Logging Is Configured Properly'),
        control('2.2', 'Ensure That Sinks Are Configured for All Log Entries'),
        control('3.6', 'Ensure That SSH Access Is Restricted From the Internet'),
        control('3.7', 'Ensure That RDP Access Is Restricted From the Internet'),
        control('4.7', 'Ensure VM Disks for Critical VMs Are Encrypted With Customer-Supplied Encryption Keys (CSEK)'),
        control('4.9', 'Ensure That Compute Instances Do Not Have Public IP Addresses'),
      ],
    },
  ],
};

const NIST: FrameworkInfo = {
  id: 'nist-800-53-r5',
  name: NIST_800_53_R5.framework,
  source: 'https://csrc.nist.gov/pubs/sp/800/53/r5/upd1/final',
  mappedBy: 'compliance',
  versions: [
    {
      version: NIST_800_53_R5.version,
      controls: [
        control('AC-2(1)', 'Account Management | Automated System Account Management'),
        control('AC-2(3)', 'Account Management | Disable Accounts'),
        control('AC-2(4)', 'Account Management | Automated Audit Actions'),
        control('AC-3', 'Access Enforcement'),
        control('AC-3(7)', 'Access Enforcement | Role-based Access Control'),
        control('AC-3(15)', 'Access Enforcement | Discretionary and Mandatory Access Control'),
        control('AC-4', 'Information Flow Enforcement'),
        control('AC-4(21)', 'Information Flow Enforcement | Physical or Logical Separation of Information Flows'),
        control('AC-4(26)', 'Information Flow Enforcement | Audit Filtering Actions'),
        control('AC-6', 'Least Privilege'),
        control('AC-6(9)', 'Least Privilege | Log Use of Privileged Functions'),
        control('AC-21', 'Information Sharing'),
        control('AU-2', 'Event Logging'),
        control('AU-3', 'Content of Audit Records'),
        control('AU-6(3)', 'Audit Record Review, Analysis, and Reporting | Correlate Audit Record Repositories'),
        control('AU-6(4)', 'Audit Record Review, Analysis, and Reporting | Central Review and Analysis'),
        control('AU-10', 'Non-repudiation'),
        control('AU-12', 'Audit Record Generation'),
        control('AU-14(1)', 'Session Audit | System Start-up'),
        control('CA-7', 'Continuous Monitoring'),
        control('CA-9(1)', 'Internal System Connections | Compliance Checks'),
        control('CM-2', 'Baseline Configuration'),
        control('CM-2(2)', 'Baseline Configuration | Automation Support for Accuracy and Currency'),
        control('CM-3(6)', 'Configuration Change Control | Cryptography Management'),
        control('CM-7', 'Least Functionality'),
        control('CP-9(8)', 'System Backup | Cryptographic Protection'),
        control('IA-2(1)', 'Identification and Authentication (Organizational Users) | Multi-factor Authentication to Privileged Accounts'),
        control('IA-2(2)', 'Identification and Authentication (Organizational Users) | Multi-factor Authentication to Non-privileged Accounts'),
        control('IA-2(6)', 'Identification and Authentication (Organizational Users) | Access to Accounts — Separate Device'),
        control('IA-2(8)', 'Identification and Authentication (Organizational Users) | Access to Accounts — Replay Resistant'),
        control('IA-5(1)', 'Authenticator Management | Password-based Authentication'),
        control('SA-8(22)', 'Security and Privacy Engineering Principles | Accountability and Traceability'),
        control('SC-7', 'Boundary Protection'),
        control('SC-7(3)', 'Boundary Protection | Access Points'),
        control('SC-7(4)', 'Boundary Protection | External Telecommunications Services'),
        control('SC-7(5)', 'Boundary Protection | Deny by Default — Allow by Exception'),
        control('SC-7(9)', 'Boundary Protection | Restrict Threatening Outgoing Communications Traffic'),
        control('SC-7(10)', 'Boundary Protection | Prevent Exfiltration'),
        control('SC-7(11)', 'Boundary Protection | Restrict Incoming Communications Traffic'),
        control('SC-7(16)', 'Boundary Protection | Prevent Discovery of System Components'),
        control('SC-7(20)', 'Boundary Protection | Dynamic Isolation and Segregation'),
        control('SC-7(21)', 'Boundary Protection | Isolation of System Components'),
        control('SC-13', 'Cryptographic Protection'),
        control('SC-28', 'Protection of Information at Rest'),
        control('SC-28(1)', 'Protection of Information at Rest | Cryptographic Protection'),
        control('SI-3(8)', 'Malicious Code Protection | Detect Unauthorized Commands'),
        control('SI-4(20)', 'System Monitoring | Privileged Users'),
        control('SI-7(6)', 'Software, Firmware, and Information Integrity | Cryptographic Protection'),
        control('SI-7(8)', 'Software, Firmware, and Information Integrity | Auditing Capability for Significant Events'),
        control('SI-12', 'Information Management and Retention'),
      ],
    },
  ],
};

const MCSB_FRAMEWORK: FrameworkInfo = {
  id: 'mcsb',
  name: MCSB.framework,
  source: 'https://learn.microsoft.com/security/benchmark/azure/mcsb-data-protection',
  mappedBy: 'compliance',
  versions: [
    {
      version: MCSB.version,
      controls: [control('DP-5', 'Use customer-managed key option in data at rest encryption when required')],
    },
  ],
};

/** ATT&CK names no version in src/attack.ts; the matrix is what pins it. */
export const ATTACK = { framework: 'MITRE ATT&CK', version: 'Enterprise' } as const;

const MITRE_ATTACK: FrameworkInfo = {
  id: 'mitre-attack',
  name: ATTACK.framework,
  source: 'src/attack.ts (https://attack.mitre.org/)',
  mappedBy: 'techniques',
  versions: [
    {
      version: ATTACK.version,
      controls: Object.entries(TECHNIQUES).map(([id, info]) => control(id, info.name)),
    },
  ],
};

export const FRAMEWORKS: Readonly<Record<FrameworkId, FrameworkInfo>> = {
  'aws-fsbp': AWS_FSBP,
  'aws-securityhub': AWS_SECURITY_HUB,
  'cis-aws': CIS_AWS,
  'cis-azure': CIS_AZURE,
  'cis-gcp': CIS_GCP,
  'nist-800-53-r5': NIST,
  mcsb: MCSB_FRAMEWORK,
  'mitre-attack': MITRE_ATTACK,
};
