import { z } from 'zod';

/** The bundle's environment.json: what support needs to know about the machine that ran the check. */
export const ENVIRONMENT_SCHEMA_VERSION = 1;

/** The proxy variables a Go program (containerd, kubelet, dockerd, Helm) reads. */
export const ProxyVariables = z.object({
  HTTPS_PROXY: z.string().optional(),
  https_proxy: z.string().optional(),
  HTTP_PROXY: z.string().optional(),
  http_proxy: z.string().optional(),
  NO_PROXY: z.string().optional(),
  no_proxy: z.string().optional(),
  ALL_PROXY: z.string().optional(),
  all_proxy: z.string().optional(),
});
export type ProxyVariables = z.infer<typeof ProxyVariables>;

/** One place a service's proxy setting comes from: a drop-in, an environment file, daemon.json. */
export const ProxySource = z.object({
  path: z.string(),
  /** `Environment=`, `EnvironmentFile=`, `DefaultEnvironment=`, an env file, `daemon.json proxies`. */
  kind: z.string(),
  /** False for a file that exists but that the service does not read (not named by its unit). */
  loaded: z.boolean(),
  variables: ProxyVariables,
});
export type ProxySource = z.infer<typeof ProxySource>;

export const RuntimeName = z.enum(['containerd', 'docker', 'kubelet']);
export type RuntimeName = z.infer<typeof RuntimeName>;

/** A container runtime's or kubelet's proxy settings as the service will see them. */
export const RuntimeProxy = z.object({
  name: RuntimeName,
  /** Some trace of it on this machine: a unit, a drop-in, a config folder. */
  present: z.boolean(),
  /** What shows it is installed (paths). */
  evidence: z.array(z.string()),
  /** In the order applied; later ones win. */
  sources: z.array(ProxySource),
  /** The variables the service ends up with (Go reads the upper-case name first). */
  effective: z.object({ httpsProxy: z.string().optional(), httpProxy: z.string().optional(), noProxy: z.string().optional() }),
});
export type RuntimeProxy = z.infer<typeof RuntimeProxy>;

export const InterfaceAddress = z.object({
  address: z.string(),
  family: z.enum(['IPv4', 'IPv6']),
  cidr: z.string().optional(),
  internal: z.boolean(),
});

export const DefaultRoute = z.object({
  family: z.enum(['IPv4', 'IPv6']),
  interface: z.string(),
  gateway: z.string(),
  metric: z.number(),
});
export type DefaultRoute = z.infer<typeof DefaultRoute>;

export const Unreadable = z.object({ path: z.string(), code: z.string() });

export const Environment = z.object({
  schemaVersion: z.literal(ENVIRONMENT_SCHEMA_VERSION),
  collectedAt: z.string(),
  timeZone: z.string(),
  /** `+02:00`: the local offset from UTC when collected. */
  utcOffset: z.string(),
  os: z.object({
    platform: z.string(),
    /** The kernel release (`uname -r`). */
    kernel: z.string(),
    version: z.string(),
    arch: z.string(),
    hostname: z.string(),
    /** PRETTY_NAME from /etc/os-release. */
    distribution: z.string().optional(),
  }),
  node: z.string(),
  netreq: z.string(),
  catalogVersion: z.string().optional(),
  resolvConf: z.object({ path: z.string(), nameservers: z.array(z.string()), search: z.array(z.string()), options: z.array(z.string()) }).optional(),
  /** /etc/hosts lines that name a host the run checked. */
  hostsLines: z.array(z.string()),
  /** This process's proxy variables (redacted). */
  proxyVariables: ProxyVariables,
  /** /etc/environment's proxy variables: login shells have them, systemd services do not. */
  etcEnvironment: ProxyVariables.optional(),
  interfaces: z.record(z.string(), z.array(InterfaceAddress)),
  defaultRoutes: z.array(DefaultRoute),
  runtimes: z.array(RuntimeProxy),
  /** Files that exist but could not be read (permissions): support knows what it is not seeing. */
  unreadable: z.array(Unreadable),
});
export type Environment = z.infer<typeof Environment>;
