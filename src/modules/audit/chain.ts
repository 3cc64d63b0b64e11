import { createHash } from 'node:crypto';
import { canonicalJson } from '../../shared/canonical-json';

export const GENESIS_HASH = '0'.repeat(64);

/** The fields of an event the chain vouches for. */
export interface ChainedFields {
  entityType: string;
  entityId: string;
  seq: number;
  type: string;
  onDate: string;
  occurredAt: Date;
  actorUserId: string | null;
  actorBodyId: string | null;
  actorRoles: string[];
  payload: unknown;
  clockEffects: unknown;
}

/** sha256 over the previous hash and the event's content in canonical form. */
export function eventHash(prevHash: string, e: ChainedFields): string {
  const content = canonicalJson({
    prevHash,
    entityType: e.entityType,
    entityId: e.entityId,
    seq: e.seq,
    type: e.type,
    onDate: e.onDate,
    occurredAt: e.occurredAt.toISOString(),
    actorUserId: e.actorUserId,
    actorBodyId: e.actorBodyId,
    actorRoles: e.actorRoles,
    payload: e.payload,
    clockEffects: e.clockEffects,
  });
  return createHash('sha256').update(content).digest('hex');
}
