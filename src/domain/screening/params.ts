/**
 * Every tunable number of duplicate screening, in one place, with the reasoning in docs/screening.md. Changing
 * `shingle`, `hashes`, `bands` or `rows` changes the stored band keys: recompute `petitions.lsh_bands` afterwards.
 */
export const SCREENING_PARAMS = {
  /** Character k-grams for the MinHash signature (candidate retrieval): 3 = shared phrases, not just shared words. */
  shingle: 3,
  /** MinHash functions = bands × rows. */
  hashes: 100,
  /** LSH: 20 bands of 5 rows; S-curve 1 − (1 − s⁵)²⁰, midpoint ≈ 0.55 (see docs). */
  bands: 20,
  rows: 5,
  /** Character k-grams for the exact similarity of draft and candidate (scoring): bigrams, the length of most words. */
  scoreShingle: 2,
  /** A candidate at or above this score is a likely repeat (given the identity rules below). */
  repeatThreshold: 0.6,
  /** Below this a candidate is not worth showing. */
  showThreshold: 0.2,
  /** Default number of candidates returned. */
  limit: 10,
  /** Without any identity match, a likely repeat needs near-identical text (an anonymous or re-typed re-send). */
  nearIdentical: 0.8,
  /** A member of a collective group with nobody in common: discriminating facts shared (entities.ts) and text similarity at least. */
  groupFacts: 2,
  /**
   * Facts other than the village that make two petitioners' demands one, collective or not as registered: the same
   * amount, month and project told by two people is the same demand (they are a group whether or not they signed
   * together).
   */
  sameDemandFacts: 3,
  groupSimilarity: 0.12,
  /** Keywords used from each side (the edge extracts about 15). */
  keywords: 15,
  weights: {
    sameIdNumber: 0.35,
    samePhone: 0.3,
    /** Same name in the same county; elsewhere half of it. */
    sameName: 0.28,
    sameNameDifferentId: -0.1,
    /** The same name by sound (同音字) but written differently, in the same county; elsewhere half of it. */
    sameNameSound: 0.2,
    /** The same home address (with its house number), without the same ID number or phone. */
    sameAddress: 0.12,
    /** × the content similarity mapped to 0..1 (see contentStrength). */
    similarContent: 0.2,
    /** × the keyword overlap mapped to 0..1. */
    sharedKeywords: 0.15,
    /** × the detail overlap (0..1). */
    sharedDetails: 0.4,
    /** Both sides state the facts of their demand (amounts, dates, sites) and they have none in common. */
    differentFacts: -0.4,
    /** The matter is collective and the draft states the group's demand (the same facts): a member of the group. */
    groupMember: 0.2,
    sameRespondent: 0.15,
    differentRespondent: -0.3,
    /** The respondent given on one side appears nowhere in the other side's text. */
    respondentNotMentioned: -0.1,
    samePlace: 0.05,
    differentPlace: -0.04,
    sameCategory: 0.03,
    /** Within 90 days of the candidate's latest petition; within a year half of it. */
    closeInTime: 0.04,
  },
} as const;
