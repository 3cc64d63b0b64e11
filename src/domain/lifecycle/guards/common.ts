import type { Calendar, IsoDate } from '../../calendar';
import { clockDue, isClockRunning } from '../clocks';
import type { TimeLimitConfig } from '../config';
import { CLOCK_LABELS } from '../labels';
import type { Actor, ClockName, Command, MatterState, Refusal, Role } from '../types';
import { permissionsOf, type Permission } from '../../org/roles';

/**
 * What every guard file shares: the guard's shape and its two constructors, the articles guards cite, and the small
 * predicates and verdicts they are written with (see guards.ts).
 */

export interface GuardContext<C extends Command = Command, S extends MatterState | null = MatterState> {
  state: S;
  command: C;
  actor: Actor;
  /** Today in China time (from the injected `now`). */
  today: IsoDate;
  /** The legal date of the act: `command.on ?? today`. */
  on: IsoDate;
  calendar: Calendar;
  config: TimeLimitConfig;
}

export type Verdict = true | Omit<Refusal, 'guard'>;

/** A guard over commands of type C (a guard for all commands is assignable to one for a single command). */
export interface Guard<C extends Command = Command, S extends MatterState | null = MatterState> {
  name: string;
  article?: string;
  usesPayload: boolean;
  /**
   * For the guards that decide who acts: the permissions (any one of them) the actor's roles must grant. The same
   * permissions the HTTP routes demand (domain/org/roles.ts), so a role that a route refuses is refused by the
   * engine too, through every path (per-matter commands, bulk triage, CLI).
   */
  permissions?: readonly Permission[];
  check: (ctx: GuardContext<C, S>) => true | Refusal;
}

export function guard<C extends Command = Command, S extends MatterState | null = MatterState>(
  name: string,
  options: { article?: string; usesPayload?: boolean },
  fn: (ctx: GuardContext<C, S>) => Verdict,
): Guard<C, S> {
  const article = options.article;
  return {
    name,
    ...(article !== undefined ? { article } : {}),
    usesPayload: options.usesPayload ?? false,
    check: (ctx) => {
      const verdict = fn(ctx);
      if (verdict === true) return true;
      const refusal: Refusal = { ...verdict, guard: name };
      if (refusal.article === undefined && article !== undefined) refusal.article = article;
      return refusal;
    },
  };
}

/**
 * A guard on who acts: the actor holds one of `permissions` (through their roles) and `atBody` accepts where they
 * sit. `system` (the portal, the scheduler, the importer) passes where `allowsSystem`. The permissions are declared,
 * not only checked, so a test can prove the engine and the routes agree for every role.
 */
export function actorGuard<C extends Command = Command, S extends MatterState | null = MatterState>(
  name: string,
  options: { article?: string; usesPayload?: boolean; permissions: readonly Permission[]; allowsSystem?: boolean },
  refusal: { zh: string; en: string },
  atBody: (ctx: GuardContext<C, S>) => boolean = () => true,
): Guard<C, S> {
  const inner = guard<C, S>(name, options, (ctx) => {
    if (options.allowsSystem && ctx.actor.roles.includes('system')) return true;
    return holds(ctx.actor, options.permissions) && atBody(ctx) ? true : forbidden(refusal.zh, refusal.en);
  });
  return { ...inner, permissions: options.permissions };
}

/** Declares the permissions a guard that also judges more than who acts (the sign-off order) checks itself. */
export function withPermissions<C extends Command, S extends MatterState | null>(permissions: readonly Permission[], g: Guard<C, S>): Guard<C, S> {
  return { ...g, permissions };
}

// ---------------------------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------------------------

export const ART = {
  a19p3: '《信访工作条例》第十九条第三款',
  a29to31: '《信访工作条例》第二十九条、第三十条、第三十一条',
  a21: '《信访工作条例》第二十一条',
  a22: '《信访工作条例》第二十二条',
  a22p3: '《信访工作条例》第二十二条第一款第三项',
  a22p2: '《信访工作条例》第二十二条第二款',
  a23: '《信访工作条例》第二十三条',
  a23p3: '《信访工作条例》第二十三条第三款',
  a28p2: '《信访工作条例》第二十八条第二款',
  a31: '《信访工作条例》第三十一条',
  a32: '《信访工作条例》第三十二条',
  a34: '《信访工作条例》第三十四条',
  a35: '《信访工作条例》第三十五条',
  a36: '《信访工作条例》第三十六条',
  a36p2: '《信访工作条例》第三十六条第二款',
  a37p3: '《信访工作条例》第三十七条第三款',
  a39p3: '《信访工作条例》第三十九条第三款',
  a40: '《信访工作条例》第四十条',
  simple: '《信访事项简易办理办法（试行）》',
  /** A rule the statute leaves to the deployment (configurable practice): shown as such, never as a legal basis. */
  practice: '本平台设置',
} as const;
export const ARTICLES = ART;

export function hasRole(actor: Actor, roles: readonly Role[]): boolean {
  return roles.some((r) => actor.roles.includes(r));
}

/** Whether the actor's roles grant any of the permissions. */
export function holds(actor: Actor, permissions: readonly Permission[]): boolean {
  const granted = permissionsOf(actor.roles);
  return permissions.some((p) => granted.has(p));
}

export function atBody(actor: Actor, bodyId: string | null): boolean {
  return bodyId !== null && actor.bodyId === bodyId;
}

export function forbidden(messageZh: string, message: string): Verdict {
  return { code: 'FORBIDDEN', messageZh, message };
}

export function invalid(messageZh: string, message: string): Verdict {
  return { code: 'VALIDATION', messageZh, message };
}

export function nonEmpty(value: unknown): value is string {
  return typeof value === 'string' && value.trim().length > 0;
}

export function oneOf<T extends string>(list: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (list as readonly string[]).includes(value);
}

/** The responsible body's receipt: the dispatch date, or the registering body's own receipt (Art. 23 ¶2, ¶3). */
export function receiptOn(state: MatterState): IsoDate {
  return state.dispatchedOn ?? state.facts.receivedOn;
}

/** `on` must fall inside a running window: from its start to its due date, both included. */
export function insideWindow(
  ctx: GuardContext<Command>,
  clock: ClockName,
  code: string,
  what: { zh: string; en: string },
): Verdict {
  const c = ctx.state.clocks[clock];
  if (!isClockRunning(c)) {
    return { code, messageZh: `${CLOCK_LABELS[clock]}未开始或已结束，不能${what.zh}`, message: `the ${clock} is not open: cannot ${what.en}` };
  }
  const due = clockDue(c, ctx.calendar).due;
  if (ctx.on < c.from) {
    return { code, messageZh: `${CLOCK_LABELS[clock]}自${c.from}起算，${ctx.on}尚不能${what.zh}`, message: `the ${clock} opens on ${c.from}` };
  }
  if (ctx.on > due) {
    return {
      code,
      messageZh: `${CLOCK_LABELS[clock]}已于${due}届满（自${c.from}起${c.amount + c.pausedDays}${c.unit === 'days' ? '日' : '个工作日'}），不能${what.zh}`,
      message: `the ${clock} closed on ${due}: cannot ${what.en} on ${ctx.on}`,
    };
  }
  return true;
}

/** For `lapse`: the window is still running and its last day has passed. */
export function windowPassed(ctx: GuardContext<Command>, clock: ClockName): Verdict {
  const c = ctx.state.clocks[clock];
  if (!isClockRunning(c)) {
    return { code: 'WINDOW_NOT_RUNNING', messageZh: `${CLOCK_LABELS[clock]}未在计时`, message: `the ${clock} is not running` };
  }
  const due = clockDue(c, ctx.calendar).due;
  if (ctx.on <= due) {
    return {
      code: 'WINDOW_STILL_OPEN',
      messageZh: `${CLOCK_LABELS[clock]}至${due}届满，期满前不能办结`,
      message: `the ${clock} is open until ${due}`,
    };
  }
  return true;
}
