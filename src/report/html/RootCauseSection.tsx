/** @jsxRuntime automatic */
/** @jsxImportSource react */
import { Fragment } from 'react';
import type { Finding } from '../../schema/index.js';
import { explainsCount, type RootCauseGroup } from '../root-cause-view.js';
import { statusLabel } from '../status-style.js';
import { clean, hostPort } from './text.js';

export interface RootCauseSectionProps {
  readonly groups: readonly RootCauseGroup[];
  /** Each finding's card anchor (`finding-N`), so a cause links to the cards it explains. */
  readonly anchorOf: (finding: Finding) => string;
}

/** The anchor of a root cause's block, for the cards that link back to it. */
export function rootCauseAnchor(group: RootCauseGroup): string {
  return `root-cause-${group.number}`;
}

function RootCauseCard({ group, anchorOf }: { readonly group: RootCauseGroup; readonly anchorOf: (finding: Finding) => string }) {
  const { cause } = group;
  const evidence = Object.entries(cause.evidence);
  return (
    <article className={`finding root-cause ${cause.status}`} id={rootCauseAnchor(group)}>
      <h3>
        <span className="status">{statusLabel(cause.status)}</span>
        {clean(cause.title, false)}
        <span className="muted"> · <code>{clean(cause.code, false)}</code></span>
      </h3>
      <p className="summary">{clean(cause.summary, false)}</p>
      {cause.explanation ? <p className="explanation">{clean(cause.explanation)}</p> : null}
      {evidence.length > 0 ? (
        <dl>
          {evidence.map(([name, value], i) => (
            <Fragment key={i}>
              <dt>{clean(name, false)}</dt>
              <dd><code>{clean(value, false)}</code></dd>
            </Fragment>
          ))}
        </dl>
      ) : null}
      <p>{`${explainsCount(cause)}${cause.targets.length > 0 ? `: ${clean(cause.targets.join(', '), false)}` : ''}`}</p>
      {group.findings.length > 0 ? (
        <ul className="explained">
          {group.findings.map((f, i) => (
            <li key={i}>
              <a href={`#${anchorOf(f)}`}>
                <span className={`status ${f.status}`}>{statusLabel(f.status)}</span>
                <code>{clean(hostPort(f.target.host, f.target.port), false)}</code>
              </a>
              <span className="muted"> {f.target.via === 'proxy' ? 'via proxy' : 'direct'}</span>
              {f.cause !== undefined ? <> · <code>{clean(f.cause, false)}</code></> : null}
            </li>
          ))}
        </ul>
      ) : null}
      {cause.remediation ? (
        <p className="remediation">
          <strong>What to do: </strong>
          {clean(cause.remediation)}
        </p>
      ) : null}
      {cause.verify ? (
        <p>
          Verify: <code>{clean(cause.verify, false)}</code>
        </p>
      ) : null}
    </article>
  );
}

/** The section that leads the page: each root cause with its evidence, what to do, and links to the cards it explains. */
export function RootCauseSection({ groups, anchorOf }: RootCauseSectionProps) {
  return (
    <section id="root-causes">
      <h2>{`Root causes (${groups.length})`}</h2>
      {groups.map((group) => (
        <RootCauseCard key={group.number} group={group} anchorOf={anchorOf} />
      ))}
    </section>
  );
}
