import type { Inventory, RegionControls, ResourceRef } from '../../model.js';

export function regionKey(where: { readonly account: string; readonly region: string }): string {
  return `${where.account}/${where.region}`;
}

/** The guard rails of the account and region a resource lives in, if they were collected. */
export function controlsFor(inventory: Inventory, resource: ResourceRef): RegionControls | undefined {
  return inventory.regions.find((r) => r.account === resource.account && r.region === resource.region);
}

/** A finding's resource for a region-wide setting. */
export function regionSettingRef(controls: RegionControls, type: string, name: string): ResourceRef {
  return { provider: controls.provider, account: controls.account, region: controls.region, type, id: controls.region, name };
}

/** `id (name)`, or just the id when the resource has no name. */
export function labelOf(resource: ResourceRef): string {
  return resource.name && resource.name !== resource.id ? `${resource.id} (${resource.name})` : resource.id;
}
