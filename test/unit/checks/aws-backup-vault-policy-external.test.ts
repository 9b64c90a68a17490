import { expect } from 'vitest';
import { awsBackupVaultPolicyExternal as check } from '../../../src/checks/aws-backup-vault-policy-external.js';
import { unknownValue, type VaultAccess } from '../../../src/model.js';
import { testCheck } from '../../support/check-tester.js';
import { backupVault, inventory } from '../../support/factories.js';

const grant = (principal: string, reach: VaultAccess['reach'], actions: string[], statement = 'S1'): VaultAccess => ({ principal, reach, note: `${reach} note`, actions, statement });

testCheck(check, {
  fail: [
    {
      name: 'everyone may restore: every principal of the account, whatever its permissions',
      inventory: inventory({ backupVaults: [backupVault({ id: 'v1', access: [grant('*', 'public', ['backup:StartRestoreJob', 'backup:CopyFromBackupVault'], 'OpenRestore')] })] }),
      resourceId: 'v1',
      messageId: 'open',
      also: (r) => {
        expect(r.signals.exposure).toBe('public');
        expect(r.data['statements']).toEqual(['OpenRestore']);
      },
    },
    {
      name: 'a foreign account may copy recovery points into the vault',
      inventory: inventory({ backupVaults: [backupVault({ id: 'v2', access: [grant('999988887777', 'external', ['backup:CopyIntoBackupVault'])] })] }),
      resourceId: 'v2',
      messageId: 'open',
      also: (r) => expect(r.signals.exposure).toBe('external'),
    },
    {
      name: 'a foreign account named for restore: inert (AWS rejects it across accounts), lowered not dropped',
      inventory: inventory({ backupVaults: [backupVault({ id: 'v3', access: [grant('999988887777', 'external', ['backup:StartRestoreJob'])] })] }),
      resourceId: 'v3',
      messageId: 'inert',
      also: (r) => expect(r.signals.inertBecause).toMatch(/CopyIntoBackupVault/),
    },
  ],
  pass: [
    { name: 'no policy', inventory: inventory({ backupVaults: [backupVault({ id: 'v4' })] }), resourceId: 'v4', messageId: 'closed' },
    {
      name: 'organization members may copy in; a trusted account may too',
      inventory: inventory({
        backupVaults: [backupVault({ id: 'v5', access: [grant('* in o-abc', 'internal', ['backup:CopyIntoBackupVault']), grant('444455556666', 'trusted', ['backup:CopyIntoBackupVault'])] })],
      }),
      resourceId: 'v5',
      messageId: 'closed',
    },
  ],
  unknown: [
    { name: 'policy unreadable', inventory: inventory({ backupVaults: [backupVault({ id: 'v6', access: unknownValue('AccessDenied') })] }), resourceId: 'v6', messageId: 'unreadable' },
    {
      name: 'a grant narrowed by a condition snapaudit does not evaluate',
      inventory: inventory({ backupVaults: [backupVault({ id: 'v7', access: [grant('*', 'unknown', ['backup:CopyIntoBackupVault'])] })] }),
      resourceId: 'v7',
      messageId: 'undetermined',
    },
  ],
});
