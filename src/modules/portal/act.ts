import { and, eq } from 'drizzle-orm';
import { matters, petitionMatters } from '../../db/schema';
import { chinaDateOf } from '../../domain/calendar';
import type { Command, Rating } from '../../domain/lifecycle';
import type { AppContext } from '../../context';
import { XinfangError } from '../../shared/errors';
import { appendEvents } from '../audit/append';
import { prepareCommand } from '../dispatch/prepare';
import { issueDocuments } from '../documents/issue';
import { applyCommand } from '../matters/service';
import { portalActor } from './actions';
import type { QueryLockout } from './lockout';
import { authenticateQuery } from './query';
import { citizenView, type CitizenView } from './views';

/**
 * The petitioner acts online on a matter of their petition (Art. 21 ¶2 评价, Art. 35 复查, Art. 36 复核): the same
 * query code and last 4 characters as the progress view, counted towards the same lockout. The act is the lifecycle
 * command run for the petitioner by the portal ('system'), so the lifecycle's windows and once-only rules apply
 * exactly as to staff, and it is an event on the matter; the request's IP is an event on the petition, as a query's is.
 */

export type CitizenRequest =
  | { type: 'evaluate'; rating: Rating; comment?: string | null }
  | { type: 'requestReview'; bodyId?: string | null; reasons: string }
  | { type: 'requestReReview'; bodyId?: string | null; reasons: string };

function commandOf(request: CitizenRequest): Command {
  switch (request.type) {
    case 'evaluate': {
      const comment = request.comment?.trim();
      return { type: 'evaluate', rating: request.rating, ...(comment ? { comment } : {}) };
    }
    // An absent body is filled with the default by prepareCommand; a given one must be a candidate.
    case 'requestReview':
      return { type: 'requestReview', reviewBodyId: request.bodyId ?? '', reasons: request.reasons.trim() };
    case 'requestReReview':
      return { type: 'requestReReview', reReviewBodyId: request.bodyId ?? '', reasons: request.reasons.trim() };
  }
}

/** A lifecycle refusal as the citizen should read it: the reason and the provision it rests on, in one sentence. */
function forCitizen(err: unknown): unknown {
  if (!(err instanceof XinfangError) || (err.code !== 'REFUSED' && err.code !== 'INVALID_TRANSITION')) return err;
  const article = (err.details as { article?: string | null } | undefined)?.article;
  if (!article || err.messageZh.includes(article)) return err;
  return new XinfangError(err.code, `${err.messageZh}（依据：${article}）`, err.message, err.details);
}

export async function actOnMatter(
  ctx: AppContext,
  matterNumber: string,
  credentials: { code: string; last4: string },
  request: CitizenRequest,
  meta: { ip: string },
  lockout: QueryLockout,
): Promise<CitizenView> {
  const { petition } = await authenticateQuery(ctx, credentials, lockout);
  const now = ctx.now();
  await ctx.db.transaction(async (tx) => {
    // Only a matter of the petition the code opens; any other number is simply not there for this citizen.
    const [linked] = await tx
      .select({ id: matters.id })
      .from(petitionMatters)
      .innerJoin(matters, eq(matters.id, petitionMatters.matterId))
      .where(and(eq(petitionMatters.petitionId, petition.id), eq(matters.number, matterNumber)));
    if (!linked) throw new XinfangError('NOT_FOUND', '该信访件下没有此信访事项', 'no such matter in this petition');
    const [row] = await tx.select().from(matters).where(eq(matters.id, linked.id)).for('update');
    const prepared = await prepareCommand(tx, row!, commandOf(request));
    // An evaluation reaches the bureau that registered the matter; an appeal is received by the body that will decide it.
    const receivedBy =
      prepared.type === 'requestReview' ? prepared.reviewBodyId : prepared.type === 'requestReReview' ? prepared.reReviewBodyId : row!.registeringBodyId;
    let applied;
    try {
      applied = await applyCommand(tx, ctx, row!, prepared, portalActor(receivedBy), now);
    } catch (err) {
      throw forCitizen(err);
    }
    await issueDocuments(tx, await ctx.calendar.current(tx), row!, prepared, applied.event, applied.next, applied.eventSeq);
    await appendEvents(tx, [
      {
        entityType: 'petition',
        entityId: petition.id,
        type: 'portalActed',
        onDate: chinaDateOf(now),
        occurredAt: now,
        actorRoles: ['system'],
        payload: { ip: meta.ip, matterNumber, command: prepared.type, matterEventType: applied.event.type },
      },
    ]);
  });
  return citizenView(ctx.db, await ctx.calendar.current(), petition, { now, config: ctx.timeLimits });
}
