import { describe, expect, it } from 'vitest';
import { IMAGE_REF_MAX_LENGTH, imageRefText, manifestReference, readImageRef, type ImageRef } from '../../src/catalog/index.js';
import { BAD, DIGEST, GOOD } from './image-ref-cases.js';

describe('follow-the-pull 2: image references read as Docker and containerd read them', () => {
  it.each(GOOD)('follow-the-pull 2: reads %s', (text, expected) => {
    expect(readImageRef(text)).toEqual({ ref: expected });
  });

  it.each(BAD)('follow-the-pull 2: refuses %j and says what was expected', (text, message) => {
    const read = readImageRef(text);
    expect('problem' in read ? read.problem : 'accepted').toMatch(message);
  });

  it('follow-the-pull 2: refuses a reference longer than 512 characters before reading it, and takes one of 512', () => {
    const long = `quay.io/a:${'x'.repeat(IMAGE_REF_MAX_LENGTH)}`;
    const read = readImageRef(long);
    expect('problem' in read ? read.problem : '').toBe(`an image reference of ${long.length} characters; netreq reads at most 512`);
    // 512 characters are read (and this one refused for its path, longer than Docker's 255), not cut short.
    const atLimit = `quay.io/${'a'.repeat(IMAGE_REF_MAX_LENGTH - 8)}`;
    const limitRead = readImageRef(atLimit);
    expect('problem' in limitRead ? limitRead.problem : '').toMatch(/the repository path is 504 characters; expected at most 255/);
  });

  it('follow-the-pull 2: a pull asks for the digest, else the tag, else latest; the full text names the registry', () => {
    const read = (text: string): ImageRef => {
      const r = readImageRef(text);
      if ('problem' in r) throw new Error(r.problem);
      return r.ref;
    };
    expect(manifestReference(read('busybox'))).toBe('latest');
    expect(manifestReference(read('busybox:1.37'))).toBe('1.37');
    expect(manifestReference(read(`busybox:1.37@${DIGEST}`))).toBe(DIGEST);
    expect(imageRefText(read('busybox:1.37'))).toBe('registry-1.docker.io/library/busybox:1.37');
  });
});
