import { describe, it } from 'vitest';
import { PROXY_CASES } from './classify-cases-proxy.js';
import { runCase } from './classify-fixtures.js';

describe('classify: proxy', () => {
  it.each(PROXY_CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    runCase(c);
  });
});
