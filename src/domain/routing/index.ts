export * from './types';
export { competenceCandidates, regionChain, routableBodies, type CompetenceCandidate, type RoutableBodies } from './competence';
export {
  DEFAULT_MODEL_PARAMS,
  ROUTING_MODEL_VERSION,
  counterpartOf,
  evaluateRouting,
  predictBodies,
  predictCounterparts,
  predictRouting,
  regionHistory,
  routingFeatures,
  trainRoutingModel,
  type NaiveBayesTables,
  type RoutingModel,
  type RoutingModelClass,
  type RoutingModelParams,
  type RoutingPrediction,
} from './model';
export { ROUTING_PARAMS, suggestRouting, type RoutingParams, type SuggestOptions } from './suggest';
