import { AGREEMENT_KINDS, INVESTIGATION_KINDS, type CommandOf } from '../types';
import { ART, guard, invalid, nonEmpty, oneOf } from './common';

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
