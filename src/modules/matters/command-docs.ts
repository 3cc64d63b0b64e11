import { COMMAND_LABELS, type CommandType, type PETITION_COMMANDS } from '../../domain/lifecycle';

/**
 * The fields of each command as the API documentation's table shows them (OpenAPI description of POST
 * /matters/:id/commands), with what the schema cannot say (which field is required when). The shapes themselves are
 * validated by the command union (./schemas.ts), which the OpenAPI document also publishes; whether a command is
 * allowed is the lifecycle engine's (its guards answer in Chinese with the article). Its type makes it name every
 * command a matter accepts: a new command does not compile until it is documented here.
 */
export const COMMAND_FIELDS: Readonly<Record<Exclude<CommandType, (typeof PETITION_COMMANDS)[number]>, string>> = {
  classify: 'purpose (consultation|suggestion|appeal|request|accusation|other), categoryPath (1–3 codes of GET /classification), art31Route (appeal/request only)',
  sendBackRegistration: 'reason',
  correctRegistration: 'changes {title?, content?, respondent?, place?, regionCode?}, note?',
  forward: 'toBodyId, note?',
  assign: 'toBodyId, dueOn (YYYY-MM-DD, after the act), note?',
  retain: 'note?',
  requestReturn: 'reason (within 5 working days of receipt)',
  upholdReturn: 'note?',
  dismissReturn: 'reason',
  accept: "procedure 'ordinary' | 'simple' with eligibilityBasis (factsClear|consultation|timeSensitive|alreadyCommitted|other; other needs eligibilityReason), likelyNotSupported, statutoryProcedureAvailable, multipleBodies (booleans)",
  reject: 'reasonCode (GET /rejection-reasons), reason, article? (filled from the ground)',
  redirect: 'channel (legalAffairs|discipline|statutoryProcedure), toBodyId, reason?',
  requestExtension: 'days (total ≤ 30), reason (told to the petitioner) — the handler asks the body’s head (Art. 34); one pending request at a time',
  extend: 'days? (≤ the days asked; default: all of them), reason? (default: the request’s), approvedBy? — a head (主要负责人 or 分管领导) of the responsible body approves the pending request; extends the handling clock and issues the 延期办理告知书',
  refuseExtension: 'reason — a head of the responsible body refuses the pending request; the time limit stays',
  convert: 'reason, approvedBy?',
  recordInvestigation: 'kind (talk|siteVisit|documentReview|meeting), summary, participants?',
  recordAgreement: 'kind (mediation|settlement), summary, parties? (Art. 33)',
  nameCaseLeader: 'name, title? (包案领导)',
  checkItem: 'item (a key of GET /settings/first-petition-checklist), note? — first-time petitions only',
  draftOpinion: 'outcome (support|explain|notSupport), summary, request?, facts?, legalBasis? (printed in the 处理意见书, or under appeal the 复查 / 复核意见书); under appeal also disposition (uphold|revoke|modify: 维持 keeps the reviewed outcome, 变更 gives another, 撤销 either); redrafting restarts the signatures',
  signOpinion: 'comment? — the next step of the sign-off chain (GET /matters/:id shows it), each by a different person holding the step’s position (承办人 / 分管领导 / 主要负责人) in the body giving the opinion',
  reply: '— issues the fully signed draft as the 处理意见书 (outcome/summary, if sent, must be the draft’s)',
  recordDelivery: 'method (inPerson|post|sms|online); `on` is the delivery date',
  fileCompletionReport: 'summary?',
  approveCompletionReport: 'note?',
  returnCompletionReport: 'reason',
  evaluate: 'rating (satisfied|basicallySatisfied|dissatisfied), comment?',
  requestReview: 'reasons (why the petitioner disagrees: shown to the review body, printed in the 复查意见书), reviewBodyId? (default: one level above the handling body, GET /matters/:id/appeal-body?stage=review; a given id must be one of its candidates)',
  issueReviewOpinion: 'deliveredOn — issues the review body’s fully signed draft (draftOpinion / signOpinion under review) as the 复查意见书; outcome/summary/disposition, if sent, must be the draft’s',
  requestReReview: 'reasons, reReviewBodyId? (default: one level above the review body, GET /matters/:id/appeal-body?stage=reReview; a given id must be one of its candidates)',
  startHearing:
    "heldOn (the hearing day, not before `on`, the notice's date), time? (HH:MM), place, presidingOfficer, officers [{name, affiliation?, proposedBy: petitioner|body}] (≥ 1), petitionerAgreed (must be true: 共同选定), participants? [{name, role: petitioner|agent|interestedParty|handlingStaff|other}], closedReason? (not public) — issues the 听证通知书; the re-review clock stops counting",
  rescheduleHearing: 'heldOn (not before `on`), time?, place?, reason — a hearing notified and not yet recorded moves (听证改期); a new 听证通知书 goes out; the clock stays paused',
  endHearing: 'record (听证笔录), conclusion, petitionerAttended (boolean); or withdrawn: true with record saying how — issues the 听证笔录; the clock counts again',
  issueReReviewOpinion: 'deliveredOn — issues the re-review body’s fully signed draft as the 复核意见书 (no hearing open; a draft that predates the latest hearing record is drafted again first: OPINION_PREDATES_HEARING); outcome/summary/disposition, if sent, must be the draft’s',
  publishReReviewOpinion: 'text (the published wording, without personal details) — only an opinion reached through a hearing (Art. 36 ¶2)',
  lapse: '— (scheduler only)',
  recordReception: 'kind (assistance|legalExplanation|counselling), note?',
  flagDispatch: 'reason',
  supervise:
    'method (online|onSite|phone|letter|interview), letterKind (supervisionLetter|reminderLetter|adviceLetter|null), reason, replyDueOn, listed?, listedDueOn? (listed only), dutyCheck?',
  replySupervision: 'summary (the supervised body only)',
  assessSupervision: "verdict (satisfactory|unsatisfactory), note (required when unsatisfactory), replyDueOn (the new date, unsatisfactory only)",
  escalateSupervision: 'toLeader, reason',
};

/** A Markdown table of the commands, their Chinese names and fields, for the OpenAPI description. */
export function commandTable(): string {
  const rows = Object.entries(COMMAND_FIELDS).map(([type, fields]) => `| \`${type}\` | ${COMMAND_LABELS[type as CommandType]} | ${fields} |`);
  return ['| type | 名称 | fields (besides `type` and the optional legal date `on`) |', '|---|---|---|', ...rows].join('\n');
}
