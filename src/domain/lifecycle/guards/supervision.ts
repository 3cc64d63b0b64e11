import { isIsoDate } from '../../calendar';
import { SUPERVISION_LETTER_KINDS, SUPERVISION_METHODS, SUPERVISION_VERDICTS, type CommandOf, type MatterState } from '../types';
import { actorGuard, ART, atBody, guard, invalid, nonEmpty, oneOf } from './common';

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
