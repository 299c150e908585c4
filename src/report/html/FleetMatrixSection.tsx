/** @jsxRuntime automatic */
/** @jsxImportSource react */
import { fleetMatrix } from '../fleet-matrix.js';
import type { FleetReport } from '../../schema/index.js';
import { statusLabel, statusSymbol } from '../status-style.js';
import { clean, hostPort } from './text.js';

/** The matrix of nodes by targets: one row a node, one column a target, a status in each cell. */
export function FleetMatrixSection({ report }: { readonly report: FleetReport }) {
  const matrix = fleetMatrix(report);
  if (matrix.rows.length === 0) return null;
  return (
    <section id="matrix">
      <h2>{`Nodes by targets (${matrix.rows.length} nodes, ${matrix.columns.length} targets)`}</h2>
      <div className="matrix">
        <table>
          <thead>
            <tr>
              <th>Node</th>
              {matrix.columns.map((c) => (
                <th key={c.id} className="target" title={clean(c.id, false)}>
                  <code>{clean(hostPort(c.host, c.port), false)}</code>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {matrix.rows.map((row) => (
              <tr key={row.node}>
                <th><code>{clean(row.node, false)}</code></th>
                {row.checked ? (
                  matrix.columns.map((c) => {
                    const cell = row.cells.get(c.id);
                    if (cell === undefined) return <td key={c.id} className="cell none">·</td>;
                    const says = clean(`${statusLabel(cell.status)}${cell.cause !== undefined ? ` ${cell.cause}` : ''}`, false);
                    return <td key={c.id} className={`cell status ${cell.status}`} title={says}>{statusSymbol(cell.status)}</td>;
                  })
                ) : (
                  <td className="cell status fail" colSpan={Math.max(1, matrix.columns.length)}>
                    {`not checked: ${clean(row.cause ?? 'unknown', false)}`}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
