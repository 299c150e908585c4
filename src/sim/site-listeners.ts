import { isIP } from 'node:net';
import type { CertFactory } from './certs.js';
import { endpointBehaviour, type EndpointBehaviour } from './endpoint-behaviour.js';
import { NO_SNI_NAME, startEndpointServer, type EndpointServer } from './endpoint-server.js';
import type { SiteResponder } from './http-responder.js';
import { LOOPBACK } from './listen.js';
import { reserveRefusedPort } from './refused-port.js';
import type { SiteSpec } from './schema.js';
import { DEFAULT_GROUP, type HostGroup, type SiteNames } from './site-names.js';
import { startSilentPort, type SilentPort } from './silent-port.js';

export interface Destination {
  readonly address: string;
  readonly port: number;
}

interface Resolved {
  readonly behaviour: EndpointBehaviour;
  readonly listenerKey: string;
}

/** Ports whose default behaviour differs: 22 is SSH, 80 plain HTTP, any other TLS + HTTP. */
const PORT_CLASSES = [22, 80, 443];

function isLoopback(address: string): boolean {
  return address.startsWith('127.') || address === '::1' || address.startsWith('::ffff:127.');
}

function isUnspecified(address: string): boolean {
  return address === '0.0.0.0' || address === '::';
}

/**
 * Every listener of a site and the map from a simulated address:port to one of them. Hosts that
 * behave alike share a listener (certificates follow SNI), so 80 healthy hosts cost one.
 */
export class SiteListeners {
  private readonly resolved = new Map<string, Resolved>();
  private readonly servers = new Map<string, EndpointServer>();
  private refusedPort = 0;
  private silent: SilentPort | undefined;

  private constructor(
    private readonly site: SiteSpec,
    private readonly names: SiteNames,
  ) {}

  static async start(site: SiteSpec, names: SiteNames, certs: CertFactory, hosts: readonly string[], responder?: SiteResponder): Promise<SiteListeners> {
    const listeners = new SiteListeners(site, names);
    const wanted = new Map<string, { behaviour: EndpointBehaviour; fallback: string }>();
    const want = (group: HostGroup, port: number): void => {
      const { behaviour, listenerKey } = listeners.resolve(group, port);
      if (behaviour.tcp === 'open' || behaviour.tcp === 'reset') {
        wanted.set(listenerKey, { behaviour, fallback: listeners.fallbackName(listeners.provider(group, port), behaviour) });
      }
    };
    const defaultGroup = names.defaultGroup;
    for (const port of [...PORT_CLASSES, ...Object.keys(site.default.ports).map(Number)]) want(defaultGroup, port);
    for (const name of [...Object.keys(site.hosts), ...hosts]) {
      const group = names.group(name);
      for (const port of Object.keys(group.spec.ports).map(Number)) want(group, port);
    }
    try {
      const [refused, silent] = await Promise.all([
        reserveRefusedPort(),
        startSilentPort(),
        ...[...wanted].map(async ([key, { behaviour, fallback }]) => {
          listeners.servers.set(key, await startEndpointServer(behaviour, certs, fallback, responder));
        }),
      ]);
      listeners.refusedPort = refused;
      listeners.silent = silent;
    } catch (error) {
      await listeners.close();
      throw error;
    }
    return listeners;
  }

  /** The behaviour at group:port: the group's own port, else the default's, else the port's class default. */
  behaviourAt(group: HostGroup, port: number): EndpointBehaviour {
    return this.resolve(group, port).behaviour;
  }

  /** Where a connection to a simulated address really goes; undefined for loopback, which goes where it says. */
  route(address: string, port: number): Destination | undefined {
    if (isLoopback(address)) return undefined;
    if (isUnspecified(address)) return { address: LOOPBACK, port: this.refusedPort };
    // An address the site never gave out (an IP target the spec does not name) behaves as the default.
    const group = this.names.ownerOf(address)?.group ?? this.names.defaultGroup;
    const { behaviour, listenerKey } = this.resolve(group, port);
    switch (behaviour.tcp) {
      case 'refused':
        return { address: LOOPBACK, port: this.refusedPort };
      case 'silent':
        return { address: LOOPBACK, port: this.silentPort() };
      case 'open':
      case 'reset': {
        const server = this.servers.get(listenerKey);
        return { address: LOOPBACK, port: server?.port ?? this.silentPort() };
      }
      default: {
        const unreachable: never = behaviour.tcp;
        return unreachable;
      }
    }
  }

  /** Where a connection that must fail goes: a port that refuses, or one that drops SYNs. */
  failing(tcp: 'refused' | 'silent'): Destination {
    return { address: LOOPBACK, port: tcp === 'refused' ? this.refusedPort : this.silentPort() };
  }

  /** Like `route`, but never undefined: the proxy's own upstream connections. */
  routeAlways(address: string, port: number): Destination {
    return this.route(address, port) ?? { address, port };
  }

  expectsTls(address: string, port: number): boolean {
    const group = this.names.ownerOf(address)?.group ?? this.names.defaultGroup;
    return this.resolve(group, port).behaviour.tls !== undefined;
  }

  listenerCount(): number {
    return this.servers.size + (this.silent === undefined ? 0 : 1);
  }

  async close(): Promise<void> {
    await Promise.all([...[...this.servers.values()].map((server) => server.close()), this.silent?.close()]);
  }

  private silentPort(): number {
    return this.silent?.port ?? this.refusedPort;
  }

  private provider(group: HostGroup, port: number): HostGroup {
    if (group.spec.ports[String(port)] !== undefined) return group;
    return this.names.defaultGroup;
  }

  private fallbackName(provider: HostGroup, behaviour: EndpointBehaviour): string {
    // Without SNI (an IP target) the certificate names the IP, when the spec names the host by its IP.
    return behaviour.tls !== undefined && provider.key !== DEFAULT_GROUP && isIP(provider.key) !== 0 ? provider.key : NO_SNI_NAME;
  }

  private resolve(group: HostGroup, port: number): Resolved {
    const cacheKey = `${group.key}|${port}`;
    const cached = this.resolved.get(cacheKey);
    if (cached !== undefined) return cached;
    const provider = this.provider(group, port);
    const behaviour = endpointBehaviour(provider.spec.ports[String(port)], port, this.site.latencyMs);
    const listenerKey = `${JSON.stringify(behaviour)}|${this.fallbackName(provider, behaviour)}`;
    const resolved = { behaviour, listenerKey };
    this.resolved.set(cacheKey, resolved);
    return resolved;
  }
}
