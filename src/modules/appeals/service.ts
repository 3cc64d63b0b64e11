import { and, eq, or, type SQL } from 'drizzle-orm';
import { bodies } from '../../db/schema';
import type { DbOrTx } from '../../db/tx';
import {
  APPEAL_ARTICLES,
  APPEAL_STAGE_LABELS,
  appealCandidates,
  appealLookup,
  appealNoteZh,
  type AppealStage,
  type OrgBody,
} from '../../domain/appeals';
import type { MatterState } from '../../domain/lifecycle';
import { BODY_KIND_LABELS } from '../../domain/org';
import { XinfangError, validation } from '../../shared/errors';

/**
 * 复查、复核机关 of a matter, from the `bodies` table: one level above the body whose decision is appealed — the
 * responsible (handling) body for a review (Art. 35), the review body for a re-review (Art. 36). The rule itself is
 * pure (src/domain/appeals); this reads the few rows it needs. Used by the staff command (dispatch/prepare.ts fills
 * or checks the body id), the API (GET /matters/:id/appeal-body) and the citizen portal (shown before confirming).
 */

export interface AppealBodyCandidate {
  id: string;
  name: string;
  kind: string;
  kindLabel: string;
  relation: 'superior' | 'higherCounterpart';
  reasonZh: string;
  isDefault: boolean;
}

export interface AppealBodyResolution {
  stage: AppealStage;
  stageLabel: string;
  article: string;
  /** The body whose decision is appealed. */
  from: { id: string; name: string };
  /** Default first; empty when the tree has nothing above `from`. */
  candidates: AppealBodyCandidate[];
  defaultBodyId: string | null;
  noteZh: string | null;
}

/** The body whose decision a review / re-review appeals, or null when the matter has not reached that point. */
export function appealedBodyId(state: MatterState, stage: AppealStage): string | null {
  return stage === 'review' ? state.responsibleBodyId : state.reviewBodyId;
}

const COLUMNS = {
  id: bodies.id,
  name: bodies.name,
  kind: bodies.kind,
  level: bodies.level,
  regionCode: bodies.regionCode,
  parentId: bodies.parentId,
  competence: bodies.competence,
  active: bodies.active,
};

/** The resolution for a body, or null when no such body exists. */
export async function resolveAppealBodyFrom(db: DbOrTx, fromId: string, stage: AppealStage): Promise<AppealBodyResolution | null> {
  const [from] = (await db.select(COLUMNS).from(bodies).where(eq(bodies.id, fromId))) as OrgBody[];
  if (!from) return null;
  const look = appealLookup(from);
  const conditions: SQL[] = [];
  if (look.parentId) conditions.push(eq(bodies.id, look.parentId));
  if (look.regionCode && look.level) conditions.push(and(eq(bodies.kind, look.kind), eq(bodies.regionCode, look.regionCode), eq(bodies.level, look.level))!);
  const nearby = conditions.length ? ((await db.select(COLUMNS).from(bodies).where(or(...conditions))) as OrgBody[]) : [];
  const found = appealCandidates(from, nearby);
  return {
    stage,
    stageLabel: APPEAL_STAGE_LABELS[stage],
    article: APPEAL_ARTICLES[stage],
    from: { id: from.id, name: from.name },
    candidates: found.map((c, i) => ({
      id: c.body.id,
      name: c.body.name,
      kind: c.body.kind,
      kindLabel: BODY_KIND_LABELS[c.body.kind],
      relation: c.relation,
      reasonZh: c.reasonZh,
      isDefault: i === 0,
    })),
    defaultBodyId: found[0]?.body.id ?? null,
    noteZh: appealNoteZh(from, stage, found),
  };
}

/**
 * The resolution for a matter. Refused (INVALID_TRANSITION) when the matter has no body to appeal yet: no handling
 * body before dispatch, no review body before a review.
 */
export async function resolveAppealBody(db: DbOrTx, state: MatterState, stage: AppealStage): Promise<AppealBodyResolution> {
  const fromId = appealedBodyId(state, stage);
  const resolution = fromId ? await resolveAppealBodyFrom(db, fromId, stage) : null;
  if (!resolution) {
    throw new XinfangError(
      'INVALID_TRANSITION',
      stage === 'review' ? '该事项尚未确定办理机关，无从确定复查机关' : '该事项尚未复查，无从确定复核机关',
      stage === 'review' ? 'the matter has no handling body yet' : 'the matter has not been reviewed',
      { article: APPEAL_ARTICLES[stage] },
    );
  }
  return resolution;
}

/**
 * The appeal body a request goes to: the one given, if it is a candidate, or else the default. Refuses (VALIDATION,
 * naming `field`) a body that is not one level above, or a request when the tree offers no body.
 */
export function chooseAppealBody(resolution: AppealBodyResolution, given: unknown, field: string): string {
  const what = resolution.stageLabel;
  if (given === undefined || given === null || given === '') {
    if (resolution.defaultBodyId) return resolution.defaultBodyId;
    throw validation([{ field, messageZh: resolution.noteZh ?? `无法确定${what}机关`, message: `no ${resolution.stage} body above ${resolution.from.name} in the organisation tree`, article: resolution.article }]);
  }
  const match = typeof given === 'string' ? resolution.candidates.find((c) => c.id === given) : undefined;
  if (!match) {
    const allowed = resolution.candidates.map((c) => c.name).join('、');
    throw validation([
      {
        field,
        messageZh: `${what}机关应为${resolution.from.name}的上一级机关${allowed ? `（${allowed}）` : ''}，所选机关不符`,
        message: `the ${resolution.stage} body must be one level above ${resolution.from.id}: one of ${resolution.candidates.map((c) => c.id).join(', ') || 'none'}`,
        article: resolution.article,
      },
    ]);
  }
  return match.id;
}
