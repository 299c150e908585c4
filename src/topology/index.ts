export * from './schema.js';
export * from './questions.js';
export { TopologyError } from './errors.js';
export { expandRoles } from './roles.js';
export { topologyFromFlags, parseWildcardFlags, type TopologyFlags } from './from-flags.js';
export { loadAnswers } from './answers.js';
export { checkProxyUrl, resolveRegionCode, finishTopology, FLAG_ORIGIN, type Origin } from './finish.js';
export { siteFlagsOf } from './site-flags.js';
