// Primitives the estate schemas share.
import { z } from 'zod';

export const awsAccountId = z.string().regex(/^\d{12}$/, 'an AWS account id is 12 digits');
export const isoTime = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'an ISO-8601 time');
export const tags = z.record(z.string(), z.string());
