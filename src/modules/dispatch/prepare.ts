import { eq } from 'drizzle-orm';
import type { matters} from '../../db/schema';
import { bodies, regions } from '../../db/schema';
import type { Tx } from '../../db/tx';
import { categoryPathProblem } from '../../domain/classification';
import { REDIRECT_CHANNEL_LABELS, transitionFor, type Command, type MatterState, type RedirectChannel, type RoutingRecord } from '../../domain/lifecycle';
import { isBureauFamily, isHigherLevel, type BodyKind } from '../../domain/org';
import { validation } from '../../shared/errors';
import { chooseAppealBody, resolveAppealBody } from '../appeals/service';
import { suggestionsFor } from '../routing/service';
import { getSetting } from '../settings/service';

type MatterRow = typeof matters.$inferSelect;

/** The kind of body each redirect channel leads to (诉访分离); any competent body runs another statutory procedure. */
export const REDIRECT_KIND: Readonly<Record<RedirectChannel, BodyKind | null>> = {
  legalAffairs: 'legalAffairsBody',
  discipline: 'disciplineBody',
  statutoryProcedure: null,
};

/**
 * What the lifecycle engine cannot judge because it lives in the database: the configured category tree and
 * rejection grounds, the target body, the region, and the review / re-review body (one level above in the org
 * tree). Also completes the command with what the deployment knows — the article of a rejection ground, the appeal
 * body when none is given, and what the routing suggestions offered when a clerk chose a body (so every override is
 * recorded). Runs inside the command's transaction, before `decide`.
 */
export async function prepareCommand(tx: Tx, row: MatterRow, command: Command): Promise<Command> {
  switch (command.type) {
    case 'classify': {
      const problem = categoryPathProblem(await getSetting(tx, 'categoryTree'), command.categoryPath ?? []);
      if (problem) throw validation([{ field: 'categoryPath', messageZh: problem, message: 'the category path is not in the configured tree' }]);
      return command;
    }
    case 'checkItem': {
      const items = await getSetting(tx, 'firstPetitionChecklist');
      if (!items.some((i) => i.key === command.item)) {
        throw validation([{ field: 'item', messageZh: `清单项目「${command.item}」不在配置的办理清单中`, message: 'unknown checklist item' }]);
      }
      return command;
    }
    case 'draftOpinion':
      // The configured chain, never the client's: a handler cannot draft around the leaders. It is recorded with the
      // draft, so a later configuration change does not move its goalposts.
      return { ...command, chain: await getSetting(tx, 'signOffChain') };
    case 'reject': {
      const ground = (await getSetting(tx, 'rejectionReasons')).find((r) => r.code === command.reasonCode);
      if (!ground) throw validation([{ field: 'reasonCode', messageZh: `不予受理理由「${command.reasonCode}」不在配置的理由清单中`, message: 'unknown rejection reason code' }]);
      return { ...command, article: command.article?.trim() ? command.article : ground.article, reason: command.reason?.trim() ? command.reason : ground.noticeText };
    }
    case 'forward': {
      await targetBody(tx, command.toBodyId, null);
      return { ...command, routing: await routingRecord(tx, row, command.toBodyId) };
    }
    case 'assign': {
      // The registering bureau assigns (isDispatcher): from a higher level, the simple procedure is excluded.
      const target = await targetBody(tx, command.toBodyId, null);
      const [bureau] = await tx.select({ level: bodies.level }).from(bodies).where(eq(bodies.id, row.registeringBodyId));
      const byHigherLevel = !!bureau && isHigherLevel(bureau.level, target.level);
      return { ...command, byHigherLevel, routing: await routingRecord(tx, row, command.toBodyId) };
    }
    case 'redirect': {
      await targetBody(tx, command.toBodyId, command.channel);
      return { ...command, routing: await routingRecord(tx, row, command.toBodyId) };
    }
    case 'correctRegistration': {
      const code = command.changes?.regionCode;
      if (code) {
        const [region] = await tx.select({ code: regions.code }).from(regions).where(eq(regions.code, code));
        if (!region) throw validation([{ field: 'changes.regionCode', messageZh: `行政区划代码 ${code} 不存在`, message: 'unknown region code' }]);
      }
      return command;
    }
    case 'requestReview':
    case 'requestReReview': {
      // Art. 35–36: the body one level above comes from the org tree, which the engine does not see. Where the step
      // is not possible at all, `decide` gives the better refusal.
      const state = row.state as MatterState;
      if (!transitionFor(state.status, command.type)) return command;
      const review = command.type === 'requestReview';
      const field = review ? 'reviewBodyId' : 'reReviewBodyId';
      const given: unknown = review ? command.reviewBodyId : command.reReviewBodyId;
      const chosen = chooseAppealBody(await resolveAppealBody(tx, state, review ? 'review' : 'reReview'), given, field);
      return review ? { ...command, reviewBodyId: chosen } : { ...command, reReviewBodyId: chosen };
    }
    default:
      return command;
  }
}

async function targetBody(tx: Tx, id: string, channel: RedirectChannel | null) {
  const field = 'toBodyId';
  const [body] = /^[0-9a-f-]{36}$/i.test(id ?? '') ? await tx.select().from(bodies).where(eq(bodies.id, id)) : [];
  if (!body || !body.active) throw validation([{ field, messageZh: '接收单位不存在或已撤销', message: 'the target body does not exist or is inactive' }]);
  if (isBureauFamily(body.kind)) {
    throw validation([{ field, messageZh: `${body.name}是信访部门或其内设机构，不能作为转送、交办对象；本级办理请选择「本级办理」`, message: 'a petition bureau or its office cannot be a dispatch target' }]);
  }
  const kind = channel ? REDIRECT_KIND[channel] : null;
  if (kind && body.kind !== kind) {
    throw validation([{ field, messageZh: `导入${REDIRECT_CHANNEL_LABELS[channel!]}须选择相应机关，${body.name}不是`, message: `a '${channel}' redirect goes to a ${kind}` }]);
  }
  return body;
}

/** What the suggestions offered for this matter at the moment of the decision, and where the chosen body ranked. */
async function routingRecord(tx: Tx, row: MatterRow, chosen: string): Promise<RoutingRecord> {
  const { modelVersion, byMatter } = await suggestionsFor(tx, [row]);
  const suggested = (byMatter.get(row.id) ?? []).map((s) => s.bodyId);
  const rank = suggested.indexOf(chosen);
  return { suggested, modelVersion, chosenRank: rank === -1 ? null : rank + 1 };
}
