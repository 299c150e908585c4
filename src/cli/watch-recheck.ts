import { setTimeout as sleep } from 'node:timers/promises';
import { run, type Finding, type Target } from '../diagnose/index.js';
import type { Network } from '../net/index.js';
import { CUT_SHORT_CAUSES } from '../report/index.js';

export interface RecheckOptions {
  readonly network: Network;
  /** The proxy for targets routed through it. */
  readonly proxyUrl?: URL;
  readonly stepTimeoutMs: number;
  /** Each round's limit. */
  readonly maxTimeMs: number;
  readonly concurrency: number;
  /** The site's flags for the commands the texts print. */
  readonly siteFlags?: string;
  /** Ctrl-C (or the wizard leaving the screen): stops between or during rounds. */
  readonly signal: AbortSignal;
  /** Pause between rounds. */
  readonly intervalMs: number;
  /** What the targets showed before, by target key: changes are reported against it. */
  readonly previous?: ReadonlyMap<string, Finding>;
  /** Wait `intervalMs` before the first round (the targets were just checked). */
  readonly delayFirst?: boolean;
  /** Stop after this many rounds; default: until every target is fixed or the signal. */
  readonly maxRounds?: number;
}

export type RecheckEvent =
  | { readonly type: 'round'; readonly round: number; readonly keys: readonly string[]; readonly at: Date }
  /** A round ended; `unfinished` are the targets it did not finish (the round's time limit, Ctrl-C). */
  | { readonly type: 'round-done'; readonly round: number; readonly unfinished: readonly string[]; readonly at: Date }
  | {
      readonly type: 'change';
      readonly target: Target;
      /** Undefined when the target had no finding before. */
      readonly before: Finding | undefined;
      readonly after: Finding;
      readonly at: Date;
    }
  | {
      readonly type: 'done';
      readonly reason: 'all-passed' | 'interrupted' | 'max-rounds';
      /** The latest finding of every target, by key. */
      readonly findings: ReadonlyMap<string, Finding>;
      readonly at: Date;
    };

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
 * Reruns the targets that have not passed, round after round, until all pass, the signal
 * aborts or `maxRounds` is reached; yields each change of status or cause as it happens.
 * The engine behind `netreq check --watch` and `--from`, and the wizard's "check again".
 */
export async function* recheck(targets: readonly Target[], options: RecheckOptions): AsyncGenerator<RecheckEvent> {
  const latest = new Map<string, Finding>();
  for (const target of targets) {
    const before = options.previous?.get(target.key);
    if (before) latest.set(target.key, before);
  }
  let round = 0;
  const finish = (reason: 'all-passed' | 'interrupted' | 'max-rounds'): RecheckEvent => ({ type: 'done', reason, findings: new Map(latest), at: new Date() });
  for (;;) {
    const pending = targets.filter((target) => !settled(latest.get(target.key)));
    if (pending.length === 0) {
      yield finish('all-passed');
      return;
    }
    if (options.signal.aborted) {
      yield finish('interrupted');
      return;
    }
    if (options.maxRounds !== undefined && round >= options.maxRounds) {
      yield finish('max-rounds');
      return;
    }
    if (round > 0 || options.delayFirst === true) {
      await pause(options.intervalMs, options.signal);
      if (options.signal.aborted) {
        yield finish('interrupted');
        return;
      }
    }
    round += 1;
    yield { type: 'round', round, keys: pending.map((t) => t.key), at: new Date() };
    const byKey = new Map(pending.map((t) => [t.key, t]));
    const unfinished: string[] = [];
    for await (const event of run(pending, {
      network: options.network,
      ...(options.proxyUrl ? { proxyUrl: options.proxyUrl } : {}),
      signal: options.signal,
      stepTimeoutMs: options.stepTimeoutMs,
      maxTimeMs: options.maxTimeMs,
      concurrency: options.concurrency,
      proxyConcurrency: Math.min(16, options.concurrency),
      ...(options.siteFlags !== undefined ? { siteFlags: options.siteFlags } : {}),
    })) {
      if (event.type !== 'finding') continue;
      const target = byKey.get(event.key);
      if (!target) continue;
      // A check cut short says nothing new about the network: the target keeps what it showed before.
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
