import { DEFAULT_RUN, run, type RunPulls, type Target } from '../../src/diagnose/index.js';
import type { Network } from '../../src/net/index.js';

/** One target checked alone: the engine's run over `[target]`, over a Network whose site is already started. */
export interface AloneRun {
  readonly key: string;
  /** From the first event to `done`, in the engine's own clock (as the report's startedAt..finishedAt). */
  readonly runMs: number;
  /** The sum of the target's step durations. */
  readonly stepsMs: number;
}

/** As the single file runs a site with no proxy: every registry target's images pulled, directly, anonymously. */
export const DIRECT_PULLS: RunPulls = { viaProxy: () => false, credentialsFor: () => undefined };

export async function checkAlone(target: Target, network: Network, stepTimeoutMs: number = DEFAULT_RUN.stepTimeoutMs): Promise<AloneRun> {
  const started = performance.now();
  let stepsMs = 0;
  for await (const event of run([target], {
    network,
    signal: new AbortController().signal,
    stepTimeoutMs,
    maxTimeMs: DEFAULT_RUN.maxTimeMs,
    concurrency: DEFAULT_RUN.concurrency,
    proxyConcurrency: DEFAULT_RUN.proxyConcurrency,
    pulls: DIRECT_PULLS,
  })) {
    if (event.type === 'finding') stepsMs = event.finding.steps.reduce((sum, step) => sum + step.ms, 0);
  }
  return { key: target.key, runMs: performance.now() - started, stepsMs };
}

/**
 * The critical path: each candidate checked alone `repeats` times after one warm-up (which signs
 * its certificate); a candidate's figure is its median, the critical path the largest of those.
 */
export async function criticalPath(candidates: readonly Target[], network: Network, repeats: number): Promise<{ ms: number; key: string; runs: AloneRun[] }> {
  let best = { ms: 0, key: '', runs: [] as AloneRun[] };
  for (const target of candidates) {
    await checkAlone(target, network);
    const runs: AloneRun[] = [];
    for (let i = 0; i < repeats; i += 1) runs.push(await checkAlone(target, network));
    const sorted = runs.map((r) => r.runMs).sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
    if (median > best.ms) best = { ms: median, key: target.key, runs };
  }
  return best;
}
