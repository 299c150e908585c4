// Figure 7's rows and its JSON value; `n/a` with the reason when it cannot be measured here (not
// root, pdsh or sshd missing) or its lab fails: the other figures stand either way.
import type { BenchConfig } from './config.js';
import { measureFleet, type FleetFigure } from './fleet-figure.js';
import type { Row } from './table.js';

export const FLEET_TARGET = 1.1;

const ms = (value: number): string => `${Math.round(value).toLocaleString('en-US')} ms`;

function rowsOf(f: FleetFigure, ratio: number): Row[] {
  return [
    { figure: `7. fleet: netreq fleet / pdcp + pdsh, same work (${f.nodes} nodes, median of ${f.netreqMs.length})`, value: ratio.toFixed(2), target: `<= ${FLEET_TARGET}`, ok: ratio <= FLEET_TARGET },
    { figure: '   netreq fleet wall (copy, listen, check, merge, judge), median', value: ms(f.netreqMedianMs) },
    { figure: '   pdcp + pdsh wall (copy, listen, check, stop), median', value: ms(f.pdshMedianMs) },
    { figure: '   every run: netreq fleet / pdcp + pdsh', value: `${f.netreqMs.map((v) => Math.round(v)).join(', ')} / ${f.pdshMs.map((v) => Math.round(v)).join(', ')}` },
    { figure: `   fleet / slowest node alone (${f.slowestNode}'s check, no ssh)`, value: (f.netreqMedianMs / f.aloneWallMs).toFixed(2) },
    { figure: '   the slowest node alone: process wall, run phase', value: `${ms(f.aloneWallMs)}, ${ms(f.aloneRunMs)}` },
    { figure: '   findings per node: netreq fleet / pdsh (the same checks)', value: `${f.findingsPerNode.netreq} / ${f.findingsPerNode.pdsh}` },
    { figure: `   lab: ${f.nodes} node namespaces with sshd (set-up, not measured)`, value: ms(f.labSetupMs) },
  ];
}

export async function fleetFigure(config: BenchConfig, progress: (text: string) => void): Promise<{ rows: Row[]; fleetVsPdsh: number | null }> {
  const na = (reason: string): { rows: Row[]; fleetVsPdsh: null } => ({
    rows: [{ figure: `7. fleet vs pdcp + pdsh: ${reason}`, value: 'n/a', target: `<= ${FLEET_TARGET}` }],
    fleetVsPdsh: null,
  });
  try {
    const measured = await measureFleet(config, progress);
    if (!measured.ok) return na(measured.reason);
    const ratio = Math.round((measured.figure.netreqMedianMs / measured.figure.pdshMedianMs) * 100) / 100;
    return { rows: rowsOf(measured.figure, ratio), fleetVsPdsh: ratio };
  } catch (error: unknown) {
    return na(`failed: ${(error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').slice(0, 300)}`);
  }
}
