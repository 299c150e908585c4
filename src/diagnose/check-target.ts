import type { Duplex } from 'node:stream';
import { proxyPort, type Deadline, type Network, type ResolvedAddress } from '../net/index.js';
import {
  continues,
  httpStepFromResponse,
  probeDns,
  probeHttp,
  probeProxy,
  probeSsh,
  probeTcp,
  probeTls,
  type StepResult,
  type TcpStep,
} from '../probes/index.js';
import type { ClassifyContext } from './classify.js';
import { checkPeerTarget } from './peer-check.js';
import { pullImages, type PullOptions } from './pull-chain.js';
import type { Target } from '../schema/index.js';

/** What the chain needs about the proxy; its address is resolved once per run. */
export interface ProxyRoute {
  readonly url: URL;
  readonly addresses: readonly ResolvedAddress[];
  /** Why the proxy's own name did not resolve, when it did not. */
  readonly lookupCode?: string;
}

export interface TargetCheckOptions {
  readonly network: Network;
  readonly proxy: ProxyRoute | undefined;
  readonly context: ClassifyContext;
  readonly stepTimeoutMs: number;
  readonly signal: AbortSignal;
  readonly onStepStarted: (step: StepResult['step']) => void;
  readonly onObserved: (result: StepResult) => void;
  /** A registry target's image pulls (its `pull` images), after `/v2/` answers; absent: no pulls. */
  readonly pull?: PullOptions;
  /** The container runtime's proxy, for targets whose client is the runtime (its own service settings). */
  readonly runtimeProxy?: ProxyRoute;
}

function close(socket: Duplex | undefined): void {
  if (socket && !socket.destroyed) socket.destroy();
}

/** A TCP step for a proxy whose own name did not resolve: there was nothing to connect to. */
function unresolvedProxyStep(proxy: ProxyRoute): TcpStep {
  return {
    step: 'tcp',
    ok: false,
    outcome: 'unresolved',
    ms: 0,
    code: proxy.lookupCode ?? 'ENOTFOUND',
    evidence: { port: proxyPort(proxy.url), to: 'proxy', attempts: [] },
  };
}

/**
 * Runs one target's steps in order (DNS, TCP to the host or the proxy, CONNECT, TLS, the
 * application check) and goes on while `continues` says so (what each step saw, never a
 * judgement: the classifier judges the steps once, afterwards). Never throws for a network failure.
 */
export async function checkTarget(target: Target, options: TargetCheckOptions): Promise<StepResult[]> {
  if (target.check === 'listener') return checkPeerTarget(target, options);
  const { network, signal } = options;
  const steps: StepResult[] = [];
  const deadline = (): Deadline => ({ signal, timeoutMs: options.stepTimeoutMs });
  /** Records a step; says whether the chain goes on. */
  const record = (result: StepResult): boolean => {
    steps.push(result);
    options.onObserved(result);
    return !signal.aborted && continues(result);
  };
  const begin = (step: StepResult['step']): void => options.onStepStarted(step);
  const routeProxy = target.client === 'runtime' && options.runtimeProxy !== undefined ? options.runtimeProxy : options.proxy;
  const viaProxy = target.via === 'proxy' && routeProxy !== undefined;

  // A mirror is reached as the runtime reaches it: its own CAs and API path, which only the pull knows.
  if (target.mirror !== undefined && options.pull !== undefined) {
    await pullImages(target, network, options.pull, options.stepTimeoutMs, signal, record, () => begin('pull'));
    return steps;
  }
  begin('dns');
  const dns = await probeDns(network, target.host, deadline(), { proxyResolves: viaProxy, siteOwned: target.siteOwned });
  let addresses = dns.evidence.addresses;
  if (!record(dns)) {
    // A --connect-to rule naming an address is followed even when the name does not resolve here
    // (a private endpoint before its DNS record exists) or resolves to a sinkhole: the rule names
    // where to connect; the DNS failure stays the cause, the path is evidence.
    const forced = viaProxy || signal.aborted ? undefined : network.connectToAddress?.(target.host, target.port);
    if (forced === undefined) return steps;
    addresses = [forced];
  }

  let socket: Duplex | undefined;
  try {
    begin('tcp');
    if (viaProxy && routeProxy) {
      const proxy = routeProxy;
      if (proxy.addresses.length === 0) {
        record(unresolvedProxyStep(proxy));
        return steps;
      }
      const tcp = await probeTcp(network, proxy.addresses.map((a) => a.address), proxyPort(proxy.url), deadline(), { to: 'proxy' });
      socket = tcp.socket;
      if (!record(tcp.result) || !socket) return steps;
      begin('proxy');
      if (target.scheme === 'http') {
        const viaGet = await probeProxy(socket, { proxyUrl: proxy.url, targetHost: target.host, targetPort: target.port, method: 'GET', ...(target.path !== undefined ? { path: target.path } : {}) }, deadline());
        if (!record(viaGet.result) || !viaGet.response) return steps;
        const input = { check: target.check, host: target.host, port: target.port, scheme: 'http' as const, viaProxyAbsoluteUri: true, ...(target.path !== undefined ? { path: target.path } : {}) };
        record(httpStepFromResponse(input, viaGet.response, viaGet.result.ms, network.now()));
        return steps;
      }
      const connect = await probeProxy(socket, { proxyUrl: proxy.url, targetHost: target.host, targetPort: target.port, method: 'CONNECT' }, deadline());
      if (!record(connect.result) || !connect.tunnel) return steps;
      socket = connect.tunnel;
    } else {
      const tcp = await probeTcp(network, addresses, target.port, deadline(), { to: 'host', host: target.host });
      socket = tcp.socket;
      if (!record(tcp.result) || !socket) return steps;
    }

    if (target.scheme === 'https') {
      begin('tls');
      const tls = await probeTls(network, socket, { servername: target.host, alpn: ['http/1.1'] }, deadline());
      if (tls.socket) socket = tls.socket;
      // A certificate out of its dates goes on (`continues`): the server's Date (the HTTP step) says whether this machine's clock is to blame.
      if (!record(tls.result) || !tls.socket) return steps;
    }

    switch (target.check) {
      case 'ssh-banner':
        begin('ssh');
        record(await probeSsh(socket, deadline()));
        break;
      case 'tcp-open':
      case 'guidance':
        break;
      case 'registry-v2':
      case 'helm-index':
      case 'pypi-simple':
      case 'apt-mirror':
      case 'http-any':
      case 'https-reachable': {
        if (target.scheme !== 'http' && target.scheme !== 'https') break;
        begin('http');
        const input = { check: target.check, host: target.host, port: target.port, scheme: target.scheme, ...(target.path !== undefined ? { path: target.path } : {}) };
        const http = await probeHttp(network, socket, input, deadline());
        const answered = record(http);
        if (answered && target.pull !== undefined && options.pull !== undefined) {
          // The pull opens its own connections, host by host, over the runtime's route; the chain's /v2/ answer is its first.
          close(socket);
          const response = target.path === undefined || target.path === '/v2/' ? http.evidence.response : undefined;
          const pinged = response ? { status: response.status, ...(response.headers['www-authenticate'] !== undefined ? { wwwAuthenticate: response.headers['www-authenticate'] } : {}) } : undefined;
          await pullImages(target, network, options.pull, options.stepTimeoutMs, signal, record, () => begin('pull'), pinged);
        }
        break;
      }
      default: {
        const unreachable: never = target.check;
        return unreachable;
      }
    }
    return steps;
  } finally {
    close(socket);
  }
}
