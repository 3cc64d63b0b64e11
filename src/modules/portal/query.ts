import { createHash } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { documents, events, petitionMatters, petitionPetitioners, petitioners, petitions } from '../../db/schema';
import { queryRows } from '../../db/tx';
import { chinaDateOf } from '../../domain/calendar';
import type { AppContext } from '../../context';
import { XinfangError } from '../../shared/errors';
import { appendEvents } from '../audit/append';
import { renderDocument } from '../documents/service';
import { queryCodeHash } from '../petitions/service';
import type { QueryLockout } from './lockout';
import { contactDigest } from './submit';
import { citizenView, type CitizenView } from './views';

/**
 * 查询: the citizen presents the query code given at submission and the last 4 characters of their ID number or
 * mobile phone, and sees the progress of their petition (Art. 21 ¶2). A wrong code and a wrong `last4` get the same
 * answer, and both count towards locking that code (see lockout.ts), so the answers reveal nothing about which codes
 * exist. Every successful query is an event on the petition (`portalQueried`, with the IP).
 */

/** Crockford base32 as typed by people: case-insensitive, spaces and dashes ignored, I/L read as 1 and O as 0. */
export function normaliseQueryCode(code: string): string {
  return code
    .trim()
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/[IL]/g, '1')
    .replace(/O/g, '0');
}

function noMatch(): XinfangError {
  return new XinfangError('NOT_FOUND', '查询码或证件号码/手机号码后四位不正确，请核对后重试', 'no petition matches this query code and last4');
}

function locked(until: Date, now: Date): XinfangError {
  const minutes = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 60_000));
  return new XinfangError(
    'RATE_LIMITED',
    `该查询码连续输入错误次数过多，已暂时锁定，请 ${minutes} 分钟后再试`,
    'too many wrong answers for this query code; locked',
    { lockedUntil: until.toISOString(), retryAfterSeconds: Math.ceil((until.getTime() - now.getTime()) / 1000) },
  );
}

type PetitionRow = typeof petitions.$inferSelect;

/**
 * The petition a query code and `last4` open, or the same NOT_FOUND for any mismatch (counted towards the code's
 * lockout). Shared by the progress view and the document download, so both answer alike.
 */
export async function authenticateQuery(
  ctx: AppContext,
  input: { code: string; last4: string },
  lockout: QueryLockout,
): Promise<{ petition: PetitionRow; matched: 'idNumber' | 'phone' }> {
  const now = ctx.now();
  const code = normaliseQueryCode(input.code);
  const last4 = input.last4.trim().toUpperCase();
  const key = createHash('sha256').update(`portal-query:${code}`).digest('hex');
  const lockedUntil = await lockout.lockedUntil(key, now);
  if (lockedUntil) throw locked(lockedUntil, now);

  const fail = async (): Promise<never> => {
    const until = await lockout.fail(key, now);
    throw until ? locked(until, now) : noMatch();
  };

  if (!/^[0-9A-HJKMNP-TV-Z]{16}$/.test(code)) return fail();
  const hash = queryCodeHash(code);
  const [petition] = await ctx.db.select().from(petitions).where(eq(petitions.queryCodeHash, hash));
  if (!petition) return fail();

  const people = await ctx.db
    .select({ idNumber: petitioners.idNumber, phone: petitioners.phone })
    .from(petitionPetitioners)
    .innerJoin(petitioners, eq(petitioners.id, petitionPetitioners.petitionerId))
    .where(eq(petitionPetitioners.petitionId, petition.id));
  let matched: 'idNumber' | 'phone' | null = null;
  if (people.some((p) => p.idNumber?.slice(-4).toUpperCase() === last4)) matched = 'idNumber';
  else if (people.some((p) => p.phone && p.phone.replace(/\D/g, '').slice(-4) === last4)) matched = 'phone';
  else {
    // The phone typed on the form, when the registry kept an earlier phone of a known person (submit.ts).
    const digest = contactDigest(hash, last4);
    const rows = await queryRows<{ n: number }>(
      ctx.db,
      sql`SELECT count(*)::int AS n FROM ${events} WHERE ${and(eq(events.entityType, 'petition'), eq(events.entityId, petition.id), eq(events.type, 'portalSubmitted'))} AND ${events.payload} -> 'contactDigests' ? ${digest}`,
    );
    if ((rows[0]?.n ?? 0) > 0) matched = 'phone';
  }
  if (!matched) return fail();
  await lockout.succeed(key);
  return { petition, matched };
}

export async function queryPetition(ctx: AppContext, input: { code: string; last4: string }, meta: { ip: string }, lockout: QueryLockout): Promise<CitizenView> {
  const now = ctx.now();
  const { petition, matched } = await authenticateQuery(ctx, input, lockout);
  const view = await citizenView(ctx.db, await ctx.calendar.current(), petition, { now, config: ctx.timeLimits });
  await ctx.db.transaction((tx) =>
    appendEvents(tx, [
      {
        entityType: 'petition',
        entityId: petition.id,
        type: 'portalQueried',
        onDate: chinaDateOf(now),
        occurredAt: now,
        actorRoles: ['system'],
        payload: { ip: meta.ip, matchedBy: matched },
      },
    ]),
  );
  return view;
}

/**
 * A notice addressed to the petitioner (受理告知书, 不予受理告知书 …) on one of the petition's matters, as .docx. Letters
 * between bodies (转送函, 交办函) are not the petitioner's to download. Every download is an event on the petition.
 */
export async function petitionerDocument(
  ctx: AppContext,
  documentId: string,
  input: { code: string; last4: string },
  meta: { ip: string },
  lockout: QueryLockout,
): Promise<{ number: string; title: string; buffer: Buffer }> {
  const { petition } = await authenticateQuery(ctx, input, lockout);
  const [doc] = /^[0-9a-f-]{36}$/i.test(documentId)
    ? await ctx.db
        .select({ doc: documents })
        .from(documents)
        .innerJoin(petitionMatters, eq(petitionMatters.matterId, documents.matterId))
        .where(and(eq(documents.id, documentId), eq(petitionMatters.petitionId, petition.id), eq(documents.forPetitioner, true)))
    : [];
  if (!doc) throw new XinfangError('NOT_FOUND', '文书不存在', 'no such document for this petition');
  const d = doc.doc;
  const rendered = await renderDocument(d);
  const now = ctx.now();
  await ctx.db.transaction((tx) =>
    appendEvents(tx, [
      {
        entityType: 'petition',
        entityId: petition.id,
        type: 'portalDocumentDownloaded',
        onDate: chinaDateOf(now),
        occurredAt: now,
        actorRoles: ['system'],
        payload: { ip: meta.ip, documentId: d.id, number: d.number },
      },
    ]),
  );
  return rendered;
}
