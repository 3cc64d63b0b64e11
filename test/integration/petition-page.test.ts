import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/tx';
import { idCheckCharacter } from '../../src/domain/identity';
import { BACKENDS } from '../helpers/context';
import { createTestApp, loginAs, requestAs, type Session, type TestApp } from '../helpers/app';

/**
 * Issue 14, items 12 and 13: the body handling a matter reads the petition it came from (text as received, channel
 * details, petitioners masked, attachments to preview and download, the matters it carries); a collective visit shows
 * its head count; matters split from one petition lead to each other; a split petition keeps its own title and text.
 */

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(512).map((b) => (b === 0x2f ? 0x30 : b))]);
const TEXT = Buffer.from('来信人补充说明：电梯停运两年。\n', 'utf8');

function form(files: { name: string; content: Buffer }[]) {
  const boundary = `----xinfang${randomBytes(8).toString('hex')}`;
  const parts = files.flatMap((f) => [
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${f.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`, 'utf8'),
    f.content,
    Buffer.from('\r\n'),
  ]);
  return { payload: Buffer.concat([...parts, Buffer.from(`--${boundary}--\r\n`)]), contentType: `multipart/form-data; boundary=${boundary}` };
}

describe.each(BACKENDS)('the petition page on %s', (backend) => {
  let t: TestApp;
  const s: Record<string, Session> = {};
  const as = (login: string) => s[login]!;
  const register = (payload: object) => requestAs(t.app, as('xd.xfj'), { method: 'POST', url: '/api/v1/petitions', payload });
  const letter = (over: object) => ({ channel: 'letter', receivedAt: '2025-11-19', regionCode: '140105', ...over });
  let petitionId = '';
  let matterIds: string[] = [];
  let files: { id: string; fileName: string }[] = [];

  beforeAll(async () => {
    t = await createTestApp(backend, '2025-11-20T02:00:00Z');
    for (const login of ['xd.xfj', 'xd.zjj.handler', 'yz.zjj.handler', 'sx.leader']) s[login] = await loginAs(t.app, login);
    const body = form([
      { name: '来信原件.pdf', content: PDF },
      { name: '现场照片.png', content: PNG },
      { name: '补充说明.txt', content: TEXT },
    ]);
    const up = await t.app.inject({ method: 'POST', url: '/api/v1/attachments', payload: body.payload, headers: { 'content-type': body.contentType, cookie: as('xd.xfj').cookie, 'x-csrf-token': as('xd.xfj').csrfToken } });
    expect(up.statusCode, up.body).toBe(201);
    files = up.json().items;
    // A letter of two demands (分诉求): the elevator to the housing bureau, the heating to the county government.
    const res = await register(
      letter({
        title: '反映小区电梯停运及供暖不热',
        content: '来信反映两件事：一是电梯停运两年；二是供暖不热。回电13912345678。',
        details: { postmarkOn: '2025-11-17', pages: 2 },
        petitioners: [{ name: '赵铁柱', idNumber: '140105197505051234', phone: '13700001111', address: '山西省太原市小店区坞城路12号3单元' }],
        demands: [
          { title: '反映小区电梯停运', content: '电梯停运两年无人维修。' },
          { title: '反映供暖不热', content: '室温不足十六度。' },
        ],
        attachmentIds: files.map((f) => f.id),
      }),
    );
    expect(res.statusCode, res.body).toBe(201);
    petitionId = res.json().petitionId;
    matterIds = res.json().matters.map((m: { matterId: string }) => m.matterId);
    // Only the first demand goes to the housing bureau: its handler sees that matter, not the other one.
    const cmd = async (login: string, matterId: string, payload: object) => {
      const r = await requestAs(t.app, as(login), { method: 'POST', url: `/api/v1/matters/${matterId}/commands`, payload });
      expect(r.statusCode, r.body.slice(0, 300)).toBe(200);
    };
    const [zjj] = await queryRows<{ id: string }>(t.ctx.db, sql`SELECT id FROM bodies WHERE code = '140105-zjj'`);
    await cmd('xd.xfj', matterIds[0]!, { type: 'classify', purpose: 'request', categoryPath: ['cxjs', 'cxjs.wygl'], art31Route: 'petitionProcedure' });
    await cmd('xd.xfj', matterIds[0]!, { type: 'forward', toBodyId: zjj!.id });
    await cmd('xd.zjj.handler', matterIds[0]!, { type: 'accept', procedure: 'ordinary' });
  });
  afterAll(() => t.close());

  it('shows the handling body the letter as received, its channel details, the petitioner masked and every matter it carries', async () => {
    const res = await requestAs(t.app, as('xd.xfj'), { url: `/api/v1/petitions/${petitionId}` });
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json();
    expect(page).toMatchObject({
      channel: 'letter',
      channelLabel: '来信',
      sourceLabel: '来信登记',
      receivedOn: '2025-11-19',
      regionName: '小店区',
      title: '反映小区电梯停运及供暖不热',
      details: { postmarkOn: '2025-11-17', pages: 2 },
      split: true,
      peopleCount: 1,
      collective: false,
    });
    expect(page.content).toContain('电梯停运两年');
    expect(page.petitioners).toEqual([
      expect.objectContaining({ name: '赵铁柱', idNumberMasked: '140105********1234', phoneMasked: '137****1111', address: '山西省太原市小店区****', isRepresentative: false }),
    ]);
    expect(res.body).not.toContain('140105197505051234');
    expect(res.body).not.toContain('坞城路12号');
    expect(page.matters.map((m: { id: string }) => m.id).sort()).toEqual([...matterIds].sort());
    expect(page.matters.every((m: { visible: boolean; relation: string }) => m.visible && m.relation === 'origin')).toBe(true);
    expect(page.matters.map((m: { title: string }) => m.title).sort()).toEqual(['反映供暖不热', '反映小区电梯停运']);
    expect(page.attachments.map((a: { fileName: string; preview: string | null }) => [a.fileName, a.preview]).sort()).toEqual([
      ['来信原件.pdf', 'pdf'],
      ['现场照片.png', 'image'],
      ['补充说明.txt', null],
    ].sort());
  });

  it('shows the housing bureau the petition of the matter it handles, and the other demand by its number only', async () => {
    const res = await requestAs(t.app, as('xd.zjj.handler'), { url: `/api/v1/petitions/${petitionId}` });
    expect(res.statusCode, res.body).toBe(200);
    const byId = new Map(res.json().matters.map((m: { id: string }) => [m.id, m]));
    expect(byId.get(matterIds[0])).toMatchObject({ visible: true, title: '反映小区电梯停运', statusLabel: expect.any(String) });
    expect(byId.get(matterIds[1])).toMatchObject({ visible: false, title: null, status: null });
    expect(res.body).not.toContain('反映供暖不热');
    expect(res.json().attachments).toHaveLength(3);
    const download = await requestAs(t.app, as('xd.zjj.handler'), { url: `/api/v1/attachments/${files[1]!.id}?inline=1` });
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('image/png');
    const sibling = (await requestAs(t.app, as('xd.zjj.handler'), { url: `/api/v1/matters/${matterIds[0]}` })).json();
    expect(sibling.matter.splitWith).toEqual([expect.objectContaining({ id: matterIds[1], title: null, visible: false })]);
  });

  it('masks numbers in the letter’s text for a role without petitioner.pii.read, and shows them to the desk', async () => {
    const leader = await requestAs(t.app, as('sx.leader'), { url: `/api/v1/petitions/${petitionId}` });
    expect(leader.statusCode).toBe(200);
    expect(leader.body).not.toContain('13912345678');
    const desk = await requestAs(t.app, as('xd.xfj'), { url: `/api/v1/petitions/${petitionId}` });
    expect(desk.json().content).toContain('13912345678');
  });

  it('previews an image or a PDF inline and downloads anything else, with the sandboxing headers', async () => {
    const [pdf, png, txt] = files;
    const inline = async (id: string) => requestAs(t.app, as('xd.xfj'), { url: `/api/v1/attachments/${id}?inline=1` });
    const p = await inline(pdf!.id);
    expect(p.statusCode).toBe(200);
    expect(p.headers['content-type']).toBe('application/pdf');
    expect(p.headers['content-disposition']).toMatch(/^inline; /);
    expect(p.headers['content-security-policy']).toContain('sandbox');
    expect(p.headers['x-content-type-options']).toBe('nosniff');
    expect((await inline(png!.id)).headers['content-disposition']).toMatch(/^inline; /);
    expect((await inline(txt!.id)).headers['content-disposition']).toMatch(/^attachment; /);
    const plain = await requestAs(t.app, as('xd.xfj'), { url: `/api/v1/attachments/${pdf!.id}` });
    expect(plain.headers['content-disposition']).toMatch(/^attachment; .*filename\*=UTF-8''%E6%9D%A5/);
    expect(Buffer.from(plain.rawPayload).equals(PDF)).toBe(true);
  });

  it('does not exist for staff who may see none of its matters, nor do its attachments', async () => {
    for (const url of [`/api/v1/petitions/${petitionId}`, `/api/v1/attachments/${files[0]!.id}?inline=1`, '/api/v1/petitions/00000000-0000-4000-8000-000000000000', '/api/v1/petitions/not-an-id']) {
      const res = await requestAs(t.app, as('yz.zjj.handler'), { url });
      expect(res.statusCode, url).toBe(404);
      expect(res.json().code).toBe('NOT_FOUND');
    }
  });

  it('links each matter of a split letter to the others on the matter page', async () => {
    const [first, second] = matterIds;
    const page = (await requestAs(t.app, as('xd.xfj'), { url: `/api/v1/matters/${first}` })).json();
    expect(page.matter.splitWith).toEqual([expect.objectContaining({ id: second, title: expect.any(String), petitionId, visible: true })]);
    const other = (await requestAs(t.app, as('xd.xfj'), { url: `/api/v1/matters/${second}` })).json();
    expect(other.matter.splitWith.map((m: { id: string }) => m.id)).toEqual([first]);
  });

  it('refuses a split letter without its own title and text, naming the petition’s fields', async () => {
    const res = await register(
      letter({
        title: ' ',
        content: '',
        details: { postmarkOn: '2025-11-17' },
        petitioners: [{ name: '钱某' }],
        demands: [
          { title: '反映甲', content: '甲事。' },
          { title: '反映乙', content: '乙事。' },
        ],
      }),
    );
    expect(res.statusCode).toBe(400);
    const problems = res.json().details.problems;
    expect(problems.map((p: { field: string }) => p.field)).toEqual(['title', 'content']);
    expect(problems.map((p: { messageZh: string }) => p.messageZh)).toEqual(['请填写信访件标题（概要）', '请填写信访件内容（全文）']);
  });

  it('shows the body handling a portal petition the citizen’s photo, which it can preview', async () => {
    const boundary = `----portal${randomBytes(8).toString('hex')}`;
    const payload = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="积水照片.png"\r\nContent-Type: image/png\r\n\r\n`),
      PNG,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const up = await t.app.inject({ method: 'POST', url: '/api/v1/portal/attachments', payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
    expect(up.statusCode, up.body).toBe(201);
    const [item] = up.json().items;
    const sent = await t.app.inject({
      method: 'POST',
      url: '/api/v1/portal/petitions',
      payload: {
        channel: 'online',
        name: '刘网民',
        idNumber: `14010519880808123${idCheckCharacter('14010519880808123')}`,
        phone: '13935110001',
        address: '山西省太原市小店区坞城路1号',
        regionCode: '140105',
        title: '反映小区门口道路长期积水',
        request: '请求疏通排水管道。',
        facts: '每逢下雨即积水。',
        reasons: '影响出行安全。',
        attachments: [{ id: item.id, token: item.uploadToken }],
        truthful: true,
      },
    });
    expect(sent.statusCode, sent.body).toBe(201);
    const [row] = await queryRows<{ petition_id: string; matter_id: string }>(
      t.ctx.db,
      sql`SELECT pm.petition_id, pm.matter_id FROM petition_matters pm JOIN petitions p ON p.id = pm.petition_id WHERE p.number = ${sent.json().number}`,
    );
    const [zjj] = await queryRows<{ id: string }>(t.ctx.db, sql`SELECT id FROM bodies WHERE code = '140105-zjj'`);
    for (const payload of [
      { type: 'classify', purpose: 'request', categoryPath: ['cxjs', 'cxjs.wygl'], art31Route: 'petitionProcedure' },
      { type: 'forward', toBodyId: zjj!.id },
    ]) {
      const r = await requestAs(t.app, as('xd.xfj'), { method: 'POST', url: `/api/v1/matters/${row!.matter_id}/commands`, payload });
      expect(r.statusCode, r.body.slice(0, 300)).toBe(200);
    }
    const page = await requestAs(t.app, as('xd.zjj.handler'), { url: `/api/v1/petitions/${row!.petition_id}` });
    expect(page.statusCode, page.body).toBe(200);
    expect(page.json()).toMatchObject({ source: 'portal', sourceLabel: '网上信访', attachments: [{ id: item.id, fileName: '积水照片.png', preview: 'image' }] });
    const shown = await requestAs(t.app, as('xd.zjj.handler'), { url: `/api/v1/attachments/${item.id}?inline=1` });
    expect(shown.statusCode).toBe(200);
    expect(shown.headers['content-disposition']).toMatch(/^inline; /);
    expect((await requestAs(t.app, as('yz.zjj.handler'), { url: `/api/v1/petitions/${row!.petition_id}` })).statusCode).toBe(404);
  });

  it('shows a group visit’s head count and its representatives on the matter page and the petition page', async () => {
    const reps = ['甲', '乙', '丙'].map((x, i) => ({ name: `王${x}`, phone: `1393511020${i}`, isRepresentative: true }));
    const res = await register({ channel: 'visit', receivedAt: '2025-11-20T09:10:00+08:00', regionCode: '140105', title: '反映征地补偿', content: '三十人走访反映征地补偿款未发放。', details: { peopleCount: 30 }, petitioners: reps });
    expect(res.statusCode, res.body).toBe(201);
    const page = (await requestAs(t.app, as('xd.xfj'), { url: `/api/v1/matters/${res.json().matters[0].matterId}` })).json();
    expect(page.matter).toMatchObject({ peopleCount: 30, facts: { collective: true }, splitWith: [] });
    expect(page.matter.petitioners.filter((p: { isRepresentative: boolean }) => p.isRepresentative)).toHaveLength(3);
    const petition = (await requestAs(t.app, as('xd.xfj'), { url: `/api/v1/petitions/${res.json().petitionId}` })).json();
    expect(petition).toMatchObject({ collective: true, peopleCount: 30, split: false });
    expect(petition.petitioners.every((p: { isRepresentative: boolean }) => p.isRepresentative)).toBe(true);
  });
});
