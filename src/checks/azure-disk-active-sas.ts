import { judgeActiveLink } from './azure-snapshot-active-sas.js';
import { defineCheck } from './define-check.js';

export const azureDiskActiveSas = defineCheck({
  id: 'azure-disk-active-sas',
  title: 'Managed disk has a live export link (SAS)',
  description:
    '`diskState: ActiveSAS` on a disk means a read link to the whole disk exists right now; anyone holding the URL downloads it. Disks in use by a VM cannot be exported, so an active link usually means the disk was detached for it.',
  severity: 'critical',
  provider: 'azure',
  resourceType: 'Microsoft.Compute/disks',
  threat: { techniques: ['T1537'], mitigations: ['M1018'] },
  compliance: [],
  messages: {
    activeOpen: 'Disk {{name}} has a live export link usable from any network.',
    activePrivate: 'Disk {{name}} has a live export link (usable only through a private endpoint).',
    none: 'Disk {{name}} has no live export link.',
    unreadable: 'Whether disk {{name}} has a live export link is unknown.',
  },
  remediation: {
    text: 'Revoke the link now, then find out who requested it (the Activity Log records beginGetAccess) and why.',
    command: 'az disk revoke-access --resource-group {{resourceGroup}} --name {{name}}',
    docs: 'https://learn.microsoft.com/cli/azure/disk#az-disk-revoke-access',
  },
  evaluate(inventory, report) {
    for (const disk of inventory.disks) judgeActiveLink(report, disk);
  },
});
