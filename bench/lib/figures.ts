import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Target } from '../../src/diagnose/index.js';
import { startSite } from '../../src/sim/index.js';
import { namesOf } from '../../src/sim/scenario-site.js';
import type { BenchConfig } from './config.js';
import { curlAvailable, runCurlLoop, writeCurlLoop } from './curl-loop.js';
import { runEngineChild } from './engine-external.js';
import { writeScenario } from './scenario-file.js';
import { checkScenario, median, type CheckRun } from './single-file.js';
import { routesOf } from './site-routes.js';
import { finished, fullTopology, latencyOf, liveTargets, silentNames, siteSpecFor, topologyWithSilent, topologyWithTargets } from './site-plan.js';
import { startupMs } from './startup.js';

/** Each figure of the benchmark, measured as bench/README.md describes. */

export interface FullSiteFigures {
  readonly targets: number;
  /** The single file, `check --scenario-file`: process wall (spawn to exit) and run phase (report startedAt..finishedAt). */
  readonly processWallMs: number;
  readonly runMs: number;
  /** The slowest target checked alone (median of repeats), in a process with no simulator on its event loop. */
  readonly criticalPathMs: number;
  readonly criticalKey: string;
  /** All targets by the engine in that same process: the engine's own figure, the simulator's CPU elsewhere. */
  readonly engineOnlyRunMs: number;
  readonly engineOnlyCpuMs: number;
  readonly engineStepMeansMs: Record<string, number>;
  readonly curl?: { readonly wallMs: number; readonly failures: number };
  /** startSite for the same spec in the bench process: what the single file pays before its run starts. */
  readonly siteStartMs: number;
}

/** Figures 1 and 3: the whole catalog with 20-80 ms per exchange. */
export async function measureFullSite(config: BenchConfig, tmpDir: string): Promise<FullSiteFigures> {
  const input = fullTopology();
  const targets = liveTargets(input);
  const spec = siteSpecFor(targets, { latency: config.latency });
  const file = writeScenario(tmpDir, { name: 'bench-full', topology: input, site: spec });

  const runs: CheckRun[] = [];
  for (let i = 0; i < config.warmups; i += 1) await checkScenario(file);
  for (let i = 0; i < config.processRuns; i += 1) runs.push(await checkScenario(file));
  const notPassed = runs.flatMap((run) => run.findings).filter((f) => f.status !== 'pass' && f.status !== 'skip');
  if (notPassed.length > 0) throw new Error(`the healthy site did not pass: ${notPassed.map((f) => `${f.target.host}:${f.target.port} ${f.status} ${f.cause ?? ''}`).join(', ')}`);

  const siteStarted = performance.now();
  const site = await startSite(spec, { hosts: namesOf(finished(input)) });
  const siteStartMs = performance.now() - siteStarted;
  try {
    const routes = await routesOf(site, targets);
    const engine = await runEngineChild(
      {
        targets,
        routes,
        dnsServers: [...site.dnsServers],
        publicCaPem: site.publicCaPem,
        candidates: slowestCandidates(targets, config).map((t) => t.key),
        repeats: config.aloneRepeats,
        fullRuns: config.processRuns,
      },
      tmpDir,
    );
    let curl: FullSiteFigures['curl'];
    if (curlAvailable()) {
      const caFile = join(tmpDir, 'sim-public-ca.pem');
      writeFileSync(caFile, site.publicCaPem);
      const loop = await runCurlLoop(writeCurlLoop(tmpDir, targets, routes, caFile));
      curl = { wallMs: loop.wallMs, failures: loop.failures.length };
    }
    return {
      targets: targets.length,
      processWallMs: median(runs.map((r) => r.wallMs)),
      runMs: median(runs.map((r) => r.runMs)),
      criticalPathMs: engine.criticalPathMs,
      criticalKey: engine.criticalKey,
      engineOnlyRunMs: median(engine.fullRunMs),
      engineOnlyCpuMs: median(engine.fullCpuMs),
      engineStepMeansMs: engine.stepMeansMs,
      ...(curl === undefined ? {} : { curl }),
      siteStartMs,
    };
  } finally {
    await site.close();
  }
}

/** The targets whose chains should be slowest: DNS, then one exchange per step at the host's latency (TLS and HTTP for https). */
function slowestCandidates(targets: readonly Target[], config: BenchConfig): Target[] {
  const exchanges = (t: Target): number => (t.scheme === 'https' ? 2 : 1);
  return [...targets]
    .sort((a, b) => exchanges(b) * latencyOf(b.host, config.latency) - exchanges(a) * latencyOf(a.host, config.latency) || a.key.localeCompare(b.key))
    .slice(0, config.aloneCandidates);
}

export interface SilentFigures {
  readonly silentHosts: number;
  readonly timeoutMs: number;
  readonly processWallMs: number;
  readonly runMs: number;
  readonly timedOut: number;
}

/** Figure 2: the same site with hosts that never answer, and one per-step deadline. */
export async function measureSilent(config: BenchConfig, tmpDir: string): Promise<SilentFigures> {
  const input = topologyWithSilent(config.silentHosts);
  const targets = liveTargets(input);
  const spec = siteSpecFor(targets, { latency: config.latency, silentHosts: silentNames(config.silentHosts) });
  const file = writeScenario(tmpDir, { name: 'bench-silent', topology: input, site: spec });
  const runs: CheckRun[] = [];
  for (let i = 0; i < config.silentRuns; i += 1) runs.push(await checkScenario(file, ['--timeout', String(config.silentTimeoutMs)]));
  const last = runs[runs.length - 1];
  return {
    silentHosts: config.silentHosts,
    timeoutMs: config.silentTimeoutMs,
    processWallMs: median(runs.map((r) => r.wallMs)),
    runMs: median(runs.map((r) => r.runMs)),
    timedOut: last?.findings.filter((f) => f.cause === 'tcp.timeout').length ?? 0,
  };
}

export interface ScalePoint {
  readonly targets: number;
  readonly processWallMs: number;
  readonly runMs: number;
  readonly peakRssMb: number;
}

/** Figure 4: the full catalog grown with wildcard names to `count` targets. */
export async function measureScale(config: BenchConfig, tmpDir: string, count: number): Promise<ScalePoint> {
  const input = topologyWithTargets(count);
  const targets = liveTargets(input);
  const spec = siteSpecFor(targets, { latency: config.latency });
  const file = writeScenario(tmpDir, { name: `bench-scale-${count}`, topology: input, site: spec });
  const runs: CheckRun[] = [];
  for (let i = 0; i < config.scaleRuns; i += 1) runs.push(await checkScenario(file, [], { rss: true, tmpDir }));
  return {
    targets: targets.length,
    processWallMs: median(runs.map((r) => r.wallMs)),
    runMs: median(runs.map((r) => r.runMs)),
    peakRssMb: Math.max(...runs.map((r) => r.peakRssMb ?? Number.NaN)),
  };
}

type Spread = { medianMs: number; minMs: number; maxMs: number };

export interface StartupFigures {
  readonly versionMs: Spread;
  readonly rulesMs: Spread;
  /** `node -e 0`: what any Node program pays on this machine. */
  readonly nodeMs: Spread;
}

/** Figure 5: the single file's start-up, as a whole process. */
export async function measureStartup(config: BenchConfig): Promise<StartupFigures> {
  return {
    versionMs: await startupMs(['--version'], config.startupRuns, config.startupWarmups),
    rulesMs: await startupMs(['rules', '--all', '--format', 'json'], config.startupRuns, config.startupWarmups),
    nodeMs: await startupMs(['-e', '0'], config.startupRuns, config.startupWarmups, false),
  };
}
