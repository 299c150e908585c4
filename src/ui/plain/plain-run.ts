import type { Finding, Report, SiteEvent } from '../../schema/index.js';
import { progressLine } from './plain-lines.js';

export interface PlainRunEnd {
  readonly findings: readonly Finding[];
  readonly interrupted: boolean;
  /** The engine's Report, when it ended with one. */
  readonly report?: Report;
  readonly error?: string;
}

/** Reads the runner's events and writes a line per finished target; stops when `signal` aborts. */
export async function plainRun(events: AsyncIterable<SiteEvent>, write: (line: string) => void, signal: AbortSignal): Promise<PlainRunEnd> {
  const findings: Finding[] = [];
  let total = 0;
  let interrupted = false;
  let report: Report | undefined;
  try {
    for await (const event of events) {
      if (event.type === 'planned' && total > 0) {
        // Hosts the pulls were sent to, checked as they are found.
        total += event.targets.length;
        write(`Also checking ${event.targets.map((t) => `${t.host}:${t.port}`).join(', ')} (an image pull was sent there)`);
      } else if (event.type === 'planned') {
        total = event.targets.length;
        write(`Checking ${total} targets (Ctrl-C stops and keeps what finished)`);
      } else if (event.type === 'finding') {
        findings.push(event.finding);
        write(progressLine(event.finding, findings.length, Math.max(total, findings.length)));
      } else if (event.type === 'done') {
        interrupted = event.interrupted;
        report = event.report;
      }
    }
  } catch (error: unknown) {
    const message = error instanceof Error ? error.message : String(error);
    write(`The run stopped early: ${message}`);
    return { findings, interrupted: true, error: message };
  }
  return { findings, interrupted: interrupted || signal.aborted, ...(report !== undefined ? { report } : {}) };
}
