import { describe, expect, it } from 'vitest';
import { DUTY_CHECKS } from '../supervision';
import { NATIONAL_TIME_LIMITS } from './config';
import { decide } from './decide';
import { ARTICLES } from './guards';
import * as guardModule from './guards';
import { COMMAND_LABELS, EVENT_LABELS, STATUS_LABELS } from './labels';
import { A, ctx, facts, SAMPLE_COMMANDS } from './lifecycle.testkit';
import { COMMON_GUARDS, commandsIn, INITIAL, TABLE, transitionFor } from './table';
import { COMMAND_OF_EVENT, COMMAND_TYPES, EVENT_OF, EVENT_TYPES, MATTER_STATUSES, type MatterState, type MatterStatus } from './types';

/** A registered matter with its status overwritten: INVALID_TRANSITION is decided before any guard reads the state. */
function stateIn(status: MatterStatus): MatterState {
  const d = decide(null, { type: 'register', on: '2025-09-19', facts: facts() }, ctx(A.registrar));
  if (!d.ok) throw new Error('register failed');
  return { ...d.next, status };
}

/** Every actor of the test org, including admin and system: none may pass a pair the table does not list. */
const EVERY_ACTOR = Object.values(A);

describe('the forbidden (status, command) matrix, generated from the status list and the table', () => {
  const pairs = MATTER_STATUSES.flatMap((status) =>
    COMMAND_TYPES.filter((type) => transitionFor(status, type) === undefined).map((type) => [status, type] as const),
  );

  it('covers every status and every command not listed for it', () => {
    const listed = MATTER_STATUSES.reduce((n, s) => n + commandsIn(s).length, 0);
    expect(pairs.length + listed).toBe(MATTER_STATUSES.length * COMMAND_TYPES.length);
    expect(pairs.length).toBeGreaterThan(200);
  });

  it.each(pairs)('%s × %s → INVALID_TRANSITION for every actor, naming both in Chinese', (status, type) => {
    const state = stateIn(status);
    for (const actor of EVERY_ACTOR) {
      const d = decide(state, { ...SAMPLE_COMMANDS[type], on: '2026-06-01' }, ctx(actor));
      expect(d.ok).toBe(false);
      if (d.ok) return;
      expect(d.refusal.code).toBe('INVALID_TRANSITION');
      expect(d.refusal.messageZh).toContain(COMMAND_LABELS[type]);
      if (type !== 'register' && status !== 'terminated') expect(d.refusal.messageZh).toContain(STATUS_LABELS[status]);
    }
  });

  it.each(COMMAND_TYPES.filter((t) => t !== 'register'))('no matter yet × %s → INVALID_TRANSITION', (type) => {
    const d = decide(null, { ...SAMPLE_COMMANDS[type], on: '2026-06-01' }, ctx(A.registrar));
    expect(!d.ok && d.refusal.code).toBe('INVALID_TRANSITION');
  });
});

describe('the table itself', () => {
  it('lists recordRepeatPetition and joinPetition in every status (信访必登) and register in none', () => {
    for (const status of MATTER_STATUSES) {
      expect(commandsIn(status)).toContain('recordRepeatPetition');
      expect(commandsIn(status)).toContain('joinPetition');
      expect(commandsIn(status)).not.toContain('register');
    }
    expect(INITIAL.to).toBe('registered');
  });

  it('gives every step an article, checks who acts first (or, for accept, that it was dispatched), and a known target', () => {
    const actorGuards = new Set([
      'isDispatcher',
      'isResponsibleStaff',
      'isDispatcherOrResponsibleStaff',
      'isResponsibleHead',
      'isAssigningBureauStaff',
      'isEvaluationRecorder',
      'mayReceiveAppeal',
      'isReviewBodyStaff',
      'isReReviewBodyStaff',
      'isSystem',
      'mayRecordRepeatPetition',
      'isReceptionStaff',
      'hasResponsibleBody',
      'isAcceptanceOfficer',
      'isRegistrarOfMatter',
      'isBureauSupervisor',
      'isSupervisor',
      'isSupervisingOffice',
      'isSupervisedBodyStaff',
      'isSignOffSigner',
      'isExtensionApprover',
    ]);
    for (const status of MATTER_STATUSES) {
      for (const type of commandsIn(status)) {
        const step = transitionFor(status, type)!;
        expect(step.article, `${status}.${type}`).toMatch(/第|办法|本平台设置/);
        expect(actorGuards.has(step.guards[0]!.name), `${status}.${type} starts with ${step.guards[0]!.name}`).toBe(true);
        if (step.to !== 'unchanged') expect(MATTER_STATUSES).toContain(step.to);
      }
    }
  });

  it('shows an article, or 本平台设置 for configured practice, never “实践” as a basis (what citizens and supervisors read)', () => {
    const bases: [string, string][] = [];
    for (const status of MATTER_STATUSES) for (const type of commandsIn(status)) bases.push([`${status}.${type}`, transitionFor(status, type)!.article]);
    for (const g of Object.values(guardModule)) if (g && typeof g === 'object' && 'check' in g && g.article) bases.push([`guard ${g.name}`, g.article]);
    for (const [name, article] of Object.entries(ARTICLES)) bases.push([`ARTICLES.${name}`, article]);
    for (const [name, limit] of Object.entries(NATIONAL_TIME_LIMITS)) bases.push([`limit ${name}`, limit.article]);
    for (const check of DUTY_CHECKS) bases.push([`duty ${check.code}`, check.article]);
    for (const [where, article] of bases) {
      expect(article, where).not.toContain('实践');
      expect(article, where).toMatch(/第.+条|办法|本平台设置/);
    }
    expect(ARTICLES.practice).toBe('本平台设置');
    expect(NATIONAL_TIME_LIMITS.evaluationWindow.article).toContain('本平台设置');
    expect(NATIONAL_TIME_LIMITS.evaluationWindow.article).toContain('第二十一条第二款');
  });

  it('reaches every status from registered', () => {
    const seen = new Set<MatterStatus>(['registered']);
    let grew = true;
    while (grew) {
      grew = false;
      for (const s of [...seen]) {
        for (const type of commandsIn(s)) {
          const to = transitionFor(s, type)!.to;
          if (to !== 'unchanged' && !seen.has(to)) {
            seen.add(to);
            grew = true;
          }
        }
      }
    }
    expect([...seen].sort()).toEqual([...MATTER_STATUSES].sort());
  });

  it('ends only in the terminal statuses: rejected and redirected accept nothing but further petitions and supervision', () => {
    const supervision = ['supervise', 'replySupervision', 'assessSupervision', 'escalateSupervision'];
    expect(commandsIn('rejected')).toEqual(['recordRepeatPetition', 'joinPetition', 'flagDispatch', ...supervision]);
    expect(commandsIn('redirected')).toEqual(['recordRepeatPetition', 'joinPetition', 'flagDispatch', ...supervision]);
    expect(commandsIn('terminated')).not.toContain('accept');
  });

  it('supervises every status but 依法终结 (not supervised), and lets an open supervision be answered in all', () => {
    for (const status of MATTER_STATUSES) {
      expect(commandsIn(status).includes('supervise'), status).toBe(status !== 'terminated');
      for (const t of ['replySupervision', 'assessSupervision', 'escalateSupervision'] as const) expect(commandsIn(status), status).toContain(t);
    }
  });

  it('hearings exist only during re-review', () => {
    for (const status of MATTER_STATUSES) {
      const has = commandsIn(status).some((t) => t === 'startHearing' || t === 'endHearing' || t === 'issueReReviewOpinion');
      expect(has, status).toBe(status === 'reReview');
    }
  });

  it('names each guard after its export and runs the date guards first', () => {
    for (const [key, value] of Object.entries(guardModule)) {
      if (typeof value === 'object' && value !== null && 'check' in value) expect((value as { name: string }).name).toBe(key);
    }
    expect(COMMON_GUARDS.map((g) => g.name)).toEqual(['onIsDate', 'onNotInFuture', 'onNotBeforeLastEvent']);
  });

  it('maps each command to one past-tense event and back, with labels for all', () => {
    expect(new Set(EVENT_TYPES).size).toBe(COMMAND_TYPES.length);
    for (const type of COMMAND_TYPES) {
      expect(COMMAND_OF_EVENT[EVENT_OF[type]]).toBe(type);
      expect(COMMAND_LABELS[type]).toBeTruthy();
      expect(EVENT_LABELS[EVENT_OF[type]]).toBeTruthy();
    }
    for (const s of MATTER_STATUSES) expect(STATUS_LABELS[s]).toBeTruthy();
    expect(Object.keys(TABLE).sort()).toEqual([...MATTER_STATUSES].sort());
  });
});
