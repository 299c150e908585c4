import { describe, expect, it } from 'vitest';
import { mergeRecheck, recheckLine } from '../../src/ui/recheck-merge.js';
import { finding, target } from './fixtures.js';

const jfrog = target('runai.jfrog.io');
const gcr = target('gcr.io');
const quay = target('quay.io');
const pypi = target('pypi.org');

describe('mergeRecheck', () => {
  it('replaces each re-checked finding by target, keeps the rest, and puts failures first', () => {
    const before = [finding(pypi, 'pass'), finding(jfrog, 'fail', 'tcp.refused'), finding(gcr, 'warn', 'tls.intercepted'), finding(quay, 'fail', 'tcp.timeout')];
    const fresh = [finding(jfrog, 'pass'), finding(gcr, 'warn', 'tls.intercepted'), finding(quay, 'skip', 'check.time-limit')];
    const { findings, tally } = mergeRecheck(before, fresh);
    expect(findings.map((f) => [f.target.host, f.status, f.cause])).toEqual([
      ['quay.io', 'fail', 'tcp.timeout'],
      ['gcr.io', 'warn', 'tls.intercepted'],
      ['pypi.org', 'pass', undefined],
      ['runai.jfrog.io', 'pass', undefined],
    ]);
    expect(tally).toEqual({ fixed: 1, failing: 0, warning: 1, unchecked: 1 });
    expect(recheckLine(tally, false)).toBe('Re-check: 1 fixed, 1 with a warning, 1 not re-checked.');
  });

  it('matches by the whole target: the same host on another port or route is another target', () => {
    const direct = finding(jfrog, 'fail', 'tcp.refused');
    const otherPort = finding(target('runai.jfrog.io', 8443), 'pass');
    const viaProxy = finding({ ...jfrog, via: 'proxy', key: 'https://runai.jfrog.io:443/tcp via proxy' }, 'pass');
    const { findings, tally } = mergeRecheck([direct], [otherPort, viaProxy]);
    expect(findings).toEqual([direct]);
    expect(tally.unchecked).toBe(1);
  });
});
