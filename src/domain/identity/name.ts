import { toSimplified } from '../screening/text';
import { pinyin } from 'pinyin-pro';

/**
 * Names as typed: full-width spaces and stray spaces inside a Chinese name are removed ("张 三" → "张三"); Latin
 * names keep single spaces. The middle dot of minority names is unified to "·". Traditional characters become
 * simplified (張偉 → 张伟, OpenCC's Taiwan table), so the same person matches whichever script a letter used.
 */
export function normaliseName(input: string): string {
  const s = toSimplified(input.normalize('NFKC')).replace(/[\u00B7\u2022\u30FB\u2027\uFF65]/g, '·').trim().replace(/\s+/g, ' ');
  return s.replace(/([\u3400-\u9FFF·])\s+(?=[\u3400-\u9FFF·])/g, '$1');
}

/**
 * How a Chinese name sounds: its pinyin without tones, syllable by syllable ("zhang wei" for 张伟, 章玮 and 張偉), the
 * surname read as a surname (单 shan, 曾 zeng). Names written down from a call or a visit are often homophones of the
 * registered one (同音字); the tone is left out because clerks and petitioners confuse it too. Null for a name that is
 * not all Chinese characters (a Latin name compares by spelling).
 */
export function nameSound(name: string): string | null {
  const n = normaliseName(name).replace(/·/g, '');
  if (!/^[\u3400-\u9fff]{2,4}$/u.test(n)) return null;
  return pinyin(n, { toneType: 'none', surname: 'head', type: 'array', v: true }).join(' ');
}
