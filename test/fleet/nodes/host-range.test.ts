import { describe, expect, it } from 'vitest';
import { expandHostRange, foldHostRange, HostRangeError, HOST_RANGE_LIMITS } from '../../../src/fleet/nodes/index.js';

function errorOf(run: () => unknown): HostRangeError {
  try {
    run();
  } catch (error: unknown) {
    if (error instanceof HostRangeError) return error;
    throw error;
  }
  throw new Error('expected a HostRangeError');
}

describe('fleet 1: host ranges (without nodeset)', () => {
  it('fleet 1: expands the issue example in nodeset order', () => {
    expect(expandHostRange('gpu[001-003,7],sys[1-2]')).toEqual(['gpu7', 'gpu001', 'gpu002', 'gpu003', 'sys1', 'sys2']);
    expect(expandHostRange('r[1-2]n[01-02]')).toEqual(['r1n01', 'r1n02', 'r2n01', 'r2n02']);
    expect(expandHostRange('n[1-9/2]')).toEqual(['n1', 'n3', 'n5', 'n7', 'n9']);
  });

  it('fleet 1: folds names for reports', () => {
    expect(foldHostRange(['gpu017', 'gpu018', 'gpu019'])).toBe('gpu[017-019]');
    expect(foldHostRange(['sys2', 'gpu001', 'sys1', 'gpu002', 'gpu004'])).toBe('gpu[001-002,004],sys[1-2]');
    expect(foldHostRange([])).toBe('');
  });

  // Each row: expression, 0-based position of the error, words of what was expected there.
  it.each([
    ['gpu[1-', 3, "']' closing"],
    ['gpu[3-1]', 4, 'start is not above its end'],
    ['gpu[001-3]', 4, 'same length'],
    ['gpu[1-4,x]', 8, 'inside [...]'],
    ['gpu[1,,3]', 6, 'empty part'],
    ['gpu[1-9/0]', 8, 'step of at least 1'],
    ['gpu[5/2]', 5, 'a step needs a range'],
    ['a,,b', 2, "after ','"],
    [',a', 0, "before ','"],
    ['a,', 2, "after ','"],
    ['r[1-2][1-2]', 6, "between ']' and '['"],
    ['gpu]', 3, 'closes none'],
    ['gpu[[1]]', 4, 'do not nest'],
    ['', 0, 'at least one node name'],
    ['   ', 0, 'at least one node name'],
  ])('fleet 1: %j is a HostRangeError at %i', (expression, position, expected) => {
    const error = errorOf(() => expandHostRange(expression));
    expect(error.expression).toBe(expression);
    expect(error.position).toBe(position);
    expect(error.expected).toContain(expected);
    expect(error.message).toContain(`at character ${position + 1}`);
  });

  // What nodeset accepts and netreq refuses on purpose: set operators, groups, wildcards, spaces
  // inside a name, negative indexes, a leading '-', characters no host name has.
  it.each([
    ['gpu[1-8]!gpu3', 8, 'set operator'],
    ['gpu[1-8]&gpu[2-3]', 8, 'set operator'],
    ['gpu1^gpu2', 4, 'set operator'],
    ['@gpus', 0, 'group'],
    ['gpu*', 3, 'wildcard'],
    ['gpu 1', 3, "','"],
    ['n[-1]', 2, 'never negative'],
    ['n[1-2-3]', 4, "after '-'"],
    ['-oProxyCommand=x', 0, "never starts with '-'"],
    ['a,-n1', 2, "never starts with '-'"],
    ['gpu;reboot', 3, '";"'],
    ['gpu$(id)', 3, '"$"'],
    ['gpu%s', 3, '"%"'],
    ['gpu/1', 3, 'step'],
    ['n[ 1-2]', 2, 'inside [...]'],
  ])('fleet 1: %j is refused at %i although nodeset may take it', (expression, position, expected) => {
    const error = errorOf(() => expandHostRange(expression));
    expect(error.position).toBe(position);
    expect(error.expected).toContain(expected);
  });

  it('fleet 1: is bounded: a huge range is an error before any name is made', () => {
    const huge = errorOf(() => expandHostRange('gpu[1-99999999]'));
    expect(huge.position).toBe(4);
    expect(huge.expected).toContain('99999999 names');
    expect(errorOf(() => expandHostRange('n[1-99999999999999999999999999]')).expected).toContain('over the limit');
    expect(errorOf(() => expandHostRange('r[1-1000]n[1-1000]')).expected).toContain(`${HOST_RANGE_LIMITS.names} names`);
    expect(errorOf(() => expandHostRange('a[1-6000],b[1-6000]')).position).toBe(12);
    expect(expandHostRange(`n[1-${HOST_RANGE_LIMITS.names}]`)).toHaveLength(HOST_RANGE_LIMITS.names);
    const long = `n${'1'.repeat(HOST_RANGE_LIMITS.characters)}`;
    expect(errorOf(() => expandHostRange(long)).expected).toContain('characters');
  });

  it('fleet 1: a long expression is shown around the error, on one line', () => {
    const expression = `${'gpu1,'.repeat(100)}gpu[9-1]`;
    const error = errorOf(() => expandHostRange(expression));
    expect(error.position).toBe(504);
    expect(error.message.length).toBeLessThan(200);
    expect(error.message).toContain('gpu[9-1]');
  });

  it('fleet 1: foldHostRange takes plain names only', () => {
    expect(errorOf(() => foldHostRange(['gpu1', 'gpu[2-3]'])).expression).toBe('gpu[2-3]');
    expect(errorOf(() => foldHostRange(['a,b'])).position).toBe(1);
    expect(errorOf(() => foldHostRange([''])).expected).toContain('one plain node name');
    expect(() => foldHostRange(Array.from({ length: HOST_RANGE_LIMITS.names + 1 }, (_, i) => `n${i}`))).toThrow(HostRangeError);
  });
});
