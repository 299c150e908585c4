import { setMaxListeners } from 'node:events';
import { defaultKnowledge } from '../knowledge/index.js';
import { redactUrl, type Network } from '../net/index.js';
import type { StepResult } from '../probes/index.js';
import { classify, type ClassifyContext } from './classify.js';
import { classifyThrown, thrownOf } from './classify-thrown.js';
import { checkTarget, type ProxyRoute } from './check-target.js';
import type { PullCredentials, PullRoute } from '../probes/index.js';
import { EventQueue, pool } from './event-queue.js';
import type { Finding, RunEvent, Target } from '../schema/index.js';

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
  /** Registry targets' pulls; absent: registries are checked at `/v2/` only. */
  readonly pulls?: RunPulls;
  /** The hosts pulls reach that no planned target checks: checked as soon as a pull heads there. */
  readonly discovered?: DiscoveredHosts;
}

/**
 * Hosts found by following the pulls (a layer's CDN, a token realm on another name). Each is
 * checked as soon as a pull is about to reach it, alongside the rest of the run; it is judged once
 * every planned target is, when every pull has said which registries sent it there and what for.
 */
export interface DiscoveredHosts {
  /** The target for a host a pull is about to reach: the first time, when no planned target checks it; else undefined. */
  readonly found: (registry: Target, host: string, port: number, scheme: 'https' | 'http') => Target | undefined;
  /** Each discovered target (by key) as the planned targets' findings describe it. */
  readonly judged: (findings: readonly Finding[]) => ReadonlyMap<string, Target>;
}

/** How the container runtime will pull: whose proxy, which hosts it skips, which credentials it has. */
export interface RunPulls {
  /** The runtime's proxy (its service's settings, the shell's standing in, or --proxy); resolved once. */
  readonly proxyUrl?: URL;
  /** Whether the runtime sends a host through its proxy (Go's rules over its NO_PROXY). */
  readonly viaProxy: (host: string, port: number) => boolean;
  readonly credentialsFor: (registry: string) => PullCredentials | undefined;
  readonly platform?: string;
  /** A mirror's CA files as PEM texts (containerd's hosts.toml `ca`): trusted for that mirror besides the system's. */
  readonly caPems?: (files: readonly string[]) => readonly string[];
}

// 128 at once: the whole catalog of every platform (69 live targets today) in one wave, at most ~256 sockets.
/** The steps a target's chain takes when all goes well: DNS and TCP, then TLS and HTTP, or the banner. */
function expectedSteps(target: Target): number {
  const application = target.scheme === 'https' ? 2 : target.scheme === 'tcp' ? 0 : 1;
  // A pull is a few more round trips: the token, the manifest, a blob and its redirect.
  return 2 + application + (target.via === 'proxy' ? 1 : 0) + (target.pull !== undefined ? 4 : 0);
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

/** Why a run stopped before every target finished: a finding's cause for what it did not finish. */
export type CutShort = 'check.interrupted' | 'check.time-limit';

/**
 * Checks every target with bounded concurrency and deadlines, emitting events as steps
 * finish. Ends with `done`. A target not finished when the run is cut short (Ctrl-C, the
 * whole-run limit) is never dropped: it is a `skip` with `check.interrupted` or
 * `check.time-limit`, carrying the steps it had observed.
 */
export function run(targets: readonly Target[], options: RunOptions): AsyncIterable<RunEvent> {
  // Read before any probe: a bad catalog/knowledge/ file stops the run here with its file and key
  // (KnowledgeDataError, exit 2), not as a crash inside whichever target first needs it.
  defaultKnowledge();
  const events = new EventQueue<RunEvent>();
  const started = performance.now();
  const at = (): number => Math.round(performance.now() - started);
  const timeLimit = AbortSignal.timeout(options.maxTimeMs);
  const signal = AbortSignal.any([options.signal, timeLimit]);
  // Every in-flight step listens on the run's signal: hundreds at once are expected.
  setMaxListeners(0, signal, options.signal);
  // The user's signal wins: a Ctrl-C after the limit passed is still an interruption.
  const cutShort = (): CutShort | undefined => (options.signal.aborted ? 'check.interrupted' : timeLimit.aborted ? 'check.time-limit' : undefined);

  const work = async (): Promise<void> => {
    events.push({ type: 'planned', targets, at: at() });
    const proxy = options.proxyUrl
      ? await resolveProxy(options.network, options.proxyUrl, signal, options.stepTimeoutMs)
      : undefined;
    const pulls = options.pulls;
    const pullProxy = pulls?.proxyUrl === undefined ? undefined
      : pulls.proxyUrl.href === options.proxyUrl?.href && proxy ? proxy
        : await resolveProxy(options.network, pulls.proxyUrl, signal, options.stepTimeoutMs);
    const route: PullRoute | undefined = pulls && pullProxy
      ? (host, port) => (pulls.viaProxy(host, port) ? { url: pullProxy.url, addresses: pullProxy.addresses } : undefined)
      : undefined;
    const context: ClassifyContext = {
      proxyConfigured: options.proxyUrl !== undefined,
      ...(options.proxyUrl ? { proxy: redactUrl(options.proxyUrl.href) } : {}),
      now: options.network.now(),
      ...(options.siteFlags !== undefined ? { siteFlags: options.siteFlags } : {}),
    };
    const finished = new Set<string>();
    const plannedFindings: Finding[] = [];
    const emit = (target: Target, finding: Finding): void => {
      finished.add(target.key);
      if (!discovered.has(target.key)) plannedFindings.push(finding);
      events.push({ type: 'finding', key: target.key, finding, at: at() });
    };
    // A discovered target is judged after every planned one, as their findings describe it.
    const discovered = new Map<string, Promise<void>>();
    let judgedTargets: ReadonlyMap<string, Target> = new Map();
    let plannedDone = (): void => undefined;
    const planned = new Promise<void>((resolve) => {
      plannedDone = resolve;
    });
    const judgedAs = async (target: Target): Promise<Target> => {
      if (!discovered.has(target.key)) return target;
      await planned;
      return judgedTargets.get(target.key) ?? target;
    };
    const onHost = (registry: Target, host: string, port: number, scheme: 'https' | 'http'): void => {
      const target = signal.aborted ? undefined : options.discovered?.found(registry, host, port, scheme);
      if (target === undefined || discovered.has(target.key)) return;
      events.push({ type: 'planned', targets: [target], at: at() });
      const checking = Promise.resolve().then(() => checkOne(target));
      discovered.set(target.key, checking);
    };
    const checkOne = async (target: Target): Promise<void> => {
      // Kept as they arrive, so a target cut short still carries what it saw.
      const steps: StepResult[] = [];
      try {
        await checkTarget(target, {
          network: options.network,
          proxy,
          context,
          stepTimeoutMs: options.stepTimeoutMs,
          signal,
          ...(pulls ? { pull: { route, credentialsFor: pulls.credentialsFor, ...(pulls.platform !== undefined ? { platform: pulls.platform } : {}), ...(pulls.caPems !== undefined ? { caPems: pulls.caPems } : {}), ...(options.discovered ? { onHost: (host: string, port: number, scheme: 'https' | 'http') => onHost(target, host, port, scheme) } : {}) } } : {}),
          ...(pullProxy ? { runtimeProxy: pullProxy } : {}),
          onStepStarted: (step) => events.push({ type: 'step-started', key: target.key, step, at: at() }),
          onObserved: (result) => {
            steps.push(result);
            events.push({ type: 'observed', key: target.key, result, at: at() });
          },
        });
      } catch (error: unknown) {
        // One of this machine's limits (EMFILE...), or a crash in our own code: this target's finding, saved with what was thrown; the run goes on.
        emit(target, classifyThrown(await judgedAs(target), steps, context, thrownOf(error)));
        return;
      }
      const judged = await judgedAs(target);
      const stopped = cutShort();
      // The same context as the chain judge's, unless cut short: classify reuses its judgements then.
      emit(target, classify(judged, steps, stopped ? { ...context, cutShort: stopped } : context));
    };
    const offline = targets.filter((t) => t.skip !== undefined || t.check === 'guidance');
    for (const target of offline) emit(target, classify(target, [], context));
    const live = longestChainsFirst(targets.filter((t) => t.skip === undefined && t.check !== 'guidance'));
    const viaProxy = live.filter((t) => t.via === 'proxy');
    const direct = live.filter((t) => t.via !== 'proxy');
    await Promise.all([
      pool(direct, options.concurrency, signal, checkOne),
      pool(viaProxy, Math.min(options.proxyConcurrency, options.concurrency), signal, checkOne),
    ]);
    // Targets the pools never started: listed as not checked, in plan order, never left out.
    const stopped = cutShort() ?? 'check.interrupted';
    for (const target of targets) if (!finished.has(target.key)) emit(target, classify(target, [], { ...context, cutShort: stopped }));
    // Every pull has ended: no host is found after this.
    judgedTargets = options.discovered?.judged(plannedFindings) ?? new Map();
    plannedDone();
    await Promise.all(discovered.values());
  };

  void work().finally(() => {
    events.push({ type: 'done', interrupted: options.signal.aborted, at: at() });
    events.end();
  });
  return events;
}
