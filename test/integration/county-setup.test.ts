import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/tx';
import { idCheckCharacter } from '../../src/domain/identity';
import { BODY_COLUMNS, USER_COLUMNS } from '../../src/domain/org';
import { buildApp } from '../../src/http/app';
import { verifyChain } from '../../src/modules/audit/verify';
import { createAdministrator } from '../../src/modules/auth/first-admin';
import { importFile } from '../../src/modules/import/importer';
import { importBodies } from '../../src/modules/org/bulk-load';
import { ensureRegions } from '../../src/modules/org/regions';
import { loginAs, requestAs, type Session } from '../helpers/app';
import { BACKENDS, createTestContext, type TestContext } from '../helpers/context';

/**
 * Issue 18's "done means": a county outside the demo province — 浙江省绍兴市嵊州市 (330683) — set up from nothing:
 * the national regions, its bodies and users from spreadsheets, its first administrator from the command line, its
 * legacy petitions imported, and one of its users signing in to find them.
 */
const NOW = '2026-03-10T02:00:00Z';
const NEW_PASSWORD = 'Shengzhou-Bureau-2026!';

const BODIES: string[][] = [
  ['330683-gov', '嵊州市人民政府', '人民政府', '330683', '', '', '', '嵊政', ''],
  ['330683-xfj', '嵊州市信访局', '信访部门', '330683', '330683-gov', '', '', '嵊信', '启用'],
  ['330683-zjj', '嵊州市住房和城乡建设局', '职能部门', '330683', '330683-gov', '城乡建设', '房屋征收与补偿、物业管理、建筑市场', '嵊建', '启用'],
  ['330683-rsj', '嵊州市人力资源和社会保障局', '职能部门', '330683', '330683-gov', '劳动社保', '', '', '启用'],
  ['330683100-gov', '嵊州市甘霖镇人民政府', '人民政府', '330683100', '330683-gov', '', '', '', '启用'],
];

const USERS: string[][] = [
  ['sz.registrar', '钱登记', '330683-xfj', '登记员、受理员', '', '13805750001', '', '启用'],
  ['sz.zjj.handler', '孙承办', '330683-zjj', '承办人', '承办人', '', 'sz.zjj@example.gov.cn', '启用'],
  ['sz.zjj.leader', '李局长', '330683-zjj', '单位负责人', '分管领导', '', '', '启用'],
];

async function xlsx(columns: readonly { header: string }[], rows: string[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('导入');
  sheet.addRow(columns.map((c) => c.header));
  for (const r of rows) sheet.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function csv(columns: readonly { header: string }[], rows: string[][]): Buffer {
  return Buffer.from('\ufeff' + [columns.map((c) => c.header), ...rows].map((r) => r.join(',')).join('\r\n') + '\r\n', 'utf8');
}

function form(name: string, content: Buffer) {
  const boundary = `----xinfang${randomBytes(8).toString('hex')}`;
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`, 'utf8'),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

function idNumber(region: string, birth: string, seq: string): string {
  const first17 = `${region}${birth}${seq}`;
  return first17 + idCheckCharacter(first17);
}

const PETITIONS = [
  { externalId: 'SZ-1', matterKey: 'SZ-M1', channel: 'visit', receivedAt: '2026-03-02T09:30:00', regionCode: '330683', title: '小区物业服务不到位', content: '物业长期不维修电梯，业主多次反映未果。', petitioners: [{ name: '周建华', idNumber: idNumber('330683', '19720315', '021'), phone: '13905750001' }] },
  { externalId: 'SZ-2', matterKey: 'SZ-M1', channel: 'letter', receivedAt: '2026-03-05', regionCode: '330683', title: '小区物业服务不到位', content: '再次反映电梯问题。', petitioners: [{ name: '周建华', idNumber: idNumber('330683', '19720315', '021') }] },
  { externalId: 'SZ-3', channel: 'phone', receivedAt: '2026-03-06T14:00:00', regionCode: '330683100', title: '拖欠工资', content: '甘霖镇某建筑工地拖欠农民工工资三个月。', petitioners: [{ name: '吴小明', phone: '13905750002' }] },
  { externalId: 'SZ-4', channel: 'letter', receivedAt: '2025-06-01', status: 'concluded', concludedOn: '2025-07-15', regionCode: '330683', title: '噪音扰民', content: '夜间施工噪音。', petitioners: [{ name: '郑丽', phone: '13905750003' }] },
];

describe.each(BACKENDS)('a county set up without the demo on %s', (backend) => {
  let ctx: TestContext;
  let app: FastifyInstance;
  let dir: string;
  let admin: Session;

  beforeAll(async () => {
    ctx = await createTestContext(backend, NOW);
    dir = await mkdtemp(join(tmpdir(), 'xinfang-county-'));
    app = await buildApp({ ctx, loginRateLimit: 1000 });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await ctx?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('loads the whole country’s regions down to towns, once', async () => {
    const first = await ensureRegions(ctx.db, ctx.now());
    expect(first.inserted).toBeGreaterThan(40_000);
    const [row] = await queryRows<{ provinces: number; counties: number; towns: number }>(
      ctx.db,
      sql`SELECT count(*) FILTER (WHERE level = 'province')::int AS provinces, count(*) FILTER (WHERE level = 'county')::int AS counties,
                 count(*) FILTER (WHERE level = 'town')::int AS towns FROM regions`,
    );
    expect(row!.provinces).toBe(31);
    expect(row!.counties).toBeGreaterThan(2800);
    expect(row!.towns).toBeGreaterThan(38_000);
    const sz = await queryRows<{ code: string; name: string; parent_code: string }>(ctx.db, sql`SELECT code, name, parent_code FROM regions WHERE code IN ('330683', '330683100') ORDER BY code`);
    expect(sz).toEqual([
      { code: '330683', name: '嵊州市', parent_code: '330600' },
      { code: '330683100', name: '甘霖镇', parent_code: '330683' },
    ]);
    expect((await ensureRegions(ctx.db, ctx.now())).inserted).toBe(0);
    const loaded = await queryRows<{ n: number }>(ctx.db, sql`SELECT count(*)::int AS n FROM events WHERE type = 'system.regionsLoaded'`);
    expect(loaded[0]!.n).toBe(1);
  });

  it('refuses a bodies sheet with problems as a whole, naming each row and column in Chinese', async () => {
    const bad = [...BODIES, ['330683-xfj', '重复的信访局', '信访部门', '330683', '', '', '', '', ''], ['330683-x', '某单位', '未知类型', '339999', '330683-nope', '不存在的类别', '', '', '']];
    const result = await importBodies(ctx.db, null, { fileName: 'bad.xlsx', bytes: await xlsx(BODY_COLUMNS, bad) }, ctx.now());
    expect(result.applied).toBe(false);
    expect(result.counts.errors).toBe(2);
    const problems = result.rows.filter((r) => r.action === 'error').map((r) => ({ row: r.row, problems: r.problems }));
    expect(problems).toEqual([
      { row: 7, problems: [{ column: '单位代码', reason: '单位代码「330683-xfj」与第 3 行重复' }] },
      {
        row: 8,
        problems: [
          { column: '单位类型', reason: expect.stringContaining('单位类型「未知类型」无效，应为：信访部门、') },
          { column: '行政区划代码', reason: '行政区划代码「339999」不存在' },
          { column: '上级单位代码', reason: '上级单位「330683-nope」在本表和系统中都不存在' },
          { column: '职能类别', reason: expect.stringContaining('职能类别「不存在的类别」不在内容分类中') },
        ],
      },
    ]);
    const [n] = await queryRows<{ n: number }>(ctx.db, sql`SELECT count(*)::int AS n FROM bodies`);
    expect(n!.n).toBe(0);
  });

  it('loads the bodies from a spreadsheet, parents before children, and again changes nothing', async () => {
    // Children first in the sheet: the plan orders parents before them.
    const file = { fileName: 'bodies.xlsx', bytes: await xlsx(BODY_COLUMNS, [...BODIES].reverse()) };
    const result = await importBodies(ctx.db, null, file, ctx.now());
    expect(result).toMatchObject({ applied: true, counts: { rows: 5, created: 5, updated: 0, errors: 0 } });
    const rows = await queryRows<{ code: string; level: string; parent: string | null; competence: string[] | null; remit: string | null; abbreviation: string | null }>(
      ctx.db,
      sql`SELECT b.code, b.level, p.code AS parent, b.competence, b.remit, b.abbreviation FROM bodies b LEFT JOIN bodies p ON p.id = b.parent_id ORDER BY b.code`,
    );
    expect(rows).toContainEqual({ code: '330683-zjj', level: 'county', parent: '330683-gov', competence: ['城乡建设'], remit: '房屋征收与补偿、物业管理、建筑市场', abbreviation: '嵊建' });
    expect(rows).toContainEqual(expect.objectContaining({ code: '330683100-gov', level: 'town', parent: '330683-gov' }));
    const again = await importBodies(ctx.db, null, file, ctx.now());
    expect(again.counts).toMatchObject({ created: 0, updated: 0, unchanged: 5 });
    const events = await queryRows<{ type: string; n: number }>(ctx.db, sql`SELECT type, count(*)::int AS n FROM events WHERE entity_type = 'body' GROUP BY type`);
    expect(events).toEqual([{ type: 'body.created', n: 5 }]);
  });

  it('creates the first administrator with a one-time password that must be changed at first login', async () => {
    const created = await createAdministrator(ctx.db, { login: 'sz.admin', displayName: '系统管理员' }, ctx.now());
    expect(created.body.code).toBe('330683-xfj');
    const first = await loginAs(app, 'sz.admin', created.temporaryPassword);
    expect(first.user).toMatchObject({ mustChangePassword: true });
    const blocked = await requestAs(app, first, { url: '/api/v1/admin/users' });
    expect(blocked.statusCode).toBe(403);
    const changed = await requestAs(app, first, { method: 'POST', url: '/api/v1/auth/password', payload: { currentPassword: created.temporaryPassword, newPassword: NEW_PASSWORD } });
    expect(changed.statusCode, changed.body).toBe(200);
    admin = await loginAs(app, 'sz.admin', NEW_PASSWORD);
    await expect(createAdministrator(ctx.db, { login: 'sz.admin' }, ctx.now())).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('the administrator downloads the templates and loads the users over HTTP; each new user gets a one-time password once', async () => {
    const template = await requestAs(app, admin, { url: '/api/v1/admin/users/template.xlsx' });
    expect(template.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(template.rawPayload as unknown as ExcelJS.Buffer);
    expect(wb.worksheets[0]!.getRow(1).values).toEqual([undefined, ...USER_COLUMNS.map((c) => c.header)]);
    const csvTemplate = await requestAs(app, admin, { url: '/api/v1/admin/bodies/template.csv' });
    expect(csvTemplate.body).toBe(`\ufeff${BODY_COLUMNS.map((c) => c.header).join(',')}\r\n`);

    const upload = form('用户.csv', csv(USER_COLUMNS, USERS));
    const ok = await app.inject({ method: 'POST', url: '/api/v1/admin/users/import', payload: upload.payload, headers: { ...upload.headers, cookie: admin.cookie, 'x-csrf-token': admin.csrfToken } });
    expect(ok.statusCode, ok.body).toBe(200);
    const result = ok.json() as { applied: boolean; counts: { created: number }; rows: { key: string; temporaryPassword?: string }[] };
    expect(result).toMatchObject({ applied: true, counts: { created: 3 } });
    expect(result.rows.every((r) => /^[A-Za-z0-9]{4}(-[A-Za-z0-9]{4}){3}$/.test(r.temporaryPassword ?? ''))).toBe(true);
    const stored = await queryRows<{ login: string; position: string | null; phone: string | null; must_change_password: boolean; roles: string[] }>(
      ctx.db,
      sql`SELECT login, position, phone, must_change_password, roles FROM users WHERE login LIKE 'sz.%' AND login <> 'sz.admin' ORDER BY login`,
    );
    expect(stored).toEqual([
      { login: 'sz.registrar', position: null, phone: '13805750001', must_change_password: true, roles: ['registrar', 'acceptanceOfficer'] },
      { login: 'sz.zjj.handler', position: 'handler', phone: null, must_change_password: true, roles: ['handler'] },
      { login: 'sz.zjj.leader', position: 'deputyHead', phone: null, must_change_password: true, roles: ['bodyLeader'] },
    ]);
    const events = await queryRows<{ type: string; actor_user_id: string | null; payload: { phone?: string } }>(
      ctx.db,
      sql`SELECT type, actor_user_id, payload FROM events WHERE entity_type = 'user' AND type = 'user.created' AND payload->>'via' = 'import'`,
    );
    expect(events).toHaveLength(3);
    expect(events.every((e) => e.actor_user_id === admin.user.id)).toBe(true);
    expect(events.map((e) => e.payload.phone)).toContain('138****0001');

    // A second load of a corrected sheet: one user moves position, nothing else changes, no new password.
    const corrected = USERS.map((u) => (u[0] === 'sz.zjj.leader' ? [...u.slice(0, 4), '主要负责人', ...u.slice(5)] : u));
    const second = form('用户.xlsx', await xlsx(USER_COLUMNS, corrected));
    const again = (await app.inject({ method: 'POST', url: '/api/v1/admin/users/import', payload: second.payload, headers: { ...second.headers, cookie: admin.cookie, 'x-csrf-token': admin.csrfToken } })).json();
    expect(again.counts).toMatchObject({ created: 0, updated: 1, unchanged: 2 });
    expect(again.rows.find((r: { key: string }) => r.key === 'sz.zjj.leader')).toMatchObject({ action: 'updated', changed: ['position'] });
    expect(again.rows.some((r: { temporaryPassword?: string }) => r.temporaryPassword)).toBe(false);
    usersPasswords = new Map(result.rows.map((r) => [r.key, r.temporaryPassword!]));
  });

  let usersPasswords = new Map<string, string>();

  it('imports the county’s legacy petitions and its registrar signs in to find them', async () => {
    const file = join(dir, 'shengzhou.jsonl');
    await writeFile(file, PETITIONS.map((p) => JSON.stringify(p)).join('\n') + '\n');
    const summary = await importFile(ctx, file);
    expect(summary.totals).toMatchObject({ imported: 4, bad: 0, mattersCreated: 3, repeatsLinked: 1 });
    const numbers = await queryRows<{ number: string; body: string }>(
      ctx.db,
      sql`SELECT m.number, b.code AS body FROM matters m JOIN bodies b ON b.id = m.registering_body_id ORDER BY m.number`,
    );
    expect(numbers.every((m) => m.body === '330683-xfj' && m.number.startsWith('XF330683'))).toBe(true);

    const first = await loginAs(app, 'sz.registrar', usersPasswords.get('sz.registrar'));
    expect(first.user).toMatchObject({ mustChangePassword: true });
    await requestAs(app, first, { method: 'POST', url: '/api/v1/auth/password', payload: { currentPassword: usersPasswords.get('sz.registrar'), newPassword: NEW_PASSWORD } });
    const registrar = await loginAs(app, 'sz.registrar', NEW_PASSWORD);
    expect(registrar.user.body.name).toBe('嵊州市信访局');
    const list = await requestAs(app, registrar, { url: '/api/v1/matters?pageSize=50' });
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().total).toBe(3);

    // The portal offers the county under its city and province, not the whole country.
    const tree = (await app.inject({ url: '/api/v1/portal/regions' })).json();
    expect(tree).toEqual({ province: { code: '330000', name: '浙江省' }, cities: [{ code: '330600', name: '绍兴市', counties: [{ code: '330683', name: '嵊州市' }] }] });

    expect((await verifyChain(ctx.db)).firstBreak).toBeNull();
  });
});
