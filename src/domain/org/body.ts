import { regionPrefix } from './region';

export const BODY_KINDS = [
  'petitionBureau',
  'registrationDesk',
  'acceptanceOffice',
  'supervisionOffice',
  'government',
  'department',
  'legalAffairsBody',
  'disciplineBody',
] as const;
export type BodyKind = (typeof BODY_KINDS)[number];

export const BODY_KIND_LABELS: Record<BodyKind, string> = {
  petitionBureau: '信访部门',
  registrationDesk: '登记接待处',
  acceptanceOffice: '受理处',
  supervisionOffice: '督查督办处',
  government: '人民政府',
  department: '职能部门',
  legalAffairsBody: '政法部门',
  disciplineBody: '纪检监察机关',
};

/** The petition bureau and its own offices see every matter in their region; other bodies see their own matters. */
export function isBureauFamily(kind: BodyKind): boolean {
  return kind === 'petitionBureau' || kind === 'registrationDesk' || kind === 'acceptanceOffice' || kind === 'supervisionOffice';
}

/** What an administrator gives for a body (机构): the fields a body's place in the tree depends on. */
export interface BodyPlacement {
  code: string;
  name: string;
  kind: BodyKind;
  level: 'province' | 'city' | 'county' | 'town';
  regionCode: string;
}

export interface BodyProblem {
  field: string;
  messageZh: string;
  message: string;
}

const LEVEL_ZH = { province: '省级', city: '市级', county: '县级', town: '乡镇级' } as const;

/**
 * Why a body cannot sit where the administrator put it; empty when it can. A body is at its region's level (the
 * county bureau of 嵊州市 is county-level in 330683); its parent (administrative superior, where review goes, Art. 35)
 * is an active body whose region contains the body's, and never the body itself or one below it (`descendsFromBody`).
 */
export function bodyPlacementProblems(
  body: BodyPlacement,
  region: { level: 'province' | 'city' | 'county' | 'town' } | null,
  parent: { id: string; name: string; regionCode: string; active: boolean; descendsFromBody: boolean } | null,
): BodyProblem[] {
  const problems: BodyProblem[] = [];
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/.test(body.code)) {
    problems.push({ field: 'code', messageZh: '机构代码须为 1–40 位字母、数字、点、连字符或下划线（如 330683-xfj）', message: 'code must be 1–40 letters, digits, . - _' });
  }
  if (!body.name.trim() || body.name.trim().length > 60) problems.push({ field: 'name', messageZh: '机构名称须为 1–60 个字', message: 'name must be 1–60 characters' });
  if (!region) {
    problems.push({ field: 'regionCode', messageZh: `行政区划代码不存在：${body.regionCode}`, message: 'unknown region code' });
  } else if (region.level !== body.level) {
    problems.push({ field: 'level', messageZh: `机构层级须与所在行政区划一致（${LEVEL_ZH[region.level]}）`, message: `level must be the region's (${region.level})` });
  }
  if (parent) {
    if (parent.descendsFromBody) problems.push({ field: 'parentId', messageZh: `上级机构不能是本机构或其下级（${parent.name}）`, message: 'the parent may not be the body or below it' });
    if (!parent.active) problems.push({ field: 'parentId', messageZh: `上级机构「${parent.name}」已停用`, message: 'the parent is inactive' });
    if (region && !body.regionCode.startsWith(regionPrefix(parent.regionCode))) {
      problems.push({ field: 'parentId', messageZh: `上级机构「${parent.name}」的行政区划不包含本机构所在区划`, message: "the parent's region does not contain the body's" });
    }
  }
  return problems;
}
