import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, type CliIo } from '../../src/cli/index.js';

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

const dir = mkdtempSync(join(tmpdir(), 'netreq-rules-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function netreq(...argv: string[]): Promise<Run> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const chunks = { out: [] as Buffer[], err: [] as Buffer[] };
  stdout.on('data', (chunk: Buffer) => chunks.out.push(chunk));
  stderr.on('data', (chunk: Buffer) => chunks.err.push(chunk));
  const io: CliIo = { stdout, stderr, stdin: new PassThrough(), env: {}, cwd: dir, signal: new AbortController().signal };
  const code = await runCli(argv, io);
  return { code, stdout: Buffer.concat(chunks.out).toString('utf8'), stderr: Buffer.concat(chunks.err).toString('utf8') };
}

interface JsonRow {
  id: string;
  product: string;
  direction: string;
  from: string[];
  host: string;
  pattern?: string;
  port: string;
  scheme: string;
  transport: string;
  purpose: string;
  sources: { doc: string; says?: string }[];
  when: Record<string, unknown>;
  location?: string;
  unresolved?: { cause: string; detail: string };
}

const json = (run: Run): JsonRow[] => JSON.parse(run.stdout) as JsonRow[];

// ---- every host and port of the reference documents, parsed from the markdown itself ----

// The project's copies of the vendor documents; the originals sit in ../shared beside a checkout.
const REFERENCE = join(import.meta.dirname, '..', '..', 'docs', 'reference');
const ORIGINALS = join(import.meta.dirname, '..', '..', '..', 'shared', 'reference');
const PLACEHOLDERS: Record<string, string> = {
  'NVIDIA Base Command Manager headnodes': '{headnode}',
  'NVIDIA Run:ai system nodes': '{systemNode}',
  'NVIDIA Run:ai control plane FQDN': '{controlPlane}',
};
const normalise = (host: string): string =>
  host.replace(/\\</g, '<').replace(/\\>/g, '>').replace(/<region-code>/g, '{regionCode}').replace(/<region>/g, '{region}').trim();

function endpointList(text: string): string[] {
  const out: string[] = [];
  let port = '';
  let inBlock = false;
  for (const line of text.split('\n')) {
    if (/^- HTTPs? on port (\d+)/i.test(line)) port = /port (\d+)/i.exec(line)?.[1] ?? '';
    if (line.trim().startsWith('```')) inBlock = !inBlock;
    else if (inBlock && line.trim() !== '') out.push(`${normalise(line)}:${port}`);
  }
  return out;
}

function azureTables(text: string): string[] {
  return text.split('\n').flatMap((line) => {
    const cells = line.split('|').map((cell) => cell.trim());
    const port = /^(https?):(\d+)$/.exec(cells[2] ?? '');
    if (!port) return [];
    return (cells[1] ?? '').split(',').map((host) => `${normalise(host)}:${port[2]}`);
  });
}

function runaiTables(text: string): string[] {
  // A table row may be broken over two lines (the RFC1918 row is): join until it ends with '|'.
  const rows = text.replace(/\n(?=\s*\|)(?<!\|\s*\n)/g, ' ').split('\n');
  return rows.flatMap((row) => {
    const cells = row.split('|').map((cell) => cell.trim()).filter((cell, i, all) => i > 0 && i < all.length - 1);
    const port = cells.at(-1) ?? '';
    if (!/^\d+$/.test(port)) return [];
    const destination = cells.at(-2) ?? '';
    return [`${PLACEHOLDERS[destination] ?? destination}:${port}`];
  });
}

function referenceEndpoints(): string[] {
  const read = (name: string): string => readFileSync(join(REFERENCE, name), 'utf8');
  return [
    ...endpointList(read('azureml-arc-endpoint-list.md')),
    ...azureTables(read('azureml-arc-network-requirements.md')),
    ...runaiTables(read('runai-network-requirements.md')),
  ];
}

describe('netreq rules --all', () => {
  it.skipIf(!existsSync(ORIGINALS))('keeps docs/reference identical to the vendor documents it copies', () => {
    for (const name of ['runai-network-requirements.md', 'azureml-arc-network-requirements.md', 'azureml-arc-endpoint-list.md']) {
      expect(readFileSync(join(REFERENCE, name), 'utf8')).toBe(readFileSync(join(ORIGINALS, name), 'utf8'));
    }
  });

  it('lists every host and port of the three reference documents', async () => {
    const expected = [...new Set(referenceEndpoints())];
    // The parse itself must have found the documents' rows, or this test proves nothing.
    expect(expected.length).toBeGreaterThan(60);
    expect(expected).toEqual(expect.arrayContaining(['{headnode}:22', '{systemNode}:443', '{controlPlane}:443', 'runai.jfrog.io:443', 'pypi.org:443', 'archive.ubuntu.com:80', '*.hcp.*.azmk8s.io:443', '{regionCode}.his.arc.azure.com:443', '*.workspace.{region}.api.azureml.ms:443']));
    const run = await netreq('rules', '--all', '--format', 'json');
    expect(run.code).toBe(0);
    const listed = new Set(json(run).map((row) => `${row.host}:${row.port}`));
    expect(expected.filter((endpoint) => !listed.has(endpoint))).toEqual([]);
  });

  it('rows carry the documented fields; the internal network is one guidance rule', async () => {
    const rows = json(await netreq('rules', '--all', '--format', 'json'));
    for (const row of rows) {
      for (const key of ['id', 'product', 'direction', 'from', 'host', 'port', 'scheme', 'transport', 'purpose', 'sources'] as const) expect(row[key]).toBeDefined();
    }
    expect(new Set(rows.map((row) => row.id)).size).toBe(rows.length);
    // The document's internal network is one guidance rule; the ports behind it are netreq's added rules (catalog/internal.yaml).
    const internal = rows.filter((row) => row.direction === 'internal').map((row) => row.id);
    expect(internal).toContain('runai.internal.node-to-node');
    // The reference documents' internal rules are Run:ai's; Azure ML's Kubernetes compute page (a newer edition) has its own.
    expect(internal.filter((id) => !id.startsWith('azureml-arc.internal.')).every((id) => id.startsWith('runai.internal.'))).toBe(true);
    // management.azure.com appears twice in one list: one rule citing both.
    const management = rows.filter((row) => row.host === 'management.azure.com');
    expect(management).toHaveLength(1);
    expect(management[0]?.sources).toHaveLength(2);
  });

  it('takes no site options', async () => {
    const run = await netreq('rules', '--all', '--product', 'runai');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--all.*--product/);
  });
});

/** The editions these cases were written for: the reference documents'. */
const REFERENCE_EDITIONS = ['--runai-version', 'runai-bcm-guide', '--azureml-arc-version', 'azureml-arc-reference'];

describe('netreq rules for a site', () => {
  it('needs --product and --role, and lists their values', async () => {
    const noProduct = await netreq('rules', '--role', 'installer');
    expect(noProduct.code).toBe(2);
    expect(noProduct.stderr).toMatch(/--product.*runai \| azureml-arc/);
    const noRole = await netreq('rules', '--product', 'runai');
    expect(noRole.code).toBe(2);
    expect(noRole.stderr).toMatch(/--role.*installer/);
  });

  it('bad input is exit 2: unknown flag, bad format, region outside the table, bad proxy, bad answers', async () => {
    expect((await netreq('rules', '--product', 'runai', '--role', 'installer', '--bogus')).code).toBe(2);
    expect((await netreq('rules', '--product', 'runai', '--role', 'installer', '--timeout', '5')).stderr).toMatch(/does not take --timeout/);
    expect((await netreq('rules', '--all', '--format', 'xml')).stderr).toMatch(/table, csv, md, json, squid, no-proxy/);
    const region = await netreq('rules', '--product', 'azureml-arc', '--role', 'k8s-node', '--region', 'westus3');
    expect([region.code, region.stderr.includes('catalog/regions.yaml')]).toEqual([2, true]);
    expect((await netreq('rules', '--product', 'runai', '--role', 'installer', '--proxy', '::nope')).code).toBe(2);
    writeFileSync(join(dir, 'bad.yaml'), 'products: [runai]\nroles: [nobody]\n');
    const answers = await netreq('rules', '--answers', 'bad.yaml');
    expect(answers.code).toBe(2);
    expect(answers.stderr).toMatch(/bad\.yaml:2: field 'roles\.0'/);
  });

  it('reads an answers file relative to the working folder; flags override it', async () => {
    writeFileSync(join(dir, 'site.yaml'), 'products: [runai]\nroles: [installer]\nbcm: { headnodes: [bcm01] }\n');
    const rows = json(await netreq('rules', '--answers', 'site.yaml', '--format', 'json'));
    expect(rows.find((row) => row.id === 'runai.bcm-ssh')).toMatchObject({ host: 'bcm01', pattern: '{headnode}', location: 'here' });
    const asNode = json(await netreq('rules', '--answers', 'site.yaml', '--role', 'k8s-node', '--format', 'json'));
    expect(asNode.find((row) => row.id === 'runai.bcm-ssh')?.location).toBe('elsewhere');
  });

  it('table: both sections, within 80 columns', async () => {
    const run = await netreq('rules', '--product', 'runai', '--product', 'azureml-arc', '--role', 'installer', '--headnode', 'bcm01', '--region', 'eastus', '--prereqs', ...REFERENCE_EDITIONS);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Check from this machine \(installer\): 2/m);
    expect(run.stdout).toMatch(/^Check from another machine/m);
    const long = run.stdout.split('\n').filter((line) => line.length > 80);
    // Only a single word longer than the line (a long host or URL) may stand alone on its own line.
    expect(long.filter((line) => line.trim().includes(' '))).toEqual([]);
  });

  it('md: a table per section; csv: one quoted row per target with a header', async () => {
    const md = await netreq('rules', '--product', 'runai', '--role', 'k8s-node', '--format', 'md');
    expect(md.stdout).toMatch(/^## Check from this machine \(k8s-node\)$/m);
    expect(md.stdout).toMatch(/^## Check from another machine$/m);
    expect(md.stdout).toContain('| `runai.jfrog.io` | 443 | https/tcp | outbound | k8s-node |');
    const csv = await netreq('rules', '--product', 'runai', '--role', 'k8s-node', '--format', 'csv');
    const lines = csv.stdout.trimEnd().split('\r\n');
    expect(lines[0]).toBe('id,product,section,direction,from,host,pattern,port,transport,scheme,check,when,purpose,source_ranges,added,retired,unresolved,location,sources');
    expect(lines.find((line) => line.startsWith('runai.registry,'))).toMatch(/^runai\.registry,runai,Installation: outbound rules,outbound,k8s-node,runai\.jfrog\.io,,443,tcp,https,registry-v2,,/);
  });

  it('squid: port 80 apart from CONNECT 443, *.x as .x, mid-name wildcards as regex', async () => {
    const run = await netreq('rules', '--product', 'azureml-arc', '--role', 'k8s-node', '--format', 'squid', ...REFERENCE_EDITIONS.slice(2));
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines).toContain('acl netreq_tls_443 dstdomain .azurecr.io');
    expect(lines).toContain('acl netreq_http_80 dstdomain ctldl.windowsupdate.com');
    expect(lines).toContain('acl netreq_tls_443_re dstdom_regex -i ^[a-z0-9-]+(\\.[a-z0-9-]+)*\\.hcp\\.[a-z0-9-]+\\.azmk8s\\.io$');
    expect(lines).toContain('http_access allow netreq_connect netreq_tls_443_port netreq_tls_443');
    expect(lines).toContain('http_access allow !netreq_connect netreq_http_80_port netreq_http_80');
    // quay.io is covered by .quay.io: listing both makes squid complain.
    expect(lines).not.toContain('acl netreq_tls_443 dstdomain quay.io');
    // Without --region the region hosts cannot be listed: said on stderr.
    expect(run.stderr).toMatch(/<region>\.api\.azureml\.ms is left out: needs --region/);
  });

  const squid = ['/usr/sbin/squid', '/usr/bin/squid'].find((path) => existsSync(path));
  it.skipIf(squid === undefined)('squid accepts the fragment (squid -k parse)', async () => {
    const run = await netreq('rules', '--product', 'azureml-arc', '--product', 'runai', '--role', 'k8s-node', '--region', 'eastus', '--prereqs', '--format', 'squid');
    writeFileSync(join(dir, 'netreq.conf'), run.stdout);
    writeFileSync(join(dir, 'squid.conf'), `http_port 127.0.0.1:3128\ninclude ${join(dir, 'netreq.conf')}\nhttp_access deny all\npid_filename none\ncache_log /dev/null\n`);
    const out = execFileSync(squid ?? 'squid', ['-k', 'parse', '-f', join(dir, 'squid.conf')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(out).not.toMatch(/WARNING|ERROR|FATAL/);
  });

  it('no-proxy: the cluster-internal value on stdout, the co-located control plane included, limits on stderr', async () => {
    const run = await netreq('rules', '--product', 'runai', '--role', 'system-node', '--control-plane', 'runai.corp.example', '--co-located', '--format', 'no-proxy');
    expect(run.stdout).toBe('localhost,127.0.0.1,::1,.svc,.cluster.local,10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,runai.corp.example\n');
    expect(run.stderr).toMatch(/pod and service CIDRs/);
    const remote = await netreq('rules', '--product', 'runai', '--role', 'system-node', '--control-plane', 'runai.saas.example', '--format', 'no-proxy');
    expect(remote.stdout).not.toContain('runai.saas.example');
    expect(remote.stderr).toMatch(/not co-located/);
  });
});
