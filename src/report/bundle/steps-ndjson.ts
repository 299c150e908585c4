import type { Report } from '../../schema/index.js';

/**
 * steps.ndjson: one JSON object a line, one line per step of every finding, in report order: the
 * target, the step's start and end times, its outcome and its evidence.
 */
export function stepsNdjson(report: Report): string {
  const lines: string[] = [];
  report.findings.forEach((finding, index) => {
    for (const step of finding.steps) {
      const start = step.startedAt !== undefined ? Date.parse(step.startedAt) : Number.NaN;
      const finishedAt = Number.isNaN(start) ? undefined : new Date(start + step.ms).toISOString();
      lines.push(
        JSON.stringify({
          finding: index,
          target: finding.target,
          ruleIds: finding.ruleIds,
          status: finding.status,
          ...step,
          ...(finishedAt !== undefined ? { finishedAt } : {}),
        }),
      );
    }
  });
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
