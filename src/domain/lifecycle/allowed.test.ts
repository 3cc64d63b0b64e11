import { describe, expect, it } from 'vitest';
import { allowedCommands } from './allowed';
import { decide } from './decide';
import * as guards from './guards';
import { A, accepted, calendar, CLASSIFY, config, Course, ctx, delivered, dispatched, facts, hearingNotice, hearingRecord, inReReview, reviewed, SAMPLE_COMMANDS } from './lifecycle.testkit';
import type { Actor, MatterState } from './types';

const at = (iso: string) => ({ now: new Date(`${iso}T04:00:00Z`), calendar, config });
const types = (state: MatterState | null, actor: Actor, day: string) => allowedCommands(state, actor, at(day)).map((c) => c.type);

describe('allowedCommands: what the UI may offer', () => {
  it('before registration: registrars and the portal may register', () => {
    expect(allowedCommands(null, A.registrar, at('2025-09-19'))).toEqual([{ type: 'register', labelZh: '登记' }]);
    expect(types(null, A.system, '2025-09-19')).toEqual(['register']);
    expect(types(null, A.handler, '2025-09-19')).toEqual([]);
  });

  it('registered at the bureau: the bureau dispatches; the body sees nothing', () => {
    const c = new Course();
    c.step({ type: 'register', on: '2025-09-19', facts: facts() }, A.registrar);
    // Art. 29–31: until it is classified by law the office may classify, send back, reject or redirect, not route it.
    expect(types(c.current, A.acceptanceOfficer, '2025-09-22')).toEqual(['classify', 'sendBackRegistration', 'reject', 'redirect']);
    c.step({ ...CLASSIFY, on: '2025-09-22' }, A.acceptanceOfficer);
    const state = c.current;
    expect(types(state, A.acceptanceOfficer, '2025-09-22')).toEqual(['classify', 'sendBackRegistration', 'forward', 'assign', 'retain', 'reject', 'redirect']);
    // The desk registers and corrects; where the matter goes is the acceptance office's (matter.dispatch).
    expect(types(state, A.registrar, '2025-09-22')).toEqual(['correctRegistration']);
    // Nothing has been routed yet: no dispatch to flag, but the bureau's own 15 days can be supervised (Art. 40).
    expect(types(state, A.supervisor, '2025-09-22')).toEqual(['supervise']);
    expect(types(state, A.handler, '2025-09-22')).toEqual([]);
    expect(types(state, A.adminAtBureau, '2025-09-22')).toEqual([]);
  });

  it('dispatched: the body may object only inside its 5 working days', () => {
    const c = dispatched('forward', '2025-09-24'); // return window due 09-30
    expect(types(c.current, A.handler, '2025-09-30')).toEqual(['classify', 'requestReturn', 'accept', 'reject', 'redirect']);
    expect(types(c.current, A.handler, '2025-10-09')).toEqual(['classify', 'accept', 'reject', 'redirect']);
    expect(types(c.current, A.supervisor, '2025-09-30')).toEqual(['flagDispatch', 'supervise']);
    expect(types(c.current, A.otherHandler, '2025-09-30')).toEqual([]);
    expect(types(c.current, A.adminAtBody, '2025-09-30')).toEqual([]);
  });

  it('accepted (ordinary): the handler may ask for an extension while the limit runs, the head decides on it; no conversion', () => {
    const c = accepted();
    const workspace = ['recordInvestigation', 'recordAgreement', 'nameCaseLeader', 'checkItem'];
    expect(types(c.current, A.handler, '2025-11-10')).toEqual(['classify', 'redirect', 'requestExtension', ...workspace, 'draftOpinion']);
    expect(types(c.current, A.head, '2025-11-10')).not.toContain('extend');
    expect(types(c.current, A.handler, '2025-11-26')).toEqual(['classify', 'redirect', ...workspace, 'draftOpinion']);
    c.step({ type: 'requestExtension', on: '2025-11-10', days: 15, reason: '需补充调查' }, A.handler);
    expect(types(c.current, A.head, '2025-11-10')).toEqual(['classify', 'redirect', 'extend', 'refuseExtension', ...workspace, 'draftOpinion']);
    expect(types(c.current, A.principal, '2025-11-10')).toEqual(['classify', 'redirect', 'extend', 'refuseExtension', ...workspace, 'draftOpinion']);
    expect(types(c.current, A.handler, '2025-11-10')).toEqual(['classify', 'redirect', ...workspace, 'draftOpinion']);
  });

  it('the opinion: each signer is offered 签批 only at their turn, 出具 only when all have signed', () => {
    const c = accepted();
    c.step({ type: 'draftOpinion', on: '2025-11-10', outcome: 'support', summary: '予以支持' }, A.handler);
    const signs = (actor: Actor) => types(c.current, actor, '2025-11-10').includes('signOpinion');
    expect([signs(A.handler), signs(A.head), signs(A.principal)]).toEqual([true, false, false]);
    c.step({ type: 'signOpinion', on: '2025-11-10' }, A.handler);
    // The 分管领导 slot is the leader in charge's: the principal leader is not offered it.
    expect([signs(A.handler), signs(A.head), signs(A.principal)]).toEqual([false, true, false]);
    c.step({ type: 'signOpinion', on: '2025-11-10' }, A.head);
    expect([signs(A.head), signs(A.principal)]).toEqual([false, true]);
    expect(types(c.current, A.handler, '2025-11-10')).not.toContain('reply');
    c.step({ type: 'signOpinion', on: '2025-11-10' }, A.principal);
    expect(types(c.current, A.handler, '2025-11-10')).toContain('reply');
  });

  it('replied and delivered: the portal may evaluate or request review; lapse appears only after the window', () => {
    const c = delivered('2025-12-08', 'assign');
    expect(types(c.current, A.system, '2025-12-10')).toEqual(['evaluate', 'requestReview']);
    expect(types(c.current, A.system, '2026-01-08')).toEqual(['lapse']);
    // 见面答复 and the rest of the workspace stay open after the reply.
    expect(types(c.current, A.handler, '2025-12-10')).toEqual(['recordInvestigation', 'recordAgreement', 'nameCaseLeader', 'checkItem', 'fileCompletionReport', 'requestReview']);
    expect(types(c.current, A.supervisor, '2025-12-10')).toEqual(['evaluate', 'flagDispatch', 'supervise']);
  });

  it('review and re-review: only the appeal body acts; hearings toggle', () => {
    const r = reviewed();
    expect(types(r.current, A.reReviewHandler, '2026-02-10')).toEqual(['requestReReview']);
    const rr = inReReview();
    // Issuing waits for a signed draft (seed 003), so the opinion is offered as drafting first.
    expect(types(rr.current, A.reReviewHandler, '2026-03-02')).toEqual(['draftOpinion', 'startHearing']);
    rr.step(hearingNotice('2026-03-02'), A.reReviewHandler);
    expect(types(rr.current, A.reReviewHandler, '2026-03-03')).toEqual(['draftOpinion', 'rescheduleHearing', 'endHearing']);
    expect(types(rr.current, A.reviewHandler, '2026-03-03')).toEqual([]);
    rr.step(hearingRecord('2026-03-03'), A.reReviewHandler);
    rr.signAppealOpinion('reReview', '2026-03-04');
    expect(types(rr.current, A.reReviewHandler, '2026-03-04')).toEqual(['draftOpinion', 'startHearing', 'issueReReviewOpinion']);
  });

  it('never offers a command that decide refuses for the status, or for the actor except by a payload guard', () => {
    const payloadGuards = new Set(
      Object.values(guards)
        .filter((g): g is guards.Guard => typeof g === 'object' && g !== null && 'check' in g && (g as guards.Guard).usesPayload)
        .map((g) => g.name),
    );
    const states = [dispatched().current, accepted().current, delivered().current, reviewed().current, inReReview().current];
    for (const state of states) {
      for (const actor of Object.values(A)) {
        for (const { type } of allowedCommands(state, actor, at('2025-12-10' > state.lastEventOn ? '2025-12-10' : state.lastEventOn))) {
          const d = decide(state, { ...SAMPLE_COMMANDS[type], on: state.lastEventOn }, ctx(actor));
          if (d.ok) continue;
          expect(d.refusal.code).not.toBe('INVALID_TRANSITION');
          // e.g. requestReview offered to any appeal-receiving role; the sample names another body as reviewer.
          if (d.refusal.code === 'FORBIDDEN') expect(payloadGuards).toContain(d.refusal.guard);
        }
      }
    }
  });
});
