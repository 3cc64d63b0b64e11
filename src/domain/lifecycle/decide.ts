import { chinaDateOf, type Calendar } from '../calendar';
import type { TimeLimitConfig } from './config';
import { evolve } from './evolve';
import { ARTICLES, extensionDaysOf, supervisedBodyOf, type GuardContext } from './guards';
import { COMMAND_LABELS, STATUS_LABELS } from './labels';
import { COMMON_GUARDS, INITIAL, transitionFor, type Transition } from './table';
import {
  DEFAULT_SIGN_OFF_CHAIN,
  EVENT_OF,
  type Actor,
  type ClockEffect,
  type Command,
  type CommandType,
  type MatterEvent,
  type MatterState,
  type MatterStatus,
  type Refusal,
} from './types';

/**
 * Deciding is separate from doing (xstate `transition`): `decide` judges one command against the table and returns
 * the events it would record and the state they lead to. It performs no I/O and reads no clock: `now` is injected.
 * The caller persists `events` (append-only) and `next` (the projection) under compare-and-set on `next.version - 1`.
 */

export interface DecideContext {
  now: Date;
  actor: Actor;
  calendar: Calendar;
  config: TimeLimitConfig;
}

export type Decision = { ok: true; events: MatterEvent[]; next: MatterState } | { ok: false; refusal: Refusal };

export function decide(state: MatterState | null, command: Command, ctx: DecideContext): Decision {
  const today = chinaDateOf(ctx.now);
  const on = command.on ?? today;

  if (state === null) {
    if (command.type !== 'register') return { ok: false, refusal: invalidTransition(null, command.type) };
    const gctx: GuardContext<typeof command, null> = { state, command, actor: ctx.actor, today, on, calendar: ctx.calendar, config: ctx.config };
    const refusal = firstRefusal([...COMMON_GUARDS, ...INITIAL.guards], gctx);
    if (refusal) return { ok: false, refusal };
    const effects = INITIAL.clocks.flatMap((r) => r.effects(gctx));
    return record(null, command, gctx, effects);
  }

  const step = command.type === 'register' ? undefined : transitionFor(state.status, command.type);
  if (!step) return { ok: false, refusal: invalidTransition(state.status, command.type) };
  const gctx: GuardContext = { state, command, actor: ctx.actor, today, on, calendar: ctx.calendar, config: ctx.config };
  const refusal = firstRefusal([...COMMON_GUARDS, ...step.guards], gctx);
  if (refusal) return { ok: false, refusal };
  return record(state, command, gctx, effectsOf(step, gctx));
}

function effectsOf(step: Transition, gctx: GuardContext): ClockEffect[] {
  return step.clocks.flatMap((r) => r.effects(gctx));
}

function firstRefusal<C>(guards: readonly { check: (ctx: C) => true | Refusal }[], gctx: C): Refusal | null {
  for (const g of guards) {
    const verdict = g.check(gctx);
    if (verdict !== true) return verdict;
  }
  return null;
}

function record(
  state: MatterState | null,
  command: Command,
  gctx: GuardContext<Command, MatterState | null>,
  clockEffects: ClockEffect[],
): Decision {
  const actor: Actor = { userId: gctx.actor.userId, bodyId: gctx.actor.bodyId, roles: [...gctx.actor.roles] };
  if (gctx.actor.position) actor.position = gctx.actor.position;
  const event: MatterEvent = {
    type: EVENT_OF[command.type],
    on: gctx.on,
    actor,
    payload: payloadOf(state, command, actor),
    clockEffects,
  };
  return { ok: true, events: [event], next: evolve(state, event) };
}

/**
 * The event payload: the command's own fields (minus `type` and `on`, with undefined dropped, deep-copied as JSON)
 * plus what the engine derived (see `EventPayloadExtras`).
 */
function payloadOf(state: MatterState | null, command: Command, actor: Actor): Record<string, unknown> {
  const { type: _type, on: _on, ...fields } = command;
  const payload = JSON.parse(JSON.stringify(fields)) as Record<string, unknown>;
  switch (command.type) {
    case 'extend': {
      // The approval carries what it approves: the days (by default those asked) and the reason the petitioner is told.
      const asked = state?.extensionRequest ?? null;
      const days = extensionDaysOf(state, command);
      payload.days = days;
      payload.reason = command.reason?.trim() ? command.reason : (asked?.reason ?? '');
      payload.requestedBy = asked?.requestedBy ?? null;
      payload.approvedBy = command.approvedBy ?? actor.userId;
      payload.totalExtensionDays = (state?.extensionDays ?? 0) + days;
      break;
    }
    case 'convert':
      payload.approvedBy = command.approvedBy ?? actor.userId;
      payload.acceptedOn = state?.acceptedOn ?? null;
      break;
    case 'lapse':
      payload.window = state?.status === 'reviewed' ? 'reReviewRequestWindow' : 'reviewRequestWindow';
      break;
    case 'supervise':
      if (state) payload.targetBodyId = supervisedBodyOf(state);
      break;
    case 'draftOpinion':
      payload.chain = JSON.parse(JSON.stringify(command.chain ?? DEFAULT_SIGN_OFF_CHAIN)) as unknown;
      break;
    case 'signOpinion': {
      const draft = state?.opinionDraft;
      payload.step = draft?.chain[draft.signatures.length]?.key ?? null;
      // The signer's position as signed: the issued opinion names each signer by it.
      payload.position = actor.position ?? null;
      break;
    }
    case 'reply':
    case 'issueReviewOpinion':
    case 'issueReReviewOpinion': {
      // The opinion issued is the signed draft, with who signed it.
      const draft = state?.opinionDraft;
      if (draft) {
        payload.outcome = draft.outcome;
        payload.summary = draft.summary;
        for (const k of ['request', 'facts', 'legalBasis'] as const) if (draft[k]) payload[k] = draft[k];
        payload.signatures = draft.signatures;
        if (draft.disposition) payload.disposition = draft.disposition;
      }
      break;
    }
    case 'recordRepeatPetition':
    case 'joinPetition':
      payload.refusedAgain = state?.status === 'terminated';
      if (payload.refusedAgain === true) payload.article = '《信访工作条例》第三十六条第三款';
      payload.pendingHandling = state !== null && PENDING.includes(state.status);
      break;
    default:
      break;
  }
  return payload;
}

/** Art. 19 ¶3: "已经受理或者正在办理的" — a repeat to a higher level in this period is not accepted there. */
const PENDING: readonly MatterStatus[] = ['registered', 'returnRequested', 'dispatched', 'accepted'];

/** The refusal for a (status, command) pair the table does not list. */
export function invalidTransition(status: MatterStatus | null, type: CommandType): Refusal {
  const commandZh = COMMAND_LABELS[type];
  if (status === null) {
    return {
      code: 'INVALID_TRANSITION',
      messageZh: `信访事项尚未登记，不能「${commandZh}」`,
      message: `the matter is not registered: '${type}' is not allowed`,
    };
  }
  if (status === 'terminated') {
    return {
      code: 'INVALID_TRANSITION',
      messageZh: `该信访事项已复核终结，以同一事实和理由提出的诉求不再受理，不能「${commandZh}」`,
      message: `the matter is terminated after re-review (no further acceptance): '${type}' is not allowed`,
      article: ARTICLES.a36,
    };
  }
  if (type === 'register') {
    return {
      code: 'INVALID_TRANSITION',
      messageZh: '信访事项已登记，不能重复登记；同一事项的再次来信来访请登记为重复信访',
      message: `the matter is already registered ('${status}'); record a repeat petition instead`,
    };
  }
  return {
    code: 'INVALID_TRANSITION',
    messageZh: `信访事项处于「${STATUS_LABELS[status]}」状态，不能「${commandZh}」`,
    message: `'${type}' is not allowed in status '${status}'`,
  };
}
