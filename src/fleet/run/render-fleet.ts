// The fleet report as text (root causes across nodes first, then each node, then the matrix of
// targets by node) and as JSON. Everything that came from a node passes oneLine/safeText: a
// node's output never reaches the terminal with its control characters.
import { mergeReports, oneLine, renderMergeMarkdown, renderMergeText, safeText, statusSymbol, type MachineReport, type Report } from '../../report/index.js';
import type { FleetReport } from './fleet-report.js';

/** The matrix of targets by node, from the fleet's findings (the node findings left out: they are no target). */
function matrix(report: FleetReport): ReturnType<typeof mergeReports> {
  const inputs: MachineReport[] = report.nodes
    .filter((n) => n.state === 'checked')
    // mergeReports reads only `findings` of each report.
    .map((n) => ({ machine: n.name, report: { findings: report.findings.filter((f) => f.node === n.name) } as unknown as Report }));
  return mergeReports(inputs);
}

function headline(report: FleetReport): string {
  const s = report.summary;
  const cut = report.interrupted ? ' (interrupted)' : report.timedOut ? ' (time limit reached)' : '';
  return `netreq fleet: ${s.nodes} nodes, ${s.checked} checked, ${s.notChecked} not checked, ${s.failing} failing${cut}`;
}

export function renderFleetText(report: FleetReport): string {
  const lines = [headline(report), oneLine(report.peers, 300), ''];
  if (report.rootCauses.length > 0) {
    lines.push('Root causes across nodes');
    for (const rc of report.rootCauses) {
      lines.push(`${statusSymbol(rc.status)} ${oneLine(rc.summary, 1000)}  [${oneLine(rc.code, 60)}]`);
      if (rc.remediation !== '') lines.push(`    ${oneLine(rc.remediation, 1000)}`);
    }
    lines.push('');
  }
  lines.push('Nodes');
  for (const node of report.nodes) {
    const name = oneLine(node.name, 80);
    if (node.state === 'checked' && node.summary !== undefined) {
      const s = node.summary;
      lines.push(`  ${name}  pass ${s.pass}  warn ${s.warn}  fail ${s.fail}  skip ${s.skip}`);
    } else {
      const finding = report.findings.find((f) => f.node === node.name && f.ruleIds.includes('fleet.node'));
      lines.push(`  ${name}  not checked: ${oneLine(node.cause ?? 'unknown', 40)}: ${oneLine(finding?.explanation ?? '', 600)}`);
    }
  }
  lines.push('', safeText(renderMergeText(matrix(report))));
  return `${lines.join('\n')}\n`;
}

export function renderFleetMarkdown(report: FleetReport): string {
  const rcs = report.rootCauses.map((rc) => `- **${rc.status}** ${oneLine(rc.summary, 1000).replace(/[|*_`<>[\]]/g, ' ')}`);
  return [`# ${headline(report)}`, '', ...(rcs.length > 0 ? ['## Root causes across nodes', '', ...rcs, ''] : []), renderMergeMarkdown(matrix(report))].join('\n');
}

export function renderFleetJson(report: FleetReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
