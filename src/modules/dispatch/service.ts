import { eq } from 'drizzle-orm';
import type { AppContext } from '../../context';
import { bodies } from '../../db/schema';
import type { DbOrTx } from '../../db/tx';
import { chinaDateOf } from '../../domain/calendar';
import type { CategoryNode } from '../../domain/classification';
import type { Command } from '../../domain/lifecycle';
import { XinfangError, notFound, validation } from '../../shared/errors';
import { appendEvents } from '../audit/append';
import type { StaffPrincipal } from '../auth/principal';
import { getMatterInScope } from '../matters/scope';
import { executeCommand } from '../matters/service';
import { suggestionsFor } from '../routing/service';
import { getSetting } from '../settings/service';

/** The acceptance office's verbs beyond the single lifecycle command: bulk triage and the competence table. */

/**
 * One decision for many matters. Each matter runs as its own command (its own transaction, event, clocks and
 * document), so one refusal does not hold up the others; a refusal is reported on its matter, any other error fails
 * the request.
 */
export async function bulkTriage(ctx: AppContext, p: StaffPrincipal, matterIds: readonly string[], command: Command) {
  const results = [];
  for (const matterId of [...new Set(matterIds)]) {
    try {
      const resolved = await resolveBulkCommand(ctx, p, matterId, command);
      const applied = await executeCommand(ctx, p, matterId, resolved);
      results.push({ matterId, ok: true, command: resolved.type, toBodyId: 'toBodyId' in resolved ? resolved.toBodyId : null, documents: applied.documents, error: null });
    } catch (err) {
      if (!(err instanceof XinfangError)) throw err;
      const d = (err.details ?? {}) as { reason?: string; article?: string | null; instead?: { command: string; channel: string; bodyKind: string | null } };
      results.push({
        matterId,
        ok: false,
        command: command.type,
        toBodyId: null,
        documents: [],
        error: { code: err.code, messageZh: err.messageZh, message: err.message, reason: d.reason ?? null, article: d.article ?? null, instead: d.instead ?? null },
      });
    }
  }
  return { results, succeeded: results.filter((r) => r.ok).length, failed: results.filter((r) => !r.ok).length };
}

/** `topSuggestion` → the matter's first suggestion; a redirect suggestion turns the command into a redirect. */
async function resolveBulkCommand(ctx: AppContext, p: StaffPrincipal, matterId: string, command: Command): Promise<Command> {
  if (!('toBodyId' in command) || command.toBodyId !== 'topSuggestion') return command;
  const row = await getMatterInScope(ctx.db, p, matterId);
  const top = (await suggestionsFor(ctx.db, [row], { store: true })).byMatter.get(row.id)?.[0];
  if (!top) throw new XinfangError('VALIDATION', '该事项没有分办建议，请逐件选择接收单位', 'no routing suggestion for this matter');
  if (top.action === 'redirect') {
    const channel = top.bodyKind === 'disciplineBody' ? 'discipline' : 'legalAffairs';
    return { type: 'redirect', channel, toBodyId: top.bodyId, ...(command.on ? { on: command.on } : {}), reason: '按分办建议导入' };
  }
  return { ...command, toBodyId: top.bodyId } as Command;
}

/** Refuses category names that are not in the configured content-category tree (any level). */
export async function assertKnownCategories(db: DbOrTx, competence: readonly string[]): Promise<void> {
  const names = new Set<string>();
  const walk = (nodes: readonly CategoryNode[]) => nodes.forEach((n) => (names.add(n.name), n.children && walk(n.children)));
  walk(await getSetting(db, 'categoryTree'));
  const unknown = competence.filter((c) => !names.has(c));
  if (unknown.length) throw validation([{ field: 'competence', messageZh: `内容分类「${unknown.join('、')}」不在分类体系中`, message: 'unknown category names' }]);
}

/** Sets the content categories a body is competent for (names of the configured tree, any level); an event on the body. */
export async function setCompetence(ctx: AppContext, p: StaffPrincipal, bodyId: string, competence: string[]) {
  await assertKnownCategories(ctx.db, competence);
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx.update(bodies).set({ competence }).where(eq(bodies.id, bodyId)).returning({ id: bodies.id, competence: bodies.competence });
    if (!row) throw notFound('body', '单位');
    await appendEvents(tx, [
      { entityType: 'body', entityId: row.id, type: 'body.competenceChanged', onDate: chinaDateOf(now), occurredAt: now, actorUserId: p.userId, actorBodyId: p.body.id, actorRoles: p.roles, payload: { competence } },
    ]);
    return { id: row.id, competence: row.competence ?? [] };
  });
}
