import { describe, expect, it } from 'vitest';
import { partitionProblems, unassignedRegions, type OfficePartition } from './partitions';

// Shanxi (140000): 督查督办一处 has 太原、阳泉; 二处 has 大同.
const offices: OfficePartition[] = [
  { officeId: 'dc1', officeName: '督查督办一处', regionCodes: ['140100', '140300'] },
  { officeId: 'dc2', officeName: '督查督办二处', regionCodes: ['140200'] },
];
const known = (c: string) => ['140100', '140200', '140300', '140400', '140105', '130100'].includes(c);

describe('督查分区', () => {
  it('accepts cities of the bureau no other office holds', () => {
    expect(partitionProblems(['140400'], '140000', offices, known)).toEqual([]);
    // Re-saving an office's own cities: only the others count.
    expect(partitionProblems(['140100', '140300'], '140000', offices.slice(1), known)).toEqual([]);
  });

  it('refuses another office’s city (or a county inside it), a region outside the bureau, and unknown codes', () => {
    expect(partitionProblems(['140200'], '140000', offices, known)).toEqual([expect.objectContaining({ code: '140200', messageZh: '140200 已由督查督办二处负责' })]);
    expect(partitionProblems(['140105'], '140000', offices, known)[0]?.messageZh).toBe('140105 已由督查督办一处负责');
    expect(partitionProblems(['130100'], '140000', [], known)[0]?.messageZh).toBe('130100 不是本信访局辖区内的下级行政区划');
    expect(partitionProblems(['140000'], '140000', [], () => true)[0]?.messageZh).toBe('140000 不是本信访局辖区内的下级行政区划');
    expect(partitionProblems(['149900'], '140000', [], known)[0]?.messageZh).toBe('行政区划代码 149900 不存在');
  });

  it('lists the cities no office watches', () => {
    expect(unassignedRegions(['140100', '140200', '140300', '140400'], offices)).toEqual(['140400']);
  });
});
