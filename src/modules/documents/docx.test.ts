import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import {
  acceptanceNotice,
  assignmentLetter,
  documentNumber,
  forwardingLetter,
  rejectionNotice,
  supervisionLetter,
  handlingOpinion,
  extensionNotice,
  conversionNotice,
  appealOpinion,
  hearingNotice,
  hearingRecord,
  KIND_WORD,
  type DocumentKind,
  type DocumentText,
  type NoticeMatter,
  type OfficialDocument,
} from '../../domain/documents';
import type { HearingPlan } from '../../domain/lifecycle';
import { renderDocx } from './docx';

const matter: NoticeMatter = {
  number: 'XF1401052026000012',
  title: '反映小区物业公司擅自提高物业费',
  receivedOn: '2026-11-03',
  channelLabel: '来信',
  petitionerNames: ['张三', '李四'],
  regionName: '太原市小店区',
  content: '某小区物业公司自2026年10月起将物业费由每平方米1.2元提高到1.8元。',
};

const plan: HearingPlan = {
  heldOn: '2026-12-28',
  time: '09:30',
  place: '太原市信访局听证室',
  presidingOfficer: '赵主任',
  officers: [
    { name: '钱律师', affiliation: '律师', proposedBy: 'petitioner' },
    { name: '孙代表', affiliation: '人大代表', proposedBy: 'body' },
  ],
  participants: [{ name: '周科长', role: 'handlingStaff' }],
  closedReason: null,
};

const texts: Record<DocumentKind, DocumentText> = {
  acceptanceNotice: acceptanceNotice(matter, {
    issuer: '太原市小店区住房和城乡建设局',
    acceptedOn: '2026-11-05',
    procedure: 'ordinary',
    dueOn: '2027-01-04',
    handlerBody: '太原市小店区住房和城乡建设局',
  }),
  rejectionNotice: rejectionNotice(matter, {
    issuer: '太原市信访局',
    on: '2026-11-10',
    reason: '该信访事项已由太原市小店区人民政府受理，尚在办理期限内',
    article: '《信访工作条例》第十九条第三款',
    advice: '等待太原市小店区人民政府的处理意见',
  }),
  forwardingLetter: forwardingLetter(matter, {
    issuer: '太原市信访局',
    on: '2026-11-06',
    toBody: '太原市小店区住房和城乡建设局',
    acceptanceDueOn: '2026-11-21',
    returnDueOn: '2026-11-13',
  }),
  assignmentLetter: assignmentLetter(matter, {
    issuer: '太原市信访局',
    on: '2026-11-06',
    toBody: '太原市小店区人民政府',
    dueOn: '2026-12-31',
    acceptanceDueOn: '2026-11-21',
    returnDueOn: '2026-11-13',
  }),
  ...Object.fromEntries(
    (['supervisionLetter', 'reminderLetter', 'adviceLetter'] as const).map((kind) => [
      kind,
      supervisionLetter(matter, {
        kind,
        issuer: '山西省信访局',
        on: '2026-11-20',
        toBody: '太原市小店区人民政府',
        reason: '已超过法定办理期限，至今未出具处理意见',
        replyDueOn: '2026-11-27',
        listedDueOn: kind === 'supervisionLetter' ? '2026-12-20' : null,
      }),
    ]),
  ) as Record<'supervisionLetter' | 'reminderLetter' | 'adviceLetter', DocumentText>,
  handlingOpinion: handlingOpinion(matter, {
    issuer: '太原市小店区住房和城乡建设局',
    on: '2026-12-01',
    outcome: 'support',
    summary: '责令物业公司恢复原收费标准，并退还多收费用',
    facts: '经查，物业公司调价未经业主大会表决',
    legalBasis: '《物业管理条例》第四十一条',
  }),
  extensionNotice: extensionNotice(matter, { issuer: '太原市小店区住房和城乡建设局', on: '2026-12-02', days: 30, reason: '需会同价格主管部门核查', dueOn: '2027-01-31' }),
  conversionNotice: conversionNotice(matter, { issuer: '太原市小店区住房和城乡建设局', on: '2026-11-12', reason: '需会同价格主管部门核查，不宜简易办理', acceptedOn: '2026-11-05', dueOn: '2027-01-04' }),
  reviewOpinion: appealOpinion(matter, { stage: 'review', requestedOn: '2026-12-10', issuer: '太原市小店区人民政府', on: '2026-12-03', outcome: 'explain', summary: '维持原处理意见' }),
  reReviewOpinion: appealOpinion(matter, { stage: 'reReview', requestedOn: '2026-12-20', issuer: '太原市人民政府', on: '2026-12-04', outcome: 'notSupport', summary: '维持复查意见' }),
  hearingNotice: hearingNotice(matter, { issuer: '太原市人民政府', on: '2026-12-21', requestedOn: '2026-12-20', plan }),
  hearingRecord: hearingRecord(matter, {
    issuer: '太原市人民政府',
    on: '2026-12-28',
    plan,
    outcome: { record: '信访人陈述，原办理机关答辩，听证员询问', conclusion: '听证员一致认为复查意见事实清楚', petitionerAttended: true, withdrawn: false },
  }),
};

const docOf = (kind: DocumentKind, seq = 7): OfficialDocument => ({ kind, number: documentNumber('并信', kind, 2026, seq), ...texts[kind] });

async function unpack(doc: OfficialDocument) {
  const buf = await renderDocx(doc);
  const files = unzipSync(new Uint8Array(buf));
  const xml = (path: string) => {
    const f = files[path];
    if (!f) throw new Error(`missing ${path}`);
    return strFromU8(f);
  };
  return { buf, files, xml };
}

/** The visible text of document.xml: Word may split a paragraph into several runs. */
function visibleText(documentXml: string): string {
  return [...documentXml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
}

const unescape = (s: string) =>
  s.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&quot;', '"').replaceAll('&apos;', "'").replaceAll('&amp;', '&');

describe('renderDocx', () => {
  it('prints a template’s 落款, seal placeholder and 附注 in order after the text, and the issuer still in the banner', async () => {
    const doc = { ...docOf('acceptanceNotice'), signatory: '太原市小店区住房和城乡建设局办公室', seal: true, note: '联系人：王某，联系电话：0351-7654321' };
    const body = unescape(visibleText((await unpack(doc)).xml('word/document.xml')));
    const at = (s: string) => body.indexOf(s);
    expect(at(doc.issuer)).toBe(0);
    expect(at('（印章）')).toBeGreaterThan(at(doc.paragraphs.at(-1)!));
    expect(at(doc.signatory)).toBeGreaterThan(at('（印章）'));
    expect(at(`（${doc.note}）`)).toBeGreaterThan(body.lastIndexOf('2026年11月5日'));
  });

  it.each(Object.keys(texts) as DocumentKind[])('renders %s with all its text', async (kind) => {
    const doc = docOf(kind);
    const { buf, files, xml } = await unpack(doc);
    expect(buf.subarray(0, 2).toString('latin1')).toBe('PK');
    expect(Object.keys(files)).toEqual(expect.arrayContaining(['[Content_Types].xml', 'word/document.xml', 'word/styles.xml']));
    expect(xml('[Content_Types].xml')).toContain('/word/document.xml');

    const body = unescape(visibleText(xml('word/document.xml')));
    expect(body).toContain(doc.issuer);
    expect(body).toContain(`并信${KIND_WORD[kind]}〔2026〕7号`);
    expect(body).toContain(doc.title);
    expect(body).toContain(doc.addressee);
    for (const p of doc.paragraphs) expect(body).toContain(p);
    for (const a of doc.attachments ?? []) expect(body).toContain(a);
    expect(body).toContain(
      {
        acceptanceNotice: '2026年11月5日',
        rejectionNotice: '2026年11月10日',
        forwardingLetter: '2026年11月6日',
        assignmentLetter: '2026年11月6日',
        supervisionLetter: '2026年11月20日',
        reminderLetter: '2026年11月20日',
        adviceLetter: '2026年11月20日',
        handlingOpinion: '2026年12月1日',
        extensionNotice: '2026年12月2日',
        reviewOpinion: '2026年12月3日',
        reReviewOpinion: '2026年12月4日',
        hearingNotice: '2026年12月21日',
        conversionNotice: '2026年11月12日',
        hearingRecord: '2026年12月28日',
      }[kind],
    );
  });

  it('lays out A4 with the GB/T 9704 margins and odd/even page numbers', async () => {
    const { files, xml } = await unpack(docOf('forwardingLetter'));
    const document = xml('word/document.xml');
    expect(document).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    // 37, 35, 28, 26 mm in twips
    expect(document).toMatch(/w:top="2098"/);
    expect(document).toMatch(/w:bottom="1984"/);
    expect(document).toMatch(/w:left="1587"/);
    expect(document).toMatch(/w:right="1474"/);
    expect(document).toContain('w:type="default"');
    expect(document).toContain('w:type="even"');
    expect(xml('word/settings.xml')).toContain('<w:evenAndOddHeaders/>');
    const footers = Object.keys(files).filter((f) => /^word\/footer\d+\.xml$/.test(f)).map(xml);
    expect(footers).toHaveLength(2);
    expect(footers.map((f) => /<w:jc w:val="(\w+)"\/>/.exec(f)?.[1]).sort()).toEqual(['left', 'right']);
    for (const footer of footers) {
      // “— 1 —”: the number is a PAGE field between two 一字线.
      expect(footer).toMatch(/<w:t[^>]*>— <\/w:t>.*<w:instrText[^>]*>PAGE<\/w:instrText>.*<w:t[^>]*> —<\/w:t>/s);
    }
  });

  it('sets the Chinese fonts, sizes and the red banner', async () => {
    const { xml } = await unpack(docOf('assignmentLetter'));
    const document = xml('word/document.xml');
    const styles = xml('word/styles.xml');
    expect(styles).toMatch(/<w:rFonts [^>]*w:eastAsia="仿宋_GB2312"/);
    expect(styles).toContain('<w:sz w:val="32"/>'); // 三号
    expect(document).toMatch(/<w:rFonts [^>]*w:eastAsia="方正小标宋简体"/);
    expect(document).toContain('<w:sz w:val="44"/>'); // 二号 title
    expect(document).toContain('<w:color w:val="FF0000"/>');
    expect(document).toMatch(/<w:bottom [^>]*w:color="FF0000"/);
    expect(document).toMatch(/<w:spacing [^>]*w:line="580" w:lineRule="exact"/);
    expect(document).toMatch(/<w:ind [^>]*w:firstLineChars="200"/);
    const fontTable = xml('word/fontTable.xml');
    expect(fontTable).toContain('<w:font w:name="仿宋_GB2312"><w:altName w:val="FangSong"/>');
    expect(fontTable).toContain('<w:font w:name="方正小标宋简体"><w:altName w:val="SimSun"/>');
  });

  it('keeps XML-special characters in the title and text', async () => {
    const doc: OfficialDocument = {
      ...docOf('forwardingLetter'),
      title: '关于A<B & C>D的函',
      paragraphs: ['金额 < 100 & “引号” \'单引号\''],
      cc: '太原市信访局督查督办处',
    };
    const { xml } = await unpack(doc);
    const document = xml('word/document.xml');
    expect(document).toContain('关于A&lt;B &amp; C&gt;D的函');
    const body = unescape(visibleText(document));
    expect(body).toContain('关于A<B & C>D的函');
    expect(body).toContain('金额 < 100 & “引号” \'单引号\'');
    expect(body).toContain('抄送：太原市信访局督查督办处。');
  });

  it('numbers several attachments and leaves a single one unnumbered', async () => {
    const one = unescape(visibleText((await unpack({ ...docOf('forwardingLetter'), attachments: ['来信原件'] })).xml('word/document.xml')));
    expect(one).toContain('附件：来信原件');
    const two = unescape(visibleText((await unpack({ ...docOf('forwardingLetter'), attachments: ['来信原件', '现场照片'] })).xml('word/document.xml')));
    expect(two).toContain('附件：1. 来信原件');
    expect(two).toContain('2. 现场照片');
    const none = unescape(visibleText((await unpack({ ...docOf('acceptanceNotice'), attachments: [] })).xml('word/document.xml')));
    expect(none).not.toContain('附件：');
  });

  it('prints who signed an opinion under which position, after the date and before the 抄送', async () => {
    const signOff = [
      { positionZh: '承办人', name: '褚承办' },
      { positionZh: '分管领导', name: '卫局长' },
      { positionZh: '主要负责人', name: '尤局长' },
    ];
    const body = unescape(visibleText((await unpack({ ...docOf('handlingOpinion'), signOff, cc: '太原市信访局' })).xml('word/document.xml')));
    expect(body).toContain('签批：承办人：褚承办　分管领导：卫局长　主要负责人：尤局长');
    expect(body.indexOf('签批：')).toBeLessThan(body.indexOf('抄送：'));
    expect(unescape(visibleText((await unpack(docOf('handlingOpinion'))).xml('word/document.xml')))).not.toContain('签批：');
  });

  it('refuses a document whose date is not a date', async () => {
    await expect(renderDocx({ ...docOf('acceptanceNotice'), issuedOn: '2026-13-01' })).rejects.toThrow(RangeError);
  });
});
