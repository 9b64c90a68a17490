// Would anyone see it (M1047), and what Azure RBAC cannot tell (M1018). Snapshot creation, export
// links (beginGetAccess), disk and VM writes and NSG changes are Administrative events of the
// subscription's Activity Log, which Azure keeps 90 days and nowhere else: only a subscription
// diagnostic setting that exports the Administrative category to a Log Analytics workspace, a
// storage account, an event hub or a partner solution keeps them longer and where alerts can run.
// Pure functions of the diagnostic settings ARM returns.
import { isUnknown, type AccountSecurity, type AuditCoverage, type Maybe } from '../../src/model.js';

/** A subscription diagnostic setting as `GET .../providers/Microsoft.Insights/diagnosticSettings` returns it. */
export interface SubscriptionDiagnosticSetting {
  readonly id?: string;
  readonly name?: string;
  readonly properties?: {
    readonly storageAccountId?: string | null;
    readonly serviceBusRuleId?: string | null;
    readonly eventHubAuthorizationRuleId?: string | null;
    readonly eventHubName?: string | null;
    readonly workspaceId?: string | null;
    readonly marketplacePartnerId?: string | null;
    readonly logs?: readonly { readonly category?: string | null; readonly categoryGroup?: string | null; readonly enabled?: boolean }[];
  };
}

/** The api-version of the subscription diagnostic settings API. */
export const DIAGNOSTIC_SETTINGS_API_VERSION = '2021-05-01-preview';

export const ACTIVITY_LOG_RETENTION_DAYS = 90;

/** Where a setting sends the logs, in words. */
export function destinationsOf(setting: SubscriptionDiagnosticSetting): string[] {
  const p = setting.properties ?? {};
  const out: string[] = [];
  if (p.workspaceId) out.push(`Log Analytics workspace ${p.workspaceId}`);
  if (p.storageAccountId) out.push(`storage account ${p.storageAccountId}`);
  if (p.eventHubAuthorizationRuleId) out.push(`event hub ${p.eventHubName ?? '(the namespace default)'} through ${p.eventHubAuthorizationRuleId}`);
  if (p.marketplacePartnerId) out.push(`partner solution ${p.marketplacePartnerId}`);
  return out;
}

/** The Administrative category is exported when it, or the `allLogs` group, is enabled. */
export function exportsAdministrative(setting: SubscriptionDiagnosticSetting): boolean {
  return (setting.properties?.logs ?? []).some(
    (log) => log.enabled === true && (log.category?.toLowerCase() === 'administrative' || log.categoryGroup?.toLowerCase() === 'alllogs'),
  );
}

/** The command that exports the categories CIS asks for (Administrative, Security, Alert, Policy) to a workspace. */
export function exportCommand(subscription: string, location: string): string {
  return [
    'az monitor diagnostic-settings subscription create',
    `--subscription ${subscription}`,
    '--name snapaudit-activity-log',
    `--location ${location}`,
    `--workspace /subscriptions/${subscription}/resourceGroups/YOUR-RG/providers/Microsoft.OperationalInsights/workspaces/YOUR-WORKSPACE`,
    `--logs '[{"category":"Administrative","enabled":true},{"category":"Security","enabled":true},{"category":"Alert","enabled":true},{"category":"Policy","enabled":true}]'`,
  ].join(' ');
}

export interface AuditContext {
  readonly subscription: string;
  /** A region of the subscription, for the command's `--location`. */
  readonly location?: string;
}

/** Whether the subscription's Administrative Activity Log outlives Azure's 90 days somewhere. */
export function activityLogAudit(settings: Maybe<readonly SubscriptionDiagnosticSetting[]>, ctx: AuditContext): AuditCoverage {
  const base = { provider: 'azure' as const, account: ctx.subscription, region: 'global' };
  if (isUnknown(settings)) {
    return { ...base, snapshotEventsLogged: settings, sources: [], gaps: [`the subscription's diagnostic settings could not be read (${settings.reason})`] };
  }
  const sources: string[] = [];
  const gaps: string[] = [];
  for (const setting of settings) {
    const name = setting.name ?? setting.id ?? '(unnamed)';
    const destinations = destinationsOf(setting);
    if (!exportsAdministrative(setting)) gaps.push(`diagnostic setting ${name} does not export the Administrative category`);
    else if (destinations.length === 0) gaps.push(`diagnostic setting ${name} exports the Administrative category to no destination`);
    else sources.push(`diagnostic setting ${name} (Administrative to ${destinations.join(', ')})`);
  }
  if (sources.length > 0) return { ...base, snapshotEventsLogged: true, sources, gaps: [] };
  const none =
    settings.length === 0
      ? 'no subscription diagnostic setting exports the Activity Log'
      : 'no subscription diagnostic setting exports its Administrative category';
  return {
    ...base,
    snapshotEventsLogged: false,
    sources: [],
    gaps: [
      `${none}: snapshot creation, export links (beginGetAccess), disk and VM writes are kept only in the Activity Log, which Azure keeps ${ACTIVITY_LOG_RETENTION_DAYS} days`,
      ...gaps,
    ],
    nextStep: exportCommand(ctx.subscription, ctx.location ?? 'YOUR-LOCATION'),
  };
}

/**
 * What Azure RBAC has no control for. Sign-in policy (MFA, password rules, lockout) and sign-in
 * activity belong to Microsoft Entra ID, readable through Microsoft Graph with directory
 * permissions, not through Azure Resource Manager with a reader role.
 */
export const AZURE_NOT_OFFERED: readonly string[] = [
  'MFA: Azure RBAC has no MFA setting; Microsoft Entra ID Conditional Access (or security defaults) enforces it, and Azure Resource Manager does not expose it',
  'password length, complexity, expiry, reuse and lockout: set tenant-wide in Microsoft Entra ID (password protection, smart lockout), not per subscription',
  'root account: a subscription has no root identity; its Owners, and the tenant Global Administrators who can elevate access, stand in its place',
  'last sign-in and key use of principals: in Entra ID sign-in logs (Microsoft Graph); role assignments carry only the object id and type of their principal, not its name',
];

export function azureAccountSecurity(subscription: string, identities: Maybe<{ readonly listed: number }>): AccountSecurity {
  return { provider: 'azure', account: subscription, notOffered: AZURE_NOT_OFFERED, identities };
}
