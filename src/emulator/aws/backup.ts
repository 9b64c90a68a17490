// The AWS Backup REST API (restJson1): the vaults, their access policies and recovery points.
// Routes are GET paths; errors name their type in the `x-amzn-ErrorType` header.
import type { AwsRegionEstate, EstateBackupVault, EstateRecoveryPoint } from '../estate.js';
import type { Answer, EmulatorRequest, InjectedError } from '../types.js';
import { AwsApiError } from './errors.js';
import { jsonResult, restJsonError } from './json-protocol.js';
import { fingerprintOf, paginate, readMaxResults, type PageRequest } from './pagination.js';
import { answering, regionEstateOf, type AuthFailure, type AwsContext, type AwsService, type Caller } from './service.js';
import { derivedId, epochSeconds } from './values.js';

/** Vaults carry no creation time in the estate; this is the one reported. */
const VAULT_CREATION_DATE = '2026-01-01T00:00:00.000Z';

interface BackupRequest {
  readonly context: AwsContext;
  readonly regionEstate: AwsRegionEstate;
  readonly action: string;
  readonly vaultName: string | undefined;
  readonly query: URLSearchParams;
  readonly params: Readonly<Record<string, string>>;
}

type BackupHandler = (request: BackupRequest) => unknown;

interface Route {
  readonly action: string;
  readonly vaultName: string | undefined;
}

const ROUTES: readonly { readonly pattern: RegExp; readonly action: string }[] = [
  { pattern: /^\/backup-vaults\/?$/, action: 'ListBackupVaults' },
  { pattern: /^\/backup-vaults\/([^/]+)\/access-policy\/?$/, action: 'GetBackupVaultAccessPolicy' },
  { pattern: /^\/backup-vaults\/([^/]+)\/recovery-points\/?$/, action: 'ListRecoveryPointsByBackupVault' },
];

function routeOf(request: EmulatorRequest, path: string): Route | undefined {
  if (request.method !== 'GET') return undefined;
  for (const { pattern, action } of ROUTES) {
    const match = pattern.exec(path);
    if (match === null) continue;
    const label = match[1];
    try {
      return { action, vaultName: label === undefined ? undefined : decodeURIComponent(label) };
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function invalidParameter(message: string): AwsApiError {
  return new AwsApiError('InvalidParameterValueException', message);
}

function pageRequest(request: BackupRequest): PageRequest {
  const { context } = request;
  return {
    maxResults: readMaxResults(request.query.get('maxResults') ?? undefined, 1, 1000, (raw) =>
      invalidParameter(`Invalid value ${raw} for maxResults. It must be between 1 and 1000.`),
    ),
    nextToken: request.query.get('nextToken') ?? undefined,
    pageCap: context.pageCap,
    fingerprint: fingerprintOf(`backup|${request.action}|${context.caller.account.id}|${context.region}`, request.params),
    invalidToken: () => invalidParameter('The next token is invalid.'),
  };
}

function vaultArn(context: AwsContext, name: string): string {
  return `arn:aws:backup:${context.region}:${context.caller.account.id}:backup-vault:${name}`;
}

/** Every vault is encrypted; without a key of its own, with the account's `aws/backup` key. */
function encryptionKeyArn(context: AwsContext, key: string | undefined): string {
  if (key !== undefined) return key;
  const id = derivedId('k', `aws/backup|${context.caller.account.id}|${context.region}`, 32).slice(2);
  const uuid = `${id.slice(0, 8)}-${id.slice(8, 12)}-${id.slice(12, 16)}-${id.slice(16, 20)}-${id.slice(20, 32)}`;
  return `arn:aws:kms:${context.region}:${context.caller.account.id}:key/${uuid}`;
}

function recoveryPointArn(context: AwsContext, point: EstateRecoveryPoint): string {
  if (point.id.startsWith('arn:')) return point.id;
  if (point.resourceType === 'EBS' && /^snap-[0-9a-f]+$/.test(point.id)) return `arn:aws:ec2:${context.region}::snapshot/${point.id}`;
  return `arn:aws:backup:${context.region}:${context.caller.account.id}:recovery-point:${point.id}`;
}

function vaultNamed(request: BackupRequest): EstateBackupVault {
  const name = request.vaultName ?? '';
  const vault = request.regionEstate.backupVaults.find((v) => v.name === name);
  if (vault === undefined) {
    throw new AwsApiError('ResourceNotFoundException', `Backup vault with name ${name} does not exist in account ${request.context.caller.account.id}.`, 404);
  }
  return vault;
}

const listBackupVaults: BackupHandler = (request) => {
  const { context, query } = request;
  const page = pageRequest(request);
  const vaultType = query.get('vaultType');
  // Only standard vaults live in an estate; shared (logically air-gapped) vaults never do.
  const vaults = query.get('shared') === 'true' || (vaultType !== null && vaultType !== 'BACKUP_VAULT') ? [] : request.regionEstate.backupVaults;
  const result = paginate(vaults, page);
  return {
    BackupVaultList: result.items.map((vault) => ({
      BackupVaultName: vault.name,
      BackupVaultArn: vaultArn(context, vault.name),
      VaultType: 'BACKUP_VAULT',
      VaultState: 'AVAILABLE',
      CreationDate: epochSeconds(VAULT_CREATION_DATE),
      EncryptionKeyArn: encryptionKeyArn(context, vault.encryptionKeyArn),
      NumberOfRecoveryPoints: vault.recoveryPoints.length,
      Locked: vault.locked,
    })),
    NextToken: result.nextToken,
  };
};

const getBackupVaultAccessPolicy: BackupHandler = (request) => {
  const vault = vaultNamed(request);
  if (vault.policy === undefined) {
    throw new AwsApiError('ResourceNotFoundException', `Backup vault ${vault.name} does not have an access policy.`, 404);
  }
  return { BackupVaultName: vault.name, BackupVaultArn: vaultArn(request.context, vault.name), Policy: JSON.stringify(vault.policy) };
};

function matchesQuery(point: EstateRecoveryPoint, query: URLSearchParams): boolean {
  const created = Date.parse(point.creationDate);
  const before = query.get('createdBefore');
  const after = query.get('createdAfter');
  if (query.get('resourceArn') !== null && query.get('resourceArn') !== point.resourceArn) return false;
  if (query.get('resourceType') !== null && query.get('resourceType') !== point.resourceType) return false;
  if (before !== null && !(created < Date.parse(before))) return false;
  if (after !== null && !(created > Date.parse(after))) return false;
  // No estate recovery point comes from a backup plan or has a parent.
  return query.get('backupPlanId') === null && query.get('parentRecoveryPointArn') === null;
}

const listRecoveryPointsByBackupVault: BackupHandler = (request) => {
  const { context } = request;
  const vault = vaultNamed(request);
  const page = pageRequest(request);
  const points = vault.recoveryPoints
    .filter((point) => matchesQuery(point, request.query))
    .map((point) => ({ point, arn: recoveryPointArn(context, point) }));
  const result = paginate(points, page);
  return {
    RecoveryPoints: result.items.map(({ point, arn }) => ({
      RecoveryPointArn: arn,
      BackupVaultName: vault.name,
      BackupVaultArn: vaultArn(context, vault.name),
      ResourceArn: point.resourceArn,
      ResourceType: point.resourceType,
      Status: point.status,
      CreationDate: epochSeconds(point.creationDate),
      EncryptionKeyArn: point.isEncrypted ? encryptionKeyArn(context, point.encryptionKeyArn ?? vault.encryptionKeyArn) : undefined,
      IsEncrypted: point.isEncrypted,
      VaultType: 'BACKUP_VAULT',
    })),
    NextToken: result.nextToken,
  };
};

const HANDLERS: Readonly<Record<string, BackupHandler>> = {
  ListBackupVaults: listBackupVaults,
  GetBackupVaultAccessPolicy: getBackupVaultAccessPolicy,
  ListRecoveryPointsByBackupVault: listRecoveryPointsByBackupVault,
};

function backupInjectedError(error: InjectedError, action: string, caller: Caller, region: string): AwsApiError {
  switch (error) {
    case 'throttle':
      return new AwsApiError('ThrottlingException', 'Rate exceeded', 400);
    case 'server-error':
      return new AwsApiError('ServiceUnavailableException', 'An internal error has occurred', 500);
    case 'unavailable':
      return new AwsApiError('ServiceUnavailableException', 'The request failed due to a temporary failure of the server.', 503);
    case 'access-denied':
      return new AwsApiError(
        'AccessDeniedException',
        `User: ${caller.arn} is not authorized to perform: backup:${action} on resource: arn:aws:backup:${region}:${caller.account.id}:backup-vault:*`,
        403,
      );
  }
}

function backupAuthError(failure: AuthFailure): AwsApiError {
  switch (failure) {
    case 'missing':
      return new AwsApiError('MissingAuthenticationTokenException', 'Missing Authentication Token', 403);
    case 'expired':
      return new AwsApiError('ExpiredTokenException', 'The security token included in the request is expired', 403);
    case 'invalid':
    case 'region-disabled':
      return new AwsApiError('UnrecognizedClientException', 'The security token included in the request is invalid.', 403);
  }
}

export const backupService: AwsService = {
  id: 'backup',
  actions: Object.keys(HANDLERS),
  regional: true,
  decode(request) {
    const url = new URL(request.url, 'http://emulator.invalid');
    const route = routeOf(request, url.pathname);
    const query = new URLSearchParams(url.searchParams);
    for (const key of [...query.keys()]) if (key.startsWith('X-Amz-')) query.delete(key);
    const params: Record<string, string> = {
      ...(route?.vaultName === undefined ? {} : { BackupVaultName: route.vaultName }),
      ...Object.fromEntries(query),
    };
    const action = route?.action ?? `${request.method} ${url.pathname}`;
    const serve = (context: AwsContext): Answer =>
      answering({ error: restJsonError }, context.requestId, () => {
        const handler = route === undefined ? undefined : HANDLERS[route.action];
        if (handler === undefined) throw new AwsApiError('UnknownOperationException', `Unknown operation ${action}`, 404);
        const body = handler({ context, regionEstate: regionEstateOf(context), action, vaultName: route?.vaultName, query, params });
        return jsonResult('restJson', body, context.requestId);
      });
    return { action, params, serve };
  },
  error: restJsonError,
  injectedError: backupInjectedError,
  authError: backupAuthError,
};
