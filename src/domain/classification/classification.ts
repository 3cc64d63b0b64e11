/**
 * Classifying what a petition asks (Art. 29–31 and practice). Three independent answers:
 * - the purpose (信访目的): practice codes, RULES.md "Classification";
 * - the content category (内容分类): a configurable tree of at most three levels, national first level by default;
 * - for 申诉求决类 matters, the Art. 31 route (一)–(六): only (六) runs the petition procedure with its 60 days.
 */

export const PURPOSES = ['consultation', 'suggestion', 'appeal', 'request', 'accusation', 'other'] as const;
export type Purpose = (typeof PURPOSES)[number];

export const PURPOSE_LABELS: Readonly<Record<Purpose, string>> = {
  consultation: '咨询',
  suggestion: '意见建议',
  appeal: '申诉',
  request: '求决',
  accusation: '检举控告',
  other: '其他',
};

/** The statutory class each purpose falls in (Art. 29 建议意见类, Art. 30 检举控告类, Art. 31 申诉求决类). */
export type PurposeClass = 'suggestion' | 'accusation' | 'grievance' | 'none';
export const PURPOSE_CLASS: Readonly<Record<Purpose, PurposeClass>> = {
  consultation: 'none',
  suggestion: 'suggestion',
  appeal: 'grievance',
  request: 'grievance',
  accusation: 'accusation',
  other: 'none',
};

export const ART31_ROUTES = ['litigation', 'arbitration', 'partyAppeal', 'administrative', 'dutyPerformance', 'petitionProcedure'] as const;
export type Art31Route = (typeof ART31_ROUTES)[number];

export const ART31_ROUTE_LABELS: Readonly<Record<Art31Route, string>> = {
  litigation: '（一）诉讼、复议、检察、公安法律程序',
  arbitration: '（二）仲裁',
  partyAppeal: '（三）党员申诉、申请复审',
  administrative: '（四）行政复议、裁决、确认、许可、处罚等行政程序',
  dutyPerformance: '（五）申请查处违法行为、履行保护职责',
  petitionProcedure: '（六）信访程序办理（出具信访处理意见书）',
};

export const ART31_ROUTE_ARTICLES: Readonly<Record<Art31Route, string>> = {
  litigation: '《信访工作条例》第三十一条第一项',
  arbitration: '《信访工作条例》第三十一条第二项',
  partyAppeal: '《信访工作条例》第三十一条第三项',
  administrative: '《信访工作条例》第三十一条第四项',
  dutyPerformance: '《信访工作条例》第三十一条第五项',
  petitionProcedure: '《信访工作条例》第三十一条第六项',
};

/** Routes (一)–(四) lead the matter into another statutory procedure (导入相应程序): it is not accepted as a petition. */
export function leadsToOtherProcedure(route: Art31Route | null): boolean {
  return route === 'litigation' || route === 'arbitration' || route === 'partyAppeal' || route === 'administrative';
}

export interface Classification {
  purpose: Purpose;
  /** Codes from the root of the category tree, one to three of them. */
  categoryPath: string[];
  /** Required for 申诉求决类 purposes, null for the others. */
  art31Route: Art31Route | null;
}

export interface CategoryNode {
  code: string;
  name: string;
  children?: CategoryNode[];
}

export const MAX_CATEGORY_DEPTH = 3;

/**
 * The first level RULES.md names as common practice, with a few second-level entries where petitions cluster. A
 * deployment edits the tree (PUT /api/v1/classification/categories); codes must stay stable once used.
 */
export const DEFAULT_CATEGORY_TREE: CategoryNode[] = [
  {
    code: 'cxjs',
    name: '城乡建设',
    children: [
      { code: 'cxjs.wygl', name: '物业管理' },
      { code: 'cxjs.zfbz', name: '住房保障' },
      { code: 'cxjs.fdc', name: '房地产市场' },
      { code: 'cxjs.zsbc', name: '征收补偿' },
      { code: 'cxjs.jzsg', name: '建筑施工' },
    ],
  },
  {
    code: 'ldsb',
    name: '劳动社保',
    children: [
      { code: 'ldsb.qx', name: '拖欠工资' },
      { code: 'ldsb.sb', name: '社会保险' },
      { code: 'ldsb.gs', name: '工伤认定' },
    ],
  },
  { code: 'ncny', name: '农村农业', children: [{ code: 'ncny.tdcb', name: '土地承包' }, { code: 'ncny.jtzc', name: '集体资产' }] },
  { code: 'gtzy', name: '国土资源', children: [{ code: 'gtzy.zd', name: '土地征收' }, { code: 'gtzy.bdc', name: '不动产登记' }] },
  { code: 'sthj', name: '生态环境', children: [{ code: 'sthj.zs', name: '噪声污染' }, { code: 'sthj.dq', name: '大气污染' }, { code: 'sthj.s', name: '水污染' }] },
  { code: 'wsjk', name: '卫生健康', children: [{ code: 'wsjk.yl', name: '医疗纠纷' }] },
  { code: 'jy', name: '教育', children: [{ code: 'jy.rx', name: '入学招生' }, { code: 'jy.sf', name: '教育收费' }] },
  { code: 'zf', name: '政法' },
  { code: 'jjjc', name: '纪检监察' },
  { code: 'mz', name: '民政', children: [{ code: 'mz.db', name: '最低生活保障' }] },
  { code: 'jtys', name: '交通运输' },
  { code: 'smly', name: '商贸旅游' },
  { code: 'qt', name: '其他' },
];

/** Problems with a category tree, in Chinese; empty when it is usable. */
export function categoryTreeProblems(tree: readonly CategoryNode[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  const walk = (nodes: readonly CategoryNode[], depth: number, path: string) => {
    for (const n of nodes) {
      const where = path ? `${path} › ${n.name}` : n.name;
      if (typeof n.code !== 'string' || !/^[a-z0-9][a-z0-9._-]{0,63}$/.test(n.code)) problems.push(`分类「${where}」的代码须为小写字母、数字、点或连字符`);
      if (typeof n.name !== 'string' || !n.name.trim()) problems.push(`分类代码 ${n.code} 缺少名称`);
      if (seen.has(n.code)) problems.push(`分类代码 ${n.code} 重复`);
      seen.add(n.code);
      if (n.children?.length) {
        if (depth >= MAX_CATEGORY_DEPTH) problems.push(`分类「${where}」超过${MAX_CATEGORY_DEPTH}级`);
        else walk(n.children, depth + 1, where);
      }
    }
  };
  if (tree.length === 0) problems.push('分类体系至少须有一个一级分类');
  walk(tree, 1, '');
  return problems;
}

/** The nodes from the root to `code`, or null when the tree has no such code. */
export function categoryPathTo(tree: readonly CategoryNode[], code: string): CategoryNode[] | null {
  for (const n of tree) {
    if (n.code === code) return [n];
    const below = n.children ? categoryPathTo(n.children, code) : null;
    if (below) return [n, ...below];
  }
  return null;
}

/** Checks a classification's category path against the tree: each code the child of the one before it. */
export function categoryPathProblem(tree: readonly CategoryNode[], path: readonly string[]): string | null {
  if (path.length === 0 || path.length > MAX_CATEGORY_DEPTH) return `内容分类须为1至${MAX_CATEGORY_DEPTH}级`;
  const nodes = categoryPathTo(tree, path[path.length - 1]!);
  if (!nodes || nodes.length !== path.length || nodes.some((n, i) => n.code !== path[i])) return `内容分类 ${path.join(' › ')} 不在分类体系中`;
  return null;
}

/** The names along a path ('城乡建设 › 物业管理'), for lists and routing; unknown codes are shown as they are. */
export function categoryNames(tree: readonly CategoryNode[], path: readonly string[]): string[] {
  const nodes = path.length ? categoryPathTo(tree, path[path.length - 1]!) : null;
  return nodes && nodes.length === path.length ? nodes.map((n) => n.name) : [...path];
}

/**
 * What is wrong with a classification's shape (the lifecycle checks this; the tree is checked by the service, which
 * holds the configuration): 申诉求决类 needs its Art. 31 route, other purposes must not have one.
 */
export function classificationProblem(c: { purpose?: unknown; categoryPath?: unknown; art31Route?: unknown }): string | null {
  if (!(PURPOSES as readonly unknown[]).includes(c.purpose)) return '请选择信访目的';
  const path = c.categoryPath;
  if (!Array.isArray(path) || path.length === 0 || path.length > MAX_CATEGORY_DEPTH || path.some((x) => typeof x !== 'string' || !x.trim())) {
    return `请选择内容分类（1至${MAX_CATEGORY_DEPTH}级）`;
  }
  const grievance = PURPOSE_CLASS[c.purpose as Purpose] === 'grievance';
  const route = c.art31Route ?? null;
  if (grievance && !(ART31_ROUTES as readonly unknown[]).includes(route)) return '申诉、求决类事项须按第三十一条确定办理途径';
  if (!grievance && route !== null) return '只有申诉、求决类事项适用第三十一条的办理途径';
  return null;
}
