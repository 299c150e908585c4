// The words catalog and topology share: products, roles, regions. Imports neither of them.
export { Product, Role } from './products-roles.js';
export { expandRoles } from './roles.js';
export { Region, REGIONS_FILE, builtInRegions } from './regions.js';
export { regionCodeSource, ARC_NETWORK_REQUIREMENTS } from './region-code.js';
