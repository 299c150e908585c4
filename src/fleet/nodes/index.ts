// Node lists for `netreq fleet`: host ranges, node names, --nodes specs, cmsh and kubectl, the peer plan.
export { expandHostRange, foldHostRange, HostRangeError, HOST_RANGE_LIMITS } from './host-range.js';
export { foldHostNames } from './host-range-fold.js';
export { checkNodeName, isIpAddress, ipv4Bytes, ipv6Bytes, NODE_NAME_LIMITS, type NodeNameCheck, type NodeNameKind } from './node-name.js';
export { parseNodeSpec, parseNodeFile, nodesFromFlags, mergeFleetNodes, NodeSpecError, NODE_FILE_LIMITS, type ReadNodeFile } from './node-spec.js';
export { runCommand, type CommandRunner, type CommandRequest, type CommandOutcome } from './command-runner.js';
export { NodeSourceError, type NodeSourceOptions, type NodeSourceResult } from './node-source.js';
export { nodesFromBcm, parseBcmDevices, rolesOfCategory, CMSH_DEVICE_LIST, CMSH_PATH, type BcmOptions } from './from-bcm.js';
export { nodesFromKubernetes, parseKubernetesNodes, rolesOfLabels, kubectlArgs, RUNAI_SYSTEM_LABELS } from './from-kubernetes.js';
export { planFleetPeers, peerGroupOf, PEER_PLAN_DEFAULTS, type PeerPlanOptions } from './peer-plan.js';
