import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { saveBundle } from '../../src/cli/output-report.js';
import { proxySettingsFrom } from '../../src/cli/site-input.js';
import { Topology } from '../../src/topology/index.js';
import { captureIo } from '../scenarios/run-scenario.js';
import { sampleReport } from '../report/sample-report.js';

const dir = mkdtempSync(join(tmpdir(), 'netreq-bundle-message-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the bundle message', () => {
  it('field-ready 22: says the proxy password was masked, never "nothing redacted", when the run had one', async () => {
    const password = 'Wiz4rdPassw0rd';
    const topology = Topology.parse({ products: ['runai'], roles: ['installer'], proxy: { url: `http://jdoe:${password}@proxy.corp.example:3128` } });
    const proxy = proxySettingsFrom({}, {}, topology);
    const { io } = captureIo(dir);
    const path = join(dir, 'with-password.tar.gz');
    const saved = await saveBundle(sampleReport(), path, io, { proxy });
    expect(saved.ok).toBe(true);
    expect(saved.text).toMatch(/redacted: the proxy password masked/);
    expect(saved.text).not.toMatch(/nothing/);
    expect(gunzipSync(readFileSync(path)).toString('latin1')).not.toContain(password);
  });

  it('says plainly when there was nothing to redact', async () => {
    const { io } = captureIo(dir);
    const saved = await saveBundle(sampleReport(), join(dir, 'plain.tar.gz'), io);
    expect(saved.text).not.toMatch(/proxy password/);
  });
});
