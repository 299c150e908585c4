/** @jsxRuntime automatic */
/** @jsxImportSource react */
import type { Finding } from '../../schema/index.js';
import type { Environment } from '../../schema/index.js';
import type { Report } from '../../schema/index.js';
import { incompleteLine, summarize, summaryLine } from '../summarize.js';
import { EnvironmentSection } from './EnvironmentSection.js';
import { PageHead } from './PageHead.js';
import { FindingCard } from './FindingCard.js';
import { rootCauseView, type RootCauseView } from '../root-cause-view.js';
import { rootCauseAnchor, RootCauseSection } from './RootCauseSection.js';
import { STYLES } from './styles.js';
import { clean, hostPort } from './text.js';

export interface ReportPageProps {
  readonly report: Report;
  readonly environment?: Environment | undefined;
}

/** Cards link to and from root causes only when the report has some: otherwise the page is as it was. */
interface CardLinks {
  readonly view: RootCauseView;
  readonly anchorOf: (finding: Finding) => string;
}

function cardLinks(report: Report): CardLinks | undefined {
  const view = rootCauseView(report);
  if (view === undefined) return undefined;
  const index = new Map(report.findings.map((f, i) => [f, i]));
  return { view, anchorOf: (finding) => `finding-${index.get(finding) ?? 0}` };
}

function Section({ id, title, findings, open, links }: { readonly id: string; readonly title: string; readonly findings: readonly Finding[]; readonly open: boolean; readonly links: CardLinks | undefined }) {
  if (findings.length === 0) return null;
  return (
    <section id={id}>
      <h2>{`${title} (${findings.length})`}</h2>
      {findings.map((f, i) => {
        const group = links?.view.groupOf(f);
        const explainedBy = group !== undefined ? { title: group.cause.title, anchor: rootCauseAnchor(group) } : undefined;
        return <FindingCard key={i} finding={f} open={open} id={links?.anchorOf(f)} explainedBy={explainedBy} />;
      })}
    </section>
  );
}

/** The support page: summary, failures first with evidence and remediation, then the rest, the topology and the machine. */
export function ReportPage({ report, environment }: ReportPageProps) {
  const summary = summarize(report.findings);
  const by = (status: Finding['status']): Finding[] => report.findings.filter((f) => f.status === status);
  const passed = by('pass');
  const links = cardLinks(report);
  return (
    <html lang="en">
      <PageHead title={`netreq report: ${summaryLine(summary)}`} styles={STYLES} />
      <body>
        <header>
          <h1>netreq report</h1>
          <p className="counts">
            <span className="status fail">{`${summary.fail} fail`}</span>
            <span className="status warn">{`${summary.warn} warn`}</span>
            <span className="status pass">{`${summary.pass} pass`}</span>
            <span className="status">{`${summary.skip} skip`}</span>
          </p>
          <p className="muted">
            {clean(`netreq ${report.tool.version}${report.tool.catalogVersion !== undefined ? `, catalog ${report.tool.catalogVersion}` : ''} · ${report.startedAt} to ${report.finishedAt}`, false)}
            {report.scenario !== undefined ? clean(` · simulated site ${report.scenario}`, false) : ''}
            {report.interrupted ? ' · INTERRUPTED: not every check finished' : ''}
            {!report.interrupted && (summary.incomplete ?? 0) > 0 ? ` · ${incompleteLine(summary) ?? ''}` : ''}
          </p>
          {(report.editions ?? []).map((e) => (
            <p className="muted" key={e.id}>
              {clean(`Requirements: ${e.id} (${e.title}), ${e.chosen === 'answer' ? `for ${e.asked ?? ''}` : e.chosen === 'newest-for-newer' ? `the newest: ${e.asked ?? ''} is newer than any listed` : 'the newest: no version given'}; sources: ${e.sources.map((x) => x.doc).join(', ')}`, false)}
            </p>
          ))}
        </header>
        {links !== undefined ? <RootCauseSection groups={links.view.groups} anchorOf={links.anchorOf} /> : null}
        <Section id="failures" title="Failures" findings={by('fail')} open links={links} />
        <Section id="warnings" title="Warnings" findings={by('warn')} open links={links} />
        <Section id="skipped" title="Not checked" findings={by('skip')} open={false} links={links} />
        {report.elsewhere.length > 0 ? (
          <section id="elsewhere">
            <h2>{`Check from another machine (${report.elsewhere.length})`}</h2>
            <table>
              <thead>
                <tr><th>Rule</th><th>Host</th><th>Port</th><th>From</th><th>Purpose</th></tr>
              </thead>
              <tbody>
                {report.elsewhere.map((e, i) => (
                  <tr key={i}>
                    <td><code>{clean(e.ruleId, false)}</code></td>
                    <td><code>{clean(e.host, false)}</code></td>
                    <td>{clean(e.port, false)}</td>
                    <td>{clean(e.fromRoles.join(', '), false)}</td>
                    <td>{clean(e.purpose, false)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        ) : null}
        {passed.length > 0 ? (
          <section id="passed">
            <h2>{`Passed (${passed.length})`}</h2>
            <details>
              <summary>Show the checks that passed</summary>
              <table>
                <tbody>
                  {passed.map((f, i) => (
                    <tr key={i}>
                      <td><code>{clean(hostPort(f.target.host, f.target.port), false)}</code></td>
                      <td>{f.target.via}</td>
                      <td>{clean(f.ruleIds.join(', '), false)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </details>
          </section>
        ) : null}
        <section id="topology">
          <h2>Topology</h2>
          <pre>{clean(JSON.stringify(report.topology, null, 2))}</pre>
        </section>
        <section id="environment">
          <h2>Environment</h2>
          <EnvironmentSection environment={environment} summary={report.environment} />
        </section>
      </body>
    </html>
  );
}
