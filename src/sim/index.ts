export { startSite, type SimSite, type SimRequestRecord, type StartSiteOptions } from './site.js';
export {
  SiteSpec,
  HostSpec,
  PortSpec,
  DnsSpec,
  TlsSpec,
  HttpSpec,
  SshSpec,
  ProxySpec,
  parseSiteSpec,
  type SiteSpecInput,
  type ParsedSiteSpec,
} from './schema.js';
export { createCertFactory, PUBLIC_ROOT_NAME, WRONG_NAME, type CertFactory, type CertAuthority, type ServerCert, type LeafValidity } from './certs.js';
export { startDnsServer, type DnsServer, type DnsReply, type DnsRecord, type DnsResponder, type DnsQueryLog, type DnsRcode } from './dns-server.js';
export { startEndpointServer, NO_SNI_NAME, type EndpointServer } from './endpoint-server.js';
export { endpointBehaviour, OPENSSH_BANNER, type EndpointBehaviour, type TlsBehaviour, type AppBehaviour } from './endpoint-behaviour.js';
export { startProxyServer, type ProxyServer, type ProxyServerOptions, type ProxyRequestLog, type ProxyResolution } from './proxy-server.js';
export { startSilentPort, type SilentPort } from './silent-port.js';
export { reserveRefusedPort } from './refused-port.js';
export { SQUID_VERSION, type SquidError } from './squid-errors.js';
export { Scenario, Expectation, ExpectedRootCause, ExpectedStatus, SCENARIO_NAME, type ScenarioInput } from './scenario-schema.js';
export { parseScenario, loadScenarios, findScenario, loadScenarioFile, ScenarioError, DEFAULT_SCENARIO, type LoadedScenario, type ParsedScenario } from './scenario-load.js';
export { compareExpectations, formatMismatches, keyMatches, type Mismatch, type ObservedFinding } from './scenario-expect.js';
export { startScenarioSite, nodeProxyUrl, namesOf, imagesOf, type ScenarioSite } from './scenario-site.js';
export { RegistrySpec } from './registry-schema.js';
export { RuntimeSpec } from './runtime-schema.js';
export { REGISTRY_PROFILES, profileOf, type RegistryProfile } from './registry-profiles.js';
export { catalogProbeImages } from './registry-catalog.js';
export { synthesiseImage, type SimImage } from './registry-images.js';
export { SIM_TOKEN, type WantedImage } from './registry-world.js';
export { CONTAINERD_DROP_IN } from './runtime-root.js';
export { compareRootCauses, compareScenarioRun, type ObservedRootCause, type KeyedFinding } from './root-cause-expect.js';
