/** @jsxRuntime automatic */
/** @jsxImportSource react */
import type { Finding } from '../../schema/index.js';
import { renderStepLine } from '../render-step-line.js';
import { statusLabel } from '../status-style.js';
import { clean, hostPort } from './text.js';
import { patternText } from '../../catalog/index.js';

export interface FindingCardProps {
  readonly finding: Finding;
  /** Show the evidence unfolded (failures and warnings). */
  readonly open: boolean;
  /** The card's anchor, when a root cause links to it. */
  readonly id?: string | undefined;
  /** The root cause that explains it: its title and anchor. */
  readonly explainedBy?: { readonly title: string; readonly anchor: string } | undefined;
}

/** One finding: what is wrong, what to do, how to verify, and each step's evidence. */
export function FindingCard({ finding, open, id, explainedBy }: FindingCardProps) {
  const pattern = finding.target.pattern !== undefined && finding.target.pattern !== finding.target.host ? ` (${clean(patternText(finding.target.pattern), false)})` : '';
  return (
    <article className={`finding ${finding.status}`} id={id}>
      <h3>
        <span className="status">{statusLabel(finding.status)}</span>
        <code>{clean(hostPort(finding.target.host, finding.target.port), false)}</code>
        {pattern}
        <span className="muted"> {finding.target.via === 'proxy' ? 'via proxy' : 'direct'}</span>
        {finding.cause !== undefined ? <> · <code>{clean(finding.cause, false)}</code></> : null}
      </h3>
      {explainedBy !== undefined ? (
        <p className="muted">
          Explained by the root cause <a href={`#${explainedBy.anchor}`}>{clean(explainedBy.title, false)}</a>
        </p>
      ) : null}
      {finding.explanation !== undefined ? <p className="explanation">{clean(finding.explanation)}</p> : null}
      {finding.remediation !== undefined ? (
        <p className="remediation">
          <strong>What to do: </strong>
          {clean(finding.remediation)}
        </p>
      ) : null}
      {finding.verify !== undefined ? (
        <p>
          Verify: <code>{clean(finding.verify, false)}</code>
        </p>
      ) : null}
      {finding.notes.length > 0 ? (
        <ul>
          {finding.notes.map((note, i) => (
            <li key={i}>
              <code>{clean(note.code, false)}</code>: {clean(note.text)}
            </li>
          ))}
        </ul>
      ) : null}
      {finding.steps.length > 0 ? (
        <details open={open}>
          <summary>Evidence ({finding.steps.length} steps)</summary>
          <pre>{finding.steps.map((step) => clean(renderStepLine(step))).join('\n')}</pre>
        </details>
      ) : null}
      <p className="muted">Rules: {clean(finding.ruleIds.join(', '), false)}</p>
    </article>
  );
}
