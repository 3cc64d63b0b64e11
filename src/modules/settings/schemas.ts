import { z } from 'zod';
import { TIME_LIMIT_NAMES } from '../../domain/lifecycle';

/** The API contract of 办理时限 (the deployment's time limits). */

const Unit = z.enum(['days', 'workingDays']);
const Limit = z.object({ unit: Unit, amount: z.number().int(), article: z.string() });

export const TimeLimitsView = z.object({
  items: z.array(
    Limit.extend({
      name: z.enum(TIME_LIMIT_NAMES),
      labelZh: z.string(),
      national: Limit,
      bounds: z.object({ min: z.number().int(), max: z.number().int() }).describe('the amounts the statute allows a deployment'),
      overridden: z.boolean(),
    }),
  ),
  history: z.array(
    z.object({
      id: z.number(),
      occurredAt: z.string(),
      actor: z.object({ login: z.string(), name: z.string() }).nullable().describe('null: the system (the XINFANG_TIME_LIMITS file adopted at start)'),
      source: z.string().nullable(),
      changes: z.array(z.object({ name: z.enum(TIME_LIMIT_NAMES), labelZh: z.string(), before: Limit, after: Limit })),
    }),
  ),
});

export const TimeLimitsInput = z.object({
  limits: z.partialRecord(z.enum(TIME_LIMIT_NAMES), z.object({ unit: Unit, amount: z.number().int().min(0).max(3650), article: z.string().max(200) })),
});
