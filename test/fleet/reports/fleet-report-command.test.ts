// `netreq report FILE` on a fleet report: text, JSON, Markdown and HTML; the HTML leads with the
// root causes across nodes (folded host ranges), then the matrix of nodes by targets, then the
// nodes not checked; whatever came from a node is text in the page, never markup. A bad file is
// exit 2 with the file and the field named.
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FleetReport } from '../../../src/fleet/index.js';
import { tarGz } from '../../../src/report/index.js';
import { netreqIn } from '../../cli/report-run.js';
import { dumpDom, SKIP_CHROMIUM, textOf } from '../../report/html-chromium.js';
import { rackFleet } from './fleet-fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'netreq-fleet-report-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SCRIPT = `<script>document.documentElement.setAttribute('data-pwned','1')</script><img src=x onerror="document.title='pwned'">`;

function save(name: string, value: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value));
  return path;
}

/** The rack fleet with markup in a node's name and in a finding's text, as a hostile file would have them. */
function hostile(): FleetReport {
  const report = rackFleet();
  const evil = `gpu020${SCRIPT}`;
  return {
    ...report,
    nodes: report.nodes.map((n) => (n.name === 'gpu020' ? { ...n, name: evil } : n)),
    findings: report.findings.map((f) => (f.node === 'gpu020' ? { ...f, node: evil } : f.cause === 'node.ssh-auth' ? { ...f, explanation: `refused ${SCRIPT}` } : f)),
  };
}

describe('netreq report on a fleet report', () => {
  it('fleet 4: the HTML leads with root causes (nodes as a host range), then the matrix, then the nodes not checked', async () => {
    const out = await netreqIn(dir, ['report', save('fleet.json', rackFleet()), '--format', 'html']);
    expect(out.code, out.stderr).toBe(0);
    const html = out.stdout;
    const at = (id: string): number => html.indexOf(`id="${id}"`);
    expect(at('root-causes')).toBeGreaterThan(0);
    expect(at('matrix')).toBeGreaterThan(at('root-causes'));
    expect(at('nodes-not-checked')).toBeGreaterThan(at('matrix'));
    expect(html).toContain('3 of 5 nodes');
    expect(html).toContain('gpu[017-019]');
    expect(html).toContain('10.1.7.0/24');
    // The matrix: gpu017's registry cell fails, gpu020's passes, gpu021 is a row that was not checked.
    const row = (name: string): string => html.slice(html.indexOf(`<code>${name}</code></th>`), html.indexOf('</tr>', html.indexOf(`<code>${name}</code></th>`)));
    expect(row('gpu017')).toContain('title="FAIL tcp.timeout"');
    expect(row('gpu020')).not.toContain('FAIL');
    expect(row('gpu021')).toContain('not checked: node.ssh-auth');
    expect(html.slice(at('nodes-not-checked'))).toContain('authorized_keys');
  });

  it('fleet 5: a node name or a finding text with <script> is text in the page, never markup', async () => {
    const out = await netreqIn(dir, ['report', save('hostile.json', hostile()), '--format', 'html']);
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).not.toMatch(/<(script|img)[\s>]/i);
    expect(out.stdout).toContain('gpu020&lt;script&gt;document.documentElement');
    expect(out.stdout).toContain('refused &lt;script&gt;');
  });

  it.skipIf(SKIP_CHROMIUM)('fleet 5: the hostile page opened in Chromium: nothing runs, the node name reads as it was sent', async () => {
    const out = await netreqIn(dir, ['report', save('hostile-dom.json', hostile()), '--format', 'html']);
    const dom = await dumpDom(out.stdout);
    expect(dom).not.toMatch(/<html[^>]*data-pwned/);
    expect(dom).toMatch(/<title>netreq fleet: 5 nodes, 4 checked, 1 not checked, 4 failing<\/title>/);
    expect(textOf(dom)).toContain(`gpu020<script>document.documentElement.setAttribute('data-pwned','1')</script>`);
  }, 90_000);

  it('fleet 4: text, JSON and Markdown; the JSON is the fleet report again', async () => {
    const path = save('formats.json', rackFleet());
    const text = await netreqIn(dir, ['report', path]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^netreq fleet: 5 nodes, 4 checked, 1 not checked, 4 failing/);
    expect(text.stdout).toContain('Root causes across nodes');
    expect(text.stdout).toContain('gpu[017-019]');
    const json = await netreqIn(dir, ['report', path, '--format', 'json']);
    expect(FleetReport.parse(JSON.parse(json.stdout))).toEqual(rackFleet());
    const md = await netreqIn(dir, ['report', path, '--format', 'md']);
    expect(md.stdout).toContain('## Root causes across nodes');
  });

  it('fleet 4: the fleet bundle (fleet.json inside) is read too', async () => {
    const bundle = join(dir, 'fleet.tar.gz');
    writeFileSync(bundle, tarGz([{ name: 'fleet.json', content: Buffer.from(JSON.stringify(rackFleet())) }, { name: 'nodes/' }], new Date()));
    const out = await netreqIn(dir, ['report', bundle]);
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).toContain('gpu[017-019]');
  });

  it('fleet 4: a bad fleet file is exit 2 naming the file and the field; junit and --reclassify are refused', async () => {
    const broken = { ...rackFleet(), nodes: [{ name: 7 }] };
    const bad = await netreqIn(dir, ['report', save('broken.json', broken)]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('broken.json: not a netreq fleet report');
    expect(bad.stderr).toMatch(/broken\.json: nodes\.0\.name: /);
    const notJson = await netreqIn(dir, ['report', save('cut.json', '{"kind": "fleet", "nodes": [')]);
    expect(notJson.code).toBe(2);
    expect(notJson.stderr).toContain('cut.json: not valid JSON');
    const junit = await netreqIn(dir, ['report', save('ok.json', rackFleet()), '--format', 'junit']);
    expect(junit.code).toBe(2);
    expect(junit.stderr).toContain("--format 'junit' is not a fleet report format");
    const again = await netreqIn(dir, ['report', join(dir, 'ok.json'), '--reclassify']);
    expect(again.code).toBe(2);
  });

  it('fleet 4: a file larger than any report is refused before it is read', async () => {
    const huge = save('huge.json', '{');
    truncateSync(huge, 300 * 1024 * 1024);
    const out = await netreqIn(dir, ['report', huge]);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/huge\.json: \d+ bytes; a netreq report is at most/);
  });
});
