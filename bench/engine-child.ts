/**
 * The engine alone in its own process, against a site another process (the bench) serves on
 * loopback: the simulator's CPU is not on this event loop. Reads a job (JSON) from the file named
 * by argv[2]; prints one JSON line: the full run's duration(s) and CPU, and the critical path.
 */
import { readFileSync } from 'node:fs';
import { DEFAULT_RUN, run, type Target } from '../src/diagnose/index.js';
import { createNetwork, type NameServer, type Network } from '../src/net/index.js';
import { checkAlone, criticalPath, DIRECT_PULLS } from './lib/alone.js';
import type { Route } from './lib/site-routes.js';

export interface EngineJob {
  readonly targets: Target[];
  readonly routes: Route[];
  readonly dnsServers: NameServer[];
  readonly publicCaPem: string;
  /** Keys of the targets to time alone; the slowest median is the critical path. */
  readonly candidates: string[];
  readonly repeats: number;
  readonly fullRuns: number;
  /**
   * Check only this target, once, as the first thing this process runs: its chain alone with
   * code that has never run, as the single file runs every chain.
   */
  readonly coldKey?: string;
}

export interface ColdResult {
  readonly coldMs: number;
}

export interface EngineResult {
  readonly fullRunMs: number[];
  readonly fullCpuMs: number[];
  readonly criticalPathMs: number;
  readonly criticalKey: string;
  /** Mean duration of each step kind over the full runs (where the time goes when all run at once). */
  readonly stepMeansMs: Record<string, number>;
}

function networkFor(job: EngineJob): Network {
  const table = new Map(job.routes.map((r) => [`${r.address}:${r.port}`, r.loopbackPort]));
  const base = createNetwork({
    dnsServers: job.dnsServers,
    env: {},
    publicPems: [job.publicCaPem],
    systemCaPath: null,
    route: (address, port) => {
      const loopbackPort = table.get(`${address}:${port}`);
      return loopbackPort === undefined ? undefined : { address: '127.0.0.1', port: loopbackPort };
    },
  });
  // As the simulator's own Network: every simulated address is routed to loopback.
  return { ...base, kind: 'simulated', hasRoute: () => true };
}

async function main(): Promise<void> {
  const job = JSON.parse(readFileSync(process.argv[2] ?? '', 'utf8')) as EngineJob;
  const network = networkFor(job);
  const byKey = new Map(job.targets.map((t) => [t.key, t]));
  if (job.coldKey !== undefined) {
    const target = byKey.get(job.coldKey);
    if (target === undefined) throw new Error(`no target ${job.coldKey}`);
    const result: ColdResult = { coldMs: (await checkAlone(target, network)).runMs };
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return;
  }
  const candidates = job.candidates.map((key) => byKey.get(key)).filter((t): t is Target => t !== undefined);
  const critical = await criticalPath(candidates, network, job.repeats);
  const fullRunMs: number[] = [];
  const fullCpuMs: number[] = [];
  const stepTotals = new Map<string, { ms: number; count: number }>();
  for (let i = 0; i < job.fullRuns; i += 1) {
    const cpu = process.cpuUsage();
    const started = performance.now();
    for await (const event of run(job.targets, {
      network,
      signal: new AbortController().signal,
      stepTimeoutMs: DEFAULT_RUN.stepTimeoutMs,
      maxTimeMs: DEFAULT_RUN.maxTimeMs,
      concurrency: DEFAULT_RUN.concurrency,
      proxyConcurrency: DEFAULT_RUN.proxyConcurrency,
      pulls: DIRECT_PULLS,
    })) {
      if (event.type !== 'finding') continue;
      for (const step of event.finding.steps) {
        const total = stepTotals.get(step.step) ?? { ms: 0, count: 0 };
        stepTotals.set(step.step, { ms: total.ms + step.ms, count: total.count + 1 });
      }
    }
    fullRunMs.push(performance.now() - started);
    const used = process.cpuUsage(cpu);
    fullCpuMs.push((used.user + used.system) / 1000);
  }
  const stepMeansMs = Object.fromEntries([...stepTotals].map(([step, t]) => [step, Math.round(t.ms / t.count)]));
  const result: EngineResult = { fullRunMs, fullCpuMs, criticalPathMs: critical.ms, criticalKey: critical.key, stepMeansMs };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

await main();
