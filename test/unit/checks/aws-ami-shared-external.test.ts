import { expect } from 'vitest';
import { awsAmiSharedExternal } from '../../../src/checks/aws-ami-shared-external.js';
import { awsAmiSharedExternal as check } from '../../../src/checks/aws-ami-shared-external.js';
import { fillCommand } from '../../../src/checks/define-check.js';
import { testCheck } from '../../support/check-tester.js';
import { account, image, inventory, unreadable } from '../../support/factories.js';

const org = 'arn:aws:organizations::999988887777:organization/o-stranger';

testCheck(awsAmiSharedExternal, {
  fail: [
    {
      name: 'a foreign account and a foreign organization (trusted by config)',
      inventory: inventory({ images: [image({ id: 'ami-e', sharing: [account('999988887777'), account(org, 'external')] })] }),
      resourceId: 'ami-e',
      messageId: 'external',
      also: (r) => {
        const command = fillCommand(check.remediation.command, { region: 'us-east-1', ...r.data });
        expect(command).toContain('--user-ids 999988887777');
        expect(command).toContain(`--organization-arns ${org}`);
      },
    },
  ],
  pass: [
    { name: 'not shared', inventory: inventory({ images: [image({ id: 'ami-n' })] }), resourceId: 'ami-n', messageId: 'notShared' },
    { name: 'trusted only', inventory: inventory({ images: [image({ id: 'ami-t', sharing: [account('444455556666', 'trusted')] })] }), resourceId: 'ami-t', messageId: 'internalOnly' },
  ],
  unknown: [
    { name: 'organization whose membership was not read', inventory: inventory({ images: [image({ id: 'ami-o', sharing: [account(org, 'unknown')] })] }), resourceId: 'ami-o', messageId: 'undetermined' },
    { name: 'unreadable', inventory: inventory({ images: [image({ id: 'ami-u', sharing: unreadable() })] }), resourceId: 'ami-u', messageId: 'unreadable' },
  ],
});
