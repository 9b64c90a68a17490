// The az words that revoke a disk's or snapshot's export link (SAS).
import type { ResourceRef } from '../../model.js';
import { AZURE_TYPES } from './lib.js';

export const AZURE_REVOKE_COMMAND = 'az {{group}} revoke-access --ids {{id}}';

export function azureRevokeData(resource: ResourceRef): { group: string } {
  return { group: resource.type === AZURE_TYPES.disk ? 'disk' : 'snapshot' };
}
