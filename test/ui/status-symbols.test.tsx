import { describe, expect, it } from 'vitest';
import { renderText } from '../../src/report/index.js';
import { Topology } from '../../src/topology/schema.js';
import { ResultRow } from '../../src/ui/components/ResultRow.js';
import { buildReport, finding, target } from './fixtures.js';
import { renderUi } from './render.js';

const topology = Topology.parse({ products: ['runai'], roles: ['installer'] });
const findings = {
  pass: finding(target('pypi.org'), 'pass'),
  warn: finding(target('gcr.io'), 'warn', 'tls.intercepted'),
  fail: finding(target('runai.jfrog.io'), 'fail', 'tcp.refused'),
  skip: finding(target('acme.azurecr.io'), 'skip', 'input.wildcard-unresolved'),
} as const;
const report = buildReport(Object.values(findings), topology, false);

/** The character before ` host:port` on the line that names the host. */
function symbolBefore(text: string, host: string): string | undefined {
  const line = text.split('\n').find((l) => l.includes(` ${host}:443`));
  return line === undefined ? undefined : new RegExp(`(\\S) ${host.replace(/\./g, '\\.')}:443`).exec(line)?.[1];
}

describe('one status-symbol table', () => {
  it.each([false, true])('one-engine 4: the text report and the UI show the same symbol for each status (ascii %s)', (ascii) => {
    const text = renderText(report, { color: false, ascii });
    for (const [status, f] of Object.entries(findings)) {
      const ui = renderUi(<ResultRow finding={f} selected={false} />, { ascii });
      const inReport = symbolBefore(text, f.target.host);
      expect(inReport, status).toBeDefined();
      expect(symbolBefore(ui.frame(), f.target.host), status).toBe(inReport);
      ui.unmount();
    }
  });
});
