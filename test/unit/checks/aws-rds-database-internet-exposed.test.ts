import { expect } from 'vitest';
import { awsRdsDatabaseInternetExposed as check } from '../../../src/checks/aws-rds-database-internet-exposed.js';
import { fillCommand } from '../../../src/checks/define-check.js';
import { unknownValue } from '../../../src/model.js';
import { testCheck } from '../../support/check-tester.js';
import { database, inventory, sshFromWorld } from '../../support/factories.js';

const postgresFromWorld = { ...sshFromWorld('orders-db.abc.us-east-1.rds.amazonaws.com', 5432) };

testCheck(check, {
  fail: [
    {
      name: 'publicly accessible, port open to the world',
      inventory: inventory({ databases: [database({ id: 'db-1', publiclyAccessible: true, internetIngress: [postgresFromWorld] })] }),
      resourceId: 'db-1',
      messageId: 'exposed',
      also: (r) => {
        expect(String(r.data['paths'])).toContain('tcp/5432 from 0.0.0.0/0');
        expect(fillCommand(check.remediation.command, r.data)).toBe(
          'aws rds modify-db-instance --region us-east-1 --db-instance-identifier db-1 --no-publicly-accessible --apply-immediately',
        );
      },
    },
    {
      name: 'a cluster with a public member',
      inventory: inventory({ databases: [database({ id: 'cl-1', type: 'AWS::RDS::DBCluster', publiclyAccessible: true, internetIngress: [postgresFromWorld] })] }),
      resourceId: 'cl-1',
      also: (r) => expect(fillCommand(check.remediation.command, r.data)).toContain('modify-db-cluster --region us-east-1 --db-cluster-identifier cl-1'),
    },
  ],
  pass: [
    { name: 'not publicly accessible', inventory: inventory({ databases: [database({ id: 'db-2', internetIngress: [postgresFromWorld] })] }), resourceId: 'db-2', messageId: 'private' },
    { name: 'publicly accessible, but nothing lets the internet in', inventory: inventory({ databases: [database({ id: 'db-3', publiclyAccessible: true })] }), resourceId: 'db-3', messageId: 'firewalled' },
  ],
  unknown: [
    {
      name: 'publicly accessible, security groups unreadable',
      inventory: inventory({ databases: [database({ id: 'db-4', publiclyAccessible: true, internetIngress: unknownValue('ec2:DescribeSecurityGroups failed') })] }),
      resourceId: 'db-4',
      messageId: 'ingressUnknown',
    },
  ],
});
