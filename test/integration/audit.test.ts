import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/tx';
import { appendEvents } from '../../src/modules/audit/append';
import { verifyChain } from '../../src/modules/audit/verify';
import { rejectionText } from '../helpers/errors';
import { BACKENDS, createTestContext, type TestContext } from '../helpers/context';

describe.each(BACKENDS)('audit trail on %s', (backend) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext(backend);
    await ctx.db.transaction(async (tx) => {
      for (let i = 0; i < 3; i++) {
        await appendEvents(tx, [
          { entityType: 'matter', entityId: 'm1', type: 'noted', onDate: '2025-09-26', occurredAt: ctx.now(), payload: { i, text: '信访人来访' } },
          { entityType: 'matter', entityId: 'm2', type: 'noted', onDate: '2025-09-26', occurredAt: ctx.now(), payload: { i, z: 1, a: [1, { y: 2, x: 3 }] } },
        ]);
      }
    });
  });
  afterAll(() => ctx.close());

  it('numbers events per entity and chains every event to the one before', async () => {
    const list = await queryRows<{ entity_id: string; seq: number; prev_hash: string; hash: string }>(
      ctx.db,
      sql`SELECT entity_id, seq, prev_hash, hash FROM events ORDER BY id`,
    );
    expect(list.filter((r) => r.entity_id === 'm1').map((r) => r.seq)).toEqual([1, 2, 3]);
    // One transaction: one chain, linked in id order.
    for (let i = 1; i < list.length; i++) expect(list[i]!.prev_hash).toBe(list[i - 1]!.hash);
    expect(await verifyChain(ctx.db)).toEqual({ ok: true, checked: 6, firstBreak: null });
  });

  it('spreads transactions over several chains, each linked within itself, and verifies them all', async () => {
    // Concurrent on PostgreSQL (transactions in different chains do not wait for each other); one at a time on PGlite.
    await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        ctx.db.transaction((tx) =>
          appendEvents(tx, [
            { entityType: 'petition', entityId: `p${i}`, type: 'noted', onDate: '2025-09-26', occurredAt: ctx.now(), payload: { i } },
            { entityType: 'matter', entityId: `m${i + 10}`, type: 'noted', onDate: '2025-09-26', occurredAt: ctx.now(), payload: { i } },
          ]),
        ),
      ),
    );
    const rows = await queryRows<{ chain: number; entity_id: string; prev_hash: string; hash: string }>(ctx.db, sql`SELECT chain, entity_id, prev_hash, hash FROM events ORDER BY id`);
    const chains = new Map<number, typeof rows>();
    for (const r of rows) chains.set(r.chain, [...(chains.get(r.chain) ?? []), r]);
    expect(chains.size).toBeGreaterThan(1);
    for (const list of chains.values()) for (let i = 1; i < list.length; i++) expect(list[i]!.prev_hash).toBe(list[i - 1]!.hash);
    // A transaction's events stay together in one chain.
    for (let i = 0; i < 24; i++) expect(rows.find((r) => r.entity_id === `p${i}`)!.chain).toBe(rows.find((r) => r.entity_id === `m${i + 10}`)!.chain);
    expect(await verifyChain(ctx.db)).toEqual({ ok: true, checked: 6 + 48, firstBreak: null });
  });

  it('detects an event moved to another chain', async () => {
    const [row] = await queryRows<{ id: number; chain: number }>(ctx.db, sql`SELECT id, chain FROM events WHERE entity_id = 'p5'`);
    await ctx.db.execute(sql`ALTER TABLE events DISABLE TRIGGER events_no_update`);
    await ctx.db.execute(sql`UPDATE events SET chain = ${(row!.chain + 1) % 16} WHERE id = ${row!.id}`);
    const moved = await verifyChain(ctx.db);
    await ctx.db.execute(sql`UPDATE events SET chain = ${row!.chain} WHERE id = ${row!.id}`);
    await ctx.db.execute(sql`ALTER TABLE events ENABLE TRIGGER events_no_update`);
    expect(moved.ok).toBe(false);
    expect(moved.firstBreak?.reason).toBe('linkBroken');
    expect((await verifyChain(ctx.db)).ok).toBe(true);
  });

  it('refuses updates and deletes of recorded events', async () => {
    expect(await rejectionText(ctx.db.execute(sql`UPDATE events SET type = 'x' WHERE seq = 1`))).toMatch(/append-only/);
    expect(await rejectionText(ctx.db.execute(sql`DELETE FROM events`))).toMatch(/append-only/);
    expect(await rejectionText(ctx.db.execute(sql`TRUNCATE events`))).toMatch(/append-only/);
  });

  it('names the first event edited behind the application’s back', async () => {
    // A database owner can switch the trigger off; the chain still tells.
    const [target] = await queryRows<{ id: number }>(ctx.db, sql`SELECT id FROM events ORDER BY id OFFSET 2 LIMIT 1`);
    await ctx.db.execute(sql`ALTER TABLE events DISABLE TRIGGER events_no_update`);
    await ctx.db.execute(sql`UPDATE events SET payload = '{"i": 1, "text": "篡改"}'::jsonb WHERE id = ${target!.id}`);
    await ctx.db.execute(sql`ALTER TABLE events ENABLE TRIGGER events_no_update`);
    const result = await verifyChain(ctx.db);
    expect(result.ok).toBe(false);
    expect(result.firstBreak).toMatchObject({ id: Number(target!.id), reason: 'contentChanged' });
    expect(result.checked).toBe(2);
  });

  it('detects a deleted event as a broken link at the next one', async () => {
    const ids = (await queryRows<{ id: number }>(ctx.db, sql`SELECT id FROM events ORDER BY id`)).map((r) => Number(r.id));
    await ctx.db.execute(sql`ALTER TABLE events DISABLE TRIGGER events_no_update`);
    await ctx.db.execute(sql`DELETE FROM events WHERE id = ${ids[0]!}`);
    await ctx.db.execute(sql`ALTER TABLE events ENABLE TRIGGER events_no_update`);
    const result = await verifyChain(ctx.db);
    expect(result.firstBreak).toMatchObject({ id: ids[1], reason: 'linkBroken' });
  });
});
