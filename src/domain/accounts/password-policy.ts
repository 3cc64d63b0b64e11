/**
 * The password policy of staff accounts, after OWASP ASVS 4.0 L2 §2.1 (password security):
 * - at least 12 characters (2.1.1), or a passphrase of at least 4 words separated by spaces;
 * - at most 128 characters (2.1.2), so long passphrases work but hashing cannot be abused;
 * - any printable character, spaces and Chinese included, counted as Unicode code points (2.1.4), no truncation;
 * - no composition rules (2.1.9: no "must contain a digit and a symbol");
 * - not the login itself, and not a known-breached or common password (2.1.7), the demo password among them: it is
 *   printed in the README, so it may be set by the demo seed but never chosen as a new password.
 *
 * Pure: the caller (src/modules/auth/accounts.ts) adds the checks that need the stored hash (new ≠ current).
 */

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;
export const PASSPHRASE_MIN_WORDS = 4;
/** A word of a passphrase: at least this many characters (two Chinese characters make a word). */
const PASSPHRASE_MIN_WORD_LENGTH = 2;

/**
 * Passwords refused whatever their length: the demo password and the commonest long passwords of breach corpora
 * (including those popular in China). Compared case-insensitively. A deployment that wants the full HIBP corpus can
 * check it in front of this list; this one ships offline.
 */
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set(
  [
    'Xinfang@2026',
    'xinfang2026',
    'xinfang@123456',
    'xinfang123456',
    'xinfang@2025',
    'xinfang@2027',
    '123456789012',
    '1234567890123',
    '12345678901234',
    '123456123456',
    '123123123123',
    '111111111111',
    '000000000000',
    '888888888888',
    '666666666666',
    '147258369147',
    '123qweasdzxc',
    '1qaz2wsx3edc',
    '1q2w3e4r5t6y',
    'qwertyuiop12',
    'qwertyuiop123',
    'qwerty123456',
    'qwe123456789',
    'asdfghjkl123',
    'a123456789012',
    'abc123456789',
    'abcd12345678',
    'aa1234567890',
    'password1234',
    'password12345',
    'password123456',
    'passw0rd1234',
    'p@ssw0rd1234',
    'p@ssword1234',
    'admin1234567',
    'admin@123456',
    'admin123456789',
    'administrator',
    'administrator1',
    'iloveyou1234',
    'woaini131452',
    'woaini1314520',
    'woaini520520',
    '5201314520131',
    'zhang1234567',
    'wang12345678',
    'changeme1234',
    'welcome12345',
    'letmein12345',
    'huawei123456',
    'abcdefghijkl',
  ].map((p) => p.toLowerCase()),
);

export interface PasswordPolicyInput {
  password: string;
  /** The account's login: the password may not be it. */
  login: string;
}

/** One reason a password is refused; same shape as the API's validation problems (src/shared/errors.ts). */
export interface PasswordProblem {
  field: 'newPassword';
  code: 'tooShort' | 'tooLong' | 'sameAsLogin' | 'common';
  messageZh: string;
  message: string;
}

function words(password: string): string[] {
  return password.split(/\s+/u).filter(Boolean);
}

/** Whether the password is a passphrase: ≥ 4 space-separated words of ≥ 2 characters, at least 3 of them different. */
export function isPassphrase(password: string): boolean {
  const ws = words(password);
  return (
    ws.length >= PASSPHRASE_MIN_WORDS &&
    ws.every((w) => [...w].length >= PASSPHRASE_MIN_WORD_LENGTH) &&
    new Set(ws.map((w) => w.toLowerCase())).size >= PASSPHRASE_MIN_WORDS - 1
  );
}

/** Every reason the policy refuses the password (empty: acceptable), worded for the user in Chinese and English. */
export function passwordProblems(input: PasswordPolicyInput): PasswordProblem[] {
  const { password, login } = input;
  const length = [...password].length;
  const problems: PasswordProblem[] = [];
  if (length > PASSWORD_MAX_LENGTH) {
    problems.push({
      field: 'newPassword',
      code: 'tooLong',
      messageZh: `密码最长 ${PASSWORD_MAX_LENGTH} 个字符`,
      message: `a password has at most ${PASSWORD_MAX_LENGTH} characters`,
    });
  } else if (length < PASSWORD_MIN_LENGTH && !isPassphrase(password)) {
    problems.push({
      field: 'newPassword',
      code: 'tooShort',
      messageZh: `密码至少 ${PASSWORD_MIN_LENGTH} 个字符，或使用由至少 ${PASSPHRASE_MIN_WORDS} 个词组成、以空格分隔的密码短语`,
      message: `a password has at least ${PASSWORD_MIN_LENGTH} characters, or is a passphrase of at least ${PASSPHRASE_MIN_WORDS} words separated by spaces`,
    });
  }
  const normalized = password.trim().toLowerCase();
  if (normalized === login.trim().toLowerCase()) {
    problems.push({ field: 'newPassword', code: 'sameAsLogin', messageZh: '密码不能与登录名相同', message: 'the password may not be the login' });
  }
  if (COMMON_PASSWORDS.has(normalized) || /^(.)\1*$/u.test(normalized)) {
    problems.push({
      field: 'newPassword',
      code: 'common',
      messageZh: '该密码是常见密码或已泄露的密码（含演示密码），请换一个',
      message: 'the password is a common or known-breached password (the demo password included)',
    });
  }
  return problems;
}
