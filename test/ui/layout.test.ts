import { describe, expect, it } from 'vitest';
import { orderFindings, nextFilter } from '../../src/ui/finding-order.js';
import { colorWanted, statusStyle, supportsUnicode } from '../../src/ui/status-style.js';
import { wrap as wrapText } from '../../src/text/index.js';
import { formatMs, truncate, windowStart } from '../../src/ui/text-layout.js';
import { finding, target } from './fixtures.js';

describe('status style', () => {
  it.each([
    ['pass', false, '✓', 'green'],
    ['fail', false, '✗', 'red'],
    ['fail', true, 'x', 'red'],
    ['warn', true, '!', 'yellow'],
    ['skip', true, '-', 'gray'],
    ['running', true, '*', 'cyan'],
  ] as const)('%s (ascii %s) is %s in %s', (status, ascii, symbol, color) => {
    expect(statusStyle(status, ascii)).toMatchObject({ symbol, color });
  });

  it('falls back to ASCII on the Linux console and non-UTF-8 locales; NO_COLOR and --no-color turn colour off', () => {
    expect(supportsUnicode({ TERM: 'xterm-256color', LANG: 'en_US.UTF-8' })).toBe(true);
    expect(supportsUnicode({ TERM: 'linux', LANG: 'en_US.UTF-8' })).toBe(false);
    expect(supportsUnicode({ TERM: 'xterm', LC_ALL: 'POSIX', LANG: 'en_US.UTF-8' })).toBe(false);
    expect(colorWanted({}, false)).toBe(true);
    expect(colorWanted({ NO_COLOR: '1' }, false)).toBe(false);
    expect(colorWanted({}, true)).toBe(false);
  });
});

describe('text layout', () => {
  it('wraps, truncates, formats durations and keeps a cursor inside its window', () => {
    expect(wrapText('aaa bbb ccc ddd', 10)).toEqual(['aaa bbb', 'ccc ddd']);
    expect(wrapText('x'.repeat(25), 10)).toEqual(['x'.repeat(10), 'x'.repeat(10), 'x'.repeat(5)]);
    expect(truncate('abcdefghij', 6)).toBe('abc...');
    expect([formatMs(12.4), formatMs(1400), formatMs(125_000)]).toEqual(['12ms', '1.4s', '2m05s']);
    expect(windowStart(0, 12, 10, 40)).toBe(3);
    expect(windowStart(5, 2, 10, 40)).toBe(2);
    expect(windowStart(35, 39, 10, 40)).toBe(30);
  });
});

describe('finding order', () => {
  it('puts failures first and filters by status', () => {
    const list = [finding(target('p.example'), 'pass'), finding(target('s.example'), 'skip', 'input.missing'), finding(target('f.example'), 'fail', 'tcp.refused'), finding(target('w.example'), 'warn', 'tls.intercepted')];
    expect(orderFindings(list).map((f) => f.status)).toEqual(['fail', 'warn', 'skip', 'pass']);
    expect(orderFindings(list, 'warn').map((f) => f.target.host)).toEqual(['w.example']);
    expect(nextFilter('pass')).toBe('all');
  });
});
