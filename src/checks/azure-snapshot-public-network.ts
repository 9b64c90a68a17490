import type { Disk, Snapshot } from '../model.js';
import { defineCheck, type Reporter } from './define-check.js';
import { networkReach } from './lib/azure-export.js';
import { CIS_AZURE_3 } from './lib/compliance.js';

export type NetworkMessage = 'open' | 'private' | 'closed' | 'unreadable';

/** Shared by the snapshot and the disk check: export links usable from any network fail. */
export function judgeNetworkAccess(report: Reporter<NetworkMessage>, resource: Snapshot | Disk, extra: Readonly<Record<string, string>> = {}): void {
  const reach = networkReach(resource.sharing);
  const data = { id: resource.id, region: resource.region, name: resource.name ?? resource.id, resourceGroup: resourceGroupOf(resource.id), ...extra };
  if (reach === undefined) report.unknown({ resource, messageId: 'unreadable', data });
  else if (reach === 'all') report.fail({ resource, messageId: 'open', data, evidence: { networkReach: reach } });
  else report.pass({ resource, messageId: reach === 'private' ? 'private' : 'closed', data, evidence: { networkReach: reach } });
}

export const SNAPSHOT_TYPE = 'Microsoft.Compute/snapshots';

/** The resource group in an ARM id, for `az` commands. */
export function resourceGroupOf(id: string): string {
  return /\/resourceGroups\/([^/]+)/i.exec(id)?.[1] ?? 'RESOURCE-GROUP';
}

export const azureSnapshotPublicNetwork = defineCheck({
  id: 'azure-snapshot-public-network',
  title: 'Snapshot can be exported from any network',
  description:
    'With `networkAccessPolicy: AllowAll` and `publicNetworkAccess` not `Disabled`, an export link (SAS) for the snapshot works from anywhere on the internet: whoever can request one, or gets hold of one, downloads the whole disk. `AllowPrivate` limits export to a disk access private endpoint; `DenyAll` forbids it.',
  severity: 'high',
  provider: 'azure',
  resourceType: 'Microsoft.Compute/snapshots',
  threat: { techniques: ['T1537', 'T1578.001'], mitigations: ['M1018', 'M1047'] },
  compliance: [{ ...CIS_AZURE_3, controls: ['8.5'] }],
  messages: {
    open: 'Snapshot {{name}} can be exported over the public internet (network access: all networks).',
    private: 'Snapshot {{name}} can be exported only through a private endpoint.',
    closed: 'Snapshot {{name}} cannot be exported over any network.',
    unreadable: 'From which networks snapshot {{name}} can be exported is unknown.',
  },
  remediation: {
    text: 'Deny export over the network (or allow it only through a disk access private endpoint), and turn public network access off.',
    command: 'az snapshot update --resource-group {{resourceGroup}} --name {{name}} --network-access-policy DenyAll --public-network-access Disabled',
    docs: 'https://learn.microsoft.com/azure/virtual-machines/disks-enable-private-links-for-import-export-portal',
  },
  evaluate(inventory, report) {
    for (const snapshot of inventory.snapshots) if (snapshot.type === SNAPSHOT_TYPE) judgeNetworkAccess(report, snapshot);
  },
});
