import { defineRule } from '../define-rule.js';
import { AZURE_REVOKE_COMMAND, azureRevokeData } from './azure-fix.js';
import { actorLabel, creationOf, minutesBetween, nameOf, resourceOf } from './lib.js';

export const azureSnapshotExportLink = defineRule({
  id: 'chain-azure-snapshot-export-link',
  title: 'Snapshot or disk created and then given an export link',
  description:
    'A snapshot or disk was created (or made from a snapshot) and, within the window, someone generated a SAS download link to it (beginGetAccess). Creating a copy and exporting it is how a whole disk is taken out of a subscription (T1578.001, T1537); anyone holding the URL can download it.',
  severity: 'high',
  provider: 'azure',
  resourceType: 'Microsoft.Compute/snapshots',
  threat: { techniques: ['T1578.001', 'T1537'], mitigations: ['M1018', 'M1047'] },
  compliance: [],
  messages: {
    createdExported: '{{creator}} created {{name}} at {{createdAt}} and {{actor}} generated an export link to it {{after}} later.',
  },
  remediation: {
    text: 'Revoke the link now (the URL stops working), then find out who generated it and from where. Data access authentication mode (Entra ID) and a disk access resource keep future links from working anonymously.',
    command: AZURE_REVOKE_COMMAND,
    docs: 'https://learn.microsoft.com/azure/virtual-machines/windows/download-vhd',
  },
  detect(step, history, context) {
    if (step.event.provider !== 'azure' || step.activity.kind !== 'export-link') return [];
    const creation = creationOf(history, step.activity.target, step, context);
    if (!creation) return [];
    const resource = resourceOf(step.event, step.activity.target, creation.activity.kind === 'restored' ? 'volume' : 'snapshot');
    return [
      {
        resource,
        messageId: 'createdExported',
        data: {
          ...azureRevokeData(resource),
          id: step.activity.target,
          name: nameOf('azure', step.activity.target),
          creator: actorLabel(creation.event),
          createdAt: creation.event.time,
          actor: actorLabel(step.event),
          after: minutesBetween(creation, step),
        },
        steps: [creation, step],
        signals: { exposure: 'public' },
      },
    ];
  },
});
