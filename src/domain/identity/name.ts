import { toSimplified } from '../screening/text';

/**
 * Names as typed: full-width spaces and stray spaces inside a Chinese name are removed ("张 三" → "张三"); Latin
 * names keep single spaces. The middle dot of minority names is unified to "·". Traditional characters become
 * simplified (張偉 → 张伟, OpenCC's Taiwan table), so the same person matches whichever script a letter used.
 */
export function normaliseName(input: string): string {
  const s = toSimplified(input.normalize('NFKC')).replace(/[\u00B7\u2022\u30FB\u2027\uFF65]/g, '·').trim().replace(/\s+/g, ' ');
  return s.replace(/([\u3400-\u9FFF·])\s+(?=[\u3400-\u9FFF·])/g, '$1');
}
