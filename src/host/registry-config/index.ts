// The container runtimes' registry settings (containerd, CRI-O, Podman, Docker, k3s, RKE2) read
// into one model under a root folder, the hosts a pull would try in order, and the parsers of the
// inputs that plan a mirror: --mirror, --helm-repo and image list files.
export type {
  ClientCertificate, CertsDirectory, ConfigIssue, ConfigIssueCode, ContainerdGeneration, HostCapability, HostsRoot, HostUrl,
  RegistryConfig, RegistryEntry, RegistryHost, RegistryRuntime, RuntimeRegistries, UpstreamSettings,
} from './model.js';
export { CONFIG_ISSUE_CODES } from './model.js';
export { readRegistryConfig, type ReadRegistryOptions } from './read-registry-config.js';
export { READ_LIMITS, type ReadLimits } from './config-files.js';
export { resolvePullHosts, resolvePullPlan, type PullHost, type PullPlan, type PullQuery } from './resolve-pull-hosts.js';
export { readMirrorFlag, readMirrorFlags, plannedApiPath, type MirrorFlagRead } from './mirror-flag.js';
export { readHelmRepo, type HelmRepo, type HelmRepoRead } from './helm-repo.js';
export { parseImageList, readImageList, IMAGE_LIST_LIMITS, type ImageList, type ImageListLimits, type ListedImage } from './image-list.js';
export { hostUrlText, registryName } from './host-url.js';
