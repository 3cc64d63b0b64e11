import { describe, expect, it } from 'vitest';
import { idCheckCharacter } from '../../domain/identity';
import { normalisePeople } from './petitioners';

const first17 = '14010519700312123';
const wrongChecksum = first17 + (idCheckCharacter(first17) === '1' ? '2' : '1');

describe('normalisePeople', () => {
  it('names the petitioner in each problem of a desk form, and not on a form about one person (the portal)', () => {
    const people = [{ name: '张伟' }, { name: ' ', idNumber: wrongChecksum }];
    const desk = normalisePeople(people, '2025-11-20').problems;
    expect(desk.map((p) => [p.field, p.messageZh.slice(0, 7), p.message.slice(0, 13)])).toEqual([
      ['petitioners.1.name', '第2位信访人：', 'petitioner 2:'],
      ['petitioners.1.idNumber', '第2位信访人：', 'petitioner 2:'],
    ]);
    const own = normalisePeople([people[1]!], '2025-11-20', { numbered: false }).problems;
    expect(own.map((p) => p.field)).toEqual(['petitioners.0.name', 'petitioners.0.idNumber']);
    expect(own.map((p) => p.messageZh)).toEqual(desk.map((p) => p.messageZh.slice('第2位信访人：'.length)));
    expect(own.map((p) => p.message)).toEqual(desk.map((p) => p.message.slice('petitioner 2: '.length)));
  });
});
