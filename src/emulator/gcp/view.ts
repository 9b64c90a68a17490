// The Google Cloud estate as Compute shows it: projects found by id or number, their regions and
// zones, the scopes of aggregated lists, and the resources references point at (for the ids and
// sizes Compute fills in on the referencing side), indexed once because the estate does not change
// while it is served. Estate mistakes the schema cannot see are refused here, by name.
import { InputError } from '../../errors.js';
import type { GcpDiskEstate, GcpEstate, GcpInstanceEstate, GcpProjectEstate, GcpSnapshotEstate } from '../estate.js';
import { gcpProject } from '../estate-gcp.js';
import { numericId, regionOfZone, resourcePath, resourceUrl } from './links.js';

export type GcpToken = GcpEstate['tokens'][number];

/** Zones every region has, besides any an estate resource names. */
const DEFAULT_ZONE_SUFFIXES = ['a', 'b', 'c'];

/** The scope of a disk in aggregated lists and paths: `zones/{zone}` or `regions/{region}`. */
export function diskScope(disk: GcpDiskEstate): string {
  return disk.zone === undefined ? `regions/${disk.region ?? ''}` : `zones/${disk.zone}`;
}

/** The region of a disk, for the call log and scopes. */
export function diskRegion(disk: GcpDiskEstate): string {
  return disk.zone === undefined ? (disk.region ?? '') : regionOfZone(disk.zone);
}

export class ProjectView {
  readonly project: GcpProjectEstate;
  readonly #zonesByRegion = new Map<string, string[]>();

  constructor(project: GcpProjectEstate) {
    this.project = project;
    const zones = new Set<string>();
    const regions = new Set(project.regions);
    for (const snapshot of project.snapshots) if (snapshot.region !== undefined) regions.add(snapshot.region);
    for (const disk of project.disks) {
      regions.add(diskRegion(disk));
      if (disk.zone !== undefined) zones.add(disk.zone);
    }
    for (const instance of project.instances) {
      regions.add(regionOfZone(instance.zone));
      zones.add(instance.zone);
    }
    for (const region of [...regions].sort()) {
      for (const suffix of DEFAULT_ZONE_SUFFIXES) zones.add(`${region}-${suffix}`);
      this.#zonesByRegion.set(region, []);
    }
    for (const zone of [...zones].sort()) this.#zonesByRegion.get(regionOfZone(zone))?.push(zone);
  }

  get id(): string {
    return this.project.id;
  }

  get number(): string {
    return this.project.number;
  }

  /** The project's regions: those it lists and those its resources are in, sorted. */
  regions(): readonly string[] {
    return [...this.#zonesByRegion.keys()];
  }

  hasRegion(region: string): boolean {
    return this.#zonesByRegion.has(region);
  }

  zones(region: string): readonly string[] {
    return this.#zonesByRegion.get(region) ?? [];
  }

  hasZone(zone: string): boolean {
    return this.zones(regionOfZone(zone)).includes(zone);
  }

  /** Every scope an aggregated list reports, `regions/...` then `zones/...`, each sorted. */
  scopes(): readonly string[] {
    const regions = this.regions();
    return [...regions.map((r) => `regions/${r}`), ...regions.flatMap((r) => this.zones(r)).sort().map((z) => `zones/${z}`)];
  }

  /** `projects/{id}/...segments`. */
  path(...segments: readonly string[]): string {
    return ['projects', this.id, ...segments].join('/');
  }

  url(...segments: readonly string[]): string {
    return resourceUrl(this.path(...segments), this.id);
  }

  /** The full URL of an estate reference made inside this project. */
  ref(reference: string): string {
    return resourceUrl(reference, this.id);
  }

  globalSnapshots(): readonly GcpSnapshotEstate[] {
    return this.project.snapshots.filter((s) => s.region === undefined);
  }

  regionalSnapshots(region: string): readonly GcpSnapshotEstate[] {
    return this.project.snapshots.filter((s) => s.region === region);
  }
}

interface KnownResource {
  readonly id: string;
  readonly sizeGb?: number;
  readonly instance?: { readonly view: ProjectView; readonly instance: GcpInstanceEstate };
}

function requireUnique(seen: Set<string>, key: string, what: string): void {
  if (seen.has(key)) throw new InputError(`invalid estate at gcp: ${what} appears twice`);
  seen.add(key);
}

function validateDisk(project: GcpProjectEstate, disk: GcpDiskEstate): void {
  if ((disk.zone === undefined) === (disk.region === undefined)) {
    throw new InputError(`invalid estate at gcp: disk ${disk.name} of project ${project.id} needs exactly one of zone and region`);
  }
}

export class GcpEstateView {
  readonly estate: GcpEstate;
  readonly #projects = new Map<string, ProjectView>();
  /** Public image projects (debian-cloud...), whose images anyone may list; empty when the estate does not describe them. */
  readonly #publicImageProjects = new Map<string, ProjectView>();
  /** By resource path (`projects/p/zones/z/disks/d`). */
  readonly #known = new Map<string, KnownResource>();

  constructor(estate: GcpEstate) {
    this.estate = estate;
    const names = new Set<string>();
    for (const project of estate.projects) {
      requireUnique(names, `project:${project.id}`, `project ${project.id}`);
      requireUnique(names, `number:${project.number}`, `project number ${project.number}`);
      project.disks.forEach((disk) => validateDisk(project, disk));
      const identities = new Set<string>();
      for (const account of project.serviceAccounts) requireUnique(identities, `sa:${account.accountId}`, `service account ${account.accountId} of project ${project.id}`);
      for (const role of project.customRoles) requireUnique(identities, `role:${role.roleId}`, `custom role ${role.roleId} of project ${project.id}`);
      for (const sink of project.sinks) {
        if (sink.name === '_Required') throw new InputError(`invalid estate at gcp: project ${project.id} cannot change the _Required sink`);
        requireUnique(identities, `sink:${sink.name}`, `sink ${sink.name} of project ${project.id}`);
      }
      const view = new ProjectView(project);
      this.#projects.set(project.id, view);
      this.#projects.set(project.number, view);
      const add = (path: string, extra: Omit<KnownResource, 'id'> = {}): void => {
        requireUnique(names, path, path);
        this.#known.set(path, { id: numericId(path), ...extra });
      };
      for (const s of project.snapshots) add(view.path(...(s.region === undefined ? ['global'] : ['regions', s.region]), 'snapshots', s.name), { sizeGb: s.diskSizeGb });
      for (const image of project.images) add(view.path('global', 'images', image.name));
      for (const machineImage of project.machineImages) add(view.path('global', 'machineImages', machineImage.name));
      for (const disk of project.disks) add(view.path(...diskScope(disk).split('/'), 'disks', disk.name), { sizeGb: disk.sizeGb });
      for (const instance of project.instances) add(view.path('zones', instance.zone, 'instances', instance.name), { instance: { view, instance } });
      for (const firewall of project.firewalls) add(view.path('global', 'firewalls', firewall.name));
    }
    const tokens = new Set<string>();
    for (const token of estate.tokens) requireUnique(tokens, token.token, `a token of ${token.principal}`);
    for (const id of estate.publicImageProjects) {
      const described = this.#projects.get(id);
      const number = numericId(`projects/${id}`).slice(0, 12);
      this.#publicImageProjects.set(id, described ?? new ProjectView(gcpProject.parse({ id, number, regions: [] })));
    }
  }

  /** A project by id or number. */
  project(idOrNumber: string): ProjectView | undefined {
    return this.#projects.get(idOrNumber);
  }

  /** A public image project, by id. */
  publicImageProject(projectId: string): ProjectView | undefined {
    return this.#publicImageProjects.get(projectId);
  }

  #lookup(reference: string, ownerProjectId: string): KnownResource | undefined {
    return this.#known.get(resourcePath(reference, ownerProjectId));
  }

  /** The id of a referenced resource when the estate holds it (Compute's `sourceDiskId`...). */
  idOf(reference: string | undefined, ownerProjectId: string): string | undefined {
    return reference === undefined ? undefined : this.#lookup(reference, ownerProjectId)?.id;
  }

  sizeGbOf(reference: string | undefined, ownerProjectId: string): number | undefined {
    return reference === undefined ? undefined : this.#lookup(reference, ownerProjectId)?.sizeGb;
  }

  instance(reference: string | undefined, ownerProjectId: string): KnownResource['instance'] {
    return reference === undefined ? undefined : this.#lookup(reference, ownerProjectId)?.instance;
  }
}
