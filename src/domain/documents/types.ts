/**
 * Official documents (公文) the platform issues. The domain composes their text; rendering to a file is the
 * module's job (src/modules/documents/docx.ts), so the same document can later be rendered to PDF or shown online.
 */

/** Kinds issued by the acceptance office, the responsible body, the appeal bodies and the supervision office. */
export const DOCUMENT_KINDS = [
  'acceptanceNotice',
  'rejectionNotice',
  'forwardingLetter',
  'assignmentLetter',
  'supervisionLetter',
  'reminderLetter',
  'adviceLetter',
  'handlingOpinion',
  'extensionNotice',
  'reviewOpinion',
  'reReviewOpinion',
  'hearingNotice',
  'hearingRecord',
  'conversionNotice',
] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export const DOCUMENT_KIND_LABELS: Readonly<Record<DocumentKind, string>> = {
  acceptanceNotice: '受理告知书',
  rejectionNotice: '不予受理告知书',
  forwardingLetter: '转送函',
  assignmentLetter: '交办函',
  supervisionLetter: '督办函',
  reminderLetter: '提醒函',
  adviceLetter: '建议函',
  handlingOpinion: '信访处理意见书',
  extensionNotice: '延期办理告知书',
  reviewOpinion: '复查意见书',
  reReviewOpinion: '复核意见书',
  hearingNotice: '听证通知书',
  hearingRecord: '听证笔录',
  conversionNotice: '转为普通程序告知书',
};

/**
 * The parts of a document in GB/T 9704-2012 terms. It deliberately has no field for a petitioner's ID number,
 * phone or address: what the type cannot hold, no document can print.
 */
export interface OfficialDocument {
  kind: DocumentKind;
  /** 发文字号, e.g. 晋信转〔2026〕15号. */
  number: string;
  /** 标题. */
  title: string;
  /**
   * 主送机关 as printed, with its full-width colon: “太原市小店区住房和城乡建设局：” or “张三、李四：”; empty for a record
   * (笔录), which is addressed to no one.
   */
  addressee: string;
  /** 正文, one entry per paragraph, without indentation. */
  paragraphs: string[];
  /** 发文机关署名. */
  issuer: string;
  /** 成文日期, YYYY-MM-DD. */
  issuedOn: string;
  /** 附件说明: one name per attachment, without numbers or final punctuation. */
  attachments?: string[];
  /** 抄送机关. */
  cc?: string | null;
  /**
   * 落款 as printed under the text when the template sets one other than the issuer's name (templates.ts); absent:
   * the issuer.
   */
  signatory?: string;
  /** Print a 「（印章）」 placeholder where the seal goes (templates.ts); absent: no placeholder. */
  seal?: boolean;
  /** 附注 (GB/T 9704 §7.3.6), e.g. the contact line 联系人及电话, printed in parentheses under the date. */
  note?: string | null;
  /**
   * 签批: who signed an opinion before it was issued, in chain order, each under the position they signed as
   * (承办人 钱某, 分管领导 冯某, 主要负责人 秦某); printed in the 版记.
   */
  signOff?: SignOffLine[];
}

/** One signature of an issued opinion: the position it was signed as and the signer's name. */
export interface SignOffLine {
  positionZh: string;
  name: string;
}

/** What a notice builder composes; the caller numbers it (number.ts) once it has a sequence number. */
export type DocumentText = Omit<OfficialDocument, 'number' | 'kind'>;
