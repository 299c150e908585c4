// The fleet report's schema lives with the other leaf schemas (src/schema/fleet-report.ts), where
// the renderers of src/report can read it; the fleet's code names it from here.
export { FleetFinding, FleetNodeEntry, FleetReport, FleetRootCause, FLEET_REPORT_VERSION } from '../../schema/index.js';
