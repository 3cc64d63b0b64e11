import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  DOCUMENT_KINDS,
  DOCUMENT_KIND_LABELS,
  acceptanceNotice,
  assignmentLetter,
  documentNumber,
  deriveAbbreviation,
  forwardingLetter,
  issuerPrefix,
  officialDate,
  redactContactNumbers,
  redirectionLetter,
  rejectionNotice,
  supervisionLetter,
  handlingOpinion,
  extensionNotice,
  conversionNotice,
  appealOpinion,
  hearingNotice,
  hearingRecord,
  type DocumentText,
  type NoticeMatter,
  type OfficialDocument,
} from './index';

const matter = (over: Partial<NoticeMatter> = {}): NoticeMatter => ({
  number: 'XF1401052026000012',
  title: '反映小区物业公司擅自提高物业费',
  receivedOn: '2026-11-03',
  channelLabel: '来信',
  petitionerNames: ['张三'],
  regionName: '太原市小店区',
  content: '某小区物业公司自2026年10月起将物业费由每平方米1.2元提高到1.8元，未经业主大会同意。',
  ...over,
});

const text = (d: DocumentText) => [d.title, d.addressee, ...d.paragraphs, ...(d.attachments ?? []), d.cc ?? ''].join('\n');

describe('document kinds', () => {
  it('every kind has its Chinese name', () => {
    expect(DOCUMENT_KINDS.map((k) => DOCUMENT_KIND_LABELS[k])).toEqual([
      '受理告知书',
      '不予受理告知书',
      '转送函',
      '交办函',
      '督办函',
      '提醒函',
      '建议函',
      '信访处理意见书',
      '延期办理告知书',
      '复查意见书',
      '复核意见书',
      '听证通知书',
      '听证笔录',
      '转为普通程序告知书',
    ]);
  });
});

describe('documentNumber (GB/T 9704 §7.2.4)', () => {
  it('writes 代字, kind word, year in 〔〕 and the sequence without padding', () => {
    expect(documentNumber('晋信', 'forwardingLetter', 2026, 15)).toBe('晋信转〔2026〕15号');
    expect(documentNumber('晋信', 'assignmentLetter', 2026, 3)).toBe('晋信交〔2026〕3号');
    expect(documentNumber('小店区住建局', 'acceptanceNotice', 2026, 1)).toBe('小店区住建局受告〔2026〕1号');
    expect(documentNumber('小店区住建局', 'rejectionNotice', 2027, 120)).toBe('小店区住建局不受告〔2027〕120号');
    expect(documentNumber('晋信', 'supervisionLetter', 2026, 2)).toBe('晋信督〔2026〕2号');
    expect(documentNumber('晋信', 'reminderLetter', 2026, 2)).toBe('晋信提〔2026〕2号');
    expect(documentNumber('晋信', 'adviceLetter', 2026, 2)).toBe('晋信建〔2026〕2号');
  });

  it('gives each kind its own word, so per-kind sequences never collide', () => {
    const numbers = DOCUMENT_KINDS.map((k) => documentNumber('晋信', k, 2026, 1));
    expect(new Set(numbers).size).toBe(DOCUMENT_KINDS.length);
  });

  it('refuses numbers that could not be printed', () => {
    expect(() => documentNumber('晋信', 'forwardingLetter', 2026, 0)).toThrow(RangeError);
    expect(() => documentNumber('晋信', 'forwardingLetter', 2026, 1.5)).toThrow(RangeError);
    expect(() => documentNumber('晋信', 'forwardingLetter', 26, 1)).toThrow(RangeError);
    expect(() => documentNumber('  ', 'forwardingLetter', 2026, 1)).toThrow(RangeError);
  });
});

describe('issuerPrefix', () => {
  it('prefers the configured abbreviation', () => {
    expect(issuerPrefix('山西省信访局', '晋信')).toBe('晋信');
    expect(issuerPrefix('山西省信访局', ' 晋信 ')).toBe('晋信');
  });

  it('otherwise derives a short 代字 in the style of real ones, never the full name', () => {
    expect(issuerPrefix('山西省信访局')).toBe('晋信');
    expect(issuerPrefix('太原市小店区住房和城乡建设局')).toBe('小店建');
    expect(issuerPrefix('太原市小店区住房和城乡建设局', null)).toBe('小店建');
    expect(issuerPrefix('太原市小店区住房和城乡建设局', '')).toBe('小店建');
    expect(issuerPrefix('太原市人民政府')).toBe('太原政');
    expect(issuerPrefix('山西省太原市小店区人民政府')).toBe('小店政');
    expect(issuerPrefix('山西省人力资源和社会保障厅')).toBe('晋人社');
    expect(issuerPrefix('太原市古交市民政局')).toBe('古交民');
    expect(issuerPrefix('内蒙古自治区信访局')).toBe('蒙信');
    expect(issuerPrefix('中共山西省委政法委员会')).toBe('晋政法');
    expect(issuerPrefix('太原市纪委监委')).toBe('太原纪');
    expect(issuerPrefix('太原市小店区北格镇')).toBe('北格政');
  });

  it('does not take 城市 or 市场 inside a department name for a division', () => {
    expect(issuerPrefix('太原市城市管理局')).toBe('太原城管');
    expect(issuerPrefix('太原市市场监督管理局')).toBe('太原市监');
    expect(issuerPrefix('太原市住房和城乡建设局')).toBe('太原建');
  });

  it('uses a deployment’s city abbreviations when given them', () => {
    expect(deriveAbbreviation('太原市住房和城乡建设局', { 太原: '并' })).toBe('并建');
    expect(deriveAbbreviation('山西省住房和城乡建设厅', { 太原: '并' })).toBe('晋建');
  });

  it('needs a name when there is no abbreviation', () => {
    expect(() => issuerPrefix('  ')).toThrow(RangeError);
  });
});

describe('officialDate', () => {
  it('writes Arabic numerals without leading zeros', () => {
    expect(officialDate('2026-11-23')).toBe('2026年11月23日');
    expect(officialDate('2027-01-05')).toBe('2027年1月5日');
  });

  it('refuses what is not a calendar date', () => {
    expect(() => officialDate('2026-02-30')).toThrow(RangeError);
    expect(() => officialDate('2026/11/23')).toThrow(RangeError);
  });
});

describe('acceptanceNotice', () => {
  const details = {
    issuer: '太原市小店区住房和城乡建设局',
    acceptedOn: '2026-11-05',
    procedure: 'ordinary' as const,
    dueOn: '2027-01-04',
    handlerBody: '太原市小店区住房和城乡建设局',
  };

  it('tells the petitioner it was accepted, citing Art. 23, with the 60-day limit of Art. 34', () => {
    const d = acceptanceNotice(matter(), details);
    expect(d.title).toBe('信访事项受理告知书');
    expect(d.addressee).toBe('张三：');
    expect(d.paragraphs[0]).toBe(
      '你于2026年11月3日通过来信提出的“反映小区物业公司擅自提高物业费”信访事项（事项编号：XF1401052026000012），' +
        '属于太原市小店区住房和城乡建设局职权范围，本机关已于2026年11月5日依法受理。' +
        '根据《信访工作条例》第二十三条的规定，现将处理途径和程序告知如下：',
    );
    const all = text(d);
    expect(all).toContain('根据《信访工作条例》第三十四条的规定，该信访事项应当自受理之日起60日内办结，即于2027年1月4日前办结');
    expect(all).toContain('延长期限不得超过30日，并告知你延期理由');
    expect(all).toContain('出具信访处理意见书');
    expect(all).not.toContain('简易');
    expect(d.paragraphs.at(-1)).toBe('特此告知。');
    expect(d.issuer).toBe(details.issuer);
    expect(d.issuedOn).toBe('2026-11-05');
  });

  it('tells of the review right in the words of Art. 35', () => {
    const all = text(acceptanceNotice(matter(), details));
    expect(all).toContain(
      '根据《信访工作条例》第三十五条的规定，你对处理意见不服的，可以自收到书面答复之日起30日内请求原办理机关、单位的上一级机关、单位复查。',
    );
  });

  it('numbers its points 一、二、三 …', () => {
    const d = acceptanceNotice(matter(), details);
    expect(d.paragraphs.slice(1, -1).map((p) => p.slice(0, 2))).toEqual(['一、', '二、', '三、', '四、']);
  });

  it('under the simple procedure gives 10 working days and says it may turn ordinary', () => {
    const all = text(acceptanceNotice(matter(), { ...details, procedure: 'simple', dueOn: '2026-11-19' }));
    expect(all).toContain('《信访事项简易办理办法（试行）》');
    expect(all).toContain('自受理之日起10个工作日内，即于2026年11月19日前作出处理意见');
    expect(all).toContain('转为普通程序办理');
    expect(all).not.toContain('60日内办结');
    expect(all).toContain('可以自收到书面答复之日起30日内请求');
  });

  it('states the configured simple-procedure limit, not a fixed 10 working days', () => {
    const all = text(acceptanceNotice(matter(), { ...details, procedure: 'simple', dueOn: '2026-11-17', simpleLimit: { unit: 'workingDays', amount: 8 } }));
    expect(all).toContain('自受理之日起8个工作日内，即于2026年11月17日前作出处理意见');
    expect(all).not.toContain('10个工作日');
  });

  it('转为普通程序告知书: why, with the head’s approval, and the 60 days counted from the original acceptance', () => {
    const d = conversionNotice(matter(), { issuer: '太原市小店区住房和城乡建设局', on: '2026-11-12', reason: '需会同价格主管部门核查。', acceptedOn: '2026-11-05', dueOn: '2027-01-04' });
    const all = text(d);
    expect(d.title).toBe('信访事项转为普通程序办理告知书');
    expect(all).toContain('本机关已于2026年11月5日受理并按照简易程序办理。因需会同价格主管部门核查，经本机关负责人批准');
    expect(all).toContain('办理期限自受理之日起计算为60日，即于2027年1月4日前办结');
  });

  it('names the handler when another body handles it', () => {
    const d = acceptanceNotice(matter(), { ...details, issuer: '太原市小店区人民政府', handlerBody: '太原市小店区住房和城乡建设局' });
    expect(d.paragraphs[0]).toContain('属于太原市小店区住房和城乡建设局职权范围，太原市小店区住房和城乡建设局已于2026年11月5日依法受理');
    expect(d.issuer).toBe('太原市小店区人民政府');
  });

  it('addresses every joint petitioner and speaks to them in the plural', () => {
    const d = acceptanceNotice(matter({ petitionerNames: ['张三', ' 李四 ', '王五'] }), details);
    expect(d.addressee).toBe('张三、李四、王五：');
    expect(d.paragraphs[0]!.startsWith('你们于2026年11月3日')).toBe(true);
    expect(text(d)).toContain('你们对处理意见不服的');
  });

  it('refuses a matter with no named petitioner', () => {
    expect(() => acceptanceNotice(matter({ petitionerNames: [' '] }), details)).toThrow(RangeError);
  });
});

describe('rejectionNotice', () => {
  const details = {
    issuer: '太原市信访局',
    on: '2026-11-10',
    reason: '该信访事项已由太原市小店区人民政府受理，尚在办理期限内。',
    article: '《信访工作条例》第十九条第三款',
    advice: '等待太原市小店区人民政府的处理意见',
  };

  it('gives the reason, the provision and where to go instead', () => {
    const d = rejectionNotice(matter(), details);
    expect(d.title).toBe('信访事项不予受理告知书');
    expect(d.addressee).toBe('张三：');
    expect(d.paragraphs).toEqual([
      '你于2026年11月3日通过来信提出的“反映小区物业公司擅自提高物业费”信访事项（事项编号：XF1401052026000012），' +
        '经审查，该信访事项已由太原市小店区人民政府受理，尚在办理期限内。根据《信访工作条例》第十九条第三款的规定，本机关决定不予受理。',
      '你可以等待太原市小店区人民政府的处理意见。',
      '特此告知。',
    ]);
    expect(d.issuedOn).toBe('2026-11-10');
  });

  it('leaves the advice out when there is none', () => {
    for (const advice of [null, undefined, ' ']) {
      const d = rejectionNotice(matter(), { ...details, advice });
      expect(d.paragraphs).toHaveLength(2);
      expect(d.paragraphs.at(-1)).toBe('特此告知。');
    }
  });
});

describe('forwardingLetter', () => {
  const details = {
    issuer: '太原市信访局',
    on: '2026-11-06',
    toBody: '太原市小店区住房和城乡建设局',
    acceptanceDueOn: '2026-11-21',
    returnDueOn: '2026-11-13',
  };

  it('is addressed to the body and forwards under Art. 22 ¶1 (一)(二)', () => {
    const d = forwardingLetter(matter(), details);
    expect(d.title).toBe('关于转送张三信访事项的函');
    expect(d.addressee).toBe('太原市小店区住房和城乡建设局：');
    expect(d.paragraphs[0]).toBe(
      '张三于2026年11月3日通过来信提出“反映小区物业公司擅自提高物业费”信访事项（事项编号：XF1401052026000012；问题属地：太原市小店区）。' +
        '主要内容：某小区物业公司自2026年10月起将物业费由每平方米1.2元提高到1.8元，未经业主大会同意。',
    );
    const all = text(d);
    expect(all).toContain('《信访工作条例》第二十二条第一款第一项、第二项');
    expect(all).toContain('“属地管理、分级负责，谁主管、谁负责”');
    expect(all).not.toContain('办结报告');
    expect(d.paragraphs.at(-1)).toBe('此函。');
    expect(d.attachments).toEqual(['信访事项材料（XF1401052026000012）']);
  });

  it('asks for the written notice within 15 days and any objection within 5 working days (Art. 23 ¶3)', () => {
    const all = text(forwardingLetter(matter(), details));
    expect(all).toContain('第二十三条第三款');
    expect(all).toContain('请自收到之日起15日内，即于2026年11月21日前，书面告知信访人接收情况以及处理途径和程序');
    expect(all).toContain('请自收到之日起5个工作日内，即于2026年11月13日前提出异议，并详细说明理由');
  });

  it('adds the note as its own sentence, before the closing', () => {
    const d = forwardingLetter(matter(), { ...details, note: '请重点核查物业费调整是否履行了法定程序' });
    expect(d.paragraphs.at(-2)).toBe('请重点核查物业费调整是否履行了法定程序。');
    expect(forwardingLetter(matter(), { ...details, note: null }).paragraphs).toHaveLength(d.paragraphs.length - 1);
  });

  it('refers to a large joint petition by its first name and count', () => {
    const d = forwardingLetter(matter({ petitionerNames: ['甲', '乙', '丙', '丁', '戊'] }), details);
    expect(d.title).toBe('关于转送甲等5人信访事项的函');
    expect(d.paragraphs[0]!.startsWith('甲等5人于')).toBe(true);
  });

  it('keeps a multi-line transcript in one paragraph', () => {
    const d = forwardingLetter(matter({ content: '第一行\n  第二行\r\n第三行' }), details);
    expect(d.paragraphs[0]).toContain('主要内容：第一行第二行第三行。');
  });
});

describe('assignmentLetter', () => {
  const details = {
    issuer: '太原市信访局',
    on: '2026-11-06',
    toBody: '太原市小店区人民政府',
    dueOn: '2026-12-31',
    acceptanceDueOn: '2026-11-21',
    returnDueOn: '2026-11-13',
  };

  it('assigns under Art. 22 ¶1 (三) with a deadline and the completion report', () => {
    const d = assignmentLetter(matter(), details);
    expect(d.title).toBe('关于交办张三信访事项的函');
    expect(d.addressee).toBe('太原市小店区人民政府：');
    const all = text(d);
    expect(all).toContain('根据《信访工作条例》第二十二条第一款第三项的规定，现将该信访事项交由你单位办理。');
    expect(all).toContain('请你单位于2026年12月31日前办结，向本机关反馈办理结果，并提交办结报告。');
    expect(all).toContain('即于2026年11月21日前，书面告知信访人');
    expect(all).toContain('即于2026年11月13日前提出异议');
    expect(d.paragraphs.at(-1)).toBe('此函。');
    expect(d.issuedOn).toBe('2026-11-06');
  });
});

describe('supervision letters (Art. 39 ¶3, 40)', () => {
  const base = { issuer: '山西省信访局', on: '2026-11-20', toBody: '太原市小店区人民政府', reason: '该信访事项已超过法定办理期限，至今未出具处理意见', replyDueOn: '2026-11-27', listedDueOn: null };

  it('督办函: what was found, Art. 40, and the written reply by the date', () => {
    const d = supervisionLetter(matter(), { ...base, kind: 'supervisionLetter' });
    expect(d.title).toBe('关于督办张三信访事项的函');
    expect(d.addressee).toBe('太原市小店区人民政府：');
    const all = text(d);
    expect(all).toContain('经督查，该信访事项已超过法定办理期限，至今未出具处理意见。根据《信访工作条例》第四十条第一款的规定，现予督办。');
    expect(all).toContain('请你单位于2026年11月27日前将办理情况书面反馈本机关。');
    expect(all).not.toContain('挂牌督办');
    expect(d.paragraphs.at(-1)).toBe('此函。');
  });

  it('挂牌督办 adds Art. 39 ¶3 and its own date', () => {
    const all = text(supervisionLetter(matter(), { ...base, kind: 'supervisionLetter', listedDueOn: '2026-12-20' }));
    expect(all).toContain('根据《信访工作条例》第三十九条第三款的规定，决定对该信访事项挂牌督办，请你单位于2026年12月20日前办结。');
  });

  it('提醒函 reminds; 建议函 asks for the written answer on adoption (Art. 40 ¶4)', () => {
    expect(text(supervisionLetter(matter(), { ...base, kind: 'reminderLetter' }))).toContain('现予提醒。');
    const advice = supervisionLetter(matter(), { ...base, kind: 'adviceLetter', reason: '该单位对同类诉求答复口径不一' });
    expect(advice.title).toBe('关于张三信访事项的改进工作建议函');
    expect(text(advice)).toContain('根据《信访工作条例》第四十条第四款的规定，请你单位于2026年11月27日前书面反馈采纳情况。');
  });
});

describe('opinions (Art. 32, 34–36)', () => {
  const opinion = { issuer: '太原市小店区住房和城乡建设局', on: '2026-12-01', summary: '责令物业公司恢复原收费标准' };

  it('处理意见书 carries the request, facts, the Art. 32 outcome in its words, the basis and the review route', () => {
    const d = handlingOpinion(matter(), { ...opinion, outcome: 'support', facts: '经查，调价未经业主大会表决', legalBasis: '《物业管理条例》第四十一条' });
    expect(d.title).toBe('信访事项处理意见书');
    expect(d.addressee).toBe('张三：');
    const all = text(d);
    expect(all).toContain('一、信访请求：反映小区物业公司擅自提高物业费。');
    expect(all).toContain('二、事实和理由：经查，调价未经业主大会表决。');
    expect(all).toContain('三、处理意见：经调查核实，请求事实清楚，符合法律、法规、规章或者其他有关规定，予以支持。责令物业公司恢复原收费标准。');
    expect(all).toContain('四、法律法规依据：《物业管理条例》第四十一条。');
    expect(all).toContain('可以自收到书面答复之日起30日内请求原办理机关、单位的上一级机关、单位复查');
  });

  it('the other two outcomes use Art. 32 (二) and (三); absent facts and basis leave no empty points', () => {
    expect(text(handlingOpinion(matter(), { ...opinion, outcome: 'explain' }))).toContain('请求事由合理但缺乏法律依据，作出解释说明');
    const d = handlingOpinion(matter(), { ...opinion, outcome: 'notSupport' });
    expect(text(d)).toContain('二、处理意见：经调查核实，请求缺乏事实根据或者不符合法律、法规、规章或者其他有关规定，不予支持。');
    expect(text(d)).not.toContain('三、');
  });

  it('延期办理告知书 gives the reason, the days and the new date (Art. 34)', () => {
    const all = text(extensionNotice(matter(), { issuer: '甲局', on: '2026-12-20', days: 30, reason: '需会同价格主管部门核查。', dueOn: '2027-01-31' }));
    expect(all).toContain('因需会同价格主管部门核查，经本机关负责人批准，根据《信访工作条例》第三十四条的规定，办理期限延长30日，将于2027年1月31日前办结');
  });

  it('复查意见书 points to re-review; 复核意见书 says the matter is not accepted again (Art. 36 ¶3)', () => {
    const review = text(appealOpinion(matter(), { ...opinion, outcome: 'explain', stage: 'review', requestedOn: '2026-12-10' }));
    expect(review).toContain('于2026年12月10日向本机关请求复查');
    expect(review).toContain('可以自收到书面答复之日起30日内向本机关的上一级机关、单位请求复核');
    const reReview = appealOpinion(matter(), { ...opinion, outcome: 'notSupport', stage: 'reReview', requestedOn: '2026-12-20' });
    expect(reReview.title).toBe('信访事项复核意见书');
    // A re-review opinion without words of its own: the outcome alone, no stray full stop.
    expect(text(appealOpinion(matter(), { ...opinion, summary: '', outcome: 'notSupport', stage: 'reReview', requestedOn: '2026-12-20' }))).toContain('不予支持。\n');
    expect(text(reReview)).toContain('不再受理');
  });

  it('复查意见书 quotes the petitioner’s reasons under 信访请求 and says what it does to the opinion under review', () => {
    const reviewed = { issuer: '太原市小店区住房和城乡建设局', on: '2026-11-20', outcome: 'explain' as const };
    const base = { ...opinion, issuer: '太原市小店区人民政府', stage: 'review' as const, requestedOn: '2026-12-10', requestReasons: '物业公司至今未退还多收的费用，联系电话13912345678' };
    const upheld = text(appealOpinion(matter(), { ...base, outcome: 'explain', disposition: 'uphold', reviewed }));
    expect(upheld).toContain('一、信访请求：反映小区物业公司擅自提高物业费。请求复查的理由：物业公司至今未退还多收的费用，联系电话［电话号码略］。');
    expect(upheld).toContain('二、复查意见：经复查，维持太原市小店区住房和城乡建设局2026年11月20日作出的处理意见（解释说明）。请求事由合理但缺乏法律依据，作出解释说明。');
    const modified = text(appealOpinion(matter(), { ...base, outcome: 'support', disposition: 'modify', reviewed }));
    expect(modified).toContain('经复查，将太原市小店区住房和城乡建设局2026年11月20日作出的处理意见由“解释说明”变更为“予以支持”。请求事实清楚');
    const revoked = text(appealOpinion(matter(), { ...base, stage: 'reReview', outcome: 'notSupport', disposition: 'revoke', reviewed: { ...reviewed, issuer: '太原市小店区人民政府' } }));
    expect(revoked).toContain('请求复核的理由：');
    expect(revoked).toContain('二、复核意见：经复核，撤销太原市小店区人民政府2026年11月20日作出的复查意见（解释说明）。请求缺乏事实根据');
  });
});

describe('hearing notice and record (Art. 31 (六), 36 ¶2)', () => {
  const plan = {
    heldOn: '2026-12-28',
    time: '09:30',
    place: '太原市信访局三楼听证室',
    presidingOfficer: '赵主任',
    officers: [
      { name: '钱律师', affiliation: '山西某律师事务所律师', proposedBy: 'petitioner' as const },
      { name: '孙代表', proposedBy: 'body' as const },
    ],
    participants: [{ name: '周科长', role: 'handlingStaff' as const }],
    closedReason: null,
  };

  it('tells the petitioner when, where, who sits (chosen jointly) and that the hearing time is not counted', () => {
    const t = text(hearingNotice(matter({ petitionerNames: ['张三', '李四'] }), { issuer: '太原市人民政府', on: '2026-12-21', requestedOn: '2026-12-20', plan }));
    expect(t).toContain('张三、李四：');
    expect(t).toContain('于2026年12月20日向本机关请求复核');
    expect(t).toContain('听证时间：2026年12月28日 09:30。');
    expect(t).toContain('钱律师（山西某律师事务所律师，信访人推荐）、孙代表（听证机关推荐）');
    expect(t).toContain('听证员由你们与本机关共同选定');
    expect(t).toContain('听证方式：公开举行');
    expect(t).toContain('听证所需时间不计算在复核期限内');
    const closed = text(hearingNotice(matter(), { issuer: '太原市人民政府', on: '2026-12-21', requestedOn: '2026-12-20', plan: { ...plan, closedReason: '涉及个人隐私。' } }));
    expect(closed).toContain('因涉及个人隐私，不公开举行');
    const moved = text(
      hearingNotice(matter(), { issuer: '太原市人民政府', on: '2026-12-24', requestedOn: '2026-12-20', plan: { ...plan, heldOn: '2027-01-05', rescheduled: [{ from: '2026-12-28', on: '2026-12-24', reason: '信访人住院治疗' }] } }),
    );
    expect(moved).toContain('原定于2026年12月28日举行的听证，因信访人住院治疗，改期举行。');
    expect(moved).toContain('听证时间：2027年1月5日 09:30。');
  });

  it('records attendance, the statements and the conclusion, masking numbers; a withdrawn hearing says why', () => {
    const held = hearingRecord(matter(), {
      issuer: '太原市人民政府',
      on: '2026-12-28',
      plan,
      outcome: { record: '信访人陈述（电话13912345678），原办理机关答辩', conclusion: '听证员一致认为复查意见事实清楚', petitionerAttended: true, withdrawn: false },
    });
    expect(held.addressee).toBe('');
    const t = text(held);
    expect(t).toContain('信访事项听证笔录');
    expect(t).toContain('其他参加人：周科长（原办理机关工作人员）。');
    expect(t).toContain('信访人到场情况：信访人到场。');
    expect(t).toContain('听证结论：听证员一致认为复查意见事实清楚。');
    expect(t).not.toContain('13912345678');
    const withdrawn = hearingRecord(matter(), { issuer: '太原市人民政府', on: '2026-12-24', plan, outcome: { record: '信访人书面撤回听证申请', conclusion: null, petitionerAttended: null, withdrawn: true } });
    expect(withdrawn.title).toBe('信访事项听证终止记录');
    expect(text(withdrawn)).toContain('听证未举行：信访人书面撤回听证申请。');
    expect(text(withdrawn)).not.toContain('听证结论');
  });
});

describe('redirectionLetter', () => {
  const details = { issuer: '太原市信访局', on: '2026-11-06', toBody: '太原市中级人民法院', channel: 'legalAffairs' as const };

  it('sends a litigation matter to the legal-affairs body (Art. 22 ¶2, Art. 28 ¶2) without petition-procedure dates', () => {
    const d = redirectionLetter(matter(), details);
    expect(d.title).toBe('关于转送张三信访事项的函');
    expect(d.addressee).toBe('太原市中级人民法院：');
    const all = text(d);
    expect(all).toContain('第二十二条第二款和第二十八条第二款');
    expect(all).toContain('诉讼与信访分离');
    expect(all).toContain('第二十三条第四款');
    expect(all).not.toContain('15日内');
    expect(all).not.toContain('5个工作日');
    expect(d.paragraphs.at(-1)).toBe('此函。');
  });

  it('reminds a discipline body not to pass the accusation to the accused (Art. 30 ¶3)', () => {
    const all = text(redirectionLetter(matter(), { ...details, toBody: '太原市纪委监委', channel: 'discipline' }));
    expect(all).toContain('按照管理权限转送你单位依规依纪依法处理');
    expect(all).toContain('不得将信访人的检举、揭发材料以及有关情况透露或者转给被检举、揭发的人员或者单位');
  });

  it('sends other statutory matters into their procedure (Art. 31) with the reason as a note', () => {
    const d = redirectionLetter(matter(), { ...details, toBody: '太原市劳动人事争议仲裁委员会', channel: 'statutoryProcedure', note: '属劳动争议，应当申请仲裁' });
    expect(text(d)).toContain('根据《信访工作条例》第三十一条的规定');
    expect(d.paragraphs.at(-2)).toBe('属劳动争议，应当申请仲裁。');
  });
});

describe('personal data', () => {
  it('the matter has no field for an ID number, phone or address', () => {
    expectTypeOf<keyof NoticeMatter>().toEqualTypeOf<
      'number' | 'title' | 'receivedOn' | 'channelLabel' | 'petitionerNames' | 'regionName' | 'content'
    >();
    expectTypeOf<OfficialDocument>().not.toHaveProperty('idNumber');
    expectTypeOf<OfficialDocument>().not.toHaveProperty('phone');
  });

  it('a record with PII passed by mistake leaks nothing', () => {
    const leaky = { ...matter(), idNumber: '140105199001011234', phone: '13803511234', address: '太原市小店区某街1号' };
    const docs = [
      acceptanceNotice(leaky, { issuer: '甲局', acceptedOn: '2026-11-05', procedure: 'ordinary', dueOn: '2027-01-04', handlerBody: '甲局' }),
      rejectionNotice(leaky, { issuer: '甲局', on: '2026-11-05', reason: '不属于本机关职权范围', article: '《信访工作条例》第二十三条第一款' }),
      forwardingLetter(leaky, { issuer: '甲局', on: '2026-11-05', toBody: '乙局', acceptanceDueOn: '2026-11-20', returnDueOn: '2026-11-12' }),
      assignmentLetter(leaky, { issuer: '甲局', on: '2026-11-05', toBody: '乙局', dueOn: '2026-12-31', acceptanceDueOn: '2026-11-20', returnDueOn: '2026-11-12' }),
      redirectionLetter(leaky, { issuer: '甲局', on: '2026-11-05', toBody: '丙院', channel: 'legalAffairs' }),
    ];
    for (const d of docs) {
      const json = JSON.stringify(d);
      expect(json).not.toContain('140105199001011234');
      expect(json).not.toContain('13803511234');
      expect(json).not.toContain('某街1号');
    }
  });

  it('masks ID and phone numbers written into the title or content', () => {
    const d = forwardingLetter(
      matter({
        title: '张三（13803511234）反映物业费',
        content: '本人身份证号140105199001011234，电话138-0351-1234，座机（0351）7654321，欠费1200元。',
      }),
      { issuer: '甲局', on: '2026-11-05', toBody: '乙局', acceptanceDueOn: '2026-11-20', returnDueOn: '2026-11-12' },
    );
    const all = text(d);
    expect(all).toContain('本人身份证号［身份证号码略］，电话［电话号码略］，座机［电话号码略］，欠费1200元。');
    expect(all).toContain('“张三（［电话号码略］）反映物业费”');
    expect(all.replaceAll('XF1401052026000012', '')).not.toMatch(/\d{11}/);
  });

  it('leaves dates, amounts and the matter number alone', () => {
    const plain = '2026年11月3日缴纳1800元，发票号20261103，见XF1401052026000012、XJ140105202600000123号';
    expect(redactContactNumbers(plain)).toBe(plain);
    expect(redactContactNumbers('+86 138 0351 1234')).toBe('［电话号码略］');
    expect(redactContactNumbers('14010519900101123X')).toBe('［身份证号码略］');
  });
});
