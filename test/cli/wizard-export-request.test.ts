import { PassThrough } from 'node:stream';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/index.js';
import type { CliIo } from '../../src/cli/io.js';
import { proxySettingsFrom } from '../../src/cli/site-input.js';
import { wizardServices } from '../../src/cli/wizard-services.js';
import type { Network } from '../../src/net/index.js';
import { Report } from '../../src/report/index.js';
import { netreqIn } from './report-run.js';
import { reportJson } from './rules-from-report.js';

const dir = mkdtempSync(join(tmpdir(), 'netreq-wizard-request-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const io: CliIo = { stdin: new PassThrough(), stdout: new PassThrough(), stderr: new PassThrough(), env: {}, cwd: dir, signal: new AbortController().signal };
// Exporting runs nothing: the services' network is never reached here.
const network = {} as Network;
const services = wizardServices(loadCatalog(), { network, proxyFor: (t) => proxySettingsFrom({}, {}, t), limits: { stepTimeoutMs: 1_000, maxTimeMs: 5_000, concurrency: 4 } }, io);

describe("the wizard's export after a check", () => {
  it('root-causes 3: the change request from the run\'s report is the one `netreq rules --from` makes', async () => {
    const text = reportJson();
    writeFileSync(join(dir, 'report.json'), text);
    const report = Report.parse(JSON.parse(text));
    for (const format of ['md', 'csv', 'table', 'json', 'squid'] as const) {
      const cli = await netreqIn(dir, ['rules', '--from', 'report.json', '--format', format]);
      expect([format, services.exportRequest(report, format)]).toEqual([format, cli.stdout]);
    }
    expect(services.exportRequest(report, 'md')).toMatch(/^## 1\. .*root\.allowlist-family/m);
  });

  it('root-causes 3: a no-proxy export carries its root cause lines as # lines after the value', () => {
    const report = Report.parse(JSON.parse(reportJson()));
    const lines = services.exportRequest(report, 'no-proxy').split('\n');
    expect(lines[0]).toBe('localhost,127.0.0.1,::1,.svc,.cluster.local,10.0.0.0/8,172.16.0.0/12,192.168.0.0/16');
    expect(lines).toContain('# root.dns-public-unresolved: opening ports will not help: ask for a DNS change: Ask the DNS team to forward public names from 10.0.0.2 to an upstream resolver, or use the proxy.');
  });
});
