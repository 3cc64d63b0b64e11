import { describe, expect, it } from 'vitest';
import { allowedCommands } from './allowed';
import { decide } from './decide';
import * as guards from './guards';
import { A, accepted, calendar, config, Course, ctx, delivered, dispatched, facts, inReReview, reviewed, SAMPLE_COMMANDS } from './lifecycle.testkit';
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
    const state = c.current;
    expect(types(state, A.acceptanceOfficer, '2025-09-22')).toEqual(['classify', 'sendBackRegistration', 'forward', 'assign', 'retain', 'reject', 'redirect']);
    expect(types(state, A.registrar, '2025-09-22')).toEqual(['classify', 'correctRegistration', 'forward', 'assign', 'retain', 'reject', 'redirect']);
    // Nothing has been routed yet: there is no dispatch for the supervision office to flag.
    expect(types(state, A.supervisor, '2025-09-22')).toEqual([]);
    expect(types(state, A.handler, '2025-09-22')).toEqual([]);
    expect(types(state, A.adminAtBureau, '2025-09-22')).toEqual([]);
  });

  it('dispatched: the body may object only inside its 5 working days', () => {
    const c = dispatched('forward', '2025-09-24'); // return window due 09-30
    expect(types(c.current, A.handler, '2025-09-30')).toEqual(['classify', 'requestReturn', 'accept', 'reject', 'redirect']);
    expect(types(c.current, A.handler, '2025-10-09')).toEqual(['classify', 'accept', 'reject', 'redirect']);
    expect(types(c.current, A.supervisor, '2025-09-30')).toEqual(['flagDispatch']);
    expect(types(c.current, A.otherHandler, '2025-09-30')).toEqual([]);
    expect(types(c.current, A.adminAtBody, '2025-09-30')).toEqual([]);
  });

  it('accepted (ordinary): the head may extend while the limit runs, the handler may not; no conversion', () => {
    const c = accepted();
    expect(types(c.current, A.head, '2025-11-10')).toEqual(['classify', 'redirect', 'extend', 'reply']);
    expect(types(c.current, A.handler, '2025-11-10')).toEqual(['classify', 'redirect', 'reply']);
    expect(types(c.current, A.head, '2025-11-26')).toEqual(['classify', 'redirect', 'reply']);
  });

  it('replied and delivered: the portal may evaluate or request review; lapse appears only after the window', () => {
    const c = delivered('2025-12-08', 'assign');
    expect(types(c.current, A.system, '2025-12-10')).toEqual(['evaluate', 'requestReview']);
    expect(types(c.current, A.system, '2026-01-08')).toEqual(['lapse']);
    expect(types(c.current, A.handler, '2025-12-10')).toEqual(['fileCompletionReport', 'requestReview']);
    expect(types(c.current, A.supervisor, '2025-12-10')).toEqual(['evaluate', 'flagDispatch']);
  });

  it('review and re-review: only the appeal body acts; hearings toggle', () => {
    const r = reviewed();
    expect(types(r.current, A.reReviewHandler, '2026-02-10')).toEqual(['requestReReview']);
    const rr = inReReview();
    expect(types(rr.current, A.reReviewHandler, '2026-03-02')).toEqual(['startHearing', 'issueReReviewOpinion']);
    rr.step({ type: 'startHearing', on: '2026-03-02' }, A.reReviewHandler);
    expect(types(rr.current, A.reReviewHandler, '2026-03-03')).toEqual(['endHearing']);
    expect(types(rr.current, A.reviewHandler, '2026-03-03')).toEqual([]);
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
