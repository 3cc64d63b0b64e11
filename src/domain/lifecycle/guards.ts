/**
 * Guards: named pure predicates over one proposed step (xstate `guards.ts`, STYLE principle 4). Each returns `true`
 * or a `Refusal` and is commented with the provision it enforces. The transition table (table.ts) lists them by name,
 * so it can be read against the statute line by line.
 *
 * `usesPayload` marks guards that judge the command's own fields (days, body ids, the simple-procedure assertions…):
 * `allowedCommands` skips those and judges only who acts, the status, the state and today's date.
 *
 * There is no bypass: 'admin' is not a role any guard accepts for a statutory act.
 *
 * The guards live in guards/, one file per stage of the course (the statute's order): common.ts holds the guard's
 * shape, its constructors and the helpers; this barrel is the module the table, `decide` and the tests import.
 */

export { ARTICLES, receiptOn, type Guard, type GuardContext } from './guards/common';
export * from './guards/dates';
export * from './guards/actors';
export * from './guards/dispatch';
export * from './guards/acceptance';
export * from './guards/extension';
export * from './guards/reply';
export * from './guards/appeal';
export * from './guards/hearing';
export * from './guards/reception';
export * from './guards/supervision';
export * from './guards/workspace';
export * from './guards/appeal-opinion';
