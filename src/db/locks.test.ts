import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOCKS, RETIRED_LOCK_KEYS } from './locks';

const SRC = join(import.meta.dirname, '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.test.ts') ? [path] : [];
  });
}

describe('the advisory-lock registry', () => {
  const keys = Object.values(LOCKS).map((l) => l.key);

  it('gives every lock its own key, never a retired one, each fitting the form it is used in', () => {
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.filter((k) => RETIRED_LOCK_KEYS.includes(k))).toEqual([]);
    // A per-subject class is the first of two 32-bit keys.
    for (const lock of Object.values(LOCKS)) expect(Number.isInteger(lock.key) && lock.key > 0 && lock.key < 2 ** 31).toBe(true);
  });

  it('says why each lock exists', () => {
    for (const [name, lock] of Object.entries(LOCKS)) expect(lock.why.length, name).toBeGreaterThan(40);
  });

  it('is the only place in src that takes an advisory lock or names a key', () => {
    const offenders = sourceFiles(SRC)
      .filter((f) => !f.endsWith(join('db', 'locks.ts')))
      .flatMap((f) => {
        const text = readFileSync(f, 'utf8');
        const hits = [/pg_(try_)?advisory/.test(text) ? 'pg_advisory' : null, ...keys.filter((k) => text.includes(String(k))).map(String)];
        return hits.filter(Boolean).map((h) => `${relative(SRC, f)}: ${h}`);
      });
    expect(offenders).toEqual([]);
  });
});
