import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findingKey, type Report } from '../../src/schema/index.js';
import { netreq } from '../scenarios/run-scenario.js';

/** A site whose resolver answers SERVFAIL for every name, the site's own included: nothing resolves. */
const NOTHING_RESOLVES = `name: nothing-resolves-here
title: The resolver fails every name
description: Every name, public and internal, gets SERVFAIL from the node's resolver.
topology:
  products: [runai]
  roles: [installer, k8s-node]
  controlPlane: { fqdn: runai.corp.example }
  bcm: { headnodes: [bcm-head-01.corp.example] }
  prereqs: true
  wildcards:
    "*.pkg.dev": [us-docker.pkg.dev]
site:
  default: { dns: servfail }
timeoutMs: 3000
`;

const dir = mkdtempSync(join(tmpdir(), 'netreq-root-formats-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let report: Report;
const reportFile = join(dir, 'report.json');

beforeAll(async () => {
  writeFileSync(join(dir, 'site.yaml'), NOTHING_RESOLVES);
  const run = await netreq(dir, ['check', '--scenario-file', join(dir, 'site.yaml'), '--format', 'json']);
  expect(run.code).toBe(1);
  writeFileSync(reportFile, run.stdout);
  report = JSON.parse(run.stdout) as Report;
}, 60_000);

describe('a site where nothing resolves', () => {
  it('root-causes 2: one root cause explains every DNS finding (JSON)', () => {
    const dnsFailures = report.findings.filter((f) => f.cause?.startsWith('dns.') === true);
    expect(dnsFailures.length).toBeGreaterThan(10);
    expect(report.rootCauses?.map((c) => c.code)).toEqual(['root.dns-public-unresolved']);
    const [cause] = report.rootCauses ?? [];
    expect(cause?.title).toBe('This machine resolves no names at all');
    expect([...(cause?.findings ?? [])].sort()).toEqual(dnsFailures.map(findingKey).sort());
  });

  it('root-causes 2: every format leads with that one cause', async () => {
    const title = 'This machine resolves no names at all';
    const text = (await netreq(dir, ['report', reportFile, '--no-color'])).stdout;
    expect(text).toContain('ROOT CAUSES (1)');
    expect(text.indexOf(title)).toBeLessThan(text.indexOf('SKIP ('));
    const md = (await netreq(dir, ['report', reportFile, '--format', 'md'])).stdout;
    expect(md).toContain('## Root causes (1)');
    expect(md.indexOf(title)).toBeGreaterThan(-1);
    const html = (await netreq(dir, ['report', reportFile, '--format', 'html'])).stdout;
    expect(html).toContain(title);
    expect(html.indexOf(title)).toBeLessThan(html.indexOf('runai.jfrog.io'));
    const junit = (await netreq(dir, ['report', reportFile, '--format', 'junit'])).stdout;
    expect(junit).toContain('netreq.root-causes');
    expect(junit.indexOf('netreq.root-causes')).toBeLessThan(junit.indexOf('runai.jfrog.io'));
    const request = (await netreq(dir, ['rules', '--from', reportFile, '--format', 'md'])).stdout;
    expect(request).toContain('root.dns-public-unresolved');
    expect(request).toMatch(/Not a firewall entry/);
  }, 60_000);

  it('root-causes 1: reclassify makes the same root cause again from the saved observations', async () => {
    const run = await netreq(dir, ['report', reportFile, '--reclassify', '--format', 'json']);
    const again = JSON.parse(run.stdout) as Report;
    expect(again.rootCauses?.map((c) => [c.code, c.findings.length])).toEqual(report.rootCauses?.map((c) => [c.code, c.findings.length]));
  }, 60_000);
});
