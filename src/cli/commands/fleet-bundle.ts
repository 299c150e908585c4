// `netreq fleet --bundle FILE`: the merged report and every node's own Report (JSON, and HTML
// for a browser: React escapes whatever a node sent) in one .tar.gz, redacted as a check's
// bundle is, written atomically with mode 0600.
import { renderFleetJson, renderFleetText, type FleetReport, type FleetRun } from '../../fleet/index.js';
import { createRedaction, loadHtmlRenderer, redactDeep, tarGz, writeFileAtomic, WriteFileError, type TarEntry } from '../../report/index.js';

/** A node's name as a file name inside the archive. */
function fileName(node: string): string {
  return node.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 120) || 'node';
}

/** Writes the bundle; returns why it could not (a sentence), or undefined when written. */
export async function writeFleetBundle(path: string, report: FleetReport, run: FleetRun): Promise<string | undefined> {
  const renderHtml = await loadHtmlRenderer();
  const chain = createRedaction();
  const redacted = redactDeep(report, chain).value;
  const text = (s: string): Buffer => Buffer.from(s, 'utf8');
  const entries: TarEntry[] = [
    { name: 'fleet.json', content: text(renderFleetJson(redacted)) },
    { name: 'fleet.txt', content: text(renderFleetText(redacted)) },
    { name: 'nodes/' },
  ];
  for (const result of run.results) {
    if (result.report === undefined) continue;
    const own = redactDeep(result.report, chain).value;
    entries.push({ name: `nodes/${fileName(result.node.name)}.json`, content: text(`${JSON.stringify(own, null, 2)}\n`) });
    entries.push({ name: `nodes/${fileName(result.node.name)}.html`, content: text(renderHtml(own)) });
  }
  try {
    writeFileAtomic(path, tarGz(entries, new Date()));
    return undefined;
  } catch (error: unknown) {
    if (error instanceof WriteFileError) return `the bundle could not be written: ${error.message}`;
    throw error;
  }
}
