import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/tx';
import { idCheckCharacter } from '../../src/domain/identity';
import { verifyChain } from '../../src/modules/audit/verify';
import { seedDemo } from '../../src/modules/demo/seed';
import { importFile, type ImportSummary } from '../../src/modules/import/importer';
import { readState } from '../../src/modules/import/state';
import { PROJECTED_COLUMNS, projectionRow } from '../../src/modules/matters/projection';
import { bureauForRegion, registerPetition } from '../../src/modules/petitions/service';
import { BACKENDS, createTestContext, type TestContext } from '../helpers/context';

// Today is 2025-11-20 (Thursday) in China.
const NOW = '2025-11-20T02:00:00Z';

function idNumber(region: string, birth: string, seq: string): string {
  const first17 = `${region}${birth}${seq}`;
  return first17 + idCheckCharacter(first17);
}
const ID_ZHANG = idNumber('140105', '19700312', '123');
const ID_LIU = idNumber('140106', '19650801', '456');
const badChecksum = (() => {
  const ok = idNumber('140105', '19800101', '777');
  return ok.slice(0, 17) + (ok[17] === '1' ? '2' : '1');
})();

type Rec = Record<string, unknown>;
const base = (over: Rec): Rec => ({
  channel: 'letter',
  regionCode: '140105',
  title: '小区供暖不达标',
  content: '入冬以来室温长期低于十六度，多次向物业反映无果。',
  respondent: '某物业公司',
  petitioners: [{ name: '王芳', phone: '13903510001' }],
  ...over,
});

/** Lines of the test archive, in file order; `null` marks the malformed JSON line. */
const LINES: (Rec | string)[] = [
  // M1: an open matter and two repeats (the second petition writes the name in traditional characters).
  base({ externalId: 'A1', matterKey: 'M1', channel: 'visit', receivedAt: '2025-10-09T09:30:00', details: { peopleCount: 1 }, petitioners: [{ name: '张伟', idNumber: ID_ZHANG, phone: '13803510001' }] }),
  base({ externalId: 'A2', matterKey: 'M1', receivedAt: '2025-10-20', petitioners: [{ name: '張偉', idNumber: ID_ZHANG }] }),
  base({ externalId: 'A3', matterKey: 'M1', channel: 'phone', receivedAt: '2025-11-03T15:00:00+08:00', petitioners: [{ name: '张伟', idNumber: ID_ZHANG }] }),
  // Malformed JSON (line 4).
  '{"externalId": "X1", "channel": "letter", ',
  // An archived concluded matter (its own externalId is its matterKey).
  base({ externalId: 'B1', channel: 'online', receivedAt: '2024-03-01', status: 'concluded', concludedOn: '2024-05-01', petitioners: [{ name: '劉建國', idNumber: ID_LIU }, { name: '王芳', phone: '13903510001' }] }),
  // Invalid ID checksum (line 6).
  base({ externalId: 'X2', receivedAt: '2025-09-01', petitioners: [{ name: '赵六', idNumber: badChecksum }] }),
  // A terminated matter with a later repeat: concludedOn defaults to the last receipt (2023-06-01).
  base({ externalId: 'C1', matterKey: 'M3', receivedAt: '2023-01-05', status: 'terminated', regionCode: '140107', petitioners: [{ name: '刘建国', idNumber: ID_LIU }] }),
  // Unknown region (line 8), missing title (line 9), future date (line 10).
  base({ externalId: 'X3', regionCode: '149999', receivedAt: '2025-09-01' }),
  base({ externalId: 'X4', title: undefined, receivedAt: '2025-09-01' }),
  base({ externalId: 'X5', receivedAt: '2026-01-01' }),
  base({ externalId: 'C2', matterKey: 'M3', receivedAt: '2023-06-01', regionCode: '140107', petitioners: [{ name: '刘建国', idNumber: ID_LIU }] }),
  // The same person as A1 on another matter; a second person without an ID number, found again by phone + name.
  base({ externalId: 'D1', channel: 'email', receivedAt: '2025-11-10', title: '噪音扰民', content: '夜间施工噪音。', petitioners: [{ name: '张伟', idNumber: ID_ZHANG }, { name: '王芳', phone: '139-0351-0001' }] }),
];
const GOOD = 7;
const BAD_LINES = [4, 6, 8, 9, 10];

function jsonl(lines: (Rec | string)[]): string {
  return lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n';
}

async function seeded(backend: (typeof BACKENDS)[number]): Promise<TestContext> {
  const ctx = await createTestContext(backend, NOW);
  await seedDemo(ctx, { matters: false });
  return ctx;
}

async function tableCounts(ctx: TestContext) {
  const [row] = await queryRows<Record<string, number>>(
    ctx.db,
    sql`SELECT (SELECT count(*)::int FROM petitions) AS petitions, (SELECT count(*)::int FROM matters) AS matters,
               (SELECT count(*)::int FROM petitioners) AS petitioners, (SELECT count(*)::int FROM petition_matters) AS links,
               (SELECT count(*)::int FROM matter_petitioners) AS parties, (SELECT count(*)::int FROM matter_clocks) AS clocks,
               (SELECT count(*)::int FROM events WHERE entity_type <> 'import') AS events`,
  );
  return row!;
}

describe.each(BACKENDS)('legacy import on %s', (backend) => {
  let dir: string;
  let ctx: TestContext;
  let file: string;
  let first: ImportSummary;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'xinfang-import-'));
    file = join(dir, 'archive.jsonl');
    await writeFile(file, jsonl(LINES));
    ctx = await seeded(backend);
    first = await importFile(ctx, file, { batchSize: 4 });
  });
  afterAll(async () => {
    await ctx.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('imports the good rows and groups petitions by matterKey', async () => {
    expect(first.totals).toEqual({ imported: GOOD, skipped: 0, bad: BAD_LINES.length, mattersCreated: 4, repeatsLinked: 3 });
    const rows = await queryRows<{ external_id: string; number: string; source: string; relation: string; matter: string }>(
      ctx.db,
      sql`SELECT p.external_id, p.number, p.source, pm.relation, m.external_key AS matter
          FROM petitions p JOIN petition_matters pm ON pm.petition_id = p.id JOIN matters m ON m.id = pm.matter_id ORDER BY p.number`,
    );
    expect(rows.map((r) => [r.external_id, r.relation, r.matter])).toEqual(
      expect.arrayContaining([
        ['A1', 'origin', 'M1'],
        ['A2', 'repeat', 'M1'],
        ['A3', 'repeat', 'M1'],
        ['B1', 'origin', 'B1'],
        ['C1', 'origin', 'M3'],
        ['C2', 'repeat', 'M3'],
        ['D1', 'origin', 'D1'],
      ]),
    );
    expect(rows.every((r) => r.source === 'import' && /^XJ\d{6}\d{4}\d{6}$/.test(r.number))).toBe(true);
    expect(rows.find((r) => r.external_id === 'A1')!.number).toBe('XJ1401052025000001');
  });

  it('registers one matter for a shared matterKey and counts its repeats; an open matter’s clock runs from receipt', async () => {
    const [m1] = await queryRows<{ status: string; state: { repeatPetitions: number }; number: string }>(
      ctx.db,
      sql`SELECT status, state, number FROM matters WHERE external_key = 'M1'`,
    );
    expect(m1).toMatchObject({ status: 'registered', number: 'XF1401052025000001' });
    expect(m1!.state.repeatPetitions).toBe(2);
    const clocks = await queryRows<{ name: string; from_on: string; due_on: string }>(
      ctx.db,
      sql`SELECT c.name, c.from_on::text, c.due_on::text FROM matter_clocks c JOIN matters m ON m.id = c.matter_id WHERE m.external_key = 'M1'`,
    );
    // Registered by a bureau: 15 days to dispatch, counted from the receipt date (the day after it is day 1).
    expect(clocks).toEqual([{ name: 'dispatch', from_on: '2025-10-09', due_on: '2025-10-24' }]);
    const events = await queryRows<{ type: string; actor_roles: string[] }>(
      ctx.db,
      sql`SELECT e.type, e.actor_roles FROM events e JOIN matters m ON e.entity_id = m.id::text WHERE m.external_key = 'M1' ORDER BY e.seq`,
    );
    expect(events.map((e) => e.type)).toEqual(['registered', 'repeatPetitionRecorded', 'repeatPetitionRecorded']);
  });

  it('registers archived matters in their final status without clocks', async () => {
    const rows = await queryRows<{ external_key: string; status: string; state: { clocks: object }; concluded: string; clocks: number }>(
      ctx.db,
      sql`SELECT m.external_key, m.status, m.state, e.payload->'archived'->>'concludedOn' AS concluded,
                 (SELECT count(*)::int FROM matter_clocks c WHERE c.matter_id = m.id) AS clocks
          FROM matters m JOIN events e ON e.entity_id = m.id::text AND e.seq = 1
          WHERE m.external_key IN ('B1', 'M3') ORDER BY m.external_key`,
    );
    expect(rows.map((r) => [r.external_key, r.status, r.concluded, r.clocks])).toEqual([
      ['B1', 'concluded', '2024-05-01', 0],
      ['M3', 'terminated', '2023-06-01', 0],
    ]);
    // A repeat on a terminated matter is still registered, and recorded as refused again (Art. 36 ¶3).
    const [repeat] = await queryRows<{ refused: boolean }>(
      ctx.db,
      sql`SELECT (e.payload->>'refusedAgain')::boolean AS refused FROM events e JOIN matters m ON e.entity_id = m.id::text
          WHERE m.external_key = 'M3' AND e.type = 'repeatPetitionRecorded'`,
    );
    expect(repeat!.refused).toBe(true);
  });

  it('finds the same petitioner again by ID number and by phone + name, and normalises names', async () => {
    const people = await queryRows<{ name: string; id_number: string | null; phone: string | null }>(
      ctx.db,
      sql`SELECT name, id_number, phone FROM petitioners ORDER BY name`,
    );
    expect(people.filter((p) => p.id_number === ID_ZHANG)).toEqual([{ name: '张伟', id_number: ID_ZHANG, phone: '13803510001' }]);
    expect(people.filter((p) => p.id_number === ID_LIU)).toEqual([{ name: '刘建国', id_number: ID_LIU, phone: null }]);
    expect(people.filter((p) => p.name === '王芳')).toHaveLength(1);
    expect(people).toHaveLength(3);
    const [given] = await queryRows<{ name_as_given: string }>(
      ctx.db,
      sql`SELECT pp.name_as_given FROM petition_petitioners pp JOIN petitions p ON p.id = pp.petition_id WHERE p.external_id = 'A2'`,
    );
    expect(given!.name_as_given).toBe('张伟');
  });

  it('reports every bad row by line number, with all its problems, and imports the rest', async () => {
    const reported = (await readFile(first.errorsPath, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { line: number; externalId: string | null; problems: { field: string; messageZh: string; message: string }[] });
    expect(reported.map((r) => r.line)).toEqual(BAD_LINES);
    const by = (line: number) => reported.find((r) => r.line === line)!;
    expect(by(4)).toMatchObject({ externalId: null, problems: [{ field: '(line)' }] });
    expect(by(6)).toMatchObject({ externalId: 'X2', problems: [{ field: 'petitioners.0.idNumber', messageZh: expect.stringContaining('校验位') }] });
    expect(by(8).problems[0]).toMatchObject({ field: 'regionCode', message: 'unknown region: 149999' });
    expect(by(9).problems[0]).toMatchObject({ field: 'title', messageZh: '缺少标题' });
    expect(by(10).problems[0]).toMatchObject({ field: 'receivedOn', message: 'receivedOn is in the future' });
    expect(first.firstErrors.map((e) => e.line)).toEqual(BAD_LINES);
  });

  it('reports all problems of a row at once', async () => {
    const f = join(dir, 'many.jsonl');
    await writeFile(f, jsonl([{ externalId: 'Y1', channel: 'pigeon', receivedAt: 'yesterday', regionCode: '14', petitioners: [{ name: '', phone: 'abc' }], content: '' }]));
    const s = await importFile(ctx, f);
    expect(s.totals.bad).toBe(1);
    const [row] = (await readFile(s.errorsPath, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { problems: { field: string }[] });
    expect(row!.problems.map((p) => p.field)).toEqual(expect.arrayContaining(['channel', 'title', 'content', 'receivedAt', 'regionCode', 'petitioners.0.name', 'petitioners.0.phone']));
  });

  it('adds nothing when run twice, and the audit chain verifies', async () => {
    const before = await tableCounts(ctx);
    const again = await importFile(ctx, file, { batchSize: 4 });
    expect(again.totals).toEqual({ imported: 0, skipped: GOOD, bad: BAD_LINES.length, mattersCreated: 0, repeatsLinked: 0 });
    expect(await tableCounts(ctx)).toEqual(before);
    const restarted = await importFile(ctx, file, { batchSize: 3, restart: true });
    expect(restarted.totals.imported).toBe(0);
    expect(await tableCounts(ctx)).toEqual(before);
    const chain = await verifyChain(ctx.db);
    expect(chain).toMatchObject({ ok: true, firstBreak: null });
  });

  describe('interrupted and resumed', () => {
    let baseline: Awaited<ReturnType<typeof tableCounts>>;
    beforeAll(async () => {
      baseline = await tableCounts(ctx);
      // Without the petitions of the "many" file (none imported) the baseline is the uninterrupted run's.
    });

    for (const how of ['inside batch 3 (rolled back)', 'after batch 2 committed, before its state file was written'] as const) {
      it(`resumes after a crash ${how} and ends as an uninterrupted run`, async () => {
        const other = await seeded(backend);
        const f = join(dir, `crash-${how.length}.jsonl`);
        await writeFile(f, jsonl(LINES));
        try {
          const boom = new Error('simulated crash');
          const hooks =
            how.startsWith('inside')
              ? { beforeCommit: (n: number) => { if (n === 3) throw boom; } }
              : { afterCommit: (n: number) => { if (n === 2) throw boom; } };
          await expect(importFile(other, f, { batchSize: 2, hooks })).rejects.toThrow('simulated crash');
          const state = readState(`${f}.import-state.json`);
          expect(state?.finished).toBe(false);
          expect(state?.lastCommittedLine).toBe(how.startsWith('inside') ? 4 : 2);

          const resumed = await importFile(other, f, { batchSize: 2 });
          expect(resumed.resumedAfterLine).toBe(4);
          expect(resumed.totals).toEqual(first.totals);
          expect(await tableCounts(other)).toEqual(baseline);
          const reported = (await readFile(resumed.errorsPath, 'utf8')).trim().split('\n').map((l) => (JSON.parse(l) as { line: number }).line);
          expect(reported).toEqual(BAD_LINES);
          expect((await verifyChain(other.db)).ok).toBe(true);
          expect(readState(`${f}.import-state.json`)).toMatchObject({ finished: true, lastCommittedLine: LINES.length, totals: first.totals });
        } finally {
          await other.close();
        }
      });
    }
  });

  it('imports an .xlsx file the same as its JSONL twin', async () => {
    const other = await seeded(backend);
    try {
      const wb = new ExcelJS.Workbook();
      const sheet = wb.addWorksheet('信访件');
      const columns = ['externalId', 'matterKey', 'channel', 'receivedAt', 'regionCode', 'title', 'content', 'respondent', 'status', 'concludedOn', 'petitionerName', 'idNumber', 'phone', 'details'];
      sheet.addRow(columns);
      for (const l of LINES) {
        if (typeof l === 'string') {
          sheet.addRow(['X1']); // an incomplete row stands in for the malformed line
          continue;
        }
        const people = l.petitioners as { name: string; idNumber?: string; phone?: string }[];
        sheet.addRow([
          l.externalId,
          l.matterKey ?? null,
          l.channel,
          // A date-only receipt as a real date cell, the others as text.
          l.externalId === 'B1' ? new Date(Date.UTC(2024, 2, 1)) : l.receivedAt,
          l.regionCode,
          l.title ?? null,
          l.content,
          l.respondent,
          l.status ?? null,
          l.concludedOn ?? null,
          people.map((p) => p.name).join('；'),
          people.map((p) => p.idNumber ?? '').join(';'),
          people.map((p) => p.phone ?? '').join(';'),
          l.details ? JSON.stringify(l.details) : null,
        ]);
      }
      const xlsx = join(dir, 'archive.xlsx');
      await wb.xlsx.writeFile(xlsx);
      const s = await importFile(other, xlsx, { batchSize: 4 });
      expect(s.totals).toEqual(first.totals);
      // Row numbers count the header: JSONL line n is sheet row n + 1.
      const reported = (await readFile(s.errorsPath, 'utf8')).trim().split('\n').map((l) => (JSON.parse(l) as { line: number }).line);
      expect(reported).toEqual(BAD_LINES.map((n) => n + 1));
      const project = (c: TestContext) =>
        queryRows(
          c.db,
          sql`SELECT p.external_id, p.number, p.channel, p.received_at, p.received_on::text, p.title, p.details, pm.relation, m.number AS matter, m.status
              FROM petitions p JOIN petition_matters pm ON pm.petition_id = p.id JOIN matters m ON m.id = pm.matter_id ORDER BY p.number`,
        );
      const fromJsonl = (await project(ctx)).filter((r) => !String((r as { external_id: string }).external_id).startsWith('Y'));
      expect(await project(other)).toEqual(fromJsonl);
    } finally {
      await other.close();
    }
  });
  it('prepares the rows in worker threads exactly as on the main thread', async () => {
    // The main run (beforeAll) used the default pool of workers; this one prepares every row inline.
    const other = await seeded(backend);
    try {
      const f = join(dir, 'inline.jsonl');
      await writeFile(f, jsonl(LINES));
      const s = await importFile(other, f, { batchSize: 4, workers: 0 });
      expect(s.totals).toEqual(first.totals);
      expect(await readFile(s.errorsPath, 'utf8')).toBe(await readFile(first.errorsPath, 'utf8'));
      const project = (c: TestContext) =>
        queryRows(
          c.db,
          sql`SELECT p.external_id, p.number, p.received_at, p.title, p.lsh_bands, p.keywords, (SELECT name FROM bodies WHERE id = p.registering_body_id) AS body,
                     (SELECT array_agg(pe.name || '/' || coalesce(pe.id_number, '') || '/' || coalesce(pe.phone, '') ORDER BY pe.name)
                        FROM petition_petitioners pp JOIN petitioners pe ON pe.id = pp.petitioner_id WHERE pp.petition_id = p.id) AS people,
                     (SELECT count(*)::int FROM petition_bands b WHERE b.petition_id = p.id) AS bands
              FROM petitions p ORDER BY p.external_id`,
        );
      const mine = await project(other);
      expect(mine.length).toBe(GOOD);
      expect(await project(ctx)).toEqual(expect.arrayContaining(mine));
    } finally {
      await other.close();
    }
  });

  it('writes each petition\'s band rows for content screening, so near-identical texts are found by their shared bands', async () => {
    const f = join(dir, 'bands.jsonl');
    await writeFile(f, jsonl(['G1', 'G2', 'G3'].map((id, i) => base({ externalId: id, receivedAt: `2025-11-0${i + 1}`, title: `楼道声控灯损坏无人修理${id}`, content: '单元楼道声控灯损坏已半年，物业公司一直不修，老人夜间上下楼摔倒。' }))));
    const s = await importFile(ctx, f, { batchSize: 2 });
    expect(s.totals.imported).toBe(3);
    // One row per distinct band key of each petition, the keys of its lsh_bands.
    const rows = await queryRows<{ external_id: string; same: boolean }>(
      ctx.db,
      sql`SELECT p.external_id, (SELECT array_agg(DISTINCT b ORDER BY b) FROM unnest(p.lsh_bands) b) = (SELECT array_agg(band ORDER BY band) FROM petition_bands pb WHERE pb.petition_id = p.id) AS same
          FROM petitions p WHERE p.external_id LIKE 'G%' ORDER BY 1`,
    );
    expect(rows).toEqual([{ external_id: 'G1', same: true }, { external_id: 'G2', same: true }, { external_id: 'G3', same: true }]);
    const shared = await queryRows<{ n: number }>(
      ctx.db,
      sql`SELECT count(DISTINCT pb.petition_id)::int AS n FROM petitions g JOIN petition_bands gb ON gb.petition_id = g.id
          JOIN petition_bands pb ON pb.band = gb.band JOIN petitions p ON p.id = pb.petition_id
          WHERE g.external_id = 'G1' AND p.external_id LIKE 'G%'`,
    );
    expect(shared[0]!.n).toBe(3);
    expect((await verifyChain(ctx.db)).ok).toBe(true);
  });

  it('defers the band rows of a large import to its end, and a run killed before the end has them added by the next', async () => {
    const other = await seeded(backend);
    try {
      const f = join(dir, 'deferred.jsonl');
      await writeFile(f, jsonl(LINES));
      const bandsOk = async () =>
        (
          await queryRows<{ petitions: number; pending: number; missing: number }>(
            other.db,
            sql`SELECT (SELECT count(*)::int FROM petitions) AS petitions, (SELECT count(*)::int FROM petition_bands_pending) AS pending,
                       (SELECT count(*)::int FROM petitions p WHERE (SELECT array_agg(DISTINCT b ORDER BY b) FROM unnest(p.lsh_bands) b)
                          IS DISTINCT FROM (SELECT array_agg(band ORDER BY band) FROM petition_bands pb WHERE pb.petition_id = p.id)) AS missing`,
          )
        )[0]!;
      // The threshold lowered to this small file: the run takes the large-import path; it dies after batch 2.
      const boom = new Error('simulated crash');
      await expect(importFile(other, f, { batchSize: 2, deferBandsFrom: 1, hooks: { afterCommit: (n) => { if (n === 2) throw boom; } } })).rejects.toThrow('simulated crash');
      const dead = await bandsOk();
      expect(dead.petitions).toBeGreaterThan(0);
      expect(dead.pending).toBe(dead.petitions);
      expect(dead.missing).toBe(dead.petitions);
      const resumed = await importFile(other, f, { batchSize: 2, deferBandsFrom: 1 });
      expect(resumed.totals).toEqual(first.totals);
      expect(await bandsOk()).toEqual({ petitions: GOOD, pending: 0, missing: 0 });
      expect((await verifyChain(other.db)).ok).toBe(true);
    } finally {
      await other.close();
    }
  });

  it('refreshes the statistics as the import doubles the petitions, so its lookups are planned for the new volume', async () => {
    // A database of its own, with no petitions and never analysed (reltuples -1).
    const own = await seeded(backend);
    try {
      const estimate = async () =>
        (await queryRows<{ n: number }>(own.db, sql`SELECT reltuples::int AS n FROM pg_class WHERE relname = 'petitioners'`))[0]!.n;
      const f = join(dir, 'growing.jsonl');
      const ids = ['H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'H7', 'H8'];
      await writeFile(f, jsonl(ids.map((id, i) => base({ externalId: id, receivedAt: `2025-11-0${i + 1}`, petitioners: [{ name: `李${'一二三四五六七八'[i]}`, phone: `1390351100${i}` }] }))));
      const seen: number[] = [];
      // One row a batch, the first refresh after 2 (instead of 20,000): then after 2 more, then 4 more.
      const s = await importFile(own, f, { batchSize: 1, analyzeFrom: 2, hooks: { afterCommit: async () => void seen.push(await estimate()) } });
      expect(s.totals.imported).toBe(8);
      // Each hook runs before its batch's refresh: batch 3 is the first to see the statistics taken after batch 2.
      expect(seen).toEqual([-1, -1, 2, 2, 4, 4, 4, 4]);
      expect(await estimate()).toBe(8);
    } finally {
      await own.close();
    }
  });

  it('isolates a row the database refuses: the batch is retried row by row and the others are imported', async () => {
    // A bad database state: a check that refuses one particular petition.
    await ctx.db.execute(sql.raw(`CREATE FUNCTION refuse_z3() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.external_id = 'Z3' THEN RAISE EXCEPTION 'refused by a test trigger' USING ERRCODE = '23514'; END IF; RETURN NEW; END $$`));
    await ctx.db.execute(sql.raw('CREATE TRIGGER refuse_z3 BEFORE INSERT ON petitions FOR EACH ROW EXECUTE FUNCTION refuse_z3()'));
    try {
      const f = join(dir, 'poisoned.jsonl');
      await writeFile(f, jsonl(['Z1', 'Z2', 'Z3', 'Z4'].map((id) => base({ externalId: id, matterKey: 'MZ', receivedAt: '2025-11-01' }))));
      const s = await importFile(ctx, f, { batchSize: 10 });
      expect(s.totals).toEqual({ imported: 3, skipped: 0, bad: 1, mattersCreated: 1, repeatsLinked: 2 });
      expect(s.firstErrors).toMatchObject([{ line: 3, externalId: 'Z3', problems: [{ field: '(database)', message: expect.stringContaining('refused by a test trigger') }] }]);
      expect((await verifyChain(ctx.db)).ok).toBe(true);
    } finally {
      await ctx.db.execute(sql.raw('DROP TRIGGER refuse_z3 ON petitions'));
      await ctx.db.execute(sql.raw('DROP FUNCTION refuse_z3()'));
    }
  });
});

describe.each(BACKENDS)('one write model for matters on %s', (backend) => {
  it('a matter imported and the same petitions registered one by one have the same lifecycle columns, those of their state', async () => {
    const ctx = await seeded(backend);
    const dir = await mkdtemp(join(tmpdir(), 'xinfang-import-'));
    try {
      // M1's three petitions; a batch of 2 registers the matter, the next batch updates it (the importer's UPDATE).
      const file = join(dir, 'm1.jsonl');
      await writeFile(file, jsonl(LINES.slice(0, 3)));
      await importFile(ctx, file, { batchSize: 2 });

      const bureau = await bureauForRegion(ctx.db, '140105');
      const registrar = { kind: 'import' as const, bodyId: bureau!.id };
      const origin = await registerPetition(ctx, registrar, {
        channel: 'visit', receivedAt: '2025-10-09T09:30:00', regionCode: '140105', title: '小区供暖不达标',
        content: '入冬以来室温长期低于十六度，多次向物业反映无果。', respondent: '某物业公司', details: { peopleCount: 1 },
        petitioners: [{ name: '张伟', idNumber: ID_ZHANG, phone: '13803510001' }],
      });
      const matterId = origin.matters[0]!.matterId;
      // The repeats come by letter here (a phone call needs the caller's number): a repeat's channel is not the matter's.
      for (const receivedAt of ['2025-10-20', '2025-11-03T15:00:00+08:00']) {
        await registerPetition(ctx, registrar, {
          channel: 'letter', receivedAt, regionCode: '140105', title: '小区供暖不达标', content: '入冬以来室温长期低于十六度，多次向物业反映无果。',
          petitioners: [{ name: '张伟', idNumber: ID_ZHANG }],
          demands: [{ title: '小区供暖不达标', content: '入冬以来室温长期低于十六度，多次向物业反映无果。', linkTo: { matterId, relation: 'repeat' } }],
        });
      }

      const [imported] = await queryRows<Record<string, unknown>>(ctx.db, sql`SELECT * FROM matters WHERE external_key = 'M1'`);
      const [built] = await queryRows<Record<string, unknown>>(ctx.db, sql`SELECT * FROM matters WHERE id = ${matterId}`);
      const columns = PROJECTED_COLUMNS.map(([c]) => c);
      const pick = (row: Record<string, unknown>) => Object.fromEntries(columns.map((c) => [c, row[c]]));
      expect((imported!.state as { repeatPetitions: number }).repeatPetitions).toBe(2);
      expect(pick(imported!)).toEqual(pick(built!));
      for (const row of [imported!, built!]) expect(pick(row)).toEqual(projectionRow(row.state as never));
    } finally {
      await ctx.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
