import type { DayUnit, IsoDate } from '../../calendar';
import type { EventType } from './events';

// ---------------------------------------------------------------------------------------------------------------
// Clocks (the data; the maths is in clocks.ts)
// ---------------------------------------------------------------------------------------------------------------

export const CLOCK_NAMES = [
  'dispatch',
  'acceptanceNotice',
  'returnWindow',
  'assignment',
  'handling',
  'reviewRequestWindow',
  'evaluationWindow',
  'reviewDecision',
  'reReviewRequestWindow',
  'reReviewDecision',
  /** The reply a supervision letter asks of the supervised body (Art. 40). */
  'supervisionReply',
  /** 挂牌督办 (Art. 39 ¶3): the date by which the listed matter must be resolved. */
  'listedSupervision',
] as const;
export type ClockName = (typeof CLOCK_NAMES)[number];

/** A deadline binds an organ (late = a duty failure); a window bounds what the petitioner or a body may still ask. */
export type ClockKind = 'deadline' | 'window';

export const CLOCK_KINDS: Readonly<Record<ClockName, ClockKind>> = {
  dispatch: 'deadline',
  acceptanceNotice: 'deadline',
  returnWindow: 'window',
  assignment: 'deadline',
  handling: 'deadline',
  reviewRequestWindow: 'window',
  evaluationWindow: 'window',
  reviewDecision: 'deadline',
  reReviewRequestWindow: 'window',
  reReviewDecision: 'deadline',
  supervisionReply: 'deadline',
  listedSupervision: 'deadline',
};

/**
 * One clock. The due date is NOT stored: `clockDue` recomputes it from (from, unit, amount + pausedDays) so that a
 * later official holiday schedule corrects it. `amount` includes extensions; `pausedDays` counts in the clock's unit.
 */
export interface ClockState {
  name: ClockName;
  kind: ClockKind;
  from: IsoDate;
  unit: DayUnit;
  amount: number;
  pausedDays: number;
  /** First day of the pause in progress, or null. */
  pausedSince: IsoDate | null;
  stoppedOn: IsoDate | null;
  /** The event type that (re)started it. */
  startedBy: EventType;
}

export type ClockMap = { [K in ClockName]?: ClockState };

export type ClockEffect =
  | { type: 'start'; clock: ClockName; from: IsoDate; unit: DayUnit; amount: number }
  | { type: 'stop'; clock: ClockName; on: IsoDate }
  | { type: 'extend'; clock: ClockName; amount: number }
  | { type: 'pause'; clock: ClockName; on: IsoDate }
  /** `days`: length of the pause in the clock's unit, both ends included (computed by `decide` with the calendar). */
  | { type: 'resume'; clock: ClockName; on: IsoDate; days: number };
