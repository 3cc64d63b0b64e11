import { isIsoDate } from '../../calendar';
import type { CommandOf } from '../types';
import { ART, guard, insideWindow, invalid, nonEmpty, windowPassed } from './common';

// ---------------------------------------------------------------------------------------------------------------
// Review and re-review (Art. 35–36)
// ---------------------------------------------------------------------------------------------------------------

/** Art. 35: review requested within 30 days of receiving the written reply (day 31 is refused). */
export const withinReviewRequestWindow = guard('withinReviewRequestWindow', { article: ART.a35 }, (ctx) =>
  insideWindow(ctx, 'reviewRequestWindow', 'REVIEW_WINDOW_CLOSED', { zh: '请求复查', en: 'request a review' }),
);

/** Art. 35: the reviewer is the body one level above the handler (resolved by the service), never the handler. */
export const reviewBodyIsNotHandler = guard<CommandOf<'requestReview'>>('reviewBodyIsNotHandler', { article: ART.a35, usesPayload: true }, ({ command, state }) =>
  nonEmpty(command.reviewBodyId) && command.reviewBodyId !== state.responsibleBodyId
    ? true
    : invalid('复查机关应为原办理机关的上一级机关', 'the review body must be above the handling body'),
);

/** Art. 35, 36: the opinion's delivery date lies between its issue and today (its outcome is the signed draft's). */
export const appealOpinionValid = guard<CommandOf<'issueReviewOpinion' | 'issueReReviewOpinion'>>(
  'appealOpinionValid',
  { usesPayload: true },
  ({ command, on, today }) => {
    if (!isIsoDate(command.deliveredOn)) return invalid(`送达日期无效：${command.deliveredOn}`, 'deliveredOn is not a date');
    if (command.deliveredOn < on) return invalid('送达日期不能早于出具日期', 'delivered before it was issued');
    if (command.deliveredOn > today) return { code: 'DATE_IN_FUTURE', messageZh: `送达日期${command.deliveredOn}晚于今天`, message: 'deliveredOn is in the future' };
    return true;
  },
);

/** Art. 36 ¶1: re-review requested within 30 days of receiving the review opinion. */
export const withinReReviewRequestWindow = guard('withinReReviewRequestWindow', { article: ART.a36 }, (ctx) =>
  insideWindow(ctx, 'reReviewRequestWindow', 'RE_REVIEW_WINDOW_CLOSED', { zh: '请求复核', en: 'request a re-review' }),
);

/** Art. 36 ¶1: the re-review body is above the reviewer, never the reviewer itself. */
export const reReviewBodyIsNotReviewer = guard<CommandOf<'requestReReview'>>(
  'reReviewBodyIsNotReviewer',
  { article: ART.a36, usesPayload: true },
  ({ command, state }) =>
    nonEmpty(command.reReviewBodyId) && command.reReviewBodyId !== state.reviewBodyId && command.reReviewBodyId !== state.responsibleBodyId
      ? true
      : invalid('复核机关应为复查机关的上一级机关', 'the re-review body must be above the review body'),
);

/** Art. 35: the review window passed unused → the matter concludes. */
export const reviewRequestWindowPassed = guard('reviewRequestWindowPassed', { article: ART.a35 }, (ctx) => windowPassed(ctx, 'reviewRequestWindow'));

/** Art. 36 ¶1: the re-review window passed unused → the matter concludes. */
export const reReviewRequestWindowPassed = guard('reReviewRequestWindowPassed', { article: ART.a36 }, (ctx) =>
  windowPassed(ctx, 'reReviewRequestWindow'),
);
