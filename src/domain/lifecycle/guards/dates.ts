import { isIsoDate } from '../../calendar';
import type { Command, MatterState } from '../types';
import { guard, invalid } from './common';

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
