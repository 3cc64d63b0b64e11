import { z } from 'zod';

/** Every 4xx/5xx answer; named, so the OpenAPI document states it once (#/components/schemas/Error). */
export const ErrorResponse = z
  .object({
    code: z.string(),
    message: z.string(),
    messageZh: z.string(),
    details: z.unknown().optional(),
  })
  .meta({ id: 'Error' });

// The date vocabulary is shared with the importer, which checks an archive's dates by the API's rules.
export { API_MAX_YEAR, API_MIN_YEAR, IsoDateString, IsoDateTimeString, isApiDate, isApiDateTime } from '../shared/dates';

/**
 * A page of a keyset list (the matter list, the triage queue): the rows, the total (`totalExact` false: counted up to a
 * cap) and where the next page starts.
 */
export function keysetPage<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number(),
    totalExact: z.boolean().describe('false: more than `total` match (a filter the read model does not keep is counted up to 1,000)'),
    nextCursor: z.string().nullable().describe('the next page’s `cursor`; null on the last page'),
  });
}
