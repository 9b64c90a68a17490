import type { Disk, Snapshot } from '../model.js';
import { resourceGroupOf, SNAPSHOT_TYPE } from './azure-snapshot-public-network.js';
import { defineCheck, type Reporter } from './define-check.js';
import { hasActiveLink, networkReach } from './lib/azure-export.js';

type LinkMessage = 'activeOpen' | 'activePrivate' | 'none' | 'unreadable';

/** Shared by the snapshot and the disk check: an export link that exists right now fails. */
export function judgeActiveLink(report: Reporter<LinkMessage>, resource: Snapshot | Disk): void {
  const data = { id: resource.id, region: resource.region, name: resource.name ?? resource.id, resourceGroup: resourceGroupOf(resource.id) };
  const reach = networkReach(resource.sharing);
  const evidence = { state: resource.state ?? 'unreported', networkReach: reach ?? 'unknown' };
  if (resource.sharing === undefined || reach === undefined) {
    report.unknown({ resource, messageId: 'unreadable', data, evidence });
  } else if (!hasActiveLink(resource.sharing)) {
    report.pass({ resource, messageId: 'none', data, evidence });
  } else if (reach === 'all') {
    report.fail({ resource, messageId: 'activeOpen', data, evidence, signals: { exposure: 'public' } });
  } else {
    report.fail({
      resource,
      messageId: 'activePrivate',
      data,
      evidence,
      signals: { exposure: 'unknown', partialGuard: 'the link works only through a private endpoint' },
    });
  }
}

export const azureSnapshotActiveSas = defineCheck({
  id: 'azure-snapshot-active-sas',
  title: 'Snapshot has a live export link (SAS)',
  description:
    '`diskState: ActiveSAS` (or `ActiveSASFrozen`) means someone generated a read link to the whole snapshot and it has not been revoked: anyone holding the URL can download the disk, with no sign-in unless data access authentication is on. The link is not listed anywhere else.',
  severity: 'critical',
  provider: 'azure',
  resourceType: 'Microsoft.Compute/snapshots',
  threat: { techniques: ['T1537', 'T1578.001'], mitigations: ['M1018', 'M1047'] },
  // No published control covers a live export link; ATT&CK T1537 names the SAS export.
  compliance: [],
  messages: {
    activeOpen: 'Snapshot {{name}} has a live export link usable from any network.',
    activePrivate: 'Snapshot {{name}} has a live export link (usable only through a private endpoint).',
    none: 'Snapshot {{name}} has no live export link.',
    unreadable: 'Whether snapshot {{name}} has a live export link is unknown.',
  },
  remediation: {
    text: 'Revoke the link now, then find out who requested it (the Activity Log records beginGetAccess) and why.',
    command: 'az snapshot revoke-access --resource-group {{resourceGroup}} --name {{name}}',
    docs: 'https://learn.microsoft.com/cli/azure/snapshot#az-snapshot-revoke-access',
  },
  evaluate(inventory, report) {
    // Disk restore points do not report their export-link state; only snapshots are judged here.
    for (const snapshot of inventory.snapshots) if (snapshot.type === SNAPSHOT_TYPE) judgeActiveLink(report, snapshot);
  },
});
