// A finding as the lines of its detail screen: what happened, what to do, how to check by hand, the evidence.
import type { Finding } from '../schema/index.js';
import { evidenceLines } from './evidence-lines.js';
import { targetLabel } from './finding-order.js';
import { wrap } from '../text/index.js';
import { patternText } from '../catalog/index.js';

export type LineTone = 'title' | 'heading' | 'command' | 'plain';
export interface DetailLine {
  readonly text: string;
  readonly tone: LineTone;
}

function section(heading: string, body: readonly string[], tone: LineTone = 'plain'): DetailLine[] {
  return [{ text: '', tone: 'plain' }, { text: heading, tone: 'heading' }, ...body.map((text) => ({ text, tone }))];
}

export function findingLines(finding: Finding, width: number): DetailLine[] {
  const t = finding.target;
  const lines: DetailLine[] = [
    { text: `${finding.status.toUpperCase()}  ${targetLabel(t)}  (${t.scheme})`, tone: 'title' },
    ...wrap(`Rules: ${finding.ruleIds.join(', ')}${t.pattern ? `  (from ${patternText(t.pattern)})` : ''}`, width).map((text) => ({ text, tone: 'plain' as const })),
  ];
  if (finding.cause) lines.push({ text: `Cause: ${finding.cause}`, tone: 'plain' });
  if (finding.explanation) lines.push(...section('What happened', wrap(finding.explanation, width, '  ')));
  if (finding.remediation) lines.push(...section('What to do', wrap(finding.remediation, width, '  ')));
  if (finding.verify) lines.push(...section('Check by hand', wrap(finding.verify, width, '  '), 'command'));
  if (finding.notes.length > 0) {
    lines.push(...section('Notes', finding.notes.flatMap((n) => wrap(`${n.code}: ${n.text}`, width, '  '))));
  }
  if (finding.steps.length > 0) {
    const evidence = finding.steps
      .flatMap((step) => evidenceLines(step))
      .flatMap((line) => wrap(line, width, `  ${/^\s*/.exec(line)?.[0] ?? ''}`));
    lines.push(...section('Evidence', evidence));
  }
  return lines;
}
