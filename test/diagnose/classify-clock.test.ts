import { describe, expect, it } from 'vitest';
import { describeSkew } from '../../src/diagnose/classify-clock.js';

describe('describeSkew', () => {
  it('one-engine 1: rounds to the last unit it shows (a server Date has whole seconds: 2 d 23 h 59 min 59 s is 3 d)', () => {
    expect(describeSkew(-(3 * 86_400 - 1))).toBe('3 d behind');
    expect(describeSkew(3 * 86_400 + 1)).toBe('3 d ahead of');
    expect(describeSkew(2 * 86_400 + 5 * 3_600 + 20 * 60)).toBe('2 d 5 h ahead of');
    expect(describeSkew(2 * 3_600 + 4 * 60 + 50)).toBe('2 h 5 min ahead of');
    expect(describeSkew(3_599)).toBe('1 h ahead of');
    expect(describeSkew(-125)).toBe('2 min behind');
    expect(describeSkew(42)).toBe('42 s ahead of');
  });
});
