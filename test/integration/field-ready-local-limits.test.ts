// This machine's limits are not the network's fault. The built single file runs in a namespace the
// test creates: under a low `ulimit -n` against silent listeners (every socket held to the step's
// deadline), and at --concurrency 2000 against a healthy dnsmasq (thousands of UDP questions at once).
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Report } from '../../src/report/index.js';
import { describeWithDeps, startDnsmasq, useNamespace } from '../harness/index.js';

const root = join(import.meta.dirname, '..', '..');
const built = join(root, 'dist', 'netreq.mjs');

/** Accepts on the peer ports and never says a word: each connection is held until the client gives up. */
const SILENT = `
const net = require('node:net');
const held = [];
for (const port of [6443, 2379, 10250]) {
  net.createServer((s) => { held.push(s); s.on('error', () => undefined); }).listen(port, '0.0.0.0');
}
console.log('silent');
`;

function reportOf(stdout: string, stderr: string): Report {
  try {
    return Report.parse(JSON.parse(stdout));
  } catch {
    throw new Error(`no report; stderr: ${stderr.slice(0, 800)}`);
  }
}

function causes(report: Report): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const f of report.findings) counts[`${f.status} ${f.cause ?? ''}`] = (counts[`${f.status} ${f.cause ?? ''}`] ?? 0) + 1;
  return counts;
}

describeWithDeps('this machine\'s limits (the built file, in a namespace)', ['ip', 'dnsmasq'], () => {
  describe('a low open-file limit', () => {
    const env = useNamespace({}, async (ns) => {
      const dir = await ns.tempDir('silent');
      await writeFile(join(dir, 'silent.cjs'), SILENT);
      await ns.spawn(process.execPath, [join(dir, 'silent.cjs')]).waitForOutput(/silent/, 10_000);
      return {};
    });

    it('field-ready 6: ulimit -n 64 caps the targets at once and says so; no EMFILE is blamed on the network', async () => {
      expect(existsSync(built)).toBe(true);
      // 20 peers on this machine's loopback, three silent ports each: 60 sockets held at once without a cap.
      const peers = Array.from({ length: 20 }, (_, i) => `--peer 127.0.0.${i + 2}`).join(' ');
      const command = `ulimit -n 64; exec '${process.execPath}' '${built}' check --product runai --role k8s-node --peers-only ${peers} --timeout 1000 --format json`;
      const r = await env().ns.exec('sh', ['-c', command], { cwd: root, timeoutMs: 120_000, env: { NO_COLOR: '1' } });
      expect(r.timedOut).toBe(false);
      const report = reportOf(r.stdout, r.stderr);
      const seen = causes(report);
      for (const bad of ['fail check.error', 'fail tcp.unreachable', 'fail peer.unreachable']) expect(seen, JSON.stringify(seen)).not.toHaveProperty([bad]);
      expect(JSON.stringify(report.findings)).not.toMatch(/EMFILE|ENFILE/);
      expect(r.stderr).toMatch(/open-file limit allows \(ulimit -n 64\): checking at most \d+ at once/);
    }, 150_000);
  });

  describe('a UDP flood against a healthy resolver', () => {
    const env = useNamespace({}, async (ns) => ({ dnsmasq: await startDnsmasq(ns, { domains: { 'peer.test': '127.0.0.2' } }) }));

    it('field-ready 6: --concurrency 2000 gives no false dns.timeout: what is in flight is bounded', async () => {
      expect(existsSync(built)).toBe(true);
      // 500 peers by name: 1,500 targets, each asking dnsmasq for A and AAAA twice (the lookup and the evidence).
      const peers = Array.from({ length: 500 }, (_, i) => `--peer node${i + 1}.peer.test`).join(' ');
      const command = `ulimit -n 65536; exec '${process.execPath}' '${built}' check --product runai --role k8s-node --peers-only ${peers} --dns-server 127.0.0.1 --concurrency 2000 --timeout 3000 --format json`;
      const r = await env().ns.exec('sh', ['-c', command], { cwd: root, timeoutMs: 120_000, env: { NO_COLOR: '1' } });
      expect(r.timedOut).toBe(false);
      const report = reportOf(r.stdout, r.stderr);
      const dnsCauses = report.findings.filter((f) => f.cause?.startsWith('dns.'));
      expect(dnsCauses.map((f) => `${f.target.host}:${f.target.port} ${f.cause}`).slice(0, 5)).toEqual([]);
      expect(report.findings.length).toBeGreaterThanOrEqual(1500);
    }, 150_000);
  });
});
