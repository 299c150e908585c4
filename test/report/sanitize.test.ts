import { describe, expect, it } from 'vitest';
import { oneLine, redactCredentials, stripControl, wrapCommand } from '../../src/report/index.js';

describe('stripControl', () => {
  it.each([
    ['plain', 'hello', 'hello'],
    ['CSI colour', '\u001b[31mred\u001b[0m', 'red'],
    ['clear screen and cursor', 'a\u001b[2J\u001b[10;5Hb', 'ab'],
    ['OSC title with BEL', 'x\u001b]0;owned\u0007y', 'xy'],
    ['OSC hyperlink with ST', '\u001b]8;;http://evil\u001b\\link\u001b]8;;\u001b\\', 'link'],
    ['8-bit CSI', 'a\u009b31mb', 'ab'],
    ['C0 controls', 'a\u0000b\u0007c\u0008d', 'abcd'],
    ['DEL', 'a\u007fb', 'ab'],
    ['CR LF kept as a line break', 'a\r\nb\rc', 'a\nb\nc'],
    ['tab to space', 'a\tb', 'a b'],
    ['bidi override', 'abc\u202edcba', 'abcdcba'],
    ['unicode kept', 'Zürich ✓', 'Zürich ✓'],
  ])('%s', (_name, input, expected) => {
    expect(stripControl(input)).toBe(expected);
  });

  it('joins lines when asked', () => {
    expect(stripControl('a\nb', { newlines: false })).toBe('a b');
    expect(oneLine('  a \n\n b  ')).toBe('a b');
    expect(oneLine('x'.repeat(50), 10)).toHaveLength(10);
  });
});

describe('redactCredentials', () => {
  it.each([
    ['http://alice:s3cret@proxy:3128', 'http://alice:***@proxy:3128'],
    ['see https://tok3n@host/x and http://a:b@c', 'see https://***@host/x and http://a:***@c'],
    ['http://alice:***@proxy:3128', 'http://alice:***@proxy:3128'],
    ['http://proxy:3128', 'http://proxy:3128'],
    ['mail bob@example.com', 'mail bob@example.com'],
  ])('%s', (input, expected) => {
    expect(redactCredentials(input)).toBe(expected);
  });
});

describe('wrapCommand', () => {
  /** What the shell sees after joining backslash-newline continuations. */
  const join = (lines: string[]): string => lines.map((l) => l.trimStart()).join('\n').replace(/\\\n/g, '');

  it('keeps a short command on one line', () => {
    expect(wrapCommand('dig a.example.com A', 80, '    ')).toEqual(['    dig a.example.com A']);
  });

  it('breaks a long command so that the shell reads the same command', () => {
    const command = `nc -vz -w 10 ${'very-long-host-name.'.repeat(6)}example.com 443`;
    const lines = wrapCommand(command, 40, '    ');
    expect(lines.every((l) => l.length <= 40)).toBe(true);
    expect(join(lines)).toBe(command);
  });
});
