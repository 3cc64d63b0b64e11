import { asc, gt } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { events } from '../../db/schema';
import { GENESIS_HASH, eventHash } from './chain';

export interface ChainBreak {
  id: number;
  entityType: string;
  entityId: string;
  seq: number;
  type: string;
  reason: 'contentChanged' | 'linkBroken';
  reasonZh: string;
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  firstBreak: ChainBreak | null;
}

/**
 * Walks the whole trail in id order, each row against the row before it in its own chain (`events.chain`).
 * `contentChanged`: the row's hash does not match its content (edited); `linkBroken`: its prevHash is not the previous
 * row's hash in its chain (a row was deleted or inserted before it, or moved to another chain).
 */
export async function verifyChain(
  db: Db,
  opts: { batchSize?: number; onProgress?: (checked: number) => void } = {},
): Promise<VerifyResult> {
  const batchSize = opts.batchSize ?? 5000;
  const heads = new Map<number, string>();
  let lastId = 0;
  let checked = 0;
  for (;;) {
    const rows = await db.select().from(events).where(gt(events.id, lastId)).orderBy(asc(events.id)).limit(batchSize);
    if (rows.length === 0) break;
    for (const row of rows) {
      const base = { id: row.id, entityType: row.entityType, entityId: row.entityId, seq: row.seq, type: row.type };
      const prevHash = heads.get(row.chain) ?? GENESIS_HASH;
      if (row.prevHash !== prevHash) {
        return {
          ok: false,
          checked,
          firstBreak: { ...base, reason: 'linkBroken', reasonZh: '链接断裂：前一条记录被删除、插入或改动' },
        };
      }
      if (eventHash(prevHash, row) !== row.hash) {
        return {
          ok: false,
          checked,
          firstBreak: { ...base, reason: 'contentChanged', reasonZh: '内容被改动：记录内容与其哈希不符' },
        };
      }
      heads.set(row.chain, row.hash);
      lastId = row.id;
      checked += 1;
    }
    opts.onProgress?.(checked);
  }
  return { ok: true, checked, firstBreak: null };
}
