import { chinaDateOf, type Calendar } from '../calendar';
import type { TimeLimitConfig } from './config';
import type { GuardContext } from './guards';
import { COMMAND_LABELS, commandLabel } from './labels';
import { COMMON_GUARDS, commandsIn, transitionFor } from './table';
import { PETITION_COMMANDS, type Actor, type Command, type CommandType, type MatterState } from './types';

/**
 * What this actor may do to this matter now: the UI renders only these (STYLE principle 15), so the rules live in one
 * place.
 *
 * How it judges: for each command the table lists in the current status, it runs the date guards and every guard NOT
 * marked `usesPayload`, with `on` = today. So it answers from who acts, the status, the state and today's date:
 * - actor guards (role and body) and state guards (procedure, report status, hearing, clocks running, windows still
 *   open today, some extension left) are judged;
 * - guards on the command's own fields are not: the days of an extension, target body ids, the simple-procedure
 *   assertions and deadline, outcomes, ratings, reasons, and, for `register`, the facts. `decide` still judges them.
 * Consequently `accept` is offered whenever the ordinary procedure is possible (it always is for the responsible
 * staff); `requestReview`/`requestReReview` are offered to any appeal-receiving role; the service narrows those by
 * the org tree. `register` (no state) is offered to registrars, acceptance officers and the portal. Repeat and joined
 * petitions are not offered on a matter: they are registered as petitions at the desk (PETITION_COMMANDS).
 */

export interface AllowedCommand {
  type: CommandType;
  labelZh: string;
}

export interface AllowedContext {
  now: Date;
  calendar: Calendar;
  config: TimeLimitConfig;
}

export function allowedCommands(state: MatterState | null, actor: Actor, ctx: AllowedContext): AllowedCommand[] {
  if (state === null) {
    return actor.roles.some((r) => r === 'registrar' || r === 'acceptanceOfficer' || r === 'system')
      ? [{ type: 'register', labelZh: COMMAND_LABELS.register }]
      : [];
  }
  const today = chinaDateOf(ctx.now);
  const out: AllowedCommand[] = [];
  for (const type of commandsIn(state.status)) {
    if ((PETITION_COMMANDS as readonly CommandType[]).includes(type)) continue;
    const step = transitionFor(state.status, type);
    if (!step) continue;
    // A probe without payload: only guards that never read the command's own fields run against it.
    const command = { type, on: today } as unknown as Command;
    const gctx: GuardContext = { state, command, actor, today, on: today, calendar: ctx.calendar, config: ctx.config };
    const pass =
      COMMON_GUARDS.every((g) => g.check(gctx) === true) && step.guards.every((g) => g.usesPayload || g.check(gctx) === true);
    if (pass) out.push({ type, labelZh: commandLabel(type, state.status) });
  }
  return out;
}
