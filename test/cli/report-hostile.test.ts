import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Report } from '../../src/report/index.js';
import { dumpDom, SKIP_CHROMIUM, textOf } from '../report/html-chromium.js';
import { bundleFiles, netreqIn, scenarioText, type Run } from './report-run.js';

const dir = mkdtempSync(join(tmpdir(), 'netreq-cli-hostile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Aimed at a browser: would mark the page if it ran. */
const SCRIPT = `<script>document.documentElement.setAttribute('data-pwned','1');document.title='pwned'</script><img src=x onerror="document.documentElement.setAttribute('data-pwned','img')">`;
/** Aimed at a terminal: retitle it, clear it, recolour, hide the cursor, an 8-bit CSI, a bidi override. */
const ESCAPES = '\u001b]0;pwned\u0007\u001b[2J\u001b[H\u001b[31m\u001b[?25l\u009b1m\u202e';
/** Node's HTTP server refuses control characters in headers: headers carry the markup and C1 only. */
const HEADER = `${SCRIPT} \u009b1m`;

const SCENARIO = {
  name: 'hostile-evidence',
  title: 'Servers that attack the report',
  description: 'A headnode whose SSH banner, and a registry whose headers and error page, carry script and terminal escapes.',
  topology: { products: ['runai'], roles: ['installer', 'k8s-node', 'system-node'], controlPlane: { fqdn: 'runai.corp.example' }, bcm: { headnodes: ['bcm-head-01.corp.example'] } },
  site: {
    hosts: {
      'bcm-head-01.corp.example': { ports: { 22: { ssh: { banner: `${SCRIPT}${ESCAPES}owned` } } } },
      'runai.jfrog.io': {
        ports: {
          443: {
            http: {
              status: 403,
              headers: { server: HEADER, via: HEADER, 'content-type': 'text/html', 'www-authenticate': HEADER },
              body: `<html><head><title>${SCRIPT}${ESCAPES}Blocked</title></head><body>${SCRIPT}${ESCAPES}</body></html>`,
            },
          },
        },
      },
    },
  },
};

/** Bytes no server may get to a terminal: ESC, BEL, C0 but tab and newline, DEL, C1, bidi overrides. */
// eslint-disable-next-line no-control-regex -- control characters are what this matches
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

const runs = new Map<string, Run>();
beforeAll(async () => {
  writeFileSync(join(dir, 'hostile.yaml'), scenarioText(SCENARIO));
  for (const format of ['text', 'json', 'md', 'junit']) {
    runs.set(format, await netreqIn(dir, ['check', '--scenario-file', 'hostile.yaml', '--timeout', '2000', '-v', '--format', format, '--bundle', `hostile-${format}.tar.gz`]));
  }
}, 90_000);

describe('a hostile server\'s banner, headers and error page', () => {
  it('reached the evidence: the SSH banner and the page title are there, as text', () => {
    const report = Report.parse(JSON.parse(runs.get('json')?.stdout ?? ''));
    const ssh = report.findings.find((f) => f.target.port === 22)?.steps.find((s) => s.step === 'ssh');
    expect(JSON.stringify(ssh?.evidence)).toContain('<script>document.documentElement');
    const jfrog = report.findings.find((f) => f.target.host === 'runai.jfrog.io');
    expect(jfrog?.status).toBe('fail');
    expect(JSON.stringify(jfrog?.steps)).toContain('<script>');
  });

  for (const format of ['text', 'json', 'md', 'junit']) {
    it(`--format ${format} -v: no escape or control byte reaches the terminal (stdout or stderr)`, () => {
      const run = runs.get(format);
      expect(run?.stdout.length).toBeGreaterThan(100);
      expect(run?.stderr).toContain('runai.jfrog.io');
      expect(run?.stdout).not.toMatch(CONTROL);
      expect(run?.stderr).not.toMatch(CONTROL);
    });
  }

  it('netreq report of the bundle: no escape byte either', async () => {
    const run = await netreqIn(dir, ['report', 'hostile-text.tar.gz', '-v']);
    expect(run.stdout).toContain('bcm-head-01.corp.example');
    expect(run.stdout).not.toMatch(CONTROL);
  });

  it('no file of the bundle holds an escape or control byte (JSON writes them as \\u escapes)', () => {
    for (const [name, content] of bundleFiles(readFileSync(join(dir, 'hostile-json.tar.gz')))) expect(content.toString('utf8'), name).not.toMatch(CONTROL);
  });

  it('report.html of the bundle is escaped: no markup of the server\'s in it', () => {
    const html = bundleFiles(readFileSync(join(dir, 'hostile-text.tar.gz'))).get('report.html')?.toString() ?? '';
    expect(html).toContain('&lt;script&gt;document.documentElement');
    expect(html).not.toMatch(/<(script|img)[\s>]/i);
    expect(html).not.toMatch(CONTROL);
  });

  it.skipIf(SKIP_CHROMIUM)('report.html opened in Chromium: no script runs, the title is ours, the evidence is readable', async () => {
    const html = bundleFiles(readFileSync(join(dir, 'hostile-text.tar.gz'))).get('report.html')?.toString() ?? '';
    const dom = await dumpDom(html);
    expect(dom).not.toMatch(/<html[^>]*data-pwned/);
    expect(dom).toMatch(/<title>netreq report: \d+ fail, \d+ warn, \d+ pass, \d+ skip<\/title>/);
    expect(dom).not.toMatch(/<(script|img)[\s>]/i);
    const text = textOf(dom);
    expect(text).toContain("<script>document.documentElement.setAttribute('data-pwned','1')");
    expect(text).toMatch(/Failures \(\d+\)/);
  });
});
