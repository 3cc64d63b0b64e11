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
