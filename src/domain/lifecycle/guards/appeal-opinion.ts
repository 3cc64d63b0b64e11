import type { IsoDate } from '../../calendar';
import { OUTCOME_LABELS, opinionNoun } from '../labels';
import { APPEAL_DISPOSITIONS, type CommandOf, type MatterState, type Outcome } from '../types';
import { ART, guard, invalid, nonEmpty, oneOf } from './common';

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
