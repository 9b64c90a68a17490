import { expect } from 'vitest';
import { awsRdsSnapshotSharedExternal as check } from '../../../src/checks/aws-rds-snapshot-shared-external.js';
import { fillCommand } from '../../../src/checks/define-check.js';
import { testCheck } from '../../support/check-tester.js';
import { account, dbSnapshot, inventory, unreadable } from '../../support/factories.js';

testCheck(check, {
  fail: [
    {
      name: 'shared with a foreign account and a member account',
      inventory: inventory({ dbSnapshots: [dbSnapshot({ id: 'db-x', sharing: [account('222233334444', 'internal'), account('999988887777')] })] }),
      resourceId: 'db-x',
      messageId: 'external',
      also: (r) => {
        expect(r.evidence['externalAccounts']).toEqual(['999988887777']);
        expect(r.evidence['grants']).toEqual([
          { kind: 'account', principal: '222233334444', trust: 'internal' },
          { kind: 'account', principal: '999988887777', trust: 'external' },
        ]);
        expect(fillCommand(check.remediation.command, r.data)).toBe(
          'aws rds modify-db-snapshot-attribute --region us-east-1 --db-snapshot-identifier db-x --attribute-name restore --values-to-remove 999988887777',
        );
      },
    },
  ],
  pass: [
    { name: 'shared with a member account only', inventory: inventory({ dbSnapshots: [dbSnapshot({ id: 'db-m', sharing: [account('222233334444', 'internal')] })] }), resourceId: 'db-m', messageId: 'internalOnly' },
    { name: 'not shared', inventory: inventory({ dbSnapshots: [dbSnapshot({ id: 'db-n' })] }), resourceId: 'db-n', messageId: 'notShared' },
  ],
  unknown: [
    { name: 'an account whose membership could not be read', inventory: inventory({ dbSnapshots: [dbSnapshot({ id: 'db-q', sharing: [account('555566667777', 'unknown')] })] }), resourceId: 'db-q', messageId: 'undetermined' },
    { name: 'unreadable', inventory: inventory({ dbSnapshots: [dbSnapshot({ id: 'db-u', sharing: unreadable() })] }), resourceId: 'db-u', messageId: 'unreadable' },
  ],
});
