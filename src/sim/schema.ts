import { z } from 'zod';
import { isIP } from 'node:net';
import { Registries } from './registry-schema.js';
import { RuntimeSpec } from './runtime-schema.js';

/**
 * The network part of a scenario: how each simulated host behaves. Anything not named behaves as
 * `default`, which is the healthy internet unless the spec says otherwise.
 */

const hostPattern = z
  .string()
  .min(1)
  .regex(/^(\*\.)?[A-Za-z0-9_.:-]+$/, 'a host name, an IP address, or a wildcard such as *.blob.core.windows.net');

const ipAddress = z.string().refine((value) => isIP(value) !== 0, 'an IPv4 or IPv6 address');
const ms = z.number().int().min(0).max(120_000);

/** String shorthands for a name's DNS behaviour. `truncated` answers with TC over UDP and in full over TCP. */
export const DnsBehaviour = z.enum(['answer', 'nxdomain', 'servfail', 'refused', 'silent', 'sinkhole', 'no-address']);
export type DnsBehaviour = z.infer<typeof DnsBehaviour>;

export const DnsSpec = z.union([
  z.enum(['nxdomain', 'servfail', 'refused', 'silent', 'sinkhole', 'no-address', 'truncated']),
  z
    .object({
      behaviour: DnsBehaviour.default('answer'),
      /** Explicit answers (a private address for split-horizon, say); otherwise one is assigned. */
      addresses: z.array(ipAddress).min(1).optional(),
      /** Answer with a CNAME to this name, which resolves as its own entry (or as `default`). */
      cname: hostPattern.optional(),
      ttl: z.number().int().min(0).max(604_800).default(300),
      truncated: z.boolean().default(false),
      /** Also assign an IPv6 (2001:db8::/32) address. */
      ipv6: z.boolean().default(false),
    })
    .strict(),
]);
export type DnsSpec = z.infer<typeof DnsSpec>;

export const TcpBehaviour = z.enum(['open', 'refused', 'silent', 'reset', 'accept-silent']);
export type TcpBehaviour = z.infer<typeof TcpBehaviour>;

export const TlsValidity = z.enum(['good', 'just-issued', 'expired', 'not-yet-valid', 'wrong-name', 'self-signed']);

export const TlsSpec = z.union([
  z.literal('none'),
  TlsValidity,
  /**
   * A leaf for the name, signed on the fly by a TLS-inspection CA with this name. `leafOnly`: the box
   * sends the leaf alone, not its CA (a client then reads a missing intermediate).
   */
  z.object({ interceptedBy: z.string().min(1), leafOnly: z.boolean().optional() }).strict(),
  /** A leaf signed by a named private CA (the site's own PKI). */
  z.object({ issuedBy: z.string().min(1), validity: TlsValidity.exclude(['self-signed']).default('good') }).strict(),
]);
export type TlsSpec = z.infer<typeof TlsSpec>;

export const HttpResponseSpec = z
  .object({
    status: z.number().int().min(100).max(599).optional(),
    headers: z.record(z.string(), z.string()).optional(),
    body: z.string().optional(),
  })
  .strict();
export type HttpResponseSpec = z.infer<typeof HttpResponseSpec>;

/**
 * `default`: the healthy responder (registry `/v2/` 401 Bearer, Helm index, PyPI simple, apt, 200 otherwise);
 * `redirect-https`: 301 to the same URL over https; `block-page`: a filter's HTML page;
 * `rate-limited`: 429; `none`: accept and say nothing.
 */
export const HttpPreset = z.enum(['default', 'redirect-https', 'block-page', 'rate-limited', 'none']);
export type HttpPreset = z.infer<typeof HttpPreset>;

export const HttpSpec = z.union([
  HttpPreset,
  HttpResponseSpec.extend({
    /** Per path: an exact path, or a prefix ending in `*`. Unmatched paths get the response above, or `default`. */
    paths: z.record(z.string().regex(/^\//, 'a path starting with /'), z.union([HttpPreset, HttpResponseSpec])).optional(),
  }).strict(),
]);
export type HttpSpec = z.infer<typeof HttpSpec>;

export const SshSpec = z.union([
  /** `banner`: OpenSSH's greeting; `not-ssh`: an HTTP server answering the port; `silent`: accept, say nothing. */
  z.enum(['banner', 'not-ssh', 'silent']),
  z.object({ banner: z.string().min(1) }).strict(),
]);
export type SshSpec = z.infer<typeof SshSpec>;

export const PortBehaviourSpec = z
  .object({
    tcp: TcpBehaviour.default('open'),
    tls: TlsSpec.optional(),
    http: HttpSpec.optional(),
    ssh: SshSpec.optional(),
    /** Delay before each answer (TLS handshake, HTTP response, banner). */
    latencyMs: ms.optional(),
  })
  .strict()
  .superRefine((port, ctx) => {
    if (port.ssh !== undefined && (port.tls !== undefined || port.http !== undefined)) {
      ctx.addIssue({ code: 'custom', message: 'ssh cannot be combined with tls or http on one port', path: ['ssh'] });
    }
  });

/** A port: a TCP behaviour alone (`443: refused`) or the full object. */
export const PortSpec = z.union([TcpBehaviour, PortBehaviourSpec]);
export type PortSpec = z.input<typeof PortSpec>;
export type PortBehaviourSpec = z.infer<typeof PortBehaviourSpec>;

const portKey = z.string().refine((key) => /^\d{1,5}$/.test(key) && Number(key) >= 1 && Number(key) <= 65535, 'a port 1-65535');

export const HostSpec = z
  .object({
    dns: DnsSpec.optional(),
    ports: z.record(portKey, PortSpec).default({}),
  })
  .strict();
export type HostSpec = z.infer<typeof HostSpec>;

export const ProxyMode = z.enum(['open', 'auth', 'deny', 'upstream-fail', 'intercept']);
export type ProxyMode = z.infer<typeof ProxyMode>;

export const AuthScheme = z.enum(['Basic', 'NTLM', 'Negotiate']);
export type AuthScheme = z.infer<typeof AuthScheme>;

export const ProxySpec = z
  .object({
    /** One mode or several at once (`[auth, deny]`). */
    mode: z.union([ProxyMode, z.array(ProxyMode).min(1)]).default('open'),
    credentials: z.object({ user: z.string().min(1), password: z.string() }).strict().optional(),
    /** Schemes offered in the 407; only Basic can be satisfied. */
    offer: z.array(AuthScheme).min(1).default(['Basic']),
    realm: z.string().default('Squid proxy-caching web server'),
    /** Host patterns answered 403: `host`, `.suffix` or `*.suffix`. */
    deny: z.array(hostPattern.or(z.string().regex(/^\.[A-Za-z0-9_.-]+$/))).optional(),
    /** When given, every host not matching is answered 403. */
    allow: z.array(hostPattern.or(z.string().regex(/^\.[A-Za-z0-9_.-]+$/))).optional(),
    /** Hosts whose upstream fails (every host when omitted and the mode says so). */
    upstreamFail: z.array(hostPattern.or(z.string().regex(/^\.[A-Za-z0-9_.-]+$/))).optional(),
    upstreamStatus: z.union([z.literal(502), z.literal(503)]).default(503),
    interceptCa: z.string().min(1).default('Contoso TLS Inspection CA'),
    /**
     * When it intercepts: `server-first` connects to the origin before answering CONNECT, so a
     * failure is CONNECT's answer; `client-first` (squid's `ssl_bump peek step1; bump all`) answers
     * 200, bumps TLS, and only then goes to the origin, so its error page comes inside the tunnel.
     */
    bump: z.enum(['server-first', 'client-first']).default('server-first'),
    /**
     * Paths it answers 403 ERR_ACCESS_DENIED for inside the TLS it decrypts (a URL filter on
     * registry blob downloads, say); `*` is any characters, `/` included. Needs mode intercept.
     */
    denyPaths: z.array(z.string().regex(/^\//, 'a path starting with /, * for any characters')).min(1).optional(),
    /** Hosts tunnelled without interception. */
    noIntercept: z.array(hostPattern.or(z.string().regex(/^\.[A-Za-z0-9_.-]+$/))).default([]),
    /** The proxy's host name, as in `Via: 1.1 NAME (squid/6.10)`. */
    name: z.string().min(1).default('proxy.corp.example'),
    /** `site`: the proxy sees each host's DNS behaviour; `healthy`: every name resolves, as outside the site. */
    resolver: z.enum(['site', 'healthy']).default('site'),
    connectTimeoutMs: ms.default(10_000),
  })
  .strict()
  .superRefine((proxy, ctx) => {
    const modes = Array.isArray(proxy.mode) ? proxy.mode : [proxy.mode];
    if (modes.includes('auth') && proxy.credentials === undefined) {
      ctx.addIssue({ code: 'custom', message: 'mode auth needs credentials: {user, password}', path: ['credentials'] });
    }
    if (proxy.denyPaths !== undefined && !modes.includes('intercept')) {
      ctx.addIssue({ code: 'custom', message: 'denyPaths needs mode intercept: a proxy reads paths only inside the TLS it decrypts', path: ['denyPaths'] });
    }
    if (modes.includes('deny') && proxy.deny === undefined && proxy.allow === undefined) {
      ctx.addIssue({ code: 'custom', message: 'mode deny needs a deny or an allow list', path: ['deny'] });
    }
  });
export type ProxySpec = z.infer<typeof ProxySpec>;

export const DnsServerBehaviour = z.enum(['answer', 'silent', 'refused', 'servfail']);

export const SiteSpec = z
  .object({
    /** How hosts the spec does not name behave: the healthy internet by default. */
    default: HostSpec.default({ ports: {} }),
    hosts: z.record(hostPattern, HostSpec).default({}),
    dns: z
      .object({
        /** The node's resolver as a whole: `silent` is a resolver that never answers. */
        server: DnsServerBehaviour.default('answer'),
        latencyMs: ms.default(0),
        /** A second resolver, answering like the first except for these names (for `dns.mismatch`). */
        secondary: z
          .object({ server: DnsServerBehaviour.default('answer'), hosts: z.record(hostPattern, DnsSpec).default({}) })
          .strict()
          .optional(),
      })
      .strict()
      .default({ server: 'answer', latencyMs: 0 }),
    proxy: z.union([z.literal('none'), ProxySpec]).default('none'),
    /** The node's wrong clock, relative to the true time the servers keep. */
    clock: z.object({ offsetSeconds: z.number() }).strict().default({ offsetSeconds: 0 }),
    /**
     * The node's own IPv6 connections: `silent` (a default route that leads nowhere: SYNs dropped)
     * or `refused`; names answer AAAA only with `dns: {ipv6: true}`. The proxy is not affected.
     */
    ipv6: z.enum(['works', 'silent', 'refused']).default('works'),
    /** The node has the inspection CA(s) installed: they are passed as extra CAs. */
    trustInterceptCa: z.boolean().default(false),
    /** Named private CAs (`tls: {issuedBy}`) the node trusts, as with `--ca-file`. */
    trustedCas: z.array(z.string().min(1)).default([]),
    /** Latency for every answer unless a port says otherwise (benchmarks). */
    latencyMs: ms.default(0),
    /** Registries changed from how the real ones answer a pull, or the site's own (registry-schema.ts). */
    registries: Registries,
    /** The node's container runtime's own proxy settings (containerd's systemd drop-in). */
    runtime: RuntimeSpec.optional(),
  })
  .strict()
  .superRefine((site, ctx) => {
    const owner = new Map<string, string>();
    for (const [host, spec] of Object.entries(site.hosts)) {
      const addresses = typeof spec.dns === 'object' ? (spec.dns.addresses ?? []) : [];
      const own = isIP(host) !== 0 ? [host, ...addresses] : addresses;
      for (const address of own) {
        const previous = owner.get(address);
        if (previous !== undefined && previous !== host) {
          ctx.addIssue({ code: 'custom', message: `address ${address} is already ${previous}'s`, path: ['hosts', host, 'dns', 'addresses'] });
        }
        owner.set(address, host);
      }
    }
  });
export type SiteSpec = z.infer<typeof SiteSpec>;
export type SiteSpecInput = z.input<typeof SiteSpec>;

export type ParsedSiteSpec = { readonly ok: true; readonly spec: SiteSpec } | { readonly ok: false; readonly errors: readonly string[] };

/** An issue's message; for a record's bad key, what the key was expected to be (zod says only that it is invalid). */
export function issueMessage(issue: z.core.$ZodIssue): string {
  return issue.code === 'invalid_key' ? `the key: ${issue.issues[0]?.message ?? issue.message}` : issue.message;
}

/** Validate a site spec; each error names its path (and the source file when given). */
export function parseSiteSpec(input: unknown, source?: string): ParsedSiteSpec {
  const result = SiteSpec.safeParse(input);
  if (result.success) return { ok: true, spec: result.data };
  const prefix = source === undefined ? '' : `${source}: `;
  return {
    ok: false,
    errors: result.error.issues.map((issue) => {
      const path = issue.path.map((part) => (typeof part === 'symbol' ? part.toString() : String(part))).join('.');
      return `${prefix}${path === '' ? '(root)' : path}: ${issueMessage(issue)}`;
    }),
  };
}
