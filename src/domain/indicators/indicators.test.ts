import { describe, expect, it } from 'vitest';
import { A, Course, accepted, calendar, delivered, facts, inReReview } from '../lifecycle/lifecycle.testkit';
import { computeIndicators, normalisedVolume, type IndicatorMatter } from './indicators';

/**
 * The indicator formulas of RULES.md on a known set, judged on 2026-01-20. Every course is received 2025-09-19;
 * dispatched on 09-24 (5 days), accepted 09-26; the 60 handling days end on 11-25.
 *  m1 replied 11-20 (in time), delivered, evaluated 满意;        m2 never dispatched (its 15 days ended 10-09);
 *  m3 replied 12-05 (late), evaluated 不满意, then a repeat;     m4 replied 12-05 (late), delivered 12-08, never
 *  evaluated: its 30-day evaluation window closed 2026-01-07; a second petitioner joined it (not a repeat).
 */
function m1(): Course {
  const c = accepted('2025-09-26');
  c.reply('2025-11-20', 'support', '予以支持');
  c.step({ type: 'recordDelivery', on: '2025-11-21', method: 'post' }, A.handler);
  c.step({ type: 'evaluate', on: '2025-11-25', rating: 'satisfied' }, A.system);
  return c;
}
function m2(): Course {
  const c = new Course();
  c.step({ type: 'register', on: '2025-09-19', facts: facts() }, A.registrar);
  return c;
}
function m3(): Course {
  const c = delivered('2025-12-08');
  c.step({ type: 'evaluate', on: '2025-12-10', rating: 'dissatisfied', comment: '未解决' }, A.system);
  c.step({ type: 'recordRepeatPetition', on: '2025-12-15' }, A.registrar);
  return c;
}

describe('indicators (RULES.md formulas)', () => {
  const set: IndicatorMatter[] = [
    { id: 'm1', state: m1().current, petitions: [{ relation: 'origin' }] },
    { id: 'm2', state: m2().current, petitions: [{ relation: 'origin' }] },
    { id: 'm3', state: m3().current, petitions: [{ relation: 'origin' }, { relation: 'repeat' }] },
    { id: 'm4', state: delivered('2025-12-08').current, petitions: [{ relation: 'origin' }, { relation: 'joined' }] },
  ];
  const x = computeIndicators(set, '2026-01-20', calendar);

  it('及时受理率: 3 of 4 dispatched or notified within 15 days; the drill-down names the late one', () => {
    expect(x.timelyAcceptance).toMatchObject({ numerator: 3, denominator: 4, value: 0.75, misses: ['m2'] });
  });
  it('按期办结率: 1 of the 3 whose 60 days have come', () => {
    expect(x.onTimeConclusion).toMatchObject({ numerator: 1, denominator: 3, hits: ['m1'], misses: ['m3', 'm4'] });
  });
  it('满意率 and 参评率: 1 of 2 evaluations satisfied; 2 evaluated of 3 whose window closed or who evaluated', () => {
    expect(x.satisfaction).toMatchObject({ numerator: 1, denominator: 2, value: 0.5 });
    expect(x.evaluation).toMatchObject({ numerator: 2, denominator: 3, misses: ['m4'] });
  });
  it('重复信访率 counts repeats, not joined petitions; 一次性化解率 loses the matter that came back', () => {
    expect(x.repeat).toEqual({ numerator: 1, denominator: 5, value: 0.2, leftOut: 0 });
    expect(x.firstTimeResolution).toMatchObject({ numerator: 2, denominator: 3, misses: ['m3'] });
  });
  it('重复信访率 leaves out the repeats of a terminated matter (S0 不通报), and says how many', () => {
    const t = inReReview();
    t.appealOpinion('reReview', '2026-03-05', '2026-03-06');
    expect(t.status).toBe('terminated');
    const again = t.step({ type: 'recordRepeatPetition', on: '2026-03-10' }, A.registrar);
    expect(again.payload).toMatchObject({ refusedAgain: true });
    const terminated: IndicatorMatter = {
      id: 'm6',
      state: t.current,
      petitions: [{ relation: 'origin' }, { relation: 'repeat', refusedAgain: true }, { relation: 'repeat', refusedAgain: true }],
    };
    const y = computeIndicators([...set, terminated], '2026-03-20', calendar);
    // m6's origin counts as an item; its two refused-again repeats count neither above nor below the line.
    expect(y.repeat).toEqual({ numerator: 1, denominator: 6, value: 1 / 6, leftOut: 2 });
    // Counted as repeats they would have raised the rate to 3 of 8.
    const counted = computeIndicators([...set, { ...terminated, petitions: terminated.petitions.map((p) => ({ relation: p.relation })) }], '2026-03-20', calendar);
    expect(counted.repeat).toEqual({ numerator: 3, denominator: 8, value: 3 / 8, leftOut: 0 });
  });

  it('open, overdue and average days', () => {
    expect(x.open).toBe(4);
    expect(x.overdue).toEqual(['m2']);
    expect(x.averageDaysToDispatch).toBe(5);
    expect(x.averageDaysToConclude).toBe(65); // (55 + 70 + 70) / 3
    expect(x.items).toBe(4);
  });
  it('counts completion reports returned for re-handling (退回重办), with the matters for the drill-down', () => {
    expect(x.reportReturns).toEqual({ count: 0, matters: [] });
    const c = delivered('2025-12-08', 'assign');
    for (const [filed, returned] of [['2025-12-09', '2025-12-10'], ['2025-12-12', '2025-12-15']] as const) {
      c.step({ type: 'fileCompletionReport', on: filed }, A.handler);
      c.step({ type: 'returnCompletionReport', on: returned, reason: '未见答复信访人的材料' }, A.supervisor);
      if (filed === '2025-12-09') {
        // Back to handling: the handler answers again and files again.
        c.reply('2025-12-11', 'support', '予以支持');
        c.step({ type: 'recordDelivery', on: '2025-12-11', method: 'post' }, A.handler);
      }
    }
    expect(c.current).toMatchObject({ status: 'accepted', completionReport: 'returned', completionReportReturns: 2 });
    const y = computeIndicators([...set, { id: 'm5', state: c.current, petitions: [{ relation: 'origin' }] }], '2026-01-20', calendar);
    expect(y.reportReturns).toEqual({ count: 2, matters: ['m5'] });
  });

  it('nothing due yet gives no rate rather than 0% or 100%', () => {
    const fresh = computeIndicators([{ id: 'f', state: m2().current, petitions: [{ relation: 'origin' }] }], '2025-09-20', calendar);
    expect(fresh.timelyAcceptance).toMatchObject({ denominator: 0, value: null });
  });
  it('normalises volume by residents and GDP (per 10,000 residents, per 100 million yuan)', () => {
    expect(normalisedVolume(545, 5_450_000, 5570)).toEqual({ per10kResidents: 1, perHundredMillionYuan: 0.098 });
    expect(normalisedVolume(10, null, null)).toEqual({ per10kResidents: null, perHundredMillionYuan: null });
  });
});
