import { describe, it } from 'vitest';
import { DNS_CASES } from './classify-cases-dns.js';
import { runCase } from './classify-fixtures.js';

describe('classify: dns', () => {
  it.each(DNS_CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    runCase(c);
  });
});
