// `--helm-repo URL`: the site's chart repository checked in place of the vendor's, by the engine
// every front end reads, against a real HTTPS server on loopback with its own CA. The vendor's
// repository is skip helm.via-site-repo and never contacted.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog, type Catalog } from '../../src/catalog/index.js';
import { checkSite } from '../../src/engine/index.js';
import { createNetwork, resolveProxySettings } from '../../src/net/index.js';
import type { Report } from '../../src/schema/index.js';
import { topologyFromFlags } from '../../src/topology/index.js';
import { createCa, issueCert } from '../harness/index.js';

const INDEX = 'apiVersion: v1\nentries:\n  control-plane:\n  - name: control-plane\n    version: 2.22.0\n    urls:\n    - control-plane-2.22.0.tgz\ngenerated: "2026-01-01T00:00:00Z"\n';
const PAGE = '<!doctype html><html><head><title>Artifactory</title></head><body>Welcome</body></html>';

const dir = mkdtempSync(join(tmpdir(), 'netreq-helm-repo-'));
let server: Server;
let port = 0;
let caFile = '';
const asked: string[] = [];

beforeAll(async () => {
  const ca = await createCa(dir, 'netreq helm test CA');
  const leaf = await issueCert(ca, dir, { commonName: '127.0.0.1', dnsNames: ['localhost'], ips: ['127.0.0.1'] });
  caFile = ca.certPath;
  server = createServer({ cert: readFileSync(leaf.certPath), key: readFileSync(leaf.keyPath) }, (request, response) => {
    asked.push(request.url ?? '');
    if (request.url === '/charts/index.yaml') response.writeHead(200, { 'content-type': 'application/x-yaml' }).end(INDEX);
    else if (request.url === '/web/index.yaml') response.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
    else response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

/** The real catalog's Run:ai Helm repository rule alone: the installer's check of its charts. */
function helmCatalog(): Catalog {
  const catalog = loadCatalog();
  return { ...catalog, rules: catalog.rules.filter((rule) => rule.id === 'runai.helm-repo') };
}

async function checkWith(helmRepo: string): Promise<Report> {
  const topology = topologyFromFlags({ product: ['runai'], role: ['installer'], 'helm-repo': helmRepo });
  const input = { topology, catalog: helmCatalog(), proxy: resolveProxySettings({}), limits: { stepTimeoutMs: 3_000, maxTimeMs: 20_000, concurrency: 4 } };
  const services = { network: createNetwork({ systemCaPath: null, caFiles: [caFile] }), signal: new AbortController().signal };
  for await (const event of checkSite(input, services)) if (event.type === 'done') return event.report;
  throw new Error('no report');
}

describe('mirrors 3: the site\'s chart repository (--helm-repo)', () => {
  it('mirrors 3: a repository serving a Helm index passes, and the vendor\'s is skip helm.via-site-repo naming it', async () => {
    const report = await checkWith(`https://127.0.0.1:${port}/charts`);
    const site = report.findings.find((f) => f.target.host === '127.0.0.1');
    expect(site).toMatchObject({ status: 'pass', ruleIds: ['runai.helm-repo'] });
    expect(site?.steps.map((s) => s.step)).toEqual(['dns', 'tcp', 'tls', 'http']);
    const vendor = report.findings.find((f) => f.target.host === 'runai.jfrog.io');
    expect(vendor).toMatchObject({ status: 'skip', cause: 'helm.via-site-repo', steps: [] });
    expect(vendor?.explanation).toContain(`https://127.0.0.1:${port}/charts`);
    expect(asked).toContain('/charts/index.yaml');
  });

  it('mirrors 3: a repository URL that answers 404 fails http.unexpected-status, naming the index URL', async () => {
    const report = await checkWith(`https://127.0.0.1:${port}/nothing-here/`);
    const site = report.findings.find((f) => f.target.host === '127.0.0.1');
    expect(site).toMatchObject({ status: 'fail', cause: 'http.unexpected-status' });
    expect(site?.explanation).toContain('404');
    expect(site?.explanation).toContain(`/nothing-here/index.yaml`);
  });

  it('mirrors 3: a 200 that is not a Helm index (a web page) fails helm.not-an-index, with the remediation naming helm repo add\'s URL forms', async () => {
    const report = await checkWith(`https://127.0.0.1:${port}/web`);
    const site = report.findings.find((f) => f.target.host === '127.0.0.1');
    expect(site).toMatchObject({ status: 'fail', cause: 'helm.not-an-index' });
    expect(site?.explanation).toContain('not a Helm repository index');
    expect(site?.remediation).toContain('/artifactory/api/helm/');
    expect(report.findings.find((f) => f.target.host === 'runai.jfrog.io')?.status).toBe('skip');
  });
});
