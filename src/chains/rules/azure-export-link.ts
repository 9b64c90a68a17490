import { defineRule } from '../define-rule.js';
import { AZURE_REVOKE_COMMAND, azureRevokeData } from './azure-fix.js';
import { actorLabel, creationOf, nameOf, resourceOf } from './lib.js';

/** The lone export link; when a creation in the window precedes it, chain-azure-snapshot-export-link reports it instead. */
export const azureExportLink = defineRule({
  id: 'chain-azure-export-link',
  title: 'Export link generated for a snapshot or disk',
  description:
    'Someone generated a SAS download link (beginGetAccess) to an existing snapshot or disk. Links are sometimes used to move disks legitimately, but anyone holding the URL can download the whole disk until it expires or is revoked.',
  severity: 'medium',
  provider: 'azure',
  resourceType: 'Microsoft.Compute/snapshots',
  threat: { techniques: ['T1537'], mitigations: ['M1018', 'M1057'] },
  compliance: [],
  messages: {
    exportLink: '{{actor}} generated an export link to {{name}} at {{time}}.',
  },
  remediation: {
    text: 'Revoke the link unless the export is expected; then check the activity log for who generated it.',
    command: AZURE_REVOKE_COMMAND,
    docs: 'https://learn.microsoft.com/azure/virtual-machines/windows/download-vhd',
  },
  detect(step, history, context) {
    if (step.event.provider !== 'azure' || step.activity.kind !== 'export-link') return [];
    if (creationOf(history, step.activity.target, step, context)) return [];
    const resource = resourceOf(step.event, step.activity.target, 'snapshot');
    return [
      {
        resource,
        messageId: 'exportLink',
        data: { ...azureRevokeData(resource), id: step.activity.target, name: nameOf('azure', step.activity.target), actor: actorLabel(step.event), time: step.event.time },
        steps: [step],
        signals: { exposure: 'public' },
      },
    ];
  },
});
