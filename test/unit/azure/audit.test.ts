// Activity Log export and the identity settings Azure RBAC cannot show, as tables.
import { describe, expect, it } from 'vitest';
import {
  activityLogAudit,
  AZURE_NOT_OFFERED,
  azureAccountSecurity,
  destinationsOf,
  exportsAdministrative,
  type SubscriptionDiagnosticSetting,
} from '../../../providers/azure/audit.js';
import { unknownValue } from '../../../src/model.js';

const SUB = '11111111-2222-4333-8444-555555555555';
const WORKSPACE = `/subscriptions/${SUB}/resourceGroups/ops/providers/Microsoft.OperationalInsights/workspaces/soc`;
const STORAGE = `/subscriptions/${SUB}/resourceGroups/ops/providers/Microsoft.Storage/storageAccounts/auditlogs`;
const HUB_RULE = `/subscriptions/${SUB}/resourceGroups/ops/providers/Microsoft.EventHub/namespaces/siem/authorizationrules/send`;

const setting = (name: string, properties: SubscriptionDiagnosticSetting['properties']): SubscriptionDiagnosticSetting => ({ name, properties });
const admin = [{ category: 'Administrative', enabled: true }];

describe('exportsAdministrative', () => {
  it.each<[string, SubscriptionDiagnosticSetting['properties'], boolean]>([
    ['Administrative enabled', { logs: admin }, true],
    ['administrative, in lower case', { logs: [{ category: 'administrative', enabled: true }] }, true],
    ['the allLogs category group', { logs: [{ categoryGroup: 'allLogs', enabled: true }] }, true],
    ['Administrative disabled', { logs: [{ category: 'Administrative', enabled: false }] }, false],
    ['only Security and Policy', { logs: [{ category: 'Security', enabled: true }, { category: 'Policy', enabled: true }] }, false],
    ['no logs', {}, false],
  ])('%s → %s', (_name, properties, expected) => {
    expect(exportsAdministrative(setting('s', properties))).toBe(expected);
  });
});

describe('destinationsOf', () => {
  it('names each destination a setting has', () => {
    expect(destinationsOf(setting('s', { workspaceId: WORKSPACE, storageAccountId: STORAGE, eventHubAuthorizationRuleId: HUB_RULE, eventHubName: 'activity', marketplacePartnerId: '/p/x', logs: admin }))).toEqual([
      `Log Analytics workspace ${WORKSPACE}`,
      `storage account ${STORAGE}`,
      `event hub activity through ${HUB_RULE}`,
      'partner solution /p/x',
    ]);
    expect(destinationsOf(setting('s', { eventHubAuthorizationRuleId: HUB_RULE, workspaceId: null }))).toEqual([`event hub (the namespace default) through ${HUB_RULE}`]);
  });
});

describe('activityLogAudit', () => {
  const ctx = { subscription: SUB, location: 'westeurope' };

  it('logged: a setting exports Administrative to a workspace', () => {
    expect(activityLogAudit([setting('to-soc', { workspaceId: WORKSPACE, logs: admin })], ctx)).toEqual({
      provider: 'azure',
      account: SUB,
      region: 'global',
      snapshotEventsLogged: true,
      sources: [`diagnostic setting to-soc (Administrative to Log Analytics workspace ${WORKSPACE})`],
      gaps: [],
    });
  });

  it('logged when one of several settings does it', () => {
    const audit = activityLogAudit([setting('policy-only', { storageAccountId: STORAGE, logs: [{ category: 'Policy', enabled: true }] }), setting('all', { storageAccountId: STORAGE, logs: [{ categoryGroup: 'allLogs', enabled: true }] })], ctx);
    expect(audit.snapshotEventsLogged).toBe(true);
    expect(audit.sources).toEqual([`diagnostic setting all (Administrative to storage account ${STORAGE})`]);
  });

  it('not logged without any setting: 90 days only, with the command that fixes it', () => {
    const audit = activityLogAudit([], ctx);
    expect(audit.snapshotEventsLogged).toBe(false);
    expect(audit.gaps).toEqual([
      'no subscription diagnostic setting exports the Activity Log: snapshot creation, export links (beginGetAccess), disk and VM writes are kept only in the Activity Log, which Azure keeps 90 days',
    ]);
    expect(audit.nextStep).toBe(
      `az monitor diagnostic-settings subscription create --subscription ${SUB} --name snapaudit-activity-log --location westeurope --workspace /subscriptions/${SUB}/resourceGroups/YOUR-RG/providers/Microsoft.OperationalInsights/workspaces/YOUR-WORKSPACE --logs '[{"category":"Administrative","enabled":true},{"category":"Security","enabled":true},{"category":"Alert","enabled":true},{"category":"Policy","enabled":true}]'`,
    );
  });

  it('not logged when the settings leave Administrative out or send it nowhere, each gap named', () => {
    const audit = activityLogAudit([setting('security-only', { workspaceId: WORKSPACE, logs: [{ category: 'Security', enabled: true }] }), setting('nowhere', { logs: admin })], { subscription: SUB });
    expect(audit.snapshotEventsLogged).toBe(false);
    expect(audit.gaps.slice(1)).toEqual(['diagnostic setting security-only does not export the Administrative category', 'diagnostic setting nowhere exports the Administrative category to no destination']);
    expect(audit.gaps[0]).toMatch(/^no subscription diagnostic setting exports its Administrative category: .* 90 days$/);
    expect(audit.nextStep).toContain('--location YOUR-LOCATION');
  });

  it('unknown, never "not logged", when the settings could not be read', () => {
    const audit = activityLogAudit(unknownValue('Microsoft.Insights/diagnosticSettings/read failed: AuthorizationFailed'), ctx);
    expect(audit.snapshotEventsLogged).toEqual(unknownValue('Microsoft.Insights/diagnosticSettings/read failed: AuthorizationFailed'));
    expect(audit.gaps).toEqual(["the subscription's diagnostic settings could not be read (Microsoft.Insights/diagnosticSettings/read failed: AuthorizationFailed)"]);
    expect(audit.nextStep).toBeUndefined();
  });
});

describe('azureAccountSecurity', () => {
  it('says what Azure RBAC has no control for, and invents no MFA, password policy or root', () => {
    const security = azureAccountSecurity(SUB, { listed: 4 });
    expect(security).toEqual({ provider: 'azure', account: SUB, notOffered: AZURE_NOT_OFFERED, identities: { listed: 4 } });
    expect(security.rootMfa).toBeUndefined();
    expect(security.passwordPolicy).toBeUndefined();
    expect(AZURE_NOT_OFFERED.join('\n')).toMatch(/Conditional Access/);
    expect(AZURE_NOT_OFFERED.join('\n')).toMatch(/Microsoft Graph/);
  });

  it('carries an unreadable identity list as unknown', () => {
    expect(azureAccountSecurity(SUB, unknownValue('denied')).identities).toEqual(unknownValue('denied'));
  });
});
