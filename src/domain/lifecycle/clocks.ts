import { addCalendarDays, daysBetween, type Calendar, type DayUnit, type DueResult, type IsoDate } from '../calendar';
import { CLOCK_LABELS } from './labels';
import { CLOCK_KINDS, CLOCK_NAMES, type ClockEffect, type ClockKind, type ClockMap, type ClockName, type ClockState, type EventType } from './types';

/**
 * Clocks are data, not timers (STYLE principle 5). An event carries `ClockEffect`s; `applyClockEffect` folds them
 * into `ClockState`s; `clockDue` and `clockView` compute due dates on demand with the calendar.
 *
 * Why the due date is never stored in an event: the State Council publishes next year's holidays each autumn, and a
 * deadline that crosses into an unpublished year is provisional. Recomputing from (from, unit, amount + pausedDays)
 * lets a newly loaded schedule correct every running clock without rewriting history.
 */

export const CLOCK_STATUSES = ['running', 'paused', 'met', 'late', 'overdue', 'closed'] as const;
export type ClockStatus = (typeof CLOCK_STATUSES)[number];

export interface ClockView {
  name: ClockName;
  labelZh: string;
  kind: ClockKind;
  from: IsoDate;
  due: IsoDate;
  unit: DayUnit;
  /** Including extensions, excluding paused days. */
  amount: number;
  pausedDays: number;
  provisional: boolean;
  status: ClockStatus;
  stoppedOn: IsoDate | null;
  /** Calendar days from `today` to `due` (negative when overdue); null once stopped. */
  daysLeft: number | null;
}

/**
 * Length of a pause from `start` to `end`, BOTH ends included, in the clock's unit (Art. 36 ¶2: hearing time is not
 * counted). A hearing that starts and ends the same day removes one day; with unit workingDays only working days in
 * the span count.
 */
export function pausedSpan(unit: DayUnit, start: IsoDate, end: IsoDate, calendar: Calendar): number {
  if (end < start) return 0;
  if (unit === 'days') return daysBetween(start, end) + 1;
  return calendar.workingDaysBetween(addCalendarDays(start, -1), end);
}

/** The due date, counting pauses that have ended. A pause in progress is not included (see `clockView`). */
export function clockDue(clock: ClockState, calendar: Calendar): DueResult {
  return calendar.due(clock.from, clock.unit, clock.amount + clock.pausedDays);
}

export function clockView(clock: ClockState, today: IsoDate, calendar: Calendar): ClockView {
  const ongoingPause =
    clock.pausedSince !== null && clock.stoppedOn === null ? pausedSpan(clock.unit, clock.pausedSince, today, calendar) : 0;
  const result = calendar.due(clock.from, clock.unit, clock.amount + clock.pausedDays + ongoingPause);
  const due = result.due;
  let status: ClockStatus;
  if (clock.stoppedOn !== null) {
    // A deadline stopped on or before its due date was met; after it, late. A window stopped in time was used (or
    // superseded); one stopped after its due date (by `lapse`) is closed.
    if (clock.kind === 'deadline') status = clock.stoppedOn <= due ? 'met' : 'late';
    else status = clock.stoppedOn <= due ? 'met' : 'closed';
  } else if (clock.pausedSince !== null) {
    status = 'paused';
  } else if (today > due) {
    status = clock.kind === 'deadline' ? 'overdue' : 'closed';
  } else {
    status = 'running';
  }
  return {
    name: clock.name,
    labelZh: CLOCK_LABELS[clock.name],
    kind: clock.kind,
    from: clock.from,
    due,
    unit: clock.unit,
    amount: clock.amount,
    pausedDays: clock.pausedDays + ongoingPause,
    provisional: result.provisional,
    status,
    stoppedOn: clock.stoppedOn,
    daysLeft: clock.stoppedOn === null ? daysBetween(today, due) : null,
  };
}

/** The clocks of a state in a fixed order (CLOCK_NAMES): one row each in the projection. */
export function clockList(clocks: ClockMap): ClockState[] {
  const out: ClockState[] = [];
  for (const name of CLOCK_NAMES) {
    const c = clocks[name];
    if (c) out.push(c);
  }
  return out;
}

export function clockViews(clocks: ClockMap, today: IsoDate, calendar: Calendar): ClockView[] {
  return clockList(clocks).map((c) => clockView(c, today, calendar));
}

/** True when the clock exists and has not been stopped (it may be paused). */
export function isClockRunning(clock: ClockState | undefined): clock is ClockState {
  return clock !== undefined && clock.stoppedOn === null;
}

/**
 * Fold one effect. A `start` on a name that exists replaces it (a restarted clock: convert, a returned completion
 * report, an upheld return). Effects on a missing clock mean a corrupt stream and throw.
 */
export function applyClockEffect(clocks: ClockMap, effect: ClockEffect, startedBy: EventType): ClockMap {
  if (effect.type === 'start') {
    const started: ClockState = {
      name: effect.clock,
      kind: CLOCK_KINDS[effect.clock],
      from: effect.from,
      unit: effect.unit,
      amount: effect.amount,
      pausedDays: 0,
      pausedSince: null,
      stoppedOn: null,
      startedBy,
    };
    return { ...clocks, [effect.clock]: started };
  }
  const clock = clocks[effect.clock];
  if (!clock) throw new Error(`clock effect ${effect.type} on missing clock ${effect.clock}`);
  let next: ClockState;
  switch (effect.type) {
    case 'stop':
      next = { ...clock, stoppedOn: effect.on };
      break;
    case 'extend':
      next = { ...clock, amount: clock.amount + effect.amount };
      break;
    case 'pause':
      next = { ...clock, pausedSince: effect.on };
      break;
    case 'resume':
      next = { ...clock, pausedSince: null, pausedDays: clock.pausedDays + effect.days };
      break;
  }
  return { ...clocks, [effect.clock]: next };
}
