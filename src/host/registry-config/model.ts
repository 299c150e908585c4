// One model of where a node's container runtimes pull images from: containerd (hosts.toml and
// the CRI plugin's older mirrors), CRI-O and Podman (registries.conf), Docker (daemon.json), k3s
// and RKE2 (registries.yaml), and mirrors given on the command line. Plain data (JSON-safe), so a
// report can keep it as the basis of a finding. Nothing in it is a secret: header values and
// registry credentials are never read into it.

/** Whose configuration this is; `planned` is a mirror given with --mirror or in the answers file. */
export type RegistryRuntime = 'containerd' | 'cri-o' | 'podman' | 'docker' | 'k3s' | 'rke2' | 'planned';

/** What a host may be asked for (containerd's capabilities; the others' hosts can do both). */
export type HostCapability = 'pull' | 'resolve' | 'push';

/** Where a host's API is: `https://harbor.corp/v2/dockerhub` is scheme https, host harbor.corp, path /v2/dockerhub. */
export interface HostUrl {
  readonly scheme: 'https' | 'http';
  /** Lower-case host name or bracketed IPv6 address, without the port. */
  readonly host: string;
  /** Absent when the scheme's default port is used. */
  readonly port?: number;
  /** The API prefix the runtime puts before `/<repository>/manifests/<reference>`: `/v2`, or a proxy cache's `/v2/dockerhub`. */
  readonly path: string;
}

export interface ClientCertificate {
  readonly cert: string;
  /** Absent when the key is in the certificate's file. */
  readonly key?: string;
}

/** One host a runtime tries for a registry, with the TLS material it uses there. */
export interface RegistryHost {
  readonly url: HostUrl;
  readonly capabilities: readonly HostCapability[];
  /** CA files added to the system's roots for this host (absolute paths on the machine). */
  readonly caFiles: readonly string[];
  readonly clientCertificates: readonly ClientCertificate[];
  /** The server's certificate is not verified (skip_verify, insecure, insecure_skip_verify). */
  readonly skipVerify: boolean;
  /** The runtime falls back to plain HTTP here (CRI-O/Podman and Docker `insecure`, containerd's `http://` hosts). */
  readonly plainHttpFallback: boolean;
  /** Names of extra headers sent to it; their values are never kept (they are often tokens). */
  readonly headerNames: readonly string[];
  /** containerd's override_path: the URL path is the API prefix as written, `/v2` is not appended. */
  readonly overridePath: boolean;
  /** `server` is the registry itself (or the host hosts.toml's `server` names); `mirror` is any host tried before it. */
  readonly role: 'mirror' | 'server';
  /**
   * CRI-O/Podman: the namespace a mirror's `location` adds (`harbor.corp/dockerhub` -> `dockerhub`):
   * the repository asked there is this, then the reference's part after the entry's prefix.
   */
  readonly namespace?: string;
  /** CRI-O/Podman `pull-from-mirror`: this mirror serves only pulls by digest, or only pulls by tag. */
  readonly pullFrom?: 'digest-only' | 'tag-only';
  /** Where it was configured: `FILE:LINE`, `FILE key`, `--mirror`, or `default` for the upstream a runtime adds by itself. */
  readonly source: string;
}

/** How one runtime reaches one registry (or a pattern of them: `*`, `_default`, CRI-O's `*.example.com`). */
export interface RegistryEntry {
  /** `docker.io` for Docker Hub, `host[:port]` (lower case) otherwise, or the pattern as written. */
  readonly registry: string;
  readonly runtime: RegistryRuntime;
  /** The hosts in the order the runtime tries them, the upstream server last when it is tried. */
  readonly hosts: readonly RegistryHost[];
  /** Whether the upstream registry is tried after the mirrors (false: only mirrors, or nothing). */
  readonly serverTried: boolean;
  /** CRI-O/Podman `blocked = true`: every pull from it is refused. */
  readonly blocked: boolean;
  /** CRI-O/Podman: the reference prefix the entry matches (`docker.io/library`); the registry name otherwise. */
  readonly prefix: string;
  /** CRI-O/Podman `mirror-by-digest-only`: mirrors are used only for pulls by digest. */
  readonly mirrorByDigestOnly: boolean;
  /** The file (or flag) it came from. */
  readonly file: string;
  /**
   * For a pattern (`_default`, `*`): the upstream is the registry asked for, known only at pull
   * time; these are the TLS settings it gets. resolvePullHosts adds it after the hosts.
   */
  readonly upstream?: UpstreamSettings;
}

export type UpstreamSettings = Pick<RegistryHost, 'capabilities' | 'caFiles' | 'clientCertificates' | 'skipVerify' | 'headerNames' | 'source'>;

/** CA and client certificate files a runtime picks up from a per-registry folder (Docker's certs.d layout). */
export interface CertsDirectory {
  readonly registry: string;
  readonly caFiles: readonly string[];
  readonly clientCertificates: readonly ClientCertificate[];
  readonly folder: string;
}

/** containerd's lookup of a registry's folder: under each root of config_path in turn, `host_port_`, then `host:port`, then `_default`. */
export interface HostsRoot {
  readonly path: string;
  /** Folder names as written (`harbor.corp_8443_`, `docker.io`, `_default`) and what each configures. */
  readonly folders: readonly { readonly name: string; readonly entry: RegistryEntry }[];
}

/** One runtime's registry settings on this machine (or the planned ones). */
export interface RuntimeRegistries {
  readonly runtime: RegistryRuntime;
  /** The files read (or the flag), for the report. */
  readonly files: readonly string[];
  /** Registries configured by name or pattern (CRI plugin mirrors, registries.conf, daemon.json, registries.yaml, --mirror). */
  readonly entries: readonly RegistryEntry[];
  /** containerd with config_path: the hosts folders, looked up per registry at pull time. */
  readonly hostsRoots?: readonly HostsRoot[];
  /** Docker's and CRI-O's certs.d folders (`/etc/docker/certs.d/HOST/`, `/etc/containers/certs.d/HOST/`). */
  readonly certsDirectories?: readonly CertsDirectory[];
  /** containerd: whose hosts.toml rules were applied (1.x unless told, or config.toml is version 3). */
  readonly generation?: ContainerdGeneration;
  /** k3s/RKE2 `disable-default-registry-endpoint`: the upstream is not tried for the registries registries.yaml names. */
  readonly upstreamDisabled?: boolean;
}

/** Cause codes for problems in the runtimes' registry files (the integrator's knowledge table holds their texts). */
export const CONFIG_ISSUE_CODES = [
  'mirror.config-invalid',
  'mirror.config-ignored',
  'mirror.config-conflict',
  'mirror.config-unused',
  'mirror.config-deprecated',
  'mirror.no-pull-capability',
  'mirror.no-resolve-capability',
  'mirror.ca-unreadable',
  'mirror.client-cert-unreadable',
  'mirror.path-appended',
  'mirror.unknown-key',
  'mirror.read-limit',
] as const;
export type ConfigIssueCode = (typeof CONFIG_ISSUE_CODES)[number];

/** A problem in a registry file: what the runtime does with it is in `detail`. */
export interface ConfigIssue {
  readonly code: ConfigIssueCode;
  /** error: pulls fail or the runtime refuses the file; warning: it works, but not as the file says; info: worth knowing. */
  readonly severity: 'error' | 'warning' | 'info';
  readonly runtime: RegistryRuntime;
  /** The file, with `:LINE` when a line is known. */
  readonly file: string;
  readonly line?: number;
  readonly registry?: string;
  /** The CA or client certificate file the problem is about (mirror.ca-unreadable, mirror.client-cert-unreadable). */
  readonly subjectFile?: string;
  readonly detail: string;
}

export interface RegistryConfig {
  /** Runtimes with registry settings here, in the order resolvePullHosts prefers them when not told which. */
  readonly runtimes: readonly RuntimeRegistries[];
  readonly issues: readonly ConfigIssue[];
}

/** Which containerd's hosts.toml rules to apply: 1.5-1.7 reject a file with no [host] table, 2.x accepts it. */
export type ContainerdGeneration = '1.x' | '2.x';
