import type { LatencyRange } from './site-plan.js';

/** How much the benchmark measures: `full` for the figures, `tiny` so a test can run it in seconds. */
export interface BenchConfig {
  readonly name: 'full' | 'tiny';
  readonly latency: LatencyRange;
  /** Runs of the single file on the full site (the median is quoted), after `warmups` not counted. */
  readonly processRuns: number;
  readonly warmups: number;
  /** Targets timed alone for the critical path, and how many times each (the median counts). */
  readonly aloneCandidates: number;
  readonly aloneRepeats: number;
  readonly silentHosts: number;
  readonly silentTimeoutMs: number;
  readonly silentRuns: number;
  readonly scaleSmall: number;
  readonly scaleLarge: number;
  readonly scaleRuns: number;
  readonly startupRuns: number;
  readonly startupWarmups: number;
  /** The fleet figure: namespace nodes, timed runs of each side (alternating, after `fleetWarmups`), runs of the slowest node alone. */
  readonly fleetNodes: number;
  readonly fleetRuns: number;
  readonly fleetWarmups: number;
  readonly fleetAloneRuns: number;
}

export const FULL: BenchConfig = {
  name: 'full',
  latency: { minMs: 20, maxMs: 80 },
  processRuns: 5,
  warmups: 2,
  aloneCandidates: 3,
  aloneRepeats: 5,
  silentHosts: 10,
  silentTimeoutMs: 3_000,
  silentRuns: 3,
  scaleSmall: 100,
  scaleLarge: 1_000,
  scaleRuns: 3,
  startupRuns: 10,
  startupWarmups: 2,
  fleetNodes: 16,
  fleetRuns: 3,
  fleetWarmups: 1,
  fleetAloneRuns: 3,
};

export const TINY: BenchConfig = {
  name: 'tiny',
  latency: { minMs: 1, maxMs: 5 },
  processRuns: 1,
  warmups: 0,
  aloneCandidates: 1,
  aloneRepeats: 1,
  silentHosts: 2,
  silentTimeoutMs: 1_000,
  silentRuns: 1,
  scaleSmall: 70,
  scaleLarge: 80,
  scaleRuns: 1,
  startupRuns: 1,
  startupWarmups: 0,
  fleetNodes: 3,
  fleetRuns: 1,
  fleetWarmups: 0,
  fleetAloneRuns: 1,
};
