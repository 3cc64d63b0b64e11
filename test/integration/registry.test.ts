import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/tx';
import { matters } from '../../src/db/schema';
import { applyCommand, createMatter } from '../../src/modules/matters/service';
import { BACKENDS } from '../helpers/context';
import { createTestApp, loginAs, requestAs, type TestApp } from '../helpers/app';

/**
 * 复杂疑难信访事项备案库 (seed 000, Art. 36 ¶3, 37 ¶3): a matter that completed the roadmap — here one brought in from
 * the archive already terminated — is listed for the reception desk, which still records the help it gives.
 */
describe.each(BACKENDS)('terminated registry on %s', (backend) => {
  let t: TestApp;
  let matterId = '';
  beforeAll(async () => {
    t = await createTestApp(backend, '2025-11-20T02:00:00Z');
    const [bureau] = await queryRows<{ id: string }>(t.ctx.db, sql`SELECT id FROM bodies WHERE code = 'sx-xfj'`);
    const row = await t.ctx.db.transaction((tx) =>
      createMatter(
        tx,
        t.ctx,
        { userId: 'import', bodyId: bureau!.id, roles: ['system'] },
        {
          facts: {
            channel: 'letter',
            receivedOn: '2023-03-01',
            registeringBodyId: bureau!.id,
            registeredByBureau: true,
            regionCode: '140105',
            firstPetition: true,
            referredByHigherLevel: false,
            collective: false,
          },
          title: '要求补偿宅基地征收款',
          content: '信访人要求按新标准补偿宅基地征收款，已经复查、复核。',
          respondent: null,
          place: null,
          category: null,
          archived: { status: 'terminated', concludedOn: '2024-06-30' },
        },
        t.ctx.now(),
        '2025-11-20',
      ),
    );
    matterId = row.id;
  });
  afterAll(() => t.close());

  it('lists the terminated matter with its receptions; staff keep recording the help given; others do not see it', async () => {
    const desk = await loginAs(t.app, 'sx.registrar');
    const received = await requestAs(t.app, desk, { method: 'POST', url: `/api/v1/matters/${matterId}/commands`, payload: { type: 'recordReception', kind: 'legalExplanation', note: '释明复核意见，已依法终结' } });
    expect(received.statusCode, received.body).toBe(200);
    // Not accepted again: nothing but reception (and petitions registered at the desk) is possible.
    const accept = await requestAs(t.app, desk, { method: 'POST', url: `/api/v1/matters/${matterId}/commands`, payload: { type: 'accept', procedure: 'ordinary' } });
    expect(accept.statusCode).toBe(409);
    expect(accept.json().messageZh).toContain('不再受理');

    const list = (await requestAs(t.app, desk, { url: '/api/v1/registry/terminated?q=宅基地' })).json();
    expect(list.total).toBe(1);
    expect(list.items[0]).toMatchObject({ id: matterId, title: '要求补偿宅基地征收款', regionName: '小店区', receptions: 1, laterPetitions: 0 });

    // A petition on it afterwards is registered (信访必登) and refused again: counted as a later petition.
    await t.ctx.db.transaction(async (tx) => {
      const [row] = await tx.select().from(matters).where(eq(matters.id, matterId)).for('update');
      await applyCommand(tx, t.ctx, row!, { type: 'recordRepeatPetition' }, { userId: 'desk', bodyId: row!.registeringBodyId, roles: ['registrar'] }, t.ctx.now());
    });
    const after = (await requestAs(t.app, desk, { url: '/api/v1/registry/terminated?q=宅基地' })).json();
    expect(after.items[0]).toMatchObject({ laterPetitions: 1, receptions: 1 });
    const other = (await requestAs(t.app, await loginAs(t.app, 'yz.zjj.handler'), { url: '/api/v1/registry/terminated' })).json();
    expect(other.items.map((i: { id: string }) => i.id)).not.toContain(matterId);
  });
  it('leaves a repeat on the terminated matter out of 重复信访率 and every ranking (S0 不通报), saying how many', async () => {
    const desk = await loginAs(t.app, 'sx.registrar');
    const res = await requestAs(t.app, desk, {
      method: 'POST',
      url: '/api/v1/petitions',
      payload: {
        channel: 'visit',
        receivedAt: '2025-11-20T10:00:00+08:00',
        regionCode: '140105',
        title: '再次要求补偿宅基地征收款',
        content: '信访人以同一事实和理由再次要求按新标准补偿宅基地征收款。',
        details: { peopleCount: 1 },
        petitioners: [{ name: '钱宅基', address: '山西省太原市小店区' }],
        demands: [{ title: '再次要求补偿宅基地征收款', content: '同一事实和理由。', linkTo: { matterId, relation: 'repeat' } }],
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().matters[0]).toMatchObject({ matterId, relation: 'repeat', refusedAgain: true });

    const supervisor = await loginAs(t.app, 'sx.supervisor1');
    const x = (await requestAs(t.app, supervisor, { url: '/api/v1/supervision/indicators?from=2023-01-01&to=2023-12-31&groupBy=county' })).json();
    expect(x.total.items).toBe(1);
    expect(x.total.repeat).toEqual({ numerator: 0, denominator: 0, value: null, leftOut: 1 });
    expect(x.groups).toHaveLength(1);
    expect(x.groups[0].indicators.repeat).toMatchObject({ numerator: 0, leftOut: 1 });
  });
  it('screens a petition on the terminated matter as a repeat of it; the desk default records it there, refused again and received, with no new matter or clock', async () => {
    const desk = await loginAs(t.app, 'sx.registrar');
    // The matter's petitioner, known by phone from an earlier visit recorded on it.
    const draft = {
      channel: 'visit',
      receivedAt: '2025-11-20T11:00:00+08:00',
      regionCode: '140105',
      title: '还是要求补偿宅基地征收款',
      content: '信访人以同一事实和理由再次要求按新标准补偿宅基地征收款，称复核意见不公。',
      details: { peopleCount: 1 },
      petitioners: [{ name: '孙宅基', phone: '13903515678', address: '山西省太原市小店区' }],
    };
    const first = await requestAs(t.app, desk, { method: 'POST', url: '/api/v1/petitions', payload: { ...draft, demands: [{ title: draft.title, content: draft.content, linkTo: { matterId, relation: 'repeat' } }] } });
    expect(first.statusCode, first.body).toBe(201);

    const screened = (await requestAs(t.app, desk, { method: 'POST', url: '/api/v1/duplicates/check', payload: draft })).json();
    expect(screened.decision).toBe('repeat');
    expect(screened.repeatOf).toBe(matterId);
    expect(screened.candidates[0]).toMatchObject({ matterId, likelyRepeat: true, flags: [expect.objectContaining({ code: 'terminated', article: '《信访工作条例》第三十六条第三款' })] });

    const count = async () => (await queryRows<{ n: number }>(t.ctx.db, sql`SELECT count(*)::int AS n FROM matters`))[0]!.n;
    const clocks = async () => (await queryRows<{ n: number }>(t.ctx.db, sql`SELECT count(*)::int AS n FROM matter_clocks WHERE matter_id = ${matterId}`))[0]!.n;
    const [mattersBefore, clocksBefore] = [await count(), await clocks()];
    // What the desk sends by default for it: the repeat on that matter, with the reception given (Art. 37 ¶3).
    const res = await requestAs(t.app, desk, {
      method: 'POST',
      url: '/api/v1/petitions',
      payload: { ...draft, demands: [{ title: draft.title, content: draft.content, linkTo: { matterId: screened.repeatOf, relation: 'repeat', reception: { kind: 'counselling', note: '释明复核意见，做好疏导' } } }] },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().matters).toEqual([expect.objectContaining({ matterId, relation: 'repeat', refusedAgain: true })]);
    expect(await count()).toBe(mattersBefore);
    expect(await clocks()).toBe(clocksBefore);
    const recorded = await queryRows<{ type: string; refused: boolean | null; article: string | null; kind: string | null }>(
      t.ctx.db,
      sql`SELECT type, (payload->>'refusedAgain')::boolean AS refused, payload->>'article' AS article, payload->>'kind' AS kind
            FROM events WHERE entity_type = 'matter' AND entity_id = ${matterId} ORDER BY seq DESC LIMIT 2`,
    );
    expect(recorded).toEqual([
      { type: 'receptionRecorded', refused: null, article: null, kind: 'counselling' },
      { type: 'repeatPetitionRecorded', refused: true, article: '《信访工作条例》第三十六条第三款', kind: null },
    ]);
    expect((await queryRows<{ status: string }>(t.ctx.db, sql`SELECT status FROM matters WHERE id = ${matterId}`))[0]!.status).toBe('terminated');

    // A reception belongs to a terminated matter only: on an open one the registration is refused, and nothing is kept.
    const open = await requestAs(t.app, desk, { method: 'POST', url: '/api/v1/petitions', payload: { ...draft, title: '新问题', content: '信访人反映小区路灯损坏。' } });
    const openId = open.json().matters[0].matterId as string;
    const wrong = await requestAs(t.app, desk, {
      method: 'POST',
      url: '/api/v1/petitions',
      payload: { ...draft, demands: [{ title: '新问题', content: '再次反映路灯损坏。', linkTo: { matterId: openId, relation: 'repeat', reception: { kind: 'counselling' } } }] },
    });
    expect(wrong.statusCode).toBe(409);
  });
});
