import { describe, expect, it } from 'vitest';
import { BODY_COLUMNS, USER_COLUMNS, mapHeader, parseUserRow, planBodies, planUsers, type BodyPlanContext, type ExistingBody } from './bulk-load';

const REGIONS = new Set(['330683', '330683100', '330600']);
const ctx = (existing: ExistingBody[] = []): BodyPlanContext => ({
  regionExists: (c) => REGIONS.has(c),
  existing: new Map(existing.map((b) => [b.code, b])),
  categories: new Set(['城乡建设', '劳动社保']),
});
const row = (n: number, cells: Record<string, string>) => ({ row: n, cells });

describe('mapHeader', () => {
  it('matches Chinese headers, keys and headers with a note; reports unknown and missing columns', () => {
    const { keys, problems } = mapHeader(BODY_COLUMNS, ['单位代码（必填）', 'name', ' 单位类型 ', '备注', null]);
    expect(keys).toEqual(['code', 'name', 'kind', null, null]);
    expect(problems).toEqual([
      { column: '备注', reason: '无法识别的列「备注」' },
      { column: '行政区划代码', reason: '缺少必填列「行政区划代码」' },
    ]);
  });
});

describe('planBodies', () => {
  it('orders parents before children whatever the sheet order, and derives the level from the region code', () => {
    const plan = planBodies(
      [
        row(2, { code: 'town', name: '甘霖镇人民政府', kind: '人民政府', regionCode: '330683100', parentCode: 'gov' }),
        row(3, { code: 'xfj', name: '嵊州市信访局', kind: 'petitionBureau', regionCode: '330683', parentCode: 'gov' }),
        row(4, { code: 'gov', name: '嵊州市人民政府', kind: '政府', regionCode: '330683' }),
      ],
      ctx(),
    );
    expect(plan.map((o) => o.key)).toEqual(['gov', 'town', 'xfj']);
    expect(plan.map((o) => (o.action === 'create' ? o.value.level : null))).toEqual(['county', 'town', 'county']);
  });

  it('names each problem by column: unknown region, parent, category, a taken 代字, a cycle', () => {
    const plan = planBodies(
      [
        row(2, { code: 'a', name: 'A', kind: '职能部门', regionCode: '339999', parentCode: 'nowhere', competence: '城乡建设、教育' }),
        row(3, { code: 'b', name: 'B', kind: '职能部门', regionCode: '330683', parentCode: 'c', abbreviation: '嵊信' }),
        row(4, { code: 'c', name: 'C', kind: '职能部门', regionCode: '330683', parentCode: 'b' }),
        row(5, { code: 'd', name: 'D', kind: '职能部门', regionCode: '330683', abbreviation: 'ab' }),
      ],
      ctx([{ code: 'old', name: '旧局', kind: 'petitionBureau', level: 'county', regionCode: '330683', parentCode: null, competence: [], remit: null, abbreviation: '嵊信', active: true }]),
    );
    const problems = Object.fromEntries(plan.map((o) => [o.key, o.action === 'error' ? o.problems.map((p) => `${p.column}: ${p.reason}`) : o.action]));
    expect(problems.a).toEqual([
      '行政区划代码: 行政区划代码「339999」不存在',
      '上级单位代码: 上级单位「nowhere」在本表和系统中都不存在',
      '职能类别: 职能类别「教育」不在内容分类中，应为：城乡建设、劳动社保',
    ]);
    expect(problems.b).toEqual(['机关代字: 机关代字「嵊信」已由单位「old」使用']);
    expect(problems.c).toEqual(['上级单位代码: 上级单位形成循环：c → b → c']);
    expect(problems.d).toEqual(['机关代字: 机关代字须为 1–8 个汉字（如「晋信」）']);
  });

  it('updates only what differs from the database and leaves equal rows alone', () => {
    const existing: ExistingBody = { code: 'gov', name: '嵊州市人民政府', kind: 'government', level: 'county', regionCode: '330683', parentCode: null, competence: [], remit: null, abbreviation: null, active: true };
    const plan = planBodies(
      [row(2, { code: 'gov', name: '嵊州市人民政府', kind: '人民政府', regionCode: '330683', active: '停用' }), row(3, { code: 'gov2', name: 'x', kind: '人民政府', regionCode: '330683' })],
      ctx([existing, { ...existing, code: 'gov2', name: 'x' }]),
    );
    expect(plan).toEqual([expect.objectContaining({ key: 'gov', action: 'update', changed: ['active'] }), { row: 3, key: 'gov2', action: 'unchanged' }]);
  });
});

describe('users', () => {
  it('reads roles and positions by Chinese label or code, a mobile in any common spelling', () => {
    const r = parseUserRow({ login: 'sz.a', name: '张三', bodyCode: 'xfj', roles: '登记员、acceptanceOfficer，登记员', position: '分管领导', phone: '+86 138-0575-0001' });
    expect(r).toEqual({ ok: true, value: { login: 'sz.a', name: '张三', bodyCode: 'xfj', roles: ['registrar', 'acceptanceOfficer'], position: 'deputyHead', phone: '13805750001', email: null, active: true } });
  });

  it('reports every bad cell of a row and duplicate logins by their first row', () => {
    const plan = planUsers(
      [
        row(2, { login: '1bad', name: '', bodyCode: 'none', roles: '局长', position: '科长', phone: '0575-1234', active: '也许' }),
        row(3, { login: 'sz.b', name: '李四', bodyCode: 'xfj', roles: '承办人' }),
        row(4, { login: 'SZ.B', name: '李四', bodyCode: 'xfj', roles: '承办人' }),
      ],
      { bodyExists: (c) => c === 'xfj', existing: new Map() },
    );
    expect(plan[0]).toMatchObject({ action: 'error' });
    expect((plan[0] as { problems: { column: string }[] }).problems.map((p) => p.column)).toEqual(['登录名', '姓名', '角色', '职务', '手机号码', '状态', '单位代码']);
    expect(plan[1]).toMatchObject({ action: 'create' });
    expect(plan[2]).toEqual({ row: 4, key: 'SZ.B', action: 'error', problems: [{ column: '登录名', reason: '登录名「sz.b」与第 3 行重复' }] });
    expect(USER_COLUMNS.filter((c) => c.required).map((c) => c.header)).toEqual(['登录名', '姓名', '单位代码', '角色']);
  });
});
