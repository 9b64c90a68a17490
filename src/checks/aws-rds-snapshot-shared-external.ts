import { dbSnapshotCommand } from './aws-rds-snapshot-public.js';
import { defineCheck } from './define-check.js';
import { judgeSharedExternal } from './lib/sharing-checks.js';

export const awsRdsSnapshotSharedExternal = defineCheck({
  id: 'aws-rds-snapshot-shared-external',
  title: 'RDS DB or cluster snapshot shared with an account outside the organization and the trusted list',
  description:
    'Every account in the `restore` attribute can copy the snapshot and restore the database in its own account. Shares to our own or declared partner accounts are expected; anything else hands the database to a stranger.',
  severity: 'high',
  provider: 'aws',
  resourceType: 'AWS::RDS::DBSnapshot',
  threat: { techniques: ['T1537', 'T1578.001'], mitigations: ['M1018', 'M1047'] },
  // RDS.1 covers public snapshots only; no published control covers sharing with a named account.
  compliance: [],
  messages: {
    external: '{{kind}} {{id}} can be restored by {{count}} account(s) outside the organization and the trusted list: {{accounts}}.',
    undetermined: '{{kind}} {{id}} is shared with account(s) whose relationship to us is unknown: {{accounts}}.',
    internalOnly: '{{kind}} {{id}} is shared only with internal or trusted accounts.',
    notShared: '{{kind}} {{id}} is not shared with other accounts.',
    unreadable: 'Which accounts can restore {{kind}} {{id}} is unknown: {{reason}}.',
  },
  remediation: {
    text: 'Remove the accounts that should not hold a copy. A legitimate partner goes into `trustedAccounts` in the config, with a reason.',
    command: 'aws rds {{modifyCommand}} --region {{region}} {{identifierFlag}} {{id}} --attribute-name restore --values-to-remove {{accounts}}',
    docs: 'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ShareSnapshot.html',
  },
  evaluate(inventory, report) {
    for (const snapshot of inventory.dbSnapshots) {
      judgeSharedExternal(report, {
        resource: snapshot,
        sharing: snapshot.sharing,
        data: { id: snapshot.id, region: snapshot.region, ...dbSnapshotCommand(snapshot.type) },
        evidence: { snapshotType: snapshot.snapshotType ?? 'unknown', encrypted: snapshot.encryption.encrypted },
        signals: { unencrypted: !snapshot.encryption.encrypted },
      });
    }
  },
});
