import { describe, expect, it } from 'vitest';
import { csvField, decodeText, parseCsv } from './csv';

describe('parseCsv', () => {
  it('reads quoted fields, doubled quotes, line breaks inside quotes and CRLF', () => {
    expect(parseCsv('\ufeffa,b,c\r\n"x, y","say ""hi""","two\nlines"\r\n,,\n')).toEqual([
      ['a', 'b', 'c'],
      ['x, y', 'say "hi"', 'two\nlines'],
      ['', '', ''],
    ]);
  });
  it('keeps a last line without a line break', () => {
    expect(parseCsv('a,b\n1,2')).toEqual([['a', 'b'], ['1', '2']]);
  });
  it('round-trips through csvField', () => {
    const values = ['嵊州市信访局', 'a,b', 'He said "no"', 'line\nbreak'];
    expect(parseCsv(values.map(csvField).join(',') + '\n')).toEqual([values]);
  });
});

describe('decodeText', () => {
  it('reads UTF-8 and falls back to GB18030 (Excel’s CSV on Chinese Windows)', () => {
    expect(decodeText(new TextEncoder().encode('单位代码'))).toBe('单位代码');
    // 「信访」 in GB18030.
    expect(decodeText(new Uint8Array([0xd0, 0xc5, 0xb7, 0xc3]))).toBe('信访');
  });
});
