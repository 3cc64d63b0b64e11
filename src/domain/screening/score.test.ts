import { describe, expect, it } from 'vitest';
import { contentSignature, rankCandidates, screeningDecision } from './score';
import type { CandidateMatter, CandidatePetition, ScreeningDraft, ScreeningPerson } from './types';

const ZHANG: ScreeningPerson = { name: '张伟', idNumber: '140105198001011234', phone: '13803511234' };
const LI: ScreeningPerson = { name: '李娜', idNumber: '140105198502021236', phone: '13903512345' };

// The letter Zhang Wei wrote first, about his property company.
const LETTER: CandidatePetition = {
  petitionId: 'p1',
  externalId: 'X-1',
  channel: 'letter',
  receivedOn: '2025-03-02',
  petitioners: [ZHANG],
  title: '反映恒安花园物业擅自动用维修基金问题',
  content:
    '尊敬的领导：我叫张伟，家住太原市小店区恒安花园8号楼2单元。2024年10月以来小区电梯经常故障，山西恒安物业管理有限公司一直不维修。物业未经业主大会同意，擅自动用住宅专项维修基金12万元，账目不公开。物业费从每平米1.5元涨到2.2元。请求责令物业公司公开维修基金使用明细，退还违规动用的12万元。此致敬礼！反映人：张伟',
  respondent: '山西恒安物业管理有限公司',
  place: '太原市小店区恒安花园',
  category: '城乡建设',
  keywords: ['维修基金', '恒安', '物业', '电梯', '业主大会', '恒安花园', '退还', '明细', '故障', '物业费'],
};

function matter(id: string, petitions: CandidatePetition[], extra: Partial<CandidateMatter> = {}): CandidateMatter {
  return {
    matterId: id,
    number: id,
    status: 'concluded',
    regionCode: '140105',
    receivedOn: petitions[0]!.receivedOn,
    petitions,
    responsibleBodyLevel: 'county',
    handlingWithinTimeLimit: false,
    ...extra,
  };
}

// The same matter told over the phone months later, summarised by a clerk, the name in traditional characters.
const CALL: ScreeningDraft = {
  channel: 'phone',
  receivedOn: '2025-05-20',
  regionCode: '140105',
  petitioners: [{ name: '張偉', idNumber: null, phone: '13803511234' }],
  title: '物业动用维修基金',
  content: '来电人反映：其系恒安花园业主，恒安物业私自使用维修基金120000元，电梯坏了没人修。来电人要求物业退回维修基金。',
  respondent: '恒安物业',
  place: null,
  category: '城乡建设',
  keywords: ['维修基金', '恒安', '物业', '电梯', '恒安花园', '退回', '私自', '业主'],
};

// Zhang Wei again, but about unpaid wages at a construction company: a different matter.
const WAGES: ScreeningDraft = {
  channel: 'online',
  receivedOn: '2025-06-01',
  regionCode: '140105',
  petitioners: [ZHANG],
  title: '讨要被拖欠的工资',
  content: '诉求：要求山西天成建筑工程有限公司支付拖欠工资8万元。事实与理由：我从2024年3月起在天成建筑承建的龙城家园工地做钢筋工，干了6个月，工资一直没有发放。',
  respondent: '山西天成建筑工程有限公司',
  place: '太原市小店区',
  category: '劳动社保',
  keywords: ['工资', '天成', '建筑', '拖欠', '钢筋工', '龙城', '工地', '承建', '发放'],
};

// A neighbour about the same property company: not Zhang Wei's repeat.
const NEIGHBOUR: ScreeningDraft = {
  ...CALL,
  channel: 'online',
  petitioners: [LI],
  content: '诉求：要求山西恒安物业管理有限公司公开维修基金账目。事实与理由：我是恒安花园3号楼业主，物业擅自动用维修基金，小区地下车库积水无人清理。',
  respondent: '山西恒安物业管理有限公司',
  keywords: ['维修基金', '恒安', '物业', '恒安花园', '车库', '积水', '账目', '业主'],
};

describe('rankCandidates', () => {
  it('finds a rephrased repeat through another channel by phone, traditional name, respondent and details', () => {
    const ranked = rankCandidates(CALL, [matter('m1', [LETTER])], { registeringLevel: 'county' });
    expect(ranked[0]).toMatchObject({ matterId: 'm1', likelyRepeat: true });
    const codes = ranked[0]!.reasons.map((r) => r.code);
    expect(codes).toEqual(expect.arrayContaining(['samePhone', 'sameName', 'sameRespondent', 'sharedDetails', 'sharedKeywords', 'closeInTime']));
    const zh = ranked[0]!.reasons.map((r) => r.messageZh).join('；');
    expect(zh).toContain('手机号相同（138****1234）');
    expect(zh).toContain('姓名相同：张伟');
    expect(zh).toContain('被反映单位相同');
    expect(zh).toContain('120000元');
    expect(zh).toMatch(/相隔 79 天/);
    expect(screeningDecision(ranked)).toBe('repeat');
    expect(ranked[0]!.score).toBeLessThanOrEqual(1);
    expect(Number.isInteger(ranked[0]!.score * 1000)).toBe(true);
  });

  it('does not take a different matter of the same person for a repeat', () => {
    const ranked = rankCandidates(WAGES, [matter('m1', [LETTER])], { registeringLevel: 'county' });
    expect(ranked.every((r) => !r.likelyRepeat)).toBe(true);
    expect(screeningDecision(ranked)).toBe('new');
  });

  it('does not take another petitioner about the same respondent for a repeat, but shows it as possibly collective', () => {
    const ranked = rankCandidates(NEIGHBOUR, [matter('m1', [LETTER])], { registeringLevel: 'county' });
    expect(ranked[0]?.likelyRepeat ?? false).toBe(false);
    expect(ranked[0]?.reasons.map((r) => r.code)).toEqual(expect.arrayContaining(['differentPetitioner', 'sameRespondent', 'possibleCollective']));
    expect(screeningDecision(ranked)).toBe('new');
  });

  it('marks each reason for or against a repeat, so the desk can tell evidence against from support', () => {
    // The call names its respondent; a letter without one that never mentions it: the respondent counts against.
    const letter: CandidatePetition = { ...LETTER, respondent: null, content: LETTER.content.replace(/山西恒安物业管理有限公司/g, '物业公司'), title: '反映物业擅自动用维修基金问题' };
    const [r] = rankCandidates({ ...CALL, respondent: '山西天成建筑工程有限公司' }, [matter('m1', [letter])], { registeringLevel: 'county' });
    const polarity = Object.fromEntries(r!.reasons.map((x) => [x.code, x.polarity]));
    expect(polarity).toMatchObject({ samePhone: 'for', sharedDetails: 'for', respondentNotMentioned: 'against' });
    expect(r!.reasons.find((x) => x.code === 'respondentNotMentioned')!.messageZh).toContain('未在另一方的内容中出现');
    // Weightless evidence against (another person, possibly collective) is against too, not neutral support.
    const [n] = rankCandidates(NEIGHBOUR, [matter('m1', [LETTER])], { registeringLevel: 'county' });
    expect(n!.reasons.filter((x) => x.polarity === 'against').map((x) => x.code)).toEqual(expect.arrayContaining(['differentPetitioner', 'possibleCollective']));
    for (const x of [...r!.reasons, ...n!.reasons]) if (x.weight < 0) expect(x.polarity, x.code).toBe('against');
  });

  it('takes an anonymous re-send of the same text about the same respondent for a repeat', () => {
    const resend: ScreeningDraft = { ...LETTER, channel: 'letter', receivedOn: '2025-04-01', regionCode: '140105', petitioners: [{ name: '匿名', idNumber: null, phone: null }] };
    const ranked = rankCandidates(resend, [matter('m1', [LETTER])], { registeringLevel: 'county' });
    expect(ranked[0]).toMatchObject({ matterId: 'm1', likelyRepeat: true });
  });

  it('tells two people of the same name apart by their ID numbers', () => {
    const other: ScreeningDraft = { ...WAGES, petitioners: [{ name: '张伟', idNumber: '140105199001011238', phone: null }] };
    const ranked = rankCandidates(other, [matter('m1', [LETTER])], { registeringLevel: 'county', limit: 5 });
    expect(ranked.every((r) => !r.likelyRepeat)).toBe(true);
    const all = rankCandidates({ ...CALL, petitioners: other.petitioners }, [matter('m1', [LETTER])], { registeringLevel: 'county' });
    expect(all[0]?.reasons.map((r) => r.code)).toContain('sameNameDifferentId');
  });

  it('ranks the repeated matter above the same person’s other matters, and honours the limit', () => {
    const wagesMatter = matter('m2', [{ ...LETTER, petitionId: 'p2', ...WAGES, petitioners: [ZHANG], externalId: null, receivedOn: '2025-01-01' } as CandidatePetition]);
    const ranked = rankCandidates(CALL, [wagesMatter, matter('m1', [LETTER])], { registeringLevel: 'county' });
    expect(ranked[0]!.matterId).toBe('m1');
    expect(rankCandidates(CALL, [wagesMatter, matter('m1', [LETTER])], { registeringLevel: 'county', limit: 1 })).toHaveLength(1);
    expect(rankCandidates(CALL, [], { registeringLevel: 'county' })).toEqual([]);
  });
});

describe('flags', () => {
  it('flags a terminated matter, citing Art. 36 ¶3', () => {
    const ranked = rankCandidates(CALL, [matter('m1', [LETTER], { status: 'terminated' })], { registeringLevel: 'county' });
    expect(ranked[0]!.flags).toEqual([expect.objectContaining({ code: 'terminated', article: '《信访工作条例》第三十六条第三款' })]);
    expect(ranked[0]!.flags[0]!.messageZh).toContain('不再受理');
  });

  it('flags level-skipping when a lower body handles the matter within its time limit (Art. 19 ¶3)', () => {
    const open = matter('m1', [LETTER], { status: 'accepted', responsibleBodyLevel: 'county', handlingWithinTimeLimit: true });
    const [atCity] = rankCandidates(CALL, [open], { registeringLevel: 'city' });
    expect(atCity!.flags).toEqual([expect.objectContaining({ code: 'levelSkipping', article: '《信访工作条例》第十九条第三款' })]);
    expect(atCity!.flags[0]!.messageZh).toContain('上级机关、单位不予受理');
    // Not at the same level, not past the time limit, not when concluded, not for a candidate that is no repeat.
    expect(rankCandidates(CALL, [open], { registeringLevel: 'county' })[0]!.flags).toEqual([]);
    expect(rankCandidates(CALL, [{ ...open, handlingWithinTimeLimit: false }], { registeringLevel: 'city' })[0]!.flags).toEqual([]);
    expect(rankCandidates(CALL, [{ ...open, status: 'concluded' }], { registeringLevel: 'city' })[0]!.flags).toEqual([]);
    expect(rankCandidates(WAGES, [open], { registeringLevel: 'city' }).flatMap((r) => r.flags)).toEqual([]);
  });
});

describe('contentSignature', () => {
  it('gives the same bands for the same content and none for no content', () => {
    const a = contentSignature(LETTER).bands;
    expect(a).toHaveLength(20);
    expect(contentSignature({ ...LETTER, title: 'x' }).bands).toEqual(a);
    expect(contentSignature({ ...LETTER, content: '', title: '' }).bands).toEqual([]);
    const shared = contentSignature({ ...LETTER, content: LETTER.content.replace('此致敬礼！', '') }).bands.filter((b) => a.includes(b));
    expect(shared.length).toBeGreaterThan(0);
  });
});
