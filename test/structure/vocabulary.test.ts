import { describe, expect, it } from 'vitest';
import { importsBetween, inFolder } from './import-graph.js';

describe('the shared vocabulary', () => {
  it('one-engine 4: topology does not import catalog (products, roles, regions come from src/vocabulary)', () => {
    expect(importsBetween('topology', inFolder('catalog'))).toEqual([]);
  });

  it('one-engine 4: src/vocabulary imports neither catalog nor topology', () => {
    const either = (imported: string): boolean => inFolder('catalog')(imported) || inFolder('topology')(imported);
    expect(importsBetween('vocabulary', either)).toEqual([]);
  });
});
