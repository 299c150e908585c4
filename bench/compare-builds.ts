/**
 * Two builds of the single file against the same served full site, run alternately: tells a change
 * in netreq from a change in the machine (this machine's speed drifts by a quarter from one day to
 * the next, and the efficiency figure with it).
 *
 *   tsx bench/compare-builds.ts OLD.mjs NEW.mjs [RUNS]
 *
 * Build an older commit with `node scripts/build.mjs --outfile OLD.mjs` from a worktree of it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { namesOf } from '../src/sim/scenario-site.js';
import { serveSite } from './lib/served-site.js';
import { checkSite, median } from './lib/single-file.js';
import { finished, fullTopology, liveTargets, siteSpecFor } from './lib/site-plan.js';
import { FULL } from './lib/config.js';

async function runPhaseMs(file: string, args: readonly string[]): Promise<number> {
  return (await checkSite(args, {}, file)).runMs;
}

async function main(argv: readonly string[]): Promise<void> {
  const [older, newer, runsText] = argv;
  if (older === undefined || newer === undefined) throw new Error('usage: tsx bench/compare-builds.ts OLD.mjs NEW.mjs [RUNS]');
  const files = [resolve(older), resolve(newer)];
  if (files[0] === files[1]) throw new Error('compare-builds: give two different builds');
  const runs = Number(runsText ?? 10);
  const dir = mkdtempSync(join(tmpdir(), 'netreq-compare-'));
  const input = fullTopology();
  const targets = liveTargets(input);
  const served = await serveSite(dir, 'full', siteSpecFor(targets, { latency: FULL.latency }), input, namesOf(finished(input)), targets);
  try {
    const phases = new Map<string, number[]>(files.map((file) => [file, []]));
    for (let i = 0; i < 2; i += 1) for (const file of files) await runPhaseMs(file, served.checkArgs);
    for (let i = 0; i < runs; i += 1) for (const file of files) phases.get(file)?.push(await runPhaseMs(file, served.checkArgs));
    for (const [file, values] of phases) console.log(`${file}: run phase median ${median(values)} ms (${values.join(', ')})`);
  } finally {
    await served.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main(process.argv.slice(2));
