import { describe, expect, it } from 'vitest';
import { Calendar, officialCalendarData, withSchedules } from '../calendar';
import { applyClockEffect, clockDue, clockList, clockView, pausedSpan } from './clocks';
import { NATIONAL_TIME_LIMITS, timeLimitConfig, validateTimeLimitConfig, TIME_LIMIT_NAMES } from './config';
import { decide } from './decide';
import { A, BODY, calendar, CLASSIFY, ctx, facts } from './lifecycle.testkit';
import type { ClockMap, ClockState } from './types';

function clock(over: Partial<ClockState>): ClockState {
  return {
    name: 'handling',
    kind: 'deadline',
    from: '2025-09-26',
    unit: 'days',
    amount: 60,
    pausedDays: 0,
    pausedSince: null,
    stoppedOn: null,
    startedBy: 'accepted',
    ...over,
  };
}

describe('clockView', () => {
  const running = clock({});

  it('running, with days left in calendar days', () => {
    expect(clockView(running, '2025-11-20', calendar)).toMatchObject({ status: 'running', due: '2025-11-25', daysLeft: 5, provisional: false, labelZh: '办理时限' });
    expect(clockView(running, '2025-11-25', calendar)).toMatchObject({ status: 'running', daysLeft: 0 });
  });

  it('overdue the day after the due date, with negative days left', () => {
    expect(clockView(running, '2025-11-28', calendar)).toMatchObject({ status: 'overdue', daysLeft: -3 });
  });

  it('met when stopped on or before the due date, late after it', () => {
    expect(clockView(clock({ stoppedOn: '2025-11-25' }), '2026-01-01', calendar)).toMatchObject({ status: 'met', daysLeft: null });
    expect(clockView(clock({ stoppedOn: '2025-11-26' }), '2026-01-01', calendar)).toMatchObject({ status: 'late', stoppedOn: '2025-11-26' });
  });

  it('a window that passed is closed, not overdue', () => {
    const w = clock({ name: 'reviewRequestWindow', kind: 'window', from: '2025-12-08', amount: 30 });
    expect(clockView(w, '2026-01-07', calendar).status).toBe('running');
    expect(clockView(w, '2026-01-08', calendar).status).toBe('closed');
    expect(clockView({ ...w, stoppedOn: '2025-12-20' }, '2026-01-08', calendar).status).toBe('met');
    expect(clockView({ ...w, stoppedOn: '2026-01-08' }, '2026-01-08', calendar).status).toBe('closed');
  });

  it('a paused clock shows the due date as if it resumed today', () => {
    const paused = clock({ name: 'reReviewDecision', from: '2026-02-10', amount: 30, pausedSince: '2026-03-02' });
    expect(clockDue(paused, calendar).due).toBe('2026-03-12');
    // Paused 03-02..03-05 = 4 days so far → 34 days → 03-16.
    expect(clockView(paused, '2026-03-05', calendar)).toMatchObject({ status: 'paused', pausedDays: 4, due: '2026-03-16' });
  });

  it('is provisional across a year without an official schedule, and a schedule loaded later corrects it', () => {
    // 15 days from 2026-12-20 → Mon 2027-01-04: 2027 is not published in the package yet.
    const c = clock({ name: 'dispatch', from: '2026-12-20', amount: 15 });
    expect(clockView(c, '2026-12-21', calendar)).toMatchObject({ due: '2027-01-04', provisional: true });
    // A hypothetical 2027 schedule with New Year 01-01..01-04 moves the due date without touching any event.
    const loaded = new Calendar(
      withSchedules(officialCalendarData(), [
        {
          year: 2027,
          holidays: ['2027-01-01', '2027-01-02', '2027-01-03', '2027-01-04'].map((date) => ({ date, name: '元旦' })),
          makeUpWorkdays: [],
        },
      ]),
    );
    expect(clockView(c, '2026-12-21', loaded)).toMatchObject({ due: '2027-01-05', provisional: false });
  });
});

describe('pausedSpan (Art. 36 ¶2: hearing time not counted)', () => {
  it('counts both ends in calendar days', () => {
    expect(pausedSpan('days', '2026-03-02', '2026-03-04', calendar)).toBe(3);
    expect(pausedSpan('days', '2026-03-02', '2026-03-02', calendar)).toBe(1);
  });

  it('counts only working days, both ends, when the clock counts working days', () => {
    // Fri 2026-02-13 .. Tue 02-24: 02-13, Sat 02-14 (make-up), 02-24 = 3 working days.
    expect(pausedSpan('workingDays', '2026-02-13', '2026-02-24', calendar)).toBe(3);
  });
});

describe('applyClockEffect', () => {
  it('start replaces, stop/extend/pause/resume update, and an effect on a missing clock throws', () => {
    let clocks: ClockMap = {};
    clocks = applyClockEffect(clocks, { type: 'start', clock: 'handling', from: '2025-09-26', unit: 'days', amount: 60 }, 'accepted');
    clocks = applyClockEffect(clocks, { type: 'extend', clock: 'handling', amount: 10 }, 'extended');
    expect(clocks.handling).toMatchObject({ amount: 70, startedBy: 'accepted' });
    clocks = applyClockEffect(clocks, { type: 'start', clock: 'handling', from: '2025-09-20', unit: 'days', amount: 60 }, 'converted');
    expect(clocks.handling).toMatchObject({ from: '2025-09-20', amount: 60, startedBy: 'converted' });
    clocks = applyClockEffect(clocks, { type: 'pause', clock: 'handling', on: '2025-10-01' }, 'hearingStarted');
    clocks = applyClockEffect(clocks, { type: 'resume', clock: 'handling', on: '2025-10-02', days: 2 }, 'hearingEnded');
    clocks = applyClockEffect(clocks, { type: 'stop', clock: 'handling', on: '2025-11-01' }, 'replied');
    expect(clocks.handling).toMatchObject({ pausedDays: 2, pausedSince: null, stoppedOn: '2025-11-01' });
    expect(() => applyClockEffect({}, { type: 'stop', clock: 'dispatch', on: '2025-11-01' }, 'forwarded')).toThrow(/missing clock/);
    expect(clockList(clocks).map((c) => c.name)).toEqual(['handling']);
  });
});

describe('TimeLimitConfig', () => {
  it('has the national defaults, each with its article and label', () => {
    expect(NATIONAL_TIME_LIMITS.returnWindow).toMatchObject({ unit: 'workingDays', amount: 5 });
    expect(NATIONAL_TIME_LIMITS.ordinaryHandling).toMatchObject({ unit: 'days', amount: 60, article: '《信访工作条例》第三十四条' });
    for (const name of TIME_LIMIT_NAMES) {
      expect(NATIONAL_TIME_LIMITS[name].article).toBeTruthy();
      expect(NATIONAL_TIME_LIMITS[name].labelZh).toBeTruthy();
    }
    expect(validateTimeLimitConfig(NATIONAL_TIME_LIMITS)).toEqual([]);
  });

  it('drives the engine: a province counting the acceptance notice in working days gets working-day clocks', () => {
    const provincial = timeLimitConfig({ acceptanceNotice: { unit: 'workingDays', amount: 15 } });
    expect(provincial.acceptanceNotice).toMatchObject({ unit: 'workingDays', amount: 15, labelZh: '受理告知时限' });
    const reg = decide(null, { type: 'register', on: '2025-09-19', facts: facts() }, ctx(A.registrar));
    if (!reg.ok) throw new Error('register');
    const cls = decide(reg.next, { ...CLASSIFY, on: '2025-09-19' }, ctx(A.acceptanceOfficer));
    if (!cls.ok) throw new Error('classify');
    const fwd = decide(cls.next, { type: 'forward', on: '2025-09-26', toBodyId: BODY }, { ...ctx(A.acceptanceOfficer), config: provincial });
    if (!fwd.ok) throw new Error('forward');
    // 15 working days from Fri 09-26: 09-28, 09-29, 09-30, 10-09, 10-10, 10-11 (6), 10-13..10-17 (11), 10-20..10-23 (15).
    expect(fwd.next.clocks.acceptanceNotice).toMatchObject({ unit: 'workingDays', amount: 15 });
    expect(clockDue(fwd.next.clocks.acceptanceNotice!, calendar).due).toBe('2025-10-23');
  });

  it('reports an unusable configuration', () => {
    expect(validateTimeLimitConfig(timeLimitConfig({ maxExtension: { unit: 'workingDays' } }))).toHaveLength(1);
    expect(validateTimeLimitConfig(timeLimitConfig({ dispatch: { amount: -1 } }))).toHaveLength(1);
  });
});
