import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { and, asc, eq, inArray, like } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bodies, events, matters, notificationAttempts, notifications, petitioners, users } from '../../src/db/schema';
import { openDatabase, type Database } from '../../src/db/client';
import { idCheckCharacter } from '../../src/domain/identity';
import type { Command, EventType, MatterState, Role } from '../../src/domain/lifecycle';
import { applyCommand } from '../../src/modules/matters/service';
import { deliverDue } from '../../src/modules/notifications/dispatcher';
import { enqueueMatterEvents } from '../../src/modules/notifications/enqueue';
import { DevSmsProvider, HttpSmsProvider, SmtpEmailProvider, type EmailMessage, type EmailProvider, type SendResult, type SmsMessage, type SmsProvider } from '../../src/modules/notifications/providers';
import { scanClocks } from '../../src/modules/supervision/scanner';
import { BACKENDS } from '../helpers/context';
import { createTestApp, loginAs, requestAs, type TestApp } from '../helpers/app';

/** An SMS gateway stand-in: records every call, and fails when told to. */
class TestSms implements SmsProvider {
  readonly name = 'test-sms';
  calls: SmsMessage[] = [];
  sent: SmsMessage[] = [];
  failures = 0;
  alwaysFail = false;
  delayMs = 0;
  async send(m: SmsMessage): Promise<SendResult> {
    this.calls.push(m);
    if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
    if (this.alwaysFail || this.failures > 0) {
      this.failures = Math.max(0, this.failures - 1);
      return { ok: false, error: '网关繁忙 / gateway busy' };
    }
    this.sent.push(m);
    return { ok: true, providerMessageId: `sms-${this.sent.length}` };
  }
}

class TestEmail implements EmailProvider {
  readonly name = 'test-email';
  sent: EmailMessage[] = [];
  async send(m: EmailMessage): Promise<SendResult> {
    this.sent.push(m);
    return { ok: true, providerMessageId: null };
  }
}

const withCheck = (first17: string) => first17 + idCheckCharacter(first17);

/** The body of a MIME message as text (nodemailer picks base64 or quoted-printable for Chinese). */
function mailText(raw: string): { headers: string; subject: string; body: string } {
  const split = raw.indexOf('\r\n\r\n');
  const headers = raw.slice(0, split);
  const body = raw.slice(split + 4);
  const decodeWords = (s: string) =>
    s.replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_, enc: string, data: string) =>
      enc.toUpperCase() === 'B' ? Buffer.from(data, 'base64').toString('utf8') : qp(data.replace(/_/g, ' ')),
    );
  const qp = (s: string) => Buffer.from(s.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8');
  const unfolded = headers.replace(/\r\n[ \t]+/g, ' ');
  // Whitespace between adjacent encoded words is not part of the text (RFC 2047 §6.2).
  const subject = decodeWords((/^Subject: (.*)$/im.exec(unfolded)?.[1] ?? '').replace(/\?=\s+=\?/g, '?==?'));
  const encoding = /^Content-Transfer-Encoding: (\S+)/im.exec(unfolded)?.[1]?.toLowerCase();
  const text = encoding === 'base64' ? Buffer.from(body.replace(/\s/g, ''), 'base64').toString('utf8') : encoding === 'quoted-printable' ? qp(body) : body;
  return { headers: unfolded, subject, body: text };
}

describe.each(BACKENDS)('notifications on %s', (backend) => {
  let t: TestApp;
  const sms = new TestSms();
  const email = new TestEmail();
  let tyZjj = '';
  const login = new Map<string, string>();

  const at = (iso: string) => t.ctx.clock.set(iso);
  const later = (minutes: number) => t.ctx.clock.set(new Date(t.ctx.now().getTime() + minutes * 60_000).toISOString());
  const deliver = () => deliverDue(t.ctx);

  let seq = 0;
  /** A desk registration of a letter by one petitioner with a mobile phone; returns the petition and its matter. */
  const register = async (phone: string, person: object = {}) => {
    seq += 1;
    const desk = await loginAs(t.app, 'sx.registrar');
    const res = await requestAs(t.app, desk, {
      method: 'POST',
      url: '/api/v1/petitions',
      payload: {
        channel: 'letter',
        receivedAt: t.ctx.now().toISOString(),
        regionCode: '140105',
        title: `反映第${seq}号楼电梯故障`,
        content: `信访人反映第${seq}号楼电梯停运多日无人维修，老人上下楼困难，请求督促物业尽快修复。`,
        petitioners: [{ name: `宋${'甲乙丙丁戊己庚辛壬癸'[seq % 10]}${'子丑寅卯辰巳午未申酉戌亥'[seq % 12]}`, phone, address: '山西省太原市小店区', ...person }],
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json() as { petitionId: string; number: string; matters: { matterId: string; number: string }[] };
    return { petitionId: body.petitionId, number: body.number, matterId: body.matters[0]!.matterId, matterNumber: body.matters[0]!.number };
  };

  const command = async (who: string, matterId: string, payload: object) => {
    const s = await loginAs(t.app, who);
    return requestAs(t.app, s, { method: 'POST', url: `/api/v1/matters/${matterId}/commands`, payload });
  };

  /** Rows in a stable order: by kind, channel, then recipient login. */
  const rowsOf = async (where: ReturnType<typeof eq>) => {
    const rows = await t.ctx.db.select().from(notifications).where(where);
    const key = (r: (typeof rows)[number]) => `${r.kind}|${r.channel}|${who(r)}`;
    return rows.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  };
  const registrationSms = async (petitionId: string) => {
    const rows = await rowsOf(eq(notifications.dedupeKey, `petition:${petitionId}:registered`));
    expect(rows).toHaveLength(1);
    return rows[0]!;
  };
  const attemptsOf = (id: string) => t.ctx.db.select().from(notificationAttempts).where(eq(notificationAttempts.notificationId, id)).orderBy(asc(notificationAttempts.attemptNo));
  const who = (r: { userId: string | null; petitionerId: string | null }) => (r.userId ? login.get(r.userId) : 'petitioner');
  /** The handlers and leaders of a body (whoever the demo seeds there), by login. */
  const bodyStaff = async (bodyId: string) =>
    (await t.ctx.db.select({ login: users.login, roles: users.roles, email: users.email }).from(users).where(eq(users.bodyId, bodyId)))
      .filter((u) => u.roles.includes('handler') || u.roles.includes('bodyLeader'))
      .sort((a, b) => (a.login < b.login ? -1 : 1));

  beforeAll(async () => {
    t = await createTestApp(backend, '2025-09-01T02:00:00Z');
    t.ctx.notifications.sms = sms;
    t.ctx.notifications.email = email;
    const [body] = await t.ctx.db.select({ id: bodies.id }).from(bodies).where(eq(bodies.code, 'ty-zjj'));
    tyZjj = body!.id;
    for (const u of await t.ctx.db.select({ id: users.id, login: users.login }).from(users)) login.set(u.id, u.login);
    // What the demo seed enqueued is sent first, so each test sees only its own messages.
    await deliverDue(t.ctx, { limit: 10_000 });
    expect(await t.ctx.db.select().from(notifications).where(inArray(notifications.status, ['pending', 'sending']))).toEqual([]);
  });
  afterAll(() => t.close());

  let m1 = { petitionId: '', number: '', matterId: '', matterNumber: '' };

  it('tells the petitioner of a desk registration by SMS, at the number on record when it is sent', async () => {
    m1 = await register('13912340001');
    const row = await registrationSms(m1.petitionId);
    expect(row).toMatchObject({ channel: 'sms', status: 'pending', address: null, addressMasked: '139****0001', attempts: 0, kind: 'citizen.registered' });
    expect(row.text).toBe(`【信访】您的信访件已由山西省信访局登记，编号${m1.number}（信访事项编号${m1.matterNumber}）。`);
    // The clerk corrects the phone number before the message goes out: the corrected number is used.
    await t.ctx.db.update(petitioners).set({ phone: '13912340009' }).where(eq(petitioners.id, row.petitionerId!));
    expect(await deliver()).toEqual({ claimed: 1, sent: 1, retrying: 0, dead: 0 });
    expect(sms.sent.filter((m) => m.id === row.id)).toEqual([{ id: row.id, to: '13912340009', text: row.text }]);
  });

  it('assigning tells the body’s handlers and leader (in-app and e-mail) and the citizen, once', async () => {
    await command('sx.acceptance', m1.matterId, { type: 'classify', purpose: 'request', categoryPath: ['cxjs', 'cxjs.wygl'], art31Route: 'petitionProcedure' });
    const res = await command('sx.acceptance', m1.matterId, { type: 'assign', toBodyId: tyZjj, dueOn: '2025-10-31' });
    expect(res.statusCode, res.body).toBe(200);
    const rows = await rowsOf(and(eq(notifications.matterId, m1.matterId), like(notifications.kind, '%.assigned'))!);
    // Every handler and leader of the body in-app, those with an e-mail address also by e-mail; the citizen by SMS.
    const staff = await bodyStaff(tyZjj);
    expect(staff.map((u) => u.login)).toEqual(expect.arrayContaining(['ty.zjj.handler', 'ty.zjj.leader']));
    expect(rows.map((r) => [r.kind, r.channel, who(r), r.status])).toEqual([
      ['citizen.assigned', 'sms', 'petitioner', 'pending'],
      ...staff.filter((u) => u.email).map((u) => ['staff.assigned', 'email', u.login, 'pending']),
      ...staff.map((u) => ['staff.assigned', 'inApp', u.login, 'sent']),
    ]);
    expect(staff.filter((u) => u.email).map((u) => u.login)).toEqual(['ty.zjj.handler', 'ty.zjj.leader']);
    expect(rows.find((r) => r.channel === 'inApp')!.text).toBe(
      `山西省信访局交办信访事项${m1.matterNumber}「反映第1号楼电梯故障」，请于2025年9月16日前决定是否受理并告知信访人，于2025年10月31日前办结并报送办结报告。`,
    );
    expect(rows.find((r) => r.channel === 'email')).toMatchObject({ addressMasked: 't***@example.gov.cn', subject: `【信访】新交办信访事项：${m1.matterNumber}` });
    // In-app messages are delivered by being stored, and that is recorded like any send.
    const inApp = rows.find((r) => r.channel === 'inApp')!;
    expect(await attemptsOf(inApp.id)).toMatchObject([{ attemptNo: 1, ok: true, provider: 'inApp' }]);

    // The same event enqueued again (a retried hook, a replay) adds nothing.
    const [event] = await t.ctx.db.select().from(events).where(and(eq(events.entityType, 'matter'), eq(events.entityId, m1.matterId), eq(events.type, 'assigned')));
    const [matter] = await t.ctx.db.select().from(matters).where(eq(matters.id, m1.matterId));
    const again = await t.ctx.db.transaction((tx) =>
      enqueueMatterEvents(tx, {
        matter: matter!,
        events: [{ type: event!.type as EventType, on: event!.onDate, actor: { userId: event!.actorUserId!, bodyId: event!.actorBodyId!, roles: event!.actorRoles as Role[] }, payload: event!.payload as Record<string, unknown>, clockEffects: [] }],
        stored: [{ seq: event!.seq }],
        next: matter!.state as MatterState,
        now: t.ctx.now(),
      }),
    );
    expect(again).toBe(0);
    expect(await rowsOf(and(eq(notifications.matterId, m1.matterId), like(notifications.kind, '%.assigned'))!)).toHaveLength(rows.length);
  });

  it('shows staff their messages with the unread count; reading marks only one’s own', async () => {
    const handler = await loginAs(t.app, 'ty.zjj.handler');
    const leader = await loginAs(t.app, 'ty.zjj.leader');
    const list = async () => (await requestAs(t.app, handler, { url: '/api/v1/notifications' })).json();
    const before = await list();
    const mine = before.items.find((i: { matterId: string }) => i.matterId === m1.matterId);
    expect(mine).toMatchObject({ kind: 'staff.assigned', subject: `新交办信访事项：${m1.matterNumber}`, matterNumber: m1.matterNumber, readAt: null });
    expect(before.unread).toBeGreaterThanOrEqual(1);

    // Someone else's message does not exist for the caller.
    expect((await requestAs(t.app, leader, { method: 'POST', url: `/api/v1/notifications/${mine.id}/read` })).statusCode).toBe(404);
    expect((await requestAs(t.app, handler, { method: 'POST', url: `/api/v1/notifications/${mine.id}/read` })).statusCode).toBe(200);
    const after = await list();
    expect(after.unread).toBe(before.unread - 1);
    expect(after.items.find((i: { id: string }) => i.id === mine.id).readAt).not.toBeNull();

    expect((await requestAs(t.app, handler, { method: 'POST', url: '/api/v1/notifications/read-all' })).json()).toEqual({ updated: after.unread });
    expect((await list()).unread).toBe(0);
    // The leader's copy is still unread.
    expect((await requestAs(t.app, leader, { url: '/api/v1/notifications?unread=true' })).json().items.some((i: { matterId: string }) => i.matterId === m1.matterId)).toBe(true);
  });

  it('accepting tells the citizen once, with the time limit; a refused command tells nobody', async () => {
    const count = async () => (await t.ctx.db.select().from(notifications).where(eq(notifications.matterId, m1.matterId))).length;
    const before = await count();
    const refused = await command('ty.zjj.handler', m1.matterId, { type: 'reply', outcome: 'support', summary: '同意' });
    expect(refused.statusCode).toBeGreaterThanOrEqual(400);
    expect(await count()).toBe(before);

    at('2025-09-03T02:00:00Z');
    expect((await command('ty.zjj.handler', m1.matterId, { type: 'accept', procedure: 'ordinary' })).statusCode).toBe(200);
    const rows = await rowsOf(and(eq(notifications.matterId, m1.matterId), like(notifications.kind, '%.accepted'))!);
    expect(rows.map((r) => [r.kind, r.channel, who(r)])).toEqual([['citizen.accepted', 'sms', 'petitioner']]);
    expect(rows[0]!.text).toBe(`【信访】您的信访事项（编号${m1.matterNumber}）已由太原市住房和城乡建设局受理，按普通程序办理，办理期限至2025年11月3日。`); // 60 days end on Sunday 11-02
  });

  it('writes messages in the command’s transaction: a rolled-back command leaves none', async () => {
    const [row] = await t.ctx.db.select().from(matters).where(eq(matters.id, m1.matterId));
    const [leader] = await t.ctx.db.select({ id: users.id }).from(users).where(eq(users.login, 'ty.zjj.leader'));
    const extend: Command = { type: 'extend', days: 30 };
    // Art. 34: the handler asks; the head's approval is the command that extends and tells the petitioner.
    expect((await command('ty.zjj.handler', m1.matterId, { type: 'requestExtension', days: 30, reason: '需要补充调查' })).statusCode).toBe(200);
    const [asked] = await t.ctx.db.select().from(matters).where(eq(matters.id, m1.matterId));
    await expect(
      t.ctx.db.transaction(async (tx) => {
        const [locked] = await tx.select().from(matters).where(eq(matters.id, row!.id)).for('update');
        await applyCommand(tx, t.ctx, locked!, extend, { userId: leader!.id, bodyId: tyZjj, roles: ['bodyLeader'], position: 'deputyHead' }, t.ctx.now());
        const inside = await tx.select().from(notifications).where(and(eq(notifications.matterId, m1.matterId), eq(notifications.kind, 'citizen.extended')));
        expect(inside).toHaveLength(1);
        throw new Error('the command fails after its messages were written');
      }),
    ).rejects.toThrow('the command fails');
    expect(await t.ctx.db.select().from(notifications).where(and(eq(notifications.matterId, m1.matterId), eq(notifications.kind, 'citizen.extended')))).toEqual([]);
    const [unchanged] = await t.ctx.db.select({ version: matters.version }).from(matters).where(eq(matters.id, m1.matterId));
    expect(unchanged!.version).toBe(asked!.version);

    expect((await command('ty.zjj.leader', m1.matterId, extend)).statusCode).toBe(200);
    const [extended] = await rowsOf(and(eq(notifications.matterId, m1.matterId), eq(notifications.kind, 'citizen.extended'))!);
    expect(extended!.text).toBe(`【信访】您的信访事项（编号${m1.matterNumber}）经批准延长办理期限30日，延长后的办理期限至2025年12月2日。`);
  });

  it('retries a failing SMS gateway with backoff, records each attempt, and sends once it recovers', async () => {
    await deliver();
    const p = await register('13912340002');
    const row = await registrationSms(p.petitionId);
    sms.failures = 2;
    const t0 = t.ctx.now().getTime();

    expect(await deliver()).toEqual({ claimed: 1, sent: 0, retrying: 1, dead: 0 });
    const [first] = await rowsOf(eq(notifications.id, row.id));
    expect(first).toMatchObject({ status: 'pending', attempts: 1, lastError: '网关繁忙 / gateway busy' });
    expect(first!.nextAttemptAt.getTime()).toBe(t0 + 60_000);

    // Not due yet: nothing is sent.
    const calls = sms.calls.length;
    expect((await deliver()).claimed).toBe(0);
    later(1);
    expect(await deliver()).toEqual({ claimed: 1, sent: 0, retrying: 1, dead: 0 });
    const [second] = await rowsOf(eq(notifications.id, row.id));
    expect(second!.nextAttemptAt.getTime()).toBe(t0 + 3 * 60_000);
    later(1);
    expect((await deliver()).claimed).toBe(0);
    later(1);
    expect(await deliver()).toEqual({ claimed: 1, sent: 1, retrying: 0, dead: 0 });
    expect(sms.calls.length).toBe(calls + 2);

    const [done] = await rowsOf(eq(notifications.id, row.id));
    expect(done).toMatchObject({ status: 'sent', attempts: 3, lastError: null });
    expect((await attemptsOf(row.id)).map((a) => [a.attemptNo, a.ok, a.provider, a.error, a.providerMessageId])).toEqual([
      [1, false, 'test-sms', '网关繁忙 / gateway busy', null],
      [2, false, 'test-sms', '网关繁忙 / gateway busy', null],
      [3, true, 'test-sms', null, expect.stringMatching(/^sms-\d+$/)],
    ]);
    expect(sms.sent.filter((m) => m.id === row.id)).toHaveLength(1);
  });

  it('gives up after the last attempt; an administrator sees it in the outbox and sends it again', async () => {
    const policy = t.ctx.notifications.retry;
    t.ctx.notifications.retry = { baseMinutes: 1, capMinutes: 60, maxAttempts: 3 };
    try {
      const p = await register('13912340003');
      const row = await registrationSms(p.petitionId);
      sms.alwaysFail = true;
      expect((await deliver()).retrying).toBe(1);
      later(1);
      expect((await deliver()).retrying).toBe(1);
      later(2);
      expect(await deliver()).toEqual({ claimed: 1, sent: 0, retrying: 0, dead: 1 });
      later(60);
      expect((await deliver()).claimed).toBe(0);

      const admin = await loginAs(t.app, 'admin');
      const outbox = (await requestAs(t.app, admin, { url: '/api/v1/notifications/outbox?status=dead' })).json();
      const item = outbox.items.find((i: { id: string }) => i.id === row.id);
      expect(item).toMatchObject({ status: 'dead', channel: 'sms', attempts: 3, addressMasked: '139****0003', recipient: { kind: 'petitioner', name: '信访人' }, nextAttemptAt: null });
      expect(item.history.map((h: { ok: boolean }) => h.ok)).toEqual([false, false, false]);
      expect(outbox.counts.dead).toBeGreaterThanOrEqual(1);
      const clerk = await loginAs(t.app, 'sx.registrar');
      expect((await requestAs(t.app, clerk, { url: '/api/v1/notifications/outbox' })).statusCode).toBe(403);
      expect((await requestAs(t.app, clerk, { method: 'POST', url: `/api/v1/notifications/${row.id}/retry` })).statusCode).toBe(403);

      sms.alwaysFail = false;
      expect((await requestAs(t.app, admin, { method: 'POST', url: `/api/v1/notifications/${row.id}/retry` })).statusCode).toBe(200);
      expect(await deliver()).toEqual({ claimed: 1, sent: 1, retrying: 0, dead: 0 });
      expect((await attemptsOf(row.id)).map((a) => [a.attemptNo, a.ok])).toEqual([
        [1, false],
        [2, false],
        [3, false],
        [4, true],
      ]);
      const retried = await t.ctx.db.select().from(events).where(and(eq(events.entityType, 'system'), eq(events.entityId, `notification:${row.id}`)));
      expect(retried.map((e) => e.type)).toEqual(['notification.retried']);
      // Only a dead message can be retried: a sent one is not sent twice.
      expect((await requestAs(t.app, admin, { method: 'POST', url: `/api/v1/notifications/${row.id}/retry` })).statusCode).toBe(409);
    } finally {
      t.ctx.notifications.retry = policy;
      sms.alwaysFail = false;
    }
  });

  it('two dispatchers at once send each message exactly once', async () => {
    await deliver();
    const ids: string[] = [];
    for (let i = 0; i < 8; i++) ids.push((await registrationSms((await register(`139123401${String(i).padStart(2, '0')}`)).petitionId)).id);
    // A second node: on PostgreSQL its own connection pool, so the two really run at the same time.
    let other: Database | null = null;
    if (backend === 'postgres') {
      const url = new URL(process.env.DATABASE_URL!);
      url.pathname = new URL(t.ctx.database.location).pathname;
      other = await openDatabase({ kind: 'postgres', url: url.toString(), poolSize: 2 });
    }
    sms.delayMs = 20;
    try {
      const second = other ? { ...t.ctx, database: other, db: other.db } : t.ctx;
      const [a, b] = await Promise.all([deliverDue(t.ctx, { batch: 2 }), deliverDue(second, { batch: 2 })]);
      expect(a.claimed + b.claimed).toBe(8);
      expect(a.sent + b.sent).toBe(8);
      if (other) expect(a.claimed > 0 && b.claimed > 0).toBe(true);
    } finally {
      sms.delayMs = 0;
      await other?.close();
    }
    for (const id of ids) {
      expect(sms.calls.filter((m) => m.id === id)).toHaveLength(1);
      expect(await attemptsOf(id)).toHaveLength(1);
    }
  });

  it('takes over a message whose dispatcher died after claiming it, once the claim lapses', async () => {
    const p = await register('13912340004');
    const row = await registrationSms(p.petitionId);
    // What a claim leaves behind when its dispatcher crashes before sending.
    await t.ctx.db
      .update(notifications)
      .set({ status: 'sending', attempts: 1, claimToken: crypto.randomUUID(), nextAttemptAt: new Date(t.ctx.now().getTime() + t.ctx.notifications.claimSeconds * 1000) })
      .where(eq(notifications.id, row.id));
    expect((await deliver()).claimed).toBe(0);
    later(t.ctx.notifications.claimSeconds / 60);
    expect(await deliver()).toEqual({ claimed: 1, sent: 1, retrying: 0, dead: 0 });
    expect((await attemptsOf(row.id)).map((a) => [a.attemptNo, a.ok])).toEqual([[2, true]]);
  });

  it('sends SMS through an HTTP gateway with a bearer token and the notification id as Idempotency-Key', async () => {
    await deliver();
    const received: { headers: IncomingHttpHeaders; body: string }[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        if (received.length === 1) res.writeHead(503).end('busy');
        else res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ messageId: 'gw-42' }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    t.ctx.notifications.sms = new HttpSmsProvider({ url: `http://127.0.0.1:${port}/sms`, token: 'test-token' });
    try {
      const p = await register('13912340005');
      const row = await registrationSms(p.petitionId);
      expect((await deliver()).retrying).toBe(1);
      later(1);
      expect((await deliver()).sent).toBe(1);
      expect(received).toHaveLength(2);
      for (const r of received) {
        expect(r.headers['idempotency-key']).toBe(row.id);
        expect(r.headers.authorization).toBe('Bearer test-token');
        expect(JSON.parse(r.body)).toEqual({ id: row.id, to: '13912340005', text: row.text });
      }
      expect((await attemptsOf(row.id)).map((a) => [a.ok, a.provider, a.error, a.providerMessageId])).toEqual([
        [false, 'http-sms', 'HTTP 503: busy', null],
        [true, 'http-sms', null, 'gw-42'],
      ]);
    } finally {
      t.ctx.notifications.sms = sms;
      await new Promise((r) => server.close(r));
    }
  });

  let m2 = { petitionId: '', number: '', matterId: '', matterNumber: '' };

  it('sends e-mail through an SMTP server', async () => {
    await deliver();
    const mails: { to: string[]; raw: string }[] = [];
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
          callback();
        });
      },
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.server.address() as AddressInfo;
    const smtp = new SmtpEmailProvider(`smtp://127.0.0.1:${port}`, '信访工作平台 <noreply@xinfang.test>');
    t.ctx.notifications.email = smtp;
    try {
      m2 = await register('13912340006');
      expect((await command('sx.acceptance', m2.matterId, { type: 'classify', purpose: 'request', categoryPath: ['cxjs', 'cxjs.wygl'], art31Route: 'petitionProcedure' })).statusCode).toBe(200);
      expect((await command('sx.acceptance', m2.matterId, { type: 'assign', toBodyId: tyZjj, dueOn: '2025-10-31' })).statusCode).toBe(200);
      const rows = await rowsOf(and(eq(notifications.matterId, m2.matterId), eq(notifications.channel, 'email'))!);
      expect(rows.map(who)).toEqual(['ty.zjj.handler', 'ty.zjj.leader']);
      expect((await deliver()).sent).toBe(rows.length + 2); // and the two SMS (registration, assignment)
      expect(mails.map((m) => m.to).sort()).toEqual([['ty.zjj.handler@example.gov.cn'], ['ty.zjj.leader@example.gov.cn']]);
      for (const row of rows) {
        const mail = mails.find((m) => m.raw.includes(`<${row.id}@xinfang.notifications>`))!;
        const { headers, subject, body } = mailText(mail.raw);
        expect(headers).toMatch(/^From: .*<noreply@xinfang\.test>$/m);
        expect(subject).toBe(`【信访】新交办信访事项：${m2.matterNumber}`);
        expect(body).toContain(`交办信访事项${m2.matterNumber}`);
        expect((await attemptsOf(row.id)).map((a) => [a.ok, a.provider, a.providerMessageId])).toEqual([[true, 'smtp', `<${row.id}@xinfang.notifications>`]]);
      }
    } finally {
      smtp.close();
      t.ctx.notifications.email = email;
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  it('warns the body of a deadline running out, once however often the scanner runs', async () => {
    const dueSoon = () => rowsOf(and(eq(notifications.matterId, m2.matterId), eq(notifications.kind, 'staff.dueSoon'))!);
    // Assigned on 2025-09-03: the 15 days to decide on acceptance run out on 2025-09-18; warnings start 3 days before.
    at('2025-09-14T02:00:00Z');
    expect((await scanClocks(t.ctx)).failed).toEqual([]);
    expect(await dueSoon()).toEqual([]);
    at('2025-09-15T02:00:00Z');
    const first = await scanClocks(t.ctx);
    const rows = await dueSoon();
    const staff = await bodyStaff(tyZjj);
    expect(rows.map((r) => [r.channel, who(r)])).toEqual([
      ...staff.filter((u) => u.email).map((u) => ['email', u.login]),
      ...staff.map((u) => ['inApp', u.login]),
    ]);
    expect(first.warned).toBeGreaterThanOrEqual(rows.length);
    expect(rows[0]!.text).toContain(`信访事项${m2.matterNumber}「反映第`);
    expect(rows[0]!.text).toContain('的受理告知时限将于2025年9月18日届满（剩余3日），请及时办理。');
    // Again, on two nodes at once, and the next day: nothing more for the same clock and due date.
    await Promise.all([scanClocks(t.ctx), scanClocks(t.ctx)]);
    at('2025-09-16T02:00:00Z');
    await scanClocks(t.ctx);
    expect((await dueSoon()).map((r) => r.id).sort()).toEqual(rows.map((r) => r.id).sort());
  });

  it('writes no full phone number into the development SMS log, only the masked one, with the rest of the message', async () => {
    await deliver();
    const dir = await mkdtemp(join(tmpdir(), 'xinfang-sms-'));
    t.ctx.notifications.sms = new DevSmsProvider(dir, t.ctx.clock.now);
    try {
      const m = await register('13912340021', { idNumber: withCheck('14010519850505123') });
      expect(await deliver()).toMatchObject({ sent: 1, dead: 0 });
      const log = await readFile(join(dir, 'sms.log'), 'utf8');
      const [line] = log.trim().split('\n').map((l) => JSON.parse(l) as { id: string; to: string; text: string });
      expect(line).toMatchObject({ to: '139****0021' });
      expect(line!.text).toContain(`编号${m.number}`);
      expect(log).not.toContain('13912340021');
      expect(log).not.toContain('14010519850505123');
    } finally {
      t.ctx.notifications.sms = sms;
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('texts a portal submission’s query code to the phone given with it, and keeps only its last 4 once sent', async () => {
    await deliver();
    const idNumber = withCheck('14010519900101123');
    // Known to the registry under an older number: the code must not go there.
    const old = await register('13912340007', { name: '周网民', idNumber });
    expect((await registrationSms(old.petitionId)).addressMasked).toBe('139****0007');
    await deliver();

    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/portal/petitions',
      payload: {
        channel: 'online',
        name: '周网民',
        idNumber,
        phone: '13912340008',
        address: '山西省太原市小店区坞城路1号',
        regionCode: '140105',
        title: '反映小区门口道路长期积水',
        request: '请求有关部门疏通排水管道，修复路面。',
        facts: '小区门口道路自今年七月起每逢下雨即积水，已持续两个月。',
        reasons: '积水影响居民出行安全。',
        attachments: [],
        truthful: true,
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const { number, queryCode } = res.json() as { number: string; queryCode: string };
    const [petition] = await t.ctx.db.select({ id: notifications.id }).from(notifications).where(like(notifications.text, `%${number}%`));
    const row = (await rowsOf(eq(notifications.id, petition!.id)))[0]!;
    expect(row).toMatchObject({ channel: 'sms', kind: 'citizen.registered', address: '13912340008', addressMasked: '139****0008', status: 'pending' });
    expect(row.text).toContain(`编号${number}`);
    expect(row.text).toContain(`查询码：${queryCode}，`);
    // The outbox never shows the code, not even before it is sent.
    const admin = await loginAs(t.app, 'admin');
    const listed = (await requestAs(t.app, admin, { url: '/api/v1/notifications/outbox?status=pending&channel=sms' })).json().items.find((i: { id: string }) => i.id === row.id);
    expect(listed.text).not.toContain(queryCode);
    expect(listed.text).toContain(`查询码：************${queryCode.slice(-4)}，`);

    await deliver();
    expect(sms.sent.filter((m) => m.id === row.id)).toEqual([{ id: row.id, to: '13912340008', text: row.text }]);
    const [stored] = await rowsOf(eq(notifications.id, row.id));
    expect(stored).toMatchObject({ status: 'sent', address: null, secretSpans: [] });
    expect(stored!.text).not.toContain(queryCode);
    expect(stored!.text).toBe(row.text.replace(queryCode, `************${queryCode.slice(-4)}`));
  });
});
