import { z } from 'zod';

export const ErrorResponse = z.object({
  code: z.string(),
  message: z.string(),
  messageZh: z.string(),
  details: z.unknown().optional(),
});

// The date vocabulary is shared with the importer, which checks an archive's dates by the API's rules.
export { API_MAX_YEAR, API_MIN_YEAR, IsoDateString, IsoDateTimeString, isApiDate, isApiDateTime } from '../shared/dates';
