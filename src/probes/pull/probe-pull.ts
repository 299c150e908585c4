import type { PullStep } from '../../schema/index.js';
import { hostPort } from '../text.js';
import { authorityOf, portOf } from './hop-record.js';
import { parsePlatform } from './manifest-choice.js';
import { ClientPool } from './origin-client.js';
import { pullSequence } from './pull-sequence.js';
import type { PullContext } from './request-hop.js';
import { DEFAULT_PLATFORM, type PullProbeInput } from './types.js';

/** Throws at the start for a bad option, naming the value. */
function registryUrl(input: PullProbeInput): URL {
  if (!Number.isInteger(input.port) || input.port < 1 || input.port > 65_535) throw new Error(`pull: port ${input.port}: must be 1-65535`);
  if (!/^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/.test(input.repository)) {
    throw new Error(`pull: repository ${JSON.stringify(input.repository)}: not a distribution repository name`);
  }
  if (!/^(?:[\w][\w.-]{0,127}|[a-z0-9]+:[a-f0-9]{32,})$/.test(input.reference)) throw new Error(`pull: reference ${JSON.stringify(input.reference)}: not a tag or digest`);
  if (input.apiPath !== undefined && !/^\/[A-Za-z0-9._~/-]{0,200}$/.test(input.apiPath)) throw new Error(`pull: API path ${JSON.stringify(input.apiPath)}: expected /v2 or a path such as /v2/dockerhub`);
  if (!(input.timeoutMs > 0) || !(input.progressMs > 0)) throw new Error(`pull: deadlines ${input.timeoutMs}/${input.progressMs} ms: must be positive`);
  return new URL(`${input.scheme ?? 'https'}://${hostPort(input.host, input.port)}/`);
}

/** `host:port/repository:tag` or `host:port/repository@sha256:...`. */
function imageName(input: PullProbeInput): string {
  const separator = input.reference.includes(':') ? '@' : ':';
  return `${hostPort(input.host, input.port)}/${input.repository}${separator}${input.reference}`;
}

/**
 * Pulls as containerd does, far enough to cross every path a pull takes: `/v2/`, the token realm,
 * the manifest (HEAD, GET, the platform's), the config and the smallest layer (read whole and its
 * digest checked when small, else in part), each redirect followed to whatever host it names.
 * Each request is a hop in the observation; no credential or token is ever recorded. Never throws
 * for a network failure; the deadline and the caller's signal end it, closing every connection.
 */
export async function probePull(input: PullProbeInput): Promise<PullStep> {
  const registry = registryUrl(input);
  const platformText = input.platform ?? DEFAULT_PLATFORM;
  const platform = parsePlatform(platformText);
  const started = performance.now();
  const startedAt = new Date(input.network.now()).toISOString();
  const controller = new AbortController();
  let reason: 'timeout' | 'aborted' | undefined;
  const stop = (why: 'timeout' | 'aborted'): void => {
    reason ??= why;
    controller.abort();
  };
  const onAbort = (): void => stop('aborted');
  const timer = setTimeout(() => stop('timeout'), Math.min(input.timeoutMs, 2_147_483_647));
  if (input.signal.aborted) stop('aborted');
  else input.signal.addEventListener('abort', onAbort, { once: true });
  const hostTrust = input.hostCaPems !== undefined && input.hostCaPems.length > 0 ? { authority: authorityOf(registry), pems: input.hostCaPems } : undefined;
  const pool = new ClientPool(input.network, { signal: controller.signal, timeoutMs: input.timeoutMs }, started, input.progressMs, input.route, hostTrust);
  const own = authorityOf(registry);
  const onHost = input.onHost;
  const announce = onHost === undefined ? {} : {
    announce: (url: URL): void => {
      if (authorityOf(url) !== own) onHost(url.hostname.replace(/^\[|\]$/g, ''), portOf(url), url.protocol === 'http:' ? 'http' : 'https');
    },
  };
  const ctx: PullContext = { pool, signal: controller.signal, stopReason: () => reason, progressMs: input.progressMs, hops: [], ...announce };
  try {
    const end = await pullSequence(ctx, input, registry, platform);
    const discovered = [...new Set(ctx.hops.map((hop) => hostPort(hop.host, hop.port)).filter((authority) => authority !== own))];
    return {
      step: 'pull',
      ok: end.outcome === 'pulled',
      outcome: end.outcome,
      ms: Math.round((performance.now() - started) * 10) / 10,
      startedAt,
      ...(end.code ? { code: end.code } : {}),
      evidence: {
        image: imageName(input),
        platform: platformText,
        hops: ctx.hops,
        ...(end.layer ? { layer: end.layer } : {}),
        sentCredentials: end.sentCredentials,
        discoveredHosts: discovered,
      },
    };
  } finally {
    clearTimeout(timer);
    input.signal.removeEventListener('abort', onAbort);
    await pool.closeAll();
  }
}
