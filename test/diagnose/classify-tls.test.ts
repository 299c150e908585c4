import { describe, it } from 'vitest';
import { TLS_CASES } from './classify-cases-tls.js';
import { runCase } from './classify-fixtures.js';

describe('classify: tls', () => {
  it.each(TLS_CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    runCase(c);
  });
});
