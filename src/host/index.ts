// This machine's facts as a support engineer needs them (OS, resolvers, interfaces, routes, the
// container runtimes' proxy drop-ins), read under a root folder; the judge of them is in src/diagnose.
export { gatherEnvironment, type GatherOptions, type SystemFacts } from './gather.js';
export { parseUnitEnvironment, parseEnvFile, splitWords, dockerDaemonProxies, proxyVariablesOf, PROXY_VARIABLE_NAMES, type UnitDirective } from './unit-files.js';
export { readRuntimeProxy, readRuntimeProxies, etcEnvironmentProxies, RUNTIMES } from './runtime-proxy.js';
export { RootFiles } from './root-files.js';
export { parseDefaultRoutes, hostsLinesFor, nodeAddresses, interfaceAddresses, utcOffset, zoneNameOf } from './system.js';
export * from './registry-config/index.js';
