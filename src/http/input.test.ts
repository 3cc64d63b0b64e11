import { describe, expect, it } from 'vitest';
import { findControlCharacter, MAX_DEPTH } from './input-guard';
import { IsoDateString, IsoDateTimeString, isApiDate, isApiDateTime } from './schemas';

describe('the input guard', () => {
  it('finds control characters and lone surrogates anywhere, keys included, and names where', () => {
    expect(findControlCharacter({ a: ['ok', { b: 'x\u0000y' }] }, 'body')).toEqual({ path: 'body.a[1].b', problem: 'control' });
    expect(findControlCharacter({ 'k\u001b': 1 }, 'body')?.problem).toBe('control');
    expect(findControlCharacter('x\u007f', 'query')?.problem).toBe('control');
    expect(findControlCharacter({ s: 'a\ud800b' }, 'body')?.problem).toBe('control');
    expect(findControlCharacter({ s: 'a\udc00' }, 'body')?.problem).toBe('control');
  });

  it('lets tab, line breaks, emoji (surrogate pairs) and Chinese text through', () => {
    expect(findControlCharacter({ content: '第一行\r\n第二行\t缩进 😀 「引号」' }, 'body')).toBeNull();
    expect(findControlCharacter([1, true, null, { n: 2.5 }], 'body')).toBeNull();
    expect(findControlCharacter(undefined, 'body')).toBeNull();
  });

  it('refuses nesting deeper than MAX_DEPTH without recursing (no stack overflow on a very deep body)', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 100_000; i += 1) deep = [deep];
    expect(findControlCharacter(deep, 'body')?.problem).toBe('depth');
    let ok: unknown = 'x';
    for (let i = 0; i < MAX_DEPTH - 1; i += 1) ok = { a: ok };
    expect(findControlCharacter(ok, 'body')).toBeNull();
  });
});

describe('API dates', () => {
  it('takes real dates from 1949 to 2100 only', () => {
    for (const ok of ['1949-01-01', '2024-02-29', '2025-09-26', '2100-12-31']) expect(isApiDate(ok), ok).toBe(true);
    for (const bad of ['2025-02-29', '2025-02-30', '2025-13-01', '2025-00-10', '1948-12-31', '2101-01-01', '9999-12-31', '+010000-01-01', '2025-9-1', '2025-09-26T00:00'])
      expect(isApiDate(bad), bad).toBe(false);
    const refused = IsoDateString.safeParse('2025-02-30');
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]?.message).toMatch(/真实日期.*1949-01-01 至 2100-12-31/);
  });

  it('takes dates with an optional time of day and offset, checked the same way', () => {
    for (const ok of ['2025-09-26', '2025-09-26T09:30', '2025-09-26 09:30:15', '2025-09-26T09:30:00.123+08:00', '2025-09-26T01:30:00Z', '2025-09-26T09:30:00+0800'])
      expect(isApiDateTime(ok), ok).toBe(true);
    for (const bad of ['2025-02-30T10:00', '2025-09-26T24:00', '2025-09-26T10:60', '2025-09-26T10:00+15:00', '9999-12-31T00:00Z', 'yesterday', '275760-09-13'])
      expect(isApiDateTime(bad), bad).toBe(false);
    expect(IsoDateTimeString.safeParse('2025-09-26T09:30:00+08:00').success).toBe(true);
  });
});
