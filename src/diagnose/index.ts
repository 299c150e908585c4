export * from '../schema/index.js';
export { plan, targetKey } from './plan.js';
export { run, DEFAULT_RUN, type RunOptions } from './runner.js';
export { checkTarget, type ProxyRoute, type TargetCheckOptions } from './check-target.js';
export { classify, classifyThrown, thrownOf, judgeContextOf, type ClassifyContext, type ClassifyOptions } from './classify.js';
export { reclassify, reclassifyReport, changedFindings, ReclassifyError, type Reclassified, type ReclassifyOptions } from './reclassify.js';
export { buildReport, inPlanOrder, type ReportInput } from './build-report.js';
export { planPeers, peerRunTargets, isPeerTarget } from './peer-plan.js';
export { runtimeProxyFindings, runtimeFindingsOf, runtimeBasisOf, withRuntimeFindings, missingNoProxy, RUNTIME_CAUSES, type RuntimeCheckInput, type RuntimeExplained } from './runtime-findings.js';
