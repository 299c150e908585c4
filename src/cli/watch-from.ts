import type { Catalog } from '../catalog/index.js';
import { Topology } from '../topology/index.js';
import type { Report } from '../report/index.js';
import { UsageError } from './io.js';

/** The site an earlier report was made for: its topology, validated (the proxy's password was masked in it). */
export function topologyOfReport(report: Report, file: string): Topology {
  const parsed = Topology.safeParse(report.topology);
  if (!parsed.success) {
    throw new UsageError(`${file}: its topology does not describe a site netreq can check again (${parsed.error.issues[0]?.message ?? 'invalid'})`);
  }
  return parsed.data;
}

/** Whether the report was made with the same catalog as this netreq; a note when not. */
export function catalogNote(report: Report, catalog: Catalog): string | undefined {
  const old = report.tool.catalogVersion;
  if (old === undefined || old === catalog.version) return undefined;
  return `note: the report was made with catalog ${old}, this netreq has ${catalog.version}; failures of rules that changed may not be found`;
}
