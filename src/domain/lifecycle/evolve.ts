import { applyClockEffect } from './clocks';
import { transitionFor } from './table';
import { COMMAND_OF_EVENT, type CommandType, type EventPayload, type HandlingWorkspace, type HearingOutcome, type HearingPlan, type MatterEvent, type MatterState } from './types';

/**
 * The fold: a matter's state is its events applied in order. `decide` computes `next` with this same function, so
 * `replay(events)` reproduces it exactly. The status comes from the transition table (the `to` of the step the event
 * records); the data fields from the event's payload; the clocks from its clock effects.
 *
 * An event that cannot apply (wrong first event, a step the table does not allow in the current status, an effect on
 * a missing clock) means a corrupt or reordered stream: evolve throws rather than guess.
 */
export function evolve(state: MatterState | null, event: MatterEvent): MatterState {
  if (state === null) {
    if (event.type !== 'registered') throw new Error(`the first event of a matter must be 'registered', got '${event.type}'`);
    return withClocks(initialState(event), event);
  }
  const command = COMMAND_OF_EVENT[event.type];
  if (command === 'register') throw new Error('a matter is registered once');
  const step = transitionFor(state.status, command);
  if (!step) throw new Error(`event '${event.type}' cannot apply in status '${state.status}'`);
  const data = applyData(state, event, command);
  const next: MatterState = {
    ...data,
    status: step.to === 'unchanged' ? state.status : step.to,
    lastEventOn: event.on,
    version: state.version + 1,
  };
  return withClocks(next, event);
}

/** Fold a whole stream (oldest first). */
export function replay(events: readonly MatterEvent[]): MatterState {
  let state: MatterState | null = null;
  for (const e of events) state = evolve(state, e);
  if (state === null) throw new Error('a matter has at least its registration event');
  return state;
}

function workspaceOf(s: MatterState): HandlingWorkspace {
  return s.workspace ?? { investigations: [], agreements: [], caseLeader: null, checklist: [] };
}

function withClocks(state: MatterState, event: MatterEvent): MatterState {
  let clocks = state.clocks;
  for (const effect of event.clockEffects) clocks = applyClockEffect(clocks, effect, event.type);
  return { ...state, clocks };
}

function payload<T extends CommandType>(event: MatterEvent, _command: T): EventPayload<T> {
  // Events are written by `decide` (or validated against the same shapes by the service before storage).
  return event.payload as unknown as EventPayload<T>;
}

function initialState(event: MatterEvent): MatterState {
  const { facts, archived, levelSkipping } = payload(event, 'register');
  return {
    // INITIAL.to, or the final status of an archived matter (no clocks start for it).
    status: archived ? archived.status : 'registered',
    facts: { ...facts },
    procedure: null,
    simpleEligibility: null,
    // A body that received the petition directly is responsible until it forwards it (Art. 23 ¶1); a bureau is not.
    responsibleBodyId: facts.registeredByBureau ? null : facts.registeringBodyId,
    dispatch: null,
    dispatchedOn: null,
    assignmentDueOn: null,
    returnRequest: null,
    returnedBy: [],
    acceptedOn: null,
    extensionDays: 0,
    opinion: null,
    opinionDraft: null,
    deliveredOn: null,
    deliveryMethod: null,
    evaluation: null,
    completionReport: null,
    rejection: null,
    redirection: null,
    classification: null,
    levelSkipping: levelSkipping ?? null,
    registrationQuery: null,
    dispatchFlags: 0,
    supervision: null,
    supervisions: 0,
    reviewBodyId: null,
    reviewRequestedOn: null,
    reviewOpinion: null,
    reReviewBodyId: null,
    reReviewRequestedOn: null,
    reReviewOpinion: null,
    hearing: null,
    hearings: [],
    repeatPetitions: 0,
    receptions: 0,
    clocks: {},
    lastEventOn: event.on,
    version: 1,
  };
}

/** The state with `assignedByHigherLevel` set, or left out when false (states stay as they were before the field existed). */
function byHigherLevel(s: MatterState, value: boolean): MatterState {
  const { assignedByHigherLevel: _dropped, ...rest } = s;
  return value ? { ...rest, assignedByHigherLevel: true } : rest;
}

/** The data fields each event changes. Exhaustive: a new command without a case fails to compile. */
function applyData(s: MatterState, e: MatterEvent, command: Exclude<CommandType, 'register'>): MatterState {
  switch (command) {
    case 'forward':
    case 'assign': {
      const p = payload(e, command);
      return {
        // Only a higher level's 交办 excludes the simple procedure; a 转送 or a same-level 交办 clears an earlier one.
        ...byHigherLevel(s, 'byHigherLevel' in p && p.byHigherLevel === true),
        responsibleBodyId: p.toBodyId,
        dispatch: command,
        dispatchedOn: e.on,
        assignmentDueOn: 'dueOn' in p ? p.dueOn : null,
        completionReport: command === 'assign' ? 'due' : null,
      };
    }
    case 'retain':
      return { ...byHigherLevel(s, false), responsibleBodyId: s.facts.registeringBodyId, dispatch: 'retain', dispatchedOn: null };
    case 'classify': {
      const p = payload(e, command);
      return { ...s, classification: { purpose: p.purpose, categoryPath: [...p.categoryPath], art31Route: p.art31Route ?? null } };
    }
    case 'sendBackRegistration':
      return { ...s, registrationQuery: { on: e.on, reason: payload(e, command).reason } };
    case 'correctRegistration': {
      const region = payload(e, command).changes.regionCode;
      return { ...s, registrationQuery: null, facts: region ? { ...s.facts, regionCode: region } : s.facts };
    }
    case 'flagDispatch':
      return { ...s, dispatchFlags: (s.dispatchFlags ?? 0) + 1 };
    case 'supervise': {
      const p = payload(e, command);
      return {
        ...s,
        supervisions: (s.supervisions ?? 0) + 1,
        supervision: {
          openedOn: e.on,
          byBodyId: e.actor.bodyId,
          targetBodyId: p.targetBodyId,
          method: p.method,
          letterKind: p.letterKind,
          reason: p.reason,
          replyDueOn: p.replyDueOn,
          listed: p.listed === true,
          listedDueOn: p.listedDueOn ?? null,
          reply: null,
          rounds: 0,
          escalatedTo: [],
        },
      };
    }
    case 'replySupervision':
      return s.supervision ? { ...s, supervision: { ...s.supervision, reply: { on: e.on, summary: payload(e, command).summary } } } : s;
    case 'assessSupervision': {
      const p = payload(e, command);
      if (!s.supervision || p.verdict === 'satisfactory') return { ...s, supervision: null };
      return { ...s, supervision: { ...s.supervision, reply: null, replyDueOn: p.replyDueOn ?? s.supervision.replyDueOn, rounds: s.supervision.rounds + 1 } };
    }
    case 'escalateSupervision':
      return s.supervision ? { ...s, supervision: { ...s.supervision, escalatedTo: [...s.supervision.escalatedTo, payload(e, command).toLeader] } } : s;
    case 'requestReturn':
      return { ...s, returnRequest: { on: e.on, reason: payload(e, command).reason } };
    case 'upholdReturn':
      return {
        ...byHigherLevel(s, false),
        returnedBy: [...(s.returnedBy ?? []), ...(s.responsibleBodyId ? [s.responsibleBodyId] : [])],
        responsibleBodyId: s.facts.registeredByBureau ? null : s.facts.registeringBodyId,
        dispatch: null,
        dispatchedOn: null,
        assignmentDueOn: null,
        completionReport: null,
        returnRequest: null,
      };
    case 'dismissReturn':
      return { ...s, returnRequest: null };
    case 'accept': {
      const p = payload(e, command);
      return { ...s, procedure: p.procedure, simpleEligibility: p.procedure === 'simple' ? p.eligibilityBasis : null, acceptedOn: e.on };
    }
    case 'reject': {
      const p = payload(e, command);
      return { ...s, rejection: { reasonCode: p.reasonCode, article: p.article, reason: p.reason } };
    }
    case 'redirect': {
      const p = payload(e, command);
      return { ...s, redirection: { channel: p.channel, toBodyId: p.toBodyId } };
    }
    case 'extend':
      return { ...s, extensionDays: s.extensionDays + payload(e, command).days, extensionRequest: null };
    case 'requestExtension': {
      const p = payload(e, command);
      return { ...s, extensionRequest: { on: e.on, days: p.days, reason: p.reason, requestedBy: e.actor.userId } };
    }
    case 'refuseExtension':
      return { ...s, extensionRequest: null };
    case 'convert':
      // acceptedOn is kept: the ordinary time limit counts from the original acceptance.
      return { ...s, procedure: 'ordinary' };
    case 'recordInvestigation': {
      const p = payload(e, command);
      const w = workspaceOf(s);
      return { ...s, workspace: { ...w, investigations: [...w.investigations, { kind: p.kind, on: e.on, summary: p.summary, participants: p.participants ?? null, by: e.actor.userId }] } };
    }
    case 'recordAgreement': {
      const p = payload(e, command);
      const w = workspaceOf(s);
      return { ...s, workspace: { ...w, agreements: [...w.agreements, { kind: p.kind, on: e.on, summary: p.summary, parties: p.parties ?? null, by: e.actor.userId }] } };
    }
    case 'nameCaseLeader': {
      const p = payload(e, command);
      return { ...s, workspace: { ...workspaceOf(s), caseLeader: { name: p.name, title: p.title ?? null, on: e.on } } };
    }
    case 'checkItem': {
      const p = payload(e, command);
      const w = workspaceOf(s);
      return { ...s, workspace: { ...w, checklist: [...w.checklist, { item: p.item, on: e.on, by: e.actor.userId, note: p.note ?? null }] } };
    }
    case 'draftOpinion': {
      const p = payload(e, command);
      return {
        ...s,
        opinionDraft: {
          outcome: p.outcome,
          summary: p.summary.trim(),
          request: p.request ?? null,
          facts: p.facts ?? null,
          legalBasis: p.legalBasis ?? null,
          draftedOn: e.on,
          draftedBy: e.actor.userId,
          chain: p.chain,
          signatures: [],
          disposition: p.disposition ?? null,
          supersededByHearingOn: null,
        },
      };
    }
    case 'signOpinion': {
      const d = s.opinionDraft;
      if (!d) return s;
      const p = payload(e, command);
      const signature = { step: p.step, userId: e.actor.userId, on: e.on, comment: p.comment ?? null, ...(p.position ? { position: p.position } : {}) };
      return { ...s, opinionDraft: { ...d, signatures: [...d.signatures, signature] } };
    }
    case 'reply': {
      const p = payload(e, command);
      // A request still pending when the opinion goes out has nothing left to extend.
      return { ...s, opinion: { outcome: p.outcome, summary: p.summary, on: e.on }, extensionRequest: null };
    }
    case 'recordDelivery':
      return { ...s, deliveredOn: e.on, deliveryMethod: payload(e, command).method };
    case 'fileCompletionReport':
      return { ...s, completionReport: 'filed' };
    case 'approveCompletionReport':
      return { ...s, completionReport: 'approved' };
    case 'returnCompletionReport':
      // Back to handling: the reply, its delivery and its evaluation are withdrawn (kept in the events).
      return {
        ...s,
        completionReport: 'returned',
        completionReportReturns: (s.completionReportReturns ?? 0) + 1,
        opinion: null,
        opinionDraft: null,
        deliveredOn: null,
        deliveryMethod: null,
        evaluation: null,
      };
    case 'evaluate': {
      const p = payload(e, command);
      return { ...s, evaluation: { rating: p.rating, comment: p.comment ?? null, on: e.on } };
    }
    case 'requestReview':
      // The review body drafts its own opinion; the handling opinion's draft is done with.
      return { ...s, reviewBodyId: payload(e, command).reviewBodyId, reviewRequestedOn: e.on, reviewRequestReasons: payload(e, command).reasons ?? null, opinionDraft: null };
    case 'issueReviewOpinion': {
      const p = payload(e, command);
      return { ...s, reviewOpinion: { outcome: p.outcome, summary: p.summary ?? null, on: e.on, deliveredOn: p.deliveredOn, disposition: p.disposition ?? null } };
    }
    case 'requestReReview':
      return { ...s, reReviewBodyId: payload(e, command).reReviewBodyId, reReviewRequestedOn: e.on, reReviewRequestReasons: payload(e, command).reasons ?? null, opinionDraft: null };
    case 'startHearing': {
      const p = payload(e, command);
      // Hearings recorded before they had a notice carry no plan.
      if (typeof p.place !== 'string') return { ...s, hearing: { startedOn: e.on } };
      const plan: HearingPlan = {
        heldOn: p.heldOn,
        time: p.time ?? null,
        place: p.place,
        presidingOfficer: p.presidingOfficer,
        officers: p.officers.map((o) => ({ ...o })),
        participants: (p.participants ?? []).map((x) => ({ ...x })),
        closedReason: p.closedReason ?? null,
      };
      return { ...s, hearing: { startedOn: e.on, plan } };
    }
    case 'rescheduleHearing': {
      const h = s.hearing;
      if (!h?.plan) return s;
      const p = payload(e, command);
      const plan: HearingPlan = {
        ...h.plan,
        heldOn: p.heldOn,
        time: p.time ?? h.plan.time,
        place: p.place ?? h.plan.place,
        rescheduled: [...(h.plan.rescheduled ?? []), { from: h.plan.heldOn, on: e.on, reason: p.reason }],
      };
      return { ...s, hearing: { ...h, plan } };
    }
    case 'endHearing': {
      const p = payload(e, command);
      const withdrawn = p.withdrawn === true;
      const outcome: HearingOutcome = {
        record: p.record ?? '',
        conclusion: withdrawn ? null : (p.conclusion ?? null),
        petitionerAttended: withdrawn ? null : (p.petitionerAttended ?? null),
        withdrawn,
      };
      const held = { startedOn: s.hearing?.startedOn ?? e.on, endedOn: e.on, ...(s.hearing?.plan ? { plan: s.hearing.plan } : {}), outcome };
      // Art. 36 ¶2: a draft in hand was written before the hearing was heard; it must be drafted again (guards.opinionFollowsHearing).
      const draft = s.opinionDraft && !withdrawn ? { ...s.opinionDraft, supersededByHearingOn: e.on } : s.opinionDraft;
      return { ...s, hearing: null, hearings: [...s.hearings, held], opinionDraft: draft };
    }
    case 'publishReReviewOpinion':
      return { ...s, publication: { on: e.on, text: payload(e, command).text } };
    case 'issueReReviewOpinion': {
      const p = payload(e, command);
      return { ...s, reReviewOpinion: { outcome: p.outcome, summary: p.summary ?? null, on: e.on, deliveredOn: p.deliveredOn, disposition: p.disposition ?? null } };
    }
    case 'lapse':
      return s;
    case 'recordRepeatPetition':
      return { ...s, repeatPetitions: s.repeatPetitions + 1 };
    case 'joinPetition':
      return s;
    case 'recordReception':
      return { ...s, receptions: s.receptions + 1 };
  }
}
