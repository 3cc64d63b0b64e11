import { PROCEDURES, SIMPLE_ELIGIBILITY_BASES, type CommandOf } from '../types';
import { ART, guard, invalid, nonEmpty, oneOf, receiptOn, type Guard, type GuardContext } from './common';

// ---------------------------------------------------------------------------------------------------------------
// Acceptance and the simple procedure (《信访事项简易办理办法（试行）》)
// ---------------------------------------------------------------------------------------------------------------

export const procedureValid = guard<CommandOf<'accept'>>('procedureValid', { usesPayload: true }, ({ command }) => {
  if (!oneOf(PROCEDURES, command.procedure)) return invalid('办理程序须为简易办理或普通程序', 'procedure must be simple or ordinary');
  if (command.procedure === 'simple') {
    if (!oneOf(SIMPLE_ELIGIBILITY_BASES, command.eligibilityBasis)) return invalid('简易办理须选择适用情形', 'simple procedure needs an eligibility basis');
    for (const k of ['likelyNotSupported', 'statutoryProcedureAvailable', 'multipleBodies'] as const) {
      if (typeof command[k] !== 'boolean') return invalid(`简易办理须确认：${k}`, `${k} must be asserted true or false`);
    }
  }
  return true;
});

function simpleOnly(
  name: string,
  excluded: (ctx: GuardContext<CommandOf<'accept'>>) => boolean,
  code: string,
  messageZh: string,
  message: string,
): Guard<CommandOf<'accept'>> {
  return guard<CommandOf<'accept'>>(name, { article: ART.simple, usesPayload: true }, (ctx) =>
    ctx.command.procedure !== 'simple' || !excluded(ctx) ? true : { code, messageZh, message },
  );
}

/** Simple procedure: first-time petitions only (初次信访). */
export const simpleOnlyForFirstPetition = simpleOnly(
  'simpleOnlyForFirstPetition',
  ({ state }) => !state.facts.firstPetition,
  'SIMPLE_NOT_FIRST_PETITION',
  '简易办理仅适用于初次信访事项',
  'the simple procedure is for first petitions only',
);

/**
 * Simple procedure: not for matters assigned (交办) by a higher level's petition bureau or administrative body
 * ("上级信访工作机构、行政机关交办的"): a referral that came in as 交办, or this platform's 交办 by a bureau of a higher level
 * than the body. A mere 转送, and a same-level bureau's 交办, do not exclude it. Facts stored before
 * `assignedByHigherLevel` existed keep the old reading (any higher-level referral).
 */
export const simpleNotForHigherLevelAssignment = simpleOnly(
  'simpleNotForHigherLevelAssignment',
  ({ state }) => (state.facts.assignedByHigherLevel ?? state.facts.referredByHigherLevel) || (state.dispatch === 'assign' && state.assignedByHigherLevel === true),
  'SIMPLE_ASSIGNED_BY_HIGHER_LEVEL',
  '上级信访工作机构、行政机关交办的信访事项不适用简易办理',
  'a matter assigned (交办) by a higher level cannot use the simple procedure',
);

/** Simple procedure, fifth ground (其他可以简易办理的): the handler states why. */
export const simpleOtherBasisReasoned = guard<CommandOf<'accept'>>('simpleOtherBasisReasoned', { article: ART.simple, usesPayload: true }, ({ command }) =>
  command.procedure !== 'simple' || command.eligibilityBasis !== 'other' || nonEmpty(command.eligibilityReason)
    ? true
    : { code: 'SIMPLE_OTHER_BASIS_REASON_REQUIRED', messageZh: '以「其他可以简易办理的」情形适用简易办理，须说明理由', message: "the basis 'other' needs a stated reason (eligibilityReason)" },
);

/** Simple procedure: not for collective or joint petitions (集体访、联名信). */
export const simpleNotForCollective = simpleOnly(
  'simpleNotForCollective',
  ({ state }) => state.facts.collective,
  'SIMPLE_COLLECTIVE',
  '集体访、联名信不适用简易办理',
  'a collective petition cannot use the simple procedure',
);

/** Simple procedure: not when several bodies are responsible. */
export const simpleNotForMultipleBodies = simpleOnly(
  'simpleNotForMultipleBodies',
  ({ command }) => command.procedure === 'simple' && command.multipleBodies,
  'SIMPLE_MULTIPLE_BODIES',
  '涉及多个责任单位的信访事项不适用简易办理',
  'a matter with several responsible bodies cannot use the simple procedure',
);

/** Simple procedure: not when the request is likely not to be supported. */
export const simpleNotIfLikelyUnsupported = simpleOnly(
  'simpleNotIfLikelyUnsupported',
  ({ command }) => command.procedure === 'simple' && command.likelyNotSupported,
  'SIMPLE_LIKELY_NOT_SUPPORTED',
  '可能不予支持的信访事项不适用简易办理',
  'a matter likely not to be supported cannot use the simple procedure',
);

/** Simple procedure: not when a statutory procedure applies or is under way (Art. 31 (一)–(四)). */
export const simpleNotIfStatutoryProcedure = simpleOnly(
  'simpleNotIfStatutoryProcedure',
  ({ command }) => command.procedure === 'simple' && command.statutoryProcedureAvailable,
  'SIMPLE_STATUTORY_PROCEDURE',
  '已经或者可以通过法定途径解决的信访事项不适用简易办理',
  'a matter with a statutory procedure cannot use the simple procedure',
);

/** Simple procedure: decided within 3 working days (configurable) of the body's receipt. */
export const simpleDecidedInTime = guard<CommandOf<'accept'>>('simpleDecidedInTime', { article: ART.simple, usesPayload: true }, ({ command, state, on, calendar, config }) => {
  if (command.procedure !== 'simple') return true;
  const limit = config.simpleAcceptance;
  const due = calendar.due(receiptOn(state), limit.unit, limit.amount).due;
  return on <= due
    ? true
    : {
        code: 'SIMPLE_ACCEPTANCE_TOO_LATE',
        messageZh: `简易办理须在收到之日起${limit.amount}${limit.unit === 'days' ? '日' : '个工作日'}内（${due}前）决定受理`,
        message: `the simple procedure must be decided by ${due}`,
      };
});
