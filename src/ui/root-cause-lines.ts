// A root cause as lines: the short form above the findings it explains, and the whole of it.
// Its texts come from the report, which may be a hostile file: everything passes the renderers' sanitiser.
import { oneLine, redactCredentials, safeText } from '../report/index.js';
import type { RootCause, RootCauseChange } from '../schema/index.js';
import { wrap } from '../text/index.js';
import type { DetailLine, LineTone } from './finding-lines.js';

/** One line of the report's text for a row or a label: control characters and escapes gone, credentials masked. */
export function flatText(text: string, max?: number): string {
  return redactCredentials(oneLine(text, max));
}

/** `publicNames` -> `public names`. */
function evidenceName(name: string): string {
  return flatText(name).replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
}

/** `resolver 10.0.0.2, rcode NXDOMAIN, public names 24` */
export function evidenceText(evidence: RootCause['evidence']): string {
  return Object.entries(evidence)
    .map(([name, value]) => `${evidenceName(name)} ${flatText(value)}`)
    .join(', ');
}

const ENTRIES_HEADING: Partial<Readonly<Record<RootCauseChange, string>>> = {
  allow: 'Allow-list entries to ask for',
  'no-proxy': 'NO_PROXY entries to drop',
};

function lines(texts: readonly string[], tone: LineTone = 'plain'): DetailLine[] {
  return texts.map((text) => ({ text, tone }));
}

function section(heading: string, body: readonly string[], tone: LineTone = 'plain'): DetailLine[] {
  return [{ text: '', tone: 'plain' }, { text: heading, tone: 'heading' }, ...lines(body, tone)];
}

function titleLine(cause: RootCause): DetailLine {
  return { text: `${cause.status.toUpperCase()}  ${flatText(cause.title)}  (${flatText(cause.code, 80)})`, tone: 'title' };
}

/** Title, summary, evidence, what to do and the command: what sits above the findings it explains. */
export function rootCauseHeader(cause: RootCause, width: number): DetailLine[] {
  const evidence = evidenceText(cause.evidence);
  return [
    titleLine(cause),
    ...lines(wrap(safeText(cause.summary), width, '  ')),
    ...(evidence !== '' ? lines(wrap(`Evidence: ${evidence}`, width, '  ')) : []),
    ...(cause.remediation !== '' ? lines(wrap(`What to do: ${safeText(cause.remediation)}`, width, '  ')) : []),
    ...(cause.verify !== '' ? lines(wrap(`Check by hand: ${safeText(cause.verify)}`, width, '  '), 'command') : []),
  ];
}

/** The whole root cause, as a finding's detail screen shows a finding. */
export function rootCauseLines(cause: RootCause, width: number): DetailLine[] {
  const out: DetailLine[] = [titleLine(cause), ...lines(wrap(safeText(cause.summary), width))];
  const evidence = Object.entries(cause.evidence).flatMap(([name, value]) => wrap(`${evidenceName(name)}: ${safeText(value)}`, width, '  '));
  if (evidence.length > 0) out.push(...section('Evidence', evidence));
  if (cause.explanation !== '') out.push(...section('What happened', wrap(safeText(cause.explanation), width, '  ')));
  if (cause.remediation !== '') out.push(...section('What to do', wrap(safeText(cause.remediation), width, '  ')));
  if (cause.request.entries.length > 0) {
    const heading = ENTRIES_HEADING[cause.request.change] ?? `Entries (${cause.request.change})`;
    out.push(...section(heading, cause.request.entries.flatMap((e) => wrap(safeText(e), width, '  '))));
  }
  if (cause.verify !== '') out.push(...section('Check by hand', wrap(safeText(cause.verify), width, '  '), 'command'));
  if (cause.targets.length > 0) out.push(...section(`Targets it explains (${cause.targets.length})`, wrap(cause.targets.map((t) => flatText(t)).join(', '), width, '  ')));
  return out;
}
