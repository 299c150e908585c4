// Which cause and variant the classifier chose for a finding, read without depending on wording:
// the report is judged again (src/diagnose/reclassify.ts) with a remediation table whose texts are
// markers (`cause:CODE`, `variant:NAME`), so the explanation printed is the choice itself.
import { reclassifyReport } from '../../src/diagnose/index.js';
import { loadRemediations, type RemediationTable } from '../../src/knowledge/index.js';
import type { Report } from '../../src/report/index.js';

function markerTable(): RemediationTable {
  const table = loadRemediations();
  const entries = new Map(
    [...table.entries].map(([code, entry]) => [
      code,
      {
        ...entry,
        explanation: `cause:${code}`,
        variants: Object.fromEntries(Object.keys(entry.variants).map((name) => [name, { explanation: `variant:${name}` }])),
      },
    ]),
  );
  return { entries, issues: table.issues };
}

/** `variant:NAME` when the finding's cause has a variant chosen, else `cause:CODE`; undefined for a pass. */
export function chosenTexts(report: Report, host: string, port: number): string | undefined {
  const again = reclassifyReport(report, { remediations: markerTable() });
  return again.findings.find((f) => f.target.host === host && f.target.port === port && f.source === undefined)?.explanation;
}
