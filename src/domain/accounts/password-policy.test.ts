import { describe, expect, it } from 'vitest';
import { PASSWORD_MAX_LENGTH, isPassphrase, passwordProblems } from './password-policy';

const codes = (password: string, login = 'sx.leader') => passwordProblems({ password, login }).map((p) => p.code);

describe('password policy (ASVS L2 §2.1)', () => {
  it('accepts 12 characters or more of any kind, without composition rules', () => {
    expect(codes('correcthorse')).toEqual([]);
    expect(codes('信访工作平台的一个好密码')).toEqual([]);
    expect(codes('a'.repeat(11) + 'b')).toEqual([]);
  });

  it('refuses fewer than 12 characters unless it is a passphrase of 4 words', () => {
    expect(codes('Short1!')).toEqual(['tooShort']);
    expect(codes('abcdefghijk')).toEqual(['tooShort']);
    expect(codes('晋阳 汾河 太行 黄河')).toEqual([]);
    expect(isPassphrase('red fox jumps high')).toBe(true);
    expect(isPassphrase('red fox jumps')).toBe(false);
    expect(isPassphrase('a b c d e')).toBe(false);
    expect(isPassphrase('ab ab ab ab')).toBe(false);
  });

  it('counts Unicode characters, not bytes, and refuses more than 128', () => {
    expect(codes('密'.repeat(PASSWORD_MAX_LENGTH))).toEqual(['common']); // one character repeated
    expect(codes('密码'.repeat(64))).toEqual([]);
    expect(codes('x' + '密码'.repeat(64))).toEqual(['tooLong']);
  });

  it('refuses the login itself, in any case', () => {
    expect(codes('Administrator.x', 'administrator.x')).toEqual(['sameAsLogin']);
  });

  it('refuses the demo password and common passwords, case-insensitively, with a Chinese message', () => {
    expect(codes('Xinfang@2026')).toEqual(['common']);
    expect(codes('XINFANG@2026')).toEqual(['common']);
    expect(codes('P@ssw0rd1234')).toEqual(['common']);
    expect(codes('111111111111')).toEqual(['common']);
    const [p] = passwordProblems({ password: 'Xinfang@2026', login: 'admin' });
    expect(p?.messageZh).toMatch(/常见密码|演示密码/);
  });

  it('lists every problem at once', () => {
    expect(codes('admin', 'admin')).toEqual(['tooShort', 'sameAsLogin']);
  });
});
