import { describe, expect, it } from 'vitest';
import { intakeProblems } from '../../domain/intake';
import { validateRecord, type RecordContext } from './record';

const ctx: RecordContext = { today: '2025-11-20', regionKnown: (c) => c === '140105', bureauOf: () => '00000000-0000-4000-8000-000000000001' };

const visit = (peopleCount: number, names: string[]) => ({
  externalId: 'V1',
  channel: 'visit',
  receivedAt: '2019-05-06T09:00:00+08:00',
  regionCode: '140105',
  title: '村集体土地补偿款分配不公',
  content: '村民多人来访，反映土地补偿款分配不公。',
  details: { peopleCount },
  petitioners: names.map((name) => ({ name })),
});

describe('legacy records of group visits', () => {
  // The desk refuses both (Art. 20 ¶3 and a head count below the people listed); the archive recorded what happened.
  it('imports a group visit that named no representatives, as the archive has it', () => {
    const raw = visit(30, ['赵大', '钱二', '孙三']);
    expect(intakeProblems({ channel: 'visit', receivedOn: '2019-05-06', today: ctx.today, details: raw.details, petitioners: raw.petitioners.map((p) => ({ name: p.name, isRepresentative: false })), oral: false }).map((p) => p.field)).toContain('petitioners');
    const r = validateRecord(raw, 1, ctx);
    expect(r.ok, JSON.stringify(r)).toBe(true);
  });

  it('imports a visit that lists more petitioners than its head count, keeping every petitioner', () => {
    const raw = visit(2, ['赵大', '钱二', '孙三']);
    expect(intakeProblems({ channel: 'visit', receivedOn: '2019-05-06', today: ctx.today, details: raw.details, petitioners: raw.petitioners.map((p) => ({ name: p.name, isRepresentative: false })), oral: false }).map((p) => p.field)).toContain('details.peopleCount');
    const r = validateRecord(raw, 1, ctx);
    expect(r.ok, JSON.stringify(r)).toBe(true);
    if (r.ok) expect(r.record.people.map((p) => p.name)).toEqual(['赵大', '钱二', '孙三']);
  });

  it('still reports a head count that is not a number', () => {
    const r = validateRecord({ ...visit(2, ['赵大']), details: { peopleCount: '两人' } }, 7, ctx);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.bad.problems.map((p) => p.field)).toContain('details.peopleCount');
  });
});

describe('legacy record problems', () => {
  it('says an empty title is empty, in words a clerk reads', () => {
    const r = validateRecord({ ...visit(1, ['赵大']), title: '  ' }, 3, ctx);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.bad.problems).toContainEqual(expect.objectContaining({ field: 'title', messageZh: '标题不能为空', message: 'title must not be empty' }));
  });
});
