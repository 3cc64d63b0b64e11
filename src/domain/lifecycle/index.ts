/**
 * The matter lifecycle (信访事项的流程): a pure engine. See docs/lifecycle.md.
 *
 *   decide(state, command, { now, actor, calendar, config }) → { ok, events, next } | { ok: false, refusal }
 *   evolve(state, event) / replay(events)                     → MatterState
 *   allowedCommands(state, actor, { now, calendar, config })  → what the UI may offer
 *   clockDue / clockView / clockViews / clockList             → due dates computed, never stored
 */
export * from './types';
export * from './config';
export * from './labels';
export {
  applyClockEffect,
  clockDue,
  clockList,
  clockView,
  clockViews,
  CLOCK_STATUSES,
  isClockRunning,
  pausedSpan,
  type ClockStatus,
  type ClockView,
} from './clocks';
export { ARTICLES, LEVEL_SKIPPING_GROUND, OTHER_PROCEDURE_REDIRECT, receiptOn, type Guard, type GuardContext } from './guards';
export { draftPredatesHearing, reviewedOpinion } from './guards';
export * as guards from './guards';
export { COMMON_GUARDS, INITIAL, TABLE, commandsIn, transitionFor, type StatusTable, type Transition } from './table';
export type { ClockRule } from './clock-rules';
export { decide, invalidTransition, type DecideContext, type Decision } from './decide';
export { evolve, replay } from './evolve';
export { allowedCommands, type AllowedCommand, type AllowedContext } from './allowed';
