import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { wrap } from '../../src/text/index.js';
import { REPO } from './import-graph.js';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? files(full) : /\.tsx?$/.test(name) ? [full] : [];
  });
}

describe('one word wrap', () => {
  it('one-engine 4: the only word-wrap function under src/ is src/text/wrap.ts', () => {
    const wrappers = files(join(REPO, 'src'))
      .filter((file) => /function\s+\w*wrap\w*\s*\(|const\s+\w*wrap\w*\s*=\s*\(/i.test(readFileSync(file, 'utf8')))
      .map((file) => relative(REPO, file));
    expect(wrappers).toEqual(['src/text/wrap.ts']);
  });

  it('one-engine 4: cuts a long word by default, keeps it whole for a listing; blank lines carry no indent', () => {
    expect(wrap(`see ${'x'.repeat(25)}`, 10)).toEqual(['see', 'x'.repeat(10), 'x'.repeat(10), 'x'.repeat(5)]);
    expect(wrap(`see ${'x'.repeat(25)}`, 10, { long: 'keep' })).toEqual(['see', 'x'.repeat(25)]);
    expect(wrap('one\n\ntwo\n', 20, '  ')).toEqual(['  one', '', '  two']);
  });
});
