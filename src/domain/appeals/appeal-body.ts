import { BODY_KIND_LABELS, regionAncestors, type BodyKind, type RegionLevel } from '../org';

/**
 * Who reviews (复查) and who re-reviews (复核): Art. 35 sends a review to 原办理机关、单位的上一级机关、单位, Art. 36 a
 * re-review to 复查机关、单位的上一级机关、单位. The statute names no body, so the answer comes from the organisation tree.
 *
 * Two bodies can be "one level above" a functional department: the people's government it belongs to (its parent in
 * the tree) and the department of the same line one level up (上一级主管部门, which the tree does not link: it is
 * found by kind, level, region and shared competence). Both are accepted in practice and the petitioner may address
 * either, so both are returned. The tree's parent comes first and is the default, because `bodies.parentId` is the
 * declared administrative superior and a government's decision binds its departments; the higher department is an
 * alternative the petitioner may choose.
 */

export type AppealStage = 'review' | 'reReview';

export const APPEAL_STAGE_LABELS: Readonly<Record<AppealStage, string>> = { review: '复查', reReview: '复核' };

export const APPEAL_ARTICLES: Readonly<Record<AppealStage, string>> = {
  review: '《信访工作条例》第三十五条',
  reReview: '《信访工作条例》第三十六条',
};

/** A body as the resolver needs it (a row of `bodies`). */
export interface OrgBody {
  id: string;
  name: string;
  kind: BodyKind;
  level: RegionLevel;
  regionCode: string;
  parentId: string | null;
  competence: readonly string[] | null;
  active: boolean;
}

export interface AppealCandidate {
  body: OrgBody;
  /** `superior`: the tree's parent; `higherCounterpart`: the same kind of body one level up (上一级主管部门 …). */
  relation: 'superior' | 'higherCounterpart';
  reasonZh: string;
}

/** Bodies whose decisions nobody appeals to: the bureau's own offices never act in their own name. */
const OFFICE_KINDS: readonly BodyKind[] = ['registrationDesk', 'acceptanceOffice', 'supervisionOffice'];

/** Lines that run vertically: a counterpart one level up reviews within its line. */
const LINE_KINDS: readonly BodyKind[] = ['department', 'petitionBureau', 'legalAffairsBody', 'disciplineBody', 'government'];

const LEVEL_ABOVE: Readonly<Record<RegionLevel, RegionLevel | null>> = { town: 'county', county: 'city', city: 'province', province: null };

/** The region one level up: 140105 → 140100, 140105001 → 140105, 140000 → null. */
export function parentRegionCode(regionCode: string): string | null {
  const ancestors = regionAncestors(regionCode);
  return ancestors.length ? ancestors[ancestors.length - 1]! : null;
}

/**
 * Which nearby bodies the resolver needs from the database: the tree's parent, and the bodies of the same kind in
 * the region one level up. `null` for a body at the top (no parent, no region above).
 */
export function appealLookup(from: OrgBody): { parentId: string | null; kind: BodyKind; regionCode: string | null; level: RegionLevel | null } {
  return { parentId: from.parentId, kind: from.kind, regionCode: parentRegionCode(from.regionCode), level: LEVEL_ABOVE[from.level] };
}

function sharedCompetence(a: OrgBody, b: OrgBody): string[] {
  const theirs = new Set(b.competence ?? []);
  return (a.competence ?? []).filter((c) => theirs.has(c));
}

function superiorReason(from: OrgBody, sup: OrgBody): string {
  if (sup.kind === 'government' && sup.regionCode === from.regionCode) {
    return `${from.name}是${sup.name}的工作部门，本级人民政府是其上一级机关`;
  }
  return `${sup.name}是${from.name}的上级机关（机构隶属关系）`;
}

/**
 * The appeal bodies of a decision made by `from`, default first. `nearby` holds whatever the lookup found (extra
 * rows are ignored). Empty when the tree has nothing above `from` (a provincial government: its superior is outside
 * the deployment).
 */
export function appealCandidates(from: OrgBody, nearby: readonly OrgBody[]): AppealCandidate[] {
  const out: AppealCandidate[] = [];
  const seen = new Set<string>([from.id]);
  const add = (c: AppealCandidate) => {
    if (seen.has(c.body.id)) return;
    seen.add(c.body.id);
    out.push(c);
  };

  const sup = from.parentId ? nearby.find((b) => b.id === from.parentId) : undefined;
  if (sup && sup.active && !OFFICE_KINDS.includes(sup.kind)) add({ body: sup, relation: 'superior', reasonZh: superiorReason(from, sup) });

  const look = appealLookup(from);
  if (LINE_KINDS.includes(from.kind) && look.regionCode && look.level) {
    const counterparts = nearby
      .filter((b) => b.active && b.kind === from.kind && b.regionCode === look.regionCode && b.level === look.level)
      .map((b) => ({ body: b, shared: sharedCompetence(from, b) }))
      // A department reviews only within its own line: it must share a competence with the body below.
      .filter((c) => from.kind !== 'department' || c.shared.length > 0)
      .sort((a, b) => b.shared.length - a.shared.length || a.body.name.localeCompare(b.body.name, 'zh-CN'));
    for (const c of counterparts) {
      const reasonZh =
        from.kind === 'department'
          ? `${c.body.name}是${from.name}的上一级主管部门（${c.shared.join('、')}）`
          : `${c.body.name}是${from.name}的上一级${BODY_KIND_LABELS[from.kind]}`;
      add({ body: c.body, relation: 'higherCounterpart', reasonZh });
    }
  }
  return out;
}

/** What the petitioner is told about the choice, or null when there is only one body (or none). */
export function appealNoteZh(from: OrgBody, stage: AppealStage, candidates: readonly AppealCandidate[]): string | null {
  const what = APPEAL_STAGE_LABELS[stage];
  if (candidates.length === 0) {
    return `机构设置中没有${from.name}的上一级机关，无法自动确定${what}机关，请向登记机关咨询`;
  }
  if (candidates.length === 1) return null;
  const [first, ...rest] = candidates;
  return `${from.name}的上一级机关有${candidates.length}个：默认向${first!.body.name}请求${what}；也可选择${rest.map((c) => c.body.name).join('、')}`;
}
