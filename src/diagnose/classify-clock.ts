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

function amount(seconds: number): string {
  const s = Math.round(Math.abs(seconds));
  const days = Math.floor(s / 86_400);
  const hours = Math.floor((s % 86_400) / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  if (days > 0) return hours > 0 ? `${days} d ${hours} h` : `${days} d`;
  if (hours > 0) return minutes > 0 ? `${hours} h ${minutes} min` : `${hours} h`;
  if (minutes > 0) return `${minutes} min`;
  return `${s} s`;
}

/** "2 h 5 min ahead of" / "3 d behind": read as "this machine's clock is ... the server's". */
export function describeSkew(seconds: number): string {
  return `${amount(seconds)} ${seconds >= 0 ? 'ahead of' : 'behind'}`;
}
