import { describe, expect, it } from 'vitest';
import { chinaDateTimeString, chinaNow, chinaToday, chinaTodayValue, formatChina } from '../../web/src/chinaTime';

/**
 * Issue 14, item 14: the web app's dates are China dates whatever the browser's zone. At 07:00 in Beijing it is
 * 23:00 UTC of the previous day; a browser in UTC must still default the receipt date to the Beijing date.
 */
describe('China time in the web app', () => {
  const beforeDawnUtc = new Date('2025-11-19T23:00:00Z'); // 2025-11-20 07:00 in Beijing

  it('gives the Beijing date and time, not the browser’s', () => {
    expect(chinaToday(beforeDawnUtc)).toBe('2025-11-20');
    expect(chinaNow(beforeDawnUtc).format('YYYY-MM-DD HH:mm')).toBe('2025-11-20 07:00');
    expect(chinaTodayValue(beforeDawnUtc).format('YYYY-MM-DD')).toBe('2025-11-20');
  });

  it('sends a picked date-time as Beijing time, and shows an instant in Beijing time', () => {
    expect(chinaDateTimeString(chinaNow(beforeDawnUtc))).toBe('2025-11-20T07:00:00+08:00');
    expect(new Date(chinaDateTimeString(chinaNow(beforeDawnUtc))).getTime()).toBe(beforeDawnUtc.getTime());
    expect(formatChina('2025-11-19T16:30:00.000Z')).toBe('2025-11-20 00:30');
    expect(formatChina('2025-11-19T16:30:00.000Z', 'YYYY年M月D日 HH:mm')).toBe('2025年11月20日 00:30');
  });

  it('turns midnight in Beijing over at 16:00 UTC', () => {
    expect(chinaToday(new Date('2025-12-31T15:59:59Z'))).toBe('2025-12-31');
    expect(chinaToday(new Date('2025-12-31T16:00:00Z'))).toBe('2026-01-01');
  });
});
