// The JSON report contract of DESIGN.md, as a schema the CLI's output must satisfy. Strict objects:
// a field added or renamed without updating the contract fails here.
import { z } from 'zod';

const severity = z.enum(['critical', 'high', 'medium', 'low', 'info']);
const provider = z.enum(['aws', 'azure', 'gcp']);
const severityCounts = z.strictObject({ critical: z.number().int(), high: z.number().int(), medium: z.number().int(), low: z.number().int(), info: z.number().int() });
const postureItem = z.strictObject({ status: z.string(), detail: z.string(), nextStep: z.string() });
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const findingSchema = z.strictObject({
  id: z.string().regex(/^[0-9a-f]{20}$/),
  checkId: z.string().regex(/^[a-z0-9-]+$/),
  title: z.string().min(1),
  severity,
  status: z.enum(['fail', 'unknown', 'suppressed']),
  score: z.number().int().min(0).max(100),
  reasons: z.array(z.strictObject({ factor: z.string(), points: z.number(), detail: z.string() })).min(1),
  resource: z.strictObject({ provider, account: z.string(), region: z.string(), type: z.string(), id: z.string(), name: z.string().optional() }),
  message: z.string().min(1),
  evidence: z.record(z.string(), z.unknown()),
  techniques: z.array(z.strictObject({ id: z.string().regex(/^T\d{4}(\.\d{3})?$/), name: z.string() })).min(1),
  mitigations: z.array(z.strictObject({ id: z.string().regex(/^M\d{4}$/), name: z.string() })),
  compliance: z.array(z.strictObject({ framework: z.string(), version: z.string(), controls: z.array(z.string()).min(1) })),
  remediation: z.strictObject({ text: z.string().min(1), command: z.string().min(1), docs: z.string().url().optional() }),
  // Suppressions (src/suppress.ts): the one that accepted the finding, or the expired one that no longer does.
  suppression: z.strictObject({ rule: z.string().min(1), reason: z.string().min(1), owner: z.string().min(1), expires: isoDate, originalStatus: z.enum(['fail', 'unknown']) }).optional(),
  suppressionExpired: z.strictObject({ rule: z.string().min(1), reason: z.string().min(1), owner: z.string().min(1), expires: isoDate }).optional(),
  // --baseline (src/baseline.ts): new or unchanged since the previous report, and what changed.
  baseline: z.enum(['new', 'unchanged']).optional(),
  previousScore: z.number().int().min(0).max(100).optional(),
  previousSeverity: severity.optional(),
  previousStatus: z.enum(['fail', 'unknown', 'suppressed']).optional(),
});

const resolvedFinding = z.strictObject({
  id: z.string().min(1),
  checkId: z.string().min(1),
  resource: z.strictObject({ provider, account: z.string(), region: z.string(), type: z.string().optional(), id: z.string(), name: z.string().optional() }),
  severity,
  score: z.number().min(0).max(100),
  status: z.enum(['fail', 'unknown']),
  outcome: z.enum(['resolved', 'not-rechecked']),
  why: z.string().min(1).optional(),
});

export const reportSchema = z.strictObject({
  tool: z.strictObject({ name: z.literal('snapaudit'), version: z.string().regex(/^\d+\.\d+\.\d+/) }),
  generatedAt: z.string().datetime(),
  scope: z.strictObject({
    providers: z.array(provider).min(1),
    accounts: z.array(
      z.strictObject({
        provider,
        id: z.string(),
        name: z.string().optional(),
        caller: z.string().optional(),
        organization: z.string().optional(),
        regions: z.array(z.string()),
        unreachable: z.string().optional(),
      }),
    ),
    requestedRegions: z.array(z.string()).optional(),
  }),
  summary: z.strictObject({
    bySeverity: severityCounts,
    byStatus: z.strictObject({ fail: z.number().int(), unknown: z.number().int(), suppressed: z.number().int() }),
    byProvider: z.record(z.string(), z.number().int()),
    byAccount: z.array(z.strictObject({ provider, account: z.string(), findings: z.number().int(), unreachable: z.boolean() })),
    resources: z.strictObject({
      snapshots: z.number().int(),
      images: z.number().int(),
      disks: z.number().int(),
      instances: z.number().int(),
      dbSnapshots: z.number().int(),
      databases: z.number().int(),
      backupVaults: z.number().int(),
      galleries: z.number().int(),
    }),
    checks: z.strictObject({ run: z.number().int(), passed: z.number().int(), failedToRun: z.array(z.strictObject({ checkId: z.string(), error: z.string() })) }),
    incomplete: z.boolean(),
    posture: z.array(z.strictObject({ provider, account: z.string(), audit: postureItem, userAccountManagement: postureItem })),
    suppressions: z.strictObject({ applied: z.number().int(), expired: z.array(z.string()), unused: z.array(z.string()) }).optional(),
    logs: z
      .strictObject({
        sources: z.array(z.string()),
        from: z.string().datetime().optional(),
        to: z.string().datetime().optional(),
        events: z.number().int(),
        relevant: z.number().int(),
        failedCalls: z.number().int(),
        benignCalls: z.number().int(),
        unparsed: z.number().int(),
        late: z.number().int(),
        rules: z.number().int(),
        chains: z.number().int(),
        notes: z.array(z.string()),
      })
      .optional(),
  }),
  findings: z.array(findingSchema),
  frameworks: z
    .array(
      z.strictObject({
        framework: z.strictObject({ id: z.string(), name: z.string(), version: z.string(), source: z.string() }),
        summary: z.record(z.string(), z.number().int()),
        controls: z.array(
          z.strictObject({
            control: z.string(),
            title: z.string(),
            status: z.enum(['fail', 'unknown', 'pass', 'not-assessed', 'not-covered']),
            checks: z.array(z.string()),
            counts: z.strictObject({ pass: z.number().int(), fail: z.number().int(), unknown: z.number().int() }),
            failingResources: z.number().int(),
          }),
        ),
      }),
    )
    .optional(),
  // Present with --baseline: the previous report, and its failing or unknown findings this scan did not report.
  baseline: z.strictObject({ version: z.string(), generatedAt: z.string().optional(), resolved: z.array(resolvedFinding) }).optional(),
  coverage: z.array(
    z.strictObject({
      provider,
      account: z.string(),
      region: z.string(),
      service: z.string(),
      status: z.enum(['ok', 'denied', 'error', 'skipped']),
      detail: z.string(),
      action: z.string().optional(),
      affected: z.number().int().optional(),
      sample: z.array(z.string()).optional(),
    }),
  ),
});

export type ReportJson = z.infer<typeof reportSchema>;
