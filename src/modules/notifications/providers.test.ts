import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DevEmailProvider, DevSmsProvider } from './providers';

describe('development sinks', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'xinfang-sinks-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('log SMS and e-mail with the recipient masked and no full phone or ID number in the text', async () => {
    const text = '【信访】张三（身份证14010519800315123X，电话13812345678）的信访件XF1401052025000123已受理。';
    expect(await new DevSmsProvider(dir).send({ id: 'n1', to: '13900001111', text })).toEqual({ ok: true, providerMessageId: null });
    expect(await new DevEmailProvider(dir).send({ id: 'n2', to: 'liu.banli@example.gov.cn', subject: '来电 13812345678', text })).toMatchObject({ ok: true });
    const sms = JSON.parse(await readFile(join(dir, 'sms.log'), 'utf8')) as Record<string, string>;
    const email = JSON.parse(await readFile(join(dir, 'email.log'), 'utf8')) as Record<string, string>;
    expect(sms).toMatchObject({ id: 'n1', to: '139****1111', text: '【信访】张三（身份证**************123X，电话138****5678）的信访件XF1401052025000123已受理。' });
    expect(email).toMatchObject({ id: 'n2', to: 'l***@example.gov.cn', subject: '来电 138****5678' });
    const both = JSON.stringify([sms, email]);
    for (const full of ['13900001111', '14010519800315123X', '13812345678', 'liu.banli@']) expect(both).not.toContain(full);
  });
});
