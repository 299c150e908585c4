// Container image references read as Docker and containerd read them: the grammar of
// github.com/distribution/reference (reference.go, regexp.go) and its normalisation
// (normalize.go: ParseNormalizedNamed, splitDockerDomain), with Docker Hub's registry named as
// containerd reaches it (remotes/docker: docker.io is served by registry-1.docker.io).
// A shared leaf: the catalog's probe images and the topology's `--image` both read it.

/** A reference split into what a pull asks for: which registry, which repository, which manifest. */
export interface ImageRef {
  /** The registry host (lower case), with its port when one was given: `registry.k8s.io`, `registry-1.docker.io`, `localhost:5000`. */
  readonly registry: string;
  /** The repository path: `pause`, `library/busybox`, `nvidia/k8s-device-plugin`. */
  readonly repository: string;
  readonly tag?: string;
  /** `sha256:` and 64 lower-case hex digits. */
  readonly digest?: string;
}

/** The longest reference read: longer text is refused before any pattern runs on it. */
export const IMAGE_REF_MAX_LENGTH = 512;
/** distribution/reference's NameTotalLengthMax, which it holds the repository path to (the registry apart). */
const PATH_MAX_LENGTH = 255;

/** Docker Hub: the name Docker writes, the one it also accepts, and the host a pull connects to. */
export const DOCKER_HUB = { domain: 'docker.io', legacy: 'index.docker.io', registry: 'registry-1.docker.io' } as const;

const EXPECTED = 'expected [REGISTRY[:PORT]/]REPOSITORY[:TAG][@sha256:DIGEST], e.g. registry.k8s.io/pause:3.10 or busybox:1.37';

// distribution/reference/regexp.go, kept in its terms.
const DOMAIN_COMPONENT = /^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])$/;
const IPV6_HOST = /^\[[a-fA-F0-9:]+\]$/;
const PORT = /^[0-9]+$/;
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[_.]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^sha256:[a-f0-9]{64}$/;
const ANCHORED_HEX64 = /^[a-f0-9]{64}$/;

export type ImageRefRead = { readonly ref: ImageRef } | { readonly problem: string };

function checkDomain(domain: string): string | undefined {
  const colon = domain.startsWith('[') ? domain.indexOf(']:') + 1 : domain.lastIndexOf(':');
  const host = colon > 0 ? domain.slice(0, colon) : domain;
  const port = colon > 0 ? domain.slice(colon + 1) : undefined;
  if (port !== undefined && (!PORT.test(port) || Number(port) < 1 || Number(port) > 65535)) {
    return `registry '${domain}' has a bad port '${port}'; expected a port number from 1 to 65535`;
  }
  if (IPV6_HOST.test(host)) return undefined;
  if (host.split('.').every((label) => DOMAIN_COMPONENT.test(label))) return undefined;
  return `registry '${domain}' is not a host name; expected labels of letters, digits and '-' separated by '.', and an optional :PORT`;
}

/** Splits `name` into registry and path as Docker does: the first part is a registry when it has a '.' or ':', or is `localhost`, or has an upper-case letter. */
function splitDomain(name: string): { domain: string; path: string } {
  const slash = name.indexOf('/');
  const first = slash === -1 ? '' : name.slice(0, slash);
  if (slash === -1 || (!/[.:]/.test(first) && first !== 'localhost' && first.toLowerCase() === first)) {
    return { domain: DOCKER_HUB.domain, path: name };
  }
  return { domain: first, path: name.slice(slash + 1) };
}

/** Reads an image reference; never throws. A problem says what was wrong and what was expected. */
export function readImageRef(text: string): ImageRefRead {
  if (text.length > IMAGE_REF_MAX_LENGTH) return { problem: `an image reference of ${text.length} characters; netreq reads at most ${IMAGE_REF_MAX_LENGTH}` };
  const shown = `'${text}'`;
  if (text === '') return { problem: `an empty image reference; ${EXPECTED}` };
  if (/\s/.test(text)) return { problem: `${shown} has white space; ${EXPECTED}` };
  if (text.includes('://')) return { problem: `${shown} has a URL scheme; an image reference has none (${EXPECTED})` };

  const at = text.indexOf('@');
  const digest = at === -1 ? undefined : text.slice(at + 1);
  const named = at === -1 ? text : text.slice(0, at);
  if (digest !== undefined && !DIGEST.test(digest)) {
    return { problem: `${shown} has a bad digest '${digest}'; expected sha256: and 64 lower-case hex digits` };
  }
  // A ':' after the last '/' starts the tag; one before it is the registry's port.
  const colon = named.lastIndexOf(':');
  const hasTag = colon > named.lastIndexOf('/');
  const name = hasTag ? named.slice(0, colon) : named;
  const tag = hasTag ? named.slice(colon + 1) : undefined;
  if (tag !== undefined && !TAG.test(tag)) {
    return { problem: `${shown} has a bad tag '${tag}'; expected up to 128 letters, digits, '_', '.' and '-', not starting with '.' or '-'` };
  }
  if (name === '') return { problem: `${shown} has no repository name; ${EXPECTED}` };
  if (ANCHORED_HEX64.test(name)) return { problem: `${shown} is 64 hex digits, which Docker takes for an image id, not a name; ${EXPECTED}` };

  const { domain, path } = splitDomain(name);
  const domainProblem = checkDomain(domain);
  if (domainProblem !== undefined) return { problem: `${shown}: ${domainProblem}` };
  if (path === '') return { problem: `${shown} has no repository after the registry; ${EXPECTED}` };
  if (path !== path.toLowerCase()) return { problem: `${shown}: the repository '${path}' must be lower case` };
  const bad = path.split('/').find((component) => !PATH_COMPONENT.test(component));
  if (bad !== undefined) {
    return { problem: `${shown}: '${bad}' is not a repository path component; expected lower-case letters and digits, joined by '.', '_', '__' or '-'` };
  }
  if (path.length > PATH_MAX_LENGTH) return { problem: `${shown}: the repository path is ${path.length} characters; expected at most ${PATH_MAX_LENGTH}` };

  const hub = domain === DOCKER_HUB.domain || domain === DOCKER_HUB.legacy;
  const repository = hub && !path.includes('/') ? `library/${path}` : path;
  const registry = hub ? DOCKER_HUB.registry : domain.toLowerCase();
  return { ref: { registry, repository, ...(tag !== undefined ? { tag } : {}), ...(digest !== undefined ? { digest } : {}) } };
}

/** What a pull asks the registry's manifest endpoint for: the digest, else the tag, else `latest` (Docker's default). */
export function manifestReference(ref: ImageRef): string {
  return ref.digest ?? ref.tag ?? 'latest';
}

/** The reference written back in full: `registry-1.docker.io/library/busybox:1.37`. */
export function imageRefText(ref: ImageRef): string {
  return `${ref.registry}/${ref.repository}${ref.tag !== undefined ? `:${ref.tag}` : ''}${ref.digest !== undefined ? `@${ref.digest}` : ''}`;
}
