/**
 * Renders an official document (src/domain/documents) as a .docx laid out after GB/T 9704-2012 《党政机关公文格式》.
 *
 * Sizes follow the standard: A4, 版心 156 mm × 225 mm (margins top 37, bottom 35, left 28, right 26 mm), body in
 * 三号仿宋 at 22 lines a page, title in 二号小标宋, page numbers in 四号宋体 as “— 1 —”. The file is meant to be
 * printed and sealed, so the signature block follows the sealed layout (§7.3.5.1). The 版头 is simplified to a red
 * 发文机关标志, the 发文字号 and one red rule, which suits the letters and notices issued here.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  TextRun,
  type IParagraphOptions,
  type IRunOptions,
} from 'docx';
import { DOCUMENT_KIND_LABELS, officialDate, type OfficialDocument, type SignOffLine } from '../../domain/documents';

/** Word sizes are in twips (1/20 pt) and, for fonts, half-points. */
const TWIPS_PER_PT = 20;
const BODY_PT = 16; // 三号
const TITLE_PT = 22; // 二号
const NOTE_PT = 14; // 四号: page numbers and 版记
const BANNER_MAX_PT = 36; // 小初: the 发文机关标志 is set no larger than this and shrunk to fit one line
const BANNER_MIN_PT = 22;

/** 225 mm of 版心 hold 22 lines, so each line is 225/22 mm ≈ 29 pt; fixed, so CJK fonts' own leading cannot change it. */
const LINE = 29 * TWIPS_PER_PT;
/** One body character: indents in GB/T 9704 are counted in characters (空二字). */
const CHAR = BODY_PT * TWIPS_PER_PT;
const TEXT_WIDTH_PT = ((210 - 28 - 26) / 25.4) * 72;

const RED = 'FF0000';

/** docx's own converter truncates, which makes A4 11905 twips wide instead of Word's 11906. */
const mm = (millimetres: number) => Math.round((millimetres * 1440) / 25.4);

/**
 * The font names Chinese offices use. Word cannot express a fallback in a run, so each run names the standard font
 * and the font table (FONT_TABLE) gives Word the alternate to substitute on machines without it.
 * `hint: eastAsia` makes the characters both scripts share (“”, —, ：) take the Chinese font, as typeset Chinese
 * expects; Latin letters and digits take Times New Roman, as is usual in 公文.
 */
const FANGSONG = '仿宋_GB2312';
const XIAOBIAOSONG = '方正小标宋简体';
const SONG = '宋体';
const LATIN = 'Times New Roman';

const fonts = (eastAsia: string, latin: string) => ({ eastAsia, ascii: latin, hAnsi: latin, cs: latin, hint: 'eastAsia' });
const BODY_FONT = fonts(FANGSONG, LATIN);
const TITLE_FONT = fonts(XIAOBIAOSONG, XIAOBIAOSONG);
const PAGE_NUMBER_FONT = fonts(SONG, SONG);

/** w:altName is the substitute Word and WPS look for when the named font is missing; charset 86 = GB2312. */
const FONT_TABLE =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
  '<w:fonts xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" ' +
  'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' +
  `<w:font w:name="${FANGSONG}"><w:altName w:val="FangSong"/><w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>` +
  `<w:font w:name="${XIAOBIAOSONG}"><w:altName w:val="SimSun"/><w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>` +
  `<w:font w:name="${SONG}"><w:altName w:val="SimSun"/><w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>` +
  `<w:font w:name="${LATIN}"><w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>` +
  '</w:fonts>';

/** Width in characters of the font size: full-width for CJK, half for Latin letters and digits. */
function widthInChars(text: string): number {
  let w = 0;
  for (const ch of text) w += ch.codePointAt(0)! < 0x1100 ? 0.5 : 1;
  return w;
}

function run(text: string, options: IRunOptions = {}): TextRun {
  return new TextRun({ text, ...options });
}

/** A body-style paragraph: 三号仿宋 on the fixed line, unless told otherwise. */
function para(children: TextRun[], options: Omit<IParagraphOptions, 'children'> = {}): Paragraph {
  return new Paragraph({ ...options, spacing: { line: LINE, lineRule: LineRuleType.EXACT, ...options.spacing }, children });
}

/** 发文机关标志: red, centred, on one line as long as the name allows. */
function banner(issuer: string): Paragraph {
  const fit = Math.floor((TEXT_WIDTH_PT * 0.9) / Math.max(widthInChars(issuer), 1));
  const pt = Math.min(BANNER_MAX_PT, Math.max(BANNER_MIN_PT, fit));
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    children: [run(issuer, { font: TITLE_FONT, size: pt * 2, bold: true, color: RED })],
  });
}

/** 发文字号 two lines under the banner, with the red rule 4 mm below it across the 版心 (§7.2.4, §7.2.6). */
function numberLine(number: string): Paragraph {
  return para([run(number)], {
    alignment: AlignmentType.CENTER,
    spacing: { before: 2 * LINE },
    border: { bottom: { style: BorderStyle.SINGLE, size: 12, color: RED, space: 11 } },
  });
}

/** 标题 two lines under the rule (§7.3.1); 35 pt lines leave room for the 二号 characters. */
function title(text: string): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    spacing: { before: 2 * LINE, line: 35 * TWIPS_PER_PT, lineRule: LineRuleType.EXACT },
    children: [run(text, { font: TITLE_FONT, size: TITLE_PT * 2 })],
  });
}

/**
 * 附件说明 (§7.3.4): one line under the text, 空二字, “附件：”, numbered only when there are several, names without
 * final punctuation; further names line up under the first.
 */
function attachmentLines(names: string[]): Paragraph[] {
  const numbered = names.length > 1;
  const nameIndent = 2 * CHAR + 3 * CHAR;
  return names.map((name, i) => {
    const label = numbered ? `${i + 1}. ${name}` : name;
    return i === 0
      ? para([run(`附件：${label}`)], { spacing: { before: LINE }, indent: { left: nameIndent, hanging: 3 * CHAR }, keepNext: true })
      : para([run(label)], { indent: { left: nameIndent }, keepNext: true });
  });
}

/**
 * Sealed layout (§7.3.5.1): the date 右空四字 and the issuer centred over it, leaving space above for the seal. A
 * name longer than the date would run into the margin, so then the name keeps 二字 and the date centres under it.
 */
function signature(issuer: string, date: string, seal: boolean): Paragraph[] {
  const issuerWidth = widthInChars(issuer);
  const dateWidth = widthInChars(date);
  let dateRight = 4;
  let issuerRight = dateRight + (dateWidth - issuerWidth) / 2;
  if (issuerRight < 2) {
    issuerRight = 2;
    dateRight = issuerRight + (issuerWidth - dateWidth) / 2;
  }
  return [
    // The template may ask for a placeholder where the seal goes, for offices that stamp printed copies by hand.
    ...(seal ? [para([run('（印章）')], { alignment: AlignmentType.RIGHT, indent: { right: Math.round(Math.max(0, issuerRight + (issuerWidth - 4) / 2) * CHAR) }, spacing: { before: 2 * LINE }, keepNext: true })] : []),
    para([run(issuer)], { alignment: AlignmentType.RIGHT, indent: { right: Math.round(issuerRight * CHAR) }, spacing: { before: seal ? 0 : 3 * LINE }, keepNext: true }),
    para([run(date)], { alignment: AlignmentType.RIGHT, indent: { right: Math.round(dateRight * CHAR) } }),
  ];
}

/** 附注 (§7.3.6): under the date, 居左空二字, in parentheses. */
function noteLine(note: string): Paragraph {
  return para([run(`（${note}）`)], { indent: { left: 2 * CHAR } });
}

/** 抄送 (§7.4.2) in the 版记, between full-width rules, 四号, 左右各空一字, ending in 。. */
function ccLine(cc: string): Paragraph {
  const text = /[。.]$/.test(cc) ? cc : `${cc}。`;
  const rule = { style: BorderStyle.SINGLE, size: 8, color: '000000', space: 4 };
  return para([run(`抄送：${text}`, { size: NOTE_PT * 2 })], {
    spacing: { before: 2 * LINE },
    indent: { left: NOTE_PT * TWIPS_PER_PT, right: NOTE_PT * TWIPS_PER_PT },
    border: { top: rule, bottom: rule },
  });
}

/** 签批 in the 版记 (四号, 左右各空一字): each signer under the position they signed as. */
function signOffLine(lines: readonly SignOffLine[]): Paragraph {
  const text = lines.map((l) => `${l.positionZh}：${l.name}`).join('　');
  return para([run(`签批：${text}`, { size: NOTE_PT * 2 })], {
    spacing: { before: LINE },
    indent: { left: NOTE_PT * TWIPS_PER_PT, right: NOTE_PT * TWIPS_PER_PT },
  });
}

/** 页码 (§7.5): “— 1 —”, odd pages 右空一字, even pages 左空一字. */
function pageNumberFooter(side: 'odd' | 'even'): Footer {
  const oneChar = NOTE_PT * TWIPS_PER_PT;
  return new Footer({
    children: [
      new Paragraph({
        alignment: side === 'odd' ? AlignmentType.RIGHT : AlignmentType.LEFT,
        indent: side === 'odd' ? { right: oneChar } : { left: oneChar },
        children: [new TextRun({ font: PAGE_NUMBER_FONT, size: NOTE_PT * 2, children: ['— ', PageNumber.CURRENT, ' —'] })],
      }),
    ],
  });
}

export async function renderDocx(doc: OfficialDocument): Promise<Buffer> {
  const paragraphs = doc.paragraphs.map((text, i) =>
    para([run(text)], {
      alignment: AlignmentType.JUSTIFIED,
      indent: { firstLine: 2 * CHAR, firstLineChars: 200 },
      // The last paragraph goes to the next page with the signature rather than leave it alone there.
      ...(i === doc.paragraphs.length - 1 ? { keepNext: true } : {}),
    }),
  );
  const file = new Document({
    title: doc.title,
    subject: DOCUMENT_KIND_LABELS[doc.kind],
    creator: doc.issuer,
    keywords: doc.number,
    evenAndOddHeaderAndFooters: true,
    styles: {
      default: {
        document: {
          run: { font: BODY_FONT, size: BODY_PT * 2, language: { value: 'zh-CN', eastAsia: 'zh-CN' } },
        },
      },
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: mm(210), height: mm(297) },
            margin: {
              top: mm(37),
              bottom: mm(35),
              left: mm(28),
              right: mm(26),
              header: mm(15),
              // Puts the page number about 7 mm under the 版心 (§7.5).
              footer: mm(25),
            },
          },
        },
        footers: { default: pageNumberFooter('odd'), even: pageNumberFooter('even') },
        children: [
          banner(doc.issuer),
          numberLine(doc.number),
          title(doc.title),
          ...(doc.addressee ? [para([run(doc.addressee)], { spacing: { before: LINE } })] : []),
          ...paragraphs,
          ...attachmentLines(doc.attachments ?? []),
          ...signature(doc.signatory?.trim() || doc.issuer, officialDate(doc.issuedOn), doc.seal === true),
          ...(doc.note?.trim() ? [noteLine(doc.note.trim())] : []),
          ...(doc.signOff?.length ? [signOffLine(doc.signOff)] : []),
          ...(doc.cc?.trim() ? [ccLine(doc.cc.trim())] : []),
        ],
      },
    ],
  });
  return Packer.toBuffer(file, false, [{ path: 'word/fontTable.xml', data: FONT_TABLE }]);
}

/** A .docx file name a Windows desktop accepts: the number and title, without the characters Windows forbids. */
export function docxFileName(number: string, title: string): string {
  return `${number} ${title}`.replace(/[\\/:*?"<>|]/g, '_').slice(0, 120) + '.docx';
}

/** The response headers of a .docx download, the file name in RFC 5987 form for Chinese titles. */
export function docxHeaders(number: string, title: string): Record<string, string> {
  return {
    'content-type': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    'content-disposition': `attachment; filename="document.docx"; filename*=UTF-8''${encodeURIComponent(docxFileName(number, title))}`,
  };
}
