// ---------------------------------------------------------------------------------------------------------------
// Statuses
// ---------------------------------------------------------------------------------------------------------------

export const MATTER_STATUSES = [
  /** 已登记: registered, awaiting dispatch by the bureau (or a decision by the body that received it directly). */
  'registered',
  /** 申请退回中: the responsible body objected that the matter is outside its remit (Art. 23 ¶3). */
  'returnRequested',
  /** 已转送/交办: with the responsible body, not yet accepted. */
  'dispatched',
  /** 办理中: accepted and under handling (simple or ordinary procedure). */
  'accepted',
  /** 已答复: handling opinion issued; delivery is recorded separately (`deliveredOn`). */
  'replied',
  /** 已评价: the petitioner evaluated the reply; the review window may still be open. */
  'evaluated',
  /** 复查中 (Art. 35). */
  'review',
  /** 已复查: review opinion delivered, re-review window open (Art. 36). */
  'reviewed',
  /** 复核中 (Art. 36). */
  'reReview',
  /** 已办结: a stage ended and no further appeal was made in time. */
  'concluded',
  /** 依法终结: re-review done, roadmap completed, in the terminated registry; not accepted again (Art. 36 ¶3). */
  'terminated',
  /** 不予受理. */
  'rejected',
  /** 已导入法定途径: sent to the legal-affairs or discipline channel (诉访分离, Art. 22 ¶2, 28 ¶2, 30). */
  'redirected',
] as const;
export type MatterStatus = (typeof MATTER_STATUSES)[number];
