/**
 * The competence table's answer to "who must handle this matter", from the bodies' configured competence and the
 * matter's region, by 属地管理、分级负责，谁主管、谁负责 (条例 Art. 22 ¶1 (一)(二)) and 诉访分离 (Art. 22 ¶2, 28 ¶2).
 *
 * The order, lowest competent level first (分级负责):
 *   1. redirects: an accusation (检举控告) → the nearest 纪检监察机关; a litigation matter (Art. 31 (一)) → the nearest
 *      政法部门. They come first because the petition procedure is not the matter's channel at all;
 *   2. the departments competent for the category at the lowest level of the matter's region chain that has any
 *      (谁主管): D. A department whose competence names a deeper element of the category path comes before one that
 *      names only the first level;
 *   3. the people's governments of the levels from the matter's own up to D, lowest first (属地管理): the town, then
 *      the county. A town government thus follows the county's competent department rather than preceding it,
 *      because towns have no departments and the county is where 主管 sits; with no competent department anywhere
 *      (or no category), the governments alone, lowest first;
 *   4. above D, level by level: that level's competent departments, then its government (the superior bodies that
 *      take over when the lower level cannot handle it).
 * Petition bureaus and their offices are never targets (they route, they do not handle). A body of another region
 * is never listed: 属地 means the chain of the place where the matter arose.
 */
import { isBureauFamily, regionAncestors, regionLevelOf, type RegionLevel } from '../org';
import type { RoutingAction, RoutingBody, RoutingInput } from './types';

export interface CompetenceCandidate {
  bodyId: string;
  action: RoutingAction;
  /** 0 = first. */
  rank: number;
  reasons: string[];
}

const LEVEL_NAMES: Record<RegionLevel, string> = { province: '省级', city: '市级', county: '县级', town: '乡镇（街道）' };

/** The matter's region and its ancestors, lowest first; empty for a code that is not a region. */
export function regionChain(regionCode: string): string[] {
  if (!regionLevelOf(regionCode)) return [];
  return [regionCode, ...regionAncestors(regionCode).reverse()];
}

/** The bodies that may receive a matter (active, not a petition bureau or its office), by id and by region. */
export interface RoutableBodies {
  byId: Map<string, RoutingBody>;
  byRegion: Map<string, RoutingBody[]>;
}

const routableCache = new WeakMap<readonly RoutingBody[], RoutableBodies>();

/**
 * Built once per list: a province has thousands of bodies and a suggestion needs the few of one region chain. The
 * list is taken as immutable (the organisation changing means a new list), as the service reads it per request.
 */
export function routableBodies(bodies: readonly RoutingBody[]): RoutableBodies {
  const cached = routableCache.get(bodies);
  if (cached) return cached;
  const byId = new Map<string, RoutingBody>();
  const byRegion = new Map<string, RoutingBody[]>();
  for (const b of bodies) {
    if (b.active === false || isBureauFamily(b.kind)) continue;
    byId.set(b.id, b);
    const list = byRegion.get(b.regionCode);
    if (list) list.push(b);
    else byRegion.set(b.regionCode, [b]);
  }
  const out = { byId, byRegion };
  routableCache.set(bodies, out);
  return out;
}

/** How specifically a body's competence names the category: 0 = not at all, 1 = first level, n = the n-th element. */
function matchDepth(body: RoutingBody, path: string[]): number {
  let best = 0;
  path.forEach((name, i) => {
    if (body.competence.includes(name)) best = Math.max(best, i + 1);
  });
  return best;
}

export function competenceCandidates(
  input: RoutingInput,
  bodies: readonly RoutingBody[],
  regionNames: Readonly<Record<string, string>> = {},
): CompetenceCandidate[] {
  const chain = regionChain(input.regionCode);
  if (chain.length === 0) return [];
  const { byRegion } = routableBodies(bodies);
  const at = (i: number) => byRegion.get(chain[i]!) ?? [];
  const placeName = (code: string) => regionNames[code] ?? code;
  const here = placeName(input.regionCode);
  const path = input.categoryPath.filter((s) => s.trim() !== '');
  const category = path[0] ?? null;

  const out: CompetenceCandidate[] = [];
  const seen = new Set<string>();
  const push = (body: RoutingBody, action: RoutingAction, reasons: string[]) => {
    if (seen.has(body.id)) return;
    seen.add(body.id);
    out.push({ bodyId: body.id, action, rank: out.length, reasons });
  };

  const nearest = (kind: RoutingBody['kind']) => {
    for (let i = 0; i < chain.length; i++) {
      const found = at(i).find((b) => b.kind === kind);
      if (found) return found;
    }
    return null;
  };
  if (input.purpose === 'accusation') {
    const body = nearest('disciplineBody');
    if (body) {
      push(body, 'redirect', [
        '检举控告类事项，按管理权限转送纪检监察机关依规依纪依法处理（《信访工作条例》第二十二条第二款、第三十条）',
        `属地管理：最近的纪检监察机关（事项发生地为${here}）`,
      ]);
    }
  }
  if (input.art31Route === 'litigation') {
    const body = nearest('legalAffairsBody');
    if (body) {
      push(body, 'redirect', [
        '涉法涉诉事项，按诉访分离转送政法部门依法处理（《信访工作条例》第二十二条第二款、第二十八条第二款）',
        `属地管理：最近的政法部门（事项发生地为${here}）`,
      ]);
    }
  }

  const competentAt = (i: number) =>
    at(i)
      .filter((b) => b.kind === 'department')
      .map((b) => ({ b, depth: matchDepth(b, path) }))
      .filter((x) => x.depth > 0)
      .sort((x, y) => y.depth - x.depth || x.b.name.localeCompare(y.b.name, 'zh-CN'))
      .map((x) => x.b);
  const competentByLevel = chain.map((_, i) => competentAt(i));
  const competent = (i: number) => competentByLevel[i] ?? [];
  const competenceReason = (b: RoutingBody) => {
    const named = [...path].reverse().find((p) => b.competence.includes(p)) ?? category;
    return `谁主管、谁负责：该单位主管${named}类事项`;
  };
  const government = (i: number) => at(i).find((b) => b.kind === 'government') ?? null;

  let lowest = -1;
  for (let i = 0; i < chain.length && lowest < 0; i++) if (competent(i).length > 0) lowest = i;

  if (lowest >= 0) {
    for (const b of competent(lowest)) {
      const reasons = [competenceReason(b)];
      if (lowest > 0 && regionLevelOf(input.regionCode) !== 'town') {
        reasons.push(`分级负责：${here}没有主管${category}类事项的部门，由${LEVEL_NAMES[b.level]}主管部门办理`);
      } else if (lowest > 1) {
        reasons.push(`分级负责：${placeName(chain[1]!)}没有主管${category}类事项的部门，由${LEVEL_NAMES[b.level]}主管部门办理`);
      } else {
        reasons.push(`分级负责：事项发生地为${here}，由${LEVEL_NAMES[b.level]}主管部门办理`);
      }
      push(b, 'dispatch', reasons);
    }
    for (let i = 0; i <= lowest; i++) {
      const g = government(i);
      if (!g) continue;
      push(
        g,
        'dispatch',
        i === 0
          ? [`属地管理：事项发生地为${here}`]
          : [`属地管理：事项发生地属${placeName(chain[i]!)}`, i === lowest ? '主管部门的本级人民政府' : '上一级人民政府'],
      );
    }
  } else {
    for (let i = 0; i < chain.length; i++) {
      const g = government(i);
      if (!g) continue;
      const why = category ? `没有主管${category}类事项的部门，由属地人民政府办理` : '事项尚未分类，由属地人民政府办理';
      push(g, 'dispatch', i === 0 ? [`属地管理：事项发生地为${here}`, why] : [`分级负责：上一级人民政府（${placeName(chain[i]!)}）`, why]);
    }
  }

  for (let i = lowest + 1; lowest >= 0 && i < chain.length; i++) {
    for (const b of competent(i)) {
      push(b, 'dispatch', [competenceReason(b), `分级负责：上级主管部门（${LEVEL_NAMES[b.level]}），下级主管部门不能办理时`]);
    }
    const g = government(i);
    if (g) push(g, 'dispatch', [`分级负责：上一级人民政府（${placeName(chain[i]!)}）`]);
  }
  return out;
}
