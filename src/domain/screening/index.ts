export * from './types';
export { SCREENING_PARAMS } from './params';
export { contentSignature, rankCandidates, repeatOf, screeningDecision, scoreCandidate, textSimilarity, keywordOverlap, normaliseKeywords } from './score';
export { screeningFlags, ARTICLE_19_3, ARTICLE_36_3 } from './flags';
export { canonicalText, normaliseText, toSimplified, compareNames, parseOrgName } from './text';
export { shingleSet, jaccard, containment } from './shingles';
export { minhashSignature, bandKeys, lshCandidateProbability } from './minhash';
export { entityKeys, petitionEntityKeys, petitionEntities, extractSites, entityKeyHash, type PetitionKeySource } from './entities';
export { speaksForGroup, factOverlap } from './score';
