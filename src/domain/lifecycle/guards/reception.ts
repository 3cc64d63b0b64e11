import { isIsoDate } from '../../calendar';
import { RECEPTION_KINDS, type CommandOf } from '../types';
import { ART, guard, invalid, oneOf } from './common';

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
