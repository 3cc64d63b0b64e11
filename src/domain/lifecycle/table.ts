import * as c from './clock-rules';
import type { ClockRule } from './clock-rules';
import * as g from './guards';
import type { Guard } from './guards';
import { COMMAND_TYPES, type Command, type CommandOf, type CommandType, type MatterState, type MatterStatus } from './types';

/**
 * THE TRANSITION TABLE: for each status, the commands allowed, the guards they must pass (in order), the status they
 * lead to and what they do to the clocks. Read it top to bottom against 《信访工作条例》 Art. 19–37.
 *
 * - A (status, command) pair that is not listed is refused with INVALID_TRANSITION.
 * - Before its own guards every step passes the date guards (COMMON_GUARDS): a real date, not in the future, not
 *   before the previous event.
 * - Guards run in order; the first refusal is returned. Who acts is checked before what the statute requires.
 * - `to: 'unchanged'` keeps the status (extend, convert, delivery, completion report, hearings, repeat petitions…).
 * - `evolve` reads `to` from this table too, so deciding and replaying cannot disagree.
 */

export interface Transition<C extends Command = Command, S extends MatterState | null = MatterState> {
  /** The provisions the step rests on. */
  article: string;
  guards: readonly Guard<C, S>[];
  to: MatterStatus | 'unchanged';
  clocks: readonly ClockRule<C, S>[];
}

export type StatusTable = {
  readonly [S in MatterStatus]: { readonly [T in CommandType]?: Transition<CommandOf<T>> };
};

/** Checked first for every command, including `register`. */
export const COMMON_GUARDS: readonly Guard<Command, MatterState | null>[] = [g.onIsDate, g.onNotInFuture, g.onNotBeforeLastEvent];

/** Art. 21–23 (信访必登): the only step from nothing. */
export const INITIAL: Transition<CommandOf<'register'>, null> = {
  article: '《信访工作条例》第二十一条、第二十二条、第二十三条第一款',
  guards: [g.isRegistrar, g.factsValid, g.archivedOutcomeValid, g.levelSkippingFindingValid],
  to: 'registered',
  clocks: [c.startReceiptClock],
};

// ----- steps used in several statuses -----------------------------------------------------------------------------

/** Art. 22 (信访必登) and Art. 36 ¶3 (after re-review: 不再受理, the event says refusedAgain). Any status. */
const recordRepeatPetition: Transition<CommandOf<'recordRepeatPetition'>> = {
  article: '《信访工作条例》第二十二条、第三十六条第三款',
  guards: [g.mayRecordRepeatPetition, g.repeatPetitionValid],
  to: 'unchanged',
  clocks: [],
};

/** Art. 22 (信访必登): another petitioner of a collective matter petitions on it; same rules, not counted as a repeat. */
const joinPetition: Transition<CommandOf<'joinPetition'>> = {
  article: '《信访工作条例》第二十二条',
  guards: [g.mayRecordRepeatPetition, g.repeatPetitionValid],
  to: 'unchanged',
  clocks: [],
};

/** Art. 22 (一)(二), 23 ¶1: forward to the body with authority; the body's own 15 days and 5 working days start. */
const forward: Transition<CommandOf<'forward'>> = {
  article: '《信访工作条例》第二十二条第一款第一项、第二项，第二十三条；第二十九条至第三十一条（先依法分类）',
  guards: [g.isDispatcher, g.classifiedByLaw, g.notForOtherStatutoryProcedure, g.dispatchTargetValid],
  to: 'dispatched',
  clocks: [c.stopClock('dispatch'), c.stopClock('acceptanceNotice'), c.startClock('acceptanceNotice', 'acceptanceNotice'), c.startClock('returnWindow', 'returnWindow')],
};

/** Art. 22 (三): assign with a set deadline and a required completion report. */
const assign: Transition<CommandOf<'assign'>> = {
  article: '《信访工作条例》第二十二条第一款第三项，第二十三条；第二十九条至第三十一条（先依法分类）',
  guards: [g.isDispatcher, g.classifiedByLaw, g.notForOtherStatutoryProcedure, g.dispatchTargetValid, g.assignmentDueAfterDispatch],
  to: 'dispatched',
  clocks: [
    c.stopClock('dispatch'),
    c.stopClock('acceptanceNotice'),
    c.startClock('acceptanceNotice', 'acceptanceNotice'),
    c.startClock('returnWindow', 'returnWindow'),
    c.startAssignmentClock,
  ],
};

/** Art. 22: the bureau keeps a matter within its own remit (本级办理) and answers as a directly receiving body would. */
const retain: Transition<CommandOf<'retain'>> = {
  article: '《信访工作条例》第二十二条、第二十三条第二款；第二十九条至第三十一条（先依法分类）',
  guards: [g.isDispatcher, g.registeredByBureau, g.notYetRouted, g.classifiedByLaw, g.notForOtherStatutoryProcedure],
  to: 'unchanged',
  clocks: [c.stopClock('dispatch'), c.startAcceptanceNoticeFromReceipt],
};

/** Art. 29–31: classification by the acceptance office, corrected by the responsible body while it handles. */
const classify: Transition<CommandOf<'classify'>> = {
  article: '《信访工作条例》第二十九条、第三十条、第三十一条',
  guards: [g.isDispatcherOrResponsibleStaff, g.classificationValid],
  to: 'unchanged',
  clocks: [],
};

/** Seed 000 (互相监督): an irregular registration goes back to the desk; the statutory clocks keep running. */
const sendBackRegistration: Transition<CommandOf<'sendBackRegistration'>> = {
  article: '《信访工作条例》第二十二条；本平台设置（互相监督）',
  guards: [g.isAcceptanceOfficer, g.registrationNotQueried, g.reasonGiven],
  to: 'unchanged',
  clocks: [],
};

const correctRegistration: Transition<CommandOf<'correctRegistration'>> = {
  article: '《信访工作条例》第二十二条',
  guards: [g.isRegistrarOfMatter, g.changesValid],
  to: 'unchanged',
  clocks: [],
};

/**
 * Seed 003 (签批): the next person of the chain signs the opinion being drafted — the responsible body's while handling,
 * the review or re-review body's under appeal (guards.opinionGiver).
 */
const signOpinion: Transition<CommandOf<'signOpinion'>> = {
  article: '《信访工作条例》第三十二条；本平台设置（签批流程）',
  guards: [g.isSignOffSigner, g.opinionFollowsHearing],
  to: 'unchanged',
  clocks: [],
};

/** Art. 38, seed 000 (互相监督): the supervision office flags a dispatch as imprecise; it changes nothing else. */
const flagDispatch: Transition<CommandOf<'flagDispatch'>> = {
  article: '《信访工作条例》第三十八条；本平台设置（互相监督）',
  guards: [g.isBureauSupervisor, g.hasBeenRouted, g.reasonGiven],
  to: 'unchanged',
  clocks: [],
};

/** Art. 23 ¶2–3, 31 (六), 34; simple-procedure rules. Acceptance stops the notice and objection clocks. */
const accept: Transition<CommandOf<'accept'>> = {
  article: '《信访工作条例》第二十三条、第二十九条至第三十一条、第三十四条；《信访事项简易办理办法（试行）》',
  guards: [
    g.hasResponsibleBody,
    g.isResponsibleStaff,
    g.classifiedByLaw,
    g.notForOtherStatutoryProcedure,
    g.procedureValid,
    g.simpleOtherBasisReasoned,
    g.simpleOnlyForFirstPetition,
    g.simpleNotForHigherLevelAssignment,
    g.simpleNotForCollective,
    g.simpleNotForMultipleBodies,
    g.simpleNotIfLikelyUnsupported,
    g.simpleNotIfStatutoryProcedure,
    g.simpleDecidedInTime,
  ],
  to: 'accepted',
  clocks: [c.stopClock('acceptanceNotice'), c.stopClock('returnWindow'), c.startHandlingClock],
};

/** Art. 19 ¶3, 23 ¶1: not accepted (不予受理), with ground and provision. */
const rejectOnReceipt: Transition<CommandOf<'reject'>> = {
  article: '《信访工作条例》第十九条第三款、第二十三条第一款',
  guards: [g.isDispatcherOrResponsibleStaff, g.rejectionGrounded, g.levelSkippingFound],
  to: 'rejected',
  clocks: [c.stopAllClocks],
};

/** Art. 22 ¶2, 28 ¶2, 30, 31 (一): litigation to the legal-affairs channel, accusations to discipline (诉访分离). */
const redirectOnReceipt: Transition<CommandOf<'redirect'>> = {
  article: '《信访工作条例》第二十二条第二款、第二十八条第二款、第三十条',
  guards: [g.isDispatcherOrResponsibleStaff, g.redirectTargetValid],
  to: 'redirected',
  clocks: [c.stopAllClocks],
};

/** Art. 22 (三): the assigned body reports completion to the bureau (after its reply). */
const fileCompletionReport: Transition<CommandOf<'fileCompletionReport'>> = {
  article: '《信访工作条例》第二十二条第一款第三项',
  guards: [g.isResponsibleStaff, g.isAssigned, g.completionReportOutstanding],
  to: 'unchanged',
  clocks: [c.stopClock('assignment')],
};

const approveCompletionReport: Transition<CommandOf<'approveCompletionReport'>> = {
  article: '《信访工作条例》第二十二条第一款第三项、第三十八条',
  guards: [g.isAssigningBureauStaff, g.isAssigned, g.completionReportFiled],
  to: 'unchanged',
  clocks: [],
};

/** Art. 22 (三), 38: the bureau sends the matter back to handling; the reply is withdrawn, the original limits bind. */
const returnCompletionReport: Transition<CommandOf<'returnCompletionReport'>> = {
  article: '《信访工作条例》第二十二条第一款第三项、第三十八条',
  guards: [g.isAssigningBureauStaff, g.isAssigned, g.completionReportFiled, g.reasonGiven],
  to: 'accepted',
  clocks: [c.stopClock('reviewRequestWindow'), c.stopClock('evaluationWindow'), c.reopenClock('handling'), c.reopenClock('assignment')],
};

/** Art. 21 ¶2; practice: the petitioner rates the reply within the evaluation window. */
function evaluate(to: MatterStatus | 'unchanged'): Transition<CommandOf<'evaluate'>> {
  return {
    article: '《信访工作条例》第二十一条第二款；本平台设置（评价期限）',
    guards: [g.isEvaluationRecorder, g.replyDelivered, g.notYetEvaluated, g.withinEvaluationWindow, g.ratingValid],
    to,
    clocks: [c.stopClock('evaluationWindow')],
  };
}

/** Art. 35: review within 30 days of receiving the written reply; the reviewer decides within 30 days of the request. */
const requestReview: Transition<CommandOf<'requestReview'>> = {
  article: '《信访工作条例》第三十五条',
  guards: [g.mayReceiveAppeal, g.atRequestedReviewBody, g.replyDelivered, g.withinReviewRequestWindow, g.reviewBodyIsNotHandler, g.appealReasonsGiven],
  to: 'review',
  clocks: [c.stopClock('reviewRequestWindow'), c.startClock('reviewDecision', 'reviewDecision')],
};

/** Art. 35: the review window passed unused. */
const lapseReview: Transition<CommandOf<'lapse'>> = {
  article: '《信访工作条例》第三十五条',
  guards: [g.isSystem, g.reviewRequestWindowPassed],
  to: 'concluded',
  clocks: [c.stopClock('reviewRequestWindow')],
};

/** Art. 40 (督办), Art. 39 ¶3 (挂牌督办): a letter with a reply date; the matter's own course is untouched. */
const supervise: Transition<CommandOf<'supervise'>> = {
  article: '《信访工作条例》第三十九条第三款、第四十条',
  guards: [g.isSupervisor, g.noSupervisionOpen, g.reasonGiven, g.supervisionValid],
  to: 'unchanged',
  clocks: [c.startSupervisionClocks],
};

/** Art. 40 ¶4: the supervised body answers in writing. */
const replySupervision: Transition<CommandOf<'replySupervision'>> = {
  article: '《信访工作条例》第四十条第四款',
  guards: [g.isSupervisedBodyStaff, g.supervisionAwaitingReply, g.supervisionReplyValid],
  to: 'unchanged',
  clocks: [c.stopClock('supervisionReply')],
};

const assessSupervision: Transition<CommandOf<'assessSupervision'>> = {
  article: '《信访工作条例》第四十条',
  guards: [g.isSupervisingOffice, g.supervisionReplied, g.assessmentValid],
  to: 'unchanged',
  clocks: [c.afterAssessment],
};

/** Art. 38 ¶2: important problems go up to the leadership. */
const escalateSupervision: Transition<CommandOf<'escalateSupervision'>> = {
  article: '《信访工作条例》第三十八条第二款、第四十条',
  guards: [g.isSupervisingOffice, g.supervisionOpen, g.escalationValid, g.reasonGiven],
  to: 'unchanged',
  clocks: [],
};

/** The handling workspace: records of what the responsible body did, while it handles (and, for 见面答复, after). */
const recordInvestigation: Transition<CommandOf<'recordInvestigation'>> = {
  article: '《信访工作条例》第三十一条第六项',
  guards: [g.isResponsibleStaff, g.investigationValid],
  to: 'unchanged',
  clocks: [],
};
const recordAgreement: Transition<CommandOf<'recordAgreement'>> = {
  article: '《信访工作条例》第三十三条',
  guards: [g.isResponsibleStaff, g.agreementValid],
  to: 'unchanged',
  clocks: [],
};
const nameCaseLeader: Transition<CommandOf<'nameCaseLeader'>> = {
  article: '本平台设置（领导干部包案）',
  guards: [g.isResponsibleStaff, g.caseLeaderValid],
  to: 'unchanged',
  clocks: [],
};
const checkItem: Transition<CommandOf<'checkItem'>> = {
  article: '本平台设置（初次信访“双签双核两见面一现场”）',
  guards: [g.isResponsibleStaff, g.checklistItemValid],
  to: 'unchanged',
  clocks: [],
};
const WORKSPACE = { recordInvestigation, recordAgreement, nameCaseLeader, checkItem } as const;

/** A supervision runs beside the course: opened in any status but 依法终结 (not supervised), answered in every one. */
const SUPERVISION = { supervise, replySupervision, assessSupervision, escalateSupervision } as const;
const SUPERVISION_CLOSING = { replySupervision, assessSupervision, escalateSupervision } as const;

// ----- the table -------------------------------------------------------------------------------------------------

export const TABLE: StatusTable = {
  // 已登记. Art. 22: the bureau dispatches within 15 days. Art. 23 ¶1–2: a body receiving directly accepts, forwards
  // to a lower body of its system, or tells the petitioner where to go; either way it answers within 15 days.
  registered: {
    classify,
    sendBackRegistration,
    correctRegistration,
    forward,
    assign,
    retain,
    accept,
    reject: rejectOnReceipt,
    redirect: redirectOnReceipt,
    flagDispatch,
    recordRepeatPetition,
    joinPetition,
    ...SUPERVISION,
  },

  // 已转送/交办. Art. 23 ¶3: tell the petitioner within 15 days of receipt, or object within 5 working days.
  dispatched: {
    requestReturn: {
      article: '《信访工作条例》第二十三条第三款',
      guards: [g.isResponsibleStaff, g.withinReturnWindow, g.reasonGiven],
      to: 'returnRequested',
      clocks: [c.stopClock('returnWindow')],
    },
    accept,
    reject: { ...rejectOnReceipt, guards: [g.isResponsibleStaff, g.rejectionGrounded, g.levelSkippingFound] },
    redirect: { ...redirectOnReceipt, guards: [g.isResponsibleStaff, g.redirectTargetValid] },
    classify,
    flagDispatch,
    recordRepeatPetition,
    joinPetition,
    ...SUPERVISION,
  },

  // 申请退回中. Art. 23 ¶3: "经转送、交办的信访部门……核实同意后，交还相关材料".
  returnRequested: {
    upholdReturn: {
      article: '《信访工作条例》第二十三条第三款',
      guards: [g.isDispatcher],
      to: 'registered',
      // The body's clocks stop; the registering body's receipt clock restarts from the ORIGINAL receipt date.
      clocks: [c.stopAllClocks, c.startReceiptClock],
    },
    dismissReturn: {
      article: '《信访工作条例》第二十三条第三款',
      guards: [g.isDispatcher, g.reasonGiven],
      to: 'dispatched',
      // The acceptance notice clock never stopped: the body's 15 days still count from its receipt.
      clocks: [],
    },
    classify,
    flagDispatch,
    recordRepeatPetition,
    joinPetition,
    ...SUPERVISION,
  },

  // 办理中. Art. 31 (六), 32, 34: handle within 60 days (simple: 10 working days), extend ≤ 30 days with the head's
  // approval, issue the handling opinion.
  accepted: {
    // 申请延期 → 批准 / 不予批准: the handler asks, a head of the body decides; only the approval moves the clock.
    requestExtension: {
      article: '《信访工作条例》第三十四条',
      guards: [g.isResponsibleStaff, g.ordinaryProcedureOnly, g.handlingClockRunning, g.extensionRemaining, g.noExtensionRequestPending, g.extensionDaysValid, g.extensionWithinMaximum, g.reasonGiven],
      to: 'unchanged',
      clocks: [],
    },
    extend: {
      article: '《信访工作条例》第三十四条',
      guards: [g.isExtensionApprover, g.ordinaryProcedureOnly, g.handlingClockRunning, g.extensionRequested, g.extensionRemaining, g.extensionDaysValid, g.extensionWithinRequest, g.extensionWithinMaximum],
      to: 'unchanged',
      clocks: [c.extendHandlingClock],
    },
    refuseExtension: {
      article: '《信访工作条例》第三十四条',
      guards: [g.isExtensionApprover, g.extensionRequested, g.reasonGiven],
      to: 'unchanged',
      clocks: [],
    },
    convert: {
      article: '《信访事项简易办理办法（试行）》',
      guards: [g.isResponsibleHead, g.simpleProcedureOnly, g.handlingClockRunning, g.reasonGiven],
      to: 'unchanged',
      clocks: [c.restartHandlingAsOrdinary],
    },
    draftOpinion: {
      article: '《信访工作条例》第三十二条',
      guards: [g.isResponsibleStaff, g.opinionValid, g.dispositionValid],
      to: 'unchanged',
      clocks: [],
    },
    signOpinion,
    reply: {
      article: '《信访工作条例》第三十一条第六项、第三十二条',
      guards: [g.isResponsibleStaff, g.opinionSignedOff, g.issuedMatchesDraft],
      to: 'replied',
      clocks: [c.stopClock('handling')],
    },
    redirect: {
      article: '《信访工作条例》第二十八条第二款、第三十一条第一项',
      guards: [g.isResponsibleStaff, g.redirectTargetValid],
      to: 'redirected',
      clocks: [c.stopAllClocks],
    },
    classify,
    flagDispatch,
    recordRepeatPetition,
    joinPetition,
    ...WORKSPACE,
    ...SUPERVISION,
  },

  // 已答复. Art. 35: delivery starts the 30-day review window (and, in practice, the evaluation window).
  replied: {
    recordDelivery: {
      article: '《信访工作条例》第三十二条、第三十五条',
      guards: [g.isResponsibleStaff, g.notYetDelivered, g.deliveryMethodValid],
      to: 'unchanged',
      clocks: [c.startClock('reviewRequestWindow', 'reviewRequestWindow'), c.startClock('evaluationWindow', 'evaluationWindow')],
    },
    fileCompletionReport,
    approveCompletionReport,
    returnCompletionReport,
    evaluate: evaluate('evaluated'),
    requestReview,
    lapse: lapseReview,
    flagDispatch,
    recordRepeatPetition,
    joinPetition,
    ...WORKSPACE,
    ...SUPERVISION,
  },

  // 已评价: the review window may still be open. A second evaluation is refused as such (ALREADY_EVALUATED), as in
  // every later status, not as a step this status lacks.
  evaluated: {
    evaluate: evaluate('unchanged'),
    fileCompletionReport,
    approveCompletionReport,
    returnCompletionReport,
    requestReview,
    lapse: lapseReview,
    flagDispatch,
    recordRepeatPetition,
    joinPetition,
    ...SUPERVISION,
  },

  // 复查中. Art. 35: the review body decides within 30 days of the request and answers in writing.
  review: {
    draftOpinion: {
      article: '《信访工作条例》第三十五条',
      guards: [g.isReviewBodyStaff, g.opinionValid, g.dispositionValid],
      to: 'unchanged',
      clocks: [],
    },
    signOpinion,
    issueReviewOpinion: {
      article: '《信访工作条例》第三十五条',
      guards: [g.isReviewBodyStaff, g.opinionSignedOff, g.issuedMatchesDraft, g.appealOpinionValid],
      to: 'reviewed',
      clocks: [c.stopClock('reviewDecision'), c.startReReviewRequestWindow],
    },
    evaluate: evaluate('unchanged'),
    fileCompletionReport,
    approveCompletionReport,
    flagDispatch,
    recordRepeatPetition,
    joinPetition,
    ...SUPERVISION,
  },

  // 已复查. Art. 36 ¶1: re-review within 30 days of receiving the review opinion.
  reviewed: {
    requestReReview: {
      article: '《信访工作条例》第三十六条第一款',
      guards: [g.mayReceiveAppeal, g.atRequestedReReviewBody, g.withinReReviewRequestWindow, g.reReviewBodyIsNotReviewer, g.appealReasonsGiven],
      to: 'reReview',
      clocks: [c.stopClock('reReviewRequestWindow'), c.startClock('reReviewDecision', 'reReviewDecision')],
    },
    lapse: {
      article: '《信访工作条例》第三十六条第一款',
      guards: [g.isSystem, g.reReviewRequestWindowPassed],
      to: 'concluded',
      clocks: [c.stopClock('reReviewRequestWindow')],
    },
    evaluate: evaluate('unchanged'),
    fileCompletionReport,
    approveCompletionReport,
    flagDispatch,
    recordRepeatPetition,
    joinPetition,
    ...SUPERVISION,
  },

  // 复核中. Art. 36: decide within 30 days; a hearing (Art. 31 (六)) may be held and its time is not counted.
  reReview: {
    startHearing: {
      article: '《信访工作条例》第三十六条第二款',
      guards: [g.isReReviewBodyStaff, g.noHearingInProgress, g.hearingPlanValid],
      to: 'unchanged',
      clocks: [c.pauseClock('reReviewDecision')],
    },
    rescheduleHearing: {
      article: '《信访工作条例》第三十六条第二款',
      guards: [g.isReReviewBodyStaff, g.hearingInProgress, g.hearingRescheduleValid],
      to: 'unchanged',
      clocks: [],
    },
    endHearing: {
      article: '《信访工作条例》第三十六条第二款',
      guards: [g.isReReviewBodyStaff, g.hearingInProgress, g.hearingRecordValid],
      to: 'unchanged',
      clocks: [c.resumeClock('reReviewDecision')],
    },
    draftOpinion: {
      article: '《信访工作条例》第三十六条',
      guards: [g.isReReviewBodyStaff, g.opinionValid, g.dispositionValid],
      to: 'unchanged',
      clocks: [],
    },
    signOpinion,
    issueReReviewOpinion: {
      article: '《信访工作条例》第三十六条',
      guards: [g.isReReviewBodyStaff, g.noHearingInProgress, g.opinionFollowsHearing, g.opinionSignedOff, g.issuedMatchesDraft, g.appealOpinionValid],
      to: 'terminated',
      clocks: [c.stopClock('reReviewDecision')],
    },
    evaluate: evaluate('unchanged'),
    fileCompletionReport,
    approveCompletionReport,
    flagDispatch,
    recordRepeatPetition,
    joinPetition,
    ...SUPERVISION,
  },

  // 已办结: no appeal in time. A late evaluation window or completion report may still close.
  concluded: {
    evaluate: evaluate('unchanged'),
    fileCompletionReport,
    approveCompletionReport,
    flagDispatch,
    recordRepeatPetition,
    joinPetition,
    ...SUPERVISION,
  },

  // 依法终结. Art. 36 ¶3: not accepted again (repeat petitions are recorded with refusedAgain: true);
  // Art. 37 ¶3: petitioners are still received and helped.
  terminated: {
    publishReReviewOpinion: {
      article: '《信访工作条例》第三十六条第二款',
      guards: [g.isReReviewBodyStaff, g.publishable, g.publicationTextValid],
      to: 'unchanged',
      clocks: [],
    },
    recordReception: {
      article: '《信访工作条例》第三十七条第三款',
      guards: [g.isReceptionStaff, g.receptionKindValid],
      to: 'unchanged',
      clocks: [],
    },
    fileCompletionReport,
    approveCompletionReport,
    flagDispatch,
    recordRepeatPetition,
    joinPetition,
    ...SUPERVISION_CLOSING,
  },

  // 不予受理 / 已导入法定途径: the petition course ends here; repeats are still registered (信访必登).
  rejected: { flagDispatch, recordRepeatPetition, joinPetition, ...SUPERVISION },
  redirected: { flagDispatch, recordRepeatPetition, joinPetition, ...SUPERVISION },
};

/** The step for (status, command), or undefined when the table has none. */
export function transitionFor(status: MatterStatus, type: CommandType): Transition | undefined {
  // The mapped type pairs each command with its own Transition<T>; reading it by a runtime key widens it, which is
  // sound because decide only calls it with a command of that same type.
  return (TABLE[status] as Partial<Record<CommandType, Transition>>)[type];
}

/** The commands the table lists for a status, in COMMAND_TYPES order. */
export function commandsIn(status: MatterStatus): CommandType[] {
  const entries = TABLE[status];
  return COMMAND_TYPES.filter((t) => entries[t] !== undefined);
}
