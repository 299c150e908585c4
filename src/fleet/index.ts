export type { FleetNode, FleetPeerPlan } from './types.js';
export * from './run/index.js';
export * from './nodes/index.js';
