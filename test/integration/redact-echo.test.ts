// A proxy that echoes the Basic credential it was sent (unpadded, base64url, percent-encoded) in
// its headers and page: no output of netreq may carry any form of it (issue 16, item 11).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { describeWithDeps, runNetreq, useNamespace } from '../harness/index.js';

const USER = 'svc-netreq';
// base64('svc-netreq:' + PASSWORD) has a '+', a '/' and '=' padding: every form differs.
const PASSWORD = 'Z~~?>>w9';
const PORT = 3128;
const SCRIPT = fileURLToPath(new URL('../harness/echo-proxy.mjs', import.meta.url));
const out = mkdtempSync(join(tmpdir(), 'netreq-redact-echo-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

const padded = Buffer.from(`${USER}:${PASSWORD}`).toString('base64');
const bare = padded.replace(/=+$/, '');
const forms = [PASSWORD, encodeURIComponent(PASSWORD), bare, bare.replace(/\+/g, '-').replace(/\//g, '_'), encodeURIComponent(padded)];

function expectClean(where: string, text: string): void {
  for (const form of forms) expect(text, `${where} holds ${form}`).not.toContain(form);
}

describeWithDeps('the proxy credential never survives redaction, whatever form a proxy echoes it in', ['ip', 'tar'], () => {
  const env = useNamespace({ resolvOptions: ['timeout:1', 'attempts:1'] }, async (ns) => {
    const proxy = ns.spawn(process.execPath, [SCRIPT, String(PORT)]);
    await proxy.waitForOutput(/\{"ready":true\}/);
    return { proxy };
  });

  it('field-ready 11: -v, report.json, the bundle (report.json/html/md, steps.ndjson) and the bundle re-rendered are clean', async () => {
    expect(padded).toMatch(/=$/);
    expect(bare).toMatch(/[+/]/);
    const bundle = join(out, 'support.tar.gz');
    const url = `http://${USER}:${encodeURIComponent(PASSWORD)}@127.0.0.1:${PORT}`;
    const r = await runNetreq(env().ns, ['check', '--product', 'runai', '--role', 'k8s-node', '--timeout', '3000', '--format', 'json', '-v', '--bundle', bundle], { env: { HTTPS_PROXY: url } });
    // The proxy's refusal is what the run reports, with its page: the echo reached netreq.
    expect(r.report?.findings.find((f) => f.target.host === 'runai.jfrog.io')).toMatchObject({ status: 'fail', cause: 'proxy.denied' });
    expect(r.stderr).toContain('echo-proxy');
    expectClean('stdout (report.json)', r.stdout);
    expectClean('stderr (-v)', r.stderr);

    const files = join(out, 'files');
    execFileSync('mkdir', ['-p', files]);
    execFileSync('tar', ['-xzf', bundle, '-C', files]);
    for (const name of ['report.json', 'report.html', 'report.md', 'steps.ndjson', 'environment.json', 'answers.yaml']) {
      const text = readFileSync(join(files, 'support', name), 'utf8');
      expectClean(`bundle ${name}`, text);
    }
    for (const format of ['text', 'json', 'html']) {
      const again = await runNetreq(env().ns, ['report', bundle, '--format', format, '-v']);
      expect(again.code, again.stderr).toBe(0);
      expectClean(`netreq report --format ${format}`, again.stdout + again.stderr);
    }
  });
});
