/**
 * Grounds for not accepting a matter (不予受理), each with the provision it rests on. A configurable list: a
 * deployment may add local grounds (PUT /api/v1/rejection-reasons), but every ground must cite a provision — a
 * rejection notice without a legal basis is itself a duty failure (Art. 44).
 */
export interface RejectionReason {
  code: string;
  label: string;
  article: string;
  /** The clause the notice prints after “经审查，”; the clerk starts from it and makes it specific. */
  noticeText: string;
  /** Where the petitioner may turn instead, as a clause after “你可以”; printed on the notice when given. */
  advice?: string | null;
}

export const DEFAULT_REJECTION_REASONS: RejectionReason[] = [
  {
    code: 'levelSkipping',
    label: '越级信访（事项正在法定期限内办理）',
    article: '《信访工作条例》第十九条第三款',
    noticeText: '你反映的事项已由有关机关、单位受理或者正在办理，尚在规定期限内',
    advice: '向正在办理该事项的机关、单位了解办理进展',
  },
  {
    code: 'terminated',
    label: '已复核终结，同一事实和理由再次提出',
    article: '《信访工作条例》第三十六条第三款',
    noticeText: '你反映的事项已经复查、复核终结，现以同一事实和理由再次提出',
    advice: null,
  },
  {
    code: 'outsideRemit',
    label: '不属于本机关、单位或本系统职权范围',
    article: '《信访工作条例》第二十三条第一款',
    noticeText: '你反映的事项不属于本机关、单位或者本系统职权范围',
    advice: '向有权处理的机关、单位提出',
  },
  {
    code: 'identityUnclear',
    label: '未载明姓名（名称）、住址，无法告知',
    article: '《信访工作条例》第十九条第一款',
    noticeText: '你提交的材料未载明信访人姓名（名称）、住址，无法依法告知办理情况',
    advice: '补充上述内容后重新提出',
  },
  {
    code: 'otherProcedure',
    label: '应通过其他法定途径解决',
    article: '《信访工作条例》第三十一条',
    noticeText: '你反映的事项依法应当通过诉讼、仲裁、行政复议等法定途径解决',
    advice: '依照有关法律法规的规定向有权机关提出',
  },
];

/** Problems with a configured list, in Chinese; empty when usable. */
export function rejectionReasonsProblems(list: readonly RejectionReason[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  if (list.length === 0) problems.push('不予受理理由至少须有一项');
  for (const r of list) {
    if (!/^[A-Za-z][A-Za-z0-9_-]{0,63}$/.test(r.code ?? '')) problems.push(`理由代码「${r.code}」须以字母开头，只含字母、数字、下划线或连字符`);
    if (seen.has(r.code)) problems.push(`理由代码 ${r.code} 重复`);
    seen.add(r.code);
    if (!r.label?.trim()) problems.push(`理由 ${r.code} 缺少名称`);
    if (!r.article?.trim()) problems.push(`理由 ${r.code} 须写明依据条款`);
    if (!r.noticeText?.trim()) problems.push(`理由 ${r.code} 须写明告知书文字`);
  }
  return problems;
}
