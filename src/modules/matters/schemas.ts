import { z } from 'zod';
import { ART31_ROUTES, PURPOSES } from '../../domain/classification';
import {
  AGREEMENT_KINDS,
  APPEAL_DISPOSITIONS,
  CHANNELS,
  CLOCK_NAMES,
  CLOCK_STATUSES,
  DELIVERY_METHODS,
  HEARING_OFFICER_SOURCES,
  HEARING_PARTICIPANT_ROLES,
  INVESTIGATION_KINDS,
  MATTER_STATUSES,
  OUTCOMES,
  RATINGS,
  RECEPTION_KINDS,
  REDIRECT_CHANNELS,
  SIMPLE_ELIGIBILITY_BASES,
  SUPERVISION_LETTER_KINDS,
  SUPERVISION_METHODS,
  SUPERVISION_VERDICTS,
  type CommandOf,
  type CommandType,
  type PETITION_COMMANDS,
  COMMAND_LABELS,
} from '../../domain/lifecycle';
import { IsoDateString } from '../../shared/dates';

/**
 * The lifecycle commands as the API takes them (POST /matters/:id/commands, and bulk triage): one zod object per
 * command type, in a union on `type`, derived from the `Command` types of src/domain/lifecycle/types.ts and checked
 * against them at compile time (the block at the end of this file). The route validates with it, so a field of the
 * wrong type is a 400 VALIDATION before any guard runs, and the OpenAPI document lists every command's fields.
 *
 * What the schema checks is the shape: types, enums, dates (real, 1949–2100) and lengths. Whether a command is allowed
 * — who, in which status, within which time limit, whether a text is empty — stays with the guards, which answer with
 * the article.
 *
 * The API form differs from the domain's in what the service fills in (src/modules/dispatch/prepare.ts): a rejection's
 * article and notice text (from the configured ground), the review / re-review body (one level above, from the org
 * tree), the sign-off chain of a draft and the routing record of a dispatch (never the client's: both are dropped).
 */

const SHORT = 200;
const TEXT = 20_000;
// A required field left out says so in words, not as "expected string, received undefined".
const str = () => z.string({ error: (issue) => (issue.input === undefined ? '此项必填' : '应为文字') });
const Short = str().max(SHORT, `不能超过 ${SHORT} 个字`);
const Text = str().max(TEXT, `不能超过 ${TEXT} 个字`);
/** Ids are checked against the database by the service; here only their size (bulk triage also sends `topSuggestion`). */
const Id = str().max(100);

const base = { on: IsoDateString.optional().describe('legal date of the act (default: today, China time)') };
const opinionText = { request: Text.optional(), facts: Text.optional(), legalBasis: Text.optional() };
/** Issuing a 复查 / 复核 opinion: what was signed, optionally repeated (then it must be the draft's), and the delivery. */
const issuedAppealOpinion = {
  ...base,
  ...opinionText,
  outcome: z.enum(OUTCOMES).optional(),
  summary: Text.optional(),
  deliveredOn: IsoDateString,
  disposition: z.enum(APPEAL_DISPOSITIONS).optional().describe('if sent, must be the draft’s'),
};

const HearingOfficer = z.object({ name: Short, affiliation: Short.optional(), proposedBy: z.enum(HEARING_OFFICER_SOURCES) });
const HearingParticipant = z.object({ name: Short, role: z.enum(HEARING_PARTICIPANT_ROLES) });

export const COMMAND_SCHEMAS = {
  classify: z.object({ type: z.literal('classify'), ...base, purpose: z.enum(PURPOSES), categoryPath: z.array(Short).max(10), art31Route: z.enum(ART31_ROUTES).nullable().optional() }),
  sendBackRegistration: z.object({ type: z.literal('sendBackRegistration'), ...base, reason: Text }),
  correctRegistration: z.object({
    type: z.literal('correctRegistration'),
    ...base,
    changes: z.object({ title: Short.optional(), content: Text.optional(), respondent: Short.nullable().optional(), place: Short.nullable().optional(), regionCode: z.string().max(9).optional() }),
    note: Text.optional(),
  }),
  forward: z.object({ type: z.literal('forward'), ...base, toBodyId: Id, note: Text.optional() }),
  assign: z.object({ type: z.literal('assign'), ...base, toBodyId: Id, dueOn: IsoDateString, note: Text.optional() }),
  retain: z.object({ type: z.literal('retain'), ...base, note: Text.optional() }),
  flagDispatch: z.object({ type: z.literal('flagDispatch'), ...base, reason: Text }),
  supervise: z.object({
    type: z.literal('supervise'),
    ...base,
    method: z.enum(SUPERVISION_METHODS),
    letterKind: z.enum(SUPERVISION_LETTER_KINDS).nullable(),
    reason: Text,
    replyDueOn: IsoDateString,
    listed: z.boolean().optional(),
    listedDueOn: IsoDateString.optional(),
    dutyCheck: Short.optional(),
  }),
  replySupervision: z.object({ type: z.literal('replySupervision'), ...base, summary: Text }),
  assessSupervision: z.object({ type: z.literal('assessSupervision'), ...base, verdict: z.enum(SUPERVISION_VERDICTS), note: Text.optional(), replyDueOn: IsoDateString.optional() }),
  escalateSupervision: z.object({ type: z.literal('escalateSupervision'), ...base, toLeader: Short, reason: Text }),
  requestReturn: z.object({ type: z.literal('requestReturn'), ...base, reason: Text }),
  upholdReturn: z.object({ type: z.literal('upholdReturn'), ...base, note: Text.optional() }),
  dismissReturn: z.object({ type: z.literal('dismissReturn'), ...base, reason: Text }),
  accept: z.discriminatedUnion('procedure', [
    z.object({ type: z.literal('accept'), ...base, procedure: z.literal('ordinary') }),
    z.object({
      type: z.literal('accept'),
      ...base,
      procedure: z.literal('simple'),
      eligibilityBasis: z.enum(SIMPLE_ELIGIBILITY_BASES),
      eligibilityReason: Text.optional().describe("required for the basis 'other' (其他可以简易办理的)"),
      likelyNotSupported: z.boolean(),
      statutoryProcedureAvailable: z.boolean(),
      multipleBodies: z.boolean(),
    }),
  ]),
  reject: z.object({ type: z.literal('reject'), ...base, reasonCode: Short, article: Short.optional().describe('filled from the ground'), reason: Text.optional().describe('default: the ground’s notice text') }),
  redirect: z.object({ type: z.literal('redirect'), ...base, channel: z.enum(REDIRECT_CHANNELS), toBodyId: Id, reason: Text.optional() }),
  requestExtension: z.object({ type: z.literal('requestExtension'), ...base, days: z.number().int().min(1).max(365), reason: Text }),
  extend: z.object({
    type: z.literal('extend'),
    ...base,
    days: z.number().int().min(1).max(365).optional().describe('default: the days asked'),
    reason: Text.optional().describe('default: the request’s reason'),
    approvedBy: Short.optional(),
  }),
  refuseExtension: z.object({ type: z.literal('refuseExtension'), ...base, reason: Text }),
  convert: z.object({ type: z.literal('convert'), ...base, reason: Text, approvedBy: Short.optional() }),
  recordInvestigation: z.object({ type: z.literal('recordInvestigation'), ...base, kind: z.enum(INVESTIGATION_KINDS), summary: Text, participants: Text.optional() }),
  recordAgreement: z.object({ type: z.literal('recordAgreement'), ...base, kind: z.enum(AGREEMENT_KINDS), summary: Text, parties: Text.optional() }),
  nameCaseLeader: z.object({ type: z.literal('nameCaseLeader'), ...base, name: Short, title: Short.optional() }),
  checkItem: z.object({ type: z.literal('checkItem'), ...base, item: Short, note: Text.optional() }),
  draftOpinion: z.object({
    type: z.literal('draftOpinion'),
    ...base,
    ...opinionText,
    outcome: z.enum(OUTCOMES),
    summary: Text,
    disposition: z.enum(APPEAL_DISPOSITIONS).optional().describe('under review / re-review (required there): uphold 维持 | revoke 撤销 | modify 变更 the opinion under review'),
  }),
  signOpinion: z.object({ type: z.literal('signOpinion'), ...base, comment: Text.optional() }),
  reply: z.object({ type: z.literal('reply'), ...base, ...opinionText, outcome: z.enum(OUTCOMES).optional(), summary: Text.optional() }),
  recordDelivery: z.object({ type: z.literal('recordDelivery'), ...base, method: z.enum(DELIVERY_METHODS) }),
  fileCompletionReport: z.object({ type: z.literal('fileCompletionReport'), ...base, summary: Text.optional() }),
  approveCompletionReport: z.object({ type: z.literal('approveCompletionReport'), ...base, note: Text.optional() }),
  returnCompletionReport: z.object({ type: z.literal('returnCompletionReport'), ...base, reason: Text }),
  evaluate: z.object({ type: z.literal('evaluate'), ...base, rating: z.enum(RATINGS), comment: Text.optional() }),
  requestReview: z.object({
    type: z.literal('requestReview'),
    ...base,
    reviewBodyId: Id.optional().describe('default: one level above the handling body'),
    reasons: Text.describe('请求复查的理由: why the petitioner disagrees with the handling opinion'),
  }),
  issueReviewOpinion: z.object({
    type: z.literal('issueReviewOpinion'),
    ...issuedAppealOpinion,
  }),
  requestReReview: z.object({
    type: z.literal('requestReReview'),
    ...base,
    reReviewBodyId: Id.optional().describe('default: one level above the review body'),
    reasons: Text.describe('请求复核的理由: why the petitioner disagrees with the review opinion'),
  }),
  startHearing: z.object({
    type: z.literal('startHearing'),
    ...base,
    heldOn: IsoDateString,
    time: z.string().max(5).optional(),
    place: Short,
    presidingOfficer: Short,
    officers: z.array(HearingOfficer).max(50),
    petitionerAgreed: z.boolean(),
    participants: z.array(HearingParticipant).max(200).optional(),
    closedReason: Text.optional(),
  }),
  rescheduleHearing: z.object({ type: z.literal('rescheduleHearing'), ...base, heldOn: IsoDateString, time: z.string().max(5).optional(), place: Short.optional(), reason: Text }),
  endHearing: z.object({ type: z.literal('endHearing'), ...base, record: Text, conclusion: Text.optional(), petitionerAttended: z.boolean().optional(), withdrawn: z.boolean().optional() }),
  publishReReviewOpinion: z.object({ type: z.literal('publishReReviewOpinion'), ...base, text: Text }),
  issueReReviewOpinion: z.object({
    type: z.literal('issueReReviewOpinion'),
    ...issuedAppealOpinion,
  }),
  lapse: z.object({ type: z.literal('lapse'), ...base }),
  recordReception: z.object({ type: z.literal('recordReception'), ...base, kind: z.enum(RECEPTION_KINDS), note: Text.optional() }),
} as const;

/** The commands a matter takes over the API: all but those that come with a petition (src/modules/petitions). */
export type ApiCommandType = Exclude<CommandType, (typeof PETITION_COMMANDS)[number]>;

const MEMBERS = Object.values(COMMAND_SCHEMAS) as unknown as [ApiMember, ...ApiMember[]];
type ApiMember = (typeof COMMAND_SCHEMAS)[ApiCommandType];

/** Any API command, by `type`. */
export const CommandBody = z.discriminatedUnion('type', MEMBERS);
export type CommandBody = z.infer<typeof CommandBody>;

/**
 * What POST /matters/:id/commands takes: every API command, plus the petition-borne ones by name only, so that the
 * service can refuse them with 409 and say where they belong (the registration desk) instead of a bare 400.
 */
export const CommandRequest = z.discriminatedUnion('type', [
  ...MEMBERS,
  z
    .object({ type: z.enum(['recordRepeatPetition', 'joinPetition']) })
    .describe('refused with 409 INVALID_TRANSITION: a repeat or joined petition is registered at the desk (POST /api/v1/petitions)'),
]);

/** The command types of `CommandBody`, in a stable order (e.g. for bulk triage's subset). */
export const API_COMMAND_TYPES = Object.keys(COMMAND_SCHEMAS) as ApiCommandType[];

/**
 * The fields of each command as the API documentation's table shows them (OpenAPI description of POST
 * /matters/:id/commands), with what the schema cannot say (which field is required when). The shapes themselves are
 * validated by the command union (above), which the OpenAPI document also publishes; whether a command is
 * allowed is the lifecycle engine's (its guards answer in Chinese with the article). Its type makes it name every
 * command a matter accepts: a new command does not compile until it is documented here.
 */
export const COMMAND_FIELDS: Readonly<Record<ApiCommandType, string>> = {
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

/** A union of the members of the given types: bulk triage takes only the routing decisions. */
export function commandBodyOf<const T extends readonly ApiCommandType[]>(types: T) {
  const chosen = types.map((t) => COMMAND_SCHEMAS[t]) as unknown as [ApiMember, ...ApiMember[]];
  return z.discriminatedUnion('type', chosen) as unknown as z.ZodType<z.infer<(typeof COMMAND_SCHEMAS)[T[number]]>>;
}

// ---------------------------------------------------------------------------------------------------------------
// Compile-time agreement with the domain's Command types: a field added, removed or retyped on either side fails
// `npm run typecheck` here, naming the command.
// ---------------------------------------------------------------------------------------------------------------

/** Fields the service fills in, optional over the API. */
type Completed = { reject: 'article' | 'reason'; requestReview: 'reviewBodyId'; requestReReview: 'reReviewBodyId' };
/** Fields the service always sets itself: not part of the API at all. */
type Dropped = { draftOpinion: 'chain'; forward: 'routing'; assign: 'routing' | 'byHigherLevel'; redirect: 'routing' };
type KeyOf<M, T> = T extends keyof M ? M[T] & PropertyKey : never;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
type Relax<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> & Partial<Pick<T, K & keyof T>> : never;
/** What the API should take for command `T`, from the domain's type. */
type ApiFormOf<T extends ApiCommandType> = Relax<DistributiveOmit<CommandOf<T>, KeyOf<Dropped, T>>, KeyOf<Completed, T>>;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Agrees<T extends ApiCommandType> = Same<z.infer<(typeof COMMAND_SCHEMAS)[T]>, ApiFormOf<T>> extends true
  ? Same<keyof z.infer<(typeof COMMAND_SCHEMAS)[T]>, keyof ApiFormOf<T>>
  : false;
/** `true` for every command whose schema agrees with its type; the object below does not compile otherwise. */
type Agreement = { [T in ApiCommandType]: Agrees<T> };
const agreement: { [T in ApiCommandType]: true } = Object.fromEntries(API_COMMAND_TYPES.map((t) => [t, true])) as { [T in ApiCommandType]: true };
export const COMMAND_SCHEMAS_AGREE: Agreement = agreement;
// And the schema names every API command, no more.
type MissingSchemas = Exclude<ApiCommandType, keyof typeof COMMAND_SCHEMAS>;
type ExtraSchemas = Exclude<keyof typeof COMMAND_SCHEMAS, ApiCommandType>;
export const COMMAND_SCHEMAS_COMPLETE: [MissingSchemas, ExtraSchemas] extends [never, never] ? true : false = true;

// ---------------------------------------------------------------------------------------------------------------
// What the API answers about matters, shared by every route plugin that lists them (matters, dispatch, supervision):
// one definition, so a field added to the summary reaches the triage queue and the inbox too.
// ---------------------------------------------------------------------------------------------------------------

export const ClockDto = z.object({
  name: z.enum(CLOCK_NAMES),
  label: z.string(),
  kind: z.enum(['deadline', 'window']),
  from: z.string(),
  due: z.string(),
  unit: z.enum(['days', 'workingDays']),
  amount: z.number(),
  rule: z.object({ text: z.string(), article: z.string() }),
  provisional: z.boolean(),
  status: z.enum(CLOCK_STATUSES),
  statusLabel: z.string(),
  stoppedOn: z.string().nullable(),
  daysLeft: z.number().nullable(),
});
export const Ref = z.object({ id: z.string(), name: z.string() });
export const ClassificationDto = z
  .object({
    purpose: z.enum(PURPOSES),
    purposeLabel: z.string(),
    categoryPath: z.array(z.string()),
    categoryNames: z.array(z.string()),
    art31Route: z.enum(ART31_ROUTES).nullable(),
    art31RouteLabel: z.string().nullable(),
  })
  .nullable();
export const SupervisionDto = z
  .object({
    openedOn: z.string(),
    by: Ref,
    target: Ref,
    method: z.enum(SUPERVISION_METHODS),
    methodLabel: z.string(),
    letterKind: z.enum(SUPERVISION_LETTER_KINDS).nullable(),
    letterLabel: z.string().nullable(),
    reason: z.string(),
    replyDueOn: z.string(),
    listed: z.boolean(),
    listedDueOn: z.string().nullable(),
    reply: z.object({ on: z.string(), summary: z.string() }).nullable(),
    rounds: z.number(),
    escalatedTo: z.array(z.string()),
  })
  .nullable();
export const Summary = z.object({
  id: z.string(),
  number: z.string(),
  title: z.string(),
  status: z.enum(MATTER_STATUSES),
  statusLabel: z.string(),
  channel: z.enum(CHANNELS),
  channelLabel: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  responsibleBody: Ref.nullable(),
  receivedOn: z.string(),
  nextClock: ClockDto.nullable(),
});
