import { isUnknown } from '../model.js';
import { subscriptionRef } from './azure-rbac-snapshot-export-broad.js';
import { defineCheck } from './define-check.js';
import { CIS_AZURE_2_1, CIS_AZURE_3 } from './lib/compliance.js';

/** The categories CIS Azure 6.1.2 asks a subscription diagnostic setting to export. */
const CIS_CATEGORIES = JSON.stringify(['Administrative', 'Security', 'Alert', 'Policy'].map((category) => ({ category, enabled: true })));

export const azureActivityLogUnexported = defineCheck({
  id: 'azure-activity-log-unexported',
  title: 'Activity Log is not exported (snapshot activity kept 90 days only)',
  description:
    'Snapshot creation, export links (`beginGetAccess`), disk and VM writes and NSG changes are Administrative events of the subscription Activity Log, which Azure keeps for 90 days and where no alert can run. Without a subscription diagnostic setting that exports the Administrative category to a Log Analytics workspace, storage account, event hub or partner solution, a copy made today is invisible after three months.',
  severity: 'medium',
  provider: 'azure',
  posture: 'audit',
  resourceType: 'Microsoft.Insights/diagnosticSettings',
  threat: { techniques: ['T1578.001'], mitigations: ['M1047'] },
  // 6.1.1: a diagnostic setting exists; 6.1.2: it captures Administrative (with Security, Alert, Policy).
  compliance: [
    { ...CIS_AZURE_3, controls: ['6.1.1', '6.1.2'] },
    { ...CIS_AZURE_2_1, controls: ['5.1.1'] },
  ],
  messages: {
    unexported: 'Subscription {{subscription}} does not export the Administrative Activity Log: snapshot creation, export links and disk writes are kept 90 days, then lost.',
    exported: 'Subscription {{subscription}} exports its Administrative Activity Log: {{sources}}.',
    unreadable: 'Whether subscription {{subscription}} exports its Activity Log is unknown: {{reason}}.',
  },
  remediation: {
    text: 'Create a subscription diagnostic setting that sends the Administrative, Security, Alert and Policy categories to a Log Analytics workspace (or a storage account or event hub) kept as long as your investigations need, then alert on snapshot beginGetAccess and role assignment writes there.',
    command:
      'az monitor diagnostic-settings subscription create --subscription {{subscriptionId}} --name snapaudit-activity-log --location {{location}} --workspace /subscriptions/{{subscriptionId}}/resourceGroups/YOUR-RG/providers/Microsoft.OperationalInsights/workspaces/YOUR-WORKSPACE --logs {{logs}}',
    docs: 'https://learn.microsoft.com/cli/azure/monitor/diagnostic-settings/subscription#az-monitor-diagnostic-settings-subscription-create',
  },
  evaluate(inventory, report) {
    for (const audit of inventory.audit) {
      if (audit.region !== 'global') continue;
      const account = inventory.accounts.find((a) => a.id === audit.account);
      const resource = subscriptionRef(account, audit.account);
      const data = { subscription: account?.name ?? audit.account, subscriptionId: audit.account, location: account?.regions[0] ?? 'YOUR-LOCATION', logs: CIS_CATEGORIES };
      const evidence = { sources: [...audit.sources], gaps: [...audit.gaps] };
      if (isUnknown(audit.snapshotEventsLogged)) {
        report.unknown({ resource, messageId: 'unreadable', data: { ...data, reason: audit.snapshotEventsLogged.reason }, evidence });
      } else if (audit.snapshotEventsLogged) {
        report.pass({ resource, messageId: 'exported', data: { ...data, sources: audit.sources.join('; ') }, evidence });
      } else {
        report.fail({ resource, messageId: 'unexported', data, evidence });
      }
    }
  },
});
