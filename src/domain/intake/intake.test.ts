import { describe, expect, it } from 'vitest';
import { intakeProblems, isCollective, peopleCountOf, withCallerNumber, type IntakeFacts } from './intake';

const base = (over: Partial<IntakeFacts>): IntakeFacts => ({
  channel: 'letter',
  receivedOn: '2026-11-20',
  today: '2026-11-23',
  details: {},
  petitioners: [{ name: '张伟', isRepresentative: false }],
  oral: false,
  ...over,
});
const fields = (f: IntakeFacts) => intakeProblems(f).map((p) => p.field);
const reps = (n: number, others = 0) => [
  ...Array.from({ length: n }, (_, i) => ({ name: `代表${i + 1}`, isRepresentative: true })),
  ...Array.from({ length: others }, (_, i) => ({ name: `群众${i + 1}`, isRepresentative: false })),
];

describe('intake rules', () => {
  it('a group visit elects at most 5 representatives (Art. 20 ¶3), with the reason in Chinese', () => {
    expect(intakeProblems(base({ channel: 'visit', details: { peopleCount: 40 }, petitioners: reps(5, 2) }))).toEqual([]);
    const six = intakeProblems(base({ channel: 'visit', details: { peopleCount: 40 }, petitioners: reps(6) }));
    expect(six).toHaveLength(1);
    expect(six[0]).toMatchObject({ field: 'petitioners', article: '《信访工作条例》第二十条第三款' });
    expect(six[0]!.messageZh).toContain('不得超过 5 人（现为 6 人）');
  });

  it('a large group visit without named representatives is sent back to name them', () => {
    expect(fields(base({ channel: 'visit', details: { peopleCount: 30 }, petitioners: reps(0, 6) }))).toEqual(['petitioners']);
    // A couple visiting together need not elect anyone.
    expect(intakeProblems(base({ channel: 'visit', details: { peopleCount: 2 }, petitioners: reps(0, 2) }))).toEqual([]);
  });

  // The group is the larger of details.peopleCount and the people listed; above 5 it names 1 to 5 representatives.
  it.each([
    ['30 came, 1 named, no representative', 30, reps(0, 1), ['petitioners']],
    ['30 came, 1 named representative', 30, reps(1), []],
    ['30 came, 5 representatives named', 30, reps(5), []],
    ['30 came, 6 representatives named', 30, reps(6), ['petitioners']],
    ['6 came, none named a representative', 6, reps(0, 6), ['petitioners']],
    ['5 came, no representative needed', 5, reps(0, 5), []],
    ['7 listed but peopleCount 2', 2, reps(1, 6), ['details.peopleCount']],
    ['7 listed but peopleCount 2, no representative', 2, reps(0, 7), ['details.peopleCount', 'petitioners']],
    ['3 listed but peopleCount 1', 1, reps(0, 3), ['details.peopleCount']],
  ])('group visit: %s', (_label, peopleCount, petitioners, expected) => {
    expect(fields(base({ channel: 'visit', details: { peopleCount }, petitioners }))).toEqual(expected);
  });

  it('says why a group visit is sent back, in Chinese and English', () => {
    const [noRep] = intakeProblems(base({ channel: 'visit', details: { peopleCount: 30 }, petitioners: reps(0, 1) }));
    expect(noRep).toMatchObject({ field: 'petitioners', article: '《信访工作条例》第二十条第三款' });
    expect(noRep!.messageZh).toBe('30 人走访同一事项，请标明推选的代表（不超过 5 人）');
    expect(noRep!.message).toBe('a group visit of 30 must name its representatives (at most 5)');
    const problems = intakeProblems(base({ channel: 'visit', details: { peopleCount: 2 }, petitioners: reps(0, 7) }));
    expect(problems[0]).toEqual({
      field: 'details.peopleCount',
      messageZh: '来访人数（2 人）少于登记的信访人数（7 人），请核对来访人数',
      message: 'details.peopleCount (2) is less than the 7 petitioners listed',
    });
    // The group is the 7 listed, not the 2 written.
    expect(problems[1]!.messageZh).toBe('7 人走访同一事项，请标明推选的代表（不超过 5 人）');
  });

  it('each channel asks for what its clerks record', () => {
    expect(fields(base({ channel: 'visit', details: {} }))).toEqual(['details.peopleCount']);
    expect(fields(base({ channel: 'phone', details: {} }))).toEqual(['details.callerNumber', 'details.calledAt']);
    expect(intakeProblems(base({ channel: 'phone', details: { callerNumber: '13803511234', calledAt: '2026-11-20T09:12:00+08:00', recordingRef: 'REC-1' } }))).toEqual([]);
    expect(fields(base({ channel: 'referral', details: { sourceBody: '国家信访局' } }))).toEqual(['details.referralNumber']);
    expect(fields(base({ channel: 'referral', details: { sourceBody: '国家信访局', referralNumber: '国信转〔2026〕12号', deadlineOn: '2026-11-01' } }))).toEqual([
      'details.deadlineOn',
    ]);
    expect(fields(base({ channel: 'letter', details: { postmarkOn: '2026-11-21', pages: 0 } }))).toEqual(['details.postmarkOn', 'details.pages']);
    expect(intakeProblems(base({ channel: 'online', details: { request: '退还维修基金' } }))).toEqual([]);
  });

  it('reports every problem at once, in form order', () => {
    expect(fields(base({ receivedOn: '2026-11-24', petitioners: [], channel: 'phone', details: {} }))).toEqual([
      'receivedOn',
      'petitioners',
      'details.callerNumber',
      'details.calledAt',
    ]);
  });

  it('oral petitions come by visit or phone (Art. 19 ¶1: written down as told)', () => {
    expect(intakeProblems(base({ channel: 'visit', details: { peopleCount: 1 }, oral: true }))).toEqual([]);
    expect(fields(base({ channel: 'online', oral: true }))).toEqual(['oral']);
  });

  it('collective: several petitioners, a group visit, or a jointly signed letter', () => {
    expect(isCollective('letter', { signatures: 12 }, 1)).toBe(true);
    expect(isCollective('visit', { peopleCount: 3 }, 1)).toBe(true);
    expect(isCollective('phone', {}, 1)).toBe(false);
    expect(isCollective('online', {}, 2)).toBe(true);
    expect(peopleCountOf('visit', { peopleCount: 30 }, 5)).toBe(30);
    expect(peopleCountOf('letter', {}, 3)).toBe(3);
  });
});

describe('the caller of a phone petition', () => {
  type Person = { name: string; phone?: string };
  const caller = { callerNumber: '139-0351-2222' };
  it('gives its number to the one petitioner recorded without a phone', () => {
    expect(withCallerNumber<Person>('phone', caller, [{ name: '刘翠花' }])).toEqual([{ name: '刘翠花', phone: '139-0351-2222' }]);
  });
  it('leaves a phone the clerk typed, several petitioners, other channels and an invalid number alone', () => {
    expect(withCallerNumber<Person>('phone', caller, [{ name: '刘翠花', phone: '13800000000' }])).toEqual([{ name: '刘翠花', phone: '13800000000' }]);
    expect(withCallerNumber<Person>('phone', caller, [{ name: '甲' }, { name: '乙' }])).toEqual([{ name: '甲' }, { name: '乙' }]);
    expect(withCallerNumber<Person>('letter', caller, [{ name: '刘翠花' }])).toEqual([{ name: '刘翠花' }]);
    expect(withCallerNumber<Person>('phone', { callerNumber: '12345' }, [{ name: '刘翠花' }])).toEqual([{ name: '刘翠花' }]);
  });
});
