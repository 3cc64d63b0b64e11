import { createHash } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { events, petitionPetitioners, petitioners, petitions } from '../../db/schema';
import { queryRows } from '../../db/tx';
import { chinaDateOf } from '../../domain/calendar';
import type { AppContext } from '../../http/app';
import { XinfangError } from '../../shared/errors';
import { appendEvents } from '../audit/append';
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

export async function queryPetition(ctx: AppContext, input: { code: string; last4: string }, meta: { ip: string }, lockout: QueryLockout): Promise<CitizenView> {
  const now = ctx.now();
  const code = normaliseQueryCode(input.code);
  const last4 = input.last4.trim().toUpperCase();
  const key = createHash('sha256').update(`portal-query:${code}`).digest('hex');
  const lockedUntil = lockout.lockedUntil(key, now);
  if (lockedUntil) throw locked(lockedUntil, now);

  const fail = (): never => {
    const until = lockout.fail(key, now);
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
  lockout.succeed(key);

  const view = await citizenView(ctx.db, ctx.calendar.calendar, petition);
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
