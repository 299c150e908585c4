export * from './schema.js';
export { REGIONS_FILE } from '../vocabulary/index.js';
export { loadCatalog, parseCatalog, catalogVersion, isRuleFile, EDITIONS_FILE, type Catalog, type CatalogLoad, type PlacedRule } from './load.js';
export { chooseEdition, inEdition, EditionError, type ChosenEdition } from './editions.js';
export { CatalogError, formatIssue, type CatalogIssue } from './issues.js';
export { parseYamlSource, type YamlSource } from '../yaml-source.js';
export {
  TEMPLATE_FILLERS,
  templatesIn,
  fillTemplate,
  hostInWords,
  patternText,
  endpointText,
  isWildcard,
  type TemplateName,
} from './templates.js';
export { wildcardMatches, wildcardRegExp } from '../wildcard.js';
export { select, expandRule, whenHolds, formatPort, templateValues, type ExpandedRule, type Selection, type UnresolvedCause } from './select.js';
export * from './export/index.js';
export { PEER_TEMPLATES, peerTemplateOf, peersFor, portSample, listensFor, MAX_PORTS_PER_RULE, type PeerTemplate, type ListenerPortPlan } from './peer-hosts.js';
export { listenerPorts } from './listener-ports.js';
export { regionCodeSource, ARC_NETWORK_REQUIREMENTS } from '../vocabulary/index.js';
export { CLUSTER_INTERNAL, siteDirectHosts, remoteControlPlane, noProxyEntries } from './no-proxy.js';
export { readImageRef, manifestReference, imageRefText, IMAGE_REF_MAX_LENGTH, DOCKER_HUB, type ImageRef, type ImageRefRead } from '../image-ref.js';
