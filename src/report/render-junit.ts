import type { Finding } from '../schema/index.js';
import { safeText } from './sanitize.js';
import type { Report } from '../schema/index.js';
import { summarize } from './summarize.js';
import { endpointText } from '../catalog/index.js';

// Characters XML 1.0 cannot carry at all, even escaped (after control characters are gone).
const NOT_XML = /[\ud800-\udfff\ufffe\uffff]/g;

/** Text or attribute content: untrusted, so stripped, then escaped. */
export function xmlEscape(text: string): string {
  return safeText(text)
    .replace(NOT_XML, '\ufffd')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\n/g, '&#10;');
}

function seconds(ms: number): string {
  return (Math.max(0, ms) / 1000).toFixed(3);
}

function caseName(f: Finding): string {
  return `${endpointText(f.target.host, f.target.port)} ${f.target.via}`;
}

function details(f: Finding): string {
  return [f.explanation, f.remediation, f.verify !== undefined ? `Verify: ${f.verify}` : undefined, ...f.notes.map((n) => `Note (${n.code}): ${n.text}`)]
    .filter((x): x is string => x !== undefined && x.length > 0)
    .join('\n\n');
}

function testcase(f: Finding): string {
  const time = seconds(f.steps.reduce((sum, s) => sum + s.ms, 0));
  const open = `    <testcase classname="${xmlEscape(`netreq.${f.ruleIds[0] ?? 'target'}`)}" name="${xmlEscape(caseName(f))}" time="${time}">`;
  const cause = f.cause ?? '';
  const body = xmlEscape(details(f)).replace(/&#10;/g, '\n');
  switch (f.status) {
    case 'fail':
      return `${open}\n      <failure type="${xmlEscape(cause)}" message="${xmlEscape(`${cause}: ${f.explanation ?? ''}`)}">${body}</failure>\n    </testcase>`;
    case 'skip':
      return `${open}\n      <skipped message="${xmlEscape(`${cause}: ${f.explanation ?? ''}`)}"/>\n    </testcase>`;
    case 'warn':
      return `${open}\n      <system-out>${xmlEscape(`WARN ${cause}`)}\n${body}</system-out>\n    </testcase>`;
    case 'pass':
      return f.notes.length > 0 ? `${open}\n      <system-out>${body}</system-out>\n    </testcase>` : `${open}</testcase>`;
    default: {
      const unreachable: never = f.status;
      return unreachable;
    }
  }
}

/** JUnit XML for CI: one testcase per finding; failures fail, skips skip, warnings pass with their text. */
export function renderJunit(report: Report): string {
  const s = summarize(report.findings);
  const total = seconds(Date.parse(report.finishedAt) - Date.parse(report.startedAt) || 0);
  const counts = `tests="${report.findings.length}" failures="${s.fail}" errors="0" skipped="${s.skip}" time="${total}"`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="netreq" ${counts}>`,
    `  <testsuite name="netreq${report.scenario !== undefined ? `.${xmlEscape(report.scenario)}` : ''}" ${counts} timestamp="${xmlEscape(report.startedAt)}">`,
    ...report.findings.map(testcase),
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
