import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/tx';
import { queryRows } from '../../db/tx';
import type { StaffPrincipal } from '../auth/principal';
import { petitionerScope } from '../matters/scope';
import { keysetPage } from './search';

/**
 * 个人信息查阅记录: every unmasked read of a petitioner's personal data (`piiViewed` events, written by
 * `GET /petitioners/:id/pii`), for an auditor to list and export. The events themselves are the record: this is a
 * read of the audit trail, newest first, limited to petitioners the auditor's body may see.
 */

export interface PiiAccessFilter {
  from?: string;
  to?: string;
  /** A staff login: the reads that person made. */
  actor?: string;
  /** A registry record: the reads of it, and of the records merged into it (their data may be read through it). */
  petitionerId?: string;
  /** Keyset cursor: the event id the previous page ended before. */
  before?: number;
  limit: number;
}

export interface PiiAccessRow {
  id: number;
  occurredAt: string;
  actor: { id: string | null; login: string | null; name: string | null; bodyName: string | null; roles: string[] };
  petitioner: { id: string; name: string | null };
  purpose: string;
  fields: string[];
  mergedFrom: string[];
  ip: string | null;
}

export async function listPiiAccess(db: DbOrTx, viewer: StaffPrincipal, f: PiiAccessFilter): Promise<{ items: PiiAccessRow[]; nextBefore: number | null }> {
  const conditions: SQL[] = [sql`e.type = 'piiViewed'`, sql`e.entity_type = 'petitioner'`, petitionerScope(viewer, sql`e.entity_id::uuid`)];
  // occurred_at in China time: a day is the reader's day, not UTC's.
  if (f.from) conditions.push(sql`e.occurred_at >= (${f.from}::date)::timestamp AT TIME ZONE 'Asia/Shanghai'`);
  if (f.to) conditions.push(sql`e.occurred_at < ((${f.to}::date) + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'`);
  if (f.actor) conditions.push(sql`u.login = ${f.actor}`);
  if (f.petitionerId) conditions.push(sql`(e.entity_id = ${f.petitionerId} OR e.payload->'mergedFrom' ? ${f.petitionerId})`);
  if (f.before !== undefined) conditions.push(sql`e.id < ${f.before}`);
  const rows = await queryRows<{
    id: string | number;
    occurred_at: Date | string;
    actor_user_id: string | null;
    login: string | null;
    display_name: string | null;
    body_name: string | null;
    actor_roles: string[];
    entity_id: string;
    petitioner_name: string | null;
    payload: { purpose?: string; fields?: string[]; mergedFrom?: string[]; ip?: string | null };
  }>(
    db,
    sql`SELECT e.id, e.occurred_at, e.actor_user_id, u.login, u.display_name, b.name AS body_name, e.actor_roles, e.entity_id,
               pe.name AS petitioner_name, e.payload
        FROM events e
        LEFT JOIN users u ON u.id = e.actor_user_id
        LEFT JOIN bodies b ON b.id = e.actor_body_id
        LEFT JOIN petitioners pe ON pe.id = e.entity_id::uuid
        WHERE ${sql.join(conditions, sql` AND `)}
        ORDER BY e.id DESC
        LIMIT ${f.limit + 1}`,
  );
  const { page, nextBefore } = keysetPage(rows, f.limit);
  return {
    nextBefore,
    items: page.map((r) => ({
      id: Number(r.id),
      occurredAt: new Date(r.occurred_at).toISOString(),
      actor: { id: r.actor_user_id, login: r.login, name: r.display_name, bodyName: r.body_name, roles: r.actor_roles ?? [] },
      petitioner: { id: r.entity_id, name: r.petitioner_name },
      purpose: r.payload.purpose ?? '',
      fields: r.payload.fields ?? [],
      mergedFrom: r.payload.mergedFrom ?? [],
      ip: r.payload.ip ?? null,
    })),
  };
}

const CSV_HEADER = ['时间（北京时间）', '查阅人账号', '查阅人', '所在单位', '信访人', '信访人记录编号', '查阅目的', '查阅内容', '来源地址'];
const FIELD_LABELS: Record<string, string> = { idNumber: '身份证号', phone: '联系电话', address: '住址' };

function cell(value: string): string {
  // Excel would run a cell starting with = + - @ as a formula (CSV injection): such cells are quoted with a leading '.
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The rows as CSV for Excel (UTF-8 with BOM, CRLF), one line per read. */
export function piiAccessCsv(rows: readonly PiiAccessRow[]): string {
  const lines = [CSV_HEADER, ...rows.map((r) => [
    new Date(r.occurredAt).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }),
    r.actor.login ?? '',
    r.actor.name ?? '',
    r.actor.bodyName ?? '',
    r.petitioner.name ?? '',
    r.petitioner.id,
    r.purpose,
    r.fields.map((f) => FIELD_LABELS[f] ?? f).join('、'),
    r.ip ?? '',
  ])];
  return `\uFEFF${lines.map((l) => l.map(cell).join(',')).join('\r\n')}\r\n`;
}
