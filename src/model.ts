// The provider-neutral model. Providers map raw SDK shapes into these types at their edge;
// everything after (checks, scorer, report, renderers) sees only what is declared here.

export type ProviderId = 'aws' | 'azure' | 'gcp';
export const PROVIDER_IDS: readonly ProviderId[] = ['aws', 'azure', 'gcp'];

/** A value that could not be read. Never to be treated as a safe default. */
export interface Unknown {
  readonly unknown: true;
  readonly reason: string;
}

export function unknownValue(reason: string): Unknown {
  return { unknown: true, reason };
}

export function isUnknown(value: unknown): value is Unknown {
  return typeof value === 'object' && value !== null && (value as { unknown?: unknown }).unknown === true;
}

export type Maybe<T> = T | Unknown;

/** Where a resource lives and what it is called; the identity a finding points at. */
export interface ResourceRef {
  readonly provider: ProviderId;
  /** AWS account id, Azure subscription id, GCP project id. */
  readonly account: string;
  /** Region, location or `global`. */
  readonly region: string;
  /** The cloud's own type name, e.g. `AWS::EC2::Snapshot`. */
  readonly type: string;
  /** The cloud's native id. */
  readonly id: string;
  readonly name?: string;
}

export type Tags = Readonly<Record<string, string>>;

export type Trust = 'internal' | 'trusted' | 'external' | 'unknown';

export type SharingGrant =
  /** Anyone. Where sharing is by policy (GCP IAM), the member and role that make it so. */
  | { readonly kind: 'public'; readonly principal?: string; readonly role?: string }
  | { readonly kind: 'account'; readonly principal: string; readonly trust: Trust; readonly trustNote?: string; readonly role?: string }
  | { readonly kind: 'link'; readonly expiresAt?: string }
  | { readonly kind: 'network'; readonly scope: 'all' | 'private' };

/**
 * Sharing that could not be read completely. `confirmed` holds grants known from another read
 * (a bulk listing of public snapshots, say) so a check can still fail on them.
 */
export interface UnknownSharing extends Unknown {
  readonly confirmed: readonly SharingGrant[];
}

export type Sharing = readonly SharingGrant[] | UnknownSharing;

export interface Encryption {
  readonly encrypted: boolean;
  readonly keyKind: 'none' | 'platform' | 'customer' | 'unknown';
  readonly keyId?: string;
}

export interface ResourceBase extends ResourceRef {
  readonly tags: Tags;
  readonly createdAt?: string;
  readonly description?: string;
}

export interface Snapshot extends ResourceBase {
  readonly kind: 'snapshot';
  readonly state?: string;
  readonly sizeGiB?: number;
  readonly encryption: Encryption;
  readonly source?: { readonly kind: 'volume' | 'disk' | 'snapshot'; readonly id: string };
  readonly sharing: Sharing;
  /** Whether export links (SAS) require a signed-in identity, where the cloud has such links. */
  readonly exportRequiresIdentity?: boolean;
}

export interface Image extends ResourceBase {
  readonly kind: 'image';
  readonly state?: string;
  readonly owner: string;
  /** Snapshots that back this image's block devices. */
  readonly backingSnapshots: readonly string[];
  /** Encrypted only when every disk the image carries is. */
  readonly encryption: Encryption;
  readonly sharing: Sharing;
}

export interface Disk extends ResourceBase {
  readonly kind: 'disk';
  readonly state?: string;
  readonly sizeGiB?: number;
  readonly encryption: Encryption;
  readonly sourceSnapshot?: string;
  readonly sourceImage?: string;
  readonly attachedTo: readonly string[];
  /** Where a disk can be read out directly (Azure export links and network policy); absent elsewhere. */
  readonly sharing?: Sharing;
  readonly exportRequiresIdentity?: boolean;
}

/** A gallery of images (Azure Compute Gallery) and who it is shared with. */
export interface Gallery extends ResourceBase {
  readonly kind: 'gallery';
  readonly sharing: Sharing;
}

/** A database snapshot (RDS DB or cluster snapshot); the type says which. */
export interface DbSnapshot extends ResourceBase {
  readonly kind: 'db-snapshot';
  readonly engine?: string;
  /** `manual`, `automated`, `awsbackup`... Only manual snapshots can be shared. */
  readonly snapshotType?: string;
  readonly state?: string;
  readonly encryption: Encryption;
  readonly source?: { readonly kind: 'db-instance' | 'db-cluster'; readonly id: string };
  readonly sharing: Sharing;
}

/** A database a snapshot can be restored into, and that the internet may reach. */
export interface Database extends ResourceBase {
  readonly kind: 'database';
  readonly engine?: string;
  readonly state?: string;
  /** The cloud's "publicly accessible" switch: a public address is assigned. */
  readonly publiclyAccessible: boolean;
  readonly endpoint?: { readonly address?: string; readonly port: number };
  readonly encryption: Encryption;
  /** Effective ingress from the internet to the database's port, after every filter in the path. */
  readonly internetIngress: Maybe<readonly IngressPath[]>;
}

/** Who a vault's access policy lets act on its recovery points, and how far. */
export interface VaultAccess {
  /** `*`, an account id or an ARN, as written in the policy. */
  readonly principal: string;
  /** The widest reading of the grant: `public` when anyone at all may use it. */
  readonly reach: 'public' | Trust;
  readonly note: string;
  readonly actions: readonly string[];
  readonly statement?: string;
}

export interface BackupVault extends ResourceBase {
  readonly kind: 'backup-vault';
  readonly encryptionKey?: string;
  readonly locked?: boolean;
  /** The grants of its access policy that copy, restore or read; `[]` when there is no policy. */
  readonly access: Maybe<readonly VaultAccess[]>;
  readonly recoveryPoints: Maybe<{
    readonly total: number;
    readonly unencryptedCount: number;
    /** A few of the unencrypted ones, for evidence. */
    readonly unencrypted: readonly string[];
  }>;
}

/** Who published the image an instance booted from, relative to the audited account. */
export type ImageOwnership = 'own' | 'vendor' | 'foreign';

export interface InstanceImage {
  readonly id: string;
  readonly name?: string;
  readonly owner?: string;
  readonly ownership: Maybe<ImageOwnership>;
}

/** How a disk attached to an instance came to hold its data. */
export type DiskOrigin =
  | { readonly kind: 'blank' }
  /** Restored from a snapshot that backs the instance's own boot image: the normal launch path. */
  | {
      readonly kind: 'image';
      readonly imageId: string;
      readonly snapshotId: string;
      /** Whose image the disk was made from, where the cloud names it per disk (GCP). */
      readonly imageOwner?: ImageOwnership;
    }
  /** Restored from a snapshot outside the boot image: the path an exfiltration or tampering takes. */
  | { readonly kind: 'snapshot'; readonly snapshotId: string; readonly snapshotOwner: 'own' | 'foreign' | 'unknown' };

export interface InstanceDisk {
  readonly id: string;
  readonly device?: string;
  readonly boot: boolean;
  readonly origin: Maybe<DiskOrigin>;
}

export type IpProtocol = 'tcp' | 'udp' | 'icmp' | 'all';

export interface PortRange {
  readonly from: number;
  readonly to: number;
}

/** A rule on the way in: a security group or NSG rule that allows, an ACL or firewall entry. */
export interface IngressRule {
  /** `security-group`, `network-acl`, `nsg`, `firewall`... */
  readonly kind: string;
  /** The group, ACL or firewall the rule belongs to. */
  readonly id: string;
  readonly name?: string;
  /** The rule as written (not narrowed by other rules on the path). */
  readonly protocol: IpProtocol;
  readonly ports: PortRange;
  readonly source: string;
  /** A rule number or priority, where the cloud orders rules. */
  readonly order?: number;
}

/** One way the internet gets in: a protocol and port range, from which source, by which rules. */
export interface IngressPath {
  readonly protocol: IpProtocol;
  /** The ports that get through every rule on the path. */
  readonly ports: PortRange;
  readonly source: string;
  readonly address: string;
  /** The rules that let it in, outer filter first (the subnet's ACL or NSG, then the interface's). */
  readonly via: readonly IngressRule[];
}

export interface Instance extends ResourceBase {
  readonly kind: 'instance';
  readonly state: string;
  readonly image?: InstanceImage;
  readonly disks: readonly InstanceDisk[];
  readonly publicAddresses: readonly string[];
  /** Effective ingress from the internet to a public address, after every filter in the path. */
  readonly internetIngress: Maybe<readonly IngressPath[]>;
}

export type BlockPublicSharing = 'off' | 'new-sharing' | 'all-sharing';

/** Account-wide or regional guard rails that change what a per-resource setting means. */
export interface RegionControls {
  readonly provider: ProviderId;
  readonly account: string;
  readonly region: string;
  readonly snapshotPublicSharingBlock?: Maybe<BlockPublicSharing>;
  readonly imagePublicSharingBlock?: Maybe<BlockPublicSharing>;
  readonly encryptionByDefault?: Maybe<boolean>;
  /** The cloud's own words for the settings above, for evidence. */
  readonly native: Readonly<Record<string, string>>;
}

export interface OrganizationInfo {
  readonly id: string;
  readonly arn?: string;
  readonly managementAccount?: string;
  /** Member accounts, when the organization's account list could be read. */
  readonly members?: readonly string[];
}

export interface AccountInfo {
  readonly provider: ProviderId;
  readonly id: string;
  readonly name?: string;
  readonly organization?: OrganizationInfo;
  /** Who the auditor ran as (an ARN, a principal id); never a credential. */
  readonly caller?: string;
  readonly regions: readonly string[];
  /** Why nothing could be read in this account (e.g. its audit role could not be assumed). */
  readonly unreachable?: string;
}

// ---------------------------------------------------------------------------------------------
// Who can do it (M1018) and would we see it (M1047)

/**
 * What a principal may do that matters for T1578.001 and T1537: make a snapshot or image, widen
 * who may use one, take its data out (copy, export link, block reads, restore, create a disk), or
 * open a machine to the internet.
 */
export type Capability = 'create' | 'share' | 'export' | 'restore' | 'open-ingress';
export const CAPABILITIES: readonly Capability[] = ['create', 'share', 'export', 'restore', 'open-ingress'];

/** One capability as a principal holds it, with where it comes from and what limits it. */
export interface CapabilityGrant {
  readonly capability: Capability;
  /** The allowed actions or permissions that give it, as the cloud spells them (e.g. `ec2:ModifySnapshotAttribute`). */
  readonly actions: readonly string[];
  /** What it applies to: `*` for everything in reach, else resource patterns or scopes. */
  readonly resources: readonly string[];
  /** Conditions on the grant, in the cloud's words; empty when unconditional. */
  readonly conditions: readonly string[];
  /** A condition demands MFA (`aws:MultiFactorAuthPresent`): lowers, does not remove, the risk. */
  readonly mfaRequired: boolean;
  /** The policies, roles or assignments it comes through, for the reviewer. */
  readonly via: readonly string[];
}

export type PrincipalKind = 'root' | 'user' | 'group' | 'role' | 'service-account' | 'service-principal' | 'managed-identity' | 'domain' | 'other';

export interface PrincipalKey {
  readonly id: string;
  readonly active: boolean;
  readonly createdAt?: string;
  /** ISO time of last use; null when never used; absent when the cloud does not say. */
  readonly lastUsed?: string | null;
}

/** Something that can become this principal (a role's trust policy, a workload identity binding). */
export interface AssumableBy {
  readonly principal: string;
  readonly trust: Trust;
  readonly conditions: readonly string[];
}

/** An identity of an account, with the snapshot-relevant capabilities it holds there. */
export interface Principal {
  readonly provider: ProviderId;
  readonly account: string;
  /** The cloud's id: an ARN, an object id with its scope, a member string. */
  readonly id: string;
  readonly name?: string;
  readonly kind: PrincipalKind;
  /** Whose identity it is: internal, a trusted partner's, a stranger's. */
  readonly trust: Trust;
  readonly capabilities: Maybe<readonly CapabilityGrant[]>;
  /** Holds every permission (e.g. `*:*`, Owner, roles/owner): whatever it lacks today it can grant itself. */
  readonly privileged: Maybe<boolean>;
  /** Interactive sign-in protected by MFA; absent where sign-in does not apply (roles, service accounts). */
  readonly mfa?: Maybe<boolean>;
  /** Whether it can sign in interactively at all (a console password); absent where it does not apply. */
  readonly interactive?: boolean;
  readonly createdAt?: string;
  /** ISO time of last activity (sign-in, key use, role use); null when never used. */
  readonly lastUsed?: Maybe<string | null>;
  readonly keys?: readonly PrincipalKey[];
  readonly assumableBy?: readonly AssumableBy[];
}

export interface PasswordPolicy {
  readonly minimumLength?: number;
  readonly requireSymbols?: boolean;
  readonly requireNumbers?: boolean;
  readonly requireUppercase?: boolean;
  readonly requireLowercase?: boolean;
  /** Days before a password must change; absent when it never expires. */
  readonly maxAgeDays?: number;
  /** How many previous passwords cannot be reused. */
  readonly reusePrevention?: number;
}

/** Account-wide identity settings. */
export interface AccountSecurity {
  readonly provider: ProviderId;
  readonly account: string;
  /** The root (or equivalent) identity has MFA. */
  readonly rootMfa?: Maybe<boolean>;
  /** Null when the account has no password policy (the cloud's defaults apply). */
  readonly passwordPolicy?: Maybe<PasswordPolicy | null>;
  /** What the cloud offers no control for, said rather than invented (e.g. AWS IAM has no lockout). */
  readonly notOffered: readonly string[];
  /**
   * Whether the account's identities and their permissions could be listed (and how many), so that
   * an empty `principals` list means "nobody" and not "not read". Absent when the provider does
   * not read identities.
   */
  readonly identities?: Maybe<{ readonly listed: number }>;
}

/** Whether the control plane of an account records snapshot activity in one region (or `global`). */
export interface AuditCoverage {
  readonly provider: ProviderId;
  readonly account: string;
  readonly region: string;
  /** Snapshot create, share, copy and restore calls are recorded and delivered somewhere durable. */
  readonly snapshotEventsLogged: Maybe<boolean>;
  /** Block-level reads of snapshot data (EBS direct APIs, export links) are recorded. */
  readonly dataEventsLogged?: Maybe<boolean>;
  /** What records them: trail names, diagnostic settings, audit configs and sinks. */
  readonly sources: readonly string[];
  /** What is missing, in plain words, each one a thing to fix. */
  readonly gaps: readonly string[];
  /** The one thing to do first about the gaps, as an instruction (e.g. a command). */
  readonly nextStep?: string;
}

export type CoverageStatus = 'ok' | 'denied' | 'error' | 'skipped';

export interface CoverageEntry {
  readonly provider: ProviderId;
  readonly account: string;
  readonly region: string;
  readonly service: string;
  readonly status: CoverageStatus;
  readonly detail: string;
  /** The API action concerned, when one read failed rather than a whole service. */
  readonly action?: string;
  /** How many resources this gap affects, and a few of their ids. */
  readonly affected?: number;
  readonly sample?: readonly string[];
}

export interface Inventory {
  readonly accounts: readonly AccountInfo[];
  readonly snapshots: readonly Snapshot[];
  readonly images: readonly Image[];
  readonly disks: readonly Disk[];
  readonly instances: readonly Instance[];
  readonly dbSnapshots: readonly DbSnapshot[];
  readonly databases: readonly Database[];
  readonly backupVaults: readonly BackupVault[];
  readonly galleries: readonly Gallery[];
  readonly regions: readonly RegionControls[];
  readonly principals: readonly Principal[];
  readonly accountSecurity: readonly AccountSecurity[];
  readonly audit: readonly AuditCoverage[];
  readonly coverage: readonly CoverageEntry[];
}

const INVENTORY_LISTS = ['accounts', 'snapshots', 'images', 'disks', 'instances', 'dbSnapshots', 'databases', 'backupVaults', 'galleries', 'regions', 'principals', 'accountSecurity', 'audit', 'coverage'] as const;

export function emptyInventory(): Inventory {
  return mergeInventories([]);
}

export function mergeInventories(parts: readonly Partial<Inventory>[]): Inventory {
  const merged = Object.fromEntries(INVENTORY_LISTS.map((key) => [key, parts.flatMap((p): readonly unknown[] => p[key] ?? [])]));
  return merged as unknown as Inventory;
}

/** Keeps, in every list, only what `keep` accepts (each list holds items with a provider). */
export function filterInventory(inventory: Inventory, keep: (item: { readonly provider: ProviderId }) => boolean): Inventory {
  const filtered = Object.fromEntries(INVENTORY_LISTS.map((key) => [key, (inventory[key] as ReadonlyArray<{ readonly provider: ProviderId }>).filter(keep)]));
  return filtered as unknown as Inventory;
}

export function refOf(resource: ResourceRef): ResourceRef {
  const { provider, account, region, type, id, name } = resource;
  return name === undefined ? { provider, account, region, type, id } : { provider, account, region, type, id, name };
}
