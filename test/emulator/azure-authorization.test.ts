// Role assignments, role definitions and subscription diagnostic settings as the real
// AuthorizationManagementClient (and a raw ARM GET through its pipeline) see them from the
// emulator: shapes, $filter as the SDK sends it, get by id, paging, faults and the call log.
import { AuthorizationManagementClient, type RoleAssignment } from '@azure/arm-authorization';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createArmRestReader } from '../../providers/azure/clients.js';
import { AZURE_ACCESS_ACTIONS, BUILT_IN_ROLES } from '../../src/emulator/azure/index.js';
import type { EstateInput } from '../../src/emulator/estate.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { AUDITOR, azureTestEstate, bearer, collect, rawRequest, restErrorOf, RG, STATIC_TOKEN, staticCredential, SUB_BULK, SUB_PROD } from './azure-fixtures.js';

const OWNERS = 'a1111111-0000-4000-8000-000000000001';
const BACKUP = 'b2222222-0000-4000-8000-000000000002';
const ANALYST = 'c3333333-0000-4000-8000-000000000003';
const PLATFORM = 'd4444444-0000-4000-8000-000000000004';
const EXPORT_ROLE_ID = 'e5555555-0000-4000-8000-000000000005';
const MG = '/providers/Microsoft.Management/managementGroups/contoso';
const RG_SCOPE = `/subscriptions/${SUB_PROD}/resourceGroups/${RG}`;
const CONDITION = "@Resource[Microsoft.Compute/snapshots:name] StringStartsWith 'public-'";
const BULK_ASSIGNMENTS = 13;
const WORKSPACE = `/subscriptions/${SUB_PROD}/resourceGroups/ops/providers/Microsoft.OperationalInsights/workspaces/soc`;

function estate(): EstateInput {
  const base = azureTestEstate();
  const azure = base.azure!;
  const [prod, bulk, ...rest] = azure.subscriptions;
  return {
    ...base,
    azure: {
      ...azure,
      subscriptions: [
        {
          ...prod!,
          customRoles: [{ roleName: 'Snapshot Exporter', id: EXPORT_ROLE_ID, description: 'exports', actions: ['Microsoft.Compute/snapshots/beginGetAccess/action'] }],
          roleAssignments: [
            { principalId: OWNERS, principalType: 'Group', role: 'Owner', name: 'f0000000-0000-4000-8000-000000000001' },
            { principalId: BACKUP, principalType: 'ServicePrincipal', role: 'Disk Snapshot Contributor', scope: MG },
            { principalId: ANALYST, principalType: 'User', role: 'Snapshot Exporter', scope: RG_SCOPE, condition: CONDITION, conditionVersion: '2.0' },
            { principalId: PLATFORM, principalType: 'ForeignGroup', role: 'reader', scope: '/' },
          ],
          diagnosticSettings: [
            { name: 'to-soc', workspaceId: WORKSPACE, logs: [{ category: 'Administrative', enabled: true }, { category: 'Policy', enabled: false }] },
            { name: 'archive', storageAccountId: `/subscriptions/${SUB_PROD}/resourceGroups/ops/providers/Microsoft.Storage/storageAccounts/arch`, logs: [{ categoryGroup: 'allLogs' }] },
          ],
        },
        {
          ...bulk!,
          roleAssignments: Array.from({ length: BULK_ASSIGNMENTS }, (_, i) => ({
            principalId: `99999999-0000-4000-8000-${String(i).padStart(12, '0')}`,
            principalType: 'User' as const,
            role: 'Reader',
          })),
        },
        ...rest,
      ],
    },
  };
}

let emu: RunningEmulator;

function authorization(subscription = SUB_PROD, maxRetries = 0): AuthorizationManagementClient {
  return new AuthorizationManagementClient(staticCredential(), subscription, {
    endpoint: emu.azureUrl!,
    tlsOptions: { ca: emu.caCert! },
    retryOptions: { maxRetries, retryDelayInMs: 10, maxRetryDelayInMs: 100 },
  });
}

beforeAll(async () => {
  emu = await startEmulator({ estate: estate(), azureStaticTokens: { [STATIC_TOKEN]: AUDITOR.clientId } });
});

afterEach(() => {
  emu.configure({ faults: [], pageCap: undefined });
  emu.resetCalls();
});

afterAll(async () => {
  await emu.close();
});

const byPrincipal = (items: readonly RoleAssignment[], id: string): RoleAssignment => {
  const found = items.find((a) => a.principalId === id);
  if (!found) throw new Error(`no assignment for ${id}`);
  return found;
};

describe('Microsoft.Authorization/roleAssignments', () => {
  it('lists every assignment that applies to the subscription: above, at and below it', async () => {
    const assignments = await collect(authorization().roleAssignments.listForSubscription());
    expect(assignments).toHaveLength(4);
    expect(byPrincipal(assignments, OWNERS)).toMatchObject({
      id: `/subscriptions/${SUB_PROD}/providers/Microsoft.Authorization/roleAssignments/f0000000-0000-4000-8000-000000000001`,
      name: 'f0000000-0000-4000-8000-000000000001',
      type: 'Microsoft.Authorization/roleAssignments',
      scope: `/subscriptions/${SUB_PROD}`,
      principalType: 'Group',
      roleDefinitionId: `/subscriptions/${SUB_PROD}/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635`,
    });
    expect(byPrincipal(assignments, OWNERS).createdOn).toBeInstanceOf(Date);
    expect(byPrincipal(assignments, BACKUP)).toMatchObject({ scope: MG, id: expect.stringMatching(new RegExp(`^${MG}/providers/Microsoft.Authorization/roleAssignments/[0-9a-f-]{36}$`)) });
    expect(byPrincipal(assignments, ANALYST)).toMatchObject({
      scope: RG_SCOPE,
      condition: CONDITION,
      conditionVersion: '2.0',
      roleDefinitionId: `/subscriptions/${SUB_PROD}/providers/Microsoft.Authorization/roleDefinitions/${EXPORT_ROLE_ID}`,
    });
    expect(byPrincipal(assignments, PLATFORM)).toMatchObject({ scope: '/', principalType: 'ForeignGroup', id: expect.stringMatching(/^\/providers\/Microsoft\.Authorization\/roleAssignments\//) });
  });

  it('derives the same assignment name on every run', async () => {
    const first = await collect(authorization().roleAssignments.listForSubscription());
    const second = await collect(authorization().roleAssignments.listForSubscription());
    expect(second.map((a) => a.id)).toEqual(first.map((a) => a.id));
  });

  it.each([
    ['atScope()', [OWNERS, BACKUP, PLATFORM]],
    [`principalId eq '${ANALYST}'`, [ANALYST]],
    [`assignedTo('${BACKUP.toUpperCase()}')`, [BACKUP]],
    [`atScope() and assignedTo('${ANALYST}')`, []],
  ])('filters on %s as the SDK sends it', async (filter, expected) => {
    const assignments = await collect(authorization().roleAssignments.listForSubscription({ filter }));
    expect(assignments.map((a) => a.principalId).sort()).toEqual([...expected].sort());
    expect(emu.calls().at(-1)?.params['$filter']).toBe(filter);
  });

  it('refuses a filter it does not serve, as a 400', async () => {
    const error = await restErrorOf(collect(authorization().roleAssignments.listForSubscription({ filter: "roleName eq 'Owner'" })));
    expect(error).toMatchObject({ statusCode: 400, code: 'UnsupportedQuery' });
  });

  it('pages by nextLink under the page cap', async () => {
    emu.configure({ pageCap: 5 });
    const sizes: number[] = [];
    for await (const page of authorization(SUB_BULK).roleAssignments.listForSubscription().byPage()) sizes.push(page.length);
    expect(sizes).toEqual([5, 5, 3]);
    expect(emu.calls().map((c) => c.action)).toEqual(Array(3).fill('Microsoft.Authorization/roleAssignments/read'));
  });
});

describe('Microsoft.Authorization/roleDefinitions', () => {
  it("lists the built-in roles and the subscription's custom roles at the subscription", async () => {
    const definitions = await collect(authorization().roleDefinitions.list(`subscriptions/${SUB_PROD}`));
    expect(definitions.map((d) => d.roleName)).toEqual([...BUILT_IN_ROLES.map((r) => r.roleName), 'Snapshot Exporter']);
    const contributor = definitions.find((d) => d.roleName === 'Contributor');
    expect(contributor).toMatchObject({
      id: `/subscriptions/${SUB_PROD}/providers/Microsoft.Authorization/roleDefinitions/b24988ac-6180-42a0-ab88-20f7382dd24c`,
      name: 'b24988ac-6180-42a0-ab88-20f7382dd24c',
      roleType: 'BuiltInRole',
      assignableScopes: ['/'],
      permissions: [{ actions: ['*'], notActions: expect.arrayContaining(['Microsoft.Authorization/*/Write', 'Microsoft.Compute/galleries/share/action']), dataActions: [], notDataActions: [] }],
    });
    expect(definitions.at(-1)).toMatchObject({ roleType: 'CustomRole', name: EXPORT_ROLE_ID, assignableScopes: [`/subscriptions/${SUB_PROD}`], description: 'exports' });
  });

  it('needs the scope without its leading slash: the SDK would make `//subscriptions` a host name', async () => {
    expect((await collect(authorization().roleDefinitions.list(`subscriptions/${SUB_PROD}`))).length).toBeGreaterThan(0);
    const slashed = await restErrorOf(collect(authorization().roleDefinitions.list(`/subscriptions/${SUB_PROD}`)));
    expect(slashed).toMatchObject({ statusCode: 404 });
  });

  it.each([
    ["type eq 'CustomRole'", ['Snapshot Exporter']],
    ["roleName eq 'disk snapshot contributor'", ['Disk Snapshot Contributor']],
  ])('filters on %s', async (filter, names) => {
    const definitions = await collect(authorization().roleDefinitions.list(`subscriptions/${SUB_PROD}`, { filter }));
    expect(definitions.map((d) => d.roleName)).toEqual(names);
  });

  it('gets one by id, and answers RoleDefinitionDoesNotExist for an unknown one', async () => {
    const client = authorization();
    const owner = await client.roleDefinitions.getById(`subscriptions/${SUB_PROD}/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635`);
    expect(owner).toMatchObject({ roleName: 'Owner', permissions: [{ actions: ['*'] }] });
    const custom = await client.roleDefinitions.getById(`subscriptions/${SUB_PROD}/providers/Microsoft.Authorization/roleDefinitions/${EXPORT_ROLE_ID}`);
    expect(custom.roleName).toBe('Snapshot Exporter');
    const missing = await restErrorOf(client.roleDefinitions.getById(`subscriptions/${SUB_PROD}/providers/Microsoft.Authorization/roleDefinitions/00000000-0000-4000-8000-000000000000`));
    expect(missing).toMatchObject({ statusCode: 404, code: 'RoleDefinitionDoesNotExist' });
    expect(emu.calls().map((c) => [c.action, c.params['resourceName']])).toEqual([
      ['Microsoft.Authorization/roleDefinitions/read', '8e3af657-a8ff-443c-a75c-2fe8c4bcb635'],
      ['Microsoft.Authorization/roleDefinitions/read', EXPORT_ROLE_ID],
      ['Microsoft.Authorization/roleDefinitions/read', '00000000-0000-4000-8000-000000000000'],
    ]);
  });
});

describe('Microsoft.Insights/diagnosticSettings', () => {
  const path = `/subscriptions/${SUB_PROD}/providers/Microsoft.Insights/diagnosticSettings`;

  it('lists the subscription diagnostic settings in one unpaged answer', async () => {
    emu.configure({ pageCap: 1 });
    const response = await rawRequest(emu, `${path}?api-version=2021-05-01-preview`, { headers: bearer() });
    expect(response.status).toBe(200);
    const body = response.json as { value: unknown[]; nextLink?: string };
    expect(body.nextLink).toBeUndefined();
    expect(body.value).toEqual([
      {
        id: `/subscriptions/${SUB_PROD}/providers/microsoft.insights/diagnosticSettings/to-soc`,
        type: 'Microsoft.Insights/diagnosticSettings',
        name: 'to-soc',
        properties: {
          storageAccountId: null,
          serviceBusRuleId: null,
          workspaceId: WORKSPACE,
          eventHubAuthorizationRuleId: null,
          eventHubName: null,
          marketplacePartnerId: null,
          logs: [
            { category: 'Administrative', categoryGroup: null, enabled: true },
            { category: 'Policy', categoryGroup: null, enabled: false },
          ],
        },
      },
      expect.objectContaining({ name: 'archive', properties: expect.objectContaining({ logs: [{ category: null, categoryGroup: 'allLogs', enabled: true }] }) }),
    ]);
    expect(emu.calls().at(-1)).toMatchObject({ service: 'Microsoft.Insights', action: 'Microsoft.Insights/diagnosticSettings/read', account: SUB_PROD, region: 'global', status: 200 });
  });

  it("reads through the authorization client's pipeline (bearer token, TLS) with snapaudit's REST reader", async () => {
    const reader = createArmRestReader(authorization(), emu.azureUrl!);
    const settings: { name?: string }[] = [];
    for await (const s of reader.list<{ name?: string }>(path, '2021-05-01-preview')) settings.push(s);
    expect(settings.map((s) => s.name)).toEqual(['to-soc', 'archive']);
    const empty: unknown[] = [];
    for await (const s of createArmRestReader(authorization(SUB_BULK), emu.azureUrl!).list(`/subscriptions/${SUB_BULK}/providers/Microsoft.Insights/diagnosticSettings`, '2021-05-01-preview')) empty.push(s);
    expect(empty).toEqual([]);
  });

  it("turns ARM's error into the RestError the SDK clients throw", async () => {
    emu.configure({ faults: [{ action: 'Microsoft.Insights/diagnosticSettings/read', kind: 'access-denied' }] });
    const reader = createArmRestReader(authorization(), emu.azureUrl!);
    const error = await restErrorOf(collect(reader.list(path, '2021-05-01-preview')));
    expect(error).toMatchObject({ name: 'RestError', statusCode: 403, code: 'AuthorizationFailed' });
    expect(error.message).toContain("'Microsoft.Insights/diagnosticSettings/read'");
  });

  it('gets one setting by name', async () => {
    const response = await rawRequest(emu, `${path}/archive?api-version=2021-05-01-preview`, { headers: bearer() });
    expect(response.json).toMatchObject({ name: 'archive' });
    const missing = await rawRequest(emu, `${path}/nope?api-version=2021-05-01-preview`, { headers: bearer() });
    expect(missing.status).toBe(404);
  });
});

describe('faults and the call log', () => {
  it('denies a role assignment listing as AuthorizationFailed naming the action and the subscription', async () => {
    emu.configure({ faults: [{ service: 'Microsoft.Authorization', action: 'Microsoft.Authorization/roleAssignments/read', kind: 'access-denied' }] });
    const error = await restErrorOf(collect(authorization().roleAssignments.listForSubscription()));
    expect(error).toMatchObject({ statusCode: 403, code: 'AuthorizationFailed' });
    expect(error.message).toContain(`'Microsoft.Authorization/roleAssignments/read' over scope '/subscriptions/${SUB_PROD}'`);
    // Other reads of the namespace are untouched.
    expect((await collect(authorization().roleDefinitions.list(`subscriptions/${SUB_PROD}`))).length).toBeGreaterThan(0);
  });

  it('throttles, and the SDK retries a 429 with Retry-After to success', async () => {
    emu.configure({ faults: [{ action: 'Microsoft.Authorization/roleDefinitions/read', kind: 'throttle', times: 1, retryAfterSeconds: 1 }] });
    const definitions = await collect(authorization(SUB_PROD, 2).roleDefinitions.list(`subscriptions/${SUB_PROD}`));
    expect(definitions.length).toBe(BUILT_IN_ROLES.length + 1);
    expect(emu.calls().map((c) => c.status)).toEqual([429, 200]);
  });

  it('names the four operations, which the provider role grants, under their namespaces', async () => {
    const client = authorization();
    await collect(client.roleAssignments.listForSubscription());
    await collect(client.roleDefinitions.list(`subscriptions/${SUB_PROD}`));
    await rawRequest(emu, `/subscriptions/${SUB_PROD}/providers/Microsoft.Insights/diagnosticSettings?api-version=2021-05-01-preview`, { headers: bearer() });
    const since = encodeURIComponent(`eventTimestamp ge '${new Date(Date.now() - 86_400_000).toISOString()}'`);
    await rawRequest(emu, `/subscriptions/${SUB_PROD}/providers/Microsoft.Insights/eventtypes/management/values?api-version=2015-04-01&$filter=${since}`, { headers: bearer() });
    const calls = emu.calls();
    expect(new Set(calls.map((c) => c.action))).toEqual(new Set(AZURE_ACCESS_ACTIONS));
    expect(calls.map((c) => c.service)).toEqual(['Microsoft.Authorization', 'Microsoft.Authorization', 'Microsoft.Insights', 'Microsoft.Insights']);
    expect(calls.every((c) => c.account === SUB_PROD && c.status === 200)).toBe(true);
    expect(JSON.stringify(calls)).not.toContain(STATIC_TOKEN);
  });

  it('asks for a token before anything else', async () => {
    const response = await rawRequest(emu, `/subscriptions/${SUB_PROD}/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01`);
    expect(response.status).toBe(401);
  });
});

describe('the estate', () => {
  it('refuses an assignment of a role nobody defined, and a scope in another subscription', async () => {
    const bad = estate();
    bad.azure!.subscriptions[0] = { ...bad.azure!.subscriptions[0]!, roleAssignments: [{ principalId: OWNERS, principalType: 'User', role: 'Snapshot Wizard' }] };
    await expect(startEmulator({ estate: bad })).rejects.toThrow(/no built-in or custom role is named Snapshot Wizard/);
    const elsewhere = estate();
    elsewhere.azure!.subscriptions[0] = { ...elsewhere.azure!.subscriptions[0]!, roleAssignments: [{ principalId: OWNERS, principalType: 'User', role: 'Owner', scope: `/subscriptions/${SUB_BULK}` }] };
    await expect(startEmulator({ estate: elsewhere })).rejects.toThrow(/scope/);
  });
});
