// zh-CN labels for the codes the dispatch and handling API sends without a label of its own. The lifecycle's label
// tables are the server's own (src/domain/lifecycle/labels.ts, imported: the domain is pure and bundles with the
// app); the few below are the web app's. An unknown code is shown as it is.
export {
  AGREEMENT_KIND_LABELS,
  APPEAL_DISPOSITION_LABELS,
  COMMAND_LABELS,
  DELIVERY_METHOD_LABELS,
  HEARING_OFFICER_SOURCE_LABELS,
  HEARING_PARTICIPANT_ROLE_LABELS,
  INVESTIGATION_KIND_LABELS,
  OUTCOME_LABELS,
  PROCEDURE_LABELS,
  RATING_LABELS,
  RECEPTION_KIND_LABELS,
  REDIRECT_CHANNEL_LABELS,
  SIMPLE_ELIGIBILITY_LABELS,
  SUPERVISION_LETTER_LABELS,
  SUPERVISION_METHOD_LABELS,
  SUPERVISION_VERDICT_LABELS,
} from '../../../src/domain/lifecycle/labels';

/**
 * The kind of body each redirect channel leads to (the server checks it: src/modules/dispatch/prepare.ts). The
 * picker only narrows its list with it; `null` = any body with authority.
 */
export const REDIRECT_BODY_KIND: Record<string, string | null> = {
  legalAffairs: 'legalAffairsBody',
  discipline: 'disciplineBody',
  statutoryProcedure: null,
};

/** The redirect channel a redirect suggestion's body leads into (as the server's bulk `topSuggestion`). */
export function redirectChannelOfKind(bodyKind: string): string {
  return bodyKind === 'disciplineBody' ? 'discipline' : 'legalAffairs';
}

/** Screening and supervision flags on a queue item. */
export const FLAG_LABELS: Record<string, { label: string; color: string; hint: string }> = {
  levelSkipping: { label: '越级', color: 'orange', hint: '越级信访：同一事项正在有关机关法定期限内办理（《信访工作条例》第十九条第三款）' },
  terminated: { label: '终结', color: 'red', hint: '该事项已复查、复核终结，同一事实和理由再次提出（第三十六条第三款）' },
  sentBack: { label: '退回登记', color: 'purple', hint: '已退回登记台，待登记台更正' },
};

export const DISPATCH_LABELS: Record<string, string> = { forward: '转送', assign: '交办', retain: '本级办理' };

export const SUGGESTION_SOURCE_LABELS: Record<string, string> = { competence: '职权与属地', model: '历史分办', both: '职权与历史分办' };

export function label(table: Readonly<Record<string, string>>, code: string | null | undefined): string {
  if (!code) return '';
  return table[code] ?? code;
}

export function toOptions(table: Readonly<Record<string, string>>): { value: string; label: string }[] {
  return Object.entries(table).map(([value, text]) => ({ value, label: text }));
}

export function percent(x: number | undefined | null): string {
  return typeof x === 'number' && Number.isFinite(x) ? `${Math.round(x * 100)}%` : '—';
}

