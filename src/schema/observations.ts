import { z } from 'zod';

export const StepName = z.enum(['dns', 'tcp', 'proxy', 'tls', 'http', 'ssh', 'udp', 'greeting', 'pull']);
export type StepName = z.infer<typeof StepName>;

/**
 * What a probe saw, never a verdict. `outcome` is the probe's short name for what happened
 * (`resolved`, `nxdomain`, `connected`, `refused`, `timeout`, `status`, ...); `ok` says
 * whether the next step can run. The classifier turns these into findings.
 */
const base = {
  ok: z.boolean(),
  outcome: z.string(),
  ms: z.number().nonnegative(),
  startedAt: z.string().optional(),
  /** Error code from the OS or library (ECONNREFUSED, ETIMEDOUT, ERR_TLS_CERT_ALTNAME_INVALID). */
  code: z.string().optional(),
};

export const DnsServerAnswer = z.object({
  server: z.string(),
  type: z.enum(['A', 'AAAA']),
  protocol: z.enum(['udp', 'tcp']),
  ms: z.number(),
  rcode: z.string().optional(),
  addresses: z.array(z.string()),
  cnames: z.array(z.string()),
  ttl: z.number().optional(),
  truncated: z.boolean().optional(),
  error: z.string().optional(),
});
export type DnsServerAnswer = z.infer<typeof DnsServerAnswer>;

export const DnsStep = z.object({
  step: z.literal('dns'),
  ...base,
  evidence: z.object({
    host: z.string(),
    /** What getaddrinfo (or the configured servers) gave: the addresses the site's software uses. */
    system: z.object({ via: z.string(), addresses: z.array(z.string()), code: z.string().optional() }),
    servers: z.array(DnsServerAnswer),
    /** The addresses the next step connects to. */
    addresses: z.array(z.string()),
    /**
     * resolv.conf's options, as glibc reads them: the order the servers are asked in (the first
     * that answers; `rotate`: each in turn) and what a silent one costs (`timeoutS` per server, the
     * round `attempts` times). Absent with `--dns-server` and in older reports: glibc's defaults.
     */
    resolver: z.object({ timeoutS: z.number(), attempts: z.number(), rotate: z.boolean() }).optional(),
    /** Set when the proxy resolves for us: local DNS is evidence only. */
    proxyResolves: z.boolean().optional(),
    /**
     * Set (true) when the name is the site's own (its control plane, a mirror): the question asked,
     * like `proxyResolves`. Such a name may live on this machine, so a loopback answer is no sinkhole.
     */
    siteOwned: z.literal(true).optional(),
  }),
});

export const TcpAttempt = z.object({
  address: z.string(),
  family: z.union([z.literal(4), z.literal(6)]),
  outcome: z.enum(['connected', 'refused', 'timeout', 'reset', 'unreachable', 'error', 'aborted']),
  code: z.string().optional(),
  ms: z.number(),
  /** Where the connection really went, when a `--connect-to` rule redirected it. */
  connectTo: z.string().optional(),
});
export type TcpAttempt = z.infer<typeof TcpAttempt>;

export const TcpStep = z.object({
  step: z.literal('tcp'),
  ...base,
  evidence: z.object({
    port: z.number(),
    /** `proxy` when this is the connection to the proxy rather than to the host. */
    to: z.enum(['host', 'proxy']),
    attempts: z.array(TcpAttempt),
    connected: z.string().optional(),
    ipv4Route: z.boolean().optional(),
    ipv6Route: z.boolean().optional(),
  }),
});

export const HttpHead = z.object({
  status: z.number(),
  reason: z.string(),
  /** Headers of interest, lower-case names, values redacted where secret. */
  headers: z.record(z.string(), z.string()),
  /** `<title>` of an HTML body, when there is one. */
  title: z.string().optional(),
  /** The first bytes of the body as text, control characters stripped. */
  bodySnippet: z.string().optional(),
});
export type HttpHead = z.infer<typeof HttpHead>;

export const ProxyStep = z.object({
  step: z.literal('proxy'),
  ...base,
  evidence: z.object({
    /** Redacted proxy URL. */
    proxy: z.string(),
    method: z.enum(['CONNECT', 'GET']),
    target: z.string(),
    response: HttpHead.optional(),
    /** Offered by a 407: Basic, NTLM, Negotiate, Digest... */
    authSchemes: z.array(z.string()).optional(),
    sentCredentials: z.boolean(),
    /** False when the proxy URL named a user without a password (an answers file never holds one); absent in older reports. */
    sentPassword: z.boolean().optional(),
    /** The proxy's own error identity, e.g. squid's X-Squid-Error `ERR_ACCESS_DENIED 0`. */
    proxyError: z.string().optional(),
    proxyProduct: z.string().optional(),
  }),
});

export const CertSummary = z.object({
  subject: z.string(),
  issuer: z.string(),
  subjectAltNames: z.string().optional(),
  validFrom: z.string(),
  validTo: z.string(),
  fingerprint256: z.string(),
  selfIssued: z.boolean(),
});
export type CertSummary = z.infer<typeof CertSummary>;

export const TlsStep = z.object({
  step: z.literal('tls'),
  ...base,
  evidence: z.object({
    servername: z.string(),
    protocol: z.string().optional(),
    alpn: z.string().optional(),
    chain: z.array(CertSummary),
    /** Which roots validated the chain: Node's bundled public ones, the site's extra ones, or none. */
    trust: z.enum(['public', 'extra', 'untrusted']).optional(),
    /** The CA that anchors the chain (its subject), for explanations. */
    anchor: z.string().optional(),
    hostnameMatches: z.boolean().optional(),
    authorizationError: z.string().optional(),
    localTime: z.string().optional(),
    message: z.string().optional(),
    /**
     * Bytes read from the socket during the handshake, until it finished or failed (the server's
     * whole flight when it finished). 0 with a timeout: not one byte of the server's answer came,
     * a server that never speaks or a path-MTU black hole (the kernel holds later segments when the
     * first is lost). Absent in older reports and where the stream does not count (a simulated one).
     */
    bytesReceived: z.number().int().nonnegative().optional(),
  }),
});

export const HttpStep = z.object({
  step: z.literal('http'),
  ...base,
  evidence: z.object({
    method: z.string(),
    url: z.string(),
    check: z.string(),
    response: HttpHead.optional(),
    /** The server's Date header against the local clock, in seconds (positive: local clock ahead). */
    clockSkewSeconds: z.number().optional(),
  }),
});

export const SshStep = z.object({
  step: z.literal('ssh'),
  ...base,
  evidence: z.object({
    banner: z.string().optional(),
    /** The first bytes when they are not an SSH banner, control characters stripped. */
    received: z.string().optional(),
  }),
});

export const UdpStep = z.object({
  step: z.literal('udp'),
  ...base,
  evidence: z.object({ address: z.string(), port: z.number(), reply: z.string().optional() }),
});

export const GreetingAttempt = z.object({
  address: z.string(),
  outcome: z.string(),
  code: z.string().optional(),
  ms: z.number(),
});
export type GreetingAttempt = z.infer<typeof GreetingAttempt>;

/**
 * A peer running `netreq listen`: TCP connect and read its greeting, or a UDP echo. Outcomes:
 * `greeting`/`echo` (a netreq listener answered), `other` (something else sent data), `silent`
 * or `closed` (something else accepted), `refused`, `timeout`, `unreachable`, `no-reply`
 * (UDP, nothing came back), `aborted`, `unsupported`, `error`.
 */
export const GreetingStep = z.object({
  step: z.literal('greeting'),
  ...base,
  evidence: z.object({
    transport: z.enum(['tcp', 'udp']),
    port: z.number(),
    /** The address that answered, or the last one tried. */
    address: z.string().optional(),
    /** This machine's address on the path, when known. */
    source: z.string().optional(),
    attempts: z.array(GreetingAttempt),
    /**
     * The token the checker was given for this peer (`--peer HOST:ROLE#TOKEN`). Not named
     * "token": it is no secret, and secret-name redaction must leave it readable.
     */
    expectedListenerId: z.string().optional(),
    /** The token the listener's answer carried. */
    listenerId: z.string().optional(),
    /** The port the listener says it answered on. */
    answeredPort: z.number().optional(),
    /** What came instead of a greeting, control characters stripped. */
    received: z.string().optional(),
    /** A protocol recognised in what came instead (ssh, bgp). */
    protocol: z.string().optional(),
  }),
});

/** Why a request of the pull was made: containerd's sequence, in order. */
export const PullPurpose = z.enum(['ping', 'token', 'manifest-head', 'manifest', 'platform-manifest', 'config', 'layer', 'redirect']);
export type PullPurpose = z.infer<typeof PullPurpose>;

/** One request of a pull, to one host. Never a credential: `credential` names the kind sent (not `authorization`: redaction masks any value under that name). */
export const PullHop = z.object({
  purpose: PullPurpose,
  method: z.enum(['GET', 'HEAD', 'POST']),
  /** The URL without its query string (a signed URL's signature is a secret). */
  url: z.string(),
  queryStripped: z.literal(true).optional(),
  host: z.string(),
  port: z.number(),
  /** The address connected to, when a connection was made for this request's client (the proxy's, through a proxy). */
  address: z.string().optional(),
  /** Through the proxy (a CONNECT tunnel), as the runtime's route sends this host; absent: direct. */
  via: z.literal('proxy').optional(),
  /** The credential sent, by kind: Basic, the Bearer token, or an OAuth form's password or refresh token. */
  credential: z.enum(['basic', 'bearer', 'password', 'refresh-token']).optional(),
  status: z.number().optional(),
  /** Body bytes received. */
  bytes: z.number().int().nonnegative(),
  ms: z.number().nonnegative(),
  /** `status` (a response came), `refused`, `timeout`, `aborted`, `stalled`, `too-large`, `reset`, `tls-error`, `dns-error`, `error`. */
  outcome: z.string(),
  code: z.string().optional(),
  /** A redirect's target, query stripped. */
  redirectedTo: z.string().optional(),
  /** content-type, docker-content-digest, www-authenticate, location-host, ratelimit-limit, ratelimit-remaining. */
  headers: z.record(z.string(), z.string()),
});
export type PullHop = z.infer<typeof PullHop>;

/**
 * An image pull as containerd does it: `/v2/`, the token, the manifest (and the platform's when
 * it is an index), the config and the smallest layer, every redirect followed. Outcomes: `pulled`,
 * `auth-required`, `manifest-unknown`, `platform-missing`, `blob-unknown`, `bad-manifest`,
 * `stalled`, `digest-mismatch`, `too-large`, `refused`, `timeout`, `aborted`, `http-error`, `error`.
 */
export const PullStep = z.object({
  step: z.literal('pull'),
  ...base,
  evidence: z.object({
    image: z.string(),
    platform: z.string(),
    hops: z.array(PullHop),
    layer: z
      .object({
        digest: z.string(),
        size: z.number().int().nonnegative(),
        bytesRead: z.number().int().nonnegative(),
        /** Absent when the layer was read only in part (beyond the byte budget). */
        verified: z.boolean().optional(),
      })
      .optional(),
    sentCredentials: z.boolean(),
    /** Hosts (host:port) the pull was sent to besides the registry: the token realm, redirect targets; reached or not. */
    discoveredHosts: z.array(z.string()),
    /** The runtime's next host for the image (another mirror, the upstream), asked because the one before failed: its host:port. */
    fallback: z.string().optional(),
  }),
});

export const StepResult = z.discriminatedUnion('step', [DnsStep, TcpStep, ProxyStep, TlsStep, HttpStep, SshStep, UdpStep, GreetingStep, PullStep]);
export type StepResult = z.infer<typeof StepResult>;
export type DnsStep = z.infer<typeof DnsStep>;
export type TcpStep = z.infer<typeof TcpStep>;
export type ProxyStep = z.infer<typeof ProxyStep>;
export type TlsStep = z.infer<typeof TlsStep>;
export type HttpStep = z.infer<typeof HttpStep>;
export type SshStep = z.infer<typeof SshStep>;
export type UdpStep = z.infer<typeof UdpStep>;
export type GreetingStep = z.infer<typeof GreetingStep>;
export type PullStep = z.infer<typeof PullStep>;
