/**
 * `npm run bench`: builds the single file, measures it against generated scenarios on loopback,
 * prints a table (figure, value, target, ok?) and one JSON line. Method: bench/README.md.
 *
 *   tsx bench/run-bench.ts [--tiny] [--no-build] [--only fleet]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { FULL, TINY, type BenchConfig } from './lib/config.js';
import { measureFullSite, measureScale, measureSilent, measureStartup } from './lib/figures.js';
import { fleetFigure } from './lib/fleet-rows.js';
import { ROOT } from './lib/single-file.js';
import { formatTable, type Row } from './lib/table.js';

export const JSON_KEYS = ['efficiency', 'silentRatio', 'vsCurlLoop', 'scalePerTargetRatio', 'peakRssMb', 'startupVersionMs', 'startupRulesMs', 'pullRatio', 'fleetVsPdsh'] as const;
export type BenchJson = Record<(typeof JSON_KEYS)[number], number | null>;

const TARGETS = {
  efficiency: 1.25,
  silentRatio: 1.2,
  vsCurlLoop: 10,
  scalePerTargetRatio: 1.1,
  peakRssMb: 150,
  startupVersionMs: 150,
  startupRulesMs: 300,
} as const;

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** The 1-minute load average: this machine is shared, and the figures move with it. */
function load(): string {
  return (loadavg()[0] ?? 0).toFixed(1);
}

function build(): void {
  const result = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`the build failed (exit ${result.status})`);
}

function progress(text: string): void {
  process.stderr.write(`bench: ${text}\n`);
}

export async function runBench(config: BenchConfig): Promise<{ rows: Row[]; json: BenchJson }> {
  const tmpDir = mkdtempSync(join(tmpdir(), 'netreq-bench-'));
  const rows: Row[] = [];
  const json: BenchJson = { efficiency: null, silentRatio: null, vsCurlLoop: null, scalePerTargetRatio: null, peakRssMb: null, startupVersionMs: null, startupRulesMs: null, pullRatio: null, fleetVsPdsh: null };
  const ms = (value: number): string => `${Math.round(value)} ms`;
  const loadAtStart = load();
  try {
    progress(`full site (${config.name}): the single file, the engine alone, the curl loop`);
    const full = await measureFullSite(config, tmpDir);
    json.efficiency = round(full.runMs / full.criticalPathMs, 2);
    json.pullRatio = round(full.runMs / full.noPullRunMs, 2);
    rows.push(
      { figure: `1. parallel efficiency: run / critical path (${full.targets} targets)`, value: json.efficiency.toFixed(2), target: `<= ${TARGETS.efficiency}`, ok: json.efficiency <= TARGETS.efficiency },
      { figure: '   run phase (report startedAt..finishedAt), median', value: ms(full.runMs) },
      { figure: `6. pulls: run phase with ${full.pulls} pulls / the same site --no-pull`, value: (full.runMs / full.noPullRunMs).toFixed(2), target: '<= 1.3', ok: full.runMs / full.noPullRunMs <= 1.3 },
      { figure: '   run phase --no-pull, median', value: ms(full.noPullRunMs) },
      // A pull is a dozen round trips one after another (token, manifests, each redirect, blobs): its chain alone bounds figure 6 from below.
      { figure: '   the least figure 6 can be: critical path (with its pull) / run phase --no-pull', value: (full.criticalPathMs / full.noPullRunMs).toFixed(2) },
      { figure: '   process wall (spawn to exit), and its CPU', value: `${ms(full.processWallMs)}, ${ms(full.processCpuMs)} cpu` },
      { figure: `   critical path: ${full.criticalKey.replace(/ via direct$/, '')} alone, first run`, value: ms(full.criticalPathMs) },
      { figure: `   the same alone, warm: ${full.warmCriticalKey.replace(/ via direct$/, '')}`, value: ms(full.warmCriticalPathMs) },
      { figure: '   run phase / warm critical path', value: (full.runMs / full.warmCriticalPathMs).toFixed(2) },
      { figure: '   process wall / critical path', value: (full.processWallMs / full.criticalPathMs).toFixed(2) },
      { figure: '   bare Node: the same exchanges, no netreq, fresh process', value: ms(full.floorMs) },
      { figure: '   bare Node / critical path (what the machine costs)', value: (full.floorMs / full.criticalPathMs).toFixed(2) },
      { figure: '   run phase / bare Node (what netreq adds)', value: (full.runMs / full.floorMs).toFixed(2) },
      { figure: '   engine under tsx, warm: run / warm critical path', value: (full.engineOnlyRunMs / full.warmCriticalPathMs).toFixed(2) },
      { figure: '   engine under tsx, warm: run, and its CPU', value: `${ms(full.engineOnlyRunMs)}, ${ms(full.engineOnlyCpuMs)} cpu` },
      { figure: '   engine under tsx, warm: mean step (all at once)', value: Object.entries(full.engineStepMeansMs).map(([step, v]) => `${step} ${v}`).join(', ') },
      { figure: '   findings other than pass (the root comes by --ca-file)', value: Object.entries(full.notPassed).map(([k, v]) => `${v} ${k}`).join(', ') || 'none' },
      { figure: '   simulated site start (in the bench process, not measured)', value: ms(full.siteStartMs) },
    );
    if (full.curl !== undefined) {
      // The loop makes each target's one request, as netreq does with --no-pull; the pulls' dozen round trips a registry are figure 6's.
      json.vsCurlLoop = round(full.curl.wallMs / full.noPullProcessWallMs, 1);
      rows.push(
        { figure: '3. curl loop wall / netreq process wall, the same exchanges (--no-pull)', value: json.vsCurlLoop.toFixed(1), target: `>= ${TARGETS.vsCurlLoop}`, ok: json.vsCurlLoop >= TARGETS.vsCurlLoop },
        { figure: `   curl loop, ${full.targets} targets one after another${full.curl.failures > 0 ? ` (${full.curl.failures} failed)` : ''}`, value: ms(full.curl.wallMs) },
        { figure: '   netreq --no-pull process wall, median', value: ms(full.noPullProcessWallMs) },
        { figure: '   curl loop wall / netreq process wall with its pulls', value: (full.curl.wallMs / full.processWallMs).toFixed(1) },
      );
    } else {
      rows.push({ figure: '3. curl loop: curl is not installed', value: 'n/a', target: `>= ${TARGETS.vsCurlLoop}`, ok: false });
    }

    progress(`${config.silentHosts} silent hosts, --timeout ${config.silentTimeoutMs}`);
    const silent = await measureSilent(config, tmpDir);
    json.silentRatio = round(silent.runMs / silent.timeoutMs, 2);
    rows.push(
      { figure: `2. silent hosts: run / deadline (${silent.silentHosts} silent, ${silent.timedOut} timed out)`, value: json.silentRatio.toFixed(2), target: `<= ${TARGETS.silentRatio}`, ok: json.silentRatio <= TARGETS.silentRatio },
      { figure: '   process wall / deadline', value: (silent.processWallMs / silent.timeoutMs).toFixed(2) },
    );

    progress(`scale: ${config.scaleSmall} and ${config.scaleLarge} targets`);
    const small = await measureScale(config, tmpDir, config.scaleSmall);
    const large = await measureScale(config, tmpDir, config.scaleLarge);
    const perTarget = (point: typeof small, key: 'runMs' | 'processWallMs'): number => point[key] / point.targets;
    json.scalePerTargetRatio = round(perTarget(large, 'runMs') / perTarget(small, 'runMs'), 2);
    json.peakRssMb = round(large.peakRssMb, 1);
    rows.push(
      { figure: `4. scale: run per target at ${large.targets} / at ${small.targets}`, value: json.scalePerTargetRatio.toFixed(2), target: `<= ${TARGETS.scalePerTargetRatio}`, ok: json.scalePerTargetRatio <= TARGETS.scalePerTargetRatio },
      { figure: `   peak RSS at ${large.targets} targets`, value: `${json.peakRssMb} MB`, target: `< ${TARGETS.peakRssMb} MB`, ok: json.peakRssMb < TARGETS.peakRssMb },
      { figure: `   run phase: ${small.targets} / ${large.targets} targets`, value: `${ms(small.runMs)} / ${ms(large.runMs)}` },
      { figure: `   process wall: ${small.targets} / ${large.targets} targets`, value: `${ms(small.processWallMs)} / ${ms(large.processWallMs)}` },
      { figure: '   process wall per target, ratio', value: (perTarget(large, 'processWallMs') / perTarget(small, 'processWallMs')).toFixed(2) },
      { figure: `   peak RSS at ${small.targets} targets`, value: `${round(small.peakRssMb, 1)} MB` },
    );

    progress('start-up');
    const startup = await measureStartup(config);
    json.startupVersionMs = Math.round(startup.versionMs.medianMs);
    json.startupRulesMs = Math.round(startup.rulesMs.medianMs);
    rows.push(
      { figure: `5. start-up: --version, median of ${config.startupRuns}`, value: `${json.startupVersionMs} ms`, target: `< ${TARGETS.startupVersionMs} ms`, ok: json.startupVersionMs < TARGETS.startupVersionMs },
      { figure: `   start-up: rules --all --format json, median of ${config.startupRuns}`, value: `${json.startupRulesMs} ms`, target: `< ${TARGETS.startupRulesMs} ms`, ok: json.startupRulesMs < TARGETS.startupRulesMs },
      { figure: '   for scale: node -e 0 (no netreq), median', value: ms(startup.nodeMs.medianMs) },
    );
    if (startup.withExtraCa !== undefined) {
      rows.push(
        { figure: `   with this shell's NODE_EXTRA_CA_CERTS: --version / node -e 0`, value: `${ms(startup.withExtraCa.versionMs.medianMs)} / ${ms(startup.withExtraCa.nodeMs.medianMs)}` },
      );
    }
    progress(`fleet: ${config.fleetNodes} namespace nodes, netreq fleet against pdcp + pdsh`);
    const fleet = await fleetFigure(config, progress);
    json.fleetVsPdsh = fleet.fleetVsPdsh;
    rows.push(...fleet.rows);
    rows.push({ figure: 'machine: load average at start / end, cores', value: `${loadAtStart} / ${load()}, ${availableParallelism()}` });
  } finally {
    rmSync(tmpDir, { recursive: true, force: true });
  }
  return { rows, json };
}

/** `--only fleet`: figure 7 alone (the others' keys null). */
async function runFleetOnly(config: BenchConfig): Promise<{ rows: Row[]; json: BenchJson }> {
  const loadAtStart = load();
  const fleet = await fleetFigure(config, progress);
  const json = Object.fromEntries(JSON_KEYS.map((key) => [key, null])) as BenchJson;
  json.fleetVsPdsh = fleet.fleetVsPdsh;
  const rows = [...fleet.rows, { figure: 'machine: load average at start / end, cores', value: `${loadAtStart} / ${load()}, ${availableParallelism()}` }];
  return { rows, json };
}

async function main(argv: readonly string[]): Promise<void> {
  const config = argv.includes('--tiny') ? TINY : FULL;
  const only = argv.includes('--only') ? (argv[argv.indexOf('--only') + 1] ?? '') : undefined;
  if (only !== undefined && only !== 'fleet') {
    process.stderr.write(`bench: --only '${only}': the only figure that runs alone is fleet (--only fleet)\n`);
    process.exitCode = 2;
    return;
  }
  if (!argv.includes('--no-build')) {
    progress('building dist/netreq.mjs');
    build();
  }
  const { rows, json } = only === 'fleet' ? await runFleetOnly(config) : await runBench(config);
  process.stdout.write(`${formatTable(rows)}\n${JSON.stringify(json)}\n`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main(process.argv.slice(2));
