import type { IsoDate } from '../../calendar';
import type { Actor, Position } from './actors';
import type { ClockEffect, ClockName } from './clocks';
import type { CommandOf, CommandType } from './commands';
import type { AppealDisposition, Outcome } from './enumerations';
import type { EventType } from './events';
import type { OpinionDraft, SignOffStep } from './sign-off';

// ---------------------------------------------------------------------------------------------------------------
// Events: the recorded event
// ---------------------------------------------------------------------------------------------------------------

export interface MatterEvent {
  type: EventType;
  /** Legal date of the act (China time). */
  on: IsoDate;
  actor: Actor;
  /** JSON only: the command's own fields (without `type` and `on`), plus facts the engine derived (see decide.ts). */
  payload: Record<string, unknown>;
  clockEffects: ClockEffect[];
}

// ---------------------------------------------------------------------------------------------------------------
// Event payloads (what `decide` writes and `evolve` reads)
// ---------------------------------------------------------------------------------------------------------------

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** What the engine adds to a command's own fields when it records the event. */
export interface EventPayloadExtras {
  extend: { approvedBy: string; totalExtensionDays: number; days: number; reason: string; requestedBy: string | null };
  convert: { approvedBy: string; acceptedOn: IsoDate };
  lapse: { window: ClockName };
  /** refusedAgain: the matter is terminated (Art. 36 ¶3, 不再受理); pendingHandling: it is still being handled. */
  recordRepeatPetition: { refusedAgain: boolean; pendingHandling: boolean };
  joinPetition: { refusedAgain: boolean; pendingHandling: boolean };
  supervise: { targetBodyId: string };
  draftOpinion: { chain: SignOffStep[] };
  signOpinion: { step: string; position: Position | null };
  reply: IssuedOpinion;
  issueReviewOpinion: IssuedOpinion;
  issueReReviewOpinion: IssuedOpinion;
}

/** What an issued opinion's event carries: the signed draft's content and who signed it. */
interface IssuedOpinion {
  outcome: Outcome;
  summary: string;
  signatures: OpinionDraft['signatures'];
  /** A 复查 / 复核 opinion's disposition, copied from the draft. */
  disposition?: AppealDisposition;
}

/** The payload of the event a command produces: the command without `type`/`on`, undefined fields dropped, plus extras. */
export type EventPayload<T extends CommandType> = DistributiveOmit<CommandOf<T>, 'type' | 'on'> &
  (T extends keyof EventPayloadExtras ? EventPayloadExtras[T] : unknown);
