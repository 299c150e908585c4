// Typed wrappers around probe-client.mjs: observe the real servers from inside a namespace,
// without netreq (for the harness's own tests and for OBSERVED.md).
import { fileURLToPath } from 'node:url';
import type { Netns } from './netns.js';

const SCRIPT = fileURLToPath(new URL('./probe-client.mjs', import.meta.url));

export interface DnsAnswer {
  readonly outcome: 'answer' | 'timeout' | 'error';
  readonly rcode?: string;
  readonly code?: string;
  readonly answers?: ReadonlyArray<{ name: string; type: string; ttl: number; data: unknown }>;
  readonly ms: number;
}

export interface ConnectResult {
  readonly outcome: 'connected' | 'error' | 'no-answer' | 'banner' | 'closed' | 'connected-silent';
  readonly code?: string;
  readonly syscall?: string;
  readonly line?: string;
  readonly data?: string;
  readonly ms: number;
}

export interface ProxyResponse {
  readonly outcome: 'response' | 'error' | 'timeout' | 'closed';
  readonly status?: number;
  readonly statusLine?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly title?: string | null;
  readonly body?: string;
  readonly code?: string;
  readonly ms: number;
}

async function probe<T>(ns: Netns, args: readonly string[], timeoutMs: number): Promise<T> {
  const r = await ns.exec(process.execPath, [SCRIPT, ...args], { timeoutMs: timeoutMs + 5_000 });
  const line = r.stdout.trim().split('\n').pop() ?? '';
  if (r.code !== 0 || line === '') throw new Error(`probe-client ${args.join(' ')} failed: ${r.stderr}`);
  return JSON.parse(line) as T;
}

export function dnsQuery(
  ns: Netns,
  q: { name: string; type?: 'A' | 'AAAA' | 'CNAME' | 'TXT'; server?: string; port?: number; timeoutMs?: number },
): Promise<DnsAnswer> {
  const t = q.timeoutMs ?? 3_000;
  return probe(ns, ['dns', q.server ?? '127.0.0.1', String(q.port ?? 53), q.name, q.type ?? 'A', String(t)], t);
}

export function tcpConnect(ns: Netns, host: string, port: number, timeoutMs = 2_000): Promise<ConnectResult> {
  return probe(ns, ['connect', host, String(port), String(timeoutMs)], timeoutMs);
}

export function readBanner(ns: Netns, host: string, port: number, timeoutMs = 3_000): Promise<ConnectResult> {
  return probe(ns, ['banner', host, String(port), String(timeoutMs)], timeoutMs);
}

/** One raw request to a proxy: CONNECT host:port, or GET http://... ; `auth` is "user:password". */
export function proxyRequest(
  ns: Netns,
  r: { proxyHost?: string; proxyPort: number; method: 'CONNECT' | 'GET'; target: string; auth?: string; timeoutMs?: number },
): Promise<ProxyResponse> {
  const t = r.timeoutMs ?? 15_000;
  return probe(ns, ['proxy', r.proxyHost ?? '127.0.0.1', String(r.proxyPort), r.method, r.target, r.auth ?? '-', String(t)], t);
}
