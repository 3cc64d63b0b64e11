import { describe, expect, it } from 'vitest';
import { redactContactNumbers as redact, redactNames } from './notices';

const ID = '［身份证号码略］';
const TEL = '［电话号码略］';

describe('redactContactNumbers', () => {
  it('masks 18- and 15-digit ID numbers, with a trailing X in either case', () => {
    expect(redact('身份证140105198001011233')).toBe(`身份证${ID}`);
    expect(redact('身份证号：14010519800101123X，')).toBe(`身份证号：${ID}，`);
    expect(redact('证件14010519800101123x')).toBe(`证件${ID}`);
    expect(redact('老证号140105800101123。')).toBe(`老证号${ID}。`);
    expect(redact('ID140105198001011233')).toBe(`ID${ID}`);
  });

  it('masks mobiles written plain, grouped by spaces or dashes, and with +86 / 0086 / (+86)', () => {
    expect(redact('联系电话13912345678')).toBe(`联系电话${TEL}`);
    expect(redact('信访人联系电话13912345678，')).toBe(`信访人联系电话${TEL}，`);
    expect(redact('手机 139 1234 5678')).toBe(`手机 ${TEL}`);
    expect(redact('手机139-1234-5678')).toBe(`手机${TEL}`);
    expect(redact('+86 139 1234 5678')).toBe(TEL);
    expect(redact('+86-13912345678')).toBe(TEL);
    expect(redact('0086 13912345678')).toBe(TEL);
    // Run together it is 15 digits, masked as an ID-like number: masked all the same.
    expect(redact('008613912345678')).not.toMatch(/\d/);
    expect(redact('（+86）13912345678')).toBe(TEL);
    expect(redact('Tel:13912345678')).toBe(`Tel:${TEL}`);
  });

  it('masks landlines with an area code', () => {
    expect(redact('座机0351-7654321')).toBe(`座机${TEL}`);
    expect(redact('座机（0351）7654321')).toBe(`座机${TEL}`);
    expect(redact('(010)62345678')).toBe(TEL);
    expect(redact('0351 76543210')).toBe(TEL);
  });

  it('masks every number in a text that has several', () => {
    expect(redact('身份证140105198001011233，电话13912345678或0351-7654321')).toBe(`身份证${ID}，电话${TEL}或${TEL}`);
  });

  it('leaves amounts, dates, matter and petition numbers and other short numbers alone', () => {
    const plain = [
      '2018年7月起拖欠工资310000元',
      '2026年11月3日缴纳1800元，发票号20261103',
      '见XF1401052026000004、XJ1401052026000012、XJ140105202600000123号，xf1401052026000004',
      '2025-11-20 09:30，第3号楼1201室，面积89.5平方米，门牌7654321',
      '13912345678901（银行流水号）与1391234567（十位数）',
      '邮编030006，区划140105',
    ].join('；');
    expect(redact(plain)).toBe(plain);
  });
});

describe('redactNames', () => {
  it('writes the petitioners of a public text as 「王某」, the longest name first', () => {
    expect(redactNames('王建国反映小区电梯停运，王建国之妻王芳陪同。', ['王芳', '王建国'])).toBe('王某反映小区电梯停运，王某之妻王某陪同。');
    expect(redactNames('欧阳明远与司马光复议', ['欧阳明远', '司马光'])).toBe('欧阳某与司马某复议');
  });
  it('leaves other words, single characters and texts without the names alone', () => {
    expect(redactNames('王某某反映的问题', ['王'])).toBe('王某某反映的问题');
    expect(redactNames('小区电梯停运', ['张伟'])).toBe('小区电梯停运');
  });
});
