import { sql } from 'drizzle-orm';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/tx';
import { BACKENDS } from '../helpers/context';
import { createTestApp, loginAs, requestAs, type Session, type TestApp } from '../helpers/app';
import { issueAcceptanceNotice } from '../helpers/documents';

/**
 * Issue 18, 文书模板: the administrator edits a kind's closing, contact line, 落款 and 文种代字; the next document of
 * that kind is issued in the new words and numbered on the kind's sequence, the ones already issued keep theirs, and
 * the change is an event with its actor. Statutory text stays whatever the template says.
 */
describe.each(BACKENDS)('文书模板 on %s', (backend) => {
  let t: TestApp;
  let admin: Session;
  const body: Record<string, string> = {};
  const docxText = (raw: Buffer) => strFromU8(unzipSync(new Uint8Array(raw))['word/document.xml']!).replace(/<[^>]+>/g, '');

  beforeAll(async () => {
    t = await createTestApp(backend, '2025-11-20T02:00:00Z');
    admin = await loginAs(t.app, 'admin');
    for (const b of await queryRows<{ id: string; code: string }>(t.ctx.db, sql`SELECT id, code FROM bodies`)) body[b.code] = b.id;
  });
  afterAll(() => t.close());

  const acceptanceNotice = (title: string) => issueAcceptanceNotice(t, body['140105-zjj']!, title);
  const contentOf = async (id: string) =>
    (await queryRows<{ content: { paragraphs: string[]; note?: string; signatory?: string } }>(t.ctx.db, sql`SELECT content FROM documents WHERE id = ${id}`))[0]!.content;

  it('shows today’s texts by default, each kind with its statutory content', async () => {
    const res = await requestAs(t.app, admin, { url: '/api/v1/settings/document-templates' });
    expect(res.statusCode).toBe(200);
    const acc = res.json().items.find((i: { kind: string }) => i.kind === 'acceptanceNotice');
    expect(acc).toMatchObject({ edited: false, template: { kindWord: '受告', closing: '特此告知。', signature: '{机关}', seal: false, paragraphs: [], contact: '' } });
    expect(acc.statutory).toContain('30日');
    expect(res.json().history).toEqual([]);
    const handler = await loginAs(t.app, 'xd.zjj.handler');
    expect((await requestAs(t.app, handler, { url: '/api/v1/settings/document-templates' })).statusCode).toBe(403);
  });

  it('an edit changes the next document, not those already issued; the sequence continues under the new 代字; the event has the actor', async () => {
    const before = await acceptanceNotice('反映小区绿地被占');
    expect(before.number).toMatch(/^小店建受告〔2025〕(\d+)号$/);
    const seq = Number(/〔2025〕(\d+)号/.exec(before.number)![1]);

    const template = { kindWord: '受理告', closing: '特此告知，请妥善保存本告知书。', paragraphs: ['如对办理过程有疑问，可在工作日向本机关咨询。'], contact: '联系人：王某，联系电话：0351-7654321', signature: '{机关}（信访专用）', seal: true };
    const put = await requestAs(t.app, admin, { method: 'PUT', url: '/api/v1/settings/document-templates/acceptanceNotice', payload: template });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json().items.find((i: { kind: string }) => i.kind === 'acceptanceNotice')).toMatchObject({ edited: true, template });
    expect(put.json().history[0]).toMatchObject({ actor: { login: 'admin' }, changes: [{ kind: 'acceptanceNotice', fields: expect.arrayContaining([{ field: 'closing', labelZh: '结束语', before: '特此告知。', after: template.closing }]) }] });

    const after = await acceptanceNotice('反映小区路灯不亮');
    expect(after.number).toBe(`小店建受理告〔2025〕${seq + 1}号`);
    const text = await contentOf(after.id);
    expect(text.paragraphs.slice(-2)).toEqual([template.paragraphs[0], template.closing]);
    expect(text.paragraphs.join('')).toContain('30日内请求原办理机关、单位的上一级机关、单位复查');
    expect(text).toMatchObject({ note: template.contact, signatory: '太原市小店区住房和城乡建设局（信访专用）' });
    const handler = await loginAs(t.app, 'xd.zjj.handler');
    const file = await requestAs(t.app, handler, { url: `/api/v1/documents/${after.id}/docx` });
    const printed = docxText(file.rawPayload);
    expect(printed).toContain(template.closing);
    expect(printed).toContain(`（${template.contact}）`);
    expect(printed).toContain('（印章）');

    // The one issued before keeps its words and number.
    const old = await contentOf(before.id);
    expect(old.paragraphs.at(-1)).toBe('特此告知。');
    expect(old).not.toHaveProperty('note');
    expect(docxText((await requestAs(t.app, handler, { url: `/api/v1/documents/${before.id}/docx` })).rawPayload)).not.toContain(template.closing);

    const events = await queryRows<{ type: string; actor_user_id: string | null }>(t.ctx.db, sql`SELECT type, actor_user_id FROM events WHERE entity_type = 'setting' AND entity_id = 'documentTemplates'`);
    expect(events).toEqual([{ type: 'setting.changed', actor_user_id: admin.user.id }]);
  });

  it('refuses a 代字 another kind has or had, and a malformed part, in Chinese', async () => {
    const current = (await requestAs(t.app, admin, { url: '/api/v1/settings/document-templates/conversionNotice' })).json().template;
    const taken = await requestAs(t.app, admin, { method: 'PUT', url: '/api/v1/settings/document-templates/conversionNotice', payload: { ...current, kindWord: '转' } });
    expect(taken.statusCode).toBe(400);
    expect(taken.json().messageZh).toContain('已由转送函使用');
    // 受告 was the acceptance notice's until the edit above: its numbers this year carry it.
    const had = await requestAs(t.app, admin, { method: 'PUT', url: '/api/v1/settings/document-templates/conversionNotice', payload: { ...current, kindWord: '受告' } });
    expect(had.json().messageZh).toContain('曾由受理告知书使用');
    const blank = await requestAs(t.app, admin, { method: 'PUT', url: '/api/v1/settings/document-templates/conversionNotice', payload: { ...current, signature: ' ' } });
    expect(blank.json().messageZh).toContain('落款');
  });

  it('previews a sample in the template in force or in a draft, without saving the draft', async () => {
    const current = await requestAs(t.app, admin, { url: '/api/v1/settings/document-templates/acceptanceNotice/preview.docx' });
    expect(current.statusCode).toBe(200);
    expect(current.headers['content-type']).toContain('wordprocessingml');
    expect(docxText(current.rawPayload)).toContain('特此告知，请妥善保存本告知书。');
    const draft = { kindWord: '受告函', closing: '特此函告。', paragraphs: [], contact: '', signature: '{机关}', seal: false };
    const drafted = await requestAs(t.app, admin, { method: 'POST', url: '/api/v1/settings/document-templates/acceptanceNotice/preview.docx', payload: draft });
    expect(drafted.statusCode, drafted.body.slice(0, 200)).toBe(200);
    const printed = docxText(drafted.rawPayload);
    expect(printed).toContain('特此函告。');
    expect(printed).toContain('受告函〔2026〕1号');
    expect(printed).toContain('请求原办理机关、单位的上一级机关、单位复查');
    const view = await requestAs(t.app, admin, { url: '/api/v1/settings/document-templates/acceptanceNotice' });
    expect(view.json().template.closing).toBe('特此告知，请妥善保存本告知书。');
  });
});
