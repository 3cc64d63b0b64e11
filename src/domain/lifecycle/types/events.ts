import { COMMAND_TYPES, type CommandType } from './commands';

// ---------------------------------------------------------------------------------------------------------------
// Events
// ---------------------------------------------------------------------------------------------------------------

/** The past-tense event each command produces. */
export const EVENT_OF = {
  register: 'registered',
  classify: 'classified',
  sendBackRegistration: 'registrationSentBack',
  correctRegistration: 'registrationCorrected',
  forward: 'forwarded',
  assign: 'assigned',
  retain: 'retained',
  requestReturn: 'returnRequested',
  upholdReturn: 'returnUpheld',
  dismissReturn: 'returnDismissed',
  accept: 'accepted',
  reject: 'rejected',
  redirect: 'redirected',
  requestExtension: 'extensionRequested',
  extend: 'extended',
  refuseExtension: 'extensionRefused',
  convert: 'converted',
  recordInvestigation: 'investigationRecorded',
  recordAgreement: 'agreementRecorded',
  nameCaseLeader: 'caseLeaderNamed',
  checkItem: 'checklistItemChecked',
  draftOpinion: 'opinionDrafted',
  signOpinion: 'opinionSigned',
  reply: 'replied',
  recordDelivery: 'delivered',
  fileCompletionReport: 'completionReportFiled',
  approveCompletionReport: 'completionReportApproved',
  returnCompletionReport: 'completionReportReturned',
  evaluate: 'evaluated',
  requestReview: 'reviewRequested',
  issueReviewOpinion: 'reviewOpinionIssued',
  requestReReview: 'reReviewRequested',
  startHearing: 'hearingStarted',
  rescheduleHearing: 'hearingRescheduled',
  endHearing: 'hearingEnded',
  issueReReviewOpinion: 'reReviewOpinionIssued',
  publishReReviewOpinion: 'reReviewOpinionPublished',
  lapse: 'lapsed',
  recordRepeatPetition: 'repeatPetitionRecorded',
  joinPetition: 'petitionJoined',
  recordReception: 'receptionRecorded',
  flagDispatch: 'dispatchFlagged',
  supervise: 'supervised',
  replySupervision: 'supervisionReplied',
  assessSupervision: 'supervisionAssessed',
  escalateSupervision: 'supervisionEscalated',
} as const satisfies Record<CommandType, string>;

export type EventType = (typeof EVENT_OF)[CommandType];

export const EVENT_TYPES = COMMAND_TYPES.map((c) => EVENT_OF[c]) as readonly EventType[];

export const COMMAND_OF_EVENT = Object.fromEntries(COMMAND_TYPES.map((c) => [EVENT_OF[c], c])) as Readonly<
  Record<EventType, CommandType>
>;
