// The one engine every front end reads: checkSite yields a site's events and ends with its Report.
export { checkSite, PROXY_CONCURRENCY, type RunLimits, type SiteInput, type SiteServices, type RecheckInput } from './check-site.js';
export { planSite, recheckTargets, isHostFinding, type SitePlan } from './site-plan.js';
export { redactTopology, environmentOf, siteReport, updatedReport } from './site-report.js';
export { hostsOfInterest, runtimeBasis, runtimeFindings } from './host-findings.js';
export type { RoundsOptions, RoundsEnd } from './rounds.js';
