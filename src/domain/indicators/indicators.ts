import { daysBetween, type Calendar, type IsoDate } from '../calendar';
import { clockView, type ClockName, type MatterState } from '../lifecycle';

/**
 * Key indicators (RULES.md "Evaluation and indicators", practice, configurable): pure functions over the matters of
 * a period — their states and how many petitions came on each — so every rate is computed one way, per body, region
 * or channel alike, and each comes with the matters behind its numerator and denominator for the drill-down.
 *
 * The period is the matters' receipt date: a matter belongs to the period it arrived in, and its clocks are judged
 * as of `today` (a limit still running is not yet due and counts nowhere).
 */

export interface IndicatorMatter {
  id: string;
  state: MatterState;
  /**
   * Petitions on the matter: the first one, its repeats (counted for 重复信访率), and joined ones (not counted).
   * `refusedAgain`: a repeat recorded while the matter was terminated (依法终结, Art. 36 ¶3: not accepted again).
   */
  petitions: { relation: 'origin' | 'repeat' | 'joined'; refusedAgain?: boolean }[];
}

export interface Ratio {
  numerator: number;
  denominator: number;
  /** numerator / denominator, null when nothing is due yet. */
  value: number | null;
  /** The matters behind the numerator, and those in the denominator only. */
  hits: string[];
  misses: string[];
}

export interface Indicators {
  /** 及时受理率: dispatched (bureau) or notified (body) within its 15 days ÷ all whose limit has come. */
  timelyAcceptance: Ratio;
  /** 按期办结率: handling concluded within its limit ÷ all whose limit has come. */
  onTimeConclusion: Ratio;
  /** 满意率: (满意 + 基本满意) ÷ all evaluated. */
  satisfaction: Ratio;
  /** 参评率: evaluated ÷ (evaluated + evaluation window closed without one). */
  evaluation: Ratio;
  /**
   * 重复信访率: repeat petitions ÷ all petitions (joined ones excluded: not repeats). Petitions on a terminated matter
   * (依法终结, Art. 36 ¶3) are left out of both and counted in `leftOut` (S0 不通报: a matter that has run the whole
   * statutory roadmap is not reported against the body again), so no ranking built on the rate counts them.
   */
  repeat: { numerator: number; denominator: number; value: number | null; leftOut: number };
  /** 一次性化解率: first-time matters concluded without a repeat, 复查 or 复核 ÷ first-time matters concluded. */
  firstTimeResolution: Ratio;
  /** 办结报告退回重办: times the bureaus returned an assigned matter's completion report, and the matters concerned. */
  reportReturns: { count: number; matters: string[] };
  open: number;
  overdue: string[];
  /** Average calendar days from receipt to dispatch, and from acceptance to the handling opinion. */
  averageDaysToDispatch: number | null;
  averageDaysToConclude: number | null;
  /** Matters received in the period (items), for the per-10,000-residents and per-100-million-yuan counts. */
  items: number;
}

const CLOSED = new Set(['concluded', 'terminated', 'rejected', 'redirected']);
const CONCLUDED = new Set(['replied', 'evaluated', 'review', 'reviewed', 'reReview', 'concluded', 'terminated']);

function ratio(hits: string[], misses: string[]): Ratio {
  const denominator = hits.length + misses.length;
  return { numerator: hits.length, denominator, value: denominator ? hits.length / denominator : null, hits, misses };
}

/** met → hit; late or overdue → miss; still running (not yet due), absent, window-closed → not counted. */
function judge(state: MatterState, names: ClockName[], today: IsoDate, calendar: Calendar): 'hit' | 'miss' | null {
  let verdict: 'hit' | 'miss' | null = null;
  for (const name of names) {
    const clock = state.clocks[name];
    if (!clock) continue;
    const v = clockView(clock, today, calendar);
    if (v.status === 'late' || v.status === 'overdue') return 'miss';
    if (v.status === 'met') verdict = 'hit';
  }
  return verdict;
}

const average = (xs: number[]) => (xs.length ? Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 10) / 10 : null);

export function computeIndicators(list: readonly IndicatorMatter[], today: IsoDate, calendar: Calendar): Indicators {
  const buckets = { timely: [[], []], onTime: [[], []], satisfied: [[], []], evaluated: [[], []], firstTime: [[], []] } as Record<string, [string[], string[]]>;
  const put = (key: string, id: string, hit: boolean | null) => {
    if (hit === null) return;
    buckets[key]![hit ? 0 : 1].push(id);
  };
  let repeats = 0;
  let petitions = 0;
  let leftOut = 0;
  let open = 0;
  let returns = 0;
  const returned: string[] = [];
  const overdue: string[] = [];
  const toDispatch: number[] = [];
  const toConclude: number[] = [];

  for (const m of list) {
    const s = m.state;
    const timely = judge(s, ['dispatch', 'acceptanceNotice'], today, calendar);
    put('timely', m.id, timely === null ? null : timely === 'hit');
    const onTime = judge(s, ['handling'], today, calendar);
    put('onTime', m.id, onTime === null ? null : onTime === 'hit');
    if (s.evaluation) put('satisfied', m.id, s.evaluation.rating !== 'dissatisfied');
    const window = s.clocks.evaluationWindow;
    if (s.evaluation) put('evaluated', m.id, true);
    else if (window && clockView(window, today, calendar).status === 'closed') put('evaluated', m.id, false);
    if (s.facts.firstPetition && CONCLUDED.has(s.status) && s.opinion) {
      const repeated = m.petitions.some((p) => p.relation === 'repeat' && !p.refusedAgain);
      put('firstTime', m.id, !repeated && s.reviewRequestedOn === null && s.reReviewRequestedOn === null);
    }
    for (const p of m.petitions) {
      if (p.relation === 'joined') continue;
      if (p.refusedAgain) {
        leftOut += 1;
        continue;
      }
      petitions += 1;
      if (p.relation === 'repeat') repeats += 1;
    }
    if (s.completionReportReturns) {
      returns += s.completionReportReturns;
      returned.push(m.id);
    }
    if (!CLOSED.has(s.status)) open += 1;
    if (Object.values(s.clocks).some((c) => c && c.kind === 'deadline' && clockView(c, today, calendar).status === 'overdue')) overdue.push(m.id);
    if (s.dispatchedOn) toDispatch.push(daysBetween(s.facts.receivedOn, s.dispatchedOn));
    if (s.acceptedOn && s.opinion) toConclude.push(daysBetween(s.acceptedOn, s.opinion.on));
  }
  const r = (key: string) => ratio(buckets[key]![0], buckets[key]![1]);
  return {
    timelyAcceptance: r('timely'),
    onTimeConclusion: r('onTime'),
    satisfaction: r('satisfied'),
    evaluation: r('evaluated'),
    repeat: { numerator: repeats, denominator: petitions, value: petitions ? repeats / petitions : null, leftOut },
    firstTimeResolution: r('firstTime'),
    reportReturns: { count: returns, matters: returned },
    open,
    overdue,
    averageDaysToDispatch: average(toDispatch),
    averageDaysToConclude: average(toConclude),
    items: list.length,
  };
}

/** 万人信访量 and 亿元GDP信访量 (seed 000): items normalised by the region's residents and GDP (亿元). */
export function normalisedVolume(items: number, population: number | null, gdpHundredMillionYuan: number | null) {
  return {
    per10kResidents: population ? Math.round((items / population) * 10_000 * 1000) / 1000 : null,
    perHundredMillionYuan: gdpHundredMillionYuan ? Math.round((items / gdpHundredMillionYuan) * 1000) / 1000 : null,
  };
}
