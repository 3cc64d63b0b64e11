import { describe, expect, it } from 'vitest';
import { normaliseName, parseIdNumber, parsePhone, phoneSearchKey } from './index';

const TODAY = '2026-11-23';

describe('ID numbers (GB 11643)', () => {
  it('accepts the standard’s own example, with a lower-case x and spaces', () => {
    // GB 11643-1999 Annex: 11010519491231002X, a woman born 1949-12-31 in 北京市朝阳区.
    const r = parseIdNumber('110105 19491231 002x', TODAY);
    expect(r).toEqual({ ok: true, id: { value: '11010519491231002X', birthDate: '1949-12-31', sex: 'female', regionCode: '110105', converted: false } });
  });

  it('converts a legacy 15-digit number to the same 18-digit one', () => {
    const r = parseIdNumber('110105491231002', TODAY);
    expect(r.ok && r.id).toMatchObject({ value: '11010519491231002X', converted: true });
  });

  it.each([
    ['11010519491231002Y', 'FORMAT'],
    ['1101051949123100', 'FORMAT'],
    ['110105194912310021', 'CHECKSUM'], // one character off
    ['110105194902300020', 'BIRTH_DATE'], // 30 February (checksum correct)
    ['110105203001010028', 'BIRTH_DATE'], // born in 2030
    ['990105194912310023', 'REGION'], // 99 is no province
  ])('refuses %s (%s) with a Chinese message', (input, code) => {
    const r = parseIdNumber(input, TODAY);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problem.code).toBe(code);
      expect(r.problem.messageZh).toMatch(/身份证号码/);
    }
  });
});

describe('phones', () => {
  it.each([
    ['13803511234', 'mobile', '13803511234'],
    ['+86 138-0351-1234', 'mobile', '13803511234'],
    ['0086 13803511234', 'mobile', '13803511234'],
    ['8613803511234', 'mobile', '13803511234'],
    ['0351-7654321', 'landline', '0351-7654321'],
    ['(0351) 765 4321', 'landline', '0351-7654321'],
    ['010-62751234', 'landline', '010-62751234'],
    ['02088881234', 'landline', '020-88881234'],
  ])('normalises %s to a %s %s', (input, kind, value) => {
    const r = parsePhone(input);
    expect(r.ok && r.phone).toMatchObject({ kind, value });
  });

  it.each(['12345', '23803511234', '0351-0654321', '0351-1234567', 'call me'])('refuses %s', (input) => {
    const r = parsePhone(input);
    expect(r.ok).toBe(false);
  });

  // A landline's local number never starts with 0 or 1: say so, rather than ask for the format already entered.
  it.each([
    ['0351-1234567', '固定电话号码不能以 0 或 1 开头（区号 0351 后为 1234567）'],
    ['0351-0654321', '固定电话号码不能以 0 或 1 开头（区号 0351 后为 0654321）'],
    ['010-12345678', '固定电话号码不能以 0 或 1 开头（区号 010 后为 12345678）'],
    ['12345', '电话号码无效：应为11位手机号，或带区号的固定电话（如 0351-7654321）'],
    ['23803511234', '电话号码无效：应为11位手机号，或带区号的固定电话（如 0351-7654321）'],
    ['0351-76543', '电话号码无效：应为11位手机号，或带区号的固定电话（如 0351-7654321）'],
    ['call me', '电话号码只能包含数字'],
  ])('explains why %s is refused', (input, messageZh) => {
    const r = parsePhone(input);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problem.messageZh).toBe(messageZh);
      expect(r.problem.message).toBeTruthy();
    }
  });

  it.each([
    ['0351-7654321', { prefix: '0351-7654321', localNumber: null }],
    ['03517654321', { prefix: '0351-7654321', localNumber: null }],
    ['(0351) 765 4321', { prefix: '0351-7654321', localNumber: null }],
    ['035176', { prefix: '0351-76', localNumber: null }],
    ['0351', { prefix: '0351', localNumber: null }],
    ['01062751234', { prefix: '010-62751234', localNumber: null }],
    ['7654321', { prefix: '7654321', localNumber: '7654321' }],
    ['1380351', { prefix: '1380351', localNumber: null }],
    ['+86 138-0351-1234', { prefix: '13803511234', localNumber: null }],
    ['12', null],
    ['张建国', null],
  ])('searches the registry for %s in the stored form', (input, key) => {
    expect(phoneSearchKey(input)).toEqual(key);
  });
});

describe('names', () => {
  it('removes stray and full-width spaces inside Chinese names and unifies the middle dot', () => {
    expect(normaliseName(' 张　三 ')).toBe('张三');
    expect(normaliseName('阿依古丽・买买提')).toBe('阿依古丽·买买提');
    expect(normaliseName('John   Smith')).toBe('John Smith');
  });

  it('converts traditional characters to simplified, so 張偉 and 张伟 are one name', () => {
    expect(normaliseName('張偉')).toBe('张伟');
    expect(normaliseName('張 偉')).toBe('张伟');
    expect(normaliseName('陳秀蘭')).toBe('陈秀兰');
    expect(normaliseName('劉　建國')).toBe('刘建国');
    expect(normaliseName('鄭麗娟')).toBe(normaliseName('郑丽娟'));
  });

  it('leaves simplified names and surnames that are not variants alone', () => {
    expect(normaliseName('张伟')).toBe('张伟');
    expect(normaliseName('阎宝龙')).toBe('阎宝龙');
    expect(normaliseName('闫宝龙')).toBe('闫宝龙');
  });
});

