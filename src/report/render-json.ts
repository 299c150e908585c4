import { redactCredentials } from './sanitize.js';
import type { Finding } from '../schema/index.js';
import type { Report } from '../schema/index.js';

/**
 * The Report as JSON. Control characters in evidence are escaped by JSON itself; credentials
 * in any URL are masked once more, whatever the producer forgot.
 */
export function renderJson(report: Report): string {
  return [...renderJsonPieces(report)].join('');
}

/** What `JSON.stringify({ findings: [x] }, null, 2)` puts before x. */
const FRAME_HEAD = '{\n  "findings": [\n';
/** What follows x when it is not the last: `JSON.stringify({ findings: [x, 0] }, null, 2)` ends so. */
const NEXT_TAIL = '    0\n  ]\n}';
/** What follows x when it is the last: `JSON.stringify({ findings: [x] }, null, 2)` ends so. */
const LAST_TAIL = '  ]\n}';

/** Stands in for the findings while the rest of the report is stringified. */
const FINDINGS_MARK = '\u0000netreq-findings\u0000';

/**
 * `renderJson`, byte for byte, in pieces: the report's head, then one finding at a time, then its
 * tail. A report of a thousand targets is never held as one string; `prepare` runs on each finding
 * just before it is written (the CLI redacts there, so no redacted copy of the whole report exists).
 */
export function* renderJsonPieces(report: Report, prepare: (finding: Finding) => Finding = (finding) => finding): Generator<string> {
  const frame = JSON.stringify({ ...report, findings: FINDINGS_MARK }, null, 2);
  const [head = '', tail = ''] = frame.split(JSON.stringify(FINDINGS_MARK));
  if (report.findings.length === 0) {
    yield redactCredentials(`${head}[]${tail}\n`);
    return;
  }
  yield redactCredentials(`${head}[\n`);
  const last = report.findings.length - 1;
  for (const [index, finding] of report.findings.entries()) {
    // Stringified where it stands (inside `"findings": [`, a sentinel after it when more follow), so
    // it comes out indented and with its `,\n`: one slice of the text, no re-indenting or joined copy.
    const framed = index < last ? JSON.stringify({ findings: [prepare(finding), 0] }, null, 2) : JSON.stringify({ findings: [prepare(finding)] }, null, 2);
    yield redactCredentials(framed.slice(FRAME_HEAD.length, framed.length - (index < last ? NEXT_TAIL : LAST_TAIL).length));
  }
  yield redactCredentials(`  ]${tail}\n`);
}
