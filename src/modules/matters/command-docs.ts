import { COMMAND_LABELS, type CommandType, type PETITION_COMMANDS } from '../../domain/lifecycle';

/**
 * The fields of each command as the API documentation shows them (OpenAPI description of POST
 * /matters/:id/commands). Validation is the lifecycle engine's (its guards answer in Chinese with the article), so
 * this is documentation only. Its type makes it name every command a matter accepts: a new command does not compile
 * until it is documented here.
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
  accept: "procedure 'ordinary' | 'simple' with eligibilityBasis (factsClear|consultation|timeSensitive|alreadyCommitted), likelyNotSupported, statutoryProcedureAvailable, multipleBodies (booleans)",
  reject: 'reasonCode (GET /rejection-reasons), reason, article? (filled from the ground)',
  redirect: 'channel (legalAffairs|discipline|statutoryProcedure), toBodyId, reason?',
  extend: 'days (total ≤ 30), reason, approvedBy?',
  convert: 'reason, approvedBy?',
  reply: 'outcome (support|explain|notSupport), summary',
  recordDelivery: 'method (inPerson|post|sms|online); `on` is the delivery date',
  fileCompletionReport: 'summary?',
  approveCompletionReport: 'note?',
  returnCompletionReport: 'reason',
  evaluate: 'rating (satisfied|basicallySatisfied|dissatisfied), comment?',
  requestReview: 'reviewBodyId',
  issueReviewOpinion: 'outcome, summary?, deliveredOn',
  requestReReview: 'reReviewBodyId',
  startHearing: '—',
  endHearing: '—',
  issueReReviewOpinion: 'outcome, summary?, deliveredOn',
  lapse: '— (scheduler only)',
  recordReception: 'kind (assistance|legalExplanation|counselling), note?',
  flagDispatch: 'reason',
};

/** A Markdown table of the commands, their Chinese names and fields, for the OpenAPI description. */
export function commandTable(): string {
  const rows = Object.entries(COMMAND_FIELDS).map(([type, fields]) => `| \`${type}\` | ${COMMAND_LABELS[type as CommandType]} | ${fields} |`);
  return ['| type | 名称 | fields (besides `type` and the optional legal date `on`) |', '|---|---|---|', ...rows].join('\n');
}
