// An audit-log record from any cloud, normalised: who did what to which resources, when, from
// where, and whether it happened. The cloud's own words stay (the action name, the raw ids);
// `activities` say what the call means for the snapshot kill chain, so rules can follow a chain
// without knowing each cloud's API. Parsers produce these; chain rules read them. Pure data.
import type { PortRange, ProviderId } from '../model.js';

export type ActorType =
  | 'root'
  | 'user'
  | 'role'
  /** An assumed-role session (AWS), with the role in `sessionIssuer`. */
  | 'assumed-role'
  | 'federated'
  /** A cloud service acting on its own (ec2.amazonaws.com, a Google service agent). */
  | 'service'
  | 'service-principal'
  | 'managed-identity'
  | 'service-account'
  | 'unknown';

export interface Actor {
  readonly type: ActorType;
  /** The most stable identifier the record gives: an ARN, an object id, an email. */
  readonly id: string;
  /** The user, role or principal name when the record names it. */
  readonly name?: string;
  /** For an assumed role: the role (AWS `sessionContext.sessionIssuer.arn`). */
  readonly sessionIssuer?: string;
  /** The access key (AWS) the call was signed with; a key id is not a secret. */
  readonly accessKeyId?: string;
  /** The account the actor belongs to, when it is not the event's account. */
  readonly account?: string;
  readonly sourceIp?: string;
  readonly userAgent?: string;
}

/** What a resource is in the chain; the cloud's own type stays in `type`. */
export type ResourceRole = 'snapshot' | 'image' | 'db-snapshot' | 'volume' | 'instance' | 'db-instance' | 'db-cluster' | 'firewall' | 'principal' | 'credential' | 'export' | 'other';

export interface EventResource {
  readonly role: ResourceRole;
  /** The native id as the API names it (snap-0abc, an ARM id, a `projects/…` path). */
  readonly id: string;
  /** The cloud's resource type, e.g. `AWS::EC2::Snapshot`, `Microsoft.Compute/snapshots`. */
  readonly type?: string;
  /** Set when the resource lives in another account than the event's. */
  readonly account?: string;
}

/** Who a share adds or removes. */
export type Grantee =
  | { readonly kind: 'public'; readonly detail?: string; readonly role?: string }
  | { readonly kind: 'account'; readonly id: string }
  /** A GCP member or an Azure principal, as the cloud writes it; `role` is the role it was bound to. */
  | { readonly kind: 'member'; readonly id: string; readonly role?: string };

/**
 * What a call means for the chain. One call can mean several things (RunInstances launches an
 * instance from an image whose snapshots it restores). Ids are native ids, as in `resources`.
 */
export type Activity =
  /** A snapshot, image or DB snapshot made (or copied: `source` is what it was copied from). */
  | { readonly kind: 'snapshot-created'; readonly target: string; readonly targetRole: 'snapshot' | 'image' | 'db-snapshot'; readonly source?: string }
  | { readonly kind: 'shared'; readonly target: string; readonly targetRole: 'snapshot' | 'image' | 'db-snapshot' | 'volume'; readonly grantees: readonly Grantee[] }
  | { readonly kind: 'unshared'; readonly target: string; readonly targetRole: 'snapshot' | 'image' | 'db-snapshot' | 'volume'; readonly grantees: readonly Grantee[] }
  /** A download link to a disk or snapshot (Azure `beginGetAccess`). */
  | { readonly kind: 'export-link'; readonly target: string }
  /** Data written out of the account's reach: an export task, a copy to another account or region. */
  | { readonly kind: 'exported'; readonly target: string; readonly destination?: string }
  /** A volume, disk, database or instance made from a snapshot, image or DB snapshot. */
  | {
      readonly kind: 'restored';
      readonly from: string;
      readonly created: string;
      readonly createdRole: 'volume' | 'instance' | 'db-instance' | 'db-cluster';
      /** Set when the record says whether the new database answers on a public address (RDS `publiclyAccessible`, often only in the response). */
      readonly publiclyAccessible?: boolean;
    }
  | { readonly kind: 'instance-launched'; readonly instance: string; readonly from: readonly string[] }
  /** An ingress rule that lets `sources` reach `ports`. */
  | { readonly kind: 'ingress-opened'; readonly target: string; readonly protocol: string; readonly ports: readonly PortRange[]; readonly sources: readonly string[] }
  | { readonly kind: 'principal-created'; readonly principal: string }
  | { readonly kind: 'credential-created'; readonly principal: string; readonly credential?: string };

export interface AuditEvent {
  readonly provider: ProviderId;
  /** The record's own id (CloudTrail eventID, Activity Log eventDataId, LogEntry insertId). */
  readonly id: string;
  /** ISO time of the call. */
  readonly time: string;
  /** The account, subscription or project the call was made in. */
  readonly account: string;
  /** A region, or `global`. */
  readonly region: string;
  readonly actor: Actor;
  /** The service, as the cloud names it (ec2.amazonaws.com, Microsoft.Compute, compute.googleapis.com). */
  readonly service: string;
  /** The action, as the cloud names it (CreateSnapshot, Microsoft.Compute/snapshots/write, v1.compute.snapshots.insert). */
  readonly action: string;
  /** A failed call did not happen: no activity is drawn from it. */
  readonly outcome: 'success' | 'failure';
  /** The cloud's error code and message for a failed call. */
  readonly error?: string;
  readonly resources: readonly EventResource[];
  readonly activities: readonly Activity[];
  /** Where the record came from (file and position, or the API), for the finding's evidence. */
  readonly origin: string;
}
