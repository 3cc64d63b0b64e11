import { isIsoDate, type Calendar, type IsoDate } from '../calendar';
import { ART31_ROUTE_ARTICLES, ART31_ROUTE_LABELS, classificationProblem, leadsToOtherProcedure } from '../classification';
import { clockDue, isClockRunning } from './clocks';
import type { TimeLimitConfig } from './config';
import { CLOCK_LABELS, OUTCOME_LABELS, POSITION_LABELS, RATING_LABELS, opinionNoun } from './labels';
import {
  CHANNELS,
  DELIVERY_METHODS,
  OUTCOMES,
  PROCEDURES,
  RATINGS,
  RECEPTION_KINDS,
  REDIRECT_CHANNELS,
  SIMPLE_ELIGIBILITY_BASES,
  SUPERVISION_LETTER_KINDS,
  AGREEMENT_KINDS,
  HEARING_OFFICER_SOURCES,
  HEARING_PARTICIPANT_ROLES,
  INVESTIGATION_KINDS,
  SUPERVISION_METHODS,
  SUPERVISION_VERDICTS,
  APPEAL_DISPOSITIONS,
  HEAD_POSITIONS,
  POSITIONS,
  type Actor,
  type ClockName,
  type Command,
  type CommandOf,
  type MatterFacts,
  type MatterState,
  type Outcome,
  type OpinionDraft,
  type Position,
  type Refusal,
  type Role,
  type SignOffStep,
} from './types';
import { permissionsOf, type Permission } from '../org/roles';

/**
 * Guards: named pure predicates over one proposed step (xstate `guards.ts`, STYLE principle 4). Each returns `true`
 * or a `Refusal` and is commented with the provision it enforces. The transition table (table.ts) lists them by name,
 * so it can be read against the statute line by line.
 *
 * `usesPayload` marks guards that judge the command's own fields (days, body ids, the simple-procedure assertions…):
 * `allowedCommands` skips those and judges only who acts, the status, the state and today's date.
 *
 * There is no bypass: 'admin' is not a role any guard accepts for a statutory act.
 */

export interface GuardContext<C extends Command = Command, S extends MatterState | null = MatterState> {
  state: S;
  command: C;
  actor: Actor;
  /** Today in China time (from the injected `now`). */
  today: IsoDate;
  /** The legal date of the act: `command.on ?? today`. */
  on: IsoDate;
  calendar: Calendar;
  config: TimeLimitConfig;
}

type Verdict = true | Omit<Refusal, 'guard'>;

/** A guard over commands of type C (a guard for all commands is assignable to one for a single command). */
export interface Guard<C extends Command = Command, S extends MatterState | null = MatterState> {
  name: string;
  article?: string;
  usesPayload: boolean;
  /**
   * For the guards that decide who acts: the permissions (any one of them) the actor's roles must grant. The same
   * permissions the HTTP routes demand (domain/org/roles.ts), so a role that a route refuses is refused by the
   * engine too, through every path (per-matter commands, bulk triage, CLI).
   */
  permissions?: readonly Permission[];
  check: (ctx: GuardContext<C, S>) => true | Refusal;
}

function guard<C extends Command = Command, S extends MatterState | null = MatterState>(
  name: string,
  options: { article?: string; usesPayload?: boolean },
  fn: (ctx: GuardContext<C, S>) => Verdict,
): Guard<C, S> {
  const article = options.article;
  return {
    name,
    ...(article !== undefined ? { article } : {}),
    usesPayload: options.usesPayload ?? false,
    check: (ctx) => {
      const verdict = fn(ctx);
      if (verdict === true) return true;
      const refusal: Refusal = { ...verdict, guard: name };
      if (refusal.article === undefined && article !== undefined) refusal.article = article;
      return refusal;
    },
  };
}

/**
 * A guard on who acts: the actor holds one of `permissions` (through their roles) and `atBody` accepts where they
 * sit. `system` (the portal, the scheduler, the importer) passes where `allowsSystem`. The permissions are declared,
 * not only checked, so a test can prove the engine and the routes agree for every role.
 */
function actorGuard<C extends Command = Command, S extends MatterState | null = MatterState>(
  name: string,
  options: { article?: string; usesPayload?: boolean; permissions: readonly Permission[]; allowsSystem?: boolean },
  refusal: { zh: string; en: string },
  atBody: (ctx: GuardContext<C, S>) => boolean = () => true,
): Guard<C, S> {
  const inner = guard<C, S>(name, options, (ctx) => {
    if (options.allowsSystem && ctx.actor.roles.includes('system')) return true;
    return holds(ctx.actor, options.permissions) && atBody(ctx) ? true : forbidden(refusal.zh, refusal.en);
  });
  return { ...inner, permissions: options.permissions };
}

/** Declares the permissions a guard that also judges more than who acts (the sign-off order) checks itself. */
function withPermissions<C extends Command, S extends MatterState | null>(permissions: readonly Permission[], g: Guard<C, S>): Guard<C, S> {
  return { ...g, permissions };
}

// ---------------------------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------------------------

const ART = {
  a19p3: '《信访工作条例》第十九条第三款',
  a29to31: '《信访工作条例》第二十九条、第三十条、第三十一条',
  a21: '《信访工作条例》第二十一条',
  a22: '《信访工作条例》第二十二条',
  a22p3: '《信访工作条例》第二十二条第一款第三项',
  a22p2: '《信访工作条例》第二十二条第二款',
  a23: '《信访工作条例》第二十三条',
  a23p3: '《信访工作条例》第二十三条第三款',
  a28p2: '《信访工作条例》第二十八条第二款',
  a31: '《信访工作条例》第三十一条',
  a32: '《信访工作条例》第三十二条',
  a34: '《信访工作条例》第三十四条',
  a35: '《信访工作条例》第三十五条',
  a36: '《信访工作条例》第三十六条',
  a36p2: '《信访工作条例》第三十六条第二款',
  a37p3: '《信访工作条例》第三十七条第三款',
  a39p3: '《信访工作条例》第三十九条第三款',
  a40: '《信访工作条例》第四十条',
  simple: '《信访事项简易办理办法（试行）》',
  /** A rule the statute leaves to the deployment (configurable practice): shown as such, never as a legal basis. */
  practice: '本平台设置',
} as const;
export const ARTICLES = ART;

function hasRole(actor: Actor, roles: readonly Role[]): boolean {
  return roles.some((r) => actor.roles.includes(r));
}

/** Whether the actor's roles grant any of the permissions. */
function holds(actor: Actor, permissions: readonly Permission[]): boolean {
  const granted = permissionsOf(actor.roles);
  return permissions.some((p) => granted.has(p));
}

function atBody(actor: Actor, bodyId: string | null): boolean {
  return bodyId !== null && actor.bodyId === bodyId;
}

function forbidden(messageZh: string, message: string): Verdict {
  return { code: 'FORBIDDEN', messageZh, message };
}

function invalid(messageZh: string, message: string): Verdict {
  return { code: 'VALIDATION', messageZh, message };
}

function nonEmpty(value: unknown): value is string {
  return typeof value === 'string' && value.trim().length > 0;
}

function oneOf<T extends string>(list: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (list as readonly string[]).includes(value);
}

/** The responsible body's receipt: the dispatch date, or the registering body's own receipt (Art. 23 ¶2, ¶3). */
export function receiptOn(state: MatterState): IsoDate {
  return state.dispatchedOn ?? state.facts.receivedOn;
}

/** `on` must fall inside a running window: from its start to its due date, both included. */
function insideWindow(
  ctx: GuardContext<Command>,
  clock: ClockName,
  code: string,
  what: { zh: string; en: string },
): Verdict {
  const c = ctx.state.clocks[clock];
  if (!isClockRunning(c)) {
    return { code, messageZh: `${CLOCK_LABELS[clock]}未开始或已结束，不能${what.zh}`, message: `the ${clock} is not open: cannot ${what.en}` };
  }
  const due = clockDue(c, ctx.calendar).due;
  if (ctx.on < c.from) {
    return { code, messageZh: `${CLOCK_LABELS[clock]}自${c.from}起算，${ctx.on}尚不能${what.zh}`, message: `the ${clock} opens on ${c.from}` };
  }
  if (ctx.on > due) {
    return {
      code,
      messageZh: `${CLOCK_LABELS[clock]}已于${due}届满（自${c.from}起${c.amount + c.pausedDays}${c.unit === 'days' ? '日' : '个工作日'}），不能${what.zh}`,
      message: `the ${clock} closed on ${due}: cannot ${what.en} on ${ctx.on}`,
    };
  }
  return true;
}

/** For `lapse`: the window is still running and its last day has passed. */
function windowPassed(ctx: GuardContext<Command>, clock: ClockName): Verdict {
  const c = ctx.state.clocks[clock];
  if (!isClockRunning(c)) {
    return { code: 'WINDOW_NOT_RUNNING', messageZh: `${CLOCK_LABELS[clock]}未在计时`, message: `the ${clock} is not running` };
  }
  const due = clockDue(c, ctx.calendar).due;
  if (ctx.on <= due) {
    return {
      code: 'WINDOW_STILL_OPEN',
      messageZh: `${CLOCK_LABELS[clock]}至${due}届满，期满前不能办结`,
      message: `the ${clock} is open until ${due}`,
    };
  }
  return true;
}

// ---------------------------------------------------------------------------------------------------------------
// Dates: every command (checked before the table's own guards)
// ---------------------------------------------------------------------------------------------------------------

/** The legal date must be a real calendar date. */
export const onIsDate = guard<Command, MatterState | null>('onIsDate', {}, ({ on }) =>
  isIsoDate(on) ? true : invalid(`日期无效：${on}（应为 YYYY-MM-DD）`, `not a date: ${on}`),
);

/** Acts are recorded after the fact, never before: the legal date may not be later than today (China time). */
export const onNotInFuture = guard<Command, MatterState | null>('onNotInFuture', {}, ({ on, today }) =>
  on <= today
    ? true
    : { code: 'DATE_IN_FUTURE', messageZh: `日期${on}晚于今天（${today}）`, message: `${on} is after today (${today})` },
);

/** The course is ordered: an act may not be dated before the previous event of the matter. */
export const onNotBeforeLastEvent = guard<Command, MatterState | null>('onNotBeforeLastEvent', {}, ({ on, state }) =>
  state === null || on >= state.lastEventOn
    ? true
    : {
        code: 'DATE_BEFORE_LAST_EVENT',
        messageZh: `日期${on}早于上一办理环节的日期（${state.lastEventOn}）`,
        message: `${on} is before the previous event (${state.lastEventOn})`,
      },
);

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

// ---------------------------------------------------------------------------------------------------------------
// Review and re-review (Art. 35–36)
// ---------------------------------------------------------------------------------------------------------------

/** Art. 35: review requested within 30 days of receiving the written reply (day 31 is refused). */
export const withinReviewRequestWindow = guard('withinReviewRequestWindow', { article: ART.a35 }, (ctx) =>
  insideWindow(ctx, 'reviewRequestWindow', 'REVIEW_WINDOW_CLOSED', { zh: '请求复查', en: 'request a review' }),
);

/** Art. 35: the reviewer is the body one level above the handler (resolved by the service), never the handler. */
export const reviewBodyIsNotHandler = guard<CommandOf<'requestReview'>>('reviewBodyIsNotHandler', { article: ART.a35, usesPayload: true }, ({ command, state }) =>
  nonEmpty(command.reviewBodyId) && command.reviewBodyId !== state.responsibleBodyId
    ? true
    : invalid('复查机关应为原办理机关的上一级机关', 'the review body must be above the handling body'),
);

/** Art. 35, 36: the opinion's delivery date lies between its issue and today (its outcome is the signed draft's). */
export const appealOpinionValid = guard<CommandOf<'issueReviewOpinion' | 'issueReReviewOpinion'>>(
  'appealOpinionValid',
  { usesPayload: true },
  ({ command, on, today }) => {
    if (!isIsoDate(command.deliveredOn)) return invalid(`送达日期无效：${command.deliveredOn}`, 'deliveredOn is not a date');
    if (command.deliveredOn < on) return invalid('送达日期不能早于出具日期', 'delivered before it was issued');
    if (command.deliveredOn > today) return { code: 'DATE_IN_FUTURE', messageZh: `送达日期${command.deliveredOn}晚于今天`, message: 'deliveredOn is in the future' };
    return true;
  },
);

/** Art. 36 ¶1: re-review requested within 30 days of receiving the review opinion. */
export const withinReReviewRequestWindow = guard('withinReReviewRequestWindow', { article: ART.a36 }, (ctx) =>
  insideWindow(ctx, 'reReviewRequestWindow', 'RE_REVIEW_WINDOW_CLOSED', { zh: '请求复核', en: 'request a re-review' }),
);

/** Art. 36 ¶1: the re-review body is above the reviewer, never the reviewer itself. */
export const reReviewBodyIsNotReviewer = guard<CommandOf<'requestReReview'>>(
  'reReviewBodyIsNotReviewer',
  { article: ART.a36, usesPayload: true },
  ({ command, state }) =>
    nonEmpty(command.reReviewBodyId) && command.reReviewBodyId !== state.reviewBodyId && command.reReviewBodyId !== state.responsibleBodyId
      ? true
      : invalid('复核机关应为复查机关的上一级机关', 'the re-review body must be above the review body'),
);

/** Art. 36 ¶2: one hearing at a time; no opinion while a hearing is open. */
export const noHearingInProgress = guard('noHearingInProgress', { article: ART.a36p2 }, ({ state }) =>
  state.hearing === null
    ? true
    : { code: 'HEARING_IN_PROGRESS', messageZh: `听证自${state.hearing.startedOn}起进行中`, message: 'a hearing is in progress' },
);

export const hearingInProgress = guard('hearingInProgress', { article: ART.a36p2 }, ({ state }) =>
  state.hearing !== null ? true : { code: 'NO_HEARING_IN_PROGRESS', messageZh: '没有进行中的听证', message: 'no hearing in progress' },
);

const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d$/;

/** The day (not before the notice of `on`) and optional HH:MM time a hearing notice announces, or what is wrong. */
function hearingDayProblem(heldOn: unknown, time: unknown, on: IsoDate): Verdict | null {
  if (typeof heldOn !== 'string' || !isIsoDate(heldOn)) return invalid(`听证日期无效：${String(heldOn)}`, 'heldOn is not a date');
  if (heldOn < on) return invalid('听证日期不能早于发出听证通知的日期', 'the hearing cannot be held before its notice');
  if (time !== undefined && !(typeof time === 'string' && TIME_OF_DAY.test(time))) return invalid('听证时间格式应为 HH:MM', 'time must be HH:MM');
  return null;
}

/**
 * The hearing notice (听证通知书) must say when, where, who presides and who sits (Art. 31 (六)); the officers are
 * chosen jointly with the petitioner (seed 001: 信访人与听证机关共同选定听证员), so the petitioner's agreement is
 * recorded, not assumed.
 */
export const hearingPlanValid = guard<CommandOf<'startHearing'>>('hearingPlanValid', { article: ART.a36p2, usesPayload: true }, ({ command, on }) => {
  const c = command;
  const day = hearingDayProblem(c.heldOn, c.time, on);
  if (day) return day;
  if (!nonEmpty(c.place)) return invalid('须填写听证地点', 'a hearing needs a place');
  if (!nonEmpty(c.presidingOfficer)) return invalid('须指定听证主持人', 'a hearing needs a presiding officer');
  if (!Array.isArray(c.officers) || c.officers.length === 0) return invalid('须选定听证员', 'a hearing needs at least one hearing officer');
  if (c.officers.some((o) => !nonEmpty(o?.name) || !oneOf(HEARING_OFFICER_SOURCES, o.proposedBy))) {
    return invalid('每名听证员须有姓名和推荐方（信访人或听证机关）', 'each officer needs a name and who proposed them');
  }
  if (c.participants !== undefined && (!Array.isArray(c.participants) || c.participants.some((x) => !nonEmpty(x?.name) || !oneOf(HEARING_PARTICIPANT_ROLES, x.role)))) {
    return invalid('每名听证参加人须有姓名和身份', 'each participant needs a name and a role');
  }
  if (c.petitionerAgreed !== true) {
    return {
      code: 'HEARING_OFFICERS_NOT_AGREED',
      messageZh: '听证员须由信访人与听证机关共同选定：请先取得信访人对听证员人选的同意',
      message: 'hearing officers are chosen jointly: record the petitioner’s agreement first',
    };
  }
  return true;
});

/** 听证改期: a hearing announced with a notice moves to a day not before the new notice, for a stated reason. */
export const hearingRescheduleValid = guard<CommandOf<'rescheduleHearing'>>('hearingRescheduleValid', { article: ART.a36p2, usesPayload: true }, ({ command, on, state }) => {
  if (!state.hearing?.plan) return { code: 'HEARING_NOT_NOTIFIED', messageZh: '该听证没有听证通知，不能改期', message: 'the hearing has no notice to change' };
  const day = hearingDayProblem(command.heldOn, command.time, on);
  if (day) return day;
  if (command.place !== undefined && !nonEmpty(command.place)) return invalid('听证地点不能为空', 'place must not be empty');
  return nonEmpty(command.reason) ? true : invalid('须说明改期理由', 'a reason is required');
});

/** 听证笔录: a held hearing is recorded with its conclusion once it took place; a withdrawn one with the reason. */
export const hearingRecordValid = guard<CommandOf<'endHearing'>>('hearingRecordValid', { article: ART.a36p2, usesPayload: true }, ({ command, on, state }) => {
  if (!nonEmpty(command.record)) {
    return invalid(command.withdrawn === true ? '须写明撤回听证的情况' : '须填写听证笔录', command.withdrawn === true ? 'state how it was withdrawn' : 'the record is required');
  }
  if (command.withdrawn === true) return true;
  if (!nonEmpty(command.conclusion)) return invalid('须填写听证结论（听证员评议意见）', 'the conclusion is required');
  if (typeof command.petitionerAttended !== 'boolean') return invalid('须记录信访人是否到场', 'record whether the petitioner attended');
  const heldOn = state.hearing?.plan?.heldOn;
  if (heldOn && on < heldOn) {
    return { code: 'HEARING_NOT_YET_HELD', messageZh: `听证定于${heldOn}举行，尚未举行，不能记录听证结果`, message: `the hearing is set for ${heldOn}` };
  }
  return true;
});

/**
 * Art. 36 ¶2: “经过听证的复核意见可以依法向社会公示” — only an opinion reached through a hearing that was held, and
 * once.
 */
export const publishable = guard('publishable', { article: ART.a36p2 }, ({ state }) => {
  if (state.publication) return { code: 'ALREADY_PUBLISHED', messageZh: `复核意见已于${state.publication.on}公示`, message: 'already published' };
  if (!state.hearings.some((h) => h.outcome?.withdrawn !== true)) {
    return { code: 'NOT_HEARD', messageZh: '只有经过听证的复核意见可以向社会公示', message: 'only a re-review opinion reached through a hearing may be published' };
  }
  return true;
});

export const publicationTextValid = guard<CommandOf<'publishReReviewOpinion'>>('publicationTextValid', { usesPayload: true }, ({ command }) =>
  nonEmpty(command.text) ? true : invalid('须填写公示内容', 'the text to publish is required'),
);

/** Art. 35: the review window passed unused → the matter concludes. */
export const reviewRequestWindowPassed = guard('reviewRequestWindowPassed', { article: ART.a35 }, (ctx) => windowPassed(ctx, 'reviewRequestWindow'));

/** Art. 36 ¶1: the re-review window passed unused → the matter concludes. */
export const reReviewRequestWindowPassed = guard('reReviewRequestWindowPassed', { article: ART.a36 }, (ctx) =>
  windowPassed(ctx, 'reReviewRequestWindow'),
);

// ---------------------------------------------------------------------------------------------------------------
// Repeat petitions and reception (Art. 22, 36 ¶3, 37 ¶3)
// ---------------------------------------------------------------------------------------------------------------

export const repeatPetitionValid = guard<CommandOf<'recordRepeatPetition' | 'joinPetition'>>('repeatPetitionValid', { usesPayload: true }, ({ command, on }) =>
  command.receivedOn === undefined || (isIsoDate(command.receivedOn) && command.receivedOn <= on)
    ? true
    : invalid('重复信访的收到日期无效', 'receivedOn must be a date not after the act'),
);

export const receptionKindValid = guard<CommandOf<'recordReception'>>('receptionKindValid', { article: ART.a37p3, usesPayload: true }, ({ command }) =>
  oneOf(RECEPTION_KINDS, command.kind) ? true : invalid('接待帮扶类型无效', 'unknown reception kind'),
);

// ---------------------------------------------------------------------------------------------------------------
// Supervision (督办, Art. 38–40)
// ---------------------------------------------------------------------------------------------------------------

/** The body a supervision is addressed to: whoever must act now. */
export function supervisedBodyOf(state: MatterState): string {
  return state.responsibleBodyId ?? state.facts.registeringBodyId;
}

/**
 * Art. 40: a petition bureau's supervision office supervises. Which matters it may supervise (its partition of
 * regions) is the service's scope check; the engine checks the role.
 */
export const isSupervisor = actorGuard(
  'isSupervisor',
  { article: ART.a40, permissions: ['supervision.act'] },
  { zh: '只有督查督办人员可以督办', en: 'only a supervisor may supervise' },
);

/** Only the office that opened a supervision assesses or escalates it. */
export const isSupervisingOffice = actorGuard(
  'isSupervisingOffice',
  { article: ART.a40, permissions: ['supervision.act'] },
  { zh: '只有发起督办的督查督办人员可以评估或提级', en: 'only the supervising office may assess or escalate' },
  ({ actor, state }) => atBody(actor, state.supervision?.byBodyId ?? null),
);

/** Art. 40 ¶4: the supervised body's handler or head answers in writing (a bureau's acceptance officer for its dispatch). */
export const isSupervisedBodyStaff = actorGuard(
  'isSupervisedBodyStaff',
  { article: ART.a40, permissions: ['matter.handle', 'matter.dispatch'] },
  { zh: '只有被督办单位的承办人、负责人（或受理员）可以回复督办', en: 'only staff of the supervised body may reply' },
  ({ actor, state }) => atBody(actor, state.supervision?.targetBodyId ?? null),
);

export const noSupervisionOpen = guard('noSupervisionOpen', { article: ART.a40 }, ({ state }) =>
  !state.supervision
    ? true
    : {
        code: 'SUPERVISION_OPEN',
        messageZh: `该事项已于 ${state.supervision.openedOn} 督办，回复期限 ${state.supervision.replyDueOn}；请评估回复或提级，不再重复督办`,
        message: 'a supervision is already open on this matter',
      },
);

export const supervisionAwaitingReply = guard('supervisionAwaitingReply', { article: ART.a40 }, ({ state }) =>
  state.supervision && !state.supervision.reply
    ? true
    : { code: 'SUPERVISION_NOT_AWAITING_REPLY', messageZh: '该事项没有待回复的督办', message: 'no supervision awaits a reply' },
);

export const supervisionReplied = guard('supervisionReplied', { article: ART.a40 }, ({ state }) =>
  state.supervision?.reply
    ? true
    : { code: 'SUPERVISION_NOT_REPLIED', messageZh: '被督办单位尚未回复，不能评估', message: 'the supervised body has not replied yet' },
);

export const supervisionOpen = guard('supervisionOpen', { article: ART.a40 }, ({ state }) =>
  state.supervision ? true : { code: 'NO_SUPERVISION', messageZh: '该事项没有进行中的督办', message: 'no supervision is open' },
);

export const supervisionValid = guard<CommandOf<'supervise'>>('supervisionValid', { article: ART.a40, usesPayload: true }, ({ command, on }) => {
  if (!oneOf(SUPERVISION_METHODS, command.method)) return invalid('督办方式无效', 'unknown supervision method');
  if (command.letterKind !== null && !oneOf(SUPERVISION_LETTER_KINDS, command.letterKind)) return invalid('督办文书类型无效', 'unknown letter kind');
  if (!isIsoDate(command.replyDueOn) || command.replyDueOn <= on) return invalid('回复期限须晚于督办日期', 'replyDueOn must be after the supervision date');
  if (command.listed) {
    if (!command.listedDueOn || !isIsoDate(command.listedDueOn) || command.listedDueOn <= on) {
      return invalid('挂牌督办须设定晚于督办日期的办结期限', 'a listed supervision needs listedDueOn after the supervision date');
    }
  } else if (command.listedDueOn !== undefined) {
    return invalid('只有挂牌督办设定挂牌期限', 'listedDueOn applies only to a listed supervision');
  }
  return true;
});

export const supervisionReplyValid = guard<CommandOf<'replySupervision'>>('supervisionReplyValid', { article: ART.a40, usesPayload: true }, ({ command }) =>
  nonEmpty(command.summary) ? true : invalid('须填写回复内容', 'the reply must say what was done'),
);

export const assessmentValid = guard<CommandOf<'assessSupervision'>>('assessmentValid', { article: ART.a40, usesPayload: true }, ({ command, on }) => {
  if (!oneOf(SUPERVISION_VERDICTS, command.verdict)) return invalid('评估结论无效', 'unknown verdict');
  if (command.verdict === 'unsatisfactory') {
    if (!nonEmpty(command.note)) return invalid('回复不到位须说明理由', 'an unsatisfactory assessment states why');
    if (!command.replyDueOn || !isIsoDate(command.replyDueOn) || command.replyDueOn <= on) {
      return invalid('继续督办须设定晚于今天的新回复期限', 'an unsatisfactory assessment sets a new reply date after today');
    }
  } else if (command.replyDueOn !== undefined) {
    return invalid('办结督办不设回复期限', 'a satisfactory assessment sets no reply date');
  }
  return true;
});

export const escalationValid = guard<CommandOf<'escalateSupervision'>>('escalationValid', { article: ART.a40, usesPayload: true }, ({ command }) =>
  nonEmpty(command.toLeader) ? true : invalid('须写明提级报送的领导', 'name the leader it is escalated to'),
);

// ---------------------------------------------------------------------------------------------------------------
// The handling workspace (办理工作台; Art. 31 (六), 33; seed 001)
// ---------------------------------------------------------------------------------------------------------------

export const investigationValid = guard<CommandOf<'recordInvestigation'>>('investigationValid', { usesPayload: true }, ({ command }) =>
  oneOf(INVESTIGATION_KINDS, command.kind) && nonEmpty(command.summary) ? true : invalid('须选择调查方式并填写调查情况', 'an investigation needs a kind and a summary'),
);

export const agreementValid = guard<CommandOf<'recordAgreement'>>('agreementValid', { article: '《信访工作条例》第三十三条', usesPayload: true }, ({ command }) =>
  oneOf(AGREEMENT_KINDS, command.kind) && nonEmpty(command.summary) ? true : invalid('须选择协议类型并填写协议内容', 'an agreement needs a kind and its terms'),
);

export const caseLeaderValid = guard<CommandOf<'nameCaseLeader'>>('caseLeaderValid', { usesPayload: true }, ({ command }) =>
  nonEmpty(command.name) ? true : invalid('须填写包案领导姓名', 'name the case leader'),
);

/** Seed 001: the checklist applies to first-time petitions; each item is ticked once. */
export const checklistItemValid = guard<CommandOf<'checkItem'>>('checklistItemValid', { article: ART.practice, usesPayload: true }, ({ command, state }) => {
  if (!state.facts.firstPetition) return { code: 'NOT_FIRST_PETITION', messageZh: '办理清单（双签双核两见面一现场）适用于初次信访事项', message: 'the checklist applies to first petitions' };
  if (!nonEmpty(command.item)) return invalid('须选择清单项目', 'choose a checklist item');
  if (state.workspace?.checklist.some((c) => c.item === command.item)) return { code: 'ALREADY_CHECKED', messageZh: '该清单项目已勾选', message: 'item already checked' };
  return true;
});

// ---------------------------------------------------------------------------------------------------------------
// Appeal requests and opinions: the petitioner's reasons, the disposition, the hearing (Art. 35–36)
// ---------------------------------------------------------------------------------------------------------------

/** The national articles that require the opinions, and the provincial one that names their three forms. */
const ART_DISPOSITION = '《信访工作条例》第三十五条、第三十六条；《山东省信访条例》第四十五条';

/**
 * Art. 35, 36 (“对信访处理意见不服的”): a review or re-review is asked because the petitioner disagrees; the request
 * says why, so the appeal body knows what to answer and its opinion can quote it.
 */
export const appealReasonsGiven = guard<CommandOf<'requestReview' | 'requestReReview'>>('appealReasonsGiven', { usesPayload: true }, ({ command }) => {
  if (nonEmpty(command.reasons)) return true;
  const review = command.type === 'requestReview';
  return {
    code: 'VALIDATION',
    messageZh: `须写明请求${review ? '复查' : '复核'}的理由：信访人对${review ? '处理意见' : '复查意见'}哪些方面不服、为什么`,
    message: `a ${review ? 'review' : 're-review'} request states the petitioner's reasons`,
    article: review ? ART.a35 : ART.a36,
  };
});

/**
 * The opinion an appeal opinion disposes of: under review the handling opinion (by the responsible body), under
 * re-review the review opinion (by the review body). Null outside an appeal or before there is one.
 */
export function reviewedOpinion(state: MatterState, stage: 'review' | 'reReview'): { outcome: Outcome; on: IsoDate; bodyId: string | null; noun: string } | null {
  if (stage === 'review') return state.opinion ? { outcome: state.opinion.outcome, on: state.opinion.on, bodyId: state.responsibleBodyId, noun: '处理意见' } : null;
  return state.reviewOpinion ? { outcome: state.reviewOpinion.outcome, on: state.reviewOpinion.on, bodyId: state.reviewBodyId, noun: '复查意见' } : null;
}

/**
 * A 复查 / 复核 opinion says what it does to the opinion under review (《山东省信访条例》第四十五条): 维持 keeps its outcome;
 * 变更 gives another one; 撤销 sets it aside, for a wrong procedure as much as a wrong result, so its own outcome may be
 * either. A handling opinion disposes of nothing.
 */
export const dispositionValid = guard<CommandOf<'draftOpinion'>>('dispositionValid', { article: ART_DISPOSITION, usesPayload: true }, ({ command, state }) => {
  const stage = state.status === 'review' ? 'review' : state.status === 'reReview' ? 'reReview' : null;
  const d = command.disposition;
  if (stage === null) return d === undefined ? true : invalid('处理意见不载明维持、撤销或变更：只有复查、复核意见对原意见作出处理', 'only a review or re-review opinion has a disposition');
  const reviewed = reviewedOpinion(state, stage);
  const noun = reviewed?.noun ?? (stage === 'review' ? '处理意见' : '复查意见');
  if (!oneOf(APPEAL_DISPOSITIONS, d)) return invalid(`${opinionNoun(state.status)}须载明对原${noun}的处理：维持、撤销或变更`, 'an appeal opinion upholds, revokes or modifies the opinion under review');
  if (!reviewed) return true;
  const was = OUTCOME_LABELS[reviewed.outcome];
  if (d === 'uphold' && command.outcome !== reviewed.outcome) {
    return {
      code: 'DISPOSITION_INCONSISTENT',
      messageZh: `维持原${noun}，处理结果应与原${noun}相同（${was}）；结果不同的，请选择变更或撤销`,
      message: `upholding keeps the reviewed outcome (${reviewed.outcome})`,
    };
  }
  if (d === 'modify' && command.outcome === reviewed.outcome) {
    return {
      code: 'DISPOSITION_INCONSISTENT',
      messageZh: `变更原${noun}须作出与原结果（${was}）不同的处理结果；结果相同的，请选择维持`,
      message: `modifying needs an outcome other than the reviewed one (${reviewed.outcome})`,
    };
  }
  return true;
});

/**
 * The hearing record a draft predates, or null: the mark `evolve` sets on the draft in hand when a held hearing is
 * recorded. A draft stored before the mark existed (undefined) is judged by its date.
 */
export function draftPredatesHearing(state: MatterState): IsoDate | null {
  const d = state.opinionDraft;
  if (!d) return null;
  if (d.supersededByHearingOn !== undefined) return d.supersededByHearingOn;
  const last = state.hearings.filter((h) => h.outcome?.withdrawn !== true).at(-1);
  return last && d.draftedOn < last.endedOn ? last.endedOn : null;
}

/**
 * Art. 36 ¶2; seed 001 (听证, 案结事了): a re-review that held a hearing concludes from it. A draft written, or signed,
 * before the hearing record is neither signed on nor issued: it is drafted again after the record (the signatures
 * start again). A hearing the petitioner withdrew heard nothing and leaves the draft as it was.
 */
export const opinionFollowsHearing = guard('opinionFollowsHearing', { article: ART.a36p2 }, ({ state }) => {
  const recordOn = draftPredatesHearing(state);
  if (recordOn === null) return true;
  return {
    code: 'OPINION_PREDATES_HEARING',
    messageZh: `复核意见草稿拟写于${recordOn}听证笔录之前，复核意见应当依据听证情况作出：请在听证后重新拟写复核意见（可沿用原文）并重新签批`,
    message: `the draft predates the hearing record of ${recordOn}: draft it again and sign it after the hearing`,
  };
});
