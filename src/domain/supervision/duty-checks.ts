import { addCalendarDays, type Calendar, type IsoDate } from '../calendar';
import {
  clockView,
  evolve,
  type ClockName,
  type MatterEvent,
  type MatterState,
} from '../lifecycle';

/**
 * 四应四不 — duty failures as a catalogue of named checks over one matter's state and events (seed 000: supervision
 * looks for the body that should have acted and did not; seed 004: dissatisfied petitioners). Each check is pure:
 * the clocks decide lateness with the official calendar, so a limit ending in a holiday is not late until the first
 * working day after it has passed. Every failure names the body responsible and the provision.
 */

export interface DutyCheckConfig {
  /** Practice (configurable): days after the handling opinion by which its delivery must be recorded. */
  deliveryGraceDays: number;
  /** Checks a bureau has switched off (codes of DUTY_CHECKS); the statute's own deadlines stay on record regardless. */
  disabled: string[];
}

export const DUTY_CHECK_DEFAULTS: DutyCheckConfig = { deliveryGraceDays: 7, disabled: [] };

/** Problems with a configuration, in Chinese (for the settings API). */
export function dutyCheckConfigProblems(c: DutyCheckConfig): string[] {
  const problems: string[] = [];
  if (!Number.isInteger(c.deliveryGraceDays) || c.deliveryGraceDays < 1 || c.deliveryGraceDays > 60) problems.push('送达宽限天数须为 1–60 的整数');
  const known = new Set<string>(CHECKS.map((x) => x.code));
  for (const code of c.disabled ?? []) if (!known.has(code)) problems.push(`未知的检查项：${code}`);
  return problems;
}

export interface MatterHistory {
  matterId: string;
  state: MatterState;
  /** Oldest first, as stored. */
  events: readonly MatterEvent[];
}

export interface DutyContext {
  today: IsoDate;
  calendar: Calendar;
  config: DutyCheckConfig;
  /** Whether a user was the head (bodyLeader) of a body: the approver of an extension must be (Art. 34). */
  isBodyLeader: (userId: string, bodyId: string) => boolean;
}

export interface DutyFailure {
  check: DutyCheckCode;
  labelZh: string;
  /** The body that failed its duty; null only when the matter names none. */
  bodyId: string | null;
  article: string;
  /** The first day the failure existed. */
  since: IsoDate;
  detailZh: string;
}

interface DutyCheck {
  code: string;
  labelZh: string;
  article: string;
  run: (h: MatterHistory, ctx: DutyContext) => Omit<DutyFailure, 'check' | 'labelZh' | 'article'>[];
}

/** A deadline overdue (running past its due date) or met late: the day after the due date is when it failed. */
function lateClock(h: MatterHistory, ctx: DutyContext, name: ClockName): { due: IsoDate; stoppedOn: IsoDate | null } | null {
  const clock = h.state.clocks[name];
  if (!clock) return null;
  const v = clockView(clock, ctx.today, ctx.calendar);
  return v.status === 'overdue' || v.status === 'late' ? { due: v.due, stoppedOn: v.stoppedOn } : null;
}

function lateText(what: string, late: { due: IsoDate; stoppedOn: IsoDate | null }): string {
  return late.stoppedOn ? `${what}应于 ${late.due} 前完成，实际 ${late.stoppedOn} 完成` : `${what}应于 ${late.due} 前完成，至今未完成`;
}

const CHECKS = [
  {
    code: 'notDispatchedInTime',
    labelZh: '应转送交办未及时转送交办',
    article: '《信访工作条例》第二十二条、第四十三条',
    run: (h, ctx) => {
      const late = lateClock(h, ctx, 'dispatch');
      return late ? [{ bodyId: h.state.facts.registeringBodyId, since: addCalendarDays(late.due, 1), detailZh: lateText('转送、交办', late) }] : [];
    },
  },
  {
    code: 'acceptanceNotNotifiedInTime',
    labelZh: '应告知受理情况未按期告知',
    article: '《信访工作条例》第二十三条、第四十四条第三项',
    run: (h, ctx) => {
      const late = lateClock(h, ctx, 'acceptanceNotice');
      const body = h.state.responsibleBodyId ?? h.state.facts.registeringBodyId;
      return late ? [{ bodyId: body, since: addCalendarDays(late.due, 1), detailZh: lateText('书面告知信访人是否受理', late) }] : [];
    },
  },
  {
    code: 'notConcludedInTime',
    labelZh: '应按期办结未按期办结',
    article: '《信访工作条例》第三十四条至第三十六条、第四十五条第一项',
    run: (h, ctx) => {
      const out = [];
      const stages: [ClockName, string | null, string][] = [
        ['handling', h.state.responsibleBodyId, '办结（出具处理意见）'],
        ['reviewDecision', h.state.reviewBodyId, '提出复查意见'],
        ['reReviewDecision', h.state.reReviewBodyId, '提出复核意见'],
      ];
      for (const [clock, bodyId, what] of stages) {
        const late = lateClock(h, ctx, clock);
        if (late) out.push({ bodyId, since: addCalendarDays(late.due, 1), detailZh: lateText(what, late) });
      }
      return out;
    },
  },
  {
    code: 'repliedNotDelivered',
    labelZh: '已出具处理意见未送达',
    article: '《信访工作条例》第三十二条、第四十五条第四项',
    run: (h, ctx) => {
      const s = h.state;
      if (s.status !== 'replied' || s.deliveredOn !== null || !s.opinion) return [];
      const by = addCalendarDays(s.opinion.on, ctx.config.deliveryGraceDays);
      return ctx.today > by
        ? [{ bodyId: s.responsibleBodyId, since: addCalendarDays(by, 1), detailZh: `处理意见于 ${s.opinion.on} 出具，${ctx.config.deliveryGraceDays} 日内未登记送达` }]
        : [];
    },
  },
  {
    code: 'completionReportMissing',
    labelZh: '应报送办结报告未按期报送',
    article: '《信访工作条例》第二十二条第一款第三项、第四十五条第一项',
    run: (h, ctx) => {
      if (h.state.dispatch !== 'assign') return [];
      const late = lateClock(h, ctx, 'assignment');
      return late ? [{ bodyId: h.state.responsibleBodyId, since: addCalendarDays(late.due, 1), detailZh: lateText('报送办结报告', late) }] : [];
    },
  },
  {
    code: 'extensionWithoutApproval',
    labelZh: '延期未经本单位负责人批准',
    article: '《信访工作条例》第三十四条',
    run: (h, ctx) =>
      h.events
        .filter((e) => e.type === 'extended')
        .filter((e) => {
          const approver = typeof e.payload.approvedBy === 'string' ? e.payload.approvedBy : e.actor.userId;
          return !ctx.isBodyLeader(approver, e.actor.bodyId);
        })
        .map((e) => ({ bodyId: e.actor.bodyId, since: e.on, detailZh: `${e.on} 延期 ${String(e.payload.days ?? '')} 日，批准人不是本单位负责人` })),
  },
  {
    code: 'dissatisfiedEvaluation',
    labelZh: '信访人评价不满意',
    article: '《信访工作条例》第二十一条第二款；本平台设置（满意度评价）',
    run: (h) => {
      const ev = h.state.evaluation;
      return ev?.rating === 'dissatisfied'
        ? [{ bodyId: h.state.responsibleBodyId, since: ev.on, detailZh: `信访人于 ${ev.on} 评价不满意${ev.comment ? `：${ev.comment}` : ''}` }]
        : [];
    },
  },
  {
    code: 'supervisionNotAnswered',
    labelZh: '督办事项未按期回复',
    article: '《信访工作条例》第四十条第四款、第四十五条',
    run: (h, ctx) => {
      const late = lateClock(h, ctx, 'supervisionReply');
      // The body addressed is the one in the supervision event (the matter may have moved on since).
      const opened = [...h.events].reverse().find((e) => e.type === 'supervised');
      const body = h.state.supervision?.targetBodyId ?? (typeof opened?.payload.targetBodyId === 'string' ? opened.payload.targetBodyId : h.state.responsibleBodyId);
      return late ? [{ bodyId: body, since: addCalendarDays(late.due, 1), detailZh: lateText('书面回复督办', late) }] : [];
    },
  },
  {
    code: 'repeatAfterConclusion',
    labelZh: '办结后重复信访',
    article: '《信访工作条例》第四十五条第一项；本平台设置（化解不到位）',
    run: (h) => {
      // The status when each repeat came in: replay the events up to it.
      const out = [];
      let state: MatterState | null = null;
      for (const e of h.events) {
        if (e.type === 'repeatPetitionRecorded' && state?.status === 'concluded') {
          out.push({ bodyId: state.responsibleBodyId, since: e.on, detailZh: `事项办结后于 ${e.on} 再次信访` });
        }
        state = evolve(state, e);
      }
      return out;
    },
  },
] as const satisfies readonly DutyCheck[];

export type DutyCheckCode = (typeof CHECKS)[number]['code'];

/** The catalogue, for lists and filters: code, label, provision. */
export const DUTY_CHECKS: readonly { code: DutyCheckCode; labelZh: string; article: string }[] = CHECKS.map(({ code, labelZh, article }) => ({ code, labelZh, article }));

/** Every duty failure of one matter today, in catalogue order, of the checks the configuration leaves on. */
export function dutyFailures(h: MatterHistory, ctx: DutyContext, only?: readonly DutyCheckCode[]): DutyFailure[] {
  const out: DutyFailure[] = [];
  for (const c of CHECKS as readonly DutyCheck[]) {
    if (only && !only.includes(c.code as DutyCheckCode)) continue;
    if (ctx.config.disabled?.includes(c.code)) continue;
    for (const f of c.run(h, ctx)) out.push({ check: c.code as DutyCheckCode, labelZh: c.labelZh, article: c.article, ...f });
  }
  return out;
}
