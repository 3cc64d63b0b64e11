import { isIsoDate } from '../../calendar';
import { ART31_ROUTE_ARTICLES, ART31_ROUTE_LABELS, classificationProblem, leadsToOtherProcedure } from '../../classification';
import { CHANNELS, REDIRECT_CHANNELS, type CommandOf, type MatterFacts, type Refusal } from '../types';
import { ART, forbidden, guard, hasRole, insideWindow, invalid, nonEmpty, oneOf } from './common';

// ---------------------------------------------------------------------------------------------------------------
// Registration and dispatch (Art. 19–23)
// ---------------------------------------------------------------------------------------------------------------

/** Art. 19, 22: the facts are complete; the petition cannot be received after it is registered. */
export const factsValid = guard<CommandOf<'register'>, null>('factsValid', { article: ART.a22, usesPayload: true }, ({ command, on }) => {
  const f = command.facts as MatterFacts | undefined;
  if (typeof f !== 'object' || f === null) return invalid('缺少登记事实', 'facts are required');
  if (!oneOf(CHANNELS, f.channel)) return invalid(`渠道无效：${String(f.channel)}`, 'unknown channel');
  if (!nonEmpty(f.registeringBodyId) || !nonEmpty(f.regionCode)) return invalid('缺少登记机关或行政区划', 'registering body and region are required');
  if (!isIsoDate(f.receivedOn)) return invalid(`收到日期无效：${f.receivedOn}`, `not a date: ${f.receivedOn}`);
  if (f.receivedOn > on) return invalid(`收到日期（${f.receivedOn}）不能晚于登记日期（${on}）`, 'received after registration');
  for (const k of ['registeredByBureau', 'firstPetition', 'referredByHigherLevel', 'collective'] as const) {
    if (typeof f[k] !== 'boolean') return invalid(`缺少事实项：${k}`, `${k} must be true or false`);
  }
  return true;
});

/** A legacy archive's finished matter: brought in by the importer only, with a real end date after its receipt. */
export const archivedOutcomeValid = guard<CommandOf<'register'>, null>('archivedOutcomeValid', { usesPayload: true }, ({ command, actor, on }) => {
  const a = command.archived;
  if (a === undefined) return true;
  if (!hasRole(actor, ['system'])) return forbidden('只有历史档案导入可以登记已办结事项', 'only the archive import registers finished matters');
  if (a.status !== 'concluded' && a.status !== 'terminated') return invalid(`历史事项状态无效：${String(a.status)}`, 'archived status must be concluded or terminated');
  if (!isIsoDate(a.concludedOn)) return invalid(`办结日期无效：${String(a.concludedOn)}`, `not a date: ${String(a.concludedOn)}`);
  if (a.concludedOn < command.facts.receivedOn || a.concludedOn > on) {
    return invalid(`办结日期（${a.concludedOn}）须在收到日期（${command.facts.receivedOn}）与登记日期（${on}）之间`, 'concludedOn must lie between receipt and registration');
  }
  return true;
});

/** Art. 22 (一)(二), 23 ¶1: sent to another body, the one with authority to handle it. */
export const dispatchTargetValid = guard<CommandOf<'forward' | 'assign'>>('dispatchTargetValid', { article: ART.a22, usesPayload: true }, ({ command, state }) =>
  nonEmpty(command.toBodyId) && command.toBodyId !== state.facts.registeringBodyId
    ? true
    : invalid('须转送、交办给有权处理的其他机关、单位', 'the target must be another body'),
);

/** Art. 22 (三): 交办 sets a handling deadline, after the date of assignment. */
export const assignmentDueAfterDispatch = guard<CommandOf<'assign'>>('assignmentDueAfterDispatch', { article: ART.a22p3, usesPayload: true }, ({ command, on }) =>
  isIsoDate(command.dueOn) && command.dueOn > on
    ? true
    : invalid(`交办办理期限（${command.dueOn}）须晚于交办日期（${on}）`, 'the assignment deadline must be after the assignment date'),
);

/** 本级办理 is a bureau's choice (Art. 22); a body that received the petition directly is responsible already. */
export const registeredByBureau = guard('registeredByBureau', { article: ART.a22 }, ({ state }) =>
  state.facts.registeredByBureau
    ? true
    : invalid('直接收到信访事项的机关、单位已是责任单位，无须本级办理', 'only a petition bureau keeps a matter within its own remit'),
);

/** The bureau has not yet decided where the matter goes (a second 本级办理 would restart nothing). */
export const notYetRouted = guard('notYetRouted', { article: ART.a22 }, ({ state }) =>
  state.responsibleBodyId === null ? true : invalid('该事项已确定责任单位', 'the matter already has a responsible body'),
);

/** Art. 29–31: a purpose, a category path and, for 申诉求决类, the Art. 31 route. */
export const classificationValid = guard<CommandOf<'classify'>>('classificationValid', { article: ART.a31, usesPayload: true }, ({ command }) => {
  const problem = classificationProblem(command);
  return problem === null ? true : invalid(problem, 'invalid classification: purpose, category path (1–3 levels) and, for appeals and requests, the Art. 31 route');
});

/** The desk has not answered the last send-back yet: one open query at a time. */
export const registrationNotQueried = guard('registrationNotQueried', { article: ART.practice }, ({ state }) =>
  (state.registrationQuery ?? null) === null
    ? true
    : { code: 'REGISTRATION_ALREADY_QUERIED', messageZh: '该登记已退回登记台，尚待更正', message: 'the registration was already sent back and awaits correction' },
);

/** A correction changes something, and what it changes is well-formed. */
export const changesValid = guard<CommandOf<'correctRegistration'>>('changesValid', { usesPayload: true }, ({ command }) => {
  const c = command.changes;
  if (typeof c !== 'object' || c === null || Object.keys(c).length === 0) return invalid('请填写需要更正的内容', 'a correction changes at least one field');
  for (const key of Object.keys(c)) {
    if (!['title', 'content', 'respondent', 'place', 'regionCode'].includes(key)) return invalid(`不能更正字段 ${key}`, `field '${key}' cannot be corrected`);
  }
  if ('title' in c && !nonEmpty(c.title)) return invalid('标题不能为空', 'title must not be empty');
  if ('content' in c && !nonEmpty(c.content)) return invalid('诉求内容不能为空', 'content must not be empty');
  if ('regionCode' in c && !(typeof c.regionCode === 'string' && /^\d{6}(\d{3})?$/.test(c.regionCode))) return invalid('行政区划代码须为6位或9位数字', 'regionCode must be 6 or 9 digits');
  return true;
});

/** Only a matter the bureau has routed (dispatched, kept, rejected or redirected) has a dispatch to judge. */
export const hasBeenRouted = guard('hasBeenRouted', { article: ART.practice }, ({ state }) =>
  state.dispatch !== null || state.rejection !== null || state.redirection !== null
    ? true
    : invalid('该事项尚未分办', 'the matter has not been routed yet'),
);

/**
 * Art. 29–31; seed 000 (依法分类, no 打包下发): the acceptance office classifies what is asked — the purpose, the content
 * category and, for 申诉求决类, the Art. 31 route — before a matter is forwarded, assigned, kept or accepted. The route
 * decides where it may go at all (Art. 31 (一)–(四) lead out of the petition procedure), so routing an unclassified
 * matter is routing blind.
 */
export const classifiedByLaw = guard('classifiedByLaw', { article: ART.a29to31 }, ({ state }) => {
  const c = state.classification;
  if (c && classificationProblem(c) === null) return true;
  return {
    code: 'NOT_CLASSIFIED',
    messageZh: '请先依法分类：确定信访目的、内容分类，申诉、求决类事项还须按第三十一条确定办理途径，然后再转送、交办、本级办理或受理',
    message: 'classify the matter by law first (purpose, content category and, for appeals and requests, the Art. 31 route)',
  };
});

/**
 * Where a matter that another statutory procedure settles is led instead (导入法定途径, the `redirect` command): the
 * legal-affairs channel (政法部门) for litigation, procuratorate and police procedures (Art. 31 (一); 诉访分离, Art. 28
 * ¶2); the body competent for that procedure for arbitration, party-member appeals and administrative procedures
 * (Art. 31 (二)–(四)), which the law does not tie to one kind of body.
 */
export const OTHER_PROCEDURE_REDIRECT: Readonly<Record<'litigation' | 'arbitration' | 'partyAppeal' | 'administrative', NonNullable<Refusal['instead']>>> = {
  litigation: { command: 'redirect', channel: 'legalAffairs', bodyKind: 'legalAffairsBody' },
  arbitration: { command: 'redirect', channel: 'statutoryProcedure', bodyKind: null },
  partyAppeal: { command: 'redirect', channel: 'statutoryProcedure', bodyKind: null },
  administrative: { command: 'redirect', channel: 'statutoryProcedure', bodyKind: null },
};

/**
 * Art. 31 (一)–(四): a 申诉求决 matter that another statutory procedure settles is led into that procedure, not
 * forwarded, assigned or kept as a petition (the receiving administrative body could not accept it) nor accepted;
 * the refusal names the redirect to take instead. Reclassify it first if the route was wrong.
 */
export const notForOtherStatutoryProcedure = guard('notForOtherStatutoryProcedure', { article: ART.a31 }, ({ state, command }) => {
  const route = state.classification?.art31Route ?? null;
  if (!leadsToOtherProcedure(route)) return true;
  const r = route as keyof typeof OTHER_PROCEDURE_REDIRECT;
  const instead = OTHER_PROCEDURE_REDIRECT[r];
  const where = instead.bodyKind === 'legalAffairsBody' ? '政法部门（法院、检察院、公安、司法行政机关）' : '有权处理该法定程序的机关、单位';
  const act = command.type === 'accept' ? '不作为信访事项受理' : command.type === 'retain' ? '不作本级信访办理' : '不能作为信访事项转送、交办';
  return {
    code: 'OTHER_STATUTORY_PROCEDURE',
    messageZh: `该事项分类为第三十一条${ART31_ROUTE_LABELS[r]}，${act}；请以「导入法定途径」将其导入${where}`,
    message: `classified under Art. 31 (${['litigation', 'arbitration', 'partyAppeal', 'administrative'].indexOf(r) + 1}): ${command.type === 'accept' ? 'not accepted as a petition' : 'not dispatched as a petition'}; redirect it into that statutory procedure instead`,
    article: ART31_ROUTE_ARTICLES[r],
    instead,
  };
});

/** Art. 22: a matter registered by a petition bureau is first forwarded or assigned; the bureau does not accept it. */
export const hasResponsibleBody = guard('hasResponsibleBody', { article: ART.a22 }, ({ state }) =>
  state.responsibleBodyId !== null
    ? true
    : { code: 'NOT_DISPATCHED', messageZh: '信访部门登记的事项须先转送、交办有权处理的机关、单位，或决定本级办理', message: 'a bureau-registered matter must be dispatched first' },
);

/** Art. 23 ¶3: an objection (申请退回) only within 5 working days of receipt. */
export const withinReturnWindow = guard('withinReturnWindow', { article: ART.a23p3 }, (ctx) =>
  insideWindow(ctx, 'returnWindow', 'RETURN_WINDOW_CLOSED', { zh: '申请退回', en: 'request a return' }),
);

/** Art. 23 ¶3 ("详细说明理由"), Art. 34 (告知延期理由): the step states its reason. */
export const reasonGiven = guard<
  CommandOf<
    'requestReturn' | 'dismissReturn' | 'extend' | 'requestExtension' | 'refuseExtension' | 'convert' | 'returnCompletionReport' | 'sendBackRegistration' | 'flagDispatch' | 'supervise' | 'escalateSupervision'
  >
>(
  'reasonGiven',
  { usesPayload: true },
  ({ command }) => (nonEmpty(command.reason) ? true : invalid('须说明理由', 'a reason is required')),
);

/** Art. 19 ¶3, 23 ¶1: a refusal names its ground and provision. */
export const rejectionGrounded = guard<CommandOf<'reject'>>('rejectionGrounded', { article: ART.a19p3, usesPayload: true }, ({ command }) =>
  nonEmpty(command.reasonCode) && nonEmpty(command.article) && nonEmpty(command.reason)
    ? true
    : invalid('不予受理须载明理由代码、依据条款和理由', 'a rejection needs a reason code, an article and a reason'),
);

/** The rejection ground of Art. 19 ¶3 (越级访), as configured (src/domain/classification/rejection-reasons.ts). */
export const LEVEL_SKIPPING_GROUND = 'levelSkipping';

/**
 * Art. 19 ¶3: a higher body refuses a matter as 越级访 only when the same matter is already accepted or being
 * handled below within its time limit — i.e. when screening found it so (the matter's level-skipping finding). A
 * first-time petition has no body handling it, and its notice could not say whom to ask.
 */
export const levelSkippingFound = guard<CommandOf<'reject'>>('levelSkippingFound', { article: ART.a19p3, usesPayload: true }, ({ command, state }) =>
  command.reasonCode !== LEVEL_SKIPPING_GROUND || state.levelSkipping
    ? true
    : {
        code: 'NO_LEVEL_SKIPPING_FINDING',
        messageZh: '该事项没有越级访的甄别结论（同一事项正由下级机关、单位在规定期限内受理或办理），不能以越级信访为由不予受理；请依法分类后转送、交办或本级办理',
        message: 'no level-skipping finding on this matter: it cannot be rejected as level-skipping (Art. 19 ¶3)',
      },
);

/** The level-skipping finding a registration carries is complete: which matter, its number, the body handling it. */
export const levelSkippingFindingValid = guard<CommandOf<'register'>, null>('levelSkippingFindingValid', { article: ART.a19p3, usesPayload: true }, ({ command }) => {
  const f = command.levelSkipping;
  if (f === undefined) return true;
  return typeof f === 'object' && f !== null && nonEmpty(f.matterId) && nonEmpty(f.matterNumber) && nonEmpty(f.bodyId)
    ? true
    : invalid('越级访甄别结论须载明正在办理的事项及其办理机关', 'a level-skipping finding names the matter in hand and its body');
});

/** Art. 22 ¶2, 28 ¶2, 30 (诉访分离): litigation to 政法部门, accusations to 纪检监察机关. */
export const redirectTargetValid = guard<CommandOf<'redirect'>>('redirectTargetValid', { article: ART.a28p2, usesPayload: true }, ({ command }) =>
  oneOf(REDIRECT_CHANNELS, command.channel) && nonEmpty(command.toBodyId)
    ? true
    : invalid('须指明导入的途径（政法/纪检）和接收机关', 'a redirect needs a channel and a target body'),
);
