import { expect } from 'vitest';
import { awsRdsSnapshotUnencrypted as check } from '../../../src/checks/aws-rds-snapshot-unencrypted.js';
import { fillCommand } from '../../../src/checks/define-check.js';
import { testCheck } from '../../support/check-tester.js';
import { dbSnapshot, inventory, PUBLIC } from '../../support/factories.js';

testCheck(check, {
  fail: [
    {
      name: 'unencrypted cluster snapshot, public',
      inventory: inventory({ dbSnapshots: [dbSnapshot({ id: 'cl-1', type: 'AWS::RDS::DBClusterSnapshot', encryption: { encrypted: false, keyKind: 'none' }, sharing: [PUBLIC] })] }),
      resourceId: 'cl-1',
      messageId: 'unencrypted',
      also: (r) => {
        expect(r.signals.exposure).toBe('public');
        expect(fillCommand(check.remediation.command, r.data)).toBe(
          'aws rds copy-db-cluster-snapshot --region us-east-1 --source-db-cluster-snapshot-identifier cl-1 --target-db-cluster-snapshot-identifier cl-1-encrypted --kms-key-id alias/YOUR-KEY',
        );
      },
    },
    { name: 'unencrypted automated snapshot', inventory: inventory({ dbSnapshots: [dbSnapshot({ id: 'rds:a', snapshotType: 'automated', encryption: { encrypted: false, keyKind: 'none' } })] }), resourceId: 'rds:a' },
  ],
  pass: [{ name: 'encrypted', inventory: inventory({ dbSnapshots: [dbSnapshot({ id: 'db-e' })] }), resourceId: 'db-e', messageId: 'encrypted' }],
});
