// The pull probe: containerd's image pull as observations (issue 21, "Follow the pull").
export { probePull } from './probe-pull.js';
export { parseBearerChallenge, tokenUrl, type BearerChallenge } from './auth-challenge.js';
export { parseManifest, choosePlatform, parsePlatform, smallestLayer, type ParsedManifest } from './manifest-choice.js';
export { DEFAULT_PLATFORM, MANIFEST_ACCEPT, type PullProbeInput, type PullCredentials, type PullRoute, type PullProxy, type RegistryPing } from './types.js';
