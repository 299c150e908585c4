import { oneLine, type SiteEvent, type Target } from '../report/index.js';
import type { Finding } from '../schema/index.js';
import { intFlag } from './args.js';

export const DEFAULT_WATCH_SECONDS = 30;

/** `--watch [SECONDS]`: the pause between rounds, in milliseconds. */
export function watchIntervalMs(value: string | undefined): number {
  return intFlag('watch', value, DEFAULT_WATCH_SECONDS, 1, 86_400) * 1000;
}

function clock(at: Date): string {
  return at.toTimeString().slice(0, 8);
}

function label(target: Target): string {
  const host = target.host.includes(':') ? `[${target.host}]` : target.host;
  return `${host}:${target.port}/${target.transport}`;
}

function statusOf(finding: Finding | undefined): string {
  if (!finding) return 'new';
  return finding.cause !== undefined ? `${finding.status} ${finding.cause}` : finding.status;
}

/** One line per re-check event worth a person's attention; undefined for the rest. */
export function watchLine(event: SiteEvent): string | undefined {
  switch (event.type) {
    case 'round':
      return `${clock(event.at)}  re-checking ${event.keys.length} target${event.keys.length === 1 ? '' : 's'}`;
    case 'round-done':
      return event.unfinished.length === 0
        ? undefined
        : `${clock(event.at)}  round ${event.round} incomplete: ${event.unfinished.length} target${event.unfinished.length === 1 ? '' : 's'} not finished (stopped, or --max-time per round); they keep their last result`;
    case 'change':
      return `${clock(event.at)}  ${statusOf(event.before)} -> ${statusOf(event.after)}  ${oneLine(label(event.target), 200)}  (${event.target.ruleIds.join(', ')})`;
    case 'done': {
      const at = new Date();
      if (event.reason === 'all-passed') return `${clock(at)}  every re-checked target passes`;
      if (event.reason === 'interrupted') return `${clock(at)}  stopped; still failing: ${event.report.findings.filter((f) => f.status === 'fail').length}`;
      return undefined;
    }
    default:
      return undefined;
  }
}
