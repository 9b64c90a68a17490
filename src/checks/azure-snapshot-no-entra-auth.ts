import { resourceGroupOf, SNAPSHOT_TYPE } from './azure-snapshot-public-network.js';
import { defineCheck } from './define-check.js';
import { CIS_AZURE_3 } from './lib/compliance.js';

export const azureSnapshotNoEntraAuth = defineCheck({
  id: 'azure-snapshot-no-entra-auth',
  title: 'Snapshot export links work without signing in',
  description:
    'Unless `dataAccessAuthMode` is `AzureActiveDirectory`, an export link (SAS) for the snapshot is a bearer secret: whoever has the URL downloads the disk without any identity. With Entra ID data access authentication the downloader must also be signed in and authorised.',
  severity: 'medium',
  provider: 'azure',
  resourceType: 'Microsoft.Compute/snapshots',
  threat: { techniques: ['T1537'], mitigations: ['M1018'] },
  compliance: [{ ...CIS_AZURE_3, controls: ['8.6'] }],
  messages: {
    anonymous: 'Export links for snapshot {{name}} need no sign-in.',
    identity: 'Export links for snapshot {{name}} need an Entra ID identity.',
  },
  remediation: {
    text: 'Require Microsoft Entra ID for export and upload.',
    command: 'az snapshot update --resource-group {{resourceGroup}} --name {{name}} --data-access-auth-mode AzureActiveDirectory',
    docs: 'https://learn.microsoft.com/azure/virtual-machines/windows/download-vhd#secure-downloads-and-uploads-with-microsoft-entra-id',
  },
  evaluate(inventory, report) {
    for (const snapshot of inventory.snapshots) {
      if (snapshot.type !== SNAPSHOT_TYPE) continue;
      if (snapshot.exportRequiresIdentity === undefined) continue;
      const data = { id: snapshot.id, region: snapshot.region, name: snapshot.name ?? snapshot.id, resourceGroup: resourceGroupOf(snapshot.id) };
      if (snapshot.exportRequiresIdentity) report.pass({ resource: snapshot, messageId: 'identity', data });
      else report.fail({ resource: snapshot, messageId: 'anonymous', data, evidence: { dataAccessAuthMode: 'not AzureActiveDirectory' } });
    }
  },
});
