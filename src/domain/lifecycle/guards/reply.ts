import { POSITION_LABELS, RATING_LABELS, opinionNoun } from '../labels';
import {
  DELIVERY_METHODS,
  OUTCOMES,
  RATINGS,
  POSITIONS,
  type Actor,
  type CommandOf,
  type MatterState,
  type OpinionDraft,
  type Position,
  type SignOffStep,
} from '../types';
import { ART, atBody, forbidden, guard, hasRole, holds, insideWindow, invalid, nonEmpty, oneOf, withPermissions, type Verdict } from './common';

// ---------------------------------------------------------------------------------------------------------------
// Reply, delivery, completion report, evaluation (Art. 22 (三), 32, 35)
// ---------------------------------------------------------------------------------------------------------------

/**
 * Who gives the opinion now, and what it is called: the responsible body's 处理意见 while handling, the review body's
 * 复查意见 under review (Art. 35), the re-review body's 复核意见 under re-review (Art. 36). One sign-off mechanism
 * serves all three.
 */
export function opinionGiver(state: MatterState): { bodyId: string | null; noun: string } {
  const bodyId = state.status === 'review' ? state.reviewBodyId : state.status === 'reReview' ? state.reReviewBodyId : state.responsibleBodyId;
  return { bodyId, noun: opinionNoun(state.status) };
}

/** Art. 32: the opinion is one of support / explain / notSupport and states its grounds; the chain names who signs. */
export const opinionValid = guard<CommandOf<'draftOpinion'>>('opinionValid', { article: ART.a32, usesPayload: true }, ({ command }) => {
  if (!oneOf(OUTCOMES, command.outcome) || !nonEmpty(command.summary)) {
    return invalid('处理意见须为予以支持、解释说明或不予支持之一，并载明意见', 'an opinion needs an outcome and a summary');
  }
  const chain = command.chain;
  if (
    chain !== undefined &&
    (!Array.isArray(chain) || chain.length === 0 || chain.some((st) => !nonEmpty(st.key) || !nonEmpty(st.labelZh) || !(oneOf(POSITIONS, st.position) || st.roles?.length)))
  ) {
    return invalid('签批流程须至少一步，每步写明名称和签批人的职务', 'a sign-off chain has at least one step, each with a key, a label and a position');
  }
  return true;
});

/** Chains stored before steps named a position: the default chain's keys say which position signs. */
const LEGACY_STEP_POSITIONS: Readonly<Record<string, Position>> = { handler: 'handler', leaderInCharge: 'deputyHead', principalLeader: 'principalHead' };

/** The position whose holder signs a step, or null for a stored custom step that names roles only. */
export function signOffPosition(step: SignOffStep): Position | null {
  return step.position ?? LEGACY_STEP_POSITIONS[step.key] ?? null;
}

function maySignStep(actor: Actor, step: SignOffStep): boolean {
  const position = signOffPosition(step);
  return position === null ? hasRole(actor, step.roles ?? []) : actor.position === position;
}

/**
 * Why this actor may not sign the next step: a signer whose own slot comes later is told whose signature comes first
 * (SIGN_OFF_OUT_OF_ORDER); anyone else is told whose signature the slot needs (SIGN_OFF_POSITION_REQUIRED).
 */
function signerRefusal(actor: Actor, draft: OpinionDraft, next: SignOffStep): Verdict {
  const later = draft.chain.slice(draft.signatures.length + 1).some((st) => maySignStep(actor, st));
  const position = signOffPosition(next);
  if (later || position === null) {
    return { code: 'SIGN_OFF_OUT_OF_ORDER', messageZh: `签批须按顺序进行：当前应由「${next.labelZh}」签批`, message: `sign-off out of order: the next step is '${next.key}'` };
  }
  return {
    code: 'SIGN_OFF_POSITION_REQUIRED',
    messageZh: `「${next.labelZh}」签批须由本机关${POSITION_LABELS[position]}本人签署${actor.position ? '' : '（您的账号未设置职务，请联系系统管理员）'}`,
    message: `the '${next.key}' step is signed by the body's ${position}`,
  };
}

/**
 * Seed 003 (双签双核): the opinion is signed in chain order, each step by a different person of the body giving it who
 * holds that step's position (承办人, 分管领导, 主要负责人): a head cannot sign another head's slot. A leader who tries
 * to sign before the handler is told whose signature comes first.
 */
export const isSignOffSigner = withPermissions(['matter.handle'], guard('isSignOffSigner', { article: ART.a32 }, ({ actor, state }) => {
  const draft = state.opinionDraft;
  const { bodyId, noun } = opinionGiver(state);
  if (!draft) return { code: 'OPINION_NOT_DRAFTED', messageZh: `尚未拟写${noun}，不能签批`, message: 'no opinion draft to sign' };
  const next = draft.chain[draft.signatures.length];
  if (!next) return { code: 'OPINION_ALREADY_SIGNED', messageZh: `${noun}已签批完毕，可以出具`, message: 'the opinion is fully signed' };
  if (!atBody(actor, bodyId) || !holds(actor, ['matter.handle'])) return forbidden(`只有出具${noun}的机关的承办人或负责人可以签批`, 'only staff of the body giving the opinion sign');
  if (draft.signatures.some((x) => x.userId === actor.userId)) {
    return { code: 'SIGN_OFF_SAME_PERSON', messageZh: `您已签批过本${noun}，「${next.labelZh}」须由另一人签批`, message: 'each step is signed by a different person' };
  }
  if (!maySignStep(actor, next)) return signerRefusal(actor, draft, next);
  return true;
}));

/** Seed 003: no opinion is issued before every step of its chain has signed. */
export const opinionSignedOff = guard('opinionSignedOff', { article: ART.a32 }, ({ state }) => {
  const draft = state.opinionDraft;
  const { noun } = opinionGiver(state);
  if (!draft) return { code: 'OPINION_NOT_DRAFTED', messageZh: `须先拟写${noun}并完成签批`, message: 'draft and sign the opinion first' };
  const next = draft.chain[draft.signatures.length];
  return next
    ? { code: 'OPINION_NOT_SIGNED', messageZh: `${noun}尚未签批完毕：待「${next.labelZh}」签批`, message: `awaiting the '${next.key}' signature` }
    : true;
});

/** What is issued is what was signed. */
export const issuedMatchesDraft = guard<CommandOf<'reply' | 'issueReviewOpinion' | 'issueReReviewOpinion'>>(
  'issuedMatchesDraft',
  { article: ART.a32, usesPayload: true },
  ({ command, state }) => {
    const draft = state.opinionDraft;
    if (!draft) return true;
    const { noun } = opinionGiver(state);
    const disposition = 'disposition' in command ? command.disposition : undefined;
    return (command.outcome === undefined || command.outcome === draft.outcome) &&
      (command.summary === undefined || command.summary.trim() === draft.summary) &&
      (disposition === undefined || disposition === draft.disposition)
      ? true
      : invalid(`出具的${noun}须与签批的草稿一致；如需修改请重新拟写并签批`, 'the issued opinion must be the signed draft');
  },
);

export const notYetDelivered = guard('notYetDelivered', { article: ART.a35 }, ({ state }) =>
  state.deliveredOn === null ? true : { code: 'ALREADY_DELIVERED', messageZh: `已于${state.deliveredOn}送达`, message: 'already delivered' },
);

export const deliveryMethodValid = guard<CommandOf<'recordDelivery'>>('deliveryMethodValid', { usesPayload: true }, ({ command }) =>
  oneOf(DELIVERY_METHODS, command.method) ? true : invalid('送达方式无效', 'unknown delivery method'),
);

/** Art. 22 (三): only an assigned (交办) matter owes a completion report. */
export const isAssigned = guard('isAssigned', { article: ART.a22p3 }, ({ state }) =>
  state.dispatch === 'assign' ? true : { code: 'NOT_ASSIGNED', messageZh: '只有交办事项需要办结报告', message: 'only an assigned matter has a completion report' },
);

export const completionReportOutstanding = guard('completionReportOutstanding', { article: ART.a22p3 }, ({ state }) =>
  state.completionReport === 'due' || state.completionReport === 'returned'
    ? true
    : { code: 'COMPLETION_REPORT_NOT_DUE', messageZh: '办结报告已报送或已审核', message: 'the completion report is not outstanding' },
);

export const completionReportFiled = guard('completionReportFiled', { article: ART.a22p3 }, ({ state }) =>
  state.completionReport === 'filed'
    ? true
    : { code: 'COMPLETION_REPORT_NOT_FILED', messageZh: '办结报告尚未报送', message: 'no completion report awaits review' },
);

/** Art. 35 ("自收到书面答复之日起"): windows start with delivery, so nothing counts before it. */
export const replyDelivered = guard('replyDelivered', { article: ART.a35 }, ({ state }) =>
  state.deliveredOn !== null
    ? true
    : { code: 'REPLY_NOT_DELIVERED', messageZh: '处理意见尚未送达信访人', message: 'the reply has not been delivered' },
);

export const notYetEvaluated = guard('notYetEvaluated', {}, ({ state }) =>
  state.evaluation === null
    ? true
    : {
        code: 'ALREADY_EVALUATED',
        messageZh: `已于${state.evaluation.on}评价为「${RATING_LABELS[state.evaluation.rating]}」，每件信访事项只评价一次`,
        message: 'already evaluated',
      },
);

/** Practice (configurable): evaluation within 30 days of delivery; later it counts as 超期未评价. */
export const withinEvaluationWindow = guard('withinEvaluationWindow', { article: ART.practice }, (ctx) =>
  insideWindow(ctx, 'evaluationWindow', 'EVALUATION_WINDOW_CLOSED', { zh: '评价', en: 'evaluate' }),
);

export const ratingValid = guard<CommandOf<'evaluate'>>('ratingValid', { usesPayload: true }, ({ command }) =>
  oneOf(RATINGS, command.rating) ? true : invalid('评价须为满意、基本满意或不满意', 'unknown rating'),
);
