import type { Finding } from '../schema/index.js';
import type { Report } from '../schema/index.js';
import { summarize } from './summarize.js';
import { endpointText } from '../catalog/index.js';
import { rootCauseView, type RootCauseGroup } from './root-cause-view.js';
import { rootCauseSuite } from './render-junit-root-causes.js';
import { seconds, xmlBody, xmlEscape, xmlProperties } from './xml-text.js';

export { xmlEscape } from './xml-text.js';

function caseName(f: Finding): string {
  return `${endpointText(f.target.host, f.target.port)} ${f.target.via}`;
}

function details(f: Finding): string {
  return [f.explanation, f.remediation, f.verify !== undefined ? `Verify: ${f.verify}` : undefined, ...f.notes.map((n) => `Note (${n.code}): ${n.text}`)]
    .filter((x): x is string => x !== undefined && x.length > 0)
    .join('\n\n');
}

/** The cause that explains a finding, as properties: its code and title. */
function rootCauseProperties(group: RootCauseGroup | undefined): string {
  return group === undefined ? '' : xmlProperties([['rootCause', group.cause.code], ['rootCauseTitle', group.cause.title]], '      ');
}

function testcase(f: Finding, group: RootCauseGroup | undefined): string {
  const time = seconds(f.steps.reduce((sum, s) => sum + s.ms, 0));
  const properties = rootCauseProperties(group);
  const open = `    <testcase classname="${xmlEscape(`netreq.${f.ruleIds[0] ?? 'target'}`)}" name="${xmlEscape(caseName(f))}" time="${time}">${properties}`;
  const cause = f.cause ?? '';
  const body = xmlBody(details(f));
  switch (f.status) {
    case 'fail':
      return `${open}\n      <failure type="${xmlEscape(cause)}" message="${xmlEscape(`${cause}: ${f.explanation ?? ''}`)}">${body}</failure>\n    </testcase>`;
    case 'skip':
      return `${open}\n      <skipped message="${xmlEscape(`${cause}: ${f.explanation ?? ''}`)}"/>\n    </testcase>`;
    case 'warn':
      return `${open}\n      <system-out>${xmlEscape(`WARN ${cause}`)}\n${body}</system-out>\n    </testcase>`;
    case 'pass':
      if (f.notes.length > 0) return `${open}\n      <system-out>${body}</system-out>\n    </testcase>`;
      return properties ? `${open}\n    </testcase>` : `${open}</testcase>`;
    default: {
      const unreachable: never = f.status;
      return unreachable;
    }
  }
}

/**
 * JUnit XML for CI: the root causes first, a suite of their own (a failing cause fails); then one
 * testcase per finding, failures fail, skips skip, warnings pass with their text, each naming the
 * root cause that explains it.
 */
export function renderJunit(report: Report): string {
  const s = summarize(report.findings);
  const view = rootCauseView(report);
  const total = seconds(Date.parse(report.finishedAt) - Date.parse(report.startedAt) || 0);
  const counts = `tests="${report.findings.length}" failures="${s.fail}" errors="0" skipped="${s.skip}" time="${total}"`;
  const causes = view?.groups ?? [];
  const causeFailures = causes.filter((g) => g.cause.status === 'fail').length;
  const allCounts = causes.length === 0 ? counts : `tests="${report.findings.length + causes.length}" failures="${s.fail + causeFailures}" errors="0" skipped="${s.skip}" time="${total}"`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="netreq" ${allCounts}>`,
    ...(causes.length > 0 ? rootCauseSuite(causes, report.startedAt) : []),
    `  <testsuite name="netreq${report.scenario !== undefined ? `.${xmlEscape(report.scenario)}` : ''}" ${counts} timestamp="${xmlEscape(report.startedAt)}">`,
    ...report.findings.map((f) => testcase(f, view?.groupOf(f))),
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
