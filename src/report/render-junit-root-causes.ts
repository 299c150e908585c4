import { explainsCount, type RootCauseGroup } from './root-cause-view.js';
import { seconds, xmlBody, xmlEscape, xmlProperties } from './xml-text.js';

function details(group: RootCauseGroup): string {
  const { cause } = group;
  const evidence = Object.entries(cause.evidence).map(([name, value]) => `${name}: ${value}`);
  const explains = `${explainsCount(cause)}${cause.targets.length > 0 ? `: ${cause.targets.join(', ')}` : ''}`;
  return [cause.summary, evidence.join('\n'), explains, cause.remediation, cause.verify ? `Verify: ${cause.verify}` : '']
    .filter((x) => x.length > 0)
    .join('\n\n');
}

/** One root cause as a testcase: a fail fails with its summary and remediation; a warn passes, its text in system-out. */
function testcase(group: RootCauseGroup): string {
  const { cause } = group;
  const properties = xmlProperties([['status', cause.status], ['explains', String(cause.findings.length)], ['change', cause.request.change]], '      ');
  const open = `    <testcase classname="${xmlEscape(`netreq.${cause.code}`)}" name="${xmlEscape(cause.title)}" time="0.000">${properties}`;
  const body = xmlBody(details(group));
  return cause.status === 'fail'
    ? `${open}\n      <failure type="${xmlEscape(cause.code)}" message="${xmlEscape(cause.summary)}">${body}</failure>\n    </testcase>`
    : `${open}\n      <system-out>${xmlEscape(`WARN ${cause.code}`)}\n${body}</system-out>\n    </testcase>`;
}

/** The suite that leads the JUnit file: one testcase per root cause. */
export function rootCauseSuite(groups: readonly RootCauseGroup[], timestamp: string): string[] {
  const failures = groups.filter((g) => g.cause.status === 'fail').length;
  const counts = `tests="${groups.length}" failures="${failures}" errors="0" skipped="0" time="${seconds(0)}"`;
  return [`  <testsuite name="netreq.root-causes" ${counts} timestamp="${xmlEscape(timestamp)}">`, ...groups.map(testcase), '  </testsuite>'];
}
