import { describe, expect, it } from 'vitest';
import { compareNames, extractDetails, mentions, normaliseText, toSimplified } from './text';
import { containment, jaccard, shingleSet } from './shingles';
import { bandKeys, lshCandidateProbability, minhashSignature } from './minhash';
import { SCREENING_PARAMS as P } from './params';

describe('normalisation', () => {
  it('turns traditional into simplified characters', () => {
    expect(toSimplified('張偉反映拆遷補償款')).toBe('张伟反映拆迁补偿款');
  });
  it('drops whitespace and punctuation, unifies full-width digits and letters', () => {
    expect(normaliseText('  山西恒安物業，拖欠１２万元！ABC ')).toBe('山西恒安物业拖欠12万元abc');
  });
});

describe('details', () => {
  it('reads amounts in any writing as yuan, and keeps units', () => {
    expect(extractDetails('拖欠工资12万余元')).toEqual(['120000元']);
    expect(extractDetails('拖欠工资120000元')).toEqual(['120000元']);
    expect(extractDetails('房屋面积120平米，距离350米，承包地6亩多')).toEqual(['120平方米', '350米', '6亩']);
  });
  it('reads numbers as people say them', () => {
    expect(extractDetails('物业费从一块二涨到了一块八')).toEqual(['1.2元', '1.8元']);
    expect(extractDetails('物业费由每平方米1.2元提高至1.8元')).toEqual(['1.2元', '1.8元']);
    expect(extractDetails('拖欠十二万元，干了三个月，两万三千元')).toEqual(['120000元', '3个月', '23000元']);
    expect(extractDetails('第三人民医院，一直不管')).toEqual([]);
  });
  it('treats 2023年5月 and 2023.5 alike and ignores bare years and phone numbers', () => {
    expect(extractDetails('2023年5月份')).toEqual(['2023-5']);
    expect(extractDetails('2023.5')).toEqual(['2023-5']);
    expect(extractDetails('2019年以来，电话13803511234')).toEqual([]);
  });
});

describe('respondents and places', () => {
  it.each([
    ['恒安物业', '山西恒安物业管理有限公司', 'same'],
    ['聚源煤矿', '忻州市聚源煤业有限公司', 'same'],
    ['東辛莊村委會', '蒲县克城镇东辛庄村民委员会', 'same'],
    ['孝义市政府', '吕梁市孝义市人民政府', 'same'],
    ['长直乡', '运城市垣曲县长直乡人民政府', 'same'],
    ['长直乡', '运城市垣曲县英言乡人民政府', 'different'],
    ['沁源县社保中心', '长治市沁源县社会保险中心', 'same'],
    ['太原市第三人民医院', '大同市第三人民医院', 'different'],
    ['小店区人民医院', '太原市人民医院', 'different'],
    ['恒安物业', '山西鑫源物业管理有限公司', 'different'],
    ['永安里社区', '和平社区', 'different'],
    ['学校', '临汾市尧都区第三中学', null],
    ['热力公司', '忻州市华龙热力有限公司', null],
    // 城市 in 城市管理综合执法局 and 社区 are words, not regions; the 交警 brigade has a long and a short name.
    ['长治市长子县城市管理综合执法局', '长子县城管', 'same'],
    ['太原市小店区城市管理综合执法局', '清徐县城管', 'different'],
    ['介休市东南街道段家巷社区居民委员会', '段家巷社区村委会', 'same'],
    ['临汾市公安局交通警察支队安泽县大队', '安泽县交警大队', 'same'],
    ['临汾市公安局交通警察支队安泽县大队', '古县交警大队', 'different'],
    ['自来水公司', '临汾市吉县诚信供水有限公司', null],
    // A number names another body, however alike the rest reads.
    ['山西某物业管理有限公司3', '山西某物业管理有限公司4', 'different'],
    ['中铁十二局二公司', '中铁十二局三公司', 'different'],
    ['小店区第三中学', '小店区第四中学', 'different'],
    ['山西某物业管理有限公司3', '某物业3', 'same'],
  ] as const)('%s vs %s: %s', (a, b, expected) => {
    expect(compareNames(a, b)).toBe(expected);
  });
  it('is null when either side is missing', () => {
    expect(compareNames(null, '恒安物业')).toBeNull();
    expect(compareNames('', '恒安物业')).toBeNull();
  });
  it('finds a respondent mentioned by its trade name in a text', () => {
    expect(mentions(normaliseText('其在天成建筑承建的工地干活'), '山西天成建筑工程有限公司')).toBe(true);
    expect(mentions(normaliseText('其在鑫源建筑的工地干活'), '山西天成建筑工程有限公司')).toBe(false);
    expect(mentions(normaliseText('政府不管'), '太原市人民政府')).toBeNull();
  });
});

describe('shingles and MinHash', () => {
  const a = normaliseText('我是恒安花园业主，物业公司擅自动用维修基金十二万元，电梯长期故障无人维修。');
  const b = normaliseText('本人是恒安花园业主，物业公司擅自动用维修基金十二万元，电梯长期故障没人修。');
  const c = normaliseText('来电人反映其在某建筑工地务工，被拖欠工资三个月，要求尽快支付。');

  it('measures near-duplicates as similar and unrelated texts as not', () => {
    const [A, B, C] = [a, b, c].map((t) => shingleSet(t, 2));
    expect(jaccard(A!, B!)).toBeGreaterThan(0.6);
    expect(jaccard(A!, C!)).toBeLessThan(0.1);
    expect(containment(A!, A!.slice(0, 5))).toBe(1);
  });

  it('is deterministic and estimates Jaccard', () => {
    const A = shingleSet(a, P.shingle);
    const B = shingleSet(b, P.shingle);
    const sa = minhashSignature(A, 400);
    const sb = minhashSignature(B, 400);
    expect(minhashSignature(A, 400)).toEqual(sa);
    let eq = 0;
    for (let i = 0; i < 400; i++) if (sa[i] === sb[i]) eq++;
    expect(Math.abs(eq / 400 - jaccard(A, B))).toBeLessThan(0.1);
  });

  it('makes band keys that are safe integers, tagged with their band, shared by identical texts', () => {
    const keys = bandKeys(minhashSignature(shingleSet(a, P.shingle), P.hashes), P.bands, P.rows);
    expect(keys).toHaveLength(P.bands);
    keys.forEach((k, i) => {
      expect(Number.isSafeInteger(k)).toBe(true);
      expect(Math.floor(k / 2 ** 32)).toBe(i);
      expect(k).toBeLessThan(2 ** 63);
    });
    expect(bandKeys(minhashSignature(shingleSet(a, P.shingle), P.hashes), P.bands, P.rows)).toEqual(keys);
    expect(bandKeys(new Uint32Array(0), P.bands, P.rows)).toEqual([]);
  });

  it('has the documented S-curve for 20 bands of 5 rows', () => {
    expect(lshCandidateProbability(0.8, 20, 5)).toBeGreaterThan(0.999);
    expect(lshCandidateProbability(0.5, 20, 5)).toBeCloseTo(0.47, 2);
    expect(lshCandidateProbability(0.2, 20, 5)).toBeLessThan(0.01);
  });
});
