import { daysBetween, type IsoDate } from '../calendar';
import { CLOCK_LABELS, OUTCOME_LABELS, guards, PROCEDURE_LABELS, REDIRECT_CHANNEL_LABELS, type ClockName, type MatterState, type Outcome, type Procedure, type Position, type RedirectChannel, type Role } from '../lifecycle';

/**
 * Which event produces which messages for whom. Keyed by event type strings rather than the lifecycle's EventType
 * union, so events added elsewhere (supervision's `supervised`) get their messages by name once they exist, and an
 * event nobody is told about simply has no entry.
 *
 * Citizens are told what the statute says they must be told (受理告知, 延期告知, 答复, 复查/复核意见) and what lets them
 * follow their matter (registration, dispatch); staff are told what lands on their desk.
 */

export type Audience =
  /** The matter's petitioners: the representatives of a collective matter (Art. 20 ¶3), otherwise everyone. */
  | { to: 'petitioners' }
  /** The staff of a body with any of these roles (the body's own offices included). */
  | { to: 'staff'; bodyId: string; roles: readonly Role[]; position?: Position };

export interface Message {
  /** `citizen.<event>` or `staff.<event>`: what the outbox view and the in-app list group by. */
  kind: string;
  audience: Audience;
  subject: string;
  text: string;
  /** [start, length] spans of `text` that are secret (the portal query code): masked once the message is sent. */
  secrets: [number, number][];
}

/** The event as stored (type, legal date, payload) and the body that acted. */
export interface EventFacts {
  type: string;
  on: IsoDate;
  payload: Record<string, unknown>;
  actorBodyId: string | null;
}

export interface MatterFacts {
  number: string;
  title: string;
  /** The state after the event. */
  state: MatterState;
  /** Due dates of the matter's running clocks after the event (the calendar in force decides them). */
  due: Partial<Record<ClockName, IsoDate>>;
  /** Names of the bodies `bodiesNamed` listed; an unknown id reads as 有关单位. */
  bodyNames: Readonly<Record<string, string>>;
}

const HANDLING_ROLES: readonly Role[] = ['handler', 'bodyLeader'];

export const LETTER_LABELS: Readonly<Record<string, string>> = {
  supervisionLetter: '督办函',
  reminderLetter: '提醒函',
  adviceLetter: '建议函',
};

/** 2025-10-16 → 2025年10月16日: how dates are written to citizens. */
export function formatDateZh(date: IsoDate): string {
  const [y, m, d] = date.split('-');
  return `${y}年${Number(m)}月${Number(d)}日`;
}

/** Titles are the petitioner's words and can be long; an SMS is paid per 70 characters. */
function short(title: string, max = 20): string {
  const chars = [...title.trim()];
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : chars.join('');
}

function name(m: MatterFacts, id: string | null | undefined): string {
  return (id && m.bodyNames[id]) || '有关单位';
}

function str(payload: Record<string, unknown>, key: string): string | null {
  const v = payload[key];
  return typeof v === 'string' && v.trim() ? v.trim() : null;
}

function citizen(event: string, subject: string, text: string): Message {
  return { kind: `citizen.${event}`, audience: { to: 'petitioners' }, subject, text, secrets: [] };
}

function staff(event: string, bodyId: string | null | undefined, roles: readonly Role[], subject: string, text: string): Message[] {
  return bodyId ? [{ kind: `staff.${event}`, audience: { to: 'staff', bodyId, roles }, subject, text, secrets: [] }] : [];
}

/** ", 请于X前…" when the date is known; the clause is left out rather than guessed when it is not. */
function until(date: IsoDate | undefined, clause: (d: string) => string): string {
  return date ? clause(formatDateZh(date)) : '';
}

type Template = (e: EventFacts, m: MatterFacts) => Message[];

const dispatched =
  (verb: '转送' | '交办'): Template =>
  (e, m) => {
    const body = m.state.responsibleBodyId;
    const assignDue = str(e.payload, 'dueOn');
    return [
      citizen(e.type, '信访事项已转交办理', `您的信访事项（编号${m.number}）已${verb}${name(m, body)}办理，该单位将依法决定是否受理并告知您。`),
      ...staff(
        e.type,
        body,
        HANDLING_ROLES,
        `新${verb}信访事项：${m.number}`,
        `${name(m, e.actorBodyId)}${verb}信访事项${m.number}「${short(m.title)}」` +
          until(m.due.acceptanceNotice, (d) => `，请于${d}前决定是否受理并告知信访人`) +
          (verb === '交办' && assignDue ? `，于${formatDateZh(assignDue)}前办结并报送办结报告` : '') +
          '。',
      ),
    ];
  };

/** The next signer's step of the draft in the state after the event, to the staff of the body giving the opinion. */
function signOffRequest(e: EventFacts, m: MatterFacts): Message[] {
  const draft = m.state.opinionDraft;
  const next = draft?.chain[draft.signatures.length];
  if (!draft || !next) return [];
  const { bodyId, noun } = guards.opinionGiver(m.state);
  // Only the holder of the slot's position may sign it (docs/lifecycle.md §3): the others need not be asked.
  const position = guards.signOffPosition(next);
  return staff(
    e.type,
    bodyId,
    next.roles ?? HANDLING_ROLES,
    `待签批${noun}：${m.number}`,
    `信访事项${m.number}「${short(m.title)}」的${noun}（${OUTCOME_LABELS[draft.outcome]}）已${draft.signatures.length ? `经${draft.chain[draft.signatures.length - 1]?.labelZh ?? ''}签批` : '拟写'}，待「${next.labelZh}」签批。`,
  ).map((x) => (position && x.audience.to === 'staff' ? { ...x, audience: { ...x.audience, position } } : x));
}

/** When and where the hearing now stands (the plan in the state after the event), told to the petitioner. */
function hearingNotice(e: EventFacts, m: MatterFacts, subject: string, what: string, after: string): Message[] {
  const plan = m.state.hearing?.plan;
  if (!plan) return [];
  const when = `${formatDateZh(plan.heldOn)}${plan.time ? ` ${plan.time}` : ''}`;
  return [citizen(e.type, subject, `${name(m, m.state.reReviewBodyId)}${what.replace('{n}', m.number)}，时间：${when}，地点：${plan.place}。${after}`)];
}

const TEMPLATES: Readonly<Record<string, Template>> = {
  forwarded: dispatched('转送'),
  assigned: dispatched('交办'),

  accepted: (e, m) => {
    const procedure = str(e.payload, 'procedure') as Procedure | null;
    return [
      citizen(
        e.type,
        '信访事项已受理',
        `您的信访事项（编号${m.number}）已由${name(m, m.state.responsibleBodyId)}受理` +
          (procedure ? `，按${PROCEDURE_LABELS[procedure] ?? procedure}办理` : '') +
          until(m.due.handling, (d) => `，办理期限至${d}`) +
          '。',
      ),
    ];
  },

  rejected: (e, m) => {
    const article = str(e.payload, 'article');
    return [citizen(e.type, '信访事项不予受理', `您的信访事项（编号${m.number}）经审查不予受理${article ? `（依据${article}）` : ''}，书面告知书将依法送达。`)];
  },

  redirected: (e, m) => {
    const channel = str(e.payload, 'channel') as RedirectChannel | null;
    const to = str(e.payload, 'toBodyId');
    return [
      citizen(
        e.type,
        '信访事项已导入法定途径',
        `您的信访事项（编号${m.number}）依法应通过${(channel && REDIRECT_CHANNEL_LABELS[channel]) || '法定途径'}处理，已引导至${name(m, to)}，请按其告知办理。`,
      ),
      ...staff(e.type, to, HANDLING_ROLES, `导入法定途径：${m.number}`, `${name(m, e.actorBodyId)}将信访事项${m.number}「${short(m.title)}」导入法定途径，请依法处理。`),
    ];
  },

  // Art. 34: the heads of the responsible body decide on the handler's request.
  extensionRequested: (e, m) =>
    staff(
      e.type,
      m.state.responsibleBodyId,
      ['bodyLeader'],
      `待批准延期申请：${m.number}`,
      `信访事项${m.number}「${short(m.title)}」申请延期${Number(e.payload.days)}日（${String(e.payload.reason ?? '')}），` +
        until(m.due.handling, (d) => `现办理期限至${d}，`) +
        '请负责人批准或不予批准。',
    ),
  extended: (e, m) => {
    const days = Number(e.payload.days);
    return [
      citizen(
        e.type,
        '办理期限已延长',
        `您的信访事项（编号${m.number}）经批准延长办理期限${Number.isFinite(days) ? `${days}日` : ''}` + until(m.due.handling, (d) => `，延长后的办理期限至${d}`) + '。',
      ),
    ];
  },

  // 《信访事项简易办理办法（试行）》: a conversion is told to the petitioner (with the 转为普通程序告知书), with the new
  // limit counted from the original acceptance.
  converted: (e, m) => [
    citizen(
      e.type,
      '已转为普通程序办理',
      `您的信访事项（编号${m.number}）经批准由简易办理转为普通程序办理` + until(m.due.handling, (d) => `，办理期限自受理之日起计算，至${d}`) + '，书面告知书将依法送达。',
    ),
  ],

  delivered: (e, m) => [
    citizen(
      e.type,
      '处理意见已送达',
      `${name(m, m.state.responsibleBodyId)}对您的信访事项（编号${m.number}）的处理意见已送达。对处理意见不服的，可` +
        (m.due.reviewRequestWindow ? `于${formatDateZh(m.due.reviewRequestWindow)}前` : '依法') +
        '向其上一级机关请求复查。',
    ),
  ],

  returnRequested: (e, m) => [
    ...staff(
      e.type,
      m.state.facts.registeringBodyId,
      ['acceptanceOfficer'],
      `申请退回：${m.number}`,
      `${name(m, e.actorBodyId ?? m.state.responsibleBodyId)}申请退回信访事项${m.number}「${short(m.title)}」` +
        (str(e.payload, 'reason') ? `，理由：${str(e.payload, 'reason')}` : '') +
        '。请审核是否同意退回。',
    ),
  ],

  returnDismissed: (e, m) => [
    ...staff(
      e.type,
      m.state.responsibleBodyId,
      HANDLING_ROLES,
      `退回申请未获同意：${m.number}`,
      `${name(m, e.actorBodyId)}不同意退回信访事项${m.number}「${short(m.title)}」` + (str(e.payload, 'reason') ? `（${str(e.payload, 'reason')}）` : '') + '，请继续办理。',
    ),
  ],

  reviewRequested: (e, m) => [
    citizen(
      e.type,
      '复查请求已收到',
      `您对信访事项（编号${m.number}）的复查请求已收到，复查机关为${name(m, m.state.reviewBodyId)}` + until(m.due.reviewDecision, (d) => `，将于${d}前提出复查意见`) + '。',
    ),
    ...staff(
      e.type,
      m.state.reviewBodyId,
      HANDLING_ROLES,
      `复查请求：${m.number}`,
      `信访人对信访事项${m.number}「${short(m.title)}」（原办理机关：${name(m, m.state.responsibleBodyId)}）请求复查` +
        until(m.due.reviewDecision, (d) => `，请于${d}前提出复查意见`) +
        '。',
    ),
  ],

  reviewOpinionIssued: (e, m) => [
    citizen(
      e.type,
      '复查意见已出具',
      `${name(m, m.state.reviewBodyId)}已对您的信访事项（编号${m.number}）出具复查意见：${OUTCOME_LABELS[e.payload.outcome as Outcome] ?? '详见复查意见书'}。对复查意见不服的，可` +
        (m.due.reReviewRequestWindow ? `于${formatDateZh(m.due.reReviewRequestWindow)}前` : '依法') +
        '向复查机关的上一级机关请求复核。',
    ),
  ],

  reReviewRequested: (e, m) => [
    citizen(
      e.type,
      '复核请求已收到',
      `您对信访事项（编号${m.number}）的复核请求已收到，复核机关为${name(m, m.state.reReviewBodyId)}` + until(m.due.reReviewDecision, (d) => `，将于${d}前提出复核意见`) + '。',
    ),
    ...staff(
      e.type,
      m.state.reReviewBodyId,
      HANDLING_ROLES,
      `复核请求：${m.number}`,
      `信访人对信访事项${m.number}「${short(m.title)}」的复查意见请求复核` + until(m.due.reReviewDecision, (d) => `，请于${d}前提出复核意见`) + '。',
    ),
  ],

  reReviewOpinionIssued: (e, m) => [
    citizen(
      e.type,
      '复核意见已出具',
      `${name(m, m.state.reReviewBodyId)}已对您的信访事项（编号${m.number}）出具复核意见：${OUTCOME_LABELS[e.payload.outcome as Outcome] ?? '详见复核意见书'}。` +
        '信访人对复核意见不服，仍以同一事实和理由提出的，不再受理。',
    ),
  ],

  // 听证通知 / 改期 (Art. 36 ¶2): the petitioner learns when and where; the 听证通知书 follows in the portal.
  hearingStarted: (e, m) => hearingNotice(e, m, '听证通知', '决定就您的信访事项（编号{n}）举行听证', '请按时参加，因故不能参加的请提前告知。'),
  hearingRescheduled: (e, m) => hearingNotice(e, m, '听证改期通知', '就您的信访事项（编号{n}）举行的听证改期', ''),

  // 签批 (seed 003): whoever's turn it is learns that an opinion waits for them — after the draft, and after each
  // signature but the last (then the drafter issues it).
  opinionDrafted: (e, m) => signOffRequest(e, m),
  opinionSigned: (e, m) => signOffRequest(e, m),

  // 督办 (Art. 40): payload { letterKind, replyDueOn, listed, targetBodyId }. The supervised body is whoever must act
  // now (the responsible body, or the bureau for its dispatch), and its handlers, head or acceptance officers reply.
  supervised: (e, m) => {
    const letter = LETTER_LABELS[str(e.payload, 'letterKind') ?? ''] ?? '督办通知';
    const replyDueOn = str(e.payload, 'replyDueOn');
    return staff(
      e.type,
      str(e.payload, 'targetBodyId') ?? m.state.responsibleBodyId ?? m.state.facts.registeringBodyId,
      [...HANDLING_ROLES, 'acceptanceOfficer'],
      `收到${letter}：${m.number}`,
      `${name(m, e.actorBodyId)}就信访事项${m.number}「${short(m.title)}」发出${letter}${e.payload.listed === true ? '（挂牌督办）' : ''}` +
        (replyDueOn ? `，请于${formatDateZh(replyDueOn)}前回复` : '') +
        '。',
    );
  },
};

/** Event types that produce messages. */
export const NOTIFIED_EVENTS: readonly string[] = Object.keys(TEMPLATES);

/** The messages one matter event produces (none for most). */
export function messagesForEvent(event: EventFacts, matter: MatterFacts): Message[] {
  return TEMPLATES[event.type]?.(event, matter) ?? [];
}

/** The bodies the messages of an event may name, to be looked up before `messagesForEvent`. */
export function bodiesNamed(event: EventFacts, state: MatterState): string[] {
  const ids = [
    event.actorBodyId,
    state.facts.registeringBodyId,
    state.responsibleBodyId,
    state.reviewBodyId,
    state.reReviewBodyId,
    str(event.payload, 'toBodyId'),
    str(event.payload, 'targetBodyId'),
  ];
  return [...new Set(ids.filter((x): x is string => Boolean(x)))];
}

/**
 * The registration notice to the petitioner (登记告知). A portal submission carries its query code: the only copy
 * the citizen gets besides the screen, so it is marked secret and masked in the outbox once sent.
 */
export function registrationMessage(p: { petitionNumber: string; matterNumbers: string[]; bodyName: string; queryCode: string | null }): Message {
  let text = `您的信访件已由${p.bodyName}登记，编号${p.petitionNumber}`;
  if (p.matterNumbers.length) text += `（信访事项编号${p.matterNumbers.join('、')}）`;
  text += '。';
  const secrets: [number, number][] = [];
  if (p.queryCode) {
    text += '查询码：';
    secrets.push([text.length, p.queryCode.length]);
    text += `${p.queryCode}，请妥善保存，可凭查询码在网上信访平台查询办理进展。`;
  }
  return { kind: 'citizen.registered', audience: { to: 'petitioners' }, subject: '信访件已登记', text, secrets };
}

/**
 * Who owes a deadline clock: the body that must act before it runs out, and the roles that act. Windows (the
 * petitioner's time to ask for review, a body's time to object) are nobody's duty and have no owner.
 */
export function deadlineOwner(clock: ClockName, state: MatterState): { bodyId: string; roles: readonly Role[] } | null {
  const owner = (bodyId: string | null, roles: readonly Role[]) => (bodyId ? { bodyId, roles } : null);
  switch (clock) {
    case 'dispatch':
      return owner(state.facts.registeringBodyId, ['acceptanceOfficer']);
    case 'acceptanceNotice':
      return owner(state.responsibleBodyId ?? state.facts.registeringBodyId, HANDLING_ROLES);
    case 'assignment':
    case 'handling':
      return owner(state.responsibleBodyId, HANDLING_ROLES);
    case 'reviewDecision':
      return owner(state.reviewBodyId, HANDLING_ROLES);
    case 'reReviewDecision':
      return owner(state.reReviewBodyId, HANDLING_ROLES);
    default:
      return null;
  }
}

/** 时限预警: a deadline runs out within the configured days. */
export function dueSoonMessage(p: { number: string; title: string; clock: ClockName; dueOn: IsoDate; today: IsoDate; state: MatterState }): Message | null {
  const owner = deadlineOwner(p.clock, p.state);
  if (!owner) return null;
  const days = daysBetween(p.today, p.dueOn);
  const left = days <= 0 ? '（今日届满）' : `（剩余${days}日）`;
  return {
    kind: 'staff.dueSoon',
    audience: { to: 'staff', ...owner },
    subject: `时限将至：${p.number}`,
    text: `信访事项${p.number}「${short(p.title)}」的${CLOCK_LABELS[p.clock]}将于${formatDateZh(p.dueOn)}届满${left}，请及时办理。`,
    secrets: [],
  };
}

/**
 * 超期提醒: a deadline ran out unmet. The body that owes it is told to act, and each supervision office watching the
 * matter's region is told which body is late (督查督办 of overdue matters, Art. 40 (4)). Once per clock: the caller
 * keeps the key.
 */
export function overdueMessages(p: {
  number: string;
  title: string;
  clock: ClockName;
  dueOn: IsoDate;
  today: IsoDate;
  state: MatterState;
  /** The supervision offices watching the matter's region. */
  supervisionOfficeIds: readonly string[];
  bodyNames: Readonly<Record<string, string>>;
}): Message[] {
  const owner = deadlineOwner(p.clock, p.state);
  if (!owner) return [];
  const late = daysBetween(p.dueOn, p.today);
  const what = `信访事项${p.number}「${short(p.title)}」的${CLOCK_LABELS[p.clock]}已于${formatDateZh(p.dueOn)}届满`;
  const ownerName = p.bodyNames[owner.bodyId] || '责任单位';
  return [
    { kind: 'staff.overdue', audience: { to: 'staff', ...owner }, subject: `已超期：${p.number}`, text: `${what}，已超期${late}日，请立即办理。`, secrets: [] },
    ...p.supervisionOfficeIds.map(
      (bodyId): Message => ({
        kind: 'supervision.overdue',
        audience: { to: 'staff', bodyId, roles: ['supervisor'] },
        subject: `超期督办：${p.number}`,
        text: `${what}，${ownerName}已超期${late}日，请督查督办。`,
        secrets: [],
      }),
    ),
  ];
}

/** Who of a matter's petitioners is written to: a collective matter speaks through its representatives. */
export function citizenRecipients<P extends { isRepresentative: boolean }>(parties: readonly P[]): P[] {
  const representatives = parties.filter((p) => p.isRepresentative);
  return representatives.length ? representatives : [...parties];
}

/** 短信签名: Chinese carriers deliver only signed messages. */
export const SMS_SIGNATURE = '【信访】';

export type ChannelName = 'inApp' | 'sms' | 'email';

/** A message as one channel carries it (secret spans moved with the text). */
export function renderFor(channel: ChannelName, m: Pick<Message, 'subject' | 'text' | 'secrets'>): { subject: string; text: string; secrets: [number, number][] } {
  if (channel === 'sms') {
    return { subject: m.subject, text: SMS_SIGNATURE + m.text, secrets: m.secrets.map(([s, l]) => [s + SMS_SIGNATURE.length, l]) };
  }
  if (channel === 'email') {
    return { subject: `【信访】${m.subject}`, text: `${m.text}\n\n（此邮件由信访工作平台自动发送，请勿直接回复。）`, secrets: m.secrets };
  }
  return { subject: m.subject, text: m.text, secrets: m.secrets };
}
