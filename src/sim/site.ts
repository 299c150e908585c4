import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { createNetwork, type NameServer, type Network } from '../net/index.js';
import { createCertFactory, type CertFactory } from './certs.js';
import { startDnsServer, type DnsQueryLog, type DnsReply, type DnsResponder, type DnsServer } from './dns-server.js';
import { proxyModes } from './proxy-policy.js';
import { startProxyServer, type ProxyRequestLog, type ProxyServer } from './proxy-server.js';
import { SiteSpec, parseSiteSpec, type SiteSpecInput } from './schema.js';
import { registryAnswer } from './registry-answers.js';
import { catalogProbeImages } from './registry-catalog.js';
import { RegistryWorld, type WantedImage } from './registry-world.js';
import { rewriteProxyUrl, writeRuntimeRoot } from './runtime-root.js';
import { SiteListeners } from './site-listeners.js';
import { SiteNames } from './site-names.js';

export interface SimRequestRecord {
  readonly host: string;
  readonly port: number;
  readonly via: 'proxy' | 'direct';
}

/** A simulated site running on loopback. */
export interface SimSite {
  /** Lookups go to the site's nameserver(s), connections to its listeners; trusts its "public" root. */
  readonly network: Network;
  /** http://[user:pass@]127.0.0.1:PORT when the spec has a proxy (with its credentials when it has some). */
  readonly proxyUrl?: string;
  /** The proxy's URL without credentials. */
  readonly proxyEndpoint?: string;
  readonly dnsServer: NameServer;
  /** The primary, then the secondary when the spec has one. */
  readonly dnsServers: readonly NameServer[];
  readonly publicCaPem: string;
  /** The proxy's inspection CA, else the first `interceptedBy` CA, when the spec has one. */
  readonly interceptCaPem?: string;
  /** The CAs passed to the network as extra (trusted inspection CA, `trustedCas`). */
  readonly extraCaPems: readonly string[];
  /**
   * With `runtime` in the spec: a folder laid out as the node's `/` (containerd's program and its
   * proxy drop-in), for the host facts reader (NETREQ_SYSTEM_ROOT). Removed by `close`.
   */
  readonly systemRoot?: string;
  /** Every simulated registry, token realm and layer host of the site. */
  readonly registryHosts: readonly string[];
  /** The documentation-range address the host resolves to (assigned on first use). */
  addressOf(host: string): string | undefined;
  /** The loopback listener a simulated address:port is served by (what `network.connect` dials). */
  listenerOf(address: string, port: number): { readonly address: string; readonly port: number } | undefined;
  /** Which host:port were exercised, directly or through the proxy. */
  requests(): readonly SimRequestRecord[];
  proxyRequests(): readonly ProxyRequestLog[];
  dnsQueries(): readonly DnsQueryLog[];
  /** Entries of `hosts` that no DNS query, connection or proxy request touched (a scenario's dead expectation). */
  unexercised(): readonly string[];
  /** Closes every server and socket; idempotent. */
  close(): Promise<void>;
}

export interface StartSiteOptions {
  /** Names the run will ask for (concrete names under wildcards, say): addresses and certificates are ready for them. */
  readonly hosts?: readonly string[];
  /**
   * Sign every certificate before returning. A run that shares the process (a scenario run)
   * otherwise pays for the signing inside its first handshakes and DNS answers.
   */
  readonly waitForCertificates?: boolean;
  /** The images the site's registries serve besides `registries.*.images`; default: the catalog's probe images. */
  readonly images?: readonly WantedImage[];
}

function serverResponder(behaviour: SiteSpec['dns']['server'], names: SiteNames, overrides?: Parameters<SiteNames['answer']>[2]): DnsResponder {
  return (name, type): DnsReply => {
    switch (behaviour) {
      case 'answer':
        return names.answer(name, type, overrides);
      case 'silent':
        return { kind: 'silent' };
      case 'refused':
        return { kind: 'answer', rcode: 'REFUSED', answers: [] };
      case 'servfail':
        return { kind: 'answer', rcode: 'SERVFAIL', answers: [] };
      default: {
        const unreachable: never = behaviour;
        return unreachable;
      }
    }
  };
}

/** Every named CA the spec mentions, by role. */
function namedCas(spec: SiteSpec): { intercepting: string[]; issuing: string[] } {
  const intercepting = new Set<string>();
  const issuing = new Set<string>(spec.trustedCas);
  if (spec.proxy !== 'none' && proxyModes(spec.proxy).includes('intercept')) intercepting.add(spec.proxy.interceptCa);
  for (const host of [spec.default, ...Object.values(spec.hosts)]) {
    for (const port of Object.values(host.ports)) {
      if (typeof port !== 'object' || port.tls === undefined || typeof port.tls !== 'object') continue;
      if ('interceptedBy' in port.tls) intercepting.add(port.tls.interceptedBy);
      else issuing.add(port.tls.issuedBy);
    }
  }
  return { intercepting: [...intercepting], issuing: [...issuing] };
}

async function prewarmCertificates(spec: SiteSpec, names: SiteNames, listeners: SiteListeners, certs: CertFactory, hosts: readonly string[]): Promise<void> {
  const work: Promise<unknown>[] = [];
  for (const name of new Set([...Object.keys(spec.hosts), ...hosts])) {
    if (name.startsWith('*.')) continue;
    const group = names.group(name);
    for (const port of new Set([443, ...Object.keys(group.spec.ports).map(Number)])) {
      const tls = listeners.behaviourAt(group, port).tls;
      if (tls !== undefined) work.push(certs.leaf(name, tls.validity, tls.issuer, tls.leafOnly));
    }
  }
  await Promise.all(work);
}

/** Start a site on loopback: its nameserver(s), its listeners, its proxy, and a Network pointing at them. */
export async function startSite(input: SiteSpecInput, options: StartSiteOptions = {}): Promise<SimSite> {
  const parsed = parseSiteSpec(input);
  if (!parsed.ok) throw new Error(`invalid site spec:\n  ${parsed.errors.join('\n  ')}`);
  const spec = parsed.spec;
  const hosts = options.hosts ?? [];
  const names = new SiteNames(spec);
  for (const host of hosts) names.addressesOf(host);

  const world = RegistryWorld.build(options.images ?? catalogProbeImages(), spec.registries);
  const responder = (request: Parameters<typeof registryAnswer>[1]): ReturnType<typeof registryAnswer> => registryAnswer(world, request);
  const certs = await createCertFactory();
  const cas = namedCas(spec);
  const closers: Array<() => Promise<void>> = [];
  const closeAll = async (): Promise<void> => {
    await Promise.all(closers.splice(0).map((close) => close().catch(() => undefined)));
  };
  try {
    const startDns = (responder: DnsResponder): Promise<DnsServer> =>
      startDnsServer({ respond: responder, latencyMs: spec.dns.latencyMs }).then((server) => {
        closers.push(() => server.close());
        return server;
      });
    const secondary = spec.dns.secondary;
    const [listeners, primaryDns, secondaryDns, interceptPems, issuingPems] = await Promise.all([
      SiteListeners.start(spec, names, certs, hosts, (request) => responder({ method: 'GET', headers: {}, body: '', ...request })).then((started) => {
        closers.push(() => started.close());
        return started;
      }),
      startDns(serverResponder(spec.dns.server, names)),
      secondary === undefined ? undefined : startDns(serverResponder(secondary.server, names, secondary.hosts)),
      Promise.all(cas.intercepting.map(async (name) => (await certs.authority(name)).pem)),
      Promise.all(cas.issuing.map(async (name) => (await certs.authority(name)).pem)),
    ]);

    const extraCaPems = [
      ...(spec.trustInterceptCa ? interceptPems : []),
      ...issuingPems.filter((_pem, index) => spec.trustedCas.includes(cas.issuing[index] ?? '')),
    ];
    let caFiles: string[] = [];
    if (extraCaPems.length > 0) {
      const dir = await mkdtemp(join(tmpdir(), 'netreq-sim-'));
      closers.push(() => rm(dir, { recursive: true, force: true }));
      const file = join(dir, 'trusted-cas.pem');
      await writeFile(file, extraCaPems.join('\n'));
      caFiles = [file];
    }

    // Leaves are signed up front (about 0.15 ms each); a handshake for a name not named in advance signs its own.
    const prewarm = prewarmCertificates(spec, names, listeners, certs, hosts).catch(() => undefined);
    if (options.waitForCertificates) await prewarm;
    const proxySpec = spec.proxy;
    const proxy: ProxyServer | undefined =
      proxySpec === 'none'
        ? undefined
        : await startProxyServer({
            spec: proxySpec,
            certs,
            resolve: (host) => {
              const address = names.resolve(host, proxySpec.resolver === 'healthy');
              return address === undefined ? { ok: false } : { ok: true, address };
            },
            route: (address, port) => listeners.routeAlways(address, port),
            expectsTls: (address, port) => listeners.expectsTls(address, port),
          });
    if (proxy !== undefined) closers.push(() => proxy.close());
    const proxyName = proxySpec === 'none' ? undefined : proxySpec.name;
    const root =
      spec.runtime === undefined
        ? undefined
        : await writeRuntimeRoot(
            spec.runtime,
            (url) => (proxy === undefined || proxyName === undefined ? url : rewriteProxyUrl(url, proxyName, proxy.url(false))),
            async (name) => (await certs.authority(name)).pem,
          );
    if (root !== undefined) closers.push(() => root.remove());

    const direct: SimRequestRecord[] = [];
    const dnsServers: NameServer[] = [primaryDns, ...(secondaryDns === undefined ? [] : [secondaryDns])].map((s) => ({ address: s.address, port: s.port }));
    const base = createNetwork({
      dnsServers,
      caFiles,
      env: {},
      publicPems: [certs.publicRoot.pem],
      systemCaPath: null,
      clockOffsetMs: spec.clock.offsetSeconds * 1000,
      route: (address, port) => {
        if (spec.ipv6 !== 'works' && isIP(address) === 6 && address !== '::1') return listeners.failing(spec.ipv6);
        const destination = listeners.route(address, port);
        if (destination !== undefined) direct.push({ host: names.ownerOf(address)?.name ?? address, port, via: 'direct' });
        return destination;
      },
    });
    const network: Network = {
      kind: 'simulated',
      trust: base.trust,
      lookup: (host, deadline) => base.lookup(host, deadline),
      nameservers: () => base.nameservers(),
      query: (server, name, type, deadline) => base.query(server, name, type, deadline),
      connect: (connectOptions) => base.connect(connectOptions),
      tls: (tlsOptions) => base.tls(tlsOptions),
      now: () => base.now(),
      // Every simulated address, IPv4 or IPv6, is routed to loopback.
      hasRoute: () => true,
    };

    const requests = (): SimRequestRecord[] => [
      ...direct,
      ...(proxy?.requests() ?? []).map((r) => ({ host: r.host, port: r.port, via: 'proxy' as const })),
    ];
    const interceptCaPem = interceptPems[0];
    let closing: Promise<void> | undefined;
    return {
      network,
      ...(proxy === undefined ? {} : { proxyUrl: proxy.url(true), proxyEndpoint: proxy.url(false) }),
      dnsServer: dnsServers[0] ?? { address: primaryDns.address, port: primaryDns.port },
      dnsServers,
      publicCaPem: certs.publicRoot.pem,
      ...(interceptCaPem === undefined ? {} : { interceptCaPem }),
      extraCaPems,
      ...(root === undefined ? {} : { systemRoot: root.path }),
      registryHosts: world.hosts(),
      addressOf: (host) => names.addressesOf(host)[0],
      listenerOf: (address, port) => listeners.route(address, port),
      requests,
      proxyRequests: () => proxy?.requests() ?? [],
      dnsQueries: () => [...primaryDns.queries(), ...(secondaryDns?.queries() ?? [])],
      unexercised() {
        const touched = new Set([
          ...[...primaryDns.queries(), ...(secondaryDns?.queries() ?? [])].map((q) => q.name.toLowerCase().replace(/\.$/, '')),
          ...requests().map((r) => r.host.toLowerCase()),
        ]);
        return Object.keys(spec.hosts).filter((key) => {
          const pattern = key.toLowerCase();
          if (!pattern.startsWith('*.')) return !touched.has(pattern);
          return ![...touched].some((name) => name.endsWith(pattern.slice(1)));
        });
      },
      close() {
        closing ??= closeAll();
        return closing;
      },
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
