import { createHash, randomBytes } from 'node:crypto';
import { readdir, stat, utimes, writeFile, mkdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { Readable } from 'node:stream';
import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachments, bodies, events, matters, petitionMatters, petitions } from '../../src/db/schema';
import { verifyChain } from '../../src/modules/audit/verify';
import { loadStaffPrincipal, type StaffPrincipal } from '../../src/modules/auth/principal';
import { ATTACHMENT_LIMITS } from '../../src/modules/attachments/config';
import { linkAttachments, storeAttachment, storeAttachments } from '../../src/modules/attachments/service';
import { sweepUnlinkedAttachments } from '../../src/modules/attachments/sweep';
import { buildApp } from '../../src/http/app';
import type { FastifyInstance } from 'fastify';
import { LocalAttachmentStore } from '../../src/modules/attachments/store';
import { BACKENDS, createTestContext, type TestContext } from '../helpers/context';
import { seedDemo } from '../../src/modules/demo/seed';
import { createTestApp, loginAs, type Session, type TestApp } from '../helpers/app';
import { rejectionText } from '../helpers/errors';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
/**
 * A PDF header and random bytes with no '/': random bytes would spell /JS or /AA (PDF names the active-content check
 * refuses) about once in 16 MB, so an "ordinary" test file must not contain names at all.
 */
const pdf = (bodyBytes = 2048) => Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(bodyBytes).map((b) => (b === 0x2f ? 0x30 : b))]);
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.from([0x90, 0, 3, 0]), Buffer.alloc(58), Buffer.from('PE\0\0This program cannot be run in DOS mode.')]);

/** A multipart/form-data body as a browser sends it (file names as raw UTF-8). */
function form(files: { name: string; content: Buffer; type?: string }[]) {
  const boundary = `----xinfang${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const f of files) {
    chunks.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${f.name}"\r\nContent-Type: ${f.type ?? 'application/octet-stream'}\r\n\r\n`, 'utf8'),
      f.content,
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** Every file under a directory, relative to it. */
async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string) => {
    for (const entry of await readdir(d, { withFileTypes: true }).catch(() => [])) {
      const p = join(d, entry.name);
      if (entry.isDirectory()) await walk(p);
      else out.push(relative(dir, p));
    }
  };
  await walk(dir);
  return out.sort();
}

describe.each(BACKENDS)('attachments on %s', (backend) => {
  let t: TestApp;
  let registrar: Session;
  let xd: Session;
  let yz: Session;
  let store: LocalAttachmentStore;
  beforeAll(async () => {
    t = await createTestApp(backend, '2025-11-20T02:00:00Z');
    registrar = await loginAs(t.app, 'sx.registrar');
    xd = await loginAs(t.app, 'xd.zjj.handler');
    yz = await loginAs(t.app, 'yz.zjj.handler');
    store = t.ctx.attachments as LocalAttachmentStore;
  });
  afterAll(() => t.close());

  const upload = (s: Session, files: { name: string; content: Buffer; type?: string }[]) => {
    const { payload, contentType } = form(files);
    return t.app.inject({
      method: 'POST',
      url: '/api/v1/attachments',
      payload,
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrfToken, 'content-type': contentType },
    });
  };
  const download = (s: Session, id: string) => t.app.inject({ method: 'GET', url: `/api/v1/attachments/${id}`, headers: { cookie: s.cookie } });
  const rowCount = async () => (await t.ctx.db.select({ n: count() }).from(attachments))[0]!.n;
  const principal = async (s: Session) => (await loadStaffPrincipal(t.ctx.db, s.user.id, 'session')) as StaffPrincipal;

  /** A petition carrying one of 小店区住建局's matters (the registration service will create these). */
  async function petitionOfXdMatter(n: number): Promise<string> {
    const [xdBody] = await t.ctx.db.select().from(bodies).where(eq(bodies.name, '太原市小店区住房和城乡建设局'));
    const [m] = await t.ctx.db.select().from(matters).where(eq(matters.responsibleBodyId, xdBody!.id)).limit(1);
    const [p] = await t.ctx.db
      .insert(petitions)
      .values({
        number: `XJTEST${n}`,
        channel: 'letter',
        receivedAt: t.ctx.now(),
        receivedOn: '2025-11-20',
        regionCode: m!.regionCode,
        registeringBodyId: m!.registeringBodyId,
        source: 'desk',
        title: '测试信访件',
        content: '测试',
      })
      .returning();
    await t.ctx.db.insert(petitionMatters).values({ petitionId: p!.id, matterId: m!.id, relation: 'repeat' });
    return p!.id;
  }

  it('uploads a file and downloads the same bytes, named in UTF-8, typed by content, never sniffed', async () => {
    const bytes = pdf(100_000);
    const res = await upload(registrar, [{ name: '信访材料（第1页）.pdf', content: bytes, type: 'text/html' }]);
    expect(res.statusCode, res.body).toBe(201);
    const [item] = res.json().items;
    expect(item).toMatchObject({ fileName: '信访材料（第1页）.pdf', mediaType: 'application/pdf', size: bytes.length, sha256: sha256(bytes) });

    const got = await download(registrar, item.id);
    expect(got.statusCode).toBe(200);
    expect(sha256(got.rawPayload)).toBe(item.sha256);
    expect(got.headers['content-type']).toBe('application/pdf');
    expect(got.headers['x-content-type-options']).toBe('nosniff');
    // The download keeps its own, stricter policy rather than the app's.
    expect(got.headers['content-security-policy']).toBe("default-src 'none'; sandbox");
    expect(got.headers['content-length']).toBe(String(bytes.length));
    expect(got.headers['content-disposition']).toBe(
      `attachment; filename="______1__.pdf"; filename*=UTF-8''${encodeURIComponent('信访材料（第1页）.pdf')}`,
    );
    const [row] = await t.ctx.db.select().from(attachments).where(eq(attachments.id, item.id));
    expect(row).toMatchObject({ petitionId: null, uploadedVia: 'staff', uploadedByUserId: registrar.user.id, storageKey: `sha256/${item.sha256.slice(0, 2)}/${item.sha256.slice(2, 4)}/${item.sha256}` });
    expect(await store.exists(row!.storageKey)).toBe(true);
  });

  it('uploads several files at once and gives a text file claiming to be a program a .txt name', async () => {
    const res = await upload(registrar, [
      { name: 'scan.tif', content: Buffer.concat([Buffer.from('II*\0'), randomBytes(500)]) },
      { name: '说明.bat', content: Buffer.from('这是一份说明，不是程序。\n') },
    ]);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().items.map((i: { fileName: string; mediaType: string }) => [i.fileName, i.mediaType])).toEqual([
      ['scan.tif', 'image/tiff'],
      ['说明.bat.txt', 'text/plain'],
    ]);
    const text = await download(registrar, res.json().items[1].id);
    expect(text.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(text.body).toBe('这是一份说明，不是程序。\n');
  });

  it('refuses a file over the size limit with 413 and keeps neither a row nor a byte; the limit itself is fine', async () => {
    const before = await rowCount();
    const filesBefore = await filesUnder(store.rootDir);
    const res = await upload(registrar, [{ name: '大文件.pdf', content: pdf(ATTACHMENT_LIMITS.maxBytes) }]);
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ code: 'TOO_LARGE', messageZh: expect.stringMatching(/文件超过大小上限/), message: expect.stringMatching(/larger than/) });
    expect(await rowCount()).toBe(before);
    expect(await filesUnder(store.rootDir)).toEqual(filesBefore);
    expect(await filesUnder(join(store.rootDir, 'tmp'))).toEqual([]);

    const exact = pdf(ATTACHMENT_LIMITS.maxBytes - 9);
    expect(exact.length).toBe(ATTACHMENT_LIMITS.maxBytes);
    const ok = await upload(registrar, [{ name: 'exact.pdf', content: exact }]);
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().items[0].size).toBe(ATTACHMENT_LIMITS.maxBytes);
  });

  it('refuses an executable renamed .pdf with 415 (in Chinese and English) and keeps nothing, even of the good file before it', async () => {
    const before = await rowCount();
    const filesBefore = await filesUnder(store.rootDir);
    const good = pdf();
    const res = await upload(registrar, [
      { name: 'good.pdf', content: good },
      { name: '信访材料.pdf', content: EXE, type: 'application/pdf' },
    ]);
    expect(res.statusCode).toBe(415);
    expect(res.json()).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', details: { reason: 'executable', fileName: '信访材料.pdf' } });
    expect(res.json().messageZh).toMatch(/信访材料\.pdf.*不接受可执行程序/);
    expect(await rowCount()).toBe(before);
    expect(await filesUnder(store.rootDir)).toEqual(filesBefore);
    expect(await store.exists(`sha256/${sha256(good).slice(0, 2)}/${sha256(good).slice(2, 4)}/${sha256(good)}`)).toBe(false);

    const html = await upload(registrar, [{ name: 'page.txt', content: Buffer.from('<html><script>alert(1)</script></html>') }]);
    expect(html.statusCode).toBe(415);
    expect(html.json().details.reason).toBe('markup');
  });

  it('answers a request without files or without multipart with a clear 400', async () => {
    const empty = await upload(registrar, []);
    expect(empty.statusCode).toBe(400);
    expect(empty.json().messageZh).toMatch(/请选择要上传的文件/);
    const json = await t.app.inject({ method: 'POST', url: '/api/v1/attachments', payload: { a: 1 }, headers: { cookie: registrar.cookie, 'x-csrf-token': registrar.csrfToken } });
    expect(json.statusCode).toBe(400);
    expect(json.json().code).toBe('VALIDATION');
  });

  it('keeps identical content once: two rows, one file', async () => {
    const bytes = pdf();
    const a = (await upload(registrar, [{ name: 'a.pdf', content: bytes }])).json().items[0];
    const b = (await upload(registrar, [{ name: 'b.pdf', content: bytes }])).json().items[0];
    expect(a.id).not.toBe(b.id);
    expect(a.sha256).toBe(b.sha256);
    const rows = await t.ctx.db.select().from(attachments).where(eq(attachments.sha256, a.sha256));
    expect(rows.map((r) => r.fileName).sort()).toEqual(['a.pdf', 'b.pdf']);
    expect(new Set(rows.map((r) => r.storageKey)).size).toBe(1);
    expect((await filesUnder(store.rootDir)).filter((f) => f.endsWith(a.sha256))).toHaveLength(1);
    expect(sha256((await download(registrar, b.id)).rawPayload)).toBe(a.sha256);
  });

  it('lets only the uploader read an unlinked attachment, and then staff who see one of its petition’s matters', async () => {
    const item = (await upload(registrar, [{ name: '材料.pdf', content: pdf() }])).json().items[0];
    const missing = await download(yz, '00000000-0000-0000-0000-000000000000');
    expect(missing.statusCode).toBe(404);
    for (const other of [xd, yz, await loginAs(t.app, 'sx.acceptance')]) {
      const res = await download(other, item.id);
      expect(res.statusCode).toBe(404);
      expect(res.json()).toEqual(missing.json());
    }

    const petitionId = await petitionOfXdMatter(1);
    const p = await principal(registrar);
    await t.ctx.db.transaction((tx) => linkAttachments(tx, petitionId, [item.id], { via: 'staff', principal: p }, t.ctx.now()));
    expect((await download(xd, item.id)).statusCode).toBe(200); // handles the matter
    expect((await download(registrar, item.id)).statusCode).toBe(200); // the provincial bureau sees the province
    expect((await download(yz, item.id)).statusCode).toBe(404); // another county: as if it did not exist
    expect((await download(yz, item.id)).json()).toEqual(missing.json());
  });

  it('links only what the linker uploaded (or their body did), each attachment to one petition, all or nothing', async () => {
    const mine = (await upload(registrar, [{ name: 'mine.pdf', content: pdf() }])).json().items[0];
    const colleague = await loginAs(t.app, 'ty.registrar');
    const theirs = (await upload(colleague, [{ name: 'theirs.pdf', content: pdf() }])).json().items[0];
    const petitionA = await petitionOfXdMatter(2);
    const petitionB = await petitionOfXdMatter(3);
    const p = await principal(registrar);
    const link = (petitionId: string, ids: string[]) =>
      t.ctx.db.transaction((tx) => linkAttachments(tx, petitionId, ids, { via: 'staff', principal: p }, t.ctx.now()));

    expect(await rejectionText(link(petitionA, [mine.id, theirs.id]))).toMatch(/attachment not found/);
    expect(await rejectionText(link(petitionA, [mine.id, '00000000-0000-0000-0000-000000000000']))).toMatch(/attachment not found/);
    expect(await rejectionText(link(petitionA, ['not-a-uuid']))).toMatch(/attachment not found/);
    // Nothing was linked by the refused calls.
    const [still] = await t.ctx.db.select().from(attachments).where(eq(attachments.id, mine.id));
    expect(still!.petitionId).toBeNull();

    expect((await link(petitionA, [mine.id])).map((a) => a.petitionId)).toEqual([petitionA]);
    expect((await link(petitionA, [mine.id])).map((a) => a.petitionId)).toEqual([petitionA]); // again: no-op
    expect(await rejectionText(link(petitionB, [mine.id]))).toMatch(/already belongs to another petition/);

    // A colleague of the same body may link what the body uploaded; someone of another body may not.
    const handler = await principal(xd);
    const leader = await principal(await loginAs(t.app, 'xd.zjj.leader'));
    const bodyUpload = await storeAttachment(t.ctx, { stream: Readable.from([pdf()]), fileName: '现场照片.pdf', uploader: { via: 'staff', principal: handler } });
    const q = await principal(colleague);
    expect(await rejectionText(t.ctx.db.transaction((tx) => linkAttachments(tx, petitionB, [bodyUpload.id], { via: 'staff', principal: q }, t.ctx.now())))).toMatch(/not found/);
    const [byLeader] = await t.ctx.db.transaction((tx) => linkAttachments(tx, petitionB, [bodyUpload.id], { via: 'staff', principal: leader }, t.ctx.now()));
    expect(byLeader!.petitionId).toBe(petitionB);
  });

  it('lets the portal link its uploads only with their upload tokens', async () => {
    const a = await storeAttachment(t.ctx, { stream: Readable.from([Buffer.from('#!AMR\n'), randomBytes(300)]), fileName: '通话录音', uploader: { via: 'portal', ip: '203.0.113.9' } });
    expect(a).toMatchObject({ fileName: '通话录音.amr', mediaType: 'audio/amr', uploadedVia: 'portal', uploadedByUserId: null });
    expect(a.uploadToken).toMatch(/^[A-Za-z0-9_-]{32}$/);
    const petitionId = await petitionOfXdMatter(4);
    const link = (uploadTokens: Record<string, string>) =>
      t.ctx.db.transaction((tx) => linkAttachments(tx, petitionId, [a.id], { via: 'portal', uploadTokens }, t.ctx.now()));
    expect(await rejectionText(link({}))).toMatch(/not found/);
    expect(await rejectionText(link({ [a.id]: 'guessed' }))).toMatch(/not found/);
    // Staff cannot link a portal upload either.
    const p = await principal(registrar);
    expect(await rejectionText(t.ctx.db.transaction((tx) => linkAttachments(tx, petitionId, [a.id], { via: 'staff', principal: p }, t.ctx.now())))).toMatch(/not found/);
    const [linked] = await link({ [a.id]: a.uploadToken! });
    expect(linked!.petitionId).toBe(petitionId);
    const [ev] = await t.ctx.db.select().from(events).where(and(eq(events.entityId, a.id), eq(events.type, 'attachment.uploaded')));
    expect(JSON.stringify(ev!.payload)).not.toContain(a.uploadToken!);
  });

  it('refuses a PDF with JavaScript or an open action, and a DOCX that declares gigabytes (a zip bomb), keeping nothing', async () => {
    const before = await rowCount();
    const scripted = Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /JavaScript /JS (app.launchURL(\'x\')) >> >>\nendobj\n%%EOF\n');
    const res = await upload(registrar, [{ name: 'good.pdf', content: pdf() }, { name: '催办函.pdf', content: scripted }]);
    expect(res.statusCode).toBe(415);
    expect(res.json()).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', details: { reason: 'active-content', fileName: '催办函.pdf' } });
    expect(res.json().messageZh).toContain('不接受含脚本');
    expect(res.json().message).toContain('not accepted');

    const le16 = (n: number) => Buffer.from([n & 0xff, n >> 8]);
    const le32 = (n: number) => Buffer.from([n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, n >>> 24]);
    const entries = [
      ['[Content_Types].xml', 300, 1000],
      ['word/document.xml', 5000, 20_000],
      ['word/media/a.bin', 200_000, 4_000_000_000],
    ] as const;
    const local = Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(22), le16(19), le16(0), Buffer.from('[Content_Types].xml')]);
    const cd = Buffer.concat(entries.map(([name, c, u]) => Buffer.concat([Buffer.from('PK\x01\x02', 'latin1'), Buffer.alloc(16), le32(c), le32(u), le16(name.length), le16(0), le16(0), Buffer.alloc(12), Buffer.from(name)])));
    const eocd = Buffer.concat([Buffer.from('PK\x05\x06', 'latin1'), Buffer.alloc(4), le16(3), le16(3), le32(cd.length), le32(local.length), le16(0)]);
    const bomb = await upload(registrar, [{ name: '材料.docx', content: Buffer.concat([local, cd, eocd]) }]);
    expect(bomb.statusCode).toBe(415);
    expect(bomb.json()).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', details: { reason: 'archive-too-large' } });
    expect(await rowCount()).toBe(before);
    expect((await filesUnder(store.rootDir)).filter((f) => !f.startsWith('sha256/'))).toEqual([]);
  });

  it('keeps the files of one upload within the request’s budget in all, keeping nothing past it', async () => {
    const before = await rowCount();
    const files = [0, 1, 2].map(() => ({ stream: Readable.from([pdf(5000)]), fileName: 'scan.pdf' }));
    const quota = { maxFiles: 5, maxBytesPerRequest: 12_000 };
    await expect(storeAttachments(t.ctx, { via: 'portal', ip: '192.0.2.1' }, files, quota)).rejects.toMatchObject({ code: 'TOO_LARGE', details: { maxBytesPerRequest: 12_000 } });
    expect(await rowCount()).toBe(before);
    const two = [0, 1].map(() => ({ stream: Readable.from([pdf(5000)]), fileName: 'scan.pdf' }));
    expect(await storeAttachments(t.ctx, { via: 'portal', ip: '192.0.2.1' }, two, quota)).toHaveLength(2);
    const many = [0, 1, 2].map(() => ({ stream: Readable.from([pdf(10)]), fileName: 'scan.pdf' }));
    await expect(storeAttachments(t.ctx, { via: 'portal', ip: '192.0.2.1' }, many, { maxFiles: 2, maxBytesPerRequest: 12_000 })).rejects.toMatchObject({ code: 'TOO_LARGE', details: { maxFiles: 2 } });
  });

  it('records every upload, link and download in the audit trail, and the chain holds', async () => {
    const item = (await upload(registrar, [{ name: 'audit.pdf', content: pdf() }])).json().items[0];
    await download(registrar, item.id);
    await download(registrar, item.id);
    const trail = await t.ctx.db.select().from(events).where(and(eq(events.entityType, 'attachment'), eq(events.entityId, item.id))).orderBy(events.seq);
    expect(trail.map((e) => [e.seq, e.type])).toEqual([
      [1, 'attachment.uploaded'],
      [2, 'attachment.downloaded'],
      [3, 'attachment.downloaded'],
    ]);
    expect(trail[0]).toMatchObject({ actorUserId: registrar.user.id, payload: { fileName: 'audit.pdf', mediaType: 'application/pdf', sha256: item.sha256, size: item.size, via: 'staff' } });
    const linked = await t.ctx.db.select({ n: count() }).from(events).where(and(eq(events.entityType, 'attachment'), eq(events.type, 'attachment.linked')));
    expect(linked[0]!.n).toBeGreaterThanOrEqual(3);
    expect((await verifyChain(t.ctx.db)).ok).toBe(true);
  });
});

describe.each(BACKENDS)('portal upload budgets and the sweep of unlinked uploads on %s', (backend) => {
  let ctx: TestContext;
  let app: FastifyInstance;
  let store: LocalAttachmentStore;
  const KiB = 1024;
  beforeAll(async () => {
    ctx = await createTestContext(backend, '2025-11-20T02:00:00Z');
    await seedDemo(ctx);
    app = await buildApp({
      ctx,
      trustProxy: true,
      portalLimits: { attachmentsPerSubmission: 3, uploadBytesPerRequest: 8 * KiB, uploadBytesPerIpPerHour: 20 * KiB, uploadBytesPerIpPerDay: 30 * KiB, uploadsPerIpPerHour: 1000 },
    });
    await app.ready();
    store = ctx.attachments as LocalAttachmentStore;
  });
  afterAll(async () => {
    await app.close();
    await ctx.close();
  });

  const portalUpload = (ip: string, sizes: number[]) => {
    const { payload, contentType } = form(sizes.map((n, i) => ({ name: `照片${i}.pdf`, content: pdf(n - 9) })));
    return app.inject({ method: 'POST', url: '/api/v1/portal/attachments', payload, headers: { 'content-type': contentType, 'x-forwarded-for': ip } });
  };
  const rowsOf = async (ip: string) => ctx.db.select().from(attachments).where(eq(attachments.uploaderIp, ip));

  it('refuses more than the request’s budget (413) and the address’s hour and day budgets (429), keeping nothing', async () => {
    const a = '198.51.100.7';
    const over = await portalUpload(a, [3 * KiB, 3 * KiB, 3 * KiB]);
    expect(over.statusCode).toBe(413);
    expect(over.json()).toMatchObject({ code: 'TOO_LARGE', details: { maxBytesPerRequest: 8 * KiB } });
    expect(over.json().messageZh).toContain('合计');
    expect(await rowsOf(a)).toHaveLength(0);
    expect((await portalUpload(a, [4 * KiB])).statusCode).toBe(201);

    const four = await portalUpload(a, [KiB, KiB, KiB, KiB]);
    expect(four.statusCode).toBe(413);
    expect(four.json().details).toEqual({ maxFiles: 3 });

    for (let i = 0; i < 3; i++) expect((await portalUpload(a, [5 * KiB])).statusCode).toBe(201); // 19 KiB this hour
    const hour = await portalUpload(a, [2 * KiB]);
    expect(hour.statusCode).toBe(429);
    expect(hour.json()).toMatchObject({ code: 'RATE_LIMITED', details: { window: 'hour', maxBytes: 20 * KiB } });
    expect(hour.json().messageZh).toContain('上传的附件已达上限');
    expect(await rowsOf(a)).toHaveLength(4);
    expect((await rowsOf(a)).every((r) => r.uploadedVia === 'portal')).toBe(true);
    // Another address has a budget of its own.
    expect((await portalUpload('198.51.100.8', [5 * KiB])).statusCode).toBe(201);

    ctx.clock.set('2025-11-20T03:30:00Z'); // an hour and a half later: the hour's budget is back, the day's is not
    expect((await portalUpload(a, [8 * KiB])).statusCode).toBe(201); // 27 KiB in 24 hours
    const day = await portalUpload(a, [4 * KiB]);
    expect(day.statusCode).toBe(429);
    expect(day.json().details).toEqual({ window: 'day', maxBytes: 30 * KiB });
    expect(await rowsOf(a)).toHaveLength(5);
    expect((await filesUnder(store.rootDir)).filter((f) => f.startsWith('tmp/'))).toEqual([]);
  });

  it('counts uploads from one address arriving at once exactly: the budget is spent once', async () => {
    const ip = '198.51.100.20';
    const answers = await Promise.all([0, 1, 2].map(() => portalUpload(ip, [8 * KiB])));
    expect(answers.map((r) => r.statusCode).sort()).toEqual([201, 201, 429]);
    expect(await rowsOf(ip)).toHaveLength(2);
    expect((await filesUnder(store.rootDir)).filter((f) => f.startsWith('tmp/'))).toEqual([]);
  });

  it('answers a body declared far larger than the budget before reading it', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/portal/attachments',
      payload: Buffer.alloc(10),
      headers: { 'content-type': 'multipart/form-data; boundary=x', 'content-length': String(50 * 1024 * 1024), 'x-forwarded-for': '198.51.100.9' },
    });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ code: 'TOO_LARGE', details: { maxBytesPerRequest: 8 * KiB } });
    expect(await rowsOf('198.51.100.9')).toHaveLength(0);
  });

  it('removes uploads no petition took after the retention, keeping shared content and linked uploads, and records it', async () => {
    ctx.clock.set('2025-11-22T02:00:00Z');
    const shared = pdf(3000);
    const put = (content: Buffer, ip = '203.0.113.5') => storeAttachment(ctx, { stream: Readable.from([content]), fileName: 'x.pdf', uploader: { via: 'portal', ip } });
    const lonely = await put(pdf(3000));
    const sharedUnlinked = await put(shared);
    const sharedLinked = await put(shared);
    const [p] = await ctx.db.select({ id: petitions.id }).from(petitions).limit(1);
    const petitionId = p?.id ?? (await ctx.db.insert(petitions).values({ number: 'SWEEP1', channel: 'letter', receivedAt: ctx.now(), receivedOn: '2025-11-22', regionCode: '140105', registeringBodyId: (await ctx.db.select().from(bodies).limit(1))[0]!.id, source: 'desk', title: 't', content: 'c' }).returning())[0]!.id;
    await ctx.db.transaction((tx) => linkAttachments(tx, petitionId, [sharedLinked.id], { via: 'portal', uploadTokens: { [sharedLinked.id]: sharedLinked.uploadToken! } }, ctx.now()));

    ctx.clock.set('2025-11-23T01:00:00Z'); // 23 hours later: within the retention
    const young = await put(pdf(3000));
    const early = await sweepUnlinkedAttachments(ctx);
    const idsLeft = async () => new Set((await ctx.db.select({ id: attachments.id }).from(attachments)).map((r) => r.id));
    expect((await idsLeft()).has(lonely.id)).toBe(true);

    ctx.clock.set('2025-11-23T02:00:01Z'); // 24 hours and a second after the first uploads
    const [r1, r2] = await Promise.all([sweepUnlinkedAttachments(ctx), sweepUnlinkedAttachments(ctx)]);
    const left = await idsLeft();
    expect(left.has(lonely.id)).toBe(false);
    expect(left.has(sharedUnlinked.id)).toBe(false);
    expect(left.has(sharedLinked.id)).toBe(true);
    expect(left.has(young.id)).toBe(true);
    // Two sweepers at once removed each row once.
    const removedRows = await ctx.db.select().from(events).where(and(eq(events.type, 'attachment.removed')));
    expect(r1!.removed + r2!.removed + early.removed).toBe(removedRows.length);
    expect(removedRows.map((e) => e.entityId)).toEqual(expect.arrayContaining([lonely.id, sharedUnlinked.id]));
    expect(removedRows.find((e) => e.entityId === lonely.id)).toMatchObject({ actorUserId: null, actorRoles: ['system'], payload: { reason: 'unlinked', retentionHours: 24, sha256: lonely.sha256, size: lonely.size } });

    expect(await store.exists(lonely.storageKey)).toBe(false);
    expect(await store.exists(sharedLinked.storageKey)).toBe(true);
    expect(await store.exists(young.storageKey)).toBe(true);
    // The linked upload still downloads whole.
    const back: Buffer[] = [];
    for await (const chunk of await store.get(sharedLinked.storageKey)) back.push(chunk as Buffer);
    expect(sha256(Buffer.concat(back))).toBe(sharedLinked.sha256);

    expect(await sweepUnlinkedAttachments(ctx)).toEqual({ removed: 0, filesDeleted: 0, bytesFreed: 0 });
    expect((await verifyChain(ctx.db)).ok).toBe(true);
  });
});

describe('the local attachment store', () => {
  let store: LocalAttachmentStore;
  let root: string;
  beforeAll(async () => {
    const { mkdtemp } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    root = await mkdtemp(join(tmpdir(), 'xinfang-store-'));
    store = await LocalAttachmentStore.open(root);
  });
  afterAll(async () => {
    const { rm } = await import('node:fs/promises');
    await rm(root, { recursive: true, force: true });
  });

  it('keeps nothing of a stream that fails midway (a client that aborts)', async () => {
    const aborting = new Readable({ read() {} });
    aborting.push(randomBytes(70_000));
    setTimeout(() => aborting.destroy(new Error('client aborted')), 10);
    await expect(store.put(aborting, { maxBytes: 1_000_000 })).rejects.toThrow(/client aborted/);
    expect(await filesUnder(root)).toEqual([]);
  });

  it('stops reading at the limit and keeps nothing', async () => {
    let produced = 0;
    const endless = new Readable({
      read() {
        produced += 16_384;
        this.push(randomBytes(16_384));
      },
    });
    await expect(store.put(endless, { maxBytes: 100_000 })).rejects.toMatchObject({ code: 'TOO_LARGE' });
    expect(produced).toBeLessThan(300_000);
    expect(endless.destroyed).toBe(true);
    expect(await filesUnder(root)).toEqual([]);
  });

  it('stages without keeping: discard leaves nothing, commit keeps one copy', async () => {
    const bytes = randomBytes(1000);
    const staged = await store.stage(Readable.from([bytes]), { maxBytes: 10_000 });
    expect(staged).toMatchObject({ sha256: sha256(bytes), size: 1000 });
    expect(staged.head.equals(bytes)).toBe(true);
    expect(staged.tail.equals(bytes)).toBe(true);
    await staged.discard();
    expect(await filesUnder(root)).toEqual([]);

    const one = await store.put(Readable.from([bytes.subarray(0, 10), bytes.subarray(10)]), { maxBytes: 10_000 });
    const two = await store.put(Readable.from([bytes]), { maxBytes: 10_000 });
    expect(two.storageKey).toBe(one.storageKey);
    expect(await filesUnder(root)).toEqual([one.storageKey]);
    const back: Buffer[] = [];
    for await (const chunk of await store.get(one.storageKey)) back.push(chunk as Buffer);
    expect(Buffer.concat(back).equals(bytes)).toBe(true);
    await expect(store.get('../../etc/passwd')).rejects.toThrow(/not a storage key/);
  });

  it('removes temporary files left by a crash when it opens, but not an upload still arriving', async () => {
    await mkdir(join(root, 'tmp'), { recursive: true });
    const stale = join(root, 'tmp', '1-crashed.part');
    const fresh = join(root, 'tmp', '2-arriving.part');
    await writeFile(stale, 'half');
    await writeFile(fresh, 'half');
    const twoHoursAgo = new Date(Date.now() - 2 * 3600_000);
    await utimes(stale, twoHoursAgo, twoHoursAgo);
    await LocalAttachmentStore.open(root);
    expect(await stat(stale).catch(() => null)).toBeNull();
    expect(await stat(fresh).catch(() => null)).not.toBeNull();
  });
});
