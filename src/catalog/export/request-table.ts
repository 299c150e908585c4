import { append } from '../../append.js';
import { pad, wrap } from '../../text/index.js';
import { INSTEAD_OF_PORTS, purposesText, sourcesText, type ChangeRequest, type RequestCause, type RequestRow } from './request.js';

const PORT = 8;
const PROTO = 11;

function paragraph(text: string, width: number, indent = '    '): string[] {
  return text === '' ? [] : wrap(text, width, { indent, long: 'keep' });
}

function rowLines(row: RequestRow, width: number, hostWidth: number, standalone: boolean): string[] {
  const rest = `${pad(row.port, PORT)}${pad(`${row.scheme}/${row.transport}`, PROTO)}${row.via}`;
  const lines = row.host.length <= hostWidth ? [`${pad(row.host, hostWidth + 1)}${rest}`] : [row.host, `${' '.repeat(hostWidth + 1)}${rest}`];
  const body = [
    purposesText(row.rules) || 'no rule of this catalog',
    ...(standalone ? [`${row.status} ${row.cause}${row.evidence !== '' ? `: ${row.evidence}` : ''}`, row.explanation] : []),
    `source: ${sourcesText(row.rules) || '-'}`,
    `rules: ${row.rules.map((rule) => rule.id).join(', ')}`,
    ...(row.targets !== undefined ? [`covers: ${row.targets.join(', ')}`] : []),
  ];
  for (const text of body) append(lines, paragraph(text, width));
  return lines;
}

function rowTable(rows: readonly RequestRow[], width: number, standalone: boolean): string[] {
  if (rows.length === 0) return [];
  const hostWidth = Math.min(Math.max(4, ...rows.map((row) => row.host.length)), width - PORT - PROTO - 10);
  return [`${pad('HOST', hostWidth + 1)}${pad('PORT', PORT)}${pad('PROTO', PROTO)}ROUTE`, ...rows.flatMap((row) => [...rowLines(row, width, hostWidth, standalone), ''])];
}

function causeLines(cause: RequestCause, n: number, width: number): string[] {
  const lines = [...wrap(`${n}. ${cause.code} (${cause.status}): ${cause.title}`, width, { long: 'keep' }), ...paragraph(cause.summary, width)];
  if (cause.change === 'allow') {
    append(lines, paragraph('Ask for these entries in the firewall or proxy allow-list:', width));
    lines.push('');
    append(lines, rowTable(cause.rows, width, false));
  } else {
    const drop = cause.change === 'no-proxy' && cause.entries.length > 0 ? ` Remove from NO_PROXY: ${cause.entries.join(', ')}.` : '';
    append(lines, paragraph(`Opening ports will not help: ask for ${INSTEAD_OF_PORTS[cause.change]}.${drop}`, width));
    append(lines, paragraph(cause.remediation, width));
    append(lines, paragraph(`targets: ${cause.targets.join(', ')}`, width));
    lines.push('');
  }
  if (cause.verify !== '') lines.splice(lines.length - 1, 0, ...paragraph(`verify: ${cause.verify}`, width));
  return lines;
}

/** The change request as plain text within `width` columns: the root causes, then the other failures. */
export function renderRequestTable(request: ChangeRequest, width = 80): string {
  const { report } = request;
  const out = wrap(`Network change request: what failed in the report of netreq ${report.version}, started ${report.startedAt}`, width, { long: 'keep' });
  out.push('');
  request.rootCauses.forEach((cause, i) => append(out, causeLines(cause, i + 1, width)));
  if (request.standalone.length > 0) {
    out.push(`Other failures (no root cause explains them): ${request.standalone.length}`, '');
    append(out, rowTable(request.standalone, width, true));
  }
  if (request.rootCauses.length === 0 && request.standalone.length === 0) out.push('Nothing failed: no change is needed.');
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}
