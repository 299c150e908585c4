// The leaf schemas: what a probe observed, a target, a finding, the Report and the host facts.
// Every layer reads them; they import nothing but zod and the shared vocabulary.
export * from './endpoint.js';
export * from './observations.js';
export * from './finding.js';
export * from './report.js';
export * from './environment.js';
export * from './run-event.js';
export * from './site-event.js';
export * from './root-cause.js';
export { FleetFinding, FleetNodeEntry, FleetReport, FleetRootCause, FLEET_REPORT_VERSION } from './fleet-report.js';
