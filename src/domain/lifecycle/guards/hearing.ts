import { isIsoDate, type IsoDate } from '../../calendar';
import { HEARING_OFFICER_SOURCES, HEARING_PARTICIPANT_ROLES, type CommandOf } from '../types';
import { ART, guard, invalid, nonEmpty, oneOf, type Verdict } from './common';

// ---------------------------------------------------------------------------------------------------------------
// Review and re-review: the hearing and the publication of a heard re-review opinion (Art. 36 ¶2)
// ---------------------------------------------------------------------------------------------------------------

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
