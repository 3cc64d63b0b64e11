/**
 * The vocabulary of a matter's course (信访事项的流程). Names follow shared/domain/GLOSSARY.md; Chinese labels live in
 * labels.ts. Everything here is plain JSON data: a `MatterState` is the fold of its `MatterEvent`s (evolve.ts) and
 * survives a JSON round-trip unchanged, so absent values are `null`, never `undefined`.
 *
 * The types live in types/, one file per concern (statuses, actors, facts, enumerations, clocks, state, the opinion
 * sign-off, commands, events, event payloads, refusals); this barrel is the module everything imports.
 */

export * from './types/statuses';
export * from './types/actors';
export * from './types/facts';
export * from './types/enumerations';
export * from './types/clocks';
export * from './types/state';
export * from './types/sign-off';
export * from './types/commands';
export * from './types/events';
export * from './types/payloads';
export * from './types/refusal';
