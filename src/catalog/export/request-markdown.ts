import { append } from '../../append.js';
import { markdownCode, markdownEscape } from '../../text/index.js';
import { INSTEAD_OF_PORTS, purposesText, sourcesText, type ChangeRequest, type RequestCause, type RequestRow } from './request.js';

// The texts are one clean line already (src/cli/change-request.ts); these keep them text in a
// ticket: no HTML, no emphasis or link a report could inject, no broken table cell.
const md = markdownEscape;
const code = markdownCode;

const ruleIds = (row: RequestRow): string => row.rules.map((rule) => code(rule.id)).join(', ');
const purpose = (row: RequestRow): string => md(purposesText(row.rules) || 'no rule of this catalog');

function entryTable(rows: readonly RequestRow[]): string[] {
  return [
    '| Entry | Port | Protocol | Purpose | Vendor source | Rules | Failed targets it covers |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map((row) => `| ${code(row.host)} | ${md(row.port)} | ${row.scheme}/${row.transport} | ${purpose(row)} | ${md(sourcesText(row.rules))} | ${ruleIds(row)} | ${(row.targets ?? []).map(code).join(', ')} |`),
  ];
}

function evidenceLines(cause: RequestCause): string[] {
  const lines = cause.evidence.map(([name, value]) => `- ${md(name)}: ${md(value)}`);
  return lines.length > 0 ? ['Evidence:', '', ...lines, ''] : [];
}

function causeSection(cause: RequestCause, n: number): string[] {
  const head = [`## ${n}. ${md(cause.title)} (${code(cause.code)}, ${cause.status})`, '', md(cause.summary), ''];
  let ask: string[];
  if (cause.change === 'allow') {
    ask = [`**Ask for:** ${cause.rows.length === 1 ? 'this entry' : `these ${cause.rows.length} entries`} in the firewall or proxy allow-list.`, '', ...entryTable(cause.rows), ''];
  } else {
    const drop = cause.change === 'no-proxy' && cause.entries.length > 0 ? ` Remove from NO_PROXY: ${cause.entries.map(code).join(', ')}.` : '';
    ask = [`**Not a firewall entry:** opening ports will not fix this. Ask for ${md(INSTEAD_OF_PORTS[cause.change])} instead.${drop}`, '', `${md(cause.remediation)}`, ''];
  }
  const targets = [`Targets explained (${cause.targets.length}): ${cause.targets.map(code).join(', ')}`, ''];
  const verify = cause.verify !== '' ? [`Verify: ${code(cause.verify)}`, ''] : [];
  return [...head, ...ask, ...evidenceLines(cause), ...targets, ...verify];
}

function otherFailures(rows: readonly RequestRow[]): string[] {
  if (rows.length === 0) return [];
  return [
    `## Other failures (${rows.length})`,
    '',
    'Each failed on its own: no root cause above explains it.',
    '',
    '| Host | Port | Protocol | Route | Purpose | Vendor source | Cause | What was seen |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map((row) => {
      const seen = [row.evidence !== '' ? code(row.evidence) : '', md(row.explanation)].filter((part) => part !== '').join('<br>');
      return `| ${code(row.host)} | ${md(row.port)} | ${row.scheme}/${row.transport} | ${row.via} | ${purpose(row)} | ${md(sourcesText(row.rules))} | ${code(row.cause)} (${row.status}) | ${seen} |`;
    }),
    '',
  ];
}

/** The change request in Markdown, for a ticket: one section per root cause, then the failures standing alone. */
export function renderRequestMarkdown(request: ChangeRequest): string {
  const { report } = request;
  const made = `netreq ${md(report.version)}, started ${md(report.startedAt)}${report.catalogVersion !== undefined ? `, catalog ${md(report.catalogVersion)}` : ''}`;
  const count = `${request.rootCauses.length} root cause${request.rootCauses.length === 1 ? '' : 's'}, ${request.standalone.length} other failure${request.standalone.length === 1 ? '' : 's'}`;
  const out = ['# Network change request: what failed', '', `From the report of ${made}: ${count}. Checks that passed or were skipped are not listed.`, ''];
  if (request.rootCauses.length === 0 && request.standalone.length === 0) out.push('Nothing failed: no change is needed.', '');
  request.rootCauses.forEach((cause, i) => append(out, causeSection(cause, i + 1)));
  append(out, otherFailures(request.standalone));
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}
