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

describe('what a clerk relies on when nobody is in common, or the same person comes with another demand', () => {
  // A collective matter (联名信): three workers of one project.
  const GROUP_LETTER: CandidatePetition = {
    petitionId: 'g1',
    externalId: null,
    channel: 'letter',
    receivedOn: '2025-03-02',
    petitioners: [
      { name: '郭振华', idNumber: null, phone: '13700002001', address: '太原市清徐县东于镇东于村12号' },
      { name: '任保平', idNumber: null, phone: '13700002002' },
      { name: '薛德胜', idNumber: null, phone: '13700002003' },
    ],
    title: '反映拖欠农民工工资问题',
    content: '我们是在山西金泰建筑工程有限公司承建的鑫源花园项目干活的农民工，2024年3月开始干活，一共干了8个月，公司至今拖欠我们工资46.5万元，多次讨要无果。请求督促金泰建筑尽快支付。',
    respondent: '山西金泰建筑工程有限公司',
    place: '清徐县东于镇',
    category: '劳动社保',
    keywords: ['工资', '金泰', '建筑', '拖欠', '鑫源', '花园', '农民工', '讨要'],
    collective: true,
  };
  const group = () => matter('g', [GROUP_LETTER], { regionCode: '140121' });
  const draft = (d: Partial<ScreeningDraft>): ScreeningDraft => ({
    channel: 'phone',
    receivedOn: '2025-06-01',
    regionCode: '140121',
    petitioners: [],
    title: '讨要工资',
    content: '',
    respondent: null,
    place: null,
    category: '劳动社保',
    keywords: [],
    ...d,
  });

  it('takes a member of the group filing alone for the first time, nobody in common, for a repeat of the group’s matter', () => {
    const member = draft({
      petitioners: [{ name: '闫喜平', idNumber: null, phone: '13900003003' }],
      content: '来电人称其在鑫源花园工地打工，承建方是金泰建筑，2024年3月起干了8个月，工钱一直没给，大伙儿一共被欠了465000元。要求结清欠薪。',
      respondent: '金泰建筑',
      keywords: ['工资', '鑫源', '花园', '金泰', '建筑', '欠薪', '工地'],
    });
    const ranked = rankCandidates(member, [group()], { registeringLevel: 'county' });
    expect(ranked[0]).toMatchObject({ matterId: 'g', likelyRepeat: true });
    expect(ranked[0]!.reasons.map((r) => r.code)).toEqual(expect.arrayContaining(['differentPetitioner', 'groupMember', 'sharedDetails']));
  });

  it('does not take a neighbour about the same company with other facts for a member of the group', () => {
    const neighbour = draft({
      petitioners: [{ name: '闫喜平', idNumber: null, phone: '13900003003' }],
      content: '来电人称其2025年1月在金泰建筑承建的汇通家园项目做木工，被拖欠工资2.3万元。',
      respondent: '金泰建筑',
      keywords: ['工资', '汇通', '家园', '金泰', '建筑', '木工'],
    });
    expect(screeningDecision(rankCandidates(neighbour, [group()], { registeringLevel: 'county' }))).toBe('new');
  });

  it('does not take the same person about another project and other wages for a repeat', () => {
    const other = draft({
      petitioners: [{ name: '郭振华', idNumber: null, phone: '13700002001' }],
      content: '来电人反映其2025年5月到山西金泰建筑工程有限公司承建的汇通家园项目当钢筋工，干了4个月，被拖欠工资3.8万元，要求支付。',
      respondent: '山西金泰建筑工程有限公司',
      keywords: ['工资', '金泰', '建筑', '汇通', '家园', '钢筋工', '拖欠'],
    });
    const ranked = rankCandidates(other, [group()], { registeringLevel: 'county' });
    expect(screeningDecision(ranked)).toBe('new');
    expect(ranked[0]?.reasons.map((r) => r.code) ?? []).toContain('differentFacts');
  });

  it('recognises the same person by a homophone name and the same home address, with a new phone and no ID number', () => {
    const variant = draft({
      channel: 'visit',
      petitioners: [{ name: '郭振骅', idNumber: null, phone: '13900004004', address: '太原市清徐县东于镇东于村12号' }],
      content: '来访人郭振骅反映：其在鑫源花园项目干了8个月，承建单位金泰建筑拖欠工资46.5万余元。',
      respondent: '山西金泰建筑工程有限公司',
      keywords: ['工资', '鑫源', '花园', '金泰', '建筑', '拖欠'],
    });
    const ranked = rankCandidates(variant, [group()], { registeringLevel: 'county' });
    expect(ranked[0]).toMatchObject({ matterId: 'g', likelyRepeat: true });
    expect(ranked[0]!.reasons.map((r) => r.code)).toEqual(expect.arrayContaining(['sameNameSound', 'sameAddress']));
  });

  it('does not hear a different ID number as the same person, however the name sounds', () => {
    const other = draft({ petitioners: [{ name: '郭振骅', idNumber: '140121198001011234', phone: null }] });
    const withId = matter('g', [{ ...GROUP_LETTER, petitioners: [{ name: '郭振华', idNumber: '140121197001011236', phone: null }] }], { regionCode: '140121' });
    const codes = rankCandidates(other, [withId], { registeringLevel: 'county', limit: 5 })[0]?.reasons.map((r) => r.code) ?? [];
    expect(codes).not.toContain('sameNameSound');
  });
});
