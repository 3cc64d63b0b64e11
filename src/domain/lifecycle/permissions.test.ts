import { describe, expect, it } from 'vitest';
import { STAFF_ROLES, permissionsOf, type StaffRole } from '../org/roles';
import { decide } from './decide';
import type { Guard } from './guards';
import { calendar, config, ctx, facts, SAMPLE_COMMANDS } from './lifecycle.testkit';
import { INITIAL, commandsIn, transitionFor } from './table';
import { MATTER_STATUSES, type Command, type MatterState, type MatterStatus } from './types';

/**
 * The engine and the routes agree on who may act: every step's "who acts" guard declares the permissions it demands
 * (the same `resource.verb` strings the HTTP routes demand), and for every staff role it admits exactly the roles
 * that hold one of them. A registrar (no matter.dispatch) cannot forward through the per-matter command route when
 * the triage routes refuse it.
 */

const HERE = 'the-one-body';

/** A matter whose every body is the actor's: only the permission can decide. */
function everyBodyHere(status: MatterStatus, role: StaffRole): MatterState {
  const d = decide(null, { type: 'register', on: '2025-09-19', facts: facts({ registeringBodyId: HERE }) }, ctx({ userId: 'u', bodyId: HERE, roles: ['registrar'] }));
  if (!d.ok) throw new Error('register failed');
  return {
    ...d.next,
    status,
    responsibleBodyId: HERE,
    reviewBodyId: HERE,
    reReviewBodyId: HERE,
    supervision: { byBodyId: HERE, targetBodyId: HERE } as MatterState['supervision'],
    // A draft whose next signature is this role's, so the sign-off guard gets as far as who signs.
    opinionDraft: { chain: [{ key: 'step', labelZh: '签批', roles: [role] }], signatures: [] } as unknown as MatterState['opinionDraft'],
  };
}

function commandHere(type: Command['type']): Command {
  const sample = { ...SAMPLE_COMMANDS[type], on: '2025-09-20' } as Record<string, unknown>;
  for (const key of ['reviewBodyId', 'reReviewBodyId']) if (key in sample) sample[key] = HERE;
  if (type === 'register') sample.facts = facts({ registeringBodyId: HERE });
  return sample as unknown as Command;
}

const steps = [
  { label: 'register', guards: INITIAL.guards as readonly Guard<Command, MatterState | null>[], status: null },
  ...MATTER_STATUSES.flatMap((status) =>
    commandsIn(status).map((type) => ({ label: `${status}.${type}`, guards: transitionFor(status, type)!.guards as readonly Guard<Command, MatterState | null>[], status, type })),
  ),
];

describe('who acts: the lifecycle guards demand the route permissions', () => {
  it('every step names the permissions of whoever may take it', () => {
    for (const step of steps) {
      const declared = step.guards.filter((g) => g.permissions !== undefined);
      expect(declared.length, step.label).toBeGreaterThan(0);
    }
  });

  it.each(STAFF_ROLES.map((r) => [r] as const))('%s: admitted to a step exactly when its permissions allow', (role: StaffRole) => {
    const granted = permissionsOf([role]);
    const actor = { userId: `u-${role}`, bodyId: HERE, roles: [role] };
    for (const step of steps) {
      const type = 'type' in step ? step.type! : 'register';
      const state = step.status === null ? null : everyBodyHere(step.status, role);
      const command = commandHere(type);
      for (const g of step.guards.filter((x) => x.permissions !== undefined)) {
        const verdict = g.check({ state: state as MatterState, command, actor, today: '2026-12-01', on: '2025-09-20', calendar, config });
        const holds = g.permissions!.some((p) => granted.has(p));
        const refusedForWho = verdict !== true && verdict.code === 'FORBIDDEN';
        expect(refusedForWho, `${role} × ${step.label} (${g.name} needs ${g.permissions!.join(' | ') || 'the system'})`).toBe(!holds);
      }
    }
  });

  it('no staff permission takes the scheduler’s steps (lapses)', () => {
    const lapses = steps.filter((s) => s.guards.some((g) => g.name === 'isSystem'));
    expect(lapses.length).toBeGreaterThan(0);
    for (const s of lapses) expect(s.guards.find((g) => g.name === 'isSystem')!.permissions).toEqual([]);
  });
});

/** Review a diff here as a change of who may command what, like the route → permission map. */
describe('the command → permission map', () => {
  it('is the reviewed one', () => {
    const byType = new Map<string, Set<string>>();
    for (const step of steps) {
      const type = 'type' in step ? step.type! : 'register';
      const needs = step.guards
        .filter((g) => g.permissions !== undefined)
        .map((g) => g.permissions!.join(' | ') || 'system only')
        .join(' & ');
      (byType.get(type) ?? byType.set(type, new Set()).get(type)!).add(needs);
    }
    const table = [...byType].map(([type, needs]) => `${type} → ${[...needs].sort().join(' ; ')}`).sort();
    expect(table).toEqual(EXPECTED);
  });
});

const EXPECTED: string[] = [
  'accept → matter.handle',
  'approveCompletionReport → matter.dispatch | supervision.act',
  'assessSupervision → supervision.act',
  'assign → matter.dispatch',
  'checkItem → matter.handle',
  'classify → matter.dispatch | matter.handle',
  'convert → matter.approve',
  'correctRegistration → matter.register',
  'dismissReturn → matter.dispatch',
  'draftOpinion → matter.handle',
  'endHearing → matter.handle',
  'escalateSupervision → supervision.act',
  'evaluate → matter.register | matter.dispatch | supervision.act',
  'extend → matter.approve',
  'fileCompletionReport → matter.handle',
  'flagDispatch → supervision.act',
  'forward → matter.dispatch',
  'issueReReviewOpinion → matter.handle',
  'issueReviewOpinion → matter.handle',
  'joinPetition → matter.register | matter.dispatch | matter.handle | supervision.act',
  'lapse → system only',
  'nameCaseLeader → matter.handle',
  'publishReReviewOpinion → matter.handle',
  'recordAgreement → matter.handle',
  'recordDelivery → matter.handle',
  'recordInvestigation → matter.handle',
  'recordReception → matter.register | matter.dispatch | matter.handle | supervision.act',
  'recordRepeatPetition → matter.register | matter.dispatch | matter.handle | supervision.act',
  'redirect → matter.dispatch | matter.handle ; matter.handle',
  'refuseExtension → matter.approve',
  'register → matter.register',
  'reject → matter.dispatch | matter.handle ; matter.handle',
  'reply → matter.handle',
  'replySupervision → matter.handle | matter.dispatch',
  'requestExtension → matter.handle',
  'requestReReview → matter.register | matter.dispatch | matter.handle',
  'requestReturn → matter.handle',
  'requestReview → matter.register | matter.dispatch | matter.handle',
  'rescheduleHearing → matter.handle',
  'retain → matter.dispatch',
  'returnCompletionReport → matter.dispatch | supervision.act',
  'sendBackRegistration → matter.dispatch',
  'signOpinion → matter.handle',
  'startHearing → matter.handle',
  'supervise → supervision.act',
  'upholdReturn → matter.dispatch',
];
