// The shared way every region reader calls AWS: one read, one Unknown plus coverage line on
// failure; per-resource reads bounded by a concurrency limit per account, region and API.
import type { CoverageRecorder } from '../../src/coverage.js';
import { unknownValue, type Maybe } from '../../src/model.js';
import type { Pacer } from '../../src/pacer.js';
import type { TrustResolver, OrganizationView } from '../../src/trust.js';
import type { AwsClientFactory } from './clients.js';
import { classifyAwsError } from './errors.js';

export interface RegionJob {
  readonly account: string;
  readonly region: string;
  readonly clients: AwsClientFactory;
  readonly pacer: Pacer;
  readonly coverage: CoverageRecorder;
  readonly trust: TrustResolver;
  /** Absent: the account belongs to no organization. */
  readonly organization?: Maybe<OrganizationView>;
  readonly progress: (note: string) => void;
}

/** Runs one read of `service:action`; a failure is recorded in coverage and returned as Unknown. */
export async function attempt<T>(job: RegionJob, service: string, action: string, read: () => Promise<T>, resourceId?: string): Promise<Maybe<T>> {
  try {
    return await read();
  } catch (error) {
    const failure = classifyAwsError(error);
    job.coverage.gap(job.region, service, failure.status, `${service}:${action}`, failure.detail, resourceId);
    return unknownValue(`${service}:${action} failed: ${failure.detail}`);
  }
}

/** A read about one resource, through the concurrency limit of its account, region and API. */
export function readOne<T>(job: RegionJob, service: string, action: string, resourceId: string, read: () => Promise<T>): Promise<Maybe<T>> {
  return job.pacer.run(`aws:${job.account}:${job.region}:${service}:${action}`, () => attempt(job, service, action, read, resourceId));
}

export async function collectPages<P, T>(pages: AsyncIterable<P>, pick: (page: P) => readonly T[] | undefined): Promise<T[]> {
  const out: T[] = [];
  for await (const page of pages) out.push(...(pick(page) ?? []));
  return out;
}
