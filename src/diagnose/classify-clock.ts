import type { StepResult } from '../schema/index.js';

/** A server `Date` further than this from the local clock is a wrong clock, not network latency. */
export const SKEW_TOLERANCE_SECONDS = 300;

/** The server's `Date` against the local clock, from this check's HTTP step (positive: local clock ahead). */
export function skewOf(steps: readonly StepResult[]): number | undefined {
  for (const step of steps) {
    if (step.step === 'http' && step.evidence.clockSkewSeconds !== undefined) return step.evidence.clockSkewSeconds;
  }
  return undefined;
}

/**
 * The skew in words, rounded to the last unit shown: a server's `Date` has whole seconds, so a
 * clock three days off reads 2 d 23 h 59 min 59 s about as often as 3 d, and must say "3 d".
 */
function amount(seconds: number): string {
  const s = Math.round(Math.abs(seconds));
  if (s >= 86_400 - 1_800) {
    const hours = Math.round(s / 3_600);
    const days = Math.floor(hours / 24);
    return hours % 24 > 0 ? `${days} d ${hours % 24} h` : `${days} d`;
  }
  if (s >= 3_600 - 30) {
    const minutes = Math.round(s / 60);
    const hours = Math.floor(minutes / 60);
    return minutes % 60 > 0 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  }
  if (s >= 60) return `${Math.round(s / 60)} min`;
  return `${s} s`;
}

/** "2 h 5 min ahead of" / "3 d behind": read as "this machine's clock is ... the server's". */
export function describeSkew(seconds: number): string {
  return `${amount(seconds)} ${seconds >= 0 ? 'ahead of' : 'behind'}`;
}
