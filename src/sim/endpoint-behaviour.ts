import type { LeafValidity } from './certs.js';
import type { HttpSpec, PortBehaviourSpec, PortSpec, TcpBehaviour } from './schema.js';
import { PortBehaviourSpec as PortBehaviourSchema, TcpBehaviour as TcpBehaviourSchema } from './schema.js';

/** The certificate a TLS listener presents: its validity and who signed it (undefined: the public root). */
export interface TlsBehaviour {
  readonly validity: LeafValidity;
  readonly issuer?: string;
  /** Send the leaf alone, without its (named) CA. */
  readonly leafOnly?: boolean;
}

export type AppBehaviour =
  | { readonly kind: 'http'; readonly http: HttpSpec }
  | { readonly kind: 'banner'; readonly banner: string }
  | { readonly kind: 'silent' };

/** One port's behaviour with every default applied: what a listener needs to know, nothing more. */
export interface EndpointBehaviour {
  readonly tcp: Exclude<TcpBehaviour, 'accept-silent'>;
  readonly tls?: TlsBehaviour;
  readonly app: AppBehaviour;
  readonly latencyMs: number;
}

export const OPENSSH_BANNER = 'SSH-2.0-OpenSSH_9.2p1 Debian-2';

function tlsBehaviour(spec: PortBehaviourSpec['tls'], port: number): TlsBehaviour | undefined {
  if (spec === undefined) return port === 80 ? undefined : { validity: 'good' };
  if (spec === 'none') return undefined;
  if (typeof spec === 'string') return { validity: spec };
  if ('interceptedBy' in spec) return { validity: 'good', issuer: spec.interceptedBy, ...(spec.leafOnly === true ? { leafOnly: true } : {}) };
  return { validity: spec.validity, issuer: spec.issuedBy };
}

function sshApp(spec: NonNullable<PortBehaviourSpec['ssh']>): AppBehaviour {
  if (typeof spec === 'object') return { kind: 'banner', banner: spec.banner };
  switch (spec) {
    case 'banner':
      return { kind: 'banner', banner: OPENSSH_BANNER };
    case 'not-ssh':
      // An HTTP server on the SSH port: it answers the client's greeting with 400 Bad Request.
      return { kind: 'http', http: 'default' };
    case 'silent':
      return { kind: 'silent' };
    default: {
      const unreachable: never = spec;
      return unreachable;
    }
  }
}

/**
 * Apply the defaults by port number: 22 speaks SSH, 80 is plain HTTP redirecting to https,
 * any other port is TLS with a good certificate and the healthy HTTP responder.
 */
export function endpointBehaviour(spec: PortSpec | undefined, port: number, siteLatencyMs: number): EndpointBehaviour {
  const parsed: PortBehaviourSpec =
    spec === undefined
      ? PortBehaviourSchema.parse({})
      : typeof spec === 'string'
        ? PortBehaviourSchema.parse({ tcp: TcpBehaviourSchema.parse(spec) })
        : PortBehaviourSchema.parse(spec);
  const latencyMs = parsed.latencyMs ?? siteLatencyMs;
  if (parsed.tcp === 'accept-silent') return { tcp: 'open', app: { kind: 'silent' }, latencyMs };
  if (parsed.tcp !== 'open') return { tcp: parsed.tcp, app: { kind: 'silent' }, latencyMs };
  if (parsed.ssh !== undefined) return { tcp: 'open', app: sshApp(parsed.ssh), latencyMs };
  if (port === 22 && parsed.tls === undefined && parsed.http === undefined) {
    return { tcp: 'open', app: { kind: 'banner', banner: OPENSSH_BANNER }, latencyMs };
  }
  const tls = tlsBehaviour(parsed.tls, port);
  const http: HttpSpec = parsed.http ?? (port === 80 && tls === undefined ? 'redirect-https' : 'default');
  const app: AppBehaviour = http === 'none' ? { kind: 'silent' } : { kind: 'http', http };
  return tls === undefined ? { tcp: 'open', app, latencyMs } : { tcp: 'open', tls, app, latencyMs };
}
