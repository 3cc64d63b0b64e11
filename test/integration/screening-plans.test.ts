import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/tx';
import { candidateQuery, screeningSettings, type DraftInput } from '../../src/modules/screening/service';
import { BACKENDS, createTestContext, type TestContext } from '../helpers/context';

/**
 * Issue 19: screening's candidate lookups must be index-driven whatever the statistics say. A GIN lookup on
 * `lsh_bands` under `LIMIT` was planned as a sequential scan of `petitions` when one ANALYZE sample lacked element
 * statistics. Here the tables are filled with 20,000 petitions (400,000 band rows) and the real candidate statement
 * is explained (a) with no statistics at all (never analysed, autovacuum off) and (b) with statistics that say the
 * draft's band, phone and name are in a third of all rows, as a stale or unlucky sample could.
 */

const N = 20_000;
/** The tables screening reads that grow with the archive: none of them may be read by a sequential scan. */
const BIG = ['petitions', 'petition_bands', 'petition_matters', 'petition_petitioners', 'petitioners', 'matter_petitioners', 'matters', 'matter_clocks', 'events'];
const COMMON_BAND = 424242;
const COMMON_PHONE = '13800000000';
const COMMON_NAME = '张伟';

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  Plans?: PlanNode[];
}

function scans(node: PlanNode, out: string[] = []): string[] {
  if (node['Node Type'] === 'Seq Scan' && node['Relation Name']) out.push(node['Relation Name']);
  for (const child of node.Plans ?? []) scans(child, out);
  return out;
}

const draft: DraftInput = {
  channel: 'letter',
  receivedOn: '2025-09-26',
  regionCode: '140105',
  title: '物业费上涨',
  content: '物业公司擅自上涨物业费',
  respondent: null,
  place: null,
  category: null,
  petitioners: [{ name: COMMON_NAME, idNumber: '14010519800315123X', phone: COMMON_PHONE }],
};
// The draft's 20 bands: the common one several times over (positions differ in real keys; the lookup does not care),
// and keys of single petitions.
const bands = [COMMON_BAND, ...Array.from({ length: 19 }, (_, i) => (i % 3 === 0 ? COMMON_BAND + 1 + i : 1_000_000 + i * 997))];

describe.each(BACKENDS)('screening plans on %s', (backend) => {
  let ctx: TestContext;
  /** The plan of the real statement, in the transaction settings screening runs it with. */
  const explain = async () => {
    const query = candidateQuery(draft, bands, '2025-09-26')!;
    const [row] = await ctx.db.transaction(async (tx) => {
      await screeningSettings(tx);
      return queryRows<{ 'QUERY PLAN': [{ Plan: PlanNode; JIT?: unknown }] | string }>(tx, sql`EXPLAIN (FORMAT JSON) ${query}`);
    });
    const plan = row!['QUERY PLAN'];
    const [top] = typeof plan === 'string' ? (JSON.parse(plan) as [{ Plan: PlanNode; JIT?: unknown }]) : plan;
    // Without statistics the estimated cost passes the JIT thresholds; compiling took 590 ms of a 2 ms run at 100k.
    expect(top.JIT).toBeUndefined();
    return top.Plan;
  };

  beforeAll(async () => {
    ctx = await createTestContext(backend);
    for (const t of BIG) await ctx.db.execute(sql.raw(`ALTER TABLE ${t} SET (autovacuum_enabled = false)`));
    await ctx.db.transaction(async (tx) => {
      // Plan shapes only: no foreign-key checks while filling (rows refer to a body that does not exist).
      await tx.execute(sql`SET LOCAL session_replication_role = replica`);
      await tx.execute(sql`CREATE TEMP TABLE ids ON COMMIT DROP AS
        SELECT i, gen_random_uuid() AS matter, gen_random_uuid() AS petition, gen_random_uuid() AS person FROM generate_series(1, ${N}) i`);
      await tx.execute(sql`INSERT INTO matters (id, number, title, content, channel, region_code, received_on, registering_body_id, status, state, version)
        SELECT matter, 'XF' || i, 't', 'c', 'letter', CASE WHEN i % 3 = 0 THEN '140105' ELSE '140202' END, date '2020-01-01' + (i % 2000), gen_random_uuid(), 'registered', '{}'::jsonb, 1 FROM ids`);
      await tx.execute(sql`INSERT INTO petitions (id, number, channel, received_at, received_on, region_code, registering_body_id, source, title, content)
        SELECT petition, 'XJ' || i, 'letter', now(), date '2020-01-01' + (i % 2000), '140105', gen_random_uuid(), 'import', 't', 'c' FROM ids`);
      await tx.execute(sql`INSERT INTO petitioners (id, name, id_number, phone)
        SELECT person, CASE WHEN i % 3 = 0 THEN ${COMMON_NAME} ELSE 'p' || i END, lpad(i::text, 18, '0'), CASE WHEN i % 3 = 0 THEN ${COMMON_PHONE} ELSE '139' || lpad(i::text, 8, '0') END FROM ids`);
      await tx.execute(sql`INSERT INTO petition_matters (petition_id, matter_id, relation) SELECT petition, matter, 'origin' FROM ids`);
      await tx.execute(sql`INSERT INTO petition_petitioners (petition_id, petitioner_id, name_as_given) SELECT petition, person, 'n' FROM ids`);
      await tx.execute(sql`INSERT INTO matter_petitioners (matter_id, petitioner_id) SELECT matter, person FROM ids`);
      await tx.execute(sql`INSERT INTO matter_clocks (matter_id, name, kind, from_on, unit, amount, paused_days, paused, due_on, provisional)
        SELECT matter, 'handling', 'deadline', date '2020-01-01', 'day', 60, 0, false, date '2020-03-01', false FROM ids`);
      // 20 bands per petition; band 0 of a third of them is the common key (a topic's, or empty texts').
      await tx.execute(sql`INSERT INTO petition_bands (band, petition_id)
        SELECT CASE WHEN b = 0 AND i % 3 = 0 THEN ${COMMON_BAND} ELSE i::bigint * 20 + b + 10000000 END, petition FROM ids, generate_series(0, 19) b`);
    });
  }, 120_000);
  afterAll(() => ctx.close());

  it('reads no big table by a sequential scan when the tables have never been analysed', async () => {
    const never = await queryRows<{ n: number }>(ctx.db, sql`SELECT count(*)::int AS n FROM pg_stats WHERE schemaname = 'public' AND tablename IN ('petition_bands', 'petitioners')`);
    expect(never[0]!.n).toBe(0);
    expect(scans(await explain()).filter((t) => BIG.includes(t))).toEqual([]);
  });

  it('reads no big table by a sequential scan when the statistics say the draft\'s keys are in a third of the rows', async () => {
    await ctx.db.execute(sql.raw(`ANALYZE ${BIG.join(', ')}`));
    const common = await queryRows<{ f: number }>(
      ctx.db,
      sql`SELECT (most_common_freqs::text::float4[])[1] AS f FROM pg_stats WHERE tablename = 'petitioners' AND attname = 'phone'`,
    );
    expect(common[0]!.f).toBeGreaterThan(0.3);
    expect(scans(await explain()).filter((t) => BIG.includes(t))).toEqual([]);
  });
});
