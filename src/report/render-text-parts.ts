import type { Finding } from '../schema/index.js';
import { oneLine, safeText } from './sanitize.js';
import { paint, statusSymbol } from './status-style.js';
import { fit, wrap, wrapCommand } from '../text/index.js';
import { endpointText } from '../catalog/index.js';
import type { TextOptions } from './render-text.js';

/** The pieces of the text report that a finding's card and a root cause's block share. */
export const INDENT = '    ';

/** A finding's one line: its status, `host:port`, its route and its own cause code. */
export function headLine(finding: Finding, options: TextOptions, width: number): string {
  const symbol = statusSymbol(finding.status, options);
  const route = finding.target.via === 'proxy' ? 'via proxy' : 'direct';
  const cause = finding.cause !== undefined ? `  ${oneLine(finding.cause, 40)}` : '';
  const tail = `  ${route}${cause}`;
  const where = fit(oneLine(endpointText(finding.target.host, finding.target.port), width), Math.max(20, width - 2 - tail.length));
  return `${paint(finding.status, symbol, options.color)} ${where}${tail}`;
}

/** Untrusted text after a label, on one paragraph, wrapped under the indent. */
export function labelled(label: string, text: string, width: number): string[] {
  return wrap(`${label}${safeText(text, { newlines: false })}`, width, INDENT);
}

/** `Verify: command` on one line when it fits, else the command broken so the shell joins it again. */
export function verifyLines(verify: string, width: number): string[] {
  const command = safeText(verify, { newlines: false });
  const single = `${INDENT}Verify: ${command}`;
  return single.length <= width ? [single] : [`${INDENT}Verify:`, ...wrapCommand(command, width, `${INDENT}  `)];
}
