import type { Network, ResolvedAddress } from '../../net/index.js';

/** Registry credentials, as containerd's resolver gets them; never recorded. */
export type PullCredentials =
  | { readonly username: string; readonly password: string }
  /** An identity (refresh) token, exchanged at the realm with an OAuth POST as containerd does. */
  | { readonly identityToken: string };

/** The proxy a pull's connection to one host goes through: its URL (credentials included, never recorded) and its addresses. */
export interface PullProxy {
  readonly url: URL;
  readonly addresses: readonly ResolvedAddress[];
}

/**
 * How the container runtime routes each host of a pull: Go's proxy decision is made per request,
 * so a layer host may go through the proxy while the registry is in NO_PROXY, or the other way.
 * Undefined for a host: direct.
 */
export type PullRoute = (host: string, port: number) => PullProxy | undefined;

export interface PullProbeInput {
  readonly network: Network;
  /** The registry's host name or address, and its port. */
  readonly host: string;
  readonly port: number;
  /** `https` (containerd's default) or `http` (a plain-HTTP registry, a loopback test). */
  readonly scheme?: 'https' | 'http';
  /** The repository, e.g. `library/busybox`. */
  readonly repository: string;
  /** A tag or a `sha256:...` digest. */
  readonly reference: string;
  /** `os/architecture[/variant]`; defaults to `linux/amd64`. */
  readonly platform?: string;
  readonly credentials?: PullCredentials;
  /** The whole pull's deadline, in milliseconds. */
  readonly timeoutMs: number;
  /** No body bytes for this long is a stall; also the longest wait for a connection or for an answer's headers. */
  readonly progressMs: number;
  /** The route of each host the pull reaches; absent: every host direct. */
  readonly route?: PullRoute;
  /** The API prefix on this host: `/v2` (default), or a mirror's `/v2/dockerhub` (containerd's hosts.toml path). */
  readonly apiPath?: string;
  /** CA certificates (PEM) trusted for the registry's own host besides the system's (containerd's hosts.toml `ca`). */
  readonly hostCaPems?: readonly string[];
  /** A layer at most this large is read whole and its digest checked; defaults to 2 MB. */
  readonly wholeLayerBytes?: number;
  /** How much of a larger layer is read; defaults to 256 KB. */
  readonly partialLayerBytes?: number;
  /** `manifest`: stop once the platform's manifest is resolved (is the image there? an image list's check); default: as far as one layer. */
  readonly depth?: 'manifest' | 'layer';
  /**
   * The answer the chain's own `GET /v2/` got over the same route moments before: a 200 or a 401
   * with its challenge spares the pull its first round trip. Other answers are asked again.
   */
  readonly pinged?: RegistryPing;
  /**
   * Told of each other host the pull is about to reach (a redirect's, a token realm's), as soon as
   * it is known, so that its own check can start while the pull goes on. May be told twice.
   */
  readonly onHost?: (host: string, port: number, scheme: 'https' | 'http') => void;
  readonly signal: AbortSignal;
}

/** A registry's answer to `GET /v2/`: its status and its challenge. */
export interface RegistryPing {
  readonly status: number;
  readonly wwwAuthenticate?: string;
}

export const DEFAULT_PLATFORM = 'linux/amd64';
export const WHOLE_LAYER_BYTES = 2 * 1024 * 1024;
export const PARTIAL_LAYER_BYTES = 256 * 1024;
/** Bounds on what a server may send: manifests, token answers, error bodies. */
export const MANIFEST_MAX_BYTES = 4 * 1024 * 1024;
export const TOKEN_MAX_BYTES = 64 * 1024;
export const SMALL_BODY_MAX_BYTES = 64 * 1024;
export const MAX_REDIRECTS = 10;

/** containerd's Accept header for manifests (remotes/docker/resolver.go). */
export const MANIFEST_ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');
