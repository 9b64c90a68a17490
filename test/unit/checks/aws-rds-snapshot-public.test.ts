import { expect } from 'vitest';
import { awsRdsSnapshotPublic as check } from '../../../src/checks/aws-rds-snapshot-public.js';
import { fillCommand } from '../../../src/checks/define-check.js';
import { testCheck } from '../../support/check-tester.js';
import { account, dbSnapshot, inventory, PUBLIC, unreadable } from '../../support/factories.js';

testCheck(check, {
  fail: [
    {
      name: 'restore attribute all on a DB snapshot',
      inventory: inventory({ dbSnapshots: [dbSnapshot({ id: 'db-pub', sharing: [PUBLIC], encryption: { encrypted: false, keyKind: 'none' } })] }),
      resourceId: 'db-pub',
      messageId: 'public',
      also: (r) => {
        expect(r.signals).toMatchObject({ exposure: 'public', unencrypted: true });
        expect(fillCommand(check.remediation.command, r.data)).toBe(
          'aws rds modify-db-snapshot-attribute --region us-east-1 --db-snapshot-identifier db-pub --attribute-name restore --values-to-remove all',
        );
      },
    },
    {
      name: 'restore attribute all on a cluster snapshot: the command is the cluster one',
      inventory: inventory({ dbSnapshots: [dbSnapshot({ id: 'cl-pub', type: 'AWS::RDS::DBClusterSnapshot', sharing: [PUBLIC] })] }),
      resourceId: 'cl-pub',
      also: (r) => {
        expect(r.resource.type).toBe('AWS::RDS::DBClusterSnapshot');
        expect(fillCommand(check.remediation.command, r.data)).toContain('modify-db-cluster-snapshot-attribute --region us-east-1 --db-cluster-snapshot-identifier cl-pub');
      },
    },
  ],
  pass: [
    { name: 'shared with an account only', inventory: inventory({ dbSnapshots: [dbSnapshot({ id: 'db-a', sharing: [account('999988887777')] })] }), resourceId: 'db-a', messageId: 'private' },
    { name: 'automated snapshot (cannot be shared)', inventory: inventory({ dbSnapshots: [dbSnapshot({ id: 'rds:db-auto', snapshotType: 'automated' })] }), resourceId: 'rds:db-auto' },
  ],
  unknown: [{ name: 'restore attribute unreadable', inventory: inventory({ dbSnapshots: [dbSnapshot({ id: 'db-u', sharing: unreadable('rds:DescribeDBSnapshotAttributes failed: AccessDenied') })] }), resourceId: 'db-u', messageId: 'unreadable' }],
});
