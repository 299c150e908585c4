// A fleet report in each format `netreq report` and `netreq fleet` write: text, json, md, html.
import { foldHostNames, renderFleetJson, renderFleetMarkdown, renderFleetText, type FleetReport } from '../fleet/index.js';
import { loadFleetHtmlRenderer } from '../report/index.js';
import { UsageError } from './io.js';

export const FLEET_FORMATS = ['text', 'json', 'md', 'html'] as const;
export type FleetFormat = (typeof FLEET_FORMATS)[number];

export function fleetFormat(value: string | undefined): FleetFormat {
  const format = value ?? 'text';
  if ((FLEET_FORMATS as readonly string[]).includes(format)) return format as FleetFormat;
  throw new UsageError(`--format '${format}' is not a fleet report format; expected one of: ${FLEET_FORMATS.join(', ')}`);
}

export async function renderFleet(report: FleetReport, format: FleetFormat): Promise<string> {
  switch (format) {
    case 'json':
      return renderFleetJson(report);
    case 'md':
      return renderFleetMarkdown(report);
    case 'html':
      return (await loadFleetHtmlRenderer())(report, foldHostNames);
    default:
      return renderFleetText(report);
  }
}
