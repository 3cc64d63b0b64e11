import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { bodies, events, matters, petitionMatters, regions } from '../../db/schema';
import type { DbOrTx } from '../../db/tx';
import type { Calendar, IsoDate } from '../../domain/calendar';
import { computeIndicators, normalisedVolume, type IndicatorMatter, type Indicators } from '../../domain/indicators';
import { CHANNEL_LABELS, type Channel, type MatterState } from '../../domain/lifecycle';

export type GroupBy = 'body' | 'city' | 'county' | 'channel';

export interface IndicatorGroup {
  key: string;
  name: string;
  indicators: Indicators;
  volume: { per10kResidents: number | null; perHundredMillionYuan: number | null };
}

/**
 * The indicators of the matters received in [from, to] within `scope`, in total and per group: the responsible body
 * (matters not yet routed count for the bureau that registered them), or the city / county where the matter arose
 * (with its residents and GDP for the normalised volume), or the channel it came by.
 */
export async function indicatorsFor(db: DbOrTx, scope: SQL, from: IsoDate, to: IsoDate, groupBy: GroupBy, today: IsoDate, calendar: Calendar) {
  const rows = await db
    .select({ id: matters.id, state: matters.state, regionCode: matters.regionCode, channel: matters.channel, responsibleBodyId: matters.responsibleBodyId, registeringBodyId: matters.registeringBodyId })
    .from(matters)
    .where(and(scope, sql`${matters.receivedOn} BETWEEN ${from} AND ${to}`));
  const ids = rows.map((r) => r.id);
  const links = rows.length
    ? await db.select({ matterId: petitionMatters.matterId, petitionId: petitionMatters.petitionId, relation: petitionMatters.relation }).from(petitionMatters).where(inArray(petitionMatters.matterId, ids))
    : [];
  // Repeats recorded on a terminated matter (the event says refusedAgain, Art. 36 ¶3): left out of 重复信访率 (S0 不通报).
  const refused = rows.length
    ? await db
        .select({ matterId: events.entityId, petitionId: sql<string | null>`${events.payload} ->> 'petitionId'` })
        .from(events)
        .where(
          and(
            eq(events.entityType, 'matter'),
            inArray(events.entityId, ids),
            inArray(events.type, ['repeatPetitionRecorded', 'petitionJoined']),
            sql`(${events.payload} ->> 'refusedAgain')::boolean IS TRUE`,
          ),
        )
    : [];
  const refusedAgain = new Set(refused.map((r) => `${r.matterId}:${r.petitionId}`));
  const petitionsOf = new Map<string, IndicatorMatter['petitions']>();
  for (const l of links) {
    const petition = { relation: l.relation as 'origin' | 'repeat' | 'joined', refusedAgain: refusedAgain.has(`${l.matterId}:${l.petitionId}`) };
    petitionsOf.set(l.matterId, [...(petitionsOf.get(l.matterId) ?? []), petition]);
  }

  const keyOf = (r: (typeof rows)[number]) =>
    groupBy === 'body'
      ? (r.responsibleBodyId ?? r.registeringBodyId)
      : groupBy === 'channel'
        ? r.channel
        : groupBy === 'city'
          ? `${r.regionCode.slice(0, 4)}00`
          : r.regionCode.slice(0, 6);
  const groups = new Map<string, IndicatorMatter[]>();
  const all: IndicatorMatter[] = [];
  for (const r of rows) {
    const m = { id: r.id, state: r.state as MatterState, petitions: petitionsOf.get(r.id) ?? [] };
    all.push(m);
    groups.set(keyOf(r), [...(groups.get(keyOf(r)) ?? []), m]);
  }
  const keys = [...groups.keys()];
  const names = new Map<string, string>();
  const figures = new Map<string, { population: number | null; gdp: number | null }>();
  if (groupBy === 'channel') {
    for (const k of keys) names.set(k, CHANNEL_LABELS[k as Channel] ?? k);
  } else if (keys.length && groupBy === 'body') {
    for (const b of await db.select({ id: bodies.id, name: bodies.name }).from(bodies).where(inArray(bodies.id, keys))) names.set(b.id, b.name);
  } else if (keys.length) {
    for (const r of await db.select().from(regions).where(inArray(regions.code, keys))) {
      names.set(r.code, r.name);
      figures.set(r.code, { population: r.population, gdp: r.gdpHundredMillionYuan });
    }
  }
  const total = computeIndicators(all, today, calendar);
  const perGroup: IndicatorGroup[] = keys
    .map((key) => {
      const indicators = computeIndicators(groups.get(key)!, today, calendar);
      const f = figures.get(key);
      return { key, name: names.get(key) ?? key, indicators, volume: normalisedVolume(indicators.items, f?.population ?? null, f?.gdp ?? null) };
    })
    .sort((a, b) => b.indicators.items - a.indicators.items);
  return { total, groups: perGroup };
}

/** The matters behind a drill-down, by id, with what a list shows. */
export async function mattersByIds(db: DbOrTx, ids: string[]) {
  if (!ids.length) return [];
  return db
    .select({ id: matters.id, number: matters.number, title: matters.title, status: matters.status, regionCode: matters.regionCode })
    .from(matters)
    .where(inArray(matters.id, ids.slice(0, 500)));
}

