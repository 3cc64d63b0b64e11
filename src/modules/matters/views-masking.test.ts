import { describe, expect, it } from 'vitest';
import { redactContactNumbers } from '../../domain/documents';
import { readsPii, redactDeep } from './views';

describe('free text on matter views', () => {
  it('reads personal data only with petitioner.pii.read', () => {
    expect(readsPii({ permissions: new Set(['matter.read', 'petitioner.pii.read']) })).toBe(true);
    expect(readsPii({ permissions: new Set(['matter.read', 'supervision.read', 'analytics.read']) })).toBe(false);
  });

  it('masks every string of a payload, nested, and leaves ids, numbers and dates', () => {
    // An id whose digits happen to read as a grouped mobile: masked as text, kept as an id.
    const bodyId = 'abcde139-1234-5678-9abc-def012345678';
    expect(redactContactNumbers(bodyId)).not.toBe(bodyId);
    const payload = {
      text: '经听证复核，维持复查意见。身份证140105198001011233',
      on: '2026-01-12',
      toBodyId: bodyId,
      changes: { content: '联系电话13912345678', respondent: null },
      officers: [{ name: '张三', note: '座机0351-7654321' }],
      amount: 13912345678,
      listed: true,
    };
    expect(redactDeep(payload)).toEqual({
      text: '经听证复核，维持复查意见。身份证［身份证号码略］',
      on: '2026-01-12',
      toBodyId: bodyId,
      changes: { content: '联系电话［电话号码略］', respondent: null },
      officers: [{ name: '张三', note: '座机［电话号码略］' }],
      amount: 13912345678,
      listed: true,
    });
    expect(payload.changes.content).toBe('联系电话13912345678'); // the input is not changed
  });
});
