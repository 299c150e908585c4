import { setMaxListeners } from 'node:events';
import { redactUrl, type Network } from '../net/index.js';
import type { StepResult } from '../probes/index.js';
import { classify, type ClassifyContext } from './classify.js';
import { checkTarget, type ProxyRoute } from './check-target.js';
import { EventQueue, pool } from './event-queue.js';
import type { RunEvent, Target } from './schema.js';

export interface RunOptions {
  readonly network: Network;
  /** The proxy for targets routed through it; its name is resolved once. */
  readonly proxyUrl?: URL;
  /** Ctrl-C: stop at once, report what finished. */
  readonly signal: AbortSignal;
  /** Per step. */
  readonly stepTimeoutMs: number;
  /** The whole run: what has not finished by then is a skip. */
  readonly maxTimeMs: number;
  /** Direct targets at once; enough that ten silent hosts cost one deadline. */
  readonly concurrency: number;
  /** Targets through the proxy at once: gentler, a proxy is shared by the whole site. */
  readonly proxyConcurrency: number;
  /** The site's flags for the `netreq` commands the texts print (src/topology's `siteFlagsOf`). */
  readonly siteFlags?: string;
}

// 128 at once: the whole catalog of every platform (69 live targets today) in one wave, at most ~256 sockets.
/** The steps a target's chain takes when all goes well: DNS and TCP, then TLS and HTTP, or the banner. */
function expectedSteps(target: Target): number {
  const application = target.scheme === 'https' ? 2 : target.scheme === 'tcp' ? 0 : 1;
  return 2 + application + (target.via === 'proxy' ? 1 : 0);
}

/**
 * Longest chains start first (the scheduling rule of longest-processing-time-first): starting a
 * hundred targets takes the event loop a few milliseconds, which the slowest chains should not wait.
 * Findings are still reported in the plan's order.
 */
function longestChainsFirst(targets: readonly Target[]): Target[] {
  return [...targets].sort((a, b) => expectedSteps(b) - expectedSteps(a));
}

export const DEFAULT_RUN = { stepTimeoutMs: 5_000, maxTimeMs: 120_000, concurrency: 128, proxyConcurrency: 16 } as const;

async function resolveProxy(network: Network, url: URL, signal: AbortSignal, timeoutMs: number): Promise<ProxyRoute> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const lookup = await network.lookup(host, { signal, timeoutMs });
  return lookup.ok ? { url, addresses: lookup.addresses } : { url, addresses: [], lookupCode: lookup.code };
}

/**
 * Checks every target with bounded concurrency and deadlines, emitting events as steps
 * finish. Ends with `done`; on abort, the targets still running are dropped, not guessed.
 */
export function run(targets: readonly Target[], options: RunOptions): AsyncIterable<RunEvent> {
  const events = new EventQueue<RunEvent>();
  const started = performance.now();
  const at = (): number => Math.round(performance.now() - started);
  const timeLimit = AbortSignal.timeout(options.maxTimeMs);
  const signal = AbortSignal.any([options.signal, timeLimit]);
  // Every in-flight step listens on the run's signal: hundreds at once are expected.
  setMaxListeners(0, signal, options.signal);

  const work = async (): Promise<void> => {
    events.push({ type: 'planned', targets, at: at() });
    const proxy = options.proxyUrl
      ? await resolveProxy(options.network, options.proxyUrl, signal, options.stepTimeoutMs)
      : undefined;
    const context: ClassifyContext = {
      proxyConfigured: options.proxyUrl !== undefined,
      ...(options.proxyUrl ? { proxy: redactUrl(options.proxyUrl.href) } : {}),
      now: options.network.now(),
      ...(options.siteFlags !== undefined ? { siteFlags: options.siteFlags } : {}),
    };
    const checkOne = async (target: Target): Promise<void> => {
      const steps: StepResult[] = [];
      try {
        steps.push(...(await checkTarget(target, {
        network: options.network,
        proxy,
        context,
        stepTimeoutMs: options.stepTimeoutMs,
        signal,
        onStepStarted: (step) => events.push({ type: 'step-started', key: target.key, step, at: at() }),
        onObserved: (result) => events.push({ type: 'observed', key: target.key, result, at: at() }),
        })));
      } catch (error: unknown) {
        // A crash in our own code becomes this target's finding; the run goes on.
        const finding = classify(target, [], context);
        events.push({ type: 'finding', key: target.key, finding: { ...finding, status: 'fail', cause: 'check.error', explanation: `netreq could not check this target: ${error instanceof Error ? error.message : String(error)}` }, at: at() });
        return;
      }
      if (options.signal.aborted) return;
      // The same context as the chain judge's, unless cut short: classify reuses its judgements then.
      const finding = classify(target, steps, timeLimit.aborted ? { ...context, incomplete: true } : context);
      events.push({ type: 'finding', key: target.key, finding, at: at() });
    };
    const offline = targets.filter((t) => t.skip !== undefined || t.check === 'guidance');
    for (const target of offline) events.push({ type: 'finding', key: target.key, finding: classify(target, [], context), at: at() });
    const live = longestChainsFirst(targets.filter((t) => t.skip === undefined && t.check !== 'guidance'));
    const viaProxy = live.filter((t) => t.via === 'proxy');
    const direct = live.filter((t) => t.via !== 'proxy');
    await Promise.all([
      pool(direct, options.concurrency, options.signal, checkOne),
      pool(viaProxy, Math.min(options.proxyConcurrency, options.concurrency), options.signal, checkOne),
    ]);
  };

  void work().finally(() => {
    events.push({ type: 'done', interrupted: options.signal.aborted, at: at() });
    events.end();
  });
  return events;
}
