import { daysBetween } from '../calendar';
import { isClockRunning, pausedSpan } from './clocks';
import type { TimeLimitName } from './config';
import { extensionDaysOf, type GuardContext } from './guards';
import { CLOCK_NAMES, type ClockEffect, type ClockName, type Command, type CommandOf, type MatterState } from './types';

/**
 * Named clock rules: what a step does to the clocks, as data (`ClockEffect[]`). The table lists them by name beside
 * the guards. Amounts and units always come from the TimeLimitConfig, never from constants here.
 */

export interface ClockRule<C extends Command = Command, S extends MatterState | null = MatterState> {
  name: string;
  effects: (ctx: GuardContext<C, S>) => ClockEffect[];
}

function rule<C extends Command = Command, S extends MatterState | null = MatterState>(
  name: string,
  effects: (ctx: GuardContext<C, S>) => ClockEffect[],
): ClockRule<C, S> {
  return { name, effects };
}

/**
 * Art. 22 / 23 ¶2: from the petition's receipt, a bureau has 15 days to dispatch; a body that received it directly
 * has 15 days to tell the petitioner. Also used by `upholdReturn`: the clock restarts from the ORIGINAL receipt, not
 * from the return (the statute grants no fresh period), so a late return leaves the bureau's dispatch clock late.
 */
export const startReceiptClock = rule<Command, MatterState | null>('startReceiptClock', ({ state, command, config }) => {
  const facts = command.type === 'register' ? command.facts : state?.facts;
  if (!facts || (command.type === 'register' && command.archived)) return [];
  const name: ClockName = facts.registeredByBureau ? 'dispatch' : 'acceptanceNotice';
  const limit = config[name];
  return [{ type: 'start', clock: name, from: facts.receivedOn, unit: limit.unit, amount: limit.amount }];
});

/**
 * 本级办理: the bureau becomes the responsible body of a petition it received itself, so it owes the petitioner the
 * 15-day notice from that receipt (Art. 23 ¶2), as any body receiving directly does.
 */
export const startAcceptanceNoticeFromReceipt = rule('startAcceptanceNoticeFromReceipt', ({ state, config }) => {
  const limit = config.acceptanceNotice;
  return [{ type: 'start', clock: 'acceptanceNotice', from: state.facts.receivedOn, unit: limit.unit, amount: limit.amount }];
});

/** Stop a clock if it runs (or is paused); a clock that is absent or already stopped is left alone. */
export function stopClock(clock: ClockName): ClockRule {
  return rule(`stop(${clock})`, ({ state, on }) => (isClockRunning(state.clocks[clock]) ? [{ type: 'stop', clock, on }] : []));
}

/** Start a clock on the act's date with the configured limit. */
export function startClock(clock: ClockName, limit: TimeLimitName): ClockRule {
  return rule(clock === limit ? `start(${clock})` : `start(${clock}, ${limit})`, ({ on, config }) => [
    { type: 'start', clock, from: on, unit: config[limit].unit, amount: config[limit].amount },
  ]);
}

/** Art. 22 (三): the bureau's set date, stored as (from = assignment date, days = distance to the set date). */
export const startAssignmentClock = rule<CommandOf<'assign'>>('startAssignmentClock', ({ on, command }) => [
  { type: 'start', clock: 'assignment', from: on, unit: 'days', amount: daysBetween(on, command.dueOn) },
]);

/** Art. 34 / simple rules: handling counts from acceptance, 10 working days (simple) or 60 days (ordinary). */
export const startHandlingClock = rule<CommandOf<'accept'>>('startHandlingClock', ({ on, command, config }) => {
  const limit = command.procedure === 'simple' ? config.simpleHandling : config.ordinaryHandling;
  return [{ type: 'start', clock: 'handling', from: on, unit: limit.unit, amount: limit.amount }];
});

/** Simple rules: on conversion the ordinary 60 days count from the ORIGINAL acceptance date. */
export const restartHandlingAsOrdinary = rule<CommandOf<'convert'>>('restartHandlingAsOrdinary', ({ state, config }) => {
  if (state.acceptedOn === null) return [];
  const limit = config.ordinaryHandling;
  return [{ type: 'start', clock: 'handling', from: state.acceptedOn, unit: limit.unit, amount: limit.amount }];
});

/** Art. 34: the approved days are added to the handling clock. */
export const extendHandlingClock = rule<CommandOf<'extend'>>('extendHandlingClock', ({ command, state }) => [
  { type: 'extend', clock: 'handling', amount: extensionDaysOf(state, command) },
]);

/**
 * Reopen a stopped clock with its original start and length (a returned completion report sends the matter back to
 * handling: the original time limits still bind, so re-handling can make them late).
 */
export function reopenClock(clock: ClockName): ClockRule {
  return rule(`reopen(${clock})`, ({ state }) => {
    const c = state.clocks[clock];
    if (!c || c.stoppedOn === null) return [];
    return [{ type: 'start', clock, from: c.from, unit: c.unit, amount: c.amount + c.pausedDays }];
  });
}

/** Art. 36: the re-review window opens on the day the petitioner RECEIVED the review opinion. */
export const startReReviewRequestWindow = rule<CommandOf<'issueReviewOpinion'>>('startReReviewRequestWindow', ({ command, config }) => {
  const limit = config.reReviewRequestWindow;
  return [{ type: 'start', clock: 'reReviewRequestWindow', from: command.deliveredOn, unit: limit.unit, amount: limit.amount }];
});

/** Art. 36 ¶2: hearing time is not counted. */
export function pauseClock(clock: ClockName): ClockRule {
  return rule(`pause(${clock})`, ({ state, on }) => (isClockRunning(state.clocks[clock]) ? [{ type: 'pause', clock, on }] : []));
}

/** Art. 36 ¶2: the pause from its first to its last day, both included, is added to the clock. */
export function resumeClock(clock: ClockName): ClockRule {
  return rule(`resume(${clock})`, ({ state, on, calendar }) => {
    const c = state.clocks[clock];
    if (!c || c.pausedSince === null) return [];
    return [{ type: 'resume', clock, on, days: pausedSpan(c.unit, c.pausedSince, on, calendar) }];
  });
}

/** A matter leaving the course (rejected, redirected, returned): every running clock stops on the act's date. */
export const stopAllClocks = rule('stopAllClocks', ({ state, on }) =>
  CLOCK_NAMES.filter((name) => isClockRunning(state.clocks[name])).map((clock): ClockEffect => ({ type: 'stop', clock, on })),
);

/** Art. 40: the reply a supervision asks for, by the office's date (calendar days to it, like an assignment). */
export const startSupervisionClocks = rule<CommandOf<'supervise'>>('startSupervisionClocks', ({ on, command }) => [
  { type: 'start', clock: 'supervisionReply', from: on, unit: 'days', amount: daysBetween(on, command.replyDueOn) },
  ...(command.listed && command.listedDueOn
    ? [{ type: 'start', clock: 'listedSupervision', from: on, unit: 'days', amount: daysBetween(on, command.listedDueOn) } as ClockEffect]
    : []),
]);

/** An unsatisfactory reply: a new reply clock to the office's new date; a satisfactory one ends the supervision. */
export const afterAssessment = rule<CommandOf<'assessSupervision'>>('afterAssessment', ({ state, on, command }) =>
  command.verdict === 'unsatisfactory' && command.replyDueOn
    ? [{ type: 'start', clock: 'supervisionReply', from: on, unit: 'days', amount: daysBetween(on, command.replyDueOn) }]
    : isClockRunning(state.clocks.listedSupervision)
      ? [{ type: 'stop', clock: 'listedSupervision', on }]
      : [],
);
