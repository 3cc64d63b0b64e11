import { describe, expect, it } from 'vitest';
import { nameSound } from '../identity';
import { entityKeys, extractSites, petitionEntities, petitionEntityKeys } from './entities';

const LETTER = {
  title: '反映鑫源花园项目拖欠工资',
  content: '我们是在山西金泰建筑工程有限公司承建的鑫源花园项目干活的32名农民工，2024年3月起干了8个月，公司拖欠工资46.5万元。家住清徐县东于镇东于村。',
  respondent: '山西金泰建筑工程有限公司',
};
// The same demand told by another member of the group over the phone: other words, the same facts.
const CALL = {
  title: '讨要工资',
  content: '来电人称其在鑫源花园工地打工，承建方是金泰建筑，2024年3月起干了8个月，大伙儿一共被欠了465000元。',
  respondent: '金泰建筑',
};

describe('the facts a clerk recognises a matter by', () => {
  it('extracts named estates and projects by their trade name, and villages, whatever precedes them', () => {
    expect(extractSites('我住在恒安花园8号楼')).toEqual(['site:恒安花园']);
    expect(extractSites('在鑫源花园項目打工')).toContain('site:鑫源花园');
    expect(extractSites('家住东于镇东于村，村民')).toEqual(['village:东于村']);
    // Words before a suffix that name no place are not sites: 该小区, 改造项目, 公开村级账目, 被村会计.
    expect(extractSites('该小区物业在改造项目中公开村级账目，怀疑被村会计挪用')).toEqual([]);
  });

  it('keeps amounts, areas, distances, dates and head counts; not small sums, durations or bare numbers', () => {
    const facts = petitionEntities(LETTER);
    expect(facts).toEqual(expect.arrayContaining(['site:鑫源花园', 'village:东于村', '465000元', '2024-3', '32名']));
    expect(facts).not.toContain('8个月');
    expect(petitionEntities({ title: '', content: '每月多收30元物业费，离工厂450米，电话13800001111' })).toEqual(['450米']);
  });

  it('gives two petitions of one demand a key in common, written differently by different people', () => {
    const a = entityKeys({ ...LETTER, regionCode: '140121', nameSounds: [] });
    const b = entityKeys({ ...CALL, regionCode: '140121', nameSounds: [] });
    expect(a.some((k) => b.includes(k))).toBe(true);
    expect(a.length).toBeLessThanOrEqual(16);
  });

  it('keeps keys within the city: the same amount and month in another city is another matter', () => {
    const a = entityKeys({ ...LETTER, regionCode: '140121', nameSounds: [] });
    const b = entityKeys({ ...CALL, regionCode: '140221', nameSounds: [] });
    expect(a.some((k) => b.includes(k))).toBe(false);
  });

  it('gives the same person a key under a homophone or a traditional-character name', () => {
    const key = (name: string) => petitionEntityKeys({ title: '', content: '', respondent: null, regionCode: '140105', petitionerNames: [name] });
    expect(nameSound('郭振骅')).toBe(nameSound('郭振华'));
    expect(key('郭振骅')).toEqual(key('郭振华'));
    expect(key('張偉')).toEqual(key('章玮'));
    expect(key('王芳')).not.toEqual(key('王静'));
  });

  it('another demand of the same person shares no fact key', () => {
    const other = { title: '反映拖欠工资', content: '来电人2025年5月到金泰建筑承建的汇通家园项目当钢筋工，干了4个月，被拖欠工资3.8万元。', respondent: '金泰建筑' };
    const a = entityKeys({ ...LETTER, regionCode: '140121', nameSounds: [] });
    const b = entityKeys({ ...other, regionCode: '140121', nameSounds: [] });
    expect(a.some((k) => b.includes(k))).toBe(false);
  });
});
