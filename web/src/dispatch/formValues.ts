import dayjs from 'dayjs';

// Form values to command fields: a picked date as YYYY-MM-DD, a text trimmed, and nothing for what was left empty.
export const day = (v: unknown): string | undefined => (dayjs.isDayjs(v) ? v.format('YYYY-MM-DD') : undefined);
export const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
