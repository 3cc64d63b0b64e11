import { describe, expect, it } from 'vitest';
import {
  DOCUMENT_KINDS,
  KIND_WORD,
  acceptanceNotice,
  applyTemplate,
  defaultTemplate,
  documentNumber,
  sampleDocument,
  templatesInForce,
  templatesProblems,
  type NoticeMatter,
} from './index';

const matter: NoticeMatter = {
  number: 'XF1401052026000012',
  title: '反映小区物业公司擅自提高物业费',
  receivedOn: '2026-11-03',
  channelLabel: '来信',
  petitionerNames: ['张三'],
  regionName: '太原市小店区',
  content: '物业费上涨。',
};
const notice = () => acceptanceNotice(matter, { issuer: '山西省信访局', acceptedOn: '2026-11-05', procedure: 'ordinary', dueOn: '2027-01-04', handlerBody: '山西省信访局' });

describe('document templates', () => {
  it('the default template leaves every kind’s composed text as it was', () => {
    for (const kind of DOCUMENT_KINDS) {
      const text = sampleDocument(kind, '山西省信访局');
      expect(applyTemplate(kind, text, defaultTemplate(kind))).toEqual(text);
    }
  });

  it('replaces the closing, adds the bureau’s paragraphs before it, the contact note, the 落款 and the seal placeholder', () => {
    const t = { ...defaultTemplate('acceptanceNotice'), closing: '特此函告。', paragraphs: ['如有疑问，请在工作日咨询本机关。'], contact: '联系人：王某，联系电话：0351-1234567', signature: '{机关}办公室', seal: true };
    const out = applyTemplate('acceptanceNotice', notice(), t);
    expect(out.paragraphs.slice(-2)).toEqual(['如有疑问，请在工作日咨询本机关。', '特此函告。']);
    expect(out.paragraphs).not.toContain('特此告知。');
    expect(out).toMatchObject({ signatory: '山西省信访局办公室', seal: true, note: '联系人：王某，联系电话：0351-1234567', issuer: '山西省信访局' });
  });

  it('keeps the statutory paragraphs whatever the template says: the review right and its 30 days stay', () => {
    const out = applyTemplate('acceptanceNotice', notice(), { ...defaultTemplate('acceptanceNotice'), closing: '', paragraphs: [] });
    expect(out.paragraphs.join('')).toContain('30日内请求原办理机关、单位的上一级机关、单位复查');
    expect(out.paragraphs.join('')).toContain('《信访工作条例》第二十三条');
    expect(out.paragraphs.at(-1)).not.toBe('特此告知。');
  });

  it('numbers with the template’s 文种代字', () => {
    expect(documentNumber('晋信', 'acceptanceNotice', 2026, 7, '受理告')).toBe('晋信受理告〔2026〕7号');
    expect(documentNumber('晋信', 'acceptanceNotice', 2026, 7)).toBe(`晋信${KIND_WORD.acceptanceNotice}〔2026〕7号`);
  });

  it('refuses a 代字 another kind uses now or used before, and malformed parts', () => {
    const all = templatesInForce({});
    expect(templatesProblems(all, [KIND_WORD])).toEqual([]);
    const clash = templatesInForce({ conversionNotice: { ...defaultTemplate('conversionNotice'), kindWord: '转' } });
    expect(templatesProblems(clash).join()).toMatch(/「转」已由转送函使用/);
    // 转送函 moved from 转 to 转函: 转 stays its own, since this year's 转送函 numbers carry it.
    const moved = templatesInForce({ forwardingLetter: { ...defaultTemplate('forwardingLetter'), kindWord: '转函' }, conversionNotice: { ...defaultTemplate('conversionNotice'), kindWord: '转' } });
    expect(templatesProblems(moved, [KIND_WORD]).join()).toMatch(/「转」曾由转送函使用/);
    const bad = templatesInForce({ acceptanceNotice: { ...defaultTemplate('acceptanceNotice'), kindWord: 'AB', signature: ' ', paragraphs: ['一\n二'] } });
    expect(templatesProblems(bad)).toHaveLength(3);
  });
});
