import { z } from 'zod';

/**
 * The node's container runtime in a site spec (`site.runtime`): containerd's systemd drop-in
 * (`env`, its proxy) and its registry configuration (`registries`: config.toml's CRI `config_path`
 * and one `certs.d/REGISTRY/hosts.toml` each), written by runtime-root.ts as containerd reads them.
 */

const PROXY_VARIABLES = ['HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'no_proxy'] as const;

/** A value written between TOML's or systemd's double quotes: nothing that would end or escape them. */
const quotable = z.string().regex(/^[^\n\r"\\]*$/, 'a value without quotes, backslashes or line breaks');

const hostUrl = z
  .string()
  .regex(/^https?:\/\/[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?(?::\d{1,5})?(?:\/[A-Za-z0-9._~-]+)*$/, 'a URL such as https://harbor.corp.example/v2/dockerhub (lower-case host, no query, no trailing /)');

/** A registry as containerd names its hosts folder: `docker.io`, `nvcr.io`, `registry.corp:5000`. */
const registryName = z
  .string()
  .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+(?::\d{1,5})?$/, 'a registry such as docker.io or nvcr.io (lower case, an optional :PORT)');

/** One `[host."URL"]` table of hosts.toml: a mirror containerd tries before the registry. */
export const MirrorHostSpec = z
  .object({
    url: hostUrl,
    capabilities: z.array(z.enum(['pull', 'resolve', 'push'])).min(1).default(['pull', 'resolve']),
    /** The URL's path is the API prefix as written (a proxy cache's /v2/PROJECT); else containerd appends /v2. */
    overridePath: z.boolean().default(false),
    /** A named CA of the site (as in `tls: {issuedBy}`): its certificate is written beside hosts.toml and named by `ca`. */
    ca: quotable.min(1).optional(),
  })
  .strict();
export type MirrorHostSpec = z.infer<typeof MirrorHostSpec>;

/** One registry's hosts.toml: its mirrors in order, then `server` (the registry itself when omitted). */
export const RegistryHostsSpec = z
  .object({
    server: hostUrl.optional(),
    mirrors: z.array(MirrorHostSpec).min(1).max(8),
  })
  .strict();
export type RegistryHostsSpec = z.infer<typeof RegistryHostsSpec>;

export const RuntimeSpec = z
  .object({
    containerd: z
      .object({
        /** Its systemd drop-in, `Environment="HTTPS_PROXY=..."` (none written when empty). */
        env: z.partialRecord(z.enum(PROXY_VARIABLES, { message: `one of ${PROXY_VARIABLES.join(', ')}` }), quotable).default({}),
        /** Registries pulled through mirrors: config.toml's `config_path` and a hosts.toml each. */
        registries: z.record(registryName, RegistryHostsSpec).optional(),
      })
      .strict(),
  })
  .strict();
export type RuntimeSpec = z.infer<typeof RuntimeSpec>;
