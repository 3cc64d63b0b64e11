import { z } from 'zod';

export const ErrorResponse = z.object({
  code: z.string(),
  message: z.string(),
  messageZh: z.string(),
  details: z.unknown().optional(),
});

export const IsoDateString = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');
