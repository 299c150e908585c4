import type { Target } from '../../src/diagnose/index.js';
import { namesOf } from '../../src/sim/scenario-site.js';
import type { BenchConfig } from './config.js';
import { curlAvailable, runCurlLoop, writeCurlLoop } from './curl-loop.js';
import type { EngineJob } from '../engine-child.js';
import { runColdAlone, runEngineChild, runFloor } from './engine-external.js';
import { serveSite } from './served-site.js';
import { chainMs, checkSite, median, type CheckRun, type ReportFinding } from './single-file.js';
import { finished, fullTopology, latencyOf, liveTargets, silentNames, siteSpecFor, topologyWithSilent, topologyWithTargets } from './site-plan.js';
import { startupMs } from './startup.js';

/** Each figure of the benchmark, measured as bench/README.md describes. */

export interface FullSiteFigures {
  readonly targets: number;
  /** The same site with `--no-pull` (registries at /v2/ only): the run phase's median, and how many pulls the full run made. */
  readonly noPullRunMs: number;
  /** Its process wall: the same exchanges as the curl loop's, which pulls nothing. */
  readonly noPullProcessWallMs: number;
  readonly pulls: number;
  /** The single file, `check` in real mode against the served site: process wall (spawn to exit) and run phase (report startedAt..finishedAt). */
  readonly processWallMs: number;
  readonly runMs: number;
  /**
   * The critical path: the slowest target checked alone, as the single file checks every target:
   * first thing in a fresh process, its code never run before (median of fresh processes, the
   * largest over the candidates).
   */
  readonly criticalPathMs: number;
  readonly criticalKey: string;
  /** The same chain alone in a warm process (after a warm-up and repeats): no first-run costs at all. */
  readonly warmCriticalPathMs: number;
  readonly warmCriticalKey: string;
  /** All targets by the engine under tsx in that process: the same code, warmed by the repeats before. */
  readonly engineOnlyRunMs: number;
  readonly engineOnlyCpuMs: number;
  readonly engineStepMeansMs: Record<string, number>;
  /** Every target's exchanges with Node's bare sockets, all at once, in a fresh process (median): what no checker on this machine can beat. */
  readonly floorMs: number;
  /** The single file's own CPU (user + system) for its whole process, median. */
  readonly processCpuMs: number;
  readonly curl?: { readonly wallMs: number; readonly failures: number };
  /** startSite for the spec, in the bench process (never inside the measured process). */
  readonly siteStartMs: number;
  /** Findings that are not `pass`, by cause: the simulated root is trusted through --ca-file, so public names warn tls.intercepted. */
  readonly notPassed: Record<string, number>;
}

/** Every finding must be a pass, or the warning a root given with --ca-file gives a public name; anything else is a broken bench. */
function checkHealthy(runs: readonly CheckRun[], label: string): Record<string, number> {
  const notPassed: Record<string, number> = {};
  const broken: string[] = [];
  for (const finding of runs.at(-1)?.findings ?? []) {
    if (finding.status === 'pass' || finding.status === 'skip') continue;
    const key = `${finding.status} ${finding.cause ?? ''}`;
    notPassed[key] = (notPassed[key] ?? 0) + 1;
    // A trusted inspection CA, and runai.jfrog.io asking for a login the bench gives none for, are what a healthy site shows.
    if (!(finding.status === 'warn' && (finding.cause === 'tls.intercepted' || finding.cause === 'registry.auth-unverified'))) broken.push(`${finding.target.host}:${finding.target.port} ${key}`);
  }
  if (broken.length > 0) throw new Error(`the healthy ${label} site did not pass: ${broken.slice(0, 20).join(', ')}`);
  return notPassed;
}

/** Figures 1 and 3: the whole catalog with 20-80 ms per exchange. */
export async function measureFullSite(config: BenchConfig, tmpDir: string): Promise<FullSiteFigures> {
  const input = fullTopology();
  const targets = liveTargets(input);
  const spec = siteSpecFor(targets, { latency: config.latency });
  const served = await serveSite(tmpDir, 'full', spec, input, namesOf(finished(input)), targets);
  try {
    const runs: CheckRun[] = [];
    for (let i = 0; i < config.warmups; i += 1) await checkSite(served.checkArgs);
    for (let i = 0; i < config.processRuns; i += 1) runs.push(await checkSite(served.checkArgs, { rss: true, tmpDir }));
    const notPassed = checkHealthy(runs, 'full');
    // The same site, registries at /v2/ only: what following the pulls costs the run phase.
    const noPull: CheckRun[] = [];
    for (let i = 0; i < config.processRuns; i += 1) noPull.push(await checkSite([...served.checkArgs, '--no-pull']));
    const pulls = (runs.at(-1)?.findings ?? []).reduce((n, f) => n + f.steps.filter((step) => step.step === 'pull').length, 0);
    const job = {
      targets,
      routes: [...served.routes],
      dnsServers: [...served.site.dnsServers],
      publicCaPem: served.site.publicCaPem,
      candidates: slowestCandidates(targets, runs.at(-1)?.findings ?? [], config).map((t) => t.key),
      repeats: config.aloneRepeats,
      fullRuns: config.processRuns,
    };
    const engine = await runEngineChild(job, tmpDir);
    const cold = await coldCriticalPath(job, config.aloneRepeats, tmpDir);
    const floors: number[] = [];
    for (let i = 0; i < config.processRuns; i += 1) floors.push(await runFloor(job, tmpDir));
    let curl: FullSiteFigures['curl'];
    if (curlAvailable()) {
      const loop = await runCurlLoop(writeCurlLoop(tmpDir, targets, served.routes, served.caFile));
      curl = { wallMs: loop.wallMs, failures: loop.failures.length };
    }
    return {
      targets: targets.length,
      noPullRunMs: median(noPull.map((r) => r.runMs)),
      noPullProcessWallMs: median(noPull.map((r) => r.wallMs)),
      pulls,
      processWallMs: median(runs.map((r) => r.wallMs)),
      runMs: median(runs.map((r) => r.runMs)),
      processCpuMs: median(runs.map((r) => r.cpuMs ?? Number.NaN)),
      criticalPathMs: cold.ms,
      criticalKey: cold.key,
      warmCriticalPathMs: engine.criticalPathMs,
      warmCriticalKey: engine.criticalKey,
      engineOnlyRunMs: median(engine.fullRunMs),
      engineOnlyCpuMs: median(engine.fullCpuMs),
      engineStepMeansMs: engine.stepMeansMs,
      floorMs: median(floors),
      ...(curl === undefined ? {} : { curl }),
      siteStartMs: served.startMs,
      notPassed,
    };
  } finally {
    await served.close();
  }
}

/** Each candidate alone in `repeats` fresh processes; a candidate's figure is its median, the critical path the largest. */
async function coldCriticalPath(job: EngineJob, repeats: number, tmpDir: string): Promise<{ ms: number; key: string }> {
  let slowest = { ms: 0, key: '' };
  for (const key of job.candidates) {
    const runs: number[] = [];
    for (let i = 0; i < repeats; i += 1) runs.push(await runColdAlone(job, key, tmpDir));
    const ms = median(runs);
    if (ms > slowest.ms) slowest = { ms, key };
  }
  return slowest;
}

/**
 * The targets whose chains were slowest in the last full run (a registry's pull is many round
 * trips more than its latency says), then by latency for any the run did not report.
 */
function slowestCandidates(targets: readonly Target[], findings: readonly ReportFinding[], config: BenchConfig): Target[] {
  const measured = new Map(findings.map((f) => [`${f.target.host}:${f.target.port}`, chainMs(f)]));
  const exchanges = (t: Target): number => (t.scheme === 'https' ? 2 : 1);
  const cost = (t: Target): number => measured.get(`${t.host}:${t.port}`) ?? exchanges(t) * latencyOf(t.host, config.latency);
  return [...targets].sort((a, b) => cost(b) - cost(a) || a.key.localeCompare(b.key)).slice(0, config.aloneCandidates);
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
  const served = await serveSite(tmpDir, 'silent', spec, input, namesOf(finished(input)), targets);
  try {
    const runs: CheckRun[] = [];
    for (let i = 0; i < config.silentRuns; i += 1) runs.push(await checkSite([...served.checkArgs, '--timeout', String(config.silentTimeoutMs)]));
    const last = runs[runs.length - 1];
    return {
      silentHosts: config.silentHosts,
      timeoutMs: config.silentTimeoutMs,
      processWallMs: median(runs.map((r) => r.wallMs)),
      runMs: median(runs.map((r) => r.runMs)),
      timedOut: last?.findings.filter((f) => f.cause === 'tcp.timeout').length ?? 0,
    };
  } finally {
    await served.close();
  }
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
  const served = await serveSite(tmpDir, `scale-${count}`, spec, input, namesOf(finished(input)), targets);
  try {
    const runs: CheckRun[] = [];
    for (let i = 0; i < config.scaleRuns; i += 1) runs.push(await checkSite(served.checkArgs, { rss: true, tmpDir }));
    checkHealthy(runs, `${count}-target`);
    return {
      targets: targets.length,
      processWallMs: median(runs.map((r) => r.wallMs)),
      runMs: median(runs.map((r) => r.runMs)),
      peakRssMb: Math.max(...runs.map((r) => r.peakRssMb ?? Number.NaN)),
    };
  } finally {
    await served.close();
  }
}

type Spread = { medianMs: number; minMs: number; maxMs: number };

export interface StartupFigures {
  readonly versionMs: Spread;
  readonly rulesMs: Spread;
  /** `node -e 0`: what any Node program pays on this machine. */
  readonly nodeMs: Spread;
  /** The same with this shell's NODE_EXTRA_CA_CERTS, which Node reads at every start. */
  readonly withExtraCa?: { readonly versionMs: Spread; readonly nodeMs: Spread };
}

/** Figure 5: the single file's start-up, as a whole process; again with this shell's NODE_EXTRA_CA_CERTS when it has one. */
export async function measureStartup(config: BenchConfig): Promise<StartupFigures> {
  const withExtraCa = process.env['NODE_EXTRA_CA_CERTS'] !== undefined && process.env['NODE_EXTRA_CA_CERTS'] !== '';
  return {
    versionMs: await startupMs(['--version'], config.startupRuns, config.startupWarmups),
    rulesMs: await startupMs(['rules', '--all', '--format', 'json'], config.startupRuns, config.startupWarmups),
    nodeMs: await startupMs(['-e', '0'], config.startupRuns, config.startupWarmups, false),
    ...(withExtraCa
      ? {
          withExtraCa: {
            versionMs: await startupMs(['--version'], config.startupRuns, config.startupWarmups, true, { inheritExtraCa: true }),
            nodeMs: await startupMs(['-e', '0'], config.startupRuns, config.startupWarmups, false, { inheritExtraCa: true }),
          },
        }
      : {}),
  };
}
