// Node lists for `netreq fleet`: host ranges, node names, --nodes specs, cmsh and kubectl, the peer plan.
export { expandHostRange, foldHostRange, HostRangeError, HOST_RANGE_LIMITS } from './host-range.js';
export { checkNodeName, isIpAddress, ipv4Bytes, ipv6Bytes, NODE_NAME_LIMITS, type NodeNameCheck, type NodeNameKind } from './node-name.js';
export { parseNodeSpec, parseNodeFile, nodesFromFlags, mergeFleetNodes, NodeSpecError, NODE_FILE_LIMITS, type ReadNodeFile } from './node-spec.js';
