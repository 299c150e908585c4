import { describe, expect, it } from 'vitest';
import { compareRootCauses, compareScenarioRun, formatMismatches, type KeyedFinding } from '../../src/sim/index.js';
import { findingKey } from '../../src/schema/index.js';

const finding = (host: string, ruleIds: string[], status: KeyedFinding['status'], cause?: string): KeyedFinding => ({
  ruleIds,
  target: { host, port: 443, scheme: 'https', transport: 'tcp', via: 'direct' },
  status,
  ...(cause !== undefined ? { cause } : {}),
});
const gcr = finding('gcr.io', ['runai.prereqs.gcr'], 'fail', 'dns.nxdomain');
const quay = finding('quay.io', ['runai.prereqs.quay-io'], 'fail', 'dns.nxdomain');
const ghcr = finding('ghcr.io', ['runai.prereqs.ghcr'], 'fail', 'dns.nxdomain');
const pypi = finding('pypi.org', ['x.pypi'], 'pass');
const clock: KeyedFinding = { ...finding('gcr.io', ['host.clock'], 'fail', 'clock.skew'), source: 'site' };
const findings = [gcr, quay, ghcr, pypi, clock];
const dns = { code: 'root.dns-public-unresolved', findings: [gcr, quay, ghcr].map(findingKey) };
const clockCause = { code: 'root.clock-wrong', findings: [findingKey(clock)] };

describe('root-causes 1: comparing a run\'s root causes with a scenario\'s', () => {
  it('the same codes, and explains naming exactly the explained findings: no mismatch', () => {
    const expected = [{ code: 'root.clock-wrong', explains: ['host.clock'] }, { code: 'root.dns-public-unresolved', explains: ['gcr.io:443', 'runai.prereqs.quay-io', 'ghcr.io:443'] }];
    expect(compareRootCauses(expected, [dns, clockCause], findings)).toEqual([]);
    // Without explains, only the codes are compared.
    expect(compareRootCauses([{ code: 'root.dns-public-unresolved' }], [dns], findings)).toEqual([]);
    expect(compareRootCauses([], [], findings)).toEqual([]);
  });

  it('an expected root cause not produced is a row', () => {
    expect(compareRootCauses([{ code: 'root.clock-wrong' }, { code: 'root.dns-public-unresolved' }], [dns], findings)).toEqual([
      { about: 'root-cause', key: 'root.clock-wrong', target: 'root cause', rules: [], expected: 'root.clock-wrong', got: '(not produced)' },
    ]);
  });

  it('a produced root cause not expected is a row, and codes count as a multiset', () => {
    expect(compareRootCauses([], [dns], findings)).toEqual([
      { about: 'root-cause', key: 'root.dns-public-unresolved', target: 'root cause', rules: [], expected: '(not expected)', got: 'root.dns-public-unresolved (3 findings)' },
    ]);
    const twice = compareRootCauses([{ code: 'root.dns-public-unresolved' }, { code: 'root.dns-public-unresolved' }], [dns], findings);
    expect(twice.map((m) => [m.expected, m.got])).toEqual([['root.dns-public-unresolved', '(not produced)']]);
  });

  it('a key it should explain that it does not is a row', () => {
    const partial = { code: 'root.dns-public-unresolved', findings: [gcr, quay].map(findingKey) };
    const rows = compareRootCauses([{ code: 'root.dns-public-unresolved', explains: ['gcr.io:443', 'quay.io:443', 'ghcr.io:443', 'nope.example:443'] }], [partial], findings);
    expect(rows).toEqual([
      { about: 'root-cause', key: 'ghcr.io:443', target: 'ghcr.io:443', rules: ['runai.prereqs.ghcr'], expected: 'explained by root.dns-public-unresolved', got: 'not explained by root.dns-public-unresolved' },
      { about: 'root-cause', key: 'nope.example:443', target: 'nope.example:443', rules: [], expected: 'explained by root.dns-public-unresolved', got: '(no finding)' },
    ]);
  });

  it('a finding it explains that no key names is a row', () => {
    const rows = compareRootCauses([{ code: 'root.dns-public-unresolved', explains: ['gcr.io:443', 'quay.io:443'] }], [dns], findings);
    expect(rows).toEqual([
      { about: 'root-cause', key: 'ghcr.io:443', target: 'ghcr.io:443', rules: ['runai.prereqs.ghcr'], expected: 'not explained by root.dns-public-unresolved (unlisted)', got: 'explained by root.dns-public-unresolved' },
    ]);
  });

  it('two of one code: each expected entry is paired with the produced one its explains fits', () => {
    const other = { code: 'root.dns-public-unresolved', findings: [findingKey(ghcr)] };
    const expected = [
      { code: 'root.dns-public-unresolved', explains: ['ghcr.io:443'] },
      { code: 'root.dns-public-unresolved', explains: ['gcr.io:443', 'quay.io:443'] },
    ];
    const split = { code: 'root.dns-public-unresolved', findings: [gcr, quay].map(findingKey) };
    expect(compareRootCauses(expected, [split, other], findings)).toEqual([]);
  });

  it('a scenario without rootCauses does not compare them; a report without them produced none', () => {
    const report = { findings, rootCauses: [dns] };
    expect(compareScenarioRun({ expect: { 'host.clock': { status: 'fail', cause: 'clock.skew' }, 'runai.prereqs.gcr': { status: 'fail', cause: 'dns.nxdomain' }, 'quay.io:443': { status: 'fail', cause: 'dns.nxdomain' }, 'ghcr.io:443': { status: 'fail', cause: 'dns.nxdomain' } } }, report)).toEqual([]);
    const rows = compareScenarioRun({ expect: { 'pypi.org:443': { status: 'pass' } }, rootCauses: [{ code: 'root.clock-wrong' }] }, { findings: [pypi] });
    expect(rows).toEqual([{ about: 'root-cause', key: 'root.clock-wrong', target: 'root cause', rules: [], expected: 'root.clock-wrong', got: '(not produced)' }]);
  });

  it('the table shows root-cause rows with the findings\' rows', () => {
    const rows = compareScenarioRun({ expect: { 'pypi.org:443': { status: 'fail', cause: 'tcp.timeout' } }, rootCauses: [] }, { findings: [pypi], rootCauses: [clockCause] });
    const lines = formatMismatches('demo', rows).trimEnd().split('\n');
    expect(lines[0]).toBe('scenario demo: 2 findings or root causes differ from its expectations');
    expect(lines[2]).toMatch(/^ {2}pypi\.org:443 +x\.pypi +fail tcp\.timeout +pass$/);
    expect(lines[3]).toMatch(/^ {2}root cause +- +\(not expected\) +root\.clock-wrong \(1 finding\)$/);
  });
});
