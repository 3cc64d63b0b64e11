import { clockDue, isClockRunning } from '../clocks';
import { HEAD_POSITIONS, type CommandOf, type MatterState } from '../types';
import { ART, atBody, forbidden, guard, holds, invalid, withPermissions } from './common';

// ---------------------------------------------------------------------------------------------------------------
// Handling: extension and conversion (Art. 34; simple-procedure rules)
// ---------------------------------------------------------------------------------------------------------------

/** Art. 34: extension belongs to the ordinary procedure (the simple procedure converts instead). */
export const ordinaryProcedureOnly = guard('ordinaryProcedureOnly', { article: ART.a34 }, ({ state }) =>
  state.procedure === 'ordinary'
    ? true
    : { code: 'EXTENSION_NOT_ORDINARY', messageZh: '简易办理不能延期，须先转为普通程序', message: 'only the ordinary procedure can be extended' },
);

/** Art. 34: extend/convert only while handling runs and before its time limit has passed. */
export const handlingClockRunning = guard('handlingClockRunning', { article: ART.a34 }, ({ state, on, calendar }) => {
  const c = state.clocks.handling;
  if (!isClockRunning(c)) return { code: 'HANDLING_CLOCK_NOT_RUNNING', messageZh: '办理时限未在计时', message: 'the handling clock is not running' };
  const due = clockDue(c, calendar).due;
  return on <= due
    ? true
    : { code: 'HANDLING_TIME_LIMIT_PASSED', messageZh: `办理时限已于${due}届满，不能再延期或转换程序`, message: `the handling time limit passed on ${due}` };
});

/** Art. 34: some extension remains (≤ 30 days in total). Judged without the payload for `allowedCommands`. */
export const extensionRemaining = guard('extensionRemaining', { article: ART.a34 }, ({ state, config }) =>
  state.extensionDays < config.maxExtension.amount
    ? true
    : { code: 'EXTENSION_EXCEEDS_MAXIMUM', messageZh: `已延期${state.extensionDays}日，不能再延期`, message: 'no extension left' },
);

/** The days an extension step is about: those asked, or those approved (by default the pending request's). */
export function extensionDaysOf(state: MatterState | null, command: CommandOf<'extend' | 'requestExtension'>): number {
  return command.days ?? state?.extensionRequest?.days ?? 0;
}

export const extensionDaysValid = guard<CommandOf<'extend' | 'requestExtension'>>('extensionDaysValid', { usesPayload: true }, ({ command, state }) => {
  const days = extensionDaysOf(state, command);
  return Number.isInteger(days) && days > 0 ? true : invalid('延期天数须为正整数', 'days must be a whole number > 0');
});

/** Art. 34: "延长期限不得超过30日", cumulatively. */
export const extensionWithinMaximum = guard<CommandOf<'extend' | 'requestExtension'>>('extensionWithinMaximum', { article: ART.a34, usesPayload: true }, ({ command, state, config }) => {
  const max = config.maxExtension.amount;
  const days = extensionDaysOf(state, command);
  return state.extensionDays + days <= max
    ? true
    : {
        code: 'EXTENSION_EXCEEDS_MAXIMUM',
        messageZh: `延期累计不得超过${max}日（已延期${state.extensionDays}日，本次${days}日）`,
        message: `extensions may total at most ${max} days (used ${state.extensionDays}, asked ${days})`,
      };
});

/** Art. 34: the handler asks the head (申请延期); one request at a time, decided before another is made. */
export const noExtensionRequestPending = guard('noExtensionRequestPending', { article: ART.a34 }, ({ state }) => {
  const r = state.extensionRequest;
  return r
    ? { code: 'EXTENSION_REQUEST_PENDING', messageZh: `已于${r.on}申请延期${r.days}日，待负责人批准`, message: 'an extension request is already pending' }
    : true;
});

/** Art. 34: the head decides on a request; there is no extension nobody asked for. */
export const extensionRequested = guard('extensionRequested', { article: ART.a34 }, ({ state }) =>
  state.extensionRequest
    ? true
    : { code: 'NO_EXTENSION_REQUEST', messageZh: '没有待批准的延期申请：须先由承办人申请延期', message: 'no pending extension request: the handler requests one first' },
);

/** The head may approve fewer days than asked, never more. */
export const extensionWithinRequest = guard<CommandOf<'extend'>>('extensionWithinRequest', { article: ART.a34, usesPayload: true }, ({ command, state }) => {
  const asked = state.extensionRequest?.days;
  return asked === undefined || command.days === undefined || command.days <= asked
    ? true
    : invalid(`批准的延期天数不能超过申请的${asked}日`, `the days approved may not exceed the ${asked} asked`);
});

/**
 * Art. 34 "经本机关、单位负责人批准": a head of the responsible body decides on an extension — its 主要负责人 or 分管领导
 * (负责人 covers 正职 and 副职) — never the handler, and never the person who asked.
 */
export const isExtensionApprover = withPermissions(
  ['matter.approve'],
  guard('isExtensionApprover', { article: ART.a34 }, ({ actor, state }) => {
    if (!atBody(actor, state.responsibleBodyId) || !holds(actor, ['matter.approve'])) {
      return forbidden('延期须由责任单位负责人批准', 'an extension is approved by a head of the responsible body');
    }
    if (!actor.position || !HEAD_POSITIONS.includes(actor.position)) {
      return {
        code: 'POSITION_REQUIRED',
        messageZh: `延期须由本机关主要负责人或分管领导批准${actor.position ? '' : '（您的账号未设置职务，请联系系统管理员）'}`,
        message: 'an extension is approved by the body’s principal head or deputy head',
      };
    }
    if (state.extensionRequest?.requestedBy === actor.userId) {
      return { code: 'EXTENSION_SELF_APPROVAL', messageZh: '延期申请须由申请人以外的负责人批准', message: 'the person who asked cannot approve' };
    }
    return true;
  }),
);

/** Simple-procedure rules: only a simple matter converts to the ordinary procedure. */
export const simpleProcedureOnly = guard('simpleProcedureOnly', { article: ART.simple }, ({ state }) =>
  state.procedure === 'simple'
    ? true
    : { code: 'NOT_SIMPLE_PROCEDURE', messageZh: '只有简易办理事项可以转为普通程序', message: 'only a simple-procedure matter converts' },
);
