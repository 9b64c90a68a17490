import { expect } from 'vitest';
import { awsInstanceFromSnapshotExposed as check } from '../../../src/checks/aws-instance-from-snapshot-exposed.js';
import { fillCommand } from '../../../src/checks/define-check.js';
import { unknownValue } from '../../../src/model.js';
import { testCheck } from '../../support/check-tester.js';
import { instance, inventory, restoredDisk, sshFromWorld } from '../../support/factories.js';

const exposed = { publicAddresses: ['203.0.113.10'], internetIngress: [sshFromWorld()] };
const https = { ...sshFromWorld(), ports: { from: 443, to: 443 } };

testCheck(check, {
  fail: [
    {
      name: 'data volume restored from a snapshot, SSH open to the world',
      inventory: inventory({ instances: [instance({ id: 'i-1', disks: [restoredDisk('snap-s')], ...exposed })] }),
      resourceId: 'i-1',
      messageId: 'exposed',
      also: (r) => {
        expect(String(r.data['origins'])).toContain('snap-s');
        const command = fillCommand(check.remediation.command, { region: 'us-east-1', ...r.data });
        expect(command).toBe(
          "aws ec2 revoke-security-group-ingress --region us-east-1 --group-id sg-1 --ip-permissions 'IpProtocol=tcp,FromPort=22,ToPort=22,IpRanges=[{CidrIp=0.0.0.0/0}]'",
        );
      },
    },
    {
      name: 'booted from a stranger\'s AMI with RDP open',
      inventory: inventory({
        instances: [instance({ id: 'i-2', image: { id: 'ami-x', owner: '777766665555', ownership: 'foreign' }, publicAddresses: ['198.51.100.1'], internetIngress: [sshFromWorld('198.51.100.1', 3389)] })],
      }),
      resourceId: 'i-2',
      messageId: 'exposed',
    },
    {
      name: 'all ports open (tcp 0-65535)',
      inventory: inventory({ instances: [instance({ id: 'i-3', disks: [restoredDisk('snap-s')], publicAddresses: ['203.0.113.1'], internetIngress: [{ ...sshFromWorld(), ports: { from: 0, to: 65535 } }] })] }),
      resourceId: 'i-3',
    },
  ],
  pass: [
    {
      name: 'restored disk, but only HTTPS is open',
      inventory: inventory({ instances: [instance({ id: 'i-4', disks: [restoredDisk('snap-s')], publicAddresses: ['203.0.113.1'], internetIngress: [https] })] }),
      resourceId: 'i-4',
      messageId: 'notExposed',
    },
    {
      name: 'restored disk, no public address',
      inventory: inventory({ instances: [instance({ id: 'i-5', disks: [restoredDisk('snap-s')], internetIngress: [sshFromWorld()] })] }),
      resourceId: 'i-5',
      messageId: 'notExposed',
    },
  ],
  'n/a': [
    { name: 'launched normally from its own image, SSH open', inventory: inventory({ instances: [instance({ id: 'i-6', ...exposed })] }), resourceId: 'i-6', messageId: 'ordinary' },
    { name: 'vendor image', inventory: inventory({ instances: [instance({ id: 'i-7', image: { id: 'ami-amzn', ownership: 'vendor' }, ...exposed })] }), resourceId: 'i-7' },
  ],
  unknown: [
    {
      name: 'restored disk on a public address, ingress unreadable',
      inventory: inventory({ instances: [instance({ id: 'i-8', disks: [restoredDisk('snap-s')], publicAddresses: ['203.0.113.1'], internetIngress: unknownValue('DescribeSecurityGroups denied') })] }),
      resourceId: 'i-8',
      messageId: 'ingressUnknown',
    },
    {
      name: 'exposed, and the image can no longer be seen',
      inventory: inventory({ instances: [instance({ id: 'i-9', image: { id: 'ami-gone', ownership: unknownValue('deregistered') }, ...exposed })] }),
      resourceId: 'i-9',
      messageId: 'exposedOriginUnknown',
    },
  ],
  none: [{ name: 'terminated', inventory: inventory({ instances: [instance({ id: 'i-10', state: 'terminated', disks: [restoredDisk('snap-s')], ...exposed })] }), resourceId: 'i-10' }],
});
