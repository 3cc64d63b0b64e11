import { describe, expect, it } from 'vitest';
import { bodyPlacementProblems, type BodyPlacement } from './body';

const bureau: BodyPlacement = { code: '330683-xfj', name: '嵊州市信访局', kind: 'petitionBureau', level: 'county', regionCode: '330683' };
const parent = { id: 'p', name: '嵊州市人民政府', regionCode: '330683', active: true, descendsFromBody: false };

describe('where a body may sit in the tree', () => {
  it('places a county bureau under its county government', () => {
    expect(bodyPlacementProblems(bureau, { level: 'county' }, parent)).toEqual([]);
    expect(bodyPlacementProblems(bureau, { level: 'county' }, { ...parent, regionCode: '330600' })).toEqual([]);
  });

  it('names every problem: code, name, level, unknown region, a parent elsewhere, inactive or below the body', () => {
    const fields = (problems: { field: string }[]) => problems.map((p) => p.field);
    expect(fields(bodyPlacementProblems({ ...bureau, code: '嵊州', name: ' ' }, { level: 'county' }, null))).toEqual(['code', 'name']);
    expect(fields(bodyPlacementProblems({ ...bureau, level: 'city' }, { level: 'county' }, null))).toEqual(['level']);
    expect(bodyPlacementProblems(bureau, null, null)[0]!.messageZh).toBe('行政区划代码不存在：330683');
    expect(fields(bodyPlacementProblems(bureau, { level: 'county' }, { ...parent, regionCode: '330602' }))).toEqual(['parentId']);
    expect(fields(bodyPlacementProblems(bureau, { level: 'county' }, { ...parent, active: false, descendsFromBody: true }))).toEqual(['parentId', 'parentId']);
  });
});
