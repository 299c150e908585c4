import { oneLine } from './sanitize.js';
import { paint, statusSymbol } from './status-style.js';
import { fit } from '../text/index.js';
import { headLine, labelled, verifyLines } from './render-text-parts.js';
import { explainsCount, namedTargets, type RootCauseGroup } from './root-cause-view.js';
import type { TextOptions } from './render-text.js';

/** The explained findings' lines sit under their cause, deeper than its text. */
const FINDING_INDENT = '      ';

function explainsLine(group: RootCauseGroup, width: number): string[] {
  const { named, more } = namedTargets(group.cause);
  const count = explainsCount(group.cause);
  return labelled(named.length > 0 ? `${count}: ` : count, `${named.join(', ')}${more > 0 ? `, and ${more} more` : ''}`, width);
}

/**
 * One root cause: its status and title, the summary, the evidence that ties it together (one
 * `name: value` line each), what it explains, one remediation and the command that verifies it;
 * then each finding it explains on one line (status, `host:port`, route, its own cause code).
 */
function causeLines(group: RootCauseGroup, options: TextOptions, width: number): string[] {
  const { cause } = group;
  const code = `  ${oneLine(cause.code, 40)}`;
  const title = fit(oneLine(cause.title, width), Math.max(20, width - 2 - code.length));
  const lines = [`${paint(cause.status, statusSymbol(cause.status, options), options.color)} ${title}${code}`];
  lines.push(...labelled('', cause.summary, width));
  if (options.verbose === true && cause.explanation) lines.push(...labelled('', cause.explanation, width));
  for (const [name, value] of Object.entries(cause.evidence)) lines.push(...labelled(`${oneLine(name, 40)}: `, value, width));
  lines.push(...explainsLine(group, width));
  if (cause.remediation) lines.push(...labelled('What to do: ', cause.remediation, width));
  if (cause.verify) lines.push(...verifyLines(cause.verify, width));
  for (const finding of group.findings) lines.push(`${FINDING_INDENT}${headLine(finding, options, width - FINDING_INDENT.length)}`);
  return lines;
}

/** The "Root causes" section that leads the text report, a blank line after each cause. */
export function rootCauseSection(groups: readonly RootCauseGroup[], options: TextOptions, width: number): string[] {
  const fails = groups.some((g) => g.cause.status === 'fail');
  const lines = [paint(fails ? 'fail' : 'warn', `ROOT CAUSES (${groups.length})`, options.color)];
  for (const group of groups) lines.push(...causeLines(group, options, width), '');
  return lines;
}
