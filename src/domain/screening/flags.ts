import type { CandidateMatter, Level, ScreeningFlag } from './types';

/**
 * The two flags screening raises by itself. Both apply only to a likely repeat: they say what the law makes of
 * registering the same matter again, and the clerk decides.
 */

const RANK: Record<Level, number> = { province: 4, city: 3, county: 2, town: 1 };

/** Statuses in which a matter is being accepted or handled (Art. 19 ¶3: "已经受理或者正在办理"). */
const IN_HAND = new Set(['registered', 'returnRequested', 'dispatched', 'accepted']);

export const ARTICLE_19_3 = '《信访工作条例》第十九条第三款';
export const ARTICLE_36_3 = '《信访工作条例》第三十六条第三款';

export function screeningFlags(candidate: CandidateMatter, likelyRepeat: boolean, registeringLevel: Level): ScreeningFlag[] {
  if (!likelyRepeat) return [];
  const flags: ScreeningFlag[] = [];
  if (candidate.status === 'terminated') {
    flags.push({
      code: 'terminated',
      article: ARTICLE_36_3,
      messageZh: `该事项已依法终结（复核后路线图走完）。依${ARTICLE_36_3}，信访人对复核意见不服，仍然以同一事实和理由提出投诉请求的，各级党委和政府信访部门和其他机关、单位不再受理；应登记并接待，做好疏导工作。`,
      message:
        'The matter was terminated after re-review (roadmap completed). Under Art. 36 ¶3 of the Regulations on Petition Work, a complaint on the same facts and reasons is not accepted again by any level: register and receive the petitioner, do not accept.',
    });
  }
  if (
    IN_HAND.has(candidate.status) &&
    candidate.handlingWithinTimeLimit &&
    candidate.responsibleBodyLevel !== null &&
    RANK[candidate.responsibleBodyLevel] < RANK[registeringLevel]
  ) {
    flags.push({
      code: 'levelSkipping',
      article: ARTICLE_19_3,
      messageZh: `疑似越级：该事项正由下级（${LEVEL_ZH[candidate.responsibleBodyLevel]}）机关、单位在规定期限内受理或办理。依${ARTICLE_19_3}，信访事项已经受理或者正在办理的，信访人在规定期限内向受理、办理机关、单位的上级机关、单位又提出同一信访事项的，上级机关、单位不予受理。`,
      message: `Possible level-skipping: a lower body (${candidate.responsibleBodyLevel} level) is accepting or handling the matter within its time limit. Under Art. 19 ¶3, the higher body does not accept the same matter again within that time limit.`,
    });
  }
  return flags;
}

const LEVEL_ZH: Record<Level, string> = { province: '省级', city: '市级', county: '县级', town: '乡镇级' };
