import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { answersYaml, BUNDLE_FILES, bundleBytes, bundleFolder, createRedaction, Environment, loadReportFile, readTar, Report, ReportFileError, stepsNdjson, tarBytes, tarGz, TarError, writeBundle, writeFileAtomic, WriteFileError, type BundleInput } from '../../src/report/index.js';
import { gatherEnvironment } from '../../src/host/index.js';
import { fakeRoot, INTERFACES, SYSTEM } from './environment-fixtures.js';
import { sampleReport } from './sample-report.js';

const dir = mkdtempSync(join(tmpdir(), 'netreq-bundle-'));
const root = fakeRoot({ '/etc/resolv.conf': 'nameserver 10.0.0.2\n' });
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  root.remove();
});

function input(): BundleInput {
  const report = sampleReport();
  const withProxy = { ...report, topology: { products: ['runai'], roles: ['installer'], proxy: { url: 'http://svc:***@proxy.corp.example:3128', noProxy: '.corp' } } };
  const environment = gatherEnvironment({ root: root.root, env: {}, hosts: [], netreqVersion: '0.1.0', now: new Date(report.finishedAt), interfaces: INTERFACES, system: SYSTEM, timeZone: 'UTC' });
  return { report: Report.parse(withProxy), environment };
}

const hasTar = (() => {
  try {
    execFileSync('tar', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe('the tar writer and reader', () => {
  it('round-trips files, long names and empty files', () => {
    const long = `${'d'.repeat(120)}/${'f'.repeat(90)}.txt`;
    const entries = [{ name: 'top/' }, { name: 'top/a.txt', content: Buffer.from('hello') }, { name: long, content: Buffer.alloc(1500, 7) }, { name: 'top/empty', content: Buffer.alloc(0) }];
    const files = readTar(tarGz(entries, new Date('2025-06-01T00:00:00Z')));
    expect(files.map((f) => [f.name, f.content.length])).toEqual([['top/a.txt', 5], [long, 1500], ['top/empty', 0]]);
    expect(files[0]?.content.toString()).toBe('hello');
  });

  it('refuses absolute and parent paths, and says what is wrong with a bad archive', () => {
    expect(() => tarBytes([{ name: '/etc/passwd', content: Buffer.from('x') }], new Date())).toThrow(/refusing/);
    expect(() => tarBytes([{ name: 'a/../../b', content: Buffer.from('x') }], new Date())).toThrow(/refusing/);
    expect(() => readTar(Buffer.from('x'.repeat(600)))).toThrow(TarError);
    expect(() => readTar(gzipSync(Buffer.from('short')))).toThrow(/shorter than one header/);
    const truncated = tarBytes([{ name: 'a', content: Buffer.alloc(2000, 1) }], new Date()).subarray(0, 1024);
    expect(() => readTar(truncated)).toThrow(/truncated/);
  });

  it.skipIf(!hasTar)('plain tar reads what it writes, modes and order included', () => {
    const path = join(dir, 'plain.tar.gz');
    writeFileSync(path, tarGz([{ name: 'x/' }, { name: 'x/one', content: Buffer.from('1') }, { name: 'x/two', content: Buffer.from('22') }], new Date('2025-01-01T00:00:00Z')));
    const listing = execFileSync('tar', ['-tzvf', path], { encoding: 'utf8' }).trim().split('\n');
    expect(listing.map((l) => l.split(/\s+/)[0])).toEqual(['drwx------', '-rw-------', '-rw-------']);
    expect(listing.map((l) => l.split(/\s+/).at(-1))).toEqual(['x/', 'x/one', 'x/two']);
  });
});

describe('the bundle', () => {
  it('holds the documented files in a fixed order, under a folder named after the bundle', async () => {
    const built = await bundleBytes('site-a', input(), createRedaction());
    expect(built.entries).toEqual(['site-a/', ...BUNDLE_FILES.map((f) => `site-a/${f}`)]);
    expect(readTar(built.bytes).map((f) => f.name)).toEqual(BUNDLE_FILES.map((f) => `site-a/${f}`));
    expect(bundleFolder('/tmp/Site A (prod).tar.gz')).toBe('Site-A-prod');
    expect(bundleFolder('.tgz')).toBe('netreq-bundle');
  });

  it('is the same bytes for the same input (stable order, the report\'s own time)', async () => {
    const a = await bundleBytes('b', input(), createRedaction());
    const b = await bundleBytes('b', input(), createRedaction());
    expect(a.bytes.equals(b.bytes)).toBe(true);
  });

  it('each file is what it says: the Report, its markdown and page, the environment, answers to rerun, steps', async () => {
    const files = Object.fromEntries(readTar((await bundleBytes('b', input(), createRedaction())).bytes).map((f) => [f.name.slice(2), f.content.toString('utf8')]));
    expect(Report.parse(JSON.parse(files['report.json'] ?? '')).findings).toHaveLength(7);
    expect(files['report.md']).toContain('# netreq report');
    expect(files['report.html']).toMatch(/^<!DOCTYPE html>/);
    expect(Environment.safeParse(JSON.parse(files['environment.json'] ?? '')).success).toBe(true);
    expect(files['answers.yaml']).toContain('url: http://svc@proxy.corp.example:3128');
    expect(files['answers.yaml']).toContain('The proxy password is not saved');
    const lines = (files['steps.ndjson'] ?? '').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.length).toBe(sampleReport().findings.reduce((n, f) => n + f.steps.length, 0));
    expect(lines[0]).toMatchObject({ finding: 0, target: { host: 'denied.example.com' }, step: 'dns' });
  });

  it('steps.ndjson carries each step\'s start and end', () => {
    const report = sampleReport();
    const step = report.findings[0]?.steps[0];
    if (!step) throw new Error('sample has steps');
    const one = { ...report, findings: [{ ...report.findings[0]!, steps: [{ ...step, startedAt: '2025-06-01T12:00:00.000Z', ms: 250 }] }] };
    expect(JSON.parse(stepsNdjson(one))).toMatchObject({ startedAt: '2025-06-01T12:00:00.000Z', finishedAt: '2025-06-01T12:00:00.250Z' });
  });

  it('answers.yaml from a topology that no longer validates is still given, marked', () => {
    expect(answersYaml({ products: ['nope'] }, new Date(0))).toMatch(/^# netreq answers from a report.*\nproducts:\n {2}- nope/);
  });
});

describe('writing', () => {
  it('writes mode 0600 atomically and leaves no temporary file', async () => {
    const path = join(dir, 'ok.tar.gz');
    const written = await writeBundle(path, input(), createRedaction());
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(written.entries).toHaveLength(BUNDLE_FILES.length + 1);
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('fails with the path and the cause for a missing folder or a path through a file', () => {
    expect(() => writeFileAtomic(join(dir, 'missing', 'b.tar.gz'), Buffer.from('x'))).toThrow(WriteFileError);
    expect(() => writeFileAtomic(join(dir, 'missing', 'b.tar.gz'), Buffer.from('x'))).toThrow(/missing\/b\.tar\.gz: the folder does not exist \(ENOENT\)/);
    writeFileSync(join(dir, 'afile'), 'x');
    expect(() => writeFileAtomic(join(dir, 'afile', 'b.tar.gz'), Buffer.from('x'))).toThrow(/ENOTDIR/);
  });

  it.skipIf(process.getuid?.() === 0)('fails for a read-only folder', () => {
    const ro = join(dir, 'ro');
    mkdirSync(ro);
    chmodSync(ro, 0o500);
    expect(() => writeFileAtomic(join(ro, 'b.tar.gz'), Buffer.from('x'))).toThrow(/EACCES/);
  });

  it('an interruption leaves no bundle and no temporary file, and keeps an earlier bundle whole', () => {
    const path = join(dir, 'keep.tar.gz');
    writeFileSync(path, 'earlier');
    const controller = new AbortController();
    controller.abort();
    expect(() => writeFileAtomic(path, Buffer.from('new'), { signal: controller.signal })).toThrow(/interrupted/);
    expect(readFileSync(path, 'utf8')).toBe('earlier');
    expect(existsSync(join(dir, 'never.tar.gz'))).toBe(false);
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});

describe('loadReportFile', () => {
  it('reads a bundle: the report and its environment', async () => {
    const path = join(dir, 'read.tar.gz');
    await writeBundle(path, input(), createRedaction());
    const loaded = loadReportFile(path);
    expect(loaded.report.findings).toHaveLength(7);
    expect(loaded.environment?.os.hostname).toBe('node-1');
    expect(loaded.warnings).toEqual([]);
  });

  it('reads a report.json', () => {
    const path = join(dir, 'report.json');
    writeFileSync(path, JSON.stringify(sampleReport()));
    expect(loadReportFile(path).report.summary).toEqual(sampleReport().summary);
  });

  it('names the file and the path of what does not validate', () => {
    const path = join(dir, 'bad.json');
    const bad = { ...sampleReport(), findings: [{ ...sampleReport().findings[0], status: 'maybe' }] };
    writeFileSync(path, JSON.stringify(bad));
    expect(() => loadReportFile(path)).toThrow(ReportFileError);
    expect(() => loadReportFile(path)).toThrow(new RegExp(`${path}: findings\\.0\\.status: `));
  });

  it('names the member of a bundle that does not validate, and ignores a bad environment with a warning', () => {
    const path = join(dir, 'bad.tar.gz');
    writeFileSync(path, tarGz([{ name: 'b/report.json', content: Buffer.from('{"schemaVersion": 9}') }], new Date()));
    expect(() => loadReportFile(path)).toThrow(new RegExp(`${path}:b/report\\.json: schemaVersion: `));
    const half = join(dir, 'half.tar.gz');
    writeFileSync(half, tarGz([{ name: 'b/report.json', content: Buffer.from(JSON.stringify(sampleReport())) }, { name: 'b/environment.json', content: Buffer.from('{}') }], new Date()));
    const loaded = loadReportFile(half);
    expect(loaded.environment).toBeUndefined();
    expect(loaded.warnings[0]).toMatch(/half\.tar\.gz:b\/environment\.json: ignored/);
  });

  it('says what is wrong with a file that is neither', () => {
    const path = join(dir, 'notes.txt');
    writeFileSync(path, 'hello');
    expect(() => loadReportFile(path)).toThrow(/neither a report\.json nor a netreq bundle/);
    expect(() => loadReportFile(join(dir, 'absent.json'))).toThrow(/cannot read the file \(ENOENT\)/);
    writeFileSync(join(dir, 'broken.json'), '{ nope');
    expect(() => loadReportFile(join(dir, 'broken.json'))).toThrow(/broken\.json: not valid JSON/);
  });
});
