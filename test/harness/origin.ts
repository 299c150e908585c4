// The "public" services inside a namespace: HTTPS/HTTP origins on documentation addresses,
// plus raw listeners (banners, silent TCP, silent UDP) for the odd cases.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCa, issueCert, type TestCa } from './certs.js';
import type { Netns } from './netns.js';

const SCRIPT = fileURLToPath(new URL('./origin-server.mjs', import.meta.url));

export interface RouteResponse {
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

export type Listener =
  | { readonly kind: 'https'; readonly host: string; readonly port: number; readonly cert: string; readonly key: string; readonly routes?: Readonly<Record<string, RouteResponse>> }
  /**
   * A transparent interceptor: a leaf per SNI signed by caCert/caKey (made in dir), sent alone, without
   * the CA; `names`' leaves are made before it is ready (one made during a handshake is not yet valid
   * to the client, see origin-server.mjs).
   */
  | { readonly kind: 'intercept'; readonly host: string; readonly port: number; readonly caCert: string; readonly caKey: string; readonly dir: string; readonly names?: readonly string[] }
  | { readonly kind: 'http'; readonly host: string; readonly port: number; readonly routes?: Readonly<Record<string, RouteResponse>> }
  | { readonly kind: 'banner'; readonly host: string; readonly port: number; readonly text: string }
  | { readonly kind: 'tcp-silent' | 'udp-silent'; readonly host: string; readonly port: number };

export interface OriginRequest {
  readonly listener: string;
  readonly method: string;
  readonly url: string;
  readonly host: string;
  readonly sni: string | null;
}

export interface Listeners {
  /** Requests the HTTP(S) listeners have seen so far. */
  requests(): OriginRequest[];
  stop(): Promise<void>;
}

/** Starts one node process in the namespace serving every listener; adds their addresses to lo. */
export async function startListeners(ns: Netns, listeners: readonly Listener[]): Promise<Listeners> {
  await ns.addAddress(...new Set(listeners.map((l) => l.host).filter((h) => h !== '127.0.0.1' && h !== '::1')));
  const dir = await ns.tempDir('origin');
  const configPath = join(dir, 'listeners.json');
  await writeFile(configPath, JSON.stringify({ listeners }));
  const proc = ns.spawn(process.execPath, [SCRIPT, configPath]);
  await proc.waitForOutput(/\{"ready":true\}/);
  const stop = (): Promise<void> => proc.stop(1_000);
  ns.onDestroy(stop);
  return {
    requests: () =>
      proc
        .output()
        .split('\n')
        .filter((l) => l.startsWith('{"request"'))
        .map((l) => (JSON.parse(l) as { request: OriginRequest }).request),
    stop,
  };
}

export interface OriginSite {
  /** Public names the certificate covers (point dnsmasq at `address` for them). */
  readonly names: readonly string[];
  readonly address: string;
  /** HTTPS port (default 443); false for none. */
  readonly https?: number | false;
  /** Plain HTTP port (default 80); false for none. */
  readonly http?: number | false;
  readonly routes?: Readonly<Record<string, RouteResponse>>;
}

export interface OriginOptions {
  readonly sites: readonly OriginSite[];
  /** The CA that signs the origins' certificate; default a new "netreq test public root CA". */
  readonly ca?: TestCa;
}

export interface Origins extends Listeners {
  /** The CA standing for the public web PKI inside the namespace; give it to clients as a CA file. */
  readonly ca: TestCa;
}

export const PUBLIC_CA_NAME = 'netreq test public root CA';

/** HTTPS and HTTP origins for each site, one certificate for every name and address. */
export async function startOrigins(ns: Netns, opts: OriginOptions): Promise<Origins> {
  const dir = await ns.tempDir('pki');
  const ca = opts.ca ?? (await createCa(dir, PUBLIC_CA_NAME));
  const dnsNames = [...new Set(opts.sites.flatMap((s) => s.names))];
  const ips = [...new Set(opts.sites.map((s) => s.address))];
  const leaf = await issueCert(ca, dir, { commonName: dnsNames[0] ?? 'origin', dnsNames, ips });
  const listeners: Listener[] = [];
  for (const s of opts.sites) {
    const routes = s.routes === undefined ? {} : { routes: s.routes };
    if (s.https !== false) listeners.push({ kind: 'https', host: s.address, port: s.https ?? 443, cert: leaf.certPath, key: leaf.keyPath, ...routes });
    if (s.http !== false) listeners.push({ kind: 'http', host: s.address, port: s.http ?? 80, ...routes });
  }
  return { ca, ...(await startListeners(ns, listeners)) };
}
