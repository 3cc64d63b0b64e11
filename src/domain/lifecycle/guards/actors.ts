import type { CommandOf } from '../types';
import type { Permission } from '../../org/roles';
import { actorGuard, ART, atBody, forbidden, guard, hasRole, holds } from './common';

// ---------------------------------------------------------------------------------------------------------------
// Who acts
// ---------------------------------------------------------------------------------------------------------------

/** Receiving staff of any kind: the desk, the acceptance office, a handling body, a supervision office. */
const RECEIVING: readonly Permission[] = ['matter.register', 'matter.dispatch', 'matter.handle', 'supervision.act'];
/** The bureau's own offices that follow a dispatched matter up: acceptance (dispatch) and supervision. */
const BUREAU_FOLLOW_UP: readonly Permission[] = ['matter.dispatch', 'supervision.act'];

/** Art. 21–23 (信访必登): the registering body's registrar, or the portal ('system') for online intake. */
export const isRegistrar = actorGuard<CommandOf<'register'>, null>(
  'isRegistrar',
  { article: ART.a22, usesPayload: true, permissions: ['matter.register'], allowsSystem: true },
  { zh: '只有登记机关的登记员可以登记', en: 'only a registrar of the registering body may register' },
  ({ actor, command }) => atBody(actor, command.facts.registeringBodyId),
);

/** Art. 22, 23 ¶1: the registering bureau's acceptance office (or the body that received it directly) decides where it goes. */
export const isDispatcher = actorGuard(
  'isDispatcher',
  { article: ART.a22, permissions: ['matter.dispatch'] },
  { zh: '只有登记机关的受理员可以转送、交办或审核退回', en: 'only an acceptance officer of the registering body may dispatch' },
  ({ actor, state }) => atBody(actor, state.facts.registeringBodyId),
);

/** Seed 000 (互相监督): the acceptance office (受理员 of the registering bureau) checks the desk's registrations. */
export const isAcceptanceOfficer = actorGuard(
  'isAcceptanceOfficer',
  { article: ART.practice, permissions: ['matter.dispatch'] },
  { zh: '只有登记机关的受理员可以退回登记', en: 'only an acceptance officer of the registering body may send a registration back' },
  ({ actor, state }) => atBody(actor, state.facts.registeringBodyId),
);

/** Art. 21–22 (信访必登): the desk that registered the matter corrects its registration. */
export const isRegistrarOfMatter = actorGuard(
  'isRegistrarOfMatter',
  { article: ART.a22, permissions: ['matter.register'] },
  { zh: '只有登记机关的登记员可以更正登记', en: 'only a registrar of the registering body may correct the registration' },
  ({ actor, state }) => atBody(actor, state.facts.registeringBodyId),
);

/** Art. 38, seed 000 (互相监督): the bureau's supervision office checks the precision of dispatch. */
export const isBureauSupervisor = actorGuard(
  'isBureauSupervisor',
  { article: ART.practice, permissions: ['supervision.act'] },
  { zh: '只有登记机关的督查督办人员可以标记分办不精准', en: 'only a supervisor of the registering bureau may flag a dispatch' },
  ({ actor, state }) => atBody(actor, state.facts.registeringBodyId),
);

/** Art. 23: the responsible body's handler or head (承办人、单位负责人) acts for it. */
export const isResponsibleStaff = actorGuard(
  'isResponsibleStaff',
  { article: ART.a23, permissions: ['matter.handle'] },
  { zh: '只有责任单位的承办人或负责人可以办理', en: 'only a handler or head of the responsible body may act' },
  ({ actor, state }) => atBody(actor, state.responsibleBodyId),
);

/**
 * Art. 19 ¶3, 22 ¶2, 23 ¶1: before dispatch, either the registering bureau's acceptance office or the body that
 * received it directly.
 */
export const isDispatcherOrResponsibleStaff = actorGuard(
  'isDispatcherOrResponsibleStaff',
  { article: ART.a23, permissions: ['matter.dispatch', 'matter.handle'] },
  { zh: '只有登记机关的受理员或责任单位的承办人、负责人可以作出此决定', en: 'only the registering body\'s acceptance office or the responsible body may decide' },
  ({ actor, state }) =>
    (atBody(actor, state.facts.registeringBodyId) && holds(actor, ['matter.dispatch'])) ||
    (atBody(actor, state.responsibleBodyId) && holds(actor, ['matter.handle'])),
);

/** Art. 34 (延期 "经本机关、单位负责人批准"); the simple-procedure rules (转普通程序 with the head's approval). */
export const isResponsibleHead = actorGuard(
  'isResponsibleHead',
  { article: ART.a34, permissions: ['matter.approve'] },
  { zh: '须由责任单位负责人批准', en: 'requires the head (bodyLeader) of the responsible body' },
  ({ actor, state }) => atBody(actor, state.responsibleBodyId),
);

/** Art. 22 (三), 38: the assigning bureau (its acceptance or supervision office) reviews the completion report it required. */
export const isAssigningBureauStaff = actorGuard(
  'isAssigningBureauStaff',
  { article: ART.a22p3, permissions: BUREAU_FOLLOW_UP },
  { zh: '只有交办的信访部门（受理、督查督办人员）可以审核办结报告', en: 'only the assigning bureau may review the completion report' },
  ({ actor, state }) => atBody(actor, state.facts.registeringBodyId),
);

/** Art. 21 ¶2: the petitioner evaluates online ('system'), or the bureau records a callback (回访). Not the handler. */
export const isEvaluationRecorder = actorGuard(
  'isEvaluationRecorder',
  { article: ART.a21, permissions: ['matter.register', ...BUREAU_FOLLOW_UP], allowsSystem: true },
  { zh: '评价由信访人网上提交或由登记机关回访登记', en: 'an evaluation comes from the petitioner (portal) or the registering body' },
  ({ actor, state }) => atBody(actor, state.facts.registeringBodyId),
);

/** Art. 35, 36: a review / re-review request is received by staff of the appeal body, or through the portal. */
export const mayReceiveAppeal = actorGuard(
  'mayReceiveAppeal',
  { article: ART.a35, permissions: ['matter.register', 'matter.dispatch', 'matter.handle'], allowsSystem: true },
  { zh: '只有复查（复核）机关的工作人员可以登记请求', en: 'only staff of the appeal body may record the request' },
);

/** Art. 35: the request is recorded at the body that will review it. */
export const atRequestedReviewBody = guard<CommandOf<'requestReview'>>('atRequestedReviewBody', { article: ART.a35, usesPayload: true }, ({ actor, command }) =>
  hasRole(actor, ['system']) || actor.bodyId === command.reviewBodyId
    ? true
    : forbidden('复查请求须由复查机关登记', 'the review request must be recorded by the review body'),
);

/** Art. 36: the request is recorded at the body that will re-review it. */
export const atRequestedReReviewBody = guard<CommandOf<'requestReReview'>>(
  'atRequestedReReviewBody',
  { article: ART.a36, usesPayload: true },
  ({ actor, command }) =>
    hasRole(actor, ['system']) || actor.bodyId === command.reReviewBodyId
      ? true
      : forbidden('复核请求须由复核机关登记', 'the re-review request must be recorded by the re-review body'),
);

/** Art. 35: the review body's handler or head issues the review opinion. */
export const isReviewBodyStaff = actorGuard(
  'isReviewBodyStaff',
  { article: ART.a35, permissions: ['matter.handle'] },
  { zh: '只有复查机关的承办人或负责人可以出具复查意见', en: 'only staff of the review body may act' },
  ({ actor, state }) => atBody(actor, state.reviewBodyId),
);

/** Art. 36: the re-review body's handler or head holds hearings and issues the re-review opinion. */
export const isReReviewBodyStaff = actorGuard(
  'isReReviewBodyStaff',
  { article: ART.a36, permissions: ['matter.handle'] },
  { zh: '只有复核机关的承办人或负责人可以办理复核', en: 'only staff of the re-review body may act' },
  ({ actor, state }) => atBody(actor, state.reReviewBodyId),
);

/** Windows close by themselves: only the scheduler records a lapse (no staff permission grants it). */
export const isSystem = actorGuard('isSystem', { permissions: [], allowsSystem: true }, { zh: '期满办结由系统自动记录', en: 'only the scheduler (system) records a lapse' });

/** Art. 22 (信访必登): any receiving staff, or duplicate screening ('system'), links a repeat petition. */
export const mayRecordRepeatPetition = actorGuard(
  'mayRecordRepeatPetition',
  { article: ART.a22, permissions: RECEIVING, allowsSystem: true },
  { zh: '只有接待登记人员可以登记重复信访', en: 'only receiving staff may record a repeat petition' },
);

/** Art. 37 ¶3: staff who receive a petitioner whose matter is terminated record the help given. */
export const isReceptionStaff = actorGuard(
  'isReceptionStaff',
  { article: ART.a37p3, permissions: RECEIVING },
  { zh: '只有接待人员可以登记接待帮扶', en: 'only receiving staff may record a reception' },
);
