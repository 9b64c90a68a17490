import { expect } from 'vitest';
import { awsBackupRecoveryPointUnencrypted as check } from '../../../src/checks/aws-backup-recovery-point-unencrypted.js';
import { unknownValue } from '../../../src/model.js';
import { testCheck } from '../../support/check-tester.js';
import { backupVault, inventory } from '../../support/factories.js';

const arn = 'arn:aws:ec2:us-east-1::snapshot/snap-0123456789abcdef0';

testCheck(check, {
  fail: [
    {
      name: 'two unencrypted recovery points',
      inventory: inventory({ backupVaults: [backupVault({ id: 'v1', recoveryPoints: { total: 9, unencryptedCount: 2, unencrypted: [arn, `${arn}1`] } })] }),
      resourceId: 'v1',
      messageId: 'unencrypted',
      also: (r) => {
        expect(r.data).toMatchObject({ count: 2, total: 9, example: arn });
      },
    },
  ],
  pass: [{ name: 'all encrypted', inventory: inventory({ backupVaults: [backupVault({ id: 'v2' })] }), resourceId: 'v2', messageId: 'encrypted' }],
  unknown: [{ name: 'recovery points unreadable', inventory: inventory({ backupVaults: [backupVault({ id: 'v3', recoveryPoints: unknownValue('AccessDeniedException') })] }), resourceId: 'v3', messageId: 'unreadable' }],
});
