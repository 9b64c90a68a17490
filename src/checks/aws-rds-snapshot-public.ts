import { defineCheck } from './define-check.js';
import { FSBP, NIST_800_53_R5, NIST_PUBLIC_SHARING } from './lib/compliance.js';
import { judgePublic } from './lib/sharing-checks.js';

export const awsRdsSnapshotPublic = defineCheck({
  id: 'aws-rds-snapshot-public',
  title: 'RDS DB or cluster snapshot is public',
  description:
    "A manual DB or cluster snapshot whose `restore` attribute holds `all` can be restored by any AWS account: the whole database, with its data and users' password hashes, in a stranger's account.",
  severity: 'critical',
  provider: 'aws',
  resourceType: 'AWS::RDS::DBSnapshot',
  threat: { techniques: ['T1578.001', 'T1537'], mitigations: ['M1018', 'M1047'] },
  compliance: [
    { ...FSBP, controls: ['RDS.1'] },
    { ...NIST_800_53_R5, controls: NIST_PUBLIC_SHARING },
  ],
  messages: {
    public: '{{kind}} {{id}} ({{engine}}) can be restored by any AWS account.',
    publicConfirmed: '{{kind}} {{id}} is listed as public; its full restore attribute could not be read.',
    private: '{{kind}} {{id}} is not public.',
    unreadable: 'Whether {{kind}} {{id}} is public is unknown: {{reason}}.',
  },
  remediation: {
    text: 'Remove `all` from the restore attribute; share with named accounts instead if the database must leave the account.',
    command: 'aws rds {{modifyCommand}} --region {{region}} {{identifierFlag}} {{id}} --attribute-name restore --values-to-remove all',
    docs: 'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ShareSnapshot.html',
  },
  evaluate(inventory, report) {
    for (const snapshot of inventory.dbSnapshots) {
      judgePublic(report, {
        resource: snapshot,
        sharing: snapshot.sharing,
        data: { id: snapshot.id, region: snapshot.region, engine: snapshot.engine ?? 'unknown engine', ...dbSnapshotCommand(snapshot.type) },
        evidence: { snapshotType: snapshot.snapshotType ?? 'unknown', encrypted: snapshot.encryption.encrypted, engine: snapshot.engine ?? null },
        signals: { unencrypted: !snapshot.encryption.encrypted },
      });
    }
  },
});

/** DB and cluster snapshots have their own wording and CLI verbs. */
export function dbSnapshotCommand(type: string): { kind: string; modifyCommand: string; identifierFlag: string } {
  return type === 'AWS::RDS::DBClusterSnapshot'
    ? { kind: 'Cluster snapshot', modifyCommand: 'modify-db-cluster-snapshot-attribute', identifierFlag: '--db-cluster-snapshot-identifier' }
    : { kind: 'DB snapshot', modifyCommand: 'modify-db-snapshot-attribute', identifierFlag: '--db-snapshot-identifier' };
}
