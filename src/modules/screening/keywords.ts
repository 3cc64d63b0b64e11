import { Jieba, TfIdf } from '@node-rs/jieba';
import { dict, idf } from '@node-rs/jieba/dict';

/**
 * Keywords of a petition for duplicate screening: jieba TF-IDF over the standard dictionary. jieba is a native module,
 * so it lives at the edge and src/domain/screening receives the keywords as data. Initialised on first use (loading
 * the dictionary takes a few hundred milliseconds), then about 0.05 ms per petition.
 */

/** Petition boilerplate; the domain drops more (src/domain/screening/score.ts). */
const STOP_WORDS = new Set(['反映', '要求', '请求', '希望', '恳请', '领导', '问题', '信访', '来电', '来电人', '来访', '来访人', '信访人', '诉求', '事实', '理由', '情况', '解决', '处理', '有关', '相关', '部门', '此致', '敬礼', '尊敬', '本人', '我们', '他们', '至今', '一直', '多次', '没有']);

let engine: { jieba: Jieba; tfidf: TfIdf } | null = null;

function get(): { jieba: Jieba; tfidf: TfIdf } {
  if (!engine) {
    const jieba = Jieba.withDict(dict);
    const tfidf = TfIdf.withDict(idf);
    engine = { jieba, tfidf };
  }
  return engine;
}

/** The `top` most characteristic words of `text`, most characteristic first. */
export function extractKeywords(text: string, top = 15): string[] {
  if (!text.trim()) return [];
  const { jieba, tfidf } = get();
  // Filtered here rather than with TfIdf.setConfig({ stopWords }): @node-rs/jieba 2.0 fails to convert the Set.
  const out: string[] = [];
  for (const { keyword } of tfidf.extractKeywords(jieba, text, top + 12)) {
    if (keyword.length < 2 || STOP_WORDS.has(keyword)) continue;
    out.push(keyword);
    if (out.length === top) break;
  }
  return out;
}

/**
 * The keywords stored with a petition (`petitions.keywords`): those of its title and content as stored. Written at
 * registration and by the importer, so screening reads them instead of extracting them for every candidate.
 */
export function petitionKeywords(title: string, content: string): string[] {
  return extractKeywords(`${title}\n${content}`);
}
