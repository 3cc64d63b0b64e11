import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CATEGORY_TREE,
  DEFAULT_REJECTION_REASONS,
  categoryNames,
  categoryPathProblem,
  categoryTreeProblems,
  classificationProblem,
  leadsToOtherProcedure,
  rejectionReasonsProblems,
} from '.';

describe('content category tree', () => {
  it('the default tree is valid and carries the first level RULES.md lists', () => {
    expect(categoryTreeProblems(DEFAULT_CATEGORY_TREE)).toEqual([]);
    expect(DEFAULT_CATEGORY_TREE.map((n) => n.name)).toEqual(
      expect.arrayContaining(['城乡建设', '劳动社保', '农村农业', '国土资源', '生态环境', '卫生健康', '教育', '政法', '纪检监察', '民政', '交通运输', '商贸旅游', '其他']),
    );
  });

  it('refuses a fourth level, duplicate codes and nameless nodes, naming each', () => {
    const deep = [{ code: 'a', name: '一', children: [{ code: 'b', name: '二', children: [{ code: 'c', name: '三', children: [{ code: 'd', name: '四' }] }] }] }];
    expect(categoryTreeProblems(deep)).toEqual(['分类「一 › 二 › 三」超过3级']);
    expect(categoryTreeProblems([{ code: 'a', name: '甲' }, { code: 'a', name: '乙' }])).toEqual(['分类代码 a 重复']);
    expect(categoryTreeProblems([{ code: 'a', name: ' ' }])).toEqual(['分类代码 a 缺少名称']);
    expect(categoryTreeProblems([])).toEqual(['分类体系至少须有一个一级分类']);
  });

  it('checks that a path descends the tree and names it', () => {
    expect(categoryPathProblem(DEFAULT_CATEGORY_TREE, ['cxjs', 'cxjs.wygl'])).toBeNull();
    expect(categoryPathProblem(DEFAULT_CATEGORY_TREE, ['ldsb', 'cxjs.wygl'])).toContain('不在分类体系中');
    expect(categoryPathProblem(DEFAULT_CATEGORY_TREE, ['cxjs.wygl'])).toContain('不在分类体系中');
    expect(categoryNames(DEFAULT_CATEGORY_TREE, ['cxjs', 'cxjs.wygl'])).toEqual(['城乡建设', '物业管理']);
    expect(categoryNames(DEFAULT_CATEGORY_TREE, ['gone'])).toEqual(['gone']);
  });
});

describe('classification shape', () => {
  it('申诉求决 needs an Art. 31 route; consultation, suggestion and accusation take none', () => {
    expect(classificationProblem({ purpose: 'request', categoryPath: ['cxjs'], art31Route: 'petitionProcedure' })).toBeNull();
    expect(classificationProblem({ purpose: 'appeal', categoryPath: ['cxjs'] })).toContain('第三十一条');
    expect(classificationProblem({ purpose: 'accusation', categoryPath: ['jjjc'], art31Route: null })).toBeNull();
    expect(classificationProblem({ purpose: 'accusation', categoryPath: ['jjjc'], art31Route: 'litigation' })).not.toBeNull();
    expect(classificationProblem({ purpose: 'gossip', categoryPath: ['qt'] })).toBe('请选择信访目的');
  });

  it('only routes (一)–(四) lead into another procedure', () => {
    expect(['litigation', 'arbitration', 'partyAppeal', 'administrative'].every((r) => leadsToOtherProcedure(r as never))).toBe(true);
    expect(leadsToOtherProcedure('dutyPerformance')).toBe(false);
    expect(leadsToOtherProcedure('petitionProcedure')).toBe(false);
    expect(leadsToOtherProcedure(null)).toBe(false);
  });
});

describe('rejection reasons', () => {
  it('the default list cites a provision for every ground, including Art. 19 ¶3 and Art. 36 ¶3', () => {
    expect(rejectionReasonsProblems(DEFAULT_REJECTION_REASONS)).toEqual([]);
    const byCode = Object.fromEntries(DEFAULT_REJECTION_REASONS.map((r) => [r.code, r.article]));
    expect(byCode.levelSkipping).toBe('《信访工作条例》第十九条第三款');
    expect(byCode.terminated).toBe('《信访工作条例》第三十六条第三款');
  });

  it('refuses a ground without a provision', () => {
    expect(rejectionReasonsProblems([{ code: 'x', label: '其他', article: '', noticeText: '…' }])).toEqual(['理由 x 须写明依据条款']);
  });
});
