// Reading an Azure snapshot's or disk's export surface: from which networks an export link works,
// and whether one exists right now.
import { isUnknown, type Sharing } from '../../model.js';
import { knownGrants } from './sharing.js';

export type NetworkReach = 'all' | 'private' | 'none';

/** `all`: export links work from any network; `private`: only through a disk access's private endpoint. */
export function networkReach(sharing: Sharing | undefined): NetworkReach | undefined {
  if (sharing === undefined || isUnknown(sharing)) return undefined;
  const network = knownGrants(sharing).find((g) => g.kind === 'network');
  return network?.kind === 'network' ? network.scope : 'none';
}

export function hasActiveLink(sharing: Sharing | undefined): boolean {
  return sharing !== undefined && knownGrants(sharing).some((g) => g.kind === 'link');
}
