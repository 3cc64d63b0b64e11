import { describe, expect, it } from 'vitest';
import { redactContactNumbers } from '../documents';
import { maskAddress, maskIdNumber, maskPersonalData, maskPhone } from './mask';

describe('masking personal data for a response', () => {
  const bodyId = 'abcde139-1234-5678-9abc-def012345678';
  const response = {
    id: bodyId,
    title: '反映拖欠工资，联系电话13912345678',
    details: { callerNumber: '0351-7654321', recordingRef: 'REC-1' },
    petitioners: [{ name: '王五', idNumber: '140105198001011233', phone: '13912345678', address: '山西省太原市小店区坞城路12号3单元' }],
    events: [{ payload: { text: '身份证140105198001011233', on: '2026-01-12', toBodyId: bodyId, amount: 13912345678, listed: true } }],
    hash: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    noted: null,
  };

  it('masks identity fields for every viewer, whatever their role', () => {
    for (const readsPii of [true, false]) {
      const out = maskPersonalData(response, { readsPii });
      expect(out.details.callerNumber).toBe('035****4321');
      expect(out.petitioners[0]).toMatchObject({ name: '王五', idNumber: '140105********1233', phone: '139****5678', address: '山西省太原市小店区****' });
    }
  });

  it('leaves free text as written for a role with petitioner.pii.read, and redacts its numbers for any other', () => {
    expect(maskPersonalData(response, { readsPii: true }).title).toBe(response.title);
    const out = maskPersonalData(response, { readsPii: false });
    expect(out.title).toBe('反映拖欠工资，联系电话［电话号码略］');
    expect(out.events[0]!.payload).toEqual({ text: '身份证［身份证号码略］', on: '2026-01-12', toBodyId: bodyId, amount: 13912345678, listed: true });
  });

  it('keeps ids and digests (an id may read like a grouped mobile) and never changes its input', () => {
    expect(redactContactNumbers(bodyId)).not.toBe(bodyId);
    const out = maskPersonalData(response, { readsPii: false });
    expect(out.id).toBe(bodyId);
    expect(out.hash).toBe(response.hash);
    expect(out.noted).toBeNull();
    expect(response.petitioners[0]!.phone).toBe('13912345678');
  });

  it('masks each kind of value the customary way', () => {
    expect(maskIdNumber('14010519800101123X')).toBe('140105********123X');
    expect(maskPhone('13912345678')).toBe('139****5678');
    expect(maskPhone('12')).toBe('****');
    expect(maskAddress('山西省太原市')).toBe('山西省太原市');
    expect(maskAddress('太原市迎泽区双塔西街38号')).toBe('太原市迎泽区****');
    expect(maskAddress('内蒙古自治区呼和浩特市新城区某街1号')).toBe('内蒙古自治区呼和浩特市新城区****');
    expect(maskAddress('村东头第三家')).toBe('****');
    expect(maskAddress(null)).toBeNull();
  });
});
