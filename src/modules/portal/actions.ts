import type { DbOrTx } from '../../db/tx';
import type { Calendar } from '../../domain/calendar';
import { allowedCommands, clockDue, type Actor, type ClockName, type MatterState, type TimeLimitConfig, type TimeLimitName } from '../../domain/lifecycle';
import { appealedBodyId, resolveAppealBodyFrom } from '../appeals/service';

/**
 * What a citizen may do on a matter now, through the portal (Art. 21 ¶2 评价; Art. 35 复查; Art. 36 复核). The
 * lifecycle decides it: `allowedCommands` for the portal's 'system' actor, so a window that closed today, a matter
 * already evaluated or not yet delivered simply offers nothing. The portal adds the last day of each window and, for
 * an appeal, the body it would go to, so the citizen sees both before confirming.
 */

export const CITIZEN_COMMANDS = ['evaluate', 'requestReview', 'requestReReview'] as const;
export type CitizenCommand = (typeof CITIZEN_COMMANDS)[number];

const WINDOW_OF: Readonly<Record<CitizenCommand, ClockName & TimeLimitName>> = {
  evaluate: 'evaluationWindow',
  requestReview: 'reviewRequestWindow',
  requestReReview: 'reReviewRequestWindow',
};

/** As the petitioner reads them (the staff labels say 登记复查请求: the clerk records it; here the citizen asks). */
const CITIZEN_LABELS: Readonly<Record<CitizenCommand, string>> = { evaluate: '满意度评价', requestReview: '请求复查', requestReReview: '请求复核' };

const FROM_WHAT: Readonly<Record<CitizenCommand, string>> = { evaluate: '自收到处理意见之日起', requestReview: '自收到书面答复之日起', requestReReview: '自收到复查意见之日起' };

export interface CitizenAppealBody {
  id: string;
  name: string;
  reasonZh: string;
  isDefault: boolean;
}

export interface CitizenAction {
  type: CitizenCommand;
  labelZh: string;
  /** The last day the window allows it (China date). */
  dueOn: string;
  /** e.g. 自收到书面答复之日起30日内（至2025-12-31） */
  windowZh: string;
  article: string;
  /** For an appeal: the bodies it may go to, default first (empty when the tree names none: see noteZh). */
  appealBodies: CitizenAppealBody[] | null;
  noteZh: string | null;
}

/** The portal acting for the petitioner; `bodyId` is where the act is received (see act.ts). */
export function portalActor(bodyId: string): Actor {
  return { userId: 'portal', bodyId, roles: ['system'] };
}

export async function citizenActions(
  db: DbOrTx,
  state: MatterState,
  ctx: { now: Date; calendar: Calendar; config: TimeLimitConfig },
): Promise<CitizenAction[]> {
  const allowed = new Set(allowedCommands(state, portalActor(state.facts.registeringBodyId), ctx).map((a) => a.type));
  const out: CitizenAction[] = [];
  for (const type of CITIZEN_COMMANDS) {
    if (!allowed.has(type)) continue;
    const clock = state.clocks[WINDOW_OF[type]];
    if (!clock) continue;
    const limit = ctx.config[WINDOW_OF[type]];
    const dueOn = clockDue(clock, ctx.calendar).due;
    const action: CitizenAction = {
      type,
      labelZh: CITIZEN_LABELS[type],
      dueOn,
      windowZh: `${FROM_WHAT[type]}${limit.amount}${limit.unit === 'days' ? '日' : '个工作日'}内（至${dueOn}）`,
      article: limit.article,
      appealBodies: null,
      noteZh: null,
    };
    if (type !== 'evaluate') {
      const stage = type === 'requestReview' ? 'review' : 'reReview';
      const fromId = appealedBodyId(state, stage);
      const resolution = fromId ? await resolveAppealBodyFrom(db, fromId, stage) : null;
      action.appealBodies = (resolution?.candidates ?? []).map((c) => ({ id: c.id, name: c.name, reasonZh: c.reasonZh, isDefault: c.isDefault }));
      action.noteZh = resolution?.noteZh ?? null;
    }
    out.push(action);
  }
  return out;
}
