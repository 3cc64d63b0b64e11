/**
 * The contract of routing suggestions (分诊): which body should handle a registered matter, by 属地管理、分级负责，
 * 谁主管、谁负责 (条例 Art. 22) and by what the platform's own past dispatch decisions teach. Suggestions only: the
 * acceptance office decides, and its decision is the next training example.
 */
import type { BodyKind, RegionLevel } from '../org';

/** A body as routing needs it (a row of `bodies`; `competence` holds first-level content categories or finer ones). */
export interface RoutingBody {
  id: string;
  name: string;
  kind: BodyKind;
  level: RegionLevel;
  regionCode: string;
  competence: string[];
  /** A body that was merged or dissolved is never suggested; absent means active. */
  active?: boolean;
}

export interface RoutingInput {
  /** Where the matter arose: a county (6 digits) or a town (9 digits) code; the lowest level known. */
  regionCode: string;
  /** Content category as a path of names, e.g. ['城乡建设', '物业管理']; empty when not classified yet. */
  categoryPath: string[];
  /** Kept as strings: the purpose and route codes are configurable per deployment (RULES.md "practice"). */
  purpose: string | null;
  art31Route: string | null;
  /** jieba keywords of title + content, extracted at the edge (src/modules/screening/keywords.ts). */
  tokens: string[];
}

/**
 * `dispatch`: 转送/交办 to the body as the one competent under the petition procedure. `redirect`: the matter
 * belongs to another channel (检举控告 → 纪检监察, 涉法涉诉 → 政法; Art. 22 ¶2, 28 ¶2, 诉访分离), so it is sent there
 * to be handled under that channel's own rules.
 */
export type RoutingAction = 'dispatch' | 'redirect';

export interface Suggestion {
  bodyId: string;
  action: RoutingAction;
  /** 0..1; the blend of the table's ranking and the model's posterior (see ROUTING_PARAMS). */
  confidence: number;
  source: 'competence' | 'model' | 'both';
  /** zh-CN, each one something a clerk can check. */
  reasons: string[];
}

/** One past dispatch decision: what the acceptance office knew, and the body it chose. */
export interface RoutingExample {
  tokens: string[];
  regionCode: string;
  categoryPath: string[];
  purpose: string | null;
  /** Optional so that histories recorded before Art. 31 classification still train. */
  art31Route?: string | null;
  /** The body id chosen. */
  label: string;
}
