// Node lists for `netreq fleet`: host ranges, node names, --nodes specs, cmsh and kubectl, the peer plan.
export { expandHostRange, foldHostRange, HostRangeError, HOST_RANGE_LIMITS } from './host-range.js';
