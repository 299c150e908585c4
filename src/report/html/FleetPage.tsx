/** @jsxRuntime automatic */
/** @jsxImportSource react */
import type { FleetFinding, FleetReport, FleetRootCause } from '../../schema/index.js';
import { statusLabel } from '../status-style.js';
import { FindingCard } from './FindingCard.js';
import { FleetMatrixSection } from './FleetMatrixSection.js';
import { PageHead } from './PageHead.js';
import { STYLES } from './styles.js';
import { clean } from './text.js';

/** Node names as one host range (`gpu[017-019]`); the fleet's own folding, handed in. */
export type FoldNames = (names: readonly string[]) => string;

export interface FleetPageProps {
  readonly report: FleetReport;
  readonly foldNames: FoldNames;
}

const FLEET_STYLES = `
.matrix { overflow-x: auto; }
.matrix th.target { writing-mode: vertical-rl; transform: rotate(180deg); white-space: nowrap; }
.matrix td.cell { text-align: center; font-weight: 700; }
.matrix td.cell.none { color: #bbb; }
`;

const isNodeFinding = (f: FleetFinding): boolean => f.ruleIds.includes('fleet.node');

function RootCauseCard({ cause, foldNames }: { readonly cause: FleetRootCause; readonly foldNames: FoldNames }) {
  return (
    <article className={`finding root-cause ${cause.status}`}>
      <h3>
        <span className="status">{statusLabel(cause.status)}</span>
        {clean(cause.title, false)}
        <span className="muted"> · <code>{clean(cause.code, false)}</code></span>
      </h3>
      <p className="summary">{clean(cause.summary, false)}</p>
      <dl>
        <dt>{`Nodes (${cause.nodes.length})`}</dt>
        <dd><code>{clean(foldNames(cause.nodes), false)}</code></dd>
        {cause.subnet !== undefined ? <><dt>Subnet</dt><dd><code>{clean(cause.subnet, false)}</code></dd></> : null}
        {cause.targets.length > 0 ? <><dt>Targets</dt><dd><code>{clean(cause.targets.join(', '), false)}</code></dd></> : null}
      </dl>
      {cause.remediation !== '' ? <p className="remediation"><strong>What to do: </strong>{clean(cause.remediation)}</p> : null}
      {cause.verify !== undefined ? <p>Verify: <code>{clean(cause.verify, false)}</code></p> : null}
    </article>
  );
}

function NodeFindingCard({ finding }: { readonly finding: FleetFinding }) {
  return (
    <article className={`finding ${finding.status}`}>
      <h3>
        <span className="status">{statusLabel(finding.status)}</span>
        <code>{clean(finding.node, false)}</code>
        {finding.cause !== undefined ? <> · <code>{clean(finding.cause, false)}</code></> : null}
      </h3>
      {finding.explanation !== undefined ? <p className="explanation">{clean(finding.explanation)}</p> : null}
      {finding.remediation !== undefined ? <p className="remediation"><strong>What to do: </strong>{clean(finding.remediation)}</p> : null}
      {finding.verify !== undefined ? <p>Verify: <code>{clean(finding.verify, false)}</code></p> : null}
    </article>
  );
}

/** Each node's failures and warnings, folded under its name, with their evidence. */
function FailuresByNode({ report }: { readonly report: FleetReport }) {
  const nodes = report.nodes.filter((n) => report.findings.some((f) => f.node === n.name && !isNodeFinding(f) && (f.status === 'fail' || f.status === 'warn')));
  if (nodes.length === 0) return null;
  return (
    <section id="failures">
      <h2>{`Failures and warnings by node (${nodes.length} nodes)`}</h2>
      {nodes.map((n) => {
        const own = report.findings.filter((f) => f.node === n.name && !isNodeFinding(f) && (f.status === 'fail' || f.status === 'warn'));
        return (
          <details key={n.name}>
            <summary><code>{clean(n.name, false)}</code>{` · ${own.filter((f) => f.status === 'fail').length} fail, ${own.filter((f) => f.status === 'warn').length} warn`}</summary>
            {own.map((f, i) => <FindingCard key={i} finding={f} open={false} />)}
          </details>
        );
      })}
    </section>
  );
}

/** The fleet's page: root causes across nodes, the matrix of nodes by targets, the nodes not checked, each node's failures. */
export function FleetPage({ report, foldNames }: FleetPageProps) {
  const s = report.summary;
  const nodeFindings = report.findings.filter(isNodeFinding);
  const headline = `${s.nodes} nodes, ${s.checked} checked, ${s.notChecked} not checked, ${s.failing} failing`;
  return (
    <html lang="en">
      <PageHead title={`netreq fleet: ${headline}`} styles={STYLES + FLEET_STYLES} />
      <body>
        <header>
          <h1>netreq fleet report</h1>
          <p className="counts">
            <span>{`${s.nodes} nodes`}</span>
            <span className="status pass">{`${s.checked} checked`}</span>
            <span className="status fail">{`${s.notChecked} not checked`}</span>
            <span className="status fail">{`${s.failing} failing`}</span>
          </p>
          <p className="muted">
            {clean(`netreq ${report.tool.version} · ${report.startedAt} to ${report.finishedAt} · ${report.peers}`, false)}
            {report.interrupted ? ' · INTERRUPTED: not every node finished' : report.timedOut ? ' · TIME LIMIT: not every node finished' : ''}
          </p>
        </header>
        {report.rootCauses.length > 0 ? (
          <section id="root-causes">
            <h2>{`Root causes across nodes (${report.rootCauses.length})`}</h2>
            {report.rootCauses.map((rc, i) => <RootCauseCard key={i} cause={rc} foldNames={foldNames} />)}
          </section>
        ) : null}
        <FleetMatrixSection report={report} />
        {nodeFindings.length > 0 ? (
          <section id="nodes-not-checked">
            <h2>{`Nodes not checked (${nodeFindings.length})`}</h2>
            {nodeFindings.map((f, i) => <NodeFindingCard key={i} finding={f} />)}
          </section>
        ) : null}
        <FailuresByNode report={report} />
      </body>
    </html>
  );
}
