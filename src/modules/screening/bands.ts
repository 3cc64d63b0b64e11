import { petitionBands } from '../../db/schema';
import type { Tx } from '../../db/tx';

/**
 * The rows of `petition_bands` for one petition: its LSH band keys, each once (a key carries its band's index, so
 * the keys of one petition differ unless its text left two bands alike). Written with the petition, in its transaction.
 */
export function bandRowsOf(petitionId: string, bands: readonly number[]): { band: number; petitionId: string }[] {
  return [...new Set(bands)].map((band) => ({ band, petitionId }));
}

export async function writePetitionBands(tx: Tx, petitionId: string, bands: readonly number[]): Promise<void> {
  const rows = bandRowsOf(petitionId, bands);
  if (rows.length) await tx.insert(petitionBands).values(rows);
}
