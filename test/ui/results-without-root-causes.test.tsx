// A report without root causes (absent, or an empty list) looks exactly as it did before issue 19.
// The frames below were recorded from the results screen and plain mode before root causes existed.
import { describe, expect, it } from 'vitest';
import { Topology } from '../../src/topology/schema.js';
import { resultLines } from '../../src/ui/plain/plain-lines.js';
import { ResultsScreen } from '../../src/ui/screens/ResultsScreen.js';
import { buildReport, finding, target } from './fixtures.js';
import { KEY, renderUi } from './render.js';

const topology = Topology.parse({ products: ['runai'], roles: ['installer'] });
const report = buildReport(
  [
    finding(target('pypi.org'), 'pass'),
    finding(target('gcr.io'), 'warn', 'tls.intercepted', { explanation: 'A proxy re-signs TLS with Corp CA.', remediation: 'Trust Corp CA on every node.' }),
    finding(target('runai.jfrog.io'), 'fail', 'tcp.refused'),
    finding(target('acme.azurecr.io'), 'skip', 'input.wildcard-unresolved'),
  ],
  topology,
  false,
);

async function frames(rootCauses: { rootCauses?: [] }) {
  const ui = renderUi(<ResultsScreen report={{ ...report, ...rootCauses }} isActive onNext={() => undefined} onRecheck={() => undefined} />);
  const list = ui.frame();
  await ui.press(KEY.down, KEY.enter);
  await ui.waitForText('Esc back to the list');
  const detail = ui.frame();
  await ui.press(KEY.escape, KEY.tab);
  await ui.waitForText('Showing: fail (1)');
  const filtered = ui.frame();
  ui.unmount();
  return { list, detail, filtered };
}

describe('results without root causes', () => {
  it.each([{}, { rootCauses: [] as [] }])('root-causes 2: a report without root causes renders exactly as before (%o)', async (rootCauses) => {
    const { list, detail, filtered } = await frames(rootCauses);
    expect(list).toMatchInlineSnapshot(`
      "Results  + 1 pass  ! 1 warn  x 1 fail  - 1 skip
      Showing: all, failures first (4)  Tab: fail
      > x runai.jfrog.io:443               tcp.refused              runai.runai
        ! gcr.io:443                       tls.intercepted          runai.gcr
        - acme.azurecr.io:443              input.wildcard-unreso... runai.acme
        + pypi.org:443                     ok                       runai.pypi














      1 more rule must be checked from another machine (in the summary).
      Enter details  Tab filter  r re-check failures  n next: save and quit"
    `);
    expect(detail).toMatchInlineSnapshot(`
      "WARN  gcr.io:443  (https)
      Rules: runai.gcr
      Cause: tls.intercepted

      What happened
        A proxy re-signs TLS with Corp CA.

      What to do
        Trust Corp CA on every node.

      Evidence
        dns resolved 4ms
          system (getaddrinfo): 203.0.113.10
      Esc back to the list"
    `);
    expect(filtered).toMatchInlineSnapshot(`
      "Results  + 1 pass  ! 1 warn  x 1 fail  - 1 skip
      Showing: fail (1)  Tab: warn
      > x runai.jfrog.io:443               tcp.refused              runai.runai

















      1 more rule must be checked from another machine (in the summary).
      Enter details  Tab filter  r re-check failures  n next: save and quit"
    `);
  });

  it.each([{}, { rootCauses: [] as [] }])('root-causes 2: plain mode prints a report without root causes exactly as before (%o)', (rootCauses) => {
    expect(resultLines({ ...report, ...rootCauses }, 80).join('\n')).toMatchInlineSnapshot(`
      "
      Results, failures first:

      FAIL runai.jfrog.io:443  tcp.refused
        rules: runai.runai
        What happened: Nothing accepted a connection to runai.jfrog.io on port 443: a
        firewall rejects it.
        What to do: Allow outbound TCP 443 from the cluster's nodes to runai.jfrog.io.
        Check by hand: curl -v https://runai.jfrog.io:443/

      WARN gcr.io:443  tls.intercepted
        rules: runai.gcr
        What happened: A proxy re-signs TLS with Corp CA.
        What to do: Trust Corp CA on every node.

      SKIP acme.azurecr.io:443  input.wildcard-unresolved
        rules: runai.acme

      1 other targets passed.
      1 more rule must be checked from another machine: system-node.
      Done: 1 pass, 1 warn, 1 fail, 1 skip."
    `);
  });
});
