// One account and region: EC2, RDS and Backup read side by side. The network read (security
// groups, ACLs) is shared: instances and databases are both judged against it.
import { mergeInventories, type Inventory } from '../../src/model.js';
import { collectBackupRegion } from './backup-region.js';
import { collectEc2Region, readNetwork } from './ec2-region.js';
import { collectRdsRegion } from './rds-region.js';
import type { RegionJob } from './region-reads.js';

export async function collectAccountRegion(job: RegionJob): Promise<Inventory> {
  job.progress(`aws ${job.account} ${job.region}: reading`);
  const network = readNetwork(job);
  const parts = await Promise.all([collectEc2Region(job, network), collectRdsRegion(job, network), collectBackupRegion(job)]);
  return mergeInventories(parts);
}
