// The Azure snapshot and disk export checks: network reach, live links, identity, keys.
import { expect } from 'vitest';
import { azureDiskActiveSas } from '../../../src/checks/azure-disk-active-sas.js';
import { azureDiskPublicNetwork } from '../../../src/checks/azure-disk-public-network.js';
import { azureRestorePointPublicNetwork, RESTORE_POINT_TYPE } from '../../../src/checks/azure-restore-point-public-network.js';
import { azureSnapshotActiveSas } from '../../../src/checks/azure-snapshot-active-sas.js';
import { azureSnapshotNoEntraAuth } from '../../../src/checks/azure-snapshot-no-entra-auth.js';
import { azureSnapshotPlatformKeyOnly } from '../../../src/checks/azure-snapshot-platform-key-only.js';
import { azureSnapshotPublicNetwork } from '../../../src/checks/azure-snapshot-public-network.js';
import { fillCommand } from '../../../src/checks/define-check.js';
import { unknownValue, type SharingGrant } from '../../../src/model.js';
import { testCheck } from '../../support/check-tester.js';
import { azureDisk, azureSnapshot, inventory } from '../../support/factories.js';

const ALL: SharingGrant = { kind: 'network', scope: 'all' };
const PRIVATE: SharingGrant = { kind: 'network', scope: 'private' };
const LINK: SharingGrant = { kind: 'link' };
const id = (name: string): string => azureSnapshot(name).id;
const diskId = (name: string): string => azureDisk(name).id;

testCheck(azureSnapshotPublicNetwork, {
  fail: [
    {
      name: 'AllowAll with public network access',
      inventory: inventory({ snapshots: [azureSnapshot('s1', { sharing: [ALL] })] }),
      resourceId: id('s1'),
      messageId: 'open',
      also: (r) =>
        expect(fillCommand(azureSnapshotPublicNetwork.remediation.command, r.data)).toBe(
          'az snapshot update --resource-group prod-rg --name s1 --network-access-policy DenyAll --public-network-access Disabled',
        ),
    },
  ],
  pass: [
    { name: 'AllowPrivate (disk access)', inventory: inventory({ snapshots: [azureSnapshot('s2', { sharing: [PRIVATE] })] }), resourceId: id('s2'), messageId: 'private' },
    { name: 'DenyAll', inventory: inventory({ snapshots: [azureSnapshot('s3')] }), resourceId: id('s3'), messageId: 'closed' },
  ],
  unknown: [{ name: 'sharing unreadable', inventory: inventory({ snapshots: [azureSnapshot('s4', { sharing: { ...unknownValue('403'), confirmed: [] } })] }), resourceId: id('s4'), messageId: 'unreadable' }],
});

testCheck(azureDiskPublicNetwork, {
  fail: [{ name: 'AllowAll', inventory: inventory({ disks: [azureDisk('d1', { sharing: [ALL] })] }), resourceId: diskId('d1'), messageId: 'open' }],
  pass: [{ name: 'DenyAll', inventory: inventory({ disks: [azureDisk('d2')] }), resourceId: diskId('d2'), messageId: 'closed' }],
});

testCheck(azureSnapshotActiveSas, {
  fail: [
    {
      name: 'ActiveSAS, reachable from any network',
      inventory: inventory({ snapshots: [azureSnapshot('s5', { sharing: [ALL, LINK], state: 'ActiveSAS' })] }),
      resourceId: id('s5'),
      messageId: 'activeOpen',
      also: (r) => {
        expect(r.signals.exposure).toBe('public');
        expect(fillCommand(azureSnapshotActiveSas.remediation.command, r.data)).toBe('az snapshot revoke-access --resource-group prod-rg --name s5');
      },
    },
    {
      name: 'ActiveSAS, but only through a private endpoint: lowered',
      inventory: inventory({ snapshots: [azureSnapshot('s6', { sharing: [PRIVATE, LINK] })] }),
      resourceId: id('s6'),
      messageId: 'activePrivate',
      also: (r) => expect(r.signals.partialGuard).toBeDefined(),
    },
  ],
  pass: [{ name: 'no link', inventory: inventory({ snapshots: [azureSnapshot('s7', { sharing: [ALL] })] }), resourceId: id('s7'), messageId: 'none' }],
  none: [
    {
      name: 'disk restore points (ARM does not report their link state) are not judged',
      inventory: inventory({ snapshots: [azureSnapshot('rp1', { type: 'Microsoft.Compute/restorePointCollections/restorePoints/diskRestorePoints', sharing: [ALL] })] }),
      resourceId: id('rp1'),
    },
  ],
});

testCheck(azureDiskActiveSas, {
  fail: [{ name: 'ActiveSASFrozen on a disk', inventory: inventory({ disks: [azureDisk('d3', { sharing: [ALL, LINK] })] }), resourceId: diskId('d3'), messageId: 'activeOpen' }],
  pass: [{ name: 'attached, no link', inventory: inventory({ disks: [azureDisk('d4', { sharing: [ALL] })] }), resourceId: diskId('d4'), messageId: 'none' }],
});

testCheck(azureSnapshotNoEntraAuth, {
  fail: [{ name: 'dataAccessAuthMode None', inventory: inventory({ snapshots: [azureSnapshot('s8', { exportRequiresIdentity: false })] }), resourceId: id('s8'), messageId: 'anonymous' }],
  pass: [{ name: 'AzureActiveDirectory', inventory: inventory({ snapshots: [azureSnapshot('s9')] }), resourceId: id('s9'), messageId: 'identity' }],
});

testCheck(azureSnapshotPlatformKeyOnly, {
  fail: [{ name: 'platform key', inventory: inventory({ snapshots: [azureSnapshot('s10', { encryption: { encrypted: true, keyKind: 'platform' } })] }), resourceId: id('s10'), messageId: 'platform' }],
  pass: [{ name: 'customer key via disk encryption set', inventory: inventory({ snapshots: [azureSnapshot('s11')] }), resourceId: id('s11'), messageId: 'customer' }],
  unknown: [{ name: 'type unreported', inventory: inventory({ snapshots: [azureSnapshot('s12', { encryption: { encrypted: true, keyKind: 'unknown' } })] }), resourceId: id('s12'), messageId: 'unreported' }],
});

testCheck(azureRestorePointPublicNetwork, {
  fail: [
    {
      name: 'a disk restore point open to all networks: fixed on its source disk',
      inventory: inventory({
        snapshots: [azureSnapshot('rp-1', { type: RESTORE_POINT_TYPE, sharing: [ALL], source: { kind: 'disk', id: azureDisk('web-os').id } })],
      }),
      resourceId: id('rp-1'),
      messageId: 'open',
      also: (r) =>
        expect(fillCommand(azureRestorePointPublicNetwork.remediation.command, r.data)).toBe(
          'az disk update --resource-group prod-rg --name web-os --network-access-policy DenyAll --public-network-access Disabled',
        ),
    },
  ],
  none: [{ name: 'snapshots are not restore points', inventory: inventory({ snapshots: [azureSnapshot('s20', { sharing: [ALL] })] }), resourceId: id('s20') }],
});
