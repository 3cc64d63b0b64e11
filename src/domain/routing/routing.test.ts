import { describe, expect, it } from 'vitest';
import { competenceCandidates } from './competence';
import { counterpartOf, evaluateRouting, predictBodies, predictCounterparts, predictRouting, trainRoutingModel } from './model';
import { ROUTING_PARAMS, suggestRouting } from './suggest';
import type { RoutingBody, RoutingExample, RoutingInput } from './types';

// A slice of the demo province: Taiyuan (140100), its districts Xiaodian (140105) and Yingze (140106), one street.
const B = (id: string, kind: RoutingBody['kind'], level: RoutingBody['level'], regionCode: string, competence: string[] = [], name = id): RoutingBody => ({
  id,
  name,
  kind,
  level,
  regionCode,
  competence,
});
const BODIES: RoutingBody[] = [
  B('sx-gov', 'government', 'province', '140000'),
  B('sx-xfj', 'petitionBureau', 'province', '140000'),
  B('sx-xfj-sl', 'acceptanceOffice', 'province', '140000'),
  B('sx-jw', 'disciplineBody', 'province', '140000'),
  B('sx-zfw', 'legalAffairsBody', 'province', '140000'),
  B('sx-zjj', 'department', 'province', '140000', ['城乡建设']),
  B('ty-gov', 'government', 'city', '140100'),
  B('ty-xfj', 'petitionBureau', 'city', '140100', ['城乡建设']),
  B('ty-jw', 'disciplineBody', 'city', '140100'),
  B('ty-zfw', 'legalAffairsBody', 'city', '140100'),
  B('ty-zjj', 'department', 'city', '140100', ['城乡建设']),
  B('ty-sthj', 'department', 'city', '140100', ['生态环境']),
  B('xd-gov', 'government', 'county', '140105'),
  B('xd-xfj', 'petitionBureau', 'county', '140105'),
  B('xd-zjj', 'department', 'county', '140105', ['城乡建设'], '小店区住房和城乡建设局'),
  B('xd-wy', 'department', 'county', '140105', ['物业管理'], '小店区物业管理服务中心'),
  B('xd-rsj', 'department', 'county', '140105', ['劳动社保']),
  B('wc-gov', 'government', 'town', '140105001'),
  B('yz-gov', 'government', 'county', '140106'),
  B('yz-zjj', 'department', 'county', '140106', ['城乡建设']),
  B('ym-gov', 'government', 'town', '140106002'),
];
const NAMES = { '140105': '小店区', '140105001': '坞城街道', '140100': '太原市', '140000': '山西省' };

const input = (over: Partial<RoutingInput> = {}): RoutingInput => ({
  regionCode: '140105',
  categoryPath: ['城乡建设'],
  purpose: 'request',
  art31Route: null,
  tokens: [],
  ...over,
});
const ids = (list: { bodyId: string }[]) => list.map((c) => c.bodyId);

describe('competence table (属地管理、分级负责，谁主管、谁负责)', () => {
  it('sends to the competent county department before the city one, never to a bureau or another county', () => {
    const list = competenceCandidates(input(), BODIES, NAMES);
    expect(ids(list)).toEqual(['xd-zjj', 'xd-gov', 'ty-zjj', 'ty-gov', 'sx-zjj', 'sx-gov']);
    expect(list[0]!.action).toBe('dispatch');
    expect(list[0]!.reasons).toContain('谁主管、谁负责：该单位主管城乡建设类事项');
    expect(list[1]!.reasons).toContain('属地管理：事项发生地为小店区');
  });

  it('prefers the department named for the finer category', () => {
    const list = competenceCandidates(input({ categoryPath: ['城乡建设', '物业管理'] }), BODIES, NAMES);
    expect(ids(list).slice(0, 3)).toEqual(['xd-wy', 'xd-zjj', 'xd-gov']);
    expect(list[0]!.reasons[0]).toBe('谁主管、谁负责：该单位主管物业管理类事项');
  });

  it('falls back to the people’s governments, lowest first, when no department is competent or nothing is classified', () => {
    expect(ids(competenceCandidates(input({ categoryPath: ['教育'] }), BODIES))).toEqual(['xd-gov', 'ty-gov', 'sx-gov']);
    const unclassified = competenceCandidates(input({ categoryPath: [] }), BODIES, NAMES);
    expect(ids(unclassified)[0]).toBe('xd-gov');
    expect(unclassified[0]!.reasons).toContain('事项尚未分类，由属地人民政府办理');
  });

  it('goes up a level when the county has no competent department', () => {
    const list = competenceCandidates(input({ categoryPath: ['生态环境'] }), BODIES, NAMES);
    expect(ids(list)).toEqual(['ty-sthj', 'xd-gov', 'ty-gov', 'sx-gov']);
    expect(list[0]!.reasons).toContain('分级负责：小店区没有主管生态环境类事项的部门，由市级主管部门办理');
  });

  it('puts a town’s government after the county department and before the county government', () => {
    const list = competenceCandidates(input({ regionCode: '140105001' }), BODIES, NAMES);
    expect(ids(list).slice(0, 3)).toEqual(['xd-zjj', 'wc-gov', 'xd-gov']);
    expect(list[1]!.reasons).toContain('属地管理：事项发生地为坞城街道');
  });

  it('redirects an accusation to the nearest discipline body (检举控告, Art. 22 ¶2)', () => {
    const list = competenceCandidates(input({ purpose: 'accusation' }), BODIES, NAMES);
    expect(list[0]).toMatchObject({ bodyId: 'ty-jw', action: 'redirect', rank: 0 });
    expect(list[0]!.reasons[0]).toMatch(/检举控告类事项.*纪检监察机关/);
    expect(ids(list)[1]).toBe('xd-zjj');
  });

  it('redirects litigation to the nearest legal-affairs body (诉访分离, Art. 28 ¶2)', () => {
    const list = competenceCandidates(input({ art31Route: 'litigation' }), BODIES, NAMES);
    expect(list[0]).toMatchObject({ bodyId: 'ty-zfw', action: 'redirect' });
    expect(list[0]!.reasons[0]).toMatch(/涉法涉诉.*第二十八条第二款/);
  });

  it('skips inactive bodies and answers nothing for a region code that is not one', () => {
    const closed = BODIES.map((b) => (b.id === 'xd-zjj' ? { ...b, active: false } : b));
    expect(ids(competenceCandidates(input(), closed)).slice(0, 2)).toEqual(['ty-zjj', 'xd-gov']);
    expect(competenceCandidates(input({ regionCode: 'nowhere' }), BODIES)).toEqual([]);
  });
});

/**
 * A synthetic history with one piece of local practice the table does not know: heating (供暖) goes to the city's
 * bureau, welfare (低保) to the street office, property (物业) to the county bureau as the table says.
 */
const FAMILIES = [
  { words: ['物业', '维修基金', '业主', '电梯', '漏水', '物业费'], category: '城乡建设', label: 'xd-zjj' },
  { words: ['供暖', '暖气', '热力', '室温', '采暖费', '不热'], category: '城乡建设', label: 'ty-zjj' },
  { words: ['低保', '救助', '残疾', '取消', '评定', '困难'], category: '民政', label: 'wc-gov' },
];
const NOISE = ['小区', '多次', '家里', '老人', '孩子', '今年', '去年', '电话', '联系', '单位', '群众', '生活'];

function history(n: number, seed: number): RoutingExample[] {
  let s = seed;
  const rand = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  const pick = <T,>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  return Array.from({ length: n }, () => {
    const f = pick(FAMILIES);
    const tokens = new Set<string>();
    while (tokens.size < 3) tokens.add(pick(f.words));
    while (tokens.size < 6) tokens.add(pick(NOISE));
    return { tokens: [...tokens], regionCode: '140105', categoryPath: [f.category], purpose: 'request', label: f.label };
  });
}

describe('the model learned from past dispatch decisions', () => {
  const train = history(300, 7);
  const test = history(100, 11);
  const model = trainRoutingModel(train);

  it('learns a text → body mapping and beats the competence table on held-out matters', () => {
    const learned = evaluateRouting(model, test);
    const table = test.filter((e) => competenceCandidates(e as RoutingInput & RoutingExample, BODIES)[0]?.bodyId === e.label).length / test.length;
    expect(learned.n).toBe(100);
    expect(learned.top1).toBeGreaterThan(0.95);
    expect(table).toBeLessThan(0.5);
    const [best] = predictRouting(model, input({ tokens: ['暖气', '供暖', '老人'] }), 3);
    expect(best!.label).toBe('ty-zjj');
    expect(best!.evidence.slice(0, 2).sort()).toEqual(['供暖', '暖气']);
    expect(best!.probability).toBeGreaterThan(0.5);
  });

  it('is a plain JSON object that predicts the same after a round trip', () => {
    const copy = JSON.parse(JSON.stringify(model)) as typeof model;
    expect(copy.version).toBe(1);
    expect(copy.trainedOn).toBe(300);
    expect(copy.labels).toEqual(['ty-zjj', 'wc-gov', 'xd-zjj']);
    for (const e of test.slice(0, 20)) expect(predictRouting(copy, e, 3)).toEqual(predictRouting(model, e, 3));
  });

  it('carries what it learned to a district with no history of its own, through the bodies’ counterparts', () => {
    const pooled = trainRoutingModel(train, {}, BODIES);
    expect(pooled.counterparts!.labels).toEqual(['city·department·城乡建设|城乡建设', `${counterpartOf(BODIES.find((b) => b.id === 'xd-zjj')!)}|城乡建设`, 'town·government·|民政']);
    expect(predictCounterparts(pooled, input({ tokens: ['供暖'] }), 3).map((p) => p.label)).toEqual(['city·department·城乡建设', 'county·department·城乡建设', 'town·government·']);
    // Yingze has no past matters: its own street office and its own bureau, not Xiaodian's.
    const welfare = predictBodies(pooled, input({ regionCode: '140106002', categoryPath: ['民政'], tokens: ['低保', '救助'] }), BODIES, 3);
    expect(welfare[0]).toMatchObject({ label: 'ym-gov', pooled: true });
    const property = predictBodies(pooled, input({ regionCode: '140106', tokens: ['物业', '维修基金'] }), BODIES, 3);
    expect(property[0]!.label).toBe('yz-zjj');
    // Without the bodies, only the per-body view: Xiaodian's bodies, for want of anything better.
    expect(predictRouting(model, input({ regionCode: '140106', tokens: ['物业', '维修基金'] }), 1)[0]!.label).toBe('xd-zjj');
    expect(evaluateRouting(pooled, test, BODIES).top1).toBeGreaterThan(0.95);
    const [first] = suggestRouting(input({ regionCode: '140106002', categoryPath: ['民政'], tokens: ['低保', '救助'] }), BODIES, pooled);
    expect(first).toMatchObject({ bodyId: 'ym-gov', source: 'both' });
    expect(first!.reasons.join()).toMatch(/以往\d+件含“(低保|救助)”.*的相似事项转送全省乡镇（街道）人民政府/);
  });

  it('keeps each body’s table within the cap and drops words seen once', () => {
    const small = trainRoutingModel([...train, { ...train[0]!, tokens: ['独一无二'] }], { maxFeaturesPerLabel: 5 });
    for (const c of small.classes) expect(Object.keys(c.counts).length).toBeLessThanOrEqual(5);
    expect(small.classes.some((c) => 'W:独一无二' in c.counts)).toBe(false);
  });
});

describe('suggestions: the table blended with the model', () => {
  const model = trainRoutingModel(history(300, 7));

  it('follows the model where the table has no department to name', () => {
    const list = suggestRouting(input({ categoryPath: [], tokens: ['供暖', '暖气', '室温'] }), BODIES, model, { regionNames: NAMES });
    expect(list[0]).toMatchObject({ bodyId: 'ty-zjj', action: 'dispatch' });
    expect(list[0]!.source).toBe('model');
    expect(list[0]!.reasons.join()).toMatch(/以往\d+件含“.+”等词的相似事项转送该单位/);
    expect(list.length).toBe(3);
  });

  it('follows the model over the table when the history is clear, and says both agree when they do', () => {
    const heating = suggestRouting(input({ tokens: ['供暖', '暖气', '室温'] }), BODIES, model);
    expect(heating[0]!.bodyId).toBe('ty-zjj');
    expect(heating[0]!.source).toBe('both');
    const property = suggestRouting(input({ tokens: ['物业', '维修基金'] }), BODIES, model, { regionNames: NAMES });
    expect(property[0]).toMatchObject({ bodyId: 'xd-zjj', source: 'both' });
    expect(property[0]!.reasons[0]).toBe('谁主管、谁负责：该单位主管城乡建设类事项');
    expect(property[0]!.confidence).toBeGreaterThan(0.7);
  });

  it('returns the table’s ranking with lower confidences when there is no model, or an empty one', () => {
    for (const m of [null, trainRoutingModel([])]) {
      const list = suggestRouting(input({ tokens: ['供暖'] }), BODIES, m);
      expect(ids(list)).toEqual(['xd-zjj', 'xd-gov', 'ty-zjj']);
      expect(list.every((s) => s.source === 'competence')).toBe(true);
      expect(list[0]!.confidence).toBeLessThanOrEqual(1 - ROUTING_PARAMS.modelWeight);
    }
  });

  it('keeps the redirect of an accusation first and never suggests bureaus, inactive or unknown bodies', () => {
    const list = suggestRouting(input({ purpose: 'accusation', tokens: ['物业'] }), BODIES, null);
    expect(list[0]).toMatchObject({ bodyId: 'ty-jw', action: 'redirect', source: 'competence' });
    const withoutCity = BODIES.filter((b) => b.id !== 'ty-zjj').map((b) => (b.id === 'wc-gov' ? { ...b, active: false } : b));
    const heating = suggestRouting(input({ regionCode: '140105001', categoryPath: ['民政'], tokens: ['供暖', '低保'] }), withoutCity, model);
    expect(ids(heating)).not.toContain('ty-zjj');
    expect(ids(heating)).not.toContain('wc-gov');
    for (const s of heating) expect(s.bodyId).not.toMatch(/xfj/);
  });

  it('gives confidences between 0 and 1, best first, that sum to at most 1', () => {
    const list = suggestRouting(input({ tokens: ['物业', '供暖'] }), BODIES, model);
    const c = list.map((s) => s.confidence);
    expect([...c].sort((a, b) => b - a)).toEqual(c);
    expect(c.reduce((s, x) => s + x, 0)).toBeLessThanOrEqual(1 + 1e-9);
    for (const x of c) expect(x).toBeGreaterThan(0);
  });
});
