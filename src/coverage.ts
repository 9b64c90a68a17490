// Collects what was and was not read, so that a gap is visible in every report. Failures of the
// same kind (region, action, reason) are folded into one line with a count and a few sample ids.
import type { CoverageEntry, CoverageStatus, ProviderId } from './model.js';

const SAMPLE_SIZE = 5;

interface Gap {
  entry: Omit<CoverageEntry, 'affected' | 'sample'>;
  affected: number;
  sample: string[];
}

export class CoverageRecorder {
  private readonly gaps = new Map<string, Gap>();
  private readonly oks: CoverageEntry[] = [];

  constructor(
    private readonly provider: ProviderId,
    private readonly account: string,
  ) {}

  ok(region: string, service: string, detail: string): void {
    this.oks.push({ provider: this.provider, account: this.account, region, service, status: 'ok', detail });
  }

  /** A failed read. `resourceId` is given when one resource's read failed rather than a listing. */
  gap(region: string, service: string, status: Exclude<CoverageStatus, 'ok'>, action: string, detail: string, resourceId?: string): void {
    const key = [region, service, status, action, detail].join('\u0000');
    let gap = this.gaps.get(key);
    if (!gap) {
      gap = { entry: { provider: this.provider, account: this.account, region, service, status, action, detail }, affected: 0, sample: [] };
      this.gaps.set(key, gap);
    }
    if (resourceId !== undefined) {
      gap.affected += 1;
      if (gap.sample.length < SAMPLE_SIZE) gap.sample.push(resourceId);
    }
  }

  entries(): CoverageEntry[] {
    const gaps = [...this.gaps.values()].map(({ entry, affected, sample }) =>
      affected > 0 ? { ...entry, affected, sample } : entry,
    );
    return [...gaps, ...this.oks];
  }
}
