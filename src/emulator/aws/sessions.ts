// Temporary credentials issued by STS AssumeRole. Requests signed with a session's access key act
// as the role's account; the secret and the session token live here only, never in the call log.
import { createHash, randomBytes } from 'node:crypto';
import type { AwsAccountEstate } from '../estate.js';
import type { Caller } from './service.js';

export interface Session {
  readonly caller: Caller;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  /** Milliseconds since the epoch. */
  readonly expiresAt: number;
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function base32(bytes: Buffer, length: number): string {
  return [...bytes].slice(0, length).map((b) => BASE32[b % 32] ?? 'A').join('');
}

/** A role's stable unique id, `AROA` and 17 characters, as IAM shapes them. */
export function roleIdOf(roleArn: string): string {
  return `AROA${base32(createHash('sha256').update(roleArn).digest(), 17)}`;
}

export class SessionStore {
  readonly #byKey = new Map<string, Session>();

  /** Issues credentials acting as `roleArn` of `account`, valid for `durationSeconds` from `now`. */
  issue(account: AwsAccountEstate, roleArn: string, sessionName: string, durationSeconds: number, now: number): Session {
    let accessKeyId: string;
    do accessKeyId = `ASIA${base32(randomBytes(16), 16)}`;
    while (this.#byKey.has(accessKeyId));
    const roleName = roleArn.slice(roleArn.lastIndexOf('/') + 1);
    const session: Session = {
      caller: {
        account,
        arn: `arn:aws:sts::${account.id}:assumed-role/${roleName}/${sessionName}`,
        userId: `${roleIdOf(roleArn)}:${sessionName}`,
        accessKeyId,
      },
      secretAccessKey: randomBytes(30).toString('base64'),
      sessionToken: `IQoJb3JpZ2luX2VjE${randomBytes(240).toString('base64')}`,
      expiresAt: now + durationSeconds * 1000,
    };
    this.#byKey.set(accessKeyId, session);
    return session;
  }

  find(accessKeyId: string): Session | undefined {
    return this.#byKey.get(accessKeyId);
  }
}
