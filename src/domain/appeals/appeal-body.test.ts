import { describe, expect, it } from 'vitest';
import { appealCandidates, appealLookup, appealNoteZh, parentRegionCode, type OrgBody } from './appeal-body';

const body = (id: string, over: Partial<OrgBody>): OrgBody => ({
  id,
  name: id,
  kind: 'department',
  level: 'county',
  regionCode: '140105',
  parentId: null,
  competence: null,
  active: true,
  ...over,
});

// A slice of the demo province: 山西省 → 太原市 → 小店区, governments with their departments.
const sxGov = body('sx-gov', { name: '山西省人民政府', kind: 'government', level: 'province', regionCode: '140000' });
const sxZjj = body('sx-zjj', { name: '山西省住房和城乡建设厅', level: 'province', regionCode: '140000', parentId: 'sx-gov', competence: ['城乡建设'] });
const tyGov = body('ty-gov', { name: '太原市人民政府', kind: 'government', level: 'city', regionCode: '140100', parentId: 'sx-gov' });
const tyZjj = body('ty-zjj', { name: '太原市住房和城乡建设局', level: 'city', regionCode: '140100', parentId: 'ty-gov', competence: ['城乡建设'] });
const tyRsj = body('ty-rsj', { name: '太原市人力资源和社会保障局', level: 'city', regionCode: '140100', parentId: 'ty-gov', competence: ['劳动社保'] });
const tyXfj = body('ty-xfj', { name: '太原市信访局', kind: 'petitionBureau', level: 'city', regionCode: '140100', parentId: 'ty-gov' });
const xdGov = body('xd-gov', { name: '太原市小店区人民政府', kind: 'government', regionCode: '140105', parentId: 'ty-gov' });
const xdZjj = body('xd-zjj', { name: '太原市小店区住房和城乡建设局', regionCode: '140105', parentId: 'xd-gov', competence: ['城乡建设'] });
const xdXfj = body('xd-xfj', { name: '太原市小店区信访局', kind: 'petitionBureau', regionCode: '140105', parentId: 'xd-gov' });
const town = body('town-gov', { name: '小店区某街道', kind: 'government', level: 'town', regionCode: '140105001', parentId: 'xd-gov' });
const ALL = [sxGov, sxZjj, tyGov, tyZjj, tyRsj, tyXfj, xdGov, xdZjj, xdXfj, town];

const names = (from: OrgBody) => appealCandidates(from, ALL).map((c) => [c.body.name, c.relation]);

describe('appeal bodies from the organisation tree (Art. 35–36)', () => {
  it('gives a county department its own government first, then the city department of its line', () => {
    expect(names(xdZjj)).toEqual([
      ['太原市小店区人民政府', 'superior'],
      ['太原市住房和城乡建设局', 'higherCounterpart'],
    ]);
    const [gov, dept] = appealCandidates(xdZjj, ALL);
    expect(gov!.reasonZh).toBe('太原市小店区住房和城乡建设局是太原市小店区人民政府的工作部门，本级人民政府是其上一级机关');
    expect(dept!.reasonZh).toBe('太原市住房和城乡建设局是太原市小店区住房和城乡建设局的上一级主管部门（城乡建设）');
  });

  it('never offers a department of another line as the higher department', () => {
    expect(names(xdZjj).map(([n]) => n)).not.toContain('太原市人力资源和社会保障局');
  });

  it('gives a government only the government above it (the same body is not listed twice)', () => {
    expect(names(xdGov)).toEqual([['太原市人民政府', 'superior']]);
    expect(names(tyGov)).toEqual([['山西省人民政府', 'superior']]);
    expect(names(town)).toEqual([['太原市小店区人民政府', 'superior']]);
  });

  it('gives a city department its government and the provincial department', () => {
    expect(names(tyZjj)).toEqual([
      ['太原市人民政府', 'superior'],
      ['山西省住房和城乡建设厅', 'higherCounterpart'],
    ]);
  });

  it('gives a county petition bureau that handled a matter itself its government, then the city bureau', () => {
    expect(names(xdXfj)).toEqual([
      ['太原市小店区人民政府', 'superior'],
      ['太原市信访局', 'higherCounterpart'],
    ]);
  });

  it('has nothing above the provincial government, and says so', () => {
    expect(appealCandidates(sxGov, ALL)).toEqual([]);
    expect(appealNoteZh(sxGov, 'review', [])).toBe('机构设置中没有山西省人民政府的上一级机关，无法自动确定复查机关，请向登记机关咨询');
  });

  it('skips an inactive body and falls back on the counterpart when the parent is gone', () => {
    const closed = { ...xdGov, active: false };
    expect(appealCandidates(xdZjj, [closed, tyZjj]).map((c) => c.body.name)).toEqual(['太原市住房和城乡建设局']);
  });

  it('explains a choice between several bodies, naming the default', () => {
    const c = appealCandidates(xdZjj, ALL);
    expect(appealNoteZh(xdZjj, 'reReview', c)).toBe(
      '太原市小店区住房和城乡建设局的上一级机关有2个：默认向太原市小店区人民政府请求复核；也可选择太原市住房和城乡建设局',
    );
    expect(appealNoteZh(xdGov, 'review', appealCandidates(xdGov, ALL))).toBeNull();
  });

  it('looks one region and one level up', () => {
    expect(parentRegionCode('140105')).toBe('140100');
    expect(parentRegionCode('140105001')).toBe('140105');
    expect(parentRegionCode('140100')).toBe('140000');
    expect(parentRegionCode('140000')).toBeNull();
    expect(appealLookup(xdZjj)).toEqual({ parentId: 'xd-gov', kind: 'department', regionCode: '140100', level: 'city' });
    expect(appealLookup(sxGov)).toEqual({ parentId: null, kind: 'government', regionCode: null, level: null });
  });
});
