import { describe, expect, it } from 'vitest';
import { allowedCommands } from './allowed';
import { decide } from './decide';
import { A, accepted, calendar, config, ctx, delivered, hearingNotice, hearingRecord, inReReview, refusalOf, reviewed, REVIEW_BODY, RE_REVIEW_BODY, type Course } from './lifecycle.testkit';
import type { MatterState } from './types';

/**
 * The appeal body's opinion (Art. 35–36): it answers the petitioner's reasons, says what it does to the opinion under
 * review (维持 / 撤销 / 变更), and after a hearing it follows the hearing (Art. 36 ¶2, seed 001).
 */

const RE = [A.reReviewHandler, A.reReviewHead, A.reReviewPrincipal] as const;
const signAll = (c: Course, on: string) => RE.forEach((who) => c.step({ type: 'signOpinion', on }, who));
/** The re-review upholds the review opinion (不予支持, see testkit `reviewed`). */
const upholding = (on: string, summary = '维持复查意见') => ({ type: 'draftOpinion' as const, on, outcome: 'notSupport' as const, summary, disposition: 'uphold' as const });
const issue = (on: string) => ({ type: 'issueReReviewOpinion' as const, on, deliveredOn: on });

function offered(state: MatterState, on: string): string[] {
  return allowedCommands(state, A.reReviewHandler, { now: new Date(`${on}T04:00:00Z`), calendar, config }).map((x) => x.type);
}

describe('Art. 36 ¶2: a re-review opinion follows its hearing', () => {
  it('an opinion signed before the hearing is not issued after the record until it is drafted and signed again', () => {
    const c = inReReview();
    c.step(upholding('2026-02-12'), A.reReviewHandler);
    signAll(c, '2026-02-13');
    c.step(hearingNotice('2026-02-16', '2026-02-26'), A.reReviewHandler);
    c.step(hearingRecord('2026-02-26'), A.reReviewHandler);
    expect(c.current.opinionDraft?.supersededByHearingOn).toBe('2026-02-26');
    expect(refusalOf(c.try(issue('2026-02-27'), A.reReviewHandler))).toMatchObject({
      code: 'OPINION_PREDATES_HEARING',
      guard: 'opinionFollowsHearing',
      article: '《信访工作条例》第三十六条第二款',
      messageZh: '复核意见草稿拟写于2026-02-26听证笔录之前，复核意见应当依据听证情况作出：请在听证后重新拟写复核意见（可沿用原文）并重新签批',
    });
    // The desk offers the redraft, not the issue.
    expect(offered(c.current, '2026-02-27')).toEqual(['draftOpinion', 'startHearing']);
    // The same text drafted again after the record is signed anew and issued.
    c.step(upholding('2026-02-27'), A.reReviewHandler);
    expect(c.current.opinionDraft).toMatchObject({ signatures: [], supersededByHearingOn: null });
    signAll(c, '2026-02-27');
    c.step(issue('2026-02-27'), A.reReviewHandler);
    expect(c.status).toBe('terminated');
  });

  it('a draft written while the hearing is pending cannot be signed on after the record', () => {
    const c = inReReview();
    c.step(hearingNotice('2026-02-16', '2026-02-26'), A.reReviewHandler);
    c.step(upholding('2026-02-20'), A.reReviewHandler);
    c.step({ type: 'signOpinion', on: '2026-02-20' }, A.reReviewHandler);
    expect(refusalOf(c.try(issue('2026-02-25'), A.reReviewHandler)).code).toBe('HEARING_IN_PROGRESS');
    c.step(hearingRecord('2026-02-26'), A.reReviewHandler);
    expect(refusalOf(c.try({ type: 'signOpinion', on: '2026-02-26' }, A.reReviewHead))).toMatchObject({ code: 'OPINION_PREDATES_HEARING', guard: 'opinionFollowsHearing' });
  });

  it('judges by the order of events, not the day: a draft on the day of the record, after it, stands', () => {
    const c = inReReview();
    c.step(hearingNotice('2026-02-16', '2026-02-26'), A.reReviewHandler);
    c.step(hearingRecord('2026-02-26'), A.reReviewHandler);
    c.step(upholding('2026-02-26'), A.reReviewHandler);
    signAll(c, '2026-02-26');
    expect(c.try(issue('2026-02-26'), A.reReviewHandler).ok).toBe(true);
  });

  it('a hearing the petitioner withdrew heard nothing: the draft stands', () => {
    const c = inReReview();
    c.step(upholding('2026-02-12'), A.reReviewHandler);
    signAll(c, '2026-02-13');
    c.step(hearingNotice('2026-02-16', '2026-02-26'), A.reReviewHandler);
    c.step({ type: 'endHearing', on: '2026-02-20', record: '信访人书面撤回听证申请', withdrawn: true }, A.reReviewHandler);
    expect(c.try(issue('2026-02-21'), A.reReviewHandler).ok).toBe(true);
  });

  it('a draft stored before the rule existed is judged by its date', () => {
    const c = inReReview();
    c.step(upholding('2026-02-12'), A.reReviewHandler);
    signAll(c, '2026-02-13');
    c.step(hearingNotice('2026-02-16', '2026-02-26'), A.reReviewHandler);
    c.step(hearingRecord('2026-02-26'), A.reReviewHandler);
    const { supersededByHearingOn: _mark, ...oldDraft } = c.current.opinionDraft!;
    const stored: MatterState = { ...c.current, opinionDraft: oldDraft };
    expect(refusalOf(decide(stored, issue('2026-02-27'), ctx(A.reReviewHandler))).code).toBe('OPINION_PREDATES_HEARING');
  });
});

describe('Art. 35–36: the request carries the petitioner’s reasons', () => {
  it('refuses a review request without reasons and keeps the reasons given', () => {
    const c = delivered();
    const bare = refusalOf(c.try({ type: 'requestReview', on: '2025-12-20', reviewBodyId: REVIEW_BODY, reasons: '  ' }, A.system));
    expect(bare).toMatchObject({ code: 'VALIDATION', guard: 'appealReasonsGiven', article: '《信访工作条例》第三十五条' });
    expect(bare.messageZh).toContain('须写明请求复查的理由');
    c.step({ type: 'requestReview', on: '2025-12-20', reviewBodyId: REVIEW_BODY, reasons: '物业公司并未整改，处理意见与事实不符' }, A.system);
    expect(c.current.reviewRequestReasons).toBe('物业公司并未整改，处理意见与事实不符');
  });

  it('refuses a re-review request without reasons, citing Art. 36', () => {
    const bare = refusalOf(reviewed().try({ type: 'requestReReview', on: '2026-02-10', reReviewBodyId: RE_REVIEW_BODY, reasons: '' }, A.reReviewHandler));
    expect(bare).toMatchObject({ code: 'VALIDATION', guard: 'appealReasonsGiven', article: '《信访工作条例》第三十六条' });
    expect(inReReview().current.reReviewRequestReasons).toBe('复查意见未回应补偿标准');
  });
});

describe('维持 / 撤销 / 变更: the disposition agrees with the outcome', () => {
  /** Under review: the handling opinion was 解释说明 (testkit `delivered`). */
  function inReview(): Course {
    const c = delivered();
    c.step({ type: 'requestReview', on: '2025-12-20', reviewBodyId: REVIEW_BODY, reasons: '不服' }, A.reviewHandler);
    return c;
  }
  const draft = (outcome: 'support' | 'explain' | 'notSupport', disposition?: 'uphold' | 'revoke' | 'modify') => ({
    type: 'draftOpinion' as const,
    on: '2026-01-05',
    outcome,
    summary: '复查意见',
    ...(disposition ? { disposition } : {}),
  });

  it('an appeal opinion must state one', () => {
    expect(refusalOf(inReview().try(draft('explain'), A.reviewHandler))).toMatchObject({
      code: 'VALIDATION',
      guard: 'dispositionValid',
      messageZh: '复查意见须载明对原处理意见的处理：维持、撤销或变更',
    });
  });

  it('维持 keeps the outcome; 变更 needs another; 撤销 may give either', () => {
    const c = inReview();
    expect(refusalOf(c.try(draft('support', 'uphold'), A.reviewHandler))).toMatchObject({
      code: 'DISPOSITION_INCONSISTENT',
      messageZh: '维持原处理意见，处理结果应与原处理意见相同（解释说明）；结果不同的，请选择变更或撤销',
    });
    expect(refusalOf(c.try(draft('explain', 'modify'), A.reviewHandler))).toMatchObject({
      code: 'DISPOSITION_INCONSISTENT',
      messageZh: '变更原处理意见须作出与原结果（解释说明）不同的处理结果；结果相同的，请选择维持',
    });
    expect(c.try(draft('explain', 'uphold'), A.reviewHandler).ok).toBe(true);
    expect(c.try(draft('support', 'modify'), A.reviewHandler).ok).toBe(true);
    expect(c.try(draft('explain', 'revoke'), A.reviewHandler).ok).toBe(true);
    expect(c.try(draft('notSupport', 'revoke'), A.reviewHandler).ok).toBe(true);
  });

  it('a handling opinion has none', () => {
    expect(refusalOf(accepted().try({ ...draft('support', 'modify'), on: '2025-11-10' }, A.handler))).toMatchObject({
      guard: 'dispositionValid',
      messageZh: '处理意见不载明维持、撤销或变更：只有复查、复核意见对原意见作出处理',
    });
  });

  it('the issued opinion carries the signed disposition; the re-review judges against the review opinion', () => {
    const c = inReview();
    c.step(draft('support', 'modify'), A.reviewHandler);
    for (const who of [A.reviewHandler, A.reviewHead, A.reviewPrincipal]) c.step({ type: 'signOpinion', on: '2026-01-05' }, who);
    expect(refusalOf(c.try({ type: 'issueReviewOpinion', on: '2026-01-06', deliveredOn: '2026-01-06', disposition: 'uphold' }, A.reviewHandler)).guard).toBe('issuedMatchesDraft');
    const issued = c.step({ type: 'issueReviewOpinion', on: '2026-01-06', deliveredOn: '2026-01-06' }, A.reviewHandler);
    expect(issued.payload).toMatchObject({ outcome: 'support', disposition: 'modify' });
    expect(c.current.reviewOpinion).toMatchObject({ outcome: 'support', disposition: 'modify' });
    c.step({ type: 'requestReReview', on: '2026-01-10', reReviewBodyId: RE_REVIEW_BODY, reasons: '补偿金额仍不足' }, A.reReviewHandler);
    expect(refusalOf(c.try({ ...upholding('2026-01-11'), outcome: 'notSupport' }, A.reReviewHandler)).messageZh).toContain('原复查意见相同（予以支持）');
  });
});
