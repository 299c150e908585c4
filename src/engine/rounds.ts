import { setTimeout as sleep } from 'node:timers/promises';
import { run, type RunOptions } from '../diagnose/index.js';
import { CUT_SHORT_CAUSES } from '../report/index.js';
import type { Finding, SiteEvent, Target } from '../schema/index.js';

export interface RoundsOptions {
  /** Pause between rounds. */
  readonly intervalMs: number;
  /** Wait `intervalMs` before the first round (the targets were just checked). */
  readonly delayFirst?: boolean;
  /** Stop after this many rounds; default: until every target passes or the signal. */
  readonly maxRounds?: number;
}

export type RoundsEnd = 'all-passed' | 'interrupted' | 'max-rounds';

/** A target stays in the loop until it passes (a warning counts: it works). */
function settled(finding: Finding | undefined): boolean {
  return finding !== undefined && (finding.status === 'pass' || finding.status === 'warn');
}

function changed(before: Finding | undefined, after: Finding): boolean {
  return before === undefined || before.status !== after.status || before.cause !== after.cause;
}

async function pause(ms: number, signal: AbortSignal): Promise<void> {
  try {
    await sleep(ms, undefined, { signal });
  } catch {
    // aborted: the caller sees the signal
  }
}

/**
 * Reruns the targets that have not passed, round after round, until all pass, the signal aborts
 * or `maxRounds` is reached. Yields the runner's events of each round, each change of status or
 * cause, and fills `latest` (target key -> finding, seeded with the earlier findings) as it goes.
 * A check cut short says nothing new about the network: its target keeps what it showed before.
 */
export async function* recheckRounds(targets: readonly Target[], run0: Omit<RunOptions, 'signal'> & { readonly signal: AbortSignal }, options: RoundsOptions, latest: Map<string, Finding>): AsyncGenerator<Exclude<SiteEvent, { readonly type: 'done' }>, RoundsEnd> {
  const signal = run0.signal;
  for (let round = 0; ;) {
    const pending = targets.filter((target) => !settled(latest.get(target.key)));
    if (pending.length === 0) return 'all-passed';
    if (signal.aborted) return 'interrupted';
    if (options.maxRounds !== undefined && round >= options.maxRounds) return 'max-rounds';
    if (round > 0 || options.delayFirst === true) {
      await pause(options.intervalMs, signal);
      if (signal.aborted) return 'interrupted';
    }
    round += 1;
    yield { type: 'round', round, keys: pending.map((t) => t.key), at: new Date() };
    const byKey = new Map(pending.map((t) => [t.key, t]));
    const unfinished: string[] = [];
    for await (const event of run(pending, run0)) {
      if (event.type === 'done') continue;
      yield event;
      if (event.type !== 'finding') continue;
      const target = byKey.get(event.key);
      if (!target) continue;
      if (event.finding.cause !== undefined && CUT_SHORT_CAUSES.includes(event.finding.cause)) {
        unfinished.push(event.key);
        continue;
      }
      const before = latest.get(event.key);
      latest.set(event.key, event.finding);
      if (changed(before, event.finding)) yield { type: 'change', target, before, after: event.finding, at: new Date() };
    }
    yield { type: 'round-done', round, unfinished, at: new Date() };
  }
}
