import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/tx';
import { BACKENDS } from '../helpers/context';
import { createTestApp, loginAs, requestAs, type Session, type TestApp } from '../helpers/app';
import { issueAcceptanceNotice } from '../helpers/documents';

/**
 * Issue 14, item 16e: every body numbers its documents with a 机关代字 (晋信, 并建, 小店建), never its full name; the
 * demo bodies have real-looking ones, and the administrator changes a body's through the API.
 */
describe.each(BACKENDS)('机关代字 on %s', (backend) => {
  let t: TestApp;
  let admin: Session;
  const body: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp(backend, '2025-11-20T02:00:00Z');
    admin = await loginAs(t.app, 'admin');
    for (const b of await queryRows<{ id: string; code: string }>(t.ctx.db, sql`SELECT id, code FROM bodies`)) body[b.code] = b.id;
  });
  afterAll(() => t.close());

  const acceptanceNoticeNumber = async (title: string) => (await issueAcceptanceNotice(t, body['140105-zjj']!, title)).number;

  it('gives every demo body that issues documents a short 代字, the bureaus’ as Shanxi’s', async () => {
    const rows = await queryRows<{ code: string; name: string; abbreviation: string | null; kind: string }>(t.ctx.db, sql`SELECT code, name, abbreviation, kind FROM bodies`);
    const of = (code: string) => rows.find((r) => r.code === code)!.abbreviation;
    expect([of('sx-xfj'), of('ty-xfj'), of('ty-zjj'), of('ty-gov'), of('140105-zjj'), of('140105-gov')]).toEqual(['晋信', '并信', '并建', '并政', '小店建', '小店政']);
    for (const r of rows.filter((x) => !['registrationDesk', 'acceptanceOffice', 'supervisionOffice'].includes(x.kind))) {
      expect(r.abbreviation, r.name).toMatch(/^[\u4e00-\u9fff]{1,6}$/);
      expect(r.abbreviation!.length, r.name).toBeLessThan(r.name.length);
    }
  });

  it('numbers a body’s documents with its 代字; the administrator changes it and the next number follows', async () => {
    expect(await acceptanceNoticeNumber('反映小区绿地被占')).toMatch(/^小店建受告〔2025〕\d+号$/);

    const put = (id: string, abbreviation: string | null, as = admin) => requestAs(t.app, as, { method: 'PUT', url: `/api/v1/bodies/${id}/abbreviation`, payload: { abbreviation } });
    const bad = await put(body['140105-zjj']!, 'XD-1');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().messageZh).toContain('须为 1–8 个汉字');
    const taken = await put(body['140105-zjj']!, '晋信');
    expect(taken.statusCode).toBe(400);
    expect(taken.json().messageZh).toBe('机关代字「晋信」已由山西省信访局使用');
    const refused = await put(body['140105-zjj']!, '小建', await loginAs(t.app, 'xd.zjj.leader'));
    expect(refused.statusCode).toBe(403);
    expect(refused.json().messageZh).toBe('当前角色无「系统管理」权限');

    const set = await put(body['140105-zjj']!, ' 小住建 ');
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toMatchObject({ abbreviation: '小住建', prefix: '小住建', name: '太原市小店区住房和城乡建设局' });
    expect(await acceptanceNoticeNumber('反映小区路灯不亮')).toMatch(/^小住建受告〔2025〕\d+号$/);
    const [event] = await queryRows<{ payload: { before: string; after: string } }>(t.ctx.db, sql`SELECT payload FROM events WHERE type = 'body.abbreviationChanged' ORDER BY id DESC LIMIT 1`);
    expect(event!.payload).toEqual({ before: '小店建', after: '小住建' });

    // Cleared, the body numbers under the short form derived from its name, not the full name.
    const cleared = await put(body['140105-zjj']!, null);
    expect(cleared.json()).toMatchObject({ abbreviation: null, prefix: '小店建' });
    expect(await acceptanceNoticeNumber('反映小区垃圾清运不及时')).toMatch(/^小店建受告〔2025〕\d+号$/);
  });
});
